"""The state of one run of a test body, built once per run, and what its stress.run calls report.

The session (a stressed iteration) or the ``stress`` fixture (a test run once) builds the
``RunState`` of a run with everything the run needs: context, seed, deadline, strategy,
scheduler, and the checkers' deadlock probe. Nothing is written into it afterwards except the
``CallRecord`` each ``stress.run`` call returns from its workers, which the session reads when
the run ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from admf_tsan.context import ThreadingMode
    from admf_tsan.scheduler import ControlledScheduler
    from pytest_admf.workers.deadline import Deadline

__all__ = ["STATE_KEY", "CallRecord", "RunState"]


@dataclass(frozen=True)
class CallRecord:
    """What one ``stress.run`` call reports: its schedule and the scheduler's code fingerprint.

    Both are None outside the controlled scheduler.
    """

    schedule: str | None = None
    fingerprint: str | None = None


@dataclass(frozen=True)
class RunState:
    """One run of a test body: its context, seed, strategy, deadline and scheduler.

    The plugin makes one per iteration of a stressed test (``stressed`` True); a test run
    without ``--admf-stress`` gets one for its single run. ``strategy`` is the scheduler's
    (``pct`` or ``random``) in MULTI_THREADED runs and None where no scheduler runs.
    ``fatal`` returns the runtime checkers' report once they found a deadlock.
    """

    mode: ThreadingMode
    seed: int
    deadline: Deadline
    iteration: int = 0
    strategy: str | None = None
    scheduler: ControlledScheduler | None = None
    stressed: bool = False
    fatal: Callable[[], str | None] | None = None
    calls: list[CallRecord] = field(default_factory=list, compare=False)

    def record(self, call: CallRecord) -> None:
        """Add what one ``stress.run`` call of this run returned (its workers' side)."""
        self.calls.append(call)

    @property
    def schedules(self) -> list[str]:
        """The schedule of every scheduled ``stress.run`` call so far, in order."""
        return [call.schedule for call in self.calls if call.schedule]

    @property
    def fingerprints(self) -> list[str]:
        """The code fingerprint of every scheduled ``stress.run`` call so far, in order."""
        return [call.fingerprint for call in self.calls if call.fingerprint is not None]


STATE_KEY = pytest.StashKey[RunState]()
"""Where an item keeps the state of its current run: ``item.stash[STATE_KEY]``."""
