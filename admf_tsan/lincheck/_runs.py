"""Running one scenario under one interleaving and recording its history.

This is the one place that knows how interleavings are made: threaded objects run under the
controlled scheduler (every worker of the parallel part is a scheduled thread; the prefix and
suffix are one-worker runs, so their blocking calls use virtual time and cannot hang), and
objects whose operations are coroutines run as tasks on one seeded event loop.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..scheduler import (
    Choice,
    ControlledScheduler,
    ScheduleReport,
    add_machinery,
    choose_strategy,
    new_seeded_event_loop,
)
from ._history import HistoryEntry, Outcome, Part, Recorder
from ._scenario import Operation, Scenario

__all__ = ["Interleaving", "Run", "plan", "run_scenario"]

# The checker's own frames (recording, calling the operation) are machinery: no switch points
# in them, so every switch point the scheduler chooses is inside the object under test.
add_machinery(os.path.dirname(os.path.abspath(__file__)))


@dataclass(frozen=True)
class Interleaving:
    """How the parallel part of one run was scheduled, and how to schedule it again."""

    kind: Literal["scheduler", "asyncio"]
    number: int
    seed: int
    strategy: str
    summary: str

    def replay_hint(self) -> str:
        """One line saying how this interleaving replays on its own."""
        if self.kind == "scheduler":
            return f"ControlledScheduler({self.seed}, strategy='auto') replays this interleaving"
        return f"new_seeded_event_loop({self.seed}) replays this ready-callback order"


@dataclass(frozen=True)
class Run:
    """The history of one run; ``stuck`` describes operations that never returned, if any.

    ``schedule`` is the scheduler's report of a threaded run (with its trace when recorded).
    """

    history: tuple[HistoryEntry, ...]
    interleaving: Interleaving
    stuck: str | None = None
    schedule: ScheduleReport | None = field(default=None, compare=False, repr=False)


def plan(number: int, base_seed: int) -> tuple[str, int]:
    """Strategy and seed of interleaving ``number``: three random walks, then one PCT run.

    Lincheck's parallel parts are a few dozen switch points long, where a uniform random walk
    finds the races measured in docs/lincheck.md two to five times as often per run as PCT;
    PCT stays in the mix for bugs that need one thread to run a long stretch alone. The seed
    encodes its strategy, so ``ControlledScheduler(seed, strategy="auto")`` replays it.
    """
    iteration = 2 * number if number % 4 == 3 else 2 * number + 1
    return choose_strategy(iteration, base_seed)


def _call_sync(
    target: object, index: int, part: Part, thread: int, op: Operation, recorder: Recorder
) -> None:
    recorder.invoke(index, part, thread, op)
    try:
        outcome = Outcome(value=getattr(target, op.name)(*op.args))
    except Exception as error:  # the exception's type is the result  # noqa: BLE001
        outcome = Outcome(raised=type(error))
    recorder.respond(index, outcome)


async def _call_async(
    target: object, index: int, part: Part, thread: int, op: Operation, recorder: Recorder
) -> None:
    recorder.invoke(index, part, thread, op)
    try:
        outcome = Outcome(value=await getattr(target, op.name)(*op.args))
    except Exception as error:  # the exception's type is the result  # noqa: BLE001
        outcome = Outcome(raised=type(error))
    recorder.respond(index, outcome)


def _numbered(scenario: Scenario) -> list[tuple[Part, int, list[tuple[int, Operation]]]]:
    """Each sequence of the scenario with the global index of its operations."""
    sequences: list[tuple[Part, int, list[tuple[int, Operation]]]] = []
    counter = 0

    def take(ops: Sequence[Operation]) -> list[tuple[int, Operation]]:
        nonlocal counter
        numbered = list(enumerate(ops, counter))
        counter += len(ops)
        return numbered

    sequences.append(("prefix", 0, take(scenario.prefix)))
    for thread, column in enumerate(scenario.parallel):
        sequences.append(("parallel", thread, take(column)))
    sequences.append(("suffix", 0, take(scenario.suffix)))
    return sequences


def _run_threads(
    scenario: Scenario,
    make: Callable[[], object],
    number: int,
    timeout: float,
    record: bool,
    replay: Sequence[Choice] | None,
) -> Run:
    strategy, seed = plan(number, scenario.schedule_seed)
    scheduler = ControlledScheduler(seed, strategy=strategy, record=record, replay=replay)
    recorder = Recorder()
    prefix, *columns, suffix = _numbered(scenario)
    columns = [column for column in columns if column[2]] or [("parallel", 0, [])]
    with scheduler.patch_primitives():
        target = make()
        # One run for the whole scenario (a run costs about a millisecond of thread start-up):
        # worker 0 runs the prefix and then opens the parallel part; the suffix runs after every
        # column finished. The events are modeled, so waiting on them is a switch point, not a
        # real block, and a prefix that deadlocks is reported like any other deadlock.
        started = threading.Event()
        finished = [threading.Event() for _ in columns]

        def run_ops(part: Part, thread: int, ops: list[tuple[int, Operation]]) -> None:
            for index, op in ops:
                _call_sync(target, index, part, thread, op, recorder)

        def worker(position: int) -> Callable[[], None]:
            def body() -> None:
                if position == 0:
                    run_ops(*prefix)
                    started.set()
                else:
                    started.wait()
                run_ops(*columns[position])
                finished[position].set()
                if position == 0:
                    for event in finished:
                        event.wait()
                    run_ops(*suffix)

            return body

        report = scheduler.run([worker(p) for p in range(len(columns))], timeout=timeout)
    stuck = None
    if report.failed:
        never = [e.describe() for e in recorder.history() if e.outcome is None]
        stuck = f"operations that never returned: {', '.join(never) or 'none'}\n{report.summary()}"
    interleaving = Interleaving("scheduler", number, seed, strategy, report.summary())
    return Run(recorder.history(), interleaving, stuck, report)


def _loop_is_idle(loop: asyncio.AbstractEventLoop) -> bool:
    """True when nothing but the caller can run: no ready callback and no live timer.

    Reads the ready queue and timer heap every ``BaseEventLoop`` has (the seeded loop is one);
    a loop without them is never called idle, and only ``timeout`` ends a stuck stage there.
    """
    ready = getattr(loop, "_ready", None)
    scheduled = getattr(loop, "_scheduled", None)
    if ready is None or scheduled is None:
        return False
    return not ready and all(handle.cancelled() for handle in scheduled)


async def _wait_stage(tasks: Sequence[asyncio.Future[None]], timeout: float) -> str | None:
    """Wait for ``tasks``; say why not when every task waits for nothing that can happen.

    Checked every 5 ms (the check's own timer is not pending while it runs): idle three times
    in a row means no callback is ready and no timer can wake a task, a deadlock. Operations
    that wait on real I/O are not modeled; they are only ended by ``timeout``.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    idle_checks = 0
    while True:
        _, pending = await asyncio.wait(tasks, timeout=0.005)
        if not pending:
            return None
        if loop.time() >= deadline:
            return f"did not finish within {timeout:g} s"
        idle_checks = idle_checks + 1 if _loop_is_idle(loop) else 0
        if idle_checks >= 3:
            return "deadlock: every task waits and no callback or timer can wake one"


def _run_tasks(scenario: Scenario, make: Callable[[], object], number: int, timeout: float) -> Run:
    _, seed = plan(number, scenario.schedule_seed)
    recorder = Recorder()
    prefix, *columns, suffix = _numbered(scenario)
    stuck: str | None = None

    async def sequence(
        target: object, part: Part, thread: int, ops: list[tuple[int, Operation]]
    ) -> None:
        for index, op in ops:
            await _call_async(target, index, part, thread, op, recorder)

    async def main() -> None:
        nonlocal stuck
        target = make()
        for stage in ([prefix], [c for c in columns if c[2]], [suffix]):
            tasks = [asyncio.ensure_future(sequence(target, *s)) for s in stage if s[2]]
            if not tasks:
                continue
            why = await _wait_stage(tasks, timeout)
            if why is not None:
                pending = [task for task in tasks if not task.done()]
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                never = [e.describe() for e in recorder.history() if e.outcome is None]
                where = "the parallel part" if stage[0][0] == "parallel" else f"the {stage[0][0]}"
                stuck = (
                    f"{where} {why}: {len(pending)} task(s) cancelled; operations that never "
                    f"returned: {', '.join(never)}"
                )
                return

    loop = new_seeded_event_loop(seed)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
    summary = (
        f"seeded event loop, seed {seed}: {sum(1 for c in columns if c[2])} task(s) in the "
        "parallel part, ready callbacks run in the order the seed decides"
    )
    return Run(
        recorder.history(), Interleaving("asyncio", number, seed, "seeded-loop", summary), stuck
    )


def run_scenario(
    scenario: Scenario,
    make: Callable[[], object],
    *,
    number: int,
    is_async: bool,
    timeout: float,
    record: bool = False,
    replay: Sequence[Choice] | None = None,
) -> Run:
    """Run ``scenario`` on a fresh ``make()`` under interleaving ``number`` of its seed.

    Threaded runs only: ``record`` keeps the scheduler's trace and choices in
    ``run.schedule``; ``replay`` follows those choices instead of the seed's strategy.
    """
    if is_async:
        return _run_tasks(scenario, make, number, timeout)
    return _run_threads(scenario, make, number, timeout, record, replay)
