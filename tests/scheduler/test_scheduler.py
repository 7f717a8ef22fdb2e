"""The controlled scheduler finds races and deadlocks that plain threads miss, and replays them.

Every test runs real threads under real contention; every run has a timeout.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from admf_tsan.scheduler import (
    ControlledScheduler,
    ScheduleReport,
    choose_strategy,
    strategy_for_seed,
)

pytestmark = pytest.mark.timeout(120)


class RacyCounter:
    """``self.value += 1`` without a lock: a load, an add and a store."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self, times: int) -> None:
        for _ in range(times):
            self.value += 1


class LockedCounter:
    """The same counter under a lock (created while primitives are patched)."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def bump(self, times: int) -> None:
        for _ in range(times):
            with self._lock:
                self.value += 1


def run_counter(
    seed: int,
    strategy: str,
    counter_type: type[RacyCounter] | type[LockedCounter],
    *,
    workers: int = 2,
    times: int = 10,
) -> tuple[int, ScheduleReport]:
    scheduler = ControlledScheduler(seed, strategy=strategy)
    with scheduler.patch_primitives():
        counter = counter_type()
        report = scheduler.run([lambda: counter.bump(times) for _ in range(workers)], timeout=20)
    return counter.value, report


def test_lost_update_found_under_scheduler_within_budget() -> None:
    lost_at = None
    for iteration in range(40):
        strategy, seed = choose_strategy(iteration, 7)
        value, report = run_counter(seed, strategy, RacyCounter)
        assert report.failures == () and report.deadlock is None
        assert report.steps > 0
        if value != 20:
            lost_at = iteration
            break
    assert lost_at is not None, "40 scheduled runs never lost an update of self.value += 1"


def test_plain_threads_do_not_lose_the_same_update() -> None:
    # CPython 3.11 switches threads only at calls and backward jumps, never between the load
    # and the store of ``self.value += 1``: the same workload on free threads loses nothing.
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        lost = 0
        for _ in range(40):
            counter = RacyCounter()
            start = threading.Barrier(2)

            def work(counter: RacyCounter = counter, start: threading.Barrier = start) -> None:
                start.wait(10)
                counter.bump(10)

            threads = [threading.Thread(target=work) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(10)
                assert not thread.is_alive()
            lost += 20 - counter.value
    finally:
        sys.setswitchinterval(old)
    assert lost == 0


@pytest.mark.parametrize("strategy", ["pct", "random"])
def test_locked_counter_never_fails(strategy: str) -> None:
    for seed in range(0, 120, 2):
        value, report = run_counter(seed | (strategy == "random"), strategy, LockedCounter)
        assert not report.failed, report.summary()
        assert value == 20
        assert report.detached == 0


def find_failing_seed(run: Callable[[int, str], bool], limit: int = 200) -> tuple[int, str]:
    for iteration in range(limit):
        strategy, seed = choose_strategy(iteration, 99)
        if run(seed, strategy):
            return seed, strategy
    raise AssertionError(f"no failing seed in {limit} iterations")


def test_replay_of_a_failing_seed_fails_the_same_way_ten_times() -> None:
    seed, strategy = find_failing_seed(lambda s, st: run_counter(s, st, RacyCounter)[0] != 20)
    outcomes = {run_counter(seed, strategy, RacyCounter) for _ in range(1)}
    first_value, first_report = next(iter(outcomes))
    for _ in range(10):
        value, report = run_counter(seed, strategy, RacyCounter)
        assert value == first_value != 20
        assert report.trace_digest == first_report.trace_digest
        assert report.steps == first_report.steps
        assert report.switches == first_report.switches
        assert report.fingerprint == first_report.fingerprint


def ab_ba_workers() -> tuple[list[Callable[[], None]], list[threading.Lock]]:
    first, second = threading.Lock(), threading.Lock()

    def forward() -> None:
        with first:
            with second:
                pass

    def backward() -> None:
        with second:
            with first:
                pass

    return [forward, backward], [first, second]


def run_ab_ba(seed: int, strategy: str) -> ScheduleReport:
    scheduler = ControlledScheduler(seed, strategy=strategy)
    with scheduler.patch_primitives():
        workers, _ = ab_ba_workers()
        return scheduler.run(workers, timeout=20)


def test_ab_ba_lock_order_is_reported_as_deadlock_with_wait_for_graph() -> None:
    seed, strategy = find_failing_seed(lambda s, st: run_ab_ba(s, st).deadlock is not None)
    report = run_ab_ba(seed, strategy)
    assert report.deadlock is not None
    assert not report.timed_out
    text = report.deadlock
    assert "deadlock: every worker is blocked" in text
    # Rendered by the runtime's formatter, like the watchdog's wait-for graph.
    assert "thread 'worker 0' holds Lock#" in text and "thread 'worker 1' holds Lock#" in text
    assert "(held by 'worker 1')" in text and "(held by 'worker 0')" in text
    assert "created at" in text and "test_scheduler.py:" in text
    assert "cycle: 'worker 0' -> 'worker 1' -> 'worker 0'" in text or (
        "cycle: 'worker 1' -> 'worker 0' -> 'worker 1'" in text
    )
    stacks = text.split("stacks:", 1)[1]
    assert ".forward" in stacks and ".backward" in stacks  # qualified names of user frames
    # The replay deadlocks too, the same way.
    for _ in range(10):
        again = run_ab_ba(seed, strategy)
        assert again.deadlock is not None
        assert again.trace_digest == report.trace_digest


def test_unmodeled_blocking_call_does_not_stall_the_run() -> None:
    real_lock = threading.Lock()  # created before patching: the scheduler cannot see it
    real_lock.acquire()
    order: list[str] = []

    def waiter() -> None:
        real_lock.acquire()  # blocks for real until the releaser runs
        order.append("waiter")

    def releaser() -> None:
        order.append("releaser")
        real_lock.release()

    detached = 0
    for seed in (0, 2, 4, 6):
        if not real_lock.locked():
            real_lock.acquire()
        order.clear()
        scheduler = ControlledScheduler(seed, strategy="pct", block_timeout=0.05)
        with scheduler.patch_primitives():
            report = scheduler.run([waiter, releaser], timeout=20)
        assert not report.failed, report.summary()
        assert sorted(order) == ["releaser", "waiter"]
        detached += report.detached
        real_lock.release()
    # PCT runs the waiter first in some of these seeds: it blocked for real and was let go.
    assert detached >= 1


def test_condition_nobody_notifies_is_reported_at_once() -> None:
    scheduler = ControlledScheduler(3)
    with scheduler.patch_primitives():
        condition = threading.Condition()

        def waiter() -> None:
            with condition:
                condition.wait()

        report = scheduler.run([waiter, waiter], timeout=20)
    assert report.deadlock is not None and not report.timed_out
    assert "waits for a notify of Condition#" in report.deadlock


def test_worker_failure_is_recorded_and_others_finish() -> None:
    done: list[int] = []

    def failing() -> None:
        raise KeyError("boom")

    def fine() -> None:
        done.append(1)

    report = ControlledScheduler(1).run([failing, fine, fine], timeout=20)
    assert len(report.failures) == 1
    failure = report.failures[0]
    assert failure.worker == 0
    assert isinstance(failure.exception, KeyError)
    assert "KeyError: 'boom'" in failure.traceback_text
    assert "in failing" in failure.traceback_text
    assert "admf_tsan/scheduler" not in failure.traceback_text.replace("\\", "/")
    assert done == [1, 1]
    assert report.deadlock is None


def test_spin_wait_on_a_flag_terminates_under_pct() -> None:
    class Flag:
        ready = False

    flag = Flag()

    def spinner() -> None:
        while not flag.ready:
            pass

    def setter() -> None:
        flag.ready = True

    for seed in (0, 2, 4):
        flag.ready = False
        report = ControlledScheduler(seed, strategy="pct").run([spinner, setter], timeout=30)
        assert not report.failed, report.summary()


def test_run_that_never_ends_times_out_and_unwinds() -> None:
    def forever() -> None:
        while True:
            pass

    report = ControlledScheduler(0, strategy="random").run([forever, forever], timeout=0.5)
    assert report.timed_out
    assert report.deadlock is not None and "no finish within 0.5 s" in report.deadlock
    assert report.failures == ()
    # The spinning workers were unwound, not left burning CPU.
    assert not [t for t in threading.enumerate() if t.name.startswith("admf-worker-")]


def test_include_filter_limits_switch_points_to_chosen_files() -> None:
    # Nothing included: only primitive operations are switch points, and the racy counter has
    # none, so no run can lose an update.
    for iteration in range(20):
        strategy, seed = choose_strategy(iteration, 5)
        scheduler = ControlledScheduler(seed, strategy=strategy, include=lambda name: False)
        counter = RacyCounter()
        report = scheduler.run([lambda: counter.bump(10)] * 2, timeout=20)
        assert report.steps == 0 and report.fingerprint == "-"
        assert counter.value == 20


class TwoLineCounter:
    """The same race spread over two lines: a line-level switch point falls between them."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self, times: int) -> None:
        for _ in range(times):
            current = self.value
            self.value = current + 1


def lost_within(counter_type: type, granularity: str, runs: int) -> bool:
    for iteration in range(runs):
        strategy, seed = choose_strategy(iteration, 11)
        counter = counter_type()
        scheduler = ControlledScheduler(seed, strategy=strategy, granularity=granularity)
        report = scheduler.run([lambda: counter.bump(10)] * 2, timeout=20)
        assert not report.failed
        if counter.value != 20:
            return True
    return False


def test_line_granularity_splits_lines_but_not_one_line_read_modify_write() -> None:
    assert lost_within(TwoLineCounter, "line", 60)
    # ``self.value += 1`` is one line: only opcode switch points can split it.
    assert not lost_within(RacyCounter, "line", 30)
    assert lost_within(RacyCounter, "opcode", 60)


def test_fingerprint_tells_changed_code_apart(tmp_path: Path) -> None:
    def load(source: str) -> Callable[[list[int]], None]:
        path = tmp_path / "component_under_test.py"
        path.write_text(source)
        namespace: dict[str, Any] = {}
        exec(compile(source, str(path), "exec"), namespace)
        work: Callable[[list[int]], None] = namespace["work"]
        return work

    original = "def work(box):\n    box.append(len(box))\n"
    changed = "def work(box):\n    box.append(len(box) + 1)\n"
    prints = []
    for source in (original, original, changed):
        work = load(source)
        box: list[int] = []

        def body(work: Callable[[list[int]], None] = work) -> None:
            work(box)

        report = ControlledScheduler(4).run([body] * 2, timeout=20)
        prints.append(report.fingerprint)
    assert prints[0] == prints[1] != prints[2]


def test_choose_strategy_is_deterministic_and_mixes_strategies() -> None:
    plan = [choose_strategy(i, 123) for i in range(16)]
    assert plan == [choose_strategy(i, 123) for i in range(16)]
    assert {strategy for strategy, _ in plan} == {"pct", "random"}
    assert len({seed for _, seed in plan}) == 16
    for strategy, seed in plan:
        assert strategy_for_seed(seed) == strategy
        assert 0 <= seed < 2**62
    assert ControlledScheduler(plan[3][1], strategy="auto").strategy == plan[3][0]
    with pytest.raises(ValueError, match="iteration"):
        choose_strategy(-1, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -1}, "seed must be a non-negative int"),
        ({"seed": 0, "strategy": "dfs"}, "unknown strategy 'dfs'"),
        ({"seed": 0, "pct_depth": 0}, "pct_depth must be >= 1"),
        ({"seed": 0, "block_timeout": 0}, "block_timeout must be > 0"),
        ({"seed": 0, "granularity": "word"}, "unknown granularity 'word'"),
    ],
)
def test_bad_configuration_is_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ControlledScheduler(**kwargs)


def test_bad_run_arguments_are_rejected() -> None:
    scheduler = ControlledScheduler(0)
    with pytest.raises(ValueError, match="at least one worker"):
        scheduler.run([])
    with pytest.raises(TypeError, match="worker 1 is not callable"):
        scheduler.run([lambda: None, 42])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="timeout must be > 0"):
        scheduler.run([lambda: None], timeout=0)


def test_runs_cannot_nest() -> None:
    seen: list[BaseException] = []

    def nested() -> None:
        try:
            ControlledScheduler(1).run([lambda: None])
        except RuntimeError as error:
            seen.append(error)

    report = ControlledScheduler(0).run([nested], timeout=20)
    assert not report.failed
    assert len(seen) == 1 and "cannot nest" in str(seen[0])


def test_interrupted_run_unwinds_its_workers() -> None:
    # A SIGINT (or pytest-timeout's signal) while the caller waits for the run: the exception
    # propagates and the workers are unwound, not left parked or spinning.
    import os
    import signal

    started = threading.Event()

    def interrupt_soon() -> None:
        if started.wait(10):
            os.kill(os.getpid(), signal.SIGINT)

    def spinner() -> None:
        started.set()
        box: list[int] = []
        while True:
            box.append(1)
            box.pop()

    helper = threading.Thread(target=interrupt_soon)
    helper.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            ControlledScheduler(0).run([spinner], timeout=20)
    finally:
        helper.join(10)
    assert not [t for t in threading.enumerate() if t.name.startswith("admf-worker-")]


def wait_until_outside_thread_waits() -> None:
    """Block until a thread outside any run waits on a modeled primitive (bounded)."""
    from admf_tsan.scheduler._state import STATE

    start = threading.Event()
    for _ in range(10_000):
        if STATE.outside_waiters:
            return
        start.wait(0.001)
    raise AssertionError("the outside thread never started waiting")


def test_worker_woken_by_a_thread_outside_the_run() -> None:
    # A thread the scheduler does not run (started by the test, not by a worker) sets the
    # event a worker waits for: the run goes on when it does, instead of reporting a deadlock.
    scheduler = ControlledScheduler(0, block_timeout=0.2)
    with scheduler.patch_primitives():
        go = threading.Event()
        outside_ready = threading.Event()
        seen: list[str] = []

        def waiter() -> None:
            outside_ready.set()
            go.wait()
            seen.append("woken")

        def outside() -> None:
            outside_ready.wait(10)
            go.set()

        helper = threading.Thread(target=outside)
        helper.start()  # started by the test's thread: not adopted
        wait_until_outside_thread_waits()
        report = scheduler.run([waiter], timeout=20)
        helper.join(10)
    assert not report.failed, report.summary()
    assert seen == ["woken"]
    assert report.external_operations >= 1


def test_stall_with_outside_threads_becomes_a_deadlock_after_the_grace_time() -> None:
    # Once a thread outside the run takes part, "nobody can run" may still change: the run
    # waits 4 block timeouts without progress, then reports the deadlock.
    scheduler = ControlledScheduler(0, block_timeout=0.05)
    with scheduler.patch_primitives():
        touched = threading.Event()
        never = threading.Event()

        def waiter() -> None:
            touched.set()
            never.wait()

        helper = threading.Thread(target=touched.wait, args=(10,))
        helper.start()  # waits on a modeled event from outside the run
        wait_until_outside_thread_waits()
        report = scheduler.run([waiter], timeout=20)
        helper.join(10)
    assert report.deadlock is not None and not report.timed_out
    assert "no progress for" in report.deadlock
    assert "waits for Event#" in report.deadlock


def test_public_names_are_exported_once_and_resolve() -> None:
    from admf_tsan import scheduler

    assert len(scheduler.__all__) == len(set(scheduler.__all__))
    for name in scheduler.__all__:
        assert getattr(scheduler, name) is not None
        assert not name.startswith("_")


def test_run_aborted_while_its_report_is_written_leaves_no_worker_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The deadline's signal can arrive while the timed-out run writes its wait-for report (a
    # slow walk of the garbage collector's referrers): the abort must still open every gate,
    # or the parked workers stay parked for the rest of the process.
    from admf_tsan.scheduler import _engine

    def interrupted_report(engine: object, reason: str) -> str:
        raise KeyboardInterrupt("the deadline's signal")

    monkeypatch.setattr(_engine, "deadlock_report", interrupted_report)
    box = SimpleNamespace(value=0)

    def spin() -> None:
        while True:
            box.value += 1

    before = set(threading.enumerate())
    with pytest.raises(KeyboardInterrupt):
        ControlledScheduler(0, strategy="random").run([spin, spin], timeout=0.3)
    started = [thread for thread in threading.enumerate() if thread not in before]
    for thread in started:
        thread.join(5.0)
    alive = [thread.name for thread in started if thread.is_alive()]
    assert not alive, f"threads left parked or spinning: {alive}"
    assert not [t for t in threading.enumerate() if t.name.startswith("admf-worker-")]
