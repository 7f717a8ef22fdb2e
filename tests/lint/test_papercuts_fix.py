"""After ``--fix``, what is left is reported where it is in the fixed file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import CliResult

SOURCE = """\
import time
import threading

L = threading.Lock()


async def f():
    time.sleep(1)
    with L:
        await g()


async def g():
    pass
"""


def test_findings_left_after_fix_point_into_the_fixed_file(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"a.py": SOURCE})
    result = cli("--fix", "--no-cache", "--format", "json", "a.py")
    assert result.code == 1
    assert "Fixed 1 finding(s)." in result.err
    fixed = (root / "a.py").read_text(encoding="utf-8").splitlines()
    assert "import asyncio" in fixed and "    await asyncio.sleep(1)" in fixed
    [left] = result.json()
    assert left["code"] == "ADMF301"
    assert fixed[left["line"] - 1][left["column"] - 1 : left["end_column"] - 1] == "await g()"
