"""ADMF101: ``time.sleep()`` inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule, DirectBlocking
from admf_tsan.lint.ftypes import Edit, Fix
from admf_tsan.lint.rule import Invalid, ProjectContext


class BlockingSleep(BlockingCallRule):
    """ADMF101: `time.sleep()` inside a coroutine stops the whole event loop.

    `time.sleep()` suspends the thread, and in a coroutine that thread is the event loop's: every
    other task, timer and socket waits until it returns. `await asyncio.sleep()` suspends only the
    current task.

    Fix (automatic with `--fix` when the call is a statement of its own):
    `time.sleep(x)` becomes `await asyncio.sleep(x)`, and `import asyncio` is added when missing.
    """

    code = "ADMF101"
    name = "blocking-sleep"
    fixable = True
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def poll():\n    await asyncio.sleep(1)\n",
        "import time\n\ndef backoff():\n    time.sleep(1)\n",
        "import asyncio, time\n\nasync def f():\n    await asyncio.to_thread(time.sleep, 1)\n",
        "import asyncio, time\n\nasync def f():\n"
        "    def work():\n        time.sleep(1)\n    await asyncio.to_thread(work)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import time\n\nasync def poll():\n    time.sleep(0.5)\n",
            message="`time.sleep()` blocks the event loop in coroutine `poll()`",
            fixed="import time\nimport asyncio\n\n"
            "async def poll():\n    await asyncio.sleep(0.5)\n",
        ),
        Invalid(
            "import asyncio\nfrom time import sleep as nap\n\nasync def poll():\n    nap(1)\n",
            fixed="import asyncio\nfrom time import sleep as nap\n\n"
            "async def poll():\n    await asyncio.sleep(1)\n",
        ),
        Invalid(
            "import time\n\nclass Feed:\n    async def run(self):\n        x = time.sleep(1)\n"
        ),
    ]

    def fix(self, found: DirectBlocking, project: ProjectContext) -> Fix | None:
        site = found.site
        if not site.discarded:
            return None
        binding = found.module.symbols.get("asyncio")
        if binding is not None and binding != ("import", "asyncio"):
            return None
        edit = Edit(
            site.line, site.column, site.func_end_line, site.func_end_column, "await asyncio.sleep"
        )
        return Fix(
            "replace with `await asyncio.sleep(...)`",
            (edit,),
            () if binding is not None else ("asyncio",),
        )
