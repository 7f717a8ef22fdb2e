"""Benchmark explained failures and the race detector; compare the explanations with frontrun's.

Two parts, printed as markdown (nothing is written to the docs; the numbers are collected by
hand):

* **Overhead.** On every threaded pattern of ``fixtures/components`` (both variants), the CPU
  time of the process (all its threads) for one scheduled run (random walk, seeds 0..N-1) in
  three modes: plain, recording the trace (``record=True``), and recording with the
  happens-before race detector (``races="default"``). Medians per pattern, ratios to plain,
  and their geometric mean.
* **Explanations side by side.** For each buggy pattern: the first failing seed is shrunk and
  explained by ``admf_tsan.scheduler`` and, on the same scenario, ``frontrun.explore`` (random
  strategy, run in a child under the ``frontrun`` CLI it needs) explains its counterexample.
  Per pattern: whether the explanation names the racy location (``Class.attr``) and cites a line
  of the pattern's module, the kind it states, and its length; then both texts for the lost
  update.

Usage: ``python benchmarks/bench_explain.py [--quick] [--no-frontrun]``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import math
import re
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "fixtures" / "components"
sys.path.insert(0, str(CORPUS))
sys.path.insert(0, str(HERE))
from _report import write_section  # noqa: E402

VENV_BIN = Path(sys.executable).parent

# The location each pattern's explanation should name: as ``Class.attr``, and the bare attribute.
LOCATIONS = {
    "lost_update": ("BuggyHitCounter.hits", "hits"),
    "dict_read_modify_write": ("BuggyPositionBook.positions", "positions"),
    "lazy_init": ("BuggyBrokerClient._session", "_session"),
    "balance_check": ("BuggyAccount.balance", "balance"),
    "iteration_during_mutation": ("BuggyOrderBook._orders", "_orders"),
    "torn_read": ("BuggyQuote.bid", "bid"),
    "double_start": ("BuggyFeedHandler.running", "running"),
    "list_append_index": ("BuggyRegistry.items", "items"),
    "handler_list_mutation": ("BuggyEventBus._handlers", "_handlers"),
    "condition_if_wait": ("BuggyJobQueue._items", "_items"),
    "lock_order_inversion": ("Account.lock", ".lock"),
    "publish_under_lock": ("BuggyEventBus._lock", "._lock"),
}


def threaded_patterns() -> list[dict[str, Any]]:
    with open(CORPUS / "manifest.toml", "rb") as handle:
        patterns = tomllib.load(handle)["pattern"]
    return [pattern for pattern in patterns if pattern["kind"] == "threaded"]


def _bodies(scenario: Any, workers: int) -> list[Callable[[], None]]:
    def body(index: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(scenario.times):
                scenario.op(index)

        return run

    return [body(index) for index in range(workers)]


def _run(pattern: dict[str, Any], variant: str, seed: int, **options: Any) -> tuple[Any, Any]:
    from admf_tsan.scheduler import ControlledScheduler

    module = importlib.import_module(pattern["module"])
    workers = int(pattern["workers"])
    scheduler = ControlledScheduler(seed, **options)
    with scheduler.patch_primitives():
        scenario = module.scenario(variant, workers)
        report = scheduler.run(_bodies(scenario, workers), timeout=30)
    error: BaseException | None = None
    if report.failures:
        error = report.failures[0].exception
    elif report.deadlock is None:
        try:
            scenario.check()
        except AssertionError as failed:
            error = failed
    return report, error


def _signature(report: Any, error: BaseException | None) -> str | None:
    if report.deadlock:
        return "deadlock"
    return None if error is None else type(error).__name__


# -- overhead -----------------------------------------------------------------------------------

MODES: dict[str, dict[str, Any]] = {
    "plain": {},
    "record": {"record": True},
    "races": {"races": "default"},
}


def overhead(runs: int) -> None:
    print("### Overhead of recording and of the race detector\n")
    print(
        f"Median CPU time (all threads of the process) of one scheduled run (random walk, "
        f"{runs} seeds), per pattern and variant; ratios to the plain run.\n"
    )
    print(
        "| pattern | variant | plain (ms) | record (ms) | races (ms) | record / plain "
        "| races / plain |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    record_ratios: list[float] = []
    race_ratios: list[float] = []
    for pattern in threaded_patterns():
        for variant in ("buggy", "correct"):
            medians: dict[str, float] = {}
            for mode, options in MODES.items():
                times: list[float] = []
                for seed in range(runs):
                    # CPU time of the whole process (every worker thread), not wall time: on a
                    # shared machine, waiting for a CPU would be counted as overhead.
                    start = time.process_time()
                    _run(pattern, variant, 2 * seed + 1, strategy="random", **options)
                    times.append(time.process_time() - start)
                medians[mode] = statistics.median(times)
            record = medians["record"] / medians["plain"]
            races = medians["races"] / medians["plain"]
            record_ratios.append(record)
            race_ratios.append(races)
            print(
                f"| {pattern['name']} | {variant} | {medians['plain'] * 1000:.1f} | "
                f"{medians['record'] * 1000:.1f} | {medians['races'] * 1000:.1f} | "
                f"{record:.2f}x | {races:.2f}x |"
            )
    print(
        f"\nGeometric mean: recording {_geomean(record_ratios):.2f}x, race detector "
        f"{_geomean(race_ratios):.2f}x a plain scheduled run (worst {max(race_ratios):.2f}x).\n"
    )


def _geomean(values: Sequence[float]) -> float:
    return math.exp(sum(math.log(value) for value in values) / len(values))


# -- explanations -------------------------------------------------------------------------------


def admf_explanation(pattern: dict[str, Any]) -> dict[str, Any]:
    from admf_tsan.scheduler._explain import explain, shrink_schedule

    start = time.perf_counter()
    for number in range(200):
        seed = number
        strategy = "random" if number % 2 else "pct"
        report, error = _run(pattern, "buggy", seed, strategy=strategy)
        wanted = _signature(report, error)
        if wanted is not None:
            break
    else:
        return {"text": "(no failure in 200 runs)", "seconds": time.perf_counter() - start}

    def still_fails(choices: Sequence[Any]) -> bool:
        again, again_error = _run(pattern, "buggy", seed, replay=choices)
        return _signature(again, again_error) == wanted

    shrunk, replays = shrink_schedule(report.choices, still_fails)
    replayed, replay_error = _run(pattern, "buggy", seed, replay=shrunk)
    worker = replayed.failures[0].worker if replayed.failures else None
    explanation = explain(
        replayed.trace,
        deadlock=replayed.deadlock is not None,
        error=replay_error,
        failed_worker=worker,
        original=report.choices,
        shrunk=shrunk,
        replays=replays,
    )
    return {"text": explanation.text(), "seconds": time.perf_counter() - start}


def frontrun_explanations(runs: int) -> dict[str, dict[str, Any]]:
    """Run frontrun on every buggy pattern in a child under ``frontrun python``."""
    command = [
        str(VENV_BIN / "frontrun"),
        str(VENV_BIN / "python"),
        __file__,
        "--frontrun-child",
        str(runs),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=str(ROOT))
    cells: dict[str, dict[str, Any]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            cells[record["name"]] = record
    if not cells:
        raise RuntimeError(f"frontrun child produced nothing:\n{result.stderr[-2000:]}")
    return cells


def frontrun_child(runs: int) -> None:
    import frontrun

    for pattern in threaded_patterns():
        module = importlib.import_module(pattern["module"])
        workers = int(pattern["workers"])

        def invariant(scenario: Any) -> bool:
            try:
                scenario.check()
            except AssertionError:
                return False
            return True

        def body(index: int) -> Callable[[Any], None]:
            def run(scenario: Any) -> None:
                for _ in range(scenario.times):
                    scenario.op(index)

            return run

        start = time.perf_counter()
        try:
            result = frontrun.explore(
                setup=lambda module=module, workers=workers: module.scenario("buggy", workers),
                workers=[body(index) for index in range(workers)],
                invariant=invariant,
                strategy="random",
                max_attempts=runs,
                deadlock_timeout=2.0,
            )
            text = (result.explanation or "").strip() or (
                "(property holds)" if result.property_holds else "(no explanation)"
            )
        except Exception as error:  # a worker's exception surfaces as a raise
            text = f"(raised {type(error).__name__}: {str(error).splitlines()[0][:80]})"
        record = {"name": pattern["name"], "text": text, "seconds": time.perf_counter() - start}
        print(json.dumps(record), flush=True)


_KINDS = (
    "lost update",
    "check-then-act",
    "atomicity violation",
    "iteration during mutation",
    "torn read",
    "order violation",
    "deadlock",
    "lost wake-up",
    "race",
)


def _judge(pattern: dict[str, Any], text: str) -> tuple[str, str, str, int]:
    qualified, bare = LOCATIONS[pattern["name"]]
    if qualified in text:
        names = "Class.attr"
    elif re.search(rf"(\b|(?=\.)){re.escape(bare)}\b", text):
        names = "attr only"
    else:
        names = "no"
    cites = (
        "yes" if re.search(rf"{re.escape(pattern['module'])}\.py[:\", line ]+\d+", text) else "no"
    )
    lowered = text.lower()
    kind = next((k for k in _KINDS if k in lowered), "-")
    return names, cites, kind, len(text.splitlines())


def explanations(runs: int, with_frontrun: bool) -> None:
    print("### Explanations side by side with frontrun\n")
    theirs = frontrun_explanations(runs) if with_frontrun else {}
    print(
        "| pattern | admf: names location | admf: cites line | admf: kind | admf: lines | "
        "frontrun: names location | frontrun: cites line | frontrun: kind | frontrun: lines |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    ours: dict[str, dict[str, Any]] = {}
    for pattern in threaded_patterns():
        mine = admf_explanation(pattern)
        ours[pattern["name"]] = mine
        a = _judge(pattern, mine["text"])
        other = theirs.get(pattern["name"])
        b = _judge(pattern, other["text"]) if other else ("-", "-", "-", 0)
        print(
            f"| {pattern['name']} | {a[0]} | {a[1]} | {a[2]} | {a[3]} | "
            f"{b[0]} | {b[1]} | {b[2]} | {b[3]} |"
        )
    for name in ("lost_update", "lock_order_inversion", "torn_read"):
        print(f"\n#### {name}\n\nadmf-tsan ({ours[name]['seconds']:.2f} s):\n")
        print("```\n" + ours[name]["text"] + "\n```")
        if name in theirs:
            print(f"\nfrontrun ({theirs[name]['seconds']:.2f} s):\n")
            print("```\n" + theirs[name]["text"][:3000] + "\n```")


def main() -> None:
    if "--frontrun-child" in sys.argv:
        frontrun_child(int(sys.argv[sys.argv.index("--frontrun-child") + 1]))
        return
    quick = "--quick" in sys.argv
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        overhead(5 if quick else 21)
        explanations(20 if quick else 50, with_frontrun="--no-frontrun" not in sys.argv)
    markdown = buffer.getvalue()
    print(markdown)
    if not quick:
        write_section("explain", "## Explained failures and the race detector\n\n" + markdown)


if __name__ == "__main__":
    main()
