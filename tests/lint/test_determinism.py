"""The report is a function of the source alone: hash seed, ``-j`` and the cache change nothing.

Each run is a fresh interpreter (``PYTHONHASHSEED`` is read at start-up), and the JSON reports are
compared byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"

#: Two locks held at every write of ``self._threads``: which one guards it was once decided by
#: the iteration order of a frozenset, so ADMF402 named a different lock under different seeds.
TIED_GUARDS = {
    "pkg/__init__.py": "",
    "pkg/locks.py": "import threading\n\nGLOBAL_LOCK = threading.Lock()\n",
    "pkg/pool.py": (
        "import threading\n\nfrom pkg.locks import GLOBAL_LOCK\n\n\n"
        "class Pool:\n"
        "    def __init__(self):\n"
        "        self._lock = threading.Lock()\n"
        "        self._threads = set()\n\n"
        "    def submit(self):\n"
        "        with self._lock, GLOBAL_LOCK:\n"
        "            self._adjust()\n\n"
        "    def _adjust(self):\n"
        "        self._threads.add(1)\n\n"
        "    def shutdown(self):\n"
        "        return [t for t in self._threads]\n"
    ),
}


def _lint(root: Path, seed: int, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-m", "admf_tsan.cli", "lint", "--format", "json", "--exit-zero", *args],
        cwd=root,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture
def cross_module(tmp_path: Path) -> Path:
    """A project holding a cross-module fixture of fixtures/lint and the tied-guard package."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "ADMF201_trading", root / "ADMF201_trading")
    for name, text in TIED_GUARDS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n", encoding="utf-8")
    return root


def test_report_is_byte_identical_for_any_hash_seed_jobs_and_cache(cross_module: Path) -> None:
    reference = _lint(cross_module, 0, "--no-cache", "-j", "1")
    assert b"ADMF402" in reference and b"ADMF201" in reference  # the fixture is not vacuous
    runs = {
        f"seed={seed} -j {jobs}": _lint(cross_module, seed, "--no-cache", "-j", str(jobs))
        for seed, jobs in ((1, 1), (2, 2), (3, 1), (4, 2), (5, 2))
    }
    runs["cold cache seed=6"] = _lint(cross_module, 6, "-j", "2")
    runs["warm cache seed=7"] = _lint(cross_module, 7, "-j", "1")
    different = [name for name, report in runs.items() if report != reference]
    assert not different, f"reports differ from seed=0 -j 1 for: {different}"
