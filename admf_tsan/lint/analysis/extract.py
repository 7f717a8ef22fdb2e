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

The walk is split by concern, each layer a base of the next: ``scopes.py`` (names, imports,
references, declarations; the file rules' context), ``statewalk.py`` (shared-state accesses),
``lockwalk.py`` (locks held), ``callwalk.py`` (calls and callbacks), and this module, which drives
the walk over statements, definitions and expressions.
"""

from __future__ import annotations

import ast
import builtins
import operator
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from admf_tsan.catalogue import LISTING_NOT_ITERATED
from admf_tsan.lint.analysis.callwalk import (
    AS_COMPLETED,
    COMPOUND_STATEMENTS,
    CallWalker,
    catches_would_block,
    suppresses_would_block,
)
from admf_tsan.lint.analysis.facts import (
    CONSUMED_HERE,
    PROXY_TAKERS,
    AnnotType,
    AwaitSite,
    CallSite,
    CallType,
    ClassFacts,
    ElementOf,
    FlagStore,
    FunctionFacts,
    GlobalRef,
    ModuleFacts,
    NoneType,
    OffPlatform,
    Reacquire,
    SameAs,
    SelfRef,
    SetupGate,
    Spot,
    StateAccess,
    TypeRef,
    ValRef,
    evolve,
)
from admf_tsan.lint.analysis.handoffs import NO_RUNNING_LOOP, PAHO_CALLBACKS, if_coroutine_mark
from admf_tsan.lint.analysis.listings import lazy_listing_site, listings_handed_on
from admf_tsan.lint.analysis.lockwalk import (
    EVENT_LOOP_GETTERS,
    RAISING_PROBES,
    bare_call_receiver,
    exited_after,
    may_take_locks,
    probe_call,
)
from admf_tsan.lint.analysis.scopes import (
    CONDITION_CLASSES,
    NONE,
    TASK_SPAWNERS,
    ClassScope,
    FunctionScope,
    TrySpans,
    called_name,
    caught_names,
    noqa_lines,
    receiver_key,
    ref_extend,
)
from admf_tsan.lint.analysis.settled import settled_local
from admf_tsan.lint.analysis.statefacts import (
    exits_block,
    prune_accesses,
)
from admf_tsan.lint.analysis.syntax import NESTED_SCOPES, PUSHERS, nested_blocks, pusher
from admf_tsan.lint.analysis.types import (
    ALWAYS_LOADED,
    SYNC_RUNNERS,
    VALUE_VIEWS,
    may_change_coroutine,
)
from admf_tsan.lint.analysis.typetests import type_tests

#: Statements whose bodies may run zero times or in part (see ``_statement``).
_CONDITIONAL = (ast.If, ast.While, ast.For, ast.AsyncFor, ast.Match)

#: What an ``import`` statement in a coroutine is recorded as (ADMF104 reports it).
IMPORT_CALL = GlobalRef("builtins.__import__")

__all__ = ["ModuleExtractor", "noqa_lines", "ref_extend"]


#: Decorators that cache a function's result: its body runs once per argument.
_MEMOIZERS = frozenset({"cache", "lru_cache", "cached", "memoize", "memoized", "cached_property"})


#: Tests that module switches can decide (``ScopeWalker.test_truth``).
_SWITCH_TESTS = frozenset({ast.Name, ast.UnaryOp, ast.BoolOp, ast.Compare})
#: Modules whose classes keep no state of their instances for a subclass to race on.
_STATELESS_BASE_MODULES = frozenset(
    {"typing", "typing_extensions", "abc", "enum", "dataclasses", "numbers", "types"}
)
_BUILTIN_NAMES = frozenset(dir(builtins))


def _live_branch(stmt: ast.If | ast.While, truth: bool) -> list[ast.stmt] | None:
    """What runs of an ``if``/``while`` whose test is always ``truth``; None when both can run.

    ``if False:`` / ``if 0:`` runs only its ``else``, ``if True:`` only its body, and
    ``while False:`` only its ``else``. (``if TYPE_CHECKING:`` is not a constant: its imports
    and declarations give live code its names and types, so it is read as written.)
    """
    if not truth:
        return stmt.orelse
    return stmt.body if type(stmt) is ast.If else None


_VERSION_OPS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


#: ``a < b`` is ``b > a``: the operator with its operands swapped.
_MIRRORED: dict[Callable[[Any, Any], bool], Callable[[Any, Any], bool]] = {
    operator.lt: operator.gt,
    operator.gt: operator.lt,
    operator.le: operator.ge,
    operator.ge: operator.le,
}


def version_truth(test: ast.Compare, version: tuple[int, ...]) -> bool | None:
    """Whether ``sys.version_info <op> (3, 13)`` (or the tuple on the left) holds under
    ``version``; None for any other test. Compared as ``sys.version_info`` compares: a final
    release ``(3, 11, 7, "final", 0)`` against a tuple of at most three ints."""
    if len(test.ops) != 1:
        return None
    op = _VERSION_OPS.get(type(test.ops[0]))
    left, right = test.left, test.comparators[0]
    if op is None:
        return None
    if _is_version_info(right) and not _is_version_info(left):
        left, right = right, left
        op = _MIRRORED[op]
    if not _is_version_info(left) or type(right) is not ast.Tuple or not 1 <= len(right.elts) <= 3:
        return None
    bound = []
    for element in right.elts:
        if type(element) is not ast.Constant or type(element.value) is not int:
            return None
        bound.append(element.value)
    running = (*version[:3], *(0,) * (3 - len(version[:3])), "final", 0)
    return bool(op(running, tuple(bound)))


#: The platform the installed packages run on: ``sys.platform`` and ``os.name`` of this machine,
#: where the interpreter named by ``--python`` runs too (it is started here to ask its path).
TARGET_PLATFORM: dict[str, str] = {"sys.platform": sys.platform, "os.name": os.name}


def platform_truth(test: ast.expr, platform: Mapping[str, str] = TARGET_PLATFORM) -> bool | None:
    """Whether a test of the platform holds on ``platform``: ``sys.platform == "win32"``,
    ``!=``, ``in``/``not in`` a tuple, list or set of strings, ``sys.platform.startswith(...)``
    and the same of ``os.name``; ``not`` of one of these. None for any other test."""
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        inner = platform_truth(test.operand, platform)
        return None if inner is None else not inner
    if type(test) is ast.Call:
        func = test.func
        if (
            type(func) is ast.Attribute
            and func.attr == "startswith"
            and len(test.args) == 1
            and not test.keywords
        ):
            value = _platform_value(func.value, platform)
            prefixes = _strings(test.args[0])
            if value is not None and prefixes is not None:
                return value.startswith(prefixes)
        return None
    if type(test) is not ast.Compare or len(test.ops) != 1:
        return None
    left, right, op = test.left, test.comparators[0], type(test.ops[0])
    value = _platform_value(left, platform)
    if value is None and op in (ast.Eq, ast.NotEq):
        value, right = _platform_value(right, platform), left
    if value is None:
        return None
    if op is ast.Eq or op is ast.NotEq:
        if type(right) is not ast.Constant or type(right.value) is not str:
            return None
        return (value == right.value) is (op is ast.Eq)
    if op is ast.In or op is ast.NotIn:
        choices = _strings(right)
        if choices is None or type(right) is ast.Constant:
            return None
        return (value in choices) is (op is ast.In)
    return None


def _platform_value(node: ast.expr, platform: Mapping[str, str]) -> str | None:
    if type(node) is ast.Attribute and type(node.value) is ast.Name:
        return platform.get(f"{node.value.id}.{node.attr}")
    return None


def _strings(node: ast.expr) -> tuple[str, ...] | None:
    """A string literal, or a tuple, list or set of them, as a tuple."""
    if type(node) is ast.Constant and type(node.value) is str:
        return (node.value,)
    if type(node) in (ast.Tuple, ast.List, ast.Set):
        elements = node.elts  # type: ignore[attr-defined]
        if all(type(e) is ast.Constant and type(e.value) is str for e in elements):
            return tuple(e.value for e in elements)
    return None


def library_test_truth(test: ast.expr, version: tuple[int, ...]) -> bool | None:
    """What a test of an installed package's code gives where it is installed: a test of
    ``sys.version_info`` (for ``version``) or of the platform; None for any other test."""
    if type(test) is ast.Compare:
        truth = version_truth(test, version)
        if truth is not None:
            return truth
    return platform_truth(test)


def _is_version_info(node: ast.expr) -> bool:
    return (
        type(node) is ast.Attribute
        and node.attr == "version_info"
        and type(node.value) is ast.Name
        and node.value.id == "sys"
    )


#: Displays whose elements are written one by one: ``{k: v}``, ``[a, b]``, ``(a, b)``, ``{a, b}``.
_DISPLAYS = frozenset({ast.Dict, ast.List, ast.Tuple, ast.Set})
#: Nodes that open a scope of their own (:data:`syntax.NESTED_SCOPES`), for a type lookup.
_NESTED = frozenset(NESTED_SCOPES)

#: Calls that start a task on the running loop and raise ``RuntimeError`` when none runs.
_TASK_STARTERS = frozenset({"asyncio.create_task", "asyncio.tasks.create_task"})
#: The loop of this thread: the running one, or (in a coroutine) what ``get_event_loop()`` gives.
_LOOP_OF_THIS_THREAD = RAISING_PROBES | EVENT_LOOP_GETTERS


def _plain_arguments(call: ast.Call) -> bool:
    """Whether every argument of ``call`` is a name or a literal (nothing that runs code)."""
    values = [*call.args, *(keyword.value for keyword in call.keywords)]
    return all(type(value) in (ast.Name, ast.Constant) for value in values)


def _log_call(node: ast.expr) -> bool:
    """``logger.debug("...")``, ``self._log.info("%s", name)``: a call on a receiver named
    ``log`` or ``logger`` (underscores aside), with names and literals as its arguments."""
    if type(node) is not ast.Call or type(node.func) is not ast.Attribute:
        return False
    receiver = node.func.value
    name = receiver.attr if type(receiver) is ast.Attribute else getattr(receiver, "id", "")
    return name.lower().strip("_") in ("log", "logger") and _plain_arguments(node)


class ModuleExtractor(CallWalker):
    """Walks one parsed module and collects its :class:`ModuleFacts`.

    Also the ``ctx`` that file rules receive (a :class:`~admf_tsan.lint.rule.FileContext`).
    """

    @property
    def tree(self) -> ast.Module:
        """The module being walked (a newer grammar's in-place rewrite: same lines, columns)."""
        return self._tree

    def _span(self, node: ast.expr) -> tuple[int, int, int, int]:
        """Where ``node`` starts and ends, as a :class:`CallSite` records it."""
        line, column = self.position(node)
        end_line = node.end_lineno or line
        return line, column, end_line, self.column(end_line, node.end_col_offset or 0)

    def run(self) -> None:
        """Walk the whole module; results are left in the public attributes."""
        self._collect_module_symbols(self._tree.body)
        self._lock_free = not self._guard_lines and not may_take_locks(self._tree.body, self.text)
        self._statements(self._tree.body)

    def module_facts(self, noqa: dict[int, frozenset[str] | None]) -> ModuleFacts:
        changed = {
            access.target
            for fn in self.functions
            for access in fn.accesses
            if access.kind == "mutate" and access.target[0] == "self"
        }
        for cls in self.classes:
            if any(cls.tables.values()):
                node = self._class_nodes[id(cls)]
                for attr, names in cls.tables.items():
                    if names and not _table_only_looked_up(node, attr):
                        changed.add(("self", cls.qualname, attr))
        classes = tuple(
            ClassFacts(
                c.qualname,
                c.line,
                c.bases,
                tuple(c.methods),
                c.attributes,
                tuple(c.class_vars),
                properties=tuple(c.properties),
                method_tables=tuple(
                    (attr, tuple(dict.fromkeys(names)))
                    for attr, names in sorted(c.tables.items())
                    if names and ("self", c.qualname, attr) not in changed
                ),
                lock_proxy=lock_proxy(self._class_nodes[id(c)]),
            )
            for c in self.classes
        )
        properties = {name for c in self.classes for name in c.properties}
        functions = prune_accesses(self.functions, self.guards, properties, self.inheriting)
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
            lock_alias_calls=self.lock_alias_calls,
        )

    def _dispatch(self, node: ast.AST) -> None:
        handlers = self._visitors.get(type(node))
        if handlers:
            for code, visit in handlers:
                self._current_code = code
                visit(node, self)

    #: The Python version a library module runs under (``(3, 11, 7)``), set for the modules of
    #: installed packages only: their ``if sys.version_info >= (3, 13):`` branches are decided
    #: for the interpreter they are installed for, and their platform tests (``if os.name ==
    #: "nt":``) for this machine. A project's own code may run under several versions and on
    #: several platforms, so both branches of its tests are read.
    python_version: tuple[int, ...] | None = None

    def library_branch(self, stmt: ast.If) -> list[ast.stmt] | None:
        if self.python_version is None:
            return None
        truth = library_test_truth(stmt.test, self.python_version)
        return None if truth is None else _live_branch(stmt, truth)

    def _constant_test(self, stmt: ast.If | ast.While) -> bool | None:
        """The value the test of ``stmt`` always has: a literal (``if False:``), a module
        switch (``if not _IS_SYNC:``, see ``ScopeWalker.test_truth``) or, in a library module,
        a test of ``sys.version_info``; None when it varies."""
        test = stmt.test
        if type(test) is ast.Constant:
            value = test.value
            return bool(value) if type(value) is bool or type(value) is int else None
        if self.python_version is not None:
            truth = library_test_truth(test, self.python_version)
            if truth is not None:
                return truth
        if self._once_candidates and type(test) in _SWITCH_TESTS:
            return self.test_truth(test)
        return None

    def _live_part(self, stmt: ast.If | ast.While) -> list[ast.stmt] | None:
        """The part of ``stmt`` that runs when its test is constant (the test's evaluated part
        walked first); None when both parts can run."""
        truth = self._constant_test(stmt)
        if truth is None:
            return None
        live = _live_branch(stmt, truth)
        if live is not None:
            test = stmt.test
            if type(test) is ast.BoolOp:
                # ``x and not FLAG``: the operands up to the one that decides are evaluated.
                deciding = type(test.op) is not ast.And
                for operand in test.values:
                    self._expr(operand)
                    if self.test_truth(operand) is deciding:
                        break
            elif type(test) is not ast.Constant:
                self._expr(test)
        return live

    def _live_statements(self, body: list[ast.stmt]) -> Iterator[ast.stmt]:
        """``body`` with every constant-test ``if``/``while`` replaced by the part that runs."""
        for stmt in body:
            if type(stmt) is ast.If or type(stmt) is ast.While:
                live = self._live_part(stmt)
                if live is not None:
                    yield from self._live_statements(live)
                    continue
            yield stmt

    def _statements(self, body: list[ast.stmt]) -> None:
        scope = self._scope
        mark = len(scope.lazy_checks) if scope is not None else 0
        switches = bool(self._once_candidates)
        for stmt in body:
            kind = type(stmt)
            if (kind is ast.If or kind is ast.While) and (
                switches
                or type(stmt.test) is ast.Constant  # type: ignore[attr-defined]
                or self.python_version is not None
            ):
                live = self._live_part(stmt)  # type: ignore[arg-type]
                if live is not None:
                    if scope is not None:
                        self.may_test_types(scope)  # the scan for type tests reads both parts
                    # The other branch never runs: no facts, no findings. The live one is
                    # walked as if written in place (a guard clause in it holds after it).
                    for inner in self._live_statements(live):
                        self._statement(inner)
                    continue
            if scope is None or kind not in _CONDITIONAL:
                self._kind_of_statement(stmt)  # ``_statement``'s first case, without its call
            else:
                self._statement(stmt)
        if scope is not None and len(scope.lazy_checks) > mark:
            del scope.lazy_checks[mark:]  # guard clauses (``if x is not None: return``) end here

    def _statement(self, stmt: ast.stmt) -> None:
        scope = self._scope
        if scope is None or type(stmt) not in _CONDITIONAL:
            self._kind_of_statement(stmt)
            return
        if scope.done_futures:
            # What a branch or a loop body learns of futures (done) does not hold after it.
            done = set(scope.done_futures)
            self._kind_of_statement(stmt)
            scope.done_futures = done
        else:
            self._kind_of_statement(stmt)
        exited = exited_after(stmt)
        if exited is not None:
            scope.done_futures.add(exited)  # ``while p.poll() is None: ...`` ended: p exited

    def _kind_of_statement(self, stmt: ast.stmt) -> None:  # noqa: C901 - one dispatch over kinds
        if self._visitors and type(stmt) in self._visitors:
            self._dispatch(stmt)
        scope = self._scope
        if type(stmt) is ast.Expr:
            value = stmt.value
            if type(value) is ast.Call:
                self._discarded.add(id(value))
            else:
                self._dropped_displays(value)
            self._expr(value)
        elif type(stmt) is ast.Assign:
            value = stmt.value
            targets = stmt.targets
            if (
                type(value) is ast.Call
                and len(targets) == 1
                and type(targets[0]) is ast.Name
                and targets[0].id == "_"
            ):
                # ``_ = f()`` throws the result away as surely as a bare ``f()`` does.
                self._discarded.add(id(value))
            elif (
                scope is not None
                and type(value) is ast.Call
                and len(targets) == 1
                and type(targets[0]) is ast.Name
                and called_name(value) in TASK_SPAWNERS
            ):
                # A task kept only in a local nobody reads is dropped when the function returns.
                line, column = self.position(value)
                scope.task_locals.append((targets[0].id, line, column))
            elif (
                scope is not None
                and type(value) is ast.Constant
                and type(value.value) is bool
                and len(targets) == 1
                and scope.self_name is not None
            ):
                name = _self_attribute(targets[0], scope.self_name)
                if name:
                    scope.flag_stores.append(FlagStore(name, value.value, stmt.lineno))
            if (
                scope is not None
                and type(value) in _DISPLAYS
                and len(targets) == 1
                and type(targets[0]) is ast.Name
            ):
                self._unawaited_in_display(scope, value, targets[0].id)
            read_from = len(scope.accesses) if scope is not None else 0
            self._expr(stmt.value)
            read_to = len(scope.accesses) if scope is not None else 0
            if (
                scope is not None
                and len(targets) == 1
                and type(targets[0]) is ast.Attribute
                and targets[0].attr in PAHO_CALLBACKS
            ):
                # ``client.on_message = self._on_message``: the client's network loop calls it.
                self._stored_callback(scope, targets[0], value)
            for target in stmt.targets:
                self._assign(target, stmt.value)
                if scope is not None and (scope.nonblocking or scope.done_futures):
                    rebound = receiver_key(target) or ""
                    scope.nonblocking.discard(rebound)
                    scope.done_futures.discard(rebound)
            if scope is not None:
                _mark_rereads(scope.accesses, read_from, read_to)
        elif type(stmt) is ast.AnnAssign:
            if stmt.value is not None:
                if (
                    scope is not None
                    and type(stmt.value) in _DISPLAYS
                    and type(stmt.target) is ast.Name
                ):
                    self._unawaited_in_display(scope, stmt.value, stmt.target.id)
            read_from = len(scope.accesses) if scope is not None else 0
            if stmt.value is not None:
                self._expr(stmt.value)
            read_to = len(scope.accesses) if scope is not None else 0
            self._assign(stmt.target, stmt.value, stmt.annotation)
            if scope is not None:
                _mark_rereads(scope.accesses, read_from, read_to)
        elif type(stmt) is ast.AugAssign:
            self._expr(stmt.value)
            self._expr(stmt.target)
            if scope is not None and type(stmt.target) is ast.Name:
                scope.loaded.add(stmt.target.id)
            accesses = scope.accesses if scope is not None else None
            if accesses and accesses[-1].kind == "write":
                if (accesses[-1].line, accesses[-1].column) == self.position(stmt.target):
                    # ``x += 1`` reads the value it replaces: a read-modify-write.
                    accesses[-1] = evolve(accesses[-1], update=True)
        elif type(stmt) is ast.FunctionDef or type(stmt) is ast.AsyncFunctionDef:
            self._function(stmt)
        elif type(stmt) is ast.ClassDef:
            self._classdef(stmt)
        elif type(stmt) is ast.Return:
            if stmt.value is not None:
                if scope is not None and type(stmt.value) in _DISPLAYS:
                    self._unawaited_in_display(scope, stmt.value, None)
                self._expr(stmt.value)
            if scope is not None:
                scope.returned.append(NONE if stmt.value is None else self.typeref(stmt.value))
        elif type(stmt) is ast.Delete:
            for deleted in stmt.targets:
                self._expr(deleted)
        elif type(stmt) is ast.If and scope is not None:
            self._if(stmt, scope)
        elif type(stmt) is ast.While and scope is not None:
            self._while(stmt, scope)
        elif type(stmt) is ast.If or type(stmt) is ast.While:
            self._expr(stmt.test)
            self._statements(stmt.body)
            self._statements(stmt.orelse)
        elif type(stmt) is ast.For or type(stmt) is ast.AsyncFor:
            if type(stmt) is ast.For and type(stmt.iter) is ast.Call:
                self._consumed.add(id(stmt.iter))  # a generator made here runs here
            if scope is not None and not self._lock_free:
                self._iteration_reads(stmt.iter)
            self._expr(stmt.iter)
            if scope is not None and type(stmt.target) is ast.Name:
                scope.done_futures.discard(stmt.target.id)
                if self._as_completed(stmt):
                    scope.done_futures.add(stmt.target.id)  # each future it yields is done
            if type(stmt) is ast.AsyncFor:
                self._await_site(stmt)
            self._assign(stmt.target, None, typeref=self._element_type(stmt.iter))
            if scope is not None:
                self._set_origin(stmt.target, stmt.iter)
            self._statements(stmt.body)
            self._statements(stmt.orelse)
        elif type(stmt) is ast.With or type(stmt) is ast.AsyncWith:
            suppressed = scope is not None and any(
                suppresses_would_block(item.context_expr, self.dotted, self.module_once)
                for item in stmt.items
            )
            if suppressed and scope is not None:
                scope.would_block_depth += 1
            self._with(stmt)
            if suppressed and scope is not None:
                scope.would_block_depth -= 1
        elif type(stmt) is ast.Try or type(stmt) is ast.TryStar:
            would_block = scope is not None and catches_would_block(stmt.handlers, self.module_once)
            if would_block and scope is not None:
                scope.would_block_depth += 1
            before = set(scope.done_futures) if scope is not None else set()
            self._statements(stmt.body)
            if would_block and scope is not None:
                scope.would_block_depth -= 1
            after_body = set(scope.done_futures) if scope is not None else set()
            survivors: list[set[str]] = []
            probes, started = (
                self._probes_running_loop(stmt.body, scope) if scope is not None else (False, None)
            )
            for handler in stmt.handlers:
                if handler.type is not None:
                    self._expr(handler.type)
                if handler.name and scope is not None:
                    scope.locals[handler.name] = None
                if scope is not None:
                    scope.done_futures = set(before)  # the body may have stopped anywhere
                caught = caught_names(handler)
                if (
                    probes
                    and scope is not None
                    and "RuntimeError" in caught
                    and (started is None or caught == {"RuntimeError"})
                ):
                    # ``try: asyncio.get_running_loop() except RuntimeError: ...``: no loop
                    # (where ``started``, the method started as a task, is a coroutine one).
                    saved_held = scope.held
                    where = NO_RUNNING_LOOP if started is None else if_coroutine_mark(started)
                    mark = (where, handler.lineno, handler.col_offset + 1)
                    scope.held = (*saved_held, mark)
                    self._statements(handler.body)
                    scope.held = saved_held
                else:
                    self._statements(handler.body)
                if scope is not None and not exits_block(handler.body):
                    survivors.append(scope.done_futures)
            if scope is not None:
                scope.done_futures = after_body
            self._statements(stmt.orelse)
            if scope is not None:
                scope.done_futures = scope.done_futures.intersection(*survivors)
            if scope is not None and stmt.finalbody:
                scope.finally_depth += 1
                scope.finally_from.append(TrySpans.of(stmt))
                self._statements(stmt.finalbody)
                scope.finally_from.pop()
                scope.finally_depth -= 1
            else:
                self._statements(stmt.finalbody)
        elif type(stmt) is ast.Match:
            self._expr(stmt.subject)
            for case in stmt.cases:
                if case.guard is not None:
                    self._expr(case.guard)
                self._statements(case.body)
        elif type(stmt) is ast.Raise:
            if stmt.exc is not None:
                self._expr(stmt.exc)
            if stmt.cause is not None:
                self._expr(stmt.cause)
        elif type(stmt) is ast.Assert:
            self._expr(stmt.test)
            if stmt.msg is not None:
                self._expr(stmt.msg)
            if scope is not None:
                self._assert_held(stmt, scope)
        elif type(stmt) is ast.Import or type(stmt) is ast.ImportFrom:
            if scope is not None:
                for name, dotted in self._import_bindings(stmt):
                    if name != "*":
                        scope.locals[name] = SameAs(GlobalRef(dotted))
                if scope.is_async:
                    self._import_in_coroutine(scope, stmt)
        elif type(stmt) is ast.Global:
            if scope is not None:
                scope.globals.update(stmt.names)
        # Pass, Break, Continue, Nonlocal: nothing to record.

    def _probes_running_loop(
        self, body: list[ast.stmt], scope: FunctionScope
    ) -> tuple[bool, SelfRef | None]:
        """Whether ``body`` (a ``try``'s) only asks for the running loop, so that its ``except
        RuntimeError:`` handler runs only where no loop runs in the thread; and the method it
        starts as a task, if it is a task probe (``None`` for a strict one).

        Strict: each statement is ``asyncio.get_running_loop()`` (or binds a name to it), a
        ``pass``, a ``return`` of a name or a literal, or a log call (on a receiver named ``log``
        or ``logger``, names and literals as arguments); nothing else can raise the error (no
        other call, no ``await``), and there is one probe at least. A task probe instead starts
        one method of ``self`` as a task on the running loop (``asyncio.create_task(self
        .aclose())``, ``asyncio.get_event_loop().create_task(self.aclose())``,
        ``get_running_loop().create_task(...)``), names and literals as the method's arguments:
        when the method is a coroutine function (the project stage resolves it,
        :data:`handoffs.IF_COROUTINE`), making the coroutine runs none of its code and starting
        it raises the error only where no loop runs. Its handler counts only when it catches
        ``RuntimeError`` alone (``create_task()`` raises ``TypeError`` for what is no
        coroutine)."""
        probed = False
        started: SelfRef | None = None
        for stmt in body:
            value: ast.expr | None
            if type(stmt) is ast.Pass or (
                type(stmt) is ast.Return
                and (stmt.value is None or type(stmt.value) in (ast.Constant, ast.Name))
            ):
                continue
            if type(stmt) is ast.Expr:
                value = stmt.value
                if _log_call(value):
                    continue
                method = self._task_on_running_loop(value, scope)
                if method is not None:
                    if started is not None:
                        return False, None  # two tasks: one coroutine's making may raise
                    probed, started = True, method
                    continue
            elif type(stmt) is ast.Assign and all(type(t) is ast.Name for t in stmt.targets):
                value = stmt.value
            elif type(stmt) is ast.AnnAssign and type(stmt.target) is ast.Name:
                value = stmt.value
            else:
                return False, None
            if not probe_call(value, RAISING_PROBES, self.dotted):
                return False, None
            probed = True
        return probed, started

    def _task_on_running_loop(self, node: ast.expr, scope: FunctionScope) -> SelfRef | None:
        """The method of ``asyncio.create_task(self.aclose())`` or ``<running or event
        loop>.create_task(self.aclose())``, with names and literals as its arguments."""
        if type(node) is not ast.Call or len(node.args) != 1 or node.keywords:
            return None
        made = node.args[0]
        if not (
            type(made) is ast.Call
            and type(made.func) is ast.Attribute
            and type(made.func.value) is ast.Name
            and made.func.value.id == scope.self_name
            and _plain_arguments(made)
        ):
            return None
        method = self.ref(made.func)
        if type(method) is not SelfRef:
            return None
        func = node.func
        if self.dotted(func) in _TASK_STARTERS or (
            type(func) is ast.Attribute
            and func.attr == "create_task"
            and probe_call(func.value, _LOOP_OF_THIS_THREAD, self.dotted)
        ):
            return method
        return None

    def _as_completed(self, stmt: ast.For | ast.AsyncFor) -> bool:
        """``for f in concurrent.futures.as_completed(fs):`` (no timeout)."""
        iterated = stmt.iter
        return (
            type(stmt) is ast.For
            and type(iterated) is ast.Call
            and len(iterated.args) == 1
            and not iterated.keywords
            and self.dotted(iterated.func) in AS_COMPLETED
        )

    def _assign(
        self,
        target: ast.expr,
        value: ast.expr | None,
        annotation: ast.expr | None = None,
        *,
        typeref: TypeRef | None = None,
    ) -> None:
        """Bind ``target`` to ``value`` (typed by ``annotation``, else by ``typeref`` when given,
        else by the value)."""
        scope = self._scope
        several = False
        if annotation is not None:
            typeref = self.annotation_type(annotation)
            if type(typeref) is AnnotType and type(value) is ast.Call:
                # ``q: queue.Queue = queue.Queue(maxsize=10)``: the call says which variant.
                built = self.typeref(value)
                if type(built) is CallType and built.variant and built.callee == typeref.cls:
                    typeref = built
            # ``self.transport: Union[Transport, AsyncTransport] = transport``: declared to be
            # one of several types, so what one construction elsewhere builds is no guide. A
            # value built right here (``self._lock: Lock | RLock = Lock()``) is what it builds.
            several = (
                typeref is None
                and type(value) is not ast.Call
                and self.names_several_types(annotation)
            )
        if typeref is None and value is not None and not several:
            typeref = self.typeref(value)
        if (
            scope is not None
            and type(value) is ast.Name
            and value.id in scope.sync_names
            and annotation is None
        ):
            # ``else: callback = handler`` under ``if iscoroutinefunction(handler):``: whatever
            # ``handler`` resolves to, the value bound here is no coroutine function.
            typeref = None
        if scope is not None and type(target) is ast.Name and target.id in scope.sync_names:
            scope.sync_names = scope.sync_names - {target.id}  # rebound: the test is stale
        if type(target) is ast.Name:
            if scope is not None:
                scope.stores[target.id] = scope.stores.get(target.id, 0) + 1
                if target.id in scope.globals and not self._lock_free:
                    self._access(("g", self.module, target.id), "write", target)
                # Flow-sensitive in walk order: the last assignment before a use wins.
                scope.locals[target.id] = typeref
                scope.bound.setdefault(target.id, []).append(typeref)
                self._set_origin(target, value)
                if type(value) is ast.Call and type(value.func) is ast.Attribute:
                    if value.func.attr == "acquire":
                        scope.trylocks[target.id] = value.func.value
                    else:
                        scope.trylocks.pop(target.id, None)
                else:
                    scope.trylocks.pop(target.id, None)
            elif self._class is not None:
                if several:
                    self._class.attributes[target.id] = None
                    self._class.declared.add(target.id)
                self._class_attribute(self._class, target.id, typeref)
                if target.id not in self._class.class_vars and not self._field_spec(value):
                    self._class.class_vars.append(target.id)
                key = f"{self._class.qualname}.{target.id}"
                self._lock_declarations(key, target, value)
        elif type(target) is ast.Attribute:
            owner = target.value
            if (
                scope is not None
                and type(owner) is ast.Name
                and owner.id == scope.self_name
                and scope.class_qualname is not None
            ):
                cls = self._class_by_name.get(scope.class_qualname)
                if cls is not None:
                    if several:
                        cls.attributes[target.attr] = None
                        cls.declared.add(target.attr)
                    local = typeref.ref if type(typeref) is SameAs else None
                    if (
                        type(value) is ast.Name
                        and type(local) is ValRef
                        and not local.attrs
                        and settled_local(scope.node, value.id, target)
                    ):
                        # ``self._log = data`` publishes what built ``data`` (``sorted(...)``).
                        typeref = local.source
                    self._class_attribute(cls, target.attr, typeref)
                    key = f"{cls.qualname}.{target.attr}"
                    self._lock_declarations(key, target, value)
                    names = _own_method_display(value, scope.self_name)
                    known = cls.tables.get(target.attr, ())
                    cls.tables[target.attr] = (
                        None if names is None or known is None else (*known, *names)
                    )
            if scope is not None and type(owner) is ast.Name and not self._lock_free:
                root = self._state_root(owner.id)
                if root is not None:
                    self._access((*root, target.attr), "write", target)
            self._expr(owner)
        elif type(target) is ast.Tuple or type(target) is ast.List:
            for element in target.elts:
                self._assign(element, None)
        elif type(target) is ast.Starred:
            self._assign(target.value, None)
        else:
            self._expr(target)

    def _import_in_coroutine(self, scope: FunctionScope, stmt: ast.Import | ast.ImportFrom) -> None:
        """``import x`` in a coroutine reads files the first time, on the loop: recorded as a
        call of ``builtins.__import__`` unless the file imports ``x`` at its top already."""
        if type(stmt) is ast.Import:
            modules = [alias.name for alias in stmt.names]
        else:
            modules = [self._import_bindings(stmt)[0][1].rpartition(".")[0]] if stmt.names else []
        if all(self._imported_at_top(module) for module in modules):
            return
        line, column = self.position(stmt)
        end_line = stmt.end_lineno or line
        end_column = self.column(end_line, stmt.end_col_offset or 0)
        scope.calls.append(
            CallSite(
                IMPORT_CALL,
                line,
                column,
                end_line,
                end_column,
                line,
                column,
                False,
                True,
                scope.held,
            )
        )

    def _imported_at_top(self, module: str) -> bool:
        if not module or module in ALWAYS_LOADED or module == "__future__":
            return True
        return any(
            kind == "import"
            and isinstance(dotted, str)
            and (dotted == module or dotted.startswith(module + "."))
            for kind, dotted in self.symbols.values()
        )

    def _await_site(self, node: ast.AST) -> None:
        scope = self._scope
        if scope is not None:
            line, column = self.position(node)
            scope.awaits.append(AwaitSite(line, column, scope.held))

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
        scope = FunctionScope(
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
        positions = {
            arg.arg: str(index)
            for index, arg in enumerate(a for a in positional if a.arg not in (self_name, cls_name))
        }
        for arg in all_args:
            if arg.arg in (self_name, cls_name):
                continue
            scope.locals[arg.arg] = annotated = self.annotation_type(arg.annotation)
            scope.bound[arg.arg] = [annotated]
            default = defaults.get(arg)
            if default is None or (type(default) is ast.Constant and default.value is None):
                scope.origins[arg.arg] = ("param", arg.arg, positions.get(arg.arg, ""))
        saved_class = self._class
        self._class = None
        self._scope = scope
        try:
            self._statements(node.body)
        finally:
            self._scope = parent
            self._class = saved_class
        if parent is not None:
            parent.loaded |= scope.loaded  # a closure reading a name reads the outer one
        if cls is not None and parent is None and decorators & _PROPERTIES:
            cls.properties.append(node.name)
        calls = self._tasks_kept_in_unread_locals(scope) if scope.task_locals else scope.calls
        if scope.by_hand:
            # A lock taken or let go by hand: the ``with`` nesting tells nothing of what is held
            # where a generator resumes.
            calls = [_unconsumed(site) for site in calls]
        elif scope.calls_next:
            kept = {self._span(call) for call in consumed_calls(node, self.dotted)}
            if kept:
                calls = [_consumed(site) if _site_span(site) in kept else site for site in calls]
        if any(lazy_listing_site(site) for site in calls):
            calls = self._listings_not_iterated(node, calls)
        self.functions.append(
            FunctionFacts(
                qualname,
                node.name,
                node.lineno,
                self.column(node.lineno, node.col_offset),
                scope.is_async,
                scope.has_yield,
                class_qualname if (self_name or cls_name) else None,
                tuple(calls),
                tuple(scope.awaits),
                tuple(scope.acquisitions),
                tuple(scope.accesses),
                tuple(scope.dynamic_calls),
                tuple(scope.scheduled),
                bool(decorators & _MEMOIZERS),
                type_tests=type_tests(self, node, scope) if self.tests_types(scope) else (),
                returns=self._returns(node, scope),
                sync_wrapper=scope.is_async and self._runs_to_completion(node),
                opaque_decorator=scope.is_async
                and may_change_coroutine(node, self.dotted, self.module, self._tree),
                parameters=self.parameters(node, scope),
                async_bodies=tuple(scope.async_bodies),
                setup_gate=setup_gate(node, self_name),
                condition_over=_condition_over(node, self.dotted)
                if parent is None and cls is None and _says_condition(node.returns)
                else None,
                plain_generator=scope.has_yield
                and not scope.is_async
                and decorators <= {"staticmethod", "classmethod"}
                and not _cleans_up(node),
                flag_stores=tuple(scope.flag_stores),
                off_platform=tuple(scope.off_platform),
                reacquired=tuple(
                    Reacquire(call.lineno, self.column(call.lineno, call.col_offset))
                    for call in _reacquired(node)
                )
                if scope.by_hand
                else (),
            )
        )

    def _if(self, stmt: ast.If, scope: FunctionScope) -> None:
        """An ``if`` in a function: a branch its platform test rules out here is noted
        (:class:`OffPlatform`) before the walk reads both branches."""
        truth = platform_truth(stmt.test)
        dead = None if truth is None else (stmt.orelse if truth else stmt.body)
        if dead:
            end = max(inner.end_lineno or inner.lineno for inner in dead)
            scope.off_platform.append(OffPlatform(dead[0].lineno, end))
        super()._if(stmt, scope)

    def _field_spec(self, value: ast.expr | None) -> bool:
        """``value`` is a dataclass or attrs field specification (``field(default_factory=
        threading.Lock)``, ``attr.ib(factory=...)``): each instance gets its own value, so the
        name is no class variable shared by the instances."""
        if type(value) is not ast.Call or self.dotted(value.func) not in _FIELD_SPECS:
            return False
        # ``field(default=LOCK)`` / ``attr.ib(LOCK)``: the default is one object the class
        # holds and every instance shares, as ``lock = LOCK`` would be.
        return not value.args and not any(k.arg == "default" for k in value.keywords)

    def _returns(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: FunctionScope
    ) -> TypeRef | None:
        """The return annotation, else the one type every ``return`` agrees on."""
        if node.returns is not None:
            return self.annotation_type(node.returns)
        if scope.has_yield:
            return None
        returned = {typeref for typeref in scope.returned if typeref is not NONE}
        if len(returned) != 1:
            return None
        only = returned.pop()
        return only if only is not None and type(only) is not NoneType else None

    @staticmethod
    def _tasks_kept_in_unread_locals(scope: FunctionScope) -> list[CallSite]:
        """The calls, with each task bound once to a local that is never read marked dropped."""
        dropped = {
            (line, column)
            for name, line, column in scope.task_locals
            if scope.stores.get(name) == 1
            and name not in scope.loaded
            and name not in scope.globals
        }
        if not dropped:
            return scope.calls
        return [
            evolve(site, discarded=True) if (site.line, site.column) in dropped else site
            for site in scope.calls
        ]

    def _listings_not_iterated(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, calls: list[CallSite]
    ) -> list[CallSite]:
        """The calls, with each lazy listing whose result the function hands on instead of
        iterating marked ``catalogue.LISTING_NOT_ITERATED`` (see ``listings.py``)."""
        handed_on = set()
        for call in listings_handed_on(node, self.python_version):
            line, column = self.position(call)
            end_line = call.end_lineno or line
            end_column = self.column(end_line, call.end_col_offset or 0)
            handed_on.add((line, column, end_line, end_column))
        if not handed_on:
            return calls
        return [
            evolve(site, constants=(*site.constants, (LISTING_NOT_ITERATED, True)))
            if (site.line, site.column, site.end_line, site.end_column) in handed_on
            else site
            for site in calls
        ]

    def _element_type(self, iterable: ast.expr) -> TypeRef | None:
        """What iterating ``iterable`` gives: an element of a container (``None``: unknown)."""
        via = "iter"
        if (
            type(iterable) is ast.Call
            and type(iterable.func) is ast.Attribute
            and iterable.func.attr in VALUE_VIEWS
            and not iterable.args
        ):
            iterable, via = iterable.func.value, "values"
        container = self.ref(iterable)
        return None if container is None else ElementOf(container, via)

    def _unawaited_in_display(
        self, scope: FunctionScope, value: ast.expr, bound: str | None
    ) -> None:
        """``{'id': meta.fetch('id'), 'mac': mac}`` in a function that awaits ``meta.fetch(...)``
        elsewhere: a call of the same callee put into a display without ``await``, next to plain
        values (so the display cannot go to ``asyncio.gather()`` whole), is thrown away as a
        coroutine is (ADMF304 reports it when the callee is a coroutine function). The display
        is returned, or bound to a name (``bound``) that the function uses only to return it
        and to store or delete items (``metadata["k"] = v``): any other use (a call's
        argument, an alias, an item read, an iteration, an ``await``) may await its values.
        Task spawners are left out (a task runs without ``await``). One finding per callee and
        display: the first call is marked, the others go with it (``CallSite.also``)."""
        if type(value) is ast.Dict:
            elements: list[ast.expr] = list(value.values)
        else:
            elements = list(value.elts)  # type: ignore[attr-defined]
        calls = [element for element in elements if type(element) is ast.Call]
        if not calls or len(calls) == len(elements):
            return
        if any(type(element) is ast.Starred for element in elements) or (
            type(value) is ast.Dict and None in value.keys
        ):
            return
        awaited, used = self._awaits_and_uses(scope.node)
        if bound is not None and bound in used:
            return
        dropped = [
            call
            for call in calls
            if ast.dump(call.func) in awaited and called_name(call) not in TASK_SPAWNERS
        ]
        firsts: dict[str, ast.Call] = {}
        others: dict[str, list[Spot]] = {}
        for call in dropped:
            key = ast.dump(call.func)
            if key in firsts:
                others[key].append(Spot(*self.position(call)))
            else:
                firsts[key] = call
                others[key] = []
        for key, first in firsts.items():
            self._discarded.add(id(first))
            if others[key]:
                self._also[id(first)] = tuple(others[key])

    def _awaits_and_uses(self, node: ast.AST) -> tuple[frozenset[str], frozenset[str]]:
        """The callees (``ast.dump`` of the call's function) that ``node``'s own body awaits
        calls of, and the names it reads other than to return them (``return x``) or to store
        or delete an item (``x[k] = v``); nested functions and classes are their own."""
        known = self._scanned.get(id(node))
        if known is not None:
            return known
        awaited: set[str] = set()
        used: set[str] = set()
        pending = list(ast.iter_child_nodes(node))
        while pending:
            child = pending.pop()
            kind = type(child)
            if kind in _NESTED:
                continue
            if kind is ast.Await and type(child.value) is ast.Call:  # type: ignore[attr-defined]
                awaited.add(ast.dump(child.value.func))  # type: ignore[attr-defined]
            if kind is ast.Name:
                if type(child.ctx) is ast.Load:  # type: ignore[attr-defined]
                    used.add(child.id)  # type: ignore[attr-defined]
                continue
            for inner in ast.iter_child_nodes(child):
                if type(inner) is ast.Name and (
                    kind is ast.Return
                    or (
                        kind is ast.Subscript
                        and inner is child.value  # type: ignore[attr-defined]
                        and type(child.ctx) is not ast.Load  # type: ignore[attr-defined]
                    )
                ):
                    continue  # ``return x``, ``x[k] = v``, ``del x[k]``
                pending.append(inner)
        result = (frozenset(awaited), frozenset(used))
        self._scanned[id(node)] = result
        return result

    def _dropped_displays(self, value: ast.expr) -> None:
        """Tasks made in a display or comprehension whose value is thrown away are dropped."""
        elements: list[ast.expr] = []
        if type(value) is ast.List or type(value) is ast.Tuple or type(value) is ast.Set:
            elements = value.elts
        elif (
            type(value) is ast.ListComp
            or type(value) is ast.SetComp
            or type(value) is ast.GeneratorExp
        ):
            elements = [value.elt]
        for element in elements:
            if type(element) is ast.Call and called_name(element) in TASK_SPAWNERS:
                self._discarded.add(id(element))

    @staticmethod
    def _property_aliases(cls: ClassScope, body: list[ast.stmt]) -> None:
        """``@property def lock(self): return self._lock``: ``self.lock`` means ``self._lock``."""
        for stmt in body:
            if type(stmt) is not ast.FunctionDef or not stmt.args.args:
                continue
            names = {ModuleExtractor._decorator_name(d) for d in stmt.decorator_list}
            if not names & _PROPERTIES:
                continue
            statements = stmt.body
            if statements and type(statements[0]) is ast.Expr:
                statements = statements[1:]  # the docstring
            if len(statements) != 1 or type(statements[0]) is not ast.Return:
                continue
            attrs: list[str] = []
            value = statements[0].value
            while type(value) is ast.Attribute:
                attrs.append(value.attr)
                value = value.value
            if attrs and type(value) is ast.Name and value.id == stmt.args.args[0].arg:
                cls.property_aliases[stmt.name] = tuple(reversed(attrs))

    def _runs_to_completion(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """Whether a decorator turns the ``async def`` into a plain function (``@gen_test``)."""
        for decorator in node.decorator_list:
            if type(decorator) is ast.Call:
                decorator = decorator.func  # ``@gen_test(timeout=10)``
            if self.dotted(decorator) in SYNC_RUNNERS:
                return True
        return False

    @staticmethod
    def _decorator_name(node: ast.expr) -> str:
        if type(node) is ast.Call:
            node = node.func  # ``@lru_cache(maxsize=None)``
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
        # ``class Deque(Base[int])``: a generic base, subscripted, is still the class ``Base``;
        # ``Generic[T]`` and ``Protocol[T]`` add no methods (an outside class would answer for
        # every name and hide a project base's methods behind it).
        named: list[ast.expr] = []
        for base in node.bases:
            if type(base) is ast.Subscript:
                if _typing_marker(base.value):
                    continue
                base = base.value
            named.append(base)
        bases = tuple(ref for ref in map(self.ref, named) if ref is not None)
        cls = ClassScope(qualname, node.lineno, bases)
        self.note_methods(node)
        self._property_aliases(cls, node.body)
        self.classes.append(cls)
        self._class_by_name[qualname] = cls
        self._class_nodes[id(cls)] = node
        saved_scope, saved_class = self._scope, self._class
        saved_free = self._lock_free
        if self._inherits(node):
            # Its methods may change a base class's guarded state: recorded even in a module
            # that takes no lock (the base's module has the lock; the project stage joins them).
            self.inheriting.add(qualname)
            self._lock_free = False
        # A class body does not see the names of enclosing functions' scopes for ``self``.
        self._scope, self._class = None, cls
        try:
            self._statements(node.body)
        finally:
            self._scope, self._class = saved_scope, saved_class
            self._lock_free = saved_free

    def _inherits(self, node: ast.ClassDef) -> bool:
        """Whether a base of ``node`` may be a class of another module of the project: any base
        but a builtin (``object``, ``Exception``), a class of this module that inherits nothing
        from another, or a class the module imports from a module that keeps no state of
        instances (``typing``, ``abc``, ``enum``...) or from the standard library when this
        module is not itself part of it (a project never lints the standard library's classes
        with its own code). An alias (``_Base = base.Store``) or a name imported inside a
        function may be the project's: it counts."""
        for base in node.bases:
            while True:
                kind = type(base)
                if kind is ast.Attribute:
                    base = base.value  # type: ignore[attr-defined]
                elif kind is ast.Subscript:
                    base = base.value  # type: ignore[attr-defined]
                elif kind is ast.Call:
                    base = base.func  # type: ignore[attr-defined]
                else:
                    break
            if type(base) is not ast.Name:
                return True
            symbol = self.symbols.get(base.id)
            if symbol is None:
                if base.id in _BUILTIN_NAMES:
                    continue
                return True
            if symbol[0] == "class":
                if symbol[1] in self.inheriting:
                    return True
                continue
            if symbol[0] != "import" or symbol[1] is None:
                return True
            top = str(symbol[1]).partition(".")[0]
            if top in _STATELESS_BASE_MODULES:
                continue
            if (
                top in sys.stdlib_module_names
                and self.module.partition(".")[0] not in sys.stdlib_module_names
            ):
                continue
            return True
        return False

    def _dropped_condition(self, condition: ast.expr) -> None:
        """A task made only to be tested for truth (``x if create_task(c) else y``) is dropped."""
        if type(condition) is ast.Call and called_name(condition) in TASK_SPAWNERS:
            self._discarded.add(id(condition))

    def _expr(self, root: ast.expr) -> None:
        # The hottest loop of the linter: one pass per expression node of the file. Node types
        # are tested most frequent first (names, constants, attributes, calls), the scope is
        # read once (an expression never changes it), and children are pushed by a function made
        # for their node type (``syntax.pusher``).
        stack: list[ast.AST] = [root]
        pop = stack.pop
        pushers = PUSHERS
        visitors = self._visitors
        scope = self._scope
        symbols = self.symbols
        # Whether reads are recorded: not in a module whose accesses are all dropped.
        reads = scope is not None and not self._lock_free
        node: Any
        while stack:
            node = pop()
            node_type = type(node)
            if visitors and node_type in visitors:
                self._dispatch(node)
            if node_type is _Name:
                if scope is not None:
                    if type(node.ctx) is not _Store:
                        scope.loaded.add(node.id)
                    if reads and node.id in symbols:
                        self._state_use(node)
                continue
            if node_type is _Constant:
                continue
            if node_type is _Attribute:
                if reads and type(node.value) is _Name:
                    self._state_use(node)
            elif node_type is _Call:
                if scope is not None:
                    if reads:
                        self._snapshot_reads(node)
                    self._call(node)
            elif node_type is _Compare:
                if reads:
                    self._snapshot_reads(node)
            elif node_type is _Subscript:
                if scope is not None and type(node.ctx) is not _Load:
                    self._state_use(node.value, "mutate")
            elif node_type is _Await:
                value = node.value
                self._awaited.add(id(value))
                self._await_site(node)
            elif node_type is _Lambda:
                # The body runs later, elsewhere (often in an executor): not part of this scope.
                args = node.args
                stack.extend(d for d in (*args.defaults, *args.kw_defaults) if d is not None)
                if scope is not None:
                    scope.loaded.update(n.id for n in ast.walk(node.body) if type(n) is _Name)
                continue
            elif node_type is _BoolOp:
                if scope is not None and type(node.op) is _And:
                    self._weakref_checks(node)
            elif node_type is _IfExp:
                self._dropped_condition(node.test)
            elif node_type is _comprehension:
                if reads:
                    self._iteration_reads(node.iter)
                for condition in node.ifs:
                    self._dropped_condition(condition)
            elif node_type is _Yield or node_type is _YieldFrom:
                if scope is not None:
                    scope.has_yield = True
            elif node_type is _NamedExpr:
                if scope is not None and type(node.target) is _Name:
                    scope.walrus.add(node.target.id)
                self._assign(node.target, node.value)
                stack.append(node.value)
                continue
            elif node_type in _COMPREHENSIONS:
                if node_type is _GeneratorExp:
                    # Its calls run only when the generator is iterated, wherever that is: no
                    # call inside it is consumed here (until the marker after its children).
                    self._lazy_depth += 1
                    stack.append(_LEAVE_LAZY)
                elif not self._lazy_depth:
                    for generator in node.generators:
                        if type(generator.iter) is _Call:
                            self._consumed.add(id(generator.iter))
            elif node is _LEAVE_LAZY:
                self._lazy_depth -= 1
                continue
            push = pushers.get(node_type)
            if push is None:
                push = pusher(node_type)
            push(node, stack)


_Name, _Constant, _Attribute, _Call = ast.Name, ast.Constant, ast.Attribute, ast.Call
_Compare, _Subscript, _Await, _Lambda = ast.Compare, ast.Subscript, ast.Await, ast.Lambda
_IfExp, _comprehension, _NamedExpr = ast.IfExp, ast.comprehension, ast.NamedExpr
_GeneratorExp = ast.GeneratorExp


class _LeaveLazy(ast.AST):
    """Pushed below a generator expression's children: the walk has left it when it pops this
    (a node type no file rule visits and no walk descends into)."""


_LEAVE_LAZY = _LeaveLazy()
_COMPREHENSIONS = frozenset({ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp})


def _site_span(site: CallSite) -> tuple[int, int, int, int]:
    return site.line, site.column, site.end_line, site.end_column


def _consumed(site: CallSite) -> CallSite:
    if any(key == CONSUMED_HERE for key, _ in site.constants):
        return site
    return evolve(site, constants=(*site.constants, (CONSUMED_HERE, True)))


def _unconsumed(site: CallSite) -> CallSite:
    if not any(key == CONSUMED_HERE for key, _ in site.constants):
        return site
    return evolve(site, constants=tuple(c for c in site.constants if c[0] != CONSUMED_HERE))


_BoolOp, _And = ast.BoolOp, ast.And
_Yield, _YieldFrom, _Store, _Load = ast.Yield, ast.YieldFrom, ast.Store, ast.Load

_PROPERTIES = frozenset({"property", "cached_property"})

#: Words that name a flag ending an object's set-up (``self._frozen``, ``self.is_sealed``: a
#: whole part of the name): once it is set the object refuses changes, and only then is it
#: handed to other threads. Flags of the other end of an object's life (``_closed``,
#: ``_shutdown``) are not among them: the methods that refuse to run once those are set run
#: concurrently until then; nor are modes chosen when an object is built (``read_only``).
_SETUP_ENDS = frozenset({"frozen", "sealed"})


def _self_attribute(node: ast.expr, self_name: str) -> str | None:
    if type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == self_name:
        return node.attr
    return None


def consumed_calls(
    node: ast.FunctionDef | ast.AsyncFunctionDef, dotted: Callable[[ast.expr], str | None]
) -> list[ast.Call]:
    """The calls of ``node``'s body assigned to a local whose every use is ``next(local)`` or a
    loop over it, each inside every ``with`` around each assignment, and that no nested function
    sees (nor a ``global`` or ``nonlocal`` statement): the function consumes the result where it
    made it, holding what it held there (``facts.CONSUMED_HERE``). The expression walk marks the
    other forms itself as it goes (the iterable of a ``for`` or of a list, set or dict
    comprehension, the argument of ``list()`` and the other ``callwalk._CONSUMING_BUILTINS``,
    never inside a lazy generator expression); ``_function`` calls this, after the walk, only
    for a function that calls ``next()``, and drops every mark of a function that takes a lock
    by hand (``_unconsumed``)."""
    found: list[ast.Call] = []
    assigned: dict[str, list[tuple[ast.Call, tuple[int, ...]]]] = {}
    used: dict[str, list[tuple[int, ...]]] = {}
    spoiled: set[str] = set()
    accepted: set[int] = set()  # the ``Name`` nodes of accepted uses

    # An explicit stack, not a recursive closure: a closure that calls itself is a reference
    # cycle, which would keep the module's tree alive until the next collection.
    stack: list[tuple[ast.AST, tuple[int, ...]]] = [(stmt, ()) for stmt in reversed(node.body)]
    while stack:
        item, withs = stack.pop()
        if isinstance(item, NESTED_SCOPES) or type(item) is ast.GeneratorExp:
            for inner in ast.walk(item):
                if type(inner) is ast.Name:
                    spoiled.add(inner.id)  # a closure may use it anywhere, any time
            continue
        if type(item) is ast.Global or type(item) is ast.Nonlocal:
            spoiled.update(item.names)
            continue
        iterables: list[ast.expr] = []
        if type(item) is ast.For:
            iterables.append(item.iter)
        elif type(item) in _COMPREHENSIONS:  # a generator expression returned above
            iterables.extend(generator.iter for generator in item.generators)  # type: ignore[attr-defined]
        elif (
            type(item) is ast.Call
            and type(item.func) is ast.Name
            and item.args
            and type(item.args[0]) is ast.Name
            and dotted(item.func) in ("next", "builtins.next")
        ):
            iterables.append(item.args[0])
        elif (
            type(item) is ast.Assign
            and len(item.targets) == 1
            and type(item.targets[0]) is ast.Name
            and type(item.value) is ast.Call
        ):
            assigned.setdefault(item.targets[0].id, []).append((item.value, withs))
            accepted.add(id(item.targets[0]))
        elif type(item) is ast.Name and id(item) not in accepted:
            spoiled.add(item.id)
        for value in iterables:  # calls made here are marked by the walk itself
            if type(value) is ast.Name:
                used.setdefault(value.id, []).append(withs)
                accepted.add(id(value))
        inner_withs = (*withs, id(item)) if type(item) in (ast.With, ast.AsyncWith) else withs
        stack.extend((child, inner_withs) for child in reversed(list(ast.iter_child_nodes(item))))
    for name, assignments in assigned.items():
        uses = used.get(name)
        if name in spoiled or not uses:
            continue
        if all(use[: len(at)] == at for _, at in assignments for use in uses):
            found.extend(call for call, _ in assignments)
    return found


def _says_condition(annotation: ast.expr | None) -> bool:
    """Whether a return annotation names a ``Condition`` (a cheap test before reading more)."""
    if type(annotation) is ast.Attribute:
        return annotation.attr.endswith("Condition")
    if type(annotation) is ast.Name:
        return annotation.id.endswith("Condition")
    return type(annotation) is ast.Constant and "Condition" in str(annotation.value)


#: The methods by which an object that stands for a lock gives it back.
PROXY_GIVERS = {"__enter__": ("__exit__",), "acquire": ("release",), "lock": ("unlock", "release")}


def lock_proxy(node: ast.ClassDef) -> tuple[str, int | None, tuple[str, ...]] | None:
    """What :attr:`ClassFacts.lock_proxy` records for the class ``node``: the attribute that
    its taking methods (:data:`PROXY_TAKERS`) take and their pair methods give back, one for
    all of them, and the constructor parameter stored in it."""
    methods = {
        stmt.name: stmt
        for stmt in node.body
        if type(stmt) is ast.FunctionDef and stmt.args.args and stmt.args.args[0].arg == "self"
    }
    attr: str | None = None
    takers: list[str] = []
    for taker in PROXY_TAKERS:
        method = methods.get(taker)
        giver = next((methods[g] for g in PROXY_GIVERS[taker] if g in methods), None)
        if method is None or giver is None:
            continue
        taken = _self_lock_call(method, ("__enter__", "acquire"))
        given = _self_lock_call(giver, ("__exit__", "release"))
        if taken is None or taken != given or (attr is not None and taken != attr):
            return None
        attr = taken
        takers.append(taker)
    if attr is None:
        return None
    return attr, _stored_parameter(methods.get("__init__"), attr), tuple(takers)


def _self_lock_call(method: ast.FunctionDef, names: tuple[str, ...]) -> str | None:
    """``<attr>`` when ``method``'s body calls ``self.<attr>.<one of names>(...)`` as a
    statement or a ``return`` value, once, and takes or gives back nothing else that way."""
    found: set[str] = set()
    for stmt in method.body:
        value = stmt.value if type(stmt) in (ast.Expr, ast.Return) else None  # type: ignore[attr-defined]
        if (
            type(value) is ast.Call
            and type(value.func) is ast.Attribute
            and value.func.attr in names
            and type(value.func.value) is ast.Attribute
            and type(value.func.value.value) is ast.Name
            and value.func.value.value.id == "self"
        ):
            found.add(value.func.value.attr)
    return found.pop() if len(found) == 1 else None


def _stored_parameter(init: ast.FunctionDef | None, attr: str) -> int | None:
    """The position (after ``self``) of the constructor parameter every store of
    ``self.<attr>`` in ``init`` keeps (``= lock``, ``= lock or RLock()``, ``= lock if lock is
    not None else RLock()``), else ``None``."""
    if init is None:
        return None
    parameters = [a.arg for a in init.args.args[1:]]
    stored: set[str | None] = set()
    for node in ast.walk(init):
        if type(node) is ast.Assign:
            targets, value = node.targets, node.value
        elif type(node) is ast.AnnAssign and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if (
                type(target) is ast.Attribute
                and target.attr == attr
                and type(target.value) is ast.Name
                and target.value.id == "self"
            ):
                stored.add(_kept_name(value))
    if len(stored) != 1:
        return None
    name = stored.pop()
    return parameters.index(name) if name in parameters else None


def _kept_name(value: ast.expr) -> str | None:
    """``p`` for ``p``, ``p or default`` and ``p if p is not None else default``."""
    if type(value) is ast.Name:
        return value.id
    if type(value) is ast.BoolOp and type(value.op) is ast.Or and type(value.values[0]) is ast.Name:
        return value.values[0].id
    if type(value) is ast.IfExp and type(value.body) is ast.Name:
        return value.body.id
    return None


def _condition_over(
    node: ast.FunctionDef | ast.AsyncFunctionDef, dotted: Callable[[ast.expr], str | None]
) -> int | None:
    """The position of the parameter every ``return`` of ``node`` builds a condition around
    (``FunctionFacts.condition_over``): ``threading.Condition(lock)`` or a call of another
    parameter, a class the caller chooses (``condition_class(lock)``), at least one of the
    first kind; ``None`` for anything else (a new lock, another argument, a helper's call)."""
    arguments = node.args
    if arguments.vararg is not None or arguments.kwarg is not None:
        return None
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    wrapped: str | None = None
    direct = False
    stack: list[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, NESTED_SCOPES):
            continue
        if type(item) is ast.Return:
            value = item.value
            if type(value) is not ast.Call or not value.args or value.keywords:
                return None
            first = value.args[0]
            if type(first) is not ast.Name or first.id not in names:
                return None
            if wrapped is not None and first.id != wrapped:
                return None
            wrapped = first.id
            func = value.func
            if dotted(func) in CONDITION_CLASSES:
                direct = True
            elif type(func) is not ast.Name or func.id not in names or func.id == wrapped:
                return None
            continue
        stack.extend(ast.iter_child_nodes(item))
    return names.index(wrapped) if wrapped is not None and direct else None


#: Field specifications of dataclasses and attrs classes (``lock: Lock = field(...)``).
_FIELD_SPECS = frozenset(
    {"dataclasses.field", "attr.ib", "attr.attrib", "attr.field", "attrs.field"}
)


def _reacquired(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    """The ``X.acquire()`` calls of ``node`` that follow a ``X.release()`` statement of the
    same block, with no other ``X.acquire()`` between (``FunctionFacts.reacquired``). The
    release must be a statement of that block, not inside a branch, a handler or a nested
    function: then it runs before the acquire whenever the acquire runs."""
    found: list[ast.Call] = []
    stack: list[list[ast.stmt]] = [node.body]
    while stack:
        released: set[str] = set()
        for stmt in stack.pop():
            if isinstance(stmt, NESTED_SCOPES):
                continue
            for call in _lock_calls(stmt, "acquire"):
                taken = ast.dump(call.func.value)  # type: ignore[attr-defined]
                if taken in released:
                    found.append(call)
                released.discard(taken)
            if type(stmt) is ast.Expr:
                let_go = bare_call_receiver(stmt.value, "release")
                if let_go is not None:
                    released.add(ast.dump(let_go))
            stack.extend(nested_blocks(stmt))
    return found


def _lock_calls(stmt: ast.stmt, method: str) -> list[ast.Call]:
    """The ``X.<method>(...)`` calls in ``stmt`` (nested functions and lambdas left out), in
    source order."""
    calls: list[ast.Call] = []
    stack: list[ast.AST] = [stmt]
    while stack:
        current = stack.pop()
        if current is not stmt and isinstance(current, (*NESTED_SCOPES, ast.Lambda)):
            continue
        if (
            type(current) is ast.Call
            and type(current.func) is ast.Attribute
            and current.func.attr == method
        ):
            calls.append(current)
        stack.extend(ast.iter_child_nodes(current))
    calls.sort(key=lambda call: (call.lineno, call.col_offset))
    return calls


def _cleans_up(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the body has a ``finally``, a ``with`` or an ``except`` that catches
    ``GeneratorExit``: code a generator runs when it is closed, which may be long after its last
    ``next()`` (when it is dropped). Statements only: expressions hold none of them."""
    stack: list[list[ast.stmt]] = [node.body]
    while stack:
        for item in stack.pop():
            kind = type(item)
            if kind not in COMPOUND_STATEMENTS and kind is not ast.If:
                continue
            if kind is ast.With or kind is ast.AsyncWith:
                return True
            if kind is ast.Try or kind is ast.TryStar:
                if item.finalbody:  # type: ignore[attr-defined]
                    return True
                for handler in item.handlers:  # type: ignore[attr-defined]
                    if handler.type is None or not {"GeneratorExit", "BaseException"}.isdisjoint(
                        caught_names(handler)
                    ):
                        return True  # ``close()`` raises GeneratorExit at the paused ``yield``
                    stack.append(handler.body)
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(item, field, None)
                if inner:
                    stack.append(inner)
    return False


def setup_gate(
    node: ast.FunctionDef | ast.AsyncFunctionDef, self_name: str | None
) -> SetupGate | None:
    """The :class:`SetupGate` a method starts with (after its docstring), if any: ``if
    self.<flag>: raise ...``, ``assert not self.<flag>`` (a flag of :data:`_SETUP_ENDS`), or a
    call without arguments of another method of the object, ``self._assert_not_frozen()``,
    which ``guards`` accepts only if that method is itself such a test."""
    if self_name is None:
        return None
    body = node.body
    if (
        len(body) > 1
        and type(body[0]) is ast.Expr
        and type(body[0].value) is ast.Constant
        and type(body[0].value.value) is str
    ):
        body = body[1:]
    first = body[0]
    test: ast.expr | None = None
    if type(first) is ast.If and not first.orelse and type(first.body[-1]) is ast.Raise:
        test = first.test
    elif type(first) is ast.Assert and type(first.test) is ast.UnaryOp:
        if type(first.test.op) is ast.Not:
            test = first.test.operand
    elif type(first) is ast.Expr and type(first.value) is ast.Call:
        call = first.value
        method = None if call.args or call.keywords else _self_attribute(call.func, self_name)
        return SetupGate(method, True, first.end_lineno or first.lineno) if method else None
    flag = _self_attribute(test, self_name) if test is not None else None
    if flag and not _SETUP_ENDS.isdisjoint(flag.lower().split("_")):
        return SetupGate(flag, False, first.end_lineno or first.lineno)
    return None


def _own_method_display(value: ast.expr | None, self_name: str | None) -> tuple[str, ...] | None:
    """The method names of a dict, list or tuple display whose every value is ``self.<name>``
    (``{GET: self.on_get, PUT: self.on_put}``), or ``None`` for any other value."""
    if self_name is None:
        return None
    if type(value) is ast.Dict:
        if any(key is None for key in value.keys):
            return None  # ``{**other}`` merges a mapping the display does not show
        elements = value.values
    elif type(value) is ast.List or type(value) is ast.Tuple:
        elements = value.elts
    else:
        return None
    names = []
    for element in elements:
        if (
            type(element) is not ast.Attribute
            or type(element.value) is not ast.Name
            or element.value.id != self_name
        ):
            return None
        names.append(element.attr)
    return tuple(names) if names else None


#: Methods of a dict that only look a key up.
_LOOKUPS = frozenset({"get", "keys", "values", "items", "__contains__", "__getitem__"})


def _table_only_looked_up(cls: ast.ClassDef, attr: str) -> bool:
    """Whether every use of ``self.<attr>`` in the methods of ``cls`` assigns it or looks it up
    (``self.t[k]``, ``self.t[k](...)``, ``k in self.t``, ``self.t.get(k)``): no alias, no
    ``|=``, no argument that another function could change it through."""
    for method in cls.body:
        if type(method) is not ast.FunctionDef and type(method) is not ast.AsyncFunctionDef:
            continue
        arguments = method.args.posonlyargs + method.args.args
        if not arguments:
            continue
        self_name = arguments[0].arg
        parents: dict[int, ast.AST] = {}
        for outer in ast.walk(method):
            for child in ast.iter_child_nodes(outer):
                parents[id(child)] = outer
        for node in ast.walk(method):
            if (
                type(node) is not ast.Attribute
                or node.attr != attr
                or type(node.value) is not ast.Name
                or node.value.id != self_name
            ):
                continue
            parent = parents.get(id(node))
            if type(parent) is ast.Assign and any(target is node for target in parent.targets):
                continue
            if type(parent) is ast.Subscript and parent.value is node:
                if type(parent.ctx) is ast.Load:
                    continue
                return False
            if type(parent) is ast.Compare and any(c is node for c in parent.comparators):
                if all(type(op) in (ast.In, ast.NotIn) for op in parent.ops):
                    continue
                return False
            if type(parent) is ast.Attribute and parent.attr in _LOOKUPS:
                call = parents.get(id(parent))
                if type(call) is ast.Call and call.func is parent:
                    continue
            return False
    return True


def _typing_marker(node: ast.expr) -> bool:
    """``Generic`` or ``Protocol`` (bare or ``typing.``-qualified): a subscripted base that
    only marks a class generic or a protocol."""
    name = node.id if type(node) is ast.Name else node.attr if type(node) is ast.Attribute else ""
    return name in ("Generic", "Protocol")


def _mark_rereads(accesses: list[StateAccess], start: int, end: int) -> None:
    """Mark the writes an assignment appended after ``accesses[start:end]`` (its value's
    accesses) whose state the value reads: ``self.x = self.x + 1``, ``self.state =
    self.state.next()``, a value wrapped over several lines. The store is then the write of a
    read-modify-write, as an augmented assignment's is."""
    read = {access.target for access in accesses[start:end] if access.kind != "write"}
    if not read:
        return
    for position in range(end, len(accesses)):
        access = accesses[position]
        if access.kind == "write" and access.target in read:
            accesses[position] = evolve(access, rereads=True)
