"""``EventBus``: synchronous publish/subscribe that never calls a handler under its lock.

Subscriptions are stored as immutable tuples replaced under the bus lock (copy on write), so
``publish`` reads one tuple (a snapshot) without taking any lock and calls the handlers
outside it. Consequences callers can rely on:

* delivery order is subscription order;
* a handler subscribed for the whole of a ``publish`` call receives the event, whatever other
  threads (or the handlers themselves) subscribe or unsubscribe meanwhile;
* a handler unsubscribed during a ``publish`` may still receive that one event;
* one failing handler never stops the others: the failure is recorded as a ``HandlerError``,
  counted, and handled by the error policy.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal

from admf_tsan.errors import AdmfTsanError
from admf_tsan.sync import ThreadSafetyFactory

__all__ = ["ERROR_POLICIES", "EventBus", "EventBusStatistics", "HandlerError", "HandlersFailed"]

Handler = Callable[[Any], object]
ErrorPolicy = Literal["log", "collect", "raise"]
#: ``log``: record, count and log each failure (default); ``collect``: record and count only;
#: ``raise``: record and count, then raise ``HandlersFailed`` once every handler has run.
ERROR_POLICIES: tuple[str, ...] = ("log", "collect", "raise")

_log = logging.getLogger("admf_tsan.events")


@dataclass(frozen=True)
class HandlerError:
    """One handler failing on one event."""

    event_type: Hashable
    event: Any
    handler: Handler
    exception: Exception

    def __str__(self) -> str:
        return (
            f"handler {_handler_name(self.handler)} failed on {self.event_type!r}: "
            f"{type(self.exception).__name__}: {self.exception}"
        )


class HandlersFailed(ExceptionGroup[Exception], AdmfTsanError):
    """Raised by ``publish`` under the ``raise`` policy after every handler has run."""

    errors: tuple[HandlerError, ...]


@dataclass(frozen=True)
class EventBusStatistics:
    """Counts since the bus was made (``published`` counts ``publish`` calls)."""

    event_types: int
    subscriptions: int
    published: int
    delivered: int
    failed: int


def _handler_name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", None) or repr(handler)


class EventBus:
    """Synchronous publish/subscribe, safe to use from any number of threads.

    ``subscribe``/``unsubscribe`` take the bus lock; ``publish`` takes none and calls the
    handlers on a snapshot of the subscriptions. ``on_error`` (if given) is called with each
    ``HandlerError`` in the publishing thread, whatever the policy. ``KeyboardInterrupt`` and
    other non-``Exception`` errors raised by a handler propagate at once.
    """

    def __init__(
        self,
        *,
        error_policy: ErrorPolicy = "log",
        on_error: Callable[[HandlerError], object] | None = None,
        max_errors: int = 100,
        factory: ThreadSafetyFactory | None = None,
    ) -> None:
        if error_policy not in ERROR_POLICIES:
            raise ValueError(
                f"unknown error_policy {error_policy!r}: expected one of {ERROR_POLICIES}"
            )
        if max_errors < 0:
            raise ValueError(f"max_errors must be >= 0, got {max_errors}")
        self.error_policy = error_policy
        self.on_error = on_error
        self._lock = (factory or ThreadSafetyFactory()).lock(name="EventBus._lock")
        self._subscribers: dict[Hashable, tuple[Handler, ...]] = {}
        self._errors: deque[HandlerError] = deque(maxlen=max_errors)
        # Per-thread counters [published, delivered, failed]: each list is written by one
        # thread only, so counting never loses an update and costs no lock.
        self._local = threading.local()
        self._all_counts: list[list[int]] = []

    def _counts(self) -> list[int]:
        try:
            return self._local.counts  # type: ignore[no-any-return]
        except AttributeError:
            counts = self._local.counts = [0, 0, 0]
            with self._lock:
                self._all_counts.append(counts)
            return counts

    def subscribe(self, event_type: Hashable, handler: Handler) -> Handler:
        """Deliver events of ``event_type`` to ``handler`` (after earlier subscribers).

        Subscribing a handler that is already subscribed to that type changes nothing.
        Returns ``handler``, so the method works as a decorator factory's target.
        """
        if not callable(handler):
            raise TypeError(f"handler must be callable, got {handler!r}")
        with self._lock:
            current = self._subscribers.get(event_type, ())
            if handler not in current:
                self._subscribers[event_type] = (*current, handler)
        return handler

    def unsubscribe(self, event_type: Hashable, handler: Handler) -> bool:
        """Stop delivering ``event_type`` to ``handler``; False if it was not subscribed."""
        with self._lock:
            current = self._subscribers.get(event_type, ())
            if handler not in current:
                return False
            remaining = tuple(h for h in current if h != handler)
            if remaining:
                self._subscribers[event_type] = remaining
            else:
                del self._subscribers[event_type]
            return True

    def subscribers(self, event_type: Hashable) -> tuple[Handler, ...]:
        """The handlers of ``event_type``, in delivery order."""
        return self._subscribers.get(event_type, ())

    def publish(self, event_type: Hashable, event: Any = None) -> int:
        """Call every handler of ``event_type`` with ``event``; return how many succeeded."""
        handlers = self._subscribers.get(event_type, ())
        failures: list[HandlerError] | None = None
        for handler in handlers:
            try:
                handler(event)
            except Exception as exc:  # noqa: BLE001 - isolating handlers is the point
                if failures is None:
                    failures = []
                failures.append(HandlerError(event_type, event, handler, exc))
        counts = self._counts()
        counts[0] += 1
        if failures is None:
            counts[1] += len(handlers)
            return len(handlers)
        counts[1] += len(handlers) - len(failures)
        counts[2] += len(failures)
        self._handle_failures(failures)
        return len(handlers) - len(failures)

    def _handle_failures(self, failures: list[HandlerError]) -> None:
        self._errors.extend(failures)
        for failure in failures:
            if self.error_policy == "log":
                _log.error("%s", failure, exc_info=failure.exception)
            if self.on_error is not None:
                self.on_error(failure)
        if self.error_policy == "raise":
            group = HandlersFailed(
                f"{len(failures)} handler(s) failed on {failures[0].event_type!r}",
                [f.exception for f in failures],
            )
            group.errors = tuple(failures)
            raise group

    @property
    def errors(self) -> list[HandlerError]:
        """The most recent handler failures (at most ``max_errors``), oldest first."""
        return list(self._errors)

    def clear(self) -> None:
        """Remove every subscription."""
        with self._lock:
            self._subscribers.clear()

    def statistics(self) -> EventBusStatistics:
        """Subscription counts now and delivery counts since the bus was made."""
        with self._lock:
            totals = [sum(column) for column in zip(*self._all_counts, strict=True)] or [0, 0, 0]
            subscriptions = sum(map(len, self._subscribers.values()))
            event_types = len(self._subscribers)
        return EventBusStatistics(event_types, subscriptions, *totals)

    def __repr__(self) -> str:
        stats = self.statistics()
        return (
            f"<EventBus {stats.event_types} event types, {stats.subscriptions} subscriptions, "
            f"{stats.published} published, {stats.failed} failed>"
        )
