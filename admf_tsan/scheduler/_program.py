"""A whole program under the controlled scheduler with race detection (``admf-tsan run --races``).

The program's main code becomes worker 0 of one scheduled run; every thread it starts is
adopted as another worker, so the race detector sees all of them. An exception that ends the
main code (``SystemExit`` included) is raised again from :meth:`ScheduledProgram.run`, so the
caller handles it as if the program had run directly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import cast

from admf_tsan.runtime.cli import run_main as run_checked

from ._races import DataRace, RacePolicy
from ._scheduler import ControlledScheduler, ScheduleReport

__all__ = ["ScheduledProgram", "run_main"]


def run_main(argv: Sequence[str]) -> int:
    """``admf-tsan run``: the runtime's command, with this module's runner for ``--races``."""
    return run_checked(argv, races_runner=_make)


def _make(seed: int, policy: str) -> ScheduledProgram:
    return ScheduledProgram(seed, cast(RacePolicy, policy))


# A program may run for long; the scheduler's own timeout is only a last resort.
PROGRAM_TIMEOUT = 24 * 3600.0


class ScheduledProgram:
    """Runs one callable as a scheduled run and keeps the races it found."""

    def __init__(self, seed: int, policy: RacePolicy = "default") -> None:
        self.scheduler = ControlledScheduler(seed, strategy="auto", races=policy)
        self.policy = policy
        self.report: ScheduleReport | None = None

    @contextlib.contextmanager
    def patched(self) -> Iterator[None]:
        """The scheduler's modeled primitives, for the whole program (enter before checkers)."""
        with self.scheduler.patch_primitives():
            yield

    def run(self, program: Callable[[], None]) -> None:
        """Run ``program`` as the run's first worker; re-raise what ended it."""
        self.report = self.scheduler.run([program], timeout=PROGRAM_TIMEOUT)
        for failure in self.report.failures:
            if failure.worker == 0:
                raise failure.exception

    @property
    def races(self) -> tuple[DataRace, ...]:
        """Every race reported under the policy (failing ones first)."""
        return () if self.report is None else self.report.races

    @property
    def failing(self) -> list[DataRace]:
        """The races that make ``admf-tsan run`` exit 3."""
        return [r for r in self.races if self.policy == "all" or r.severity == "fail"]

    def text(self) -> str:
        """The race report: a headline, then each race with both stacks and held locks."""
        if self.report is None:
            return "admf-tsan run --races: the program did not run"
        races = self.races
        head = (
            f"admf-tsan run --races: {len(races)} data race(s) "
            f"(seed {self.scheduler.seed}, {self.report.steps} switch points, "
            f"{self.report.workers} thread(s))"
        )
        if not races:
            return head
        return "\n\n".join([head, *(race.text() for race in races)])
