"""ADMF403: check-then-act lazy initialisation outside the lock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.guards import LazyRaces, StateAnalysis, render_target
from admf_tsan.lint.analysis.locks import Step
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule


class LazyInitRace(ProjectRule):
    """ADMF403: lazy initialisation tests the state outside the lock that guards it (opt-in).

    `if self._conn is None: self._conn = connect()` run by two threads at once: both see `None`,
    both connect, one connection leaks and the two threads use different objects. Taking the lock
    only around the assignment does not help (the classic broken double-checked locking): the test
    must be repeated under the lock. Reported when the state is guarded (ADMF401's inference or a
    `# guarded_by` comment) or set under a lock: lazy singletons (`cls._instance`, a module
    `_instance`) included. State never touched under any lock is not reported: nothing shows that
    threads share it. Nor is a helper whose name says its caller holds the lock
    (`_open_locked()`, `_pipeline_nolock()`, `_unlocked`, `_with_lock`), as ADMF401 takes it,
    nor an iterator's `__next__()` (or `next()`): an iterator has one consumer at a time, nor
    a coroutine that tests and sets with no `await` between the two: one step on its loop.
    A `setdefault()` under the lock is its own re-test (it keeps the entry another thread
    stored first): an unlocked `if key in self._calls: return` before it is only a shortcut.

    Fix: double-checked locking, or simply do the whole check under the lock:

        if self._conn is None:
            with self._lock:
                if self._conn is None:
                    self._conn = connect()
        return self._conn

    Opt-in (`--extend-select ADMF403`): on the real projects of docs/realworld-findings.md and
    its held-out pages, 18 findings of this rule were judged and one was worth a change (a
    metrics class whose flush resets the state the unlocked test reads: pybrake, held-out
    batch 16); 14 were wrong (the test and the set run on one thread only, an I/O or
    event-loop thread; the object is set up before any thread can see it; the state is
    re-tested another way) and 3 right ones initialise something twice at worst. At 4b06a2d
    the default selection reported 9 of them on 178 projects (2 NOTWORTH, 7 WRONG). Which
    thread runs a method is what decides these, and the linter does not know it; select the
    rule where lazily built shared objects are tested from several threads. Off or on,
    ADMF401 and ADMF402 leave the test and the set of such an initialisation to this rule; on,
    also the rest of that function's uses of the state, so one race is reported once.
    """

    code = "ADMF403"
    name = "lazy-init-race"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Feed:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._conn = None\n\n"
        "    def conn(self):\n        if self._conn is None:\n            with self._lock:\n"
        "                if self._conn is None:\n                    self._conn = object()\n"
        "        return self._conn\n",
        "class Plain:\n    def __init__(self):\n        self._conn = None\n\n"
        "    def conn(self):\n        if self._conn is None:\n"
        "            self._conn = object()\n        return self._conn\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Feed:\n    _instance = None\n"
            "    _lock = threading.Lock()\n\n"
            "    @classmethod\n    def instance(cls):\n        if cls._instance is None:\n"
            "            with cls._lock:\n                cls._instance = cls()\n"
            "        return cls._instance\n",
            message="`cls._instance` is tested without holding `Feed._lock`",
        ),
        Invalid(
            "import threading\n\n_lock = threading.Lock()\n_client = None\n\n"
            "def client():\n    global _client\n    if _client is None:\n"
            "        _client = object()\n    return _client\n\n"
            "def reset():\n    global _client\n    with _lock:\n        _client = None\n",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.selected(project.config):
            return
        analysis = project.fact(StateAnalysis)
        model = analysis.model
        for race in project.fact(LazyRaces).races:
            shown = render_target(race.target)
            lock = model.display(race.lock)
            write = race.write
            message = (
                f"check-then-act: `{shown}` is tested without holding `{lock}` and then set "
                f"(line {write.access.line}): two threads can both see it unset and both "
                "initialise it; test it again under the lock (double-checked locking)"
            )
            related = model.related(
                [
                    Step(
                        write.function.qualname,
                        write.access.line,
                        write.access.column,
                        f"`{shown}` set here",
                    )
                ]
            )
            yield project.finding(write.module, race.check, self.code, message, related=related)
