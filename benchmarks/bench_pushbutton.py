"""Push-button stress: the corpus tested as maintainers write tests, next to ``stress.run``.

Writes its section of docs/benchmarks.md (``--no-write``: print only). Two tables, each from
pytest sessions run side by side in one process run of this script:

1. **Corpus per style.** The sixteen patterns of ``fixtures/components`` as ``stress.run``
   tests (``fixtures/components``, contexts multi and async) and as maintainer-style tests
   (``fixtures/maintainer_style``: threads joined, a ``ThreadPoolExecutor``, an ``async def``
   test gathering tasks), each under ``pytest --admf-stress --admf-seed=S`` (``--runs`` runs
   per item, 20 by default). Columns: buggy items that fail (found), how many of those only by
   a stall report (hang), correct twins that fail (false alarms), the median first failing
   run, and the time per run on the correct twins (they run every run): CPU time of the
   pytest process per run (all its threads; this module is loaded into the session as a
   plugin to read it) and wall time per run, each as the median over the patterns and as the
   geometric mean over the patterns of the ratio to the same pattern's ``stress.run`` test.
   The admf sessions run one at a time; CPU time is the figure to compare on a shared
   machine, wall time moves with the load. Next to each maintainer style, the same
   files without ``--admf-stress`` under plain repetition (pytest-run-parallel
   ``--parallel-threads=1 --iterations=N``) and under pytest-run-parallel
   (``--parallel-threads=4 --iterations=N``: the whole test body in 4 threads), with
   pytest-timeout at 10 s; these peer sessions run three at a time after the admf ones (only
   what they find is compared, and a deadlocked one is killed after a minute).
2. **A historical race in an installed package**: ratelimiter 1.0.2.post0 (buggy) and 1.1.0
   (fixed), installed with pip under the interpreter's prefix (where the scheduler's default
   does not schedule, like site-packages), and ``benchmarks/realbugs/test_ratelimiter.py`` run
   with plain repetition, ``--admf-stress``, and ``--admf-stress --admf-include=ratelimiter``.

Run: ``python benchmarks/bench_pushbutton.py [--seed S] [--runs N] [--skip-realbug]
[--no-write]`` (about three minutes on two cores). It needs network access to PyPI for
table 2 (skipped with a note when pip cannot install).
"""

from __future__ import annotations

import argparse
import ast
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import write_section  # noqa: E402

ROOT = HERE.parent
COMPONENTS = ROOT / "fixtures" / "components"
MAINTAINER = ROOT / "fixtures" / "maintainer_style"
REALBUGS = HERE / "realbugs"
RUNS = 20
PEER_TIMEOUT = 10
SESSION_TIMEOUT = 900.0
# A peer session whose deadlocked threads never let it exit is killed after this long.
PEER_SESSION_TIMEOUT = 60.0
PEERS_AT_ONCE = 3
CPU_PROPERTY = "bench_cpu_seconds"
RATELIMITER = ("1.0.2.post0", "1.1.0")

STYLES = (
    ("stress.run", [str(COMPONENTS), "--admf-contexts=multi,async"]),
    ("threads joined", [str(MAINTAINER / "test_threads.py")]),
    ("ThreadPoolExecutor", [str(MAINTAINER / "test_pool.py")]),
    ("async def gathering tasks", [str(MAINTAINER / "test_tasks.py")]),
)
_RUN = re.compile(r"admf-stress: run (\d+) of")
_HANG = ("StressStalled", "made no progress", "Timeout")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Loaded with ``-p bench_pushbutton``: the CPU time of the test call, as a JUnit property."""
    started = time.process_time()
    try:
        return (yield)
    finally:
        item.user_properties.append((CPU_PROPERTY, time.process_time() - started))


@dataclass
class Tally:
    """What one session did to the buggy and the correct items."""

    found: int = 0
    hangs: int = 0
    buggy: int = 0
    false_alarms: int = 0
    correct: int = 0
    first_runs: list[int] = field(default_factory=list)
    run_seconds: dict[str, float] = field(default_factory=dict)
    run_cpu_seconds: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0


def run_pytest(
    args: list[str], env: dict[str, str] | None = None, timeout: float = SESSION_TIMEOUT
) -> tuple[Path, float]:
    """One pytest session in a subprocess with a JUnit report; the report and the wall time.

    A session still running after ``timeout`` (a peer whose deadlocked non-daemon threads keep
    the process alive) is killed; its report may then be missing (counted as nothing found).
    """
    handle, name = tempfile.mkstemp(suffix=".xml")
    os.close(handle)
    report = Path(name)
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
    try:
        subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pass  # killed by subprocess.run; the report, if written, still counts
    return report, time.perf_counter() - started


def _variant(name: str) -> str:
    params = name.partition("[")[2]
    return "buggy" if "buggy" in params else "correct" if "correct" in params else ""


def _pattern(case: ElementTree.Element) -> str:
    """The corpus pattern of a test case: its file (``stress.run``) or its first parameter."""
    params = case.get("name", "").partition("[")[2]
    if params.startswith(("buggy", "correct")):
        return case.get("classname", "").rsplit(".", 1)[-1].removeprefix("test_")
    return params.split("-", 1)[0]


def tally(report: Path, wall: float) -> Tally:
    """Count found bugs, hangs, false alarms, first failing runs and time per passing run."""
    result = Tally(wall=wall)
    if not report.exists():
        return result
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        variant = _variant(case.get("name", ""))
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        text = "" if failure is None else (failure.get("message") or "") + (failure.text or "")
        runs = None
        cpu = None
        for prop in case.iter("property"):
            if prop.get("name") == "admf_stress":
                runs = ast.literal_eval(prop.get("value", "{}")).get("runs")
            elif prop.get("name") == CPU_PROPERTY:
                cpu = float(prop.get("value", "0"))
        if variant == "buggy":
            result.buggy += 1
            if failure is not None:
                result.found += 1
                result.hangs += any(marker in text for marker in _HANG)
                match = _RUN.search(text)
                if match:
                    result.first_runs.append(int(match.group(1)))
        elif variant == "correct":
            result.correct += 1
            if failure is not None:
                result.false_alarms += 1
            elif runs:
                pattern = _pattern(case)
                result.run_seconds[pattern] = float(case.get("time", "0")) / runs
                if cpu is not None:
                    result.run_cpu_seconds[pattern] = cpu / runs
    report.unlink(missing_ok=True)
    return result


def _ms(values: dict[str, float]) -> str:
    return f"{statistics.median(values.values()) * 1000:.1f}" if values else "-"


def _ratio(values: dict[str, float], reference: dict[str, float]) -> str:
    """Geometric mean over the patterns both have of the per-pattern ratio (same test)."""
    common = [name for name in values if reference.get(name)]
    if not common:
        return "-"
    logs = [math.log(values[name] / reference[name]) for name in common]
    return f"{math.exp(statistics.fmean(logs)):.2f}x"


def _admf_env() -> dict[str, str]:
    """The environment of an admf session: this module importable as the CPU-time plugin."""
    path = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PYTHONPATH": path}


def _peer_args(args: list[str], threads: int, runs: int) -> list[str]:
    return [
        *args,
        f"--parallel-threads={threads}",
        f"--iterations={runs}",
        f"--timeout={PEER_TIMEOUT}",
        "-p",
        "no:randomly",
    ]


def corpus_table(seed: int, runs: int) -> str:
    rows = [
        "| style | tool | bugs found | of which by a stall | false alarms | median first "
        "failing run | CPU ms per run (correct twins) | vs stress.run | wall ms per run | "
        "vs stress.run | session s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    admf: dict[str, Tally] = {}
    for style, args in STYLES:
        report, wall = run_pytest(
            [
                *args,
                "--admf-stress",
                f"--admf-seed={seed}",
                f"--admf-iterations={runs}",
                "-p",
                "bench_pushbutton",
            ],
            env=_admf_env(),
        )
        admf[style] = tally(report, wall)
    peers = [
        (style, tool, args, threads)
        for style, args in STYLES[1:]
        for tool, threads in (("plain repetition", 1), ("pytest-run-parallel (4 threads)", 4))
    ]
    with ThreadPoolExecutor(max_workers=PEERS_AT_ONCE) as pool:
        futures = [
            pool.submit(run_pytest, _peer_args(args, threads, runs), None, PEER_SESSION_TIMEOUT)
            for _, _, args, threads in peers
        ]
        peer_tallies = [tally(*future.result()) for future in futures]
    reference = admf[STYLES[0][0]]
    for style, _ in STYLES:
        result = admf[style]
        first = statistics.median(result.first_runs) if result.first_runs else "-"
        rows.append(
            f"| {style} | admf-tsan --admf-stress | {result.found}/{result.buggy} | "
            f"{result.hangs} | {result.false_alarms}/{result.correct} | {first} | "
            f"{_ms(result.run_cpu_seconds)} | "
            f"{_ratio(result.run_cpu_seconds, reference.run_cpu_seconds)} | "
            f"{_ms(result.run_seconds)} | {_ratio(result.run_seconds, reference.run_seconds)} | "
            f"{result.wall:.1f} |"
        )
        for (peer_style, tool, _, _), peer in zip(peers, peer_tallies, strict=True):
            if peer_style != style:
                continue
            killed = " (killed)" if peer.wall >= PEER_SESSION_TIMEOUT else ""
            rows.append(
                f"| {style} | {tool} | {peer.found}/{peer.buggy} | {peer.hangs} | "
                f"{peer.false_alarms}/{peer.correct} | - | - | - | - | - | "
                f"{peer.wall:.1f}{killed} |"
            )
    return "\n".join(rows)


def _install(version: str, target: Path) -> bool:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--target",
        str(target),
        f"ratelimiter=={version}",
    ]
    done = subprocess.run(command, capture_output=True, timeout=300, check=False)
    return done.returncode == 0


def realbug_table(seed: int, runs: int) -> str:
    rows = [
        f"| ratelimiter release | plain repetition ({runs} runs) | --admf-stress | "
        "--admf-stress --admf-include=ratelimiter |",
        "| --- | --- | --- | --- |",
    ]
    # Under the interpreter's prefix, as site-packages is: the scheduler's default skips it.
    base = Path(sys.prefix) / "admf-bench-realbugs"
    try:
        for version in RATELIMITER:
            target = base / version
            if not _install(version, target):
                return f"(ratelimiter {version} could not be installed with pip: table skipped)"
            env = {**os.environ, "PYTHONPATH": str(target)}
            test = str(REALBUGS / "test_ratelimiter.py")
            cells = []
            for args in (
                ["--parallel-threads=1", f"--iterations={runs}", "-p", "no:randomly"],
                ["--admf-stress", f"--admf-seed={seed}", f"--admf-iterations={runs}"],
                [
                    "--admf-stress",
                    f"--admf-seed={seed}",
                    f"--admf-iterations={runs}",
                    "--admf-include=ratelimiter",
                ],
            ):
                report, wall = run_pytest([test, *args], env=env)
                cells.append(_cell(report, wall))
            rows.append(f"| {version} | " + " | ".join(cells) + " |")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return "\n".join(rows)


def _cell(report: Path, wall: float) -> str:
    if not report.exists():
        return "no report"
    case = next(ElementTree.parse(report).getroot().iter("testcase"), None)
    report.unlink(missing_ok=True)
    if case is None:
        return "not collected"
    failure = case.find("failure")
    if failure is None:
        failure = case.find("error")
    if failure is None:
        return f"passed ({wall:.1f} s)"
    text = (failure.get("message") or "") + (failure.text or "")
    match = _RUN.search(text)
    where = f" in run {match.group(1)}" if match else ""
    kind = "IndexError" if "IndexError" in text else "failed"
    return f"**{kind}{where}** ({wall:.1f} s)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=RUNS, help="runs (iterations) per item")
    parser.add_argument("--skip-realbug", action="store_true")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the docs")
    options = parser.parse_args(argv)
    started = time.perf_counter()
    parts = ["## Push-button stress: the corpus as maintainers write tests\n"]
    if not options.skip_corpus:
        parts.append(
            f"`python benchmarks/bench_pushbutton.py` (seed {options.seed}, {options.runs} runs "
            "per item). The sixteen patterns of `fixtures/components` written with `stress.run` "
            "and as maintainers write tests (`fixtures/maintainer_style`: threads joined, a "
            "`ThreadPoolExecutor`, an `async def` test gathering tasks). Time per run is "
            "measured on the correct twins (they make every run): CPU time of the pytest "
            "process per run (the figure to compare: the machine is shared, wall time moves "
            "with its load) and wall time; the ms columns are medians over the patterns, the "
            "ratios the geometric mean over the patterns of each pattern's time per run against "
            "the same pattern's `stress.run` test. "
            "Plain repetition and pytest-run-parallel run the same maintainer-style files "
            "without the scheduler.\n"
        )
        parts.append(corpus_table(options.seed, options.runs))
    if not options.skip_realbug:
        parts.append("\n### A historical race in an installed package (ratelimiter)\n")
        parts.append(realbug_table(options.seed, options.runs))
    markdown = "\n".join(parts)
    print(markdown)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if not options.no_write and not options.skip_corpus:
        write_section("pushbutton", markdown)


if __name__ == "__main__":
    main()
