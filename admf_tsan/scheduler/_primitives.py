"""Modeled threading primitives: what ``threading.Lock()`` and friends return while patched.

An operation on a modeled primitive that code under test calls is a switch point of the
controlled scheduler; one that library code calls (the internal queue, conditions and locks of a
``ThreadPoolExecutor`` or a ``queue.Queue``) is not: the call into the library was already a
switch point and nothing the code under test can observe happens in between, so the library
call runs as one step. Either way a worker that would block is parked instead (another worker
runs), so the scheduler sees every wait and can report a deadlock with its wait-for graph, and
the happens-before edges of the operation reach the race detector. The same objects work, with
ordinary blocking semantics, in threads the scheduler does not run (the test's main thread, a
thread pool started before the run) and after the run: a component made while patched stays
usable.

Timeouts of workers are virtual: a worker waiting ``wait(5)`` times out when every other worker
is blocked too, at once in real time, with the virtual clock moved on by 5 s. Threads outside
the run wait in real time.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from ._clock import scheduler_monotonic
from ._report import describe
from ._state import (
    ACTIVE,
    REAL_CONDITION,
    REAL_MONOTONIC,
    REAL_SLEEP,
    STATE,
    RawEvent,
    ScheduleAborted,
    Worker,
    WorkerState,
    current_worker_locked,
    next_serial,
)
from ._trace import default_include, filter_generation, is_machinery

if TYPE_CHECKING:
    from ._engine import Engine
    from ._record import EventKind

_THREAD_INIT_CODE = threading.Thread.__init__.__code__
_SKIP_FILES = {
    os.path.normcase(os.path.abspath(module.__file__ or ""))
    for module in (threading, queue, contextlib)
}


# Per filename, what a frame of it is to creation_site: code under test, a fallback site
# (library code other than threading, queue and the scheduler's), or neither.
_UNDER_TEST_SITE, _FALLBACK_SITE, _NO_SITE = 0, 1, 2
_SITE_KINDS: dict[str, int] = {}
_site_generation = -1


def _site_kind(name: str) -> int:
    kind = _SITE_KINDS.get(name)
    if kind is None:
        if default_include(name):
            kind = _UNDER_TEST_SITE
        elif is_machinery(name) or os.path.normcase(os.path.abspath(name)) in _SKIP_FILES:
            kind = _NO_SITE
        else:
            kind = _FALLBACK_SITE
        _SITE_KINDS[name] = kind
    return kind


def creation_site() -> str:
    """``file:line`` of the first caller in code under test (``default_include``).

    Falls back to the first caller outside the scheduler, threading and queue when the whole
    stack is library code.
    """
    global _site_generation
    if len(_SITE_KINDS) > 4096 or _site_generation != filter_generation():
        # The filter changed, or code made at run time (exec, pytester) piles up.
        _SITE_KINDS.clear()
        _site_generation = filter_generation()
    frame: FrameType | None = sys._getframe(1)
    fallback: FrameType | None = None
    while frame is not None:
        kind = _site_kind(frame.f_code.co_filename)
        if kind == _UNDER_TEST_SITE:
            return _site_text(frame)
        if fallback is None and kind == _FALLBACK_SITE:
            fallback = frame
        frame = frame.f_back
    return "unknown" if fallback is None else _site_text(fallback)


def _site_text(frame: FrameType) -> str:
    name = frame.f_code.co_filename
    try:
        relative = os.path.relpath(name)
        if not relative.startswith(".."):
            name = relative
    except ValueError:
        pass
    return f"{name}:{frame.f_lineno}"


# Files whose frames only pass an operation on (the modeled primitives themselves, the runtime
# checkers' wrappers around them): the caller that decides is the first frame outside them.
_SCHEDULER_DIR = os.path.normcase(os.path.dirname(os.path.abspath(__file__))) + os.sep
_PASS_THROUGH = (
    _SCHEDULER_DIR,
    os.path.join(os.path.dirname(_SCHEDULER_DIR.rstrip(os.sep)), "runtime") + os.sep,
)
_PASSES_ON, _UNDER_TEST, _LIBRARY = 0, 1, 2


_PASSES_ON_FILES: dict[str, bool] = {}


def _passes_on(filename: str) -> bool:
    answer = _PASSES_ON_FILES.get(filename)
    if answer is None:
        if len(_PASSES_ON_FILES) > 4096:
            _PASSES_ON_FILES.clear()
        answer = os.path.normcase(os.path.abspath(filename)).startswith(_PASS_THROUGH)
        _PASSES_ON_FILES[filename] = answer
    return answer


def _called_by_code_under_test(engine: Engine) -> bool:
    """True when the operation in progress was called by code under test (``engine.include``).

    Frames of the scheduler and of the runtime checkers' wrappers are looked through; the
    verdict per code object is cached for the run.
    """
    verdicts = engine.op_callers
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        verdict = verdicts.get(code)
        if verdict is None:
            filename = code.co_filename
            if _passes_on(filename):
                verdict = _PASSES_ON
            else:
                verdict = _UNDER_TEST if engine.include(filename) else _LIBRARY
            verdicts[code] = verdict
        if verdict != _PASSES_ON:
            return verdict == _UNDER_TEST
        frame = frame.f_back
    return True


def _enter_op(*, switch: bool = True) -> tuple[Engine | None, Worker | None]:
    """Start an operation (STATE held): a switch point for a worker, bookkeeping otherwise.

    Only an operation that code under test calls is a switch point (see the module
    docstring); ``switch=False`` makes none either way (``Thread.join``, ``Thread.start``:
    the call itself was the switch point). The worker's ``library_op`` says which it was, for
    the recorder.
    """
    engine, worker = current_worker_locked()
    if engine is None:
        return None, None
    if worker is None or engine.aborting:
        if worker is None:
            engine.note_external_locked()
        return engine, None
    if switch and _called_by_code_under_test(engine):
        worker.library_op = False
        engine.switch_locked(worker)
    else:
        worker.library_op = True
        engine.pass_locked(worker)
    return engine, worker


def _record_sync(kind: EventKind, target: object, label: str = "") -> None:
    """Tell the run's recorder (STATE held) that the current worker synchronized on ``target``.

    The happens-before race detector and the explanations of failures read these events; an
    operation a library made (``worker.library_op``) feeds the race detector only.
    """
    engine = ACTIVE.engine
    if engine is None or engine.recorder is None:
        return
    worker = engine.by_ident.get(_thread.get_ident())
    if worker is not None and worker.state is not WorkerState.DONE:
        if worker.library_op:
            # Inside a library call: its ordering counts, its steps are not the test's.
            engine.recorder.order(worker, kind, target)
        else:
            engine.recorder.sync(worker, kind, target, label)


def _changed_locked(waitable: object) -> None:
    """``waitable`` changed state: wake its parked workers and any thread waiting outside."""
    engine = ACTIVE.engine
    if engine is not None:
        engine.wake_locked(waitable)
    STATE.notify_all()


class _Wait:
    """The waiting part of one blocking operation, with its timeout.

    Workers wait on the virtual clock; other threads on the real one. ``block`` returns False
    once the timeout has passed, True when the caller should re-check its condition.
    """

    __slots__ = ("worker", "timeout", "deadline")

    def __init__(self, worker: Worker | None, timeout: float | None) -> None:
        self.worker = worker
        self.timeout = timeout
        self.deadline: float | None = None

    def block(self, waitable: object) -> bool:
        engine = ACTIVE.engine
        worker = self.worker
        if (
            worker is not None
            and engine is not None
            and not engine.aborting
            and worker.state is not WorkerState.RELEASED
        ):
            if self.deadline is None and self.timeout is not None:
                self.deadline = engine.now + self.timeout
            return engine.block_locked(worker, waitable, self.deadline)
        if engine is not None and engine.aborting and _thread.get_ident() in engine.by_ident:
            raise ScheduleAborted  # a worker unwinding after an abort must not block for real
        if self.timeout is None:
            remaining = None
        else:
            now = REAL_MONOTONIC()
            if self.deadline is None:
                self.deadline = now + self.timeout
            remaining = self.deadline - now
            if remaining <= 0:
                return False
        STATE.wait(remaining)
        # Waking up and re-checking is an operation by a thread outside the run.
        engine = ACTIVE.engine
        if engine is not None:
            engine.note_external_locked()
        return True


def _check_lock_timeout(blocking: bool, timeout: float) -> float | None:
    if not blocking:
        if timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        return None
    if timeout == -1:
        return None
    if timeout < 0:
        raise ValueError("timeout value must be a non-negative number")
    return float(timeout)


class _Modeled:
    """Common naming of modeled primitives for reports: ``Lock#3 (created at file:line)``."""

    _kind = "primitive"

    def __init__(self) -> None:
        self._serial = next_serial()
        self._site = creation_site()

    def _sched_describe(self) -> str:
        return f"{self._kind}#{self._serial} (created at {self._site})"

    def _sched_holders(self) -> list[int]:
        return []


def _owner_worker(ident: int) -> Worker | None:
    engine = ACTIVE.engine
    return None if engine is None else engine.by_ident.get(ident)


class ModeledLock(_Modeled):
    """A modeled ``threading.Lock``: any thread may release it; not reentrant."""

    _kind = "Lock"

    def __init__(self) -> None:
        super().__init__()
        self._owner = 0  # ident of the thread that acquired it; 0 when free

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Acquire; with ``blocking=False`` or a timeout, return False when it was not taken."""
        limit = _check_lock_timeout(blocking, timeout)
        with STATE:
            _, worker = _enter_op()
            return self._acquire_locked(worker, blocking, limit)

    def _acquire_locked(self, worker: Worker | None, blocking: bool, limit: float | None) -> bool:
        wait = _Wait(worker, limit)
        while self._owner:
            if not blocking or not wait.block(self):
                return False
        self._take_locked()
        return True

    def _take_locked(self) -> None:
        ident = _thread.get_ident()
        self._owner = ident
        worker = _owner_worker(ident)
        if worker is not None:
            worker.held.append(self)
        _record_sync("acquire", self)

    def _drop_locked(self) -> None:
        _record_sync("release", self)
        worker = _owner_worker(self._owner)
        if worker is not None and self in worker.held:
            worker.held.remove(self)
        self._owner = 0
        _changed_locked(self)

    __enter__ = acquire

    def release(self) -> None:
        """Release; raise RuntimeError when it is not locked."""
        with STATE:
            _enter_op()
            if not self._owner:
                raise RuntimeError("release unlocked lock")
            self._drop_locked()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def locked(self) -> bool:
        """True when some thread holds the lock."""
        with STATE:
            _enter_op()
            return bool(self._owner)

    def _at_fork_reinit(self) -> None:
        self._owner = 0

    # the protocol ModeledCondition uses
    def _sched_is_owned(self) -> bool:
        return self._owner == _thread.get_ident()

    def _sched_release_save_locked(self) -> object:
        self._drop_locked()
        return None

    def _sched_acquire_restore_locked(self, worker: Worker | None, saved: object) -> None:
        self._acquire_locked(worker, True, None)

    def _sched_holders(self) -> list[int]:
        return [self._owner] if self._owner else []

    def __repr__(self) -> str:
        state = "locked" if self._owner else "unlocked"
        return f"<modeled {self._sched_describe()} {state}>"


class ModeledRLock(ModeledLock):
    """A modeled ``threading.RLock``: reentrant, released only by its owner."""

    _kind = "RLock"

    def __init__(self) -> None:
        super().__init__()
        self._count = 0

    def _acquire_locked(self, worker: Worker | None, blocking: bool, limit: float | None) -> bool:
        if self._owner == _thread.get_ident():
            self._count += 1
            return True
        if not super()._acquire_locked(worker, blocking, limit):
            return False
        self._count = 1
        return True

    def release(self) -> None:
        """Release one level; raise RuntimeError when this thread does not own it."""
        with STATE:
            _enter_op()
            if self._owner != _thread.get_ident():
                raise RuntimeError("cannot release un-acquired lock")
            self._count -= 1
            if self._count == 0:
                self._drop_locked()

    def _is_owned(self) -> bool:
        return self._owner == _thread.get_ident()

    def _sched_release_save_locked(self) -> object:
        count = self._count
        self._count = 0
        self._drop_locked()
        return count

    def _sched_acquire_restore_locked(self, worker: Worker | None, saved: object) -> None:
        ModeledLock._acquire_locked(self, worker, True, None)
        self._count = int(saved)  # type: ignore[call-overload]

    # what a stdlib threading.Condition built on this lock calls
    def _release_save(self) -> tuple[int, int]:
        with STATE:
            owner, count = self._owner, self._count
            self._sched_release_save_locked()
            return count, owner

    def _acquire_restore(self, state: tuple[int, int]) -> None:
        with STATE:
            _, worker = _enter_op()
            self._sched_acquire_restore_locked(worker, state[0])

    def __repr__(self) -> str:
        state = f"locked {self._count} times" if self._owner else "unlocked"
        return f"<modeled {self._sched_describe()} {state}>"


class _ConditionWaiter:
    """One thread waiting in ``Condition.wait``: what ``notify`` marks and wakes."""

    __slots__ = ("condition", "notified")

    def __init__(self, condition: ModeledCondition) -> None:
        self.condition = condition
        self.notified = False

    def _sched_describe(self) -> str:
        return f"a notify of {describe(self.condition)}"

    def _sched_holders(self) -> list[int]:
        return []


class ModeledCondition(_Modeled):
    """A modeled ``threading.Condition``; waiters are notified first come, first served."""

    _kind = "Condition"

    def __init__(self, lock: Any = None) -> None:
        super().__init__()
        if lock is None:
            lock = ModeledRLock()
        self._lock = lock
        self._modeled_lock = isinstance(lock, ModeledLock)
        self._waiters: deque[_ConditionWaiter] = deque()
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self) -> bool:
        return bool(self._lock.__enter__())

    def __exit__(self, *exc: object) -> None:
        self._lock.__exit__(*exc)

    def _is_owned(self) -> bool:
        if self._modeled_lock:
            return bool(self._lock._sched_is_owned())
        if hasattr(self._lock, "_is_owned"):
            return bool(self._lock._is_owned())
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Release the lock, wait for a notify (or the timeout), re-acquire; True if notified."""
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        if timeout is not None and timeout < 0:
            timeout = 0.0
        if not self._modeled_lock:
            return self._wait_foreign(timeout)
        with STATE:
            _, worker = _enter_op()
            waiter = _ConditionWaiter(self)
            self._waiters.append(waiter)
            saved = self._lock._sched_release_save_locked()
            self._wait_locked(waiter, _Wait(worker, timeout))
            self._lock._sched_acquire_restore_locked(worker, saved)
            _record_sync("wait", self, "notified" if waiter.notified else "timed out")
        return waiter.notified

    def _wait_locked(self, waiter: _ConditionWaiter, wait: _Wait) -> None:
        while not waiter.notified:
            if not wait.block(waiter):
                break
        if not waiter.notified:
            self._waiters.remove(waiter)

    def _wait_foreign(self, timeout: float | None) -> bool:
        # A lock the scheduler does not know (a real one, or the runtime checker's wrapper
        # around a modeled one): its own methods take their own locks, so they run outside
        # STATE. The waiter is registered before the lock is released, so a notify in between
        # is not lost.
        lock = self._lock
        with STATE:
            _, worker = _enter_op()
            waiter = _ConditionWaiter(self)
            self._waiters.append(waiter)
        if hasattr(lock, "_release_save") and hasattr(lock, "_acquire_restore"):
            saved = lock._release_save()
            restore: Callable[[], object] = lambda: lock._acquire_restore(saved)  # noqa: E731
        else:
            lock.release()
            restore = lock.acquire
        try:
            with STATE:
                self._wait_locked(waiter, _Wait(worker, timeout))
        finally:
            restore()
        with STATE:
            _record_sync("wait", self, "notified" if waiter.notified else "timed out")
        return waiter.notified

    def wait_for(self, predicate: Callable[[], Any], timeout: float | None = None) -> Any:
        """Wait until ``predicate()`` is true or the timeout passes; return its last value."""
        endtime: float | None = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = scheduler_monotonic() + waittime
                else:
                    waittime = endtime - scheduler_monotonic()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n: int = 1) -> None:
        """Wake up to ``n`` waiters, oldest first."""
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        with STATE:
            _enter_op()
            _record_sync("notify", self, f"{min(n, len(self._waiters))} waiter(s)")
            while self._waiters and n > 0:
                waiter = self._waiters.popleft()
                waiter.notified = True
                _changed_locked(waiter)
                n -= 1

    def notify_all(self) -> None:
        """Wake every waiter."""
        self.notify(len(self._waiters))

    notifyAll = notify_all

    def __repr__(self) -> str:
        return f"<modeled {self._sched_describe()} on {self._lock!r}, {len(self._waiters)} waiters>"


class ModeledEvent(_Modeled):
    """A modeled ``threading.Event``.

    The event a ``Thread`` makes for its start-up handshake (``Thread._started``, made in
    ``Thread.__init__``) stays a real one: that handshake runs in stdlib code between parent
    and child, where the scheduler must neither switch nor park.
    """

    _kind = "Event"

    def __new__(cls) -> Any:
        if sys._getframe(1).f_code is _THREAD_INIT_CODE:
            return RawEvent()
        return super().__new__(cls)

    def __init__(self) -> None:
        super().__init__()
        self._flag = False

    def is_set(self) -> bool:
        """True once set (until cleared)."""
        with STATE:
            _enter_op()
            if self._flag:
                _record_sync("observe", self, "is_set")
            return self._flag

    isSet = is_set

    def set(self) -> None:
        """Set the flag and wake every waiter."""
        with STATE:
            _enter_op()
            self._flag = True
            _record_sync("signal", self, "set")
            _changed_locked(self)

    def clear(self) -> None:
        """Reset the flag."""
        with STATE:
            _enter_op()
            self._flag = False

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until set or the timeout passes; return the flag."""
        with STATE:
            _, worker = _enter_op()
            wait = _Wait(worker, timeout)
            while not self._flag:
                if not wait.block(self):
                    break
            if self._flag:
                _record_sync("observe", self, "wait")
            return self._flag

    def _at_fork_reinit(self) -> None:
        self._flag = False

    def __repr__(self) -> str:
        return f"<modeled {self._sched_describe()} {'set' if self._flag else 'unset'}>"


class ModeledSemaphore(_Modeled):
    """A modeled ``threading.Semaphore``."""

    _kind = "Semaphore"

    def __init__(self, value: int = 1) -> None:
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        super().__init__()
        self._value = value

    def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
        """Take one unit; False when not blocking (or timed out) and none was free."""
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        with STATE:
            _, worker = _enter_op()
            wait = _Wait(worker, timeout)
            while self._value == 0:
                if not blocking or not wait.block(self):
                    return False
            self._value -= 1
            _record_sync("observe", self, "acquire")
            return True

    __enter__ = acquire

    def release(self, n: int = 1) -> None:
        """Give back ``n`` units (ValueError for ``n < 1``)."""
        if n < 1:
            raise ValueError("n must be one or more")
        with STATE:
            _enter_op()
            self._check_release(n)
            self._value += n
            _record_sync("signal", self, "release")
            _changed_locked(self)

    def _check_release(self, n: int) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<modeled {self._sched_describe()} value={self._value}>"


class ModeledBoundedSemaphore(ModeledSemaphore):
    """A modeled ``threading.BoundedSemaphore``: releasing above the initial value fails."""

    _kind = "BoundedSemaphore"

    def __init__(self, value: int = 1) -> None:
        super().__init__(value)
        self._initial_value = value

    def _check_release(self, n: int) -> None:
        if self._value + n > self._initial_value:
            raise ValueError("Semaphore released too many times")


class ModeledSimpleQueue(_Modeled):
    """A modeled ``queue.SimpleQueue`` (the C one blocks where the scheduler cannot see)."""

    _kind = "SimpleQueue"

    def __init__(self) -> None:
        super().__init__()
        self._items: deque[Any] = deque()

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        """Append ``item`` (never blocks)."""
        with STATE:
            _enter_op()
            self._items.append(item)
            _record_sync("signal", self, "put")
            _changed_locked(self)

    def put_nowait(self, item: Any) -> None:
        self.put(item, False)

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        """Remove and return the oldest item; raise queue.Empty when none comes in time."""
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        with STATE:
            _, worker = _enter_op()
            wait = _Wait(worker, timeout)
            while not self._items:
                if not block or not wait.block(self):
                    raise queue.Empty
            _record_sync("observe", self, "get")
            return self._items.popleft()

    def get_nowait(self) -> Any:
        return self.get(False)

    def empty(self) -> bool:
        with STATE:
            _enter_op()
            return not self._items

    def qsize(self) -> int:
        with STATE:
            _enter_op()
            return len(self._items)


class _Sleep:
    """What a sleeping worker waits for: nothing wakes it but its deadline."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def _sched_describe(self) -> str:
        return f"the end of sleep({self.seconds:g})"


def modeled_sleep(seconds: float) -> None:
    """``time.sleep`` for workers: a switch point, then a virtual wait of ``seconds``.

    Threads outside the run sleep for real. Raises ValueError for a negative length.
    """
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    engine = ACTIVE.engine
    if engine is None or _thread.get_ident() not in engine.by_ident:
        REAL_SLEEP(seconds)
        return
    with STATE:
        _, worker = _enter_op()
        if worker is None or seconds == 0:
            return
        _Wait(worker, seconds).block(_Sleep(seconds))


__all__ = [
    "REAL_CONDITION",
    "ModeledBoundedSemaphore",
    "ModeledCondition",
    "ModeledEvent",
    "ModeledLock",
    "ModeledRLock",
    "ModeledSemaphore",
    "ModeledSimpleQueue",
    "modeled_sleep",
]
