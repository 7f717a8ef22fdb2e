"""run_sync and to_thread: sync code calling into a loop, the loop calling out to threads."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import gc
import threading
import warnings
from collections.abc import Callable, Iterator

import pytest

from admf_tsan import ThreadingMode, current_context, use_context
from admf_tsan.aio import get_default_loop, run_sync, set_default_loop, to_thread
from admf_tsan.errors import BlockingCallError

from ._util import async_test

WAIT = 10.0
LoopInThread = tuple[asyncio.AbstractEventLoop, threading.Thread]
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


@pytest.fixture
def loop_in_thread() -> Iterator[LoopInThread]:
    """An event loop running forever in a worker thread, stopped and closed afterwards."""
    loop = asyncio.new_event_loop()
    running = threading.Event()
    loop.call_soon(running.set)
    thread = threading.Thread(target=loop.run_forever, name="loop-thread")
    thread.start()
    assert running.wait(WAIT)
    yield loop, thread
    loop.call_soon_threadsafe(loop.stop)
    thread.join(WAIT)
    assert not thread.is_alive()
    loop.close()


async def whoami(value: int) -> tuple[int, int, str]:
    await asyncio.sleep(0)
    return value, threading.get_ident(), request_id.get()


def test_from_plain_sync_code_it_runs_a_fresh_loop() -> None:
    value, thread_id, _ = run_sync(whoami(7))
    assert (value, thread_id) == (7, threading.get_ident())
    with pytest.raises(KeyError, match="boom"):
        run_sync(_raise(KeyError("boom")))


async def _raise(exc: BaseException) -> None:
    raise exc


async def _forever(cancelled: threading.Event) -> None:
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        cancelled.set()
        raise


def test_timeout_on_a_fresh_loop_cancels_the_coroutine() -> None:
    cancelled = threading.Event()
    with pytest.raises(TimeoutError):
        run_sync(_forever(cancelled), timeout=0.01)
    assert cancelled.is_set()


@pytest.mark.timeout(60)
def test_many_threads_submit_to_a_loop_running_in_another_thread(
    loop_in_thread: LoopInThread,
) -> None:
    loop, loop_thread = loop_in_thread
    results: dict[int, list[tuple[int, int, str]]] = {}
    start_line = threading.Barrier(8, timeout=WAIT)

    def caller(index: int) -> None:
        start_line.wait()
        request_id.set(f"caller-{index}")
        results[index] = [run_sync(whoami(n), loop=loop, timeout=WAIT) for n in range(100)]

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
        assert not thread.is_alive()
    for index, calls in results.items():
        assert [value for value, _, _ in calls] == list(range(100))
        assert {ident for _, ident, _ in calls} == {loop_thread.ident}, "ran on the loop thread"
        assert {rid for _, _, rid in calls} == {f"caller-{index}"}, "ContextVars followed"
    assert len(results) == 8


def test_the_registered_default_loop_is_used_without_loop_argument(
    loop_in_thread: LoopInThread,
) -> None:
    loop, loop_thread = loop_in_thread
    previous = set_default_loop(loop)
    try:
        assert get_default_loop() is loop
        _, ident, _ = run_sync(whoami(1))
        assert ident == loop_thread.ident
    finally:
        assert set_default_loop(previous) is loop
    with pytest.raises(TypeError, match="event loop"):
        set_default_loop("loop")  # type: ignore[arg-type]


def test_cross_thread_timeout_cancels_the_coroutine_on_its_loop(
    loop_in_thread: LoopInThread,
) -> None:
    loop, _ = loop_in_thread
    cancelled = threading.Event()
    with pytest.raises(TimeoutError, match="cancelled"):
        run_sync(_forever(cancelled), loop=loop, timeout=0.05)
    assert cancelled.wait(WAIT)


def test_a_coroutine_cancelled_on_its_loop_raises_cancelled_in_the_caller(
    loop_in_thread: LoopInThread,
) -> None:
    loop, _ = loop_in_thread

    async def cancel_myself() -> None:
        task = asyncio.current_task()
        assert task is not None
        task.cancel()
        await asyncio.sleep(0)

    with pytest.raises(concurrent.futures.CancelledError):
        run_sync(cancel_myself(), loop=loop, timeout=WAIT)


def _never_awaited_warnings(body: Callable[[], object]) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        body()
        gc.collect()
    return [w for w in caught if "never awaited" in str(w.message)]


@async_test
async def test_on_the_loop_thread_it_raises_instead_of_deadlocking() -> None:
    loop = asyncio.get_running_loop()

    def call_with_own_loop() -> None:
        with pytest.raises(BlockingCallError, match="deadlock"):
            run_sync(whoami(1), loop=loop)

    def call_without_loop() -> None:
        with pytest.raises(BlockingCallError, match="to_thread"):
            run_sync(whoami(1))

    assert _never_awaited_warnings(call_with_own_loop) == []
    assert _never_awaited_warnings(call_without_loop) == []
    # The same from a sync callback the loop runs (the classic hidden deadlock).
    outcome: asyncio.Future[BaseException] = loop.create_future()

    def callback() -> None:
        try:
            run_sync(whoami(2), loop=loop)
        except BlockingCallError as exc:
            outcome.set_result(exc)

    loop.call_soon(callback)  # noqa: ADMF121 - the test checks run_sync refuses to block the loop
    assert isinstance(await asyncio.wait_for(outcome, WAIT), BlockingCallError)


def test_a_loop_that_is_not_running_or_closed_is_a_clear_error() -> None:
    loop = asyncio.new_event_loop()
    try:
        with pytest.raises(RuntimeError, match="not running"):
            run_sync(whoami(1), loop=loop)
    finally:
        loop.close()
    with pytest.raises(RuntimeError, match="closed"):
        run_sync(whoami(1), loop=loop)
    previous = set_default_loop(asyncio.new_event_loop())
    try:
        with pytest.raises(RuntimeError, match="default loop"):
            run_sync(whoami(1))
    finally:
        unused = set_default_loop(previous)
        assert unused is not None
        unused.close()
    with pytest.raises(TypeError, match=r"run_sync\(fetch\(url\)\)"):
        run_sync(whoami)  # type: ignore[arg-type]


@async_test
async def test_to_thread_runs_off_the_loop_with_the_callers_context() -> None:
    loop_thread = threading.get_ident()
    request_id.set("from-task")

    def blocking(a: int, *, b: int) -> tuple[int, int, str]:
        return a + b, threading.get_ident(), request_id.get()

    total, ident, rid = await to_thread(blocking, 1, b=2)
    assert (total, rid) == (3, "from-task") and ident != loop_thread
    with use_context(ThreadingMode.SINGLE_THREADED):
        mode = await to_thread(lambda: current_context().threading_mode)
    assert mode is ThreadingMode.SINGLE_THREADED
    with pytest.raises(ValueError, match="bad"):
        await to_thread(_raise_sync, ValueError("bad"))
    with pytest.raises(TypeError, match="callable"):
        await to_thread(42)  # type: ignore[arg-type]


def _raise_sync(exc: BaseException) -> None:
    raise exc


@async_test
async def test_to_thread_uses_the_executor_it_is_given() -> None:
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="mine") as executor:
        name = await to_thread(lambda: threading.current_thread().name, executor=executor)
    assert name.startswith("mine")


@pytest.mark.timeout(60)
@async_test
async def test_round_trip_loop_to_thread_to_loop_does_not_deadlock() -> None:
    """A coroutine hands work to a thread, which calls back into the same loop."""
    loop = asyncio.get_running_loop()

    def worker(n: int) -> int:
        return run_sync(whoami(n), loop=loop, timeout=WAIT)[0] * 2

    results = await asyncio.gather(*(to_thread(worker, n) for n in range(20)))
    assert results == [n * 2 for n in range(20)]
