"""Shared state of the controlled scheduler: the one state lock, workers and their states.

Everything the engine and the modeled primitives both touch lives here: the real primitives
captured before any patching, the ``STATE`` lock that guards all engine and primitive state,
the run in progress (``ACTIVE``), and ``Worker`` with its ``WorkerState``.
"""

from __future__ import annotations

import _thread
import enum
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._engine import Engine

# Captured at import, before any patching: the engine's own machinery must stay real.
REAL_CONDITION = threading.Condition
REAL_THREAD_JOIN = threading.Thread.join
REAL_SLEEP = time.sleep
REAL_MONOTONIC = time.monotonic
REAL_TIME = time.time


class WorkerState(enum.Enum):
    """Where a worker of a run is; reports print the value (``blocked``)."""

    RUNNABLE = "runnable"
    """May run: it holds the turn or waits for it."""
    BLOCKED = "blocked"
    """Parked on a modeled primitive (or a worker to finish) until it changes."""
    DETACHED = "detached"
    """Blocked in a call the scheduler does not model: it runs free until its next switch point."""
    DONE = "done"
    """Finished (returned, raised or unwound)."""
    RELEASED = "released"
    """An adopted thread let go at the end of the run: it goes on as an ordinary thread."""


class RawEvent:
    """A minimal event on a raw ``_thread`` lock: ``threading.Event`` builds on the (maybe
    patched) module-level ``Condition``, and the engine's own handshakes must stay real."""

    __slots__ = ("_flag", "_gate")

    def __init__(self) -> None:
        self._flag = False
        self._gate = _thread.allocate_lock()
        self._gate.acquire()

    def set(self) -> None:
        if not self._flag:
            self._flag = True
            self._gate.release()

    def is_set(self) -> bool:
        return self._flag

    def _at_fork_reinit(self) -> None:
        self.__init__()  # type: ignore[misc]

    def wait(self, timeout: float | None = None) -> bool:
        if self._flag:
            return True
        if self._gate.acquire(timeout=-1 if timeout is None else timeout):
            self._gate.release()
        return self._flag


class ScheduleAborted(BaseException):
    """Raised inside a worker to unwind it when its run is aborted (deadlock or timeout).

    A BaseException so that ``except Exception`` in code under test does not swallow it.
    """


class _StateLock:
    """The one real lock around engine and primitive state, remembering which thread holds it.

    The holder is recorded so that a switch point reached while the same thread already holds
    the lock (a finalizer of code under test run by the garbage collector inside scheduler
    bookkeeping) is skipped instead of deadlocking the thread on itself.
    """

    __slots__ = ("cond", "holder", "outside_waiters")

    def __init__(self) -> None:
        self.cond = REAL_CONDITION(_thread.allocate_lock())
        self.holder = 0
        # Threads that are not workers, waiting on a modeled primitive right now: a worker may
        # wake one, and it may then wake a worker, so "nobody can run" is not yet a deadlock.
        self.outside_waiters = 0

    def __enter__(self) -> None:
        self.cond.acquire()
        self.holder = _thread.get_ident()

    def __exit__(self, *exc: object) -> None:
        self.holder = 0
        self.cond.release()

    def release_for(self, blocker: Callable[[], object]) -> None:
        """Release, run ``blocker`` (a blocking call), re-acquire."""
        self.holder = 0
        self.cond.release()
        try:
            blocker()
        finally:
            self.cond.acquire()
            self.holder = _thread.get_ident()

    def wait(self, timeout: float | None) -> None:
        """Wait for a change announced with :meth:`notify_all` (threads the engine does not run)."""
        self.holder = 0
        self.outside_waiters += 1
        try:
            self.cond.wait(timeout)
        finally:
            self.outside_waiters -= 1
            self.holder = _thread.get_ident()

    def notify_all(self) -> None:
        self.cond.notify_all()


STATE = _StateLock()


class _Active:
    """The run in progress in this process (at most one)."""

    engine: Engine | None = None


ACTIVE = _Active()
_SERIAL = itertools.count(1)


def next_serial() -> int:
    """A process-wide serial number for naming modeled primitives."""
    return next(_SERIAL)


class Worker:
    """One worker of a run: its thread, its gate, and what it waits for."""

    __slots__ = (
        "index",
        "name",
        "fn",
        "gate",
        "state",
        "parked",
        "waiting_for",
        "deadline",
        "timed_out",
        "ident",
        "thread",
        "held",
        "adopted",
        "native_id",
        "library_op",
    )

    def __init__(self, index: int, fn: Callable[[], object], *, adopted: bool = False) -> None:
        self.index = index
        self.name = f"worker {index}"
        self.fn = fn
        self.gate = _thread.allocate_lock()
        self.gate.acquire()
        self.state = WorkerState.RUNNABLE
        self.parked = True  # the gate is held: the worker waits for its first turn
        self.waiting_for: object = None
        self.deadline: float | None = None
        self.timed_out = False
        self.ident = 0
        self.thread: threading.Thread | None = None
        self.held: list[object] = []
        self.adopted = adopted
        self.native_id = 0
        # The operation in progress was called by library code (no switch point, no event).
        self.library_op = False

    @property
    def released(self) -> bool:
        """True once the run let this (adopted) thread go on as an ordinary thread."""
        return self.state is WorkerState.RELEASED

    def __repr__(self) -> str:
        return f"<Worker {self.index} {self.state.value}>"


def current_worker_locked() -> tuple[Engine | None, Worker | None]:
    """The active run and, if this thread is one of its live workers, the worker."""
    engine = ACTIVE.engine
    if engine is None:
        return None, None
    worker = engine.by_ident.get(_thread.get_ident())
    if worker is None or worker.state is WorkerState.DONE or worker.state is WorkerState.RELEASED:
        return engine, None
    return engine, worker


def _leave_run_in_forked_child() -> None:
    """In a process forked from inside a run (multiprocessing's ``fork`` start method): only
    the forking thread exists there, and no scheduler will ever give it a turn. The child is no
    part of the run: it forgets it, gets a fresh state lock (another thread may have held it
    at the fork) and runs without the tracer. Modeled primitives made before keep working
    there with ordinary blocking, as outside a run."""
    ACTIVE.engine = None
    STATE.cond = REAL_CONDITION(_thread.allocate_lock())
    STATE.holder = 0
    STATE.outside_waiters = 0
    sys.settrace(None)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_leave_run_in_forked_child)
