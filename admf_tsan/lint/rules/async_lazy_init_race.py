"""ADMF306: async lazy initialisation whose ``None`` check sits outside the ``asyncio.Lock``."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import ClassVar

from admf_tsan.lint.analysis.scopes import receiver_key as _key
from admf_tsan.lint.analysis.statefacts import exits_block, lazy_check_subjects, recheck_subjects
from admf_tsan.lint.analysis.syntax import NESTED_SCOPES, nested_blocks
from admf_tsan.lint.rule import FileContext, FileRule, Invalid


def _private(node: ast.expr, walk: _Walk) -> bool:
    """``node`` names one of the coroutine's private locals (``page``, or the ``seen`` of
    ``key not in seen``): no other task shares it."""
    if type(node) is ast.Subscript:
        node = node.value
    return type(node) is ast.Name and node.id in walk.private


def _lock_key(node: ast.expr) -> str | None:
    """What ``async with node:`` takes when it is a lock-like object already built (not a call:
    ``async with session.get(url)`` is a request, not a lock)."""
    if type(node) is ast.Subscript:
        base = _key(node.value)
        return None if base is None else f"{base}[{ast.unparse(node.slice)}]"
    return _key(node)


def _refuses_waiters(previous: ast.stmt | None, taken: tuple[str, ...]) -> bool:
    """Whether ``previous`` is ``if <lock>.locked(): raise ...`` (or ``return``) for a lock in
    ``taken``, with no ``else``: the statement just before ``async with <lock>:``."""
    if type(previous) is not ast.If or previous.orelse or not exits_block(previous.body):
        return False
    test = previous.test
    return (
        type(test) is ast.Call
        and not test.args
        and not test.keywords
        and type(test.func) is ast.Attribute
        and test.func.attr == "locked"
        and _lock_key(test.func.value) in taken
    )


def _own_lock_name(
    stmt: ast.AsyncWith, function: ast.AsyncFunctionDef, ctx: FileContext
) -> str | None:
    """The attribute name of the lock ``stmt`` takes when it is ``self.<name>``, an
    ``asyncio.Lock`` the class of ``function`` makes for itself (``self._lock =
    asyncio.Lock()``); else ``None``."""
    if len(stmt.items) != 1:
        return None
    lock = stmt.items[0].context_expr
    if not (
        type(lock) is ast.Attribute and type(lock.value) is ast.Name and lock.value.id == "self"
    ):
        return None
    name = lock.attr
    owner = next(
        (
            node
            for node in ast.walk(ctx.tree)
            if type(node) is ast.ClassDef and function in node.body
        ),
        None,
    )
    if owner is None or not any(
        type(node) is ast.Assign
        and type(node.value) is ast.Call
        and ctx.dotted(node.value.func) in ("asyncio.Lock", "asyncio.locks.Lock")
        and any(
            type(target) is ast.Attribute
            and target.attr == name
            and type(target.value) is ast.Name
            and target.value.id == "self"
            for target in node.targets
        )
        for node in ast.walk(owner)
    ):
        return None
    return name


def _lone_own_lock(stmt: ast.AsyncWith, function: ast.AsyncFunctionDef, ctx: FileContext) -> bool:
    """Whether the lock ``stmt`` takes is an ``asyncio.Lock`` its class makes for itself
    (:func:`_own_lock_name`), taken nowhere else in the module by that attribute's name
    (``async with`` or ``acquire()`` on any object), and ``stmt`` is in no loop of
    ``function``. Then no task ever waits for the lock: a task that finds it free takes it
    without suspending (``asyncio.Lock.acquire`` queues behind a waiter not yet run, and a
    ``Semaphore`` or a lock handed in from outside may have other takers)."""
    name = _own_lock_name(stmt, function, ctx)
    if name is None:
        return False
    if any(
        isinstance(node, ast.For | ast.AsyncFor | ast.While)
        and any(inner is stmt for inner in ast.walk(node))
        for node in ast.walk(function)
    ):
        return False
    taken = 0
    for node in ast.walk(ctx.tree):
        if type(node) is ast.AsyncWith:
            taken += len(_items_named(node, name))
        elif _acquires(node, name):
            taken += 1
    return taken == 1


def _items_named(node: ast.AsyncWith, name: str) -> list[int]:
    """The positions of the items of ``node`` that take a lock ``<anything>.<name>``."""
    return [
        position
        for position, item in enumerate(node.items)
        if type(item.context_expr) is ast.Attribute and item.context_expr.attr == name
    ]


def _acquires(node: ast.AST, name: str) -> bool:
    """Whether ``node`` is ``<anything>.<name>.acquire(...)``."""
    return (
        type(node) is ast.Call
        and type(node.func) is ast.Attribute
        and node.func.attr == "acquire"
        and type(node.func.value) is ast.Attribute
        and node.func.value.attr == name
    )


_SUSPENDS = (ast.Await, ast.AsyncFor, ast.AsyncWith)


def _never_held_across_suspension(
    stmt: ast.AsyncWith, function: ast.AsyncFunctionDef, ctx: FileContext
) -> bool:
    """Whether the lock ``stmt`` takes is the class's own ``asyncio.Lock``
    (:func:`_own_lock_name`) and every ``async with`` of that attribute's name in the module
    holds it over code that cannot suspend (no ``await``, ``async for`` or ``async with``
    inside), with no ``acquire()`` of it anywhere. Then no task runs while another holds it, no
    task ever finds it taken, and taking it never suspends: nothing runs between a test made
    just before ``async with`` and the body (exchanges-wrapper, held-out batch 46)."""
    name = _own_lock_name(stmt, function, ctx)
    if name is None:
        return False
    for node in ast.walk(ctx.tree):
        if type(node) is ast.AsyncWith:
            positions = _items_named(node, name)
            if not positions:
                continue
            # Entering a later item (``async with self._lock, other:``) may suspend too.
            if positions != [len(node.items) - 1]:
                return False
            if any(isinstance(inner, _SUSPENDS) for b in node.body for inner in ast.walk(b)):
                return False
        elif _acquires(node, name):
            return False
    return True


def _state_read(value: ast.expr) -> bool:
    """``self._x``, ``self._d[k]``, ``self._d.get(k)``, ``self._d.setdefault(k, v)`` (which
    keeps the entry another task put there first): a read of state, not a value built."""
    if type(value) is ast.Call:
        func = value.func
        if type(func) is not ast.Attribute or func.attr not in _LOOKUPS or value.keywords:
            return False
        value = func.value
    return type(value) is ast.Attribute or type(value) is ast.Subscript


#: Mapping methods that look an entry up (``setdefault`` inserts only where none is).
_LOOKUPS = frozenset({"get", "setdefault"})


def _takes_a_lock(body: list[ast.stmt]) -> bool:
    """Whether the statements ``body`` (nested functions and classes left out) hold an ``async
    with`` of something already built (``async with self._lock:``, not a call), which is how
    the walk below comes to hold a lock. Statements only: expressions hold none."""
    stack = [body]
    while stack:
        for stmt in stack.pop():
            if isinstance(stmt, NESTED_SCOPES):
                continue
            if type(stmt) is ast.AsyncWith and any(
                type(item.context_expr) is not ast.Call for item in stmt.items
            ):
                return True
            stack.extend(nested_blocks(stmt))
    return False


def _read_names(node: ast.AsyncFunctionDef, walk: _Walk) -> None:
    """Fill ``walk``'s ``private``, ``declared`` and ``assigned`` from one pass over ``node``.

    ``private`` are the names ``node`` binds (parameters, assignments, loop and ``with``
    targets) that hold only the task's own values: never assigned a read of state (``status =
    self._status``), never stored into state (``self._cache[key] = page``, ``self._client =
    client``, ``self._r, self._w = r, w``, ``await self._cache.set(key, value)``) and not
    declared ``global`` or ``nonlocal``. Each task has its own (``page = await
    self._find_page()``, ``seen = {}``), so a test of one is no test of shared state. Nested
    functions bind nothing of the coroutine's; their ``global``/``nonlocal`` declarations, call
    assignments and keyed stores are read as the coroutine's own are."""
    arguments = node.args
    parameters = {
        arg.arg for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
    } | {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    bound = set(parameters)
    kept: set[str] = set()
    declared: set[str] = set()
    stores: list[tuple[list[ast.expr], ast.expr]] = []  # (targets, value) of assignments
    # What runs at another time (nested scopes) or outside the body (decorators, defaults)
    # is read only for declarations, call assignments and keyed stores.
    elsewhere: list[ast.AST] = [*node.decorator_list, arguments]
    if node.returns is not None:
        elsewhere.append(node.returns)

    def note(current: ast.AST) -> None:
        if isinstance(current, ast.Global | ast.Nonlocal):
            declared.update(current.names)
        elif (
            type(current) is ast.Assign
            and len(current.targets) == 1
            and type(current.targets[0]) is ast.Name
            and type(current.value) is ast.Call
        ):
            walk.assigned.setdefault(current.targets[0].id, []).append(
                (current.lineno, ast.dump(current.value))
            )
        elif (
            type(current) is ast.Call
            and type(current.func) is ast.Attribute
            and len(current.args) >= 2
            and type(current.func.value) is ast.Attribute  # self._cache.set, self._redis.set
        ):
            # ``self._cache.set(key, value)``, ``await self._redis.set(key, value)``: a keyed
            # store.
            kept.update(a.id for a in current.args if type(a) is ast.Name)

    stack: list[ast.AST] = list(node.body)
    while stack:
        current = stack.pop()
        if isinstance(current, NESTED_SCOPES):
            elsewhere.append(current)
            continue
        note(current)
        if isinstance(current, ast.Global | ast.Nonlocal):
            kept.update(current.names)
        elif type(current) is ast.Name and type(current.ctx) is ast.Store:
            bound.add(current.id)
        elif isinstance(current, ast.Assign | ast.AnnAssign) and current.value is not None:
            targets = current.targets if isinstance(current, ast.Assign) else [current.target]
            if _state_read(current.value):
                kept.update(t.id for t in targets if type(t) is ast.Name)
            stores.append((list(targets), current.value))
        stack.extend(ast.iter_child_nodes(current))
    for outside in elsewhere:
        for current in ast.walk(outside):
            note(current)
    private = bound - kept - parameters

    def shared(target: ast.expr) -> bool:
        return type(target) is ast.Attribute or (
            type(target) is ast.Subscript
            and not (type(target.value) is ast.Name and target.value.id in private)
        )

    for targets, value in stores:
        pairs = [(t, value) for t in targets]
        for t in targets:
            # ``self._r, self._w = r, w``: element by element.
            if isinstance(t, ast.Tuple | ast.List) and isinstance(value, ast.Tuple | ast.List):
                pairs += list(zip(t.elts, value.elts, strict=False))
        for target, stored in pairs:
            if not shared(target):
                continue
            # Published: ``self._variants[key] = extracted``, ``self._client = client = ...``.
            if type(stored) is ast.Name:
                kept.add(stored.id)
            kept.update(t.id for t in targets if type(t) is ast.Name)
    walk.private = frozenset(bound - kept - parameters)
    walk.declared = frozenset(declared)


def _reload(stmt: ast.Assign, following: list[ast.stmt], walk: _Walk) -> bool:
    """Whether ``stmt`` reads state into a local again (``x = self._x``, ``x = self._d[k]``,
    ``x = self._d.get(k)``, not a value built or awaited there; or the very call that set the
    local before, ``x = self._lookup(k)`` again) and the statement after it tests that local
    (``if x is None:``, ``if x is not None: return x``)."""
    if len(stmt.targets) != 1 or type(stmt.targets[0]) is not ast.Name:
        return False
    if not following or type(following[0]) is not ast.If:
        return False
    name = stmt.targets[0].id
    test = following[0].test
    tested = [*lazy_check_subjects(test), *recheck_subjects(test)]
    if not any(type(subject) is ast.Name and subject.id == name for subject in tested):
        return False
    value = stmt.value
    if type(value) is ast.Call:
        func = value.func
        if type(func) is not ast.Attribute:
            return False
        if not _state_read(value):
            # Another method: a reload only when it repeats the call that set the local
            # before (``extracted = self._try_cached(key)`` before the lock and under it), the
            # same look-up made again; a call that builds a value is none.
            made = ast.dump(value)
            return any(
                line < stmt.lineno and dump == made for line, dump in walk.assigned.get(name, ())
            )
        value = func.value
    return type(value) is ast.Attribute or type(value) is ast.Subscript


@dataclass(slots=True)
class _Check:
    """An ``if <state> is None:`` (or ``not <state>``, ``key not in <state>``) seen, with the
    locks held where it was made."""

    subject: str
    node: ast.expr
    held: tuple[str, ...]
    reported: bool = False


@dataclass(slots=True)
class _Published:
    """State set under a lock after a check made outside it: awaiting its own setup later in that
    block lets other tasks, which find it set, use it before it is ready."""

    subject: str
    write: ast.stmt
    fast_path: _Check
    lock: str
    reported: bool = False


@dataclass(slots=True)
class _Walk:
    checks: list[_Check] = field(default_factory=list)
    published: list[_Published] = field(default_factory=list)
    #: Per local name, the calls assigned to it in the coroutine: ``(line, ast.dump(call))``.
    assigned: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    #: The coroutine's own locals that never hold a copy of state (:func:`_read_names`).
    private: frozenset[str] = frozenset()
    #: The names the coroutine declares ``global`` or ``nonlocal``.
    declared: frozenset[str] = frozenset()
    #: The innermost ``async with`` block being walked awaits something.
    lock_block_awaits: bool = False
    #: For each ``except`` handler being walked, the locks held where it is.
    handlers: list[tuple[str, ...]] = field(default_factory=list)
    #: The lines of the coroutine's suspension points (``await``, ``async for``/``with``).
    suspends: tuple[int, ...] = ()
    #: The coroutine being walked.
    function: ast.AsyncFunctionDef | None = None


class AsyncLazyInitRace(FileRule):
    """ADMF306: an async lazy init tests its state outside the `asyncio.Lock` it is set under.

    `if self._client is None: async with self._lock: self._client = await make()`: two tasks
    both see `None`, the first takes the lock and awaits `make()`, the second waits for the lock
    and, once it has it, creates a second client (the first one leaks, the two tasks end up with
    different clients). In asyncio the lock is no help unless the test is repeated under it,
    because every `await` (`make()`, the lock itself) lets other tasks run between the test and
    the assignment.

    Also reported: the state set under the lock and then awaited on in the same block
    (`self._client = Client(); await self._client.connect()`): a task taking the fast path
    (the test outside the lock) finds it set and uses it before it is ready. Publish it only
    when it is complete.

    The lock is any object taken with `async with` (not a call): an `asyncio.Lock`, a
    `Semaphore`, a `Condition`, also one per key (`self._locks[key]`). The state is an attribute
    (`self._client`, `cls._instance`) or a name (a module variable with `global`); a cache keyed
    by `key not in self._cache` counts too. A local read from the state again under the lock
    (`status = self._status`, `creds = self._creds.get(key)`) and tested after that read is
    double-checked locking written through the local: not reported, nor when the local is
    set again under the lock by the very call that set it before the lock (`extracted =
    self._try_cached(key)` both times, each tested on the next line); another call there (one
    that builds a value) is no re-check. A local the coroutine neither sets from a read of
    state nor stores into state (`page = await self._find_page()`, `seen = {}`) is its own:
    each task has one, and a test of it is no test of shared state (a local passed to a
    keyed store, `await self._cache.set(key, value)`, or stored element by element, `self._r,
    self._w = r, w`, is the state's). A local only looked up from the state under the lock
    (`events = self._waiters.setdefault(key, [])`, `target = self._targets.get(sid)`), in a
    locked block that awaits nothing and with nothing built in the look-up's arguments,
    creates nothing, and is not reported either; nor is a value that builds nothing (no call,
    no `await`) set only in an `except` handler inside the locked block (`self._closed = True`
    when the locked write fails): that is the failure path of the work the lock serialises, not
    an initialisation (a client created in the handler still is). Nor is a test made before
    `if self._lock.locked(): raise ...` (or `return`) that comes right before `async with
    self._lock:`, with no `await` between the test and the lock and no loop around it, when the
    lock is an `asyncio.Lock` the class makes for itself and the module takes nothing of that
    attribute's name anywhere else: a task that finds the lock taken leaves instead of waiting
    its turn, and one that finds it free takes it without suspending. A guard that only logs,
    an `await` after the test, a retry loop, a guard on another lock, a `Semaphore`, a lock
    handed in, or another coroutine waiting for the same lock lets a second task wait or pass
    a stale test: reported.

    Fix: double-checked locking, publishing only the finished object:

        if self._client is None:
            async with self._lock:
                if self._client is None:
                    client = Client()
                    await client.connect()
                    self._client = client
        return self._client
    """

    code = "ADMF306"
    name = "async-lazy-init-race"
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nclass Api:\n    def __init__(self):\n"
        "        self._lock = asyncio.Lock()\n        self._client = None\n\n"
        "    async def client(self):\n        if self._client is None:\n"
        "            async with self._lock:\n                if self._client is None:\n"
        "                    client = Client()\n                    await client.connect()\n"
        "                    self._client = client\n        return self._client\n",
        "import asyncio\n\nclass Api:\n    def __init__(self):\n"
        "        self._lock = asyncio.Lock()\n        self._client = None\n\n"
        "    async def client(self):\n        async with self._lock:\n"
        "            if self._client is None:\n"
        "                self._client = await make_client()\n        return self._client\n",
        "import asyncio\n\n_lock = asyncio.Lock()\n_pool = None\n\nasync def pool():\n"
        "    global _pool\n    if _pool is None:\n        async with _lock:\n"
        "            if _pool is not None:\n                return _pool\n"
        "            _pool = await make_pool()\n    return _pool\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import asyncio\n\nclass Api:\n    def __init__(self):\n"
            "        self._lock = asyncio.Lock()\n        self._client = None\n\n"
            "    async def client(self):\n        if self._client is None:\n"
            "            async with self._lock:\n"
            "                self._client = await make_client()\n        return self._client\n",
            message="`self._client` is tested outside `async with self._lock`",
        ),
        Invalid(
            "import asyncio\n\nclass Api:\n    def __init__(self):\n"
            "        self._lock = asyncio.Lock()\n        self._client = None\n\n"
            "    async def client(self):\n        if self._client is None:\n"
            "            async with self._lock:\n                if self._client is None:\n"
            "                    self._client = Client()\n"
            "                    await self._client.connect()\n        return self._client\n",
            message="`self._client` is published (line 12) before it is ready",
        ),
    ]

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef, ctx: FileContext) -> None:
        if not _takes_a_lock(node.body):
            return  # every finding needs a lock the coroutine takes: none to report
        walk = _Walk()
        walk.function = node
        walk.suspends = tuple(
            sorted(
                inner.lineno
                for inner in ast.walk(node)
                if isinstance(inner, ast.Await | ast.AsyncFor | ast.AsyncWith)
            )
        )
        _read_names(node, walk)
        try:
            self._block(node.body, (), walk, ctx)
        except RecursionError:  # pragma: no cover - statements nested deeper than the walk
            return

    def _block(
        self, body: list[ast.stmt], held: tuple[str, ...], walk: _Walk, ctx: FileContext
    ) -> None:
        mark = len(walk.checks)
        published = len(walk.published)
        for index, stmt in enumerate(body):
            if type(stmt) is ast.Assign and _reload(stmt, body[index + 1 : index + 2], walk):
                # ``status = self._last_status`` under the lock, tested on the next line: the
                # local is read again from the state, so its earlier tests say nothing of it,
                # and the test after it is the re-check.
                key = _key(stmt.targets[0])
                walk.checks[:] = [check for check in walk.checks if check.subject != key]
                continue
            self._statement(stmt, held, walk, ctx, body[index - 1] if index else None)
        del walk.checks[mark:]  # checks and guard clauses end with their block
        del walk.published[published:]

    def _statement(
        self,
        stmt: ast.stmt,
        held: tuple[str, ...],
        walk: _Walk,
        ctx: FileContext,
        previous: ast.stmt | None = None,
    ) -> None:
        if isinstance(stmt, NESTED_SCOPES):
            return
        self._awaits_on_published(stmt, walk, ctx)
        if type(stmt) is ast.If:
            checks = self._checks(lazy_check_subjects(stmt.test), held, walk)
            walk.checks.extend(checks)
            self._block(stmt.body, held, walk, ctx)
            del walk.checks[len(walk.checks) - len(checks) :]
            self._block(stmt.orelse, held, walk, ctx)
            if exits_block(stmt.body) and not stmt.orelse:
                # ``if x is not None: return x`` re-checks ``x`` for the rest of the block.
                walk.checks.extend(self._checks(recheck_subjects(stmt.test), held, walk))
            return
        if type(stmt) is ast.AsyncWith:
            taken = tuple(
                key
                for item in stmt.items
                if type(item.context_expr) is not ast.Call
                for key in (_lock_key(item.context_expr),)
                if key is not None
            )
            outer = walk.lock_block_awaits
            walk.lock_block_awaits = any(
                type(n) is ast.Await for b in stmt.body for n in ast.walk(b)
            )
            inside = (*held, *taken)
            again: list[_Check] = []
            # Only with tests pending to count again (each check walks the module).
            if (
                walk.function is not None
                and walk.checks
                and (
                    (_refuses_waiters(previous, taken) and _lone_own_lock(stmt, walk.function, ctx))
                    or _never_held_across_suspension(stmt, walk.function, ctx)
                )
            ):
                # Or a lock no task holds across a suspension point: nobody ever finds it
                # taken. ``if lock.locked(): raise`` right before ``async with lock:``: a task that
                # finds the lock taken leaves instead of waiting for it, and one that finds it
                # free takes it without suspending, so no task ever waits its turn past the
                # tests made before: as good as testing them again under the lock, for a test
                # with no suspension point between it and the lock (after one, the test may
                # be stale when the lock is found free).
                again = [
                    _Check(check.subject, check.node, inside)
                    for check in walk.checks
                    if not any(check.node.lineno <= line < stmt.lineno for line in walk.suspends)
                ]
                walk.checks.extend(again)
            self._block(stmt.body, inside, walk, ctx)
            if again:
                del walk.checks[len(walk.checks) - len(again) :]
            walk.lock_block_awaits = outer
            return
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                self._written(target, stmt, held, walk, ctx)
            return
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self._written(stmt.target, stmt, held, walk, ctx)
            return
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                self._block(block, held, walk, ctx)
        for handler in getattr(stmt, "handlers", ()):
            walk.handlers.append(held)
            self._block(handler.body, held, walk, ctx)
            walk.handlers.pop()
        for case in getattr(stmt, "cases", ()):
            self._block(case.body, held, walk, ctx)

    @staticmethod
    def _checks(subjects: list[ast.expr], held: tuple[str, ...], walk: _Walk) -> list[_Check]:
        return [
            _Check(key, subject, held)
            for subject in subjects
            if not _private(subject, walk)
            for key in (_key(subject),)
            if key is not None
        ]

    def _written(
        self,
        target: ast.expr,
        stmt: ast.stmt,
        held: tuple[str, ...],
        walk: _Walk,
        ctx: FileContext,
    ) -> None:
        if type(target) is ast.Tuple or type(target) is ast.List:
            for element in target.elts:
                self._written(element, stmt, held, walk, ctx)
            return
        key = _key(target.value if type(target) is ast.Subscript else target)
        if key is None or _private(target, walk):
            return
        if (
            type(target) is ast.Name
            and isinstance(stmt, ast.Assign | ast.AnnAssign)
            and stmt.value is not None
            and _state_read(stmt.value)
            and target.id not in walk.declared
            and not any(
                isinstance(n, ast.Call | ast.Await)
                for a in getattr(stmt.value, "args", ())
                for n in ast.walk(a)
            )
            and not walk.lock_block_awaits
        ):
            # A local looked up from the state under the lock (``x = self._d.get(k)``,
            # ``x = self._d.setdefault(k, [])``) creates nothing another task could create too.
            return
        checks = [check for check in walk.checks if check.subject == key]
        if not checks:
            return
        innermost, outermost = checks[-1], checks[0]
        taken_since = [lock for lock in held if lock not in innermost.held]
        if (
            taken_since
            and any(taken_since[0] in locks for locks in walk.handlers)
            and isinstance(stmt, ast.Assign | ast.AnnAssign)
            and stmt.value is not None
            and not any(isinstance(n, ast.Call | ast.Await) for n in ast.walk(stmt.value))
        ):
            # Set in an ``except`` handler inside the locked block to a value that builds
            # nothing (``self._closed = True`` when the locked write fails): the failure path
            # of the work the lock serialises, not an initialisation another task could repeat.
            return
        if taken_since:
            if not innermost.reported:
                innermost.reported = True
                ctx.report(
                    innermost.node,
                    f"async lazy init: `{key}` is tested outside `async with {taken_since[0]}` "
                    f"and set under it (line {stmt.lineno}) without being tested again: two "
                    "tasks can both find it unset, wait for the lock in turn and both create "
                    "it; test it again under the lock (double-checked locking)",
                )
            return
        fast_path = [lock for lock in held if lock not in outermost.held]
        if fast_path and type(target) is not ast.Subscript:
            walk.published.append(_Published(key, stmt, outermost, fast_path[0]))

    def _awaits_on_published(self, stmt: ast.stmt, walk: _Walk, ctx: FileContext) -> None:
        """An ``await`` on state published earlier in this block (``await self._client.x()``)."""
        if not walk.published or type(stmt) in (ast.If, ast.AsyncWith, ast.With, ast.Try):
            return
        for node in ast.walk(stmt):
            if type(node) is not ast.Await:
                continue
            for inner in ast.walk(node.value):
                if type(inner) is not ast.Attribute and type(inner) is not ast.Name:
                    continue
                key = _key(inner)
                for published in walk.published:
                    if key == published.subject and not published.reported:
                        published.reported = True
                        ctx.report(
                            node,
                            f"async lazy init: `{key}` is published (line "
                            f"{published.write.lineno}) before it is ready: a task that tests "
                            f"it outside `async with {published.lock}` (line "
                            f"{published.fast_path.node.lineno}) finds it set and uses it while "
                            "this one still awaits its setup here; build it in a local and "
                            "assign it last",
                        )
                        return
