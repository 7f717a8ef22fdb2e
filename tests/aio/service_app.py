"""A small service run by tests/aio/test_service.py in a subprocess, to receive real signals.

Usage: python service_app.py MODE. It prints "ready" once it is serving, then waits for a
signal (or ends by itself, depending on MODE), and prints one "status=..." line before exiting
through ``ServiceResult.exit()``.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Coroutine
from typing import Any

from admf_tsan.aio import AsyncEventBus, run_service, run_sync, to_thread

# Strong references to the background tasks (the loop keeps only weak ones).
BACKGROUND: set[asyncio.Task[object]] = set()


def say(line: str) -> None:
    print(line, flush=True)


def in_background(coro: Coroutine[Any, Any, object], name: str) -> None:
    task = asyncio.get_running_loop().create_task(coro, name=name)
    BACKGROUND.add(task)
    task.add_done_callback(BACKGROUND.discard)


async def graceful() -> None:
    bus = AsyncEventBus(16)
    handled: list[int] = []

    async def handler(event: int) -> None:
        await asyncio.sleep(0)
        handled.append(event)

    bus.subscribe("tick", handler)

    async def worker() -> None:
        try:
            while True:
                await asyncio.sleep(0.01)
        finally:
            say("worker cancelled")

    async def add(a: int, b: int) -> int:
        return a + b

    try:
        async with bus:
            in_background(worker(), "worker")
            # A thread calls into the service loop, which run_service registered as default.
            say(f"bridge {await to_thread(lambda: run_sync(add(2, 3)))}")
            for number in range(100):
                await bus.publish("tick", number)
            say("ready")
            await asyncio.Event().wait()
    finally:
        say(f"main cleanup: bus drained {len(handled)} events")


async def stubborn() -> None:
    async def ignores_cancellation() -> None:
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:  # noqa: ADMF303 - refusing cancellation is the test
                say("stubborn task refuses to stop")

    in_background(ignores_cancellation(), "stubborn")
    say("ready")
    await asyncio.Event().wait()


async def stuck_thread() -> None:
    never = threading.Event()
    in_background(to_thread(never.wait), "stuck")
    say("ready")
    await asyncio.Event().wait()


async def complete() -> int:
    say("ready")
    return 42


async def fail() -> None:
    say("ready")
    raise LookupError("no such instrument")


MODES = {
    "graceful": (graceful, 5.0),
    "stubborn": (stubborn, 0.5),
    "stuck-thread": (stuck_thread, 0.5),
    "force": (stubborn, 60.0),
    "complete": (complete, 5.0),
    "fail": (fail, 5.0),
}

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stdout, format="log: %(message)s")
    main, shutdown_timeout = MODES[sys.argv[1]]
    result = run_service(main, shutdown_timeout=shutdown_timeout)
    signal_name = result.signal.name if result.signal else None
    say(
        f"status={result.status.value} code={result.exit_code} signal={signal_name} "
        f"result={result.result!r}"
    )
    for name in result.unfinished:
        say(f"unfinished {name}")
    result.exit()
