"""ADMF407: guarded state given a new value by one unlocked store (opt-in)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.unguarded_write import SingleStores, guarded_findings


class UnguardedSingleWrite(ProjectRule):
    """ADMF407: an attribute guarded by a lock is set by one store without it (opt-in).

    The writes of ADMF401 that are one plain store: `self.flag = True`, `self._conn = None`,
    `self.callback = func`, in a function that reads nothing the lock guards before it, of
    state that the code holding the lock only stores and reads whole (never mutates, tests and
    then sets, or reads and writes back). Under the GIL the store is one step: no thread sees a
    torn value, and no locked update can be lost to it, only ordered before or after it.

    On twelve real projects (docs/realworld-findings.md) the single unlocked stores judged were
    all deliberate or harmless (a callback set by a decorator without the lock the property
    setter takes, a reconnect delay reset on the network thread) and none worth a change, so
    the rule is off unless `select` names it (`--select ADMF407`). Read-modify-writes,
    check-then-acts and container mutations stay ADMF401.

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
