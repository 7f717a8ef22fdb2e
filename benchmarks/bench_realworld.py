"""admf-tsan, ruff and flake8-async on pinned releases of real async/threading projects.

Each project is a pinned sdist (name, version, sha256). The archives are fetched with
``pip download --no-deps --no-binary :all:`` into a cache outside the repository
(``~/.cache/admf-tsan-bench``, or ``--cache DIR``), checked against their sha256 (a mismatch
stops the run), and unpacked there. Only the package source is linted (no tests, docs or
examples), the same directory for every tool:

* admf-tsan: ``admf-tsan lint --no-cache --format json --exit-zero DIR`` (default ``--jobs``);
* ruff: ``ruff check --no-cache --isolated --select ASYNC,RUF006 --output-format json``;
* flake8-async: the standalone ``flake8-async FILES`` command (flake8 itself is not needed). It
  is slow (minutes per project, over 15 minutes for redis), so it is off unless
  ``--flake8-async`` is given; ``--flake8-sample N`` runs it on every Nth file only and scales
  its count and time by line count (the table says so).

Prints one markdown table (findings and wall time per project and tool) and, with ``--json
FILE``, writes admf-tsan's findings per project for reading and judging (the judged list is
docs/realworld-findings.md). ``--only NAME[,NAME]`` restricts the run to some projects;
``--extend-select CODES`` adds opt-in rules (ADMF127, ADMF207, ADMF406) to the default
selection, for the opt-in figures of that page.

Run: ``python benchmarks/bench_realworld.py`` (about a minute without flake8-async).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

BIN = Path(sys.executable).parent
DEFAULT_CACHE = Path.home() / ".cache" / "admf-tsan-bench"


@dataclass(frozen=True)
class Project:
    """A pinned release and the package directory inside its sdist that is linted."""

    name: str
    version: str
    sha256: str
    archive: str
    package_dir: str
    exclude: tuple[str, ...] = ()


PROJECTS = (
    Project(
        "aiohttp",
        "3.14.5",
        "5558a7f5a05af9ecf744af91e5baefc436f93c9333e656c27ec253f9a6bbe178",
        "aiohttp-3.14.5.tar.gz",
        "aiohttp-3.14.5/aiohttp",
    ),
    Project(
        "apscheduler",
        "3.11.3",
        "cd2fcc9330039a81a5893472ad49facf23a6d5604cbe1d918c835c6de7834d5a",
        "apscheduler-3.11.3.tar.gz",
        "apscheduler-3.11.3/src/apscheduler",
    ),
    Project(
        "distributed",
        "2026.8.0",
        "6f55008ecacf96ba945309fc12e680544764995e27bd63cc5e109afb97d7044d",
        "distributed-2026.8.0.tar.gz",
        "distributed-2026.8.0/distributed",
    ),
    Project(
        "httpx",
        "0.29.0",
        "700928ee6c1f4213795e67c47eba8f8553639069fea89199f71d654e38edc593",
        "httpx-0.29.0.tar.gz",
        "httpx-0.29.0/httpx",
    ),
    Project(
        "kombu",
        "5.7.0",
        "31e62fdfd2381caa3422f8e02b84a491d9a2180ddda74507b57f4cb1e1c2c2c9",
        "kombu-5.7.0.tar.gz",
        "kombu-5.7.0/kombu",
    ),
    Project(
        "redis",
        "8.2.0",
        "58b1493d83ba8f0e3ffe6bd781194ca5c01c91267ae03d29c1087b0b3c7d79c9",
        "redis-8.2.0.tar.gz",
        "redis-8.2.0/redis",
    ),
    Project(
        "starlette",
        "1.10.0",
        "b8399098d4c1e3522734f7235dc79b1fc967f96cf139c81e0fa30479e0685f9b",
        "starlette-1.10.0.tar.gz",
        "starlette-1.10.0/starlette",
    ),
    Project(
        "tornado",
        "6.6.1",
        "28e6311402af59c8b02e3fa0f5e7d8eb465b25081381803b127d97e6a4395d5a",
        "tornado-6.6.1.tar.gz",
        "tornado-6.6.1/tornado",
        exclude=("test",),
    ),
    Project(
        "uvicorn",
        "0.55.0",
        "b65ae5f0f30cdcbc26a104b93d7d19723aa5f46fec3915a6c247d5795449331c",
        "uvicorn-0.55.0.tar.gz",
        "uvicorn-0.55.0/uvicorn",
    ),
    Project(
        "websockets",
        "17.4",
        "09d3939b70df0c8ad2da145ebd50978bccaee1d565e838b0e7921a34d38571eb",
        "websockets-17.4.tar.gz",
        "websockets-17.4/src/websockets",
    ),
    # Two thread-heavy libraries (locks around shared client state) for a larger sample of
    # the lock-discipline and guarded-state rules.
    Project(
        "paho-mqtt",
        "2.2.0",
        "bcf706f03f1f49e0fc3ae166dc7b67ee35463496f8bdfd7c9c36181f6ba635c9",
        "paho_mqtt-2.2.0.tar.gz",
        "paho_mqtt-2.2.0/src/paho",
    ),
    Project(
        "prometheus-client",
        "0.26.0",
        "04a91bcf94e2cf74a44a1a874d651a2e853ed354b6e822f3b7487751465d5c2b",
        "prometheus_client-0.26.0.tar.gz",
        "prometheus_client-0.26.0/prometheus_client",
    ),
)


class ChecksumMismatch(Exception):
    """A downloaded archive does not have the pinned sha256."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(project: Project, cache: Path) -> Path:
    """Return the package directory of ``project``, downloading and unpacking it if needed."""
    sdists, sources = cache / "sdist", cache / "src"
    archive = sdists / project.archive
    if not archive.is_file():
        sdists.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
            + ["--quiet", "-d", str(sdists), f"{project.name}=={project.version}"],
            check=True,
        )
    actual = sha256_of(archive)
    if actual != project.sha256:
        raise ChecksumMismatch(
            f"{archive}: sha256 {actual}, pinned {project.sha256}; "
            "delete the file to fetch it again"
        )
    target = sources / project.package_dir
    if not target.is_dir():
        sources.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(sources, filter="data")
    return target


def python_files(package: Path, exclude: tuple[str, ...]) -> list[Path]:
    skipped = [package / name for name in exclude]
    return sorted(
        path
        for path in package.rglob("*.py")
        if not any(path.is_relative_to(directory) for directory in skipped)
    )


def lines_of(files: list[Path]) -> int:
    return sum(path.read_bytes().count(b"\n") for path in files)


def timed(command: list[str], cwd: Path, timeout: float) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout


@dataclass(frozen=True)
class Row:
    project: Project
    lines: int
    admf: list[dict[str, object]]
    admf_seconds: float
    ruff_count: int
    ruff_seconds: float
    flake8: str


def admf_excludes(package: str, exclude: tuple[str, ...] | list[str]) -> list[str]:
    """``--extend-exclude`` arguments that leave ``exclude`` (names relative to the package
    directory ``package``) out of an ``admf-tsan lint PACKAGE`` run from its parent.

    admf-tsan matches a glob against one path component or a path prefix relative to the
    project root (the directory of the nearest ``pyproject.toml``, often the sdist's top,
    above ``src/``): a name with a ``/`` (``comm/comm_cli.py``) is given as the package's
    path (``roslibpy/comm/comm_cli.py``) and under any prefix (``*/roslibpy/...``).
    """
    patterns = [
        pattern
        for name in exclude
        for pattern in (
            (name,) if "/" not in name else (f"{package}/{name}", f"*/{package}/{name}")
        )
    ]
    return [arg for pattern in patterns for arg in ("--extend-exclude", pattern)]


def run_project(
    project: Project, cache: Path, flake8: bool, sample: int, extend_select: str = ""
) -> Row:
    package = fetch(project, cache)
    files = python_files(package, project.exclude)
    cwd = package.parent
    excludes = admf_excludes(package.name, project.exclude)
    selection = ["--extend-select", extend_select] if extend_select else []
    admf_seconds, admf_out = timed(
        [str(BIN / "admf-tsan"), "lint", "--no-cache", "--format", "json", "--exit-zero"]
        + [*selection, *excludes, package.name],
        cwd,
        timeout=600,
    )
    ruff_seconds, ruff_out = timed(
        [str(BIN / "ruff"), "check", "--no-cache", "--isolated", "--select", "ASYNC,RUF006"]
        + ["--output-format", "json", "--exit-zero"]
        + [
            arg
            for name in project.exclude
            for arg in ("--extend-exclude", f"{package.name}/{name}")
        ]
        + [package.name],
        cwd,
        timeout=600,
    )
    flake8_cell = "not run"
    if flake8:
        chosen = files[::sample]
        seconds, out = timed(
            [str(BIN / "flake8-async"), *(str(p.relative_to(cwd)) for p in chosen)],
            cwd,
            timeout=3600,
        )
        count = sum(1 for line in out.splitlines() if ": ASYNC" in line)
        if sample > 1:
            scale = lines_of(files) / max(1, lines_of(chosen))
            flake8_cell = f"~{count * scale:.0f} in ~{seconds * scale:.0f} s (1/{sample} sampled)"
        else:
            flake8_cell = f"{count} in {seconds:.1f} s"
    admf = json.loads(admf_out)
    for finding in admf:
        finding["path"] = str(Path(str(finding["path"])).as_posix())
    return Row(
        project,
        lines_of(files),
        admf,
        admf_seconds,
        len(json.loads(ruff_out)),
        ruff_seconds,
        flake8_cell,
    )


def markdown(rows: list[Row]) -> str:
    lines = [
        "| project | version | py lines | admf-tsan findings | admf-tsan s "
        "| ruff ASYNC,RUF006 findings | ruff s | flake8-async findings, time |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row.project.name} | {row.project.version} | {row.lines} | {len(row.admf)} "
            f"| {row.admf_seconds:.2f} | {row.ruff_count} | {row.ruff_seconds:.2f} | {row.flake8} |"
        )
    lines.append(
        f"| **all** | | {sum(r.lines for r in rows)} | {sum(len(r.admf) for r in rows)} "
        f"| {sum(r.admf_seconds for r in rows):.2f} | {sum(r.ruff_count for r in rows)} "
        f"| {sum(r.ruff_seconds for r in rows):.2f} | |"
    )
    codes: dict[str, int] = {}
    for row in rows:
        for finding in row.admf:
            codes[str(finding["code"])] = codes.get(str(finding["code"]), 0) + 1
    lines.append("")
    lines.append("admf-tsan per code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", default="", help="comma-separated project names")
    parser.add_argument("--flake8-async", action="store_true", help="also run flake8-async")
    parser.add_argument("--flake8-sample", type=int, default=1, metavar="N")
    parser.add_argument("--json", type=Path, help="write admf-tsan findings per project here")
    parser.add_argument(
        "--extend-select",
        default="",
        metavar="CODES",
        help="also run these (opt-in) codes, e.g. ADMF127,ADMF207,ADMF406; the docs table is "
        "written only for the default selection",
    )
    args = parser.parse_args(argv)
    wanted = {name for name in args.only.split(",") if name}
    projects = [p for p in PROJECTS if not wanted or p.name in wanted]
    rows = [
        run_project(
            project, args.cache, args.flake8_async, max(1, args.flake8_sample), args.extend_select
        )
        for project in projects
    ]
    if args.json:
        args.json.write_text(
            json.dumps({row.project.name: row.admf for row in rows}, indent=1, sort_keys=True)
        )
    table = markdown(rows)
    print(table)
    if not wanted and not args.extend_select:
        write_section(
            "realworld",
            "## Linter: real projects\n\n"
            "Pinned releases (sha256-checked sdists, package source only), linted by admf-tsan, "
            "ruff (`--select ASYNC,RUF006`) and, when asked, flake8-async; wall seconds of one "
            "fresh process each. Every admf-tsan finding is judged in "
            "[realworld-findings.md](realworld-findings.md).\n\n" + table,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
