"""The bug corpus under ``--admf-stress``: every buggy variant fails, every correct one passes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "components"
PATTERNS = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["pattern"]


def test_manifest_lists_every_pattern_module_and_test() -> None:
    names = {pattern["name"] for pattern in PATTERNS}
    modules = {
        path.stem for path in CORPUS.glob("*.py") if not path.name.startswith(("test_", "_"))
    }
    assert names == modules
    for pattern in PATTERNS:
        assert (CORPUS / f"test_{pattern['name']}.py").exists()
        assert pattern["kind"] in {"threaded", "async"}
        source = (CORPUS / f"{pattern['module']}.py").read_text(encoding="utf-8")
        assert f"class {pattern['buggy']}" in source and f"class {pattern['correct']}" in source
    kinds = [pattern["kind"] for pattern in PATTERNS]
    assert (kinds.count("threaded"), kinds.count("async")) == (12, 4)


@pytest.mark.timeout(240)
def test_stress_finds_every_bug_and_no_false_alarm(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(
        str(CORPUS), "--admf-stress", "--admf-seed=20260101", "-p", "no:cacheprovider", "-rf", "-q"
    )
    output = result.stdout.str()
    failed = set(
        re.findall(r"^FAILED \S+::(test_\w+)\[(buggy|correct)-admf-(\w+)\]", output, re.MULTILINE)
    )
    assert not [entry for entry in failed if entry[1] == "correct"], output
    found = {name.removeprefix("test_") for name, _, _ in failed}
    assert found == {pattern["name"] for pattern in PATTERNS}, output
    assert "made no progress for" not in output, "a bug was found by the timeout, not reported"
