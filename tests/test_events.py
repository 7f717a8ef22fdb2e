"""EventBus: isolation of failing handlers, ordering, and safety under concurrent churn."""

from __future__ import annotations

import logging
import threading

import pytest

from admf_tsan import AtomicCounter, EventBus, HandlerError, HandlersFailed, ThreadSafeList


def test_delivery_order_is_subscription_order_and_duplicates_are_ignored() -> None:
    bus, seen = EventBus(), []
    first = bus.subscribe("tick", lambda e: seen.append(("a", e)))
    bus.subscribe("tick", lambda e: seen.append(("b", e)))
    bus.subscribe("tick", first)
    assert bus.publish("tick", 1) == 2
    assert seen == [("a", 1), ("b", 1)]
    assert bus.publish("other", 2) == 0


def test_a_failing_handler_never_stops_the_others(caplog: pytest.LogCaptureFixture) -> None:
    bus, seen = EventBus(), []
    bus.subscribe("fill", lambda e: seen.append(1))
    bus.subscribe("fill", lambda e: 1 / 0)
    bus.subscribe("fill", lambda e: seen.append(3))
    with caplog.at_level(logging.ERROR, logger="admf_tsan.events"):
        assert bus.publish("fill", "order-7") == 2
    assert seen == [1, 3]
    assert "ZeroDivisionError" in caplog.text
    [error] = bus.errors
    assert error.event == "order-7" and isinstance(error.exception, ZeroDivisionError)
    stats = bus.statistics()
    assert (stats.published, stats.delivered, stats.failed) == (1, 2, 1)


def test_raise_policy_runs_every_handler_then_raises_a_group() -> None:
    bus = EventBus(error_policy="raise")
    seen: list[int] = []
    bus.subscribe("x", lambda e: (_ for _ in ()).throw(KeyError("a")))
    bus.subscribe("x", seen.append)
    bus.subscribe("x", lambda e: (_ for _ in ()).throw(ValueError("b")))
    with pytest.raises(HandlersFailed) as info:
        bus.publish("x", 5)
    assert seen == [5]
    assert [type(e) for e in info.value.exceptions] == [KeyError, ValueError]
    assert len(info.value.errors) == 2


def test_collect_policy_does_not_log_and_on_error_sees_every_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reported: list[HandlerError] = []
    bus = EventBus(error_policy="collect", on_error=reported.append, max_errors=1)
    bus.subscribe("x", lambda e: 1 / 0)
    with caplog.at_level(logging.ERROR, logger="admf_tsan.events"):
        bus.publish("x")
        bus.publish("x")
    assert caplog.text == "" and len(reported) == 2 and len(bus.errors) == 1


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown error_policy 'loud'"):
        EventBus(error_policy="loud")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="handler must be callable"):
        EventBus().subscribe("x", 42)  # type: ignore[arg-type]


def test_subscribing_and_unsubscribing_from_inside_a_handler() -> None:
    bus = EventBus()
    seen: list[tuple[str, int]] = []

    def once(event: int) -> None:
        seen.append(("once", event))
        bus.unsubscribe("x", once)
        bus.subscribe("x", late)

    def late(event: int) -> None:
        seen.append(("late", event))

    bus.subscribe("x", once)
    bus.publish("x", 1)  # snapshot: `late` does not see the event it was added during
    bus.publish("x", 2)
    assert seen == [("once", 1), ("late", 2)]
    assert bus.unsubscribe("x", once) is False


@pytest.mark.timeout(120)
def test_concurrent_publish_subscribe_unsubscribe_never_drops_a_stable_delivery() -> None:
    bus = EventBus(error_policy="raise")
    received = AtomicCounter()
    errors: ThreadSafeList[BaseException] = ThreadSafeList()
    publishers, per_publisher, churners = 4, 5_000, 3
    stop = threading.Event()
    barrier = threading.Barrier(publishers + churners)

    def stable(event: int) -> None:
        received.increment()

    bus.subscribe("tick", stable)

    def publisher() -> None:
        barrier.wait(timeout=10)
        try:
            for i in range(per_publisher):
                bus.publish("tick", i)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def churner(index: int) -> None:
        barrier.wait(timeout=10)
        try:
            n = 0
            while not stop.is_set():
                handler = lambda e, n=n: None  # noqa: E731 - a fresh handler each time
                bus.subscribe("tick", handler)
                bus.subscribe(("other", index), handler)
                assert bus.unsubscribe("tick", handler)
                assert bus.unsubscribe(("other", index), handler)
                n += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=publisher) for _ in range(publishers)]
    threads += [threading.Thread(target=churner, args=(i,)) for i in range(churners)]
    for t in threads:
        t.start()
    for t in threads[:publishers]:
        t.join(100)
    stop.set()
    for t in threads[publishers:]:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    assert list(errors) == []
    assert received.get() == publishers * per_publisher
    stats = bus.statistics()
    assert stats.published == publishers * per_publisher
    assert stats.subscriptions == 1 and stats.failed == 0
