"""What a stress run reports when it fails: every worker's failure, not just the first.

pytest-run-parallel keeps the first error of N threads and drops the others; a race often shows
differently in each worker (one worker's assertion, another's ``KeyError``), so ``StressFailure``
carries all of them, each with its worker, iteration and traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass

from admf_tsan.errors import DeadlockDetected

__all__ = [
    "DeadlineExceeded",
    "StressFailure",
    "StressStalled",
    "WorkerError",
    "format_exception",
]


def format_exception(error: BaseException) -> str:
    """The full traceback text of ``error`` (with its chained causes)."""
    return "".join(traceback.format_exception(error)).rstrip()


@dataclass(frozen=True)
class WorkerError:
    """One worker's failure: which worker, at which of its iterations, and what it raised.

    ``iteration`` counts from 1 (the n-th call of ``op`` by that worker); it is None when the
    failure did not happen inside a call of ``op`` (the scheduler reported it). ``worker`` is
    None for an error of the event loop itself (a task exception nobody retrieved).
    """

    worker: int | None
    iteration: int | None
    exception: BaseException
    traceback_text: str

    @property
    def where(self) -> str:
        """``worker 1, iteration 3`` (or ``worker 1`` when the iteration is unknown)."""
        if self.worker is None:
            return "event loop"
        if self.iteration is None:
            return f"worker {self.worker}"
        return f"worker {self.worker}, iteration {self.iteration}"

    def headline(self) -> str:
        """``worker 1, iteration 3: AssertionError: lost 2 updates``."""
        message = str(self.exception).strip().splitlines()
        detail = f": {message[0]}" if message else ""
        return f"{self.where}: {type(self.exception).__name__}{detail}"


class StressFailure(AssertionError):
    """A worker of ``stress.run`` failed; the first failure is the cause, the others are listed.

    Attributes: ``failures`` (every ``WorkerError``, first one first), ``context`` (the short
    context name), ``seed`` (the seed of this run), ``times`` and ``workers`` (the run's shape).
    """

    def __init__(
        self,
        failures: Sequence[WorkerError],
        *,
        context: str,
        seed: int,
        workers: int,
        times: int,
        schedule: str | None = None,
    ) -> None:
        if not failures:
            raise ValueError("StressFailure needs at least one worker failure")
        self.failures = tuple(failures)
        self.context = context
        self.seed = seed
        self.workers = workers
        self.times = times
        self.schedule = schedule
        super().__init__(self._message())

    def _message(self) -> str:
        first = self.failures[0]
        lines = [
            f"{first.headline()}",
            f"  context {self.context}, seed {self.seed}, "
            f"{self.workers} workers x {self.times} calls"
            + (f", {self.schedule}" if self.schedule else ""),
        ]
        others = self.failures[1:]
        if others:
            lines.append(f"  {len(others)} other worker failure(s):")
            lines.extend(f"    {other.headline()}" for other in others)
            for other in others:
                lines.append(f"  --- traceback of {other.where} ---")
                lines.extend("  " + line for line in other.traceback_text.splitlines())
        return "\n".join(lines)


class StressStalled(DeadlockDetected):
    """A stress run stopped making progress within the deadline.

    The message holds what was found: the wait-for graph when one could be built, every
    thread's stack, and for asyncio every task's stack. ``context`` and ``seed`` name the run.
    """

    def __init__(self, message: str, *, context: str, seed: int) -> None:
        super().__init__(message)
        self.context = context
        self.seed = seed


class DeadlineExceeded(StressStalled):
    """A run was still going at its deadline (no deadlock was seen: it may only be slow).

    Raised when the scheduler's run or the watchdog's timer ran out, not when the scheduler
    or the runtime checkers found every thread blocked.
    """
