"""The worker processes of an IsolatedPool: starting them, feeding them, reaping them.

The manager thread starts and reaps workers; a feeder thread writes to their task pipes, so a
worker that is busy (or hung) with a full task pipe never stops the manager from reading
results or enforcing timeouts. Every parent-side pipe descriptor of every pool is registered
here, because a forked worker must close them all (see :func:`start_worker`).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import pickle
import queue
import threading
import time
from collections import deque

from admf_tsan.parallel import _worker
from admf_tsan.parallel._pool_trials import _Trial

__all__ = ["WorkerFeeder", "end_process", "start_worker", "stop_processes"]

MpContext = multiprocessing.context.BaseContext
# How long a worker gets to exit after being asked to, before it is killed.
_EXIT_GRACE_SECONDS = 5.0
# A worker whose result pipe reached end-of-file is about to exit; past this it is killed.
_EOF_EXIT_SECONDS = 1.0
_FAULT_REPORT_LIMIT = 1 << 16


class _Worker:
    """One worker process: its pipes, the trials handed to it (oldest first), its state."""

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


def start_worker(
    context: MpContext, initializer_bytes: bytes | None, max_tasks_per_child: int
) -> _Worker:
    """Start one worker process with its three pipes; the parent keeps the ends it needs."""
    fork = context.get_start_method() == "fork"
    with _parent_ends_lock:
        # A forked child inherits every descriptor of the parent, including the parent's ends
        # of every pool's pipes: it must close them, or end-of-file would never be seen on
        # either side when the other one dies. The lock keeps the set exact until the fork,
        # and covers the whole life of this worker's pipes in the parent until only the
        # parent's ends are left: a worker another thread forks meanwhile inherits none of
        # them (one it kept would hold this worker's pipe open after the parent died).
        task_reader, task_writer = context.Pipe(duplex=False)
        result_reader, result_writer = context.Pipe(duplex=False)
        fault_reader, fault_writer = context.Pipe(duplex=False)
        parent_ends = {task_writer.fileno(), result_reader.fileno(), fault_reader.fileno()}
        fds_to_close = sorted(_parent_ends | parent_ends) if fork else []
        # typeshed puts Process on each concrete context, not on BaseContext.
        process = context.Process(  # type: ignore[attr-defined]
            target=_worker.worker_main,
            args=(
                task_reader,
                result_writer,
                fault_writer,
                fds_to_close,
                initializer_bytes,
                max_tasks_per_child,
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
    worker.quota = max_tasks_per_child or None
    return worker


def end_process(worker: _Worker) -> tuple[int | None, str]:
    """Join a worker whose pipe closed (killing it if it lingers); its exit code and the
    faulthandler report it left. Closes its result and fault pipes."""
    worker.process.join(_EOF_EXIT_SECONDS)
    if worker.process.exitcode is None:
        # Its pipe closed but it still runs (a trial closed the descriptors): end it.
        worker.process.kill()
        worker.process.join()
    exitcode = worker.process.exitcode
    report = _read_fault_report(worker.fault_conn)
    _close_parent_end(worker.result_conn)
    _close_parent_end(worker.fault_conn)
    return exitcode, report


def stop_processes(workers: list[_Worker]) -> None:
    """Join workers already asked to exit, killing those that outlast the grace period."""
    deadline = time.monotonic() + _EXIT_GRACE_SECONDS
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join()
        _close_parent_end(worker.result_conn)
        _close_parent_end(worker.fault_conn)


class WorkerFeeder:
    """The feeder thread: the only writer to the workers' task pipes."""

    def __init__(self) -> None:
        self._feed: queue.SimpleQueue[tuple[str, _Worker, bytes] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="IsolatedPool-feeder", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def send(self, worker: _Worker, message: bytes) -> None:
        """Queue ``message`` for ``worker`` (never blocks the caller)."""
        self._feed.put(("send", worker, message))

    def close(self, worker: _Worker) -> None:
        """Close the parent's end of ``worker``'s task pipe after what was queued for it."""
        self._feed.put(("close", worker, b""))

    def ask_to_exit(self, worker: _Worker) -> None:
        """Send ``worker`` the message that makes it exit, then close its task pipe."""
        self.send(worker, pickle.dumps(None))
        self.close(worker)

    def stop(self) -> None:
        """Write what is queued, then end the thread and join it."""
        self._feed.put(None)
        self._thread.join()

    def _run(self) -> None:
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


# Every pool's parent-side pipe descriptors, for forked workers to close (see start_worker).
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
