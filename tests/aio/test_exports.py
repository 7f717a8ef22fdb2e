"""admf_tsan.aio's public surface: each name exported once, and no imports beyond the core."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import admf_tsan.aio as aio

PACKAGE = Path(aio.__file__).parent
REQUIRED = {
    "AsyncComponentBase",
    "AsyncEventBus",
    "run_sync",
    "to_thread",
    "AsyncEventBarrier",
    "run_service",
}


def test_the_issue_names_are_public_and_all_lists_each_name_once():
    assert REQUIRED <= set(aio.__all__)
    assert len(aio.__all__) == len(set(aio.__all__))
    for name in aio.__all__:
        obj = getattr(aio, name)
        assert obj.__module__.startswith("admf_tsan.aio._"), (name, obj.__module__)


def test_every_public_name_is_re_exported_exactly_once():
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    exported = [
        alias.asname
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name  # the explicit `import X as X` re-export form
    ]
    assert sorted(exported) == sorted(aio.__all__)


def test_aio_imports_only_the_core():
    forbidden = ("admf_tsan.runtime", "admf_tsan.lint", "admf_tsan.parallel", "pytest_admf")
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert not node.module.startswith(forbidden), (path.name, node.module)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith(forbidden), (path.name, alias.name)
    code = (
        "import sys, admf_tsan.aio; "
        f"print(sorted(m for m in sys.modules if m.startswith({forbidden!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
