"""ADMF303: ``CancelledError`` swallowed in a coroutine (``except CancelledError``/bare/Base...)."""

from __future__ import annotations

import ast
from typing import ClassVar

from admf_tsan.lint.rule import FileContext, FileRule, Invalid

_CANCELLED = frozenset(
    {
        "asyncio.CancelledError",
        "asyncio.exceptions.CancelledError",
        "concurrent.futures.CancelledError",
        "builtins.BaseException",
    }
)
_LOGGING = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
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


def _hands_on(handler: ast.ExceptHandler) -> bool:
    """True when the handler passes the exception on instead of dropping it.

    It stores or forwards the exception object (``errors.append(exc)``, ``self._error = exc``,
    ``fut.set_exception(exc)``) or saves ``sys.exc_info()`` for a later ``raise``. Printing or
    logging it does not count: that is still swallowing.
    """
    logged: set[int] = set()
    for node in _walk_scope(handler.body):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "print") or (
                isinstance(func, ast.Attribute) and func.attr in _LOGGING
            ):
                logged.update(id(arg) for arg in (*node.args, *(k.value for k in node.keywords)))
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "exc_info"
                and isinstance(func.value, ast.Name)
                and func.value.id == "sys"
            ):
                return True
    if handler.name is None:
        return False
    return any(
        isinstance(node, ast.Name) and node.id == handler.name and id(node) not in logged
        for node in _walk_scope(handler.body)
    )


def _uncancels(handler: ast.ExceptHandler) -> bool:
    """True when the handler calls ``Task.uncancel()``: it absorbs the cancellation on purpose."""
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "uncancel"
        for n in _walk_scope(handler.body)
    )


def _raises_cancellation_later(function: ast.AST | None, ctx: FileContext) -> bool:
    """True when the function raises ``CancelledError`` itself (a flag set in the handler)."""
    if function is None:
        return False
    for node in _walk_scope(getattr(function, "body", [])):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if ctx.dotted(exc) in _CANCELLED:
                return True
    return False


class SwallowedCancellation(FileRule):
    """ADMF303: a coroutine catches `CancelledError` and does not re-raise it.

    Cancellation is how asyncio stops a task: `task.cancel()`, timeouts (`asyncio.timeout`,
    `wait_for`), `TaskGroup` failures and shutdown all raise `CancelledError` at an `await`. An
    `except asyncio.CancelledError:`, `except BaseException:` or bare `except:` around an `await`
    that does not re-raise turns the cancellation into a normal return: timeouts stop working,
    `TaskGroup` and shutdown hang waiting for a task that refuses to stop.

    Not flagged: handlers that `raise` (re-raise or raise another error); handlers that pass the
    exception object on (store it, append it to a list, `fut.set_exception(exc)`, save
    `sys.exc_info()` for a later raise; printing or logging it is not passing it on);
    functions that raise `CancelledError` themselves later (a "cancelled" flag); try blocks with
    nothing to await (nothing there can be cancelled); handlers that call `task.uncancel()` (they
    absorb the cancellation on purpose); and the usual "cancel a task, then await it" idiom
    (`task.cancel()` or `loop.call_soon(task.cancel)`, then
    `try: await task / except CancelledError: pass`).

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
        "import asyncio\n\nasync def stop(loop, fut):\n    loop.call_soon(fut.cancel)\n    try:\n"
        "        await fut\n    except asyncio.CancelledError:\n        return 'cancelled'\n",
        "import asyncio\n\nasync def resilient(step):\n    try:\n        await step()\n"
        "    except asyncio.CancelledError:\n        asyncio.current_task().uncancel()\n",
        "import asyncio\n\nasync def f(errors, step):\n    try:\n        await step()\n"
        "    except BaseException as exc:\n        errors.append(exc)\n",
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

    def visit_Try(self, node: ast.Try | ast.TryStar, ctx: FileContext) -> None:
        if not ctx.in_coroutine or not _can_be_cancelled(node.body):
            return
        for handler in node.handlers:
            caught = self._caught(handler, ctx)
            if (
                caught is None
                or _reraises(handler.body)
                or _hands_on(handler)
                or _uncancels(handler)
            ):
                continue
            if _raises_cancellation_later(ctx.function_node, ctx):
                return
            if self._awaits_cancelled_task(node, ctx):
                return
            what = (
                "bare `except:` catches `CancelledError` and does not re-raise it"
                if caught == ""
                else f"`{caught}` is caught and not re-raised"
            )
            ctx.report(
                handler,
                f"{what}: the task can no longer be cancelled (timeouts, TaskGroup, shutdown "
                "hang); re-raise after cleaning up, or catch `Exception`",
                end=handler.type or handler,
            )

    visit_TryStar = visit_Try

    @staticmethod
    def _caught(handler: ast.ExceptHandler, ctx: FileContext) -> str | None:
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
    def _awaits_cancelled_task(node: ast.Try | ast.TryStar, ctx: FileContext) -> bool:
        awaited = [
            ast.dump(n.value)
            for n in _walk_scope(node.body)
            if isinstance(n, ast.Await) and isinstance(n.value, (ast.Name, ast.Attribute))
        ]
        function = ctx.function_node
        if not awaited or function is None:
            return False
        cancelled = {
            ast.dump(n.value)
            for n in _walk_scope(function.body)
            if isinstance(n, ast.Attribute) and n.attr == "cancel"
        }
        return any(a in cancelled for a in awaited)
