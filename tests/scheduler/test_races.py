"""The happens-before race detector: races reported in runs that pass, never on correct code."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

import pytest

from admf_tsan.scheduler import ControlledScheduler, ScheduleReport
from admf_tsan.scheduler._races import SUPPRESS_COMMENT

from ._corpus_runs import run_scenario, threaded_patterns

pytestmark = pytest.mark.timeout(120)

# The corpus patterns that are data races (the others are deadlocks or a logic bug under a
# lock), with the location each must name.
RACE_PATTERNS = {
    "lost_update": "BuggyHitCounter.hits",
    "dict_read_modify_write": "BuggyPositionBook.positions['ES']",
    "lazy_init": "BuggyBrokerClient._session",
    "balance_check": "BuggyAccount.balance",
    "iteration_during_mutation": "BuggyOrderBook._orders",
    "torn_read": "BuggyQuote.bid",
    "double_start": "BuggyFeedHandler.running",
    "list_append_index": "BuggyRegistry.items",
    "handler_list_mutation": "BuggyEventBus._handlers",
}
PATTERNS = {pattern["name"]: pattern for pattern in threaded_patterns()}


@pytest.mark.parametrize("name", sorted(RACE_PATTERNS))
def test_race_pattern_is_reported_in_a_run_that_passes(name: str) -> None:
    # replay=[]: no preemption at all, each worker runs to its end before the next: the bad
    # interleaving cannot happen, the checks pass, and the race must still be reported.
    outcome = run_scenario(PATTERNS[name], "buggy", replay=[], races="default")
    assert outcome.signature is None, f"the sequential run of {name} failed: {outcome.error}"
    failing = [race for race in outcome.report.races if race.severity == "fail"]
    assert failing, f"{name}: no failing race in {outcome.report.races}"
    assert RACE_PATTERNS[name] in {race.location for race in failing}
    text = failing[0].text()
    assert text.startswith(f"data race on {failing[0].location}")
    assert '.py", line' in text  # both stacks, user code


@pytest.mark.parametrize("name", sorted(PATTERNS))
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 5, 8])
def test_correct_twin_is_never_reported(name: str, seed: int) -> None:
    strategy = "random" if seed % 2 else "pct"
    outcome = run_scenario(PATTERNS[name], "correct", seed, strategy=strategy, races="default")
    assert outcome.signature is None
    assert outcome.report.races == ()


def _run(workers: Callable[[], list[Callable[[], None]]], **options: Any) -> ScheduleReport:
    scheduler = ControlledScheduler(0, strategy="random", **options)
    with scheduler.patch_primitives():
        return scheduler.run(workers(), timeout=30)


class Box:
    def __init__(self) -> None:
        self.value = 0
        self.ready = False


def test_synchronization_orders_accesses_no_race() -> None:
    """Lock, Event, Queue, Semaphore and start/join each order the accesses they separate."""

    def workers() -> list[Callable[[], None]]:
        box = Box()
        lock = threading.Lock()
        event = threading.Event()
        handoff: queue.Queue[int] = queue.Queue()
        semaphore = threading.Semaphore(0)

        def producer() -> None:
            with lock:
                box.value += 1
            box.ready = True
            event.set()
            handoff.put(1)
            semaphore.release()

        def consumer() -> None:
            event.wait()
            assert box.ready
            handoff.get()
            semaphore.acquire()
            with lock:
                box.value += 1

        return [producer, consumer]

    report = _run(workers, races="all")
    assert not report.failed
    assert report.races == ()


def test_thread_start_and_join_order_parent_and_child() -> None:
    def workers() -> list[Callable[[], None]]:
        box = Box()

        def parent() -> None:
            box.value = 1
            child = threading.Thread(target=lambda: setattr(box, "value", box.value + 1))
            child.start()
            child.join()
            box.value += 1

        return [parent]

    report = _run(workers, races="all")
    assert not report.failed
    assert report.races == ()


def test_flag_race_is_a_note_and_all_makes_it_count() -> None:
    def workers() -> list[Callable[[], None]]:
        box = Box()

        def writer() -> None:
            box.ready = True

        def reader() -> None:
            if box.ready:
                pass

        return [writer, reader]

    default = _run(workers, races="default")
    assert [race.kind for race in default.races] == ["unsynchronized flag"]
    assert default.races[0].severity == "note"
    assert _run(workers, races="off").races == ()


def test_race_ok_and_comment_suppress() -> None:
    def workers() -> list[Callable[[], None]]:
        box = Box()

        def bump() -> None:
            box.value += 1

        return [bump, bump]

    assert {race.location for race in _run(workers, races="default").races} == {"Box.value"}
    assert _run(workers, races="default", race_ok=["Box.value"]).races == ()

    def commented() -> list[Callable[[], None]]:
        box = Box()

        def bump() -> None:
            box.value += 1  # admf: race-ok

        return [bump, bump]

    assert SUPPRESS_COMMENT == "admf: race-ok"
    assert _run(commented, races="default").races == ()


def test_races_policy_is_checked() -> None:
    with pytest.raises(ValueError, match="races policy"):
        ControlledScheduler(0, races="some")  # type: ignore[arg-type]


def _work(box: Box) -> int:
    box.value += 1
    return box.value


def test_executor_submit_and_result_order_the_caller_and_the_pool_thread() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def workers() -> list[Callable[[], None]]:
        box = Box()

        def caller() -> None:
            box.value = 1
            with ThreadPoolExecutor(2) as pool:
                pool.submit(_work, box).result()
            box.value += 1

        return [caller]

    report = _run(workers, races="all")
    assert not report.failed
    assert report.workers >= 2  # the pool's thread was adopted: its accesses were checked
    assert report.races == ()


def test_asyncio_to_thread_in_a_worker_reports_no_false_race() -> None:
    import asyncio

    def workers() -> list[Callable[[], None]]:
        box = Box()

        def caller() -> None:
            async def main() -> None:
                await asyncio.to_thread(_work, box)
                box.value += 1

            asyncio.run(main())

        return [caller]

    report = _run(workers, races="all")
    assert not report.failed
    assert report.races == ()
