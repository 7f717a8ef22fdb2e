"""What an AsyncEventBus counts: the live counters and the frozen snapshot it hands out."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AsyncEventBusStatistics", "BusCounters"]


@dataclass(frozen=True)
class AsyncEventBusStatistics:
    """A snapshot of an ``AsyncEventBus``.

    ``published`` counts accepted events, ``dispatched`` the events every handler has seen,
    ``delivered``/``failed`` the handler calls that returned/raised (as ``EventBus`` counts
    them). ``blocked_publishers`` are ``publish`` calls waiting for room in the queue.
    """

    state: str
    queued: int
    maxsize: int
    blocked_publishers: int
    event_types: int
    subscriptions: int
    published: int
    dispatched: int
    delivered: int
    failed: int


class BusCounters:
    """The bus's counters. Written on the loop thread only (executor jobs return their counts
    to the loop), so they need no lock; a snapshot from another thread may be slightly stale."""

    __slots__ = ("blocked_publishers", "delivered", "dispatched", "failed", "published")

    def __init__(self) -> None:
        self.blocked_publishers = 0
        self.published = 0
        self.dispatched = 0
        self.delivered = 0
        self.failed = 0
