"""AsyncEventBus: exactly-once ordered delivery under load, back-pressure, draining, isolation."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import threading
from collections.abc import Callable
from typing import Any

import pytest

from admf_tsan import ThreadingMode, current_context, use_context
from admf_tsan.aio import (
    AsyncEventBus,
    BusClosedError,
    BusFullError,
    BusNotRunningError,
)
from admf_tsan.errors import BlockingCallError, ThreadSafetyViolation
from admf_tsan.events import HandlerError, HandlersFailed

from ._util import async_test

WAIT = 10.0  # seconds: the most any single wait in these tests may take before it fails


async def wait_in_thread(event: threading.Event) -> bool:
    return await asyncio.to_thread(event.wait, WAIT)


@pytest.mark.timeout(90)
@pytest.mark.parametrize("handler_kind", ["async", "sync"])
@async_test
async def test_50k_events_from_tasks_and_threads_arrive_once_each_in_producer_order(
    handler_kind: str,
) -> None:
    bus = AsyncEventBus(64)
    seen: dict[str, list[int]] = {}
    max_blocked = 0

    def record(event: tuple[str, int]) -> None:
        producer, number = event
        seen.setdefault(producer, []).append(number)

    async def async_handler(event: tuple[str, int]) -> None:
        nonlocal max_blocked
        max_blocked = max(max_blocked, bus.statistics().blocked_publishers)
        record(event)

    bus.subscribe("tick", async_handler if handler_kind == "async" else record)
    per_producer = 50_000 // 6
    start_line = threading.Barrier(3, timeout=WAIT)  # two threads and the loop

    async def task_producer(name: str) -> None:
        for number in range(per_producer):
            await bus.publish("tick", (name, number))

    def thread_producer(name: str) -> None:
        start_line.wait()
        for number in range(per_producer):
            bus.publish_threadsafe("tick", (name, number), timeout=WAIT)

    async with bus:
        threads = [threading.Thread(target=thread_producer, args=(f"thread-{i}",)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        await asyncio.to_thread(start_line.wait)
        await asyncio.gather(*(task_producer(f"task-{i}") for i in range(4)))
        for thread in threads:
            await asyncio.to_thread(thread.join, WAIT)
            assert not thread.is_alive()
    assert sorted(seen) == ["task-0", "task-1", "task-2", "task-3", "thread-0", "thread-1"]
    for producer, numbers in seen.items():
        assert numbers == list(range(per_producer)), f"{producer} lost, repeated or reordered"
    stats = bus.statistics()
    assert stats.published == stats.dispatched == stats.delivered == 6 * per_producer
    assert stats.queued == 0 and stats.failed == 0 and stats.state == "stopped"
    if handler_kind == "async":
        assert max_blocked >= 1, "a queue of 64 under 6 producers should have pushed back"


@async_test
async def test_publish_waits_for_room_and_publish_nowait_raises_when_full() -> None:
    bus = AsyncEventBus(2)
    bus.publish_nowait("x", 1)
    bus.publish_nowait("x", 2)
    with pytest.raises(BusFullError, match="full") as info:
        bus.publish_nowait("x", 3)
    assert isinstance(info.value, asyncio.QueueFull)
    blocked = asyncio.create_task(bus.publish("x", 3))
    await asyncio.sleep(0)
    assert not blocked.done() and bus.statistics().blocked_publishers == 1
    seen: list[int] = []
    bus.subscribe("x", seen.append)
    await bus.start()
    await asyncio.wait_for(blocked, WAIT)
    await bus.stop()
    assert seen == [1, 2, 3]


@async_test
async def test_stop_delivers_every_queued_event_and_lets_waiting_publishers_in() -> None:
    bus = AsyncEventBus(8)
    delivered: list[tuple[int, int]] = []
    release = asyncio.Event()

    async def slow(event: tuple[int, int]) -> None:
        await release.wait()
        delivered.append(event)

    bus.subscribe("e", slow)
    await bus.start()
    accepted: list[tuple[int, int]] = []
    refused: list[tuple[int, int]] = []

    async def producer(name: int) -> None:
        for number in range(50):
            try:
                await bus.publish("e", (name, number))
            except BusClosedError:
                refused.append((name, number))
                return
            accepted.append((name, number))

    producers = [asyncio.create_task(producer(i)) for i in range(3)]
    while bus.statistics().blocked_publishers < 3:
        await asyncio.sleep(0)
    stopping = asyncio.create_task(bus.stop())
    await asyncio.sleep(0)
    with pytest.raises(BusClosedError, match="stopping"):
        await bus.publish("e", ("late", 0))
    release.set()
    await asyncio.wait_for(stopping, WAIT)
    await asyncio.wait_for(asyncio.gather(*producers), WAIT)
    assert sorted(delivered) == sorted(accepted)
    assert len(delivered) == len(set(delivered))
    assert len(refused) == 3, "every producer's next publish after stop() is refused"
    assert not set(refused) & set(delivered)
    assert bus.statistics().queued == 0


@pytest.mark.timeout(60)
@async_test
async def test_a_cancelled_publisher_loses_nothing_it_already_published() -> None:
    bus = AsyncEventBus(4)
    delivered: dict[int, list[int]] = {}

    async def handler(event: tuple[int, int]) -> None:
        producer, number = event
        delivered.setdefault(producer, []).append(number)
        await asyncio.sleep(0)

    bus.subscribe("e", handler)
    accepted: dict[int, list[int]] = {i: [] for i in range(6)}

    async def producer(name: int) -> None:
        for number in range(10_000):
            await bus.publish("e", (name, number))
            accepted[name].append(number)

    async with bus:
        producers = [asyncio.create_task(producer(i)) for i in range(6)]
        for round_ in range(6):
            # Cancel one producer at a time, at whatever point it has reached.
            while bus.statistics().dispatched < 300 * (round_ + 1):
                await asyncio.sleep(0)
            producers[round_].cancel()
        results = await asyncio.gather(*producers, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
    for name in range(6):
        assert delivered.get(name, []) == accepted[name]
        assert len(accepted[name]) < 10_000


@pytest.mark.timeout(60)
@async_test
async def test_stop_finishes_delivery_when_every_task_was_cancelled_mid_event() -> None:
    bus = AsyncEventBus(16)
    seen_async: list[int] = []
    seen_sync: list[int] = []

    async def async_handler(event: int) -> None:
        seen_async.append(event)
        await asyncio.sleep(0)

    bus.subscribe("e", async_handler)
    bus.subscribe("e", seen_sync.append)
    accepted: list[int] = []
    await bus.start()

    async def producer() -> None:
        for number in range(2_000):
            await bus.publish("e", number)
            accepted.append(number)

    task = asyncio.create_task(producer())
    while bus.statistics().dispatched < 200:
        await asyncio.sleep(0)
    # What a shutdown that cancels every task does to the bus's dispatcher.
    for other in asyncio.all_tasks():
        if other is not asyncio.current_task():
            other.cancel()
    await asyncio.wait([task], timeout=WAIT)
    assert bus.statistics().dispatched < len(accepted), "the dispatcher died with work left"
    await bus.stop()
    assert seen_async == accepted, "each accepted event reached the async handler once, in order"
    assert seen_sync == accepted, "each accepted event reached the sync handler once, in order"
    assert 200 <= len(accepted) < 2_000


@async_test
async def test_a_failing_handler_never_stops_the_others(caplog: pytest.LogCaptureFixture) -> None:
    reported: list[HandlerError] = []
    bus = AsyncEventBus(8, on_error=reported.append)
    seen: list[tuple[str, int]] = []

    async def async_ok(event: int) -> None:
        seen.append(("async", event))

    async def async_bad(event: int) -> None:
        raise KeyError(event)

    def sync_bad(event: int) -> None:
        raise ZeroDivisionError(event)

    bus.subscribe("e", async_ok)
    bus.subscribe("e", sync_bad)
    bus.subscribe("e", async_bad)
    bus.subscribe("e", lambda event: seen.append(("sync", event)))
    with caplog.at_level(logging.ERROR, logger="admf_tsan.aio"):
        async with bus:
            for number in range(20):
                await bus.publish("e", number)
    assert seen == [(kind, n) for n in range(20) for kind in ("async", "sync")]
    stats = bus.statistics()
    assert (stats.delivered, stats.failed) == (40, 40)
    assert len(reported) == 40 and len(bus.errors) == 40
    assert {type(r.exception) for r in reported} == {KeyError, ZeroDivisionError}
    assert "ZeroDivisionError" in caplog.text and "KeyError" in caplog.text


@async_test
async def test_raise_policy_raises_the_failures_from_stop_after_delivering_everything() -> None:
    bus = AsyncEventBus(4, error_policy="raise")
    seen: list[int] = []
    bus.subscribe("e", lambda event: 1 / 0 if event % 2 else None)
    bus.subscribe("e", seen.append)
    await bus.start()
    for number in range(6):
        await bus.publish("e", number)
    with pytest.raises(HandlersFailed) as info:
        await bus.stop()
    assert seen == list(range(6))
    assert [type(e) for e in info.value.exceptions] == [ZeroDivisionError] * 3
    assert [f.event for f in info.value.errors] == [1, 3, 5]
    await bus.stop()  # reported once; a second stop is quiet


@async_test
async def test_collect_policy_keeps_failures_quietly(caplog: pytest.LogCaptureFixture) -> None:
    bus = AsyncEventBus(4, error_policy="collect", max_errors=2)

    async def bad(event: int) -> None:
        raise ValueError(event)

    bus.subscribe("e", bad)
    with caplog.at_level(logging.ERROR, logger="admf_tsan.aio"):
        async with bus:
            for number in range(5):
                await bus.publish("e", number)
    assert caplog.text == ""
    assert [e.event for e in bus.errors] == [3, 4]
    assert bus.statistics().failed == 5


@pytest.mark.timeout(30)
@async_test
async def test_a_blocking_sync_handler_does_not_block_the_loop() -> None:
    bus = AsyncEventBus(4)
    released = threading.Event()
    handler_started = threading.Event()
    ticks = 0

    def blocking_handler(event: int) -> None:
        handler_started.set()
        # Only the loop can set `released`; if this ran on the loop, it would never be set.
        assert released.wait(WAIT), "the loop was blocked by a sync handler"

    bus.subscribe("e", blocking_handler)
    async with bus:
        await bus.publish("e", 1)
        assert await wait_in_thread(handler_started)
        for _ in range(100):
            ticks += 1
            await asyncio.sleep(0)
        released.set()
    assert ticks == 100 and bus.statistics().failed == 0


@async_test
async def test_handlers_run_in_the_context_of_the_task_that_started_the_bus() -> None:
    bus = AsyncEventBus(4)
    modes: list[tuple[str, ThreadingMode]] = []

    async def async_handler(event: object) -> None:
        modes.append(("async", current_context().threading_mode))

    def sync_handler(event: object) -> None:
        modes.append(("sync", current_context().threading_mode))

    bus.subscribe("e", async_handler)
    bus.subscribe("e", sync_handler)
    with use_context(ThreadingMode.ASYNC):
        await bus.start()
    with use_context(ThreadingMode.SINGLE_THREADED):
        await bus.publish("e")
    await bus.stop()
    assert modes == [("async", ThreadingMode.ASYNC), ("sync", ThreadingMode.ASYNC)]


@async_test
async def test_subscriptions_order_duplicates_unsubscribe_and_async_callables() -> None:
    bus = AsyncEventBus(4)
    seen: list[str] = []

    class AsyncCallable:
        async def __call__(self, event: object) -> None:
            seen.append("callable")

    def first(event: object) -> None:
        seen.append("first")

    def leaves(event: object) -> None:
        seen.append("leaves")
        assert bus.unsubscribe("e", leaves)

    callable_handler = AsyncCallable()
    assert bus.subscribe("e", first) is first
    bus.subscribe("e", callable_handler)
    bus.subscribe("e", leaves)
    bus.subscribe("e", first)
    assert bus.subscribers("e") == (first, callable_handler, leaves)
    async with bus:
        await bus.publish("e")
        await bus.join()
        await bus.publish("e")
    assert seen == ["first", "callable", "leaves", "first", "callable"]
    assert not bus.unsubscribe("e", leaves)
    assert not bus.unsubscribe("nothing", first)
    with pytest.raises(TypeError, match="callable"):
        bus.subscribe("e", 42)  # type: ignore[arg-type]  # the error path under test


@async_test
async def test_a_sync_handler_returning_a_coroutine_is_reported_not_dropped_silently() -> None:
    bus = AsyncEventBus(4, error_policy="collect")

    async def work(event: object) -> None:
        raise AssertionError("never awaited")

    bus.subscribe("e", lambda event: work(event))
    async with bus:
        await bus.publish("e")
    [failure] = bus.errors
    assert isinstance(failure.exception, TypeError)
    assert "async def" in str(failure.exception)


@pytest.mark.timeout(30)
@async_test
async def test_publish_threadsafe_blocks_then_withdraws_on_timeout() -> None:
    bus = AsyncEventBus(1, error_policy="collect")
    gate = asyncio.Event()
    delivered: list[str] = []

    async def gated(event: str) -> None:
        await gate.wait()
        delivered.append(event)

    bus.subscribe("e", gated)
    await bus.start()
    await bus.publish("e", "first")  # taken by the dispatcher, which waits at the gate
    while bus.statistics().queued:
        await asyncio.sleep(0)
    await bus.publish("e", "second")  # fills the queue

    def thread_body() -> list[str]:
        outcomes: list[str] = []
        for timeout in (0, 0.05):
            try:
                bus.publish_threadsafe("e", f"timed-out-{timeout}", timeout=timeout)
            except BusFullError as exc:
                outcomes.append(str(exc))
        return outcomes

    outcomes = await asyncio.to_thread(thread_body)
    assert len(outcomes) == 2 and all("not published" in o for o in outcomes)
    assert bus.statistics().blocked_publishers == 0
    waiting_thread = asyncio.create_task(
        asyncio.to_thread(bus.publish_threadsafe, "e", "third", timeout=WAIT)
    )
    while bus.statistics().blocked_publishers == 0:
        await asyncio.sleep(0)
    gate.set()
    await asyncio.wait_for(waiting_thread, WAIT)
    await bus.stop()
    assert delivered == ["first", "second", "third"]


@async_test
async def test_wrong_thread_and_wrong_state_calls_are_clear_errors() -> None:
    bus = AsyncEventBus(4)
    with pytest.raises(BusNotRunningError, match="start"):
        bus.publish_threadsafe("e", 1)  # noqa: ADMF120 - refusing this call is the test
    with pytest.raises(BusNotRunningError, match="start"):
        await bus.join()
    await bus.start()
    with pytest.raises(RuntimeError, match="already running"):
        await bus.start()
    with pytest.raises(BlockingCallError, match="deadlock"):
        bus.publish_threadsafe("e", 1)  # noqa: ADMF120 - refusing this call is the test

    def from_thread() -> None:
        with pytest.raises(ThreadSafetyViolation, match="publish_threadsafe"):
            bus.publish_nowait("e", 1)  # noqa: ADMF305 - the test checks the wrong-thread call is a clear error
        with pytest.raises(ThreadSafetyViolation, match="publish_threadsafe"):
            asyncio.run(bus.publish("e", 1))  # another loop, in another thread

    await asyncio.to_thread(from_thread)
    await asyncio.gather(bus.stop(), bus.stop())
    await bus.stop()
    with pytest.raises(BusClosedError, match="stopped"):
        bus.publish_nowait("e", 1)
    with pytest.raises(BusClosedError, match="stopped"):
        await bus.publish("e", 1)
    with pytest.raises(BusClosedError, match="restarted"):
        await bus.start()
    with pytest.raises(BusClosedError):
        await asyncio.to_thread(bus.publish_threadsafe, "e", 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"maxsize": 0}, "maxsize"),
        ({"maxsize": True}, "maxsize"),
        ({"maxsize": 2.5}, "maxsize"),
        ({"error_policy": "ignore"}, "error_policy"),
        ({"max_errors": -1}, "max_errors"),
    ],
)
def test_bad_arguments_are_clear_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AsyncEventBus(**kwargs)


@async_test
async def test_statistics_is_a_frozen_snapshot_and_repr_shows_state() -> None:
    bus = AsyncEventBus(3, name="quotes")
    bus.subscribe("e", lambda event: None)
    bus.publish_nowait("e")
    stats = bus.statistics()
    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.queued = 0  # type: ignore[misc]
    assert (stats.state, stats.queued, stats.maxsize, stats.published) == ("created", 1, 3, 1)
    assert (stats.event_types, stats.subscriptions) == (1, 1)
    assert repr(bus).startswith("<quotes created, 1/3 queued")
    await bus.stop()  # stopping a bus that never started delivers what it holds
    assert bus.statistics().dispatched == 1 and "stopped" in repr(bus)


@async_test
async def test_join_waits_for_delivery_and_the_bus_keeps_running() -> None:
    bus = AsyncEventBus(8)
    seen: list[int] = []

    async def handler(event: int) -> None:
        await asyncio.sleep(0)
        seen.append(event)

    bus.subscribe("e", handler)
    async with bus:
        for number in range(30):
            await bus.publish("e", number)
        await bus.join()
        assert seen == list(range(30))
        await bus.publish("e", 30)
    assert seen[-1] == 30


@pytest.mark.timeout(30)
@pytest.mark.parametrize("handler_kind", ["async", "sync"])
@async_test
async def test_handlers_publishing_into_a_full_bus_do_not_deadlock(handler_kind: str) -> None:
    bus = AsyncEventBus(1)
    derived: list[tuple[int, int]] = []
    orders: list[int] = []

    async def async_strategy(bar: int) -> None:
        for leg in range(3):
            await bus.publish("order", (bar, leg))
        bus.publish_nowait("order", (bar, 3))

    def sync_strategy(bar: int) -> None:
        for leg in range(4):
            bus.publish_threadsafe("order", (bar, leg))

    async def record(order: tuple[int, int]) -> None:
        derived.append(order)

    bus.subscribe("bar", async_strategy if handler_kind == "async" else sync_strategy)
    bus.subscribe("order", record)
    async with bus:
        for bar in range(200):
            await bus.publish("bar", bar)
            orders.append(bar)
    assert orders == list(range(200))
    assert derived == [(bar, leg) for bar in range(200) for leg in range(4)]
    stats = bus.statistics()
    assert stats.published == stats.dispatched == 200 * 5 and stats.failed == 0


@async_test
async def test_stop_or_join_awaited_inside_a_handler_is_an_error_not_a_deadlock() -> None:
    bus = AsyncEventBus(4, error_policy="collect")

    async def handler(event: str) -> None:
        await getattr(bus, event)()

    bus.subscribe("e", handler)
    async with bus:
        await bus.publish("e", "stop")
        await bus.publish("e", "join")
    assert [type(e.exception) for e in bus.errors] == [RuntimeError, RuntimeError]
    assert "asyncio.create_task(bus.stop())" in str(bus.errors[0].exception)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("seed", range(8))
@async_test
async def test_random_producers_handlers_cancellations_and_stop_keep_exactly_once(
    seed: int,
) -> None:
    """Whatever mix runs, each handler sees exactly the accepted events, in producer order."""
    rng = random.Random(seed)
    bus = AsyncEventBus(rng.choice([1, 2, 8, 64]), error_policy="collect")
    received: dict[str, list[tuple[str, int]]] = {}

    def make_handler(label: str) -> Callable[[tuple[str, int]], object]:
        received[label] = []
        if label.startswith("async"):

            async def async_handler(event: tuple[str, int]) -> None:
                received[label].append(event)
                if label.endswith("slow"):
                    await asyncio.sleep(0)
                if label.endswith("fail"):
                    raise RuntimeError(label)

            return async_handler

        def sync_handler(event: tuple[str, int]) -> None:
            received[label].append(event)
            if label.endswith("fail"):
                raise RuntimeError(label)

        return sync_handler

    labels = rng.sample(
        ["async", "async-slow", "async-fail", "sync", "sync-fail"], rng.randint(1, 4)
    )
    for label in labels:
        bus.subscribe("e", make_handler(label))
    accepted: dict[str, list[int]] = {}

    async def task_producer(name: str, count: int) -> None:
        accepted[name] = []
        for number in range(count):
            try:
                await bus.publish("e", (name, number))
            except BusClosedError:
                return
            accepted[name].append(number)

    def thread_producer(name: str, count: int) -> None:
        accepted[name] = []
        for number in range(count):
            try:
                bus.publish_threadsafe("e", (name, number), timeout=WAIT)
            except BusClosedError:
                return
            accepted[name].append(number)

    await bus.start()
    tasks = [
        asyncio.create_task(task_producer(f"task-{i}", rng.randint(0, 1500)))
        for i in range(rng.randint(1, 4))
    ]
    threads = [
        threading.Thread(target=thread_producer, args=(f"thread-{i}", rng.randint(0, 800)))
        for i in range(rng.randint(0, 2))
    ]
    for thread in threads:
        thread.start()
    for task in tasks:
        if rng.random() < 0.4:
            threshold = rng.randint(0, 1500)
            async with asyncio.timeout(WAIT):
                while bus.statistics().dispatched < threshold and not task.done():
                    await asyncio.sleep(0)
            task.cancel()
    if rng.random() < 0.5:
        threshold = rng.randint(0, 2000)
        async with asyncio.timeout(WAIT):
            while bus.statistics().dispatched < threshold and not all(t.done() for t in tasks):
                await asyncio.sleep(0)
    else:
        await asyncio.wait(tasks, timeout=WAIT)
        for thread in threads:
            await asyncio.to_thread(thread.join, WAIT)
    await bus.stop()
    await asyncio.wait(tasks, timeout=WAIT)
    for thread in threads:
        await asyncio.to_thread(thread.join, WAIT)
        assert not thread.is_alive()
    total = sum(len(numbers) for numbers in accepted.values())
    for label, events in received.items():
        for producer, numbers in accepted.items():
            got = [number for name, number in events if name == producer]
            assert got == numbers, f"seed {seed}: {label} vs {producer}"
        assert len(events) == total
    stats = bus.statistics()
    assert stats.published == stats.dispatched == total
    failing = sum(label.endswith("fail") for label in labels)
    assert stats.failed == failing * total


@pytest.mark.timeout(30)
@async_test
async def test_dispatcher_cancelled_while_a_sync_job_runs_neither_repeats_nor_loses_it() -> None:
    bus = AsyncEventBus(8)
    seen: list[int] = []
    in_handler = threading.Event()
    release = threading.Event()

    def handler(event: int) -> None:
        seen.append(event)
        if event == 0:
            in_handler.set()
            assert release.wait(WAIT)

    bus.subscribe("e", handler)
    await bus.start()
    for number in range(5):
        await bus.publish("e", number)
    assert await wait_in_thread(in_handler)
    for task in asyncio.all_tasks():  # the dispatcher is awaiting the running job
        if task is not asyncio.current_task():
            task.cancel()
    await asyncio.sleep(0)
    stopping = asyncio.create_task(bus.stop())
    await asyncio.sleep(0)
    assert not stopping.done()
    release.set()
    await asyncio.wait_for(stopping, WAIT)
    assert seen == [0, 1, 2, 3, 4]
    stats = bus.statistics()
    assert (stats.dispatched, stats.delivered, stats.failed) == (5, 5, 0)
