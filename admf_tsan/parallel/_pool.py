"""IsolatedPool and run_isolated: trials in worker processes that may crash, hang or explode.

Design (what keeps it from hanging and keeps it fast):

- Long-lived workers, each with its own pipes, run many trials each. The parent sends work in
  batches (one message for many trials) and each worker answers every trial with one message.
- A manager thread owns the workers. It waits, with one ``multiprocessing.connection.wait``, on
  every worker's result pipe, every worker's sentinel and a wake-up pipe, and reads results as
  soon as they are written, so a worker writing a 64 MiB result never blocks on a full pipe,
  and a process is only joined after its pipe has been drained (never join before draining).
- Writes to workers happen on a separate feeder thread, so a worker that is busy (or hung)
  with a full task pipe can never stop the manager from reading results or enforcing timeouts.
- A worker runs its trials in order, so when it dies (pipe EOF or sentinel) the oldest trial
  without a result is the one that killed it: that trial fails with WorkerCrashed, the trials
  queued behind it go back to the pending queue, and a new worker replaces the dead one.
- A trial's clock starts when its worker is ready and has finished the trial before it; past the
  timeout the worker is killed (SIGKILL) and the trial fails with TrialTimeout.
- Every worker process that ends is joined, so no zombie remains.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import math
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import pickle
import queue
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from admf_tsan.parallel import _worker
from admf_tsan.parallel._outcomes import (
    RemoteTraceback,
    TrialResult,
    TrialTimeout,
    TrialTransferError,
    WorkerCrashed,
    signal_name,
)

__all__ = ["IsolatedPool", "IsolatedPoolStatistics", "run_isolated"]

P = ParamSpec("P")
T = TypeVar("T")

MpContext = multiprocessing.context.BaseContext
# Aim for batches that keep a worker busy this long, so IPC is amortised over many tiny trials
# while slow trials are still handed out one at a time (and spread over all workers).
_BATCH_SECONDS = 0.005
_MAX_IN_FLIGHT = 256
# How long a worker gets to exit after being asked to, before it is killed.
_EXIT_GRACE_SECONDS = 5.0
# A worker whose result pipe reached end-of-file is about to exit; past this it is killed.
_EOF_EXIT_SECONDS = 1.0
_FAULT_REPORT_LIMIT = 1 << 16


@dataclass(frozen=True)
class IsolatedPoolStatistics:
    """A snapshot of an IsolatedPool's workers and trial counters."""

    max_workers: int
    live_workers: int
    pending: int
    running: int
    succeeded: int
    raised: int
    crashed: int
    timed_out: int
    workers_started: int
    shutting_down: bool


class _Trial:
    __slots__ = ("trial_id", "future", "call_bytes", "as_result", "label", "started")

    def __init__(
        self, trial_id: int, future: Future[Any], call_bytes: bytes, as_result: bool, label: str
    ) -> None:
        self.trial_id = trial_id
        self.future = future
        self.call_bytes = call_bytes
        self.as_result = as_result
        self.label = label
        self.started = False


class _Worker:
    __slots__ = (
        "process",
        "task_conn",
        "result_conn",
        "fault_conn",
        "pid",
        "assigned",
        "ready",
        "started_at",
        "eof",
        "quota",
        "init_failure",
    )

    def __init__(
        self,
        process: multiprocessing.process.BaseProcess,
        task_conn: multiprocessing.connection.Connection,
        result_conn: multiprocessing.connection.Connection,
        fault_conn: multiprocessing.connection.Connection,
    ) -> None:
        self.process = process
        self.task_conn = task_conn
        self.result_conn = result_conn
        self.fault_conn = fault_conn
        self.pid = process.pid
        self.assigned: deque[_Trial] = deque()
        self.ready = False
        self.started_at = 0.0
        self.eof = False
        # Trials it may still be handed (max_tasks_per_child), None for no limit.
        self.quota: int | None = None
        # (summary, traceback) when its initializer raised.
        self.init_failure: tuple[str, str] | None = None


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


def _label(fn: Callable[..., object]) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)


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
                    f"the initializer {_label(initializer)} and its initargs must pickle to reach "
                    f"the workers: {type(exc).__name__}: {exc}"
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


class _PoolCore:
    """The state behind an IsolatedPool, shared with its manager and feeder threads.

    ``_lock`` guards the pending queue and the counters; the worker records are touched only by
    the manager thread (and their task pipes only by the feeder thread).
    """

    def __init__(
        self,
        max_workers: int,
        timeout: float | None,
        context: MpContext,
        initializer_bytes: bytes | None = None,
        max_tasks_per_child: int = 0,
    ) -> None:
        self.max_workers = max_workers
        self.timeout = float(timeout) if timeout is not None else None
        self._initializer_bytes = initializer_bytes
        self._max_tasks_per_child = max_tasks_per_child
        self._context = context
        self._fork = context.get_start_method() == "fork"
        self._lock = threading.Lock()
        self._pending: deque[_Trial] = deque()
        self._ids = itertools.count()
        self._shutdown = False
        self._cancel_pending = False
        self._wakeup_armed = False
        self._wakeup_read, self._wakeup_write = os.pipe()
        with _parent_ends_lock:
            _parent_ends.update((self._wakeup_read, self._wakeup_write))
        os.set_blocking(self._wakeup_read, False)
        os.set_blocking(self._wakeup_write, False)
        # Only the manager thread changes the list (under _lock, for the readers in other
        # threads); the manager's own reads need no lock.
        self._workers: list[_Worker] = []  # guarded_by: none
        self._running = 0
        self._succeeded = 0
        self._raised = 0
        self._crashed = 0
        self._timed_out = 0
        self._workers_started = 0
        self._mean_duration: float | None = None
        self._feed: queue.SimpleQueue[tuple[str, _Worker, bytes] | None] = queue.SimpleQueue()
        self._feeder = threading.Thread(
            target=self._feed_workers, name="IsolatedPool-feeder", daemon=True
        )
        self._manager = threading.Thread(
            target=self._manage, name="IsolatedPool-manager", daemon=True
        )
        _register_exit_hook()
        self._feeder.start()
        self._manager.start()
        _live_cores.add(self)

    # -- called from any thread ---------------------------------------------------------------

    def submit(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        as_result: bool,
    ) -> Future[Any]:
        if not callable(fn):
            raise TypeError(f"the trial must be callable, got {fn!r}")
        future: Future[Any] = Future()
        label = _label(fn)
        error: TrialTransferError | None = None
        try:
            call_bytes = pickle.dumps((fn, args, kwargs), _worker.PICKLE_PROTOCOL)
        except Exception as exc:
            error = TrialTransferError(
                f"the call {label}(...) could not be pickled to send it to a worker: "
                f"{type(exc).__name__}: {exc}"
            )
            error.__cause__ = exc
        with self._lock:
            if self._shutdown:
                raise RuntimeError("can't submit a trial to an IsolatedPool after shutdown")
            if error is None:
                self._pending.append(_Trial(next(self._ids), future, call_bytes, as_result, label))
                self._wake_locked()
        if error is not None:
            future.set_running_or_notify_cancel()
            _deliver(future, as_result, TrialResult(exception=error))
        return future

    def request_shutdown(self, cancel_futures: bool) -> None:
        with self._lock:
            self._shutdown = True
            if cancel_futures:
                self._cancel_pending = True
            self._wake_locked()

    def join(self) -> None:
        if threading.current_thread() is not self._manager:
            self._manager.join()

    def statistics(self) -> IsolatedPoolStatistics:
        with self._lock:
            return IsolatedPoolStatistics(
                max_workers=self.max_workers,
                live_workers=len(self._workers),
                pending=len(self._pending),
                running=self._running,
                succeeded=self._succeeded,
                raised=self._raised,
                crashed=self._crashed,
                timed_out=self._timed_out,
                workers_started=self._workers_started,
                shutting_down=self._shutdown,
            )

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [worker.pid for worker in self._workers if worker.pid is not None]

    def _wake_locked(self) -> None:
        if not self._wakeup_armed:
            self._wakeup_armed = True
            try:
                os.write(self._wakeup_write, b"\0")
            except OSError:
                pass

    # -- manager thread -----------------------------------------------------------------------

    def _manage(self) -> None:
        try:
            while True:
                self._cancel_if_asked()
                self._dispatch()
                if self._finished():
                    return
                self._wait_and_handle()
        except BaseException as exc:  # noqa: BLE001 - a bug here must not leave futures hanging
            self._break(exc)
        finally:
            self._stop_workers()

    def _cancel_if_asked(self) -> None:
        """After ``shutdown(cancel_futures=True)``: cancel every trial not yet handed out."""
        with self._lock:
            if not self._cancel_pending:
                return
            self._cancel_pending = False
            cancelled = [trial for trial in self._pending if not trial.started]
            self._pending = deque(trial for trial in self._pending if trial.started)
        for trial in cancelled:
            trial.future.cancel()

    def _finished(self) -> bool:
        with self._lock:
            if not self._shutdown or self._pending:
                return False
        return not any(worker.assigned for worker in self._workers)

    def _wait_and_handle(self) -> None:
        owners: dict[object, _Worker] = {}
        waitables: list[Any] = [self._wakeup_read]
        for worker in self._workers:
            owners[worker.result_conn] = worker
            owners[worker.process.sentinel] = worker
            waitables.append(worker.result_conn)
            waitables.append(worker.process.sentinel)
        ready = multiprocessing.connection.wait(waitables, self._next_deadline_delay())
        dead: list[_Worker] = []
        for item in ready:
            if isinstance(item, int) and item == self._wakeup_read:
                self._drain_wakeup()
                continue
            worker = owners[item]
            if item is worker.result_conn:
                self._read_results(worker)
                if worker.eof and worker not in dead:
                    dead.append(worker)
            elif worker not in dead:
                dead.append(worker)
        for worker in dead:
            self._retire(worker, timed_out=False)
        self._enforce_timeouts()

    def _drain_wakeup(self) -> None:
        try:
            while os.read(self._wakeup_read, 4096):
                pass
        except BlockingIOError:
            pass
        with self._lock:
            self._wakeup_armed = False

    def _next_deadline_delay(self) -> float | None:
        if self.timeout is None:
            return None
        starts = [w.started_at for w in self._workers if w.ready and w.assigned]
        if not starts:
            return None
        return max(0.0, min(starts) + self.timeout - time.monotonic())

    def _dispatch(self) -> None:
        with self._lock:
            if not self._pending:
                return
            outstanding = len(self._pending) + self._running
        while len(self._workers) < min(self.max_workers, outstanding):
            self._start_worker()
        capacity = self._capacity()
        now = time.monotonic()
        for worker in sorted(self._workers, key=lambda w: len(w.assigned)):
            # Refill only below half capacity, so a stream of results does not turn into a
            # stream of one-trial batches.
            if worker.eof or len(worker.assigned) > capacity // 2:
                continue
            room = capacity - len(worker.assigned)
            if worker.quota is not None:
                room = min(room, worker.quota)
                if room <= 0:
                    continue  # it exits after its last trial and is replaced then
            batch: list[_Trial] = []
            with self._lock:
                share = math.ceil(len(self._pending) / max(1, len(self._workers)))
                take = min(room, max(1, share))
                while self._pending and len(batch) < take:
                    trial = self._pending.popleft()
                    if not trial.started:
                        if not trial.future.set_running_or_notify_cancel():
                            continue
                        trial.started = True
                    batch.append(trial)
                self._running += len(batch)
            if not batch:
                if not self._pending:
                    break
                continue
            if not worker.assigned:
                worker.started_at = now
            if worker.quota is not None:
                worker.quota -= len(batch)
            worker.assigned.extend(batch)
            message = pickle.dumps(
                [(trial.trial_id, trial.call_bytes) for trial in batch], _worker.PICKLE_PROTOCOL
            )
            self._feed.put(("send", worker, message))

    def _capacity(self) -> int:
        if self._mean_duration is None:
            return 1
        return max(1, min(_MAX_IN_FLIGHT, int(_BATCH_SECONDS / max(self._mean_duration, 1e-7))))

    def _start_worker(self) -> None:
        task_reader, task_writer = self._context.Pipe(duplex=False)
        result_reader, result_writer = self._context.Pipe(duplex=False)
        fault_reader, fault_writer = self._context.Pipe(duplex=False)
        parent_ends = {task_writer.fileno(), result_reader.fileno(), fault_reader.fileno()}
        with _parent_ends_lock:
            # A forked child inherits every descriptor of the parent, including the parent's ends
            # of every pool's pipes: it must close them, or end-of-file would never be seen on
            # either side when the other one dies. The lock keeps the set exact until the fork.
            fds_to_close = sorted(_parent_ends | parent_ends) if self._fork else []
            # typeshed puts Process on each concrete context, not on BaseContext.
            process = self._context.Process(  # type: ignore[attr-defined]
                target=_worker.worker_main,
                args=(
                    task_reader,
                    result_writer,
                    fault_writer,
                    fds_to_close,
                    self._initializer_bytes,
                    self._max_tasks_per_child,
                ),
                name="IsolatedPool-worker",
            )
            try:
                process.start()
            except BaseException:
                for end in (task_reader, task_writer, result_reader, result_writer):
                    end.close()
                fault_reader.close()
                fault_writer.close()
                raise
            _parent_ends.update(parent_ends)
        task_reader.close()
        result_writer.close()
        fault_writer.close()
        os.set_blocking(fault_reader.fileno(), False)
        worker = _Worker(process, task_writer, result_reader, fault_reader)
        worker.quota = self._max_tasks_per_child or None
        with self._lock:
            self._workers.append(worker)
            self._workers_started += 1

    def _read_results(self, worker: _Worker) -> None:
        conn = worker.result_conn
        while not worker.eof:
            try:
                if not conn.poll():
                    return
                data = conn.recv_bytes()
            except (EOFError, OSError):
                worker.eof = True
                return
            self._handle_message(worker, data)

    def _handle_message(self, worker: _Worker, data: bytes) -> None:
        trial_id, status, duration = _worker.HEADER.unpack_from(data)
        now = time.monotonic()
        if status == _worker.STATUS_READY:
            worker.ready = True
            worker.started_at = now
            return
        if status == _worker.STATUS_INIT_FAILED:
            (type_name, message, text, _), _ = _worker.load_failure(
                memoryview(data)[_worker.HEADER.size :]
            )
            worker.init_failure = (f"{type_name}: {message}", text)
            return
        if not worker.assigned or worker.assigned[0].trial_id != trial_id:
            raise RuntimeError(
                f"IsolatedPool protocol error: worker {worker.pid} answered trial {trial_id}"
            )
        trial = worker.assigned.popleft()
        worker.started_at = now
        self._mean_duration = (
            duration if self._mean_duration is None else 0.8 * self._mean_duration + 0.2 * duration
        )
        body = memoryview(data)[_worker.HEADER.size :]
        result = _decode(status, body, trial.label, duration, worker.pid)
        with self._lock:
            self._running -= 1
            if result.ok:
                self._succeeded += 1
            else:
                self._raised += 1
        _deliver(trial.future, trial.as_result, result)

    def _enforce_timeouts(self) -> None:
        if self.timeout is None:
            return
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.ready and worker.assigned and now - worker.started_at >= self.timeout:
                self._read_results(worker)  # the result may have arrived just in time
                if worker.assigned and time.monotonic() - worker.started_at >= self.timeout:
                    self._retire(worker, timed_out=True)
                elif worker.eof:
                    self._retire(worker, timed_out=False)

    def _retire(self, worker: _Worker, *, timed_out: bool) -> None:
        """Reap a dead (or, on timeout, kill a live) worker and settle its trials."""
        if timed_out:
            worker.process.kill()
        else:
            self._read_results(worker)
        worker.process.join(_EOF_EXIT_SECONDS)
        if worker.process.exitcode is None:
            # Its pipe closed but it still runs (a trial closed the descriptors): end it.
            worker.process.kill()
            worker.process.join()
        exitcode = worker.process.exitcode
        report = _read_fault_report(worker.fault_conn)
        with self._lock:
            self._workers.remove(worker)
        self._feed.put(("close", worker, b""))
        _close_parent_end(worker.result_conn)
        _close_parent_end(worker.fault_conn)
        if not worker.assigned:
            return
        victim = worker.assigned.popleft()
        if timed_out:
            error: BaseException = TrialTimeout(
                f"trial {victim.label} ran longer than its {self.timeout:g} s timeout; "
                f"its worker (pid {worker.pid}) was killed",
                timeout=self.timeout or 0.0,
                pid=worker.pid,
            )
        else:
            error = _crash_error(victim.label, worker, exitcode, report)
        with self._lock:
            self._running -= 1 + len(worker.assigned)
            if timed_out:
                self._timed_out += 1
            else:
                self._crashed += 1
            # The trials queued behind the victim never started: they go first to another worker.
            self._pending.extendleft(reversed(worker.assigned))
        worker.assigned.clear()
        _deliver(
            victim.future, victim.as_result, TrialResult(exception=error, worker_pid=worker.pid)
        )

    def _break(self, exc: BaseException) -> None:
        """The manager itself failed: fail every trial instead of leaving it hanging."""
        error = concurrent.futures.BrokenExecutor(
            f"the IsolatedPool manager failed ({type(exc).__name__}: {exc}); "
            "its trials were abandoned"
        )
        error.__cause__ = exc
        with self._lock:
            self._shutdown = True
            trials = list(self._pending)
            self._pending.clear()
        for worker in self._workers:
            trials.extend(worker.assigned)
            worker.assigned.clear()
        for trial in trials:
            if not trial.started and not trial.future.set_running_or_notify_cancel():
                continue
            if not trial.future.done():
                _deliver(trial.future, trial.as_result, TrialResult(exception=error))
        for worker in self._workers:
            # Their trials were abandoned; killing them also unblocks the feeder.
            worker.process.kill()

    def _stop_workers(self) -> None:
        for worker in self._workers:
            self._feed.put(("send", worker, pickle.dumps(None)))
            self._feed.put(("close", worker, b""))
        self._feed.put(None)
        self._feeder.join()
        deadline = time.monotonic() + _EXIT_GRACE_SECONDS
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            _close_parent_end(worker.result_conn)
            _close_parent_end(worker.fault_conn)
        with self._lock:
            self._workers.clear()
            # Armed for good: a late shutdown() must never write to the closed (or reused) fd.
            self._wakeup_armed = True
        _close_parent_end(self._wakeup_read)
        _close_parent_end(self._wakeup_write)
        _live_cores.discard(self)

    # -- feeder thread ------------------------------------------------------------------------

    def _feed_workers(self) -> None:
        while True:
            item = self._feed.get()
            if item is None:
                return
            action, worker, message = item
            try:
                if action == "send":
                    worker.task_conn.send_bytes(message)
                else:
                    _close_parent_end(worker.task_conn)
            except OSError:
                # The worker died; the manager sees its sentinel and settles its trials.
                pass


def _decode(
    status: int, body: memoryview, label: str, duration: float, pid: int | None
) -> TrialResult[Any]:
    """Turn a worker's answer into a TrialResult; unpickling failures become errors."""
    if status == _worker.STATUS_RETURNED:
        try:
            value = pickle.loads(body)
        except Exception as exc:
            error = TrialTransferError(
                f"the result of trial {label} could not be unpickled in the parent: "
                f"{type(exc).__name__}: {exc}"
            )
            error.__cause__ = exc
            return TrialResult(exception=error, duration=duration, worker_pid=pid)
        return TrialResult(value=value, duration=duration, worker_pid=pid)
    (type_name, message, text, what), exc_bytes = _worker.load_failure(body)
    exception: BaseException | None = None
    problem = ""
    if exc_bytes is not None:
        try:
            exception = pickle.loads(exc_bytes)
        except Exception as exc:
            problem = f"; unpickling it in the parent failed: {type(exc).__name__}: {exc}"
    elif status == _worker.STATUS_RAISED:
        problem = "; the exception could not be pickled"
    if status == _worker.STATUS_RESULT_UNPICKLABLE:
        exception = TrialTransferError(
            f"trial {label} returned a {what} that could not be pickled: {type_name}: {message}"
        )
    elif status == _worker.STATUS_CALL_UNPICKLABLE:
        exception = TrialTransferError(
            f"the call {label}(...) could not be unpickled in the worker: {type_name}: {message}"
        )
    elif exception is None:
        exception = TrialTransferError(f"trial {label} raised {type_name}: {message}{problem}")
    exception.__cause__ = RemoteTraceback(text)
    return TrialResult(exception=exception, traceback=text, duration=duration, worker_pid=pid)


def _deliver(future: Future[Any], as_result: bool, result: TrialResult[Any]) -> None:
    try:
        if as_result:
            future.set_result(result)
        elif result.exception is not None:
            future.set_exception(result.exception)
        else:
            future.set_result(result.value)
    except concurrent.futures.InvalidStateError:
        pass


def _crash_error(label: str, worker: _Worker, exitcode: int | None, report: str) -> WorkerCrashed:
    name = signal_name(exitcode)
    if name is not None:
        how = f"was killed by {name}"
    elif exitcode is not None:
        how = f"exited with code {exitcode}"
    else:
        how = "closed its pipe"
    if worker.init_failure is not None:
        summary, text = worker.init_failure
        return WorkerCrashed(
            f"the initializer of worker process {worker.pid} raised {summary}; "
            f"trial {label} did not run",
            pid=worker.pid,
            exitcode=exitcode,
            crash_report=text,
        )
    phase = "while running" if worker.ready else "while starting, before"
    message = f"worker process {worker.pid} {how} {phase} trial {label}"
    if report:
        message += "\n" + _user_frames(report)
    return WorkerCrashed(message, pid=worker.pid, exitcode=exitcode, crash_report=report)


def _user_frames(report: str) -> str:
    """The faulthandler report cut where the worker's own machinery starts."""
    kept: list[str] = []
    for line in report.rstrip().splitlines():
        if _worker.__file__ in line:
            break
        kept.append(line)
    return "\n".join(kept)


def _read_fault_report(conn: multiprocessing.connection.Connection) -> str:
    chunks: list[bytes] = []
    size = 0
    try:
        while size < _FAULT_REPORT_LIMIT:
            chunk = os.read(conn.fileno(), 4096)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except (BlockingIOError, OSError):
        pass
    return b"".join(chunks).decode("utf-8", "replace")


_live_cores: weakref.WeakSet[_PoolCore] = weakref.WeakSet()

# Every pool's parent-side pipe descriptors, for forked workers to close (see _start_worker).
_parent_ends_lock = threading.Lock()
_parent_ends: set[int] = set()


def _close_parent_end(end: multiprocessing.connection.Connection | int) -> None:
    with _parent_ends_lock:
        if isinstance(end, int):
            _parent_ends.discard(end)
            os.close(end)
        elif not end.closed:
            _parent_ends.discard(end.fileno())
            end.close()


def _shutdown_at_exit() -> None:
    """Before the interpreter joins threads at exit, let every live pool finish and reap."""
    for core in list(_live_cores):
        core.request_shutdown(False)
    for core in list(_live_cores):
        core.join()


_atexit_registered = False


def _register_exit_hook() -> None:
    """Register :func:`_shutdown_at_exit` once, when the first pool is made.

    threading's own exit hooks run before it joins threads and before multiprocessing's atexit
    handler joins child processes, which is the order a clean shutdown needs.
    """
    global _atexit_registered
    with _parent_ends_lock:
        if not _atexit_registered:
            threading._register_atexit(_shutdown_at_exit)  # type: ignore[attr-defined]
            _atexit_registered = True
