"""Happens-before data-race detection with vector clocks, over every modeled synchronization.

Each worker carries a vector clock; each modeled primitive carries one too. Releasing a lock,
setting an event, releasing a semaphore, putting into a queue, notifying a condition and
starting a thread *publish* the worker's clock into the primitive (and advance the worker's own
component); acquiring, a wait that returns, a get and a join *observe* it. Two accesses to the
same location from different workers, at least one a write, where neither happens before the
other, are a data race: some other timing of the same program runs them in either order, even
when this run's order was harmless. That is why a race is reported in runs that pass.

Kinds, from the trace around the racing pair (``DataRace.kind``):

- ``read-modify-write``: the read and the write back are on one line (``self.hits += 1``);
- ``check-then-act``: a worker read the location, then wrote it in the same call
  (``if self.session is None: self.session = ...``);
- ``atomicity violation``: a worker wrote the location, then read it back in the same call
  expecting its own write (``items.append(x); return len(items) - 1``);
- ``iteration during mutation``: a container was iterated while another worker changed it;
- ``torn read``: one call read two fields of an object that another call writes together;
- ``unsynchronized flag``: a plain write against plain reads (a flag): a note by default;
- ``concurrent writes``: two plain writes with no read in between: a note by default;
- ``published under a lock``: a write under a lock read without it, where the reader re-checks
  under the lock or never acts on what it read (double-checked initialization): reported only
  with ``races="all"``;
- ``concurrent container updates``: two single container operations (each atomic in CPython):
  reported only with ``races="all"``.

The first five fail a test (``severity == "fail"``); the others are notes.
"""

from __future__ import annotations

import linecache
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ._record import Event, Site, forget_lock_names, lock_name

__all__ = ["SUPPRESS_COMMENT", "DataRace", "RaceAccess", "RaceDetector", "RacePolicy"]

RaceKind = Literal[
    "read-modify-write",
    "check-then-act",
    "atomicity violation",
    "iteration during mutation",
    "torn read",
    "unsynchronized flag",
    "concurrent writes",
    "published under a lock",
    "concurrent container updates",
]
RacePolicy = Literal["default", "all", "off"]

SUPPRESS_COMMENT = "admf: race-ok"
"""A comment on either line of a race (``# admf: race-ok``) suppresses it."""

_FAILING: frozenset[str] = frozenset(
    {
        "read-modify-write",
        "check-then-act",
        "atomicity violation",
        "iteration during mutation",
        "torn read",
    }
)
_QUIET = frozenset({"published under a lock", "concurrent container updates"})


@dataclass(frozen=True)
class RaceAccess:
    """One side of a race: who, what, where (innermost user frame first), holding which locks."""

    worker: int
    kind: str
    stack: tuple[Site, ...]
    locks: tuple[object, ...] = field(default=(), compare=False, repr=False)

    @property
    def held(self) -> tuple[str, ...]:
        """The locks held, named as the code spells them (found when asked: it walks the heap)."""
        return tuple(dict.fromkeys(lock_name(lock) for lock in self.locks))

    @property
    def site(self) -> Site | None:
        """The innermost user frame."""
        return self.stack[0] if self.stack else None


@dataclass(frozen=True)
class DataRace:
    """Two unordered accesses to ``location``, at least one a write (``first`` ran first)."""

    location: str
    kind: RaceKind
    first: RaceAccess
    second: RaceAccess
    events: tuple[int, int] = field(default=(-1, -1), compare=False)
    """Indices of the two accesses in the run's trace (``report.trace.events``)."""

    @property
    def severity(self) -> Literal["fail", "note", "quiet"]:
        """``fail`` for the kinds that break invariants, ``note`` for flags, ``quiet`` else."""
        if self.kind in _FAILING:
            return "fail"
        return "quiet" if self.kind in _QUIET else "note"

    def headline(self) -> str:
        """``data race on Account.balance (check-then-act): worker 0 read, worker 1 wrote``."""
        return (
            f"data race on {self.location} ({self.kind}): worker {self.first.worker} "
            f"{_past(self.first.kind)} it, worker {self.second.worker} {_past(self.second.kind)} "
            "it, and no synchronization orders the two"
        )

    def text(self, indent: str = "  ") -> str:
        """The headline, then both accesses with their stacks and the locks each held."""
        forget_lock_names()
        lines = [self.headline()]
        for access in (self.first, self.second):
            held = ", ".join(access.held) if access.held else "no lock"
            lines.append(
                f"{indent}worker {access.worker} {access.kind}s {self.location}, holding {held}:"
            )
            for site in reversed(access.stack):
                path = site.text().rsplit(":", 1)[0]
                lines.append(f'{indent}  File "{path}", line {site.line}, in {site.function}')
                source = site.source()
                if source:
                    lines.append(f"{indent}    {source}")
        return "\n".join(lines)


def _past(kind: str) -> str:
    return {"read": "read", "write": "wrote"}.get(kind, kind)


class _LocationState:
    __slots__ = ("owner", "reads", "write")

    def __init__(self, owner: object) -> None:
        self.owner = owner  # keeps the object alive so that its id is not reused in the run
        self.write: Event | None = None
        self.reads: dict[int, Event] = {}


class RaceDetector:
    """Vector clocks per worker and per primitive; collects racing pairs of events."""

    def __init__(self) -> None:
        self.clocks: dict[int, list[int]] = {}
        self.sync_clocks: dict[int, tuple[object, list[int]]] = {}
        self.final: dict[int, list[int]] = {}
        self.locations: dict[object, _LocationState] = {}
        self.keys_of: dict[int, set[object]] = {}
        self.pairs: list[tuple[Event, Event]] = []
        self._seen: set[tuple[object, int, int]] = set()

    # -- clocks ------------------------------------------------------------------------------

    def _clock(self, worker: int) -> list[int]:
        clock = self.clocks.get(worker)
        if clock is None:
            clock = [0] * (worker + 1)
            clock[worker] = 1
            self.clocks[worker] = clock
        return clock

    @staticmethod
    def _join(into: list[int], other: list[int]) -> None:
        if len(into) < len(other):
            into.extend([0] * (len(other) - len(into)))
        for index, value in enumerate(other):
            if value > into[index]:
                into[index] = value

    def _publish(self, worker: int, target: object) -> None:
        clock = self._clock(worker)
        entry = self.sync_clocks.get(id(target))
        if entry is None:
            self.sync_clocks[id(target)] = (target, list(clock))
        else:
            self._join(entry[1], clock)
        clock[worker] += 1

    def _observe(self, worker: int, target: object) -> None:
        entry = self.sync_clocks.get(id(target))
        if entry is not None:
            self._join(self._clock(worker), entry[1])

    def start(self, parent: int | None, child: int) -> None:
        """``child`` starts; after ``parent``'s operations so far when a worker started it."""
        clock = self._clock(child)
        if parent is not None:
            parent_clock = self._clock(parent)
            self._join(clock, parent_clock)
            parent_clock[parent] += 1

    def finish(self, worker: int) -> None:
        """``worker`` ended: a join observes its final clock."""
        self.final[worker] = list(self._clock(worker))

    def join(self, worker: int, child: int) -> None:
        """``worker`` saw ``child`` finish."""
        final = self.final.get(child)
        if final is not None:
            self._join(self._clock(worker), final)

    def sync(self, event: Event) -> None:
        """A synchronizing event: publish for release-like kinds, observe for acquire-like."""
        self.sync_kind(event.worker, event.kind, event.target)

    def sync_kind(self, worker: int, kind: str, target: object) -> None:
        """``worker`` synchronized on ``target`` (``kind`` as in :meth:`sync`), without an event."""
        if kind in ("release", "signal", "notify", "start"):
            self._publish(worker, target)
        elif kind in ("acquire", "observe", "wait"):
            self._observe(worker, target)

    # -- accesses ------------------------------------------------------------------------------

    def _ordered(self, earlier: Event, worker: int) -> bool:
        clock = self._clock(worker)
        return earlier.worker < len(clock) and earlier.epoch <= clock[earlier.worker]

    def _state(self, key: object, owner: object) -> _LocationState:
        state = self.locations.get(key)
        if state is None:
            state = self.locations[key] = _LocationState(owner)
        return state

    def access(self, event: Event) -> None:
        """Check ``event`` (a read or write) against the unordered earlier accesses."""
        location = event.location
        assert location is not None
        worker = event.worker
        event.epoch = self._clock(worker)[worker]
        key = location.key
        related: list[_LocationState] = []
        if location.container:
            whole_key = ("whole", location.container)
            if location.whole:
                related.extend(
                    self.locations[item] for item in self.keys_of.get(location.container, ())
                )
            else:
                self.keys_of.setdefault(location.container, set()).add(key)
                whole = self.locations.get(whole_key)
                if whole is not None:
                    related.append(whole)
        state = self._state(key, location.owner)
        related.append(state)
        writing = event.kind == "write"
        for other in related:
            previous = other.write
            if (
                previous is not None
                and previous.worker != worker
                and not self._ordered(previous, worker)
            ):
                self._found(previous, event)
            if writing:
                for read in other.reads.values():
                    if read.worker != worker and not self._ordered(read, worker):
                        self._found(read, event)
        if writing:
            state.write = event
            state.reads = {}
        else:
            state.reads[worker] = event

    def _found(self, earlier: Event, later: Event) -> None:
        assert earlier.site is not None and later.site is not None
        mark = (earlier.label, id(earlier.site.filename) ^ earlier.site.line, later.site.line)
        if mark in self._seen:
            return
        self._seen.add(mark)
        self.pairs.append((earlier, later))

    # -- the report ----------------------------------------------------------------------------

    def races(
        self, policy: RacePolicy = "default", suppressed: Iterable[str] = ()
    ) -> list[DataRace]:
        """The races found, classified, without suppressed ones (by location or comment).

        ``policy`` ``"off"`` returns none; ``"all"`` every race; ``"default"`` drops the kinds
        that are only reported with ``"all"`` (publication under a lock).
        """
        if policy == "off":
            return []
        skip = set(suppressed)
        torn = _torn_reads(self.pairs)
        found: list[DataRace] = []
        seen: set[tuple[str, str, str]] = set()
        for earlier, later in self.pairs:
            if earlier.label in skip or _commented(earlier) or _commented(later):
                continue
            kind = _classify(earlier, later, torn)
            race = DataRace(
                earlier.label, kind, _side(earlier), _side(later), (earlier.index, later.index)
            )
            if policy == "default" and race.severity == "quiet":
                continue
            mark = (race.location, site_key(earlier), site_key(later))
            if mark in seen:
                continue
            seen.add(mark)
            found.append(race)
        order = {"fail": 0, "note": 1, "quiet": 2}
        found.sort(key=lambda race: order[race.severity])
        return found


def site_key(event: Event) -> str:
    """``file:line`` of an event, for de-duplication."""
    return event.site.text() if event.site is not None else "?"


def _commented(event: Event) -> bool:
    if event.site is None:
        return False
    line = linecache.getline(event.site.filename, event.site.line)
    return SUPPRESS_COMMENT in line


def _side(event: Event) -> RaceAccess:
    return RaceAccess(event.worker, event.kind, event.stack, event.held)


def _acts_on(read: Event) -> Event | None:
    """The write by the same worker in the same call that follows ``read`` directly, if any."""
    following = read.next_same
    if following is not None and following.kind == "write":
        return following
    return None


def _rechecks_under_lock(read: Event) -> bool:
    following = read.next_same
    return following is not None and following.kind == "read" and bool(following.held)


def _torn_reads(pairs: list[tuple[Event, Event]]) -> set[int]:
    """Indices of reads that are one of several racing reads of one object in one call."""
    groups: dict[tuple[int, tuple[int, int], int], dict[str, list[Event]]] = {}
    for earlier, later in pairs:
        for read, write in ((earlier, later), (later, earlier)):
            if read.kind == "read" and write.kind == "write" and read.location is not None:
                if read.location.container:
                    continue
                group = groups.setdefault((read.worker, read.frame_key, id(read.target)), {})
                group.setdefault(read.label, []).append(read)
    torn: set[int] = set()
    for labels in groups.values():
        if len(labels) >= 2:
            for reads in labels.values():
                torn.update(read.index for read in reads)
    return torn


def _classify(earlier: Event, later: Event, torn: set[int]) -> RaceKind:
    reads = [event for event in (earlier, later) if event.kind == "read"]
    writes = [event for event in (earlier, later) if event.kind == "write"]
    for read in reads:
        if read.iterate:
            return "iteration during mutation"
    for read in reads:
        acted = _acts_on(read)
        if acted is not None and acted.site is not None and read.site is not None:
            return "read-modify-write" if acted.site.line == read.site.line else "check-then-act"
        previous = read.prev_same
        if previous is not None and previous.kind == "write":
            return "atomicity violation"
    for read in reads:
        if read.index in torn:
            return "torn read"
    for write in writes:
        previous = write.prev_same
        if previous is not None and previous.kind == "read" and not previous.held:
            return "read-modify-write" if _same_line(previous, write) else "check-then-act"
    if reads:
        read = reads[0]
        write = writes[0]
        if (
            write.held
            and (not read.held)
            and (_rechecks_under_lock(read) or _acts_on(read) is None)
        ):
            return "published under a lock"
        return "unsynchronized flag"
    if all(write.location is not None and write.location.container for write in writes):
        # Two single container operations (``append``, ``d[k] = v``) are each atomic in
        # CPython; only what a worker does around them can race (and is classified above).
        return "concurrent container updates"
    return "concurrent writes"


def _same_line(first: Event, second: Event) -> bool:
    return (
        first.site is not None and second.site is not None and first.site.line == second.site.line
    )
