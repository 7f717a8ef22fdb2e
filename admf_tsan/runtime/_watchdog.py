"""Watchdog: notice when threads stop making progress, and say who waits for whom.

Instrumented waits (lock acquisitions that block, ``Condition``/``Event``/``Barrier`` waits,
``Thread.join``, blocking ``queue.Queue`` calls, ``Future.result``) register themselves while
they block. A daemon thread looks at them every ``interval`` seconds and builds the wait-for
graph: a thread waiting for a lock points to the thread holding it, a thread joining another
points to it, a thread waiting in ``Future.result()`` for a coroutine it handed to an event
loop (``asyncio.run_coroutine_threadsafe``) points to the loop's thread. It reports

* a **deadlock** as soon as a cycle of waits without timeout has lasted two looks in a row
  (each of those threads can only be woken by another one in the cycle);
* a **stall** when some thread has waited ``timeout`` seconds in a wait without timeout
  and, meanwhile, no
  instrumented wait (``time.sleep`` included) completed and no thread computed (the process
  spent almost no CPU time outside the watchdog, and no thread's current frame and
  instruction moved between looks): a thread busy computing is progress, a thread blocked
  in an uninstrumented C call is not.

A report names every waiting thread, what it holds, what it waits for and who holds that,
then every thread's stack trimmed to user code. The same stuck state is reported once.
"""

from __future__ import annotations

import _thread
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from admf_tsan.runtime import _format
from admf_tsan.runtime._format import ThreadWait, lock_label, thread_names
from admf_tsan.runtime._loops import loop_thread_of
from admf_tsan.runtime._state import HELD_BY_THREAD, WAITS, WaitRecord, hooks, thread_state
from admf_tsan.sync._thread_start import start_unwatched_thread

__all__ = ["DeadlockReport", "Watchdog", "format_thread_stacks", "format_wait_for_graph"]


@dataclass(frozen=True)
class DeadlockReport:
    """What the watchdog found: ``kind`` is ``"deadlock"`` or ``"stall"``.

    ``cycle`` names the threads of the wait-for cycle (empty for a stall); ``graph`` is the
    wait-for graph as text; ``text`` is the whole report (graph, locks, every stack).
    """

    kind: str
    summary: str
    cycle: tuple[str, ...]
    graph: str
    text: str

    def __str__(self) -> str:
        return self.text


def _holders(target: Any) -> list[int]:
    return [
        ident
        for ident, held in list(HELD_BY_THREAD.items())
        if any(h is target for h in list(held))
    ]


def _blockers(record: WaitRecord) -> list[int]:
    """The threads that must act before the waiting thread can go on."""
    if record.kind == "lock":
        return [ident for ident in _holders(record.target) if ident != record.thread_ident]
    if record.kind == "join" and isinstance(record.target, threading.Thread):
        ident = record.target.ident
        return [ident] if ident is not None else []
    if record.kind == "future":
        # A coroutine handed to a loop: the loop's thread must run it (maybe this very thread).
        ident = loop_thread_of(record.target)
        return [ident] if ident is not None else []
    return []


def _thread_waits(waits: list[WaitRecord], names: dict[int, str]) -> list[ThreadWait]:
    """One ``ThreadWait`` per waiting thread (oldest wait first), then per running holder."""
    rows: list[ThreadWait] = []
    now = time.monotonic()
    waiting = {record.thread_ident for record in waits}
    for record in sorted(waits, key=lambda r: r.since):
        held = tuple(lock_label(lock) for lock in list(HELD_BY_THREAD.get(record.thread_ident, [])))
        loop_thread = loop_thread_of(record.target) if record.kind == "future" else None
        if record.kind == "lock":
            what = f"waits for {lock_label(record.target)}"
            blockers = tuple(names.get(ident, str(ident)) for ident in _blockers(record))
        elif loop_thread is not None:
            runner = (
                "its own event loop"
                if loop_thread == record.thread_ident
                else f"the event loop of thread {names.get(loop_thread, str(loop_thread))!r}"
            )
            what, blockers = f"waits in {record.description} for a coroutine on {runner}", ()
        else:
            what, blockers = f"waits in {record.description}", ()
        rows.append(
            ThreadWait(
                record.thread_name, held, what, blockers, f"waiting {now - record.since:.1f}s"
            )
        )
    for ident, held_list in list(HELD_BY_THREAD.items()):
        held = tuple(lock_label(lock) for lock in list(held_list))
        if ident in waiting or not held or ident not in names:
            continue
        rows.append(ThreadWait(names[ident], held))
    return rows


def format_wait_for_graph() -> str:
    """The current wait-for graph as text, one line per waiting (or lock-holding) thread.

    ``thread 'T1' holds cash_lock, waits for book_lock (held by 'T2'); waiting 2.0s``.
    Only waits that the runtime instruments are seen (see the module docstring); returns a
    line saying so when no thread waits.
    """
    rows = _thread_waits(list(WAITS.values()), thread_names())
    if not rows:
        return "  (no thread is waiting in an instrumented wait)"
    return _format.format_wait_for(rows)


def format_thread_stacks(*, skip: frozenset[int] = frozenset(), full: bool = False) -> str:
    """Every thread's current stack, trimmed to user code unless ``full``, one block per
    thread (``skip``: idents left out)."""
    return _format.format_thread_stacks(skip=skip, full=full)


def _find_cycle(waits: list[WaitRecord]) -> list[WaitRecord] | None:
    by_thread = {record.thread_ident: record for record in waits if record.forever}
    edges = {ident: _blockers(record) for ident, record in by_thread.items()}
    for start in by_thread:
        path: list[int] = []
        position: dict[int, int] = {}
        node: int | None = start
        while node is not None and node in by_thread and node not in position:
            position[node] = len(path)
            path.append(node)
            successors = [s for s in edges[node] if s in by_thread]
            node = successors[0] if successors else None
        if node is not None and node in position:
            return [by_thread[ident] for ident in path[position[node] :]]
    return None


# Share of the wall time between two looks that the other threads must spend on the CPU to
# count as running (the watchdog's own scans are subtracted; idle threads spend ~0).
_BUSY_SHARE = 0.05


class Watchdog:
    """A daemon thread that reports deadlocks and stalls (see the module docstring).

    ``on_deadlock(report)`` is called once per stuck state, on the watchdog thread; by default
    the report is written to stderr. ``timeout`` is the stall limit in seconds (must be
    positive); cycles are reported after two looks, ``interval`` seconds apart (default
    ``min(0.1, timeout / 4)``). Waits are registered only while a ``checking()`` session
    with the watchdog on is active, or while this watchdog runs with ``track_waits=True``.

    Usage::

        with Watchdog(5.0, on_deadlock=lambda report: print(report.graph)):
            run_threads()
    """

    def __init__(
        self,
        timeout: float = 30.0,
        *,
        on_deadlock: Callable[[DeadlockReport], Any] | None = None,
        interval: float | None = None,
    ) -> None:
        if not timeout > 0:
            raise ValueError(
                f"Watchdog timeout must be a positive number of seconds, not {timeout!r}"
            )
        if interval is not None and not interval > 0:
            raise ValueError(f"Watchdog interval must be positive, not {interval!r}")
        self.timeout = float(timeout)
        self.interval = interval if interval is not None else min(0.1, self.timeout / 4)
        self.on_deadlock = on_deadlock
        self.reports: list[DeadlockReport] = []
        self._stop = _thread.allocate_lock()
        self._running = False
        self._ident: int | None = None
        self._finished = _thread.allocate_lock()
        self._candidate: tuple[int, ...] | None = None
        self._reported: set[tuple[int, ...]] = set()
        self._last_progress = hooks.progress
        self._progress_at = time.monotonic()
        self._last_positions: dict[int, tuple[int, int]] = {}
        self._last_cpu, self._last_own = time.process_time(), 0.0
        self._last_look = time.monotonic()
        self._tracked_before = False

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Watchdog:
        """Start the daemon thread. Raises RuntimeError if it already runs."""
        if self._running:
            raise RuntimeError("this Watchdog is already running")
        self._running = True
        self._tracked_before = hooks.track_waits
        hooks.track_waits = True
        self._stop.acquire()
        self._finished.acquire()
        self._ident = start_unwatched_thread(self._run, ())
        return self

    def stop(self) -> None:
        """Stop the thread and wait for it (idempotent)."""
        if not self._running:
            return
        self._running = False
        hooks.track_waits = self._tracked_before
        self._stop.release()
        if self._ident != _thread.get_ident():
            self._finished.acquire()
            self._finished.release()

    def __enter__(self) -> Watchdog:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def thread_ident(self) -> int | None:
        """The watchdog thread's ident (None before ``start``)."""
        return self._ident

    def _run(self) -> None:
        thread_state.busy = True
        try:
            while not self._stop.acquire(True, self.interval):
                try:
                    self.check()
                except Exception as error:  # never let the watchdog die silently
                    print(f"admf-tsan watchdog: internal error {error!r}", file=sys.stderr)
            self._stop.release()
        finally:
            self._finished.release()

    # -- one look ------------------------------------------------------------------------

    def check(self) -> DeadlockReport | None:
        """Look once; return (and deliver) a new report, or None."""
        now = time.monotonic()
        positions = self._positions()
        cpu, own = time.process_time(), time.thread_time()
        # CPU spent by the other threads since the last look: a computing thread is progress
        # even when it sits in one C call (its frame position does not move then).
        others_cpu = (cpu - self._last_cpu) - (own - self._last_own)
        computing = others_cpu > _BUSY_SHARE * (now - self._last_look)
        self._last_cpu, self._last_own, self._last_look = cpu, own, now
        if hooks.progress != self._last_progress or positions != self._last_positions or computing:
            self._last_progress = hooks.progress
            self._last_positions = positions
            self._progress_at = now
        waits = list(WAITS.values())
        if not waits:
            self._candidate = None
            return None
        cycle = _find_cycle(waits)
        if cycle is not None:
            key = tuple(sorted(record.serial for record in cycle))
            if key == self._candidate and key not in self._reported:
                self._reported.add(key)
                return self._deliver(self._build("deadlock", waits, cycle))
            self._candidate = key
            return None
        self._candidate = None
        # Only a wait without timeout can hang: a timed wait ends by itself.
        endless = [record for record in waits if record.forever]
        oldest = min((record.since for record in endless), default=now)
        stalled = now - oldest >= self.timeout and now - self._progress_at >= self.timeout
        key = tuple(sorted(record.serial for record in waits))
        if stalled and key not in self._reported:
            self._reported.add(key)
            return self._deliver(self._build("stall", waits, None))
        return None

    def _positions(self) -> dict[int, tuple[int, int]]:
        """Where each thread's Python code is: a thread whose position moved ran code."""
        return {
            ident: (id(frame), frame.f_lasti)
            for ident, frame in sys._current_frames().items()
            if ident != self._ident
        }

    def _build(
        self, kind: str, waits: list[WaitRecord], cycle: list[WaitRecord] | None
    ) -> DeadlockReport:
        names = thread_names()
        members = tuple(record.thread_name for record in cycle) if cycle is not None else ()
        graph = _format.format_wait_for(_thread_waits(waits, names), cycle=members)
        if cycle is not None and len(cycle) == 1:
            summary = (
                f"deadlock: thread {members[0]!r} waits for a coroutine that only its own event "
                f"loop can run ({members[0]} -> {members[0]})"
            )
            detail = (
                "The loop's thread is blocked in the wait, so the loop never runs the coroutine: "
                "await it instead (`await asyncio.wrap_future(future)`, or await the coroutine)."
            )
        elif cycle is not None:
            summary = (
                f"deadlock: {len(cycle)} threads wait for each other ("
                + " -> ".join([*members, members[0]])
                + ")"
            )
            detail = (
                "Each of these threads waits, without timeout, for the next one: for a lock it "
                "holds, for it to finish, or for its event loop to run a coroutine."
            )
        else:
            summary = f"stall: {len(waits)} thread(s) waiting and no progress for {self.timeout:g}s"
            detail = "No instrumented wait completed for the whole timeout."
        classes: dict[str, str] = {}
        for ident, held in list(HELD_BY_THREAD.items()):
            for lock in list(held):
                lock_class = getattr(lock, "lock_class", None)
                if lock_class is not None and ident in names:
                    classes[lock_class.name] = lock_class.describe()
        for record in waits:
            lock_class = getattr(record.target, "lock_class", None)
            if lock_class is not None:
                classes[lock_class.name] = lock_class.describe()
        skip = frozenset({self._ident} if self._ident is not None else ())
        text = "\n".join(
            [
                f"DeadlockDetected: {summary}",
                f"  {detail}",
                "Wait-for graph:",
                graph,
                "Locks:",
                *(f"  {description}" for description in classes.values()),
                "Stacks:",
                format_thread_stacks(skip=skip),
            ]
        )
        return DeadlockReport(kind, summary, members, graph, text)

    def _deliver(self, report: DeadlockReport) -> DeadlockReport:
        self.reports.append(report)
        if self.on_deadlock is not None:
            self.on_deadlock(report)
        else:
            print(report.text, file=sys.stderr, flush=True)
        return report

    def __repr__(self) -> str:
        state = "running" if self._running else "stopped"
        return f"<Watchdog {state}, timeout {self.timeout:g}s, {len(self.reports)} report(s)>"
