"""Call facts of the walk: the call sites worth keeping, and callbacks handed to a loop or
thread.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any

from admf_tsan.catalogue import FUTURE_DONE, NONBLOCKING_SOCKET, NONBLOCKING_SOCKETS, NOT_GIVEN
from admf_tsan.lint.analysis.facts import (
    CONSUMED_HERE,
    CallSite,
    CallType,
    ClsRef,
    DynamicCall,
    GlobalRef,
    Parameters,
    ParamTest,
    PassedArguments,
    Ref,
    SameAs,
    ScheduledCallback,
    SelfRef,
    SuperRef,
)
from admf_tsan.lint.analysis.lockwalk import NEEDS_OWNER, LockWalker
from admf_tsan.lint.analysis.scopes import (
    FunctionScope,
    called_name,
    caught_names,
    last_name,
    receiver_key,
)
from admf_tsan.lint.analysis.statefacts import (
    GROWERS,
    MUTATORS,
    exits_block,
)
from admf_tsan.lint.analysis.syntax import nested_blocks
from admf_tsan.lint.analysis.typetests import mentions_test

_LITERALS = (bool, int, float, type(None))
#: Arguments that may be recorded besides literals: IP-address strings, negative numbers,
#: OR-ed constants.
_READ_ARGUMENTS = frozenset({ast.Constant, ast.Name, ast.Attribute, ast.BinOp, ast.UnaryOp})
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
    # paho-mqtt's ``client.message_callback_add(sub, f)`` (``handoffs.paho_callback``).
    "message_callback_add": 1,
}
#: Builtins that run through the iterable they are given at once (``facts.CONSUMED_HERE``).
_CONSUMING_BUILTINS = frozenset(
    f"builtins.{name}"
    for name in "list tuple set frozenset sorted dict sum any all min max".split()
)
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


#: Exceptions only non-blocking I/O raises: a ``try`` that catches one of them runs its socket
#: calls on a non-blocking socket (they return at once or raise, they do not wait).
_WOULD_BLOCK = frozenset({"BlockingIOError", "SSLWantReadError", "SSLWantWriteError"})


def catches_would_block(
    handlers: list[ast.ExceptHandler], module_once: Callable[[str], ast.expr | None]
) -> bool:
    """Whether a handler catches :data:`_WOULD_BLOCK` (alone, ``ssl.X``, or in a tuple).

    A module-level name bound once to a tuple (``BLOCKING_IO_ERRORS = (BlockingIOError,
    ssl.SSLWantReadError)``, ``ScopeWalker.module_once``) is read as that tuple. So is the
    older spelling of the same handler (:func:`_tests_would_block_errno`).
    """
    for handler in handlers:
        caught = handler.type
        if caught is None:
            continue  # a bare except: names nothing
        if _names_would_block(caught, module_once) or _tests_would_block_errno(handler):
            return True
    return False


#: The error numbers of a call that would block on a non-blocking descriptor.
_WOULD_BLOCK_ERRNOS = frozenset({"EAGAIN", "EWOULDBLOCK"})
#: The classes an I/O error is caught as before ``BlockingIOError`` (``socket.error``,
#: ``select.error``: ``error`` once imported).
_OS_ERRORS = frozenset({"OSError", "IOError", "EnvironmentError", "error"})


def _tests_would_block_errno(handler: ast.ExceptHandler) -> bool:
    """Whether the handler is the older spelling of ``except BlockingIOError:`` that ends the
    read: it catches an I/O error class (``socket.error``, ``OSError``), and an ``if`` (or
    ``elif``) of its own body tests ``EAGAIN`` or ``EWOULDBLOCK`` and leaves there (``break``,
    ``return``), or raises every other error (``if e.errno != EAGAIN: raise``). Not one that
    retries on it (``continue``), raises on it (a kernel timeout, ``SO_RCVTIMEO``, makes a
    blocking socket raise ``EAGAIN``), tests ``EINTR`` in the same test (the guard of blocking
    I/O), or tests the number only in a nested ``try``."""
    if not caught_names(handler) & _OS_ERRORS:
        return False
    found = False
    for stmt in handler.body:
        branch: ast.stmt | None = stmt
        while type(branch) is ast.If:
            named = _errno_names(branch.test)
            if named & _WOULD_BLOCK_ERRNOS:
                if "EINTR" in named or _continues(branch.body):
                    return False
                leaves = any(type(inner) in (ast.Break, ast.Return) for inner in branch.body)
                raises_others = _negated(branch.test) and all(
                    type(inner) is ast.Raise for inner in branch.body
                )
                if (leaves and not _negated(branch.test)) or raises_others:
                    found = True
            branch = branch.orelse[0] if len(branch.orelse) == 1 else None
    return found


def _errno_names(test: ast.expr) -> set[str]:
    """The upper-case names ``test`` reads (``errno.EAGAIN``, or ``EAGAIN`` imported)."""
    found: set[str] = set()
    for node in ast.walk(test):
        if type(node) is ast.Name and node.id.isupper():
            found.add(node.id)
        elif type(node) is ast.Attribute and node.attr.isupper():
            found.add(node.attr)
    return found


def _negated(test: ast.expr) -> bool:
    """``x != EAGAIN``, ``x not in (...)``, ``not (...)``: true for every other error."""
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        return True
    return type(test) is ast.Compare and all(
        type(op) in (ast.NotEq, ast.NotIn, ast.IsNot) for op in test.ops
    )


def _continues(body: list[ast.stmt]) -> bool:
    """Whether ``body`` has a ``continue`` of the loop around it (not of a loop inside it)."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if type(node) is ast.Continue:
            return True
        if isinstance(
            node,
            ast.For
            | ast.AsyncFor
            | ast.While
            | ast.FunctionDef
            | ast.AsyncFunctionDef
            | ast.ClassDef
            | ast.Lambda,
        ):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def suppresses_would_block(
    expr: ast.expr,
    dotted: Callable[[ast.expr], str | None],
    module_once: Callable[[str], ast.expr | None],
) -> bool:
    """Whether ``expr`` is ``contextlib.suppress(...)`` of :data:`_WOULD_BLOCK` (a ``with``
    around a read of a non-blocking descriptor, as ``try: ... except BlockingIOError:``)."""
    return (
        type(expr) is ast.Call
        and dotted(expr.func) == "contextlib.suppress"
        and any(_names_would_block(arg, module_once) for arg in expr.args)
    )


def _names_would_block(caught: ast.expr, module_once: Callable[[str], ast.expr | None]) -> bool:
    if type(caught) is ast.Name and caught.id not in _WOULD_BLOCK:
        value = module_once(caught.id)
        if type(value) is ast.Tuple:
            caught = value
    names = caught.elts if type(caught) is ast.Tuple else [caught]
    return any(last_name(name) in _WOULD_BLOCK for name in names)


#: The catalogue's variant of a socket made non-blocking (``catalogue.NONBLOCKING_SOCKETS``).
NONBLOCKING_VARIANT = NONBLOCKING_SOCKETS.variant
_WRAP_FUTURE = frozenset({"asyncio.wrap_future", "asyncio.futures.wrap_future"})
_FUTURES_WAIT = frozenset({"concurrent.futures.wait", "concurrent.futures._base.wait"})
#: Methods and functions that :meth:`CallWalker._future_methods` / ``_future_functions`` read.
_FUTURE_METHODS = frozenset({"add_done_callback", "wait"})
#: Statement calls that take or give back the lock their receiver is or stands for.
_TAKE_OR_GIVE = frozenset({"acquire", "release", "lock", "unlock"})
_FUTURE_FUNCTIONS = _WRAP_FUTURE | _FUTURES_WAIT
#: Methods whose call ``CallWalker._call`` reads the receiver of in any case.
_RECEIVER_METHODS = _FUTURE_METHODS | {"setblocking", "settimeout"}
AS_COMPLETED = frozenset(
    {"concurrent.futures.as_completed", "concurrent.futures._base.as_completed"}
)


def _waits_for_all(node: ast.Call) -> bool:
    """``wait(fs)`` with no timeout and ``return_when`` absent or ``ALL_COMPLETED``."""
    if len(node.args) > 2 or any(k.arg == "timeout" for k in node.keywords):
        return False
    when = [k.value for k in node.keywords if k.arg == "return_when"]
    if not when:
        return True
    name = when[0]
    return (type(name) is ast.Attribute and name.attr == "ALL_COMPLETED") or (
        type(name) is ast.Name and name.id == "ALL_COMPLETED"
    )


def _callback_node(scope: FunctionScope, callback: ast.expr) -> ast.AST | None:
    """The lambda, or the ``def`` nested in this function, that ``callback`` names."""
    if type(callback) is ast.Lambda:
        return callback
    if type(callback) is not ast.Name or callback.id not in scope.local_defs:
        return None
    for node in ast.walk(scope.node):
        if (
            type(node) in (ast.FunctionDef, ast.AsyncFunctionDef)
            and node is not scope.node
            and node.name == callback.id  # type: ignore[attr-defined]
        ):
            return node
    return None


def _events_set(node: ast.AST) -> dict[int, str]:
    """The ``e.set`` under ``node`` (called or passed on): node id -> the name ``e``."""
    return {
        id(sub): sub.value.id
        for sub in ast.walk(node)
        if type(sub) is ast.Attribute and sub.attr == "set" and type(sub.value) is ast.Name
    }


def _makes_nonblocking(node: ast.Call, method: str) -> bool:
    """``setblocking(False)`` / ``setblocking(0)`` or ``settimeout(0)`` / ``settimeout(0.0)``."""
    if len(node.args) != 1 or node.keywords or type(node.args[0]) is not ast.Constant:
        return False
    value = node.args[0].value
    if method == "setblocking":
        return value is False or (type(value) is int and value == 0)
    return type(value) in (int, float) and value == 0


#: What calling returns the referent and runs no code of the program's: weak references.
WEAKREF_TYPES = frozenset(
    {"weakref.ref", "weakref.ReferenceType", "weakref.WeakMethod", "_weakref.ReferenceType"}
)


def _plain_value(node: ast.expr) -> bool:
    """Whether evaluating ``node`` twice gives the same object: names, attributes, constant
    subscripts (``r[1]``, ``self._ref``), nothing that calls or assigns."""
    while True:
        if type(node) is ast.Name:
            return True
        if type(node) is ast.Attribute:
            node = node.value
        elif type(node) is ast.Subscript and type(node.slice) is ast.Constant:
            node = node.value
        else:
            return False


#: String arguments up to this long are recorded (``colour="async"``, ``mode="sync"``: what a
#: parameter test of the callee compares with); longer ones (messages, queries) are not.
_STRING_LIMIT = 24


def _short_string(value: object) -> bool:
    """A string literal argument the facts record as itself (:data:`_STRING_LIMIT`)."""
    return type(value) is str and len(value) <= _STRING_LIMIT


#: Literals a parameter test compares with, and literal defaults (``Parameters``).
_TEST_LITERALS = (bool, int, float, str, type(None))
#: Decorators that leave a function's parameters as its callers pass them (a decorator that
#: supplies an argument itself would make a default that a test decides a wrong guess).
_PLAIN_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "abstractmethod", "override", "final", "cache", "lru_cache"}
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_LOOPS = frozenset({ast.For, ast.AsyncFor, ast.While})
_SCOPE_KINDS = frozenset(_SCOPES)
#: Statements with statement lists inside (besides ``if`` and nested scopes).
COMPOUND_STATEMENTS = frozenset(
    {ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.TryStar, ast.Match}
)
#: Statements that bind no name and hold no block (most of a body).
_BINDS_NOTHING = frozenset(
    {ast.Expr, ast.Return, ast.Pass, ast.Raise, ast.Break, ast.Continue, ast.Assert, ast.Global}
)


def parameter_names(scope: FunctionScope) -> frozenset[str]:
    """The names of a function's parameters a call passes (not ``self``/``cls``, ``*args`` or
    ``**kwargs``)."""
    arguments = scope.node.args
    implicit = (scope.self_name, scope.cls_name)
    return frozenset(
        arg.arg
        for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
        if arg.arg not in implicit
    )


#: Names an expression as a class (``ScopeWalker.ref`` of a global), None when it cannot.
ClassNamer = Callable[[ast.expr], str | None]


def parameter_test(
    test: ast.expr,
    names: frozenset[str],
    classes: ClassNamer | None = None,
    attributes: bool = False,
) -> Any:
    """``test`` as a value of ``deps/flow.py``'s outline (``("is", ("n", "p"), ("c", None),
    True)``), with only the parameters ``names`` as names; None when it tests none of them.
    With ``classes``, ``isinstance(p, C)`` of a parameter reads as ``("isinstance", ("n", "p"),
    ("pkg.C",))`` (the dotted names of the classes; ADMF120 decides it where the caller's own
    test ruled those classes out or in); with ``attributes`` also ``isinstance(p.attr, C)``,
    as ``("isinstance", ("n", "p.attr"), ...)``."""
    value, named = _test_value(test, names, classes, attributes)
    return value if named else None


def _test_value(
    node: ast.expr,
    names: frozenset[str],
    classes: ClassNamer | None = None,
    attributes: bool = False,
) -> tuple[tuple[Any, ...], bool]:
    """The outline value of ``node`` and whether it reads a parameter (tuples, as the facts'
    codec gives them back)."""
    if type(node) is ast.Call:
        if classes is not None:
            tested = _isinstance_test(node, names, classes, attributes)
            if tested is not None:
                return tested, True
        return ("u",), False
    if isinstance(node, ast.Name):
        return (("n", node.id), True) if node.id in names else (("u",), False)
    if isinstance(node, ast.Constant) and isinstance(node.value, _TEST_LITERALS):
        return ("c", node.value), False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner, named = _test_value(node.operand, names, classes, attributes)
        return ("not", inner), named
    if isinstance(node, ast.BoolOp):
        parts = [_test_value(value, names, classes, attributes) for value in node.values]
        tag = "and" if isinstance(node.op, ast.And) else "or"
        return (tag, tuple(value for value, _ in parts)), any(named for _, named in parts)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = node.ops[0]
        if isinstance(op, (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
            left, left_named = _test_value(node.left, names)
            right, right_named = _test_value(node.comparators[0], names)
            tag = "is" if isinstance(op, (ast.Is, ast.IsNot)) else "eq"
            negated = isinstance(op, (ast.IsNot, ast.NotEq))
            return (tag, left, right, negated), left_named or right_named
    return ("u",), False


_ISINSTANCE = "builtins.isinstance"


def _isinstance_test(
    node: ast.Call, names: frozenset[str], classes: ClassNamer, attributes: bool = False
) -> tuple[Any, ...] | None:
    """``isinstance(p, C)`` / ``isinstance(p, (C, D))`` of a parameter ``p`` (with
    ``attributes``, also of ``p.attr``) with classes named by globals, as ``("isinstance",
    ("n", "p"), ("pkg.C", "pkg.D"))``; else None."""
    if not _tests_instance_of(node, names, attributes):
        return None
    subject = node.args[0]
    kinds = node.args[1]
    options = kinds.elts if type(kinds) is ast.Tuple else [kinds]
    named = [classes(option) for option in options]
    if not named or classes(node.func) != _ISINSTANCE:
        return None
    dotted: list[str] = []
    for name in named:
        if name is None:
            return None
        dotted.append(name)
    return ("isinstance", ("n", _subject_name(subject)), tuple(dotted))


def _subject_name(subject: ast.expr) -> str:
    """``p`` or ``p.attr`` (a subject :func:`_tests_instance_of` accepted)."""
    if type(subject) is ast.Attribute:
        return f"{subject.value.id}.{subject.attr}"  # type: ignore[attr-defined]
    return subject.id  # type: ignore[attr-defined,no-any-return]


def _tests_instance_of(node: ast.expr, names: frozenset[str], attributes: bool = False) -> bool:
    """``isinstance(p, ...)`` of one of the parameters ``names`` (by its spelling); with
    ``attributes``, also ``isinstance(p.attr, ...)``."""
    if type(node) is not ast.Call or len(node.args) != 2 or node.keywords:
        return False
    func, subject = node.func, node.args[0]
    if type(func) is not ast.Name or func.id != "isinstance":
        return False
    if attributes and type(subject) is ast.Attribute:
        subject = subject.value
    return type(subject) is ast.Name and subject.id in names


#: The shapes of calls with 0 to 7 positional arguments and nothing else (one object each).
_POSITIONAL_ONLY = tuple(PassedArguments(count) for count in range(8))
_POSITIONAL_LIMIT = len(_POSITIONAL_ONLY)
_NO_NAMES: frozenset[str] = frozenset()


def _reads_parameter(node: ast.expr, names: frozenset[str]) -> bool:
    """Whether a test may read a parameter where :func:`parameter_test` looks (a name, under
    ``not``, ``and``/``or`` or a comparison)."""
    if type(node) is ast.Name:
        return node.id in names
    if type(node) is ast.UnaryOp:
        return _reads_parameter(node.operand, names)
    if type(node) is ast.BoolOp:
        for value in node.values:
            if _reads_parameter(value, names):
                return True
        return False
    if type(node) is ast.Compare:
        return _reads_parameter(node.left, names) or _reads_parameter(node.comparators[0], names)
    return _tests_instance_of(node, names)


def _tests_instance_of_parameter(node: ast.expr, names: frozenset[str]) -> bool:
    """Whether a test may read ``isinstance(p, ...)`` or ``isinstance(p.attr, ...)`` of a
    parameter where :func:`parameter_test` looks (under ``not`` and ``and``/``or``)."""
    while type(node) is ast.UnaryOp:
        node = node.operand
    if type(node) is ast.BoolOp:
        return any(_tests_instance_of_parameter(value, names) for value in node.values)
    return _tests_instance_of(node, names, attributes=True)


class _ParameterScan:
    """One pass over a function's statements (not its expressions): the parameters it binds
    again (``p = ...``, ``p += 1``, ``for p in``, ``with ... as p``, ``del p``, ``except E as
    p``, ``import p``, a capture in ``case``, a nested function's ``nonlocal p``), and the
    regions a test of the others decides (:class:`ParamTest`). A walrus (``(p := ...)``) is
    not seen here: the walk counts it as a store (``Parameters.rebound``).

    With ``attributes`` (a coroutine's scan), ``isinstance(p.attr, C)`` is a test too, and
    ``p.attr = ...`` binds ``p.attr`` again. With ``early`` (a sync function's scan), a test
    of a parameter that the function binds again only after the test (not before it, nor
    later in a loop around it: ``if isinstance(addr, Station): ... elif ...: addr = ...``)
    still decides its region, by the argument's value: its test reads
    ``ARGUMENT + "addr"`` (``stores``: the names the walk saw bound; a name bound by a walrus
    anywhere, ``walrus``, leaves the test undecided).
    """

    def __init__(
        self,
        names: frozenset[str],
        classes: ClassNamer | None = None,
        *,
        attributes: bool = False,
        early: bool = False,
        stores: frozenset[str] = frozenset(),
        walrus: frozenset[str] = frozenset(),
    ) -> None:
        self.names = names
        self.walrus = walrus
        self.classes = classes
        self.attributes = attributes
        self.early = early
        self.stores = stores
        self.rebound: set[str] = set()
        #: ``(first statement, last statement, test, parameters read)`` of each region.
        self._regions: list[tuple[ast.stmt, ast.stmt, Any, frozenset[str]]] = []
        #: Regions (indexes) whose test read no name bound before it (with ``early``).
        self._early: set[int] = set()
        #: For each loop being scanned, the early regions made in it so far.
        self._loops: list[list[int]] = []

    def run(self, body: list[ast.stmt]) -> _ParameterScan:
        if self.names:
            self._block(body)
        #: Parameters the statements do not bind again: a test of these holds the arguments'.
        self.kept = kept = self.names - self.rebound
        rebound = self.rebound
        regions = []
        for index, region in enumerate(self._regions):
            read = region[3]
            if all(
                name in kept
                or ("." in name and name not in rebound and name.partition(".")[0] in kept)
                for name in read
            ):
                regions.append(region)
            elif index in self._early and not read & ((self.stores - rebound) | self.walrus):
                first, last, test, _ = region
                regions.append((first, last, _as_passed(test, read - kept), read))
        self.regions = regions
        self.tested = {name for region in self.regions for name in region[3]}
        return self

    def _block(self, body: list[ast.stmt]) -> None:
        for index, stmt in enumerate(body):
            kind = type(stmt)
            if kind in _BINDS_NOTHING:
                continue
            if kind is ast.If:
                self._if(stmt, body, index)  # type: ignore[arg-type]
                self._block(stmt.body)  # type: ignore[attr-defined]
                self._block(stmt.orelse)  # type: ignore[attr-defined]
                continue
            if kind in _LOOPS and self.early:
                self._loop(stmt)
                continue
            if kind in _SCOPE_KINDS:
                self._nested_scope(stmt)  # type: ignore[arg-type]
                continue
            if kind is ast.Assign and len(stmt.targets) == 1:  # type: ignore[attr-defined]
                # The most frequent statement: ``name = ...``.
                target = stmt.targets[0]  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    self.rebound.add(target.id)
                    continue
            self._rebinds(stmt)
            if kind in COMPOUND_STATEMENTS:
                for child in nested_blocks(stmt):
                    self._block(child)

    def _loop(self, stmt: ast.stmt) -> None:
        """A loop: a test in it is early only if the loop binds none of the names it reads
        (a later iteration tests the value bound in an earlier one)."""
        before = frozenset(self.rebound)
        self._loops.append([])
        self._rebinds(stmt)
        for child in nested_blocks(stmt):
            self._block(child)
        made = self._loops.pop()
        bound = self.rebound - before
        kept = []
        for index in made:
            if self._regions[index][3] & bound:
                self._early.discard(index)
            else:
                kept.append(index)
        if self._loops:
            self._loops[-1].extend(kept)

    def _nested_scope(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """A nested ``def`` or ``class`` binds its name; a ``nonlocal p`` in it rebinds ``p``
        (statements only: ``nonlocal`` is one)."""
        self.rebound.add(stmt.name)
        pending: list[ast.stmt] = [stmt]
        while pending:
            for inner in nested_blocks(pending.pop()):
                for child in inner:
                    if isinstance(child, ast.Nonlocal):
                        self.rebound.update(child.names)
                    elif type(child) not in _BINDS_NOTHING:
                        pending.append(child)

    def _if(self, stmt: ast.If, body: list[ast.stmt], index: int) -> None:
        test = parameter_test(stmt.test, self.names, self.classes, self.attributes)
        if test is None:
            return
        read = frozenset(_names_in(test))
        early = self.early and not read & self.rebound
        self._region(stmt.body, test, read, early)
        self._region(stmt.orelse, ("not", test), read, early)
        # ``if not p: return`` (or ``raise``, ``continue``, ``break``): the rest of the block
        # runs only when ``p``.
        if exits_block(stmt.body):
            self._region(body[index + 1 :], ("not", test), read, early)
        elif exits_block(stmt.orelse):
            self._region(body[index + 1 :], test, read, early)

    def _region(self, body: list[ast.stmt], test: Any, read: frozenset[str], early: bool) -> None:
        if body:
            if early:
                self._early.add(len(self._regions))
                if self._loops:
                    self._loops[-1].append(len(self._regions))
            self._regions.append((body[0], body[-1], test, read))

    def _rebinds(self, stmt: ast.stmt) -> None:
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = list(stmt.targets)
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            targets = [stmt.target]
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            targets = [stmt.target]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            targets = [item.optional_vars for item in stmt.items if item.optional_vars]
        elif isinstance(stmt, ast.Delete):
            targets = list(stmt.targets)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.rebound.update(
                (alias.asname or alias.name).partition(".")[0] for alias in stmt.names
            )
        elif isinstance(stmt, (ast.Try, ast.TryStar)):
            self.rebound.update(handler.name for handler in stmt.handlers if handler.name)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                for node in ast.walk(case.pattern):
                    name = getattr(node, "name", None) or getattr(node, "rest", None)
                    if name:
                        self.rebound.add(name)
        while targets:
            target = targets.pop()
            if isinstance(target, ast.Name):
                self.rebound.add(target.id)
            elif (
                self.attributes and type(target) is ast.Attribute and type(target.value) is ast.Name
            ):
                self.rebound.add(f"{target.value.id}.{target.attr}")
            elif isinstance(target, (ast.Tuple, ast.List)):
                targets.extend(target.elts)
            elif isinstance(target, ast.Starred):
                targets.append(target.value)


#: In a :class:`ParamTest`, ``ARGUMENT + "p"`` names the value the call passed for ``p``, which
#: the function binds again after the test (``Parameters.rebound``).
ARGUMENT = "="


def _as_passed(value: tuple[Any, ...], names: frozenset[str]) -> tuple[Any, ...]:
    """``value`` with each of ``names`` read as the argument passed (``ARGUMENT + name``)."""
    tag = value[0]
    if tag == "n":
        return ("n", ARGUMENT + value[1]) if value[1] in names else value
    if tag == "isinstance":
        return (tag, _as_passed(value[1], names), value[2])
    return (
        tag,
        *(
            (
                tuple(_as_passed(operand, names) for operand in part)
                if type(part[0]) is not str
                else _as_passed(part, names)
            )
            if type(part) is tuple and part
            else part
            for part in value[1:]
        ),
    )


def _attribute_of(node: ast.expr, names: frozenset[str]) -> str | None:
    """``"p.attr"`` for ``node`` spelling ``p.attr`` of a parameter ``p`` in ``names``."""
    if type(node) is ast.Attribute:
        value = node.value
        if type(value) is ast.Name and value.id in names:
            return f"{value.id}.{node.attr}"
    return None


def reads_instance(value: tuple[Any, ...]) -> bool:
    """Whether an outline value (a parameter test) holds an ``isinstance`` test."""
    tag = value[0]
    if tag == "isinstance":
        return True
    if tag == "not":
        return reads_instance(value[1])
    if tag == "and" or tag == "or":
        return any(reads_instance(operand) for operand in value[1])
    return False


def _names_in(value: tuple[Any, ...]) -> Iterator[str]:
    """The parameters an outline value reads (``("n", name)`` anywhere in it)."""
    if value[0] == "n":
        yield value[1]
        return
    for part in value[1:]:
        if type(part) is tuple and part:
            if type(part[0]) is str:
                yield from _names_in(part)
            else:
                for operand in part:
                    yield from _names_in(operand)


class CallWalker(LockWalker):
    """Records :class:`CallSite`, :class:`DynamicCall` and :class:`ScheduledCallback` facts."""

    #: The function whose parameter names were read last, and those names.
    _named: tuple[FunctionScope | None, frozenset[str]] = (None, frozenset())
    #: The functions being walked with an ``if`` that tests a parameter, until their facts
    #: are made.
    _tests_parameter: dict[int, FunctionScope] | None = None
    #: The coroutines being walked with an ``if`` that tests ``isinstance`` of a parameter:
    #: their calls record the parameters they pass on, and their facts the regions such a
    #: test decides (what ADMF120 knows of an argument a coroutine's call passes).
    _tests_instance: dict[int, FunctionScope] | None = None
    #: The functions (by id) with an ``if`` that :func:`typetests.mentions_test`, or a branch
    #: the walk skipped (never run, not walked): only theirs are scanned for type tests.
    _type_tested: dict[int, FunctionScope] | None = None

    def _weakref_checks(self, node: ast.BoolOp) -> None:
        """``isinstance(x, weakref.ref) and x() is None``: the later ``x()`` is a dereference.

        Calling a weak reference returns its referent (or None) and runs no code of the
        program's, so such a call is no callback (held-out celery ``Signal``, whose receivers
        are callables or weak references to them)."""
        checked: set[str] = set()
        for value in node.values:
            if checked:
                for sub in ast.walk(value):
                    if (
                        type(sub) is ast.Call
                        and not sub.args
                        and not sub.keywords
                        and ast.dump(sub.func) in checked
                    ):
                        self._weakref_derefs.add(id(sub))
            if (
                type(value) is ast.Call
                and type(value.func) is ast.Name
                and value.func.id == "isinstance"
                and len(value.args) == 2
                and _plain_value(value.args[0])
            ):
                kinds = value.args[1]
                options = kinds.elts if type(kinds) is ast.Tuple else [kinds]
                refs = [self.ref(option) for option in options]
                if options and all(
                    type(ref) is GlobalRef and ref.name in WEAKREF_TYPES for ref in refs
                ):
                    checked.add(ast.dump(value.args[0]))

    def _call(self, node: ast.Call) -> None:
        scope = self._scope
        if scope is None:
            return
        func = node.func
        if type(func) is ast.Name:
            if func.id == "next":
                scope.calls_next = True
        elif type(func) is ast.Attribute and (func.attr == "acquire" or func.attr == "release"):
            scope.by_hand = True
        taker = called_name(node)
        if taker is not None and taker in _CALLBACK_TAKERS:
            self._scheduled(scope, node, taker)
        if type(func) is ast.Attribute and func.attr in MUTATORS:
            # ``d.setdefault(k, v)`` inserts only if ``k`` is absent, in one step: it is its
            # own re-test, so no earlier test of ``d`` makes it a check-then-act.
            self._state_use(
                func.value, "mutate", func.attr in GROWERS, tested=func.attr == "setdefault"
            )
        elif (type(func) is ast.Name and func.id in scope.origins) or type(func) is ast.Subscript:
            origin = self._origin(func)
            if origin is not None and origin[0] == "param" and len(origin) > 2:
                if type(func) is not ast.Name or func.id != origin[1]:
                    origin = origin[:2]  # an element of the parameter, or a name bound to it
            if origin is not None and id(node) not in self._weakref_derefs:
                line, column = self.position(node)
                scope.dynamic_calls.append(DynamicCall(origin, line, column, scope.held))
        callee = self.ref(func)
        discarded = id(node) in self._discarded
        if callee is None:
            return
        if (
            type(callee) is GlobalRef
            and callee.name in _CONSUMING_BUILTINS
            and not self._lazy_depth
        ):
            first = node.args[0] if node.args else None
            if type(first) is ast.Call:
                self._consumed.add(id(first))  # ``list(self._rows())`` runs it through here
        if type(callee) is GlobalRef and callee.name in _INERT_BUILTINS:
            return
        line = node.lineno
        end_line = node.end_lineno or line
        func_end_line = func.end_lineno or line
        if self._text_lines is None:  # an ASCII file: columns are byte offsets
            column = node.col_offset + 1
            end_column = (node.end_col_offset or 0) + 1
            func_end_column = (func.end_col_offset or 0) + 1
        else:
            column = self.column(line, node.col_offset)
            end_column = self.column(end_line, node.end_col_offset or 0)
            func_end_column = self.column(func_end_line, func.end_col_offset or 0)
        constants: list[tuple[int | str, Any]] = []
        passed = None
        if node.args or node.keywords:
            self._call_constants(node, constants)
            passed = self._passed(node, scope)
        if type(func) is ast.Attribute:
            # The receiver is named only where one is known non-blocking or done, or for the
            # methods that change or use that (most calls: none of these).
            receiver = (
                receiver_key(func.value)
                if scope.nonblocking or scope.done_futures or func.attr in _RECEIVER_METHODS
                else None
            )
            if receiver is not None and receiver in scope.nonblocking:
                constants.append((NONBLOCKING_SOCKET, True))
            elif scope.would_block_depth:
                constants.append((NONBLOCKING_SOCKET, True))
            if receiver is not None and func.attr in ("setblocking", "settimeout"):
                made = scope.locals.get(receiver)
                if _makes_nonblocking(node, func.attr):
                    scope.nonblocking.add(receiver)
                    if type(made) is CallType:
                        # From here on the local is a non-blocking socket (if it is a socket):
                        # what the function returns, and attributes assigned from it, say so.
                        scope.locals[receiver] = CallType(made.callee, NONBLOCKING_VARIANT)
                else:
                    scope.nonblocking.discard(receiver)
                    if type(made) is CallType and made.variant == NONBLOCKING_VARIANT:
                        scope.locals[receiver] = CallType(made.callee)
            if receiver is not None:
                if receiver in scope.done_futures:
                    constants.append((FUTURE_DONE, True))
                if func.attr in _FUTURE_METHODS:
                    self._future_methods(scope, node, func.attr, receiver)
        elif scope.would_block_depth and type(func) is ast.Name and func.id in scope.locals:
            # A bound method kept in a local (``recv = self._sock.recvmsg``, then ``recv(n)``)
            # in a ``try`` that catches ``BlockingIOError``: as the call through the object.
            constants.append((NONBLOCKING_SOCKET, True))
        if type(callee) is GlobalRef and callee.name in _FUTURE_FUNCTIONS:
            self._future_functions(scope, node, callee.name)
        if id(node) in self._consumed:
            constants.append((CONSUMED_HERE, True))
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
                passed,
                self._also.get(id(node), ()),
            )
        )
        if discarded and type(func) is ast.Attribute and func.attr in _TAKE_OR_GIVE:
            # ``lock()``/``unlock()``: an object that stands for a lock (``ClassFacts.lock_proxy``)
            self._entry_held_evidence(scope, func, line, column)
            self._explicit_lock_call(
                scope, func, line, column, acquire=func.attr in ("acquire", "lock")
            )
        elif discarded and type(func) is ast.Attribute and func.attr in NEEDS_OWNER:
            self._entry_held_evidence(scope, func, line, column)

    def _call_constants(self, node: ast.Call, constants: list[tuple[int | str, Any]]) -> None:
        """The arguments of ``node`` the facts record (``types.read_argument``, and short string
        literals, :data:`_STRING_LIMIT`), by position or keyword. A name or an attribute not
        spelled in upper case reads as nothing: tested here before reading it (most arguments
        are such names)."""
        for position, arg in enumerate(node.args):
            if type(arg) is ast.Name:
                if not arg.id.isupper():
                    continue
            elif type(arg) is ast.Attribute:
                if not arg.attr.isupper():
                    continue
            elif type(arg) is ast.Constant:
                if isinstance(arg.value, _LITERALS) or _short_string(arg.value):
                    constants.append((position, arg.value))
                    continue
            elif type(arg) not in _READ_ARGUMENTS:
                continue
            read = self.argument(arg)
            if read is not NOT_GIVEN:
                constants.append((position, read))
        for keyword in node.keywords:
            value = keyword.value
            if not keyword.arg:
                continue
            if type(value) is ast.Constant and (
                isinstance(value.value, _LITERALS) or _short_string(value.value)
            ):
                constants.append((keyword.arg, value.value))
            elif type(value) in _READ_ARGUMENTS:
                read = self.argument(value)
                if read is not NOT_GIVEN:
                    constants.append((keyword.arg, read))

    def _passed(self, node: ast.Call, scope: FunctionScope) -> PassedArguments:
        """The shape of the arguments of ``node`` (:class:`PassedArguments`). A parameter
        passed on is not recorded in a coroutine (a chain starts at a coroutine's call, its
        parameters unknown) unless a test of ``isinstance`` of a parameter came before (what
        it rules out is known, ``_coroutine_parameters``); one the function binds again is in
        ``Parameters.rebound``. In such a coroutine, an attribute of a parameter (``p.attr``)
        passed on is recorded too, as ``"p.attr"``."""
        attributes = scope.is_async
        if attributes:
            tested = self._tests_instance
            if tested is None or tested.get(id(scope)) is not scope:
                names = _NO_NAMES
            else:
                named = self._named
                names = named[1] if named[0] is scope else self._parameter_names(scope)
        else:
            named = self._named
            names = named[1] if named[0] is scope else self._parameter_names(scope)
        if not node.keywords:
            # Most calls: positional arguments only, none of them a parameter passed on.
            args = node.args
            count = len(args)
            if count < _POSITIONAL_LIMIT:
                for arg in args:
                    kind = type(arg)
                    if kind is ast.Starred or (kind is ast.Name and arg.id in names):  # type: ignore[attr-defined]
                        break
                    if attributes and names and _attribute_of(arg, names) is not None:
                        break
                    if (kind is ast.Name or kind is ast.Attribute) and self._code_argument(
                        arg, scope
                    ):
                        break
                else:
                    return _POSITIONAL_ONLY[count]
        positional = 0
        spread = False
        forwarded: list[tuple[int | str, str]] = []
        code: list[tuple[int | str, Ref]] = []
        for arg in node.args:
            if type(arg) is ast.Starred:
                spread = True
                break
            if type(arg) is ast.Name and arg.id in names:
                forwarded.append((positional, arg.id))
            elif attributes and (dotted := _attribute_of(arg, names)) is not None:
                forwarded.append((positional, dotted))
            else:
                naming = self._code_argument(arg, scope)
                if naming is not None:
                    code.append((positional, naming))
            positional += 1
        keywords: list[str] = []
        for keyword in node.keywords:
            if keyword.arg is None:
                spread = True
                continue
            keywords.append(keyword.arg)
            value = keyword.value
            if type(value) is ast.Name and value.id in names:
                forwarded.append((keyword.arg, value.id))
            elif attributes and (dotted := _attribute_of(value, names)) is not None:
                forwarded.append((keyword.arg, dotted))
            else:
                naming = self._code_argument(value, scope)
                if naming is not None:
                    code.append((keyword.arg, naming))
        return PassedArguments(positional, tuple(keywords), tuple(forwarded), spread, tuple(code))

    def _code_argument(self, arg: ast.expr, scope: FunctionScope) -> Ref | None:
        """The code an argument names (:attr:`PassedArguments.code`): ``self.m``, ``cls.m``,
        ``super().m``, a local bound to one of them, or a module-level function, class or
        import; ``None`` for anything else (a parameter, a value, a lambda)."""
        kind = type(arg)
        if kind is ast.Attribute:
            value = arg.value  # type: ignore[attr-defined]
            if type(value) is ast.Name:
                if value.id != scope.self_name and value.id != scope.cls_name:
                    return None
            elif not (
                type(value) is ast.Call
                and type(value.func) is ast.Name
                and value.func.id == "super"
                and not value.args
            ):
                return None
            ref = self.ref(arg)
            return ref if isinstance(ref, SelfRef | ClsRef | SuperRef) else None
        if kind is not ast.Name:
            return None
        name: str = arg.id  # type: ignore[attr-defined]
        enclosing: FunctionScope | None = scope
        while enclosing is not None:
            if name in enclosing.locals or name in enclosing.local_defs:
                if enclosing is not scope:
                    return None  # a variable of an enclosing function
                bound = scope.locals.get(name)
                if type(bound) is SameAs and isinstance(bound.ref, SelfRef | ClsRef | SuperRef):
                    return bound.ref  # ``subscribe = super().subscribe``
                return None
            enclosing = enclosing.parent
        symbol = self.symbols.get(name)
        if symbol is None or symbol[0] not in ("def", "class", "import"):
            return None
        ref = self.ref(arg)
        return ref if type(ref) is GlobalRef else None

    def _parameter_names(self, scope: FunctionScope) -> frozenset[str]:
        named = self._named
        if named[0] is not scope:
            named = self._named = (scope, parameter_names(scope))
        return named[1]

    def _if(self, stmt: ast.If, scope: FunctionScope) -> None:
        """An ``if`` in a function: whether its test reads a parameter is noted (only such a
        function's statements are scanned for :class:`ParamTest`; in a coroutine, only a test
        of ``isinstance`` of a parameter is noted)."""
        named = self._named
        names = named[1] if named[0] is scope else self._parameter_names(scope)
        if not scope.is_async:
            if names and _reads_parameter(stmt.test, names):
                tested = self._tests_parameter
                if tested is None:
                    tested = self._tests_parameter = {}
                tested[id(scope)] = scope
        elif names and _tests_instance_of_parameter(stmt.test, names):
            marked = self._tests_instance
            if marked is None:
                marked = self._tests_instance = {}
            marked[id(scope)] = scope
        if mentions_test(stmt.test):
            self.may_test_types(scope)
        super()._if(stmt, scope)

    def may_test_types(self, scope: FunctionScope) -> None:
        """Note that ``scope`` may hold a type test (:meth:`tests_types`)."""
        marked = self._type_tested
        if marked is None:
            marked = self._type_tested = {}
        marked[id(scope)] = scope

    def tests_types(self, scope: FunctionScope) -> bool:
        """Whether ``scope`` (a function walked to its end) was noted by :meth:`may_test_types`:
        else ``typetests.type_tests`` would find nothing in it."""
        marked = self._type_tested
        return marked is not None and marked.pop(id(scope), None) is scope

    def parameters(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: FunctionScope
    ) -> Parameters | None:
        """What ADMF120 needs of a walked function's parameters (:class:`Parameters`), for a
        plain function (not a coroutine, not a generator) whose decorators cannot change its
        arguments, that tests a parameter or gives one a literal default; else None (a call's
        arguments decide nothing there, and one passed on is taken as unknown). Whether it is
        recorded does not depend on the function's calls, so that adding a call changes only
        that call's facts (``incremental.py`` reuses the project stage after such edits)."""
        tested = self._tests_parameter is not None and (
            self._tests_parameter.pop(id(scope), None) is scope
        )
        arguments = node.args
        if scope.is_async:
            return self._coroutine_parameters(node, scope)
        if scope.has_yield:
            return None
        if not tested and not arguments.defaults and not any(arguments.kw_defaults):
            return None
        for decorator in node.decorator_list:
            if type(decorator) is ast.Call:
                decorator = decorator.func
            if last_name(decorator) not in _PLAIN_DECORATORS:
                return None
        positional = [*arguments.posonlyargs, *arguments.args]
        defaults = [
            (arg.arg, default.value)
            for arg, default in (
                *zip(reversed(positional), reversed(arguments.defaults), strict=False),
                *zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True),
            )
            if type(default) is ast.Constant and isinstance(default.value, _TEST_LITERALS)
        ]
        if not tested and not defaults:
            return None  # nothing a call's arguments could decide here
        named = self._named
        names = named[1] if named[0] is scope else parameter_names(scope)
        if not names:
            return None
        passed_on = {
            name for site in scope.calls if site.passed for _, name in site.passed.forwarded
        }
        regions: list[tuple[ast.stmt, ast.stmt, Any, frozenset[str]]] = []
        read = set(passed_on)
        statements_rebind: set[str] = set()
        if tested or passed_on:
            scan = self._scan_parameters(node, scope, names, early=True)
            regions, statements_rebind = scan.regions, scan.rebound
            read |= scan.tested
        if not regions and not defaults:
            return None
        # A parameter a test reads or a call passes on that the body binds again.
        rebound = {name for name in (*scope.stores, *statements_rebind) if name in read}
        return self._parameters_fact(node, scope, defaults, rebound, regions)

    def _coroutine_parameters(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: FunctionScope
    ) -> Parameters | None:
        """For a coroutine that tests ``isinstance`` of a parameter (``if isinstance(response,
        SyncResponse): ... else: super().receive_response(response)``), the regions those
        tests decide: ADMF120 knows there which classes an argument passed on is not an
        instance of. Its other parameters are unknown (a chain starts at its call)."""
        marked = self._tests_instance
        if marked is None or marked.pop(id(scope), None) is not scope or scope.has_yield:
            return None
        names = self._parameter_names(scope)
        scan = self._scan_parameters(node, scope, names, attributes=True)
        regions = [region for region in scan.regions if reads_instance(region[2])]
        if not regions:
            return None
        read = {name for region in regions for name in region[3]}
        rebound = {name for name in (*scope.stores, *scan.rebound) if name in read}
        return self._parameters_fact(node, scope, [], rebound, regions)

    def _parameters_fact(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        scope: FunctionScope,
        defaults: list[tuple[str, Any]],
        rebound: set[str],
        regions: list[tuple[ast.stmt, ast.stmt, Any, frozenset[str]]],
    ) -> Parameters:
        """The :class:`Parameters` of ``node``: its names (``self``/``cls`` left out), the
        literal ``defaults``, the parameters the body binds again and the tests ``regions``
        decide."""
        arguments = node.args
        implicit = scope.self_name or scope.cls_name
        return Parameters(
            tuple(
                arg.arg for arg in (*arguments.posonlyargs, *arguments.args) if arg.arg != implicit
            ),
            tuple(arg.arg for arg in arguments.kwonlyargs),
            tuple(sorted(defaults)),
            "self" if scope.self_name else "cls" if scope.cls_name else "",
            arguments.vararg.arg if arguments.vararg else None,
            arguments.kwarg.arg if arguments.kwarg else None,
            tuple(sorted(rebound)),
            tuple(self._param_test(*region) for region in regions),
        )

    def _scan_parameters(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        scope: FunctionScope,
        names: frozenset[str],
        *,
        attributes: bool = False,
        early: bool = False,
    ) -> _ParameterScan:
        """:class:`_ParameterScan` of a walked function, its classes read in ``scope``."""
        saved = self._scope
        self._scope = scope
        try:
            return _ParameterScan(
                names,
                self._class_name,
                attributes=attributes,
                early=early,
                stores=frozenset(scope.stores) if early else frozenset(),
                walrus=frozenset(scope.walrus) if early else frozenset(),
            ).run(node.body)
        finally:
            self._scope = saved

    def _class_name(self, node: ast.expr) -> str | None:
        """The dotted name a global ``node`` refers to (a class tested with ``isinstance``)."""
        ref = self.ref(node)
        return ref.name if type(ref) is GlobalRef else None

    def _param_test(self, first: ast.stmt, last: ast.stmt, test: Any, _: Any) -> ParamTest:
        """The :class:`ParamTest` of the statements ``first`` to ``last`` (character columns)."""
        line, column = self.position(first)
        end_line = last.end_lineno or line
        return ParamTest(
            line, column, end_line, self.column(end_line, last.end_col_offset or 0), test
        )

    def _future_methods(
        self, scope: FunctionScope, node: ast.Call, method: str, receiver: str
    ) -> None:
        """``f.add_done_callback(cb)`` whose callback alone sets a fresh local event, and the
        ``await event.wait()`` that then leaves ``f`` done."""
        if method == "add_done_callback" and node.args:
            callback = _callback_node(scope, node.args[0])
            if callback is None:
                return
            in_callback = _events_set(callback)
            everywhere = _events_set(scope.node)
            elsewhere = {everywhere[n] for n in everywhere.keys() - in_callback.keys()}
            for event in set(in_callback.values()):
                if isinstance(scope.locals.get(event), CallType) and event not in elsewhere:
                    scope.done_by_event.setdefault(event, set()).add(receiver)
        elif method == "wait" and id(node) in self._awaited and receiver in scope.done_by_event:
            scope.done_futures |= scope.done_by_event[receiver]

    def _future_functions(self, scope: FunctionScope, node: ast.Call, name: str) -> None:
        """``await asyncio.wrap_future(f)`` and ``concurrent.futures.wait([f, g])`` leave the
        futures done."""
        if name in _WRAP_FUTURE and id(node) in self._awaited and node.args:
            key = receiver_key(node.args[0])
            if key is not None:
                scope.done_futures.add(key)
        elif name in _FUTURES_WAIT and node.args and _waits_for_all(node):
            listed = node.args[0]
            if type(listed) in (ast.List, ast.Tuple, ast.Set):
                for element in listed.elts:  # type: ignore[attr-defined]
                    key = receiver_key(element)
                    if key is not None:
                        scope.done_futures.add(key)

    def _scheduled(self, scope: FunctionScope, node: ast.Call, taker: str) -> None:
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
        callback = self._handed(handed)
        if callback is not None:
            line, column = self.position(node)
            func = node.func
            receiver = self.ref(func.value) if type(func) is ast.Attribute else None
            scope.scheduled.append(
                ScheduledCallback(callback, taker, receiver, line, column, self.ref(func))
            )

    def _stored_callback(
        self, scope: FunctionScope, target: ast.Attribute, value: ast.expr
    ) -> None:
        """``client.on_message = handle``: a callback stored in an attribute of an object that
        calls it later (``method`` is the attribute; :func:`handoffs.paho_callback` says
        whose object it must be)."""
        callback = self._handed(value)
        if callback is not None:
            line, column = self.position(target)
            scope.scheduled.append(
                ScheduledCallback(callback, target.attr, self.ref(target.value), line, column)
            )

    def _handed(self, handed: ast.expr) -> Ref | None:
        """The function a hand-off gives: ``f`` of ``f``, ``obj.f``, ``lambda: f(x)`` and
        ``functools.partial(f, x)`` (the last two run ``f`` there as well)."""
        if type(handed) is ast.Lambda and type(handed.body) is ast.Call:
            handed = handed.body.func
        elif (
            type(handed) is ast.Call
            and handed.args
            and self.dotted(handed.func) == "functools.partial"
        ):
            handed = handed.args[0]
        if type(handed) is not ast.Name and type(handed) is not ast.Attribute:
            return None
        return self.ref(handed)
