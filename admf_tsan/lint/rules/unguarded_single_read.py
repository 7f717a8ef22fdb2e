"""ADMF406: guarded state read once, atomically, without its lock (opt-in)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.unguarded_read import reported_by_admf402
from admf_tsan.lint.rules.unguarded_write import guarded_findings


class UnguardedSingleRead(ProjectRule):
    """ADMF406: an attribute guarded by a lock is read once without it (opt-in).

    The reads of ADMF402 that are one step: a flag or a number (`if self._started:`,
    `return self._revision`), one element (`self._jobs[key]`), a reference handed on, a test
    for emptiness. Under the GIL such a read never sees a torn value, only a value that may be
    out of date by the time it is used, which is a problem only when the code then acts on it
    as if it were current (a check-then-act, which ADMF403 and ADMF401 report where the write
    follows, and the opt-in ADMF407 where that write is one store of a new value). Two or more
    such reads of state one lock guards, in one function
    (`len(self._buf) - self._pos`), can take their values from either side of one locked
    update; they are reported here too. An iteration of state replaced whole under the lock
    and never changed in place (a tuple grown with `+=`, a dict copied and rebound) reads the
    reference once, and is reported here as well. Iterating a container the lock's code changes
    in place stays ADMF402.

    On twelve real projects (docs/realworld-findings.md) about twenty single reads were judged,
    all deliberate (a fast-path flag re-checked under the lock, a single dict lookup, a float
    read for a sleep interval) and none worth a change. Reads of two attributes in one function
    were ADMF402 until they too were judged on the held-out projects: 0 of 26 worth a change
    (15 right but harmless: a stale statistic, a start/stop race, a monotonic done flag; 11
    wrong: double-checked starts, values written once before a done flag, reads after a join).
    So the rule is off unless `select` names it (`--select ADMF406`).

    Fix: read under the lock, or mark the attribute `# guarded_by: none` when a stale read is
    acceptable by design.
    """

    code = "ADMF406"
    name = "unguarded-single-read"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Runner:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._started = False\n\n"
        "    def start(self):\n        with self._lock:\n            self._started = True\n\n"
        "    def is_started(self):\n        with self._lock:\n            return self._started\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Runner:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._started = False\n\n"
            "    def start(self):\n        with self._lock:\n            self._started = True\n\n"
            "    def is_started(self):\n        return self._started\n",
            message="`self._started` is read in `Runner.is_started()` without holding "
            "`Runner._lock`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.selected(project.config):
            return ()
        admf402 = reported_by_admf402(project)
        return guarded_findings(project, self.code, reads=True, keep=lambda use: not admf402(use))
