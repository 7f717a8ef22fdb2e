"""The one rendering of stacks and wait-for graphs, for every report that shows them.

The runtime's watchdog, lock-order and blocking reports, the pytest plugin's stall
diagnostics and the controlled scheduler's deadlock report all print thread stacks and
"who waits for whom"; they render them here so that they read the same.

API::

    from admf_tsan.runtime._format import (
        ThreadWait, format_cycle, format_frames, format_stack, format_thread_stacks,
        format_wait_for, is_hidden_frame, lock_label, stack_frames,
    )

    format_stack(frame)                      # one thread's stack, user code only
    format_stack(frame, full=True)           # every frame
    format_thread_stacks(skip={watcher_ident}, full=False)
    format_wait_for([ThreadWait("payer", holds=("cash_lock",), waiting="waits for book_lock",
                                blocked_by=("booker",), note="waiting 0.2s"), ...],
                    cycle=("payer", "booker"))

Stacks are trimmed to user code by default: admf-tsan's own modules, the pytest plugin, the
standard library (``threading``'s bootstrap included) and test runners are hidden; a thread
with no user frame (an executor worker waiting for work) gets one line naming its innermost
frame (``stack_frames`` falls back to the whole stack instead). Locks are named the
way the user's code spells them where that is known (``cash_lock``, ``Account._lock``, the
factory's ``name=``), else by their lockdep class (``Lock@app.py:12``).
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any

from admf_tsan.runtime import _sites
from admf_tsan.runtime._sites import StackFrame

__all__ = [
    "ThreadWait",
    "format_cycle",
    "format_frames",
    "format_stack",
    "format_thread_stacks",
    "format_wait_for",
    "format_wait_line",
    "is_hidden_frame",
    "lock_label",
    "stack_frames",
    "thread_names",
]

is_hidden_frame = _sites.is_hidden_frame


def stack_frames(
    frame: FrameType | None, *, full: bool = False, limit: int = 64
) -> list[StackFrame]:
    """The frames from ``frame`` outwards, innermost first: the user's only, unless ``full``
    (or unless none is the user's)."""
    if full:
        return _sites.raw_stack(frame, limit)
    return _sites.user_stack(frame, limit)


def format_frames(frames: Sequence[StackFrame], indent: str = "    ") -> str:
    """Render ``frames`` (innermost first) the way tracebacks do: outermost first, with code."""
    summary = traceback.StackSummary.from_list(
        [(filename, line, name, None) for filename, line, name in reversed(frames)]
    )
    lines: list[str] = []
    for entry in summary:
        lines.append(
            f'{indent}File "{_sites.short_path(entry.filename)}", line {entry.lineno}, '
            f"in {entry.name}"
        )
        if entry.line:
            lines.append(f"{indent}  {entry.line.strip()}")
    return "\n".join(lines)


def format_stack(frame: FrameType | None, *, full: bool = False, indent: str = "    ") -> str:
    """One thread's stack from ``frame`` (its innermost frame), trimmed unless ``full``."""
    if frame is None:
        return f"{indent}(no stack: the thread is not running Python code)"
    if full:
        return format_frames(_sites.raw_stack(frame), indent)
    frames = _sites.raw_stack(frame)
    mine = [entry for entry in frames if not _sites.is_hidden_frame(entry[0])]
    if not mine and frames:
        filename, line, name = frames[0]
        return (
            f"{indent}(no user code on this stack; innermost: "
            f"{_sites.short_path(filename)}:{line} in {name})"
        )
    return format_frames(mine, indent)


def thread_names() -> dict[int, str]:
    """Thread ident -> name, for every thread that runs (raw threads get a made-up name)."""
    names = {ident: f"<thread {ident}>" for ident in sys._current_frames()}
    for thread in threading.enumerate():
        if thread.ident is not None:
            names[thread.ident] = thread.name
    return names


def format_thread_stacks(
    *,
    skip: Iterable[int] = (),
    full: bool = False,
    frames: Mapping[int, FrameType] | None = None,
    indent: str = "  ",
) -> str:
    """Every thread's current stack (or those of ``frames``), one block per thread, in ident
    order; threads in ``skip`` (watcher threads) are left out."""
    names = thread_names()
    skipped = set(skip)
    current = sys._current_frames() if frames is None else frames
    blocks: list[str] = []
    for ident, frame in sorted(current.items()):
        if ident in skipped:
            continue
        blocks.append(f"{indent}thread {names.get(ident, str(ident))!r} (ident {ident}):")
        blocks.append(format_stack(frame, full=full, indent=indent + "  "))
    return "\n".join(blocks) if blocks else f"{indent}(no other thread)"


def lock_label(lock: Any) -> str:
    """A lock's name as the user's code spells it where known (see the module docstring)."""
    lock_class = getattr(lock, "lock_class", None)
    if lock_class is not None:
        return str(lock_class.label)
    describe = getattr(lock, "_sched_describe", None)
    if describe is not None:
        return str(describe())
    return repr(lock)


@dataclass(frozen=True)
class ThreadWait:
    """One thread's line of a wait-for graph.

    ``waiting`` is the phrase after what it holds (``"waits for book_lock"``,
    ``"waits in Event.wait()"``, ``"could run"``); None means it runs. ``blocked_by`` names
    the threads that hold what it waits for; ``note`` ends the line (``"waiting 2.0s"``).
    """

    thread: str
    holds: tuple[str, ...] = ()
    waiting: str | None = None
    blocked_by: tuple[str, ...] = ()
    note: str = ""


def format_wait_line(wait: ThreadWait) -> str:
    """``thread 'T1' holds A, waits for B (held by 'T2'); waiting 2.0s``."""
    holds = f"holds {', '.join(wait.holds)}" if wait.holds else "holds no instrumented lock"
    if wait.waiting is None:
        doing = "not waiting (running)"
    else:
        owners = ", ".join(repr(name) for name in wait.blocked_by)
        doing = wait.waiting + (f" (held by {owners})" if owners else "")
    note = f"; {wait.note}" if wait.note else ""
    return f"thread {wait.thread!r} {holds}, {doing}{note}"


def format_cycle(names: Sequence[str]) -> str:
    """``'T1' -> 'T2' -> 'T1'``: a wait-for cycle, closed."""
    if not names:
        return ""
    return " -> ".join(repr(name) for name in [*names, names[0]])


def format_wait_for(
    waits: Iterable[ThreadWait], *, cycle: Sequence[str] = (), indent: str = "  "
) -> str:
    """The wait-for graph: one line per thread, then the cycle when there is one."""
    lines = [indent + format_wait_line(wait) for wait in waits]
    if cycle:
        lines.append(f"{indent}cycle: {format_cycle(cycle)}")
    return "\n".join(lines)
