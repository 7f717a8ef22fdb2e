"""Deadlines: bounded joins, and interrupting a body that hangs past its deadline."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from pytest_admf import StressStalled
from pytest_admf.workers.deadline import (
    Deadline,
    install_interrupt_handler,
    interrupt_after,
    join_all,
    uninstall_interrupt_handler,
)

pytestmark = pytest.mark.timeout(60)


def test_join_all_stops_at_a_fatal_report_without_waiting_for_the_deadline() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait, args=(30,), daemon=True)
    thread.start()
    try:
        assert join_all([thread], Deadline(30), lambda: "found a deadlock") == "found a deadlock"
        assert join_all([thread], Deadline(0.05)) == "deadline"
    finally:
        release.set()
        thread.join(5)
    assert join_all([thread], Deadline(1)) is None


@pytest.fixture
def interrupt_handler() -> object:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread only")
    installed = install_interrupt_handler()
    yield installed
    uninstall_interrupt_handler()


def test_a_stray_signal_outside_a_guarded_run_is_ignored(interrupt_handler: object) -> None:
    assert interrupt_handler
    os.kill(os.getpid(), signal.SIGUSR2)
    time.sleep(0)  # let the handler run


def test_a_hung_body_is_interrupted_with_a_stall_report(interrupt_handler: object) -> None:
    started = time.monotonic()
    with pytest.raises(StressStalled, match="the test made no progress for 0.1 s") as caught:
        with interrupt_after(Deadline(0.1), context="single", seed=4):
            threading.Event().wait(30)
    assert time.monotonic() - started < 20
    assert caught.value.seed == 4 and caught.value.context == "single"
    assert "threads:" in str(caught.value)
