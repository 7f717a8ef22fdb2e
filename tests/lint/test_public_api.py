"""The face of ``admf_tsan.lint``: public names exported once and documented; no import cycle."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import admf_tsan.lint as lint

LINT_DIR = Path(lint.__file__).parent
PROMISED = {"lint_paths", "lint_source", "LintReport", "Finding", "FileRule", "ProjectRule"}


def _reexports() -> list[str]:
    tree = ast.parse((LINT_DIR / "__init__.py").read_text(encoding="utf-8"))
    names = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "annotations":
                    assert alias.asname == alias.name, f"{alias.name} is re-exported as itself"
                    names.append(alias.name)
    return names


def test_every_public_name_is_exported_once_and_documented() -> None:
    exported = _reexports()
    assert len(exported) == len(set(exported)), "a name is imported twice"
    assert sorted(lint.__all__) == sorted(exported)
    assert len(lint.__all__) == len(set(lint.__all__))
    assert PROMISED <= set(lint.__all__)
    for name in lint.__all__:
        value = getattr(lint, name)
        if name == "ALL_RULES":
            assert all(inspect.getdoc(rule) for rule in value)
            continue
        assert inspect.getdoc(value), f"admf_tsan.lint.{name} has no docstring"


def test_public_names_are_the_implementations() -> None:
    from admf_tsan.lint.api import lint_paths
    from admf_tsan.lint.ftypes import Finding

    assert lint.lint_paths is lint_paths
    assert lint.Finding is Finding
    findings = lint.lint_source("import time\n\nasync def f():\n    time.sleep(1)\n")
    assert [f.code for f in findings] == ["ADMF101"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(LINT_DIR.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of the linter imported at module level (``TYPE_CHECKING`` blocks excluded)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in modules}


def test_no_import_cycle_inside_the_linter() -> None:
    paths = {_module_name(path): path for path in LINT_DIR.rglob("*.py")}
    modules = set(paths)
    graph = {name: _runtime_imports(path, modules) for name, path in paths.items()}
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for imported in sorted(graph[name]):
            if state.get(imported) == 1:
                cycle = [*stack[stack.index(imported) :], imported]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if imported not in state:
                visit(imported, [*stack, imported])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
