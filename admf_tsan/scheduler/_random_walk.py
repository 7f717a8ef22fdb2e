"""The random walk: at every switch point, a uniformly random runnable worker runs next.

It preempts everywhere, so it finds the common shallow races (a switch inside a
read-modify-write) in most runs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ._strategy import Strategy


class RandomWalk(Strategy):
    """At every switch point, a uniformly random runnable worker runs next."""

    name = "random"

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def add_worker(self, index: int) -> None:
        """Nothing to remember: every runnable worker is equally likely."""

    def pick(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        if len(runnable) == 1:
            return runnable[0]
        return runnable[self.rng.randrange(len(runnable))]

    def describe(self) -> str:
        return self.name
