"""ASYNC failures explained: the steps of each task between awaits, and the bug named."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from admf_tsan.scheduler import new_seeded_event_loop
from admf_tsan.scheduler._explain import Explanation, explain
from admf_tsan.scheduler._record import Recorder
from admf_tsan.scheduler._task_trace import record_tasks
from tests.scheduler._corpus_runs import load

SEEDS = range(40)


def _run(op: Callable[[int], Awaitable[None]], workers: int, times: int, seed: int) -> None:
    """The stress workers as the plugin makes them: tasks named ``admf-worker-N``."""

    async def worker(index: int) -> None:
        for _ in range(times):
            await op(index)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        tasks = [loop.create_task(worker(i), name=f"admf-worker-{i}") for i in range(workers)]
        await asyncio.gather(*tasks)

    loop = new_seeded_event_loop(seed)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()


def _first_failure(
    make: Callable[[], tuple[Callable[[int], Awaitable[None]], Callable[[], None], int]],
) -> tuple[Explanation, Recorder] | None:
    """Explain the first seed whose recorded run fails its check; None when none fails."""
    for seed in SEEDS:
        op, check, times = make()
        with record_tasks() as trace:
            _run(op, 2, times, seed)
        try:
            check()
        except AssertionError as error:
            return explain(trace, error=error, unit="task"), trace
    return None


def _corpus(variant: str) -> Callable[[], tuple[Any, Any, int]]:
    module = load("await_between_read_write")

    def make() -> tuple[Any, Any, int]:
        scenario = module.scenario(variant, 2)
        return scenario.op, scenario.check, scenario.times

    return make


def _line(needle: str, source: str) -> int:
    return next(n for n, text in enumerate(source.splitlines(), 1) if needle in text)


def test_lost_update_across_an_await_names_the_location_lines_and_tasks() -> None:
    found = _first_failure(_corpus("buggy"))
    assert found is not None, "the buggy portfolio never failed on the seeded loop"
    explanation, trace = found
    module = load("await_between_read_write")
    with open(module.__file__, encoding="utf-8") as handle:
        source = handle.read()
    read = _line("current = self.position", source)
    write = _line("self.position = current + quantity", source)
    awaited = _line("await self._journal(quantity)", source)
    text = explanation.text()
    assert explanation.kind == "lost update across an await"
    assert explanation.location == "BuggyPortfolio.position"
    assert f"await_between_read_write.py:{read} " in text
    assert f"await_between_read_write.py:{write} " in text
    assert f"await_between_read_write.py:{awaited}, and wrote it back" in text
    assert "[read BuggyPortfolio.position]" in text
    assert "[write BuggyPortfolio.position]" in text
    assert "[suspends (await)]" in text and "[resumes]" in text
    assert "  task 0:" in text and "  task 1:" in text and "worker" not in text
    assert text.splitlines()[-1].startswith("  failing check: ")
    assert "assert portfolio.position == expected" in text.splitlines()[-1]
    # The racing pair: one task's read and write-back, the other's write in between.
    keys = [step for step in explanation.steps if step.key]
    assert [step.access.split()[0] for step in keys] == ["read", "suspends", "write", "write"]
    assert keys[0].worker == keys[3].worker != keys[2].worker
    assert {event.worker for event in trace.events} == {0, 1}


def test_correct_twin_never_fails_and_recording_does_not_change_the_run() -> None:
    for seed in SEEDS:
        op, check, times = _corpus("correct")()
        with record_tasks() as trace:
            _run(op, 2, times, seed)
        check()
        assert any(event.kind == "suspend" for event in trace.events)
    # The same seed, recorded or not, runs the buggy tasks in the same order.
    for seed in range(10):
        positions = []
        for recording in (False, True):
            module = load("await_between_read_write")
            scenario = module.scenario("buggy", 2)
            if recording:
                with record_tasks():
                    _run(scenario.op, 2, scenario.times, seed)
            else:
                _run(scenario.op, 2, scenario.times, seed)
            positions.append(_position(scenario))
        assert positions[0] == positions[1]


def _position(scenario: Any) -> int | None:
    try:
        scenario.check()
    except AssertionError as error:
        return int(str(error).split()[1].rstrip(","))
    return None


class LazySession:
    """Check-then-act across an await: two tasks both see no session and both open one."""

    def __init__(self) -> None:
        self.session: object | None = None
        self.opened = 0

    async def get(self) -> object:
        if self.session is None:
            await asyncio.sleep(0)
            self.opened += 1
            self.session = object()
        return self.session


def test_check_then_act_across_an_await_is_named() -> None:
    def make() -> tuple[Any, Any, int]:
        lazy = LazySession()

        async def op(worker: int) -> None:
            await lazy.get()

        def check() -> None:
            assert lazy.opened == 1, f"opened {lazy.opened} sessions"

        return op, check, 1

    found = _first_failure(make)
    assert found is not None
    explanation, _ = found
    text = explanation.text()
    assert explanation.kind == "check-then-act across an await", text
    assert explanation.location == "LazySession.session"
    with open(__file__, encoding="utf-8") as handle:
        source = handle.read()
    check_line = _line("if self.session is None:", source)
    act_line = _line("self.session = object()", source)
    assert f"test_explain_async.py:{check_line} " in text
    assert f"test_explain_async.py:{act_line} " in text


PLUGIN_TEST = """
import asyncio
import pytest


class Account:
    def __init__(self):
        self.balance = 0

    async def deposit(self, amount):
        current = self.balance
        await asyncio.sleep(0)
        self.balance = current + amount


@pytest.mark.admf_stress(workers=2, iterations=20, contexts="async")
def test_deposits(stress):
    account = Account()

    async def op(worker):
        await account.deposit(1)

    stress.run(op, times=2)
    assert account.balance == 4
"""


@pytest.mark.timeout(120)
def test_plugin_prints_the_task_steps_of_an_async_failure(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PLUGIN_TEST)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=5", "--admf-report=reports", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*lost update across an await: task * read Account.balance at *:10, awaited at "
            "*:11, and wrote it back at *:12; task * wrote it in between at *:12*",
            "*the interleaving, one block per task step*",
            "*  task *:",
            "*:10*current = self.balance*[[]read Account.balance[]]*",
            "*:11*await asyncio.sleep(0)*[[]suspends (await)[]]*",
            "*:12*[[]write Account.balance[]]*",
            "*failing check: *assert account.balance == 4*",
            "*reproduced 5/5 times from seed*",
            "*replay: *--admf-seed=*",
        ]
    )
    output = result.stdout.str()
    (page,) = (pytester.path / "reports").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert '<th class="lane">task 0</th>' in html and "lost update across an await" in html
    assert "pytest_admf" not in output.split("short test summary")[0].split("FAILURES")[1]
