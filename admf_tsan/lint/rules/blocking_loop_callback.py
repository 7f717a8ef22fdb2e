"""ADMF121: a sync callback scheduled on the event loop (``call_soon`` ...) blocks it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from admf_tsan.lint.analysis.facts import ScheduledCallback
from admf_tsan.lint.analysis.handoffs import known_handoff
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.transitive_blocking import (
    BlockingChains,
    describe_chain,
    short_name,
)

#: Loop methods whose callback runs on the event-loop thread.
LOOP_METHODS = frozenset({"call_soon", "call_soon_threadsafe", "call_later", "call_at"})


class BlockingLoopCallback(ProjectRule):
    """ADMF121: a callback handed to the event loop blocks it.

    `loop.call_soon(f)`, `call_soon_threadsafe(f)`, `call_later(delay, f)` and `call_at(when, f)`
    run `f` on the event-loop thread, exactly like a coroutine step. A plain `def` callback that
    sleeps, does file or network I/O or waits on a thread blocks every task meanwhile, and no
    coroutine-only check sees it because the blocking code is not in an `async def`.

    The finding is reported where the callback is scheduled, with the chain down to the blocking
    call (through helpers and modules, as ADMF120). The callback must resolve to a function of the
    project (`self._on_tick`, a module function, the function a `lambda: f(x)` or
    `functools.partial(f, x)` calls), and the receiver must be known to be an asyncio loop
    (`asyncio.get_running_loop()`, a parameter annotated `asyncio.AbstractEventLoop`): a project's
    own `scheduler.call_soon(f)` may run `f` anywhere, and an unknown receiver is not guessed.

    Fix: keep callbacks short; move the blocking part to a thread
    (`loop.run_in_executor(None, work)`) or turn the callback into a coroutine scheduled with
    `asyncio.create_task`.
    """

    code = "ADMF121"
    name = "blocking-loop-callback"
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nclass Feed:\n    def _on_tick(self):\n        self.ticks += 1\n\n"
        "    async def run(self):\n        asyncio.get_running_loop().call_soon(self._on_tick)\n",
        "import time\n\nclass Scheduler:\n    def call_soon(self, fn):\n        fn()\n\n"
        "def slow():\n    time.sleep(1)\n\ndef go(s: Scheduler):\n    s.call_soon(slow)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import asyncio, shutil\n\nclass Journal:\n    def _rotate(self):\n"
            "        shutil.copyfile('fills.json', 'fills.json.1')\n\n"
            "    async def record(self):\n"
            "        asyncio.get_running_loop().call_later(1.0, self._rotate)\n",
            message="`Journal._rotate()` runs on the event loop (scheduled with `call_later()`) "
            "and blocks it: `Journal._rotate() -> shutil.copyfile()`",
        ),
        Invalid(
            "import asyncio, time\n\ndef settle():\n    time.sleep(0.5)\n\n"
            "def on_fill(loop: asyncio.AbstractEventLoop, fill):\n"
            "    loop.call_soon_threadsafe(settle)\n"
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        index = project.index
        chains = None
        for module, fn in index.iter_functions():
            for scheduled in fn.scheduled:
                if scheduled.method not in LOOP_METHODS or not self._on_a_loop(project, scheduled):
                    continue
                target = index.resolve(scheduled.callback)
                if target is None or target[0] != "func":
                    continue
                callback = index.functions[target[1]]
                if callback.is_async or callback.is_generator:
                    continue
                if chains is None:
                    chains = project.fact(BlockingChains).by_function
                chain = chains.get(callback.qualname)
                if chain is None:
                    continue
                rendered, related = describe_chain(project, [callback.qualname], chain)
                finding = project.finding(
                    module,
                    (scheduled.line, scheduled.column),
                    self.code,
                    f"`{short_name(project, callback.qualname)}()` runs on the event loop "
                    f"(scheduled with `{scheduled.method}()`) and blocks it: `{rendered}`; keep "
                    "loop callbacks short and run the blocking part in a thread",
                    related=related,
                )
                # Scheduled by a command-line module, on the command's loop: set aside, but for
                # a chain that fails there rather than blocks (an event loop run inside it).
                if chain.call.entry.code != "ADMF112" and project.command_line(module.path):
                    finding = replace(finding, aside=True)
                yield finding

    @staticmethod
    def _on_a_loop(project: ProjectContext, scheduled: ScheduledCallback) -> bool:
        """Only a receiver known to be an asyncio loop runs the callback on the loop."""
        return known_handoff(project.index, scheduled)
