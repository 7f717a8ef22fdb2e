"""The children of a syntax node, faster than ``ast.iter_child_nodes`` for whole-file walks.

A walk that visits every node of a file spends much of its time finding each node's children:
``ast.iter_child_nodes`` runs two generators and tests every field, names and numbers included.
:func:`child_nodes` reads only the fields of a node's type that can hold nodes (looked up once per
type) and leaves out the nodes that never have children and that no walk here looks at: the
load/store contexts and the operators. Otherwise it gives what ``ast.iter_child_nodes`` gives, in
the same order.
"""

from __future__ import annotations

import ast

__all__ = ["LEAVES", "child_nodes"]

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

_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _node_fields(node_type: type[ast.AST]) -> tuple[str, ...]:
    fields = tuple(
        name
        for name in node_type._fields
        if name not in _NOT_NODES
        and not (name == "value" and issubclass(node_type, _CONSTANT_VALUE))
    )
    _FIELDS[node_type] = fields
    return fields


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The child nodes of ``node`` in ``ast.iter_child_nodes`` order, without :data:`LEAVES`."""
    node_type = type(node)
    fields = _FIELDS.get(node_type)
    if fields is None:
        fields = _node_fields(node_type)
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
