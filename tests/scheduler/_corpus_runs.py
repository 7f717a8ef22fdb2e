"""Running one corpus scenario under the scheduler, for the race and explanation tests."""

from __future__ import annotations

import importlib
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from admf_tsan.scheduler import ControlledScheduler, ScheduleReport

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "components"


def threaded_patterns() -> list[dict[str, Any]]:
    with open(CORPUS / "manifest.toml", "rb") as handle:
        patterns = tomllib.load(handle)["pattern"]
    return [pattern for pattern in patterns if pattern["kind"] == "threaded"]


def load(name: str) -> Any:
    if str(CORPUS) not in sys.path:
        sys.path.insert(0, str(CORPUS))
    return importlib.import_module(name)


@dataclass(frozen=True)
class Outcome:
    report: ScheduleReport
    error: BaseException | None

    @property
    def signature(self) -> str | None:
        if self.report.deadlock:
            return "deadlock"
        return None if self.error is None else type(self.error).__name__


def run_scenario(pattern: dict[str, Any], variant: str, seed: int = 0, **options: Any) -> Outcome:
    """One run of the pattern's scenario; the worker's failure or the failed check."""
    module = load(str(pattern["module"]))
    workers = int(pattern["workers"])
    scheduler = ControlledScheduler(seed, **options)
    with scheduler.patch_primitives():
        scenario = module.scenario(variant, workers)

        def body(index: int) -> Any:
            def run() -> None:
                for _ in range(scenario.times):
                    scenario.op(index)

            return run

        report = scheduler.run([body(index) for index in range(workers)], timeout=30)
    error: BaseException | None = None
    if report.failures:
        error = report.failures[0].exception
    elif report.deadlock is None:
        try:
            scenario.check()
        except AssertionError as failed:
            error = failed
    return Outcome(report, error)


def first_failure(pattern: dict[str, Any], seeds: Sequence[int]) -> tuple[int, str, Outcome]:
    """The first (seed, strategy, outcome) among ``seeds`` whose run fails."""
    for number, seed in enumerate(seeds):
        strategy = "random" if number % 2 else "pct"
        outcome = run_scenario(pattern, "buggy", seed, strategy=strategy)
        if outcome.signature is not None:
            return seed, strategy, outcome
    raise AssertionError(f"{pattern['name']}: no failing run among {len(seeds)} seeds")
