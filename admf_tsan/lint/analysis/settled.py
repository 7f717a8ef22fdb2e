"""A local whose value an attribute store publishes and nothing else keeps: ``self._log = data``.

``data = sorted(entries)`` then ``with lock: self._log = data`` stores the list ``sorted()``
built; the attribute holds what built the local, as if ``self._log = sorted(entries)`` were
written there. That holds only when the local's last binding before the store is the one that
built it on every way to the store, and the local does not outlive the store as an alias
(``data.sort()`` after it, ``data`` handed to a thread, a closure over it): otherwise the
attribute's value is not what that binding built, or is changed behind it
(:func:`settled_local`).
"""

from __future__ import annotations

import ast

from admf_tsan.lint.analysis.syntax import NESTED_SCOPES, nested_blocks

#: Builtins that read an argument and keep no reference to it.
_KEEPS_NOTHING = frozenset(
    {
        "len",
        "sorted",
        "list",
        "tuple",
        "set",
        "frozenset",
        "filter",
        "enumerate",
        "reversed",
        "sum",
        "min",
        "max",
        "any",
        "all",
        "bool",
        "str",
        "repr",
    }
)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def settled_local(function: ast.AST, name: str, target: ast.expr) -> bool:
    """Whether the store whose target is ``target`` (``self._log = name``, a statement of
    ``function``'s body or of a block in it) publishes the value of the local ``name`` that
    its last binding built.

    That binding must be a plain ``name = value`` statement of the store's block, or of a block
    around it, before the statements leading to the store, with no other binding of the name
    anywhere after it (nor ``global``/``nonlocal``, nor a closure reading it); no loop may
    enclose the store; between the binding and the store the local may only be read by a
    builtin that keeps nothing (``len(data)``) or walked by a ``for``; after the store it is
    never read again.
    """
    body = getattr(function, "body", None)
    if not isinstance(body, list):
        return False
    path = _path_to(body, target)
    if path is None:
        return False
    block, index = path[-1]
    store = block[index]
    if not (type(store) is ast.Assign and len(store.targets) == 1 and store.targets[0] is target):
        return False
    if any(isinstance(outer[position], _LOOPS) for outer, position in path[:-1]):
        return False  # a later round reads the published value as the old one
    binding: ast.Assign | None = None
    for outer, position in reversed(path):
        for stmt in reversed(outer[:position]):
            if _binds(stmt, name):
                if (
                    type(stmt) is ast.Assign
                    and len(stmt.targets) == 1
                    and type(stmt.targets[0]) is ast.Name
                    and stmt.targets[0].id == name
                ):
                    binding = stmt
                break
        else:
            continue
        break
    if binding is None:
        return False
    start, end = binding.lineno, store.end_lineno or store.lineno
    built = binding.end_lineno or start
    parents: dict[int, ast.AST] = {}
    # ``ast.walk`` visits a node before its children: its children's parent is known by then.
    for node in ast.walk(function):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
        if node is not function and isinstance(node, NESTED_SCOPES):
            if any(type(n) is ast.Name and n.id == name for n in ast.walk(node)):
                return False  # a closure or class body that may keep it
            continue
        if isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
            return False
        if type(node) is ast.ExceptHandler and node.name == name and node.lineno > start:
            return False
        if type(node) is not ast.Name or node.id != name:
            continue
        if type(node.ctx) is not ast.Load:
            if node is not binding.targets[0] and node.lineno >= start:
                return False  # bound again after the binding the store would publish
            continue
        if node.lineno > end:
            return False  # read after the store: an alias that outlives it
        if node.lineno <= built:
            continue  # read before (or by) the binding: the old value
        if store.lineno <= node.lineno <= end:
            if node is store.value:
                continue
            return False
        if not _reads_only(node, parents):
            return False
    return True


def _path_to(body: list[ast.stmt], target: ast.expr) -> list[tuple[list[ast.stmt], int]] | None:
    """The blocks from ``body`` in to the statement whose target is ``target``, with the index
    of the statement leading there in each."""
    for index, stmt in enumerate(body):
        if type(stmt) is ast.Assign and any(t is target for t in stmt.targets):
            return [(body, index)]
        if isinstance(stmt, NESTED_SCOPES):
            continue
        for inner in nested_blocks(stmt):
            found = _path_to(inner, target)
            if found is not None:
                return [(body, index), *found]
    return None


def _binds(stmt: ast.stmt, name: str) -> bool:
    """``stmt`` binds ``name`` somewhere (a target, a ``for``/``with``/``except`` name, a
    walrus, an import, a ``def``), deleted included."""
    for node in ast.walk(stmt):
        if type(node) is ast.Name and node.id == name and type(node.ctx) is not ast.Load:
            return True
        if type(node) is ast.ExceptHandler and node.name == name:
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == name:
                return True
        if isinstance(node, ast.Import | ast.ImportFrom):
            if any((alias.asname or alias.name.partition(".")[0]) == name for alias in node.names):
                return True
    return False


def _reads_only(node: ast.Name, parents: dict[int, ast.AST]) -> bool:
    """The read ``node`` keeps no reference: an argument of a builtin that keeps nothing
    (``len(data)``), or the iterable of a ``for``."""
    parent = parents.get(id(node))
    if type(parent) is ast.Call:
        func = parent.func
        return (
            type(func) is ast.Name
            and func.id in _KEEPS_NOTHING
            and any(arg is node for arg in parent.args)
        )
    if isinstance(parent, ast.For | ast.comprehension):
        return parent.iter is node
    return False
