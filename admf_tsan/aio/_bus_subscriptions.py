"""The handlers an AsyncEventBus delivers each event type to: a copy-on-write registry."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

__all__ = ["Handler", "SubscriptionRegistry", "Subscriptions"]

Handler = Callable[[Any], object]


@dataclass(frozen=True)
class Subscriptions:
    """The handlers of one event type, in order, and whether they are all synchronous."""

    handlers: tuple[Handler, ...]
    is_async: tuple[bool, ...]
    all_sync: bool


NO_SUBSCRIPTIONS = Subscriptions((), (), True)


def is_async_handler(handler: Handler) -> bool:
    """True for an ``async def`` function or an object with an ``async def __call__``."""
    if inspect.iscoroutinefunction(handler):
        return True
    call = getattr(handler, "__call__", None)  # noqa: B004 - async __call__ on an instance
    return inspect.iscoroutinefunction(call)


class SubscriptionRegistry:
    """Event type -> :class:`Subscriptions`; changed under a lock, read without one.

    Values are immutable and replaced whole under the lock, so the dispatcher reads one entry
    without it (it never calls a handler while holding a lock). Safe from any thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_type: dict[Hashable, Subscriptions] = {}  # guarded_by: none (copy on write)

    def subscribe(self, event_type: Hashable, handler: Handler) -> None:
        """Add ``handler`` after the others of ``event_type`` (nothing if already there)."""
        is_async = is_async_handler(handler)
        with self._lock:
            current = self._by_type.get(event_type, NO_SUBSCRIPTIONS)
            if handler not in current.handlers:
                self._by_type[event_type] = Subscriptions(
                    (*current.handlers, handler),
                    (*current.is_async, is_async),
                    current.all_sync and not is_async,
                )

    def unsubscribe(self, event_type: Hashable, handler: Handler) -> bool:
        """Remove ``handler`` from ``event_type``; False if it was not subscribed."""
        with self._lock:
            current = self._by_type.get(event_type, NO_SUBSCRIPTIONS)
            if handler not in current.handlers:
                return False
            kept = [
                (h, a)
                for h, a in zip(current.handlers, current.is_async, strict=True)
                if h != handler
            ]
            if kept:
                self._by_type[event_type] = Subscriptions(
                    tuple(h for h, _ in kept),
                    tuple(a for _, a in kept),
                    not any(a for _, a in kept),
                )
            else:
                del self._by_type[event_type]
            return True

    def of(self, event_type: Hashable) -> Subscriptions:
        """The subscriptions of ``event_type`` now (empty when there are none)."""
        return self._by_type.get(event_type, NO_SUBSCRIPTIONS)

    def counts(self) -> tuple[int, int]:
        """(event types with handlers, handler subscriptions in all)."""
        with self._lock:
            return len(self._by_type), sum(len(s.handlers) for s in self._by_type.values())
