"""Every buggy fixture is found (with a readable failure) and every correct twin passes."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from admf_tsan.lincheck import NotLinearizable, Operation, Scenario, check_linearizable

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lincheck"
sys.path.insert(0, str(FIXTURES))
MODULES: tuple[str, ...] = importlib.import_module("_cases").MODULES
sys.path.remove(str(FIXTURES))

if TYPE_CHECKING:  # at run time the top-level `_cases` (fixtures/lincheck on sys.path)
    from fixtures.lincheck._cases import Case

# Correct objects run a smaller budget than the default 100 scenarios to keep the suite quick
# (a buggy object's check stops at its first failure, so it keeps the default). Derandomized:
# the same scenarios every run, and the scheduler replays each interleaving from its seed.
CORRECT_BUDGET = 40
NO_DATABASE = settings(database=None, derandomize=True, max_examples=100)


def _case(name: str) -> Case:
    case: Case = importlib.import_module(name).CASE
    return case


def _check(case: Case, variant: str, **extra: object) -> None:
    check_linearizable(
        getattr(case, variant),
        case.model,
        case.operations,
        partition=case.partition,
        settings=NO_DATABASE,
        **{**case.options, **extra},
    )


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", MODULES)
def test_correct_object_is_linearizable(name: str) -> None:
    _check(_case(name), "correct", budget=CORRECT_BUDGET)


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", MODULES)
def test_buggy_object_is_not_linearizable_and_the_message_explains_it(name: str) -> None:
    case = _case(name)
    with pytest.raises(NotLinearizable) as caught:
        _check(case, "buggy")
    message = str(caught.value)
    assert message.startswith("history is not linearizable")
    assert "| thread 0" in message and "| thread 1" in message
    assert "longest linearizable prefix" in message
    assert "but there the model " in message
    assert "seed" in message
    assert "replay=Scenario(" in message
    assert ("(scheduler)" in message) != case.is_async


@pytest.mark.timeout(240)
def test_the_printed_scenario_replays_the_failure() -> None:
    case = _case("counter")
    with pytest.raises(NotLinearizable) as caught:
        _check(case, "buggy")
    printed = re.search(r"replay=(Scenario\(.*\))\)$", str(caught.value), re.MULTILINE)
    assert printed is not None
    scenario = eval(printed.group(1), {"Scenario": Scenario, "Operation": Operation})  # noqa: S307
    with pytest.raises(NotLinearizable):
        check_linearizable(case.buggy, case.model, case.operations, replay=scenario)
    # The same scenario on the correct twin is explained by the model.
    check_linearizable(case.correct, case.model, case.operations, replay=scenario)


@pytest.mark.timeout(240)
def test_failure_is_shrunk_to_the_two_racing_operations() -> None:
    case = _case("counter")
    with pytest.raises(NotLinearizable) as caught:
        _check(case, "buggy")
    message = str(caught.value)
    table = [line for line in message.splitlines() if line.startswith("  | ")]
    assert table[0].split("|")[1].strip() == "thread 0"
    assert len(table) == 3, table  # header, rule, one row: one increment per thread
    assert "prefix (sequential)" not in message and "suffix (sequential)" not in message
