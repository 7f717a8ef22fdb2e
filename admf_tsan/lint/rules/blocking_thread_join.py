"""ADMF107: ``Thread.join()`` / ``Process.join()`` inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingThreadJoin(BlockingCallRule):
    """ADMF107: joining a thread or process inside a coroutine blocks the event loop.

    `Thread.join()` waits for the thread to finish. If that thread needs the event loop (it calls
    `run_coroutine_threadsafe(...).result()` or schedules callbacks), the program deadlocks; at
    best, every task stalls until the thread ends. Threads are resolved from constructors,
    `threading.Thread` subclasses and annotations.

    Fix: `await asyncio.to_thread(thread.join)`, or signal completion with an `asyncio.Event` set
    through `loop.call_soon_threadsafe`.
    """

    code = "ADMF107"
    name = "blocking-thread-join"
    VALID: ClassVar[list[str]] = [
        "import asyncio, threading\n\nasync def stop(t: threading.Thread):\n"
        "    await asyncio.to_thread(t.join)\n",
        "import threading\n\nasync def stop(t: threading.Thread):\n    t.join(timeout=0)\n",
        "async def f(parts):\n    return ','.join(parts)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nasync def stop():\n"
            "    t = threading.Thread(target=print)\n    t.start()\n    t.join()\n",
            message="`threading.Thread.join()` blocks the event loop",
        ),
        Invalid(
            "import threading\n\nclass Feeder(threading.Thread):\n    pass\n\n"
            "async def stop(f: Feeder):\n    f.join()\n"
        ),
    ]
