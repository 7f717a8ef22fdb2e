"""The usage example of docs/scheduler.md runs as written and finds the lost update it shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "scheduler.md"


def _usage_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Using it", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "docs/scheduler.md lost its usage example"
    return match.group(1)


@pytest.mark.timeout(240)
def test_usage_example_checks_the_invariant_and_finds_the_lost_update(tmp_path: Path) -> None:
    # A real file, not exec(): the scheduler gives switch points only to code in real files.
    script = tmp_path / "usage_example.py"
    script.write_text(_usage_example(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=200,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "ES position 1, expected 2" in result.stdout
    assert re.search(r"^seed \d+ \(", result.stdout, re.MULTILINE), result.stdout


def test_usage_example_checks_more_than_report_failed() -> None:
    # A lost update raises nothing: an example that only looks at report.failed never sees it.
    assert 'book.positions["ES"] != 2' in _usage_example()
