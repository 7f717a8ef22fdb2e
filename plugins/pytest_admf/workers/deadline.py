"""Deadlines: how long one run of a stressed test may take, and what happens when it is over.

Inside ``stress.run`` every wait is bounded by the deadline, so a stalled run ends with its own
report. A test body that hangs elsewhere (its own threads, a lock taken in the body) is
interrupted: a watchdog thread sends ``SIGUSR2`` to the main thread, whose handler raises
``StressStalled`` with every stack. Lock waits, sleeps and joins are interruptible by signals on
POSIX, so this ends the test and the session goes on. The handler is installed once per session
and does nothing unless a guarded body is running, so a late signal can never kill the process.
Off the main thread (or without ``SIGUSR2``) bodies are not interrupted, only ``stress.run``.
"""

from __future__ import annotations

import _thread
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from admf_tsan.scheduler._engine import UNWIND_SECONDS
from pytest_admf.failures import DeadlineExceeded, StressStalled
from pytest_admf.workers.diagnostics import stall_report

__all__ = [
    "Deadline",
    "install_interrupt_handler",
    "interrupt_after",
    "uninstall_interrupt_handler",
]

# Beyond the deadline, stress.run gets this long to report a stall itself (its report knows the
# workers) before the watchdog interrupts the body: the scheduler's time to unwind its workers
# and a second more, so that which of the two reports a hang never depends on timing.
_BODY_GRACE = UNWIND_SECONDS + 1.0
_SIGNAL = getattr(signal, "SIGUSR2", None)
# How often the watchdog asks the runtime checkers whether the block can ever finish.
_FATAL_POLL = 0.05


class Deadline:
    """A point in time; ``remaining()`` is never negative."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.expires - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.expires

    def __repr__(self) -> str:
        return f"<Deadline {self.seconds:g}s, {self.remaining():.2f}s left>"


_JOIN_SLICE = 0.05


def join_all(
    threads: Sequence[threading.Thread],
    deadline: Deadline,
    fatal: Callable[[], str | None] | None = None,
) -> str | None:
    """Wait for ``threads`` until they end, the deadline passes, or ``fatal()`` names a reason.

    Returns None when every thread ended, else why the wait stopped: the text ``fatal()``
    returned (a deadlock the runtime checker already found: waiting longer cannot help), or
    ``"deadline"``.
    """
    while True:
        alive = [thread for thread in threads if thread.is_alive()]
        if not alive:
            return None
        reason = fatal() if fatal is not None else None
        if reason:
            return reason
        if deadline.expired():
            return "deadline"
        alive[0].join(min(_JOIN_SLICE, deadline.remaining()))


class _Guard:
    def __init__(self, context: str, seed: int) -> None:
        self.lock = _thread.allocate_lock()
        self.done = False
        self.fired_with: str | None = None
        self.by_deadline = False
        self.context = context
        self.seed = seed


_active: list[_Guard] = []
_previous_handler: object = None
_installed = False


def _on_signal(signum: int, frame: FrameType | None) -> None:
    __tracebackhide__ = True  # the interruption points at the test's line, not at this handler
    guard = _active[-1] if _active else None
    if guard is None:
        return
    with guard.lock:
        text = None if guard.done else guard.fired_with
        kind = DeadlineExceeded if guard.by_deadline else StressStalled
    if text is not None:
        raise kind(text, context=guard.context, seed=guard.seed)


def install_interrupt_handler() -> bool:
    """Install the session's SIGUSR2 handler (main thread only); return whether it is installed."""
    global _previous_handler, _installed
    if _installed:
        return True
    if _SIGNAL is None or threading.current_thread() is not threading.main_thread():
        return False
    _previous_handler = signal.signal(_SIGNAL, _on_signal)
    _installed = True
    return True


def uninstall_interrupt_handler() -> None:
    """Put back the handler that was there before ``install_interrupt_handler``."""
    global _installed
    if _installed and _SIGNAL is not None and threading.current_thread() is threading.main_thread():
        signal.signal(_SIGNAL, _previous_handler)  # type: ignore[arg-type]
        _installed = False


@contextmanager
def interrupt_after(
    deadline: Deadline,
    *,
    context: str,
    seed: int,
    describe: Callable[[], str] | None = None,
    fatal: Callable[[], str | None] | None = None,
    budget: str | None = None,
) -> Iterator[None]:
    """Run the block; if it is still running past ``deadline`` (plus a grace), interrupt it.

    The interruption raises ``StressStalled`` in the block with the stall report (every stack,
    the wait-for graph). When ``fatal()`` returns a report (the runtime checkers saw a
    self-deadlock or a lock cycle: the block can never finish) the block is interrupted at
    once with that report, not at the deadline. ``budget`` names where the deadline came from
    in the message. Only the main thread can be interrupted; elsewhere this only bounds
    nothing and the block runs to its end.
    """
    if not _installed or threading.current_thread() is not threading.main_thread():
        yield
        return
    guard = _Guard(context, seed)
    # A raw lock, not a threading.Event: the checkers and the scheduler patch threading, and
    # the watchdog's own wait must not show up in their wait-for graphs.
    stop = _thread.allocate_lock()
    stop.acquire()
    main_ident = threading.get_ident()

    def watch() -> None:
        expires = deadline.expires + _BODY_GRACE
        found: str | None = None
        while found is None:
            left = expires - time.monotonic()
            if left <= 0:
                break
            if stop.acquire(True, min(left, _FATAL_POLL) if fatal is not None else left):
                return
            found = fatal() if fatal is not None else None
        if found is not None:
            headline = (
                f"the test can never finish: the runtime checkers found a deadlock in context "
                f"{context}, seed {seed}"
            )
            text = f"{headline}\n\n{found}"
        else:
            limit = budget or "--admf-timeout"
            headline = (
                f"the test made no progress for {deadline.seconds:g} s ({limit}) in context "
                f"{context}, seed {seed}"
            )
            text = describe() if describe is not None else stall_report(headline)
        with guard.lock:
            if guard.done:
                return
            guard.fired_with = text
            guard.by_deadline = found is None
            signal.pthread_kill(main_ident, _SIGNAL)  # type: ignore[arg-type]

    watcher = threading.Thread(target=watch, name="admf-deadline", daemon=True)
    _active.append(guard)
    watcher.start()
    try:
        yield
    finally:
        with guard.lock:
            guard.done = True
        stop.release()
        _active.remove(guard)
        watcher.join(timeout=5.0)
