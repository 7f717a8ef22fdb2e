"""ADMF206: ``with threading.Lock():`` takes a lock nobody else can see."""

from __future__ import annotations

import ast
from typing import ClassVar

from admf_tsan.lint.analysis.locks import LOCK_TYPES
from admf_tsan.lint.rule import FileContext, FileRule, Invalid

_FRESH = frozenset(LOCK_TYPES) | {
    "threading.Semaphore",
    "threading.BoundedSemaphore",
    "asyncio.Lock",
    "asyncio.Semaphore",
    "asyncio.BoundedSemaphore",
    "asyncio.Condition",
}


class FreshLockInWith(FileRule):
    """ADMF206: a lock created in the `with` statement itself protects nothing.

    `with threading.Lock():` builds a new lock, takes it (no other thread can be holding it: nobody
    else has it) and drops it at the end of the block. Every thread gets its own lock, so the block
    runs concurrently exactly as if there were no lock. The same holds for `RLock()`,
    `Condition()`, semaphores and `async with asyncio.Lock():`.

    Fix: create the lock once where the protected state lives (`self._lock = threading.Lock()` in
    `__init__`, or a module-level `_LOCK`) and use `with self._lock:`.
    """

    code = "ADMF206"
    name = "fresh-lock-in-with"
    VALID: ClassVar[list[str]] = [
        "import threading\n\n_LOCK = threading.Lock()\n\ndef add(book, order):\n"
        "    with _LOCK:\n        book.append(order)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\ndef add(book, order):\n    with threading.Lock():\n"
            "        book.append(order)\n",
            message="`threading.Lock()` is created by this `with`",
        ),
        Invalid(
            "import asyncio\n\nasync def add(book, order):\n    async with asyncio.Lock():\n"
            "        book.append(order)\n",
        ),
    ]

    def _check(self, node: ast.With | ast.AsyncWith, ctx: FileContext) -> None:
        for item in node.items:
            expr = item.context_expr
            if type(expr) is not ast.Call:
                continue
            name = ctx.dotted(expr.func)
            if name in _FRESH:
                ctx.report(
                    expr,
                    f"`{name}()` is created by this `with`, so no other thread can ever hold it "
                    "and the block is not protected; create the lock once next to the state it "
                    "guards and use that lock here",
                )

    def visit_With(self, node: ast.With, ctx: FileContext) -> None:
        self._check(node, ctx)

    def visit_AsyncWith(self, node: ast.AsyncWith, ctx: FileContext) -> None:
        self._check(node, ctx)
