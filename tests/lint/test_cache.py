"""The content-hash cache: warm runs reuse everything, an edit re-analyses exactly that file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from admf_tsan.lint.api import lint_paths
from admf_tsan.lint.cache import CACHE_DIR_NAME, LintCache, linter_salt
from admf_tsan.lint.config import find_config

HELPER = "import time\n\ndef settle():\n    time.sleep(1)\n"
SERVICE = "from pkg.helper import settle\n\nasync def run():\n    settle()\n"


@pytest.fixture
def pkg(project):  # type: ignore[no-untyped-def]
    return project(
        {
            "pkg/__init__.py": "",
            "pkg/helper.py": HELPER,
            "pkg/service.py": SERVICE,
            "pkg/other.py": "x = 1\n",
        }
    )


def test_warm_run_reads_the_result_and_an_edit_reanalyses_one_file(pkg: Path) -> None:
    config = find_config(pkg)
    cold = lint_paths(["."], config, jobs=1)
    assert cold.statistics.analysed == 4 and not cold.statistics.result_from_cache
    assert [f.code for f in cold.findings] == ["ADMF120"]

    warm = lint_paths(["."], config, jobs=1)
    assert warm.statistics.result_from_cache and warm.findings == cold.findings

    # Editing the helper changes the finding in ANOTHER file: only the helper is re-read,
    # the project stage runs again over the cached facts of the rest.
    (pkg / "pkg" / "helper.py").write_text("def settle():\n    return 1\n")
    edited = lint_paths(["."], config, jobs=1)
    assert edited.statistics.analysed == 1 and not edited.statistics.result_from_cache
    assert edited.findings == ()


def test_config_change_invalidates_the_result(pkg: Path) -> None:
    config = find_config(pkg)
    lint_paths(["."], config, jobs=1)
    (pkg / "pyproject.toml").write_text(
        "[tool.admf-tsan]\nasync-safe = ['pkg.helper.settle']\n", encoding="utf-8"
    )
    changed = lint_paths(["."], find_config(pkg), jobs=1)
    assert not changed.statistics.result_from_cache and changed.statistics.analysed == 0
    assert changed.findings == ()


def test_corrupt_entries_are_misses_not_errors(pkg: Path) -> None:
    config = find_config(pkg)
    cold = lint_paths(["."], config, jobs=1)
    cache = LintCache(pkg)
    for path in (cache.directory / "facts").rglob("*.json"):
        path.write_text("{not json")
    for path in (cache.directory / "results").glob("*.json"):
        path.write_bytes(b"\xff\xfe")
    snapshots = list((cache.directory / "projects").glob("*.json"))
    assert snapshots
    for path in snapshots:
        path.write_text('["key", [1, 2]]')
    again = lint_paths(["."], config, jobs=1)
    assert again.statistics.analysed == 4
    assert again.findings == cold.findings


def test_results_of_different_path_sets_are_kept_side_by_side(pkg: Path) -> None:
    config = find_config(pkg)
    lint_paths(["pkg/helper.py"], config, jobs=1)
    lint_paths(["pkg"], config, jobs=1)
    assert lint_paths(["pkg/helper.py"], config, jobs=1).statistics.result_from_cache
    assert lint_paths(["pkg"], config, jobs=1).statistics.result_from_cache


def test_no_cache_writes_nothing(pkg: Path) -> None:
    lint_paths(["."], find_config(pkg), use_cache=False, jobs=1)
    assert not (pkg / CACHE_DIR_NAME).exists()


def test_cache_dir_is_tagged_and_ignored_by_git(pkg: Path) -> None:
    lint_paths(["."], find_config(pkg), jobs=1)
    top = pkg / CACHE_DIR_NAME
    assert (top / ".gitignore").read_text().strip().endswith("*")
    assert (
        (top / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (top / linter_salt()).is_dir()


@pytest.mark.timeout(120)
def test_parallel_workers_give_the_same_findings(project) -> None:  # type: ignore[no-untyped-def]
    files = {
        f"m{i}.py": f"import time\n\nasync def f{i}():\n    time.sleep({i})\n" for i in range(40)
    }
    root = project(files)
    config = find_config(root)
    serial = lint_paths(["."], config, use_cache=False, jobs=1)
    parallel = lint_paths(["."], config, use_cache=True, jobs=2)
    assert parallel.statistics.analysed == 40
    assert serial.findings == parallel.findings and len(serial.findings) == 40
    # The workers wrote the facts: a second run re-analyses nothing.
    os.utime(root / "m0.py")
    (root / "m0.py").write_text("x = 0\n")
    rerun = lint_paths(["."], config, jobs=2)
    assert rerun.statistics.analysed == 1 and len(rerun.findings) == 39
