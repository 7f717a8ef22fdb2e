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

NUMBER = 100_000
ROUNDS = 9


def time_ns(statement: str, namespace: dict[str, object], number: int) -> float:
    """Nanoseconds per execution of ``statement`` (one run of ``number``)."""
    return timeit.Timer(statement, globals=namespace).timeit(number) / number * 1e9


LOCK_STATEMENTS = {
    "single": "lock.acquire(); lock.release()",
    "with": "with lock: pass",
    "nested": "with outer:\n    with lock: pass",
}


def lock_rows() -> list[tuple[str, dict[str, float]]]:
    """Every variant measured in each round, interleaved, best round kept (the machine is
    shared, so drift between variants measured minutes apart would swamp the differences)."""
    plain = threading.Lock()
    plain_outer = threading.Lock()
    with checking(watchdog=False, blocking=False):
        made_while_on = threading.Lock()
        made_while_on_outer = threading.Lock()
    after = threading.Lock()
    after_outer = threading.Lock()
    assert type(after) is type(plain), "checking() did not restore threading.Lock"
    off_variants = {
        "plain `threading.Lock`": (plain, plain_outer),
        "`threading.Lock()` after checking ended (checking off)": (after, after_outer),
        "lock made while checking was on, used after it ended": (
            made_while_on,
            made_while_on_outer,
        ),
    }
    on_name = "admf-tsan `CheckedLock`, validator on (edge cached)"
    best: dict[str, dict[str, float]] = {name: {} for name in [*off_variants, on_name]}

    def keep(name: str, lock: object, outer: object) -> None:
        for key, statement in LOCK_STATEMENTS.items():
            value = time_ns(statement, {"lock": lock, "outer": outer}, NUMBER)
            best[name][key] = min(best[name].get(key, value), value)

    for _ in range(ROUNDS):
        for name, (lock, outer) in off_variants.items():
            keep(name, lock, outer)
        with checking(watchdog=False, blocking=False):
            checked = threading.Lock()
            checked_outer = threading.Lock()  # another line: another lock class
            with checked_outer, checked:
                pass
            keep(on_name, checked, checked_outer)
    return list(best.items())


def blocking_rows(path: str) -> list[tuple[str, dict[str, float]]]:
    from blockbuster import BlockBuster

    statements = {
        "time.sleep(0)": ("time.sleep(0)", 2_000),
        "os.stat(path)": ("os.stat(path)", 20_000),
        "os.access(path, os.F_OK)": ("os.access(path, os.F_OK)", 20_000),
    }
    namespace = {"time": time, "os": os, "path": path}
    names = ["unpatched", "admf-tsan `BlockingDetector` installed", "blockbuster activated"]
    best: dict[str, dict[str, float]] = {name: {} for name in names}

    def keep(name: str) -> None:
        for key, (statement, number) in statements.items():
            value = time_ns(statement, namespace, number)
            best[name][key] = min(best[name].get(key, value), value)

    blockbuster = BlockBuster()
    for _ in range(ROUNDS):
        keep(names[0])
        detector = BlockingDetector(lambda kind, summary, text: None)
        detector.install()
        try:
            keep(names[1])
        finally:
            detector.uninstall()
        blockbuster.activate()
        try:
            keep(names[2])
        finally:
            blockbuster.deactivate()
    return list(best.items())


def main() -> None:
    started = time.perf_counter()
    locks = lock_rows()
    blocking = blocking_rows(__file__)
    plain = locks[0][1]
    lines = [
        "## Runtime checker overhead (`benchmarks/bench_runtime.py`)",
        "",
        f"Lock acquire + release, uncontended, one thread; every variant measured in each of "
        f"{ROUNDS} interleaved rounds of {NUMBER:,}, best round kept; ratio to the plain lock "
        "in brackets.",
        "",
        "| lock | `acquire(); release()` | `with lock:` | two nested `with` |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in locks:
        cells = [
            f"{values[key]:.0f} ns ({values[key] / plain[key]:.2f}x)" for key in LOCK_STATEMENTS
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    base = blocking[0][1]
    keys = list(base)
    lines += [
        "",
        "A call the blocking detector wraps, made off the event loop thread (what every other "
        "thread pays while checking is on); same interleaved method; ratio to unpatched.",
        "",
        "| setup | " + " | ".join(f"`{key}`" for key in keys) + " |",
        "| --- |" + " ---: |" * len(keys),
    ]
    for name, values in blocking:
        cells = [f"{values[key]:.0f} ns ({values[key] / base[key]:.2f}x)" for key in keys]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    ours, theirs = blocking[1][1], blocking[2][1]
    lines += [
        "",
        "Wrapper cost over unpatched ("
        + ", ".join(
            f"{key}: admf-tsan {ours[key] - base[key]:+.0f} ns, "
            f"blockbuster {theirs[key] - base[key]:+.0f} ns"
            for key in keys
        )
        + "). Off the loop, admf-tsan's wrapper makes one C call (`_get_running_loop()`); "
        "blockbuster reads a thread-local and calls `asyncio.get_running_loop()`, which raises "
        "and catches `RuntimeError` outside a loop. `time.sleep(0)` yields the CPU, so its "
        "row is dominated by scheduling noise on this shared machine. With checking off "
        "nothing is patched (`threading.Lock()` is the C factory again, `time.sleep` the C "
        "function): zero overhead by construction, as the second lock row shows.",
        "",
        f"_Run time {time.perf_counter() - started:.0f} s._",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("runtime", text)


if __name__ == "__main__":
    main()
