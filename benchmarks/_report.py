"""Write one benchmark's section of docs/benchmarks.md.

Each benchmark module owns one section, delimited by HTML comments, so the
benchmarks can run one at a time or all together without clobbering each other.
"""

from __future__ import annotations

import fcntl
import os
import platform
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Every figure on this page is written by a script in `benchmarks/` that runs admf-tsan and its
peers side by side in one process run. Re-run one section with
`python benchmarks/bench_<name>.py`, or all of them with `python benchmarks/run_all.py`.
Tests never assert on wall time; these pages are where speed is claimed.
"""


def machine_line() -> str:
    """One line naming the machine the figures were taken on."""
    return (
        f"_Measured on {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}._"
    )


def write_section(name: str, markdown: str) -> Path:
    """Replace (or append) the section called ``name`` in docs/benchmarks.md."""
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    start, end = f"<!-- bench:{name} start -->", f"<!-- bench:{name} end -->"
    block = f"{start}\n{markdown.strip()}\n\n{machine_line()}\n{end}"
    with open(DOCS.with_suffix(".lock"), "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else HEADER
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(lambda _: block, text)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        tmp = DOCS.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, DOCS)
    return DOCS
