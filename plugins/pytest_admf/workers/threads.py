"""Run stress workers as threads: under the controlled scheduler when there is one, else free.

Under the scheduler one worker runs at a time and the seed decides where it switches, so rare
interleavings happen and replay. Without it (the plain ``stress`` fixture outside
``--admf-stress``) the workers are real threads released together by a barrier. Either way the
caller waits at most until the deadline.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_admf.failures import StressStalled, WorkerError, format_exception
from pytest_admf.workers.deadline import Deadline, join_all
from pytest_admf.workers.diagnostics import stall_headline

if TYPE_CHECKING:
    from admf_tsan.scheduler import ControlledScheduler, ScheduleReport

__all__ = ["ThreadsResult", "describe_schedule", "run_threads", "worker_body"]


@dataclass(frozen=True)
class ThreadsResult:
    """What the workers of one ``run_threads`` call did.

    ``failures`` lists every worker's failure; ``schedule`` and ``fingerprint`` describe the
    scheduler's run (None without a scheduler); ``stalled`` is the deadlock the scheduler
    reported, for the caller to raise once it has recorded the rest.
    """

    failures: list[WorkerError]
    schedule: str | None = None
    fingerprint: str | None = None
    stalled: StressStalled | None = None


def worker_body(
    op: Callable[[int], object], index: int, times: int, failures: list[WorkerError]
) -> Callable[[], None]:
    """The function one worker thread runs: ``op(index)`` ``times`` times, stopping at a failure.

    Only ``Exception`` is caught and recorded; anything else (a scheduler's abort, SystemExit)
    ends the thread and is the runner's to report.
    """

    def body() -> None:
        __tracebackhide__ = True  # a worker's traceback starts at the test's op
        for iteration in range(1, times + 1):
            try:
                op(index)
            except Exception as error:
                failures.append(WorkerError(index, iteration, error, format_exception(error)))
                return

    return body


def _run_free(
    bodies: list[Callable[[], None]],
    deadline: Deadline,
    context: str,
    seed: int,
    failures: list[WorkerError],
    fatal: Callable[[], str | None] | None,
) -> None:
    start = threading.Barrier(len(bodies))

    def run(index: int, body: Callable[[], None]) -> None:
        try:
            start.wait(deadline.remaining())
        except threading.BrokenBarrierError:
            return
        try:
            body()
        except BaseException as error:  # noqa: B036 - a worker must never die unreported
            failures.append(WorkerError(index, None, error, format_exception(error)))

    threads = [
        threading.Thread(
            target=contextvars.copy_context().run,
            args=(run, index, body),
            name=f"admf-worker-{index}",
            daemon=True,
        )
        for index, body in enumerate(bodies)
    ]
    for thread in threads:
        thread.start()
    stopped = join_all(threads, deadline, fatal)
    if stopped is not None:
        stuck = [thread.name for thread in threads if thread.is_alive()]
        what = f"{len(stuck)} of {len(threads)} workers ({', '.join(stuck)})"
        raise StressStalled(
            stall_headline(stopped, deadline, context, seed, what), context=context, seed=seed
        )


def _run_scheduled(
    scheduler: ControlledScheduler,
    bodies: list[Callable[[], None]],
    deadline: Deadline,
    context: str,
    seed: int,
    failures: list[WorkerError],
) -> ThreadsResult:
    __tracebackhide__ = True
    copies = [contextvars.copy_context() for _ in bodies]
    wrapped = [
        lambda ctx=ctx, body=body: ctx.run(body) for ctx, body in zip(copies, bodies, strict=True)
    ]
    report = scheduler.run(wrapped, timeout=max(deadline.remaining(), 0.001))
    for failure in report.failures:
        failures.append(
            WorkerError(failure.worker, None, failure.exception, failure.traceback_text)
        )
    stalled = None
    if report.deadlock:
        stalled = StressStalled(
            f"{report.deadlock}\n\ncontext {context}, seed {seed}, {describe_schedule(report)}",
            context=context,
            seed=seed,
        )
    return ThreadsResult(failures, describe_schedule(report), report.fingerprint, stalled)


def describe_schedule(report: ScheduleReport) -> str:
    """One line for a failure: strategy, steps, switches, fingerprint (and unmodeled blocks)."""
    text = (
        f"{report.strategy_detail or report.strategy}, {report.steps} steps, "
        f"{report.switches} switches, fingerprint {report.fingerprint}"
    )
    if report.detached:
        text += (
            f"; {report.detached} time(s) a worker blocked in a call the scheduler does not "
            "model, so replay may differ"
        )
    return text


def run_threads(
    op: Callable[[int], object],
    *,
    workers: int,
    times: int,
    seed: int,
    deadline: Deadline,
    context: str,
    scheduler: ControlledScheduler | None,
    fatal: Callable[[], str | None] | None = None,
) -> ThreadsResult:
    """Run ``workers`` threads calling ``op(index)`` ``times`` times; return what they did.

    Every worker thread runs in a copy of the caller's ContextVar state, so ``use_context``
    applies in it. Free threads that deadlock or outlive the deadline raise StressStalled; under
    a scheduler the deadlock comes back in ``stalled``, with the run's schedule and fingerprint.
    """
    __tracebackhide__ = True  # machinery: a failure points at the test's stress.run call
    failures: list[WorkerError] = []
    bodies = [worker_body(op, index, times, failures) for index in range(workers)]
    if scheduler is None:
        _run_free(bodies, deadline, context, seed, failures, fatal)
        return ThreadsResult(failures)
    return _run_scheduled(scheduler, bodies, deadline, context, seed, failures)
