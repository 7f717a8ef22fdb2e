"""Compound operations with one spelling for plain builtins and ``ThreadSafe*`` collections.

Code written against the factory gets a plain ``dict`` in SINGLE_THREADED contexts and a
``ThreadSafeDict`` otherwise. These functions are atomic on the latter (they hold its lock)
and plain code on the former, so a component needs no ``if`` for them::

    from admf_tsan import compute
    compute(self.positions, symbol, lambda qty: (qty or 0) + fill.quantity)
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar, cast

from admf_tsan.sync._atomic import AtomicCounter
from admf_tsan.sync._collections import ThreadSafeDict, ThreadSafeList, _Locked

__all__ = ["compute", "get_or_create", "json_default", "locked"]

K = TypeVar("K")
V = TypeVar("V")


def compute(mapping: MutableMapping[K, V], key: K, fn: Callable[[V | None], V]) -> V:
    """Set ``mapping[key] = fn(current value or None)`` and return it (atomically if locked)."""
    if isinstance(mapping, ThreadSafeDict):
        return cast(V, mapping.compute(key, fn))
    value = mapping[key] = fn(mapping.get(key))
    return value


def get_or_create(mapping: MutableMapping[K, V], key: K, factory: Callable[[], V]) -> V:
    """Return ``mapping[key]``, creating it with ``factory()`` once if absent."""
    if isinstance(mapping, ThreadSafeDict):
        return cast(V, mapping.get_or_create(key, factory))
    try:
        return mapping[key]
    except KeyError:
        value = mapping[key] = factory()
        return value


def locked(collection: Any) -> AbstractContextManager[Any]:
    """Hold a ``ThreadSafe*`` collection's lock for a block and yield the raw builtin.

    For a plain builtin it yields the collection itself and holds nothing.
    """
    if isinstance(collection, _Locked):
        return collection.locked()
    return nullcontext(collection)


def json_default(value: object) -> Any:
    """The ``default=`` of ``json.dump``/``json.dumps`` that writes the factory's objects.

    ``json.dumps(state, default=json_default)`` writes a ``ThreadSafeDict`` as an object and a
    ``ThreadSafeList`` as an array (each from one snapshot taken under its lock, also when
    nested in plain containers) and an ``AtomicCounter`` as its number, so the same call works
    in every context. Anything else raises ``TypeError`` as ``json`` does, a ``ThreadSafeSet``
    included: JSON has no sets, and a plain ``set`` fails the same way.
    """
    if isinstance(value, (ThreadSafeDict, ThreadSafeList)):
        return value.snapshot()
    if isinstance(value, AtomicCounter):
        return value.get()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
