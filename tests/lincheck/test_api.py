"""check_linearizable end to end: budgets, deadlocks, coroutines, replay, the example database."""

from __future__ import annotations

import asyncio
import queue
import threading

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from admf_tsan.lincheck import NotLinearizable, Operation, Scenario, check_linearizable

pytestmark = pytest.mark.timeout(180)
NO_DATABASE = settings(database=None)


class Counter:
    made = 0

    def __init__(self) -> None:
        type(self).made += 1
        self._lock = threading.Lock()
        self.value = 0

    def increment(self) -> int:
        with self._lock:
            self.value += 1
            return self.value


class CounterModel:
    def __init__(self) -> None:
        self.value = 0

    def increment(self) -> int:
        self.value += 1
        return self.value


def test_a_passing_check_returns_none_and_runs_the_budget() -> None:
    Counter.made = 0
    # check_linearizable is typed -> None; this test pins that at run time too.
    result = check_linearizable(  # type: ignore[func-returns-value]
        Counter, CounterModel, {"increment": None}, budget=7, interleavings=3, settings=NO_DATABASE
    )
    assert result is None
    # Two objects to check the factory and the methods, then at most 7 scenarios x 3 runs.
    assert 2 + 3 <= Counter.made <= 2 + 7 * 3


def test_the_settings_profile_decides_the_budget_when_none_is_given() -> None:
    Counter.made = 0
    check_linearizable(
        Counter,
        CounterModel,
        {"increment": None},
        interleavings=1,
        settings=settings(database=None, max_examples=4),
    )
    assert Counter.made <= 2 + 4


class BlockingQueue:
    """``get`` waits without a timeout: on an empty queue it never returns."""

    def __init__(self) -> None:
        self._items: list[int] = []
        self._ready = threading.Condition()

    def put(self, item: int) -> None:
        with self._ready:
            self._items.append(item)
            self._ready.notify()

    def get(self) -> int:
        with self._ready:
            while not self._items:
                self._ready.wait()
            return self._items.pop(0)


class QueueModel:
    def __init__(self) -> None:
        self.items: list[int] = []

    def put(self, item: int) -> None:
        self.items.append(item)

    def get(self) -> int:
        if not self.items:
            raise queue.Empty
        return self.items.pop(0)


def test_operations_that_never_return_fail_with_the_deadlock_report() -> None:
    with pytest.raises(NotLinearizable) as caught:
        check_linearizable(
            BlockingQueue,
            QueueModel,
            {"put": st.integers(0, 3), "get": None},
            budget=30,
            settings=NO_DATABASE,
        )
    message = str(caught.value)
    assert message.startswith("operations never returned")
    assert "get() (never returned)" in message
    assert "deadlock" in message


class AsyncCounter:
    def __init__(self) -> None:
        self.value = 0

    async def increment(self) -> int:
        value = self.value
        await asyncio.sleep(0)
        self.value = value + 1
        return self.value


def test_coroutine_methods_run_as_tasks_on_a_seeded_loop() -> None:
    with pytest.raises(NotLinearizable) as caught:
        check_linearizable(
            AsyncCounter, CounterModel, {"increment": None}, budget=30, settings=NO_DATABASE
        )
    message = str(caught.value)
    assert "(asyncio)" in message
    assert "new_seeded_event_loop(" in message


class NeverDone:
    def __init__(self) -> None:
        self._event = asyncio.Event()

    async def increment(self) -> int:
        await self._event.wait()
        return 1


@pytest.mark.timeout(60)
def test_tasks_that_all_wait_for_nothing_are_a_deadlock_found_without_the_timeout() -> None:
    with pytest.raises(NotLinearizable) as caught:
        check_linearizable(
            NeverDone,
            CounterModel,
            {"increment": None},
            budget=2,
            timeout=3600,  # pytest-timeout would end the test long before
            settings=NO_DATABASE,
        )
    message = str(caught.value)
    assert message.startswith("operations never returned")
    assert "deadlock: every task waits" in message
    assert "increment() (never returned)" in message


class Slow:
    async def increment(self) -> int:
        await asyncio.sleep(3600)
        return 1


@pytest.mark.timeout(60)
def test_a_task_that_never_finishes_fails_after_the_timeout() -> None:
    with pytest.raises(NotLinearizable, match="did not finish within 0.2 s"):
        check_linearizable(
            Slow,
            CounterModel,
            {"increment": None},
            budget=2,
            interleavings=1,
            timeout=0.2,
            settings=NO_DATABASE,
        )


def test_replay_runs_one_scenario_without_hypothesis() -> None:
    Counter.made = 0
    scenario = Scenario(
        prefix=(Operation("increment"),),
        parallel=((Operation("increment"),), (Operation("increment"),)),
        suffix=(Operation("increment"),),
        schedule_seed=5,
    )
    check_linearizable(Counter, CounterModel, {"increment": None}, replay=scenario)
    assert Counter.made == 2 + 10
    assert eval(repr(scenario), {"Scenario": Scenario, "Operation": Operation}) == scenario  # noqa: S307


class Racy:
    def __init__(self) -> None:
        self.value = 0

    def increment(self) -> int:
        self.value += 1
        return self.value


def test_each_call_site_has_its_own_entries_in_the_example_database() -> None:
    from hypothesis.database import InMemoryExampleDatabase

    database = InMemoryExampleDatabase()
    saved = settings(database=database, max_examples=200)
    with pytest.raises(NotLinearizable):
        check_linearizable(Racy, CounterModel, {"increment": None}, settings=saved)
    first = set(database.data)
    assert first, "hypothesis saved nothing"
    with pytest.raises(NotLinearizable):
        check_linearizable(Racy, CounterModel, {"increment": None}, threads=3, settings=saved)
    assert set(database.data) - first, "a different check reused the first one's entries"


def test_hypothesis_settings_keep_the_users_choices_and_drop_the_stock_deadline() -> None:
    from datetime import timedelta

    from hypothesis import HealthCheck, Phase

    from admf_tsan.lincheck._api import _settings

    stock = _settings(settings(database=None), None)
    assert stock.deadline is None
    assert stock.database is None
    assert Phase.explain not in stock.phases
    assert HealthCheck.too_slow in stock.suppress_health_check
    chosen = _settings(settings(deadline=timedelta(seconds=3), max_examples=9), None)
    assert chosen.deadline == timedelta(seconds=3)
    assert chosen.max_examples == 9
    assert _settings(settings(max_examples=9), 4).max_examples == 4


class FailsOnce:
    """Wrong only in the first run ever: state kept across instances, so replays pass."""

    failed = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def increment(self) -> int:
        with self._lock:
            self.value += 1
            if not type(self).failed:
                type(self).failed = True
                return -1
            return self.value


def test_a_failure_that_does_not_replay_is_still_reported_with_a_note() -> None:
    with pytest.raises(NotLinearizable) as caught:
        check_linearizable(FailsOnce, CounterModel, {"increment": None}, settings=NO_DATABASE)
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "could not reproduce this failure" in notes
    assert "-> -1" in str(caught.value)
