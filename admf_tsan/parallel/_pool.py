"""IsolatedPool and run_isolated: trials in worker processes that may crash, hang or explode.

Design (what keeps it from hanging and keeps it fast):

- Long-lived workers, each with its own pipes, run many trials each. The parent sends work in
  batches (one message for many trials) and each worker answers every trial with one message.
- A manager thread (``_pool_core``) owns the workers. It waits, with one
  ``multiprocessing.connection.wait``, on every worker's result pipe, every worker's sentinel
  and a wake-up pipe, and reads results as soon as they are written, so a worker writing a
  64 MiB result never blocks on a full pipe, and a process is only joined after its pipe has
  been drained (never join before draining).
- Writes to workers happen on a separate feeder thread (``_pool_workers``), so a worker that
  is busy (or hung) with a full task pipe can never stop the manager from reading results or
  enforcing timeouts.
- A worker runs its trials in order, so when it dies (pipe EOF or sentinel) the oldest trial
  without a result is the one that killed it: that trial fails with WorkerCrashed, the trials
  queued behind it go back to the pending queue, and a new worker replaces the dead one.
- A trial's clock starts when its worker is ready and has finished the trial before it; past the
  timeout the worker is killed (SIGKILL) and the trial fails with TrialTimeout.
- Every worker process that ends is joined, so no zombie remains.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import multiprocessing.context
import pickle
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any, ParamSpec, TypeVar

from admf_tsan.parallel._outcomes import TrialResult
from admf_tsan.parallel._pool_core import _PoolCore, label_of
from admf_tsan.parallel._pool_trials import IsolatedPoolStatistics as IsolatedPoolStatistics
from admf_tsan.parallel._pool_workers import MpContext

__all__ = ["IsolatedPool", "IsolatedPoolStatistics", "run_isolated"]

P = ParamSpec("P")
T = TypeVar("T")


def _resolve_context(mp_context: MpContext | str | None) -> MpContext:
    if mp_context is None:
        return multiprocessing.get_context()
    if isinstance(mp_context, str):
        try:
            return multiprocessing.get_context(mp_context)
        except ValueError:
            methods = ", ".join(multiprocessing.get_all_start_methods())
            raise ValueError(
                f"unknown start method {mp_context!r}; this platform offers {methods}"
            ) from None
    if not isinstance(mp_context, multiprocessing.context.BaseContext):
        raise TypeError(
            f"mp_context must be a multiprocessing context or a start method name, "
            f"got {mp_context!r}"
        )
    return mp_context


class IsolatedPool(concurrent.futures.Executor):
    """A process pool in which a trial that crashes, hangs or raises fails alone.

    Usage::

        with IsolatedPool(4, timeout=60, mp_context="forkserver") as pool:
            futures = [pool.submit(backtest, params) for params in grid]
            for params, future in zip(grid, futures):
                try:
                    print(params, future.result())
                except (WorkerCrashed, TrialTimeout) as exc:
                    print(params, "failed:", exc)

    It is a :class:`concurrent.futures.Executor`: ``submit``, ``map``, ``shutdown`` and the
    context manager behave as in ProcessPoolExecutor. In addition:

    - a trial whose worker dies (``os._exit``, a segfault, SIGKILL, the OOM killer) fails with
      :class:`WorkerCrashed` (exit code, signal name, the child's faulthandler stack); a trial
      running longer than ``timeout`` seconds has its worker killed and fails with
      :class:`TrialTimeout`. Either way the worker is replaced and the other trials go on;
    - an exception a trial raises reaches the caller with the child's traceback text as its
      ``__cause__`` (a :class:`RemoteTraceback`);
    - a call, result or exception that cannot be pickled fails that trial with
      :class:`TrialTransferError`;
    - :meth:`submit_trial` and :meth:`map_trials` hand back :class:`TrialResult` objects instead
      of raising.

    ``max_workers`` defaults to ``ResourceManager().worker_count("processes")``. ``mp_context``
    is a multiprocessing context or a start method name ("fork", "forkserver", "spawn"); under
    spawn and forkserver the trial functions must be importable by the children.
    ``initializer(*initargs)`` runs once in each worker before its first trial (if it raises,
    the trial that worker was given fails with WorkerCrashed carrying its traceback, and a new
    worker is tried for the next one). With ``max_tasks_per_child`` a worker is replaced after
    that many trials. Raises ValueError or TypeError for bad arguments.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        timeout: float | None = None,
        mp_context: MpContext | str | None = None,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
        max_tasks_per_child: int | None = None,
    ) -> None:
        if max_workers is None:
            from admf_tsan.parallel._resources import ResourceManager

            max_workers = ResourceManager().worker_count("processes")
        if isinstance(max_workers, bool) or not isinstance(max_workers, int):
            raise TypeError(f"max_workers must be an int, got {max_workers!r}")
        if max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        if timeout is not None and not (isinstance(timeout, int | float) and timeout > 0):
            raise ValueError(
                f"timeout must be a positive number of seconds or None, got {timeout!r}"
            )
        if max_tasks_per_child is not None and (
            isinstance(max_tasks_per_child, bool)
            or not isinstance(max_tasks_per_child, int)
            or max_tasks_per_child < 1
        ):
            raise ValueError(
                f"max_tasks_per_child must be a positive int or None, got {max_tasks_per_child!r}"
            )
        initializer_bytes = None
        if initializer is not None:
            if not callable(initializer):
                raise TypeError(f"initializer must be callable, got {initializer!r}")
            try:
                initializer_bytes = pickle.dumps((initializer, tuple(initargs)))
            except Exception as exc:
                raise TypeError(
                    f"the initializer {label_of(initializer)} and its initargs must pickle to "
                    f"reach the workers: {type(exc).__name__}: {exc}"
                ) from exc
        self._core = _PoolCore(
            max_workers,
            timeout,
            _resolve_context(mp_context),
            initializer_bytes,
            max_tasks_per_child or 0,
        )
        self._finalizer = weakref.finalize(self, self._core.request_shutdown, False)

    @property
    def max_workers(self) -> int:
        """The most worker processes the pool runs at once."""
        return self._core.max_workers

    @property
    def timeout(self) -> float | None:
        """The per-trial timeout in seconds, or None."""
        return self._core.timeout

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Schedule ``fn(*args, **kwargs)`` in a worker; the future raises what the trial got.

        Raises RuntimeError after ``shutdown``. Pickling problems fail the future, not the call.
        """
        return self._core.submit(fn, args, kwargs, as_result=False)

    def submit_trial(
        self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Future[TrialResult[T]]:
        """Like :meth:`submit`, but the future always resolves to a :class:`TrialResult`."""
        return self._core.submit(fn, args, kwargs, as_result=True)

    def map_trials(
        self, fn: Callable[..., T], *iterables: Iterable[Any]
    ) -> Iterator[TrialResult[T]]:
        """Run ``fn`` over the zipped iterables; yield TrialResults in input order.

        Every item is submitted before the first result is yielded (as ``Executor.map`` does).
        """
        futures = [self.submit_trial(fn, *args) for args in zip(*iterables, strict=False)]

        def results() -> Iterator[TrialResult[T]]:
            for future in futures:
                yield future.result()

        return results()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop taking trials; let the submitted ones finish; stop the workers.

        With ``cancel_futures`` the trials that have not started are cancelled. With ``wait``
        it returns once every worker has exited and been reaped. Idempotent.
        """
        self._core.request_shutdown(cancel_futures)
        if wait:
            self._core.join()

    def statistics(self) -> IsolatedPoolStatistics:
        """Return a consistent snapshot of workers and trial counters."""
        return self._core.statistics()

    def worker_pids(self) -> list[int]:
        """PIDs of the live workers (a snapshot; workers come and go as they crash)."""
        return self._core.worker_pids()

    def __repr__(self) -> str:
        stats = self.statistics()
        state = "shutting down" if stats.shutting_down else "running"
        return (
            f"<IsolatedPool {state}, {stats.live_workers}/{stats.max_workers} workers, "
            f"{stats.pending} pending, {stats.running} running, {stats.succeeded} succeeded, "
            f"{stats.raised} raised, {stats.crashed} crashed, {stats.timed_out} timed out>"
        )


def run_isolated(
    fn: Callable[..., T],
    /,
    *args: Any,
    timeout: float | None = None,
    mp_context: MpContext | str | None = None,
    **kwargs: Any,
) -> TrialResult[T]:
    """Run ``fn(*args, **kwargs)`` in a fresh process and return how it ended.

    Never raises for what the trial does: its value, its exception (with the child's
    traceback), a crash (:class:`WorkerCrashed`) or a timeout (:class:`TrialTimeout`, the child
    is killed) all come back in the :class:`TrialResult`. ``timeout`` and ``mp_context`` are
    taken by this function, not passed on to ``fn``.
    """
    with IsolatedPool(1, timeout=timeout, mp_context=mp_context) as pool:
        return pool.submit_trial(fn, *args, **kwargs).result()
