"""run_as_root_worker: a test body as the root worker of one scheduler run."""

from __future__ import annotations

import signal
import threading

import pytest
from pytest_admf.session.state import CallRecord
from pytest_admf.workers.adopt import run_as_root_worker
from pytest_admf.workers.deadline import Deadline

from admf_tsan.scheduler import ControlledScheduler


def _run(body: object) -> list[CallRecord]:
    records: list[CallRecord] = []
    scheduler = ControlledScheduler(0)
    with scheduler.patch_primitives():
        run_as_root_worker(
            body,  # type: ignore[arg-type]
            scheduler,
            Deadline(20.0),
            context="multi",
            seed=0,
            record=records.append,
        )
    return records


def test_a_body_that_installs_a_signal_handler_is_told_it_is_off_the_main_thread() -> None:
    def body() -> None:
        signal.signal(signal.SIGUSR1, signal.SIG_DFL)

    with pytest.raises(ValueError, match="main thread") as caught:
        _run(body)
    notes = getattr(caught.value, "__notes__", [])
    assert any("scheduler worker thread" in note for note in notes), notes


def test_a_body_that_asks_for_the_main_thread_is_told_why_it_is_not() -> None:
    seen: list[bool] = []

    def body() -> None:
        seen.append(threading.current_thread() is threading.main_thread())
        assert threading.current_thread() is threading.main_thread()

    with pytest.raises(AssertionError) as caught:
        _run(body)
    assert seen == [False]
    # The body keeps the calling thread's name, so what it prints about its thread still holds.
    notes = getattr(caught.value, "__notes__", [])
    assert any("not on the main thread" in note for note in notes), notes


def test_a_passing_body_records_its_schedule() -> None:
    names: list[str] = []

    def body() -> None:
        names.append(threading.current_thread().name)
        worker = threading.Thread(target=lambda: None)
        worker.start()
        worker.join(timeout=10)

    records = _run(body)
    assert names == [threading.current_thread().name]
    assert len(records) == 1 and records[0].fingerprint
