"""``AtomicCounter`` and ``LazyInitializer``, with their single-threaded twins."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["AtomicCounter", "LazyInitializer", "LocalCounter", "LocalLazy"]

T = TypeVar("T")

_UNSET: Any = object()


class AtomicCounter:
    """An integer whose every update is atomic.

    ``increment``, ``decrement`` and ``add`` return the new value, so ``n = c.increment()``
    hands each caller a distinct number under any contention.
    """

    __slots__ = ("_value", "_lock", "__weakref__")

    def __init__(self, initial: int = 0, *, lock: Any | None = None) -> None:
        self._value = initial
        self._lock = threading.Lock() if lock is None else lock

    def increment(self, n: int = 1) -> int:
        with self._lock:
            self._value += n
            return self._value

    def decrement(self, n: int = 1) -> int:
        with self._lock:
            self._value -= n
            return self._value

    add = increment

    def get(self) -> int:
        return self._value  # noqa: ADMF402 - one load of an int reference is atomic

    def set(self, value: int) -> None:
        with self._lock:
            self._value = value

    def get_and_set(self, value: int) -> int:
        """Set ``value`` and return the value it replaced."""
        with self._lock:
            previous, self._value = self._value, value
            return previous

    def compare_and_set(self, expected: int, new: int) -> bool:
        """Set ``new`` if the value is ``expected``; True if it was set."""
        with self._lock:
            if self._value != expected:
                return False
            self._value = new
            return True

    def __int__(self) -> int:
        return self._value  # noqa: ADMF402 - one load of an int reference is atomic

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle and (deep)copy carry the value (one atomic read); the copy gets a fresh lock.
        return (type(self), (self._value,))  # noqa: ADMF402 - one load of an int reference is atomic

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._value}>"


class LocalCounter(AtomicCounter):
    """An ``AtomicCounter`` without a lock, for code one thread runs."""

    __slots__ = ()

    def __init__(self, initial: int = 0) -> None:
        self._value = initial

    def increment(self, n: int = 1) -> int:
        self._value += n
        return self._value

    def decrement(self, n: int = 1) -> int:
        self._value -= n
        return self._value

    add = increment

    def set(self, value: int) -> None:
        self._value = value

    def get_and_set(self, value: int) -> int:
        previous, self._value = self._value, value
        return previous

    def compare_and_set(self, expected: int, new: int) -> bool:
        if self._value != expected:
            return False
        self._value = new
        return True


class LazyInitializer(Generic[T]):
    """A value computed on first use, exactly once under any contention.

    The first thread to read ``value`` runs the initializer while the others wait for it;
    later reads take no lock (double-checked locking: the flag is published after the value).
    If the initializer raises, the exception propagates to that caller, nothing is cached,
    and the next read runs the initializer again.
    """

    __slots__ = ("_initializer", "_value", "_lock", "__weakref__")

    def __init__(self, initializer: Callable[[], T], *, lock: Any | None = None) -> None:
        if not callable(initializer):
            raise TypeError(f"LazyInitializer needs a callable, got {initializer!r}")
        self._initializer = initializer
        self._value: Any = _UNSET
        self._lock = threading.RLock() if lock is None else lock

    @property
    def value(self) -> T:
        value = self._value
        if value is _UNSET:
            with self._lock:
                value = self._value
                if value is _UNSET:
                    value = self._value = self._initializer()
        return value  # type: ignore[no-any-return]

    @property
    def initialized(self) -> bool:
        return self._value is not _UNSET  # noqa: ADMF402 - one atomic load; the value is published once

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle and (deep)copy carry the initializer and, once computed, the value (one atomic
        # read: the value is published whole); the copy gets a fresh lock.
        value = self._value  # noqa: ADMF402 - one atomic load; the value is published once
        return (type(self), (self._initializer,), None if value is _UNSET else (value,))

    def __setstate__(self, state: tuple[Any]) -> None:
        (self._value,) = state

    def __repr__(self) -> str:
        state = f"value={self._value!r}" if self.initialized else "not initialized"
        return f"<{type(self).__name__} {state}>"


class LocalLazy(LazyInitializer[T]):
    """A ``LazyInitializer`` without a lock, for code one thread runs."""

    __slots__ = ()

    def __init__(self, initializer: Callable[[], T]) -> None:
        if not callable(initializer):
            raise TypeError(f"LazyInitializer needs a callable, got {initializer!r}")
        self._initializer = initializer
        self._value = _UNSET

    @property
    def value(self) -> T:
        value = self._value
        if value is _UNSET:
            value = self._value = self._initializer()
        return value  # type: ignore[no-any-return]
