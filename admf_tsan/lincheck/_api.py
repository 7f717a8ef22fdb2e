"""``check_linearizable``: hypothesis draws scenarios, each runs under several interleavings."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, given
from hypothesis.errors import Flaky

from ._checker import Partition, Verdict, check_history
from ._errors import LincheckUsageError, NotLinearizable
from ._explain import explain_interleaving
from ._history import HistoryEntry
from ._model import check_deterministic, check_methods
from ._report import describe_failure
from ._runs import Run, run_scenario
from ._scenario import ArgumentsSpec, OperationsSpec, Scenario, scenarios

__all__ = ["check_linearizable"]


def _history_signature(history: tuple[HistoryEntry, ...]) -> Hashable:
    return tuple((e.index, repr(e.outcome), e.invoked, e.responded) for e in history)


@dataclass(frozen=True)
class _Failure:
    """A failing run, kept so that only the final (shrunk) failure gets explained."""

    scenario: Scenario
    run: Run
    verdict: Verdict | None
    error: NotLinearizable


class _ScenarioChecker:
    """Runs a scenario under its interleavings and checks every distinct history."""

    def __init__(
        self,
        make: Callable[[], object],
        model: Callable[[], object],
        *,
        threads: int,
        interleavings: int,
        partition: Partition | None,
        is_async: bool,
        timeout: float,
    ) -> None:
        self.make = make
        self.model = model
        self.threads = threads
        self.interleavings = interleavings
        self.partition = partition
        self.is_async = is_async
        self.timeout = timeout
        self.runs = 0
        self.histories_checked = 0
        self.last_failure: _Failure | None = None
        # A usage error is no verdict: it is kept here and raised after hypothesis returns,
        # so hypothesis neither shrinks it nor prints a seed for it.
        self.usage_error: LincheckUsageError | None = None

    def _fail(self, scenario: Scenario, run: Run, verdict: Verdict | None) -> None:
        message = describe_failure(
            scenario, run, verdict, interleavings=self.interleavings, threads=self.threads
        )
        error = NotLinearizable(message)
        self.last_failure = _Failure(scenario, run, verdict, error)
        raise error

    def explain(self, error: BaseException) -> NotLinearizable | None:
        """The last failure, its message completed with the explained interleaving.

        Replaying and shrinking a schedule costs up to a few seconds, so it is done once, for
        the failure hypothesis reports (the last one raised), not for every failing example
        met while shrinking. None when there was no failure.
        """
        failure = self.last_failure
        if failure is None:
            return None
        if error is not failure.error and isinstance(error, NotLinearizable):
            return None  # not ours: leave it as it is
        try:
            shown, lines = explain_interleaving(
                failure.scenario,
                failure.run,
                self.make,
                self.model,
                partition=self.partition,
                timeout=self.timeout,
            )
            verdict = failure.verdict
            if shown is not failure.run and shown.stuck is None:
                verdict = check_history(shown.history, self.model, self.partition)
        except Exception as explaining:  # the verdict stands without its explanation  # noqa: BLE001
            shown, verdict = failure.run, failure.verdict
            lines = [f"(the interleaving could not be explained: {explaining!r})"]
        failure.error.args = (
            describe_failure(
                failure.scenario,
                shown,
                verdict,
                interleavings=self.interleavings,
                threads=self.threads,
                explanation=lines,
                interleaving=failure.run.interleaving,
            ),
        )
        return failure.error

    def check(self, scenario: Scenario) -> None:
        """Raise NotLinearizable for the first run of ``scenario`` the model cannot explain.

        A usage error found on the way is stored in ``usage_error``; later scenarios are then
        skipped.
        """
        if self.usage_error is not None:
            return
        try:
            self._check(scenario)
        except LincheckUsageError as error:
            self.usage_error = error

    def _check(self, scenario: Scenario) -> None:
        check_deterministic(self.model, scenario.operations())
        checked: set[Hashable] = set()
        for number in range(self.interleavings):
            run = run_scenario(
                scenario, self.make, number=number, is_async=self.is_async, timeout=self.timeout
            )
            self.runs += 1
            if run.stuck is not None:
                self._fail(scenario, run, None)
            signature = _history_signature(run.history)
            if signature in checked:
                continue
            checked.add(signature)
            self.histories_checked += 1
            verdict = check_history(run.history, self.model, self.partition)
            if not verdict.linearizable:
                self._fail(scenario, run, verdict)


def _settings(user: hypothesis.settings | None, budget: int | None) -> hypothesis.settings:
    stock = hypothesis.settings.get_profile("default")
    base = user if user is not None else hypothesis.settings()
    max_examples = budget if budget is not None else base.max_examples
    deadline = base.deadline
    if deadline == stock.deadline:
        # One example runs several interleavings under a scheduler: hypothesis' stock 200 ms
        # per example is not a property of the code under test.
        deadline = None
    return hypothesis.settings(
        base,
        max_examples=max_examples,
        deadline=deadline,
        report_multiple_bugs=False,
        # The explain phase reports lines of the checker's own code; the message says why.
        phases=[phase for phase in base.phases if phase is not Phase.explain],
        suppress_health_check=[*base.suppress_health_check, HealthCheck.too_slow],
    )


def _database_digest(
    make: Callable[[], object], model: Callable[[], object], spec: OperationsSpec, shape: str
) -> bytes:
    """Key the example database by call site, so two checks never replay each other's examples."""
    parts = [
        os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0],
        getattr(make, "__module__", "") or "",
        getattr(make, "__qualname__", "") or "",
        getattr(model, "__module__", "") or "",
        getattr(model, "__qualname__", "") or "",
        ",".join(spec.names),
        shape,
    ]
    return hashlib.sha256("\x00".join(parts).encode()).digest()


def check_linearizable(
    make: Callable[[], object],
    model: Callable[[], object],
    operations: Mapping[str, ArgumentsSpec],
    *,
    threads: int = 2,
    max_ops: int = 3,
    prefix_ops: int = 2,
    suffix_ops: int = 2,
    interleavings: int = 10,
    partition: Partition | None = None,
    budget: int | None = None,
    settings: hypothesis.settings | None = None,
    timeout: float = 10.0,
    replay: Scenario | None = None,
) -> None:
    """Check that every history of ``make()`` under concurrency is explained by ``model()``.

    Hypothesis draws scenarios: up to ``prefix_ops`` sequential operations, then ``threads``
    columns of 1 to ``max_ops`` operations run in parallel, then up to ``suffix_ops``
    sequential ones. ``operations`` maps a method name to None (no argument), a strategy (one
    argument) or a tuple of strategies. Each scenario runs on a fresh object under
    ``interleavings`` schedules of the controlled scheduler (tasks on a seeded event loop when
    the object's methods are coroutines); every distinct history is checked against the
    sequential model (Wing & Gong with memoization). An operation's result is its return value
    or the type of the exception it raised. ``partition(name, args) -> key`` splits histories
    into independently checked keys (None: the operation touches every key).

    ``budget`` is the number of scenarios (default: ``max_examples`` of ``settings``, else of
    the current hypothesis settings profile); ``settings`` replaces the current profile.
    ``timeout`` bounds one run in wall-clock seconds (for coroutines: each of its prefix,
    parallel part and suffix). ``replay`` runs one scenario (as printed in a failure) without
    hypothesis. ``make`` and ``model`` must return a fresh object on every call.

    Returns quietly when every history was linearizable. Raises NotLinearizable (an
    AssertionError) with the shrunk scenario, its results, the longest linearizable prefix,
    the interleaving and how to replay it (also when operations never return: a deadlock);
    InvalidOperation, NondeterministicModel, UnhashableModelState or another
    LincheckUsageError when the check cannot be made.
    """
    spec = OperationsSpec.parse(operations)
    for name, value, low in (("threads", threads, 1), ("max_ops", max_ops, 1),
                             ("prefix_ops", prefix_ops, 0), ("suffix_ops", suffix_ops, 0),
                             ("interleavings", interleavings, 1)):  # fmt: skip
        if not isinstance(value, int) or value < low:
            raise LincheckUsageError(f"{name} must be an int >= {low}, got {value!r}")
    if not timeout > 0:
        raise LincheckUsageError(f"timeout must be > 0 seconds, got {timeout!r}")
    if budget is not None and (not isinstance(budget, int) or budget < 1):
        raise LincheckUsageError(f"budget must be an int >= 1, got {budget!r}")
    target, specification = make(), model()
    for role, factory, made in (("make", make, target), ("model", model, specification)):
        if factory() is made:
            raise LincheckUsageError(
                f"{role}() returned the same object twice; it must build a fresh one per call "
                "(every run starts from a new object and a new model)"
            )
    is_async = check_methods(target, specification, spec)
    checker = _ScenarioChecker(
        make,
        model,
        threads=threads,
        interleavings=interleavings,
        partition=partition,
        is_async=is_async,
        timeout=timeout,
    )
    if replay is not None:
        try:
            checker.check(replay)
        except NotLinearizable as error:
            raise (checker.explain(error) or error) from None
        if checker.usage_error is not None:
            raise checker.usage_error
        return

    strategy = scenarios(
        spec, threads=threads, max_ops=max_ops, prefix_ops=prefix_ops, suffix_ops=suffix_ops
    )

    @given(strategy)
    def run_one(scenario: Scenario) -> None:
        checker.check(scenario)

    test: Any = _settings(settings, budget)(run_one)
    shape = f"{threads}x{max_ops}+{prefix_ops}+{suffix_ops}"
    # hypothesis' own hook for tests that share a function body (as its stateful tests do).
    test.hypothesis.inner_test._hypothesis_internal_add_digest = _database_digest(
        make, model, spec, shape
    )
    try:
        test()
    except (Flaky, NotLinearizable) as error:
        # A broken model makes any verdict meaningless: its error wins.
        if checker.usage_error is not None:
            raise checker.usage_error from None
        failure = checker.explain(error)
        if not isinstance(error, Flaky) or failure is None:
            raise
        failure.add_note(
            "hypothesis could not reproduce this failure when it re-ran the example "
            f"({type(error).__name__}): the object behaves differently between runs of the "
            "same interleaving (real timing, or state kept across instances)"
        )
        raise failure from None
    if checker.usage_error is not None:
        raise checker.usage_error
