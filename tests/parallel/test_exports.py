"""admf_tsan.parallel's public surface: each name exported once, documented, core-only imports."""

from __future__ import annotations

import ast
from pathlib import Path

import admf_tsan.parallel as parallel

PACKAGE = Path(parallel.__file__).parent
REQUIRED = {
    "TaskQueue",
    "ResourceManager",
    "run_isolated",
    "IsolatedPool",
    "TrialResult",
    "WorkerCrashed",
    "TrialTimeout",
}


def test_the_issue_names_are_public_and_come_from_private_modules():
    assert REQUIRED <= set(parallel.__all__)
    assert len(parallel.__all__) == len(set(parallel.__all__))
    for name in parallel.__all__:
        obj = getattr(parallel, name)
        assert obj.__module__.startswith("admf_tsan.parallel._"), (name, obj.__module__)
        assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def test_every_public_name_is_re_exported_exactly_once():
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    exported = [
        alias.asname
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name
    ]
    assert sorted(exported) == sorted(parallel.__all__)


def test_parallel_builds_on_the_core_only():
    forbidden = ("admf_tsan.runtime", "admf_tsan.lint", "admf_tsan.aio", "pytest_admf")
    for module in PACKAGE.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(forbidden), f"{module.name} imports {name}"


def test_errors_share_the_library_base_class():
    from admf_tsan.errors import AdmfTsanError

    for name in ("WorkerCrashed", "TrialTimeout", "TrialTransferError", "QueueClosed"):
        assert issubclass(getattr(parallel, name), AdmfTsanError)
    assert issubclass(parallel.InsufficientResources, AdmfTsanError)
