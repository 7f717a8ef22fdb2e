"""ADMF201: two locks taken in opposite orders on two paths (a cycle in the lock-order graph)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.locks import LockModel, OrderEdge
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule


class LockOrderInversion(ProjectRule):
    """ADMF201: locks are taken in opposite orders on two paths, so two threads can deadlock.

    One thread holds `A` and waits for `B` while another holds `B` and waits for `A`: neither ever
    runs again. The analysis builds the project's lock-order graph (an edge `A -> B` whenever `B`
    is taken while `A` is held, directly or in any function called while holding `A`, across
    classes and modules) and reports each cycle once, with every step of every side as a related
    location (`= note:` lines, JSON `related`, SARIF `relatedLocations` and `codeFlows`).

    Locks are identified by their class, as lockdep does: `Portfolio._lock` is one lock class
    whatever the instance, a module-level `CACHE_LOCK` another. A lock whose class cannot be known
    (a lock passed as an argument) is not part of the graph.

    Two objects of one class locked one inside the other in one function (`with source.lock:
    with target.lock:` for two accounts) are reported too: the order depends on the arguments, so
    `transfer(a, b)` and `transfer(b, a)` run together deadlock. Locks of two objects both
    reached from `self` (`self._lock` then `self.child._lock`) are a parent/child order and are
    not reported.

    A lock taken again where the thread already holds it orders nothing: the thread took it
    before the locks it took since. `with self.lock, self.sessions_lock: self._release()`,
    where `_release()` takes the `RLock` `self.lock` again, is no `sessions_lock -> lock`
    edge. Only for the same lock of the same object, held in the same function at that
    point: a lock of an object the analysis cannot name (a parameter's, two accounts') is
    never taken for the one held, and a lock every caller holds on entry still makes its
    edge (a caller the analysis does not see may hold none). Re-taking a plain `Lock` is a
    self-deadlock, ADMF203.

    Fix: pick one global order, take the locks in that order everywhere (declare it in
    `lock-order` so ADMF202 keeps it), or stop holding one lock while calling code that takes
    the other (copy what you need, release, then call).
    """

    code = "ADMF201"
    name = "lock-order-inversion"
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Account:\n    def __init__(self, number):\n"
        "        self.number = number\n        self.lock = threading.Lock()\n\n"
        "def transfer(source: Account, target: Account):\n"
        "    first, second = sorted((source, target), key=lambda a: a.number)\n"
        "    with first.lock:\n        with second.lock:\n            pass\n",
        "import threading\n\nA = threading.Lock()\nB = threading.Lock()\n\n"
        "def one():\n    with A:\n        with B:\n            pass\n\n"
        "def two():\n    with A:\n        with B:\n            pass\n",
        "import threading\n\nclass Portfolio:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self.cash = 0\n\n"
        "    def value(self):\n        with self._lock:\n            return self.cash\n\n"
        "class Risk:\n    def __init__(self, portfolio: Portfolio):\n"
        "        self._lock = threading.Lock()\n        self.portfolio = portfolio\n\n"
        "    def check(self):\n        value = self.portfolio.value()\n"
        "        with self._lock:\n            return value > 0\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Account:\n    def __init__(self):\n"
            "        self.lock = threading.Lock()\n        self.balance = 0\n\n"
            "def transfer(source: Account, target: Account, amount):\n"
            "    with source.lock:\n        with target.lock:\n"
            "            source.balance -= amount\n            target.balance += amount\n",
            message="lock-order inversion between instances",
        ),
        Invalid(
            "import threading\n\nA = threading.Lock()\nB = threading.Lock()\n\n"
            "def one():\n    with A:\n        with B:\n            pass\n\n"
            "def two():\n    with B:\n        with A:\n            pass\n",
            message="lock-order inversion: `example.A` -> `example.B`",
        ),
        Invalid(
            "import threading\n\nclass Portfolio:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self.risk = Risk(self)\n\n"
            "    def rebalance(self):\n        with self._lock:\n            self.risk.limit()\n\n"
            "    def value(self):\n        with self._lock:\n            return 1\n\n"
            "class Risk:\n    def __init__(self, portfolio: Portfolio):\n"
            "        self._lock = threading.Lock()\n        self.portfolio = portfolio\n\n"
            "    def limit(self):\n        with self._lock:\n            return 1\n\n"
            "    def check(self):\n        with self._lock:\n"
            "            return self.portfolio.value()\n",
            message="`Portfolio._lock` -> `Risk._lock` -> `Portfolio._lock`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        model = project.fact(LockModel)
        graph = model.order_graph()
        successors: dict[str, list[str]] = {}
        for outer, inner in sorted(graph):
            successors.setdefault(outer, []).append(inner)
        reported: set[frozenset[tuple[str, str]]] = set()
        for outer, inner in sorted(graph):
            path = _shortest_path(successors, inner, outer)
            if path is None:
                continue
            cycle = [outer, *path]
            edges = [graph[(a, b)] for a, b in zip(cycle, cycle[1:], strict=False)]
            key = frozenset((e.outer.name, e.inner.name) for e in edges)
            if key in reported:
                continue
            reported.add(key)
            yield self._finding(project, model, edges)
        yield from self._instances_of_one_class(project, model)

    def _instances_of_one_class(
        self, project: ProjectContext, model: LockModel
    ) -> Iterable[Finding]:
        """``with source.lock: with target.lock:`` for two objects of one class: the order
        depends on the arguments, so ``transfer(a, b)`` and ``transfer(b, a)`` deadlock."""
        seen: set[tuple[str, int, int]] = set()
        for module, fn, outer, edge, direct in model.nested():
            inner = edge.inner
            if not direct or inner.name != outer.name:
                continue
            if outer.instance is not None and inner.instance is not None:
                continue  # both named from ``self``: parent/child order, or one object (ADMF203)
            at = edge.steps[1]
            key = (module.path, at.line, at.column)
            if key in seen:
                continue
            seen.add(key)
            lock = model.display(outer)
            message = (
                f"lock-order inversion between instances: `{model.short(fn.qualname)}()` takes "
                f"`{lock}` of one object while holding `{lock}` of another (line "
                f"{edge.steps[0].line}); a concurrent call with the objects swapped takes them "
                "in the opposite order and both threads deadlock. Take them in a fixed order "
                "(sort the objects by a key)"
            )
            yield project.finding(
                module, (at.line, at.column), self.code, message, related=model.related(edge.steps)
            )

    def _finding(
        self, project: ProjectContext, model: LockModel, edges: list[OrderEdge]
    ) -> Finding:
        first = edges[0]
        names = [model.display(e.outer) for e in edges] + [model.display(first.outer)]
        shown = " -> ".join(f"`{name}`" for name in names)
        sides = "; ".join(
            f"`{model.short(e.function)}()` takes `{model.display(e.inner)}` while holding "
            f"`{model.display(e.outer)}`"
            for e in edges
        )
        related = []
        for number, edge in enumerate(edges, start=1):
            related += model.related(edge.steps, f"[path {number}] ")
        last = first.steps[-1]
        module = model.module_of(last.function)
        message = (
            f"lock-order inversion: {shown}: {sides}; two threads on these paths can deadlock. "
            "Take the locks in one order everywhere (and declare it in `lock-order`)"
        )
        return project.finding(
            module, (last.line, last.column), self.code, message, related=related
        )


def _shortest_path(successors: dict[str, list[str]], start: str, goal: str) -> list[str] | None:
    """Nodes from ``start`` to ``goal`` (both included) by breadth-first search."""
    parents: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            parent = parents[node]
            while parent is not None:
                path.append(parent)
                parent = parents[parent]
            return path[::-1]
        for nxt in successors.get(node, ()):
            if nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return None
