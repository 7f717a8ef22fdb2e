"""AUTO_DETECT: unlocked while one thread runs, locked from the moment a second one starts.

The switch is process-wide and one-way, so each test runs its scenario in a fresh
interpreter where no other thread has started yet.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PRELUDE = """
import sys, threading
from admf_tsan import ThreadSafetyFactory, use_context, AutoLock
from admf_tsan.sync._detect import AUTO_STATE
"""


def run_scenario(body: str) -> str:
    code = PRELUDE + textwrap.dedent(body)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.timeout(150)
def test_auto_lock_is_free_until_a_second_thread_starts() -> None:
    out = run_scenario(
        """
        with use_context("auto"):
            lock = ThreadSafetyFactory().lock()
        with lock:
            assert not lock._real.locked(), "single-threaded phase must not take the real lock"
        assert not AUTO_STATE.multi
        t = threading.Thread(target=lambda: None); t.start(); t.join(10)
        assert AUTO_STATE.multi
        with lock:
            assert lock._real.locked(), "after the switch every acquisition is real"
        assert not lock._real.locked()
        print("ok")
        """
    )
    assert out.strip() == "ok"


@pytest.mark.timeout(150)
def test_a_hold_taken_before_the_switch_keeps_the_new_thread_out() -> None:
    out = run_scenario(
        """
        with use_context("auto"):
            lock = ThreadSafetyFactory().rlock()
        trying = threading.Event()
        order = []

        def child():
            trying.set()
            with lock:
                order.append("child")

        with lock:                      # entered unlocked: one thread so far
            with lock:                  # re-entered: depth 2
                t = threading.Thread(target=child)
                t.start()               # the switch converts both holds into real ones
                assert trying.wait(10)
                assert lock._real._is_owned(), "parent must hold the real lock now"
                assert not lock.acquire(blocking=False) or (lock.release() or True)
                order.append("parent")
        t.join(10)
        assert not t.is_alive()
        print(order)
        """
    )
    assert out.strip() == "['parent', 'child']"


@pytest.mark.timeout(150)
def test_no_update_is_lost_across_the_switch() -> None:
    # Read-modify-write with a call in between (a thread switch point) under an AUTO lock;
    # the threads are started from *inside* held sections, the moment the window would be.
    out = run_scenario(
        """
        sys.setswitchinterval(1e-6)
        with use_context("auto"):
            factory = ThreadSafetyFactory()
            lock, counter = factory.lock(), factory.dict()
        counter["n"] = 0
        def bump():
            with lock:
                value = counter["n"]
                len(str(value))          # a call: the interpreter may switch threads here
                counter["n"] = value + 1
        def worker():
            for _ in range(20_000):
                bump()
        threads = []
        for _ in range(4):
            with lock:
                value = counter["n"]
                t = threading.Thread(target=worker)
                t.start()
                counter["n"] = value + 1
            threads.append(t)
        worker()
        for t in threads:
            t.join(60)
        print(counter["n"])
        """
    )
    assert int(out) == 4 + 5 * 20_000


@pytest.mark.timeout(150)
def test_auto_objects_start_locked_when_threads_already_run() -> None:
    out = run_scenario(
        """
        ready, done = threading.Event(), threading.Event()
        t = threading.Thread(target=lambda: (ready.set(), done.wait(10)))
        t.start(); ready.wait(10)
        with use_context("auto"):
            lock = ThreadSafetyFactory().lock()
        with lock:
            print(lock._real.locked())
        done.set(); t.join(10)
        """
    )
    assert out.strip() == "True"
