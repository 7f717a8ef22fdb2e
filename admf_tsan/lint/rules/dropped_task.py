"""ADMF302: the task returned by ``create_task`` / ``ensure_future`` is dropped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.facts import GlobalRef
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule

_SPAWNERS = frozenset(
    {
        "asyncio.create_task",
        "asyncio.ensure_future",
        "asyncio.tasks.create_task",
        "asyncio.tasks.ensure_future",
        "asyncio.AbstractEventLoop.create_task",
        "asyncio.BaseEventLoop.create_task",
        "asyncio.base_events.BaseEventLoop.create_task",
        "asyncio.events.AbstractEventLoop.create_task",
    }
)


class DroppedTask(ProjectRule):
    """ADMF302: the task returned by `create_task()` / `ensure_future()` is thrown away (opt-in).

    The event loop keeps only a weak reference to tasks. A task nobody references can be garbage
    collected before it finishes, silently, and an exception it raises is never retrieved ("Task
    exception was never retrieved" at best, at exit). This is the bug the asyncio documentation
    warns about under `create_task`.

    `TaskGroup.create_task()` is fine: the group holds its tasks. Assigning the task to `_`
    drops it just the same and is reported too, as are the less obvious ways to lose it: in a
    list, tuple, set or generator that is itself thrown away (`[create_task(c)]`), as the test
    of a conditional expression or a comprehension's `if`, as a `with` item (a task is no
    context manager), and bound to a local variable that is never read afterwards (when the
    function returns, the last reference goes).

    Fix: keep a reference until the task is done, for example
    `self._tasks.add(task); task.add_done_callback(self._tasks.discard)`, or use
    `async with asyncio.TaskGroup() as tg: tg.create_task(...)`.

    Opt-in (`--extend-select ADMF302`), as ruff's RUF006 is not in ruff's default selection: a
    task that waits on anything is referenced by what it waits on (a future, a queue getter, a
    timer), so the collection the documentation warns about needs a task that waits on nothing
    else anyone holds. On forty-three real projects 13 dropped tasks were judged and one was
    worth a change (a connection handler whose errors were lost); the others were
    fire-and-forget work that logs its own errors, shutdown helpers and tasks held by the
    futures they wait on (docs/realworld-findings.md).
    """

    code = "ADMF302"
    name = "dropped-task"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nTASKS = set()\n\nasync def tick():\n    pass\n\n"
        "def start():\n    task = asyncio.create_task(tick())\n    TASKS.add(task)\n"
        "    task.add_done_callback(TASKS.discard)\n",
        "import asyncio\n\nasync def tick():\n    pass\n\nasync def main():\n"
        "    async with asyncio.TaskGroup() as tg:\n        tg.create_task(tick())\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import asyncio\n\nasync def tick():\n    pass\n\nasync def main():\n"
            "    asyncio.create_task(tick())\n",
            message="the task returned by `asyncio.create_task()` is dropped",
        ),
        Invalid(
            "import asyncio\n\nasync def tick():\n    pass\n\nasync def main():\n"
            "    asyncio.get_running_loop().create_task(tick())\n"
        ),
        Invalid(
            "from asyncio import ensure_future\n\nasync def tick():\n    pass\n\n"
            "def kick():\n    ensure_future(tick())\n"
        ),
        Invalid(
            "import asyncio\n\nasync def tick():\n    pass\n\nasync def main():\n"
            "    _ = asyncio.create_task(tick())\n"
        ),
        Invalid(
            "import asyncio\n\nasync def tick():\n    pass\n\nasync def main():\n"
            "    [asyncio.create_task(tick()) for _ in range(3)]\n"
        ),
        Invalid(
            "import asyncio\n\nasync def tick():\n    pass\n\nasync def main():\n"
            "    task = asyncio.create_task(tick())\n"
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.selected(project.config):
            return
        index = project.index
        for module, fn in index.iter_functions():
            for site in fn.calls:
                if not site.discarded:
                    continue
                name = site.callee.name if isinstance(site.callee, GlobalRef) else None
                if name not in _SPAWNERS:
                    name = index.name_of(index.callee(site))
                if name in _SPAWNERS:
                    yield project.finding(
                        module,
                        site,
                        self.code,
                        f"the task returned by `{name}()` is dropped: the loop keeps only a weak "
                        "reference, so it can vanish mid-flight and its exception is lost; keep a "
                        "reference (`tasks.add(t); t.add_done_callback(tasks.discard)`) or use "
                        "`asyncio.TaskGroup`",
                    )
