"""Make fixtures/lincheck importable and keep hypothesis' example database out of the tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lincheck"


@pytest.fixture(autouse=True, scope="session")
def _fixtures_on_path() -> Iterator[None]:
    sys.path.insert(0, str(FIXTURES))
    yield
    sys.path.remove(str(FIXTURES))
