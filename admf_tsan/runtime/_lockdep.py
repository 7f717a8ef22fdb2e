"""LockOrderValidator: lockdep for Python locks.

Every time a thread acquires an instrumented lock while holding another one, the pair
``held class -> new class`` is an edge of a process-wide graph of lock classes. A new edge
that closes a cycle means two code paths take the same locks in opposite orders: that can
deadlock, whether or not it did this time, so it is reported at once with the stack of every
acquisition on the cycle. Each edge is checked once; afterwards the instrumented lock finds
it in ``LockClass.after`` and pays a set lookup.

Two locks of one class (for example two ``Account._lock`` of two accounts) may nest; what is
reported is the two *instances* taken in both orders.
"""

from __future__ import annotations

import _thread
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from admf_tsan.runtime import _format, _sites
from admf_tsan.runtime._locks import CheckedLock, LockClass
from admf_tsan.runtime._state import HELD_BY_THREAD, WAITS, thread_state

__all__ = ["LockOrderEdge", "LockOrderStatistics", "LockOrderValidator"]

Emit = Callable[[str, str, str], None]


@dataclass(frozen=True)
class LockOrderEdge:
    """``after`` was acquired while ``before`` was held, first by ``thread`` at ``stack``."""

    before: LockClass
    after: LockClass
    thread: str
    stack: tuple[_sites.StackFrame, ...]

    def describe(self) -> str:
        """A paragraph: who took which lock while holding which, and where."""
        return (
            f"  thread {self.thread!r} acquired {self.after.name} while holding "
            f"{self.before.name}:\n{_format.format_frames(list(self.stack), '      ')}"
        )


@dataclass(frozen=True)
class LockOrderStatistics:
    """A snapshot of the validator's graph."""

    lock_classes: int
    edges: int
    instance_pairs: int
    violations: int


class LockOrderValidator:
    """The lock-order graph and its cycle check (see the module docstring).

    ``emit(kind, summary, text)`` receives each violation; it may raise, and the exception
    then propagates out of the ``acquire`` that closed the cycle, before the lock is taken.
    Thread-safe: the graph is updated under an internal (uninstrumented) lock.
    """

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self._mutex = _thread.allocate_lock()
        self._edges: dict[LockClass, dict[LockClass, LockOrderEdge]] = {}
        self._instance_pairs: dict[tuple[int, int], LockOrderEdge] = {}
        self._violations = 0
        self._classes: set[LockClass] = set()

    def on_new_pair(self, held: list[Any], lock: CheckedLock) -> None:
        """Called by a lock about to be acquired while ``held`` (this thread's stack) is not empty
        and the pair is not cached yet. Raises what ``emit`` raises."""
        top: CheckedLock = held[-1]
        if top is lock:
            return  # re-acquiring a held Lock: the self-deadlock check reports it
        if top.lock_class is lock.lock_class:
            self._same_class(top, lock)
            for outer in reversed(held):
                if outer.lock_class is not lock.lock_class:
                    if lock.lock_class not in outer.lock_class.after:
                        self._new_edge(outer, lock)
                    return
            return
        self._new_edge(top, lock)

    def _stack(self) -> tuple[_sites.StackFrame, ...]:
        return tuple(_sites.user_stack(sys._getframe(3)))

    def _new_edge(self, holding: CheckedLock, lock: CheckedLock) -> None:
        before, after = holding.lock_class, lock.lock_class
        with self._mutex:
            if after in before.after:
                return
            edge = LockOrderEdge(before, after, _sites.current_thread_name(), self._stack())
            path = self._path(after, before)
            self._edges.setdefault(before, {})[after] = edge
            self._classes.update((before, after))
            before.after.add(after)
            if path is not None:
                self._violations += 1
        if path is not None:
            self._report_cycle([edge, *path], lock)

    def _same_class(self, holding: CheckedLock, lock: CheckedLock) -> None:
        pair = (holding.serial, lock.serial)
        if pair in self._instance_pairs:  # checked before: the common case, no lock needed
            return
        with self._mutex:
            if pair in self._instance_pairs:
                return
            edge = LockOrderEdge(
                holding.lock_class, lock.lock_class, _sites.current_thread_name(), self._stack()
            )
            self._instance_pairs[pair] = edge
            self._classes.add(holding.lock_class)
            reverse = self._instance_pairs.get((lock.serial, holding.serial))
            if reverse is not None:
                self._violations += 1
        if reverse is not None:
            name = lock.lock_class.name
            summary = f"two locks of class {name} were acquired in both orders"
            text = (
                f"LockOrderViolation: {summary}; two threads doing this at once deadlock.\n"
                f"  lock #{holding.serial} then lock #{lock.serial}, and the reverse earlier:\n"
                f"{edge.describe()}\n{reverse.describe()}\n"
                f"  {lock.lock_class.describe()}\n"
                "  Fix: order the instances (for example by id or by a key) before nesting them."
            )
            self._deliver("lock-order", summary, text)

    def _path(self, start: LockClass, goal: LockClass) -> list[LockOrderEdge] | None:
        """Edges of a path ``start -> ... -> goal`` in the graph, or None (breadth first)."""
        if start is goal:
            return []
        parents: dict[LockClass, LockOrderEdge] = {}
        queue = deque([start])
        seen = {start}
        while queue:
            node = queue.popleft()
            for successor, edge in self._edges.get(node, {}).items():
                if successor in seen:
                    continue
                parents[successor] = edge
                if successor is goal:
                    path = [edge]
                    while path[0].before is not start:
                        path.insert(0, parents[path[0].before])
                    return path
                seen.add(successor)
                queue.append(successor)
        return None

    def _report_cycle(self, cycle: list[LockOrderEdge], lock: CheckedLock) -> None:
        names = [edge.before.name for edge in cycle] + [cycle[0].before.name]
        summary = "lock order inversion: " + " -> ".join(names)
        classes: list[LockClass] = []
        for edge in cycle:
            if edge.before not in classes:
                classes.append(edge.before)
        text = "\n".join(
            [
                f"LockOrderViolation: {summary}",
                "  These locks are taken in opposite orders by different code paths; threads "
                "running them at once deadlock.",
                f"  {_now(lock)}",
                "  Acquisitions on the cycle (newest first):",
                *(edge.describe() for edge in cycle),
                "  Locks:",
                *(f"    {lock_class.describe()}" for lock_class in classes),
                f"  Fix: acquire them in one global order (for example {names[1]} before "
                f"{names[0]} everywhere), or do not hold one while taking the other.",
            ]
        )
        self._deliver("lock-order", summary, text)

    def _deliver(self, kind: str, summary: str, text: str) -> None:
        state = thread_state
        was_busy = state.busy
        state.busy = True
        try:
            self._emit(kind, summary, text)
        finally:
            state.busy = was_busy

    def edges(self) -> list[LockOrderEdge]:
        """Every edge of the class graph, first acquisition of each."""
        with self._mutex:
            return [edge for successors in self._edges.values() for edge in successors.values()]

    def statistics(self) -> LockOrderStatistics:
        """Counts of lock classes, edges and violations so far."""
        with self._mutex:
            return LockOrderStatistics(
                lock_classes=len(self._classes),
                edges=sum(len(successors) for successors in self._edges.values()),
                instance_pairs=len(self._instance_pairs),
                violations=self._violations,
            )

    def reset_cache(self) -> None:
        """Forget the graph (a new session starts from an empty graph)."""
        with self._mutex:
            for before in self._edges:
                before.after.clear()
            self._edges.clear()
            self._instance_pairs.clear()
            self._classes.clear()

    def __repr__(self) -> str:
        stats = self.statistics()
        return (
            f"<LockOrderValidator {stats.lock_classes} lock classes, {stats.edges} edges, "
            f"{stats.violations} violation(s)>"
        )


def _now(lock: CheckedLock) -> str:
    """What is true right now of the acquire that closed the cycle (it has not waited yet)."""
    me = _thread.get_ident()
    holders = [
        ident
        for ident, held in list(HELD_BY_THREAD.items())
        if ident != me and any(entry is lock for entry in list(held))
    ]
    if not holders:
        return (
            f"Right now {lock.lock_class.label} is free: this acquire goes on and no deadlock "
            "happened this time."
        )
    names = ", ".join(repr(_sites.thread_name(ident)) for ident in holders)
    mine = thread_state.held
    waiting_for_me = [
        ident
        for ident in holders
        if (record := WAITS.get(ident)) is not None and any(record.target is h for h in mine)
    ]
    if waiting_for_me:
        return (
            f"Right now {lock.lock_class.label} is held by {names}, which waits for a lock this "
            "thread holds: this acquire deadlocks (the watchdog reports the wait-for cycle)."
        )
    return (
        f"Right now {lock.lock_class.label} is held by {names}: this acquire waits for it, and "
        "deadlocks if that thread then waits for a lock this one holds (the watchdog reports "
        "a deadlock if one happens)."
    )
