"""Benchmark admf_tsan.lincheck against hand-written invariant tests of the same objects.

On the 12 objects of ``fixtures/lincheck`` (each a correct version and a buggy twin):

* throughput: histories checked per second by the Wing & Gong search alone, and whole
  scenario runs (object made, run under the controlled scheduler, history checked) per
  second, for 2x3 and 3x3 parallel parts (threads x operations, plus a 2-operation prefix and
  suffix), on scenarios drawn uniformly at random;
* time to find each bug with ``check_linearizable`` at its defaults (hypothesis' default
  profile: 100 scenarios x 10 interleavings, database off): the time to the first failing
  history and the total with hypothesis' shrinking and the explained interleaving (the
  failing schedule replayed with recording and shrunk), and the verdict on the correct twin;
  and once more for each buggy object with the budget ``pytest --admf-stress`` gives (1000
  scenarios: hypothesis' profile with 10x its examples);
* the hand-written invariant test of each object (``workload`` on two workers, then
  ``invariant``): 100 runs on plain threads released by a barrier (switch interval 1 us) or
  tasks on a plain asyncio loop, and 100 runs under the controlled scheduler / seeded loop
  (``choose_strategy``, as ``pytest --admf-stress`` runs it).

Prints a markdown table (it does not write docs/benchmarks.md). Run:
``python benchmarks/bench_lincheck.py`` (a few minutes).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "lincheck"
sys.path.insert(0, str(FIXTURES))
sys.path.insert(0, str(HERE))
from _cases import Case, all_cases  # noqa: E402
from _report import write_section  # noqa: E402
from hypothesis import settings  # noqa: E402

from admf_tsan.lincheck import (  # noqa: E402
    NotLinearizable,
    Operation,
    Scenario,
    _api,  # noqa: E402
    check_linearizable,
)
from admf_tsan.lincheck._checker import check_history  # noqa: E402
from admf_tsan.lincheck._runs import run_scenario  # noqa: E402
from admf_tsan.scheduler import ControlledScheduler, choose_strategy, new_seeded_event_loop  # noqa: E402

INVARIANT_RUNS = 100
# What ``pytest --admf-stress`` gives a check: 10x the profile's 100 examples.
STRESS_EXAMPLES = 1000
LINCHECK_REPEATS = 3  # hypothesis draws other scenarios each time (its seed is not fixed)
THROUGHPUT_SCENARIOS = 40
WORKERS = 2


@dataclass(frozen=True)
class Found:
    found: bool
    how: str = ""
    runs: int = 0
    seconds: float = 0.0

    def cell(self) -> str:
        if not self.found:
            return f"pass ({self.seconds:.2f} s)"
        return f"**found** run {self.runs}, {self.seconds:.2f} s ({self.how})"


# -- throughput ------------------------------------------------------------------------------


def random_scenario(case: Case, rng: random.Random, threads: int, ops: int) -> Scenario:
    names = list(case.operations)

    def draw() -> Operation:
        name = rng.choice(names)
        spec = case.operations[name]
        strategies = () if spec is None else spec if isinstance(spec, tuple) else (spec,)
        return Operation(name, tuple(_sample(s, rng) for s in strategies))

    return Scenario(
        prefix=tuple(draw() for _ in range(2)),
        parallel=tuple(tuple(draw() for _ in range(ops)) for _ in range(threads)),
        suffix=tuple(draw() for _ in range(2)),
        schedule_seed=rng.randrange(2**16),
    )


def _sample(strategy: Any, rng: random.Random) -> object:
    # The fixtures use integers(a, b) and sampled_from(...); read their bounds from the repr.
    text = repr(strategy)
    if text.startswith("integers("):
        low, high = (int(x.split("=")[-1]) for x in text[9:-1].split(","))
        return rng.randint(low, high)
    if text.startswith("sampled_from("):
        return rng.choice(eval(text[13:-1]))  # noqa: S307 - a literal list from our fixtures
    raise ValueError(f"cannot sample {text}")


def throughput(cases: list[Case], threads: int, ops: int) -> tuple[float, float, int]:
    """(histories checked per second, scenario runs per second, histories) over all cases."""
    rng = random.Random(f"{threads}x{ops}")
    histories = []
    run_seconds = 0.0
    runs = 0
    for case in cases:
        for _ in range(THROUGHPUT_SCENARIOS):
            scenario = random_scenario(case, rng, threads, ops)
            start = time.perf_counter()
            run = run_scenario(
                scenario, case.correct, number=runs, is_async=case.is_async, timeout=10.0
            )
            check_history(run.history, case.model, case.partition)
            run_seconds += time.perf_counter() - start
            runs += 1
            if run.stuck is None:
                histories.append((run.history, case))
    start = time.perf_counter()
    for history, case in histories:
        check_history(history, case.model, case.partition)
    check_seconds = time.perf_counter() - start
    return len(histories) / check_seconds, runs / run_seconds, len(histories)


# -- lincheck time to find -------------------------------------------------------------------


def lincheck_find(case: Case, variant: str, max_examples: int = 100) -> tuple[Found, float | None]:
    """check_linearizable at its defaults (or ``max_examples`` scenarios), and the first failure."""
    first: list[float] = []
    original = _api._ScenarioChecker._fail

    def timed_fail(self: Any, *args: Any) -> None:
        if not first:
            first.append(time.perf_counter())
        original(self, *args)

    _api._ScenarioChecker._fail = timed_fail  # type: ignore[method-assign]
    start = time.perf_counter()
    try:
        check_linearizable(
            getattr(case, variant),
            case.model,
            case.operations,
            partition=case.partition,
            settings=settings(database=None, max_examples=max_examples),
            **case.options,
        )
        return Found(False, seconds=time.perf_counter() - start), None
    except NotLinearizable as error:
        seconds = time.perf_counter() - start
        how = str(error).splitlines()[0].split(":")[0]
        return Found(True, how, 0, seconds), first[0] - start if first else None
    finally:
        _api._ScenarioChecker._fail = original  # type: ignore[method-assign]


# -- hand-written invariant tests ------------------------------------------------------------


def _threads_once(case: Case, variant: str) -> str | None:
    target = getattr(case, variant)()
    barrier = threading.Barrier(WORKERS)
    results: list[Any] = [None] * WORKERS
    errors: list[BaseException] = []

    def body(worker: int) -> None:
        try:
            barrier.wait(5)
            results[worker] = case.workload(target, worker)
        except BaseException as error:  # noqa: BLE001 - counted as found
            errors.append(error)

    threads = [threading.Thread(target=body, args=(w,), daemon=True) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    if any(thread.is_alive() for thread in threads):
        return "hang"
    if errors:
        return type(errors[0]).__name__
    try:
        case.invariant(target, results)
    except AssertionError:
        return "invariant"
    return None


def _tasks_once(case: Case, variant: str, loop: asyncio.AbstractEventLoop) -> str | None:
    async def main() -> str | None:
        target = getattr(case, variant)()
        tasks = [asyncio.ensure_future(case.workload(target, w)) for w in range(WORKERS)]
        done, pending = await asyncio.wait(tasks, timeout=5)
        if pending:
            return "hang"
        for task in done:
            if task.exception() is not None:
                return type(task.exception()).__name__
        try:
            case.invariant(target, [task.result() for task in tasks])
        except AssertionError:
            return "invariant"
        return None

    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()


def invariant_plain(case: Case, variant: str) -> Found:
    start = time.perf_counter()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for run in range(INVARIANT_RUNS):
            if case.is_async:
                how = _tasks_once(case, variant, asyncio.new_event_loop())
            else:
                how = _threads_once(case, variant)
            if how:
                return Found(True, how, run + 1, time.perf_counter() - start)
    finally:
        sys.setswitchinterval(old)
    return Found(False, seconds=time.perf_counter() - start)


def invariant_scheduled(case: Case, variant: str) -> Found:
    start = time.perf_counter()
    for run in range(INVARIANT_RUNS):
        strategy, seed = choose_strategy(run, 0)
        if case.is_async:
            how = _tasks_once(case, variant, new_seeded_event_loop(seed))
        else:
            scheduler = ControlledScheduler(seed, strategy=strategy)
            results: list[Any] = [None] * WORKERS
            with scheduler.patch_primitives():
                target = getattr(case, variant)()

                def body(worker: int, target: Any = target, results: list[Any] = results) -> None:
                    results[worker] = case.workload(target, worker)

                bodies: list[Callable[[], None]] = [(lambda w=w: body(w)) for w in range(WORKERS)]
                report = scheduler.run(bodies, timeout=30)
            how = None
            if report.deadlock:
                how = "deadlock"
            elif report.failures:
                how = type(report.failures[0].exception).__name__
            else:
                try:
                    case.invariant(target, results)
                except AssertionError:
                    how = "invariant"
        if how:
            return Found(True, how, run + 1, time.perf_counter() - start)
    return Found(False, seconds=time.perf_counter() - start)


# -- report ----------------------------------------------------------------------------------


def main() -> None:
    begin = time.perf_counter()
    cases = all_cases()
    threaded = [case for case in cases if not case.is_async]
    rows_throughput = []
    for threads, ops in ((2, 3), (3, 3)):
        checked, runs, count = throughput(threaded, threads, ops)
        rows_throughput.append(
            f"| {threads}x{ops} (+2 prefix, +2 suffix) | {count} | {checked:,.0f} | {runs:,.0f} |"
        )
    rows = []
    totals = {"lincheck": 0, "invariant, plain": 0, "invariant, scheduler": 0}
    alarms = dict.fromkeys(totals, 0)
    firsts = []
    totals_stress = 0
    for case in cases:
        for variant in ("buggy", "correct"):
            repeats = [lincheck_find(case, variant) for _ in range(LINCHECK_REPEATS)]
            stress = "not run"
            if variant == "buggy":
                found, first = lincheck_find(case, variant, STRESS_EXAMPLES)
                totals_stress += found.found
                stress = (
                    f"**found**: first {first:.2f} s, shrunk {found.seconds:.2f} s"
                    if found.found and first is not None
                    else f"pass ({found.seconds:.2f} s)"
                )
            plain = invariant_plain(case, variant)
            scheduled = invariant_scheduled(case, variant)
            bucket = totals if variant == "buggy" else alarms
            bucket["lincheck"] += repeats[0][0].found
            bucket["invariant, plain"] += plain.found
            bucket["invariant, scheduler"] += scheduled.found
            hits = [(found, first) for found, first in repeats if found.found]
            if hits and variant == "buggy":
                firsts.extend(first for _, first in hits if first is not None)
            if hits:
                first_median = statistics.median(f for _, f in hits if f is not None)
                shrunk_median = statistics.median(found.seconds for found, _ in hits)
                lin = (
                    f"**found** {len(hits)}/{len(repeats)}: first {first_median:.2f} s, "
                    f"shrunk {shrunk_median:.2f} s"
                )
            else:
                seconds = statistics.median(found.seconds for found, _ in repeats)
                lin = f"pass {len(repeats)}/{len(repeats)} ({seconds:.2f} s)"
            rows.append(
                f"| {case.name} | {variant} | {lin} | {stress} | {plain.cell()} "
                f"| {scheduled.cell()} |"
            )
            print(rows[-1], file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - begin
    lines = [
        "## Linearizability checking (`admf_tsan.lincheck`)",
        "",
        "Throughput on random scenarios of the 10 threaded correct objects "
        f"({THROUGHPUT_SCENARIOS} per object): the Wing & Gong search alone, and whole runs "
        "(fresh object, one controlled-scheduler run, history checked).",
        "",
        "| scenario shape | histories | histories checked / s | scenario runs / s |",
        "| --- | --- | --- | --- |",
        *rows_throughput,
        "",
        f"Bugs found, of {len(cases)} buggy objects (false alarms on the {len(cases)} correct "
        "twins): "
        + "; ".join(f"{tool} {totals[tool]} ({alarms[tool]})" for tool in totals)
        + f"; lincheck with the --admf-stress budget {totals_stress} (correct twins not run).",
        "",
        "lincheck: `check_linearizable` at its defaults (100 scenarios x 10 interleavings, "
        "2 threads x 3 operations, prefix and suffix up to 2), repeated "
        f"{LINCHECK_REPEATS} times with hypothesis' random seed; medians of the time to the "
        "first non-linearizable history and of the total including hypothesis' shrinking "
        "and the explanation of the interleaving (replayed with recording, schedule shrunk). "
        "The summary counts the first repeat. "
        f"Median time to the first failure: {statistics.median(firsts):.2f} s. "
        f"Invariant tests: the object's hand-written workload and invariant, {INVARIANT_RUNS} "
        "runs on plain threads (asyncio: a plain loop), then under the controlled scheduler "
        "(asyncio: the seeded loop).",
        "",
        f"lincheck, stress: once with the budget `pytest --admf-stress` gives ({STRESS_EXAMPLES} "
        "scenarios), buggy objects only (a correct object's check would run 10x as long).",
        "",
        "| object | variant | lincheck | lincheck, stress | invariant test, plain "
        "| invariant test, scheduler |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        f"Whole benchmark: {elapsed:.0f} s.",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    # The section heading is the page's; write_section adds the machine line.
    write_section("lincheck", markdown)


if __name__ == "__main__":
    main()
