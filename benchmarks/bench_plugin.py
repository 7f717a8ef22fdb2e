"""Detection rate on the bug-pattern corpus: ``pytest --admf-stress`` against pytest-run-parallel.

Both tools run the same sixteen scenarios (``fixtures/components``, buggy and correct variant of
each) in one process run of this script, each in its own pytest session with a JUnit XML report:

* admf-tsan: ``pytest fixtures/components --admf-stress --admf-seed=S`` with default settings
  (50 runs per context), for several seeds.
* pytest-run-parallel: a generated test per scenario runs in ``workers`` threads
  (``force_parallel_threads``); the threads share one scenario instance per repetition, call
  ``op`` ``times`` times, meet at a barrier, and thread 0 checks the invariant, 50 repetitions
  per test (the same budget). Coroutine ops run with ``asyncio.run`` in each thread, the only
  way that tool can run them. pytest-timeout (5 s) ends hangs; a session that cannot exit
  after writing its report (a deadlocked non-daemon thread) is killed.

A bug counts as found when its buggy variant fails; "hang" means it was found only by a timeout
(pytest-timeout for the peer, ``--admf-timeout`` for admf-tsan). A correct variant that fails
is a false alarm. Run: ``python benchmarks/bench_plugin.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "components"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import write_section  # noqa: E402

SEEDS = (1, 2, 3)
REPETITIONS = 50
PEER_TIMEOUT = 5
EXIT_GRACE = 5.0

PEER_TEST = """
import asyncio
import inspect
import sys
import threading

import pytest

sys.path.insert(0, {corpus!r})
import {module}

_shared = {{}}
_lock = threading.Lock()


def _state(variant, rep, workers):
    with _lock:
        key = (variant, rep)
        if key not in _shared:
            _shared[key] = ({module}.scenario(variant, workers), threading.Barrier(workers))
        return _shared[key]


@pytest.mark.timeout({timeout})
@pytest.mark.force_parallel_threads({workers})
@pytest.mark.parametrize("variant", ["buggy", "correct"])
def test_{name}(variant, thread_index):
    for rep in range({reps}):
        scenario, barrier = _state(variant, rep, {workers})
        for _ in range(scenario.times):
            if inspect.iscoroutinefunction(scenario.op):
                asyncio.run(scenario.op(thread_index))
            else:
                scenario.op(thread_index)
        barrier.wait(timeout={timeout})
        if thread_index == 0:
            scenario.check()
"""


@dataclass
class Outcome:
    """One test variant's result in one session: failed or not, how, and its time."""

    failed: bool = False
    hang: bool = False
    seconds: float = 0.0


def patterns() -> list[dict[str, object]]:
    return list(tomllib.loads((CORPUS / "manifest.toml").read_text())["pattern"])


def run_pytest(args: list[str], cwd: Path, timeout: float = 600) -> tuple[Path, float]:
    """Run pytest in a subprocess with a JUnit report; return the report path and wall time.

    pytest-run-parallel's threads are not daemons: after a deadlock, the session writes its
    report and then cannot exit. So the wall time ends when the report is written, and a
    process still alive a few seconds later (or after ``timeout``) is killed.
    """
    report = Path(tempfile.mkstemp(suffix=".xml")[1])
    report.unlink()
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--junitxml={report}",
        *args,
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    finished: float | None = None
    while process.poll() is None:
        now = time.perf_counter()
        if finished is None and report.exists():
            finished = now
        if now - started > timeout or (finished is not None and now - finished > EXIT_GRACE):
            process.kill()
            break
        time.sleep(0.05)
    process.wait()
    end = finished if finished is not None else time.perf_counter()
    return report, end - started


def read_junit(report: Path, hang_markers: tuple[str, ...]) -> dict[tuple[str, str], Outcome]:
    """Map (pattern, variant) to an Outcome, adding up the items of one variant (its contexts).

    A missing report (the session was killed before writing it) gives no entries.
    """
    outcomes: dict[tuple[str, str], Outcome] = {}
    if not report.exists():
        return outcomes
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        name = case.get("name", "")
        base, _, params = name.partition("[")
        variant = params.split("-")[0].rstrip("]")
        key = (base.removeprefix("test_"), variant)
        outcome = outcomes.setdefault(key, Outcome())
        outcome.seconds += float(case.get("time", "0"))
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        if failure is not None:
            outcome.failed = True
            text = (failure.get("message") or "") + (failure.text or "")
            if any(marker in text for marker in hang_markers):
                outcome.hang = True
    report.unlink(missing_ok=True)
    return outcomes


def run_admf(seed: int) -> tuple[dict[tuple[str, str], Outcome], float]:
    report, wall = run_pytest([str(CORPUS), "--admf-stress", f"--admf-seed={seed}"], ROOT)
    return read_junit(report, ("made no progress for",)), wall


def run_peer(workdir: Path) -> tuple[dict[tuple[str, str], Outcome], float]:
    """Run every pattern's pytest-run-parallel test in one session."""
    for pattern in patterns():
        text = PEER_TEST.format(
            corpus=str(CORPUS),
            module=pattern["module"],
            name=pattern["name"],
            workers=pattern["workers"],
            reps=REPETITIONS,
            timeout=PEER_TIMEOUT,
        )
        (workdir / f"test_{pattern['name']}.py").write_text(text)
    report, wall = run_pytest(["-p", "no:admf", str(workdir)], workdir)
    return read_junit(report, ("Timeout",)), wall


def verdict(outcome: Outcome | None, buggy: bool) -> str:
    if outcome is None:
        return "not run"
    if buggy:
        if not outcome.failed:
            return f"missed ({outcome.seconds:.2f} s)"
        return f"{'hang' if outcome.hang else 'found'} ({outcome.seconds:.2f} s)"
    return f"{'FALSE ALARM' if outcome.failed else 'pass'} ({outcome.seconds:.2f} s)"


def main() -> None:
    rows = patterns()
    admf_runs = [run_admf(seed) for seed in SEEDS]
    with tempfile.TemporaryDirectory() as directory:
        peer, peer_wall = run_peer(Path(directory))

    def found(outcomes: dict[tuple[str, str], Outcome]) -> tuple[int, int, int]:
        bugs = [outcomes.get((str(p["name"]), "buggy")) for p in rows]
        ok = [outcomes.get((str(p["name"]), "correct")) for p in rows]
        failures = sum(1 for o in bugs if o is not None and o.failed and not o.hang)
        hangs = sum(1 for o in bugs if o is not None and o.failed and o.hang)
        alarms = sum(1 for o in ok if o is None or o.failed)
        return failures, hangs, alarms

    first = admf_runs[0][0]
    threaded = sum(p["kind"] == "threaded" for p in rows)
    seeds = ", ".join(map(str, SEEDS))
    lines = [
        "## pytest plugin: bug-pattern corpus, `pytest --admf-stress` vs pytest-run-parallel",
        "",
        f"The {len(rows)} patterns of `fixtures/components` ({threaded} threaded, "
        f"{len(rows) - threaded} asyncio), buggy and correct variant each. admf-tsan: "
        "`pytest fixtures/components --admf-stress --admf-seed=S`, default settings (50 runs "
        f"per context, stop at the first failure), seeds {seeds}. pytest-run-parallel "
        f"{_version('pytest-run-parallel')}: each scenario in `workers` threads sharing one "
        f"instance, {REPETITIONS} repetitions, pytest-timeout {PEER_TIMEOUT} s. Found = the "
        "buggy variant fails; hang = found only by a timeout; a correct variant that fails is "
        "a false alarm. Times are per variant (all its contexts for admf-tsan).",
        "",
        "| tool | bugs found as failures | found only by hanging | false alarms | wall time |",
        "| --- | --- | --- | --- | --- |",
    ]
    total = len(rows)
    for seed, (outcomes, wall) in zip(SEEDS, admf_runs, strict=True):
        failures, hangs, alarms = found(outcomes)
        lines.append(
            f"| admf-tsan `--admf-seed={seed}` | {failures}/{total} | {hangs} | {alarms} "
            f"| {wall:.1f} s |"
        )
    failures, hangs, alarms = found(peer)
    lines.append(
        f"| pytest-run-parallel | {failures}/{total} | {hangs} | {alarms} | {peer_wall:.1f} s |"
    )
    lines += [
        "",
        f"Per pattern (admf-tsan with seed {SEEDS[0]}; time to the failing run for a buggy "
        "variant, the whole budget for a correct one; admf-tsan median over the seeds in "
        "brackets):",
        "",
        "| pattern | kind | admf-tsan buggy | admf-tsan correct | pytest-run-parallel buggy "
        "| pytest-run-parallel correct |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for pattern in rows:
        name = str(pattern["name"])
        median_buggy = statistics.median(
            run[0][(name, "buggy")].seconds for run in admf_runs if (name, "buggy") in run[0]
        )
        cells = [
            f"`{name}`",
            str(pattern["kind"]),
            f"{verdict(first.get((name, 'buggy')), True)} [{median_buggy:.2f} s]",
            verdict(first.get((name, "correct")), False),
            verdict(peer.get((name, "buggy")), True),
            verdict(peer.get((name, "correct")), False),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    markdown = "\n".join(lines)
    write_section("plugin", markdown)
    print(markdown)


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "(not installed)"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
