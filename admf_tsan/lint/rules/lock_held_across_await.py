"""ADMF301: a threading lock held across ``await``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.facts import GlobalRef, Ref
from admf_tsan.lint.analysis.known import THREADING_LOCKS
from admf_tsan.lint.blocking import display_name
from admf_tsan.lint.ftypes import Finding, Related
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule


class LockHeldAcrossAwait(ProjectRule):
    """ADMF301: a threading lock is held while the coroutine awaits.

    While the coroutine is suspended at `await`, other tasks run on the same thread. If one of them
    takes the same `threading.Lock`, it blocks the event-loop thread forever: the holder can only
    resume on that very thread. With an `RLock` the second task gets in, which defeats the lock
    (the thread holds it, not the task), and the message says so instead of a deadlock.
    Threads that need the lock also wait for as long as the awaited operation takes.

    Locks are recognised by their construction (`self._lock = threading.Lock()`, module-level
    `LOCK = threading.RLock()`, `Condition`, `Semaphore`) or by annotation.

    Fix: release the lock before awaiting (copy what you need under the lock, then await), or use an
    `asyncio.Lock` if only coroutines share the state.
    """

    code = "ADMF301"
    name = "threading-lock-across-await"
    VALID: ClassVar[list[str]] = [
        "import asyncio, threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self.orders = []\n\n"
        "    async def flush(self, sink):\n        with self._lock:\n"
        "            batch, self.orders = self.orders, []\n        await sink(batch)\n",
        "import asyncio\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = asyncio.Lock()\n\n"
        "    async def flush(self, sink):\n        async with self._lock:\n"
        "            await sink()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Book:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n\n"
            "    async def flush(self, sink):\n        with self._lock:\n"
            "            await sink()\n",
            message="threading lock `self._lock` is held across `await`",
        ),
        Invalid(
            "import threading\n\nLOCK = threading.RLock()\n\nasync def f(sink):\n"
            "    LOCK.acquire()\n    try:\n        await sink()\n    finally:\n"
            "        LOCK.release()\n",
            message="another task of this loop enters it at once",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        index = project.index
        for module, fn in index.iter_functions():
            if not fn.is_async or not fn.awaits:
                continue
            reported: set[tuple[int, int]] = set()
            for site in fn.awaits:
                for lock, line, column in site.held:
                    if (line, column) in reported:
                        continue
                    lock_type = index.value_type(lock)
                    if lock_type not in THREADING_LOCKS:
                        continue
                    reported.add((line, column))
                    shown = _render(lock, module.module)
                    where = f"`{display_name(fn.qualname, module.module)}()`"
                    if lock_type == "threading.RLock":
                        # The thread holds it, not the task: another task of the loop re-enters.
                        message = (
                            f"threading lock `{shown}` (an `RLock`) is held across `await` in "
                            f"coroutine {where}: the thread holds it, not the task, so another "
                            "task of this loop enters it at once and runs inside the critical "
                            "section too, and other threads wait for as long as the await "
                            "takes; release it before awaiting, and use an `asyncio.Lock` to "
                            "keep tasks apart"
                        )
                    else:
                        message = (
                            f"threading lock `{shown}` is held across `await` in coroutine "
                            f"{where}: another task taking it deadlocks the event loop; "
                            "release it before awaiting or use `asyncio.Lock`"
                        )
                    yield project.finding(
                        module,
                        (site.line, site.column),
                        self.code,
                        message,
                        related=[Related(module.path, line, column, f"`{shown}` taken here")],
                    )


def _render(ref: Ref, module: str) -> str:
    if isinstance(ref, GlobalRef):
        return display_name(ref.name, module)
    head = {"self": "self", "cls": "cls", "super": "super()"}.get(ref.kind, "...")
    return ".".join([head, *ref.attrs])
