"""ADMF402: guarded state read without its lock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.unguarded_write import guarded_findings


class UnguardedRead(ProjectRule):
    """ADMF402: an attribute guarded by a lock is read without holding that lock.

    The guard is inferred as for ADMF401 (the lock held where the attribute is written) or
    declared with `# guarded_by: NAME`. Reading without it sees state in the middle of an update:
    a dict changing size during iteration, a total that does not match its parts, a flag checked
    and then acted on after another thread changed it. State that is only ever set once by lazy
    initialisation is exempt (reading a fully built object reference is safe; the
    check-then-act itself is ADMF403).

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
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Positions:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._qty = {}\n\n"
            "    def fill(self, symbol, qty):\n        with self._lock:\n"
            "            self._qty[symbol] = self._qty.get(symbol, 0) + qty\n\n"
            "    def exposure(self):\n        return sum(self._qty.values())\n",
            message="`self._qty` is read in `Positions.exposure()` without holding "
            "`Positions._lock`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        return guarded_findings(project, self.code, reads=True)
