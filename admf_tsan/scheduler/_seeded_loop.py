"""An asyncio event loop whose seed decides the order in which ready callbacks run.

asyncio runs the callbacks that are ready at one iteration of the loop first come, first
served, so on a test machine the tasks of a test interleave the same way every time and an
ordering bug that needs another timing never shows. :func:`new_seeded_event_loop` returns a
loop that reorders each iteration's batch of ready callbacks with a ``random.Random(seed)``:
task interleavings vary from seed to seed, and the same seed gives the same order again (for
code whose only inputs are its tasks; real I/O readiness still depends on timing).

Usage::

    loop = new_seeded_event_loop(seed=42)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()

Only orders a real loop can produce under some timing are explored. asyncio documents that
callbacks scheduled with ``call_soon`` run in the order they were registered, and code relies
on it (``create_task(job()); await asyncio.sleep(0)`` expects ``job`` to have started). So the
seeded loop never swaps two callbacks that one source registered: each ready callback belongs
to the callback that was running when it was scheduled (one step of a task, a done callback),
or, for callbacks the loop itself adds, to the I/O event, to the timers of that iteration (in
deadline order) or to the other thread (``call_soon_threadsafe``) that scheduled it. A batch
runs as a seeded random *merge* of those sources' sequences: the callbacks of different
sources interleave in any order (two tasks that each resumed from an ``await`` may resume in
either order, as they would if what they awaited had taken other times), those of one source
keep their order. A task woken by another's ``release()``/``set()``/``put()`` therefore still
runs before the waker's own next step when the waker scheduled both, as on a real loop; and
``call_soon(a); call_soon(b)`` always runs ``a`` first.

A callback scheduled while the batch runs still waits for the next iteration, and timers fire
in deadline order.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import itertools
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
    """The loop's ready queue: the first ``popleft`` of a batch reorders that batch.

    ``BaseEventLoop._run_once`` takes ``ntodo = len(ready)`` and then pops exactly ``ntodo``
    handles; nothing is appended between the two, so at the first pop of a batch the queue holds
    exactly that batch, and callbacks appended while it runs stay behind it.

    Every appended handle is tagged with ``source``, the source appending now: a fresh one
    for each popped handle (what that callback schedules while it runs), and what the loop sets
    around its own appends (``SeededEventLoop._run_once``). A batch becomes a seeded random merge
    of its sources' sequences, each in the order it was appended.
    """

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self._rng = rng
        self._left_in_batch = 0
        self._sources: dict[int, object] = {}
        self._counter = itertools.count(1)
        self.source: object = 0
        self.batches = 0
        self.permuted_batches = 0

    def new_source(self) -> int:
        """A source no handle has yet: for an I/O event, the timers of one iteration."""
        return next(self._counter)

    def append(self, handle: Any) -> None:
        self._sources[id(handle)] = self.source
        super().append(handle)

    def extend(self, handles: Any) -> None:
        for handle in handles:
            self.append(handle)

    def popleft(self) -> Any:
        if self._left_in_batch == 0:
            self._start_batch()
        self._left_in_batch -= 1
        handle = super().popleft()
        self._sources.pop(id(handle), None)
        # What this callback schedules while it runs is one source, in registration order.
        self.source = next(self._counter)
        return handle

    def _start_batch(self) -> None:
        size = len(self)
        self.batches += 1
        self._left_in_batch = size
        if size < 2:
            return
        batch = list(self)
        by_source: dict[object, collections.deque[Any]] = {}
        labels = []
        for handle in batch:
            source = self._sources.get(id(handle))
            by_source.setdefault(source, collections.deque()).append(handle)
            labels.append(source)
        if len(by_source) < 2:
            return
        # A uniformly random interleaving of the sources' sequences: shuffle one label per
        # handle, then take each source's handles in order.
        self._rng.shuffle(labels)
        super().clear()
        super().extend(by_source[label].popleft() for label in labels)
        self.permuted_batches += 1

    def clear(self) -> None:
        super().clear()
        self._sources.clear()
        self._left_in_batch = 0


def _check_seed(seed: object) -> None:
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")


class SeededEventLoop(asyncio.SelectorEventLoop):
    """A selector event loop that runs each batch of ready callbacks in a seeded random order.

    The order is a merge that keeps the callbacks of one source (one task step, one callback,
    one I/O event, one other thread, the timers) in registration order (see the module's
    docstring). Callbacks other threads schedule (``call_soon_threadsafe``: ``to_thread`` and
    executor completions, ``run_coroutine_threadsafe``) arrive between any two batches: each
    waiting one is let in at the start of a batch or held for a later one by a coin toss of a
    second seeded stream, as a real loop would see them if the other thread were slower; once
    one of a thread's callbacks is held, that thread's later ones wait behind it. They are
    never held while nothing else is ready, so they cannot delay an idle loop.
    """

    def __init__(self, seed: int) -> None:
        _check_seed(seed)
        super().__init__()
        self.seed = seed
        self._ready: _SeededReadyQueue = _SeededReadyQueue(random.Random(seed))
        # A stream of its own: a run without thread callbacks shuffles exactly as before.
        self._arrivals = random.Random(seed ^ 0x7E1A7ED)
        self._held: collections.deque[tuple[asyncio.Handle, int]] = collections.deque()
        self._held_lock = threading.Lock()
        self.held_arrivals = 0

    def call_soon_threadsafe(
        self,
        callback: Callable[[Unpack[_Ts]], object],
        *args: *_Ts,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        caller = threading.get_ident()
        if caller == self._thread_id:  # type: ignore[attr-defined]
            # From the loop's own thread: ordered with its call_soon callbacks, never held.
            return super().call_soon_threadsafe(callback, *args, context=context)
        self._check_closed()  # type: ignore[attr-defined]
        handle = asyncio.Handle(callback, args, self, context)
        with self._held_lock:
            self._held.append((handle, caller))
        self._write_to_self()  # type: ignore[attr-defined]
        return handle

    def _let_in_arrivals(self) -> None:
        with self._held_lock:
            arrived = list(self._held)
            self._held.clear()
        later: list[tuple[asyncio.Handle, int]] = []
        holding: set[int] = set()
        sources: dict[int, int] = {}
        for handle, thread in arrived:
            if thread in holding or (self._ready and self._arrivals.random() < 0.5):
                holding.add(thread)
                later.append((handle, thread))
            else:
                self._admit(handle, thread, sources)
        if later and not self._ready:
            for handle, thread in later:
                self._admit(handle, thread, sources)
            later = []
        if later:
            self.held_arrivals += len(later)
            with self._held_lock:
                self._held.extendleft(reversed(later))

    def _admit(self, handle: asyncio.Handle, thread: int, sources: dict[int, int]) -> None:
        """Append an arrival: one source per thread, so a thread's callbacks keep their order."""
        if thread not in sources:
            sources[thread] = self._ready.new_source()
        self._ready.source = sources[thread]
        self._ready.append(handle)

    def _process_events(self, event_list: Any) -> None:
        # Each I/O event is a source of its own: another timing could have delivered them in
        # another order. The timers that fire next in this iteration are one source, in
        # deadline order.
        for event in event_list:
            self._ready.source = self._ready.new_source()
            super()._process_events([event])  # type: ignore[misc]
        self._ready.source = self._ready.new_source()

    def _run_once(self) -> None:
        # A racy emptiness check on purpose: a handle appended just after it has also written
        # to the self-pipe, so the next iteration lets it in.
        if self._held:  # noqa: ADMF402
            self._let_in_arrivals()
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
