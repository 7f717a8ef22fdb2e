"""ADMF401: guarded state written without its lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from admf_tsan.lint.analysis.guards import (
    GuardedState,
    LazyRaces,
    StateAnalysis,
    Use,
    render_target,
)
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.locks import LockKey, LockModel, Step
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import (
    Invalid,
    Occurrence,
    ProjectContext,
    ProjectRule,
    RootKey,
    one_per_root,
)
from admf_tsan.lint.rules.lazy_init_race import LazyInitRace

#: Access kinds that read the state's value.
_READS = ("read", "check", "snapshot")


@dataclass(frozen=True, slots=True)
class SingleStores:
    """The unguarded writes that are one store of a new value (ADMF407), by position.

    A write is one when it is a rebinding (``self.flag = True``, ``self._conn = None``,
    ``del self.x``) whose value does not read the state it replaces: not an augmented
    assignment, no read of the same state in the assigned value (``self.x = self.x + 1``,
    ``self.state = self.state.next()``, on any line of the statement), and not a property's
    setter that some function reads and writes back through the property (``self.count +=
    1``). Those are read-modify-writes, ADMF401's. So is a reset of a value the function read
    first while the code holding the lock makes read-modify-writes of it (``n = self.hits``,
    then ``self.hits = 0``, against a locked ``self.hits += 1``: the increments between the
    read and the reset are lost). And a declared guard (``# guarded_by: _lock``) is taken at
    its word: a store there after a read of any state of the lock stays ADMF401.

    Otherwise, whatever the function tested or read before it (``if self._thread: ...`` then
    ``self._thread = None``), the store itself is one step under the GIL and cannot tear: it
    can land between two steps of the code holding the lock, and what that costs depends on
    the locked code's protocol. On the real projects judged, 81 such stores that read the
    state first were reported by ADMF401: 2 worth a change (a span's compression buffer
    reported twice, elastic-apm; a privsep channel closed twice, oslo.privsep), 49 not worth
    one (a stop racing a start, a flag set at shutdown), 30 wrong (set-up before the threads
    start, after they are joined, or on the one thread that runs the locked code). So these
    are ADMF407 (opt-in) with the stores that read nothing first.
    """

    positions: frozenset[tuple[str, int, int]]
    #: The single stores in a function whose other unguarded accesses of state the same lock
    #: guards, as far as ADMF401 reports them, are single stores too: ADMF407 reports these
    #: (ADMF401 reports the others' function and lock, one finding for one fix).
    alone: frozenset[tuple[str, int, int]]
    #: Unguarded accesses that are one step no thread sees half-done (a deque operation, a
    #: single container step, a store of state nothing reads): ADMF401 does not report them.
    atomic: frozenset[tuple[str, int, int]]

    @classmethod
    def compute(cls, project: ProjectContext) -> SingleStores:
        analysis = project.fact(StateAnalysis)
        states = [s for s in analysis.states() if s.guard is not None]
        # The first line each function reads state of a lock on, and each state on.
        first_of_lock: dict[tuple[LockKey, tuple[str, int]], int] = {}
        first_of_state: dict[tuple[tuple[str, int], tuple[str, str, str]], int] = {}
        for state in states:
            assert state.guard is not None
            key = state.guard.lock.key
            for use in state.uses:
                access = use.access
                if access.kind in _READS:
                    slot = (key, _function_key(use))
                    first_of_lock[slot] = min(first_of_lock.get(slot, access.line), access.line)
                    own = (_function_key(use), access.target)
                    first_of_state[own] = min(first_of_state.get(own, access.line), access.line)
        atomic = deque_operations(analysis) | single_steps(analysis) | never_read(analysis)
        exempt = atomic | project.fact(LazyRaces).positions
        positions: dict[tuple[str, int, int], tuple[tuple[str, int], LockKey]] = {}
        others: set[tuple[tuple[str, int], LockKey]] = set()
        updated = _updated_properties(analysis.index)
        for state in states:
            guard = state.guard
            assert guard is not None
            key = guard.lock.key
            locked_rmw = any(
                key in use.locks and (use.access.update or use.access.rereads) for use in state.uses
            )
            for use in state.unguarded():
                access = use.access
                if access.kind == "read":
                    continue
                function = _function_key(use)
                read_lock = first_of_lock.get((key, function), access.line + 1)
                read_state = first_of_state.get((function, access.target), access.line)
                if access.kind == "write" and not (
                    access.update
                    or access.rereads
                    or _setter_of(use) in updated
                    or (guard.declared and read_lock <= access.line)
                    or (locked_rmw and read_state < access.line)
                ):
                    positions[use.position] = (function, key)
                elif use.position not in exempt:
                    others.add((function, key))
        alone = {position for position, where in positions.items() if where not in others}
        return cls(frozenset(positions), frozenset(alone), atomic)

    def store(self, use: Use) -> bool:
        """Whether ``use`` is a single store."""
        return use.position in self.positions

    def only_stores(self, use: Use) -> bool:
        """Whether ``use`` is a single store in a function whose other unguarded accesses of
        state the same lock guards are single stores too (or not reported by ADMF401)."""
        return use.position in self.alone


def _setter_of(use: Use) -> tuple[str, str] | None:
    """``(class, name)`` of the method holding ``use`` (None in a plain function): compared with
    :func:`_updated_properties`, it tells whether the method is a property's setter (or
    getter)."""
    fn = use.function
    return (fn.class_qualname, fn.name) if fn.class_qualname is not None else None


def _updated_properties(index: ProjectIndex) -> frozenset[tuple[str, str]]:
    """The properties some function reads and writes through the property (``self.count +=
    1``, or ``self.count = self.count + 1``): their setter's store is the write of a
    read-modify-write, not a single store. By the class that defines the property."""
    found: set[tuple[str, str]] = set()
    for _, fn in index.iter_functions():
        # Per attribute of ``self``: 1 if the function reads it, 2 if it stores it.
        seen: dict[tuple[str, str, str], int] = {}
        for access in fn.accesses:
            if access.target[0] != "self":
                continue
            stores = access.kind not in _READS and access.kind != "iterate"
            both = access.update and stores
            mask = 3 if both else 2 if stores else 1
            seen[access.target] = seen.get(access.target, 0) | mask
        for (_, owner, name), mask in seen.items():
            if mask != 3:
                continue
            for ancestor in index.class_ancestors(owner):
                cls = index.classes.get(ancestor)
                if cls is not None and name in cls.properties:
                    found.add((ancestor, name))
                    break
    return frozenset(found)


def _function_key(use: Use) -> tuple[str, int]:
    """The function of ``use``, by qualname and line: a property's getter and setter share
    their qualname (``jobs.setter`` defines ``jobs`` again), and the getter's read is no read
    of the setter's store."""
    return use.function.qualname, use.function.line


def guarded_findings(
    project: ProjectContext, code: str, reads: bool, keep: Callable[[Use], bool] | None = None
) -> Iterable[Finding]:
    """Findings of ADMF401 (``reads`` false: writes) or of reads, one per function and lock:
    the accesses of several states one lock guards in one function are one finding (one fix,
    taking the lock there), at the first, listing the others. ``keep`` chooses the accesses a
    rule reports (ADMF402 iterations, ADMF406 the other reads, ADMF407 single stores)."""
    analysis = project.fact(StateAnalysis)
    model = analysis.model
    occurrences = []
    # With ADMF403 on, it reports a lazy initialisation's race and the rest of that function's
    # uses of the state are left to it (one race, one finding); with it off, only the test and
    # the set are left out, and the function's other unguarded uses are reported here.
    lazy_on = LazyInitRace.selected(project.config)
    uses = _unguarded_uses(analysis, project.fact(LazyRaces), reads, keep, whole_functions=lazy_on)
    for state, use in uses:
        assert state.guard is not None
        finding = _finding(project, code, state, use, model)
        shown = render_target(state.target)
        occurrences.append(
            Occurrence(
                ("guarded", code, use.function.qualname, repr(state.guard.lock.key)),
                finding,
                f"`{shown}` too, without `{model.display(state.guard.lock)}`",
                label=f"`{shown}` (line {use.access.line})",
            )
        )
    return one_per_root(occurrences, _same_lock)


def _same_lock(root: RootKey, count: int, listing: str) -> str:
    what = "another access" if count == 1 else f"{count} more accesses"
    return f"and {what} of state the same lock guards in this function, the same fix: {listing}"


def _unguarded_uses(
    analysis: StateAnalysis,
    lazy: LazyRaces,
    reads: bool,
    keep: Callable[[Use], bool] | None,
    *,
    whole_functions: bool,
) -> Iterable[tuple[GuardedState, Use]]:
    """The unguarded accesses ``guarded_findings`` reports, one per (state, function, kind),
    leaving out a lazy initialisation's test and set (and, with ``whole_functions``, every
    other use of that state in the function that makes it)."""
    lazy_positions = lazy.positions
    lazy_functions = lazy.functions if whole_functions else frozenset()
    for state in analysis.states():
        if state.guard is None or (reads and state.lazy_only):
            continue
        one_loop = _locked_on_one_loop(analysis, state)
        reported: set[tuple[str, str]] = set()
        for use in sorted(state.unguarded(), key=lambda u: (u.module.path, u.access.line)):
            if (use.access.kind == "read") != reads:
                continue
            if one_loop and use.function.qualname in one_loop:
                continue  # the locked code and this access run on the loop's thread alone
            if keep is not None and not keep(use):
                continue
            if use.position in lazy_positions:
                continue
            if (use.function.qualname, use.access.target) in lazy_functions:
                continue
            if (use.function.qualname, use.access.kind) in reported:
                continue
            reported.add((use.function.qualname, use.access.kind))
            yield state, use


def _locked_on_one_loop(analysis: StateAnalysis, state: GuardedState) -> frozenset[str]:
    """The functions that run only on an event loop's thread (``StateAnalysis.loop_bound``)
    when every access of ``state`` made holding its inferred guard runs in one of them, else
    nothing. An unlocked access in such a function runs on that thread too, never while a
    locked access runs (one thread, and the locked code's suspension points are not this
    rule's business): the threading lock serialises nothing there. A declared guard (``#
    guarded_by:``) is taken at its word."""
    guard = state.guard
    if guard is None or guard.declared:
        return frozenset()
    key = guard.lock.key
    locked = [use for use in state.uses if key in use.locks]
    if not locked:
        return frozenset()
    bound = analysis.loop_bound()
    if all(use.function.qualname in bound for use in locked):
        return bound
    return frozenset()


def _finding(
    project: ProjectContext, code: str, state: GuardedState, use: Use, model: LockModel
) -> Finding:
    guard = state.guard
    assert guard is not None
    shown = render_target(state.target)
    lock = model.display(guard.lock)
    verb = {"read": "read", "write": "written", "mutate": "changed"}[use.access.kind]
    if use.iterated:
        verb = "iterated over"
    if guard.declared:
        why = f"it is declared `# guarded_by: {guard.lock.name.rpartition('.')[2]}`"
        related = []
    else:
        witness = guard.witness
        assert witness is not None
        why = (
            f"`{model.short(witness.function.qualname)}()` writes it holding `{lock}` "
            f"(line {witness.access.line})"
        )
        related = model.related(
            [
                Step(
                    witness.function.qualname,
                    witness.access.line,
                    witness.access.column,
                    f"`{shown}` written under `{lock}` here",
                )
            ]
        )
    # One store, or one container operation, is one step under the GIL: what can go wrong is
    # its order with the locked code's steps, not a torn value.
    risk = (
        "this store can fall between the locked code's steps on it: what was tested or read "
        "before it may no longer hold, and an update made there can be lost"
    )
    if use.access.kind == "mutate":
        risk = (
            "this change can fall between the locked code's steps on it: a test made there "
            "may no longer hold when it is acted on, or an update may be lost"
        )
    elif use.access.update or use.access.rereads:
        risk = "two threads can both read the old value and one update is lost"
    if use.access.kind == "read":
        risk = "the value can be out of date by the time it is used"
    if use.iterated and code != "ADMF406":
        # ADMF406 iterates only state replaced whole (``copied_on_write``): one read.
        risk = "another thread can change it during the iteration (`changed size during iteration`)"
        if project.fact(StateAnalysis).holds_list(state.target):
            risk = (
                "another thread can change it during the iteration: the loop can skip an element "
                "or see one twice"
            )
    message = (
        f"`{shown}` is {verb} in `{model.short(use.function.qualname)}()` without holding "
        f"`{lock}`, but {why}: {risk}; take the lock here "
        "(or mark the attribute `# guarded_by: none` if the race is intended)"
    )
    return project.finding(
        use.module, (use.access.line, use.access.column), code, message, related=related
    )


class UnguardedWrite(ProjectRule):
    """ADMF401: an attribute guarded by a lock is written without holding that lock.

    The guard is inferred as Clang's `GUARDED_BY` would declare it: an attribute (or module
    variable) written while holding a lock somewhere is guarded by that lock, and every other
    write outside constructors (`__init__` and the private helpers only it calls) must hold it
    too. When every write holds several locks (an outer one its callers take around the object's
    own), an access holding any one of them excludes every write. A method whose every caller
    holds the lock counts as holding it (a call of an element of a dispatch table of the
    object's own methods, `self._handlers.get(kind)(msg)`, is a call of each of them), and so
    does a branch of a private method that a test of its parameters switches off for every
    caller that does not (`if search:` around the write,
    and the one unlocked caller passes `search=False`; the value must be a literal or the
    parameter's default, and a parameter the method binds again before the test decides nothing,
    nor does one passed to a method that takes `**kwargs`). Only calls the analysis resolves
    count: a method also handed to a thread, an executor or `functools.partial`, or called by
    its name on an attribute of unknown type (`self._peer._find()`), keeps its branch unlocked,
    while one stored in an attribute or called on a parameter of unknown type is a known limit
    (the call is not seen). A write that does not hold the lock can interleave with the locked
    code and lose updates or expose half-done state.

    Reported here: read-modify-writes (`self.n += 1`, `self.n = self.n + 1`, `self.state =
    self.state.next()`) and mutations of a guarded container (`append`, `pop`, `d[k] = v`,
    `del d[k]`): the unlocked code itself makes several steps, and a locked update landing in
    between is lost or sees the state half-changed. One operation on a `collections.deque`
    (`append`, `popleft`, ...) is the exception: it is one step, and the deque is documented
    as safe for appends and pops from several threads. So is one method call or item store on
    a builtin `set`, `dict` or `list` (`self._seen.add(k)`, `self._inflight.clear()`) when it
    is the unlocked function's only touch of the container, no caller or callee of that
    function touches it, and the code holding the lock makes one step on it too (never two in
    one function, never a loop over it): each side is then one step the other sees whole,
    under the GIL and on a free-threaded build alike. A locked drain that copies then clears,
    or an unlocked `if k in s: s.remove(k)`, is still reported, as is every access of a guard
    declared with `# guarded_by`. A store of a new value that does not read the state
    (`self.flag = True`, `self._conn = None`, `self._pending = {}`) cannot tear, whatever the
    function tested before it (`if self._thread: self._thread.join()` then `self._thread =
    None`); it can only be ordered before or after the locked code, or land between two of its
    steps. On real projects those stores were almost never worth a change (2 of 81 that
    followed a test or read of the state): they are ADMF407, which is opt-in. Three kinds of
    store stay here: one whose value reads the state it replaces, on any line of the statement
    (`self.x = self.x + 1`, `self.state = self.state.next()`, a list rebuilt from itself); a
    reset of a value the function read first while the code holding the lock increments it
    (`n = self.hits`, `self._sink(n)`, `self.hits = 0`, against a locked `self.hits += 1`:
    the increments in between are lost); and, for a guard declared with `# guarded_by`, any
    store after a read of state that lock guards.

    A subclass's methods change its base class's state, wherever the two are defined: a
    `class FastStore(Store)` in another module that bumps `self._size` without `Store._lock`
    is reported like the same method in `Store`'s module (in a module that takes no lock, only
    attributes a base class in a module with locks touches are followed: see
    docs/lint-limits.md).

    Two kinds of object are not judged. A container built by a class of a third-party package
    whose source the linter does not read (not installed, or `follow-dependencies = false`)
    may lock itself, as a dependency's `LRUCache` usually does: its calls (`cache[k] = v`,
    `cache.clear()`) are not taken as writes of the owner's state; an installed dependency's
    class is read and judged from its code. And a class with a threaded face and an asyncio
    face (`add()` under `self._lock`, `async def aadd()` under `async with self._alock:`, an
    `asyncio.Lock`) serialises its coroutines, which share one loop thread, on the asyncio
    lock: their accesses under it neither choose the guard nor are reported for lacking the
    thread lock. A coroutine that holds no asyncio lock of the object still is.

    State that only the event loop's thread touches is not shared between threads: when every
    access holding the lock runs on the loop's thread (in a coroutine, or in a sync function
    that only such code calls or that only a loop runs, `loop.call_soon(f)`, `call_later`,
    `call_at`), an access without it there is not reported (a threading lock kept from a
    threaded version of the code, or taken "to be safe"). A function handed to a thread, an
    executor or `call_soon_threadsafe`, passed as a value to anything else, recursive, or that
    nothing in the project calls (a public method a user's thread may call) is not such code,
    and its access is reported; nothing is when code a thread runs starts an event loop of its
    own. Not seen: a thread that calls through an object of unknown type, a decorator that runs
    the function in a thread (docs/lint-limits.md).

    A method that starts by refusing to run on a frozen object (`if self._frozen: raise
    ...`, `assert not self._sealed`, or a call of `self._assert_not_frozen()` that does so,
    overridden by no subclass that refuses otherwise) configures an object during its set-up,
    when the flag is frozen for good (every store of it outside constructors is `= True`):
    such objects are frozen before they are shared (a client's conventions, frozen when the
    client is initialised, then read by its threads). What the method does after that test is
    set-up, as a constructor's work is, and is not reported; a locked set-up write still counts
    as evidence of the guard. A flag that is cleared again (an account frozen and thawed while
    in use), one that ends the object's use (`if self._closed: raise`), or a mode chosen at
    construction (`read_only`) is no such gate. The one-way `_frozen` flag of an object frozen
    while threads already use it, or one cleared by code outside its class (`account._frozen =
    False`), would hide that object's races: a known limit.

    A condition built around the lock is the lock: `threading.Condition(self._lock)`, or a
    module-level helper annotated to return a `Condition` whose every `return` builds one around
    the same parameter (`self.size_cond = _create_condition(self.lock)`), so `with
    self.size_cond:` holds `self.lock`. So is an object of a project class that stands for a
    lock of its own: its `__enter__` (or `acquire()`, or `lock()`) takes `self._lock` and its
    `__exit__` (`release()`, `unlock()`) gives it back; `with gate:` and `gate.lock(); ...;
    gate.release()` hold that lock, and `Gate(self._lock)` whose constructor keeps its argument
    there (`self._lock = lock or RLock()`) holds the owner's. A generator that every caller
    runs through where it made it (a `for` over it, `list()` of it, or `next()` of a local
    inside the same `with`) runs its body holding the caller's locks, when it has no decorator
    and no `finally`, `with` or `except GeneratorExit` that could run when it is dropped.

    Private state that nothing in the project reads (`self._last_poll = now()`, written under
    the lock in one place and without it in another) is not reported: nobody can see it
    half-updated.

    State that only an iterator's `__next__()` (or `next()`) changes, such as a count of the
    results it returned, belongs to its one consumer (Python's iterators are not thread-safe):
    those accesses are not reported, while a producer thread changing the same state is.

    A lock built only for the threaded mode (`self.progress_lock = Lock() if parallel else
    None`) is absent where a test says so: in the `else` of `if self.progress_lock: with
    self.progress_lock: ...` (or under `if self.progress_lock is None:`), the object runs on
    one thread, and an access there counts as made holding the lock. Only when the other
    branch takes that lock; an `else` of any other test is reported as usual.

    Declare the guard explicitly with a comment on the attribute's assignment, which overrides the
    inference: `self._orders = []  # guarded_by: _lock` (also for a module variable: `# guarded_by:
    CACHE_LOCK`), or `# guarded_by: none` for state that is deliberately accessed without a lock.

    Fix: take the lock around the write, or make the method a `_locked` helper called only with
    the lock held.
    """

    code = "ADMF401"
    name = "unguarded-write"
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._orders = []\n\n"
        "    def add(self, order):\n        with self._lock:\n"
        "            self._apply(order)\n\n"
        "    def _apply(self, order):\n        self._orders.append(order)\n\n"
        "    def clear(self):\n        with self._lock:\n            self._orders = []\n",
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n"
        "        self.hits = 0  # guarded_by: none\n\n"
        "    def hit(self):\n        self.hits += 1\n\n"
        "    def reset(self):\n        with self._lock:\n            self.hits = 0\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Book:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._orders = []\n\n"
            "    def add(self, order):\n        with self._lock:\n"
            "            self._orders.append(order)\n\n"
            "    def cancel(self, order):\n        if order in self._orders:\n"
            "            self._orders.remove(order)\n",
            message="`self._orders` is changed in `Book.cancel()` without holding `Book._lock`",
        ),
        Invalid(
            "import threading\n\nclass Book:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n"
            "        self._orders = []  # guarded_by: _lock\n\n"
            "    def add(self, order):\n        self._orders.append(order)\n",
            message="declared `# guarded_by: _lock`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        single = project.fact(SingleStores)
        return guarded_findings(
            project,
            self.code,
            reads=False,
            keep=lambda use: not single.store(use) and use.position not in single.atomic,
        )


#: Double-ended queues: each of their operations is one step under the GIL, documented as
#: thread-safe ("thread-safe, memory efficient appends and pops from either side").
_DEQUES = frozenset({"collections.deque"})


def deque_operations(analysis: StateAnalysis) -> frozenset[tuple[str, int, int]]:
    """Positions of the method calls (``append``, ``popleft``, ...) and item stores on a
    ``collections.deque`` that guarded state holds: each is one step no other thread sees
    half-done, so made without the lock it is no torn write. Rebinding the attribute still is
    one, and iterating the deque without the lock (ADMF402) or testing it before popping
    (ADMF403) still races."""
    return frozenset(
        use.position
        for state in analysis.states()
        if state.guard is not None
        and (value := analysis.held_class(state.target)) is not None
        and value[0] == "ext"
        and value[1] in _DEQUES
        for use in state.uses
        if use.access.kind == "mutate"
    )


def never_read(analysis: StateAnalysis) -> frozenset[tuple[str, int, int]]:
    """Positions of the stores of private state (``self._last_poll = now()``) that nothing in
    the project reads: every access is a plain store of a new value (no read, test, iteration,
    read-modify-write, nor a container method, which may hand back what it removes). No thread
    can see such a value half-updated, and nobody looks at the store it replaces. A public
    attribute may be read by the project's users, and a declared guard is taken at its word."""
    found: set[tuple[str, int, int]] = set()
    for state in analysis.states():
        guard = state.guard
        if guard is None or guard.declared or not state.target[2].startswith("_"):
            continue
        if any(use.access.kind != "write" or use.access.update for use in state.uses):
            continue
        found.update(use.position for use in state.uses)
    return frozenset(found)


#: Builtin containers: one method call or item store on one is one step under the GIL (and
#: under the per-object lock of a free-threaded build).
_BUILTIN_CONTAINERS = frozenset(
    {
        "builtins.set",
        "builtins.dict",
        "builtins.list",
        "typing.Set",
        "typing.Dict",
        "typing.List",
        "typing.MutableSet",
        "typing.MutableMapping",
    }
)


def _shared_section(name: str, calls: dict[str, list[str]], callers: dict[str, set[str]]) -> bool:
    """Whether a caller of ``name`` (one of the functions touching a state, keys of ``calls``)
    touches the state too, calls ``name`` twice, or calls another function that touches it:
    steps around the call, in one critical section of that caller."""
    mine = callers[name]
    return (
        bool(mine & callers.keys())
        or len(calls[name]) > len(mine)
        or any(mine & callers[other] for other in callers if other != name)
    )


def single_steps(analysis: StateAnalysis) -> frozenset[tuple[str, int, int]]:
    """Positions of unlocked changes of a builtin container that no step of either side can
    land inside: the unlocked function touches the state only there, once (``self._seen.add(k)``,
    ``self._inflight.clear()``: one call, one step), and the code holding the guard never
    touches it twice in one function (no ``if k in s: s.remove(k)``, no copy-then-clear
    drain an unlocked add could fall between and be lost), never loops over it, and never
    touches it in a helper whose callers (running it under the lock) touch it as well;
    and neither a caller nor a callee of the unlocked function touches it (``put()`` tests the
    length, then calls ``_put_internal()`` to append; ``reload()`` clears, then calls
    ``add()`` for each entry: two steps). Each side is then one step the other sees whole,
    before or after it: no torn state and no lost update. A declared guard (``# guarded_by:
    _lock``) is taken at its word, and iterating the container without the lock (ADMF402)
    still races."""
    found: set[tuple[str, int, int]] = set()
    for state in analysis.states():
        guard = state.guard
        if guard is None or guard.declared:
            continue  # ``# guarded_by: _lock``: every access takes it, as declared
        value = analysis.held_class(state.target)
        if value is None or value[1] not in _BUILTIN_CONTAINERS:
            continue
        key = guard.lock.key
        per_function: dict[str, list[Use]] = {}
        for use in state.uses:
            per_function.setdefault(use.function.qualname, []).append(use)
        calls = {
            name: [edge.caller for edge in analysis.callers(name) if edge.caller != name]
            for name in per_function
        }  # a recursive call runs the same single step again
        callers = {name: set(names) for name, names in calls.items()}
        if any(
            key in use.locks
            and (
                len(per_function[use.function.qualname]) > 1
                or use.iterated
                or (
                    key in analysis.entry.get(use.function.qualname, ())
                    and _shared_section(use.function.qualname, calls, callers)
                )
            )
            for use in state.uses
        ):
            continue  # the locked code makes several steps on it
        found.update(
            use.position
            for name, uses in per_function.items()
            if len(uses) == 1
            and not callers[name] & per_function.keys()
            and not any(name in callers[other] for other in per_function if other != name)
            for use in uses
            if use.access.kind == "mutate" and key not in use.locks
        )
    return frozenset(found)
