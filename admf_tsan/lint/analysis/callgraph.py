"""The project call graph and the fixed-point propagation that interprocedural rules share.

``CallGraph`` holds, for every project function, the call sites that run another project
function (resolved through :class:`ProjectIndex`). :func:`propagate` computes a per-function fact
to a fixed point over that graph with a worklist: a caller's fact is recomputed whenever a callee's
changes, until nothing changes. Facts must grow monotonically (a lattice of finite height), which
guarantees termination.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from admf_tsan.lint.analysis.facts import CallSite, FunctionFacts
from admf_tsan.lint.analysis.index import ProjectIndex

Fact = TypeVar("Fact")


@dataclass(frozen=True, slots=True)
class CallEdge:
    """``caller`` runs ``callee`` at ``site``."""

    caller: str
    callee: str
    site: CallSite


class CallGraph:
    """Edges between project functions; built once per lint run from the index.

    Calls that are awaited or go to an ``async def`` or generator function are kept too
    (``edge.site.awaited`` tells): a rule decides what it follows.
    """

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self.callees: dict[str, list[CallEdge]] = defaultdict(list)
        self.callers: dict[str, list[CallEdge]] = defaultdict(list)
        for _, fn in index.iter_functions():
            for site in fn.calls:
                target = index.callee_function(site)
                if target is None:
                    continue
                edge = CallEdge(fn.qualname, target.qualname, site)
                self.callees[fn.qualname].append(edge)
                self.callers[target.qualname].append(edge)

    def function(self, qualname: str) -> FunctionFacts:
        return self.index.functions[qualname]


def propagate(
    graph: CallGraph,
    seeds: Mapping[str, Fact],
    transfer: Callable[[str, CallEdge, Fact, Fact | None], Fact | None],
    follow: Callable[[CallEdge], bool] = lambda edge: True,
) -> dict[str, Fact]:
    """Push facts from callees to callers until nothing changes.

    ``seeds`` gives each function's own fact. For every followed edge ``caller -> callee`` whose
    callee has a fact, ``transfer(caller, edge, callee_fact, caller_fact)`` returns the caller's new
    fact, or ``None`` to keep the old one. Functions are processed breadth-first from the seeds,
    so a transfer that keeps the first fact it gets yields shortest call chains.
    """
    facts: dict[str, Fact] = dict(seeds)
    worklist: list[str] = list(seeds)
    queued = set(worklist)
    while worklist:
        next_round: list[str] = []
        for callee in worklist:
            queued.discard(callee)
            callee_fact = facts[callee]
            for edge in graph.callers.get(callee, ()):
                if not follow(edge):
                    continue
                old = facts.get(edge.caller)
                new = transfer(edge.caller, edge, callee_fact, old)
                if new is None or new == old:
                    continue
                facts[edge.caller] = new
                if edge.caller not in queued:
                    queued.add(edge.caller)
                    next_round.append(edge.caller)
        worklist = next_round
    return facts


def reachable(graph: CallGraph, roots: Iterable[str]) -> set[str]:
    """Every function reachable from ``roots`` along call edges (roots included)."""
    seen = set(roots)
    stack = list(seen)
    while stack:
        for edge in graph.callees.get(stack.pop(), ()):
            if edge.callee not in seen:
                seen.add(edge.callee)
                stack.append(edge.callee)
    return seen
