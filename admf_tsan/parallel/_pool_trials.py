"""The trials an IsolatedPool holds: the queue of those not yet handed out, and the counters."""

from __future__ import annotations

import itertools
import math
import threading
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

__all__ = ["IsolatedPoolStatistics", "TrialLedger"]


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


class TrialLedger:
    """The trials not yet handed to a worker, and the counts of those that were; thread-safe.

    Any thread adds trials and asks for shutdown; the manager thread takes batches, settles
    trials and puts back the ones a dead worker never started. One lock guards it all, and no
    other lock is taken while it is held.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: deque[_Trial] = deque()
        self._ids = itertools.count()
        self._shutdown = False
        self._cancel_pending = False
        self._running = 0
        self._succeeded = 0
        self._raised = 0
        self._crashed = 0
        self._timed_out = 0

    def add(self, future: Future[Any], call_bytes: bytes, as_result: bool, label: str) -> None:
        """Queue a trial. Raises RuntimeError after shutdown."""
        with self._lock:
            if self._shutdown:
                raise RuntimeError("can't submit a trial to an IsolatedPool after shutdown")
            self._pending.append(_Trial(next(self._ids), future, call_bytes, as_result, label))

    def refuse_new(self) -> None:
        """Raise RuntimeError, as ``add`` does, if the pool is shutting down."""
        with self._lock:
            if self._shutdown:
                raise RuntimeError("can't submit a trial to an IsolatedPool after shutdown")

    def request_shutdown(self, cancel_pending: bool) -> None:
        with self._lock:
            self._shutdown = True
            if cancel_pending:
                self._cancel_pending = True

    def take_cancelled(self) -> list[_Trial]:
        """After ``request_shutdown(cancel_pending=True)``: remove the trials never handed out."""
        with self._lock:
            if not self._cancel_pending:
                return []
            self._cancel_pending = False
            cancelled = [trial for trial in self._pending if not trial.started]
            self._pending = deque(trial for trial in self._pending if trial.started)
        return cancelled

    def drained_after_shutdown(self) -> bool:
        """Shutdown was asked and no trial waits for a worker."""
        with self._lock:
            return self._shutdown and not self._pending

    def outstanding(self) -> int:
        """Trials waiting plus trials running; 0 when none waits (nothing to hand out)."""
        with self._lock:
            return len(self._pending) + self._running if self._pending else 0

    def has_pending(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def take_batch(self, room: int, workers: int) -> list[_Trial]:
        """Up to ``room`` trials (about an even share over ``workers``), marked running.

        Trials whose future was cancelled meanwhile are dropped.
        """
        batch: list[_Trial] = []
        with self._lock:
            share = math.ceil(len(self._pending) / max(1, workers))
            take = min(room, max(1, share))
            while self._pending and len(batch) < take:
                trial = self._pending.popleft()
                if not trial.started:
                    if not trial.future.set_running_or_notify_cancel():
                        continue
                    trial.started = True
                batch.append(trial)
            self._running += len(batch)
        return batch

    def settled(self, ok: bool) -> None:
        """A running trial returned (``ok``) or raised."""
        with self._lock:
            self._running -= 1
            if ok:
                self._succeeded += 1
            else:
                self._raised += 1

    def lost(self, timed_out: bool, never_started: deque[_Trial]) -> None:
        """A worker died (or was killed on timeout) in a trial; the trials queued behind it
        never started and go back to the front of the queue."""
        with self._lock:
            self._running -= 1 + len(never_started)
            if timed_out:
                self._timed_out += 1
            else:
                self._crashed += 1
            self._pending.extendleft(reversed(never_started))

    def abandon(self) -> list[_Trial]:
        """Shut down and remove every waiting trial (the manager failed)."""
        with self._lock:
            self._shutdown = True
            trials = list(self._pending)
            self._pending.clear()
        return trials

    def statistics(
        self, max_workers: int, live_workers: int, workers_started: int
    ) -> IsolatedPoolStatistics:
        with self._lock:
            return IsolatedPoolStatistics(
                max_workers=max_workers,
                live_workers=live_workers,
                pending=len(self._pending),
                running=self._running,
                succeeded=self._succeeded,
                raised=self._raised,
                crashed=self._crashed,
                timed_out=self._timed_out,
                workers_started=workers_started,
                shutting_down=self._shutdown,
            )
