"""Bookkeeping shared by every checker: per-thread held locks and the registry of waits.

This is the hot path's state, so it is plain module globals that ``checking()`` switches:
a lock operation reads one global to learn that checking is off and pays nothing else.
Everything here uses raw ``_thread`` locks, never instrumented ones.
"""

from __future__ import annotations

import _thread
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from admf_tsan.runtime import _sites

__all__ = [
    "HELD_BY_THREAD",
    "WAITS",
    "Hooks",
    "WaitRecord",
    "begin_wait",
    "end_wait",
    "held_locks",
    "hooks",
    "thread_state",
]


class _ThreadState(threading.local):
    """Per-thread: the instrumented locks this thread holds, innermost last."""

    def __init__(self) -> None:
        self.held: list[Any] = []
        # True while this thread runs checker code or an allowed blocking call, so that calls
        # made on its behalf are not checked again.
        self.busy = False
        HELD_BY_THREAD[_thread.get_ident()] = self.held


HELD_BY_THREAD: dict[int, list[Any]] = {}
"""Thread ident -> that thread's held-lock list (read by the watchdog, racy by design)."""

thread_state = _ThreadState()


def forget_dead_threads() -> None:
    """Drop the held-lock lists of threads that no longer exist."""
    alive = sys._current_frames()
    for ident in list(HELD_BY_THREAD):
        if ident not in alive:
            HELD_BY_THREAD.pop(ident, None)


def _after_fork_in_child() -> None:
    """Only the forking thread exists in the child: forget every other thread's bookkeeping."""
    WAITS.clear()
    mine = HELD_BY_THREAD.get(_thread.get_ident())
    HELD_BY_THREAD.clear()
    if mine is not None:
        HELD_BY_THREAD[_thread.get_ident()] = mine


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def held_locks() -> list[Any]:
    """The instrumented locks the calling thread holds, outermost first (a copy)."""
    return list(thread_state.held)


@dataclass
class WaitRecord:
    """One thread blocked in an instrumented wait (a lock, a condition, a join, a queue)."""

    thread_ident: int
    thread_name: str
    kind: str
    target: Any
    description: str
    forever: bool
    since: float = field(default_factory=time.monotonic)
    serial: int = field(default_factory=itertools.count().__next__)


WAITS: dict[int, WaitRecord] = {}
"""Thread ident -> the wait that thread is blocked in."""


class Hooks:
    """Which checkers the instrumented code calls into; set by ``checking()``.

    ``active`` is False when no session runs; the lock wrappers then act like plain locks.
    """

    __slots__ = ("active", "validator", "blocking", "track_waits", "report", "progress")

    def __init__(self) -> None:
        self.active = False
        self.validator: Any = None
        self.blocking: Any = None
        self.track_waits = False
        self.report: Callable[..., Any] | None = None
        self.progress = 0


hooks = Hooks()


def begin_wait(kind: str, target: Any, description: str, forever: bool) -> WaitRecord | None:
    """Register that the calling thread is about to block; None when waits are not tracked
    or the thread is already registered (a nested wait inside an outer one)."""
    ident = _thread.get_ident()
    if not hooks.track_waits or ident in WAITS:
        return None
    record = WaitRecord(ident, _sites.current_thread_name(), kind, target, description, forever)
    WAITS[ident] = record
    return record


def end_wait(record: WaitRecord | None) -> None:
    """The wait ``record`` is over (acquired, woken, timed out or failed): progress."""
    if record is None:
        return
    if WAITS.get(record.thread_ident) is record:
        del WAITS[record.thread_ident]
    hooks.progress += 1
