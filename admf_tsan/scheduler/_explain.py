"""Explain a failing run: shrink its schedule, say what kind of bug it is, print the steps.

A failing run's schedule is a list of choices (``report.choices``). :func:`shrink_schedule`
removes choices by delta debugging (Zeller's ddmin) as long as a replay of what is left still
fails the same way, which leaves the fewest preemptions that still fail. :func:`explain` then
reads the trace of that replay (every shared access and synchronization, per worker) and
classifies the bug when the trace shows it:

- ``lost update``: two workers read a location before either wrote it back;
- ``check-then-act``: a worker read a location, another wrote it, then the first acted on
  what it had read;
- ``atomicity violation``: a worker wrote a location and read it back, another wrote in between;
- ``iteration during mutation``: a worker iterated a container while another changed it;
- ``torn read``: a worker read two fields, another wrote both in between;
- ``order violation``: a worker used a location before another worker first wrote it;
- ``deadlock cycle``: each worker holds a lock the next one waits for (named as the code does);
- ``lost wake-up``: a worker waits on a condition whose notify came before it waited.

The text is one block per worker turn, each step with file:line of user code and the access
(``[read Account.balance]``, ``[acquire Account.lock]``), ending at the failing check.

Usage::

    report = scheduler.run(workers)              # failed
    shrunk, runs = shrink_schedule(report.choices, still_fails)
    explanation = explain(replayed_report.trace, deadlock=..., error=...)
    print(explanation.text())
"""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ._patterns import _classify, _deadlock_names, _Finding
from ._races import DataRace
from ._record import Choice, Event, Recorder, Site, forget_lock_names, preemptions
from ._replay import deviations
from ._steps import _NUMBERED, ExplainedStep, _step
from ._trace import default_include, is_machinery

__all__ = [
    "Explanation",
    "ExplainedStep",
    "explain",
    "explain_race",
    "failing_site",
    "shrink_schedule",
]


# The longest interleaving printed in a terminal; the HTML report shows the whole trace.
MAX_STEPS = 30


@dataclass(frozen=True)
class Explanation:
    """What a failing run did, shrunk and classified; ``text()`` renders it for a terminal."""

    kind: str | None
    summary: str
    location: str | None
    steps: tuple[ExplainedStep, ...]
    preemptions: int
    original_preemptions: int
    failing_site: Site | None = None
    replays: int = 0
    omitted: int = 0
    detail: tuple[str, ...] = ()
    unit: str = "worker"

    def text(self) -> str:
        """The explanation: kind and summary, the interleaving per worker, the failing check."""
        head = f"{self.kind}: {self.summary}" if self.kind else self.summary
        lines = [head]
        lines.extend(f"  {line}" for line in self.detail)
        shrunk = f"minimized interleaving: {self.preemptions} preemption(s)" + (
            f" (shrunk from {self.original_preemptions} in {self.replays} replays)"
            if self.replays
            else ""
        )
        if self.unit == "task":
            shrunk = "the interleaving, one block per task step (tasks switch only at await):"
        lines.append(shrunk)
        if self.omitted:
            lines.append(f"  ({self.omitted} steps not involved are left out)")
        current: int | None = None
        for step in self.steps:
            if step.worker != current:
                current = step.worker
                lines.append(f"  {self.unit} {step.worker}:")
            lines.append(f"    {step.line()}")
        if self.failing_site is not None:
            lines.append(
                f"  failing check: {self.failing_site.text()}  {self.failing_site.source()}"
            )
        return "\n".join(lines)


# -- shrinking ---------------------------------------------------------------------------------


def shrink_schedule(
    choices: Sequence[Choice],
    still_fails: Callable[[Sequence[Choice]], bool],
    *,
    max_runs: int = 200,
    max_seconds: float = 5.0,
) -> tuple[list[Choice], int]:
    """The smallest subset of ``choices`` whose replay still fails, and the replays it took.

    ``still_fails(subset)`` replays the run with :class:`Replay` over ``subset`` and says
    whether it failed the same way. Delta debugging over the choices that differ from the
    replay default; stops early (keeping the best found) after ``max_runs`` replays or
    ``max_seconds``. Returns ``(list(choices), 0)`` when even the full list does not fail on
    replay (the run depended on something the schedule does not capture).
    """
    deadline = time.monotonic() + max_seconds
    runs = 0

    def test(subset: Sequence[Choice]) -> bool:
        nonlocal runs
        runs += 1
        return still_fails(subset)

    current = deviations(choices)
    if not test(current):
        if not test(choices):
            return list(choices), runs
        current = list(choices)
    granularity = 2
    while len(current) >= 1 and runs < max_runs and time.monotonic() < deadline:
        if len(current) == 1:
            if test([]):
                current = []
            break
        size = max(1, len(current) // granularity)
        chunks = [current[start : start + size] for start in range(0, len(current), size)]
        reduced = False
        for index in range(len(chunks)):
            if runs >= max_runs or time.monotonic() >= deadline:
                break
            complement = [
                c for number, chunk in enumerate(chunks) if number != index for c in chunk
            ]
            if test(complement):
                current = complement
                granularity = max(granularity - 1, 2)
                reduced = True
                break
        if not reduced:
            if granularity >= len(current):
                break
            granularity = min(granularity * 2, len(current))
    return current, runs


# -- the failing check -------------------------------------------------------------------------


def failing_site(error: BaseException | None) -> Site | None:
    """The innermost frame of user code in ``error``'s traceback (where the check failed)."""
    if error is None:
        return None
    found: Site | None = None
    for entry in traceback.extract_tb(error.__traceback__):
        if default_include(entry.filename) and not is_machinery(entry.filename):
            found = Site(entry.filename, entry.lineno or 0, entry.name)
    return found


_TASK_STEPS = ("resume", "suspend")


def _select(trace: Recorder, finding: _Finding | None) -> tuple[list[ExplainedStep], int]:
    events = trace.events
    if not events:
        return [], 0
    keys = {event.index for event in finding.key_events} if finding else set()
    if finding and finding.key_events:
        low = min(keys)
        high = max(keys)
        locations = {e.location.key for e in finding.key_events if e.location is not None}
        targets = {id(e.target) for e in finding.key_events if not e.is_access}
        related = [
            e
            for e in events
            if low <= e.index <= high
            and (
                e.index in keys
                or (e.location is not None and e.location.key in locations)
                or (not e.is_access and id(e.target) in targets)
                or e.kind in _TASK_STEPS
            )
        ]
        # Between two key steps, a worker's run of other steps on the same location is
        # summarised by its first and last step.
        chosen: list[Event] = []
        # Task steps are few and short: all of them are shown.
        tasks = any(event.kind in _TASK_STEPS for event in related)
        for position, event in enumerate(related):
            if event.index in keys or tasks:
                chosen.append(event)
                continue
            before = related[position - 1] if position else None
            after = related[position + 1] if position + 1 < len(related) else None
            edge = (
                before is None
                or before.worker != event.worker
                or before.index in keys
                or after is None
                or after.worker != event.worker
                or after.index in keys
            )
            if edge:
                chosen.append(event)
    else:
        # No pattern: the steps around each preemption.
        around: set[int] = set()
        for number, event in enumerate(events):
            if event.preempted:
                around.update(range(max(0, number - 3), min(len(events), number + 3)))
        chosen = [events[number] for number in sorted(around)] or events[-MAX_STEPS:]
    if len(chosen) > MAX_STEPS:
        chosen = chosen[: MAX_STEPS // 2] + chosen[-MAX_STEPS // 2 :]
    return [_step(e, e.index in keys) for e in chosen], len(events) - len(chosen)


def explain_race(trace: Recorder, race: DataRace) -> Explanation:
    """The steps of a run around one data race (its two accesses highlighted)."""
    forget_lock_names()
    first, second = race.events
    events = trace.events
    pair = [events[i] for i in (first, second) if 0 <= i < len(events)]
    finding = _Finding(race.kind, race.headline(), race.location, pair)
    steps, omitted = _select(trace, finding)
    return Explanation(
        kind=f"data race ({race.kind})",
        summary=race.headline(),
        location=race.location,
        steps=tuple(steps),
        preemptions=preemptions(trace.choices),
        original_preemptions=preemptions(trace.choices),
        omitted=omitted,
    )


def explain(
    trace: Recorder,
    *,
    deadlock: bool = False,
    error: BaseException | None = None,
    failed_worker: int | None = None,
    original: Sequence[Choice] = (),
    shrunk: Sequence[Choice] | None = None,
    replays: int = 0,
    unit: str = "worker",
) -> Explanation:
    """Classify the run in ``trace`` and pick the steps to print (see the module docstring).

    ``original`` and ``shrunk`` are the choices before and after :func:`shrink_schedule`
    (``shrunk`` None: not shrunk); ``error`` is the failure, whose innermost user frame is
    the failing check; ``failed_worker`` the worker that raised it, if one did. ``unit`` is
    what the workers are called (``"task"`` for a trace of ``record_tasks``).
    """
    forget_lock_names()
    _NUMBERED.clear()
    _NUMBERED.update(_deadlock_names(trace))
    finding = _classify(trace, deadlock, failed_worker)
    steps, omitted = _select(trace, finding)
    taken = shrunk if shrunk is not None else original
    summary = finding.summary if finding else "the failing interleaving (no known pattern)"
    if unit != "worker":
        summary = re.sub(r"\bworker(s?)\b", unit + r"\1", summary)
    return Explanation(
        kind=finding.kind if finding else None,
        summary=summary,
        location=finding.location if finding else None,
        steps=tuple(steps),
        preemptions=preemptions([c for c in trace.choices])
        if trace.choices
        else preemptions(taken),
        original_preemptions=preemptions(original),
        failing_site=None if deadlock else failing_site(error),
        replays=replays,
        omitted=omitted,
        detail=tuple(finding.detail) if finding else (),
        unit=unit,
    )
