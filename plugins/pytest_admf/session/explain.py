"""Explaining a failing MULTI_THREADED run, and the data races of a run that passed.

When a stressed run fails under the controlled scheduler, ``explain_failure`` replays the test
body with the run's schedule, shrinks the schedule to the fewest preemptions that still fail
the same way (``admf_tsan.scheduler``'s delta debugging), classifies the bug from the trace of
the shrunk replay and renders it: one block per worker turn, each step with file:line and the
shared access, ending at the failing check; then how often the seed reproduces it. With
``--admf-report=DIR`` it also writes the HTML page. ``race_report`` turns the race detector's
findings of a run into a failure (``DataRaceFound``) or notes (``AdmfRaceNote`` warnings).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from admf_tsan.context import ThreadingMode
from admf_tsan.scheduler import ControlledScheduler, ScheduleReport, add_machinery
from admf_tsan.scheduler._explain import Explanation, explain, explain_race, shrink_schedule
from admf_tsan.scheduler._html import write_report
from admf_tsan.scheduler._races import DataRace
from admf_tsan.scheduler._record import Choice, Recorder
from admf_tsan.scheduler._task_trace import record_tasks
from pytest_admf.failures import StressFailure, StressStalled
from pytest_admf.session.body import call_body
from pytest_admf.session.checkers import runtime_checks
from pytest_admf.session.plan import ItemPlan
from pytest_admf.session.state import STATE_KEY, RunState
from pytest_admf.session.summary import REPORT_PROPERTY
from pytest_admf.workers.deadline import Deadline

__all__ = [
    "AdmfRaceNote",
    "DataRaceFound",
    "ExplainedFailure",
    "explain_failure",
    "race_failure",
    "race_report",
]

_PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Replays of the seed used to measure how often the failure reproduces (fewer when they are
# slow: at most REPRODUCTION_SECONDS).
REPRODUCTIONS = 5
REPRODUCTION_SECONDS = 3.0
# Shrinking stops after this many replays or seconds, keeping the smallest schedule found.
SHRINK_RUNS = 150
SHRINK_SECONDS = 6.0


class DataRaceFound(AssertionError):
    """A run passed its checks, but the race detector saw a race that breaks invariants."""


class AdmfRaceNote(UserWarning):
    """A data race that does not fail the test by default (a plain flag written and read)."""


@dataclass(frozen=True)
class ExplainedFailure:
    """The explanation's text and, when one was written, the HTML report's path."""

    text: str
    html: str | None


def _signature(error: BaseException | None, report: ScheduleReport | None) -> str | None:
    """What "fails the same way" compares: the deadlock, or the first failure's type."""
    if isinstance(error, StressStalled) or (report is not None and report.deadlock):
        return "deadlock"
    if isinstance(error, StressFailure):
        return type(error.failures[0].exception).__name__
    if error is None:
        return None
    return type(error).__name__


def _failure_of(error: BaseException) -> tuple[BaseException, int | None]:
    if isinstance(error, StressFailure):
        first = error.failures[0]
        return first.exception, first.worker
    return error, None


class _Body:
    """Runs the item's body once under a given scheduler (a replay or a seed)."""

    def __init__(self, item: pytest.Function, plan: ItemPlan, iteration: int) -> None:
        self.item = item
        self.plan = plan
        self.iteration = iteration
        self.testargs = {name: item.funcargs[name] for name in item._fixtureinfo.argnames}

    def run(
        self, seed: int, strategy: str | None, replay: Sequence[Choice] | None
    ) -> tuple[BaseException | None, ScheduleReport | None]:
        settings = self.plan.settings
        scheduler = ControlledScheduler(seed, strategy=strategy or "auto", replay=replay)
        error: BaseException | None = None
        # The same nesting as the stressed run (checkers inside the patch): the checkers' lock
        # wrappers take part in the schedule, so a replay without them would differ.
        with scheduler.patch_primitives(), runtime_checks(settings.timeout):
            state = RunState(
                self.plan.mode,
                seed,
                Deadline(settings.timeout),
                self.iteration,
                strategy,
                scheduler=scheduler,
                stressed=True,
            )
            self.item.stash[STATE_KEY] = state
            try:
                call_body(self.item, self.testargs, state)
            except Exception as caught:  # noqa: BLE001 - any failure of the body is compared
                error = caught
        report = scheduler.reports[-1] if scheduler.reports else None
        return error, report

    def run_tasks(self, seed: int) -> BaseException | None:
        """Run the body once in ASYNC from ``seed`` (no thread scheduler); return its failure."""
        settings = self.plan.settings
        with runtime_checks(settings.timeout):
            state = RunState(
                self.plan.mode,
                seed,
                Deadline(settings.timeout),
                self.iteration,
                None,
                stressed=True,
            )
            self.item.stash[STATE_KEY] = state
            try:
                call_body(self.item, self.testargs, state)
            except Exception as caught:  # noqa: BLE001 - any failure of the body is compared
                return caught
        return None


def _explain_tasks(
    item: pytest.Function, plan: ItemPlan, iteration: int, seed: int, error: BaseException
) -> ExplainedFailure | None:
    """Replay an ASYNC failure from its seed with the tasks' steps recorded, and render it.

    The seeded loop's order of ready callbacks is the whole schedule, so the seed's replay is
    the interleaving (not shrunk). A stall is not replayed (each replay would wait for the
    deadline).
    """
    if isinstance(error, StressStalled):
        return None
    wanted = _signature(error, None)
    body = _Body(item, plan, iteration)
    started = time.monotonic()
    add_machinery(_PLUGIN_DIR)  # the plugin's task wrappers are not the user's steps
    with record_tasks() as trace:
        replay_error = body.run_tasks(seed)
    if _signature(replay_error, None) != wanted or not trace.events:
        return None
    cause, worker = _failure_of(replay_error if replay_error is not None else error)
    explanation = explain(trace, error=cause, failed_worker=worker, unit="task")
    reproduced = tries = 0
    until = time.monotonic() + REPRODUCTION_SECONDS
    while tries < REPRODUCTIONS and (tries == 0 or time.monotonic() < until):
        tries += 1
        if _signature(body.run_tasks(seed), None) == wanted:
            reproduced += 1
    seconds = time.monotonic() - started
    lines = [
        explanation.text(),
        f"reproduced {reproduced}/{tries} times from seed {seed} (explained in {seconds:.1f} s)",
    ]
    html = _write_html(item, plan, seed, explanation, trace)
    if html is not None:
        lines.append(f"report: {html}")
    return ExplainedFailure("\n".join(lines), html)


def explain_failure(
    item: pytest.Function,
    plan: ItemPlan,
    *,
    iteration: int,
    seed: int,
    strategy: str | None,
    error: BaseException,
    scheduler: ControlledScheduler | None,
) -> ExplainedFailure | None:
    """Shrink, classify and render the failing run; None when there is nothing to explain.

    Only MULTI_THREADED runs with exactly one scheduled ``stress.run`` call are replayed (a
    replay's choices apply to every run of the scheduler); an ASYNC failure is replayed from
    its seed with its tasks' steps recorded. Never raises for what the replays do: a replay
    that does not fail leaves the schedule as it was.
    """
    if plan.mode is ThreadingMode.ASYNC:
        return _explain_tasks(item, plan, iteration, seed, error)
    if plan.mode is not ThreadingMode.MULTI_THREADED or scheduler is None:
        return None
    if len(scheduler.reports) != 1:
        return None  # a replay's choices would apply to every run of the body
    original = scheduler.reports[0]
    if original.timed_out and original.detached:
        # A worker blocked in a call the scheduler does not model (a real socket) until the
        # deadline: a replay cannot steer it, and each would wait for the deadline again.
        return None
    wanted = _signature(error, original)
    body = _Body(item, plan, iteration)

    def still_fails(choices: Sequence[Choice]) -> bool:
        replay_error, report = body.run(seed, strategy, choices)
        return _signature(replay_error, report) == wanted

    started = time.monotonic()
    shrunk, replays = shrink_schedule(
        original.choices, still_fails, max_runs=SHRINK_RUNS, max_seconds=SHRINK_SECONDS
    )
    replay_error, report = body.run(seed, strategy, shrunk)
    if report is None or report.trace is None:
        return None
    if _signature(replay_error, report) != wanted:
        # The shrunk schedule stopped failing (timing took part): explain the original one.
        shrunk = list(original.choices)
        replay_error, report = body.run(seed, strategy, shrunk)
        if report is None or report.trace is None:
            return None
    cause, worker = _failure_of(replay_error if replay_error is not None else error)
    trace = report.trace
    assert trace is not None  # checked after each replay above
    explanation = explain(
        trace,
        deadlock=report.deadlock is not None,
        error=cause,
        failed_worker=worker,
        original=original.choices,
        shrunk=shrunk,
        replays=replays,
    )
    reproduced = tries = 0
    until = time.monotonic() + REPRODUCTION_SECONDS
    while tries < REPRODUCTIONS and (tries == 0 or time.monotonic() < until):
        tries += 1
        if _signature(*body.run(seed, strategy, None)) == wanted:
            reproduced += 1
    seconds = time.monotonic() - started
    lines = [
        explanation.text(),
        f"reproduced {reproduced}/{tries} times from seed {seed} (explained in {seconds:.1f} s)",
    ]
    html = _write_html(item, plan, seed, explanation, report.trace)
    if html is not None:
        lines.append(f"report: {html}")
    return ExplainedFailure("\n".join(lines), html)


def _write_html(
    item: pytest.Function,
    plan: ItemPlan,
    seed: int,
    explanation: Explanation,
    trace: Recorder | None,
) -> str | None:
    directory = plan.settings.report_dir
    if not directory or trace is None:
        return None
    path = write_report(
        directory,
        name=f"{plan.nodeid}-{seed}",
        title=plan.nodeid,
        explanation=explanation,
        trace=trace,
        replay=plan.replay(seed),
    )
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    item.user_properties.append((REPORT_PROPERTY, shown))
    return shown


def race_report(
    reports: Sequence[ScheduleReport], policy: str
) -> tuple[list[DataRace], list[DataRace]]:
    """Split the races of a run's reports into (failing, notes) under ``policy``."""
    failing: list[DataRace] = []
    notes: list[DataRace] = []
    for report in reports:
        for race in report.races:
            if policy == "all" or race.severity == "fail":
                failing.append(race)
            elif race.severity == "note":
                notes.append(race)
    return failing, notes


def race_failure(
    item: pytest.Function,
    plan: ItemPlan,
    seed: int,
    reports: Sequence[ScheduleReport],
    races: Sequence[DataRace],
    where: str,
) -> str:
    """A ``DataRaceFound`` message; with ``--admf-report``, also the first race's HTML page."""
    text = race_failure_text(races, where, plan.replay(seed))
    traced = [report for report in reports if report.trace is not None and report.races]
    if plan.settings.report_dir and traced and races:
        race = races[0]
        report = next((r for r in traced if race in r.races), traced[0])
        assert report.trace is not None
        html = _write_html(item, plan, seed, explain_race(report.trace, race), report.trace)
        if html is not None:
            text += f"\nreport: {html}"
    return text


def race_failure_text(races: Sequence[DataRace], where: str, replay: str) -> str:
    """The message of a ``DataRaceFound``: every failing race, then where and how to replay."""
    head = (
        f"{len(races)} data race(s) found in a run that passed its checks: another "
        "interleaving of the same code breaks it"
    )
    by_location: dict[str, list[DataRace]] = {}
    for race in races:
        by_location.setdefault(race.location, []).append(race)
    blocks = []
    for location, found in list(by_location.items())[:5]:
        text = found[0].text()
        if len(found) > 1:
            text += f"\n  (and {len(found) - 1} more pair(s) of lines racing on {location})"
        blocks.append(text)
    if len(by_location) > 5:
        blocks.append(f"... and races on {len(by_location) - 5} more location(s)")
    return "\n\n".join([head, *blocks, f"{where}\nreplay: {replay}"])


def note_races(item: pytest.Item, races: Sequence[DataRace], warn: Callable[[Any], None]) -> None:
    """Emit one ``AdmfRaceNote`` per race (pytest shows them in the warnings summary)."""
    del item
    for race in races:
        warn(AdmfRaceNote(race.text()))
