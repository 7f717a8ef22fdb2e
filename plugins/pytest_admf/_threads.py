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
from typing import TYPE_CHECKING

from pytest_admf._deadline import Deadline, join_all
from pytest_admf._diagnostics import stall_headline
from pytest_admf._failures import StressStalled, WorkerError, format_exception

if TYPE_CHECKING:
    from pytest_admf.scheduler import ControlledScheduler, ScheduleReport

__all__ = ["run_threads", "worker_body"]


def worker_body(
    op: Callable[[int], object], index: int, times: int, failures: list[WorkerError]
) -> Callable[[], None]:
    """The function one worker thread runs: ``op(index)`` ``times`` times, stopping at a failure.

    Only ``Exception`` is caught and recorded; anything else (a scheduler's abort, SystemExit)
    ends the thread and is the runner's to report.
    """

    def body() -> None:
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
    on_report: Callable[[ScheduleReport], None] | None,
) -> str:
    copies = [contextvars.copy_context() for _ in bodies]
    wrapped = [
        lambda ctx=ctx, body=body: ctx.run(body) for ctx, body in zip(copies, bodies, strict=True)
    ]
    report = scheduler.run(wrapped, timeout=max(deadline.remaining(), 0.001))
    if on_report is not None:
        on_report(report)
    for failure in report.failures:
        failures.append(
            WorkerError(failure.worker, None, failure.exception, failure.traceback_text)
        )
    if report.deadlock:
        raise StressStalled(
            f"{report.deadlock}\n\ncontext {context}, seed {seed}, {_describe(report)}",
            context=context,
            seed=seed,
        )
    return _describe(report)


def _describe(report: ScheduleReport) -> str:
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
    on_report: Callable[[ScheduleReport], None] | None = None,
) -> tuple[list[WorkerError], str | None]:
    """Run ``workers`` threads calling ``op(index)`` ``times`` times; return failures and schedule.

    Every worker thread runs in a copy of the caller's ContextVar state, so ``use_context``
    applies in it. Under a scheduler, ``on_report`` gets its ScheduleReport as soon as the run
    ends (before a deadlock is raised). Raises StressStalled when the workers deadlock or
    outlive the deadline.
    """
    failures: list[WorkerError] = []
    bodies = [worker_body(op, index, times, failures) for index in range(workers)]
    if scheduler is None:
        _run_free(bodies, deadline, context, seed, failures, fatal)
        return failures, None
    schedule = _run_scheduled(scheduler, bodies, deadline, context, seed, failures, on_report)
    return failures, schedule
