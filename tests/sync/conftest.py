"""The sync tests run once per hot path of the checked locks (C extension and pure Python)."""

from __future__ import annotations

from typing import Any

import pytest

from admf_tsan.runtime import _locks


@pytest.fixture(autouse=True, params=_locks.available_implementations())
def lock_implementation(request: pytest.FixtureRequest) -> Any:
    """Run the test with the checked locks' C hot path, then with the pure Python one."""
    before = _locks.implementation()
    _locks.use_implementation(request.param)
    yield request.param
    _locks.use_implementation(before)
