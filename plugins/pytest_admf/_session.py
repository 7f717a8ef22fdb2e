"""Running one stressed item: its plan, the context around it, and each run of its body.

A stressed item (``test_x[admf-multi]``) runs its function body ``iterations`` times. Each run
gets its own seed and deadline, runs with the runtime checkers on and, in MULTI_THREADED
context, with the controlled scheduler's primitives patched in (so that locks the body creates
are ones the scheduler models). The first failing run ends the item: its exception gets a note
with the run, the seed and the command that replays it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from admf_tsan.context import ThreadingMode
from pytest_admf._checkers import CheckOutcome, runtime_checks
from pytest_admf._deadline import Deadline, interrupt_after
from pytest_admf._replay import (
    AdmfReplayWarning,
    FingerprintChange,
    FingerprintStore,
    run_fingerprint,
)
from pytest_admf._seeds import replay_command, run_seed, seed_of_test
from pytest_admf._settings import MarkerSettings, StressSettings, item_marker
from pytest_admf._stress import RunState
from pytest_admf._summary import PROPERTY
from pytest_admf.scheduler import ControlledScheduler

__all__ = [
    "CONTEXT_PARAM",
    "ItemPlan",
    "RuntimeViolations",
    "STATE_KEY",
    "call_stressed",
    "item_plan",
]

CONTEXT_PARAM = "_admf_context"
"""The parameter that carries a stressed item's context (its id is ``admf-<context>``)."""

STATE_KEY = pytest.StashKey[RunState]()


class RuntimeViolations(AssertionError):
    """The runtime checkers found violations during a run; the message is their report."""


@dataclass(frozen=True)
class ItemPlan:
    """How one stressed item runs: its context, settings (marker applied) and seeds."""

    nodeid: str
    mode: ThreadingMode
    settings: StressSettings
    test_seed: int
    replay_extra: tuple[str, ...]

    def seed_of(self, iteration: int) -> tuple[str | None, int]:
        return run_seed(iteration, base=self.settings.seed, test=self.test_seed)

    def replay(self, seed: int) -> str:
        return replay_command(self.nodeid, seed, self.replay_extra)


def item_plan(
    item: pytest.Item, settings: StressSettings, replay_extra: tuple[str, ...]
) -> ItemPlan | None:
    """The plan of a stressed item, or None when ``item`` is not one."""
    callspec = getattr(item, "callspec", None)
    if not settings.enabled or callspec is None or CONTEXT_PARAM not in callspec.params:
        return None
    name = callspec.params[CONTEXT_PARAM]
    if name is None:  # no context left to run: the item is skipped
        return None
    marker = item_marker(item) or MarkerSettings()
    return ItemPlan(
        item.nodeid,
        ThreadingMode.parse(name),
        marker.apply(settings),
        seed_of_test(settings.seed, item.nodeid),
        replay_extra,
    )


@contextmanager
def _scheduler_scope(
    mode: ThreadingMode, seed: int, strategy: str | None
) -> Iterator[ControlledScheduler | None]:
    if mode is not ThreadingMode.MULTI_THREADED:
        yield None
        return
    scheduler = ControlledScheduler(seed, strategy=strategy or "auto")
    with scheduler.patch_primitives():
        yield scheduler


def _note(error: BaseException, text: str) -> None:
    notes = getattr(error, "__notes__", ())
    if text not in notes:
        error.add_note(text)


def _check_code(
    store: FingerprintStore, plan: ItemPlan, state: RunState, *, failed: bool
) -> FingerprintChange | None:
    """Compare a run's code fingerprint with the one recorded for its seed; record a failure's."""
    current = run_fingerprint(state.fingerprints)
    if current is None:
        return None
    context = plan.mode.short
    change = store.compare(plan.nodeid, context, state.seed, current)
    if failed:
        store.record(plan.nodeid, context, state.seed, current)
    return change


def call_stressed(item: pytest.Function, plan: ItemPlan) -> None:
    """Run the body of ``item`` once per iteration of ``plan``; raise the first failure.

    Leaves an ``admf_stress`` record in ``item.user_properties`` for the terminal summary,
    whether the item passed or failed. A failing MULTI_THREADED run records its code
    fingerprint in pytest's cache under its seed; a run whose seed was recorded against other
    code says so (a note on the failure, an ``AdmfReplayWarning`` when the item passes).
    """
    testargs = {name: item.funcargs[name] for name in item._fixtureinfo.argnames}
    settings = plan.settings
    context = plan.mode.short
    store = FingerprintStore(getattr(item.config, "cache", None))
    changes: list[FingerprintChange] = []
    runs = 0
    violations = 0
    failing: tuple[int, str | None] | None = None
    try:
        for iteration in range(settings.iterations):
            strategy, seed = plan.seed_of(iteration)
            state = RunState(
                plan.mode, seed, Deadline(settings.timeout), iteration, strategy, stressed=True
            )
            item.stash[STATE_KEY] = state
            runs += 1
            failing = (seed, strategy)
            where = (
                f"admf-stress: run {iteration + 1} of {settings.iterations} in context {context}, "
                f"seed {seed}" + (f" ({strategy})" if strategy else "")
            )
            replay = f"replay: {plan.replay(seed)}"
            outcome = CheckOutcome()
            try:
                with interrupt_after(state.deadline, context=context, seed=seed):
                    # The scheduler patches first and the checkers wrap what it patched in:
                    # threading.Lock() is then the checker's lock around a modeled one, so the
                    # lock-order validator sees the locks the body makes and the scheduler
                    # still models every wait. The other way round the modeled factory would
                    # replace the checker's.
                    with _scheduler_scope(plan.mode, seed, strategy) as scheduler:
                        with runtime_checks(settings.timeout) as outcome:
                            state.fatal = outcome.fatal
                            state.scheduler = scheduler
                            item.obj(**testargs)
            except BaseException as error:
                violations += outcome.count
                change = _check_code(store, plan, state, failed=isinstance(error, Exception))
                if outcome.count:
                    _note(error, f"runtime checkers:\n{outcome.text}")
                _note(error, where)
                message = str(error)
                for schedule in state.schedules:
                    if schedule not in message:
                        _note(error, f"schedule: {schedule}")
                _note(error, replay)
                if change is not None:
                    changes.append(change)
                for earlier in changes:
                    _note(error, earlier.message())
                raise
            change = _check_code(store, plan, state, failed=outcome.count > 0)
            if change is not None:
                changes.append(change)
            if outcome.count:
                violations += outcome.count
                lines = [where, *(f"schedule: {text}" for text in state.schedules), replay]
                lines.extend(earlier.message() for earlier in changes)
                raise RuntimeViolations(outcome.text + "\n\n" + "\n".join(lines))
            failing = None
        for change in changes:
            item.warn(AdmfReplayWarning(change.message()))
    finally:
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
