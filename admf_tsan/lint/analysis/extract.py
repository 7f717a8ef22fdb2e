"""Build the facts of one module from its source: one pass over the stdlib ``ast`` tree.

Why ``ast`` and not libcst here: on the CPython 3.11 standard library the C parser behind ``ast``
builds trees several times faster than libcst's, and the facts need no formatting detail (see
docs/lint-architecture.md for the measurements). libcst is used where exact source matters: the
``--fix`` rewriter.

The walk is iterative over expressions and recursive only over statement nesting, so long
expression chains cannot exhaust the stack; a file whose statements nest deeper than the
interpreter allows is reported as ADMF003 by the engine, never as a crash.

File rules (``FileRule`` subclasses) are dispatched from the same walk: a rule's
``visit_<NodeType>(node, ctx)`` method is called with this extractor as ``ctx``.
"""

from __future__ import annotations

import ast
import builtins
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from admf_tsan.lint.analysis.facts import (
    Acquisition,
    AwaitSite,
    CallSite,
    ClassFacts,
    DynamicCall,
    FunctionFacts,
    Held,
    ModuleFacts,
    Ref,
    ScheduledCallback,
    StateAccess,
    TypeRef,
)
from admf_tsan.lint.analysis.statefacts import (
    MUTATORS,
    collection_root,
    exits_block,
    guard_lines,
    lazy_check_subjects,
    prune_accesses,
    recheck_subjects,
    trylock_test,
)
from admf_tsan.lint.ftypes import Finding, Fix, Related

if TYPE_CHECKING:
    from admf_tsan.lint.rule import Visitor

BUILTIN_NAMES = frozenset(dir(builtins))
_NONE: TypeRef = ("none",)
_NOQA = re.compile(rb"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
_CODE = re.compile(r"[A-Z]+[0-9]+")
_LITERALS = (bool, int, float, type(None))
#: Functions whose unpaired ``release()`` ends a lock protocol begun by their caller.
_RELEASERS = ("__exit__", "__aexit__", "release", "_release", "unlock", "_unlock")
#: Methods that require the caller to hold the lock (Condition): evidence it is held on entry.
_NEEDS_OWNER = frozenset({"wait", "wait_for", "notify", "notify_all"})
_WRAPPERS = frozenset({"Optional", "Union", "Annotated"})
#: Calls that hand a function to someone who runs it later -> position of that function: loop
#: methods (the event-loop thread) and thread hand-offs (a worker thread). ``Thread(target=f)``
#: is recognised by its keyword.
_CALLBACK_TAKERS = {
    "call_soon": 0,
    "call_soon_threadsafe": 0,
    "call_later": 1,
    "call_at": 1,
    "submit": 0,
    "run_in_executor": 1,
    "to_thread": 0,
    "Thread": -1,
}
#: Builtins that never block, never run project code by themselves and hold no lock: calls to
#: them are not recorded (a quarter of all calls; keeping them would only slow the cache down).
_INERT_BUILTINS = frozenset(
    f"builtins.{name}"
    for name in (
        "abs all any ascii bin bool bytearray bytes callable chr dict dir divmod enumerate "
        "filter float format frozenset getattr hasattr hash hex id int isinstance issubclass "
        "iter len list map max min next object oct ord pow range repr reversed round set "
        "setattr slice sorted str sum tuple type vars zip"
    ).split()
)


@dataclass(slots=True)
class _Scope:
    """A function being walked."""

    qualname: str
    is_async: bool
    class_qualname: str | None
    self_name: str | None
    cls_name: str | None
    parent: _Scope | None
    node: ast.FunctionDef | ast.AsyncFunctionDef
    locals: dict[str, TypeRef | None] = field(default_factory=dict)
    local_defs: dict[str, str] = field(default_factory=dict)
    calls: list[CallSite] = field(default_factory=list)
    awaits: list[AwaitSite] = field(default_factory=list)
    acquisitions: list[Acquisition] = field(default_factory=list)
    held: tuple[Held, ...] = ()
    has_yield: bool = False
    finally_depth: int = 0
    # Shared-state facts for the lock rules (see statefacts.py).
    accesses: list[StateAccess] = field(default_factory=list)
    dynamic_calls: list[DynamicCall] = field(default_factory=list)
    scheduled: list[ScheduledCallback] = field(default_factory=list)
    origins: dict[str, tuple[str, ...]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    assumed: tuple[Held, ...] = ()  # locks the caller evidently holds (``cond.wait()`` unpaired)
    trylocks: dict[str, ast.expr] = field(default_factory=dict)  # ``ok = lock.acquire(False)``
    lazy_checks: list[tuple[tuple[str, str, str], int, int, tuple[Held, ...]]] = field(
        default_factory=list
    )


@dataclass(slots=True)
class _Class:
    qualname: str
    line: int
    bases: tuple[Ref, ...]
    methods: list[str] = field(default_factory=list)
    attributes: dict[str, TypeRef | None] = field(default_factory=dict)


def ref_extend(base: Ref, attr: str) -> Ref:
    """The reference to attribute ``attr`` of ``base``."""
    if base[0] == "g":
        return ("g", f"{base[1]}.{attr}")
    return (base[0], base[1], (*base[2], attr))


def noqa_lines(source: bytes) -> dict[int, frozenset[str] | None]:
    """Map each line carrying ``# noqa`` to the codes it names (``None`` for a bare ``# noqa``)."""
    found: dict[int, frozenset[str] | None] = {}
    if b"noqa" not in source and b"NOQA" not in source:
        return found
    for number, line in enumerate(source.splitlines(), start=1):
        if b"#" not in line:
            continue
        match = _NOQA.search(line)
        if match is None:
            continue
        codes = match.group("codes")
        found[number] = (
            None if codes is None else frozenset(_CODE.findall(codes.decode("ascii").upper()))
        )
    return found


class ModuleExtractor:
    """Walks one parsed module and collects its :class:`ModuleFacts`.

    Also the ``ctx`` that file rules receive: ``in_coroutine``, ``function_node``,
    :meth:`dotted`, :meth:`report`.
    """

    def __init__(
        self,
        path: str,
        module: str,
        is_package: bool,
        text: str,
        tree: ast.Module,
        visitors: dict[type[ast.AST], list[tuple[str, Visitor]]],
    ) -> None:
        self.path = path
        self.module = module
        self._package = module if is_package else module.rpartition(".")[0]
        self._text_lines: list[str] | None = None if text.isascii() else text.splitlines()
        #: The decoded source, for file rules whose fixes need the exact text (ADMF204).
        self.text = text
        self._tree = tree
        self._visitors = visitors
        self.symbols: dict[str, tuple[str, Any]] = {}
        self.star_imports: list[str] = []
        self.classes: list[_Class] = []
        self.functions: list[FunctionFacts] = []
        self.findings: list[Finding] = []
        self._scope: _Scope | None = None
        self._class: _Class | None = None
        self._awaited: set[int] = set()
        self._discarded: set[int] = set()
        self._current_code = ""
        self._pending_module_vars: list[ast.Assign | ast.AnnAssign] = []
        self._conflicting: set[str] = set()
        self._class_by_name: dict[str, _Class] = {}
        self.lock_aliases: dict[str, Ref] = {}
        self.guards: dict[str, str] = {}
        self._guard_lines = guard_lines(text)
        self._state_seen: set[int] = set()

    # --- public, for file rules --------------------------------------------------------------

    @property
    def in_coroutine(self) -> bool:
        """True when the node being visited runs directly in an ``async def`` body."""
        return self._scope is not None and self._scope.is_async

    @property
    def function_node(self) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The innermost function around the node being visited."""
        return None if self._scope is None else self._scope.node

    def dotted(self, node: ast.expr) -> str | None:
        """The absolute dotted name ``node`` denotes (import aliases expanded), if it has one."""
        ref = self.ref(node)
        return ref[1] if ref is not None and ref[0] == "g" else None

    def report(
        self,
        node: ast.AST,
        message: str,
        *,
        code: str | None = None,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        end: ast.AST | None = None,
    ) -> None:
        """Record a finding at ``node`` (up to the end of ``end``, default ``node``)."""
        line, column = self.position(node)
        end = node if end is None else end
        end_line = getattr(end, "end_lineno", None) or line
        end_col = getattr(end, "end_col_offset", None)
        end_column = column if end_col is None else self.column(end_line, end_col)
        self.findings.append(
            Finding(
                self.path,
                line,
                column,
                code or self._current_code,
                message,
                end_line,
                end_column,
                related,
                fix,
            )
        )

    def position(self, node: ast.AST) -> tuple[int, int]:
        """1-based line and character column of ``node``."""
        line: int = getattr(node, "lineno", 1)
        return line, self.column(line, getattr(node, "col_offset", 0))

    def column(self, line: int, byte_offset: int) -> int:
        """Convert an ``ast`` UTF-8 byte offset on ``line`` to a 1-based character column."""
        if self._text_lines is None or line > len(self._text_lines):
            return byte_offset + 1
        text = self._text_lines[line - 1]
        if text.isascii():
            return byte_offset + 1
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1

    # --- driver ------------------------------------------------------------------------------

    def run(self) -> None:
        """Walk the whole module; results are left in the public attributes."""
        self._collect_module_symbols(self._tree.body)
        self._statements(self._tree.body)

    def module_facts(self, noqa: dict[int, frozenset[str] | None]) -> ModuleFacts:
        classes = tuple(
            ClassFacts(c.qualname, c.line, c.bases, tuple(c.methods), c.attributes)
            for c in self.classes
        )
        takes_locks = any(fn.acquisitions for fn in self.functions)
        functions = prune_accesses(self.functions, takes_locks, self.guards)
        return ModuleFacts(
            self.path,
            self.module,
            self.symbols,
            tuple(self.star_imports),
            classes,
            tuple(functions),
            tuple(self.findings),
            noqa,
            self.lock_aliases,
            self.guards,
        )

    # --- module symbols (a pre-pass, so functions may use names defined further down) --------

    def _collect_module_symbols(self, body: Iterable[ast.stmt]) -> None:
        for stmt in body:
            t = type(stmt)
            if t is ast.FunctionDef or t is ast.AsyncFunctionDef or t is ast.ClassDef:
                kind = "class" if t is ast.ClassDef else "def"
                self.symbols[stmt.name] = (kind, f"{self.module}.{stmt.name}")  # type: ignore[attr-defined]
            elif t is ast.Import or t is ast.ImportFrom:
                for name, target in self._import_bindings(stmt):  # type: ignore[arg-type]
                    if name == "*":
                        self.star_imports.append(target)
                    else:
                        self.symbols[name] = ("import", target)
            elif t is ast.Assign:
                for target in stmt.targets:  # type: ignore[attr-defined]
                    if type(target) is ast.Name:
                        self.symbols[target.id] = ("var", None)
                self._pending_module_vars.append(stmt)  # type: ignore[arg-type]
            elif t is ast.AnnAssign and type(stmt.target) is ast.Name:  # type: ignore[attr-defined]
                self.symbols[stmt.target.id] = ("var", None)  # type: ignore[attr-defined]
                self._pending_module_vars.append(stmt)  # type: ignore[arg-type]
            elif t is ast.If or t is ast.Try or t is ast.TryStar:
                self._collect_module_symbols(stmt.body)  # type: ignore[attr-defined]
                self._collect_module_symbols(stmt.orelse)  # type: ignore[attr-defined]
                for handler in getattr(stmt, "handlers", ()):
                    self._collect_module_symbols(handler.body)
                self._collect_module_symbols(getattr(stmt, "finalbody", ()))
        # Types of module variables are computed once every name is known.
        if body is self._tree.body:
            for stmt in self._pending_module_vars:
                self._module_var_types(stmt)

    def _module_var_types(self, stmt: ast.Assign | ast.AnnAssign) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        typeref = None
        if isinstance(stmt, ast.AnnAssign):
            annotated = self._annotation_ref(stmt.annotation)
            typeref = ("annot", annotated) if annotated is not None else None
        if typeref is None and stmt.value is not None:
            typeref = self.typeref(stmt.value)
        for target in targets:
            if type(target) is ast.Name:
                self._lock_declarations(f"{self.module}.{target.id}", stmt, stmt.value)
                previous = self.symbols.get(target.id)
                if previous is not None and previous[0] == "var":
                    if typeref is _NONE:
                        continue
                    if previous[1] is not None and previous[1] != typeref:
                        self.symbols[target.id] = ("var", None)
                        self._conflicting.add(target.id)
                        continue
                    if target.id not in self._conflicting:
                        self.symbols[target.id] = ("var", typeref)

    def _import_bindings(self, stmt: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
        bindings = []
        if type(stmt) is ast.Import:
            for alias in stmt.names:
                if alias.asname:
                    bindings.append((alias.asname, alias.name))
                else:
                    top = alias.name.partition(".")[0]
                    bindings.append((top, top))
            return bindings
        assert type(stmt) is ast.ImportFrom
        base = stmt.module or ""
        if stmt.level:
            package = self._package
            for _ in range(stmt.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base and package else (base or package)
        for alias in stmt.names:
            if alias.name == "*":
                bindings.append(("*", base))
            else:
                bindings.append((alias.asname or alias.name, f"{base}.{alias.name}"))
        return bindings

    # --- references ----------------------------------------------------------------------------

    def ref(self, node: ast.expr) -> Ref | None:
        """The symbolic reference ``node`` denotes, or ``None`` when it cannot be named."""
        t = type(node)
        if t is ast.Name:
            return self._name_ref(node.id)  # type: ignore[attr-defined]
        if t is ast.Attribute:
            base = self.ref(node.value)  # type: ignore[attr-defined]
            return None if base is None else ref_extend(base, node.attr)  # type: ignore[attr-defined]
        if t is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is ast.Name and func.id == "super" and not node.args:  # type: ignore[attr-defined]
                scope = self._scope
                if (
                    scope is not None
                    and scope.class_qualname
                    and self._name_ref("super")
                    == (
                        "g",
                        "builtins.super",
                    )
                ):
                    return ("super", scope.class_qualname, ())
                return None
            callee = self.ref(func)
            return None if callee is None else ("val", ("call", callee), ())
        return None

    def _name_ref(self, name: str) -> Ref | None:
        scope = self._scope
        while scope is not None:
            if name in scope.locals:
                typeref = scope.locals[name]
                if typeref is None or typeref is _NONE:
                    return None
                if typeref[0] == "ref":
                    return typeref[1]  # type: ignore[no-any-return]
                return ("val", typeref, ())
            if name in scope.local_defs:
                return ("g", scope.local_defs[name])
            if name == scope.self_name and scope.class_qualname:
                return ("self", scope.class_qualname, ())
            if name == scope.cls_name and scope.class_qualname:
                return ("cls", scope.class_qualname, ())
            scope = scope.parent
        symbol = self.symbols.get(name)
        if symbol is not None:
            kind, payload = symbol
            if kind == "import":
                return ("g", payload)
            return ("g", f"{self.module}.{name}")
        if name in BUILTIN_NAMES:
            return ("g", f"builtins.{name}")
        if self.star_imports:
            return ("g", f"{self.module}.{name}")
        return None

    def typeref(self, value: ast.expr) -> TypeRef | None:
        """Where the value of ``value`` comes from, as a TypeRef (``None``: unknown)."""
        t = type(value)
        if t is ast.Call:
            callee = self.ref(value.func)  # type: ignore[attr-defined]
            return None if callee is None else ("call", callee)
        if t is ast.Name or t is ast.Attribute:
            ref = self.ref(value)
            return None if ref is None else ("ref", ref)
        if t is ast.Constant and value.value is None:  # type: ignore[attr-defined]
            return _NONE
        return None

    def _annotation_ref(self, annotation: ast.expr | None) -> Ref | None:
        if annotation is None:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    annotation = ast.parse(annotation.value, mode="eval").body
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
        t = type(annotation)
        if isinstance(annotation, ast.BinOp) and type(annotation.op) is ast.BitOr:
            left, right = annotation.left, annotation.right
            if type(right) is ast.Constant and right.value is None:
                return self._annotation_ref(left)
            if type(left) is ast.Constant and left.value is None:
                return self._annotation_ref(right)
            return None
        if isinstance(annotation, ast.Subscript):
            outer = self.dotted(annotation.value)
            inner = annotation.slice
            if outer is None:
                return None
            name = outer.rpartition(".")[2]
            if outer.startswith(("typing.", "typing_extensions.")) and name in _WRAPPERS:
                options = inner.elts if isinstance(inner, ast.Tuple) else [inner]
                if name == "Annotated":
                    options = options[:1]
                real = [o for o in options if not (type(o) is ast.Constant and o.value is None)]
                return self._annotation_ref(real[0]) if len(real) == 1 else None
            # A generic class (``queue.Queue[int]``) is the class itself.
            return self.ref(annotation.value)
        if t is ast.Name or t is ast.Attribute:
            return self.ref(annotation)
        return None

    # --- statements ------------------------------------------------------------------------------

    def _dispatch(self, node: ast.AST) -> None:
        handlers = self._visitors.get(type(node))
        if handlers:
            for code, visit in handlers:
                self._current_code = code
                visit(node, self)

    def _statements(self, body: list[ast.stmt]) -> None:
        scope = self._scope
        mark = len(scope.lazy_checks) if scope is not None else 0
        for stmt in body:
            self._statement(stmt)
        if scope is not None and len(scope.lazy_checks) > mark:
            del scope.lazy_checks[mark:]  # guard clauses (``if x is not None: return``) end here

    def _statement(self, stmt: ast.stmt) -> None:  # noqa: C901 - one dispatch over statement kinds
        if self._visitors:
            self._dispatch(stmt)
        t = type(stmt)
        scope = self._scope
        if t is ast.Expr:
            value = stmt.value  # type: ignore[attr-defined]
            if type(value) is ast.Call:
                self._discarded.add(id(value))
            self._expr(value)
        elif t is ast.Assign:
            value = stmt.value  # type: ignore[attr-defined]
            targets = stmt.targets  # type: ignore[attr-defined]
            if (
                type(value) is ast.Call
                and len(targets) == 1
                and type(targets[0]) is ast.Name
                and targets[0].id == "_"
            ):
                # ``_ = f()`` throws the result away as surely as a bare ``f()`` does.
                self._discarded.add(id(value))
            self._expr(stmt.value)  # type: ignore[attr-defined]
            for target in stmt.targets:  # type: ignore[attr-defined]
                self._assign(target, stmt.value)  # type: ignore[attr-defined]
        elif t is ast.AnnAssign:
            if stmt.value is not None:  # type: ignore[attr-defined]
                self._expr(stmt.value)  # type: ignore[attr-defined]
            self._assign(stmt.target, stmt.value, stmt.annotation)  # type: ignore[attr-defined]
        elif t is ast.AugAssign:
            self._expr(stmt.value)  # type: ignore[attr-defined]
            self._expr(stmt.target)  # type: ignore[attr-defined]
        elif t is ast.FunctionDef or t is ast.AsyncFunctionDef:
            self._function(stmt)  # type: ignore[arg-type]
        elif t is ast.ClassDef:
            self._classdef(stmt)  # type: ignore[arg-type]
        elif t is ast.Return or t is ast.Delete:
            for child in ast.iter_child_nodes(stmt):
                self._expr(child)  # type: ignore[arg-type]
        elif t is ast.If and scope is not None:
            self._if(stmt, scope)  # type: ignore[arg-type]
        elif t is ast.If or t is ast.While:
            self._expr(stmt.test)  # type: ignore[attr-defined]
            self._statements(stmt.body)  # type: ignore[attr-defined]
            self._statements(stmt.orelse)  # type: ignore[attr-defined]
        elif t is ast.For or t is ast.AsyncFor:
            self._expr(stmt.iter)  # type: ignore[attr-defined]
            if t is ast.AsyncFor:
                self._await_site(stmt)
            self._assign(stmt.target, None)  # type: ignore[attr-defined]
            if scope is not None:
                self._set_origin(stmt.target, stmt.iter)  # type: ignore[attr-defined]
            self._statements(stmt.body)  # type: ignore[attr-defined]
            self._statements(stmt.orelse)  # type: ignore[attr-defined]
        elif t is ast.With or t is ast.AsyncWith:
            self._with(stmt)  # type: ignore[arg-type]
        elif t is ast.Try or t is ast.TryStar:
            self._statements(stmt.body)  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                if handler.type is not None:
                    self._expr(handler.type)
                if handler.name and scope is not None:
                    scope.locals[handler.name] = None
                self._statements(handler.body)
            self._statements(stmt.orelse)  # type: ignore[attr-defined]
            if scope is not None:
                scope.finally_depth += 1
                self._statements(stmt.finalbody)  # type: ignore[attr-defined]
                scope.finally_depth -= 1
            else:
                self._statements(stmt.finalbody)  # type: ignore[attr-defined]
        elif t is ast.Match:
            self._expr(stmt.subject)  # type: ignore[attr-defined]
            for case in stmt.cases:  # type: ignore[attr-defined]
                if case.guard is not None:
                    self._expr(case.guard)
                self._statements(case.body)
        elif t is ast.Raise or t is ast.Assert:
            for child in ast.iter_child_nodes(stmt):
                self._expr(child)  # type: ignore[arg-type]
        elif t is ast.Import or t is ast.ImportFrom:
            if scope is not None:
                for name, target in self._import_bindings(stmt):  # type: ignore[arg-type]
                    if name != "*":
                        scope.locals[name] = ("ref", ("g", target))
        elif t is ast.Global:
            if scope is not None:
                scope.globals.update(stmt.names)  # type: ignore[attr-defined]
        # Pass, Break, Continue, Nonlocal: nothing to record.

    def _assign(
        self, target: ast.expr, value: ast.expr | None, annotation: ast.expr | None = None
    ) -> None:
        scope = self._scope
        t = type(target)
        typeref: TypeRef | None = None
        if annotation is not None:
            annotated = self._annotation_ref(annotation)
            typeref = ("annot", annotated) if annotated is not None else None
        if typeref is None and value is not None:
            typeref = self.typeref(value)
        if t is ast.Name:
            if scope is not None:
                if target.id in scope.globals:  # type: ignore[attr-defined]
                    self._access(("g", self.module, target.id), "write", target)  # type: ignore[attr-defined]
                # Flow-sensitive in walk order: the last assignment before a use wins.
                scope.locals[target.id] = typeref  # type: ignore[attr-defined]
                self._set_origin(target, value)
                if type(value) is ast.Call and type(value.func) is ast.Attribute:
                    if value.func.attr == "acquire":
                        scope.trylocks[target.id] = value.func.value  # type: ignore[attr-defined]
                    else:
                        scope.trylocks.pop(target.id, None)  # type: ignore[attr-defined]
                else:
                    scope.trylocks.pop(target.id, None)  # type: ignore[attr-defined]
            elif self._class is not None:
                self._class_attribute(self._class, target.id, typeref)  # type: ignore[attr-defined]
                key = f"{self._class.qualname}.{target.id}"  # type: ignore[attr-defined]
                self._lock_declarations(key, target, value)
        elif t is ast.Attribute:
            owner = target.value  # type: ignore[attr-defined]
            if (
                scope is not None
                and type(owner) is ast.Name
                and owner.id == scope.self_name
                and scope.class_qualname is not None
            ):
                cls = self._class_by_name.get(scope.class_qualname)
                if cls is not None:
                    self._class_attribute(cls, target.attr, typeref)  # type: ignore[attr-defined]
                    key = f"{cls.qualname}.{target.attr}"  # type: ignore[attr-defined]
                    self._lock_declarations(key, target, value)
            if scope is not None and type(owner) is ast.Name:
                root = self._state_root(owner.id)
                if root is not None:
                    self._access((*root, target.attr), "write", target)  # type: ignore[attr-defined]
            self._expr(owner)
        elif t is ast.Tuple or t is ast.List:
            for element in target.elts:  # type: ignore[attr-defined]
                self._assign(element, None)
        elif t is ast.Starred:
            self._assign(target.value, None)  # type: ignore[attr-defined]
        else:
            self._expr(target)

    def _if(self, stmt: ast.If, scope: _Scope) -> None:
        """An ``if`` in a function: lazy-init tests, guard clauses, ``if lock.acquire(False)``."""
        self._expr(stmt.test)
        pushed = self._push_lazy_checks(stmt.test, lazy_check_subjects(stmt.test))
        saved = scope.held
        trylock = trylock_test(stmt.test, scope.trylocks)
        taken: Held | None = None
        if trylock is not None:
            lock = self.ref(trylock[0])
            if lock is not None:
                taken = (lock, *self.position(trylock[0]))
        if taken is not None and not trylock[1]:  # type: ignore[index]
            scope.held = (*saved, taken)
        self._statements(stmt.body)
        scope.held = saved
        if pushed:
            del scope.lazy_checks[-pushed:]
        exits = exits_block(stmt.body)
        if taken is not None and trylock[1]:  # type: ignore[index]
            scope.held = (*saved, taken)  # ``if not lock.acquire(False): ...`` else-path holds it
        self._statements(stmt.orelse)
        if not (taken is not None and trylock[1] and exits):  # type: ignore[index]
            scope.held = saved
        if exits and not stmt.orelse:
            # ``if x is not None: return x`` re-checks ``x`` for the rest of the block.
            self._push_lazy_checks(stmt.test, recheck_subjects(stmt.test))

    # --- shared-state facts for the lock rules ------------------------------------------------

    def _state_root(self, name: str) -> tuple[str, str] | None:
        """``("self" | "cls", class)`` when ``name`` is the instance or class of a method."""
        scope = self._scope
        while scope is not None:
            if name in scope.locals or name in scope.local_defs:
                return None
            if name == scope.self_name and scope.class_qualname:
                return ("self", scope.class_qualname)
            if name == scope.cls_name and scope.class_qualname:
                return ("cls", scope.class_qualname)
            scope = scope.parent
        return None

    def _state_target(self, node: ast.expr) -> tuple[str, str, str] | None:
        """The shared state ``node`` names: ``self.x``, ``cls.x`` or a module variable."""
        t = type(node)
        if t is ast.Attribute:
            value = node.value  # type: ignore[attr-defined]
            if type(value) is ast.Name:
                root = self._state_root(value.id)
                if root is not None:
                    return (*root, node.attr)  # type: ignore[attr-defined]
            return None
        if t is ast.Name:
            scope = self._scope
            name = node.id  # type: ignore[attr-defined]
            if scope is not None and name in scope.globals:
                return ("g", self.module, name)
            while scope is not None:
                if name in scope.locals or name in scope.local_defs:
                    return None
                scope = scope.parent
            symbol = self.symbols.get(name)
            if symbol is not None and symbol[0] == "var":
                return ("g", self.module, name)
        return None

    def _access(self, target: tuple[str, str, str], kind: str, node: ast.AST) -> None:
        scope = self._scope
        if scope is None:
            return
        line, column = self.position(node)
        check = None
        if kind != "read":
            for checked, check_line, check_column, check_held in reversed(scope.lazy_checks):
                if checked == target:
                    check = (check_line, check_column, check_held)
                    break
        held = (*scope.held, *scope.assumed) if scope.assumed else scope.held
        scope.accesses.append(StateAccess(target, kind, line, column, held, check))

    def _push_lazy_checks(self, test: ast.expr, subjects: list[ast.expr]) -> int:
        scope = self._scope
        if scope is None:
            return 0
        pushed = 0
        for subject in subjects:
            target = self._state_target(subject)
            if target is not None:
                line, column = self.position(subject)
                scope.lazy_checks.append((target, line, column, scope.held))
                pushed += 1
                # The test's read of ``target`` is a check, not a use of the value.
                for index in range(len(scope.accesses) - 1, -1, -1):
                    access = scope.accesses[index]
                    if access.line == line and access.column == column:
                        if access.target == target and access.kind == "read":
                            scope.accesses[index] = replace(access, kind="check")
                        break
        return pushed

    def _origin(self, value: ast.expr | None) -> tuple[str, ...] | None:
        """Where a collection or callable value comes from, for calls of unknown code."""
        if value is None:
            return None
        root = collection_root(value)
        if type(root) is ast.Name:
            scope = self._scope
            if scope is not None and root.id in scope.origins:
                return scope.origins[root.id]
        return self._state_target(root)

    def _set_origin(self, target: ast.expr, value: ast.expr | None) -> None:
        scope = self._scope
        if scope is None:
            return
        origin = self._origin(value)
        names = [target] if type(target) is ast.Name else []
        if type(target) is ast.Tuple or type(target) is ast.List:
            names = [e for e in target.elts if type(e) is ast.Name]
        for name in names:
            if origin is None:
                scope.origins.pop(name.id, None)
            else:
                scope.origins[name.id] = origin

    _CONDITIONS = frozenset({"threading.Condition", "multiprocessing.Condition"})

    def _lock_declarations(self, key: str, target: ast.AST, value: ast.expr | None) -> None:
        """Record a ``# guarded_by`` comment on ``target``'s line, and Condition(lock) aliases."""
        lines = self._guard_lines
        if lines:
            for number in (getattr(target, "lineno", 0), getattr(target, "end_lineno", 0)):
                if number in lines:
                    self.guards[key] = lines[number]
                    break
        if type(value) is ast.Call and self.dotted(value.func) in self._CONDITIONS:
            lock = value.args[0] if value.args else None
            for keyword in value.keywords:
                if keyword.arg == "lock":
                    lock = keyword.value
            if lock is not None:
                ref = self.ref(lock)
                if ref is not None:
                    self.lock_aliases[key] = ref

    @staticmethod
    def _class_attribute(cls: _Class, name: str, typeref: TypeRef | None) -> None:
        if typeref is _NONE:
            cls.attributes.setdefault(name, _NONE)
            return
        previous = cls.attributes.get(name, _NONE)
        if previous is _NONE:
            cls.attributes[name] = typeref
        elif previous != typeref:
            cls.attributes[name] = None

    def _with(self, stmt: ast.With | ast.AsyncWith) -> None:
        scope = self._scope
        is_async = type(stmt) is ast.AsyncWith
        saved = scope.held if scope is not None else ()
        for item in stmt.items:
            expr = item.context_expr
            self._expr(expr)
            if item.optional_vars is not None:
                if type(expr) is ast.Call:
                    self._assign(item.optional_vars, expr)
                else:
                    self._assign(item.optional_vars, None)
            if scope is None:
                continue
            if is_async:
                self._await_site(stmt)
            elif type(expr) is ast.Name or type(expr) is ast.Attribute:
                lock = self.ref(expr)
                if lock is not None:
                    line, column = self.position(expr)
                    scope.acquisitions.append(
                        Acquisition(lock, "with", line, column, scope.held, False, True)
                    )
                    scope.held = (*scope.held, (lock, line, column))
        self._statements(stmt.body)
        if scope is not None:
            scope.held = saved

    def _await_site(self, node: ast.AST) -> None:
        scope = self._scope
        if scope is not None:
            line, column = self.position(node)
            scope.awaits.append(AwaitSite(line, column, scope.held))

    # --- definitions -----------------------------------------------------------------------------

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        parent = self._scope
        cls = self._class
        for decorator in node.decorator_list:
            self._expr(decorator)
        arguments = node.args
        for default in (*arguments.defaults, *arguments.kw_defaults):
            if default is not None:
                self._expr(default)
        if parent is not None:
            qualname = f"{parent.qualname}.<locals>.{node.name}"
            parent.local_defs[node.name] = qualname
            parent.locals.pop(node.name, None)
        elif cls is not None:
            qualname = f"{cls.qualname}.{node.name}"
            cls.methods.append(node.name)
        else:
            qualname = f"{self.module}.{node.name}"
        decorators = {self._decorator_name(d) for d in node.decorator_list}
        positional = [*arguments.posonlyargs, *arguments.args]
        self_name = cls_name = None
        class_qualname = cls.qualname if cls is not None else None
        if cls is not None and positional and "staticmethod" not in decorators:
            if "classmethod" in decorators:
                cls_name = positional[0].arg
            else:
                self_name = positional[0].arg
        elif parent is not None:
            class_qualname = parent.class_qualname
        scope = _Scope(
            qualname,
            type(node) is ast.AsyncFunctionDef,
            class_qualname,
            self_name,
            cls_name,
            parent,
            node,
        )
        all_args = [*positional, *arguments.kwonlyargs]
        if arguments.vararg is not None:
            all_args.append(arguments.vararg)
        if arguments.kwarg is not None:
            all_args.append(arguments.kwarg)
        # A parameter defaulting to a function (``_waitpid=os.waitpid``) is a bound helper, not
        # a callback: only parameters without a default (or defaulting to None) are callbacks.
        defaults: dict[ast.arg, ast.expr | None] = dict(
            zip(reversed(positional), reversed(arguments.defaults), strict=False)
        )
        defaults.update(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
        for arg in all_args:
            if arg.arg in (self_name, cls_name):
                continue
            annotated = self._annotation_ref(arg.annotation)
            scope.locals[arg.arg] = ("annot", annotated) if annotated is not None else None
            default = defaults.get(arg)
            if default is None or (type(default) is ast.Constant and default.value is None):
                scope.origins[arg.arg] = ("param", arg.arg)
        saved_class = self._class
        self._class = None
        self._scope = scope
        try:
            self._statements(node.body)
        finally:
            self._scope = parent
            self._class = saved_class
        self.functions.append(
            FunctionFacts(
                qualname,
                node.name,
                node.lineno,
                self.column(node.lineno, node.col_offset),
                scope.is_async,
                scope.has_yield,
                class_qualname if (self_name or cls_name) else None,
                tuple(scope.calls),
                tuple(scope.awaits),
                tuple(scope.acquisitions),
                tuple(scope.accesses),
                tuple(scope.dynamic_calls),
                tuple(scope.scheduled),
            )
        )

    @staticmethod
    def _decorator_name(node: ast.expr) -> str:
        if type(node) is ast.Name:
            return node.id
        if type(node) is ast.Attribute:
            return node.attr
        return ""

    def _classdef(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self._expr(decorator)
        for base in node.bases:
            self._expr(base)
        parent = self._scope
        if parent is not None:
            qualname = f"{parent.qualname}.<locals>.{node.name}"
            parent.local_defs[node.name] = qualname
        elif self._class is not None:
            qualname = f"{self._class.qualname}.{node.name}"
        else:
            qualname = f"{self.module}.{node.name}"
        bases = tuple(ref for ref in map(self.ref, node.bases) if ref is not None)
        cls = _Class(qualname, node.lineno, bases)
        self.classes.append(cls)
        self._class_by_name[qualname] = cls
        saved_scope, saved_class = self._scope, self._class
        # A class body does not see the names of enclosing functions' scopes for ``self``.
        self._scope, self._class = None, cls
        try:
            self._statements(node.body)
        finally:
            self._scope, self._class = saved_scope, saved_class

    # --- expressions (iterative) -----------------------------------------------------------------

    def _expr(self, root: ast.expr) -> None:
        stack: list[ast.AST] = [root]
        visitors = self._visitors
        while stack:
            node = stack.pop()
            t = type(node)
            if visitors and t in visitors:
                self._dispatch(node)
            if t is ast.Call:
                self._call(node)  # type: ignore[arg-type]
            elif t is ast.Await:
                value = node.value  # type: ignore[attr-defined]
                self._awaited.add(id(value))
                self._await_site(node)
            elif t is ast.Lambda:
                # The body runs later, elsewhere (often in an executor): not part of this scope.
                args = node.args  # type: ignore[attr-defined]
                stack.extend(d for d in (*args.defaults, *args.kw_defaults) if d is not None)
                continue
            elif t is ast.Yield or t is ast.YieldFrom:
                if self._scope is not None:
                    self._scope.has_yield = True
            elif t is ast.NamedExpr:
                self._assign(node.target, node.value)  # type: ignore[attr-defined]
                stack.append(node.value)  # type: ignore[attr-defined]
                continue
            elif t is ast.Name:
                if self._scope is not None and node.id in self.symbols:  # type: ignore[attr-defined]
                    self._state_use(node)  # type: ignore[arg-type]
                continue
            elif t is ast.Constant:
                continue
            elif t is ast.Attribute:
                if self._scope is not None and type(node.value) is ast.Name:  # type: ignore[attr-defined]
                    self._state_use(node)  # type: ignore[arg-type]
            elif t is ast.Subscript:
                if self._scope is not None and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                    self._state_use(node.value, "mutate")  # type: ignore[attr-defined]
            stack.extend(ast.iter_child_nodes(node))

    def _state_use(self, node: ast.expr, kind: str | None = None) -> None:
        """Record a read, write or mutation of shared state named by ``node``, once per node."""
        if id(node) in self._state_seen:
            return
        target = self._state_target(node)
        if target is None:
            return
        self._state_seen.add(id(node))
        if kind is None:
            ctx = type(node.ctx)  # type: ignore[attr-defined]
            kind = "read" if ctx is ast.Load else "write"
        self._access(target, kind, node)

    def _call(self, node: ast.Call) -> None:
        scope = self._scope
        if scope is None:
            return
        func = node.func
        tf = type(func)
        taker = (
            func.attr  # type: ignore[attr-defined]
            if tf is ast.Attribute
            else func.id  # type: ignore[attr-defined]
            if tf is ast.Name
            else None
        )
        if taker is not None and taker in _CALLBACK_TAKERS:
            self._scheduled(scope, node, taker)
        if tf is ast.Attribute and func.attr in MUTATORS:  # type: ignore[attr-defined]
            self._state_use(func.value, "mutate")  # type: ignore[attr-defined]
        elif (tf is ast.Name and func.id in scope.origins) or tf is ast.Subscript:  # type: ignore[attr-defined]
            origin = self._origin(func)
            if origin is not None:
                line, column = self.position(node)
                scope.dynamic_calls.append(DynamicCall(origin, line, column, scope.held))
        callee = self.ref(func)
        discarded = id(node) in self._discarded
        if callee is None:
            return
        if callee[0] == "g" and callee[1] in _INERT_BUILTINS:
            return
        line, column = self.position(node)
        end_line = node.end_lineno or line
        end_column = self.column(end_line, node.end_col_offset or 0)
        func_end_line = func.end_lineno or line
        func_end_column = self.column(func_end_line, func.end_col_offset or 0)
        constants: list[tuple[int | str, Any]] = []
        for position, arg in enumerate(node.args):
            if type(arg) is ast.Constant and isinstance(arg.value, _LITERALS):
                constants.append((position, arg.value))
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg and type(value) is ast.Constant and isinstance(value.value, _LITERALS):
                constants.append((keyword.arg, value.value))
        scope.calls.append(
            CallSite(
                callee,
                line,
                column,
                end_line,
                end_column,
                func_end_line,
                func_end_column,
                id(node) in self._awaited,
                discarded,
                scope.held,
                tuple(constants),
            )
        )
        if discarded and type(func) is ast.Attribute and func.attr in ("acquire", "release"):
            self._entry_held_evidence(scope, func, line, column)
            self._explicit_lock_call(scope, func, line, column, acquire=func.attr == "acquire")
        elif discarded and type(func) is ast.Attribute and func.attr in _NEEDS_OWNER:
            self._entry_held_evidence(scope, func, line, column)

    def _entry_held_evidence(
        self, scope: _Scope, func: ast.Attribute, line: int, column: int
    ) -> None:
        """``lock.release()`` / ``cond.wait()`` with no ``acquire`` before it in this function: the
        caller holds the lock (``__exit__``, ``release_for``), so the shared-state accesses made
        so far (and, for waits and notifies, those after) were made under it."""
        if func.attr == "acquire":
            return
        if func.attr == "release" and not scope.node.name.startswith(_RELEASERS):
            return  # elsewhere an unpaired release is a lock used as a signal, not evidence
        lock = self.ref(func.value)
        if lock is None or any(held[0] == lock for held in scope.held):
            return
        if any(taken.lock == lock for taken in scope.acquisitions):
            return
        entry: Held = (lock, line, column)
        scope.accesses = [
            replace(a, held=(*a.held, entry)) if entry not in a.held else a for a in scope.accesses
        ]
        if func.attr != "release" and entry not in scope.assumed:
            scope.assumed = (*scope.assumed, entry)

    def _scheduled(self, scope: _Scope, node: ast.Call, taker: str) -> None:
        position = _CALLBACK_TAKERS[taker]
        if position < 0:
            targets = [k.value for k in node.keywords if k.arg == "target"]
            if len(node.args) > 1:
                targets.append(node.args[1])
            if not targets:
                return
            handed = targets[0]
        elif len(node.args) <= position:
            return
        else:
            handed = node.args[position]
        # ``lambda: f(x)`` and ``functools.partial(f, x)`` run ``f`` there as well.
        if type(handed) is ast.Lambda and type(handed.body) is ast.Call:
            handed = handed.body.func
        elif (
            type(handed) is ast.Call
            and handed.args
            and self.dotted(handed.func) == "functools.partial"
        ):
            handed = handed.args[0]
        if type(handed) is not ast.Name and type(handed) is not ast.Attribute:
            return
        callback = self.ref(handed)
        if callback is not None:
            line, column = self.position(node)
            func = node.func
            receiver = self.ref(func.value) if type(func) is ast.Attribute else None
            scope.scheduled.append(
                ScheduledCallback(callback, taker, receiver, line, column, self.ref(func))
            )

    def _explicit_lock_call(
        self, scope: _Scope, func: ast.Attribute, line: int, column: int, *, acquire: bool
    ) -> None:
        lock = self.ref(func.value)
        if lock is None:
            return
        if acquire:
            scope.acquisitions.append(
                Acquisition(lock, "acquire", line, column, scope.held, False, False)
            )
            scope.held = (*scope.held, (lock, line, column))
            return
        for index in range(len(scope.held) - 1, -1, -1):
            if scope.held[index][0] == lock:
                scope.held = scope.held[:index] + scope.held[index + 1 :]
                break
        for index in range(len(scope.acquisitions) - 1, -1, -1):
            taken = scope.acquisitions[index]
            if taken.lock == lock and taken.kind == "acquire" and not taken.released:
                scope.acquisitions[index] = Acquisition(
                    taken.lock,
                    taken.kind,
                    taken.line,
                    taken.column,
                    taken.held,
                    scope.finally_depth > 0,
                    True,
                )
                break
