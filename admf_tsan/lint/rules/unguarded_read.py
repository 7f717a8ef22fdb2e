"""ADMF402: guarded state read without its lock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.guards import StateAnalysis, Use
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
    for state in analysis.states():
        guard = state.guard
        if guard is None or state.lazy_only:
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


class UnguardedRead(ProjectRule):
    """ADMF402: a container guarded by a lock is iterated without holding that lock.

    The guard is inferred as for ADMF401 (the lock held where the attribute is written) or
    declared with `# guarded_by: NAME`. Iterating without it (`for conn in self._in_use:`,
    `self._map.values()` in a loop or a comprehension, `iter(self._data)`, `sum(...)` over it)
    takes many steps while another thread changes the container under the lock: the loop raises
    `RuntimeError: dictionary changed size during iteration` (or `Set changed size`), skips or
    repeats elements, or adds up parts of two different states. State that is only ever set once
    by lazy initialisation is exempt (the check-then-act itself is ADMF403).

    Reading two or more attributes guarded by the same lock in one function without it
    (`len(self._buf) - self._pos`) is reported too: the values can come from before and after
    one locked update, a total that does not match its parts.

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
        torn = torn_reads(project)
        return guarded_findings(
            project,
            self.code,
            reads=True,
            keep=lambda use: (
                use.iterated or (use.module.path, use.access.line, use.access.column) in torn
            ),
        )
