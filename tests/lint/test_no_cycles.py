"""The per-file walk leaves no reference cycles that hold a syntax tree.

The linter keeps the cyclic garbage collector off while it extracts files (it cost a quarter of a
cold run). That is only free while the walk makes no reference cycles: a cycle that reaches a
walker keeps that file's whole tree alive until the collector runs again, and over a large
project the trees pile up (a recursive nested function in the lock walk once held every
standard-library tree at once: 390 MB instead of 90 MB).
"""

from __future__ import annotations

import ast
import gc
from pathlib import Path

from admf_tsan.lint.engine import extract_module

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"


def test_extracting_the_fixtures_leaves_no_tree_in_a_cycle() -> None:
    files = sorted(p for p in FIXTURES.rglob("*.py") if "newer_grammar" not in p.name)
    assert len(files) > 50
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for path in files:
            extract_module(path.read_bytes(), str(path), path.stem)
        gc.collect()
        trees = [obj for obj in gc.garbage if isinstance(obj, ast.Module)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert trees == [], f"{len(trees)} module trees were kept alive by reference cycles"
