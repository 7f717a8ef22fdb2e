"""Modeled primitives: real semantics for workers of a run and for ordinary threads alike."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from admf_tsan.scheduler import (
    ControlledScheduler,
    ModeledBoundedSemaphore,
    ModeledCondition,
    ModeledEvent,
    ModeledLock,
    ModeledRLock,
    ModeledSemaphore,
    ModeledSimpleQueue,
    choose_strategy,
)

pytestmark = pytest.mark.timeout(120)

_REAL_LOCK = threading.Lock  # captured before any test patches threading


def scheduled(iterations: int, base: int = 3) -> list[tuple[str, int]]:
    """(strategy, seed) pairs of a small budget, both strategies included."""
    return [choose_strategy(iteration, base) for iteration in range(iterations)]


def test_patch_primitives_swaps_and_restores() -> None:
    originals = (threading.Lock, threading.RLock, threading.Event, time.sleep, queue.SimpleQueue)
    scheduler = ControlledScheduler(0)
    with scheduler.patch_primitives():
        with scheduler.patch_primitives():
            assert isinstance(threading.Lock(), ModeledLock)
        assert isinstance(threading.RLock(), ModeledRLock)
        assert isinstance(threading.Condition(), ModeledCondition)
        assert isinstance(threading.Event(), ModeledEvent)
        assert isinstance(threading.Semaphore(2), ModeledSemaphore)
        assert isinstance(threading.BoundedSemaphore(2), ModeledBoundedSemaphore)
        assert isinstance(queue.SimpleQueue(), ModeledSimpleQueue)
        assert isinstance(queue.Queue().mutex, ModeledLock)
    assert (
        threading.Lock,
        threading.RLock,
        threading.Event,
        time.sleep,
        queue.SimpleQueue,
    ) == originals


def test_lock_semantics_and_errors() -> None:
    lock = ModeledLock()
    assert lock.acquire()
    assert lock.locked()
    assert not lock.acquire(blocking=False)
    assert not lock.acquire(timeout=0.01)
    lock.release()
    with pytest.raises(RuntimeError, match="release unlocked lock"):
        lock.release()
    with pytest.raises(ValueError, match="non-blocking"):
        lock.acquire(blocking=False, timeout=1)
    with pytest.raises(ValueError, match="non-negative"):
        lock.acquire(timeout=-5)
    assert "Lock#" in repr(lock) and "unlocked" in repr(lock)
    assert "test_primitives.py:" in repr(lock)


def test_rlock_is_reentrant_and_owned() -> None:
    lock = ModeledRLock()
    with lock, lock:
        assert "locked 2 times" in repr(lock)
        errors: list[BaseException] = []

        def intruder() -> None:
            try:
                lock.release()
            except RuntimeError as error:
                errors.append(error)

        thread = threading.Thread(target=intruder)
        thread.start()
        thread.join(10)
        assert errors and "un-acquired" in str(errors[0])
    assert "unlocked" in repr(lock)


def test_outside_a_run_primitives_block_like_real_ones() -> None:
    event = ModeledEvent()
    lock = ModeledLock()
    lock.acquire()
    results: list[str] = []

    def waiter() -> None:
        assert event.wait(10)
        with lock:
            results.append("got lock")

    thread = threading.Thread(target=waiter)
    thread.start()
    event.set()
    lock.release()
    thread.join(10)
    assert not thread.is_alive()
    assert results == ["got lock"]
    assert not ModeledEvent().wait(0.01)
    q = ModeledSimpleQueue()
    with pytest.raises(queue.Empty):
        q.get(timeout=0.01)


def test_condition_producer_consumer_never_loses_or_deadlocks() -> None:
    for strategy, seed in scheduled(40):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives():
            items: list[int] = []
            taken: list[int] = []
            ready = threading.Condition()

            def producer() -> None:
                for item in range(4):
                    with ready:
                        items.append(item)
                        ready.notify()

            def consumer() -> None:
                for _ in range(2):
                    with ready:
                        while not items:
                            ready.wait()
                        taken.append(items.pop(0))

            report = scheduler.run([producer, consumer, consumer], timeout=20)
        assert not report.failed, report.summary()
        assert sorted(taken) == [0, 1, 2, 3]


def test_condition_wait_for_and_timeouts_use_virtual_time() -> None:
    scheduler = ControlledScheduler(1)
    outcome: dict[str, object] = {}
    with scheduler.patch_primitives():
        condition = threading.Condition(threading.Lock())

        def waiter() -> None:
            with condition:
                outcome["wait"] = condition.wait(timeout=30)
                outcome["wait_for"] = condition.wait_for(lambda: False, timeout=60)

        report = scheduler.run([waiter], timeout=20)
    assert not report.failed, report.summary()
    assert outcome == {"wait": False, "wait_for": False}
    assert report.virtual_time >= 90


def test_sleep_is_virtual_and_orders_sleepers() -> None:
    scheduler = ControlledScheduler(2)
    woke: list[str] = []
    with scheduler.patch_primitives():

        def slow() -> None:
            time.sleep(500)
            woke.append("slow")

        def fast() -> None:
            time.sleep(100)
            woke.append("fast")

        report = scheduler.run([slow, fast], timeout=20)
    assert not report.failed, report.summary()
    assert woke == ["fast", "slow"]
    assert report.virtual_time == 500


def test_event_and_semaphores_under_the_scheduler() -> None:
    for strategy, seed in scheduled(30):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives():
            started = threading.Event()
            pool = threading.BoundedSemaphore(2)
            inside = [0]
            peak = [0]

            def user() -> None:
                started.wait()
                with pool:
                    inside[0] += 1
                    peak[0] = max(peak[0], inside[0])
                    time.sleep(0)
                    inside[0] -= 1

            report = scheduler.run([started.set, user, user, user], timeout=20)
        assert not report.failed, report.summary()
        assert peak[0] <= 2
    semaphore = ModeledBoundedSemaphore(1)
    with pytest.raises(ValueError, match="released too many times"):
        semaphore.release()
    with pytest.raises(ValueError, match="one or more"):
        ModeledSemaphore(1).release(0)
    with pytest.raises(ValueError, match=">= 0"):
        ModeledSemaphore(-1)


def test_queue_queue_is_modeled_through_its_condition() -> None:
    for strategy, seed in scheduled(30):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives():
            jobs: queue.Queue[int] = queue.Queue(maxsize=1)
            done: list[int] = []

            def producer() -> None:
                for job in range(3):
                    jobs.put(job)
                jobs.join()

            def consumer() -> None:
                for _ in range(3):
                    done.append(jobs.get())
                    jobs.task_done()

            report = scheduler.run([producer, consumer], timeout=20)
        assert not report.failed, report.summary()
        assert done == [0, 1, 2]


def test_queue_get_on_empty_queue_is_a_deadlock_not_a_hang() -> None:
    scheduler = ControlledScheduler(0)
    with scheduler.patch_primitives():
        jobs: queue.Queue[int] = queue.Queue()
        simple: queue.SimpleQueue[int] = queue.SimpleQueue()
        report = scheduler.run([jobs.get, simple.get], timeout=20)
    assert report.deadlock is not None and not report.timed_out
    assert "Condition#" in report.deadlock and "SimpleQueue#" in report.deadlock


def test_queue_get_timeout_raises_empty_in_virtual_time() -> None:
    scheduler = ControlledScheduler(0)
    errors: list[BaseException] = []
    with scheduler.patch_primitives():
        jobs: queue.Queue[int] = queue.Queue()

        def getter() -> None:
            try:
                jobs.get(timeout=3600)
            except queue.Empty as error:
                errors.append(error)

        report = scheduler.run([getter], timeout=20)
    assert not report.failed, report.summary()
    assert len(errors) == 1
    assert report.virtual_time > 3599


def test_barrier_works_under_the_scheduler() -> None:
    for strategy, seed in scheduled(10):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives():
            barrier = threading.Barrier(3)
            after: list[int] = []

            def party() -> None:
                barrier.wait()
                after.append(1)

            report = scheduler.run([party, party, party], timeout=20)
        assert not report.failed, report.summary()
        assert after == [1, 1, 1]


def test_primitives_made_while_patched_keep_working_after_the_run() -> None:
    scheduler = ControlledScheduler(0)
    with scheduler.patch_primitives():
        lock = threading.Lock()
        report = scheduler.run([lambda: lock.acquire()], timeout=20)
    assert not report.failed
    assert lock.locked()
    released = threading.Thread(target=lock.release)
    released.start()
    released.join(10)
    assert lock.acquire(timeout=5)


class Reader:
    """A component that starts its own thread: the thread races with the caller."""

    def __init__(self) -> None:
        self.seen = 0

    def poll(self) -> None:
        for _ in range(5):
            self.seen += 1

    def start_and_poll(self) -> None:
        helper = threading.Thread(target=self.poll)
        helper.start()
        self.poll()
        helper.join()


def test_threads_started_by_workers_are_adopted_and_race() -> None:
    lost = False
    for strategy, seed in scheduled(40, base=17):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives():
            reader = Reader()
            report = scheduler.run([reader.start_and_poll], timeout=20)
        assert not report.failed, report.summary()
        assert report.workers == 2 and report.detached == 0
        if reader.seen != 10:
            lost = True
            break
    assert lost, "the adopted thread never interleaved inside += with its parent"


def test_adopted_thread_failure_is_reported() -> None:
    def crash() -> None:
        raise OSError("feed disconnected")

    def starter() -> None:
        helper = threading.Thread(target=crash, name="feed-reader")
        helper.start()
        helper.join()

    scheduler = ControlledScheduler(0)
    with scheduler.patch_primitives():
        report = scheduler.run([starter], timeout=20)
    assert [failure.worker for failure in report.failures] == [1]
    assert "feed disconnected" in report.failures[0].traceback_text


def test_background_thread_left_waiting_is_released_not_a_deadlock() -> None:
    scheduler = ControlledScheduler(0)
    with scheduler.patch_primitives():
        stop = threading.Event()
        helper = threading.Thread(target=stop.wait, daemon=True)
        report = scheduler.run([helper.start], timeout=20)
    assert not report.failed, report.summary()
    assert helper.is_alive()
    stop.set()
    helper.join(10)
    assert not helper.is_alive()


def test_thread_pool_inside_a_worker() -> None:
    from concurrent.futures import ThreadPoolExecutor

    for strategy, seed in scheduled(6):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        results: list[int] = []
        with scheduler.patch_primitives():

            def use_pool() -> None:
                with ThreadPoolExecutor(max_workers=2) as pool:
                    results.extend(pool.map(lambda x: x * x, range(4)))

            report = scheduler.run([use_pool], timeout=20)
        assert not report.failed, report.summary()
        assert report.detached == 0
        assert results == [0, 1, 4, 9]


@pytest.mark.parametrize(
    "make_lock",
    [ModeledLock, ModeledRLock, ModeledSemaphore, ModeledBoundedSemaphore],
    ids=["Lock", "RLock", "Semaphore", "BoundedSemaphore"],
)
def test_every_lock_variant_excludes_under_every_schedule(
    make_lock: Callable[[], AbstractContextManager[object]],
) -> None:
    # One behaviour suite over every lock-like variant: never two holders, never a lost update
    # in the critical section, whatever the seed.
    for strategy, seed in scheduled(30, base=8):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        lock = make_lock()
        state = {"inside": 0, "peak": 0, "count": 0}

        def critical() -> None:
            for _ in range(3):
                with lock:
                    state["inside"] += 1
                    state["peak"] = max(state["peak"], state["inside"])
                    state["count"] += 1
                    state["inside"] -= 1

        report = scheduler.run([critical, critical, critical], timeout=20)
        assert not report.failed, report.summary()
        assert state["peak"] == 1 and state["count"] == 9
        assert report.switches > 0 or strategy == "pct"


class WrappedRLock:
    """A lock wrapper like the runtime checker's: delegates, including Condition's protocol."""

    def __init__(self, inner: ModeledRLock) -> None:
        self.inner = inner

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self.inner.acquire(blocking, timeout)

    def release(self) -> None:
        self.inner.release()

    __enter__ = acquire

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _is_owned(self) -> bool:
        return self.inner._is_owned()

    def _release_save(self) -> tuple[int, int]:
        return self.inner._release_save()

    def _acquire_restore(self, state: tuple[int, int]) -> None:
        self.inner._acquire_restore(state)


@pytest.mark.parametrize("wrap", [True, False], ids=["wrapped-rlock", "real-lock"])
def test_condition_over_a_lock_the_scheduler_does_not_own(wrap: bool) -> None:
    for strategy, seed in scheduled(20, base=4):
        scheduler = ControlledScheduler(seed, strategy=strategy, block_timeout=0.05)
        items: list[int] = []
        got: list[int] = []
        with scheduler.patch_primitives():
            # Condition takes any lock-like object; typeshed names only threading's own.
            lock: Any = WrappedRLock(ModeledRLock()) if wrap else _REAL_LOCK()
            ready = threading.Condition(lock)

            def consumer() -> None:
                with ready:
                    if wrap:
                        with ready:  # held twice: wait must release both levels
                            while not items:
                                ready.wait()
                    else:
                        while not items:
                            ready.wait()
                    got.append(items.pop())

            def producer() -> None:
                with ready:
                    items.append(1)
                    ready.notify()

            report = scheduler.run([consumer, producer], timeout=20)
        assert not report.failed, report.summary()
        assert got == [1]
        if wrap:
            assert report.detached == 0


def test_runtime_checkers_inside_the_patch_wrap_modeled_locks() -> None:
    # Patched first, checking() second: threading.Lock() is the checker's lock around a
    # modeled one, so the scheduler still sees every wait and reports the AB/BA deadlock.
    checking = pytest.importorskip("admf_tsan.runtime").checking
    for strategy, seed in scheduled(50, base=6):
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives(), checking(raise_on_violation=False):
            first, second = threading.Lock(), threading.Lock()
            assert not isinstance(first, ModeledLock)

            def forward() -> None:
                with first, second:
                    pass

            def backward() -> None:
                with second, first:
                    pass

            report = scheduler.run([forward, backward], timeout=20)
        assert report.detached == 0 and not report.timed_out
        if report.deadlock:
            assert "(held by 'worker" in report.deadlock
            return
    pytest.fail("no AB/BA deadlock in 50 runs with the runtime checkers on")
