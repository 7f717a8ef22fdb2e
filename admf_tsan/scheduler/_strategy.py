"""What a scheduling strategy is (the ``Strategy`` protocol), and the seed plan of a budget.

A strategy answers one question at every switch point: which runnable worker goes next. It sees
only worker indices and the step count, and draws every choice from a ``random.Random`` seeded
by the run's seed, so the same seed and the same program give the same choices. The strategies
themselves are one module each: ``_pct.py`` (PCT) and ``_random_walk.py`` (the random walk).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

STRATEGIES = ("pct", "random")
"""The strategy names ``ControlledScheduler`` accepts (plus ``"auto"``: read it from the seed)."""

SEED_MASK = (1 << 62) - 1

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


class Strategy(Protocol):
    """Picks the next worker among the runnable ones; one object serves one run.

    Implementations draw every choice from a ``random.Random`` of the run's seed, so that the
    same seed and the same program make the same choices. PCT and the random walk implement it.
    """

    def add_worker(self, index: int) -> None:
        """Register a worker (at start, or a thread adopted during the run)."""
        ...

    def pick(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        """Return one of ``runnable`` (ascending indices, never empty).

        ``current`` is the worker at a switch point, or None when the previous one blocked or
        finished; ``step`` counts switch points so far (it grows by one per call with a current).
        """
        ...

    def describe(self) -> str:
        """One line naming the strategy and its parameters (``pct(depth=3, k=1024)``)."""
        ...
