"""Lock-protected collections: ``ThreadSafeDict``, ``ThreadSafeList``, ``ThreadSafeSet``.

The ``ThreadSafe*`` classes implement the full ``collections.abc`` mutable protocols, hold
their lock for every operation, iterate over a snapshot taken under the lock, and offer
atomic compound operations. ``d[k] = d[k] + 1`` is a lost update even on a locked dict (the
lock is released between the read and the write): use ``d.compute(k, fn)`` or
``with d.locked() as raw: ...`` instead.

In SINGLE_THREADED contexts the factory hands out the builtins themselves (exact ``dict``,
``list``, ``set``: even a subclass loses CPython 3.11's specialised subscript opcodes). The
functions in ``admf_tsan.sync._compound`` give code one spelling of the compound operations
that works on both.
"""

from __future__ import annotations

import threading
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    MutableMapping,
    MutableSequence,
    MutableSet,
    ValuesView,
)
from contextlib import AbstractContextManager
from typing import Any, SupportsIndex, TypeVar, overload

__all__ = [
    "ThreadSafeDict",
    "ThreadSafeList",
    "ThreadSafeSet",
]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

_MISSING: Any = object()


class _Locked:
    """Shared plumbing: the lock, ``locked()`` and a repr that shows the state."""

    __slots__ = ()
    _lock: Any
    _data: Any
    _view: _LockedView

    def locked(self) -> AbstractContextManager[Any]:
        """Hold the collection's lock for a block and get the raw builtin inside it.

        Use it for multi-step operations that must be atomic::

            with positions.locked() as raw:
                if raw.get(symbol, 0) >= quantity:
                    raw[symbol] -= quantity

        Do not keep the raw object after the block: it is only protected inside it.
        """
        return self._view

    def snapshot(self) -> Any:
        """A shallow copy (a plain builtin) taken atomically.

        This is also the route to JSON: ``json.dumps(d.snapshot())``, or
        ``json.dumps(value, default=admf_tsan.json_default)`` when collections are nested.
        """
        with self._lock:
            return self._data.copy()

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle, copy and deepcopy see the contents, taken in one snapshot under the lock; the
        # lock itself stays behind and the copy gets a fresh RLock. The contents travel as
        # state (not as a constructor argument) so that pickle and deepcopy memoize the new
        # collection first and a collection that contains itself round-trips.
        return (type(self), (), self.snapshot())

    def __setstate__(self, state: Any) -> None:
        # The receiving side of __reduce__: the collection is new and not yet shared.
        data = self._data
        data.clear()
        if isinstance(data, list):
            data.extend(state)
        else:
            data.update(state)

    def __repr__(self) -> str:
        with self._lock:
            return f"{type(self).__name__}({self._data!r})"


class _LockedView(AbstractContextManager[Any]):
    """What ``locked()`` returns: stateless, so each collection makes one and reuses it."""

    __slots__ = ("_lock", "_data")

    def __init__(self, lock: Any, data: Any) -> None:
        self._lock = lock
        self._data = data

    def __enter__(self) -> Any:
        self._lock.acquire()
        return self._data

    def __exit__(self, *exc_info: object) -> None:
        self._lock.release()


class ThreadSafeDict(_Locked, MutableMapping[K, V]):
    """A dict whose every operation holds one lock; iteration runs over a snapshot.

    Atomic compound operations: ``compute``, ``get_or_create``, ``setdefault``, ``pop``,
    ``popitem``, ``update``, ``replace_if``. ``compute`` and ``get_or_create`` call user code
    while holding the lock (that is what makes them atomic): keep that code short and never
    take another lock in it.
    """

    __slots__ = ("_lock", "_data", "_view", "__weakref__")

    def __init__(
        self,
        data: Mapping[K, V] | Iterable[tuple[K, V]] = (),
        /,
        *,
        lock: Any | None = None,
        **kwargs: V,
    ) -> None:
        self._lock = threading.RLock() if lock is None else lock
        self._data: dict[K, V] = dict(data, **kwargs)
        self._view = _LockedView(self._lock, self._data)

    def __getitem__(self, key: K) -> V:
        with self._lock:
            return self._data[key]

    def __setitem__(self, key: K, value: V) -> None:
        with self._lock:
            self._data[key] = value

    def __delitem__(self, key: K) -> None:
        with self._lock:
            del self._data[key]

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._data

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def __iter__(self) -> Iterator[K]:
        with self._lock:
            return iter(list(self._data))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ThreadSafeDict):
            other = other.snapshot()
        with self._lock:
            return self._data == other

    __hash__ = None  # type: ignore[assignment]

    def snapshot(self) -> dict[K, V]:
        """A plain ``dict`` copy taken atomically (see ``_Locked.snapshot``)."""
        with self._lock:
            return self._data.copy()

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, /, default: V | T) -> V | T: ...
    def get(self, key: K, /, default: Any = None) -> Any:
        with self._lock:
            return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """A keys view of a snapshot."""
        return self.snapshot().keys()

    def values(self) -> ValuesView[V]:
        """A values view of a snapshot."""
        return self.snapshot().values()

    def items(self) -> ItemsView[K, V]:
        """An items view of a snapshot: pairs that were all present at one instant."""
        return self.snapshot().items()

    @overload
    def pop(self, key: K, /) -> V: ...
    @overload
    def pop(self, key: K, /, default: V) -> V: ...
    @overload
    def pop(self, key: K, /, default: T) -> V | T: ...
    def pop(self, key: K, /, default: Any = _MISSING) -> Any:
        with self._lock:
            if default is _MISSING:
                return self._data.pop(key)
            return self._data.pop(key, default)

    def popitem(self) -> tuple[K, V]:
        with self._lock:
            return self._data.popitem()

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def update(self, other: Any = (), /, **kwargs: V) -> None:
        if isinstance(other, _Locked):
            other = other.snapshot()
        with self._lock:
            self._data.update(other, **kwargs)

    def setdefault(self, key: K, default: Any = None) -> Any:
        with self._lock:
            return self._data.setdefault(key, default)

    def copy(self) -> dict[K, V]:
        """A plain ``dict`` copy (same as ``snapshot()``)."""
        return self.snapshot()

    def __or__(self, other: Mapping[K, V]) -> dict[K, V]:
        return self.snapshot() | dict(other)

    def __ior__(self, other: Any) -> ThreadSafeDict[K, V]:  # type: ignore[misc]
        self.update(other)
        return self

    def compute(self, key: K, fn: Callable[[V | None], V]) -> V:
        """Atomically set ``self[key] = fn(current value or None)`` and return the new value."""
        with self._lock:
            value = fn(self._data.get(key))  # noqa: ADMF205 - the atomic compound operation runs the caller's function under the lock by contract
            self._data[key] = value
            return value

    def get_or_create(self, key: K, factory: Callable[[], V]) -> V:
        """Return ``self[key]``, creating it with ``factory()`` exactly once if absent."""
        with self._lock:
            try:
                return self._data[key]
            except KeyError:
                value = self._data[key] = factory()  # noqa: ADMF205 - the atomic compound operation runs the caller's function under the lock by contract
                return value

    def replace_if(self, key: K, expected: V, new: V) -> bool:
        """Atomically set ``self[key] = new`` if it currently equals ``expected``."""
        with self._lock:
            if key in self._data and self._data[key] == expected:
                self._data[key] = new
                return True
            return False


class ThreadSafeList(_Locked, MutableSequence[T]):
    """A list whose every operation holds one lock; iteration runs over a snapshot.

    Index-based read-modify-write (``lst[i] += 1``) is two operations: use
    ``compute(index, fn)`` or ``locked()``.
    """

    __slots__ = ("_lock", "_data", "_view", "__weakref__")

    def __init__(self, data: Iterable[T] = (), /, *, lock: Any | None = None) -> None:
        self._lock = threading.RLock() if lock is None else lock
        self._data: list[T] = list(data)
        self._view = _LockedView(self._lock, self._data)

    @overload
    def __getitem__(self, index: SupportsIndex) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: Any) -> Any:
        with self._lock:
            return self._data[index]

    def __setitem__(self, index: Any, value: Any) -> None:
        with self._lock:
            self._data[index] = value

    def __delitem__(self, index: Any) -> None:
        with self._lock:
            del self._data[index]

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def __iter__(self) -> Iterator[T]:
        with self._lock:
            return iter(self._data.copy())

    def __reversed__(self) -> Iterator[T]:
        with self._lock:
            return reversed(self._data.copy())

    def __contains__(self, value: object) -> bool:
        with self._lock:
            return value in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ThreadSafeList):
            other = other.snapshot()
        with self._lock:
            return self._data == other

    __hash__ = None  # type: ignore[assignment]

    def insert(self, index: SupportsIndex, value: T) -> None:
        with self._lock:
            self._data.insert(index, value)

    def append(self, value: T) -> None:
        with self._lock:
            self._data.append(value)

    def extend(self, values: Iterable[T]) -> None:
        if isinstance(values, _Locked):
            values = values.snapshot()
        with self._lock:
            self._data.extend(values)

    def __iadd__(self, values: Iterable[T]) -> ThreadSafeList[T]:
        self.extend(values)
        return self

    def pop(self, index: SupportsIndex = -1) -> T:
        with self._lock:
            return self._data.pop(index)

    def remove(self, value: T) -> None:
        with self._lock:
            self._data.remove(value)

    def index(self, value: Any, start: SupportsIndex = 0, stop: SupportsIndex = 2**63 - 1) -> int:
        with self._lock:
            return self._data.index(value, start, stop)

    def count(self, value: Any) -> int:
        with self._lock:
            return self._data.count(value)

    def reverse(self) -> None:
        with self._lock:
            self._data.reverse()

    def sort(self, *, key: Callable[[T], Any] | None = None, reverse: bool = False) -> None:
        with self._lock:
            self._data.sort(key=key, reverse=reverse)  # type: ignore[type-var,arg-type,unused-ignore]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def snapshot(self) -> list[T]:
        """A plain ``list`` copy taken atomically (see ``_Locked.snapshot``)."""
        with self._lock:
            return self._data.copy()

    def copy(self) -> list[T]:
        """A plain ``list`` copy (same as ``snapshot()``)."""
        return self.snapshot()

    def compute(self, index: SupportsIndex, fn: Callable[[T], T]) -> T:
        """Atomically set ``self[index] = fn(self[index])`` and return the new value."""
        with self._lock:
            value = self._data[index] = fn(self._data[index])  # noqa: ADMF205 - the atomic compound operation runs the caller's function under the lock by contract
            return value

    def append_if_absent(self, value: T) -> bool:
        """Append ``value`` unless it is already present; True if it was appended."""
        with self._lock:
            if value in self._data:
                return False
            self._data.append(value)
            return True


class ThreadSafeSet(_Locked, MutableSet[T]):
    """A set whose every operation holds one lock; iteration runs over a snapshot."""

    __slots__ = ("_lock", "_data", "_view", "__weakref__")

    def __init__(self, data: Iterable[T] = (), /, *, lock: Any | None = None) -> None:
        self._lock = threading.RLock() if lock is None else lock
        self._data: set[T] = set(data)
        self._view = _LockedView(self._lock, self._data)

    @classmethod
    def _from_iterable(cls, it: Iterable[Any]) -> set[Any]:
        # Set algebra (a | b, a - b, ...) returns plain sets: results are new, unshared values.
        return set(it)

    def __contains__(self, value: object) -> bool:
        with self._lock:
            return value in self._data

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def __iter__(self) -> Iterator[T]:
        with self._lock:
            return iter(self._data.copy())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ThreadSafeSet):
            other = other.snapshot()
        with self._lock:
            return self._data == other

    __hash__ = None  # type: ignore[assignment]

    def add(self, value: T) -> None:
        with self._lock:
            self._data.add(value)

    def discard(self, value: T) -> None:
        with self._lock:
            self._data.discard(value)

    def remove(self, value: T) -> None:
        with self._lock:
            self._data.remove(value)

    def pop(self) -> T:
        with self._lock:
            return self._data.pop()

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def update(self, *others: Iterable[T]) -> None:
        snapshots = [o.snapshot() if isinstance(o, _Locked) else o for o in others]
        with self._lock:
            self._data.update(*snapshots)

    def __ior__(self, other: Any) -> ThreadSafeSet[T]:  # type: ignore[misc]
        self.update(other)
        return self

    def __iand__(self, other: Any) -> ThreadSafeSet[T]:  # type: ignore[misc]
        other = other.snapshot() if isinstance(other, _Locked) else other
        with self._lock:
            self._data &= set(other)
        return self

    def __isub__(self, other: Any) -> ThreadSafeSet[T]:  # type: ignore[misc]
        other = other.snapshot() if isinstance(other, _Locked) else other
        with self._lock:
            self._data -= set(other)
        return self

    def __ixor__(self, other: Any) -> ThreadSafeSet[T]:  # type: ignore[misc]
        other = other.snapshot() if isinstance(other, _Locked) else other
        with self._lock:
            self._data ^= set(other)
        return self

    def snapshot(self) -> set[T]:
        """A plain ``set`` copy taken atomically (see ``_Locked.snapshot``)."""
        with self._lock:
            return self._data.copy()

    def copy(self) -> set[T]:
        """A plain ``set`` copy (same as ``snapshot()``)."""
        return self.snapshot()

    def add_if_absent(self, value: T) -> bool:
        """Add ``value``; True if it was not there before (an atomic check-then-add)."""
        with self._lock:
            if value in self._data:
                return False
            self._data.add(value)
            return True
