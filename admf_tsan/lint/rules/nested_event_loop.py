"""ADMF112: ``asyncio.run()`` / ``run_until_complete()`` inside a coroutine (a nested loop)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class NestedEventLoop(BlockingCallRule):
    """ADMF112: starting an event loop inside a coroutine fails or blocks the running loop.

    `asyncio.run()` and `loop.run_until_complete()` raise `RuntimeError` when a loop is already
    running in the thread; with a second loop object they run it to completion on the current
    thread, blocking the first loop for the whole time. `loop.run_forever()` never returns.

    Fix: `await coro` (or `asyncio.create_task(coro)` to run it concurrently). To call async code
    from sync code that runs in a worker thread, use `asyncio.run_coroutine_threadsafe(coro, loop)`.
    """

    code = "ADMF112"
    name = "nested-event-loop"
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def child():\n    return 1\n\n"
        "async def parent():\n    return await child()\n",
        "import asyncio\n\nasync def child():\n    return 1\n\n"
        "def main():\n    return asyncio.run(child())\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import asyncio\n\nasync def child():\n    return 1\n\n"
            "async def parent():\n    return asyncio.run(child())\n",
            message="`asyncio.run()` blocks the event loop",
        ),
        Invalid(
            "import asyncio\n\nasync def child():\n    return 1\n\nasync def parent():\n"
            "    loop = asyncio.get_event_loop()\n    loop.run_until_complete(child())\n"
        ),
    ]
