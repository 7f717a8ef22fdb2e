"""Acceptance on the fixtures corpus: every threaded bug found within the default budget, as a
failure and never a hang, and no correct twin ever failing."""

from __future__ import annotations

import importlib
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from admf_tsan.scheduler import ControlledScheduler, ScheduleReport, choose_strategy

pytestmark = pytest.mark.timeout(120)

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "components"
BUDGET = 50  # the plugin's default --admf-iterations


def threaded_patterns() -> list[dict[str, Any]]:
    with open(CORPUS / "manifest.toml", "rb") as handle:
        patterns = tomllib.load(handle)["pattern"]
    return [pattern for pattern in patterns if pattern["kind"] == "threaded"]


@pytest.fixture(scope="module", autouse=True)
def corpus_on_path() -> Iterator[None]:
    sys.path.insert(0, str(CORPUS))
    yield
    sys.path.remove(str(CORPUS))


def run_once(
    module: ModuleType, variant: str, workers: int, iteration: int, base_seed: int
) -> ScheduleReport | None:
    strategy, seed = choose_strategy(iteration, base_seed)
    scheduler = ControlledScheduler(seed, strategy=strategy)
    with scheduler.patch_primitives():
        scenario = module.scenario(variant, workers)

        def body(index: int) -> Callable[[], None]:
            def run() -> None:
                for _ in range(scenario.times):
                    scenario.op(index)

            return run

        report = scheduler.run([body(index) for index in range(workers)], timeout=30)
    assert not report.timed_out, report.summary()
    if report.failed:
        return report
    try:
        scenario.check()
    except AssertionError:
        return report
    return None


PATTERNS = threaded_patterns()


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p["name"] for p in PATTERNS])
def test_buggy_variant_fails_within_the_default_budget(pattern: dict[str, Any]) -> None:
    module = importlib.import_module(pattern["module"])
    for base_seed in (0, 1):
        for iteration in range(BUDGET):
            if run_once(module, "buggy", pattern["workers"], iteration, base_seed):
                break
        else:
            pytest.fail(f"{pattern['name']}: no failure in {BUDGET} runs (base seed {base_seed})")


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p["name"] for p in PATTERNS])
def test_correct_twin_never_fails(pattern: dict[str, Any]) -> None:
    module = importlib.import_module(pattern["module"])
    for iteration in range(BUDGET):
        report = run_once(module, "correct", pattern["workers"], iteration, 0)
        assert report is None, report.summary()


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p["name"] for p in PATTERNS])
def test_failing_seed_replays_the_same_failure_ten_times(pattern: dict[str, Any]) -> None:
    module = importlib.import_module(pattern["module"])
    for iteration in range(BUDGET):
        first = run_once(module, "buggy", pattern["workers"], iteration, 0)
        if first is not None:
            break
    else:
        pytest.fail(f"{pattern['name']}: no failure to replay")
    for _ in range(10):
        again = run_once(module, "buggy", pattern["workers"], iteration, 0)
        assert again is not None, f"replay of run {iteration} passed"
        assert again.trace_digest == first.trace_digest
        assert (again.steps, again.switches) == (first.steps, first.switches)
        assert again.fingerprint == first.fingerprint
        assert [type(f.exception) for f in again.failures] == [
            type(f.exception) for f in first.failures
        ]
