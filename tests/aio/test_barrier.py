"""AsyncEventBarrier: N tasks meet, generation after generation; cancellation and breaking."""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections.abc import Callable

import pytest

from admf_tsan.aio import AsyncEventBarrier, BrokenBarrierError

from ._util import async_test

WAIT = 10.0


async def until(condition: Callable[[], object]) -> None:
    """Yield to the loop until ``condition()`` holds (bounded, so a bug fails, not hangs)."""
    async with asyncio.timeout(WAIT):
        while not condition():
            await asyncio.sleep(0)


@async_test
async def test_parties_are_released_together_with_distinct_arrival_indexes() -> None:
    barrier = AsyncEventBarrier(4)
    indexes = await asyncio.wait_for(asyncio.gather(*(barrier.wait() for _ in range(4))), WAIT)
    assert sorted(indexes) == [0, 1, 2, 3]
    assert (barrier.generation, barrier.n_waiting, barrier.broken) == (1, 0, False)


@pytest.mark.timeout(60)
@async_test
async def test_reusable_across_generations_and_no_task_runs_ahead() -> None:
    parties, rounds = 5, 200
    barrier = AsyncEventBarrier(parties)
    arrived = [0] * rounds
    rng = random.Random(1234)

    async def worker() -> None:
        for round_ in range(rounds):
            for _ in range(rng.randrange(3)):
                await asyncio.sleep(0)  # jitter: arrive in a different order each round
            arrived[round_] += 1
            index = await barrier.wait()
            assert 0 <= index < parties
            # Nobody leaves round r before everyone reached it.
            assert arrived[round_] == parties

    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(parties))), WAIT * 3)
    assert barrier.generation == rounds


@async_test
async def test_a_cancelled_waiter_withdraws_without_breaking_the_generation() -> None:
    barrier = AsyncEventBarrier(3)
    first = asyncio.create_task(barrier.wait())
    quitter = asyncio.create_task(barrier.wait())
    await until(lambda: barrier.n_waiting == 2)
    quitter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await quitter
    assert barrier.n_waiting == 1 and not barrier.broken and barrier.generation == 0
    late = [asyncio.create_task(barrier.wait()) for _ in range(2)]
    await until(lambda: barrier.generation == 1)
    results = await asyncio.wait_for(asyncio.gather(first, *late), WAIT)
    assert sorted(results) == [0, 1, 2]
    assert barrier.n_waiting == 0


@async_test
async def test_a_waiter_cancelled_after_the_trip_counts_as_passed() -> None:
    barrier = AsyncEventBarrier(2)
    waiter = asyncio.create_task(barrier.wait())
    await until(lambda: barrier.n_waiting == 1)
    assert await barrier.wait() == 1  # trips the barrier; `waiter` is released, not resumed
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert (barrier.generation, barrier.n_waiting) == (1, 0)
    # The next generation is a clean one.
    assert sorted(await asyncio.gather(barrier.wait(), barrier.wait())) == [0, 1]
    assert barrier.generation == 2


@pytest.mark.timeout(60)
@async_test
async def test_random_cancellations_never_corrupt_the_count() -> None:
    barrier = AsyncEventBarrier(3)
    rng = random.Random(99)
    for _ in range(200):
        tasks = [asyncio.create_task(barrier.wait()) for _ in range(rng.randrange(1, 3))]
        await until(lambda: barrier.n_waiting == len(tasks))
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        assert barrier.n_waiting == 0
    assert barrier.generation == 0
    assert sorted(await asyncio.gather(*(barrier.wait() for _ in range(3)))) == [0, 1, 2]


@async_test
async def test_abort_breaks_current_and_future_waits_until_reset() -> None:
    barrier = AsyncEventBarrier(3)
    waiters = [asyncio.create_task(barrier.wait()) for _ in range(2)]
    await until(lambda: barrier.n_waiting == 2)
    barrier.abort()
    for outcome in await asyncio.gather(*waiters, return_exceptions=True):
        assert isinstance(outcome, BrokenBarrierError)
        assert isinstance(outcome, asyncio.BrokenBarrierError)
    with pytest.raises(BrokenBarrierError, match="reset"):
        await barrier.wait()
    assert barrier.broken and "broken" in repr(barrier)
    barrier.reset()
    assert not barrier.broken
    assert sorted(await asyncio.gather(*(barrier.wait() for _ in range(3)))) == [0, 1, 2]


@async_test
async def test_reset_releases_waiters_with_an_error_and_keeps_the_barrier_usable() -> None:
    barrier = AsyncEventBarrier(2)
    waiter = asyncio.create_task(barrier.wait())
    await until(lambda: barrier.n_waiting == 1)
    barrier.reset()
    with pytest.raises(BrokenBarrierError, match="reset"):
        await waiter
    assert sorted(await asyncio.gather(barrier.wait(), barrier.wait())) == [0, 1]


@async_test
async def test_one_party_barrier_never_waits() -> None:
    barrier = AsyncEventBarrier(1)
    assert [await barrier.wait() for _ in range(3)] == [0, 0, 0]
    assert barrier.generation == 3


@pytest.mark.parametrize("parties", [0, -1, 2.0, True, "3"])
def test_parties_must_be_a_positive_int(parties: object) -> None:
    with pytest.raises(ValueError, match="parties"):
        AsyncEventBarrier(parties)  # type: ignore[arg-type]  # the error path under test


@async_test
async def test_statistics_and_repr() -> None:
    barrier = AsyncEventBarrier(2)
    waiter = asyncio.create_task(barrier.wait())
    await until(lambda: barrier.n_waiting == 1)
    stats = barrier.statistics()
    assert (stats.parties, stats.n_waiting, stats.generation, stats.broken) == (2, 1, 0, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.parties = 3  # type: ignore[misc]
    assert repr(barrier) == "<AsyncEventBarrier 1/2 waiting, generation 0>"
    await barrier.wait()
    await waiter


def test_a_barrier_belongs_to_one_loop() -> None:
    barrier = AsyncEventBarrier(1)
    asyncio.run(barrier.wait())
    with pytest.raises(RuntimeError, match="another loop"):
        asyncio.run(barrier.wait())
