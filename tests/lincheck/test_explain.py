"""A NotLinearizable message explains the interleaving: the racy attribute and its lines."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from admf_tsan.lincheck import NotLinearizable, Operation, Scenario, check_linearizable

pytestmark = pytest.mark.timeout(240)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lincheck"
NO_DATABASE = settings(database=None, derandomize=True, max_examples=100)

if TYPE_CHECKING:  # at run time the top-level `_cases` (fixtures/lincheck on sys.path)
    from fixtures.lincheck._cases import Case


def _case(name: str) -> Case:
    sys.path.insert(0, str(FIXTURES))
    try:
        case: Case = importlib.import_module(name).CASE
        return case
    finally:
        sys.path.remove(str(FIXTURES))


def _line_of(owner: object, method: str, text: str) -> int:
    """The line number of the first source line of ``owner.method`` containing ``text``."""
    lines, first = inspect.getsourcelines(getattr(owner, method))
    return first + next(n for n, line in enumerate(lines) if text in line)


def _explanation(message: str) -> str:
    """The explained-interleaving section of a failure message."""
    start = message.index("how the operations interleaved")
    return message[start : message.index("\nreplay:", start)]


def _failure(name: str, **extra: object) -> str:
    case = _case(name)
    with pytest.raises(NotLinearizable) as caught:
        check_linearizable(
            case.buggy,
            case.model,
            case.operations,
            partition=case.partition,
            settings=NO_DATABASE,
            **{**case.options, **extra},
        )
    return str(caught.value)


def test_a_lost_update_is_explained_with_the_attribute_and_the_racing_lines() -> None:
    case = _case("counter")
    line = _line_of(case.buggy, "increment", "self._value += 1")
    section = _explanation(_failure("counter"))
    assert "lost update: workers" in section
    assert "RacyCounter._value" in section
    # The shrunk schedule: one preemption between the two read-modify-writes.
    assert "minimized interleaving: 1 preemption(s)" in section
    steps = [s for s in section.splitlines() if f"counter.py:{line} " in s]
    assert any("[read RacyCounter._value]" in s for s in steps), section
    assert any("[write RacyCounter._value]" in s for s in steps), section
    # Both workers appear, in turns, and the workers are mapped to the table's threads.
    turns = re.findall(r"^ {4}worker (\d):$", section, re.MULTILINE)
    assert turns in (["0", "1", "0"], ["1", "0", "1"]), section
    assert "worker 0 runs thread 0, worker 1 runs thread 1" in section
    # No step of the checker's own machinery (its events have no line of user code).
    assert "?  [" not in section


def test_the_message_shows_the_history_of_the_explained_run() -> None:
    message = _failure("counter")
    # The shrunk replay lost an update, and the table shows the results of that replay.
    assert "| increment() -> 1 | increment() -> 1 |" in message
    assert "t1 increment() returned 1, but there the model returns 2" in message or (
        "t0 increment() returned 1, but there the model returns 2" in message
    )


def test_a_check_then_act_is_explained_with_the_checked_container_and_key() -> None:
    case = _case("registry")
    check = _line_of(case.buggy, "get_or_create", "if name not in self._services")
    section = _explanation(_failure("registry"))
    assert "check-then-act" in section
    assert "RacyRegistry._services" in section
    assert f"registry.py:{check}" in section


def test_a_replayed_scenario_is_explained_too() -> None:
    case = _case("counter")
    scenario = Scenario(
        prefix=(),
        parallel=((Operation("increment"),), (Operation("increment"),)),
        suffix=(),
        schedule_seed=0,
    )
    with pytest.raises(NotLinearizable) as caught:
        check_linearizable(case.buggy, case.model, case.operations, replay=scenario)
    assert "lost update" in _explanation(str(caught.value))


def test_coroutine_objects_have_no_interleaving_section() -> None:
    message = _failure("async_account")
    assert "(asyncio)" in message
    assert "how the operations interleaved" not in message
