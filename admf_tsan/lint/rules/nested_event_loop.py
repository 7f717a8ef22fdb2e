"""ADMF112: ``asyncio.run()`` / ``run_until_complete()`` inside a coroutine (a nested loop)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule, display_name
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext


class NestedEventLoop(BlockingCallRule):
    """ADMF112: starting an event loop inside a coroutine fails or blocks the running loop.

    `asyncio.run()`, `loop.run_until_complete()` and `loop.run_forever()` raise `RuntimeError`
    when a loop is already running in the thread, whether they are given that loop or a new one
    (asyncio checks for a running loop; an event loop that does not would run the second loop to
    completion on this thread and block the first meanwhile). The same goes for a project's
    `async def` decorated to run to completion when called (tornado's `@gen_test`, asgiref's
    `@async_to_sync`, asyncer's `@syncify`) and called from a coroutine: the decorator drives a
    loop of its own (asgiref and tornado refuse with `RuntimeError`). A call in a branch that
    runs only where no loop runs in the thread (`except RuntimeError:` after
    `asyncio.get_running_loop()`, `if asyncio._get_running_loop() is None:`) is not reported:
    in a coroutine that branch never runs.

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
        Invalid(
            "from asgiref.sync import async_to_sync\n\n@async_to_sync\nasync def child():\n"
            "    return 1\n\nasync def parent():\n    return child()\n",
            message="`child()` runs its coroutine to completion on an event loop of its own",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        yield from super().check(project)
        index = project.index
        for module, fn in index.iter_functions():
            if not fn.is_async:
                continue
            for site in fn.calls:
                if site.awaited:
                    continue
                target = index.callee_function(site)
                if target is None or not target.sync_wrapper:
                    continue
                shown = display_name(target.qualname, index.function_module[target.qualname].module)
                yield project.finding(
                    module,
                    site,
                    self.code,
                    f"`{shown}()` runs its coroutine to completion on an event loop of its own "
                    "(its decorator drives one): called in a coroutine it blocks this loop, or "
                    "fails with RuntimeError; await an undecorated coroutine function instead",
                )
