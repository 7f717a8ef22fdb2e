"""checking(): selecting checkers, the report object, thread affinity through the core."""

from __future__ import annotations

import threading
from collections.abc import MutableMapping

import pytest

import admf_tsan.runtime as runtime
from admf_tsan import ThreadingMode, ThreadSafetyFactory
from admf_tsan.runtime import (
    KINDS,
    CheckReport,
    LockOrderViolation,
    ThreadDetector,
    ThreadSafetyViolation,
    checking,
    held_locks,
)
from tests.runtime.conftest import run_in_thread

pytestmark = pytest.mark.timeout(30)


def _invert() -> None:
    lock_a = threading.Lock()
    lock_b = threading.Lock()
    with lock_a, lock_b:
        pass
    with lock_b, lock_a:
        pass


def test_lock_order_can_be_turned_off() -> None:
    with checking(lock_order=False, watchdog=False) as report:
        _invert()
    assert report.ok


def test_report_object_text_and_filters() -> None:
    with checking(raise_on_violation=False, watchdog=False) as report:
        _invert()
    assert isinstance(report, CheckReport) and not report.ok and len(report) == 1
    assert report.format().startswith("admf-tsan: 1 concurrency violation(s) found (1 lock-order)")
    assert "[1] LOCK-ORDER on thread 'MainThread'" in report.format()
    assert report.of_kind("blocking-call") == []
    assert "lock-order" in repr(report)
    with pytest.raises(ValueError, match="unknown finding kind"):
        report.of_kind("races")
    assert set(KINDS) >= {"lock-order", "blocking-call", "deadlock", "thread-affinity"}
    statistics = report.statistics()
    assert statistics.findings == 1 and statistics.lock_order_edges == 2
    assert statistics.lock_classes == 2 and statistics.instrumented_locks >= 2


def test_single_threaded_objects_report_wrong_thread_access() -> None:
    with checking(raise_on_violation=False, watchdog=False) as report:
        prices: MutableMapping[str, int] = ThreadSafetyFactory(ThreadingMode.SINGLE_THREADED).dict()
        prices["ES"] = 1
        error = run_in_thread(lambda: prices.__setitem__("NQ", 2), name="intruder")
    assert error is None  # reported, not raised
    (finding,) = report.of_kind("thread-affinity")
    assert "intruder" in finding.text and isinstance(finding.error, ThreadSafetyViolation)


def test_single_threaded_violation_raises_in_the_wrong_thread() -> None:
    # ... and again in the block's thread when the block ends (the wrong thread is a worker).
    with pytest.raises(ThreadSafetyViolation, match="found on thread 'intruder'"):
        with checking(watchdog=False):
            prices: MutableMapping[str, int] = ThreadSafetyFactory(
                ThreadingMode.SINGLE_THREADED
            ).dict()
            error = run_in_thread(lambda: prices.__setitem__("NQ", 2), name="intruder")
    assert isinstance(error, ThreadSafetyViolation)


def test_thread_affinity_can_be_turned_off() -> None:
    with checking(thread_affinity=False, watchdog=False) as report:
        prices: MutableMapping[str, int] = ThreadSafetyFactory(ThreadingMode.SINGLE_THREADED).dict()
        assert run_in_thread(lambda: prices.__setitem__("NQ", 2)) is None
    assert report.ok


def test_session_is_gone_after_the_block() -> None:
    with checking(watchdog=False):
        assert runtime.active_session() is not None
    assert runtime.active_session() is None
    from admf_tsan import _instrumentation

    assert _instrumentation.current() is None


def test_thread_detector_tracks_starts_before_the_thread_runs() -> None:
    detector = ThreadDetector()
    seen_before_run: list[bool] = []
    ran = threading.Event()
    detector.on_thread_start(lambda thread: seen_before_run.append(not ran.is_set()))
    detector.install()
    try:
        thread = threading.Thread(target=ran.set)
        alive_before = len(threading.enumerate())
        thread.start()
        thread.join(10)
    finally:
        detector.uninstall()
    assert seen_before_run == [True]
    assert detector.threads_started == 1 and detector.multi_threaded
    assert detector.peak_threads == alive_before + 1  # the child counted once
    assert "start" not in vars(threading.Thread) or threading.Thread.start.__name__ == "start"


def test_thread_detector_affinity_bookkeeping() -> None:
    found: list[ThreadSafetyViolation] = []
    detector = ThreadDetector(report=found.append)

    class Book:
        pass

    book = Book()
    record = detector.watch(book, "order book")
    detector.touch(book, "add")
    assert found == [] and list(record.touched_by.values()) == ["MainThread"]
    assert run_in_thread(lambda: detector.touch(book, "cancel"), name="strategy") is None
    assert len(found) == 1 and "used by thread 'strategy' in cancel() at" in str(found[0])
    assert "made by 'MainThread'" in record.describe() and "'strategy'" in record.describe()
    shared = Book()
    detector.watch(shared, "shared", single_threaded=False)
    assert run_in_thread(lambda: detector.touch(shared)) is None
    assert len(found) == 1


def test_thread_detector_raises_without_a_reporter() -> None:
    detector = ThreadDetector()
    token: object = object.__new__(type("Token", (), {}))
    detector.watch(token)
    assert isinstance(run_in_thread(lambda: detector.touch(token)), ThreadSafetyViolation)


def test_public_names_are_exported_once() -> None:
    for name in runtime.__all__:
        assert getattr(runtime, name) is not None
        assert not name.startswith("_")
    assert len(set(runtime.__all__)) == len(runtime.__all__)
    from admf_tsan import errors

    assert runtime.LockOrderViolation is errors.LockOrderViolation
    assert runtime.BlockingCallError is errors.BlockingCallError
    assert runtime.DeadlockDetected is errors.DeadlockDetected
    assert runtime.ThreadSafetyViolation is errors.ThreadSafetyViolation


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_forked_child_keeps_only_its_own_bookkeeping() -> None:
    import os

    from admf_tsan.runtime._state import HELD_BY_THREAD, WAITS

    release = threading.Event()
    with checking(raise_on_violation=False) as report:
        lock = threading.Lock()
        waiter = threading.Thread(target=release.wait, args=(10,))
        waiter.start()
        with lock:
            pid = os.fork()
            if pid == 0:  # the child: one thread, which holds `lock`
                clean = list(WAITS) == [] and list(HELD_BY_THREAD) == [threading.get_ident()]
                os._exit(0 if clean and held_locks() == [lock] else 1)
        release.set()
        waiter.join(10)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert report.ok, report.format()


def test_a_violation_raised_in_a_worker_is_raised_again_when_the_block_ends() -> None:
    def nest(first: threading.Lock, second: threading.Lock) -> None:
        with first:
            with second:
                pass

    report = None
    with pytest.raises(LockOrderViolation) as raised:
        with checking(watchdog=False) as report:
            locks = [threading.Lock() for _ in range(2)]  # one site: one lock class
            assert run_in_thread(lambda: nest(locks[0], locks[1]), name="first") is None
            in_worker = run_in_thread(lambda: nest(locks[1], locks[0]), name="second")
            assert isinstance(in_worker, LockOrderViolation)  # the worker still sees it
    message = str(raised.value)
    assert message.startswith("lock-order found on thread 'second', where it was raised too")
    assert "were acquired in both orders" in message
    assert raised.value.__cause__ is in_worker
    assert report is not None and len(report.findings) == 1
    statistics = report.statistics()
    assert statistics.lock_classes == 1 and statistics.lock_order_edges == 2


def test_a_violation_caught_in_the_blocks_own_thread_is_not_raised_again() -> None:
    with checking(watchdog=False) as report:
        lock_a = threading.Lock()
        lock_b = threading.Lock()
        with lock_a, lock_b:
            pass
        with pytest.raises(LockOrderViolation):
            with lock_b, lock_a:
                pass
    assert len(report.findings) == 1
    assert report.statistics().lock_classes == 2 and report.statistics().lock_order_edges == 2
