"""PCT, probabilistic concurrency testing: random priorities and a few change points.

PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A Randomized Scheduler with Probabilistic
Guarantees of Finding Bugs", ASPLOS 2010): every worker gets a distinct random priority from
``d .. d+n-1``; ``d-1`` change points are drawn uniformly from ``1 .. k``; at every step the
runnable worker with the highest priority runs, and when the step count reaches change point
``i`` the running worker's priority drops to ``d-1-i`` (below every initial priority). Steps are
counted only where at least two workers could run: a change point where the running worker is
alone could change nothing. For a
program of ``n`` workers and at most ``k`` steps, one run finds a bug of depth ``d`` with
probability at least ``1 / (n * k**(d-1))``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ._strategy import Strategy

# PCT's k (the estimated number of steps) is drawn per seed, log-uniformly from this range of
# powers of two: the seed alone must determine the schedule, so k cannot be learnt from earlier
# runs. Underestimating k only moves change points earlier; overestimating wastes them past the
# end, so the range starts small.
PCT_K_EXPONENTS = (3, 14)

# A worker that runs this many steps in a row while others could run loses its PCT priority:
# without it, a spin-wait (``while not flag: pass``) with the highest priority never yields.
STARVATION_STEPS = 20_000


class PCT(Strategy):
    """Probabilistic concurrency testing: random priorities, ``depth - 1`` change points."""

    name = "pct"

    def __init__(self, seed: int, depth: int) -> None:
        self.rng = random.Random(seed)
        if depth < 1:
            raise ValueError(f"pct_depth must be >= 1, got {depth}")
        self.depth = depth
        low, high = PCT_K_EXPONENTS
        self.k = 1 << self.rng.randint(low, high)
        points = self.rng.sample(range(1, self.k + 1), min(depth - 1, self.k))
        # change point at step s -> the priority the running worker drops to
        self.change_points = {step: depth - 1 - rank for rank, step in enumerate(sorted(points))}
        self.priority: dict[int, float] = {}
        self._next_low = 0.0
        self._last: int | None = None
        self._streak = 0
        self.steps = 0

    def add_worker(self, index: int) -> None:
        # Random real priorities above every change-point priority give a uniformly random
        # order of the workers, also for threads adopted in the middle of a run.
        self.priority[index] = self.depth + self.rng.random()

    def pick(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        if current is not None and len(runnable) > 1:
            # Count only steps where a switch could happen: a change point where the running
            # worker is alone would be wasted.
            self.steps += 1
            drop = self.change_points.get(self.steps)
            if drop is not None:
                self.priority[current] = float(drop)
            if current == self._last:
                self._streak += 1
                if self._streak >= STARVATION_STEPS:
                    self._next_low -= 1.0
                    self.priority[current] = self._next_low
                    self._streak = 0
            else:
                self._streak = 0
        best = max(runnable, key=self.priority.__getitem__)
        if best != self._last:
            self._streak = 0
        self._last = best
        return best

    def describe(self) -> str:
        return f"pct(depth={self.depth}, k={self.k})"
