"""Push-button stress: the corpus tested as maintainers write tests, next to ``stress.run``.

Prints markdown (it does not write docs/benchmarks.md). Two tables, each from pytest sessions
run side by side in one process run of this script:

1. **Corpus per style.** The sixteen patterns of ``fixtures/components`` as ``stress.run``
   tests (``fixtures/components``, contexts multi and async) and as maintainer-style tests
   (``fixtures/maintainer_style``: threads joined, a ``ThreadPoolExecutor``, an ``async def``
   test gathering tasks), each under ``pytest --admf-stress --admf-seed=S`` (50 runs per
   item). Columns: buggy items that fail (found), how many of those only by a stall report
   (hang), correct twins that fail (false alarms), the median first failing run, and the time
   per run on the correct twins (item time / runs; they run all 50) with its ratio to
   ``stress.run``'s. Next to each maintainer style, the same files without ``--admf-stress``
   under plain repetition (pytest-run-parallel ``--parallel-threads=1 --iterations=50``) and
   under pytest-run-parallel (``--parallel-threads=4 --iterations=50``: the whole test body
   in 4 threads), with pytest-timeout at 10 s.
2. **A historical race in an installed package**: ratelimiter 1.0.2.post0 (buggy) and 1.1.0
   (fixed), installed with pip under the interpreter's prefix (where the scheduler's default
   does not schedule, like site-packages), and ``benchmarks/realbugs/test_ratelimiter.py`` run
   with plain repetition, ``--admf-stress``, and ``--admf-stress --admf-include=ratelimiter``.

Run: ``python benchmarks/bench_pushbutton.py [--seed S] [--skip-realbug]``. It needs network
access to PyPI for table 2 (skipped with a note when pip cannot install).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = ROOT / "fixtures" / "components"
MAINTAINER = ROOT / "fixtures" / "maintainer_style"
REALBUGS = Path(__file__).resolve().parent / "realbugs"
RUNS = 50
PEER_TIMEOUT = 10
SESSION_TIMEOUT = 900.0
# A peer session whose deadlocked threads never let it exit is killed after this long.
PEER_SESSION_TIMEOUT = 90.0
RATELIMITER = ("1.0.2.post0", "1.1.0")

STYLES = (
    ("stress.run", [str(COMPONENTS), "--admf-contexts=multi,async"]),
    ("threads joined", [str(MAINTAINER / "test_threads.py")]),
    ("ThreadPoolExecutor", [str(MAINTAINER / "test_pool.py")]),
    ("async def gathering tasks", [str(MAINTAINER / "test_tasks.py")]),
)
_RUN = re.compile(r"admf-stress: run (\d+) of")
_HANG = ("StressStalled", "made no progress", "Timeout")


@dataclass
class Tally:
    """What one session did to the buggy and the correct items."""

    found: int = 0
    hangs: int = 0
    buggy: int = 0
    false_alarms: int = 0
    correct: int = 0
    first_runs: list[int] = field(default_factory=list)
    run_seconds: list[float] = field(default_factory=list)
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
        for prop in case.iter("property"):
            if prop.get("name") == "admf_stress":
                runs = ast.literal_eval(prop.get("value", "{}")).get("runs")
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
                result.run_seconds.append(float(case.get("time", "0")) / runs)
    report.unlink(missing_ok=True)
    return result


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f}" if values else "-"


def corpus_table(seed: int) -> str:
    rows = [
        "| style | tool | bugs found | of which by a stall | false alarms | median first "
        "failing run | ms per run (correct twins) | vs stress.run | session s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    reference: float | None = None
    for style, args in STYLES:
        report, wall = run_pytest([*args, "--admf-stress", f"--admf-seed={seed}"])
        result = tally(report, wall)
        per_run = statistics.median(result.run_seconds) if result.run_seconds else None
        if reference is None:
            reference = per_run
        ratio = f"{per_run / reference:.2f}x" if per_run and reference else "-"
        first = statistics.median(result.first_runs) if result.first_runs else "-"
        rows.append(
            f"| {style} | admf-tsan --admf-stress | {result.found}/{result.buggy} | "
            f"{result.hangs} | {result.false_alarms}/{result.correct} | {first} | "
            f"{_ms(result.run_seconds)} | {ratio} | {wall:.1f} |"
        )
        if style == "stress.run":
            continue
        for tool, threads in (("plain repetition", 1), ("pytest-run-parallel (4 threads)", 4)):
            report, wall = run_pytest(
                [
                    *args,
                    f"--parallel-threads={threads}",
                    f"--iterations={RUNS}",
                    f"--timeout={PEER_TIMEOUT}",
                    "-p",
                    "no:randomly",
                ],
                timeout=PEER_SESSION_TIMEOUT,
            )
            peer = tally(report, wall)
            rows.append(
                f"| {style} | {tool} | {peer.found}/{peer.buggy} | {peer.hangs} | "
                f"{peer.false_alarms}/{peer.correct} | - | - | - | {wall:.1f}"
                + (" (killed)" if wall >= PEER_SESSION_TIMEOUT else "")
                + " |"
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


def realbug_table(seed: int) -> str:
    rows = [
        "| ratelimiter release | plain repetition (50 runs) | --admf-stress | "
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
                ["--parallel-threads=1", f"--iterations={RUNS}", "-p", "no:randomly"],
                ["--admf-stress", f"--admf-seed={seed}"],
                ["--admf-stress", f"--admf-seed={seed}", "--admf-include=ratelimiter"],
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
    parser.add_argument("--skip-realbug", action="store_true")
    parser.add_argument("--skip-corpus", action="store_true")
    options = parser.parse_args(argv)
    print("### Push-button stress: the corpus as maintainers write tests\n")
    if not options.skip_corpus:
        print(corpus_table(options.seed))
        print()
    if not options.skip_realbug:
        print("### A historical race in an installed package (ratelimiter)\n")
        print(realbug_table(options.seed))


if __name__ == "__main__":
    main()
