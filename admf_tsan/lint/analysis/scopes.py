"""Scope and imports: what a name denotes at each point of the walk, and what the file declares.

:class:`ScopeWalker` is the base of the module walk (see ``extract.py``): it holds the walk's state
(the function and class being walked), collects module-level symbols and imports in a pre-pass,
turns expressions into symbolic references (``ref``/``typeref``), records declarations
(``# guarded_by`` comments, ``Condition(lock)`` aliases, class attributes) and is the
:class:`~admf_tsan.lint.rule.FileContext` that file rules read.

The statement and expression walk itself lives in the subclasses; :meth:`ScopeWalker._expr`,
:meth:`~ScopeWalker._statements` and :meth:`~ScopeWalker._assign` are its hooks.
"""

from __future__ import annotations

import ast
import builtins
import re
import warnings
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from admf_tsan.lint.analysis.facts import (
    Acquisition,
    AnnotType,
    AsyncBody,
    AwaitedType,
    AwaitSite,
    CallSite,
    CallType,
    ClsRef,
    DynamicCall,
    ElementOf,
    FlagStore,
    FunctionFacts,
    GlobalRef,
    Held,
    NoneType,
    OffPlatform,
    Ref,
    SameAs,
    ScheduledCallback,
    SelfRef,
    Spot,
    StateAccess,
    SuperRef,
    TypeRef,
    ValRef,
    with_attrs,
)
from admf_tsan.lint.analysis.statefacts import (
    guard_lines,
)
from admf_tsan.lint.analysis.types import (
    CATALOGUE_MODULES,
    OPERATOR_METHODS,
    WRAPPERS,
    built_variant,
    read_argument,
)
from admf_tsan.lint.ftypes import Finding, Fix, Related

if TYPE_CHECKING:
    from admf_tsan.lint.rule import Visitor

BUILTIN_NAMES = frozenset(dir(builtins))
NONE: TypeRef = NoneType()
_BUILTIN_SUPER = GlobalRef("builtins.super")
#: The type of a tuple display (``()``, ``(a, b)``).
_TUPLE: TypeRef = CallType(GlobalRef("builtins.tuple"))
_LIST = CallType(GlobalRef("builtins.list"))
_BUILTIN_SORTED = GlobalRef("builtins.sorted")
#: The types of list, dict and set displays and comprehensions (``[]``, ``{}``, ``{a}``).
_DISPLAYS: dict[type[ast.expr], TypeRef] = {
    ast.List: _LIST,
    ast.ListComp: _LIST,
    ast.Dict: CallType(GlobalRef("builtins.dict")),
    ast.DictComp: CallType(GlobalRef("builtins.dict")),
    ast.Set: CallType(GlobalRef("builtins.set")),
    ast.SetComp: CallType(GlobalRef("builtins.set")),
}
#: A noqa directive, with the codes it names (none: every code on the line).
NOQA_DIRECTIVE = re.compile(
    rb"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I
)
#: One code of a directive's list.
NOQA_CODE = re.compile(r"[A-Z]+[0-9]+")
#: The codes ruff and flake8-async give the same direct checks (a blocking call written in an
#: ``async def``, a dropped task): a line a project already marked for them is a decision made,
#: so the matching rule here is suppressed on it too. Only codes whose meaning never changed
#: between their releases (the old ASYNC100-102 meant blocking calls before 2024).
PEER_CODES: dict[str, tuple[str, ...]] = {
    "ASYNC210": ("ADMF102",),
    "ASYNC211": ("ADMF102",),
    "ASYNC212": ("ADMF102",),
    "ASYNC220": ("ADMF103",),
    "ASYNC221": ("ADMF103",),
    "ASYNC222": ("ADMF103",),
    "ASYNC230": ("ADMF130",),
    "ASYNC231": ("ADMF130",),
    "ASYNC232": ("ADMF130",),
    "ASYNC240": ("ADMF128", "ADMF131"),
    "ASYNC250": ("ADMF109",),
    "ASYNC251": ("ADMF101",),
    "RUF006": ("ADMF302",),
}
_WRAPPERS = WRAPPERS
#: Calls whose result is a task the caller must keep (ADMF302 reports dropped ones).
TASK_SPAWNERS = frozenset({"create_task", "ensure_future"})


class TrySpans(NamedTuple):
    """The lines of a ``try`` statement's blocks (:func:`lockwalk._one_per_way`): its first line,
    its body's, each handler's and the ``else`` clause's first and last lines (``(0, -1)`` when
    there is none), and the first line of its ``finally``."""

    start: int
    body: tuple[int, int]
    handlers: tuple[tuple[int, int], ...]
    orelse: tuple[int, int]
    final: int

    @classmethod
    def of(cls, stmt: ast.Try | ast.TryStar) -> TrySpans:
        def span(block: list[ast.stmt]) -> tuple[int, int]:
            if not block:
                return (0, -1)
            return (block[0].lineno, block[-1].end_lineno or block[-1].lineno)

        return cls(
            stmt.lineno,
            span(stmt.body),
            tuple((h.lineno, h.end_lineno or h.lineno) for h in stmt.handlers),
            span(stmt.orelse),
            stmt.finalbody[0].lineno,
        )


class FunctionScope:
    """A function being walked.

    A plain class, not a dataclass: the walk makes one for every function, and a dataclass's
    ``__init__`` tests each of the two dozen containers below for a value passed in before
    making it."""

    __slots__ = (
        "qualname",
        "is_async",
        "class_qualname",
        "self_name",
        "cls_name",
        "parent",
        "node",
        "locals",
        "bound",
        "walrus",
        "local_defs",
        "calls",
        "awaits",
        "acquisitions",
        "held",
        "has_yield",
        "finally_depth",
        "finally_from",
        "accesses",
        "dynamic_calls",
        "flag_stores",
        "calls_next",
        "by_hand",
        "scheduled",
        "origins",
        "globals",
        "assumed",
        "trylocks",
        "sync_names",
        "lazy_checks",
        "returned",
        "loaded",
        "stores",
        "task_locals",
        "would_block_depth",
        "given_back",
        "done_futures",
        "done_by_event",
        "nonblocking",
        "async_bodies",
        "off_platform",
    )

    def __init__(
        self,
        qualname: str,
        is_async: bool,
        class_qualname: str | None,
        self_name: str | None,
        cls_name: str | None,
        parent: FunctionScope | None,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
    ) -> None:
        self.qualname = qualname
        self.is_async = is_async
        self.class_qualname = class_qualname
        self.self_name = self_name
        self.cls_name = cls_name
        self.parent = parent
        self.node = node
        self.locals: dict[str, TypeRef | None] = {}
        #: Every type a parameter or an assigned local took in the walk (``locals`` keeps the
        #: last).
        self.bound: dict[str, list[TypeRef | None]] = {}
        #: Names bound by a walrus (``(p := ...)``) anywhere in the function.
        self.walrus: set[str] = set()
        self.local_defs: dict[str, str] = {}
        self.calls: list[CallSite] = []
        self.awaits: list[AwaitSite] = []
        self.acquisitions: list[Acquisition] = []
        self.held: tuple[Held, ...] = ()
        self.has_yield = False
        self.finally_depth = 0
        #: The blocks of each ``try`` whose ``finally`` is being walked, innermost last.
        self.finally_from: list[TrySpans] = []
        # Shared-state facts for the lock rules (see statefacts.py).
        self.accesses: list[StateAccess] = []
        self.dynamic_calls: list[DynamicCall] = []
        #: ``self.<name> = True``/``False`` statements (``FunctionFacts.flag_stores``).
        self.flag_stores: list[FlagStore] = []
        #: It calls ``next()``; it calls a lock's ``acquire()`` or ``release()`` by hand.
        self.calls_next = False
        self.by_hand = False
        self.scheduled: list[ScheduledCallback] = []
        self.origins: dict[str, tuple[str, ...]] = {}
        self.globals: set[str] = set()
        # Locks the caller evidently holds (``cond.wait()`` unpaired).
        self.assumed: tuple[Held, ...] = ()
        self.trylocks: dict[str, ast.expr] = {}  # ``ok = lock.acquire(False)``
        #: Names tested not to be coroutine functions where the walk is (the ``else`` of ``if
        #: iscoroutinefunction(f):``): a local bound to one there is no coroutine function.
        self.sync_names: frozenset[str] = frozenset()
        self.lazy_checks: list[tuple[tuple[str, str, str], int, int, tuple[Held, ...]]] = []
        # Types: what each ``return`` gives; names read, names bound and how often (dropped
        # tasks).
        self.returned: list[TypeRef | None] = []
        self.loaded: set[str] = set()
        self.stores: dict[str, int] = {}
        self.task_locals: list[tuple[str, int, int]] = []
        # Non-blocking sockets: ``try`` bodies whose handlers catch ``BlockingIOError`` around
        # the walk, and receivers (``sock``, ``self._sock``) made non-blocking so far.
        self.would_block_depth = 0
        # Locks a ``with`` of this function holds that were released inside it
        # (``lock.release()`` before an ``await``): acquiring one again re-takes it for that
        # ``with`` to release.
        self.given_back: list[Ref] = []
        # Futures known to be done here (``f.result()`` returns at once), and the local events
        # that only a done callback of some futures sets (awaiting ``event.wait()`` makes them
        # done).
        self.done_futures: set[str] = set()
        self.done_by_event: dict[str, set[str]] = {}
        self.nonblocking: set[str] = set()
        # ``async with self.<attr>:`` bodies: (attr, first line, last line).
        self.async_bodies: list[AsyncBody] = []
        #: Branches a platform test rules out on this machine (``FunctionFacts.off_platform``).
        self.off_platform: list[OffPlatform] = []


@dataclass(slots=True)
class ClassScope:
    qualname: str
    line: int
    bases: tuple[Ref, ...]
    methods: list[str] = field(default_factory=list)
    attributes: dict[str, TypeRef | None] = field(default_factory=dict)
    #: Attributes assigned values of two different known types (``None`` in ``attributes``).
    conflicts: set[str] = field(default_factory=set)
    #: Attributes assigned in the class body (one object shared by every instance).
    class_vars: list[str] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)
    properties: list[str] = field(default_factory=list)
    #: ``@property def lock(self): return self._lock``: ``lock`` -> ``("_lock",)``.
    property_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Attributes assigned on ``self`` -> the method names of every display of ``self.<name>``
    #: values assigned to it, or ``None`` once any other value is (see ``method_tables``).
    tables: dict[str, tuple[str, ...] | None] = field(default_factory=dict)


def last_name(node: ast.expr) -> str | None:
    """The last name of a name or attribute: ``BlockingIOError`` of ``ssl.BlockingIOError``."""
    if type(node) is ast.Attribute:
        return node.attr
    if type(node) is ast.Name:
        return node.id
    return None


def caught_names(handler: ast.ExceptHandler) -> set[str]:
    """The last names of the classes an ``except`` clause names, alone or in a tuple
    (``{"error", "OSError"}`` of ``except (socket.error, OSError):``; none for a bare one)."""
    caught = handler.type
    if caught is None:
        return set()
    classes = caught.elts if type(caught) is ast.Tuple else [caught]
    return {name for each in classes if (name := last_name(each)) is not None}


#: Condition classes: one built around a lock (``threading.Condition(self._lock)``) is that
#: lock.
CONDITION_CLASSES = frozenset({"threading.Condition", "multiprocessing.Condition"})


def called_name(call: ast.Call) -> str | None:
    """The last name of the called expression: ``create_task`` of ``loop.create_task(...)``."""
    return last_name(call.func)


def receiver_key(node: ast.expr) -> str | None:
    """``sock`` / ``self._sock`` for a name or a chain of attributes on one, else ``None``."""
    parts = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def ref_extend(base: Ref, attr: str) -> Ref:
    """The reference to attribute ``attr`` of ``base``."""
    if isinstance(base, GlobalRef):
        return GlobalRef(f"{base.name}.{attr}")
    return with_attrs(base, (*base.attrs, attr))


def noqa_lines(source: bytes) -> dict[int, frozenset[str] | None]:
    """Map each line carrying ``# noqa`` to the codes it names (``None`` for a bare ``# noqa``),
    with the codes of this linter's rules that a peer's code there stands for
    (:data:`PEER_CODES`)."""
    found: dict[int, frozenset[str] | None] = {}
    if b"noqa" not in source.lower():  # in any case; faster than a case-blind search
        return found
    for number, line in enumerate(source.splitlines(), start=1):
        if b"#" not in line:
            continue
        match = NOQA_DIRECTIVE.search(line)
        if match is None:
            continue
        codes = match.group("codes")
        if codes is None:
            found[number] = None
            continue
        named = NOQA_CODE.findall(codes.decode("ascii").upper())
        found[number] = frozenset(
            [*named, *(ours for code in named for ours in PEER_CODES.get(code, ()))]
        )
    return found


#: Source text that can re-bind any module name behind the syntax's back.
_REBINDS_ANY = ("globals()", "exec(", "vars()", "__dict__")

#: The word ``global`` and the rest of its line, backslash continuations included (a leading
#: word boundary is checked apart, so that the search can look for the literal word first).
_GLOBAL_LINE = re.compile(r"global\b((?:\\\n|[^\n])*)")
_WORD_CHAR = re.compile(r"\w")


def global_lines(text: str) -> str:
    """What follows each word ``global`` of ``text`` to the end of its line (past backslash
    continuations), one per line: a name in it may be declared global (in code, a comment or a
    string alike; the text is read, not the syntax). The text is scanned once for every name
    asked about (``ScopeWalker._verify_once``)."""
    found = []
    position = 0
    while (match := _GLOBAL_LINE.search(text, position)) is not None:
        start = match.start()
        if start and _WORD_CHAR.match(text, start - 1):
            position = start + 1  # ``xglobal``: not the word
            continue
        found.append(match.group(1))
        position = match.end()
    return "\n".join(found)


def bound_names(
    roots: Iterable[ast.AST], names: Container[str], *, into_scopes: bool
) -> dict[str, int]:
    """How many times each of ``names`` is bound (assigned, deleted, imported, a target, a
    parameter, a ``def``/``class`` name, an ``except ... as`` or a ``match`` capture) under
    ``roots``. Without ``into_scopes`` the bodies of functions and classes are not entered
    (their names are bound in their own scope), only what runs where they are defined."""
    counts: dict[str, int] = {}
    stack: list[ast.AST] = list(roots)
    while stack:
        node = stack.pop()
        kind = type(node)
        name: str | None = None
        if kind is ast.Name:
            if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                name = node.id  # type: ignore[attr-defined]
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef or kind is ast.ClassDef:
            name = node.name  # type: ignore[attr-defined]
            if not into_scopes:
                # What runs where it is defined: decorators, bases, defaults, annotations (the
                # parameters and the body belong to its own scope).
                body = {id(stmt) for stmt in node.body}  # type: ignore[attr-defined]
                for child in ast.iter_child_nodes(node):
                    if type(child) is ast.arguments:
                        stack.extend(d for d in child.kw_defaults if d is not None)
                        stack.extend(child.defaults)
                        every = (*child.posonlyargs, *child.args, *child.kwonlyargs)
                        every += tuple(a for a in (child.vararg, child.kwarg) if a is not None)
                        stack.extend(a.annotation for a in every if a.annotation is not None)
                    elif id(child) not in body:
                        stack.append(child)
                if name in names:
                    counts[name] = counts.get(name, 0) + 1
                continue
        elif kind is ast.alias:
            name = node.asname or node.name.partition(".")[0]  # type: ignore[attr-defined]
        elif kind is ast.arg:
            name = node.arg  # type: ignore[attr-defined]
        elif kind is ast.ExceptHandler or kind is ast.MatchAs or kind is ast.MatchStar:
            name = node.name  # type: ignore[attr-defined]
        elif kind is ast.MatchMapping:
            name = node.rest  # type: ignore[attr-defined]
        if name is not None and name in names:
            counts[name] = counts.get(name, 0) + 1
        stack.extend(ast.iter_child_nodes(node))
    return counts


def statement_bindings(body: Iterable[ast.stmt], names: Container[str]) -> dict[str, int]:
    """:func:`bound_names` of the statements ``body`` (functions and classes not entered) for
    code without ``:=``: only statements bind there, so expressions are not walked."""
    counts: dict[str, int] = {}
    stack: list[ast.stmt] = list(body)
    bound: list[str] = []
    while stack:
        stmt: Any = stack.pop()
        kind = type(stmt)
        targets: list[ast.expr] = []
        if kind is ast.Expr or kind is ast.Return:
            continue
        if kind is ast.Assign or kind is ast.Delete:
            targets = stmt.targets
        elif kind is ast.AugAssign or kind is ast.AnnAssign:
            targets = [stmt.target]
        elif kind is ast.If or kind is ast.While:
            stack.extend(stmt.body)
            stack.extend(stmt.orelse)
        elif kind is ast.For or kind is ast.AsyncFor:
            targets = [stmt.target]
            stack.extend(stmt.body)
            stack.extend(stmt.orelse)
        elif kind is ast.With or kind is ast.AsyncWith:
            targets = [item.optional_vars for item in stmt.items if item.optional_vars]
            stack.extend(stmt.body)
        elif kind is ast.Try or kind is ast.TryStar:
            stack.extend(stmt.body)
            stack.extend(stmt.orelse)
            stack.extend(stmt.finalbody)
            for handler in stmt.handlers:
                if handler.name:
                    bound.append(handler.name)
                stack.extend(handler.body)
        elif kind is ast.Import or kind is ast.ImportFrom:
            bound.extend(a.asname or a.name.partition(".")[0] for a in stmt.names)
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef or kind is ast.ClassDef:
            bound.append(stmt.name)
        elif kind is ast.Match:
            for case in stmt.cases:
                counted = bound_names([case.pattern], names, into_scopes=True)
                for name, count in counted.items():
                    counts[name] = counts.get(name, 0) + count
                stack.extend(case.body)
        for target in targets:
            if type(target) is ast.Name:
                bound.append(target.id)
            elif type(target) is not ast.Attribute and type(target) is not ast.Subscript:
                bound.extend(n.id for n in ast.walk(target) if type(n) is ast.Name)
    for name in bound:
        if name in names:
            counts[name] = counts.get(name, 0) + 1
    return counts


class ScopeWalker:
    """The state of one module walk, its scopes and references; the ``ctx`` of file rules."""

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
        self.symbols: dict[str, tuple[str, str | TypeRef | None]] = {}
        self.star_imports: list[str] = []
        self.classes: list[ClassScope] = []
        self.functions: list[FunctionFacts] = []
        self.findings: list[Finding] = []
        self._scope: FunctionScope | None = None
        self._class: ClassScope | None = None
        self._awaited: set[int] = set()
        #: Calls whose result is consumed where it is made (``facts.CONSUMED_HERE``), and how
        #: many generator expressions the expression walk is inside (their calls run only when
        #: those are iterated: none is consumed there).
        self._consumed: set[int] = set()
        self._lazy_depth = 0
        self._discarded: set[int] = set()
        #: The other calls a call stands for, by the call node's id (``CallSite.also``).
        self._also: dict[int, tuple[Spot, ...]] = {}
        #: What each function's own body awaits and uses (``extract._awaits_and_uses``).
        self._scanned: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        #: ``x()`` calls known to dereference a weak reference (``isinstance(x, weakref.ref)``).
        self._weakref_derefs: set[int] = set()
        self._current_code = ""
        self._pending_module_vars: list[ast.Assign | ast.AnnAssign] = []
        self._module_values: dict[str, ast.expr | None] | None = None
        #: Names assigned once at the top of the module (``_IS_SYNC = False``, ``ERRORS = (...)``)
        #: -> that value; :meth:`_once_bound` keeps those bound nowhere else in the file.
        self._once_candidates: dict[str, ast.expr] = {}
        self._once_bound: dict[str, ast.expr] | None = None
        self._locally_bound: dict[int, dict[str, int]] = {}
        self._conflicting: set[str] = set()
        self._class_by_name: dict[str, ClassScope] = {}
        self._class_nodes: dict[int, ast.ClassDef] = {}
        #: Classes that may inherit state from another module (:meth:`ModuleExtractor._inherits`):
        #: their accesses of ``self``/``cls`` state are kept, written here or not.
        self.inheriting: set[str] = set()
        self.lock_aliases: dict[str, Ref] = {}
        self.lock_alias_calls: dict[str, tuple[Ref, tuple[Ref | None, ...]]] = {}
        self.guards: dict[str, str] = {}
        self._guard_lines = guard_lines(text)
        self._state_seen: set[int] = set()
        #: What each module-level name denotes (:meth:`_module_name_ref`), once the module's
        #: names are collected (the imports and kinds of names do not change after that): one
        #: reference object per name, made once, which the index then resolves by identity.
        self._module_name_refs: dict[str, GlobalRef | None] | None = None

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
        return ref.name if type(ref) is GlobalRef else None

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

    def library_branch(self, stmt: ast.If) -> list[ast.stmt] | None:
        """The branch of ``stmt`` that runs, when its test is decided where the module is
        installed (an installed package's version or platform tests, see the extractor); None
        when both can run, as for every test of a project's own code."""
        return None

    def _collect_module_symbols(self, body: Iterable[ast.stmt]) -> None:
        top = body is self._tree.body
        for stmt in body:
            if (
                type(stmt) is ast.FunctionDef
                or type(stmt) is ast.AsyncFunctionDef
                or type(stmt) is ast.ClassDef
            ):
                kind = "class" if type(stmt) is ast.ClassDef else "def"
                self.symbols[stmt.name] = (kind, f"{self.module}.{stmt.name}")
            elif type(stmt) is ast.Import or type(stmt) is ast.ImportFrom:
                for name, dotted in self._import_bindings(stmt):
                    if name == "*":
                        self.star_imports.append(dotted)
                    else:
                        self.symbols[name] = ("import", dotted)
            elif type(stmt) is ast.Assign:
                for target in stmt.targets:
                    if type(target) is ast.Name:
                        self.symbols[target.id] = ("var", None)
                self._pending_module_vars.append(stmt)
                if top and len(stmt.targets) == 1 and type(stmt.targets[0]) is ast.Name:
                    self._once_candidate(stmt.targets[0].id, stmt.value)
            elif type(stmt) is ast.AnnAssign and type(stmt.target) is ast.Name:
                self.symbols[stmt.target.id] = ("var", None)
                self._pending_module_vars.append(stmt)
                if top and stmt.value is not None:
                    self._once_candidate(stmt.target.id, stmt.value)
            elif type(stmt) is ast.If and (live := self.library_branch(stmt)) is not None:
                self._collect_module_symbols(live)
            elif type(stmt) is ast.If or type(stmt) is ast.Try or type(stmt) is ast.TryStar:
                self._collect_module_symbols(stmt.body)
                self._collect_module_symbols(stmt.orelse)
                for handler in getattr(stmt, "handlers", ()):
                    self._collect_module_symbols(handler.body)
                self._collect_module_symbols(getattr(stmt, "finalbody", ()))
        # Types of module variables are computed once every name is known.
        if body is self._tree.body:
            self._module_name_refs = {}
            for stmt in self._pending_module_vars:
                self._module_var_types(stmt)

    def _module_var_types(self, stmt: ast.Assign | ast.AnnAssign) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        typeref: TypeRef | None = None
        if isinstance(stmt, ast.AnnAssign):
            typeref = self.annotation_type(stmt.annotation)
        if typeref is None and stmt.value is not None:
            typeref = self.typeref(stmt.value)
        for target in targets:
            if type(target) is ast.Name:
                self._lock_declarations(f"{self.module}.{target.id}", stmt, stmt.value)
                previous = self.symbols.get(target.id)
                if previous is not None and previous[0] == "var":
                    if typeref is NONE:
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

    def ref(self, node: ast.expr) -> Ref | None:
        """The symbolic reference ``node`` denotes, or ``None`` when it cannot be named."""
        if type(node) is ast.Name:
            return self._name_ref(node.id)
        if type(node) is ast.Attribute:
            value = node.value
            base: Ref | None
            if type(value) is ast.Subscript and type(value.slice) is not ast.Slice:
                # ``clients[key].stop()``: a method of an item of an annotated container.
                container = self.ref(value.value)
                base = None if container is None else ValRef(ElementOf(container, "item"))
            else:
                base = self.ref(value)
            if base is None:
                return None
            if type(base) is SelfRef and not base.attrs:
                cls = self._class_by_name.get(base.owner)
                alias = None if cls is None else cls.property_aliases.get(node.attr)
                if alias is not None:
                    return SelfRef(base.owner, alias)
            return ref_extend(base, node.attr)
        if type(node) is ast.BinOp or type(node) is ast.Await:
            typeref = self.typeref(node)
            return None if typeref is None else ValRef(typeref)
        if type(node) is ast.Call:
            func = node.func
            if type(func) is ast.Name and func.id == "super" and not node.args:
                scope = self._scope
                if (
                    scope is not None
                    and scope.class_qualname
                    and self._name_ref("super") == _BUILTIN_SUPER
                ):
                    return SuperRef(scope.class_qualname)
                return None
            callee = self.ref(func)
            return None if callee is None else ValRef(self._call_type(callee, node))
        return None

    def _name_ref(self, name: str) -> Ref | None:
        scope = self._scope
        while scope is not None:
            if name in scope.locals:
                typeref = scope.locals[name]
                if typeref is None or typeref is NONE:
                    return None
                if type(typeref) is SameAs:
                    return typeref.ref
                return ValRef(typeref)
            if name in scope.local_defs:
                return GlobalRef(scope.local_defs[name])
            if name == scope.self_name and scope.class_qualname:
                return SelfRef(scope.class_qualname)
            if name == scope.cls_name and scope.class_qualname:
                return ClsRef(scope.class_qualname)
            scope = scope.parent
        refs = self._module_name_refs
        if refs is None:
            return self._module_name_ref(name)
        if name in refs:
            return refs[name]
        ref = refs[name] = self._module_name_ref(name)
        return ref

    def _module_name_ref(self, name: str) -> GlobalRef | None:
        """What ``name`` denotes where no function scope binds it: a module-level name, an
        import, a builtin."""
        symbol = self.symbols.get(name)
        if symbol is not None:
            kind, payload = symbol
            if kind == "import" and isinstance(payload, str):
                return GlobalRef(payload)
            return GlobalRef(f"{self.module}.{name}")
        if name in BUILTIN_NAMES:
            return GlobalRef(f"builtins.{name}")
        if self.star_imports:
            return GlobalRef(f"{self.module}.{name}")
        if name in CATALOGUE_MODULES:
            return GlobalRef(name)
        return None

    def typeref(self, value: ast.expr) -> TypeRef | None:
        """Where the value of ``value`` comes from, as a TypeRef (``None``: unknown)."""
        if type(value) is ast.Call:
            callee = self.ref(value.func)
            return None if callee is None else self._call_type(callee, value)
        if type(value) is ast.Name or type(value) is ast.Attribute:
            ref = self.ref(value)
            return None if ref is None else SameAs(ref)
        if type(value) is ast.Constant and value.value is None:
            return NONE
        if type(value) is ast.Tuple:
            return _TUPLE  # ``self._procs = ()``: replaced whole whenever it changes
        display = _DISPLAYS.get(type(value))
        if display is not None:
            return display
        # ``lock if lock is not None else RLock()`` / ``lock or RLock()``: an injected value is
        # taken to be what the default builds.
        if type(value) is ast.IfExp:
            built = [v for v in (value.body, value.orelse) if type(v) is ast.Call]
            return self.typeref(built[0]) if len(built) == 1 else None
        if type(value) is ast.BoolOp and type(value.op) is ast.Or:
            last = value.values[-1]
            return self.typeref(last) if type(last) is ast.Call else None
        if type(value) is ast.BinOp:
            # ``p / "x"`` is ``p.__truediv__("x")``: typed by what that method returns.
            method = OPERATOR_METHODS.get(type(value.op).__name__)
            left = None if method is None else self.ref(value.left)
            return None if left is None or method is None else CallType(ref_extend(left, method))
        if type(value) is ast.Await and type(value.value) is ast.Call:
            callee = self.ref(value.value.func)
            return None if callee is None else AwaitedType(callee)
        return None

    def _call_type(self, callee: Ref, call: ast.Call) -> CallType:
        """What ``call`` of ``callee`` gives, with the variant its arguments build, if any
        (``sorted(...)`` builds a new list, as ``list(...)`` does)."""
        if callee == _BUILTIN_SORTED:
            return _LIST
        variant = (
            built_variant(callee.name, call, self.argument) if type(callee) is GlobalRef else None
        )
        return CallType(callee) if variant is None else CallType(callee, variant)

    def argument(self, node: ast.expr) -> Any:
        """What the facts record of the argument ``node`` (``types.read_argument``)."""
        return read_argument(node, self.dotted, self._module_constant)

    def _module_constant(self, name: str) -> ast.expr | None:
        """The value assigned to the module-level ``name``, when it is assigned exactly once."""
        if self._module_values is None:
            values: dict[str, ast.expr | None] = {}
            for stmt in self._pending_module_vars:
                if type(stmt) is ast.Assign and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                    if type(target) is ast.Name:
                        values[target.id] = None if target.id in values else stmt.value
            self._module_values = values
        return self._module_values.get(name)

    def _once_candidate(self, name: str, value: ast.expr) -> None:
        """Remember ``name = value`` at the top of the module when ``value`` is a bool or int
        literal (a switch such as ``_IS_SYNC = False``) or a tuple (``except ERRORS:``)."""
        if type(value) is ast.Tuple or (
            type(value) is ast.Constant and (type(value.value) is bool or type(value.value) is int)
        ):
            self._once_candidates[name] = value

    def module_once(self, name: str) -> ast.expr | None:
        """The value of the module variable ``name`` where this walk reads it, when the file
        binds it only once, at the top of the module, to a literal or a tuple.

        Nothing else in the file may bind it: no other assignment or ``del`` at module level,
        no ``global`` statement naming it, no import, target or ``def`` of that name; no
        ``from x import *``, ``globals()``, ``exec(`` or ``vars()`` in the file, nor the name
        quoted (``setattr(module, "NAME", ...)``). Here, no enclosing function binds the name
        and the code is not in a class body or in a class defined in a function.
        """
        candidates = self._once_candidates
        if name not in candidates:
            return None
        once = self._once_bound
        if once is None:
            once = self._once_bound = self._verify_once(candidates)
        value = once.get(name)
        if value is None:
            return None
        scope = self._scope
        if scope is None:
            return value if self._class is None else None
        while True:
            bound = self._locally_bound.get(id(scope.node))
            if bound is None:
                bound = self._function_bindings(scope.node, once)
                self._locally_bound[id(scope.node)] = bound
            if name in bound:
                return None
            if scope.parent is None:
                # A class body does not pass on the names of the functions around it.
                return None if "<locals>" in scope.qualname else value
            scope = scope.parent

    def _function_bindings(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, names: Container[str]
    ) -> dict[str, int]:
        """Which of ``names`` the function ``node`` binds (parameters included)."""
        if ":=" in self.text:
            return bound_names(ast.iter_child_nodes(node), names, into_scopes=True)
        arguments = node.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every.extend(a for a in (arguments.vararg, arguments.kwarg) if a is not None)
        counts = statement_bindings(node.body, names)
        for argument in every:
            if argument.arg in names:
                counts[argument.arg] = 1
        return counts

    def _verify_once(self, candidates: dict[str, ast.expr]) -> dict[str, ast.expr]:
        text = self.text
        if self.star_imports or any(marker in text for marker in _REBINDS_ANY):
            return {}
        if ":=" in text:
            counts = bound_names(self._tree.body, candidates, into_scopes=False)
        else:
            counts = statement_bindings(self._tree.body, candidates)
        verified: dict[str, ast.expr] = {}
        declared: str | None = None  # the rest of the lines of ``global`` statements
        for name, value in candidates.items():
            if counts.get(name) != 1 or f"'{name}'" in text or f'"{name}"' in text:
                continue
            if "global" in text:
                if declared is None:
                    declared = global_lines(text)
                if re.search(rf"\b{re.escape(name)}\b", declared):
                    continue
            verified[name] = value
        return verified

    def test_truth(self, test: ast.expr) -> bool | None:
        """Whether the test ``test`` always holds (True), never (False), or depends (None), from
        module switches (:meth:`module_once`): ``FLAG``, ``not FLAG``, ``FLAG is True``,
        ``FLAG == 0``, and ``and``/``or`` of such with other tests (``not FLAG and x``)."""
        kind = type(test)
        if kind is ast.Name:
            value = self.module_once(test.id)  # type: ignore[attr-defined]
            if type(value) is not ast.Constant:
                return None
            return bool(value.value)
        if kind is ast.UnaryOp:
            if type(test.op) is not ast.Not:  # type: ignore[attr-defined]
                return None
            truth = self.test_truth(test.operand)  # type: ignore[attr-defined]
            return None if truth is None else not truth
        if kind is ast.BoolOp:
            deciding = type(test.op) is not ast.And  # type: ignore[attr-defined]
            known = True
            for operand in test.values:  # type: ignore[attr-defined]
                truth = self.test_truth(operand)
                if truth is None:
                    known = False
                elif truth is deciding:
                    return truth  # ``x and False`` is false, ``x or True`` true, whatever x is
            return (not deciding) if known else None
        if kind is ast.Compare:
            return self._compare_truth(test)  # type: ignore[arg-type]
        return None

    def _compare_truth(self, test: ast.Compare) -> bool | None:
        if len(test.ops) != 1:
            return None
        left, right = test.left, test.comparators[0]
        if type(left) is ast.Constant:
            left, right = right, left
        if type(left) is not ast.Name or type(right) is not ast.Constant:
            return None
        value = self.module_once(left.id)
        if type(value) is not ast.Constant:
            return None
        mine, other = value.value, right.value
        op = type(test.ops[0])
        if op is ast.Eq or op is ast.NotEq:
            if type(other) is not bool and type(other) is not int:
                return None
            return (mine == other) is (op is ast.Eq)
        if op is ast.Is or op is ast.IsNot:
            if other is not None and type(other) is not bool:
                return None  # ``is`` on ints depends on the interpreter
            return (mine is other) is (op is ast.Is)
        return None

    def annotation_type(self, annotation: ast.expr | None) -> AnnotType | None:
        """The class an annotation names, with its type arguments (``None``: no one class).

        ``X | None``, ``Optional[X]``, ``Union[X, None]``, ``Annotated[X, ...]``, ``ClassVar[X]``
        and ``Final[X]`` name ``X``; a string annotation is read as the expression it holds; a
        generic class (``queue.Queue[int]``, ``list[Account]``) is the class, its arguments kept.
        """
        if annotation is None:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            parsed = _parsed_annotation(annotation.value)
            if parsed is None:
                return None
            annotation = parsed
        if isinstance(annotation, ast.BinOp) and type(annotation.op) is ast.BitOr:
            left, right = annotation.left, annotation.right
            if type(right) is ast.Constant and right.value is None:
                return self.annotation_type(left)
            if type(left) is ast.Constant and left.value is None:
                return self.annotation_type(right)
            return None
        if isinstance(annotation, ast.Subscript):
            inner = annotation.slice
            options = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            wrapper = self._wrapper_name(annotation.value)
            if wrapper is not None:
                if wrapper in ("Annotated", "ClassVar", "Final"):
                    options = options[:1]
                real = [o for o in options if not (type(o) is ast.Constant and o.value is None)]
                return self.annotation_type(real[0]) if len(real) == 1 else None
            cls = self.ref(annotation.value)
            if cls is None:
                return None
            args = tuple(self._annotation_ref(option) for option in options)
            return AnnotType(cls, args)
        if type(annotation) is ast.Name or type(annotation) is ast.Attribute:
            ref = self.ref(annotation)
            return None if ref is None else AnnotType(ref)
        return None

    def names_several_types(self, annotation: ast.expr) -> bool:
        """Whether an annotation declares one of several types (``A | B``, ``Union[A, B]``,
        ``Optional[Union[A, B]]``; ``None`` not counted): a value assigned with it may be any
        of them, whatever the one construction the analysis sees builds."""
        return len(self._union_options(annotation)) > 1

    def _union_options(self, annotation: ast.expr) -> list[ast.expr]:
        if isinstance(annotation, ast.Constant) and annotation.value is None:
            return []
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            parsed = _parsed_annotation(annotation.value)
            return [annotation] if parsed is None else self._union_options(parsed)
        if isinstance(annotation, ast.BinOp) and type(annotation.op) is ast.BitOr:
            return self._union_options(annotation.left) + self._union_options(annotation.right)
        if isinstance(annotation, ast.Subscript):
            wrapper = self._wrapper_name(annotation.value)
            if wrapper in ("Union", "Optional"):
                inner = annotation.slice
                options = inner.elts if isinstance(inner, ast.Tuple) else [inner]
                return [o for option in options for o in self._union_options(option)]
        return [annotation]

    def _wrapper_name(self, node: ast.expr) -> str | None:
        """``Optional``, ``Union``, ... when ``node`` names one (from typing, or unbound)."""
        dotted = self.dotted(node)
        if dotted is not None:
            module, _, name = dotted.rpartition(".")
            if module in ("typing", "typing_extensions") and name in _WRAPPERS:
                return name
            if not (type(node) is ast.Name and dotted == f"{self.module}.{node.id}"):
                return None
        # Never imported (``Optional[X]`` in a file that does not import typing, or only under
        # ``TYPE_CHECKING``): annotations are not evaluated, the meaning is the same.
        if type(node) is ast.Name and node.id in _WRAPPERS and node.id not in self.symbols:
            return node.id
        return None

    def _annotation_ref(self, annotation: ast.expr | None) -> Ref | None:
        """The class an annotation names, without its type arguments."""
        annotated = self.annotation_type(annotation)
        return None if annotated is None else annotated.cls

    def _lock_declarations(self, key: str, target: ast.AST, value: ast.expr | None) -> None:
        """Record a ``# guarded_by`` comment on ``target``'s line, and Condition(lock) aliases."""
        lines = self._guard_lines
        if lines:
            for number in (getattr(target, "lineno", 0), getattr(target, "end_lineno", 0)):
                if number in lines:
                    self.guards[key] = lines[number]
                    break
        if type(value) is not ast.Call:
            return
        if self.dotted(value.func) in CONDITION_CLASSES:
            lock = value.args[0] if value.args else None
            for keyword in value.keywords:
                if keyword.arg == "lock":
                    lock = keyword.value
            if lock is not None:
                ref = self.ref(lock)
                if ref is not None:
                    self.lock_aliases[key] = ref
        elif value.args and any(
            word in name
            for name in (
                (called_name(value) or "").lower(),
                *((last_name(arg) or "").lower() for arg in value.args),
            )
            for word in ("cond", "lock", "mutex")
        ):
            # ``_create_condition(self.lock)``, ``TransitCondition(self._lock)``: the lock model
            # decides from what the callee wraps (``FunctionFacts.condition_over``, or a class's
            # ``ClassFacts.lock_proxy``) which argument it is built around.
            callee = self.ref(value.func)
            if callee is not None:
                self.lock_alias_calls[key] = (callee, tuple(self.ref(a) for a in value.args))

    @staticmethod
    def _class_attribute(cls: ClassScope, name: str, typeref: TypeRef | None) -> None:
        """Record the type of an attribute; two different known types make it unknown.

        A value of unknown type (a parameter) does not erase a known construction: in
        ``self._lock = lock if lock is not None else RLock()`` (or the ``if``/``else`` form) the
        injected object is taken to be what the default builds.
        """
        if type(typeref) is AnnotType:
            # A declared type (``accounts: list[Account]``) wins over what assignments say.
            if name in cls.declared and cls.attributes.get(name) != typeref:
                cls.attributes[name] = None
            else:
                cls.attributes[name] = typeref
            cls.declared.add(name)
            return
        if name in cls.declared:
            return
        if typeref is NONE:
            cls.attributes.setdefault(name, NONE)
            return
        previous = cls.attributes.get(name, NONE)
        if typeref is None:
            if previous is NONE:
                cls.attributes[name] = None
            return
        if previous is NONE or (previous is None and name not in cls.conflicts):
            cls.attributes[name] = typeref
        elif previous != typeref:
            cls.attributes[name] = None
            cls.conflicts.add(name)

    # --- hooks: the walk of statements and expressions (``extract.ModuleExtractor``) ---------

    def _expr(self, root: ast.expr) -> None:
        raise NotImplementedError

    def _statements(self, body: list[ast.stmt]) -> None:
        raise NotImplementedError

    def _assign(
        self,
        target: ast.expr,
        value: ast.expr | None,
        annotation: ast.expr | None = None,
        *,
        typeref: TypeRef | None = None,
    ) -> None:
        raise NotImplementedError

    def _await_site(self, node: ast.AST) -> None:
        raise NotImplementedError


def _parsed_annotation(text: str) -> ast.expr | None:
    """The expression a string annotation holds (``None`` when it does not parse)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
