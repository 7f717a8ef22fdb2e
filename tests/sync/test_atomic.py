"""AtomicCounter and LazyInitializer: exact results under real contention."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from admf_tsan import AtomicCounter, LazyInitializer, ThreadSafetyFactory, use_context
from admf_tsan.sync import LocalCounter, LocalLazy


def _run_threads(target: Callable[..., object], count: int, *args: object) -> None:
    threads = [threading.Thread(target=target, args=args) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "worker threads hung"


@pytest.mark.timeout(180)
@pytest.mark.parametrize("mode", ["multi", "auto"])
def test_eight_threads_times_100k_increments_end_at_800k(mode: str) -> None:
    with use_context(mode):
        counter = ThreadSafetyFactory().counter()
    barrier = threading.Barrier(8)
    returned: list[list[int]] = []

    def work() -> None:
        mine = []
        barrier.wait(timeout=10)
        for _ in range(100_000):
            mine.append(counter.increment())
        returned.append(mine)

    _run_threads(work, 8)
    assert counter.get() == 800_000
    # increment() hands every caller a distinct value: no two calls saw the same result
    assert len({value for mine in returned for value in mine}) == 800_000


@pytest.mark.timeout(60)
def test_compare_and_set_admits_exactly_one_winner_per_value() -> None:
    counter = AtomicCounter()
    wins = AtomicCounter()
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait(timeout=10)
        for _ in range(2_000):
            current = counter.get()
            if counter.compare_and_set(current, current + 1):
                wins.increment()

    _run_threads(work, 8)
    assert counter.get() == wins.get() > 0


@pytest.mark.parametrize("cls", [AtomicCounter, LocalCounter])
def test_counter_api(cls: type[AtomicCounter] | type[LocalCounter]) -> None:
    counter = cls(5)
    assert counter.increment() == 6 and counter.add(4) == 10 and counter.decrement(3) == 7
    assert counter.compare_and_set(7, 1) and not counter.compare_and_set(7, 2)
    assert counter.get_and_set(9) == 1 and int(counter) == 9
    assert repr(counter) == f"<{cls.__name__} 9>"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["multi", "auto"])
def test_lazy_initializer_runs_once_under_16_threads(mode: str) -> None:
    calls = AtomicCounter()
    inside = threading.Event()

    def expensive() -> object:
        calls.increment()
        inside.set()
        return object()

    with use_context(mode):
        lazy = ThreadSafetyFactory().lazy(expensive)
    barrier = threading.Barrier(16)
    values: list[object] = []

    def work() -> None:
        barrier.wait(timeout=10)
        values.append(lazy.value)

    _run_threads(work, 16)
    assert calls.get() == 1 and inside.is_set()
    assert len(values) == 16 and all(value is values[0] for value in values)


@pytest.mark.parametrize("cls", [LazyInitializer, LocalLazy])
def test_a_failing_initializer_is_not_cached(
    cls: type[LazyInitializer[str]] | type[LocalLazy[str]],
) -> None:
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionError(f"attempt {len(attempts)}")
        return "ready"

    lazy = cls(flaky)
    for expected in ("attempt 1", "attempt 2"):
        with pytest.raises(ConnectionError, match=expected):
            lazy.value
        assert not lazy.initialized
    assert lazy.value == "ready" and lazy.value == "ready" and len(attempts) == 3
    assert "ready" in repr(lazy)


def test_lazy_initializer_rejects_non_callables() -> None:
    with pytest.raises(TypeError, match="needs a callable"):
        LazyInitializer(42)  # type: ignore[arg-type]
