"""A thread and an event loop waiting for each other is a deadlock, reported at once."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading

import pytest

from admf_tsan.runtime import DeadlockReport, checking

pytestmark = pytest.mark.timeout(60)

# Far above the two looks a cycle needs: a report of kind "stall" means the cycle was missed.
STALL_LIMIT = 20.0


def test_the_loop_thread_waiting_for_its_own_coroutine_is_a_deadlock() -> None:
    pending: list[concurrent.futures.Future[None]] = []
    reports: list[DeadlockReport] = []

    def break_it(deadlock: DeadlockReport) -> None:
        reports.append(deadlock)
        pending[0].cancel()  # wakes the loop thread: result() raises CancelledError

    async def main() -> str:
        loop = asyncio.get_running_loop()
        future = asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop)
        pending.append(future)
        try:
            future.result()  # noqa: ADMF108 - the deadlock under test
        except concurrent.futures.CancelledError:
            return "woken"
        return "ran"

    with checking(
        raise_on_violation=False,
        blocking=False,
        deadlock_timeout=STALL_LIMIT,
        on_deadlock=break_it,
    ) as report:
        outcome = asyncio.run(main())
    assert outcome == "woken"
    assert [r.kind for r in reports] == ["deadlock"]
    (deadlock,) = reports
    assert "waits for a coroutine that only its own event loop can run" in deadlock.summary
    assert "for a coroutine on its own event loop" in deadlock.graph
    assert "future.result()" in deadlock.text  # the stack shows the user's line
    assert report.of_kind("deadlock")


def test_a_thread_holding_a_lock_the_loop_needs_while_waiting_for_the_loop() -> None:
    pending: list[concurrent.futures.Future[None]] = []
    reports: list[DeadlockReport] = []
    outcome: list[str] = []

    def break_it(deadlock: DeadlockReport) -> None:
        reports.append(deadlock)
        pending[0].cancel()  # the worker stops waiting and releases the lock

    async def main() -> None:
        loop = asyncio.get_running_loop()
        quotes_lock = threading.Lock()

        async def needs_the_lock() -> None:
            with quotes_lock:  # noqa: ADMF105 - on the loop thread, on purpose
                pass

        def worker() -> None:
            with quotes_lock:
                future = asyncio.run_coroutine_threadsafe(needs_the_lock(), loop)
                pending.append(future)
                try:
                    future.result()
                    outcome.append("ran")
                except concurrent.futures.CancelledError:
                    outcome.append("woken")

        thread = threading.Thread(target=worker, name="pricer")
        thread.start()
        await asyncio.to_thread(thread.join, 30)

    with checking(
        raise_on_violation=False,
        blocking=False,
        deadlock_timeout=STALL_LIMIT,
        on_deadlock=break_it,
    ):
        asyncio.run(main())
    assert outcome == ["woken"]
    assert [r.kind for r in reports] == ["deadlock"]
    graph = reports[0].graph
    assert "thread 'MainThread' holds no instrumented lock, waits for quotes_lock" in graph
    assert "(held by 'pricer')" in graph
    assert "thread 'pricer' holds quotes_lock, waits in Future.result()" in graph
    assert "for a coroutine on the event loop of thread 'MainThread'" in graph
