"""ADMF304: a coroutine function of the project is called and its coroutine dropped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.blocking import display_name
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule


class UnawaitedCoroutine(ProjectRule):
    """ADMF304: a coroutine is created and never awaited, so its body never runs.

    Calling an `async def` function only creates a coroutine object; nothing in its body runs until
    it is awaited or wrapped in a task. A call used as a statement (`self.flush()`) drops that
    object: Python warns "coroutine was never awaited" at garbage collection, long after the
    effect was silently lost. The callee is resolved across the project (methods through `self`,
    imported functions, classes' bases); unresolvable calls are not reported.

    Fix: `await self.flush()`; or, to run it concurrently, create a task and keep a reference
    to it (see ADMF302).
    """

    code = "ADMF304"
    name = "unawaited-coroutine"
    VALID: ClassVar[list[str]] = [
        "async def flush():\n    pass\n\nasync def main():\n    await flush()\n",
        "import asyncio\n\nasync def flush():\n    pass\n\nasync def main():\n"
        "    await asyncio.gather(flush(), flush())\n",
        "async def ticks():\n    yield 1\n\nasync def main():\n    ticks()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "async def flush():\n    pass\n\nasync def main():\n    flush()\n",
            message="coroutine `flush()` is never awaited",
        ),
        Invalid(
            "class Feed:\n    async def stop(self):\n        pass\n\n"
            "    def close(self):\n        self.stop()\n"
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        index = project.index
        for module, fn in index.iter_functions():
            for site in fn.calls:
                if not site.discarded or site.awaited:
                    continue
                value = index.callee(site)
                if value is None or value[0] != "func":
                    continue
                target = index.functions[value[1]]
                if not target.is_async or target.is_generator:
                    continue
                shown = display_name(target.qualname, index.function_module[target.qualname].module)
                yield project.finding(
                    module,
                    site,
                    self.code,
                    f"coroutine `{shown}()` is never awaited, so it never runs; add `await` "
                    "(or create a task and keep it, see ADMF302)",
                )
