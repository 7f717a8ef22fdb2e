"""``admf-tsan run --races``: a whole program under the scheduler with the race detector."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(120)

RACY = """
import sys
import threading

class Counter:
    def __init__(self):
        self.value = 0

    def bump(self):
        self.value += 1

counter = Counter()
threads = [threading.Thread(target=counter.bump) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("value", counter.value, sys.argv[1:])
"""

LOCKED = RACY.replace(
    "        self.value += 1", "        with self.lock:\n            self.value += 1"
).replace("        self.value = 0", "        self.value = 0\n        self.lock = threading.Lock()")


def run(tmp_path: Path, source: str, *options: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(source))
    return subprocess.run(
        [sys.executable, "-m", "admf_tsan.cli", "run", *options, str(script), "arg"],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=tmp_path,
    )


def test_races_reports_the_race_of_a_run_that_did_not_lose_an_update(tmp_path: Path) -> None:
    result = run(tmp_path, RACY, "--races", "--seed", "0")
    assert "value 2 ['arg']" in result.stdout  # this run's order was harmless
    assert result.returncode == 3, result.stderr
    assert "data race on Counter.value (read-modify-write)" in result.stderr
    assert "self.value += 1" in result.stderr
    assert "holding no lock" in result.stderr


def test_races_is_quiet_on_locked_code(tmp_path: Path) -> None:
    result = run(tmp_path, LOCKED, "--races")
    assert result.returncode == 0, result.stderr
    assert "0 data race(s)" in result.stderr


def test_program_status_is_kept_under_races(tmp_path: Path) -> None:
    result = run(tmp_path, "import sys\nsys.exit(5)\n", "--races")
    assert result.returncode == 5, result.stderr
