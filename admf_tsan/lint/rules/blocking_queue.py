"""ADMF106: ``queue.Queue.get()`` / ``put()`` (and multiprocessing queues) inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingQueue(BlockingCallRule):
    """ADMF106: a blocking `queue.Queue` call inside a coroutine blocks the event loop.

    `queue.Queue.get()` waits for another thread to put an item; `put()` on a bounded queue waits
    for room; `join()` waits for every item to be processed. In a coroutine they wait on the
    event-loop thread. Queues are resolved from constructor calls (`q = queue.Queue()`,
    `self.q = queue.Queue()`) and annotations (`q: queue.Queue`).

    `put()` on a queue built without `maxsize` (or with `maxsize <= 0`) is not reported: an
    unbounded `queue.Queue` (and `LifoQueue`, `PriorityQueue`) or `multiprocessing.Queue`
    never waits for room. A queue known only by its annotation may be bounded, so its `put()`
    is reported.

    Fix: `get_nowait()` / `put_nowait()` when the call must not wait, an `asyncio.Queue` between
    coroutines, or `await asyncio.to_thread(q.get)` to wait for a thread.
    """

    code = "ADMF106"
    name = "blocking-queue"
    VALID: ClassVar[list[str]] = [
        "import queue\n\nasync def drain(q: queue.Queue):\n    return q.get_nowait()\n",
        "import queue\n\nasync def drain(q: queue.Queue):\n    return q.get(block=False)\n",
        "import asyncio\n\nasync def drain(q: asyncio.Queue):\n    return await q.get()\n",
        "import multiprocessing\n\nclass Pipe:\n    def __init__(self):\n"
        "        self.results = multiprocessing.Queue()\n\n"
        "    async def report(self, r):\n        self.results.put(r)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import queue\n\nasync def drain(q: queue.Queue):\n    return q.get()\n",
            message="`queue.Queue.get()` blocks the event loop",
        ),
        Invalid(
            "import queue\n\nclass Pipe:\n    def __init__(self):\n"
            "        self.orders = queue.Queue(maxsize=10)\n\n"
            "    async def send(self, o):\n        self.orders.put(o)\n"
        ),
    ]
