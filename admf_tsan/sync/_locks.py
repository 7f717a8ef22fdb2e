"""Locks: the no-op ``DummyLock`` and ``DummyCondition``, and the AUTO_DETECT ``AutoLock``."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, TypeVar

from admf_tsan.sync._detect import AUTO_STATE, register

__all__ = [
    "AutoLock",
    "ConditionLike",
    "DummyCondition",
    "DummyLock",
    "LockLike",
    "check_acquire_args",
]

T = TypeVar("T")


class LockLike(Protocol):
    """The lock protocol every lock from ``ThreadSafetyFactory.lock()``/``rlock()`` supports.

    ``threading.Lock``/``RLock``, ``DummyLock``, ``AutoLock`` and the runtime checker's
    instrumented locks all satisfy it: ``acquire(blocking, timeout)``, ``release()`` and
    ``with``. (``locked()`` is left out: ``threading.RLock`` has none before Python 3.14.)
    """

    def acquire(self, blocking: bool = ..., timeout: float = ...) -> bool:
        """Take the lock; False when ``blocking`` is False or ``timeout`` ran out."""
        ...

    def release(self) -> None:
        """Give the lock back; ``RuntimeError`` when it is not held."""
        ...

    def __enter__(self) -> bool: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ConditionLike(LockLike, Protocol):
    """The protocol of ``ThreadSafetyFactory.condition()``: ``threading.Condition``'s.

    Satisfied by ``threading.Condition``, ``DummyCondition`` and the runtime checker's
    instrumented condition.
    """

    def wait(self, timeout: float | None = None) -> bool:
        """Release the lock, wait for a notification (or ``timeout``), take the lock again."""
        ...

    def wait_for(self, predicate: Callable[[], T], timeout: float | None = None) -> T:
        """``wait`` until ``predicate()`` is true (or ``timeout``); return its last value."""
        ...

    def notify(self, n: int = 1) -> None:
        """Wake up to ``n`` waiting threads."""
        ...

    def notify_all(self) -> None:
        """Wake up every waiting thread."""
        ...


def check_acquire_args(blocking: bool, timeout: float) -> None:
    """Reject the argument combinations ``threading.Lock.acquire`` rejects."""
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError("timeout value must be a non-negative number or -1")


class DummyLock:
    """A lock that never blocks, for code that a single thread runs.

    It implements the whole lock protocol (``acquire(blocking, timeout)``, ``release``,
    ``locked``, context manager) and counts holds, so a ``release`` without a matching
    ``acquire`` raises ``RuntimeError`` as a real lock does. A second ``acquire`` succeeds, as an
    ``RLock``'s would: a single thread cannot deadlock against itself here.
    """

    __slots__ = ("_depth", "__weakref__")

    def __init__(self) -> None:
        self._depth = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        check_acquire_args(blocking, timeout)
        self._depth += 1
        return True

    def release(self) -> None:
        if not self._depth:
            raise RuntimeError("release unlocked lock")
        self._depth -= 1

    def locked(self) -> bool:
        return self._depth > 0

    def __enter__(self) -> bool:
        self._depth += 1
        return True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    _kind = "DummyLock"  # the name in the repr, also for the thread-bound subclasses

    def __repr__(self) -> str:
        state = f"locked, depth {self._depth}" if self._depth else "unlocked"
        return f"<{self._kind} {state}>"


class DummyCondition(DummyLock):
    """A condition variable for a single thread: nobody else can ever notify it.

    ``wait()`` without a timeout would never return, so it raises ``RuntimeError``; with a
    timeout it returns False at once (a real condition would time out, as no thread can
    notify). ``wait_for`` returns the predicate's value when it already holds.
    """

    __slots__ = ()
    _kind = "DummyCondition"

    def wait(self, timeout: float | None = None) -> bool:
        if not self._depth:
            raise RuntimeError("cannot wait on un-acquired lock")
        if timeout is None:
            raise RuntimeError(
                "wait() without a timeout on a single-threaded Condition would never return: "
                "no other thread exists to notify it; use a MULTI_THREADED context"
            )
        return False

    def wait_for(self, predicate: Callable[[], T], timeout: float | None = None) -> T:
        result = predicate()
        if not result:
            self.wait(timeout)
            result = predicate()
        return result

    def notify(self, n: int = 1) -> None:
        if not self._depth:
            raise RuntimeError("cannot notify on un-acquired lock")

    def notify_all(self) -> None:
        self.notify()


class AutoLock:
    """A lock for AUTO_DETECT contexts: free while one thread runs, real once a second starts.

    Holds taken while the process was single-threaded are converted into real holds at the
    switch (see ``admf_tsan.sync._detect``), so no two threads are ever inside the critical
    section together.
    """

    __slots__ = ("_real", "_reentrant", "_unlocked_depth", "__weakref__")

    def __init__(self, real: Any, *, reentrant: bool) -> None:
        self._real = real
        self._reentrant = reentrant
        self._unlocked_depth = 0
        register(self)

    def _convert_to_real(self) -> None:
        # Runs in the only thread there is, inside Thread.start, before the new thread exists.
        for _ in range(self._unlocked_depth):
            self._real.acquire()
        self._unlocked_depth = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if AUTO_STATE.multi:
            return bool(self._real.acquire(blocking, timeout))
        check_acquire_args(blocking, timeout)
        if self._unlocked_depth and not self._reentrant:
            # The only thread already holds this non-reentrant lock: a real Lock would
            # deadlock (or time out). Fail the way a real one would, without hanging forever.
            if not blocking:
                return False
            if timeout >= 0:
                time.sleep(timeout)
                return False
            raise RuntimeError(
                "deadlock: this thread already holds the (non-reentrant) lock it is acquiring"
            )
        self._unlocked_depth += 1
        return True

    def release(self) -> None:
        if self._unlocked_depth:
            self._unlocked_depth -= 1
        else:
            self._real.release()

    def locked(self) -> bool:
        if self._unlocked_depth:
            return True
        locked = getattr(self._real, "locked", None)
        if locked is not None:
            return bool(locked())
        # RLock has no locked() before 3.13: ask whether this thread owns it, else probe.
        is_owned = getattr(self._real, "_is_owned", None)
        if is_owned is not None and is_owned():
            return True
        if self._real.acquire(False):
            self._real.release()
            return False
        return True

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    # Condition support: threading.Condition uses these when the lock has them.
    def _is_owned(self) -> bool:
        if self._unlocked_depth:
            return True
        is_owned = getattr(self._real, "_is_owned", None)
        return bool(is_owned()) if is_owned is not None else self.locked()

    def __repr__(self) -> str:
        phase = "multi-threaded" if AUTO_STATE.multi else "single-threaded"
        kind = "reentrant" if self._reentrant else "non-reentrant"
        return f"<AutoLock {kind}, {phase}, real={self._real!r}>"
