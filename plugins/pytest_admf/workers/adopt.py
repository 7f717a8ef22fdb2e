"""Run a whole test body as the root worker of one scheduler run: its threads are adopted.

A maintainer's test starts its own threads (``threading.Thread`` + ``join``, a
``ThreadPoolExecutor``, a ``multiprocessing.pool.ThreadPool``, a ``threading.Timer``) instead
of calling ``stress.run``. Run as the only worker of a ``ControlledScheduler`` run, the body is
scheduled like any worker, and every thread it starts becomes a worker of the same run (the
scheduler's thread adoption): one thread runs at a time, the seed decides the switches, a
deadlock ends the run at once with the wait-for graph, and the seed replays the run.

Threads that exist before the body starts (session fixtures, a library's background thread)
are not adopted: only threads started by a worker are. Adopted threads that are still blocked
when the body and every other worker finished (an executor's idle workers waiting for work,
a pool's handler threads) are released and go on as ordinary threads, so they cannot hang the
run.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from pytest_admf.failures import DeadlineExceeded, StressStalled
from pytest_admf.session.state import CallRecord
from pytest_admf.workers.deadline import Deadline
from pytest_admf.workers.threads import describe_schedule

if TYPE_CHECKING:
    from admf_tsan.scheduler import ControlledScheduler, WorkerFailure

__all__ = ["run_as_root_worker"]


_NOT_MAIN_THREAD = (
    "under --admf-stress this test body ran on a scheduler worker thread (named like the "
    "calling thread), not on the main thread: threading.main_thread() is not "
    "threading.current_thread() there and signal.signal() raises ValueError. Install signal "
    "handlers in a fixture, or leave the test unmarked (--admf-stress=all runs such a test "
    "once, unscheduled)"
)


def _needs_main_thread(failure: WorkerFailure) -> bool:
    """True when the root worker's failure came from needing the real main thread."""
    if failure.worker != 0:
        return False
    error = failure.exception
    if isinstance(error, ValueError) and "main thread" in str(error):
        return True  # signal.signal / signal.set_wakeup_fd off the main thread
    return "main_thread()" in failure.traceback_text


def _other_failures_note(others: list[WorkerFailure]) -> str:
    lines = [f"{len(others)} other failure(s) in threads the test started:"]
    for failure in others:
        lines.append(f"--- worker {failure.worker} ---")
        lines.extend(failure.traceback_text.rstrip().splitlines())
    return "\n".join(lines)


def run_as_root_worker(
    body: Callable[[], object],
    scheduler: ControlledScheduler,
    deadline: Deadline,
    *,
    context: str,
    seed: int,
    record: Callable[[CallRecord], None],
) -> None:
    """Run ``body`` as worker 0 of one run of ``scheduler``; hand the run's record to ``record``.

    The body runs on a worker thread of the scheduler named like the calling thread
    (``MainThread`` under pytest), not on the calling thread itself: code that needs the real
    main thread (``signal.signal``, ``current_thread() is main_thread()``) fails there, and its
    failure gets a note that says so. ``threading.main_thread()`` is left alone on purpose:
    ``asyncio.run`` installs a SIGINT handler when it believes it runs on the main thread.

    Raises the first failure of the run: the body's own exception, else the exception that
    ended a thread it started (worker 1, 2, ... in start order; an exception in a thread the
    test started fails the test, where plain pytest would only warn). Other failures become a
    note on it. Raises StressStalled on a deadlock or when the run outlives ``deadline``.
    """
    __tracebackhide__ = True
    copy = contextvars.copy_context()
    caller = threading.current_thread().name

    def root() -> None:
        # The body runs on the scheduler's worker thread; it keeps the name of the thread
        # pytest called it on, so what a test reads or prints about "its" thread still holds.
        threading.current_thread().name = caller
        copy.run(body)

    report = scheduler.run([root], timeout=max(deadline.remaining(), 0.001))
    schedule = describe_schedule(report)
    record(CallRecord(schedule, report.fingerprint))
    if report.deadlock:
        kind = DeadlineExceeded if report.timed_out else StressStalled
        raise kind(
            f"{report.deadlock}\n\ncontext {context}, seed {seed}, {schedule}",
            context=context,
            seed=seed,
        )
    if report.failures:
        failures = sorted(report.failures, key=lambda failure: failure.worker)
        first = failures[0].exception
        if _needs_main_thread(failures[0]):
            first.add_note(_NOT_MAIN_THREAD)
        if len(failures) > 1:
            first.add_note(_other_failures_note(failures[1:]))
        if failures[0].worker != 0:
            first.add_note(
                f"raised in a thread the test started (scheduled worker {failures[0].worker})"
            )
        raise first
