"""Benchmark the controlled scheduler against plain threads, pytest-run-parallel and frontrun.

Side by side, in one run of this script, on the threaded half of the fixtures corpus
(``fixtures/components``, 12 bug patterns, each with a correct twin):

* admf-tsan: ``ControlledScheduler`` with the plugin's default budget (50 runs, the seeds and
  strategies of ``choose_strategy``), stopping at the first failing run; repeated over several
  base seeds to give a detection rate, not one lucky seed.
* plain threads: the same workers as real threads released by a barrier, switch interval 1 us,
  50 runs; a run whose threads do not finish within 1 s counts as found "by hanging".
* pytest-run-parallel: a generated test file per pattern, 50 rounds, run by pytest with
  ``--parallel-threads``; a hang is cut by pytest-timeout.
* frontrun: ``frontrun.explore`` with its DPOR strategy (3 s budget) and its random strategy
  (50 attempts), under the ``frontrun`` CLI it requires.

interleave-test needs Python >= 3.12 and cannot be installed on this interpreter.

Plus the scheduler's overhead per switch point (opcode and line granularity) and per switch.
Run: ``python benchmarks/bench_scheduler.py`` (about two minutes).
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "fixtures" / "components"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(CORPUS))

BUDGET = 50  # the plugin's default --admf-iterations
BASE_SEEDS = (0, 1, 2, 3, 4)
PLAIN_HANG_SECONDS = 1.0
FRONTRUN_DPOR_SECONDS = 3.0
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Outcome:
    """One tool on one pattern variant: did it fail, how, after how many runs and seconds."""

    found: bool
    how: str = ""
    runs: int = 0
    seconds: float = 0.0

    def cell(self) -> str:
        if not self.found:
            return f"pass ({self.seconds:.2f} s)"
        how = f", {self.how}" if self.how else ""
        runs = f"run {self.runs}, " if self.runs else ""
        return f"**fail** ({runs}{self.seconds:.2f} s{how})"


def threaded_patterns() -> list[dict[str, Any]]:
    with open(CORPUS / "manifest.toml", "rb") as handle:
        manifest = tomllib.load(handle)
    return [p for p in manifest["pattern"] if p["kind"] == "threaded"]


def worker_bodies(scenario: Any, workers: int) -> list[Callable[[], None]]:
    def body(index: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(scenario.times):
                scenario.op(index)

        return run

    return [body(index) for index in range(workers)]


def check_fails(scenario: Any) -> str:
    try:
        scenario.check()
    except AssertionError as error:
        return f"check: {str(error)[:40]}"
    return ""


# -- admf-tsan -------------------------------------------------------------------------------


def admf_detect(module: Any, variant: str, workers: int, base_seed: int) -> Outcome:
    from admf_tsan.scheduler import ControlledScheduler, choose_strategy

    start = time.perf_counter()
    for iteration in range(BUDGET):
        strategy, seed = choose_strategy(iteration, base_seed)
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives():
            scenario = module.scenario(variant, workers)
            report = scheduler.run(worker_bodies(scenario, workers), timeout=30)
        if report.deadlock:
            how = "hang" if report.timed_out else "deadlock"
        elif report.failures:
            how = type(report.failures[0].exception).__name__
        else:
            how = check_fails(scenario) and "check"
        if how:
            return Outcome(True, f"{how}, {strategy}", iteration + 1, time.perf_counter() - start)
    return Outcome(False, seconds=time.perf_counter() - start)


# -- plain threads ---------------------------------------------------------------------------


def plain_detect(module: Any, variant: str, workers: int) -> Outcome:
    start = time.perf_counter()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for iteration in range(BUDGET):
            scenario = module.scenario(variant, workers)
            barrier = threading.Barrier(workers)
            errors: list[BaseException] = []

            def run(
                body: Callable[[], None],
                barrier: threading.Barrier = barrier,
                errors: list[BaseException] = errors,
            ) -> None:
                try:
                    barrier.wait(5)
                    body()
                except BaseException as error:  # noqa: B036 - recorded for the table
                    errors.append(error)

            threads = [
                threading.Thread(target=run, args=(body,), daemon=True)
                for body in worker_bodies(scenario, workers)
            ]
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + PLAIN_HANG_SECONDS
            for thread in threads:
                thread.join(max(0.0, deadline - time.monotonic()))
            if any(thread.is_alive() for thread in threads):
                return Outcome(True, "hang", iteration + 1, time.perf_counter() - start)
            if errors:
                name = type(errors[0]).__name__
                return Outcome(True, name, iteration + 1, time.perf_counter() - start)
            if check_fails(scenario):
                return Outcome(True, "check", iteration + 1, time.perf_counter() - start)
    finally:
        sys.setswitchinterval(old)
    return Outcome(False, seconds=time.perf_counter() - start)


# -- pytest-run-parallel ---------------------------------------------------------------------

RUN_PARALLEL_TEMPLATE = """
import pytest
import {module} as pattern

SCENARIOS = [pattern.scenario({variant!r}, {workers}) for _ in range({rounds})]


@pytest.mark.parametrize("round_", range({rounds}))
def test_a_run(round_, thread_index):
    scenario = SCENARIOS[round_]
    for _ in range(scenario.times):
        scenario.op(thread_index)


@pytest.mark.parallel_threads(1)
@pytest.mark.parametrize("round_", range({rounds}))
def test_b_check(round_):
    SCENARIOS[round_].check()
"""


def run_parallel_detect(pattern: dict[str, Any], variant: str, workers: int) -> Outcome:
    with tempfile.TemporaryDirectory() as folder:
        test_file = Path(folder) / f"test_rp_{pattern['module']}.py"
        test_file.write_text(
            RUN_PARALLEL_TEMPLATE.format(
                module=pattern["module"], variant=variant, workers=workers, rounds=BUDGET
            )
        )
        env = dict(os.environ, PYTHONPATH=str(CORPUS))
        command = [
            str(VENV_BIN / "python"),
            "-m",
            "pytest",
            str(test_file),
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:admf",
            f"--parallel-threads={workers}",
            "--timeout=5",
            "--timeout-method=thread",
            f"--rootdir={folder}",
        ]
        start = time.perf_counter()
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, env=env, timeout=120, cwd=folder
            )
        except subprocess.TimeoutExpired:
            return Outcome(True, "hang (killed)", 0, time.perf_counter() - start)
        seconds = time.perf_counter() - start
    output = result.stdout + result.stderr
    if "Timeout" in output and result.returncode != 0:
        return Outcome(True, "hang (pytest-timeout)", 0, seconds)
    if result.returncode == 0:
        return Outcome(False, seconds=seconds)
    return Outcome(True, "test failed", 0, seconds)


# -- frontrun (in a child process started by the frontrun CLI) -------------------------------


def frontrun_cells(patterns: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Run every frontrun cell in one child under ``frontrun python`` and collect the results."""
    command = [str(VENV_BIN / "frontrun"), str(VENV_BIN / "python"), __file__, "--frontrun-child"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=str(ROOT))
    cells: dict[str, dict[str, Any]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            cells[record["key"]] = record
    if not cells:
        raise RuntimeError(f"frontrun child produced nothing:\n{result.stderr[-2000:]}")
    return cells


def frontrun_child() -> None:
    import frontrun

    for pattern in threaded_patterns():
        module = importlib.import_module(pattern["module"])
        workers = pattern["workers"]
        for variant in ("buggy", "correct"):
            for strategy in ("dpor", "random"):

                def invariant(scenario: Any) -> bool:
                    return not check_fails(scenario)

                def body(index: int) -> Callable[[Any], None]:
                    def run(scenario: Any) -> None:
                        for _ in range(scenario.times):
                            scenario.op(index)

                    return run

                options: dict[str, Any] = {"deadlock_timeout": 2.0}
                if strategy == "dpor":
                    options["total_timeout"] = FRONTRUN_DPOR_SECONDS
                else:
                    options["max_attempts"] = BUDGET
                start = time.perf_counter()
                try:
                    result = frontrun.explore(
                        setup=lambda module=module, variant=variant, workers=workers: (
                            module.scenario(variant, workers)
                        ),
                        workers=[body(index) for index in range(workers)],
                        invariant=invariant,
                        strategy=strategy,
                        **options,
                    )
                    explanation = (result.explanation or "").strip().splitlines()
                    found = result.property_holds is False
                    how = explanation[0][:40] if found and explanation else ""
                    runs = result.num_explored
                    verdict = {True: "pass", None: "inconclusive", False: "fail"}[
                        result.property_holds
                    ]
                except Exception as error:  # a worker's exception surfaces as a raise
                    found, how, runs, verdict = True, type(error).__name__, 0, "fail"
                record = {
                    "key": f"{pattern['name']}/{variant}/{strategy}",
                    "found": found,
                    "how": how,
                    "runs": runs,
                    "verdict": verdict,
                    "seconds": time.perf_counter() - start,
                }
                print(json.dumps(record), flush=True)


# -- overhead --------------------------------------------------------------------------------


class Box:
    value = 0


def busy(box: Box, times: int) -> None:
    for _ in range(times):
        box.value += 1


def overhead_rows() -> list[str]:
    from admf_tsan.scheduler import ControlledScheduler

    times = 200_000
    plain = []
    for _ in range(3):
        start = time.perf_counter()
        busy(Box(), times)
        plain.append(time.perf_counter() - start)
    rows = []
    base = min(plain)
    for granularity in ("opcode", "line"):
        samples = []
        steps = 0
        for _ in range(3):
            scheduler = ControlledScheduler(0, granularity=granularity)
            box = Box()
            start = time.perf_counter()
            report = scheduler.run([lambda box=box: busy(box, times)], timeout=120)
            samples.append(time.perf_counter() - start)
            steps = report.steps
        per_step = (min(samples) - base) / steps * 1e6
        rows.append(
            f"| switch point, {granularity} granularity, no switch | {steps:,} | "
            f"{min(samples):.3f} s vs {base:.3f} s untraced | {per_step:.2f} us |"
        )
    switch_samples = []
    switches = 0
    for _ in range(3):
        scheduler = ControlledScheduler(1, strategy="random")
        box = Box()
        start = time.perf_counter()
        report = scheduler.run([lambda box=box: busy(box, 20_000)] * 2, timeout=120)
        switch_samples.append(time.perf_counter() - start)
        switches = report.switches
    per_switch = min(switch_samples) / switches * 1e6
    rows.append(
        f"| switch to another worker (random walk, 2 workers) | {switches:,} switches | "
        f"{min(switch_samples):.3f} s | {per_switch:.1f} us (all included) |"
    )
    rows.append(unmodeled_block_row())
    return rows


def unmodeled_block_row() -> str:
    """How long a worker blocked on a lock the scheduler cannot see holds up the others."""
    from admf_tsan.scheduler import ControlledScheduler

    real_lock = threading.Lock()  # made before any patching: not modeled

    def waiter() -> None:
        real_lock.acquire()
        real_lock.release()

    def releaser() -> None:
        real_lock.release()

    delays = []
    for seed in range(0, 40, 2):
        real_lock.acquire()
        start = time.perf_counter()
        report = ControlledScheduler(seed, strategy="pct").run([waiter, releaser], timeout=30)
        elapsed = time.perf_counter() - start
        if real_lock.locked():
            real_lock.release()
        if report.detached:
            delays.append(elapsed)
    return (
        f"| a worker blocked on an unmodeled lock, until the others run (default "
        f"block_timeout 0.5 s) | {len(delays)} of 20 runs | median "
        f"{statistics.median(delays) * 1000:.0f} ms | detected asleep in the kernel |"
    )


# -- report ----------------------------------------------------------------------------------


def main() -> None:
    if "--frontrun-child" in sys.argv:
        frontrun_child()
        return
    patterns = threaded_patterns()
    begin = time.perf_counter()
    frontrun_thread_result: dict[str, dict[str, Any]] = {}

    def collect_frontrun() -> None:
        frontrun_thread_result.update(frontrun_cells(patterns))

    # frontrun's child runs alongside the in-process measurements would skew timings; run it
    # first, on its own.
    collect_frontrun()
    rows = []
    rates = []
    totals: dict[str, list[int]] = {}

    def tally(tool: str, buggy: bool, found: bool) -> None:
        hits, alarms = totals.setdefault(tool, [0, 0])
        totals[tool] = [hits + (buggy and found), alarms + (not buggy and found)]

    for pattern in patterns:
        module = importlib.import_module(pattern["module"])
        workers = pattern["workers"]
        for variant in ("buggy", "correct"):
            buggy = variant == "buggy"
            admf = [admf_detect(module, variant, workers, base) for base in BASE_SEEDS]
            first = admf[0]
            plain = plain_detect(module, variant, workers)
            parallel = run_parallel_detect(pattern, variant, workers)
            key = f"{pattern['name']}/{variant}"
            dpor = frontrun_thread_result.get(f"{key}/dpor", {})
            rand = frontrun_thread_result.get(f"{key}/random", {})

            def fr_cell(record: dict[str, Any]) -> str:
                if not record:
                    return "n/a"
                if record["found"]:
                    return f"**fail** ({record['seconds']:.2f} s, {record['how'] or 'raised'})"
                return f"{record['verdict']} ({record['seconds']:.2f} s)"

            found_in = sum(outcome.found for outcome in admf)
            tally("admf-tsan", buggy, first.found)
            tally("plain threads", buggy, plain.found)
            tally("pytest-run-parallel", buggy, parallel.found)
            tally("frontrun dpor", buggy, bool(dpor.get("found")))
            tally("frontrun random", buggy, bool(rand.get("found")))
            rows.append(
                f"| {pattern['name']} | {variant} | {first.cell()} | {found_in}/{len(admf)} | "
                f"{plain.cell()} | {parallel.cell()} | {fr_cell(dpor)} | {fr_cell(rand)} |"
            )
            if buggy:
                rates.extend(outcome.seconds for outcome in admf if outcome.found)
    overhead = overhead_rows()
    elapsed = time.perf_counter() - begin
    summary = [
        f"| {tool} | {hits}/{len(patterns)} | {alarms}/{len(patterns)} |"
        for tool, (hits, alarms) in totals.items()
    ]
    median = statistics.median(rates) if rates else float("nan")
    worst = max(rates) if rates else float("nan")
    intro = f"""
## Controlled scheduler (`pytest --admf-stress`, MULTI_THREADED)

The 12 threaded bug patterns of `fixtures/components`, buggy and correct twin, each run by every
tool with the same workers and repetitions (`scenario(variant, workers)`). admf-tsan: the
plugin's default budget of {BUDGET} scheduled runs (`choose_strategy`: half PCT, half random
walk), stopping at the first failure; the column "budgets" repeats that with base seeds
{", ".join(map(str, BASE_SEEDS))} and counts how many of those budgets found the bug. Plain
threads: {BUDGET} runs, switch interval 1 us, a run not done after {PLAIN_HANG_SECONDS:g} s
counts as found by hanging. pytest-run-parallel 0.10: {BUDGET} rounds in one pytest process per
cell (its time includes pytest start-up), pytest-timeout 5 s. frontrun 0.7:
`explore(strategy="dpor")` with a {FRONTRUN_DPOR_SECONDS:g} s budget and
`explore(strategy="random", max_attempts={BUDGET})`, under the `frontrun` CLI it requires.
interleave-test requires Python >= 3.12 and cannot be installed on this 3.11 interpreter, so it
has no column.
""".strip()
    lines = [
        intro,
        "",
        "| tool | bugs found | false alarms on correct twins |",
        "| --- | --- | --- |",
        *summary,
        "",
        f"admf-tsan time to detect, over all buggy patterns and base seeds: median "
        f"{median * 1000:.0f} ms, worst {worst * 1000:.0f} ms (in process, no pytest).",
        "",
        "| pattern | variant | admf-tsan | budgets | plain threads | pytest-run-parallel "
        "| frontrun dpor | frontrun random |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "Overhead of the scheduler: one worker counts `box.value += 1` 200,000 times. The "
        '"no switch" rows divide the extra time over the untraced loop by the number of switch '
        "points; the last row divides the whole run by its switches (each a hand-over of the "
        "turn between two real threads).",
        "",
        "| what | count | time | per unit |",
        "| --- | --- | --- | --- |",
        *overhead,
        "",
        f"Whole benchmark: {elapsed:.0f} s.",
    ]
    markdown = "\n".join(lines)
    from _report import write_section

    path = write_section("scheduler", markdown)
    print(markdown)
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
