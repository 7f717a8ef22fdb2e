"""The lock-order graph equals a brute-force execution of random programs across two modules.

Hypothesis writes small programs: module-level locks in ``pkg.locks``, functions spread over
two modules that take locks (``with LOCK_i:``) and call each other (also in cycles, also
across modules). The expected edges and self-deadlocks come from simulating every call path;
the analysis must find exactly those, whatever the order in which the fixed point visits
functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from admf_tsan.lint.analysis.callgraph import CallGraph
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.locks import LockModel
from admf_tsan.lint.config import parse_table
from admf_tsan.lint.engine import analyse_project, extract_module

LOCKS = 3
FUNCTIONS = 5


@dataclass(frozen=True)
class With:
    lock: int
    body: tuple[object, ...]


@dataclass(frozen=True)
class Call:
    function: int


def statements(depth: int) -> st.SearchStrategy[tuple[object, ...]]:
    call = st.builds(Call, st.integers(0, FUNCTIONS - 1))
    if depth == 0:
        return st.lists(call, max_size=2).map(tuple)
    nested = st.builds(With, st.integers(0, LOCKS - 1), statements(depth - 1))
    return st.lists(st.one_of(call, nested), max_size=3).map(tuple)


programs = st.lists(statements(2), min_size=FUNCTIONS, max_size=FUNCTIONS).map(tuple)


def module_of(function: int) -> str:
    return "pkg.alpha" if function % 2 == 0 else "pkg.beta"


def render(program: tuple[tuple[object, ...], ...]) -> dict[str, str]:
    """Source of ``pkg.locks``, ``pkg.alpha`` (even functions) and ``pkg.beta`` (odd ones)."""
    sources = {
        "pkg.locks": "import threading\n"
        + "".join(f"LOCK_{i} = threading.Lock()\n" for i in range(LOCKS)),
    }
    for name in ("pkg.alpha", "pkg.beta"):
        other = "beta" if name == "pkg.alpha" else "alpha"
        lines = [
            f"from pkg.locks import {', '.join(f'LOCK_{i}' for i in range(LOCKS))}",
            f"from pkg import {other}",
            "",
        ]
        for index, body in enumerate(program):
            if module_of(index) != name:
                continue
            lines.append(f"def f{index}():")
            lines.extend(_body(body, 1, name) or ["    pass"])
            lines.append("")
        sources[name] = "\n".join(lines) + "\n"
    return sources


def _body(body: tuple[object, ...], depth: int, module: str) -> list[str]:
    pad = "    " * depth
    lines: list[str] = []
    for item in body:
        if isinstance(item, With):
            lines.append(f"{pad}with LOCK_{item.lock}:")
            lines.extend(_body(item.body, depth + 1, module) or [f"{pad}    pass"])
        else:
            assert isinstance(item, Call)
            target = item.function
            prefix = "" if module_of(target) == module else module_of(target).split(".")[1] + "."
            lines.append(f"{pad}{prefix}f{target}()")
    return lines


def simulate(
    program: tuple[tuple[object, ...], ...],
) -> tuple[set[tuple[int, int]], set[tuple[int, int]], bool]:
    """Every (outer, inner) lock pair some execution nests; those where the inner lock is not
    already held (a re-take orders nothing); and whether a lock is re-taken."""
    edges: set[tuple[int, int]] = set()
    fresh: set[tuple[int, int]] = set()
    self_deadlock = False
    seen: set[tuple[int, frozenset[int]]] = set()

    def run(body: tuple[object, ...], held: frozenset[int]) -> None:
        nonlocal self_deadlock
        for item in body:
            if isinstance(item, With):
                nested = {(outer, item.lock) for outer in held if outer != item.lock}
                edges.update(nested)
                if item.lock in held:
                    self_deadlock = True
                else:
                    fresh.update(nested)
                run(item.body, held | {item.lock})
            else:
                assert isinstance(item, Call)
                key = (item.function, held)
                if key not in seen:
                    seen.add(key)
                    run(program[item.function], held)

    for index in range(FUNCTIONS):
        run(program[index], frozenset())
    return edges, fresh, self_deadlock


def has_cycle(edges: set[tuple[int, int]]) -> bool:
    """Whether the directed lock graph has a cycle of any length (A->B->A, A->B->C->A, ...)."""
    successors: dict[int, set[int]] = {}
    for outer, inner in edges:
        successors.setdefault(outer, set()).add(inner)

    def reaches(start: int, goal: int) -> bool:
        stack, seen = [start], set()
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(successors.get(node, ()))
        return False

    return any(reaches(inner, outer) for outer, inner in edges)


def facts_of(sources: dict[str, str]) -> list[object]:
    return [
        extract_module(source.encode(), name.replace(".", "/") + ".py", name)
        for name, source in sources.items()
    ]


@pytest.mark.timeout(120)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_lock_graph_matches_brute_force(program: tuple[tuple[object, ...], ...]) -> None:
    facts = facts_of(render(program))
    index = ProjectIndex(facts)  # type: ignore[arg-type]
    model = LockModel(index, CallGraph(index))

    def number(name: str) -> int:
        return int(name.rpartition("_")[2])

    nested = {
        (number(outer.name), number(edge.inner.name))
        for _, _, outer, edge, _ in model.nested()
        if outer.name != edge.inner.name
    }
    found = {(number(a), number(b)) for a, b in model.order_graph()}
    expected_edges, fresh_edges, expected_self_deadlock = simulate(program)
    # Every nesting is seen; the order graph leaves out only re-takes of a lock held at that
    # point (the call's or the acquisition's own locks: a subset of what the path holds), so
    # it keeps every edge of a lock not already held on the path.
    assert nested == expected_edges
    assert fresh_edges <= found <= nested
    config = parse_table({"select": ["ADMF201", "ADMF203"]}, root=Path("."), source="test")
    findings = analyse_project(facts, config)  # type: ignore[arg-type]
    assert any(f.code == "ADMF201" for f in findings) == has_cycle(found)
    if has_cycle(fresh_edges):
        assert any(f.code == "ADMF201" for f in findings)
    assert any(f.code == "ADMF203" for f in findings) == expected_self_deadlock
