"""What a run observed: each operation's outcome and its invoke / response order."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

from ._scenario import Operation

__all__ = ["HistoryEntry", "Outcome", "Recorder", "Part"]

Part = Literal["prefix", "parallel", "suffix"]


@dataclass(frozen=True)
class Outcome:
    """An operation's result: the value it returned, or the type of the exception it raised."""

    value: object = None
    raised: type[BaseException] | None = None

    def matches(self, other: Outcome) -> bool:
        """Same exception type, or both returned equal values."""
        if self.raised is not None or other.raised is not None:
            return self.raised is other.raised
        try:
            return bool(self.value == other.value)
        except Exception:  # a value whose == raises explains nothing  # noqa: BLE001
            return False

    def __str__(self) -> str:
        if self.raised is not None:
            return f"raised {self.raised.__name__}"
        return repr(self.value)

    def phrase(self, *, present: bool = False) -> str:
        """``returned 3`` / ``raised Empty`` (``returns`` / ``raises`` when ``present``)."""
        if self.raised is not None:
            return f"{'raises' if present else 'raised'} {self.raised.__name__}"
        return f"{'returns' if present else 'returned'} {self.value!r}"


@dataclass(frozen=True)
class HistoryEntry:
    """One operation of a run: who ran it, what it returned, and when (as event ranks).

    ``invoked`` and ``responded`` are ranks in one counter shared by every thread of the run:
    operation A precedes B in real time exactly when ``A.responded < B.invoked``.
    ``responded`` and ``outcome`` are None for an operation that never returned.
    """

    index: int
    part: Part
    thread: int
    operation: Operation
    invoked: int
    outcome: Outcome | None = None
    responded: int | None = None

    @property
    def who(self) -> str:
        """``prefix``, ``suffix`` or ``t<N>`` for a thread of the parallel part."""
        return f"t{self.thread}" if self.part == "parallel" else self.part

    def describe(self) -> str:
        """``t0 put(1) -> None``."""
        result = "(never returned)" if self.outcome is None else f"-> {self.outcome}"
        return f"{self.who} {self.operation} {result}"


@dataclass
class Recorder:
    """Stamps invocations and responses in one order shared by every thread of a run.

    ``next()`` on ``itertools.count`` is atomic under the GIL, so stamping needs no lock (and
    puts no lock of its own into the interleavings under test).
    """

    _clock: itertools.count[int] = field(default_factory=itertools.count)
    _invocations: dict[int, tuple[Part, int, Operation, int]] = field(default_factory=dict)
    _responses: dict[int, tuple[Outcome, int]] = field(default_factory=dict)

    def invoke(self, index: int, part: Part, thread: int, operation: Operation) -> None:
        """Record that operation ``index`` starts now."""
        self._invocations[index] = (part, thread, operation, next(self._clock))

    def respond(self, index: int, outcome: Outcome) -> None:
        """Record that operation ``index`` ended now with ``outcome``."""
        self._responses[index] = (outcome, next(self._clock))

    def history(self) -> tuple[HistoryEntry, ...]:
        """Every invoked operation, in scenario order."""
        entries = []
        for index in sorted(self._invocations):
            part, thread, operation, invoked = self._invocations[index]
            response = self._responses.get(index)
            entries.append(
                HistoryEntry(
                    index=index,
                    part=part,
                    thread=thread,
                    operation=operation,
                    invoked=invoked,
                    outcome=response[0] if response else None,
                    responded=response[1] if response else None,
                )
            )
        return tuple(entries)
