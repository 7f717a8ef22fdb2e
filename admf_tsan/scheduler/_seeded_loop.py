"""An asyncio event loop whose seed decides the order in which ready callbacks run.

asyncio runs the callbacks that are ready at one iteration of the loop first come, first
served, so on a test machine the tasks of a test interleave the same way every time and an
ordering bug that needs another order never shows. :func:`new_seeded_event_loop` returns a loop
that permutes each iteration's batch of ready callbacks with a ``random.Random(seed)``: task
interleavings vary from seed to seed, and the same seed gives the same order again (for code
whose only inputs are its tasks; real I/O readiness still depends on timing).

Usage::

    loop = new_seeded_event_loop(seed=42)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()

What changes is only the order *within* one iteration's batch: a callback scheduled while the
batch runs still waits for the next iteration, timers still fire in deadline order, and
``call_soon(a); call_soon(b)`` may run ``b`` first (which is an order another timing of the
same program could also produce when ``a`` and ``b`` come from different tasks).
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVarTuple, Unpack

from ._task_trace import active_tracer, run_traced

_Ts = TypeVarTuple("_Ts")

__all__ = ["SeededEventLoop", "SeededLoopStatistics", "new_seeded_event_loop"]


@dataclass(frozen=True)
class SeededLoopStatistics:
    """How much a seeded loop has permuted: batches seen and batches with more than one callback."""

    seed: int
    batches: int
    permuted_batches: int


class _SeededReadyQueue(collections.deque):  # type: ignore[type-arg]
    """The loop's ready queue: the first ``popleft`` of a batch shuffles that batch.

    ``BaseEventLoop._run_once`` takes ``ntodo = len(ready)`` and then pops exactly ``ntodo``
    handles; nothing is appended between the two, so at the first pop of a batch the queue holds
    exactly that batch, and callbacks appended while it runs stay behind it.
    """

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self._rng = rng
        self._left_in_batch = 0
        self.batches = 0
        self.permuted_batches = 0

    def popleft(self) -> Any:
        if self._left_in_batch == 0:
            size = len(self)
            self.batches += 1
            if size > 1:
                batch = list(self)
                self._rng.shuffle(batch)
                self.clear()
                self.extend(batch)
                self.permuted_batches += 1
            self._left_in_batch = size
        self._left_in_batch -= 1
        return super().popleft()

    def clear(self) -> None:
        super().clear()
        self._left_in_batch = 0


def _check_seed(seed: object) -> None:
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")


class SeededEventLoop(asyncio.SelectorEventLoop):
    """A selector event loop that runs each batch of ready callbacks in a seeded random order.

    Callbacks other threads schedule (``call_soon_threadsafe``: ``to_thread`` and executor
    completions, ``run_coroutine_threadsafe``) arrive between any two batches: each waiting
    one is let in at the start of a batch or held for a later one by a coin toss of a second
    seeded stream, as a real loop would see them if the other thread were slower. They are
    never held while nothing else is ready, so they cannot delay an idle loop.
    """

    def __init__(self, seed: int) -> None:
        _check_seed(seed)
        super().__init__()
        self.seed = seed
        self._ready: _SeededReadyQueue = _SeededReadyQueue(random.Random(seed))
        # A stream of its own: a run without thread callbacks shuffles exactly as before.
        self._arrivals = random.Random(seed ^ 0x7E1A7ED)
        self._held: collections.deque[asyncio.Handle] = collections.deque()
        self._held_lock = threading.Lock()
        self.held_arrivals = 0

    def call_soon_threadsafe(
        self,
        callback: Callable[[Unpack[_Ts]], object],
        *args: *_Ts,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        self._check_closed()  # type: ignore[attr-defined]
        handle = asyncio.Handle(callback, args, self, context)
        with self._held_lock:
            self._held.append(handle)
        self._write_to_self()  # type: ignore[attr-defined]
        return handle

    def _run_once(self) -> None:
        # A racy emptiness check on purpose: a handle appended just after it has also written
        # to the self-pipe, so the next iteration lets it in.
        if self._held:  # noqa: ADMF402
            with self._held_lock:
                arrived = list(self._held)
                self._held.clear()
            later = []
            for handle in arrived:
                if self._ready and self._arrivals.random() < 0.5:
                    later.append(handle)
                else:
                    self._ready.append(handle)
            if later and not self._ready:
                self._ready.extend(later)
                later = []
            if later:
                self.held_arrivals += len(later)
                with self._held_lock:
                    self._held.extendleft(reversed(later))
        tracer = active_tracer()
        if tracer is None:
            super()._run_once()  # type: ignore[misc]
        else:
            # Explaining a failure: record the tasks' steps (``record_tasks``).
            run_traced(tracer, super()._run_once)  # type: ignore[misc]

    def statistics(self) -> SeededLoopStatistics:
        """Batches of ready callbacks run so far, and how many of them were permuted."""
        return SeededLoopStatistics(
            seed=self.seed,
            batches=self._ready.batches,
            permuted_batches=self._ready.permuted_batches,
        )

    def __repr__(self) -> str:
        state = "closed" if self.is_closed() else "running" if self.is_running() else "idle"
        return f"<SeededEventLoop seed={self.seed} {state} batches={self._ready.batches}>"


def new_seeded_event_loop(seed: int) -> asyncio.AbstractEventLoop:
    """Return a new (not running, not current) event loop whose ready order ``seed`` decides.

    Raises ValueError for a negative or non-int seed. The caller closes the loop.
    """
    _check_seed(seed)
    return SeededEventLoop(seed)
