"""The trace of one run: every shared access and synchronization, per worker, in order.

While a run records (``ControlledScheduler(record=True)``, or race detection on), the engine's
tracer calls :meth:`Recorder.access` after each switch point of user code whose instruction
touches shared state (see ``_access.py``), and the modeled primitives call :meth:`Recorder.sync`
for every acquire, release, set, wait, put and get. Each becomes an :class:`Event` with the
worker, the location as the code spells it (``Account.balance``, ``Account.lock``), file:line
of user code and the locks held. The strategy's choices are recorded too, so a failing run can
be replayed from them and shrunk (``_explain.py``); the happens-before detector
(``_races.py``) consumes the same events.

Recording costs a dictionary lookup per traced instruction and an event per shared access;
``benchmarks/bench_explain.py`` measures it.
"""

from __future__ import annotations

import gc
import linecache
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Literal, NamedTuple

from ._access import AccessSpec, Location, resolve
from ._report import owner_attribute

if TYPE_CHECKING:
    from ._races import RaceDetector
    from ._state import Worker

__all__ = ["Choice", "Event", "Recorder", "Site", "lock_name", "site_text"]

EventKind = Literal[
    "read",
    "write",
    "acquire",
    "release",
    "block",
    "signal",
    "observe",
    "notify",
    "wait",
    "start",
    "finish",
    "resume",
    "suspend",
]

# How many user frames an event keeps (innermost first): enough for a race's two stacks; and
# how many frames are looked at to find them.
STACK_DEPTH = 6
WALK_DEPTH = 24


class Site(NamedTuple):
    """One frame of user code: file, line and function (a tuple: events make many)."""

    filename: str
    line: int
    function: str

    def text(self) -> str:
        """``fixtures/components/lost_update.py:25``."""
        return f"{_short(self.filename)}:{self.line}"

    def source(self) -> str:
        """The source line, stripped ("" when the file cannot be read)."""
        return linecache.getline(self.filename, self.line).strip()


@dataclass(frozen=True)
class Choice:
    """One decision of the strategy: which worker ran after ``previous``'s ``step``-th point.

    ``previous`` is the worker that reached the switch point (or last ran, when it blocked or
    finished: then ``dispatch`` is True); ``step`` counts that worker's switch points from 1.
    ``preemptive`` is True when ``previous`` could have gone on and another worker was chosen.
    Keyed by the worker's own step count, a choice names the same program point when other
    choices of the schedule are removed, which is what shrinking a schedule needs.
    """

    previous: int
    step: int
    chosen: int
    preemptive: bool
    dispatch: bool = False

    @property
    def key(self) -> tuple[int, int, bool]:
        """Where the choice is made: ``(previous, step, dispatch)``."""
        return (self.previous, self.step, self.dispatch)


class Event:
    """One recorded operation of a worker (slotted: a run records thousands)."""

    __slots__ = (
        "index",
        "worker",
        "kind",
        "label",
        "location",
        "target",
        "site",
        "stack",
        "held",
        "frame_key",
        "iterate",
        "preempted",
        "epoch",
        "prev_same",
        "next_same",
        "op",
    )

    def __init__(
        self,
        index: int,
        worker: int,
        kind: EventKind,
        label: str,
        site: Site | None,
        stack: tuple[Site, ...],
        held: tuple[object, ...],
    ) -> None:
        self.index = index
        self.worker = worker
        self.kind: EventKind = kind
        self.label = label
        self.location: Location | None = None
        self.target: object = None
        self.site = site
        self.stack = stack
        self.held = held
        self.frame_key: tuple[int, int] = (0, 0)
        self.iterate = False
        self.preempted = False
        self.epoch = 0
        self.prev_same: Event | None = None
        self.next_same: Event | None = None
        self.op = ""

    @property
    def is_access(self) -> bool:
        """True for a read or a write of shared state."""
        return self.kind == "read" or self.kind == "write"

    def __repr__(self) -> str:
        where = self.site.text() if self.site else "?"
        return f"<Event {self.index} w{self.worker} {self.kind} {self.label} at {where}>"


def _short(filename: str) -> str:
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if relative.startswith("..") else relative


def site_text(site: Site | None) -> str:
    """``file:line`` of ``site``, or ``?``."""
    return site.text() if site is not None else "?"


_NAMES: dict[int, tuple[object, str]] = {}


def forget_lock_names() -> None:
    """Drop the names :func:`lock_name` remembered (at the start of each report)."""
    _NAMES.clear()


def lock_name(lock: object) -> str:
    """A lock's name as the code spells it (``Account.lock``), else how it was created.

    Uses the garbage collector to find the attribute, so it is for report time only; the answer
    is remembered per lock until :func:`forget_lock_names`.
    """
    known = _NAMES.get(id(lock))
    if known is not None and known[0] is lock:
        return known[1]
    name = _lock_name(lock)
    _NAMES[id(lock)] = (lock, name)
    return name


def _lock_name(lock: object) -> str:
    for referrer in gc.get_referrers(lock):
        # The lock a Condition made for itself: call it by the condition's name.
        if (
            type(referrer).__name__ == "ModeledCondition"
            and getattr(referrer, "_lock", None) is lock
        ):
            return _lock_name(referrer)
    name = owner_attribute(lock)
    if name:
        return name
    kind = getattr(lock, "_kind", type(lock).__name__)
    site = getattr(lock, "_site", "")
    return f"{kind} created at {site}" if site else f"{kind}#{id(lock):x}"


class Recorder:
    """Collects the events and choices of one run; optionally feeds a race detector.

    Called by the engine and the modeled primitives with the scheduler's state lock held, or
    by the running worker's tracer (only one worker runs code under test at a time).
    """

    def __init__(self, include: Callable[[str], bool], races: RaceDetector | None = None) -> None:
        self.include = include
        self.events: list[Event] = []
        self.choices: list[Choice] = []
        self.races = races
        self.workers: list[Worker] = []
        self._last: dict[tuple[int, int, object], Event] = {}
        self._preempted: set[int] = set()
        self._stack_cache: dict[str, bool] = {}

    # -- from the engine and the strategy --------------------------------------------------

    def choice(self, choice: Choice) -> None:
        """The strategy made ``choice``."""
        self.choices.append(choice)
        if choice.preemptive:
            self._preempted.add(choice.chosen)

    def access(self, worker: Worker, frame: FrameType, spec: AccessSpec) -> None:
        """``worker`` is about to run an instruction of ``frame`` that touches shared state."""
        location = resolve(spec, frame)
        if location is None:
            return
        code = frame.f_code
        site = Site(code.co_filename, frame.f_lineno, code.co_qualname)
        index = worker.index
        event = Event(
            len(self.events),
            index,
            spec.kind,
            location.label,
            site,
            self._stack(frame, site),
            tuple(worker.held),
        )
        event.location = location
        event.target = location.owner
        event.frame_key = (id(frame), id(code))
        event.iterate = spec.iterate
        event.op = spec.name if spec.op == "CALL" else spec.op
        if index in self._preempted:
            self._preempted.discard(index)
            event.preempted = True
        key = (index, id(frame), location.key)
        previous = self._last.get(key)
        if previous is not None:
            event.prev_same = previous
            previous.next_same = event
        self._last[key] = event
        self.events.append(event)
        if self.races is not None:
            self.races.access(event)

    def sync(self, worker: Worker, kind: EventKind, target: object, label: str = "") -> None:
        """``worker`` did a synchronizing operation ``kind`` on the primitive ``target``."""
        frame = sys._getframe(1)
        stack = self._user_stack(frame)
        event = Event(
            len(self.events),
            worker.index,
            kind,
            label,
            stack[0] if stack else None,
            stack,
            tuple(worker.held),
        )
        event.target = target
        if worker.index in self._preempted:
            self._preempted.discard(worker.index)
            event.preempted = True
        self.events.append(event)
        if self.races is not None:
            self.races.sync(event)

    def order(self, worker: Worker, kind: EventKind, target: object) -> None:
        """Like :meth:`sync` for an operation inside a library call: no event, only the
        happens-before edge for the race detector (an executor's queue put and get)."""
        if self.races is not None:
            self.races.sync_kind(worker.index, kind, target)

    def task_step(
        self, worker: int, kind: Literal["resume", "suspend"], site: Site, frame: FrameType
    ) -> None:
        """An asyncio task ``worker`` resumed, or suspended at an ``await``, at ``site``."""
        label = "start" if kind == "resume" and site.line == frame.f_code.co_firstlineno else ""
        event = Event(len(self.events), worker, kind, label, site, self._stack(frame, site), ())
        event.frame_key = (id(frame), id(frame.f_code))
        self.events.append(event)

    def start(self, parent: Worker | None, child: Worker) -> None:
        """``child`` joined the run (started by ``parent``, or by ``run()`` when None)."""
        self.workers.append(child)
        if self.races is not None:
            self.races.start(None if parent is None else parent.index, child.index)
        if parent is not None:
            self.sync(parent, "start", child, f"worker {child.index}")

    def finish(self, worker: Worker) -> None:
        """``worker`` finished."""
        if self.races is not None:
            self.races.finish(worker.index)

    def joined(self, worker: Worker, child: Worker) -> None:
        """``worker`` saw ``child`` finish (a join returned)."""
        if self.races is not None:
            self.races.join(worker.index, child.index)

    # -- stacks --------------------------------------------------------------------------

    def _is_user(self, filename: str) -> bool:
        answer = self._stack_cache.get(filename)
        if answer is None:
            answer = self._stack_cache[filename] = bool(self.include(filename))
        return answer

    def _stack(self, frame: FrameType, first: Site) -> tuple[Site, ...]:
        sites = [first]
        outer = frame.f_back
        walked = 0
        while outer is not None and len(sites) < STACK_DEPTH and walked < WALK_DEPTH:
            code = outer.f_code
            if self._is_user(code.co_filename):
                sites.append(Site(code.co_filename, outer.f_lineno, code.co_qualname))
            outer = outer.f_back
            walked += 1
        return tuple(sites)

    def _user_stack(self, frame: FrameType | None) -> tuple[Site, ...]:
        sites: list[Site] = []
        walked = 0
        while frame is not None and len(sites) < STACK_DEPTH and walked < WALK_DEPTH:
            code = frame.f_code
            if self._is_user(code.co_filename):
                sites.append(Site(code.co_filename, frame.f_lineno, code.co_qualname))
            frame = frame.f_back
            walked += 1
        return tuple(sites)

    # -- reading the trace ---------------------------------------------------------------

    def by_worker(self) -> dict[int, list[Event]]:
        """The events of each worker, in order."""
        lanes: dict[int, list[Event]] = {}
        for event in self.events:
            lanes.setdefault(event.worker, []).append(event)
        return lanes


def preemptions(choices: Sequence[Choice]) -> int:
    """How many of ``choices`` took the turn from a worker that could have gone on."""
    return sum(1 for choice in choices if choice.preemptive)
