"""Shared helpers for the runtime checker's tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from admf_tsan.runtime import _locks

JOIN_TIMEOUT = 10.0


@pytest.fixture(autouse=True, params=_locks.available_implementations())
def lock_implementation(request: pytest.FixtureRequest) -> Any:
    """Every test runs once per hot path of the checked locks: the C extension's (when it is
    built) and the pure Python one, which must behave the same."""
    before = _locks.implementation()
    _locks.use_implementation(request.param)
    yield request.param
    _locks.use_implementation(before)


def run_in_thread(target: Callable[[], Any], name: str = "worker") -> BaseException | None:
    """Run ``target`` in a new thread, join it (with a timeout) and return what it raised."""
    errors: list[BaseException] = []

    def body() -> None:
        try:
            target()
        except BaseException as error:  # handed back to the test
            errors.append(error)

    thread = threading.Thread(target=body, name=name)
    thread.start()
    thread.join(JOIN_TIMEOUT)
    assert not thread.is_alive(), f"thread {name} did not finish"
    return errors[0] if errors else None


@pytest.fixture
def fresh_threading() -> Any:
    """The threading factories as they were before the test (asserted unchanged after)."""
    before = (threading.Lock, threading.RLock, threading.Event.wait, threading.Condition.wait)
    yield before
    after = (threading.Lock, threading.RLock, threading.Event.wait, threading.Condition.wait)
    assert after == before, "checking() did not restore the threading module"
