"""AsyncEventBus throughput against pyee's AsyncIOEventEmitter.

Run: python benchmarks/bench_aio.py   (writes the "aio" section of docs/benchmarks.md)

Each figure is events per second from publish of the first event to the last handler call of
the last one, the median of several repeats, every variant interleaved in one process run so
machine load affects them alike.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import write_section  # noqa: E402
from pyee.asyncio import AsyncIOEventEmitter  # noqa: E402

from admf_tsan.aio import AsyncEventBus  # noqa: E402

EVENTS = 20_000
REPEATS = 5
Run = Callable[[int, str], Awaitable[float]]


async def bus_run(handlers: int, kind: str, maxsize: int = 1024) -> float:
    """Seconds for AsyncEventBus to deliver EVENTS events to ``handlers`` handlers."""
    bus = AsyncEventBus(maxsize)
    calls = 0

    async def async_handler(event: int) -> None:
        nonlocal calls
        calls += 1

    def sync_handler(event: int) -> None:
        nonlocal calls
        calls += 1

    for _ in range(handlers):
        # A new function object each time: the bus ignores a handler subscribed twice.
        if kind == "async":
            bus.subscribe("tick", _async_wrapper(async_handler))
        else:
            bus.subscribe("tick", lambda event: sync_handler(event))
    await bus.start()
    started = time.perf_counter()
    for number in range(EVENTS):
        await bus.publish("tick", number)
    await bus.join()
    elapsed = time.perf_counter() - started
    await bus.stop()
    assert calls == EVENTS * handlers, (calls, EVENTS * handlers)
    return elapsed


def _async_wrapper(
    handler: Callable[[int], Awaitable[None]],
) -> Callable[[int], Awaitable[None]]:
    async def wrapper(event: int) -> None:
        await handler(event)

    return wrapper


async def pyee_run(handlers: int, kind: str) -> float:
    """Seconds for pyee's AsyncIOEventEmitter to run EVENTS events through ``handlers``."""
    emitter = AsyncIOEventEmitter()
    expected = EVENTS * handlers
    calls = 0
    finished = asyncio.Event()

    async def async_handler(event: int) -> None:
        nonlocal calls
        calls += 1
        if calls == expected:
            finished.set()

    def sync_handler(event: int) -> None:
        nonlocal calls
        calls += 1
        if calls == expected:
            finished.set()

    for _ in range(handlers):
        # A new function object each time, as for the bus (pyee keys handlers by identity).
        if kind == "async":
            emitter.on("tick", _async_wrapper(async_handler))
        else:
            emitter.on("tick", lambda event: sync_handler(event))
    started = time.perf_counter()
    for number in range(EVENTS):
        emitter.emit("tick", number)
        if number % 1024 == 0:
            await asyncio.sleep(0)  # an emitting task yields now and then, as a real one would
    await finished.wait()
    return time.perf_counter() - started


async def measure() -> dict[tuple[int, str], dict[str, float]]:
    cases = [(1, "async"), (10, "async"), (1, "sync"), (10, "sync")]
    runners: dict[str, Run] = {"bus": bus_run, "pyee": pyee_run}
    samples: dict[tuple[int, str], dict[str, list[float]]] = {
        case: {name: [] for name in runners} for case in cases
    }
    for _ in range(REPEATS):
        for case in cases:
            for name, runner in runners.items():
                samples[case][name].append(await runner(*case))
    return {
        case: {name: EVENTS / statistics.median(times) for name, times in per_runner.items()}
        for case, per_runner in samples.items()
    }


def main() -> None:
    rates = asyncio.run(measure())
    rows = [
        "| handlers | handler kind | AsyncEventBus (events/s) | pyee AsyncIOEventEmitter "
        "(events/s) | bus / pyee |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for (handlers, kind), by_runner in rates.items():
        bus, pyee = by_runner["bus"], by_runner["pyee"]
        rows.append(f"| {handlers} | {kind} | {bus:,.0f} | {pyee:,.0f} | {bus / pyee:.2f} |")
    table = "\n".join(rows)
    print(table)
    write_section(
        "aio",
        f"""## aio: AsyncEventBus vs pyee AsyncIOEventEmitter

`python benchmarks/bench_aio.py`: {EVENTS:,} events published by one task, timed from the
first publish until every handler has seen every event; median of {REPEATS} interleaved runs.

{table}

What the two do differently, which the numbers pay for or save:

* **async handlers**: pyee wraps every handler call in its own task (`ensure_future`), with no
  bound on how many are pending and no order between them. AsyncEventBus keeps the events in a
  bounded queue (1024 here: publishers wait when it is full) and awaits the handlers one after
  the other on one dispatcher task, so delivery is in publish order.
* **sync handlers**: pyee calls them inline, on the loop, inside `emit` (a slow one blocks the
  loop). AsyncEventBus runs them in an executor thread so the loop never blocks; it hands runs
  of events that only have sync handlers to the thread in batches (up to 256), which is why
  that hop costs little per event.
""",
    )


if __name__ == "__main__":
    main()
