"""Classification of a failing trace: which known kind of concurrency bug it shows.

Each finder looks for one pattern (see the ``_explain`` module docstring) in the trace's shared
accesses or lock events and returns the events that make it (the key steps to print).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ._record import Event, Recorder, lock_name
from ._steps import _lock


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


def _foreign_write_between(
    accesses: list[Event], worker: int, after: int, before: int
) -> Event | None:
    """The first write by a worker other than ``worker`` strictly between two step indexes."""
    for other in accesses:
        if other.worker != worker and other.kind == "write" and after < other.index < before:
            return other
    return None


def _check_then_act(accesses: list[Event]) -> _Finding | None:
    for read in accesses:
        act = read.next_same
        if read.kind != "read" or act is None or act.kind != "write":
            continue
        other = _foreign_write_between(accesses, read.worker, read.index, act.index)
        if other is not None:
            same_line = (
                read.site is not None and act.site is not None and read.site.line == act.site.line
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
        other = _foreign_write_between(accesses, read.worker, own.index, read.index)
        if other is not None:
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
