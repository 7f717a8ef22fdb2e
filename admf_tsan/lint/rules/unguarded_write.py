"""ADMF401: guarded state written without its lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.guards import (
    GuardedState,
    LazyRaces,
    StateAnalysis,
    Use,
    render_target,
)
from admf_tsan.lint.analysis.locks import LockModel, Step
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule


def guarded_findings(
    project: ProjectContext, code: str, reads: bool, keep: Callable[[Use], bool] | None = None
) -> Iterable[Finding]:
    """Findings of ADMF401 (``reads`` false: writes) or of reads, one per function; ``keep``
    chooses the reads a rule reports (ADMF402 iterations, ADMF406 the other reads)."""
    analysis = project.fact(StateAnalysis)
    model = analysis.model
    lazy = project.fact(LazyRaces)
    lazy_positions = lazy.positions
    lazy_functions = lazy.functions
    for state in analysis.states():
        if state.guard is None or (reads and state.lazy_only):
            continue
        reported: set[tuple[str, str]] = set()
        for use in sorted(state.unguarded(), key=lambda u: (u.module.path, u.access.line)):
            if (use.access.kind == "read") != reads:
                continue
            if keep is not None and not keep(use):
                continue
            if (use.module.path, use.access.line, use.access.column) in lazy_positions:
                continue
            if (use.function.qualname, use.access.target) in lazy_functions:
                continue
            if (use.function.qualname, use.access.kind) in reported:
                continue
            reported.add((use.function.qualname, use.access.kind))
            yield _finding(project, code, state, use, model)


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
    risk = "another thread can see it half-updated"
    if use.access.kind == "read":
        risk = "the value can be out of date by the time it is used"
    if use.iterated:
        risk = "another thread can change it during the iteration (`changed size during iteration`)"
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
    too. A method whose every caller holds the lock counts as holding it. A write that does not
    can interleave with the locked code and lose updates or expose half-done state.

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
            "    def clear(self):\n        self._orders = []\n",
            message="`self._orders` is written in `Book.clear()` without holding `Book._lock`",
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
        return guarded_findings(project, self.code, reads=False)
