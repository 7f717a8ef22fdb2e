"""Recall and precision on a peer's own test suite: admf-tsan vs ruff and flake8-async.

The corpus is flake8-async's test data (``tests/eval_files/`` of its sdist) read for asyncio:
one ``.py`` file per eval file, each line that must be reported ending with ``# expect: ADMF1``
(a blocking call in a coroutine, flake8-async's ASYNC2xx) or ``# expect: ADMF3`` (a swallowed
cancellation or a dropped task: ASYNC103/104/300), and lines where a finding is neither required
nor counted as false carrying ``# allow: ADMFn``. Nobody here wrote those expectations, which is
the point. Build the corpus with the peer-suite converter, then pass its folder.

Each tool runs once over the folder, as a fresh process from the command line:

* ``admf-tsan lint --format json --no-cache``: ADMF1xx and ADMF3xx findings count, once with
  the default selection and once with the opt-in rules that cover rules flake8-async runs by
  default (``--extend-select ADMF130,ADMF302,ADMF308``: a file read or write, a dropped task, a
  cancellation that ends late or as another error), as ruff is run with ``--select`` of its
  non-default ASYNC and RUF006 rules;
* ``ruff check --select ASYNC,RUF006``: ASYNC2xx count as ADMF1, ASYNC1xx/3xx and RUF006 as ADMF3;
* ``flake8-async`` (standalone, its defaults): the same mapping.

A line is a hit when the tool reports a code of the expected family there; a report of a
counted family on a line that expects nothing (and allows nothing) is a false positive.

Run: ``python benchmarks/bench_peer_suite.py CORPUS_DIR`` (a few seconds); it prints one
markdown row per tool.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

BIN = Path(sys.executable).parent
FAMILIES = ("ADMF1", "ADMF3")
EXPECT = re.compile(r"#\s*expect:\s*(ADMF\d)")
ALLOW = re.compile(r"#\s*allow:\s*(ADMF\d)")
FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: (?P<code>[A-Z]+\d+)")


def family(code: str) -> str | None:
    """The ADMF family a tool's code stands for in this corpus, or ``None`` (not counted)."""
    if code.startswith(FAMILIES):
        return code[:5]
    if re.fullmatch(r"ASYNC2\d\d", code):
        return "ADMF1"
    if code in ("ASYNC103", "ASYNC104", "ASYNC300", "RUF006"):
        return "ADMF3"
    return None


def expectations(corpus: Path) -> tuple[dict[tuple[str, int], str], dict[tuple[str, int], str]]:
    expected, allowed = {}, {}
    for path in sorted(corpus.rglob("*.py")):
        name = path.relative_to(corpus).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := EXPECT.search(line):
                expected[(name, number)] = match.group(1)
            if match := ALLOW.search(line):
                allowed[(name, number)] = match.group(1)
    return expected, allowed


#: The opt-in rules that report what flake8-async's default rules do (ASYNC230 and ASYNC231
#: file I/O, ASYNC300 a dropped task, ASYNC103/104 a cancellation not re-raised).
PEER_OPT_IN = "ADMF130,ADMF302,ADMF308"


def run_admf(corpus: Path, *extra: str) -> list[tuple[str, int, str]]:
    command = [str(BIN / "admf-tsan"), "lint", ".", "--format", "json", "--no-cache", "--exit-zero"]
    output = subprocess.run(
        [*command, *extra], cwd=corpus, capture_output=True, text=True, check=True
    )
    return [(f["path"], f["line"], f["code"]) for f in json.loads(output.stdout)]


def run_admf_peer_rules(corpus: Path) -> list[tuple[str, int, str]]:
    return run_admf(corpus, "--extend-select", PEER_OPT_IN)


def run_ruff(corpus: Path) -> list[tuple[str, int, str]]:
    command = [str(BIN / "ruff"), "check", "--select", "ASYNC,RUF006", "--output-format"]
    command += ["json", "--no-cache", "--isolated", "--exit-zero", "."]
    output = subprocess.run(command, cwd=corpus, capture_output=True, text=True, check=True)
    return [
        (f["filename"], f["location"]["row"], f["code"] or "") for f in json.loads(output.stdout)
    ]


def run_flake8_async(corpus: Path) -> list[tuple[str, int, str]]:
    files = [p.name for p in sorted(corpus.glob("*.py"))]
    command = [str(BIN / "flake8-async"), *files]
    output = subprocess.run(command, cwd=corpus, capture_output=True, text=True, check=False)
    found = []
    for line in output.stdout.splitlines():
        if match := FLAKE8_LINE.match(line):
            found.append((match["path"], int(match["line"]), match["code"]))
    return found


def score(
    corpus: Path, findings: list[tuple[str, int, str]]
) -> tuple[int, int, int, list[str], list[str]]:
    """``(hits, expected, false positives, misses, false positive lines)``."""
    expected, allowed = expectations(corpus)
    found: dict[tuple[str, int], set[str]] = {}
    for path, line, code in findings:
        fam = family(code)
        if fam is None:
            continue
        absolute = Path(path) if Path(path).is_absolute() else corpus / path
        name = absolute.resolve().relative_to(corpus.resolve()).as_posix()
        found.setdefault((name, line), set()).add(fam)
    hits = [key for key, fam in expected.items() if fam in found.get(key, ())]
    misses = [f"{k[0]}:{k[1]} {fam}" for k, fam in expected.items() if fam not in found.get(k, ())]
    false = []
    for key, families in sorted(found.items()):
        extra = families - {expected.get(key), allowed.get(key)}
        if extra:
            false.append(f"{key[0]}:{key[1]} {','.join(sorted(extra))}")
    return len(hits), len(expected), len(false), misses, false


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of .py files with # expect: comments")
    parser.add_argument("--details", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not corpus.is_dir() or not any(corpus.glob("*.py")):
        parser.error(f"{corpus}: not a folder of .py files")
    tools = (
        ("admf-tsan (default selection)", run_admf),
        (f"admf-tsan --extend-select {PEER_OPT_IN}", run_admf_peer_rules),
        ("ruff --select ASYNC,RUF006", run_ruff),
        ("flake8-async", run_flake8_async),
    )
    rows = [
        "## Linter: flake8-async's own test suite, read for asyncio "
        "(`benchmarks/bench_peer_suite.py`)",
        "",
        "Each tool on the converted eval files (`# expect:` comments for blocking calls and "
        "async hygiene; see the script's docstring for how the corpus is made). admf-tsan's "
        "default selection leaves out what was seldom worth a change on real projects (one "
        "file read or written, a dropped task, a cancellation that ends late), which "
        "flake8-async reports by default; its second row turns those opt-in rules on, as ruff "
        "is run with its non-default rules selected.",
        "",
        "| tool | recall | precision | hits / expected | false positives | time |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, run in tools:
        started = time.perf_counter()
        try:
            findings = run(corpus)
        except (OSError, subprocess.CalledProcessError, ValueError) as error:
            rows.append(f"| {name} | - | - | - | - | failed: {error} |")
            continue
        seconds = time.perf_counter() - started
        hits, total, false, misses, false_lines = score(corpus, findings)
        reported = hits + false
        precision = hits / reported if reported else 0.0
        rows.append(
            f"| {name} | {hits / total:.2f} | {precision:.2f} | {hits} / {total} | {false} "
            f"| {seconds:.1f} s |"
        )
        if args.details:
            for line in misses:
                print(f"  miss: {line}", file=sys.stderr)
            for line in false_lines:
                print(f"  false: {line}", file=sys.stderr)
    markdown = "\n".join(rows)
    print(markdown)
    write_section("peer-suite", markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
