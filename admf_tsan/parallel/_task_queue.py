"""TaskQueue: a thread-safe, closeable work queue with ``join``.

The queue hands units of work to a pool of consumer threads, or to the parent side of a process
pool (``executor.map(fn, queue)`` pulls items until the queue is closed and drained).
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from admf_tsan.errors import AdmfTsanError

__all__ = ["QueueClosed", "TaskQueue", "TaskQueueStatistics"]

T = TypeVar("T")


class QueueClosed(AdmfTsanError):
    """The TaskQueue was closed: no more puts, and a get found it drained."""


@dataclass(frozen=True)
class TaskQueueStatistics:
    """A consistent snapshot of a TaskQueue, taken under its lock."""

    size: int
    maxsize: int
    closed: bool
    unfinished_tasks: int
    total_put: int
    total_got: int
    waiting_consumers: int
    waiting_producers: int


class TaskQueue(Generic[T]):
    """A FIFO queue of work items shared by producer and consumer threads.

    Usage::

        tasks: TaskQueue[Job] = TaskQueue(maxsize=100)
        def consumer() -> None:
            for job in tasks:          # ends once the queue is closed and drained
                try:
                    run(job)
                finally:
                    tasks.task_done()
        ...
        tasks.put(job)
        tasks.close()                  # producers are done; consumers finish what is left
        tasks.join(timeout=30)

    Guarantees, under any number of threads: every item put is got exactly once, in FIFO order
    per producer; after ``close()`` a ``put`` raises :class:`QueueClosed`, consumers still get
    every item that was already in the queue and then stop (``get`` raises ``QueueClosed``,
    iteration ends), and threads blocked in ``get`` or ``put`` wake up at once.

    The queue lives in one process. To feed a process pool, pull from it in the parent:
    ``pool.map(fn, tasks)`` submits items as they arrive until the queue is closed.
    """

    def __init__(self, maxsize: int = 0) -> None:
        """Make an empty open queue; ``maxsize <= 0`` means unbounded.

        Raises TypeError when maxsize is not an int.
        """
        if isinstance(maxsize, bool) or not isinstance(maxsize, int):
            raise TypeError(f"TaskQueue maxsize must be an int, got {maxsize!r}")
        self._maxsize = max(0, maxsize)
        self._items: deque[T] = deque()
        self._lock = threading.Lock()
        self._not_empty = threading.Condition(self._lock)
        self._not_full = threading.Condition(self._lock)
        self._all_done = threading.Condition(self._lock)
        self._closed = False
        self._unfinished = 0
        self._total_put = 0
        self._total_got = 0
        self._waiting_consumers = 0
        self._waiting_producers = 0

    # -- producers ---------------------------------------------------------------------------

    def put(self, item: T, block: bool = True, timeout: float | None = None) -> None:
        """Append ``item``; on a full bounded queue wait for room (``timeout`` as in queue.Queue).

        Raises QueueClosed if the queue is closed (also when it is closed while waiting for
        room), queue.Full when no room appeared in time or ``block`` is false.
        """
        deadline = _deadline(timeout)
        with self._not_full:
            if self._closed:
                raise QueueClosed("can't put on a TaskQueue that was closed")
            if self._maxsize:
                while len(self._items) >= self._maxsize:
                    if not block:
                        raise queue.Full
                    remaining = _remaining(deadline)
                    if remaining is not None and remaining <= 0:
                        raise queue.Full
                    self._waiting_producers += 1
                    try:
                        self._not_full.wait(remaining)
                    finally:
                        self._waiting_producers -= 1
                    if self._closed:
                        raise QueueClosed("the TaskQueue was closed while put() waited for room")
            self._items.append(item)
            self._unfinished += 1
            self._total_put += 1
            self._not_empty.notify()

    def put_nowait(self, item: T) -> None:
        """Like ``put(item, block=False)``."""
        self.put(item, block=False)

    def close(self) -> None:
        """Refuse further puts and wake every waiting thread; idempotent.

        Items already queued stay and are still handed out by ``get``.
        """
        with self._lock:
            self._closed = True
            self._not_empty.notify_all()
            self._not_full.notify_all()

    # -- consumers ---------------------------------------------------------------------------

    def get(self, block: bool = True, timeout: float | None = None) -> T:
        """Remove and return the oldest item, waiting for one if needed.

        Raises QueueClosed when the queue is closed and has no items left (the signal for a
        consumer to stop), queue.Empty when nothing arrived in time or ``block`` is false.
        """
        deadline = _deadline(timeout)
        with self._not_empty:
            while not self._items:
                if self._closed:
                    raise QueueClosed("the TaskQueue is closed and drained")
                if not block:
                    raise queue.Empty
                remaining = _remaining(deadline)
                if remaining is not None and remaining <= 0:
                    raise queue.Empty
                self._waiting_consumers += 1
                try:
                    self._not_empty.wait(remaining)
                finally:
                    self._waiting_consumers -= 1
            item = self._items.popleft()
            self._total_got += 1
            self._not_full.notify()
            return item

    def get_nowait(self) -> T:
        """Like ``get(block=False)``."""
        return self.get(block=False)

    def __iter__(self) -> Iterator[T]:
        """Yield items as they come until the queue is closed and drained.

        Iteration does not call ``task_done``; a consumer that uses ``join`` calls it per item.
        """
        while True:
            try:
                yield self.get()
            except QueueClosed:
                return

    def task_done(self) -> None:
        """Mark one item got earlier as processed.

        Raises ValueError when called more times than items were put.
        """
        with self._lock:
            if self._unfinished <= 0:
                raise ValueError("task_done() called more times than items were put")
            self._unfinished -= 1
            if self._unfinished == 0:
                self._all_done.notify_all()

    def join(self, timeout: float | None = None) -> bool:
        """Wait until every item put has been marked done; return False if ``timeout`` passed."""
        deadline = _deadline(timeout)
        with self._all_done:
            while self._unfinished:
                remaining = _remaining(deadline)
                if remaining is not None and remaining <= 0:
                    return False
                self._all_done.wait(remaining)
            return True

    # -- state -------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once ``close()`` was called."""
        with self._lock:
            return self._closed

    @property
    def maxsize(self) -> int:
        """The bound given at construction, 0 for unbounded."""
        return self._maxsize

    def qsize(self) -> int:
        """Number of items waiting to be got (a snapshot)."""
        with self._lock:
            return len(self._items)

    def __len__(self) -> int:
        return self.qsize()

    def empty(self) -> bool:
        """True when no item is waiting (a snapshot)."""
        return self.qsize() == 0

    def statistics(self) -> TaskQueueStatistics:
        """Return a consistent snapshot of sizes, counters and waiters."""
        with self._lock:
            return TaskQueueStatistics(
                size=len(self._items),
                maxsize=self._maxsize,
                closed=self._closed,
                unfinished_tasks=self._unfinished,
                total_put=self._total_put,
                total_got=self._total_got,
                waiting_consumers=self._waiting_consumers,
                waiting_producers=self._waiting_producers,
            )

    def __repr__(self) -> str:
        stats = self.statistics()
        bound = f"/{stats.maxsize}" if stats.maxsize else ""
        return (
            f"<TaskQueue {'closed' if stats.closed else 'open'}, {stats.size}{bound} items, "
            f"{stats.unfinished_tasks} unfinished, {stats.waiting_consumers} waiting consumers, "
            f"{stats.waiting_producers} waiting producers>"
        )


def _deadline(timeout: float | None) -> float | None:
    if timeout is None:
        return None
    if timeout < 0:
        raise ValueError(f"timeout must be a non-negative number, got {timeout!r}")
    return time.monotonic() + timeout


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.monotonic()
