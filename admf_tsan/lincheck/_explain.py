"""The interleaving behind a failure, explained: per worker, file:line and the shared access.

A non-linearizable run of a threaded object is replayed from its seed with the scheduler
recording, its schedule is shrunk by the scheduler's delta debugging to the fewest preemptions
that still give a history the model cannot explain (or operations that never return), and the
trace of that replay is classified and printed by the scheduler's explainer (``lost update:
workers 1 and 0 both read RacyCounter._value before either wrote it back``, then the steps of
each worker turn). Coroutine objects run on the seeded loop, which records no trace: they get
no explanation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..scheduler import Choice, explain, shrink_schedule
from ._checker import Partition, check_history
from ._runs import Run, run_scenario
from ._scenario import Scenario

if TYPE_CHECKING:
    # Types only: the trace is ScheduleReport.trace, which the scheduler's face types with them.
    from ..scheduler._record import Event, Recorder

__all__ = ["explain_interleaving"]

# Shrinking stops after this many replays or seconds, keeping the smallest schedule found. A
# replay runs the whole scenario (about a millisecond of thread start-up plus the object).
SHRINK_RUNS = 100
SHRINK_SECONDS = 5.0


def _fails(run: Run, model: Callable[[], object], partition: Partition | None) -> str | None:
    """How ``run`` fails: "stuck", "not linearizable", or None when the model explains it."""
    if run.stuck is not None:
        return "stuck"
    if not check_history(run.history, model, partition).linearizable:
        return "not linearizable"
    return None


def _hide_checker_steps(trace: Recorder) -> None:
    """Drop the checker's own synchronization (opening the parallel part, waiting for it).

    Those modeled events are set and waited on in the checker's frames only, so their steps
    have no site of user code and say nothing about the object. A preemption that landed on
    one is moved to the worker's next step.
    """
    kept: list[Event] = []
    moved: set[int] = set()
    for event in trace.events:
        if event.site is None and not event.is_access:
            if event.preempted:
                moved.add(event.worker)
            continue
        if event.worker in moved:
            moved.discard(event.worker)
            event.preempted = True
        kept.append(event)
    trace.events[:] = kept


def _workers(scenario: Scenario) -> str:
    threads = [t for t, column in enumerate(scenario.parallel) if column] or [0]
    names = [f"worker {w} runs thread {t}" for w, t in enumerate(threads)]
    if scenario.prefix or scenario.suffix:
        names[0] += " (and the prefix and suffix)"
    return ", ".join(names)


def explain_interleaving(
    scenario: Scenario,
    run: Run,
    make: Callable[[], object],
    model: Callable[[], object],
    *,
    partition: Partition | None,
    timeout: float,
) -> tuple[Run, list[str]]:
    """The run to report and the lines explaining how it interleaved.

    The run is the replay of ``run``'s seed along the shrunk schedule (its history is what the
    message then shows), or ``run`` itself when nothing was explained: coroutine objects (no
    lines), or a replay that did not fail again (real timing took part; a line says so).
    Never raises for what the replays do.
    """
    if run.interleaving.kind != "scheduler":
        return run, []
    number = run.interleaving.number

    def replay(choices: Sequence[Choice] | None) -> Run:
        return run_scenario(
            scenario,
            make,
            number=number,
            is_async=False,
            timeout=timeout,
            record=True,
            replay=choices,
        )

    wanted = _fails(run, model, partition)
    recorded = replay(None)
    if recorded.schedule is None or _fails(recorded, model, partition) != wanted:
        return run, [
            "the interleaving did not fail again when replayed with recording on (a worker "
            "blocked in a call the scheduler does not model, so real timing took part)"
        ]
    original = recorded.schedule.choices

    def still_fails(choices: Sequence[Choice]) -> bool:
        return _fails(replay(choices), model, partition) == wanted

    shrunk, replays = shrink_schedule(
        original, still_fails, max_runs=SHRINK_RUNS, max_seconds=SHRINK_SECONDS
    )
    final = replay(shrunk)
    if _fails(final, model, partition) != wanted:
        shrunk, replays, final = list(original), 0, recorded
    schedule = final.schedule
    if schedule is None or schedule.trace is None:  # pragma: no cover - recording was on
        return run, []
    _hide_checker_steps(schedule.trace)
    explanation = explain(
        schedule.trace,
        deadlock=schedule.deadlock is not None,
        original=original,
        shrunk=shrunk,
        replays=replays,
    )
    return final, [*explanation.text().splitlines(), f"({_workers(scenario)})"]
