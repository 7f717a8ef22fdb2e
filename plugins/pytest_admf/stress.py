"""The ``stress`` fixture: run an operation in N concurrent workers, as the context dictates.

Usage::

    @pytest.mark.admf_stress(workers=4)
    def test_counter(stress):
        counter = Counter()
        stress.run(lambda worker: counter.increment(), times=100)
        assert counter.value == stress.workers * 100
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from admf_tsan.context import ExecutionContext, ThreadingMode, current_context
from pytest_admf.failures import StressFailure, WorkerError, format_exception
from pytest_admf.session.state import CallRecord, RunState
from pytest_admf.workers.deadline import Deadline
from pytest_admf.workers.loop import run_tasks
from pytest_admf.workers.threads import run_threads

__all__ = ["Stress"]


def _is_async(op: Callable[..., object]) -> bool:
    target = getattr(op, "func", op)  # functools.partial
    return inspect.iscoroutinefunction(target) or inspect.iscoroutinefunction(
        getattr(target, "__call__", None)  # noqa: B004 - a callable object's async __call__
    )


class Stress:
    """Runs ``op(worker_index)`` in ``workers`` concurrent workers; see ``run``.

    ``workers`` comes from the test's marker, else ``--admf-workers``. ``context`` is the
    ExecutionContext the test runs under, ``seed`` the seed of the current run.
    """

    def __init__(self, workers: int, state: Callable[[], RunState]) -> None:
        self.workers = workers
        self._state = state

    @property
    def context(self) -> ExecutionContext:
        """The execution context in force for this run of the test."""
        return current_context()

    @property
    def seed(self) -> int:
        """The seed of this run (replay it with ``--admf-seed``)."""
        return self._state().seed

    @property
    def iteration(self) -> int:
        """Which run of the test this is, from 0."""
        return self._state().iteration

    def __repr__(self) -> str:
        state = self._state()
        return (
            f"<Stress {self.workers} workers, {state.mode.short}, seed {state.seed}, "
            f"run {state.iteration}>"
        )

    def run(self, op: Callable[[int], object], *, times: int = 1) -> None:
        """Call ``op(worker_index)`` ``times`` times in each of ``workers`` workers; wait for all.

        How the workers run depends on the context: one after another in SINGLE_THREADED;
        threads under the controlled scheduler in MULTI_THREADED (plain threads released
        together outside ``--admf-stress``) and AUTO_DETECT; tasks on one seeded event loop in
        ASYNC, where ``op`` may be a coroutine function (sync ops yield to the loop between
        calls). A worker stops at its first failure; the others finish.

        Raises StressFailure (an AssertionError) naming the first failure's worker, iteration,
        context and seed and listing every other worker's failure; StressStalled when the
        workers deadlock or are still running at the deadline (``--admf-timeout``); TypeError
        when ``op`` is not callable or is a coroutine function in MULTI_THREADED context;
        ValueError when ``times`` is less than 1.
        """
        __tracebackhide__ = True  # a failure points at the test's call, not at this method
        if not callable(op):
            raise TypeError(f"stress.run needs a callable op(worker_index), got {op!r}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(
                f"stress.run(times={times!r}): times must be a whole number of at least 1"
            )
        state = self._state()
        # A stressed run has one deadline for the whole body; a test run once gives each call
        # its own.
        deadline = state.deadline if state.stressed else Deadline(state.deadline.seconds)
        mode = current_context().threading_mode
        is_async = _is_async(op)
        failures: list[WorkerError]
        record = CallRecord()
        common: dict[str, Any] = {
            "workers": self.workers,
            "times": times,
            "seed": state.seed,
            "deadline": deadline,
            "context": mode.short,
            "fatal": state.fatal,
        }
        if mode is ThreadingMode.ASYNC:
            failures = run_tasks(op, **common)
        elif mode is ThreadingMode.SINGLE_THREADED:
            if is_async:
                failures = run_tasks(op, **common, sequential=True, in_thread=_loop_running())
            else:
                failures = _run_sequential(op, self.workers, times)
        else:
            if is_async:
                raise TypeError(
                    f"stress.run got a coroutine function {op!r} in {mode.name} context: threads "
                    "call plain functions. Mark the test admf_stress(contexts='single,async') or "
                    "pass a sync op."
                )
            scheduler = state.scheduler if state.stressed else None
            result = run_threads(op, **common, scheduler=scheduler)
            failures = result.failures
            record = CallRecord(result.schedule, result.fingerprint)
            if result.stalled is not None:
                state.record(record)
                raise result.stalled
        state.record(record)
        schedule = record.schedule
        if failures:
            first = failures[0]
            raise StressFailure(
                failures,
                context=mode.short,
                seed=state.seed,
                workers=self.workers,
                times=times,
                schedule=schedule or (f"strategy {state.strategy}" if state.strategy else None),
            ) from first.exception


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _run_sequential(op: Callable[[int], object], workers: int, times: int) -> list[WorkerError]:
    failures: list[WorkerError] = []
    for index in range(workers):
        for iteration in range(1, times + 1):
            try:
                op(index)
            except Exception as error:
                failures.append(WorkerError(index, iteration, error, format_exception(error)))
                break
    return failures
