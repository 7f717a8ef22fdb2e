"""Suite-wide fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _output_as_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest prints untruncated summaries when CI or BUILD_NUMBER is set; the inner pytest runs
    # that tests drive with `pytester` must print the same in CI as on a developer's machine.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
