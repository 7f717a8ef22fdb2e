"""ADMF105: explicit waits on threading primitives (Event, Condition, Lock, Semaphore, Barrier)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingThreadWait(BlockingCallRule):
    """ADMF105: waiting on a threading primitive inside a coroutine blocks the event loop.

    `Event.wait()`, `Condition.wait()`, `Lock.acquire()`, `Semaphore.acquire()` and `Barrier.wait()`
    suspend the thread until another thread acts. In a coroutine that is the event-loop thread:
    if the thread that should act needs the loop (a callback, `run_coroutine_threadsafe`), it
    never does and the program deadlocks; otherwise every task stalls meanwhile.

    A short `with lock:` block that does not await is not flagged: holding a threading lock for a
    few statements is how loop code shares state with threads. (Holding it across an `await` is
    ADMF301.) A wait with `blocking=False` or `timeout=0` returns at once and is not flagged.

    Fix: use the asyncio primitive for coroutine-to-coroutine signalling, or wait in a worker
    thread: `await asyncio.to_thread(event.wait, 5)`.
    """

    code = "ADMF105"
    name = "blocking-thread-wait"
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self.n = 0\n\n"
        "    async def add(self):\n        with self._lock:\n            self.n += 1\n",
        "import threading\n\nREADY = threading.Event()\n\nasync def f():\n"
        "    if READY.wait(0):\n        return 1\n",
        "import threading\n\nL = threading.Lock()\n\nasync def f():\n"
        "    if L.acquire(blocking=False):\n        L.release()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nREADY = threading.Event()\n\nasync def f():\n    READY.wait()\n",
            message="`threading.Event.wait()` blocks the event loop",
        ),
        Invalid(
            "import threading\n\nclass Book:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n\n"
            "    async def add(self):\n        self._lock.acquire()\n"
            "        self._lock.release()\n",
            message="`threading.Lock.acquire()`",
        ),
        Invalid(
            "import threading\n\nasync def f(cond: threading.Condition):\n"
            "    with cond:\n        cond.wait(timeout=5)\n"
        ),
    ]
