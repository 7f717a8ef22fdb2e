"""Linter speed on the CPython 3.11 standard library: admf-tsan vs ruff, flake8-async and fixit.

Corpus: every ``.py`` file of this interpreter's standard library, without ``site-packages`` and
without test directories (``test/``, ``tests/``, ``idle_test/``): 734 files, 327k lines on CPython
3.11.7. It is copied to a temporary directory so that the "edit one file" runs do not touch the
real library and every tool sees the same tree.

Measured, each as a fresh process from the command line (interpreter start included):

* admf-tsan cold (no cache directory), warm (nothing changed) and after editing one file;
* ruff ``--select ASYNC`` cold (``--no-cache``) and warm;
* flake8-async (standalone, serial) and fixit (``fixit lint``, its default rules): both take
  minutes on the whole corpus (fixit about 11), so they run on a fixed subset (every 12th file)
  and the whole-corpus time is extrapolated by line count. The table says which figures are
  extrapolated. flake8-async is also run on ``pydoc_data/topics.py`` alone, where it crashes.

Run: ``python benchmarks/bench_lint.py`` (about two minutes on two cores).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

BIN = Path(sys.executable).parent
STDLIB = Path(sysconfig.get_paths()["stdlib"])
SKIP_DIRS = {"site-packages", "test", "tests", "idle_test", "__pycache__"}
SUBSET_STEP = 24


def copy_corpus(target: Path) -> list[Path]:
    files = []
    for directory, dirnames, filenames in os.walk(STDLIB):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.endswith(".py"):
                source = Path(directory, name)
                destination = target / source.relative_to(STDLIB)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                files.append(destination)
    return files


def lines_of(files: list[Path]) -> int:
    return sum(path.read_bytes().count(b"\n") for path in files)


def timed(
    command: list[str], cwd: Path, timeout: float = 900
) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - started, done


def median_of(runs: list[float]) -> str:
    return f"{statistics.median(runs):.2f} s"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-lint-"))
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path) -> None:
    corpus = work / "lib"
    files = copy_corpus(corpus)
    total_lines = lines_of(files)
    (work / "pyproject.toml").write_text("[tool.admf-tsan]\n")
    admf = [str(BIN / "admf-tsan"), "lint", "lib", "--exit-zero", "--format", "json"]
    rows: list[tuple[str, str, str]] = []

    cold, warm, edited = [], [], []
    findings = ""
    for _ in range(3):
        shutil.rmtree(work / ".admf-tsan-cache", ignore_errors=True)
        seconds, done = timed(admf, work)
        assert done.returncode == 0, done.stderr
        cold.append(seconds)
        findings = done.stdout
    for _ in range(3):
        seconds, done = timed(admf, work)
        assert done.returncode == 0 and done.stdout == findings, done.stderr
        warm.append(seconds)
    target = corpus / "asyncio" / "tasks.py"
    for attempt in range(3):
        with target.open("a") as handle:
            handle.write(f"\n# edit {attempt}\n")
        seconds, done = timed(admf, work)
        assert done.returncode == 0, done.stderr
        edited.append(seconds)
    import json

    count = len(json.loads(findings))
    rows.append(("admf-tsan lint (cold, --jobs 2)", median_of(cold), f"{count} findings"))
    rows.append(("admf-tsan lint (warm, cache)", median_of(warm), "result cache hit"))
    rows.append(("admf-tsan lint (one file edited)", median_of(edited), "1 file re-analysed"))
    serial = [str(BIN / "admf-tsan"), "lint", "lib", "--exit-zero", "--no-cache", "--jobs", "1"]
    serial_seconds, done = timed(serial, work)
    assert done.returncode == 0 and "Found" in done.stdout, done.stderr
    rows.append(("admf-tsan lint (no cache, --jobs 1)", f"{serial_seconds:.2f} s", "one process"))

    ruff = [str(BIN / "ruff"), "check", "--select", "ASYNC", "--exit-zero", "-q", "lib"]
    ruff_cold = [timed([*ruff, "--no-cache"], work)[0] for _ in range(3)]
    timed(ruff, work)
    ruff_warm = [timed(ruff, work)[0] for _ in range(3)]
    rows.append(("ruff check --select ASYNC (cold)", median_of(ruff_cold), "Rust"))
    rows.append(("ruff check --select ASYNC (warm)", median_of(ruff_warm), ""))

    subset = [p for i, p in enumerate(sorted(files)) if i % SUBSET_STEP == 0]
    subset = [p for p in subset if p.name != "topics.py"]
    subset_lines = lines_of(subset)
    scale = total_lines / subset_lines
    relative = [str(p.relative_to(work)) for p in subset]
    f8_seconds, f8 = timed([str(BIN / "flake8-async"), *relative], work)
    crash_seconds, crash = timed(
        [str(BIN / "flake8-async"), "lib/pydoc_data/topics.py"], work, timeout=300
    )
    crashed = "RecursionError" in crash.stderr
    rows.append(
        (
            "flake8-async (whole corpus, extrapolated)",
            f"{f8_seconds * scale:.0f} s",
            f"{f8_seconds:.1f} s on {len(subset)} files / {subset_lines} lines; "
            + ("crashes (RecursionError) on pydoc_data/topics.py" if crashed else "no crash"),
        )
    )
    fixit_seconds, fixit = timed([str(BIN / "fixit"), "lint", *relative], work)
    rows.append(
        (
            "fixit lint (whole corpus, extrapolated)",
            f"{fixit_seconds * scale:.0f} s",
            f"{fixit_seconds:.1f} s on {len(subset)} files / {subset_lines} lines",
        )
    )

    table = "\n".join(f"| {tool} | {seconds} | {note} |" for tool, seconds, note in rows)
    markdown = f"""## Linter: CPython standard library

Corpus: the CPython {sys.version.split()[0]} standard library without `site-packages` and test
directories: {len(files)} files, {total_lines} lines, copied to a temporary directory. Each figure
is the median of three runs of a fresh process (one run where no median is shown). Targets of
issue 5: cold under 15 s, warm under 1 s, one edited file under 2 s.

| tool | wall time | note |
| --- | ---: | --- |
{table}

flake8-async and fixit take minutes on the whole corpus, so they ran on every {SUBSET_STEP}th file
and their whole-corpus time is that figure scaled by line count ({scale:.1f}x): treat it as an
estimate. ruff's ASYNC rules and fixit's default rules check less than admf-tsan (no call graph);
the comparison is of cost, not of findings.
"""
    write_section("lint", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
