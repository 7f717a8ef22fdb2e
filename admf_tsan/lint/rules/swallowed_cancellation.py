"""ADMF303: ``CancelledError`` swallowed in a coroutine (``except CancelledError``/bare/Base...)."""

from __future__ import annotations

import ast
from typing import ClassVar

from admf_tsan.lint.analysis.extract import ModuleExtractor
from admf_tsan.lint.rule import FileRule, Invalid

_CANCELLED = frozenset(
    {
        "asyncio.CancelledError",
        "asyncio.exceptions.CancelledError",
        "concurrent.futures.CancelledError",
        "builtins.BaseException",
    }
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _walk_scope(nodes: list[ast.stmt]) -> list[ast.AST]:
    """Every node under ``nodes`` that runs in the same function (nested defs excluded)."""
    found: list[ast.AST] = []
    stack: list[ast.AST] = list(nodes)
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, _SCOPES))
    return found


def _can_be_cancelled(body: list[ast.stmt]) -> bool:
    return any(isinstance(n, (ast.Await, ast.AsyncWith, ast.AsyncFor)) for n in _walk_scope(body))


def _reraises(body: list[ast.stmt]) -> bool:
    return any(isinstance(n, ast.Raise) for n in _walk_scope(body))


class SwallowedCancellation(FileRule):
    """ADMF303: a coroutine catches `CancelledError` and does not re-raise it.

    Cancellation is how asyncio stops a task: `task.cancel()`, timeouts (`asyncio.timeout`,
    `wait_for`), `TaskGroup` failures and shutdown all raise `CancelledError` at an `await`. An
    `except asyncio.CancelledError:`, `except BaseException:` or bare `except:` around an `await`
    that does not re-raise turns the cancellation into a normal return: timeouts stop working,
    `TaskGroup` and shutdown hang waiting for a task that refuses to stop.

    Not flagged: handlers that `raise` (re-raise or raise another error), try blocks with nothing to
    await (nothing there can be cancelled), and the usual "cancel a task, then await it" idiom
    (`task.cancel()` then `try: await task / except CancelledError: pass`).

    Fix: clean up and `raise`; or catch `Exception` (which does not include `CancelledError`).
    """

    code = "ADMF303"
    name = "swallowed-cancellation"
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def worker(q):\n    try:\n        await q.get()\n"
        "    except asyncio.CancelledError:\n        print('stopping')\n        raise\n",
        "import asyncio\n\nasync def stop(task):\n    task.cancel()\n    try:\n"
        "        await task\n    except asyncio.CancelledError:\n        pass\n",
        "async def parse(s):\n    try:\n        return int(s)\n    except:\n        return 0\n",
        "async def f(q):\n    try:\n        await q.get()\n    except Exception:\n        pass\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import asyncio\n\nasync def worker(q):\n    while True:\n        try:\n"
            "            await q.get()\n        except asyncio.CancelledError:\n"
            "            continue\n",
            message="`asyncio.CancelledError` is caught and not re-raised",
        ),
        Invalid(
            "async def worker(q):\n    try:\n        await q.get()\n    except:\n        pass\n",
            message="bare `except:`",
        ),
        Invalid(
            "async def worker(q):\n    try:\n        await q.get()\n"
            "    except BaseException as e:\n        print(e)\n"
        ),
    ]

    def visit_Try(self, node: ast.Try | ast.TryStar, ctx: ModuleExtractor) -> None:
        if not ctx.in_coroutine or not _can_be_cancelled(node.body):
            return
        for handler in node.handlers:
            caught = self._caught(handler, ctx)
            if caught is None or _reraises(handler.body):
                continue
            if self._awaits_cancelled_task(node, ctx):
                return
            what = "bare `except:`" if caught == "" else f"`{caught}`"
            ctx.report(
                handler,
                f"{what} catches `CancelledError` and does not re-raise it: the task can no "
                "longer be cancelled (timeouts, TaskGroup, shutdown hang); re-raise after "
                "cleaning up, or catch `Exception`"
                if caught == ""
                else f"{what} is caught and not re-raised: the task can no longer be cancelled "
                "(timeouts, TaskGroup, shutdown hang); re-raise after cleaning up, or catch "
                "`Exception`",
            )

    visit_TryStar = visit_Try

    @staticmethod
    def _caught(handler: ast.ExceptHandler, ctx: ModuleExtractor) -> str | None:
        """'' for a bare except, the dotted name of the cancellation class caught, else None."""
        if handler.type is None:
            return ""
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for expr in types:
            name = ctx.dotted(expr)
            if name in _CANCELLED:
                return name.removeprefix("builtins.")
        return None

    @staticmethod
    def _awaits_cancelled_task(node: ast.Try | ast.TryStar, ctx: ModuleExtractor) -> bool:
        awaited = [
            ast.dump(n.value)
            for n in _walk_scope(node.body)
            if isinstance(n, ast.Await) and isinstance(n.value, (ast.Name, ast.Attribute))
        ]
        function = ctx.function_node
        if not awaited or function is None:
            return False
        cancelled = {
            ast.dump(n.func.value)
            for n in _walk_scope(function.body)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "cancel"
        }
        return any(a in cancelled for a in awaited)
