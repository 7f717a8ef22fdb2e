"""admf-tsan and ruff on held-out real projects: releases nobody tuned the linter on.

The twelve projects of ``bench_realworld.py`` are the ones the linter's rules were tuned
against, so their precision is no longer an honest measure. This harness runs the same
pipeline on six other pure-Python releases that mix threads and asyncio (none of them is in
``bench_realworld.PROJECTS``; the script refuses to run if one is): each sdist is fetched with
``pip download --no-deps --no-binary :all:``, checked against its pinned sha256 and unpacked in
the same cache (``~/.cache/admf-tsan-bench`` or ``--cache DIR``), and only its package source
is linted, side by side:

* admf-tsan: ``admf-tsan lint --no-cache --format json --exit-zero DIR`` (default rule
  selection, default ``--jobs``);
* ruff: ``ruff check --no-cache --isolated --select ASYNC,RUF006 --output-format json``.

Download, checksum, lint and table code are ``bench_realworld``'s, imported. Prints a markdown
table (findings and wall seconds per project and tool, findings per code for both tools), writes
it to the ``heldout`` section of docs/benchmarks.md on a full run, and with ``--json FILE``
writes admf-tsan's findings per project for judging (the judged list is
docs/realworld-heldout.md). ``--only NAME[,NAME]`` restricts the run to some projects.

Run: ``python benchmarks/bench_heldout.py --json heldout.json`` (about half a minute).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402
from bench_realworld import (  # noqa: E402
    BIN,
    DEFAULT_CACHE,
    Project,
    Row,
    fetch,
    markdown,
    run_project,
    timed,
)
from bench_realworld import (
    PROJECTS as TUNED_PROJECTS,
)

REPO = Path(__file__).resolve().parent.parent

HELDOUT = (
    # Worker threads and portals between threads and event loops (to_thread, from_thread,
    # BlockingPortal), on asyncio and trio.
    Project(
        "anyio",
        "4.16.0",
        "59bb03251907983d1603d27c3087ddb1e93299ea2163adcdba37899a4fb12ffb",
        "anyio-4.16.0.tar.gz",
        "anyio-4.16.0/src/anyio",
    ),
    # Connection pools written once for async and generated for sync (threading locks).
    Project(
        "httpcore",
        "1.0.9",
        "6e34463af53fd2ab5d807f399a9b45ea31c3dfa2276f15a2c3f00afff6e176e8",
        "httpcore-1.0.9.tar.gz",
        "httpcore-1.0.9/httpcore",
    ),
    # AMQP client: a blocking connection used from threads, plus an asyncio adapter.
    Project(
        "pika",
        "1.4.4",
        "8cfc8b33a5cb16e733bd60cffca9732c0d1d761ecd80a89f34ed7df2cd38d6d6",
        "pika-1.4.4.tar.gz",
        "pika-1.4.4/pika",
    ),
    # Task queue: worker and consumer threads, an asyncio middleware running actors on a loop.
    Project(
        "dramatiq",
        "2.2.1",
        "f9fbbd2feea27b3fa4085446242a24d86f78288b20c78a93f9f0bdbd7d908cd5",
        "dramatiq-2.2.1.tar.gz",
        "dramatiq-2.2.1/dramatiq",
    ),
    # A queue with a sync (thread) face and an async (event loop) face.
    Project(
        "janus",
        "2.0.0",
        "0970f38e0e725400496c834a368a67ee551dc3b5ad0a257e132f5b46f2e77770",
        "janus-2.0.0.tar.gz",
        "janus-2.0.0/janus",
    ),
    # ASGI/WSGI server on asyncio and trio; WSGI apps run in threads.
    Project(
        "hypercorn",
        "0.18.0",
        "d63267548939c46b0247dc8e5b45a9947590e35e64ee73a23c074aa3cf88e9da",
        "hypercorn-0.18.0.tar.gz",
        "hypercorn-0.18.0/src/hypercorn",
    ),
)


def check_held_out() -> None:
    """Stop if a held-out project is also one of the projects the linter was tuned on."""
    tuned = {project.name for project in TUNED_PROJECTS}
    overlap = sorted(tuned & {project.name for project in HELDOUT})
    if overlap:
        raise SystemExit(f"not held out (also in bench_realworld): {', '.join(overlap)}")


def ruff_codes(project: Project, cache: Path) -> Counter[str]:
    """ruff's ASYNC/RUF006 findings on ``project`` per code."""
    package = fetch(project, cache)
    _, out = timed(
        [str(BIN / "ruff"), "check", "--no-cache", "--isolated", "--select", "ASYNC,RUF006"]
        + ["--output-format", "json", "--exit-zero", package.name],
        package.parent,
        timeout=600,
    )
    return Counter(str(finding["code"]) for finding in json.loads(out))


def linter_commit() -> str:
    """The commit of the linter that was run (with ``+dirty`` for uncommitted lint changes).

    When ``admf_tsan`` is imported from outside this checkout (``PYTHONPATH`` pointing at an
    export of one commit, to lint with a clean tree while others edit this one), names that
    directory instead.
    """
    imported = subprocess.run(
        [sys.executable, "-c", "import admf_tsan; print(admf_tsan.__file__)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if imported and not Path(imported).resolve().is_relative_to(REPO):
        return f"the tree in {Path(imported).resolve().parent.parent}"
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "admf_tsan/lint"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head or 'unknown'}{'+dirty' if dirty else ''}"


def report(rows: list[Row], ruff: Counter[str], commit: str) -> str:
    lines = [markdown(rows)]
    lines.append("ruff per code: " + ", ".join(f"{c} {n}" for c, n in sorted(ruff.items())))
    lines.append("")
    lines.append(f"Linter at commit {commit}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", default="", help="comma-separated project names")
    parser.add_argument("--json", type=Path, help="write admf-tsan findings per project here")
    args = parser.parse_args(argv)
    check_held_out()
    wanted = {name for name in args.only.split(",") if name}
    projects = [p for p in HELDOUT if not wanted or p.name in wanted]
    commit = linter_commit()
    rows = [run_project(project, args.cache, False, 1) for project in projects]
    ruff: Counter[str] = Counter()
    for project in projects:
        ruff += ruff_codes(project, args.cache)
    if args.json:
        args.json.write_text(
            json.dumps({row.project.name: row.admf for row in rows}, indent=1, sort_keys=True)
        )
    table = report(rows, ruff, commit)
    print(table)
    if not wanted:
        write_section(
            "heldout",
            "## Linter: held-out real projects\n\n"
            "Pinned releases the linter was not tuned on (sha256-checked sdists, package source "
            "only), linted by admf-tsan (default selection) and ruff (`--select ASYNC,RUF006`); "
            "wall seconds of one fresh process each. flake8-async is not run here. Every "
            "admf-tsan finding is judged in [realworld-heldout.md](realworld-heldout.md).\n\n"
            + table,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
