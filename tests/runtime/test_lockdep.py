"""Lock-order validator: cycles between lock classes, instances of one class, caching."""

from __future__ import annotations

import threading

import pytest

from admf_tsan import ThreadingMode, ThreadSafetyFactory
from admf_tsan.runtime import (
    CheckedLock,
    CheckedRLock,
    DeadlockDetected,
    DeadlockReport,
    LockOrderViolation,
    checking,
    held_locks,
)
from tests.runtime.conftest import run_in_thread

pytestmark = pytest.mark.timeout(30)


def test_ab_ba_in_two_threads_is_reported_without_a_deadlock(fresh_threading: object) -> None:
    with checking(raise_on_violation=False, watchdog=False) as report:
        lock_a = threading.Lock()
        lock_b = threading.Lock()

        def a_then_b() -> None:
            with lock_a, lock_b:
                pass

        def b_then_a() -> None:
            with lock_b, lock_a:
                pass

        assert run_in_thread(a_then_b, "first") is None
        assert run_in_thread(b_then_a, "second") is None
    findings = report.of_kind("lock-order")
    assert len(findings) == 1
    text = findings[0].text
    assert "lock order inversion" in text
    # Both acquisitions on the cycle, each with the user line that took the lock.
    assert "thread 'second' acquired" in text and "thread 'first' acquired" in text
    assert "with lock_a, lock_b:" in text and "with lock_b, lock_a:" in text
    assert "test_lockdep.py" in text and "threading.py" not in text
    assert "Right now lock_a is free: this acquire goes on and no deadlock happened" in text
    assert isinstance(findings[0].error, LockOrderViolation)


def test_an_inversion_that_does_deadlock_does_not_say_that_none_happened() -> None:
    deadlocks: list[str] = []
    locks: list[threading.Lock] = []

    def break_it(deadlock: DeadlockReport) -> None:
        deadlocks.append(deadlock.kind)
        locks[0].release()  # any thread may release a Lock: the holder of book_lock goes on

    with checking(raise_on_violation=False, on_deadlock=break_it) as report:
        cash_lock = threading.Lock()
        book_lock = threading.Lock()
        locks.append(cash_lock)
        both_hold_one = threading.Barrier(2)

        def take(first: threading.Lock, second: threading.Lock) -> None:
            first.acquire()
            both_hold_one.wait(10)
            with second:
                pass
            if first is book_lock:  # cash_lock was released for its holder by break_it
                first.release()

        one = threading.Thread(target=take, args=(cash_lock, book_lock), name="payer")
        two = threading.Thread(target=take, args=(book_lock, cash_lock), name="booker")
        one.start()
        two.start()
        two.join(20)
        one.join(20)
        assert not one.is_alive() and not two.is_alive()
    assert deadlocks == ["deadlock"]
    (finding,) = report.of_kind("lock-order")
    assert "no deadlock happened" not in finding.text
    assert "is held by 'payer'" in finding.text or "is held by 'booker'" in finding.text


def test_raise_mode_raises_before_taking_the_lock() -> None:
    with checking(watchdog=False):
        lock_a = threading.Lock()
        lock_b = threading.Lock()
        with lock_a, lock_b:
            pass
        with lock_b:
            with pytest.raises(LockOrderViolation, match="^lock order inversion"):
                lock_a.acquire()
            assert not lock_a.locked()
            assert held_locks() == [lock_b]


def test_three_lock_cycle_lists_every_edge() -> None:
    with checking(raise_on_violation=False, watchdog=False) as report:
        first = threading.Lock()
        second = threading.Lock()
        third = threading.Lock()
        for outer, inner in ((first, second), (second, third)):
            with outer, inner:
                pass
        assert report.ok
        with third, first:
            pass
    (finding,) = report.of_kind("lock-order")
    assert finding.summary.count("->") == 3
    assert finding.text.count("acquired Lock@") == 3


def test_consistent_order_is_not_reported() -> None:
    with checking(raise_on_violation=False, watchdog=False) as report:
        lock_a = threading.Lock()
        lock_b = threading.RLock()
        for _ in range(3):
            assert run_in_thread(lambda: _nest(lock_a, lock_b)) is None
    assert report.ok, report.format()


def _nest(outer: object, inner: object) -> None:
    with outer, inner:  # type: ignore[attr-defined]
        pass


def test_instances_of_one_class_may_nest_in_one_order_only() -> None:
    def make() -> CheckedLock:
        lock = threading.Lock()  # one creation site: one lock class
        assert isinstance(lock, CheckedLock)
        return lock

    with checking(raise_on_violation=False, watchdog=False) as report:
        left, right = make(), make()
        assert left.lock_class is right.lock_class
        with left, right:
            pass
        with left, right:
            pass
        assert report.ok
        with right, left:
            pass
    (finding,) = report.of_kind("lock-order")
    assert "two locks of class" in finding.text and "both orders" in finding.text


def test_rlock_reentry_is_not_an_edge() -> None:
    with checking(watchdog=False) as report:
        outer = threading.RLock()
        other = threading.Lock()
        with outer, other:
            with outer:  # re-entry while holding `other`: cannot block, no edge other -> outer
                assert held_locks() == [outer, other]
        assert held_locks() == []
    assert report.ok


def test_each_edge_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from admf_tsan.runtime._lockdep import LockOrderValidator

    calls: list[object] = []
    original = LockOrderValidator.on_new_pair

    def counting(self: LockOrderValidator, held: list[object], lock: CheckedLock) -> None:
        calls.append(lock)
        original(self, held, lock)

    monkeypatch.setattr(LockOrderValidator, "on_new_pair", counting)
    with checking(watchdog=False):
        lock_a = threading.Lock()
        lock_b = threading.Lock()
        for _ in range(100):
            with lock_a, lock_b:
                pass
    assert len(calls) == 1


def test_condition_wait_releases_and_reacquires_in_the_bookkeeping() -> None:
    with checking(watchdog=False, blocking=False) as report:
        condition = threading.Condition()
        other = threading.Lock()
        ready = threading.Event()
        seen_while_waiting: list[list[object]] = []
        state = {"go": False}

        def waiter() -> None:
            with condition:
                ready.set()
                condition.wait_for(lambda: state["go"], timeout=10)
                seen_while_waiting.append(held_locks())

        thread = threading.Thread(target=waiter)
        thread.start()
        assert ready.wait(10)
        # The waiter released the condition's lock: taking it here, under `other`, is fine.
        with other, condition:
            state["go"] = True
            condition.notify_all()
        thread.join(10)
        assert not thread.is_alive()
    assert len(seen_while_waiting) == 1 and len(seen_while_waiting[0]) == 1
    assert isinstance(seen_while_waiting[0][0], CheckedRLock)
    assert report.ok, report.format()


def test_reacquiring_a_held_lock_is_a_self_deadlock() -> None:
    with checking(watchdog=False):
        lock = threading.Lock()
        with lock:
            with pytest.raises(DeadlockDetected, match="re-acquires"):
                lock.acquire()
            assert lock.acquire(blocking=False) is False  # a try-lock is fine


def test_factory_names_the_lock_class() -> None:
    factory = ThreadSafetyFactory(ThreadingMode.MULTI_THREADED)
    with checking(raise_on_violation=False, watchdog=False, patch_threading=False) as report:
        cash = factory.lock(name="Portfolio._cash_lock")
        positions = factory.rlock(name="Portfolio._positions_lock")
        assert isinstance(cash, CheckedLock) and isinstance(positions, CheckedRLock)
        with cash, positions:
            pass
        with positions, cash:
            pass
        assert not isinstance(threading.Lock(), CheckedLock)  # patch_threading=False
    (finding,) = report.of_kind("lock-order")
    assert "Portfolio._cash_lock" in finding.summary
    assert "Portfolio._positions_lock" in finding.summary


def test_locks_made_while_on_keep_working_after(fresh_threading: object) -> None:
    with checking(watchdog=False):
        lock = threading.Lock()
        rlock = threading.RLock()
        condition = threading.Condition()
    assert threading.Lock is fresh_threading[0]  # type: ignore[index]
    with lock, rlock, rlock:
        assert lock.locked()
    with condition:
        assert not condition.wait(timeout=0.001)
    assert not lock.locked()


def test_wraps_whatever_threading_lock_is_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    original = threading.Lock

    def scheduler_lock() -> object:
        lock = original()
        made.append(lock)
        return lock

    monkeypatch.setattr(threading, "Lock", scheduler_lock)
    with checking(watchdog=False):
        lock = threading.Lock()
        with lock:
            assert made and made[-1].locked()  # type: ignore[attr-defined]
        factory_lock = ThreadSafetyFactory(ThreadingMode.MULTI_THREADED).lock()
        assert isinstance(factory_lock, CheckedLock) and len(made) == 2
    assert threading.Lock is scheduler_lock


def test_nested_checking_shares_findings() -> None:
    with checking(raise_on_violation=False, watchdog=False) as outer:
        lock_a = threading.Lock()
        lock_b = threading.Lock()
        with lock_a, lock_b:
            pass
        with checking(raise_on_violation=False) as inner, lock_b, lock_a:
            pass
    assert len(inner.of_kind("lock-order")) == 1
    assert len(outer.of_kind("lock-order")) == 1


@pytest.mark.parametrize("factory", ["Lock", "RLock"])
def test_checked_locks_exclude_under_contention(factory: str) -> None:
    from admf_tsan.runtime._state import WAITS

    with checking() as report:
        lock = getattr(threading, factory)()
        start = threading.Barrier(4)
        counter = {"value": 0}

        def work() -> None:
            start.wait(10)
            for _ in range(2000):
                with lock:
                    value = counter["value"]
                    counter["value"] = value + 1

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        assert not any(thread.is_alive() for thread in threads)
        assert counter["value"] == 8000
        assert not lock.locked()
        assert WAITS == {}
    assert report.ok, report.format()


def test_validator_graph_statistics_and_repr() -> None:
    with checking(raise_on_violation=False, watchdog=False) as report:
        from admf_tsan.runtime import active_session

        session = active_session()
        assert session is not None and session.validator is not None
        lock_a = threading.Lock()
        lock_b = threading.Lock()
        assert isinstance(lock_a, CheckedLock) and isinstance(lock_b, CheckedLock)
        with lock_a, lock_b:
            pass
        (edge,) = session.validator.edges()
        assert (edge.before, edge.after) == (lock_a.lock_class, lock_b.lock_class)
        assert edge.thread == "MainThread" and "with lock_a, lock_b:" in edge.describe()
        statistics = session.validator.statistics()
        assert (statistics.lock_classes, statistics.edges, statistics.violations) == (2, 1, 0)
        assert "2 lock classes, 1 edges, 0 violation(s)" in repr(session.validator)
        assert "Lock@" in repr(lock_a) and "unlocked" in repr(lock_a)
    assert report.ok
    # The graph is forgotten with the session: a new one checks every pair again.
    assert lock_b.lock_class not in lock_a.lock_class.after


def test_condition_over_a_checked_plain_lock() -> None:
    with checking(watchdog=False, blocking=False) as report:
        lock = threading.Lock()
        condition = threading.Condition(lock)
        state = {"go": False}
        waiting = threading.Event()
        held_by_notifier: list[list[object]] = []

        def notifier() -> None:
            assert waiting.wait(10)
            with condition:  # free: the waiter released it in wait()
                held_by_notifier.append(held_locks())
                state["go"] = True
                condition.notify()

        thread = threading.Thread(target=notifier)
        thread.start()
        with condition:
            assert condition._is_owned()  # type: ignore[attr-defined]
            waiting.set()
            assert condition.wait_for(lambda: state["go"], timeout=10)
            assert held_locks() == [lock]
        assert held_locks() == [] and not lock.locked()
        thread.join(10)
    assert held_by_notifier == [[lock]]
    assert report.ok, report.format()


def test_out_of_order_release_and_release_by_another_thread() -> None:
    with checking(watchdog=False) as report:
        first = threading.Lock()
        second = threading.RLock()
        first.acquire()  # noqa: ADMF204 - out-of-order release is what this test checks
        second.acquire()  # noqa: ADMF204 - out-of-order release is what this test checks
        first.release()
        assert held_locks() == [second]
        second.release()
        assert held_locks() == []
        handed_over = threading.Lock()
        handed_over.acquire()
        assert run_in_thread(handed_over.release) is None  # a Lock may be released by anyone
        assert held_locks() == [] and not handed_over.locked()
    assert report.ok


def test_instrument_new_locks_makes_import_time_locks_visible(fresh_threading: object) -> None:
    from admf_tsan.runtime import instrument_new_locks

    with instrument_new_locks() as instrumentation:
        # Made before any checking() block, like a module-level lock imported at collection.
        cache_lock = threading.Lock()
        registry_lock = threading.RLock()
        assert isinstance(cache_lock, CheckedLock) and isinstance(registry_lock, CheckedRLock)
        with checking(raise_on_violation=False, watchdog=False) as report:
            inner = threading.Lock()
            assert type(inner) is CheckedLock and not isinstance(inner._inner, CheckedLock)
            with cache_lock, registry_lock:
                pass
            with registry_lock, cache_lock:
                pass
        (finding,) = report.of_kind("lock-order")
        assert "test_lockdep.py" in finding.summary
        with cache_lock:  # outside a block: a plain lock
            assert cache_lock.locked()
    assert "undone" in repr(instrumentation)
