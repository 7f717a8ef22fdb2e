"""What a stalled run prints: the wait-for graph, every thread's stack, every task's stack.

The wait-for graph comes from the runtime checker (``admf_tsan.runtime``) when it knows the
locks involved; the stacks come from the interpreter, rendered by the runtime's formatter.
"""

from __future__ import annotations

import asyncio
import io
import sys
import threading
from collections.abc import Iterable

__all__ = ["stall_headline", "stall_report", "task_stacks", "thread_stacks", "wait_for_graph"]

# Threads of the plugin and of the runtime checker that only watch: never part of a stall.
_WATCHER_NAMES = frozenset({"admf-deadline"})
_WATCHER_FILES = ("admf_tsan/runtime/_watchdog.py",)


def thread_stacks(skip_current: bool = True) -> str:
    """Every live thread's name and stack (user code only), one block per thread.

    Rendered by the runtime's formatter, like the watchdog's and the scheduler's reports; the
    threads that only watch (and, with ``skip_current``, the calling thread) are left out.
    """
    from admf_tsan.runtime._format import format_thread_stacks

    skip = {threading.get_ident()} if skip_current else set()
    skip.update(
        thread.ident
        for thread in threading.enumerate()
        if thread.name in _WATCHER_NAMES and thread.ident is not None
    )
    skip.update(
        ident
        for ident, frame in sys._current_frames().items()
        if frame.f_code.co_filename.replace("\\", "/").endswith(_WATCHER_FILES)
    )
    return format_thread_stacks(skip=skip)


def task_stacks(tasks: Iterable[asyncio.Task[object]]) -> str:
    """Every task's name, state and stack (where it awaits)."""
    blocks = []
    for task in tasks:
        buffer = io.StringIO()
        task.print_stack(file=buffer)
        blocks.append(f"--- task {task.get_name()} ---\n{buffer.getvalue().rstrip()}")
    return "\n".join(blocks) if blocks else "(no task)"


def wait_for_graph() -> str | None:
    """The runtime checker's wait-for graph (who holds what, who waits for what), if it has one."""
    try:
        from admf_tsan import runtime
    except ImportError:
        return None
    describe = getattr(runtime, "format_wait_for_graph", None)
    if describe is None:
        return None
    try:
        text = describe()
    except Exception as error:  # a diagnostic must never hide the stall it describes
        return f"(the wait-for graph could not be built: {type(error).__name__}: {error})"
    return str(text).strip() or None


def stall_report(headline: str, *, tasks: str | None = None) -> str:
    """The full text of a stall: headline, wait-for graph, tasks' and threads' stacks."""
    parts = [headline]
    graph = wait_for_graph()
    if graph:
        parts.append(f"wait-for graph:\n{graph}")
    if tasks:
        parts.append(f"asyncio tasks:\n{tasks}")
    parts.append(f"threads:\n{thread_stacks()}")
    return "\n\n".join(parts)


def stall_headline(reason: str, deadline: object, context: str, seed: int, what: str) -> str:
    """The report of a run ``join_all`` stopped waiting for (``reason``: what it returned)."""
    seconds = getattr(deadline, "seconds", None)
    if reason == "deadline":
        return stall_report(
            f"{what} made no progress for {seconds:g} s (--admf-timeout) in context {context}, "
            f"seed {seed}"
        )
    return stall_report(
        f"{what} can never finish in context {context}, seed {seed}: the runtime checkers "
        "found a deadlock (their report follows)"
    )
