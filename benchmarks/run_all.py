"""Run every benchmark in this folder, one after another, and rewrite docs/benchmarks.md.

Usage: python benchmarks/run_all.py [NAME ...]   (NAME: core, lint, runtime, ... ; default all)

Each benchmark runs in its own interpreter so that one's patching or warm caches cannot bend
another's figures. The machine should be otherwise idle.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        wanted = {f"bench_{name}.py" for name in argv}
        unknown = wanted - {s.name for s in scripts}
        if unknown:
            print(f"unknown benchmark(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        scripts = [s for s in scripts if s.name in wanted]
    failed = []
    for script in scripts:
        started = time.perf_counter()
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        elapsed = time.perf_counter() - started
        print(f"== {script.name}: exit {result.returncode} in {elapsed:.0f} s")
        if result.returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
