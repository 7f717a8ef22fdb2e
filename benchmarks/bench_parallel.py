"""IsolatedPool against ProcessPoolExecutor, pebble and loky: throughput and fault survival.

Run: ``python benchmarks/bench_parallel.py``. Writes the "parallel" section of
docs/benchmarks.md.

Every measurement runs in its own child process (its own session), so a peer that deadlocks or
leaves workers behind is timed out and cleaned up without stopping the benchmark. Throughput
rounds alternate between the pools so that noise from other load on the machine falls on all
of them alike; the figure reported is the median round.
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import write_section  # noqa: E402

TASKS = 2000
WORKERS = 2
ROUNDS = 5
BATCHES_PER_ROUND = 3
CHILD_TIMEOUT = 120.0
FAULT_RESULT_TIMEOUT = 20.0
FOLLOW_UP_TIMEOUT = 10.0
TRIAL_TIMEOUT = 1.0

POOLS = ["IsolatedPool", "ProcessPoolExecutor", "pebble ProcessPool", "loky"]
FAULTS = ["os._exit(1)", "segfault", "SIGKILL", "raises", "hangs (1 s timeout)"]


# -- what the workers run (module level, so every start method can import it) -------------------


def trivial(value: int) -> int:
    return value


def fault(kind: str) -> str:
    import ctypes

    if kind == "os._exit(1)":
        os._exit(1)
    if kind == "segfault":
        ctypes.string_at(0)
    if kind == "SIGKILL":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "raises":
        raise ValueError("trial failed")
    if kind.startswith("hangs"):
        time.sleep(60)
    return "no fault"


# -- the pools, behind one small interface ---------------------------------------------------------


class Runner:
    """Submit, wait, close: the one thing each peer is asked to do."""

    def __init__(self, name: str, workers: int, timeout: float | None) -> None:
        self.name = name
        self.timeout = timeout
        if name == "IsolatedPool":
            from admf_tsan.parallel import IsolatedPool

            self.pool: Any = IsolatedPool(workers, timeout=timeout, mp_context="fork")
            self._submit: Callable[..., Future[Any]] = self.pool.submit
        elif name == "ProcessPoolExecutor":
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            self._submit = self.pool.submit
        elif name == "pebble ProcessPool":
            import multiprocessing

            import pebble

            self.pool = pebble.ProcessPool(workers, context=multiprocessing.get_context("fork"))
            self._submit = lambda fn, *args: self.pool.schedule(fn, args=args, timeout=timeout)
        elif name == "loky":
            import loky

            self.pool = loky.get_reusable_executor(max_workers=workers, timeout=60)
            self._submit = self.pool.submit
        else:
            raise ValueError(f"unknown pool {name!r}")

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self._submit(fn, *args)

    def close(self) -> None:
        if self.name == "pebble ProcessPool":
            self.pool.close()
            self.pool.join(timeout=10)
        else:
            self.pool.shutdown(wait=True)


def measure_throughput(name: str) -> dict[str, Any]:
    runner = Runner(name, WORKERS, timeout=None)
    warm = [runner.submit(trivial, i) for i in range(200)]
    assert [future.result() for future in warm] == list(range(200))
    rates = []
    for _ in range(BATCHES_PER_ROUND):
        started = time.perf_counter()
        futures = [runner.submit(trivial, i) for i in range(TASKS)]
        values = [future.result() for future in futures]
        rates.append(TASKS / (time.perf_counter() - started))
        assert values == list(range(TASKS))
    runner.close()
    return {"tasks_per_second": max(rates)}


def measure_fault(name: str, kind: str) -> dict[str, Any]:
    timeout = TRIAL_TIMEOUT if kind.startswith("hangs") else None
    runner = Runner(name, 1, timeout=timeout)
    assert runner.submit(trivial, 1).result(timeout=60) == 1
    started = time.perf_counter()
    try:
        future = runner.submit(fault, kind)
        wait = FAULT_RESULT_TIMEOUT
        if kind.startswith("hangs") and name in ("ProcessPoolExecutor", "loky"):
            wait = TRIAL_TIMEOUT  # no per-task timeout: the caller can only stop waiting
        value = future.result(timeout=wait)
        outcome = f"returned {value!r}"
    except BaseException as exc:  # noqa: BLE001 - recording whatever the peer raises
        outcome = f"{type(exc).__name__}: {_one_line(exc)}"
    elapsed = time.perf_counter() - started
    try:
        follow = runner.submit(trivial, 42).result(timeout=FOLLOW_UP_TIMEOUT)
        keeps_working = "yes" if follow == 42 else f"wrong result {follow!r}"
    except TimeoutError:
        keeps_working = f"no (the next task got no result in {FOLLOW_UP_TIMEOUT:.0f} s)"
    except BaseException as exc:  # noqa: BLE001
        keeps_working = f"no ({type(exc).__name__})"
    return {"outcome": outcome, "seconds": elapsed, "keeps_working": keeps_working}


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else ""
    return line if len(line) <= 90 else line[:87] + "..."


# -- harness -------------------------------------------------------------------------------------


def run_child(*args: str) -> dict[str, Any]:
    """Run one measurement in a new session; kill the whole session afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, __file__, "--child", str(out), *args]
        process = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            process.wait(CHILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        if not out.exists():
            return {"error": f"no result within {CHILD_TIMEOUT:.0f} s (hung or crashed)"}
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def child_main(out: str, what: str, name: str, kind: str = "") -> None:
    try:
        result = measure_throughput(name) if what == "throughput" else measure_fault(name, kind)
    except BaseException as exc:  # noqa: BLE001
        result = {"error": f"{type(exc).__name__}: {_one_line(exc)}"}
    Path(out).write_text(json.dumps(result))
    # Do not wait for a peer's stuck workers: the harness kills the session.
    os._exit(0)


def main() -> None:
    rates: dict[str, list[float]] = {name: [] for name in POOLS}
    errors: dict[str, str] = {}
    for round_index in range(ROUNDS):
        order = POOLS if round_index % 2 == 0 else list(reversed(POOLS))
        for name in order:
            result = run_child("throughput", name)
            if "error" in result:
                errors[name] = result["error"]
            else:
                rates[name].append(result["tasks_per_second"])
            print(f"round {round_index + 1} {name}: {result}", flush=True)
    faults: dict[tuple[str, str], dict[str, Any]] = {}
    for kind in FAULTS:
        for name in POOLS:
            faults[(name, kind)] = run_child("fault", name, kind)
            print(f"{name} / {kind}: {faults[(name, kind)]}", flush=True)
    write_section("parallel", render(rates, errors, faults))


def render(
    rates: dict[str, list[float]],
    errors: dict[str, str],
    faults: dict[tuple[str, str], dict[str, Any]],
) -> str:
    medians = {name: statistics.median(values) for name, values in rates.items() if values}
    baseline = medians.get("ProcessPoolExecutor")
    lines = [
        "## parallel: IsolatedPool vs ProcessPoolExecutor, pebble, loky",
        "",
        f"{TASKS} trivial trials (`return x`) submitted one by one with `submit` and then all",
        f"awaited, {WORKERS} workers started and warmed up beforehand (fork; loky uses its own",
        f"start method). Median of {ROUNDS} rounds, each the best of {BATCHES_PER_ROUND} batches,",
        "rounds alternating between pools. Each run is a separate process.",
        "",
        "| pool | tasks/s (median) | min–max over rounds | vs ProcessPoolExecutor |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in POOLS:
        if name not in medians:
            lines.append(f"| {name} | failed: {errors.get(name, '?')} | | |")
            continue
        ratio = f"{medians[name] / baseline:.2f}x" if baseline else "n/a"
        low, high = min(rates[name]), max(rates[name])
        lines.append(f"| {name} | {medians[name]:,.0f} | {low:,.0f}–{high:,.0f} | {ratio} |")
    lines += [
        "",
        "What each pool does when a task misbehaves (one worker; after the fault, one more",
        "trivial task is submitted to the same pool object to see whether it still works).",
        "ProcessPoolExecutor and loky have no per-task timeout: for them the caller stops",
        "waiting after 1 s and the task keeps its worker.",
        "",
        "| fault | pool | what the caller gets | pool keeps working? |",
        "| --- | --- | --- | --- |",
    ]
    for kind in FAULTS:
        for name in POOLS:
            cell = faults[(name, kind)]
            if "error" in cell:
                lines.append(f"| {kind} | {name} | harness: {cell['error']} | ? |")
                continue
            # PIDs change from run to run; they say nothing about the pool.
            outcome = re.sub(r"(pid|process) \d+", r"\1 N", cell["outcome"]).replace("|", "\\|")
            lines.append(
                f"| {kind} | {name} | {outcome} (after {cell['seconds']:.1f} s) "
                f"| {cell['keeps_working']} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(*sys.argv[2:])
    else:
        main()
