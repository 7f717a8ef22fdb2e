"""ADMF402: guarded state read without its lock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.unguarded_write import guarded_findings


class UnguardedRead(ProjectRule):
    """ADMF402: a container guarded by a lock is iterated without holding that lock.

    The guard is inferred as for ADMF401 (the lock held where the attribute is written) or
    declared with `# guarded_by: NAME`. Iterating without it (`for conn in self._in_use:`,
    `self._map.values()` in a loop or a comprehension, `iter(self._data)`, `sum(...)` over it)
    takes many steps while another thread changes the container under the lock: the loop raises
    `RuntimeError: dictionary changed size during iteration` (or `Set changed size`), skips or
    repeats elements, or adds up parts of two different states. State that is only ever set once
    by lazy initialisation is exempt (the check-then-act itself is ADMF403).

    A single read without the lock (a flag, a number, one element `self._d[k]`, an emptiness
    test) is one step under the GIL: at worst out of date. Those reads are ADMF406, which is
    opt-in; `len(x)`, `k in x`, `x.get(k)` and copies (`list(x)`, `dict(x)`) are never reported.

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
        return guarded_findings(project, self.code, reads=True, keep=lambda use: use.iterated)
