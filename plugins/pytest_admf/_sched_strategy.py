"""Scheduling strategies of the controlled scheduler: random walk and PCT, and the seed plan.

A strategy answers one question at every switch point: which runnable worker goes next. It sees
only worker indices and the step count, and draws every choice from a ``random.Random`` seeded
by the run's seed, so the same seed and the same program give the same choices.

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

STRATEGIES = ("pct", "random")
"""The strategy names ``ControlledScheduler`` accepts (plus ``"auto"``: read it from the seed)."""

SEED_MASK = (1 << 62) - 1

# PCT's k (the estimated number of steps) is drawn per seed, log-uniformly from this range of
# powers of two: the seed alone must determine the schedule, so k cannot be learnt from earlier
# runs. Underestimating k only moves change points earlier; overestimating wastes them past the
# end, so the range starts small.
PCT_K_EXPONENTS = (3, 14)

# A worker that runs this many steps in a row while others could run loses its PCT priority:
# without it, a spin-wait (``while not flag: pass``) with the highest priority never yields.
STARVATION_STEPS = 20_000

# Of every RANDOM_PERIOD iterations of the default budget, one is a random walk, the rest PCT.
# Measured on the fixtures corpus (docs/scheduler.md): a random walk finds the common shallow
# races in most runs, PCT adds runs with few, well-placed preemptions; half and half.
RANDOM_PERIOD = 2


def _mix(value: int) -> int:
    """splitmix64 finaliser: spread nearby integers over the whole 64-bit range."""
    value = (value + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return value ^ (value >> 31)


def strategy_for_seed(seed: int) -> str:
    """Return the strategy a seed from :func:`choose_strategy` was made for (its lowest bit).

    Replaying from a bare seed (``--admf-seed=N``) needs only this: odd seeds are random walks,
    even seeds PCT.
    """
    return "random" if seed & 1 else "pct"


def choose_strategy(iteration: int, base_seed: int) -> tuple[str, int]:
    """Return ``(strategy, seed)`` for one iteration of a stress budget.

    Odd iterations are random walks, even ones PCT: the random walk preempts everywhere and
    finds the common races (a switch inside a read-modify-write) in most runs; PCT runs each
    worker long and preempts at a few random points, which finds orderings a walk that switches
    all the time rarely produces. The seed is a
    deterministic function of ``(iteration, base_seed)``, non-negative, below ``2**62``, and
    carries its strategy in its lowest bit (see :func:`strategy_for_seed`).

    Raises ``ValueError`` for a negative iteration.
    """
    if iteration < 0:
        raise ValueError(f"iteration must be >= 0, got {iteration}")
    strategy = "random" if iteration % RANDOM_PERIOD == RANDOM_PERIOD - 1 else "pct"
    seed = _mix(_mix(base_seed & 0xFFFFFFFFFFFFFFFF) ^ iteration) & SEED_MASK
    seed = (seed & ~1) | (1 if strategy == "random" else 0)
    return strategy, seed


class Strategy:
    """Base class: picks the next worker among the runnable ones."""

    name = ""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def add_worker(self, index: int) -> None:
        """Register a worker (at start, or a thread adopted during the run)."""

    def pick(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        """Return one of ``runnable`` (ascending indices, never empty).

        ``current`` is the worker at a switch point, or None when the previous one blocked or
        finished; ``step`` counts switch points so far (it grows by one per call with a current).
        """
        raise NotImplementedError

    def describe(self) -> str:
        """One line naming the strategy and its parameters."""
        return self.name


class RandomWalk(Strategy):
    """At every switch point, a uniformly random runnable worker runs next."""

    name = "random"

    def pick(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        if len(runnable) == 1:
            return runnable[0]
        return runnable[self.rng.randrange(len(runnable))]


class PCT(Strategy):
    """Probabilistic concurrency testing: random priorities, ``depth - 1`` change points."""

    name = "pct"

    def __init__(self, seed: int, depth: int) -> None:
        super().__init__(seed)
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


def make_strategy(name: str, seed: int, depth: int) -> Strategy:
    """Build the strategy called ``name``; raise ValueError for an unknown name."""
    if name == "pct":
        return PCT(seed, depth)
    if name == "random":
        return RandomWalk(seed)
    raise ValueError(f"unknown strategy {name!r}: use one of {', '.join(STRATEGIES)} or 'auto'")
