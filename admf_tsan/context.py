"""Execution contexts: which threading model the code runs under.

Bootstrap code sets the process-wide context once (``set_process_context``); tests and
scoped code override it with ``use_context``, which is ContextVar based:

* asyncio tasks inherit the override of the code that created them;
* a plain ``threading.Thread`` starts with an empty ContextVar state, so it sees the
  process-wide context, not the override of the thread that started it. Use
  ``ContextThread`` (or ``contextvars.copy_context().run``) to start a thread that keeps
  the creating thread's override.

Usage::

    from admf_tsan import RunMode, set_process_context, use_context, ThreadingMode

    set_process_context(RunMode.OPTIMIZATION)          # bootstrap: MULTI_THREADED
    with use_context(ThreadingMode.SINGLE_THREADED):   # this task/thread only
        ...
"""

from __future__ import annotations

import contextvars
import enum
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "ContextThread",
    "ExecutionContext",
    "RunMode",
    "ThreadingMode",
    "current_context",
    "set_process_context",
    "use_context",
]


class ThreadingMode(enum.Enum):
    """The threading model code runs under, and so which primitives it needs."""

    SINGLE_THREADED = "single"
    MULTI_THREADED = "multi"
    ASYNC = "async"
    AUTO_DETECT = "auto"

    @property
    def short(self) -> str:
        """The short name used on command lines: ``single``, ``multi``, ``async``, ``auto``."""
        return self.value

    @classmethod
    def parse(cls, value: ThreadingMode | str) -> ThreadingMode:
        """Return the mode named by ``value`` (``"multi"``, ``"MULTI_THREADED"``, a member).

        Raises ValueError naming the accepted spellings when ``value`` names no mode.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            key = value.strip()
            for mode in cls:
                if key.lower() in {mode.value, mode.name.lower()}:
                    return mode
        accepted = ", ".join(f"{m.value!r}" for m in cls)
        raise ValueError(f"unknown threading mode {value!r}: expected one of {accepted}")


class RunMode(enum.Enum):
    """What the system is doing; each run mode implies a threading mode."""

    BACKTEST = "backtest"
    OPTIMIZATION = "optimization"
    LIVE_TRADING = "live_trading"
    TEST = "test"

    @property
    def threading_mode(self) -> ThreadingMode:
        """The threading mode bootstrap code should use for this run mode."""
        return _RUN_MODE_THREADING[self]


# A backtest replays events on one thread; optimization runs trials in parallel; live trading
# is I/O bound and runs on an event loop (with executor threads for sync handlers); tests
# start unlocked and lock as soon as a second thread appears.
_RUN_MODE_THREADING: Mapping[RunMode, ThreadingMode] = {
    RunMode.BACKTEST: ThreadingMode.SINGLE_THREADED,
    RunMode.OPTIMIZATION: ThreadingMode.MULTI_THREADED,
    RunMode.LIVE_TRADING: ThreadingMode.ASYNC,
    RunMode.TEST: ThreadingMode.AUTO_DETECT,
}


@dataclass(frozen=True)
class ExecutionContext:
    """An immutable description of how the current code runs.

    ``checking`` turns on the thread-affinity checks of SINGLE_THREADED objects made by the
    factory (the runtime checker turns them on too while it is installed).
    """

    threading_mode: ThreadingMode = ThreadingMode.MULTI_THREADED
    run_mode: RunMode | None = None
    checking: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.threading_mode, ThreadingMode):
            object.__setattr__(self, "threading_mode", ThreadingMode.parse(self.threading_mode))

    @classmethod
    def for_run_mode(cls, run_mode: RunMode, *, checking: bool = False) -> ExecutionContext:
        """The context bootstrap code sets for ``run_mode``."""
        return cls(run_mode.threading_mode, run_mode, checking)

    @property
    def needs_locking(self) -> bool:
        """False only when a single thread touches everything (no locks needed)."""
        return self.threading_mode is not ThreadingMode.SINGLE_THREADED

    def with_checking(self, checking: bool = True) -> ExecutionContext:
        """A copy of this context with ``checking`` set."""
        return replace(self, checking=checking)


ContextLike = ExecutionContext | ThreadingMode | RunMode | str

# The default is the safe one: real locks. Single-threaded programs opt in to no-op locks.
_process_context = ExecutionContext(ThreadingMode.MULTI_THREADED)
_override: contextvars.ContextVar[ExecutionContext | None] = contextvars.ContextVar(
    "admf_tsan_execution_context", default=None
)


def as_context(value: ContextLike) -> ExecutionContext:
    """Turn a context, threading mode, run mode or mode name into an ExecutionContext."""
    if isinstance(value, ExecutionContext):
        return value
    if isinstance(value, RunMode):
        return ExecutionContext.for_run_mode(value)
    if isinstance(value, str):
        try:
            return ExecutionContext.for_run_mode(RunMode(value.strip().lower()))
        except ValueError:
            pass
    return ExecutionContext(ThreadingMode.parse(value))


def current_context() -> ExecutionContext:
    """The context in force here: the innermost ``use_context``, else the process-wide one."""
    override = _override.get()
    return _process_context if override is None else override


def set_process_context(value: ContextLike) -> ExecutionContext:
    """Set the process-wide context (bootstrap code); return the previous one."""
    global _process_context
    previous = _process_context
    _process_context = as_context(value)
    return previous


@contextmanager
def use_context(value: ContextLike, *, checking: bool | None = None) -> Iterator[ExecutionContext]:
    """Run a block (and the asyncio tasks it creates) under another context.

    The override is ContextVar based: it does not leak into other threads or tasks, and it
    is undone on exit even when the block raises.
    """
    context = as_context(value)
    if checking is not None:
        context = context.with_checking(checking)
    token = _override.set(context)
    try:
        yield context
    finally:
        _override.reset(token)


class ContextThread(threading.Thread):
    """A ``threading.Thread`` that runs in a copy of its creator's ContextVar state.

    A plain thread sees the process-wide execution context; this one sees the context (and
    every other ContextVar) in force where it was constructed.
    """

    def __init__(
        self,
        group: None = None,
        target: Callable[..., object] | None = None,
        name: str | None = None,
        args: tuple[Any, ...] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        daemon: bool | None = None,
    ) -> None:
        super().__init__(group, target, name, args, kwargs, daemon=daemon)
        self._admf_context = contextvars.copy_context()

    def run(self) -> None:
        self._admf_context.run(super().run)
