"""Which sync project functions run on the event loop: the configured loop markers."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator

from admf_tsan.lint.analysis.facts import ModuleFacts
from admf_tsan.lint.rule import ProjectContext

__all__ = ["loop_roots"]


def loop_roots(project: ProjectContext) -> dict[str, str]:
    """Sync functions a configured marker says run on the event loop -> the marker."""
    config = project.config
    index = project.index
    decorators = config.loop_decorators
    methods = frozenset(config.loop_methods)
    roots: dict[str, str] = {}
    if methods:
        for _, fn in index.iter_functions():
            if fn.is_async or fn.class_qualname is None:
                continue
            for ancestor in list(index.class_ancestors(fn.class_qualname))[1:]:
                marker = f"{ancestor}.{fn.name}"
                if marker in methods:
                    roots[fn.qualname] = marker
                    break
    if decorators:
        for module in index.modules.values():
            path = os.path.join(config.root, module.path)
            for qualname, marker in _decorated(module, path, decorators):
                marked = index.functions.get(qualname)
                if marked is not None and not marked.is_async:
                    roots.setdefault(qualname, f"@{marker}")
    return roots


def _decorated(
    module: ModuleFacts, path: str, markers: tuple[str, ...]
) -> Iterator[tuple[str, str]]:
    """Functions of ``module`` (read from ``path``) decorated with one of ``markers``.

    A marker is a dotted name (``homeassistant.core.callback``) matched through the module's
    imports, or a bare name (``callback``) matched by the decorator's last name.
    """
    shorts = {m.rpartition(".")[2]: m for m in markers}
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read()
    except OSError:
        return
    if not any(f"@{short}" in text or f".{short}" in text for short in shorts):
        return
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return
    imports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imports[alias.asname or alias.name.partition(".")[0]] = (
                    alias.name if alias.asname else alias.name.partition(".")[0]
                )
    stack: list[tuple[list[ast.stmt], str]] = [(tree.body, module.module)]
    while stack:
        body, prefix = stack.pop()
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                stack.append((stmt.body, f"{prefix}.{stmt.name}"))
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in stmt.decorator_list:
                    dotted = _dotted(decorator, imports)
                    if dotted is None:
                        continue
                    for marker in markers:
                        if dotted == marker or (
                            "." not in marker and dotted.rpartition(".")[2] == marker
                        ):
                            yield f"{prefix}.{stmt.name}", marker


def _dotted(node: ast.expr, imports: dict[str, str]) -> str | None:
    if isinstance(node, ast.Call):
        node = node.func
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(imports.get(node.id, node.id))
    return ".".join(reversed(parts))
