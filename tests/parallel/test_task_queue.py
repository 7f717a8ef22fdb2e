"""TaskQueue under real threads: exactly-once delivery, close, join, feeding a pool."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from admf_tsan.parallel import IsolatedPool, QueueClosed, TaskQueue
from tests.parallel import _trials

pytestmark = pytest.mark.timeout(60)

JOIN_TIMEOUT = 30


def _start(target: Callable[..., object], *args: object) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def _join_all(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
        assert not thread.is_alive(), f"{thread.name} did not finish"


def test_fifo_order_and_counts() -> None:
    tasks: TaskQueue[int] = TaskQueue()
    for i in range(5):
        tasks.put(i)
    assert [tasks.get() for _ in range(5)] == [0, 1, 2, 3, 4]
    stats = tasks.statistics()
    assert (stats.total_put, stats.total_got, stats.unfinished_tasks, stats.size) == (5, 5, 5, 0)


def test_every_item_is_got_exactly_once_under_contention() -> None:
    producers, consumers, per_producer = 4, 4, 2000
    tasks: TaskQueue[tuple[int, int]] = TaskQueue(maxsize=64)
    start = threading.Barrier(producers + consumers, timeout=JOIN_TIMEOUT)
    received: list[list[tuple[int, int]]] = [[] for _ in range(consumers)]

    def produce(index: int) -> None:
        start.wait()
        for i in range(per_producer):
            tasks.put((index, i), timeout=JOIN_TIMEOUT)

    def consume(index: int) -> None:
        start.wait()
        for item in tasks:
            received[index].append(item)
            tasks.task_done()

    producer_threads = [_start(produce, i) for i in range(producers)]
    consumer_threads = [_start(consume, i) for i in range(consumers)]
    _join_all(producer_threads)
    tasks.close()
    _join_all(consumer_threads)
    everything = [item for part in received for item in part]
    assert len(everything) == producers * per_producer
    assert set(everything) == {(p, i) for p in range(producers) for i in range(per_producer)}
    # FIFO per producer: each consumer sees one producer's items in increasing order.
    for part in received:
        for producer in range(producers):
            sequence = [i for p, i in part if p == producer]
            assert sequence == sorted(sequence)
    assert tasks.join(timeout=JOIN_TIMEOUT)


def test_put_after_close_raises() -> None:
    tasks: TaskQueue[int] = TaskQueue()
    tasks.close()
    tasks.close()  # idempotent
    with pytest.raises(QueueClosed, match="closed"):
        tasks.put(1)


def test_consumers_drain_what_is_left_after_close_then_stop() -> None:
    tasks: TaskQueue[int] = TaskQueue()
    for i in range(3):
        tasks.put(i)
    tasks.close()
    assert list(tasks) == [0, 1, 2]
    with pytest.raises(QueueClosed, match="closed and drained"):
        tasks.get()


def test_close_wakes_blocked_consumers() -> None:
    tasks: TaskQueue[int] = TaskQueue()
    waiting = threading.Barrier(4, timeout=JOIN_TIMEOUT)
    outcomes: list[str] = []

    def consumer() -> None:
        waiting.wait()
        try:
            tasks.get()
        except QueueClosed:
            outcomes.append("closed")

    threads = [_start(consumer) for _ in range(3)]
    waiting.wait()
    _wait_until(lambda: tasks.statistics().waiting_consumers == 3)
    tasks.close()
    _join_all(threads)
    assert outcomes == ["closed"] * 3


def test_close_wakes_a_producer_blocked_on_a_full_queue() -> None:
    tasks: TaskQueue[int] = TaskQueue(maxsize=1)
    tasks.put(0)
    outcome: list[BaseException] = []

    def producer() -> None:
        try:
            tasks.put(1)
        except QueueClosed as exc:
            outcome.append(exc)

    thread = _start(producer)
    _wait_until(lambda: tasks.statistics().waiting_producers == 1)
    tasks.close()
    _join_all([thread])
    assert len(outcome) == 1 and "closed while put() waited" in str(outcome[0])
    assert list(tasks) == [0]


def test_timeouts_and_nowait_variants() -> None:
    tasks: TaskQueue[int] = TaskQueue(maxsize=1)
    with pytest.raises(queue.Empty):
        tasks.get(timeout=0.01)
    with pytest.raises(queue.Empty):
        tasks.get_nowait()
    tasks.put_nowait(1)
    with pytest.raises(queue.Full):
        tasks.put_nowait(2)
    with pytest.raises(queue.Full):
        tasks.put(2, timeout=0.01)
    with pytest.raises(ValueError, match="non-negative"):
        tasks.get(timeout=-1)


def test_join_waits_for_task_done_and_honours_its_timeout() -> None:
    tasks: TaskQueue[int] = TaskQueue()
    assert tasks.join(timeout=0)
    tasks.put(1)
    tasks.put(2)
    assert tasks.join(timeout=0.01) is False
    release = threading.Event()

    def worker() -> None:
        for _ in tasks:
            release.wait(JOIN_TIMEOUT)
            tasks.task_done()

    thread = _start(worker)
    assert tasks.join(timeout=0.01) is False
    release.set()
    assert tasks.join(timeout=JOIN_TIMEOUT) is True
    tasks.close()
    _join_all([thread])
    with pytest.raises(ValueError, match="more times than items"):
        tasks.task_done()


def test_feeds_a_thread_pool() -> None:
    tasks: TaskQueue[int] = TaskQueue()
    results: list[int] = []
    lock = threading.Lock()

    def consume() -> int:
        count = 0
        for item in tasks:
            with lock:
                results.append(item * item)
            tasks.task_done()
            count += 1
        return count

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(consume) for _ in range(4)]
        for i in range(500):
            tasks.put(i)
        tasks.close()
        assert sum(future.result(timeout=JOIN_TIMEOUT) for future in futures) == 500
    assert sorted(results) == [i * i for i in range(500)]


def test_feeds_a_process_pool_until_closed() -> None:
    tasks: TaskQueue[int] = TaskQueue(maxsize=8)

    def produce() -> None:
        for i in range(100):
            tasks.put(i, timeout=JOIN_TIMEOUT)
        tasks.close()

    producer = _start(produce)
    with IsolatedPool(2) as pool:
        assert list(pool.map(_trials.add, tasks, range(100))) == [2 * i for i in range(100)]
    _join_all([producer])


def test_statistics_and_repr_show_state() -> None:
    tasks: TaskQueue[str] = TaskQueue(maxsize=4)
    tasks.put("a")
    tasks.put("b")
    tasks.get()
    assert repr(tasks) == (
        "<TaskQueue open, 1/4 items, 2 unfinished, 0 waiting consumers, 0 waiting producers>"
    )
    tasks.close()
    assert repr(tasks).startswith("<TaskQueue closed, 1/4 items")
    assert tasks.statistics().closed and tasks.closed and len(tasks) == 1 and not tasks.empty()


def test_bad_maxsize_is_rejected() -> None:
    with pytest.raises(TypeError, match="maxsize must be an int"):
        TaskQueue(maxsize="10")  # type: ignore[arg-type]


def _wait_until(predicate: Callable[[], object], timeout: float = JOIN_TIMEOUT) -> None:
    """Poll a state predicate (the waiter counters) against a deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.001)
