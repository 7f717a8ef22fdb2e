"""ADMF402: guarded state read without its lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.guards import LISTS, StateAnalysis, Use
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.unguarded_write import guarded_findings


class UnguardedRead(ProjectRule):
    """ADMF402: a container guarded by a lock is iterated without holding that lock.

    The guard is inferred as for ADMF401 (the lock held where the attribute is written) or
    declared with `# guarded_by: NAME`, and held where ADMF401 counts it held (a method whose
    every caller holds it, a branch of a private method that every caller not holding it
    switches off with a literal or default argument: `if search: for key in self._cache: ...`).
    Iterating without it (`for conn in self._in_use:`, `self._map.values()` in a loop or a
    comprehension, `iter(self._data)`, `sum(...)` over it) takes many steps while another thread
    changes the container under the lock: the loop raises `RuntimeError: dictionary changed size
    during iteration` (or `Set changed size`), skips or repeats elements, or adds up parts of
    two different states. State that is only ever set once by lazy initialisation is exempt (the
    check-then-act itself is ADMF403), and so is state copied on write: replaced whole under the
    lock and never changed in place (a tuple grown with `self._procs += (p,)`, a dict copied,
    changed and rebound). The loop reads the reference once and walks an object no thread
    changes, so that iteration is a single read. So is a loop over a list that is only grown at
    the end (`append`, `extend`) or rebound: a list is walked by index, every old element is
    seen once and it never raises. Builtins that take values rather than an iterable read them
    once: `max(0, self._count)` and `min(a, b)` compare their arguments, `iter(f, sentinel)`
    calls `f`, and the function of `map(f, xs)` or `filter(f, xs)` is called, not iterated.

    A read that is not an iteration (a flag, a number, one element `self._d[k]`, an emptiness
    test, also two such reads in one function) is one step under the GIL each: at worst out of
    date, or two values from either side of one locked update. Those reads are ADMF406, which
    is opt-in: on the real projects judged, none of them was worth a change (see ADMF406).
    `len(x)`, `k in x`, `x.get(k)` and copies (`list(x)`, `dict(x)`) are never reported.

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


def copied_on_write(analysis: StateAnalysis) -> frozenset[tuple[str, int, int]]:
    """Positions of the iterations of guarded state that is replaced whole and
    never changed in place: every write outside the constructors rebinds it
    (``self._procs = new_procs``, or ``self._procs += (p,)`` on a tuple, frozenset, str or bytes,
    as :meth:`StateAnalysis.held_class` tells), and nothing calls a mutating method on it or
    stores into it. Iterating it without the lock reads the reference once and walks an object
    no thread changes, the old or the new one: it cannot change size under the loop. What is
    left is a value that may be out of date, a single read (ADMF406)."""
    found: set[tuple[str, int, int]] = set()
    for state in analysis.states():
        if state.guard is None:
            continue
        writes = [u for u in state.uses if u.access.kind in ("write", "mutate")]
        if not writes or any(u.access.kind == "mutate" for u in writes):
            continue
        if any(u.access.update for u in writes):
            value = analysis.held_class(state.target)
            if value is None or value[0] != "ext" or value[1] not in _IMMUTABLE:
                continue  # ``self._items += [x]`` extends a list in place
        found.update(use.position for use in state.uses if use.iterated)
    return frozenset(found)


def grown_lists(analysis: StateAnalysis) -> frozenset[tuple[str, int, int]]:
    """Positions of the iterations of a guarded list that is only ever grown at the end
    (``append``, ``extend``, ``+=``) or rebound whole, never shrunk, sorted or stored into in
    place. A loop over a list walks it by index: meanwhile an append is seen or not, every old
    element exactly once, and a list never raises ``changed size during iteration``. A list
    filled once by a start-up routine under the lock and walked by readers is that shape. What
    is left is a value that may be out of date, a single read (ADMF406)."""
    found: set[tuple[str, int, int]] = set()
    for state in analysis.states():
        if state.guard is None:
            continue
        value = analysis.held_class(state.target)
        if value is None or value[1] not in LISTS:
            continue
        if any(u.access.kind == "mutate" and not u.access.grows for u in state.uses):
            continue
        found.update(use.position for use in state.uses if use.iterated)
    return frozenset(found)


def reported_by_admf402(project: ProjectContext) -> Callable[[Use], bool]:
    """Whether an unlocked read is ADMF402's: it iterates the state, unless the state is copied
    on write (:func:`copied_on_write`) or a list only grown at the end (:func:`grown_lists`).
    Every other unlocked read of guarded state is ADMF406's."""
    analysis = project.fact(StateAnalysis)
    snapshots = copied_on_write(analysis) | grown_lists(analysis)
    return lambda use: use.iterated and use.position not in snapshots
