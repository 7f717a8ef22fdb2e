"""The trials an IsolatedPool holds, and the snapshot of its counters."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

__all__ = ["IsolatedPoolStatistics"]


@dataclass(frozen=True)
class IsolatedPoolStatistics:
    """A snapshot of an IsolatedPool's workers and trial counters."""

    max_workers: int
    live_workers: int
    pending: int
    running: int
    succeeded: int
    raised: int
    crashed: int
    timed_out: int
    workers_started: int
    shutting_down: bool


class _Trial:
    __slots__ = ("trial_id", "future", "call_bytes", "as_result", "label", "started")

    def __init__(
        self, trial_id: int, future: Future[Any], call_bytes: bytes, as_result: bool, label: str
    ) -> None:
        self.trial_id = trial_id
        self.future = future
        self.call_bytes = call_bytes
        self.as_result = as_result
        self.label = label
        self.started = False
