"""Watchdog: real deadlocks and stalls end with the wait-for graph, never a hung test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from admf_tsan.runtime import (
    DeadlockDetected,
    DeadlockReport,
    Watchdog,
    checking,
    format_wait_for_graph,
)

pytestmark = pytest.mark.timeout(60)

AB_BA = textwrap.dedent(
    """
    import threading
    cash_lock = threading.Lock()
    book_lock = threading.Lock()
    both_hold_one = threading.Barrier(2)

    def pay():
        with cash_lock:
            both_hold_one.wait()
            with book_lock:
                pass

    def book():
        with book_lock:
            both_hold_one.wait()
            with cash_lock:
                pass

    threads = [
        threading.Thread(target=pay, name="payer"),
        threading.Thread(target=book, name="booker"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("unreachable")
    """
)


def test_ab_ba_deadlock_under_admf_tsan_run_ends_with_the_wait_for_graph(tmp_path: Path) -> None:
    script = tmp_path / "deadlock.py"
    script.write_text(AB_BA)
    result = subprocess.run(
        [sys.executable, "-m", "admf_tsan.cli", "run", str(script)],
        capture_output=True,
        text=True,
        timeout=45,
        cwd=tmp_path,
    )
    assert result.returncode == 4, result.stderr
    assert "unreachable" not in result.stdout
    err = result.stderr
    assert "DeadlockDetected: deadlock: 2 threads wait for each other" in err
    # Locks are named as the script spells them.
    assert "thread 'payer' holds cash_lock, waits for book_lock (held by 'booker')" in err
    assert "thread 'booker' holds book_lock, waits for cash_lock (held by 'payer')" in err
    assert "cycle: 'payer' -> 'booker' -> 'payer'" in err or (
        "cycle: 'booker' -> 'payer' -> 'booker'" in err
    )
    assert "cash_lock = Lock@deadlock.py:3 (Lock created at deadlock.py:3" in err
    assert "with book_lock:" in err and "with cash_lock:" in err  # the stacks, user code only
    assert "LockOrderViolation: lock order inversion" in err
    assert "the watchdog ended the program (deadlock)" in err


def test_in_process_deadlock_reaches_the_callback_and_can_be_broken() -> None:
    reports: list[DeadlockReport] = []
    locks: list[threading.Lock] = []

    def break_it(deadlock: DeadlockReport) -> None:
        reports.append(deadlock)
        locks[0].release()  # a Lock may be released by any thread: the holder of b goes on

    with checking(raise_on_violation=False, lock_order=False, on_deadlock=break_it) as report:
        lock_a = threading.Lock()
        lock_b = threading.Lock()
        locks.append(lock_a)
        both_hold_one = threading.Barrier(2)

        def take(first: threading.Lock, second: threading.Lock) -> None:
            first.acquire()
            both_hold_one.wait(10)
            with second:
                pass
            if first is lock_b:  # lock_a was released for its holder by the callback
                first.release()

        one = threading.Thread(target=take, args=(lock_a, lock_b), name="one")
        two = threading.Thread(target=take, args=(lock_b, lock_a), name="two")
        one.start()
        two.start()
        two.join(20)
        one.join(20)
        assert not one.is_alive() and not two.is_alive()
    assert len(reports) == 1
    (deadlock,) = reports
    assert deadlock.kind == "deadlock" and set(deadlock.cycle) == {"one", "two"}
    assert "thread 'one' holds" in deadlock.graph and "thread 'two' holds" in deadlock.graph
    assert report.of_kind("deadlock")


def test_stall_without_a_cycle_is_reported_after_the_timeout() -> None:
    never_set = threading.Event()
    reports: list[DeadlockReport] = []

    def wake(stall: DeadlockReport) -> None:
        reports.append(stall)
        never_set.set()

    with checking(raise_on_violation=False, deadlock_timeout=0.3, on_deadlock=wake) as report:
        waiter = threading.Thread(target=never_set.wait, name="forgotten")
        waiter.start()
        waiter.join(20)
        assert not waiter.is_alive()
    assert [r.kind for r in reports] == ["stall"]
    assert (
        "thread 'forgotten' holds no instrumented lock, waits in Event.wait()" in reports[0].graph
    )
    assert report.of_kind("stall")


def test_undelivered_deadlock_is_raised_when_the_block_ends() -> None:
    never_set = threading.Event()
    with pytest.raises(DeadlockDetected, match="stall"):
        with checking(deadlock_timeout=0.2, on_deadlock=lambda stall: never_set.set()):
            waiter = threading.Thread(target=never_set.wait)
            waiter.start()
            waiter.join(20)


def test_standalone_watchdog_and_graph_text() -> None:
    assert "no thread is waiting" in format_wait_for_graph()
    release = threading.Event()
    seen: list[str] = []

    def on_deadlock(report: DeadlockReport) -> None:
        seen.append(format_wait_for_graph())
        release.set()

    with Watchdog(0.2, on_deadlock=on_deadlock) as watchdog:
        with checking(watchdog=False):  # instruments the waits; the watchdog above reads them
            waiter = threading.Thread(target=release.wait, name="sleeper")
            waiter.start()
            waiter.join(20)
    assert len(watchdog.reports) == 1
    assert "thread 'sleeper'" in seen[0]
    assert "Watchdog stopped" in repr(watchdog)


@pytest.mark.parametrize("timeout", [0, -1.0])
def test_watchdog_rejects_bad_timeouts(timeout: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        Watchdog(timeout)
    with pytest.raises(ValueError, match="positive"):
        with checking(deadlock_timeout=timeout):
            pass


def test_a_long_computation_is_progress_not_a_stall() -> None:
    reports: list[DeadlockReport] = []

    def compute() -> None:
        deadline = time.monotonic() + 1.0
        total = 0
        while time.monotonic() < deadline:
            total += 1

    def sleep_in_steps() -> None:
        for _ in range(10):
            time.sleep(0.1)

    with checking(deadlock_timeout=0.3, on_deadlock=reports.append) as report:
        for target in (compute, sleep_in_steps):
            worker = threading.Thread(target=target)
            worker.start()
            worker.join()  # without timeout, so that it could count as a stall
            assert not worker.is_alive()
    assert reports == [] and report.ok, report.format()


def test_format_thread_stacks_shows_every_thread_trimmed_to_user_code() -> None:
    from admf_tsan.runtime import format_thread_stacks

    parked = threading.Event()
    worker = threading.Thread(target=parked.wait, args=(10,), name="parked-worker")
    worker.start()
    try:
        text = format_thread_stacks()
    finally:
        parked.set()
        worker.join(10)
    assert "thread 'MainThread'" in text and "thread 'parked-worker'" in text
    assert "in test_format_thread_stacks_shows_every_thread_trimmed_to_user_code" in text


def test_timed_waits_are_not_a_stall() -> None:
    reports: list[DeadlockReport] = []
    stop = threading.Event()
    with checking(deadlock_timeout=0.2, on_deadlock=reports.append) as report:
        timer = threading.Thread(target=stop.wait, args=(0.8,), name="timer")
        timer.start()
        loop_done = threading.Event()

        def idle_loop() -> None:
            import asyncio

            asyncio.run(asyncio.sleep(0.6))  # the loop idles in select: not an instrumented wait
            loop_done.set()

        idle = threading.Thread(target=idle_loop)
        idle.start()
        idle.join(20)
        assert loop_done.is_set()
        stop.set()
        timer.join(20)
    assert reports == [] and report.ok, report.format()
