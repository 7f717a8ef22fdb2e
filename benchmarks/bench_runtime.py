"""Overhead of the runtime checkers, side by side with plain locks and blockbuster.

Run: ``python benchmarks/bench_runtime.py``. Writes the ``runtime`` section of
docs/benchmarks.md.

* Lock acquire+release: a plain ``threading.Lock``; a lock made while ``checking()`` was on,
  used after it ended (checking off); the same with the validator on (uncontended, and two
  nested locks whose edge is cached).
* A call the blocking detector wraps (``time.sleep(0)``, ``os.stat``), made outside an
  event loop: unpatched, with admf-tsan's detector installed, with blockbuster activated.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import write_section  # noqa: E402

from admf_tsan.runtime import BlockingDetector, checking  # noqa: E402

NUMBER = 200_000
REPEAT = 7


def best_ns(statement: str, namespace: dict[str, object], number: int = NUMBER) -> float:
    """Best of REPEAT runs, nanoseconds per execution of ``statement``."""
    timer = timeit.Timer(statement, globals=namespace)
    return min(timer.repeat(REPEAT, number)) / number * 1e9


def lock_rows() -> list[tuple[str, float, float]]:
    plain = threading.Lock()
    plain_outer = threading.Lock()
    rows: list[tuple[str, float, float]] = []

    def measure(name: str, lock: object, outer: object) -> None:
        single = best_ns("lock.acquire(); lock.release()", {"lock": lock})
        with_stmt = best_ns("with lock: pass", {"lock": lock})
        nested = best_ns("with outer:\n    with lock: pass", {"lock": lock, "outer": outer})
        rows.append((name, single, with_stmt))
        rows.append((name + ", two nested locks (`with`)", nested, float("nan")))

    measure("plain `threading.Lock`", plain, plain_outer)
    with checking(watchdog=False, blocking=False):
        checked = threading.Lock()
        checked_outer = threading.Lock()
        with checked_outer, checked:
            pass  # the edge is now known: the loop below measures the cached path
        measure("admf-tsan, validator on", checked, checked_outer)
        made_while_on = threading.Lock()
        made_while_on_outer = threading.Lock()
    measure("admf-tsan lock made while on, used after checking ended", made_while_on,
            made_while_on_outer)  # fmt: skip
    after = threading.Lock()
    after_outer = threading.Lock()
    assert type(after) is type(plain), "checking() did not restore threading.Lock"
    measure("`threading.Lock()` after checking ended (checking off)", after, after_outer)
    return rows


def blocking_rows(path: str) -> list[tuple[str, float, float]]:
    from blockbuster import BlockBuster

    rows: list[tuple[str, float, float]] = []

    def measure(name: str) -> None:
        namespace = {"time": time, "os": os, "path": path}
        sleep_ns = best_ns("time.sleep(0)", namespace, 3_000)
        stat_ns = best_ns("os.stat(path)", namespace, 50_000)
        rows.append((name, sleep_ns, stat_ns))

    measure("unpatched")
    detector = BlockingDetector(lambda kind, summary, text: None)
    detector.install()
    try:
        measure("admf-tsan BlockingDetector installed")
    finally:
        detector.uninstall()
    blockbuster = BlockBuster()
    blockbuster.activate()
    try:
        measure("blockbuster activated")
    finally:
        blockbuster.deactivate()
    measure("unpatched again (after both uninstalled)")
    return rows


def main() -> None:
    started = time.perf_counter()
    locks = lock_rows()
    blocking = blocking_rows(__file__)
    plain_single, plain_with = locks[0][1], locks[0][2]
    plain_nested = locks[1][1]

    lines = [
        "## Runtime checker overhead (`benchmarks/bench_runtime.py`)",
        "",
        "Lock acquire + release, uncontended, one thread (best of "
        f"{REPEAT} runs of {NUMBER:,}); ratio to the plain lock in brackets.",
        "",
        "| lock | `acquire(); release()` | `with lock:` |",
        "| --- | ---: | ---: |",
    ]
    for name, single, with_stmt in locks:
        if "nested" in name:
            lines.append(f"| {name} | {single:.0f} ns ({single / plain_nested:.2f}x) | |")
        else:
            lines.append(
                f"| {name} | {single:.0f} ns ({single / plain_single:.2f}x) "
                f"| {with_stmt:.0f} ns ({with_stmt / plain_with:.2f}x) |"
            )
    base_sleep, base_stat = blocking[0][1], blocking[0][2]
    lines += [
        "",
        "A call the blocking detector wraps, made outside any event loop (the cost every "
        "other thread pays while checking is on); ratio to unpatched in brackets.",
        "",
        "| setup | `time.sleep(0)` | `os.stat(path)` |",
        "| --- | ---: | ---: |",
    ]
    for name, sleep_ns, stat_ns in blocking:
        lines.append(
            f"| {name} | {sleep_ns:.0f} ns ({sleep_ns / base_sleep:.2f}x) "
            f"| {stat_ns:.0f} ns ({stat_ns / base_stat:.2f}x) |"
        )
    ours = blocking[1]
    theirs = blocking[2]
    lines += [
        "",
        f"Wrapper cost over unpatched: admf-tsan {ours[1] - base_sleep:.0f} ns / "
        f"{ours[2] - base_stat:.0f} ns, blockbuster {theirs[1] - base_sleep:.0f} ns / "
        f"{theirs[2] - base_stat:.0f} ns (sleep / stat). Off the loop, admf-tsan's wrapper "
        "makes one C call (`_get_running_loop()`); blockbuster calls "
        "`asyncio.get_running_loop()`, which raises and catches `RuntimeError` outside a "
        "loop. With checking off nothing is patched: `threading.Lock()` is the C factory and "
        "`time.sleep` the C function, so the cost is zero by construction (last rows).",
        "",
        f"_Run time {time.perf_counter() - started:.0f} s._",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("runtime", text)


if __name__ == "__main__":
    main()
