"""``checking()``: turn the runtime checkers on for a block of code, and collect a report.

A session installs, for its duration and in this order: the lock-order validator, the
blocking detector (and the wait tracking the watchdog needs), the factories
``threading.Lock`` / ``threading.RLock`` (wrapping whatever they were, so locks made by any
code are instrumented), ``asyncio.run_coroutine_threadsafe`` (so the watchdog sees a wait for a
loop as a wait for its thread), the core's instrumentation hook (so ``ThreadSafetyFactory``
hands out checked locks and reports thread-affinity violations), and the watchdog thread.
Leaving the block undoes all of it in reverse order; locks made meanwhile keep working as
plain locks.
"""

from __future__ import annotations

import _thread
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from admf_tsan import _instrumentation
from admf_tsan.errors import AdmfTsanError, ThreadSafetyViolation
from admf_tsan.runtime import _format, _sites
from admf_tsan.runtime._blocking import BlockingDetector
from admf_tsan.runtime._findings import KINDS, CheckReport, CheckStatistics, Finding
from admf_tsan.runtime._lockdep import LockOrderValidator
from admf_tsan.runtime._locks import CheckedLock, lock_serial, make_checked_lock
from admf_tsan.runtime._loops import loop_patches
from admf_tsan.runtime._patching import Patch, apply_patches, restore_patches
from admf_tsan.runtime._state import (
    HELD_BY_THREAD,
    WAITS,
    forget_dead_threads,
    hooks,
    thread_state,
)
from admf_tsan.runtime._threads import ThreadDetector
from admf_tsan.runtime._watchdog import DeadlockReport, Watchdog

__all__ = [
    "NewLockInstrumentation",
    "Session",
    "active_session",
    "checking",
    "instrument_new_locks",
]

_session_mutex = _thread.allocate_lock()
_active: list[Session] = []


class Session:
    """The checkers of one outermost ``checking()`` block, and the reports listening to it.

    Implements the core's ``Instrumentation`` protocol (``make_lock``, ``make_condition``,
    ``report``, ``on_object_access``).
    """

    def __init__(
        self,
        *,
        lock_order: bool,
        blocking: bool,
        watchdog: bool,
        thread_affinity: bool,
        patch_threading: bool,
        deadlock_timeout: float,
        on_deadlock: Callable[[DeadlockReport], Any] | None,
        allow_blocking: tuple[Callable[..., Any] | str, ...],
    ) -> None:
        # (report, raise_on_violation, ident of the thread that entered the block)
        self.listeners: list[tuple[CheckReport, bool, int]] = []
        self.thread_affinity = thread_affinity
        self.patch_threading = patch_threading
        self.validator = LockOrderValidator(self.emit) if lock_order else None
        self.blocking_enabled = blocking
        self.detector = (
            BlockingDetector(self.emit, allow=allow_blocking) if (blocking or watchdog) else None
        )
        self.thread_detector = ThreadDetector(self.report)
        self.watchdog = (
            Watchdog(deadlock_timeout, on_deadlock=self._on_deadlock) if watchdog else None
        )
        self._user_on_deadlock = on_deadlock
        self._patches: list[Patch] = []
        self._seen: set[tuple[str, str]] = set()
        self._first_serial = lock_serial()
        # The real locks checked locks wrap: whatever threading offered when the session began
        # (another tool's lock model, when one is installed).
        self._base_lock: Callable[[], Any] = threading.Lock
        self._base_rlock: Callable[[], Any] = threading.RLock

    # -- Instrumentation protocol ----------------------------------------------------------

    def make_lock(self, *, reentrant: bool, name: str | None) -> CheckedLock:
        """An instrumented lock over a real one (the factory's ``lock()``/``rlock()``)."""
        inner = self._base_rlock() if reentrant else self._base_lock()
        return make_checked_lock(inner, reentrant=reentrant, name=name, depth=1)

    def make_condition(self, lock: Any | None, *, name: str | None) -> threading.Condition:
        """A ``threading.Condition`` over ``lock`` (a new instrumented RLock when None)."""
        if lock is None:
            lock = make_checked_lock(self._base_rlock(), reentrant=True, name=name, depth=1)
        return threading.Condition(lock)  # type: ignore[arg-type]

    def report(self, violation: Exception) -> None:
        """Record a violation found by the core (thread affinity) or the ThreadDetector."""
        if isinstance(violation, ThreadSafetyViolation) and not self.thread_affinity:
            return
        if not isinstance(violation, AdmfTsanError):
            raise TypeError(f"report() takes an admf-tsan violation, not {violation!r}")
        text = str(violation)
        kind = "thread-affinity" if isinstance(violation, ThreadSafetyViolation) else "deadlock"
        self._record(kind, text.split(";")[0].split(". ")[0], text, violation)

    def on_object_access(self, kind: str, name: str, thread_ident: int) -> None:
        """The core's optional access hook."""
        self.thread_detector.on_object_access(kind, name, thread_ident)

    # -- findings --------------------------------------------------------------------------

    def emit(self, kind: str, summary: str, text: str) -> None:
        """Record a checker's finding; raise it here when the innermost report asks to."""
        self._record(kind, summary, text, _error(kind, text))

    def _record(
        self, kind: str, summary: str, text: str, error: AdmfTsanError, thread: str | None = None
    ) -> None:
        finding = Finding(kind, thread or _sites.current_thread_name(), summary, text, error)
        with _session_mutex:
            listeners = list(self.listeners)
            first = (kind, summary) not in self._seen
            self._seen.add((kind, summary))
        raising = bool(listeners) and listeners[-1][1] and kind not in ("deadlock", "stall")
        if first:
            here = _thread.get_ident()
            for report, _, owner in listeners:
                # Raised in another thread, it does not reach the block: raise it again there,
                # when the block ends.
                report.add(finding, delivered=raising and owner == here, raised=raising)
        if raising:
            raise error

    def hook_report(self, kind: str, **details: Any) -> None:
        """The lock hot path's callback for what it finds itself (a self-deadlock)."""
        lock: CheckedLock = details["lock"]
        frame = sys._getframe(2)
        was_busy, thread_state.busy = thread_state.busy, True
        try:
            summary = f"thread re-acquires {lock.lock_class.name}, a non-reentrant Lock it holds"
            text = "\n".join(
                [
                    f"DeadlockDetected: {summary}; it waits for itself forever.",
                    f"  {lock.lock_class.describe()}",
                    "  Stack of the second acquire:",
                    _format.format_frames(_sites.user_stack(frame), "    "),
                    "  Fix: use an RLock, or do not call back into code that takes this lock.",
                ]
            )
        finally:
            thread_state.busy = was_busy
        self._record("self-deadlock", summary, text, _error("self-deadlock", text))

    def _on_deadlock(self, report: DeadlockReport) -> None:
        error = _error(report.kind, report.text)
        self._record(report.kind, report.summary, report.text, error, thread="watchdog")
        if self._user_on_deadlock is not None:
            self._user_on_deadlock(report)
        else:
            print(report.text, file=sys.stderr, flush=True)

    def statistics(self) -> CheckStatistics:
        """The session's counters so far."""
        graph = self.validator.statistics() if self.validator is not None else None
        blocking = self.detector.statistics() if self.detector is not None else None
        return CheckStatistics(
            lock_classes=graph.lock_classes if graph else 0,
            lock_order_edges=graph.edges + graph.instance_pairs if graph else 0,
            instrumented_locks=lock_serial() - self._first_serial,
            blocking_calls_checked=blocking.checked_on_loop if blocking else 0,
            watchdog_reports=len(self.watchdog.reports) if self.watchdog is not None else 0,
        )

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Install everything; on a failure, undo what was installed and re-raise."""
        try:
            self._base_lock, self._base_rlock = threading.Lock, threading.RLock
            forget_dead_threads()
            for held in list(HELD_BY_THREAD.values()):
                held.clear()
            if self.detector is not None:
                self.detector.install(waits_only=not self.blocking_enabled)
            patches = _threading_patches() if self.patch_threading else []
            if self.watchdog is not None:
                patches += loop_patches()
            self._patches = patches
            apply_patches(self._patches)
            _instrumentation.install(self)
            hooks.validator = self.validator
            hooks.blocking = self.detector if self.blocking_enabled else None
            hooks.report = self.hook_report
            hooks.active = True
            if self.watchdog is not None:
                self.watchdog.start()
                self.thread_detector.ignore_thread(self.watchdog.thread_ident)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Uninstall everything this session installed (idempotent)."""
        if self.watchdog is not None:
            self.watchdog.stop()
        hooks.active = False
        hooks.validator = hooks.blocking = hooks.report = None
        try:
            _instrumentation.uninstall(self)
        except ValueError:
            pass
        restore_patches(self._patches)
        self._patches = []
        if self.detector is not None:
            self.detector.uninstall()
        if self.validator is not None:
            self.validator.reset_cache()
        WAITS.clear()
        forget_dead_threads()


def _on_exit_error(pending: list[Finding], report: CheckReport) -> AdmfTsanError:
    """What the end of a raising block raises for findings that never reached its thread:
    the first one's exception class, naming the thread it happened on."""
    first = pending[0]
    where = "where it was raised too" if report.was_raised(first) else "where it was not raised"
    more = f" (and {len(pending) - 1} more: see the report)" if len(pending) > 1 else ""
    message = (
        f"{first.kind} found on thread {first.thread!r}, {where}, while the `with checking()` "
        f"block ran{more}:\n{first.text}"
    )
    return type(first.error)(message)


def _error(kind: str, text: str) -> AdmfTsanError:
    """The exception of a finding: its text, without the class name the text starts with."""
    cls = KINDS[kind]
    prefix = f"{cls.__name__}: "
    return cls(text[len(prefix) :] if text.startswith(prefix) else text)


def _threading_patches(*, always: bool = False) -> list[Patch]:
    """``threading.Lock``/``RLock`` made checked, over whatever factory is there now: while a
    session is active, or ``always``."""

    def lock_factory(original: Callable[[], Any]) -> Callable[[], Any]:
        def Lock() -> Any:  # noqa: N802 - it stands in for threading.Lock
            if not (always or hooks.active):
                return original()
            return make_checked_lock(original(), reentrant=False, name=None, depth=1)

        Lock.__wrapped__ = original  # type: ignore[attr-defined]
        return Lock

    def rlock_factory(original: Callable[..., Any]) -> Callable[..., Any]:
        def RLock(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - stands in for threading.RLock
            if not (always or hooks.active):
                return original(*args, **kwargs)
            return make_checked_lock(original(*args, **kwargs), reentrant=True, name=None, depth=1)

        RLock.__wrapped__ = original  # type: ignore[attr-defined]
        return RLock

    return [Patch(threading, "Lock", lock_factory), Patch(threading, "RLock", rlock_factory)]


class NewLockInstrumentation:
    """The handle ``instrument_new_locks()`` returns: ``undo()`` it, or use it as a context
    manager."""

    def __init__(self, patches: list[Patch]) -> None:
        self._patches = patches

    def undo(self) -> bool:
        """Put back the factories found (idempotent); False when another tool's patch now sits
        on top of ours (ours then stays, passing through to the originals' checked locks)."""
        left = restore_patches(self._patches)
        self._patches = []
        return not left

    def __enter__(self) -> NewLockInstrumentation:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.undo()

    def __repr__(self) -> str:
        return f"<NewLockInstrumentation {'active' if self._patches else 'undone'}>"


def instrument_new_locks() -> NewLockInstrumentation:
    """From now on, every ``threading.Lock()``/``RLock()`` (and so every ``Condition``,
    ``Event``, ``Queue``, ...) made by any code is a checked lock, also outside
    ``checking()`` blocks.

    A ``checking()`` block only sees locks made while it runs; locks made at import time
    (module-level locks, objects built by fixtures) are invisible to it. A test runner calls
    this once, before collecting (importing) the code under test, so that every later
    ``checking()`` block tracks those locks too. Outside a block they behave as plain locks,
    at about 2x the cost of one (see docs/runtime.md). Composable like ``checking()``: it
    wraps whatever ``threading.Lock`` is now, and ``undo()`` restores exactly that.
    """
    patches = _threading_patches(always=True)
    apply_patches(patches)
    return NewLockInstrumentation(patches)


def active_session() -> Session | None:
    """The session of the outermost active ``checking()`` block, or None."""
    with _session_mutex:
        return _active[0] if _active else None


@contextmanager
def checking(
    *,
    raise_on_violation: bool = True,
    lock_order: bool = True,
    blocking: bool = True,
    watchdog: bool = True,
    thread_affinity: bool = True,
    patch_threading: bool = True,
    deadlock_timeout: float = 30.0,
    on_deadlock: Callable[[DeadlockReport], Any] | None = None,
    allow_blocking: tuple[Callable[..., Any] | str, ...] = (),
) -> Iterator[CheckReport]:
    """Run the block with the runtime checkers on; yield the ``CheckReport`` they fill.

    ``raise_on_violation=True`` raises each violation where it happens (a
    ``LockOrderViolation`` from the ``acquire`` that closes a cycle, a ``BlockingCallError``
    instead of the blocking call, a ``ThreadSafetyViolation`` from the wrong-thread access),
    and, on leaving the block, the first violation that could not be raised where it
    happened (a deadlock seen by the watchdog). With ``False`` nothing is raised: read the
    report. ``lock_order``, ``blocking``, ``watchdog`` and ``thread_affinity`` select the
    checkers; ``patch_threading=False`` instruments only the factory's locks.
    ``deadlock_timeout`` is the watchdog's stall limit; ``on_deadlock(report)`` replaces its
    default (print to stderr). ``allow_blocking`` lists functions whose blocking calls are
    fine (see ``BlockingDetector.allow``).

    Nesting: an inner block shares the outer block's checkers and also gets every finding
    made while it runs; its ``raise_on_violation`` applies while it runs.

    Usage::

        with checking(raise_on_violation=False) as report:
            run_my_threads()
        assert report.ok, report.format()
    """
    if not deadlock_timeout > 0:
        raise ValueError(
            f"deadlock_timeout must be a positive number of seconds, not {deadlock_timeout!r}"
        )
    report = CheckReport()
    with _session_mutex:
        session = _active[0] if _active else None
        outermost = session is None
        if session is None:
            session = Session(
                lock_order=lock_order,
                blocking=blocking,
                watchdog=watchdog,
                thread_affinity=thread_affinity,
                patch_threading=patch_threading,
                deadlock_timeout=deadlock_timeout,
                on_deadlock=on_deadlock,
                allow_blocking=tuple(allow_blocking),
            )
            _active.append(session)
        session.listeners.append((report, raise_on_violation, _thread.get_ident()))
    if outermost:
        try:
            session.start()
        except BaseException:
            with _session_mutex:
                _active.clear()
            raise
    failed = True
    try:
        yield report
        failed = False
    finally:
        report.set_statistics(session.statistics())
        with _session_mutex:
            session.listeners = [entry for entry in session.listeners if entry[0] is not report]
        if outermost:
            session.stop()
            with _session_mutex:
                _active.clear()
        if raise_on_violation and not failed:
            pending = report.undelivered()
            if pending:
                raise _on_exit_error(pending, report) from pending[0].error
