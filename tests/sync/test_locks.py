"""One lock-protocol suite run over every lock the factory can hand out."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from admf_tsan import (
    AutoLock,
    DummyCondition,
    DummyLock,
    LockLike,
    ThreadSafetyFactory,
    use_context,
)

LOCK_VARIANTS: dict[str, Callable[[], LockLike]] = {
    "threading.Lock": threading.Lock,
    "threading.RLock": threading.RLock,
    "DummyLock": DummyLock,
    "AutoLock(RLock)": lambda: AutoLock(threading.RLock(), reentrant=True),
    "AutoLock(Lock)": lambda: AutoLock(threading.Lock(), reentrant=False),
    "factory-single": lambda: _from_factory("single", "lock"),
    "factory-multi": lambda: _from_factory("multi", "rlock"),
    "factory-auto": lambda: _from_factory("auto", "lock"),
    "factory-single-checked": lambda: _from_factory("single", "lock", checking=True),
}


def _from_factory(mode: str, method: str, checking: bool = False) -> LockLike:
    with use_context(mode, checking=checking):
        lock: LockLike = getattr(ThreadSafetyFactory(), method)()
        return lock


def _is_held(lock: LockLike) -> bool:
    if hasattr(lock, "locked"):
        return bool(lock.locked())
    assert hasattr(lock, "_is_owned")  # RLock before 3.13
    return bool(lock._is_owned())


@pytest.fixture(params=sorted(LOCK_VARIANTS))
def lock(request: pytest.FixtureRequest) -> LockLike:
    return LOCK_VARIANTS[request.param]()


def test_acquire_release_and_locked(lock: LockLike) -> None:
    assert not _is_held(lock)
    assert lock.acquire() is True
    assert _is_held(lock)
    lock.release()
    assert not _is_held(lock)


def test_context_manager_releases_on_error(lock: LockLike) -> None:
    with pytest.raises(ZeroDivisionError):
        with lock:
            assert _is_held(lock)
            1 / 0
    assert not _is_held(lock)


def test_release_of_an_unheld_lock_is_an_error(lock: LockLike) -> None:
    with pytest.raises(RuntimeError):
        lock.release()


def test_acquire_arguments_are_validated_like_threading(lock: LockLike) -> None:
    with pytest.raises(ValueError, match="non-blocking"):
        lock.acquire(False, 1)
    with pytest.raises(ValueError):
        lock.acquire(True, -5)
    assert lock.acquire(True, 0.5) is True
    lock.release()
    assert lock.acquire(blocking=False) is True
    lock.release()


def test_dummy_lock_repr_shows_state() -> None:
    lock = DummyLock()
    assert repr(lock) == "<DummyLock unlocked>"
    with lock, lock:
        assert repr(lock) == "<DummyLock locked, depth 2>"


def test_dummy_condition_repr_names_the_condition() -> None:
    condition = DummyCondition()
    assert repr(condition) == "<DummyCondition unlocked>"
    with use_context("single", checking=True):
        bound = ThreadSafetyFactory().condition()
    with bound:
        assert repr(bound) == "<DummyCondition locked, depth 1>"


def test_dummy_condition_refuses_to_wait_forever() -> None:
    condition = DummyCondition()
    with pytest.raises(RuntimeError, match="un-acquired"):
        condition.wait(0)
    with condition:
        assert condition.wait(timeout=0.01) is False
        assert condition.wait_for(lambda: 42) == 42
        condition.notify_all()
        with pytest.raises(RuntimeError, match="never return"):
            condition.wait()
