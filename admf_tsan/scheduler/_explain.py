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
from dataclasses import dataclass, field

from ._races import DataRace
from ._record import Choice, Event, Recorder, Site, forget_lock_names, lock_name, preemptions
from ._replay import deviations
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
class ExplainedStep:
    """One printed step: a worker did ``access`` at ``site``; ``key`` marks the racing pair."""

    index: int
    worker: int
    access: str
    site: Site | None
    held: tuple[str, ...] = ()
    key: bool = False
    preempted: bool = False

    def line(self) -> str:
        """``lost_update.py:25  self.hits += 1  [read BuggyHitCounter.hits]``."""
        if self.site is None:
            return f"?  [{self.access}]"
        source = self.site.source()
        mark = "  <-" if self.key else ""
        return f"{self.site.text():<40} {source:<40} [{self.access}]{mark}"


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


# -- classification ----------------------------------------------------------------------------


def _access_text(event: Event) -> str:
    if event.kind in ("read", "write"):
        what = f"{event.kind} {event.label}"
        if event.iterate:
            what = f"iterate {event.label}"
        elif event.op and event.op[:1].islower():
            what = f"{event.kind} {event.label} ({event.op})"
        return what
    if event.kind == "resume":
        return "starts" if event.label == "start" else "resumes"
    if event.kind == "suspend":
        return "suspends (await)"
    target = event.target
    if event.kind in ("acquire", "release"):
        return f"{event.kind} {_lock(target)}"
    if event.kind == "block":
        return f"blocks on {_waitable(target)}"
    if event.kind == "start":
        return f"start {event.label}"
    detail = f" ({event.label})" if event.label else ""
    return f"{event.kind} {_kind_of(target)}{detail}"


# Names for the locks of the trace being explained (numbered where the code spells two the
# same); set by explain(), read when steps are rendered (text and HTML).
_NUMBERED: dict[int, str] = {}


def _kind_of(target: object) -> str:
    return _NUMBERED.get(id(target)) or lock_name(target)


def _lock(target: object) -> str:
    return _NUMBERED.get(id(target)) or lock_name(target)


def _waitable(target: object) -> str:
    condition = getattr(target, "condition", None)
    if condition is not None:
        return f"a notify of {lock_name(condition)}"
    if hasattr(target, "_sched_describe") and hasattr(target, "acquire"):
        return _lock(target)
    name = getattr(target, "name", None)
    if isinstance(name, str) and name.startswith("worker"):
        return f"{name} to finish"
    if hasattr(target, "_sched_describe"):
        return lock_name(target)
    return type(target).__name__


def _step(event: Event, key: bool) -> ExplainedStep:
    return ExplainedStep(
        event.index,
        event.worker,
        _access_text(event),
        event.site,
        tuple(dict.fromkeys(lock_name(lock) for lock in event.held)),
        key,
        event.preempted,
    )


@dataclass
class _Finding:
    kind: str
    summary: str
    location: str | None
    key_events: list[Event]
    detail: list[str] = field(default_factory=list)


def _by_location(events: Sequence[Event]) -> dict[object, list[Event]]:
    table: dict[object, list[Event]] = {}
    for event in events:
        if event.location is not None:
            table.setdefault(event.location.key, []).append(event)
    return table


def _same_line(first: Event, second: Event) -> bool:
    return (
        first.site is not None and second.site is not None and first.site.line == second.site.line
    )


def _where(event: Event) -> str:
    return event.site.text() if event.site is not None else "?"


def _lost_update(accesses: list[Event]) -> _Finding | None:
    reads = [
        e
        for e in accesses
        if e.kind == "read" and e.next_same is not None and e.next_same.kind == "write"
    ]
    for first in reads:
        for second in reads:
            if second.worker == first.worker or second.index <= first.index:
                continue
            write_a, write_b = first.next_same, second.next_same
            assert write_a is not None and write_b is not None
            if second.index < write_a.index and first.index < write_b.index:
                if _same_line(first, write_a):
                    return _Finding(
                        "lost update",
                        f"workers {first.worker} and {second.worker} both read {first.label} "
                        "before either wrote it back, so one write overwrote the other",
                        first.label,
                        [first, second, write_a, write_b],
                    )
                return _Finding(
                    "check-then-act",
                    f"workers {first.worker} and {second.worker} both checked {first.label} at "
                    f"{_where(first)} before either acted on it at {_where(write_a)}",
                    first.label,
                    [first, second, write_a, write_b],
                )
    return None


def _check_then_act(accesses: list[Event]) -> _Finding | None:
    for read in accesses:
        act = read.next_same
        if read.kind != "read" or act is None or act.kind != "write":
            continue
        for other in accesses:
            if (
                other.worker != read.worker
                and other.kind == "write"
                and read.index < other.index < act.index
            ):
                same_line = (
                    read.site is not None
                    and act.site is not None
                    and read.site.line == act.site.line
                )
                kind = "lost update" if same_line else "check-then-act"
                return _Finding(
                    kind,
                    f"worker {read.worker} read {read.label} at {_where(read)}, worker "
                    f"{other.worker} wrote it at {_where(other)}, then worker {read.worker} "
                    f"acted on the stale value at {_where(act)}",
                    read.label,
                    [read, other, act],
                )
    return None


def _atomicity(accesses: list[Event]) -> _Finding | None:
    for read in accesses:
        own = read.prev_same
        if read.kind != "read" or own is None or own.kind != "write":
            continue
        for other in accesses:
            if (
                other.worker != read.worker
                and other.kind == "write"
                and own.index < other.index < read.index
            ):
                return _Finding(
                    "atomicity violation",
                    f"worker {read.worker} wrote {read.label} at {_where(own)} and read it back "
                    f"at {_where(read)}, but worker {other.worker} wrote it in between at "
                    f"{_where(other)}",
                    read.label,
                    [own, other, read],
                )
    return None


def _iteration(accesses: list[Event]) -> _Finding | None:
    for index, read in enumerate(accesses):
        if not read.iterate:
            continue
        for other in accesses[index + 1 :]:
            if other.worker == read.worker:
                if other.iterate and other.frame_key != read.frame_key:
                    break
                continue
            if other.kind == "write":
                later = [
                    e
                    for e in accesses
                    if e.worker == read.worker and e.index > other.index and e.iterate
                ]
                if True:
                    return _Finding(
                        "iteration during mutation",
                        f"worker {read.worker} was iterating {read.label} ({_where(read)}) when "
                        f"worker {other.worker} changed it at {_where(other)}",
                        read.label,
                        [read, other, *later[:1]],
                    )
    return None


def _torn_read(events: Sequence[Event]) -> _Finding | None:
    reads: dict[tuple[int, tuple[int, int], int], list[Event]] = {}
    writes: dict[tuple[int, tuple[int, int], int], list[Event]] = {}
    for event in events:
        if event.location is None or event.location.container:
            continue
        group = reads if event.kind == "read" else writes
        group.setdefault((event.worker, event.frame_key, id(event.target)), []).append(event)
    for (reader, _, owner), seen in reads.items():
        labels = {event.label: event for event in seen}
        if len(labels) < 2:
            continue
        for (writer, _, written_owner), wrote in writes.items():
            if writer == reader or written_owner != owner:
                continue
            written = {event.label: event for event in wrote}
            common = [label for label in labels if label in written]
            if len(common) < 2:
                continue
            before = [name for name in common if labels[name].index < written[name].index]
            after = [name for name in common if labels[name].index > written[name].index]
            if before and after:
                first, second = labels[before[0]], labels[after[0]]
                return _Finding(
                    "torn read",
                    f"worker {reader} read {before[0]} before and {after[0]} after worker "
                    f"{writer} wrote both, so it saw half an update",
                    f"{before[0]}, {after[0]}",
                    sorted(
                        [first, second, written[before[0]], written[after[0]]],
                        key=lambda e: e.index,
                    ),
                )
    return None


def _order_violation(accesses: list[Event], failed_worker: int | None) -> _Finding | None:
    if failed_worker is None:
        return None
    for read in accesses:
        if read.kind != "read" or read.worker != failed_worker:
            continue
        for other in accesses:
            if other.worker != read.worker and other.kind == "write" and other.index > read.index:
                earlier_writes = [e for e in accesses if e.kind == "write" and e.index < read.index]
                if not earlier_writes:
                    return _Finding(
                        "order violation",
                        f"worker {read.worker} used {read.label} at {_where(read)} before worker "
                        f"{other.worker} initialized it at {_where(other)}",
                        read.label,
                        [read, other],
                    )
    return None


def _deadlock(trace: Recorder) -> _Finding | None:
    names = _deadlock_names(trace)
    holders: dict[int, int] = {}
    took: dict[tuple[int, int], Event] = {}
    blocked: dict[int, Event] = {}
    for event in trace.events:
        if event.kind == "acquire":
            holders[id(event.target)] = event.worker
            took[(event.worker, id(event.target))] = event
            blocked.pop(event.worker, None)
        elif event.kind == "release":
            holders.pop(id(event.target), None)
        elif event.kind == "block":
            blocked[event.worker] = event
        elif event.is_access or event.kind in ("observe", "wait", "signal", "notify"):
            blocked.pop(event.worker, None)
    edges = {
        worker: holders[id(event.target)]
        for worker, event in blocked.items()
        if id(event.target) in holders and holders[id(event.target)] != worker
    }
    cycle: list[int] = []
    for start in sorted(edges):
        path = [start]
        node = edges.get(start)
        while node is not None and node not in path:
            path.append(node)
            node = edges.get(node)
        if node is not None and node == start:
            cycle = path
            break
    if cycle:
        detail: list[str] = []
        keys: list[Event] = []
        for worker in cycle:
            wait = blocked[worker]
            holder = edges[worker]
            held = [took[key] for key in took if key[0] == worker and holders.get(key[1]) == worker]
            for acquired in held:
                name = names.get(id(acquired.target), _lock(acquired.target))
                detail.append(f"worker {worker} took {name} at {_where(acquired)}")
                keys.append(acquired)
            detail.append(
                f"worker {worker} waits for {names.get(id(wait.target), _lock(wait.target))} at "
                f"{_where(wait)}, held by worker {holder}"
            )
            keys.append(wait)
        order = " -> ".join(f"worker {w}" for w in [*cycle, cycle[0]])
        return _Finding(
            "deadlock cycle",
            f"{order}: each waits for a lock the next one holds",
            None,
            keys,
            detail,
        )
    for worker, wait in blocked.items():
        condition = getattr(wait.target, "condition", None)
        if condition is None:
            continue
        lost = [
            e
            for e in trace.events
            if e.kind == "notify"
            and e.target is condition
            and e.label.startswith("0 ")
            and e.index < wait.index
        ]
        if lost:
            return _Finding(
                "lost wake-up",
                f"worker {lost[-1].worker} notified {lock_name(condition)} at {_where(lost[-1])} "
                f"before worker {worker} waited at {_where(wait)}; nothing notifies it again",
                lock_name(condition),
                [lost[-1], wait],
            )
    return None


def _deadlock_names(trace: Recorder) -> dict[int, str]:
    targets = {id(e.target): e.target for e in trace.events if e.kind in ("acquire", "block")}
    plain = {key: lock_name(target) for key, target in targets.items()}
    counts: dict[str, int] = {}
    for name in plain.values():
        counts[name] = counts.get(name, 0) + 1
    # Locks the code spells the same (two accounts' ``Account.lock``) are numbered in the order
    # the trace first takes them.
    named: dict[int, str] = {}
    numbers: dict[str, int] = {}
    for key, name in plain.items():
        if counts[name] > 1:
            numbers[name] = numbers.get(name, 0) + 1
            named[key] = f"{name} #{numbers[name]}"
        else:
            named[key] = name
    return named


_TASK_STEPS = ("resume", "suspend")
_CONDITION = re.compile(r"^(if|elif|while|assert)\b")


def _across_await(trace: Recorder, finding: _Finding | None) -> _Finding | None:
    """A read and its write-back with an ``await`` of the same task in between (ASYNC)."""
    if finding is None or finding.kind not in ("lost update", "check-then-act"):
        return finding
    keys = finding.key_events
    pairs = [(keys[0], keys[2]), (keys[1], keys[3])] if len(keys) == 4 else [(keys[0], keys[2])]
    for read, act in pairs:
        if read.location is None or read.worker != act.worker:
            continue
        between = trace.events[read.index + 1 : act.index]
        suspend = next(
            (e for e in between if e.kind == "suspend" and e.worker == read.worker), None
        )
        other = next(
            (
                e
                for e in between
                if e.kind == "write"
                and e.worker != read.worker
                and e.location is not None
                and e.location.key == read.location.key
            ),
            None,
        )
        if suspend is None or other is None:
            continue
        checked = read.site is not None and _CONDITION.match(read.site.source())
        # The await of the frame that read (``await self._journal()``), not the innermost one.
        awaited = next(
            (
                site
                for site in suspend.stack
                if read.site is not None and site[:1] + site[2:] == read.site[:1] + read.site[2:]
            ),
            suspend.site,
        )
        at = awaited.text() if awaited is not None else "?"
        if checked:
            summary = (
                f"task {read.worker} checked {read.label} at {_where(read)}, awaited at "
                f"{at}, and acted on it at {_where(act)}; task {other.worker} "
                f"wrote it in between at {_where(other)}"
            )
        else:
            summary = (
                f"task {read.worker} read {read.label} at {_where(read)}, awaited at "
                f"{at}, and wrote it back at {_where(act)}; task {other.worker} "
                f"wrote it in between at {_where(other)}, so one write overwrote the other"
            )
        kind = "check-then-act across an await" if checked else "lost update across an await"
        return _Finding(kind, summary, read.label, [read, suspend, other, act])
    return finding


def _classify(trace: Recorder, deadlock: bool, failed_worker: int | None) -> _Finding | None:
    if deadlock:
        return _deadlock(trace)
    if any(event.kind == "suspend" for event in trace.events):
        return _across_await(trace, _classify_accesses(trace, failed_worker))
    return _classify_accesses(trace, failed_worker)


def _classify_accesses(trace: Recorder, failed_worker: int | None) -> _Finding | None:
    table = _by_location(trace.events)
    ordered = sorted(table.values(), key=lambda accesses: -accesses[-1].index)
    if failed_worker is not None:
        ordered.sort(key=lambda accesses: not any(e.worker == failed_worker for e in accesses))
    for finder in (_lost_update, _check_then_act, _atomicity, _iteration):
        for accesses in ordered:
            finding = finder(accesses)
            if finding is not None:
                return finding
    finding = _torn_read(trace.events)
    if finding is not None:
        return finding
    for accesses in ordered:
        finding = _order_violation(accesses, failed_worker)
        if finding is not None:
            return finding
    return None


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
