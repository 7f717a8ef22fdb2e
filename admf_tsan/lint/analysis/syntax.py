"""The children of a syntax node, faster than ``ast.iter_child_nodes`` for whole-file walks.

A walk that visits every node of a file spends much of its time finding each node's children:
``ast.iter_child_nodes`` runs two generators and tests every field, names and numbers included.
:func:`child_nodes` runs, for each node type, a function made once for that type from the type's
grammar signature (``Call(expr func, expr* args, keyword* keywords)``, its docstring): it reads
only the fields that hold nodes, with no test of what a field holds, and leaves out the nodes that
never have children and that no walk here looks at: the load/store contexts and the operators.
Otherwise it gives what ``ast.iter_child_nodes`` gives, in the same order. A node type whose
signature cannot be read (a future grammar) falls back to testing every field.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = [
    "LEAVES",
    "NESTED_SCOPES",
    "PUSHERS",
    "child_nodes",
    "nested_blocks",
    "pusher",
    "scope_nodes",
]

#: Nodes without children that no walk here stops at: contexts and operators.
LEAVES = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)

#: Fields that hold names, numbers or flags, or only :data:`LEAVES`, in every node type.
_NOT_NODES = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "arg",
        "name",
        "asname",
        "module",
        "level",
        "kind",
        "conversion",
        "is_async",
        "simple",
        "type_comment",
        "tag",
    }
)
#: Node types whose ``value`` is a constant, not a node.
_CONSTANT_VALUE = (ast.Constant, ast.MatchSingleton)
#: Grammar types of fields that never hold a node, or only :data:`LEAVES`.
_NOT_NODE_TYPES = frozenset(
    {
        "identifier",
        "string",
        "constant",
        "int",
        "object",
        "expr_context",
        "operator",
        "unaryop",
        "cmpop",
        "boolop",
    }
)
#: List fields whose items may be ``None`` (``{**d}``'s key, a keyword-only parameter without a
#: default).
_NONE_ITEMS = frozenset({("Dict", "keys"), ("arguments", "kw_defaults")})
_SIGNATURE = re.compile(r"^(\w+)\((.*)\)$")
_FIELD = re.compile(r"^(\w+)([*?]?) (\w+)$")

#: Node type -> the function that pushes a node's children onto a list (see :func:`pusher`).
PUSHERS: dict[type[ast.AST], Callable[[Any, list[ast.AST]], None]] = {}


def _node_fields(node_type: type[ast.AST]) -> tuple[str, ...]:
    return tuple(
        name
        for name in node_type._fields
        if name not in _NOT_NODES
        and not (name == "value" and issubclass(node_type, _CONSTANT_VALUE))
    )


def _signature(node_type: type[ast.AST]) -> dict[str, tuple[str, str]] | None:
    """Field -> (grammar type, ``""`` | ``"?"`` | ``"*"``) from the type's docstring, or ``None``
    when the docstring does not list exactly the type's fields."""
    if not node_type._fields:
        return {}
    doc = (node_type.__doc__ or "").strip().splitlines()
    found = _SIGNATURE.match(doc[0]) if doc else None
    if found is None or found.group(1) != node_type.__name__:
        return None
    fields: dict[str, tuple[str, str]] = {}
    for part in filter(None, (p.strip() for p in found.group(2).split(","))):
        field = _FIELD.match(part)
        if field is None:
            return None
        fields[field.group(3)] = (field.group(1), field.group(2))
    return fields if tuple(fields) == tuple(node_type._fields) else None


def pusher(node_type: type[ast.AST]) -> Callable[[Any, list[ast.AST]], None]:
    """The function that appends the children of a ``node_type`` node to a list, in
    :func:`child_nodes` order (made on first use, then kept in :data:`PUSHERS`)."""
    push = PUSHERS.get(node_type)
    if push is None:
        push = PUSHERS[node_type] = _make_pusher(node_type)
    return push


def _make_pusher(node_type: type[ast.AST]) -> Callable[[Any, list[ast.AST]], None]:
    fields = _node_fields(node_type)
    signature = _signature(node_type)
    if signature is None:
        return lambda node, out: out.extend(_any_children(node, fields))
    # Every field is read before anything is pushed: a node built by hand without some field
    # raises before the list changes, and is then read field by field.
    reads, pushes = [], []
    for number, name in enumerate(fields):
        grammar_type, mark = signature[name]
        if grammar_type in _NOT_NODE_TYPES:
            continue
        reads.append(f"f{number} = node.{name}")
        if mark == "*":
            if (node_type.__name__, name) in _NONE_ITEMS:
                pushes.append(f"out.extend([n for n in f{number} if n is not None])")
            else:
                pushes.append(f"out += f{number}")
        elif mark == "?":
            pushes += [f"if f{number} is not None:", f"    out.append(f{number})"]
        else:
            pushes.append(f"out.append(f{number})")
    if not reads:
        return _no_children
    source = "\n".join(
        [
            "def push(node, out):",
            "    try:",
            *(f"        {line}" for line in reads),
            "    except AttributeError:  # a node built by hand, without every field",
            "        out.extend(any_children(node, fields))",
            "        return",
            *(f"    {line}" for line in pushes),
        ]
    )
    namespace: dict[str, Any] = {"any_children": _any_children, "fields": fields}
    exec(source, namespace)  # noqa: S102 - code built from the node type's field names only
    push: Callable[[Any, list[ast.AST]], None] = namespace["push"]
    return push


def _no_children(node: ast.AST, out: list[ast.AST]) -> None:
    """The pusher of node types without children."""


def _any_children(node: ast.AST, fields: tuple[str, ...]) -> list[ast.AST]:
    """The children of ``node`` found by testing what each of ``fields`` holds."""
    children: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if value is None:
            continue
        if type(value) is list:
            for item in value:
                if isinstance(item, ast.AST) and not isinstance(item, LEAVES):
                    children.append(item)
        elif isinstance(value, ast.AST) and not isinstance(value, LEAVES):
            children.append(value)
    return children


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The child nodes of ``node`` in ``ast.iter_child_nodes`` order, without :data:`LEAVES`."""
    children: list[ast.AST] = []
    push = PUSHERS.get(type(node))
    if push is None:
        push = pusher(type(node))
    push(node, children)
    return children


#: Definitions whose bodies run in a scope of their own, when called or built, not where they stand.
NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def scope_nodes(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """``roots`` and the nodes under them that belong to the same scope as they do, in tree
    order (a node before its children, children in the order of their fields: ``b`` before
    ``a`` in ``a if b else c``): a nested function, lambda or class is given but not walked into
    (its body runs when it is called or built; its decorators and defaults, which run here,
    are skipped with it). Contexts and operators are left out (:func:`child_nodes`)."""
    stack = list(roots)
    stack.reverse()
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, NESTED_SCOPES):
            children = child_nodes(node)
            children.reverse()
            stack.extend(children)


def nested_blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists directly inside ``stmt``: its bodies, ``else``, ``finally``,
    exception handlers and ``case`` blocks (empty ones left out)."""
    blocks = [
        block
        for block in (
            getattr(stmt, "body", None),
            getattr(stmt, "orelse", None),
            getattr(stmt, "finalbody", None),
        )
        if block
    ]
    blocks.extend(handler.body for handler in getattr(stmt, "handlers", ()))
    blocks.extend(case.body for case in getattr(stmt, "cases", ()))
    return blocks
