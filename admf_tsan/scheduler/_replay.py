"""Replaying and recording a schedule as a list of choices, the form a failing run shrinks in.

``ChoiceLog`` wraps any strategy and records its decisions as :class:`Choice` objects keyed by
the worker that reached the switch point and that worker's own step count. ``Replay`` is a
strategy that follows such a list: at a listed point it runs the listed worker (when it can
run), everywhere else the *default*: the current worker goes on while it can, else the next
runnable worker after the last one, in index order. A schedule is therefore fully described by
the choices that differ from the default, and removing one of them removes one preemption (or
one non-default pick after a block) while every other choice still names the same program
point. ``_explain.py`` shrinks a failing schedule this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ._record import Choice, Recorder
from ._strategy import Strategy

__all__ = ["ChoiceLog", "Replay", "default_pick", "deviations"]


def default_pick(current: int | None, last: int | None, runnable: Sequence[int]) -> int:
    """The choice a replay makes where its list says nothing."""
    if current is not None and current in runnable:
        return current
    if last is not None:
        for index in runnable:
            if index > last:
                return index
    return runnable[0]


class ChoiceLog(Strategy):
    """Wraps a strategy and records every decision it makes (into a ``Recorder`` if given)."""

    def __init__(self, inner: Strategy, recorder: Recorder | None = None) -> None:
        self.inner = inner
        self.recorder = recorder
        self.choices: list[Choice] = []
        self.counts: dict[int, int] = {}
        self.last: int | None = None

    def add_worker(self, index: int) -> None:
        self.inner.add_worker(index)

    def _choose(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        return self.inner.pick(current, runnable, step)

    def _previous(self, current: int | None) -> int:
        """Who the choice follows: the current worker, else the last one (-1 at the start)."""
        if current is not None:
            return current
        return -1 if self.last is None else self.last

    def pick(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        if current is not None:
            self.counts[current] = self.counts.get(current, 0) + 1
        chosen = self._choose(current, runnable, step)
        previous = self._previous(current)
        choice = Choice(
            previous,
            self.counts.get(previous, 0),
            chosen,
            preemptive=current is not None and chosen != current and current in runnable,
            dispatch=current is None,
        )
        self.choices.append(choice)
        if self.recorder is not None:
            self.recorder.choice(choice)
        self.last = chosen
        return chosen

    def describe(self) -> str:
        return self.inner.describe()


class Replay(ChoiceLog):
    """Follows a list of choices; the default everywhere else (see the module docstring)."""

    name = "replay"

    def __init__(self, choices: Iterable[Choice], recorder: Recorder | None = None) -> None:
        self.plan = {choice.key: choice.chosen for choice in choices}
        super().__init__(_NoStrategy(), recorder)

    def _choose(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        previous = self._previous(current)
        wanted = self.plan.get((previous, self.counts.get(previous, 0), current is None))
        if wanted is not None and wanted in runnable:
            return wanted
        return default_pick(current, self.last, runnable)

    def describe(self) -> str:
        return f"replay({len(self.plan)} choices)"


class _NoStrategy(Strategy):
    def add_worker(self, index: int) -> None:
        pass

    def pick(self, current: int | None, runnable: Sequence[int], step: int) -> int:
        return runnable[0]

    def describe(self) -> str:
        return "none"


def deviations(choices: Sequence[Choice]) -> list[Choice]:
    """The choices of a recorded run that differ from the replay default, in order.

    Replaying only these reproduces the run's schedule.
    """
    # A dispatch's default depends on who is runnable, so every dispatch is kept; a choice at
    # a switch point is the default exactly when the current worker went on.
    return [c for c in choices if c.dispatch or c.chosen != c.previous]
