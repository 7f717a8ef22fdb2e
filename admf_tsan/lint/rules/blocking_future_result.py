"""ADMF108: ``concurrent.futures.Future.result()`` and ``futures.wait`` inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingFutureResult(BlockingCallRule):
    """ADMF108: waiting for a `concurrent.futures.Future` inside a coroutine blocks the event loop.

    `Future.result()` and `Future.exception()` wait for an executor thread or process;
    `concurrent.futures.wait()` and `as_completed()` wait for several. The futures of
    `executor.submit(...)` and `asyncio.run_coroutine_threadsafe(...)` are recognised; calling
    `.result()` on the latter from a coroutine of the same loop is a guaranteed deadlock.
    `asyncio.Future.result()` does not wait and is not flagged, nor is `.result()` on a future
    known to be done: after `await asyncio.wrap_future(f)`, inside `if f.done():`, after
    `concurrent.futures.wait([f, ...])` (no timeout, all completed), in
    `for f in as_completed(...)`, or after awaiting `event.wait()` on a local event that only
    `f`'s done callback (`f.add_done_callback(cb)`) sets.

    `.result()` after receiving a message the task sends last (from its `finally`) is still
    reported: whether the future is done by then depends on what completes it, which the call
    does not show. anyio's `BlockingPortal.start_task_soon()` completes it inside the task as
    the coroutine returns, before the receiver resumes; `asyncio.run_coroutine_threadsafe()`
    completes it from a done callback the loop runs after the woken receiver, so there
    `result()` waits on the one thread that would run that callback. Nor can the linter tell
    that no other code sends the same message first.

    Fix: `await asyncio.wrap_future(fut)`, or submit with
    `await loop.run_in_executor(executor, fn)`.
    """

    code = "ADMF108"
    name = "blocking-future-result"
    VALID: ClassVar[list[str]] = [
        "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n\n"
        "async def f(pool: ThreadPoolExecutor):\n"
        "    return await asyncio.wrap_future(pool.submit(sum, [1]))\n",
        "import asyncio\n\nasync def f():\n    fut = asyncio.get_running_loop().create_future()\n"
        "    fut.set_result(1)\n    return fut.result()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "from concurrent.futures import ThreadPoolExecutor\n\n"
            "async def f(pool: ThreadPoolExecutor):\n"
            "    fut = pool.submit(sum, [1])\n    return fut.result()\n",
            message="`concurrent.futures.Future.result()` blocks the event loop",
        ),
        Invalid(
            "import asyncio\n\nasync def f(coro, loop):\n"
            "    return asyncio.run_coroutine_threadsafe(coro, loop).result()\n"
        ),
        Invalid(
            "import concurrent.futures\n\nasync def f():\n"
            "    with concurrent.futures.ThreadPoolExecutor() as pool:\n"
            "        fut = pool.submit(sum, [1])\n        concurrent.futures.wait([fut])\n"
        ),
    ]
