"""_PoolCore: the state behind an IsolatedPool and its manager thread.

The manager thread owns the workers. It waits, with one ``multiprocessing.connection.wait``,
on every worker's result pipe, every worker's sentinel and a wake-up pipe, and reads results as
soon as they are written, so a worker writing a 64 MiB result never blocks on a full pipe, and
a process is only joined after its pipe has been drained. It hands trials out in batches sized
from the mean trial duration, settles the trials of workers that die or time out, and replaces
those workers.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing.connection
import os
import pickle
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from admf_tsan.parallel import _worker
from admf_tsan.parallel._outcomes import TrialResult, TrialTimeout, TrialTransferError
from admf_tsan.parallel._pool_results import crash_error, decode, deliver
from admf_tsan.parallel._pool_trials import IsolatedPoolStatistics, TrialLedger
from admf_tsan.parallel._pool_workers import (
    MpContext,
    WorkerFeeder,
    _close_parent_end,
    _parent_ends,
    _parent_ends_lock,
    _Worker,
    end_process,
    start_worker,
    stop_processes,
)

__all__ = ["label_of"]

# Aim for batches that keep a worker busy this long, so IPC is amortised over many tiny trials
# while slow trials are still handed out one at a time (and spread over all workers).
_BATCH_SECONDS = 0.005
_MAX_IN_FLIGHT = 256


def label_of(fn: Callable[..., object]) -> str:
    """How messages name a trial's function."""
    return getattr(fn, "__qualname__", None) or repr(fn)


class _PoolCore:
    """The manager of an IsolatedPool: hands trials to workers and settles them.

    Trials wait in a :class:`TrialLedger` (thread-safe, with the counters). ``_lock`` guards
    the worker list (for readers in other threads) and the wake-up flag; the worker records are
    touched only by the manager thread (and their task pipes only by the feeder thread). The
    ledger's lock is never held while ``_lock`` is taken.
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
        self._lock = threading.Lock()
        self._trials = TrialLedger()
        self._wakeup_armed = False
        self._wakeup_read, self._wakeup_write = os.pipe()
        with _parent_ends_lock:
            _parent_ends.update((self._wakeup_read, self._wakeup_write))
        os.set_blocking(self._wakeup_read, False)
        os.set_blocking(self._wakeup_write, False)
        # Only the manager thread changes the list (under _lock, for the readers in other
        # threads); the manager's own reads need no lock.
        self._workers: list[_Worker] = []  # guarded_by: none
        self._workers_started = 0
        self._mean_duration: float | None = None
        self._feeder = WorkerFeeder()
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
        label = label_of(fn)
        error: TrialTransferError | None = None
        try:
            call_bytes = pickle.dumps((fn, args, kwargs), _worker.PICKLE_PROTOCOL)
        except Exception as exc:
            error = TrialTransferError(
                f"the call {label}(...) could not be pickled to send it to a worker: "
                f"{type(exc).__name__}: {exc}"
            )
            error.__cause__ = exc
        if error is None:
            self._trials.add(future, call_bytes, as_result, label)
            self._wake()
        else:
            self._trials.refuse_new()
            future.set_running_or_notify_cancel()
            deliver(future, as_result, TrialResult(exception=error))
        return future

    def request_shutdown(self, cancel_futures: bool) -> None:
        self._trials.request_shutdown(cancel_futures)
        self._wake()

    def join(self) -> None:
        if threading.current_thread() is not self._manager:
            self._manager.join()

    def statistics(self) -> IsolatedPoolStatistics:
        with self._lock:
            live, started = len(self._workers), self._workers_started
        return self._trials.statistics(self.max_workers, live, started)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [worker.pid for worker in self._workers if worker.pid is not None]

    def _wake(self) -> None:
        with self._lock:
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
        for trial in self._trials.take_cancelled():
            trial.future.cancel()

    def _finished(self) -> bool:
        if not self._trials.drained_after_shutdown():
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
        outstanding = self._trials.outstanding()
        if not outstanding:
            return
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
            batch = self._trials.take_batch(room, len(self._workers))
            if not batch:
                if not self._trials.has_pending():
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
            self._feeder.send(worker, message)

    def _capacity(self) -> int:
        if self._mean_duration is None:
            return 1
        return max(1, min(_MAX_IN_FLIGHT, int(_BATCH_SECONDS / max(self._mean_duration, 1e-7))))

    def _start_worker(self) -> None:
        worker = start_worker(self._context, self._initializer_bytes, self._max_tasks_per_child)
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
        result = decode(status, body, trial.label, duration, worker.pid)
        self._trials.settled(result.ok)
        deliver(trial.future, trial.as_result, result)

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
        exitcode, report = end_process(worker)
        with self._lock:
            self._workers.remove(worker)
        self._feeder.close(worker)
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
            error = crash_error(victim.label, worker, exitcode, report)
        # The trials queued behind the victim never started: they go first to another worker.
        self._trials.lost(timed_out, worker.assigned)
        worker.assigned.clear()
        deliver(
            victim.future, victim.as_result, TrialResult(exception=error, worker_pid=worker.pid)
        )

    def _break(self, exc: BaseException) -> None:
        """The manager itself failed: fail every trial instead of leaving it hanging."""
        error = concurrent.futures.BrokenExecutor(
            f"the IsolatedPool manager failed ({type(exc).__name__}: {exc}); "
            "its trials were abandoned"
        )
        error.__cause__ = exc
        trials = self._trials.abandon()
        for worker in self._workers:
            trials.extend(worker.assigned)
            worker.assigned.clear()
        for trial in trials:
            if not trial.started and not trial.future.set_running_or_notify_cancel():
                continue
            if not trial.future.done():
                deliver(trial.future, trial.as_result, TrialResult(exception=error))
        for worker in self._workers:
            # Their trials were abandoned; killing them also unblocks the feeder.
            worker.process.kill()

    def _stop_workers(self) -> None:
        for worker in self._workers:
            self._feeder.ask_to_exit(worker)
        self._feeder.stop()
        stop_processes(self._workers)
        with self._lock:
            self._workers.clear()
            # Armed for good: a late shutdown() must never write to the closed (or reused) fd.
            self._wakeup_armed = True
        _close_parent_end(self._wakeup_read)
        _close_parent_end(self._wakeup_write)
        _live_cores.discard(self)


_live_cores: weakref.WeakSet[_PoolCore] = weakref.WeakSet()


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
