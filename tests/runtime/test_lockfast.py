"""The checked locks' two hot paths (C extension, pure Python) behave the same.

Every test in tests/runtime and tests/sync already runs once per implementation (the
``lock_implementation`` fixture in conftest.py); these pin what only the hot path does.
"""

from __future__ import annotations

import gc
import importlib.util
import inspect
import os
import subprocess
import sys
import threading
import types
import weakref
from typing import Any

import pytest

from admf_tsan.runtime import CheckedLock, CheckedRLock, _locks, checking, held_locks

from .conftest import JOIN_TIMEOUT, run_in_thread


def test_the_fixture_switches_the_hot_path(lock_implementation: str) -> None:
    assert _locks.implementation() == lock_implementation
    for cls in (CheckedLock, CheckedRLock):
        for name in ("acquire", "release", "__enter__", "__exit__"):
            method = inspect.getattr_static(cls, name)
            in_python = isinstance(method, types.FunctionType)
            assert in_python == (lock_implementation == "python"), (cls, name)


def test_an_unknown_implementation_is_refused() -> None:
    with pytest.raises(ValueError, match="not available"):
        _locks.use_implementation("fortran")


def _implementation_in_subprocess(**env: str) -> str:
    code = (
        "from admf_tsan.runtime import _locks; "
        "print(_locks.implementation(), ','.join(_locks.available_implementations()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_environment_variable_forces_the_pure_python_hot_path() -> None:
    assert _implementation_in_subprocess(ADMF_TSAN_PURE_PYTHON="1") == "python python"
    default = _implementation_in_subprocess(ADMF_TSAN_PURE_PYTHON="0")
    built = importlib.util.find_spec("admf_tsan.runtime._lockfast") is not None
    assert default == ("c c,python" if built else "python python")


@pytest.mark.parametrize("active", [False, True], ids=["checking off", "checking on"])
def test_acquire_binds_its_arguments_as_python_does(active: bool) -> None:
    with checking(watchdog=False, blocking=False):
        lock = threading.Lock()
        rlock = threading.RLock()
    session = checking(watchdog=False, blocking=False) if active else None
    if session is not None:
        session.__enter__()
    try:
        assert isinstance(lock, CheckedLock) and isinstance(rlock, CheckedRLock)
        assert lock.acquire(blocking=False) is True
        assert lock.acquire(False) is False
        assert lock.acquire(True, 0.001) is False
        assert lock.acquire(timeout=0.001) is False
        assert lock.acquire(blocking=True, timeout=0) is False
        with pytest.raises(TypeError):
            lock.acquire(True, -1, None)
        with pytest.raises(TypeError):
            lock.acquire(wait=True)
        with pytest.raises(TypeError):
            lock.acquire(False, blocking=True)
        lock.release()
        assert rlock.acquire(timeout=1) is True and rlock.acquire(False) is True
        assert rlock._recursion_count() == 2
        rlock.release()
        rlock.release()
        assert not lock.locked() and not rlock.locked()
        assert held_locks() == []
    finally:
        if session is not None:
            session.__exit__(None, None, None)


def test_rlock_reentry_is_one_entry_on_the_stack() -> None:
    with checking(watchdog=False, blocking=False):
        rlock = threading.RLock()
        with rlock:
            with rlock:
                assert held_locks() == [rlock]
            assert held_locks() == [rlock]
        assert held_locks() == []


def test_releasing_an_unheld_lock_raises_and_leaves_the_stack_alone() -> None:
    with checking(watchdog=False, blocking=False):
        held = threading.Lock()
        free = threading.Lock()
        rlock = threading.RLock()
        with held:
            with pytest.raises(RuntimeError):
                free.release()
            with pytest.raises(RuntimeError):
                rlock.release()
            assert held_locks() == [held]
        assert held_locks() == []


def test_exit_takes_the_three_exception_arguments() -> None:
    with checking(watchdog=False, blocking=False):
        lock = threading.Lock()
        assert lock.__enter__() is True
        with pytest.raises(TypeError):
            lock.__exit__(None, None)  # type: ignore[call-arg]
        assert lock.locked()
        lock.__exit__(None, None, None)
        assert not lock.locked() and held_locks() == []


def test_each_thread_keeps_its_own_stack() -> None:
    with checking(watchdog=False, blocking=False):
        mine = threading.Lock()
        theirs = threading.Lock()
        seen: list[list[object]] = []

        def other() -> None:
            with theirs:
                seen.append(held_locks())
            seen.append(held_locks())

        with mine:
            assert run_in_thread(other) is None
            assert held_locks() == [mine]
    assert seen == [[theirs], []]


def test_a_lock_in_a_cycle_with_its_stack_is_collected() -> None:
    with checking(watchdog=False, blocking=False):
        lock: Any = threading.Lock()
    lock._holder = [lock]  # the cycle a lock taken and never released leaves behind
    ref = weakref.ref(lock)
    del lock
    gc.collect()
    assert ref() is None


def test_fork_reinit_makes_a_held_lock_free() -> None:
    with checking(watchdog=False, blocking=False):
        lock: Any = threading.Lock()
        rlock: Any = threading.RLock()
        lock.acquire()  # noqa: ADMF204 - re-initialised held, as a fork does
        rlock.acquire()  # noqa: ADMF204 - re-initialised held, as a fork does
        lock._at_fork_reinit()
        rlock._inner._at_fork_reinit()
        assert not lock.locked() and not rlock.locked()
        assert lock.acquire(False) and rlock.acquire(False)
        lock.release()
        rlock.release()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_keeps_its_stack_and_new_threads_get_their_own() -> None:
    with checking(watchdog=False, blocking=False, raise_on_violation=False):
        outer = threading.Lock()
        inner = threading.Lock()
        with outer:
            pid = os.fork()
            if pid == 0:  # the child: only this thread exists; exit code says what was wrong
                code = 0
                try:
                    if held_locks() != [outer]:
                        code = 3
                    with inner:
                        if held_locks() != [outer, inner]:
                            code = 4
                    stacks: list[list[object]] = []
                    worker = threading.Thread(target=lambda: stacks.append(held_locks()))
                    worker.start()
                    worker.join(JOIN_TIMEOUT)
                    if stacks != [[]]:
                        code = 5
                finally:
                    os._exit(code)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.skipif(
    "c" not in _locks.available_implementations(), reason="the C extension is not built"
)
def test_the_c_hot_path_works_without_its_per_thread_cache(lock_implementation: str) -> None:
    # What it does when threading.local is not the real per-thread one (gevent's per-greenlet
    # local): every lock operation reads thread_state.held itself.
    from admf_tsan.runtime._state import hooks, thread_state

    fast: Any = _locks._lockfast
    fast.configure(hooks, thread_state, vars(_locks), False)
    try:
        with checking(watchdog=False, blocking=False):
            outer = threading.Lock()
            inner = threading.Lock()
            seen: list[list[object]] = []

            def other() -> None:
                with outer, inner:
                    seen.append(held_locks())

            assert run_in_thread(other) is None
            with outer:
                assert held_locks() == [outer]
            assert held_locks() == []
        assert seen == [[outer, inner]]
    finally:
        fast.configure(hooks, thread_state, vars(_locks), True)
