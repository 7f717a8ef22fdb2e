"""Running one stressed item: the context around it, and each run of its body.

A stressed item (``test_x[admf-multi]``) runs its function body ``iterations`` times. Each run
gets its own seed and deadline, runs with the runtime checkers on and, in MULTI_THREADED
context, with the controlled scheduler's primitives patched in (so that locks the body creates
are ones the scheduler models). The first failing run ends the item: its exception gets a note
with the run, the seed and the command that replays it.
"""

from __future__ import annotations

import gc
import os
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from admf_tsan.context import ThreadingMode
from admf_tsan.scheduler import ControlledScheduler, add_machinery
from pytest_admf.failures import DeadlineExceeded, StressStalled
from pytest_admf.session.body import call_body, probe_body
from pytest_admf.session.checkers import CheckOutcome, runtime_checks
from pytest_admf.session.explain import (
    DataRaceFound,
    explain_failure,
    note_races,
    race_failure,
    race_report,
)
from pytest_admf.session.plan import BUDGET_KEY, TIMEOUT_SETTINGS_KEY, ItemPlan
from pytest_admf.session.replay import (
    AdmfReplayWarning,
    FingerprintChange,
    FingerprintStore,
    run_fingerprint,
)
from pytest_admf.session.state import STATE_KEY, CallRecord, RunState
from pytest_admf.session.summary import PROPERTY
from pytest_admf.settings import StressSettings
from pytest_admf.workers.deadline import Deadline, interrupt_after

__all__ = [
    "ALL_SECONDS",
    "PROBE_SECONDS",
    "AdmfStressSkipped",
    "RuntimeViolations",
    "call_stressed",
]

# The plugin's own frames (the worker bodies around the test's op) are machinery to the
# scheduler: no switch points in them, and left out of the stacks of a deadlock report.
_PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class RuntimeViolations(AssertionError):
    """The runtime checkers found violations during a run; the message is their report."""


@contextmanager
def _scheduler_scope(
    mode: ThreadingMode, seed: int, strategy: str | None, settings: StressSettings
) -> Iterator[ControlledScheduler | None]:
    if mode is not ThreadingMode.MULTI_THREADED:
        yield None
        return
    add_machinery(_PLUGIN_DIR)
    races: Any = settings.races
    scheduler = ControlledScheduler(
        seed, strategy=strategy or "auto", races=races, race_ok=settings.race_ok
    )
    with scheduler.patch_primitives():
        yield scheduler


def _note(error: BaseException, text: str) -> None:
    notes = getattr(error, "__notes__", ())
    if text not in notes:
        error.add_note(text)


def _check_code(
    store: FingerprintStore, plan: ItemPlan, seed: int, calls: list[CallRecord], *, failed: bool
) -> FingerprintChange | None:
    """Compare a run's code fingerprint with the one recorded for its seed; record a failure's."""
    current = run_fingerprint([call.fingerprint for call in calls if call.fingerprint is not None])
    if current is None:
        return None
    context = plan.mode.short
    change = store.compare(plan.nodeid, context, seed, current)
    if failed:
        store.record(plan.nodeid, context, seed, current)
    return change


@contextmanager
def _checks(plan: ItemPlan) -> Iterator[CheckOutcome]:
    """The runtime checkers for a run: on for marked tests, off for ``--admf-stress=all``'s
    unmarked ones (checkers collect violations instead of raising them and wrap the locks the
    body makes, which would change what a test of its own errors or lock types observes)."""
    if plan.probe:
        yield CheckOutcome()
        return
    with runtime_checks(plan.settings.timeout) as outcome:
        yield outcome


def _pause_pytest_timeout(item: pytest.Item) -> None:
    """Cancel pytest-timeout's timer for the runs: the plugin bounds them with the budget."""
    cancel = getattr(item, "cancel_timeout", None)
    if callable(cancel):
        cancel()
        del item.cancel_timeout  # type: ignore[attr-defined]


def _rearm_pytest_timeout(item: pytest.Item, whole: Deadline) -> None:
    """Give pytest-timeout back what is left of the budget, for the item's teardown."""
    settings = item.stash.get(TIMEOUT_SETTINGS_KEY, None)
    if settings is None or not hasattr(settings, "_replace"):
        return
    left = max(whole.remaining(), 1.0)
    item.config.hook.pytest_timeout_set_timer(item=item, settings=settings._replace(timeout=left))


def _scheduled_code(item: pytest.Item) -> str:
    from pytest_admf.session.include import SCHEDULED_KEY, ScheduledCode

    return item.config.stash.get(SCHEDULED_KEY, ScheduledCode()).describe()


PROBE_SECONDS = 0.25
"""``--admf-stress=all``: an unmarked test whose plain run took longer than this runs once only.

Scheduled code runs one to two orders of magnitude slower than plain code (a switch point
before most instructions), so a test that already takes a quarter of a second (a contention
test doing 100,000 increments per thread) would spend its whole ``--admf-timeout`` in every
run; mark such a test ``admf_stress`` with fewer operations to stress it."""


ALL_SECONDS = 5.0
"""``--admf-stress=all``: the seconds of scheduled runs one unmarked test gets (it stops early,
passing, with the runs it made; a marked test always makes all its runs)."""


probe_clock = time.perf_counter
"""The clock that times an unmarked test's plain run against ``PROBE_SECONDS`` (a test of the
rule replaces it with a fake one)."""


class AdmfStressSkipped(UserWarning):
    """``--admf-stress=all`` ran an unmarked test once only (too slow to explore)."""


def _starts_concurrency(item: pytest.Function, testargs: dict[str, Any], plan: ItemPlan) -> bool:
    """``--admf-stress=all``: run the body once, plainly; True when it started a thread or a
    task and took at most ``PROBE_SECONDS`` (else it warns that it ran once only)."""
    __tracebackhide__ = True
    settings = plan.settings
    seed = settings.seed
    deadline = Deadline(settings.timeout)
    started = probe_clock()
    with interrupt_after(deadline, context=plan.mode.short, seed=seed):
        state = RunState(plan.mode, seed, deadline, 0, None, stressed=False)
        item.stash[STATE_KEY] = state
        probed = probe_body(item, testargs, state)
    took = probe_clock() - started
    if probed.started and probed.unschedulable is not None:
        item.warn(
            AdmfStressSkipped(
                f"--admf-stress=all: {item.nodeid} starts threads or tasks but "
                f"{probed.unschedulable}, so it ran once, unscheduled"
            )
        )
        return False
    concurrent = probed.started
    if concurrent and took > PROBE_SECONDS:
        item.warn(
            AdmfStressSkipped(
                f"--admf-stress=all: {item.nodeid} starts threads or tasks but took {took:.2f} s "
                f"plainly (over {PROBE_SECONDS:g} s), so it ran once, unscheduled; mark it "
                "admf_stress (with fewer operations) to stress it"
            )
        )
        return False
    return concurrent


def _collect_abandoned_run() -> None:
    """Collect what a run stopped at its deadline left half done, warnings of coroutines it
    never got to await included.

    The stop unwinds the workers wherever they were: a coroutine created but not yet awaited
    (``run_sync(job())`` between the two) is garbage, and in a reference cycle it would only be
    collected later, so that its "never awaited" warning would land in another test (one
    that checks for such warnings would fail). The stop made that garbage, not the test.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"coroutine .* was never awaited", category=RuntimeWarning
        )
        gc.collect()


def call_stressed(item: pytest.Function, plan: ItemPlan) -> None:
    """Run the body of ``item`` once per iteration of ``plan``; raise the first failure.

    Leaves an ``admf_stress`` record in ``item.user_properties`` for the terminal summary,
    whether the item passed or failed. A failing MULTI_THREADED run records its code
    fingerprint in pytest's cache under its seed; a run whose seed was recorded against other
    code says so (a note on the failure, an ``AdmfReplayWarning`` when the item passes). A
    failing MULTI_THREADED run is explained (shrunk, classified, rendered per worker); a
    passing one fails anyway when the race detector saw a race that breaks invariants.
    """
    __tracebackhide__ = True
    testargs = {name: item.funcargs[name] for name in item._fixtureinfo.argnames}
    settings = plan.settings
    context = plan.mode.short
    store = FingerprintStore(getattr(item.config, "cache", None))
    changes: list[FingerprintChange] = []
    runs = 0
    violations = 0
    failing: tuple[int, str | None] | None = None
    if plan.probe and not _starts_concurrency(item, testargs, plan):
        return  # --admf-stress=all: a test that starts no thread and no task runs once
    budget = item.stash.get(BUDGET_KEY, None)
    whole = Deadline(budget) if budget is not None else None
    if whole is not None:
        _pause_pytest_timeout(item)
    label = (
        f"pytest-timeout's {budget:g} s for all runs of the test"
        if budget is not None
        else "--admf-timeout"
    )
    explored = Deadline(ALL_SECONDS) if plan.probe else None
    try:
        for iteration in plan.runs:
            strategy, seed = plan.seed_of(iteration)
            if explored is not None and explored.expired():
                break  # --admf-stress=all: this test's share of the session is spent
            if whole is not None and whole.expired():
                raise StressStalled(
                    f"{label} ran out after {runs} of {len(plan.runs)} runs, each of which "
                    "passed; give the test a larger --timeout / @pytest.mark.timeout, or "
                    "fewer runs (--admf-iterations)",
                    context=context,
                    seed=seed,
                )
            seconds = (
                settings.timeout if whole is None else min(settings.timeout, whole.remaining())
            )
            if explored is not None:
                seconds = min(seconds, max(explored.remaining(), 1.0))
            deadline = Deadline(seconds)
            calls: list[CallRecord] = []
            runs += 1
            failing = (seed, strategy)
            where = (
                f"admf-stress: run {iteration + 1} of {settings.iterations} in context {context}, "
                f"seed {seed}" + (f" ({strategy})" if strategy else "")
            )
            replay = f"replay: {plan.replay(seed)}"
            outcome = CheckOutcome()
            scheduler: ControlledScheduler | None = None
            try:
                # The lambda reads ``outcome`` late on purpose: the checkers' outcome of
                # this run, bound inside the block.
                with interrupt_after(
                    deadline,
                    context=context,
                    seed=seed,
                    fatal=lambda: outcome.fatal(),  # noqa: B023
                    budget=label if whole is not None and seconds < settings.timeout else None,
                ):
                    # The scheduler patches first and the checkers wrap what it patched in:
                    # threading.Lock() is then the checker's lock around a modeled one, so the
                    # lock-order validator sees the locks the body makes and the scheduler
                    # still models every wait. The other way round the modeled factory would
                    # replace the checker's.
                    with _scheduler_scope(plan.mode, seed, strategy, settings) as scheduler:
                        with _checks(plan) as outcome:
                            state = RunState(
                                plan.mode,
                                seed,
                                deadline,
                                iteration,
                                strategy,
                                scheduler=scheduler,
                                stressed=True,
                                fatal=outcome.fatal,
                                calls=calls,
                            )
                            item.stash[STATE_KEY] = state
                            call_body(item, testargs, state)
            except BaseException as error:
                if plan.probe and isinstance(error, DeadlineExceeded):
                    # --admf-stress=all: a run only slow under the scheduler is not a bug.
                    _collect_abandoned_run()
                    item.warn(
                        AdmfStressSkipped(
                            f"--admf-stress=all: run {iteration + 1} of {item.nodeid} did not "
                            f"finish within {seconds:.1f} s under the scheduler; stopped "
                            f"after {runs - 1} passing run(s). Mark it admf_stress (with fewer "
                            "operations) to stress it"
                        )
                    )
                    runs -= 1
                    failing = None
                    break
                # Explaining replays and shrinks the run many times: an unmarked test under
                # --admf-stress=all is not explained (its replay command, or marking it, is).
                if (
                    isinstance(error, Exception)
                    and not isinstance(error, DataRaceFound)
                    and not plan.probe
                ):
                    explained = explain_failure(
                        item,
                        plan,
                        iteration=iteration,
                        seed=seed,
                        strategy=strategy,
                        error=error,
                        scheduler=scheduler,
                    )
                    if explained is not None:
                        _note(error, explained.text)
                if (
                    isinstance(error, DeadlineExceeded)
                    and whole is not None
                    and label not in str(error)
                ):
                    # The scheduler's own timeout can end the run before the watchdog does:
                    # either way the limit that ran out is the budget's.
                    _note(error, f"this run's limit ({seconds:.2f} s) was what was left of {label}")
                violations += outcome.count
                change = _check_code(store, plan, seed, calls, failed=isinstance(error, Exception))
                if outcome.count:
                    _note(error, f"runtime checkers:\n{outcome.text}")
                _note(error, where)
                if scheduler is not None:
                    _note(error, _scheduled_code(item))
                message = str(error)
                for call in calls:
                    if call.schedule and call.schedule not in message:
                        _note(error, f"schedule: {call.schedule}")
                _note(error, replay)
                if change is not None:
                    changes.append(change)
                for earlier in changes:
                    _note(error, earlier.message())
                raise
            change = _check_code(store, plan, seed, calls, failed=outcome.count > 0)
            if change is not None:
                changes.append(change)
            if outcome.count:
                violations += outcome.count
                schedules = [call.schedule for call in calls if call.schedule]
                lines = [where, *(f"schedule: {text}" for text in schedules), replay]
                lines.extend(earlier.message() for earlier in changes)
                raise RuntimeViolations(outcome.text + "\n\n" + "\n".join(lines))
            if scheduler is not None:
                failing_races, notes = race_report(scheduler.reports, settings.races)
                if failing_races:
                    raise DataRaceFound(
                        race_failure(item, plan, seed, scheduler.reports, failing_races, where)
                    )
                note_races(item, notes, item.warn)
            failing = None
        for change in changes:
            item.warn(AdmfReplayWarning(change.message()))
    finally:
        if whole is not None:
            _rearm_pytest_timeout(item, whole)
        seed_value, strategy_value = failing if failing is not None else (None, None)
        item.user_properties.append(
            (
                PROPERTY,
                {
                    "context": context,
                    "runs": runs,
                    "planned": settings.iterations,
                    "violations": violations,
                    "seed": seed_value,
                    "strategy": strategy_value,
                    "replay": plan.replay(seed_value) if seed_value is not None else None,
                    "code_changes": [change.as_record() for change in changes],
                },
            )
        )
