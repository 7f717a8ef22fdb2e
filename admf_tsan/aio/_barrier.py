"""AsyncEventBarrier: N asyncio tasks meet, then all go on; reusable, cancellation-safe."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ._errors import BrokenBarrierError

__all__ = ["AsyncEventBarrier", "AsyncEventBarrierStatistics"]


@dataclass(frozen=True)
class AsyncEventBarrierStatistics:
    """A snapshot of an ``AsyncEventBarrier``."""

    parties: int
    n_waiting: int
    generation: int
    broken: bool


class _Generation:
    """One round of the barrier: the tasks waiting in it and the future that releases them."""

    __slots__ = ("arrived", "released")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.arrived = 0
        self.released: asyncio.Future[None] = loop.create_future()


class AsyncEventBarrier:
    """Block ``parties`` tasks until all of them have called ``wait()``; then release them all.

    Semantics (those of ``asyncio.Barrier``, with a generation counter and statistics):

    * ``await wait()`` returns the caller's arrival index in its generation, ``0`` for the
      first to arrive and ``parties - 1`` for the one that trips the barrier.
    * Reusable: once a generation trips, ``generation`` goes up by one and the next ``parties``
      arrivals form the next generation. A task that loops on ``wait()`` can never slip into
      the generation it just left.
    * Cancellation-safe: a task cancelled while it waits withdraws its arrival; the barrier
      is not broken and the others still need ``parties`` arrivals. A task cancelled after its
      generation tripped (released, but not yet resumed) counts as having passed; it sees
      ``CancelledError``, the others are unaffected.
    * ``abort()`` breaks the barrier: waiting and future ``wait()`` calls raise
      ``BrokenBarrierError`` until ``reset()``. ``reset()`` breaks the current generation (its
      waiters raise ``BrokenBarrierError``) and makes the barrier usable again.

    The barrier belongs to one event loop (the first that waits on it) and is not thread-safe:
    call it from that loop's tasks only.

    Usage::

        barrier = AsyncEventBarrier(3)
        async def worker():
            await load_data()
            await barrier.wait()   # all three have loaded
            await trade()
    """

    def __init__(self, parties: int) -> None:
        if isinstance(parties, bool) or not isinstance(parties, int) or parties < 1:
            raise ValueError(f"AsyncEventBarrier needs parties >= 1 (an int), got {parties!r}")
        self._parties = parties
        self._generation_number = 0
        self._current: _Generation | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._broken = False

    @property
    def parties(self) -> int:
        """How many tasks must call ``wait()`` to trip the barrier."""
        return self._parties

    @property
    def n_waiting(self) -> int:
        """How many tasks wait in the current generation."""
        return 0 if self._current is None else self._current.arrived

    @property
    def generation(self) -> int:
        """How many times the barrier has tripped."""
        return self._generation_number

    @property
    def broken(self) -> bool:
        """True after ``abort()`` until ``reset()``."""
        return self._broken

    def _bind_loop(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise RuntimeError(
                f"{self!r} is bound to event loop {self._loop!r}; it can't be used from "
                f"another loop ({loop!r}): make one barrier per loop"
            )
        return loop

    async def wait(self) -> int:
        """Wait until ``parties`` tasks are waiting; return this task's arrival index.

        Raises:
            BrokenBarrierError: the barrier is broken, or was aborted/reset while waiting.
            CancelledError: this task was cancelled (its arrival is withdrawn, see above).
        """
        loop = self._bind_loop()
        if self._broken:
            raise BrokenBarrierError(f"{self!r} is broken: call reset() before waiting again")
        generation = self._current
        if generation is None:
            generation = self._current = _Generation(loop)
        index = generation.arrived
        generation.arrived += 1
        if generation.arrived == self._parties:
            self._trip(generation)
            return index
        try:
            # Shielded: cancelling this waiter must not cancel the future the others wait on.
            await asyncio.shield(generation.released)
        except asyncio.CancelledError:
            if generation is self._current and not generation.released.done():
                generation.arrived -= 1  # withdraw: the generation still needs `parties`
            raise
        return index

    def _trip(self, generation: _Generation) -> None:
        self._current = None
        self._generation_number += 1
        generation.released.set_result(None)

    def _break_current(self, why: str) -> None:
        generation, self._current = self._current, None
        if generation is not None and not generation.released.done():
            generation.released.set_exception(BrokenBarrierError(why))
            # A generation whose waiters were all cancelled would otherwise log
            # "exception was never retrieved".
            generation.released.exception()

    def abort(self) -> None:
        """Break the barrier: current and future waiters raise ``BrokenBarrierError``."""
        self._broken = True
        self._break_current(f"{self!r} was aborted")

    def reset(self) -> None:
        """Release current waiters with ``BrokenBarrierError`` and make the barrier usable."""
        self._break_current(f"{self!r} was reset while tasks waited")
        self._broken = False

    def statistics(self) -> AsyncEventBarrierStatistics:
        """A frozen snapshot: parties, tasks waiting now, generation, broken."""
        return AsyncEventBarrierStatistics(
            parties=self._parties,
            n_waiting=self.n_waiting,
            generation=self._generation_number,
            broken=self._broken,
        )

    def __repr__(self) -> str:
        state = "broken" if self._broken else f"{self.n_waiting}/{self._parties} waiting"
        return f"<AsyncEventBarrier {state}, generation {self._generation_number}>"
