"""Shared-state facts of the walk: reads, writes and mutations of ``self.x``, ``cls.x`` and
module variables, lazy-initialisation checks, and where called-but-unknown code comes from.

The syntactic tests (what counts as a mutation, a lazy check) are in ``statefacts.py``; this
module records them against the scope being walked.
"""

from __future__ import annotations

import ast

from admf_tsan.lint.analysis.facts import (
    StateAccess,
    evolve,
)
from admf_tsan.lint.analysis.scopes import ScopeWalker
from admf_tsan.lint.analysis.statefacts import (
    collection_root,
)

#: Builtins whose call on a builtin container is one atomic step (a copy or a scalar).
_SNAPSHOTS = frozenset({"len", "bool", "list", "tuple", "set", "frozenset", "dict", "sorted"})
#: Container methods that read in one atomic step.
_SNAPSHOT_METHODS = frozenset({"get", "copy"})
#: Builtins that iterate over their argument step by step (element methods run in between).
_ITERATING = frozenset(
    {"iter", "enumerate", "reversed", "zip", "map", "filter", "sum", "min", "max", "any", "all"}
)
#: Container views: iterating one iterates the container.
_VIEWS = frozenset({"keys", "values", "items"})


def _iterated_arguments(name: str, args: list[ast.expr]) -> list[ast.expr]:
    """The arguments the builtin ``name`` of :data:`_ITERATING` iterates: every one of
    ``zip()``'s, all but the function of ``map()`` and ``filter()``, the first of the others;
    none for ``max(a, b)``/``min(a, b)`` (two or more values compared) or ``iter(f, sentinel)``
    (a callable called until it returns the sentinel)."""
    if name == "zip":
        return args
    if name in ("map", "filter"):
        return args[1:]
    if name in ("min", "max", "iter") and len(args) != 1:
        return []
    return args[:1]


def _viewed(node: ast.expr) -> ast.expr:
    """The container of a view (``d`` of ``d.values()``), or ``node`` itself."""
    if (
        type(node) is ast.Call
        and type(node.func) is ast.Attribute
        and node.func.attr in _VIEWS
        and not node.args
        and not node.keywords
    ):
        return node.func.value
    return node


class StateWalker(ScopeWalker):
    """Records :class:`StateAccess` and :class:`DynamicCall` origins while walking."""

    #: Set before the walk for a module that can take no lock and declares no guard
    #: (``lockwalk.may_take_locks``): ``prune_accesses`` drops every access of such a module
    #: but those of classes that may inherit state from another module (cleared while their
    #: bodies are walked, ``ModuleExtractor._classdef``), so the walk records only what
    #: ``module_facts`` reads of them first, the mutations (of ``self.<table>``), and skips the
    #: reads, writes and lazy-init checks. A mutation is the first use of its node in either
    #: mode (its call or subscript is walked before the node).
    _lock_free = False

    def _state_root(self, name: str) -> tuple[str, str] | None:
        """``("self" | "cls", class)`` when ``name`` is the instance or class of a method."""
        scope = self._scope
        while scope is not None:
            if name in scope.locals or name in scope.local_defs:
                return None
            if name == scope.self_name and scope.class_qualname:
                return ("self", scope.class_qualname)
            if name == scope.cls_name and scope.class_qualname:
                return ("cls", scope.class_qualname)
            scope = scope.parent
        return None

    def _state_target(self, node: ast.expr) -> tuple[str, str, str] | None:
        """The shared state ``node`` names: ``self.x``, ``cls.x`` or a module variable."""
        if type(node) is ast.Attribute:
            value = node.value
            if type(value) is ast.Name:
                root = self._state_root(value.id)
                if root is not None:
                    return (*root, node.attr)
            return None
        if type(node) is ast.Name:
            scope = self._scope
            name = node.id
            if scope is not None and name in scope.globals:
                return ("g", self.module, name)
            while scope is not None:
                if name in scope.locals or name in scope.local_defs:
                    return None
                scope = scope.parent
            symbol = self.symbols.get(name)
            if symbol is not None and symbol[0] == "var":
                return ("g", self.module, name)
        return None

    def _access(
        self,
        target: tuple[str, str, str],
        kind: str,
        node: ast.AST,
        grows: bool = False,
        tested: bool = False,
    ) -> None:
        """Record an access; ``tested``: a change that tests the state itself in the same step
        (``setdefault``), which no earlier test makes a check-then-act."""
        scope = self._scope
        if scope is None:
            return
        line, column = self.position(node)
        check = None
        if kind in ("write", "mutate") and not tested:
            for checked, check_line, check_column, check_held in reversed(scope.lazy_checks):
                if checked == target:
                    check = (check_line, check_column, check_held)
                    break
        held = (*scope.held, *scope.assumed) if scope.assumed else scope.held
        scope.accesses.append(StateAccess(target, kind, line, column, held, check, grows=grows))

    def _push_lazy_checks(self, test: ast.expr, subjects: list[ast.expr]) -> int:
        scope = self._scope
        if scope is None:
            return 0
        pushed = 0
        for subject in subjects:
            target = self._state_target(subject)
            if target is not None:
                line, column = self.position(subject)
                scope.lazy_checks.append((target, line, column, scope.held))
                pushed += 1
                # The test's read of ``target`` is a check, not a use of the value.
                for index in range(len(scope.accesses) - 1, -1, -1):
                    access = scope.accesses[index]
                    if access.line == line and access.column == column:
                        if access.target == target and access.kind == "read":
                            scope.accesses[index] = evolve(access, kind="check")
                        break
        return pushed

    def _origin(self, value: ast.expr | None) -> tuple[str, ...] | None:
        """Where a collection or callable value comes from, for calls of unknown code."""
        if value is None:
            return None
        root = collection_root(value)
        if type(root) is ast.Name:
            scope = self._scope
            if scope is not None and root.id in scope.origins:
                return scope.origins[root.id]
        return self._state_target(root)

    def _set_origin(self, target: ast.expr, value: ast.expr | None) -> None:
        scope = self._scope
        if scope is None:
            return
        origin = self._origin(value)
        names = [target] if type(target) is ast.Name else []
        if type(target) is ast.Tuple or type(target) is ast.List:
            names = [e for e in target.elts if type(e) is ast.Name]
        for name in names:
            if origin is None:
                scope.origins.pop(name.id, None)
            else:
                scope.origins[name.id] = origin

    def _snapshot_reads(self, node: ast.Call | ast.Compare) -> None:
        """Reads that are one C-level operation on a builtin container and return a copy or a
        scalar (``len(x)``, ``k in x``, ``x.get(k)``, ``list(x)``, ``list(x.values())``,
        ``x.copy()``): kind
        ``"snapshot"``. The GIL makes them atomic; a stale answer is the caller's business."""
        if isinstance(node, ast.Compare):
            for op, right in zip(node.ops, node.comparators, strict=True):
                if type(op) is ast.In or type(op) is ast.NotIn:
                    self._state_use(right, "snapshot")
            return
        func = node.func
        if type(func) is ast.Name and func.id in _SNAPSHOTS and len(node.args) == 1:
            if func.id not in self.symbols and not node.keywords:
                self._state_use(_viewed(node.args[0]), "snapshot")
        elif type(func) is ast.Attribute and func.attr in _SNAPSHOT_METHODS:
            self._state_use(func.value, "snapshot")
        elif type(func) is ast.Name and func.id in _ITERATING and func.id not in self.symbols:
            for argument in _iterated_arguments(func.id, node.args):
                self._iteration_reads(argument)

    def _iteration_reads(self, iterable: ast.expr) -> None:
        """A container iterated step by step (``for x in self.d``, ``self.d.values()`` in a
        comprehension, ``iter(self.d)``, ``sum(self.d.values())``): kind ``"iterate"``. Another
        thread changing it meanwhile breaks the iteration (``changed size during iteration``);
        a single read of it (``self.d[k]``, ``if self.d:``) is one atomic step."""
        iterable = _viewed(iterable)
        if type(iterable) is ast.Attribute or type(iterable) is ast.Name:
            self._state_use(iterable, "iterate")

    def _state_use(
        self, node: ast.expr, kind: str | None = None, grows: bool = False, tested: bool = False
    ) -> None:
        """Record a read, write or mutation of shared state named by ``node``, once per node."""
        if id(node) in self._state_seen:
            return
        target = self._state_target(node)
        if target is None:
            return
        self._state_seen.add(id(node))
        if kind is None:
            loaded = isinstance(node, ast.Name | ast.Attribute) and type(node.ctx) is ast.Load
            kind = "read" if loaded else "write"
        self._access(target, kind, node, grows, tested)
