"""ADMF303, ADMF308: ``CancelledError`` swallowed in a coroutine (not re-raised, or converted)."""

from __future__ import annotations

import ast
from typing import ClassVar

from admf_tsan.lint.analysis.syntax import NESTED_SCOPES, scope_nodes
from admf_tsan.lint.rule import FileContext, FileRule, Invalid

#: The classes a handler catches a task's cancellation with. Not
#: ``concurrent.futures.CancelledError``: since Python 3.8 it is another class (an
#: ``Exception``), which no cancelled task raises, so ``except concurrent.futures.CancelledError:``
#: catches nothing of a cancellation and a broad handler after it still does.
_CANCELLED = frozenset(
    {
        "asyncio.CancelledError",
        "asyncio.exceptions.CancelledError",
        "builtins.BaseException",
    }
)
#: A function returning the running async backend's cancellation class (anyio's, sniffio-based
#: helpers): ``except get_cancelled_exc_class():`` catches ``CancelledError`` under asyncio.
_CANCELLED_CLASS_GETTER = "get_cancelled_exc_class"
_LOGGING = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


def _walk_scope(nodes: list[ast.stmt]) -> list[ast.AST]:
    """Every node under ``nodes`` that runs in the same function (:func:`scope_nodes`), kept:
    a function's walk is read by several checks."""
    return list(scope_nodes(nodes))


def _can_be_cancelled(walked: list[ast.AST]) -> bool:
    """Whether ``walked`` (a try body's :func:`_walk_scope`) has anything to await."""
    return any(isinstance(n, (ast.Await, ast.AsyncWith, ast.AsyncFor)) for n in walked)


def _reraises(walked: list[ast.AST]) -> bool:
    return any(isinstance(n, ast.Raise) for n in walked)


def _hands_on(handler: ast.ExceptHandler, walked: list[ast.AST]) -> bool:
    """True when the handler passes the exception on instead of dropping it.

    It stores or forwards the exception object (``errors.append(exc)``, ``self._error = exc``,
    ``fut.set_exception(exc)``) or saves ``sys.exc_info()`` for a later ``raise``. Printing or
    logging it does not count: that is still swallowing.
    """
    logged: set[int] = set()
    for node in walked:
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
        for node in walked
    )


def _uncancels(walked: list[ast.AST]) -> bool:
    """True when the handler calls ``Task.uncancel()``: it absorbs the cancellation on purpose."""
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "uncancel"
        for n in walked
    )


def _converts(
    handler: ast.ExceptHandler, walked: list[ast.AST], ctx: FileContext
) -> tuple[ast.Raise, str] | None:
    """The first ``raise Other(...)`` of a handler that never re-raises what it caught.

    ``raise``, ``raise exc`` (the caught object) and raising a cancellation again keep the
    cancellation; a handler with any of them, or none that raises, converts nothing.
    """
    converting: list[tuple[ast.Raise, str]] = []
    for node in walked:
        if not isinstance(node, ast.Raise):
            continue
        exc = node.exc
        if exc is None or (isinstance(exc, ast.Name) and exc.id == handler.name):
            return None
        called = exc.func if isinstance(exc, ast.Call) else exc
        name = ctx.dotted(called)
        if name is None or name in _CANCELLED:
            return None
        converting.append((node, name.removeprefix("builtins.")))
    if not converting:
        return None
    return min(converting, key=lambda item: (item[0].lineno, item[0].col_offset))


_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_EXITS = (ast.Return, ast.Raise)
#: Calls that build a collection, or walk one, and run out with it.
_FINITE_CALLS = frozenset(
    {"list", "tuple", "set", "frozenset", "dict", "sorted", "reversed", "range", "enumerate", "zip"}
)
#: Methods that give a view or copy of a collection.
_FINITE_METHODS = frozenset({"values", "items", "keys", "copy"})


def _runs_out(loop: ast.For) -> bool:
    """Whether a (sync) ``for`` loop runs out by itself: it iterates a collection, a variable or
    attribute (``for h in self._handlers:``), ``list(...)``, ``sorted(...)``, ``range(n)``,
    ``enumerate``/``zip`` of such, or a view (``self._publishers.values()``). Any other call
    may be a generator that never ends (``for msg in self._stream():``, ``itertools.count()``)."""
    return _finite(loop.iter)


def _finite(iterable: ast.expr) -> bool:
    if isinstance(iterable, ast.Name | ast.Attribute | ast.List | ast.Tuple | ast.Set):
        return True
    if not isinstance(iterable, ast.Call):
        return False
    func = iterable.func
    if isinstance(func, ast.Attribute) and func.attr in _FINITE_METHODS and not iterable.args:
        return True
    if isinstance(func, ast.Name) and func.id in _FINITE_CALLS:
        if func.id in ("enumerate", "zip", "reversed"):
            return all(_finite(arg) for arg in iterable.args)
        return True
    return False


def _stops_loop(
    handler: ast.ExceptHandler,
    loop: ast.While,
    node: ast.Try | ast.TryStar,
    inside: list[tuple[list[ast.stmt], int, ast.AST]],
) -> bool:
    """Whether ``handler`` sets the flag the ``while`` tests so that the loop ends after this
    turn: ``while not aborted: ... except CancelledError: aborted = True`` (also as one operand
    of an ``and``: ``while not aborted and pending:``), and nothing that runs after the handler
    in this turn sets it again (``aborted = config.stopping`` after the ``try``, or in its
    ``finally``, keeps it going). ``inside`` is the path from the loop's body down to the
    ``try`` (:func:`_path_to`)."""
    test = loop.test
    operands = (
        test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
    )
    for stmt in handler.body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Constant)
        ):
            continue
        flag, value = stmt.targets[0].id, stmt.value.value
        for operand in operands:
            negated = isinstance(operand, ast.UnaryOp) and isinstance(operand.op, ast.Not)
            tested = operand.operand if isinstance(operand, ast.UnaryOp) and negated else operand
            if isinstance(tested, ast.Name) and tested.id == flag and bool(value) is negated:
                after = [*node.finalbody]
                for block, index, _owner in inside:
                    after.extend(block[index + 1 :] if index >= 0 else [])
                return not _stores(flag, after)
    return False


def _stores(flag: str, statements: list[ast.stmt]) -> bool:
    """Whether ``statements`` (in this function) store the name ``flag``."""
    return any(
        isinstance(node, ast.Name) and node.id == flag and not isinstance(node.ctx, ast.Load)
        for node in _walk_scope(statements)
    )


def _awaits(nodes: list[ast.stmt]) -> ast.Await | ast.AsyncWith | ast.AsyncFor | None:
    """The first ``await`` (or ``async for``/``async with``) among ``nodes``, in this function."""
    found = [
        node
        for node in _walk_scope(nodes)
        if isinstance(node, ast.Await | ast.AsyncWith | ast.AsyncFor)
    ]
    return min(found, key=lambda n: (n.lineno, n.col_offset)) if found else None


def _path_to(function: ast.AST, target: ast.AST) -> list[tuple[list[ast.stmt], int, ast.AST]]:
    """The blocks from the function body down to ``target``: ``(block, index, owner)`` each,
    ``owner`` being the statement (or function) whose block it is."""
    path: list[tuple[list[ast.stmt], int, ast.AST]] = []

    def search(owner: ast.AST) -> bool:
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(owner, field, None)
            if not isinstance(block, list):
                continue
            for index, stmt in enumerate(block):
                if stmt is target:
                    path.append((block, index, owner))
                    return True
                if isinstance(stmt, NESTED_SCOPES):
                    continue
                if isinstance(stmt, ast.stmt | ast.ExceptHandler):
                    path.append((block, index, owner))
                    if search(stmt):
                        return True
                    path.pop()
        if isinstance(owner, ast.Match):
            for case in owner.cases:
                path.append((case.body, -1, case))
                if search(case):
                    return True
                path.pop()
        return False

    search(function)
    return path


def _goes_on(
    function: ast.AST | None, node: ast.Try | ast.TryStar, handler: ast.ExceptHandler
) -> tuple[str, bool] | None:
    """How the task keeps running after ``handler`` swallowed the cancellation, or ``None``
    when it ends (the handler returns, or nothing awaits after it); with it, whether a loop
    around the ``try`` takes its next turn (the task keeps running) rather than the coroutine
    going on to a few more awaits and ending."""
    if function is None or not handler.body:
        return None
    last = handler.body[-1]
    if isinstance(last, _EXITS):
        return None
    leaving_loop = isinstance(last, ast.Break)
    if isinstance(last, ast.Continue):
        return "the loop goes on", True
    path = _path_to(function, node)
    how: str | None = None
    for depth in range(len(path) - 1, -1, -1):
        block, index, owner = path[depth]
        if isinstance(owner, ast.ExceptHandler | ast.Try | ast.TryStar) and block is getattr(
            owner, "finalbody", None
        ):
            # In a ``finally``: the original exception (if any) goes on.
            return None if how is None else (how, False)
        rest = block[index + 1 :] if index >= 0 else []
        if not leaving_loop and how is None:
            found = _awaits(rest)
            if found is not None:
                how = f"it goes on to the `await` at line {found.lineno}"
        if any(isinstance(stmt, _EXITS) for stmt in rest):
            return None if how is None else (how, False)
        if isinstance(owner, _LOOPS) and block is owner.body:
            if leaving_loop:
                leaving_loop = False
                continue
            # A loop that runs out goes on to its next items (or ends after this turn), then
            # past its end: the task is late, not stuck, unless a loop further out takes its
            # next turn.
            if isinstance(owner, ast.For) and _runs_out(owner):
                how = how or "the loop goes on to its next items"
                continue
            if isinstance(owner, ast.While) and _stops_loop(handler, owner, node, path[depth:]):
                continue
            return how or "the loop goes on", True
    return None if how is None else (how, False)


def _trio_module(ctx: FileContext) -> bool:
    """Whether the file is trio (or anyio) code and not asyncio: there cancellation is
    re-delivered at every later checkpoint of the cancelled scope, so swallowing one
    ``Cancelled`` does not make the task uncancellable."""
    text = ctx.text
    uses_trio = "import trio" in text or "import anyio" in text or "from trio" in text
    return uses_trio and "asyncio" not in text


#: Raised later, these end the task: with its cancellation, or with ``concurrent.futures``'
#: class, which ends it with an error (a conversion, ADMF308's business, not a task that goes on).
_ENDS_TASK = _CANCELLED | {"concurrent.futures.CancelledError"}


def _raises_cancellation_later(walked: list[ast.AST], ctx: FileContext) -> bool:
    """True when the function (``walked``: its body's :func:`_walk_scope`) raises
    ``CancelledError`` itself (a flag set in the handler)."""
    for node in walked:
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if ctx.dotted(exc) in _ENDS_TASK:
                return True
    return False


_SUSPENDS = (ast.Await, ast.AsyncWith, ast.AsyncFor)


def _self_name(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The name of a method's first parameter (``self``), if it has one."""
    params = [*function.args.posonlyargs, *function.args.args]
    return params[0].arg if params else None


def _self_attributes(
    function: ast.FunctionDef | ast.AsyncFunctionDef, walked: list[ast.AST], method: str
) -> set[str]:
    """The attributes ``x`` of ``self.x.<method>`` named in ``function`` (called or passed;
    ``walked``: its body's :func:`_walk_scope`)."""
    own = _self_name(function)
    return {
        n.value.attr
        for n in walked
        if isinstance(n, ast.Attribute)
        and n.attr == method
        and isinstance(n.value, ast.Attribute)
        and isinstance(n.value.value, ast.Name)
        and n.value.value.id == own
    }


class SwallowedCancellation(FileRule):
    """ADMF303: a coroutine catches `CancelledError` and does not re-raise it.

    Cancellation is how asyncio stops a task: `task.cancel()`, timeouts (`asyncio.timeout`,
    `wait_for`), `TaskGroup` failures and shutdown all raise `CancelledError` at an `await`. An
    `except asyncio.CancelledError:`, `except BaseException:` or bare `except:` around an `await`
    that does not re-raise, after which a loop around it takes its next turn, turns the
    cancellation into nothing: the task keeps running, timeouts stop working, `TaskGroup` and
    shutdown hang waiting for a task that refuses to stop. A handler after which the coroutine
    ends (it logs and returns at the top of a task body) is not reported: the task stops as
    asked. A loop that runs out by itself does not count: a `for` over a collection (a variable
    or attribute, a display, `list(...)`, `sorted(...)`, `range(n)`, a dict view: `for
    publisher in list(self._publishers.values()):`; not over any other call, which may be a
    generator that never ends, as `itertools.count()` or a project's `self._stream()` can be),
    or a `while` whose flag the handler sets so that the loop ends and nothing else in the loop
    sets again (`while not aborted: ... except CancelledError: aborted = True`); the task goes
    on to the rest of the loop's items and past it, which is ADMF308's form unless a loop
    further out in the same function takes its next turn. Swallowing in a coroutine that
    returns to an awaiting caller is not followed into that caller.

    Two milder forms are ADMF308 (opt-in): a handler after which the coroutine goes on to more
    `await`s and then ends (the task stops late and not as cancelled, usually a clean-up on
    purpose), and one that raises another error instead (`except BaseException as exc: raise
    FetchFailed() from exc`). Raising another error after an earlier `except CancelledError:
    raise` is fine, also when that earlier handler names `get_cancelled_exc_class()` (anyio's,
    or a sniffio-based helper of that name: under asyncio it returns `CancelledError`).

    Not flagged otherwise: handlers that `raise` (re-raise the caught object, `raise`, or a
    `CancelledError`); handlers that pass the
    exception object on (store it, append it to a list, `fut.set_exception(exc)`, save
    `sys.exc_info()` for a later raise; printing or logging it is not passing it on);
    functions that raise `CancelledError` themselves later (a "cancelled" flag); try blocks with
    nothing to await (nothing there can be cancelled); handlers that call `task.uncancel()` (they
    absorb the cancellation on purpose); and the usual "cancel a task, then await it" idiom
    (`task.cancel()` or `loop.call_soon(task.cancel)`, then
    `try: await task / except CancelledError: pass`), also split across the methods of a class
    (one method cancels `self.task`, another's try awaits nothing but it); and trio or anyio
    code (a file that imports them and not asyncio), where a cancelled scope raises again at
    every later checkpoint.

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
        "import logging\n\nasync def serve(app, scope):\n    try:\n        await app(scope)\n"
        "    except BaseException:\n        logging.exception('application failed')\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import asyncio\n\nasync def worker(q):\n    while True:\n        try:\n"
            "            await q.get()\n        except asyncio.CancelledError:\n"
            "            continue\n",
            message="`asyncio.CancelledError` is caught and not re-raised",
        ),
        Invalid(
            "async def worker(q):\n    while True:\n        try:\n            await q.get()\n"
            "        except:\n            pass\n",
            message="bare `except:`",
        ),
        Invalid(
            "import asyncio\n\nasync def pump(q, out):\n    while True:\n        try:\n"
            "            item = await q.get()\n        except asyncio.CancelledError:\n"
            "            item = None\n        await out.put(item)\n",
            message="it goes on to the `await` at line 9",
        ),
    ]

    def __init__(self) -> None:
        # Per file (one rule per process, files one at a time); each scope is walked once.
        self._cancels_path: str | None = None
        #: Methods of the file being walked -> (method, its class).
        self._class_methods: dict[int, tuple[ast.AST, ast.ClassDef]] = {}
        #: Classes -> the task attributes (``self.x.cancel``) their methods cancel.
        self._class_cancels: dict[int, tuple[ast.ClassDef, frozenset[str]]] = {}
        #: Functions -> their body's :func:`_walk_scope`.
        self._walks: dict[int, tuple[ast.AST, list[ast.AST]]] = {}
        #: Functions -> ``ast.dump`` of every ``X`` of an ``X.cancel`` they name.
        self._cancelled: dict[int, tuple[ast.AST, set[str]]] = {}
        #: Whether the file is trio or anyio code (:func:`_trio_module`), once per file.
        self._trio: bool | None = None

    def _same_file(self, ctx: FileContext) -> None:
        if ctx.path != self._cancels_path:
            self._class_methods.clear()
            self._class_cancels.clear()
            self._walks.clear()
            self._cancelled.clear()
            self._trio = None
            self._cancels_path = ctx.path

    def _trio_module(self, ctx: FileContext) -> bool:
        self._same_file(ctx)
        if self._trio is None:
            self._trio = _trio_module(ctx)
        return self._trio

    def _function_walk(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, ctx: FileContext
    ) -> list[ast.AST]:
        """``_walk_scope(function.body)``, walked once per function."""
        self._same_file(ctx)
        known = self._walks.get(id(function))
        if known is None or known[0] is not function:
            known = (function, _walk_scope(function.body))
            self._walks[id(function)] = known
        return known[1]

    def visit_Try(self, node: ast.Try | ast.TryStar, ctx: FileContext) -> None:
        if not ctx.in_coroutine:
            return
        caught_by = [self._caught(handler, ctx) for handler in node.handlers]
        if all(caught is None for caught in caught_by):
            return  # no handler catches the cancellation: nothing to walk
        body = _walk_scope(node.body)
        if not _can_be_cancelled(body):
            return
        if self._trio_module(ctx):
            return
        # Python hands the cancellation to the first handler that matches it; the handlers
        # after that one never see it (``except CancelledError: raise`` then ``except:``).
        first = next(position for position, caught in enumerate(caught_by) if caught is not None)
        for position, handler in enumerate(node.handlers):
            if position != first:
                continue
            caught = caught_by[position]
            walked: list[ast.AST] | None = None
            if caught is not None:
                walked = _walk_scope(handler.body)
                converted = _converts(handler, walked, ctx)
                if converted is not None:
                    raised, shown = converted
                    ctx.report(
                        raised,
                        f"`{caught or 'except:'}` turns the cancellation into `{shown}`: a "
                        "cancelled task then fails with another error instead of ending "
                        "cancelled, so `wait_for`, timeouts and `TaskGroup` see a failure; "
                        "re-raise `CancelledError` first (`except asyncio.CancelledError: "
                        "raise`) or catch `Exception`",
                        code=CancellationNotPropagated.code,
                    )
                    continue
            if caught is None:
                continue
            if walked is None:
                walked = _walk_scope(handler.body)
            if _reraises(walked) or _hands_on(handler, walked) or _uncancels(walked):
                continue
            function = ctx.function_node
            if function is not None and _raises_cancellation_later(
                self._function_walk(function, ctx), ctx
            ):
                return
            if self._awaits_cancelled_task(node, body, ctx):
                return
            goes_on_loops = _goes_on(ctx.function_node, node, handler)
            if goes_on_loops is None:
                continue  # the task ends right after: a cancel() still stops it
            goes_on, loops = goes_on_loops
            what = (
                "bare `except:` catches `CancelledError` and does not re-raise it"
                if caught == ""
                else f"`{caught}` is caught and not re-raised"
            )
            ctx.report(
                handler,
                f"{what}, and {goes_on} as if nothing happened: `task.cancel()`, a timeout or "
                "a TaskGroup shutting down cannot stop this task, and whoever waits for it "
                "hangs until it ends by itself; re-raise after cleaning up, or catch "
                "`Exception`",
                end=handler.type or handler,
                # A task that goes on to a few more awaits and then ends is late and ends
                # uncancelled, not stuck: ADMF308 (opt-in).
                code=None if loops else CancellationNotPropagated.code,
            )

    visit_TryStar = visit_Try

    def visit_ClassDef(self, node: ast.ClassDef, ctx: FileContext) -> None:
        """Remember, for each method, the task attributes its class cancels (``self.x.cancel``
        in any method): ``await self.x`` there is the cancel-then-await idiom split across
        methods (``fail()`` cancels the task, ``close()`` awaits its end). The methods are
        walked only when a try of one of them needs it (:meth:`_cancelled_by_class`)."""
        self._same_file(ctx)
        for method in node.body:
            if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                self._class_methods[id(method)] = (method, node)

    def _cancelled_by_class(self, cls: ast.ClassDef, ctx: FileContext) -> frozenset[str]:
        known = self._class_cancels.get(id(cls))
        if known is None or known[0] is not cls:
            methods = [m for m in cls.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)]
            known = (
                cls,
                frozenset(
                    attr
                    for method in methods
                    for attr in _self_attributes(method, self._function_walk(method, ctx), "cancel")
                ),
            )
            self._class_cancels[id(cls)] = known
        return known[1]

    @staticmethod
    def _caught(handler: ast.ExceptHandler, ctx: FileContext) -> str | None:
        """'' for a bare except, the dotted name of the cancellation class caught, else None."""
        if handler.type is None:
            return ""
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for expr in types:
            if isinstance(expr, ast.Call) and not expr.args and not expr.keywords:
                # ``get_cancelled_exc_class()`` (anyio's, or a sniffio-based helper of that
                # name) returns the running backend's cancellation class.
                called = ctx.dotted(expr.func) or (
                    expr.func.id if isinstance(expr.func, ast.Name) else None
                )
                if called is not None and called.rpartition(".")[2] == _CANCELLED_CLASS_GETTER:
                    return f"{_CANCELLED_CLASS_GETTER}()"
            name = ctx.dotted(expr)
            if name in _CANCELLED:
                return name.removeprefix("builtins.")
        return None

    def _awaits_cancelled_task(
        self, node: ast.Try | ast.TryStar, body: list[ast.AST], ctx: FileContext
    ) -> bool:
        """Whether the try (``body``: its body's :func:`_walk_scope`) awaits a task that this
        function, or another method of its class, cancels."""
        awaits = [n for n in body if isinstance(n, ast.Await)]
        awaited = [
            ast.dump(n.value) for n in awaits if isinstance(n.value, (ast.Name, ast.Attribute))
        ]
        function = ctx.function_node
        if not awaited or function is None:
            return False
        walked = self._function_walk(function, ctx)
        known_cancelled = self._cancelled.get(id(function))
        if known_cancelled is None or known_cancelled[0] is not function:
            known_cancelled = (
                function,
                {
                    ast.dump(n.value)
                    for n in walked
                    if isinstance(n, ast.Attribute) and n.attr == "cancel"
                },
            )
            self._cancelled[id(function)] = known_cancelled
        cancelled = known_cancelled[1]
        if any(a in cancelled for a in awaited):
            return True
        # Split across methods: every await of the try is of a task another method cancels,
        # so the ``CancelledError`` caught is that task's (or this task's own, passed on to it).
        method = self._class_methods.get(id(function))
        if method is None or method[0] is not function:
            return False
        by_class = self._cancelled_by_class(method[1], ctx)
        if not by_class:
            return False
        own = _self_name(function)
        suspends = [n for n in body if isinstance(n, _SUSPENDS)]
        return len(suspends) == len(awaits) and all(
            isinstance(n.value, ast.Attribute)
            and isinstance(n.value.value, ast.Name)
            and n.value.value.id == own
            and n.value.attr in by_class
            for n in awaits
        )


class CancellationNotPropagated(FileRule):
    """ADMF308: a cancelled coroutine ends late and uncancelled, or with another error (opt-in).

    The forms of swallowed cancellation after which the task does end, only not as cancelled:
    the handler does not re-raise and the coroutine goes on to more `await`s (a clean-up, a last
    message) before it returns; or the handler raises another error instead (`except
    BaseException as exc: raise FetchFailed() from exc`). Whoever cancelled the task waits for
    those awaits and then sees it finish normally or fail: a `wait_for` timeout returns a value
    or another error, and a cancel during the clean-up's own awaits is lost.

    Opt-in (`--extend-select ADMF308`): on forty-three real projects the 11 judged were all a
    deliberate clean-up or a conversion the callers expect (a cancelled queue wait turned into
    "empty", a health check's timeout), none worth a change (docs/realworld-findings.md).
    ADMF303 keeps the form that hangs: a loop that takes its next turn after the handler.
    The findings come from ADMF303's walk, so `ignore = ["ADMF303"]` turns both off.

    Fix: clean up and `raise`; or catch `Exception` (which does not include `CancelledError`);
    raise the other error `from` the cancellation only where every caller expects it.
    """

    code = "ADMF308"
    name = "cancellation-not-propagated"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def worker(q):\n    try:\n        await q.get()\n"
        "    except asyncio.CancelledError:\n        print('stopping')\n        raise\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "async def worker(q, done):\n    try:\n        await q.get()\n"
            "    except BaseException as e:\n        print(e)\n    await done()\n",
            message="it goes on to the `await` at line 6",
        ),
        Invalid(
            "class FetchFailed(Exception):\n    pass\n\nasync def fetch(client):\n    try:\n"
            "        return await client.get()\n    except BaseException as exc:\n"
            "        raise FetchFailed() from exc\n",
            message="turns the cancellation into `example.FetchFailed`",
        ),
    ]
