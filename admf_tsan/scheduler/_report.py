"""How a stalled run reads: names of primitives, workers' stacks, the wait-for graph and its cycle.

Written only when a run deadlocks or times out, so nothing here is on a hot path. The stacks and
the graph are rendered by the runtime's one formatter (``admf_tsan.runtime._format``), so a
deadlock under the scheduler reads like one the runtime's watchdog reports.
"""

from __future__ import annotations

import gc
import sys
from types import FrameType
from typing import TYPE_CHECKING

from admf_tsan.runtime._format import ThreadWait, format_stack, format_wait_for

from ._state import Worker, WorkerState

if TYPE_CHECKING:
    from ._engine import Engine


# Objects of these modules hold primitives for their own bookkeeping; the code under test never
# spells a lock by their attributes.
_MACHINERY_MODULES = ("admf_tsan.runtime", "admf_tsan.scheduler")
# The scheduler's own records (a recorded trace's events, workers, waiters) refer to primitives
# by the thousand in a long run; none of them is a wrapper worth looking through, and looking
# through each (one pass over the heap apiece) made naming a lock quadratic in the trace.
_SCHEDULER_MODULE = "admf_tsan.scheduler"


def owner_attribute(obj: object, depth: int = 2) -> str:
    """``Class.attribute`` of an instance attribute that refers to ``obj``, or "".

    Used only when a report is written (it walks the garbage collector's referrers), so two
    locks created on the same line (``self.lock = Lock()`` in two accounts) read differently.
    A wrapper without a ``__dict__`` (the runtime checker's lock around a modeled one) is
    looked through, ``depth`` levels deep.
    """
    for referrer in gc.get_referrers(obj):
        if type(referrer).__module__.startswith(_SCHEDULER_MODULE):
            continue
        if (
            depth > 1
            and not isinstance(referrer, (dict, type, list, tuple, FrameType))
            and not hasattr(referrer, "__dict__")
            and hasattr(type(referrer), "__slots__")
        ):
            name = owner_attribute(referrer, depth - 1)
            if name:
                return name
            continue
        if isinstance(referrer, dict):
            # A materialised instance __dict__: find the instance that owns it.
            owners = [
                owner
                for owner in gc.get_referrers(referrer)
                if getattr(owner, "__dict__", None) is referrer and not isinstance(owner, type)
            ]
            attributes = referrer
        elif not isinstance(referrer, type) and isinstance(
            getattr(referrer, "__dict__", None), dict
        ):
            # An instance whose attributes live inline (CPython 3.11+): it refers directly.
            owners = [referrer]
            attributes = referrer.__dict__
        else:
            continue
        for owner in owners:
            if type(owner).__module__.startswith(_MACHINERY_MODULES):
                continue  # a checker's or the scheduler's record (WaitRecord.target): not a name
            for key, value in attributes.items():
                if value is obj:
                    return f"{type(owner).__name__}.{key}"
    return ""


def describe(waitable: object) -> str:
    """How a wait-for graph names a primitive or other waitable."""
    method = getattr(waitable, "_sched_describe", None)
    if method is not None:
        text = str(method())
        name = owner_attribute(waitable)
        return f"{name} {text}" if name else text
    if isinstance(waitable, Worker):
        return f"{waitable.name} to finish"
    return repr(waitable)


def find_cycle(edges: dict[int, int]) -> list[int]:
    """A cycle in a graph where each node has at most one successor, as a closed path."""
    for start in sorted(edges):
        path: list[int] = []
        seen: dict[int, int] = {}
        node: int | None = start
        while node is not None and node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = edges.get(node)
        if node is not None:
            loop = path[seen[node] :]
            return [*loop, loop[0]]
    return []


def _holders_of(engine: Engine, waitable: object) -> list[Worker]:
    method = getattr(waitable, "_sched_holders", None)
    if method is None:
        return []
    holders = []
    for ident in method():
        worker = engine.by_ident.get(ident)
        if worker is not None:
            holders.append(worker)
    return holders


def deadlock_report(engine: Engine, reason: str) -> str:
    """The text of a stalled run (STATE held): why, the wait-for graph, its cycle, the stacks."""
    waits: list[ThreadWait] = []
    edges: dict[int, int] = {}
    for worker in engine.workers:
        if worker.state is WorkerState.DONE:
            continue
        holds = tuple(describe(lock) for lock in worker.held)
        blocked_by: tuple[str, ...] = ()
        note = ""
        if worker.state is WorkerState.BLOCKED:
            holders = _holders_of(engine, worker.waiting_for)
            waiting = f"waits for {describe(worker.waiting_for)}"
            if holders:
                blocked_by = tuple(holder.name for holder in holders)
                edges[worker.index] = holders[0].index
            if worker.deadline is not None:
                note = f"until t={worker.deadline:g}"
        elif worker.state is WorkerState.DETACHED:
            waiting = "is blocked in a call the scheduler does not model (see its stack)"
        else:
            waiting = "could run"
        waits.append(ThreadWait(worker.name, holds, waiting, blocked_by, note))
    cycle = [engine.workers[index].name for index in find_cycle(edges)[:-1]]
    # Out of time with no cycle among the modeled waits (a worker in a real blocking call, a
    # loop that never ends): a stall, not a proven deadlock.
    kind = "stalled" if engine.timed_out and not cycle else "deadlock"
    lines = [
        f"{kind}: {reason} (seed {engine.seed}, {engine.strategy.describe()}, step {engine.steps})",
        "wait-for graph:",
        format_wait_for(waits, cycle=cycle),
        "stacks:",
    ]
    frames = sys._current_frames()
    for worker in engine.workers:
        if worker.state is WorkerState.DONE:
            continue
        lines.append(f"  {worker.name} ({worker.state.value}):")
        lines.append(format_stack(frames.get(worker.ident), indent="    "))
    return "\n".join(lines)
