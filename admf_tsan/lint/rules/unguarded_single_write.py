"""ADMF407: guarded state given a new value by one unlocked store (opt-in)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.unguarded_write import SingleStores, guarded_findings


class UnguardedSingleWrite(ProjectRule):
    """ADMF407: an attribute guarded by a lock is set by one store without it (opt-in).

    The unlocked writes of lock-guarded state that are one store of a new value that does not
    read the state: `self.flag = True`, `self._conn = None`, `self._pending = {}`, with or
    without a test before it (`if self._thread is not None: self._thread.join();
    self._thread = None`). Under the GIL the store is one step: no thread sees a torn value.
    Where the code holding the lock only stores and reads the state whole, the store can only
    be ordered before or after it. Where the locked code changes it in several steps (mutates
    the container, tests and then sets it, reads and writes it back), the store can land
    between two of them: it is overwritten, or a locked update to the old value is lost (a
    counter reset while an increment is under way). Where the unlocked code tested the state
    first, the test can be stale when the store lands (a stop racing a start, a buffer flushed
    twice). ADMF401 keeps the stores that are read-modify-writes: a value that reads the state
    (`self.n = self.n + 1`, on any line of the statement), a reset of a value the function
    read first while the locked code increments it, and any store after a read of a guard
    declared with `# guarded_by`.

    On fifty-three real projects (docs/realworld-findings.md and the held-out pages) every
    store judged that reads nothing first was deliberate, harmless or safe by a protocol the
    analysis cannot see (a callback set by a decorator without the lock the property setter
    takes, a reconnect delay reset on the network thread, a flag set at shutdown, counters
    swapped for a fresh dict, cipher state set while sending is paused): none of about twenty
    was worth a change. Of the 81 stores after a test or read of the state that ADMF401
    reported on 798 projects before they moved here, 2 were worth a change (a span's
    compression buffer reported twice, a privsep channel closed twice), 49 were not (a stop
    racing a start, a flag set at shutdown) and 30 were wrong (set-up before the threads
    start, after they are joined, or on the one thread that runs the locked code). So the
    rule is off unless `select` names it (`--select ADMF407`); turn it on for code written to
    a strict lock discipline. Read-modify-writes and container mutations in the unlocked code
    stay ADMF401.

    Fix: store under the lock, or mark the attribute `# guarded_by: none` when the store is
    meant to be lock-free.
    """

    code = "ADMF407"
    name = "unguarded-single-write"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Client:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._on_message = None\n\n"
        "    def set_on_message(self, func):\n        with self._lock:\n"
        "            self._on_message = func\n\n"
        "    def clear_on_message(self):\n        with self._lock:\n"
        "            self._on_message = None\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Client:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._on_message = None\n\n"
            "    def set_on_message(self, func):\n        with self._lock:\n"
            "            self._on_message = func\n\n"
            "    def clear_on_message(self):\n        self._on_message = None\n",
            message="`self._on_message` is written in `Client.clear_on_message()` without "
            "holding `Client._lock`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.selected(project.config):
            return ()
        single = project.fact(SingleStores)
        return guarded_findings(project, self.code, reads=False, keep=single.only_stores)
