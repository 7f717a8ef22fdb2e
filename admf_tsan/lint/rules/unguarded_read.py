"""ADMF402: guarded state read without its lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.facts import AnnotType, CallType
from admf_tsan.lint.analysis.guards import StateAnalysis, Target, Use
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.locks import LockKey
from admf_tsan.lint.analysis.statefacts import caller_holds_lock
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.unguarded_write import guarded_findings


def torn_reads(project: ProjectContext) -> frozenset[tuple[str, int, int]]:
    """Unlocked reads in a function that reads two or more pieces of state guarded by the same
    lock without holding it (``len(self._buf) - self._pos``): together they can mix values from
    before and after one locked update. Only state the lock's code changes counts: a reference
    it rebinds (plain reads), a container it changes (snapshots). Positions ``(path, line,
    column)`` of the plain reads."""
    analysis = project.fact(StateAnalysis)
    targets: dict[tuple[str, object], set[object]] = {}
    reads: dict[tuple[str, object], list[Use]] = {}
    early = published_early(analysis)
    along = initialised_along(analysis)
    for state in analysis.states():
        guard = state.guard
        if guard is None or (state.lazy_only and state.target not in early):
            continue
        if state.target in along:
            continue
        key = guard.lock.key
        locked = {use.access.kind for use in state.uses if key in use.locks}
        # A reference read gives another value only if the lock's code rebinds it; what a
        # snapshot (``len(x)``) gives changes with every locked mutation too.
        counted = {"read"} if "write" in locked else set()
        if locked & {"write", "mutate"}:
            counted.add("snapshot")
        for use in state.uses:
            if key in use.locks or use.access.kind not in counted:
                continue
            if use.function.qualname in state.foreign or caller_holds_lock(use.function.name):
                continue
            if (use.module.path, use.access.line, use.access.column) in state.ordered:
                continue
            group = (use.function.qualname, key)
            targets.setdefault(group, set()).add(state.target)
            if use.access.kind == "read":
                reads.setdefault(group, []).append(use)
    return frozenset(
        (use.module.path, use.access.line, use.access.column)
        for group, uses in reads.items()
        if len(targets[group]) >= 2
        for use in uses
    )


def published_early(analysis: StateAnalysis) -> frozenset[Target]:
    """Lazily initialised state published before the initialisation is complete: a function
    writes it under its lock and then, still in that function, writes other state of the same
    lock that is not itself tested by the initialisation (``self._session = s`` then
    ``self._stmt = t``). A thread that finds it set without the lock may find the rest unset,
    so its reads are not exempt from torn reads; published last, they are."""
    lazy: dict[Target, tuple[LockKey, list[Use]]] = {}
    later: dict[tuple[str, LockKey], int] = {}
    for state in analysis.states():
        guard = state.guard
        if guard is None:
            continue
        key = guard.lock.key
        writes = [u for u in state.uses if u.access.kind in ("write", "mutate") and key in u.locks]
        if state.lazy_only:
            lazy[state.target] = (key, writes)
            continue
        for use in writes:
            slot = (use.function.qualname, key)
            later[slot] = max(later.get(slot, 0), use.access.line)
    early: set[Target] = set()
    for target, (lock_key, writes) in lazy.items():
        if any(later.get((u.function.qualname, lock_key), 0) > u.access.line for u in writes):
            early.add(target)
    return frozenset(early)


def initialised_along(analysis: StateAnalysis) -> frozenset[Target]:
    """State written only by a double-checked initialisation before it publishes what it
    tests: every write of it holds the lock and sits, in its function, after a test of a lazily
    initialised state made holding that lock and before that state's write (``with lock: if
    self._session is None: self._stmt = ...; self._session = ...``). A thread that finds the
    tested state set without the lock finds this one complete, and it changes only on that
    path: its unlocked reads are no torn reads, as the tested state's are not."""
    lazy: dict[tuple[str, LockKey], list[tuple[int, int]]] = {}
    for state in analysis.states():
        guard = state.guard
        if guard is None or not state.lazy_only:
            continue
        key = guard.lock.key
        for use in state.uses:
            check = use.access.check
            if use.access.kind not in ("write", "mutate") or key not in use.locks or check is None:
                continue
            if key not in analysis.locks_at(use.function, check[2]):
                continue  # tested without the lock: no double check (ADMF403)
            slot = (use.function.qualname, key)
            lazy.setdefault(slot, []).append((check[0], use.access.line))
    along: set[Target] = set()
    for state in analysis.states():
        guard = state.guard
        if guard is None or state.lazy_only:
            continue
        key = guard.lock.key
        writes = [u for u in state.uses if u.access.kind in ("write", "mutate")]
        if writes and all(
            key in u.locks
            and any(
                tested < u.access.line < published
                for tested, published in lazy.get((u.function.qualname, key), ())
            )
            for u in writes
        ):
            along.add(state.target)
    return frozenset(along)


class UnguardedRead(ProjectRule):
    """ADMF402: a container guarded by a lock is iterated without holding that lock.

    The guard is inferred as for ADMF401 (the lock held where the attribute is written) or
    declared with `# guarded_by: NAME`. Iterating without it (`for conn in self._in_use:`,
    `self._map.values()` in a loop or a comprehension, `iter(self._data)`, `sum(...)` over it)
    takes many steps while another thread changes the container under the lock: the loop raises
    `RuntimeError: dictionary changed size during iteration` (or `Set changed size`), skips or
    repeats elements, or adds up parts of two different states. State that is only ever set once
    by lazy initialisation is exempt (the check-then-act itself is ADMF403), and so is state
    copied on write: replaced whole under the lock and never changed in place (a tuple grown
    with `self._procs += (p,)`, a dict copied, changed and rebound). The loop reads the
    reference once and walks an object no thread changes, so that iteration is a single read.

    Reading two or more attributes guarded by the same lock in one function without it
    (`len(self._buf) - self._pos`) is reported too: the values can come from before and after
    one locked update, a total that does not match its parts. A double-checked initialisation
    (also one tested through a small predicate method, `if not self._ready():`) exempts what it
    writes before publishing the tested attribute, not what it writes after.

    A single read without the lock (a flag, a number, one element `self._d[k]`, an emptiness
    test) is one step under the GIL: at worst out of date. Those reads are ADMF406, which is
    opt-in; `len(x)`, `k in x`, `x.get(k)` and copies (`list(x)`, `dict(x)`) are never reported
    on their own.

    Fix: read under the lock (copy what you need, then release), or mark the attribute
    `# guarded_by: none` when a stale read is acceptable by design (a statistics counter).
    """

    code = "ADMF402"
    name = "unguarded-read"
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._orders = []\n\n"
        "    def add(self, order):\n        with self._lock:\n"
        "            self._orders.append(order)\n\n"
        "    def snapshot(self):\n        with self._lock:\n"
        "            return list(self._orders)\n",
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._orders = {}\n\n"
        "    def add(self, key, order):\n        with self._lock:\n"
        "            self._orders[key] = order\n\n"
        "    def find(self, key):\n        return self._orders[key]\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Positions:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._qty = {}\n\n"
            "    def fill(self, symbol, qty):\n        with self._lock:\n"
            "            self._qty[symbol] = self._qty.get(symbol, 0) + qty\n\n"
            "    def exposure(self):\n        return sum(self._qty.values())\n",
            message="`self._qty` is iterated over in `Positions.exposure()` without holding "
            "`Positions._lock`",
        ),
        Invalid(
            "import threading\n\nclass Pool:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._in_use = set()\n\n"
            "    def get(self, conn):\n        with self._lock:\n"
            "            self._in_use.add(conn)\n\n"
            "    def set_retry(self, retry):\n        for conn in self._in_use:\n"
            "            conn.retry = retry\n",
            message="changed size during iteration",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        return guarded_findings(project, self.code, reads=True, keep=reported_by_admf402(project))


#: Immutable builtin types: ``x += (item,)`` on one builds a new object and rebinds ``x``.
_IMMUTABLE = frozenset({"builtins.tuple", "builtins.frozenset", "builtins.str", "builtins.bytes"})


def copied_on_write(analysis: StateAnalysis) -> frozenset[Target]:
    """Guarded state that is replaced whole and never changed in place: every write outside the
    constructors rebinds it (``self._procs = new_procs``, or ``self._procs += (p,)`` on a
    tuple), and nothing calls a mutating method on it or stores into it. Iterating it without
    the lock reads the reference once and walks an object no thread changes, the old or the new
    one: it cannot change size under the loop. What is left is a value that may be out of date,
    a single read (ADMF406)."""
    index = analysis.index
    found: set[Target] = set()
    for state in analysis.states():
        if state.guard is None:
            continue
        writes = [u for u in state.uses if u.access.kind in ("write", "mutate")]
        if not writes or any(u.access.kind == "mutate" for u in writes):
            continue
        if any(u.access.update for u in writes) and not _immutable(index, state.target):
            continue  # ``self._items += [x]`` extends a list in place
        found.add(state.target)
    return frozenset(found)


def _immutable(index: ProjectIndex, target: Target) -> bool:
    """Whether the attribute holds an immutable builtin: declared so (``procs: tuple[P, ...]``)
    or only ever assigned one (``self._procs = ()``)."""
    kind, owner, attr = target
    cls = index.classes.get(owner) if kind != "g" else None
    typeref = None if cls is None else cls.attributes.get(attr)
    if type(typeref) is AnnotType:
        cls_ref = typeref.cls
    elif type(typeref) is CallType:
        cls_ref = typeref.callee  # ``self._procs = ()``, ``frozenset(...)``
    else:
        return False
    value = index.resolve(cls_ref)
    return value is not None and value[0] == "ext" and value[1] in _IMMUTABLE


def reported_by_admf402(project: ProjectContext) -> Callable[[Use], bool]:
    """Whether an unlocked read is ADMF402's: it iterates the state (unless the state is copied
    on write, :func:`copied_on_write`), or it is one of the torn reads (``torn_reads``). Every
    other unlocked read of guarded state is ADMF406's."""
    torn = torn_reads(project)
    analysis = project.fact(StateAnalysis)
    cow = copied_on_write(analysis)
    snapshots = frozenset(
        (use.module.path, use.access.line, use.access.column)
        for state in analysis.states()
        if state.target in cow
        for use in state.uses
        if use.iterated
    )

    def reported(use: Use) -> bool:
        position = (use.module.path, use.access.line, use.access.column)
        return (use.iterated and position not in snapshots) or position in torn

    return reported
