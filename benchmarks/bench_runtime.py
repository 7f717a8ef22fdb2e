"""Overhead of the runtime checkers, side by side with plain locks and blockbuster.

Run: ``python benchmarks/bench_runtime.py``. Writes the ``runtime`` section of
docs/benchmarks.md. ``python benchmarks/bench_runtime.py --quick`` times only the locks, in a
few rounds, and prints the table and the ratios to a plain lock (nothing is written).

Times are the CPU time of the measuring thread (``time.thread_time``), not wall time: on a
shared machine a round in which the thread was descheduled would otherwise count the other
processes' work.

* Lock acquire+release: a plain ``threading.Lock``; a lock made while ``checking()`` was on,
  used after it ended (checking off); the same with the validator on (uncontended, and two
  nested locks whose edge is cached); and, for scale, the floor of any pure-Python lock
  wrapper: one and two Python-level methods that only call the C lock.
* A call the blocking detector wraps (``time.sleep(0)``, ``os.stat``), made outside an
  event loop: unpatched, with admf-tsan's detector installed, with blockbuster activated.

The checked lock is measured twice while the validator is on: with its C hot path (the
``admf_tsan.runtime._lockfast`` extension, when it is built) and with the pure Python one
(``_locks.use_implementation("python")``), in the same rounds.

Instruction counts, steadier than times on a shared machine: ``--instructions`` runs every
lock statement 20,000 times per variant (plain, two-method floor, checked C, checked Python)
in one process under ``valgrind --tool=callgrind``, counting only inside the loops (each runs
inside one call of the C function ``operator.call``, the only thing callgrind collects; one
profile dump per loop), and writes the ``runtime-instructions`` section. Without valgrind it
says so and writes nothing. ``--loop VARIANT STATEMENT N`` runs one lock statement
(``single``, ``with``, ``nested``) N times and nothing else, for ``plain``, ``floor1``,
``floor2``, ``checked`` (C when built) or ``checked-python``, to profile by hand.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import operator
import os
import queue
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import timeit
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import write_section  # noqa: E402

from admf_tsan.runtime import BlockingDetector, _locks, checking  # noqa: E402

NUMBER = 20_000
ROUNDS = 100


def time_ns(statement: str, namespace: dict[str, object], number: int) -> float:
    """CPU nanoseconds of this thread per execution of ``statement`` (one run of ``number``)."""
    timer = timeit.Timer(statement, timer=time.thread_time, globals=namespace)
    return timer.timeit(number) / number * 1e9


class OneWrapperLock:
    """The floor of a Python lock wrapper whose ``release`` is the C method: one Python call."""

    __slots__ = ("_acquire", "release")

    def __init__(self) -> None:
        inner = threading.Lock()
        self._acquire = inner.acquire
        self.release = inner.release

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self._acquire(blocking, timeout)

    def __enter__(self) -> bool:
        return self._acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


class TwoWrapperLock:
    """The floor of a Python lock wrapper with both methods in Python: two Python calls."""

    __slots__ = ("_acquire", "_release")

    def __init__(self) -> None:
        inner = threading.Lock()
        self._acquire = inner.acquire
        self._release = inner.release

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self._acquire(blocking, timeout)

    def release(self) -> None:
        self._release()

    def __enter__(self) -> bool:
        return self._acquire()

    def __exit__(self, *exc_info: object) -> None:
        self._release()


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
    off_variants: dict[str, tuple[Any, Any]] = {
        "plain `threading.Lock`": (plain, plain_outer),
        "`threading.Lock()` after checking ended (checking off)": (after, after_outer),
        "lock made while checking was on, used after it ended": (
            made_while_on,
            made_while_on_outer,
        ),
    }
    floors = {
        "floor: one Python-level method around the C lock": (OneWrapperLock(), OneWrapperLock()),
        "floor: two Python-level methods around the C lock": (TwoWrapperLock(), TwoWrapperLock()),
    }
    off_variants.update(floors)
    on_names = {
        implementation: f"admf-tsan `CheckedLock`, validator on (edge cached), "
        f"{HOT_PATHS[implementation]}"
        for implementation in _locks.available_implementations()
    }
    best: dict[str, dict[str, float]] = {name: {} for name in [*off_variants, *on_names.values()]}

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
            for implementation, on_name in on_names.items():
                with hot_path(implementation):
                    keep(on_name, checked, checked_outer)
    return list(best.items())


HOT_PATHS = {"c": "C hot path", "python": "pure Python hot path"}


@contextmanager
def hot_path(implementation: str) -> Iterator[None]:
    """Checked locks run ``implementation``'s hot path inside the block."""
    before = _locks.implementation()
    _locks.use_implementation(implementation)
    try:
        yield
    finally:
        _locks.use_implementation(before)


def wait_rows() -> list[tuple[str, dict[str, float]]]:
    """Waits that do not block, on objects made before checking: the cost of the watchdog's
    wait tracking (and of the blocking detector's wait wrappers) off the loop thread."""
    event = threading.Event()
    event.set()
    jobs: queue.Queue[int] = queue.Queue()
    statements = {
        "`event.wait()` (set)": "event.wait()",
        "`put_nowait` + `get_nowait`": "jobs.put_nowait(1); jobs.get_nowait()",
    }
    namespace = {"event": event, "jobs": jobs}
    names = ["unpatched", "checking(): watchdog and blocking detector on"]
    best: dict[str, dict[str, float]] = {name: {} for name in names}

    def keep(name: str) -> None:
        for key, statement in statements.items():
            value = time_ns(statement, namespace, NUMBER // 4)
            best[name][key] = min(best[name].get(key, value), value)

    for _ in range(ROUNDS):
        keep(names[0])
        with checking(lock_order=False):
            keep(names[1])
    return list(best.items())


def blocking_rows(path: str) -> list[tuple[str, dict[str, float]]]:
    from blockbuster import BlockBuster

    statements = {
        "time.sleep(0)": ("time.sleep(0)", 200),
        "os.stat(path)": ("os.stat(path)", 4_000),
        "os.access(path, os.F_OK)": ("os.access(path, os.F_OK)", 4_000),
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


# -- detection quality: the same coroutines under admf-tsan and blockbuster ---------------


def _hold(lock: Any, holding: threading.Event) -> threading.Thread:
    def body() -> None:
        with lock:
            holding.set()
            threading.Event().wait(0.1)  # bounded: the loop thread cannot signal meanwhile

    thread = threading.Thread(target=body)
    thread.start()
    return thread


async def _while_held(lock: Any, call: Callable[[], object]) -> None:
    holding = threading.Event()
    holder = _hold(lock, holding)
    await asyncio.to_thread(holding.wait, 10)
    try:
        call()
    finally:
        await asyncio.to_thread(holder.join, 10)


async def fine_sleep_zero() -> None:
    time.sleep(0)  # noqa: ADMF101 - a detection case: the call is the point


async def fine_semaphore_try(_: Path) -> None:
    permits = threading.Semaphore(2)
    await _while_held(permits._cond, lambda: permits.acquire(timeout=0))  # type: ignore[attr-defined]


async def fine_queue_put_nowait(_: Path) -> None:
    jobs: queue.Queue[int] = queue.Queue()
    await _while_held(jobs.mutex, lambda: jobs.put_nowait(1))


async def fine_thread_start(_: Path) -> None:
    worker = threading.Thread(target=lambda: None)
    worker.start()
    await asyncio.to_thread(worker.join, 10)


async def fine_subprocess(_: Path) -> None:
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await process.wait()


async def fine_log_exception(_: Path) -> None:
    try:
        raise ValueError("logged from a coroutine")
    except ValueError:
        logging.getLogger("bench").exception("handled")


async def fine_nonblocking_socket(_: Path) -> None:
    left, right = socket.socketpair()  # noqa: ADMF125 - setup of a detection case: a local pair connects at once
    with left, right:
        left.setblocking(False)
        try:
            left.recv(1)
        except BlockingIOError:
            pass


async def fine_set_event(_: Path) -> None:
    event = threading.Event()
    event.set()
    event.wait()  # noqa: ADMF105 - a detection case: the call is the point


async def fine_executor(path: Path) -> None:
    await asyncio.get_running_loop().run_in_executor(None, path.read_bytes)


async def bad_sleep_in_helper(_: Path) -> None:
    def helper() -> None:
        time.sleep(0.001)

    helper()  # noqa: ADMF120 - a detection case: the call is the point


async def bad_event_wait(_: Path) -> None:
    threading.Event().wait(0.001)  # noqa: ADMF105 - a detection case: the call is the point


async def bad_queue_get(_: Path) -> None:
    try:
        queue.Queue().get(timeout=0.001)  # noqa: ADMF106 - a detection case: the call is the point
    except queue.Empty:
        pass


async def bad_join(_: Path) -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, args=(10,))
    worker.start()
    worker.join(0.001)  # noqa: ADMF107 - a detection case: the call is the point
    stop.set()
    await asyncio.to_thread(worker.join, 10)


async def bad_contended_rlock(_: Path) -> None:
    lock = threading.RLock()
    await _while_held(lock, lambda: lock.acquire() and lock.release())  # type: ignore[func-returns-value]


async def bad_future_result(_: Path) -> None:
    stop = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(stop.wait, 10)
        try:
            future.result(timeout=0.001)  # noqa: ADMF108 - a detection case: the call is the point
        except concurrent.futures.TimeoutError:
            pass
        stop.set()


async def bad_subprocess_run(_: Path) -> None:
    subprocess.run([sys.executable, "-c", "pass"], check=True)  # noqa: ADMF103 - a detection case: the call is the point


async def bad_sqlite(path: Path) -> None:
    database = Path(tempfile.gettempdir()) / "admf-tsan-bench.sqlite"
    sqlite3.connect(database).execute("select 1").fetchall()  # noqa: ADMF111 - a detection case: the call is the point


async def bad_open(path: Path) -> None:
    with open(path, "rb") as stream:  # noqa: ADMF104 - a detection case: the call is the point
        stream.read()  # noqa: ADMF104 - a detection case: the call is the point


async def bad_path_exists(path: Path) -> None:
    path.exists()  # noqa: ADMF104 - a detection case: the call is the point


async def bad_blocking_socket(_: Path) -> None:
    left, right = socket.socketpair()  # noqa: ADMF125 - a detection case: the call is the point
    with left, right:
        right.sendall(b"x")
        left.recv(1)


def bad_read_of_a_file_opened_before(path: Path) -> Callable[[Path], Awaitable[None]]:
    stream = open(path, "rb")  # noqa: SIM115 - opened before the loop runs, on purpose

    async def read(_: Path) -> None:
        with stream:
            stream.read()  # noqa: ADMF104 - a detection case: the call is the point

    return read


CASES: list[tuple[str, bool, Callable[[Path], Callable[[Path], Awaitable[None]]]]] = [
    ("`time.sleep(0)`", False, lambda p: lambda _: fine_sleep_zero()),
    ("`Semaphore.acquire(timeout=0)`, its lock busy", False, lambda p: fine_semaphore_try),
    ("`Queue.put_nowait()`, its mutex busy", False, lambda p: fine_queue_put_nowait),
    ("`Thread.start()`", False, lambda p: fine_thread_start),
    ("`asyncio.create_subprocess_exec`", False, lambda p: fine_subprocess),
    ("`log.exception()` (formats a traceback)", False, lambda p: fine_log_exception),
    ("non-blocking socket `recv`", False, lambda p: fine_nonblocking_socket),
    ("`Event.wait()` on a set event", False, lambda p: fine_set_event),
    ("file read in `run_in_executor`", False, lambda p: fine_executor),
    ("`time.sleep(0.001)` in a helper", True, lambda p: bad_sleep_in_helper),
    ("`Event.wait(0.001)`, not set", True, lambda p: bad_event_wait),
    ("`Queue.get(timeout=0.001)`, empty", True, lambda p: bad_queue_get),
    ("`Thread.join(0.001)`, thread alive", True, lambda p: bad_join),
    ("contended `threading.RLock`", True, lambda p: bad_contended_rlock),
    ("`Future.result(timeout=0.001)`, not done", True, lambda p: bad_future_result),
    ("`subprocess.run`", True, lambda p: bad_subprocess_run),
    ("`sqlite3` execute", True, lambda p: bad_sqlite),
    ("`open()` + read", True, lambda p: bad_open),
    ("`Path.exists()`", True, lambda p: bad_path_exists),
    ("blocking socket `recv`, data ready", True, lambda p: bad_blocking_socket),
    ("`read()` of a file opened before the loop", True, bad_read_of_a_file_opened_before),
]  # fmt: skip


def detection_rows(path: Path) -> list[tuple[str, bool, bool, bool]]:
    """(case, should report, admf-tsan reported, blockbuster reported) for every case."""
    from blockbuster import BlockingError, blockbuster_ctx

    logging.getLogger("bench").addHandler(logging.NullHandler())
    logging.getLogger("bench").propagate = False
    rows = []
    for name, should, make in CASES:
        with checking(raise_on_violation=False, watchdog=False) as report:
            asyncio.run(make(path)(path))
        ours = bool(report.of_kind("blocking-call"))
        theirs = False
        try:
            with blockbuster_ctx():
                asyncio.run(make(path)(path))
        except BlockingError:
            theirs = True
        rows.append((name, should, ours, theirs))
    return rows


def quick() -> None:
    """A short run of the lock rows only, printed (``--quick``)."""
    global ROUNDS
    ROUNDS = 15
    locks = lock_rows()
    plain = locks[0][1]
    print(f"lock acquire + release, {ROUNDS} rounds of {NUMBER:,}, thread CPU time, best round")
    for name, values in locks:
        cells = [f"{key} {values[key]:.0f} ns ({values[key] / plain[key]:.2f}x)" for key in values]
        print(f"{name}: " + ", ".join(cells))


def _loop_function(key: str) -> Callable[[Any, Any, int], None]:
    """``run(lock, outer, number)``: ``LOCK_STATEMENTS[key]`` ``number`` times, nothing else."""
    body = "".join(f"        {line}\n" for line in LOCK_STATEMENTS[key].split("\n"))
    namespace: dict[str, Any] = {}
    exec(f"def run(lock, outer, number):\n    for _ in range(number):\n{body}", namespace)
    return namespace["run"]  # type: ignore[no-any-return]


@contextmanager
def loop_locks(variant: str) -> Iterator[tuple[Any, Any]]:
    """``(lock, outer)`` of ``variant``, with the validator on (its edge cached) for the
    checked variants (``checked`` runs the C hot path when built, ``checked-python`` the
    Python one; ``rlock-`` variants use RLocks)."""
    floors: dict[str, Callable[[], Any]] = {
        "plain": threading.Lock,
        "rlock-plain": threading.RLock,
        "floor1": OneWrapperLock,
        "floor2": TwoWrapperLock,
    }
    with checking(watchdog=False, blocking=False):
        if variant in floors:
            yield floors[variant](), floors[variant]()
            return
        factory = threading.RLock if variant.startswith("rlock-") else threading.Lock
        lock = factory()
        outer = factory()  # another line: another lock class
        with outer, lock:
            pass
        implementation = "python" if variant.endswith("-python") else _locks.implementation()
        with hot_path(implementation):
            yield lock, outer


def loop(variant: str, key: str, number: int) -> None:
    """Run ``LOCK_STATEMENTS[key]`` ``number`` times on ``variant``'s locks (``--loop``)."""
    run = _loop_function(key)
    with loop_locks(variant) as (lock, outer):
        operator.call(run, lock, outer, number)


INSTRUCTION_LOOPS = 20_000


def instruction_variants() -> dict[str, str]:
    """``--loop`` variant -> row name, for the instruction counts (each ``plain`` variant is
    the baseline of the rows after it)."""
    variants = {
        "plain": "plain `threading.Lock`",
        "floor2": "floor: two Python-level methods around the C lock",
    }
    if "c" in _locks.available_implementations():
        variants["checked"] = "admf-tsan `CheckedLock`, validator on, C hot path"
    variants["checked-python"] = "admf-tsan `CheckedLock`, validator on, pure Python hot path"
    variants["rlock-plain"] = "plain `threading.RLock`"
    if "c" in _locks.available_implementations():
        variants["rlock-checked"] = "admf-tsan `CheckedRLock`, validator on, C hot path"
    variants["rlock-checked-python"] = (
        "admf-tsan `CheckedRLock`, validator on, pure Python hot path"
    )
    return variants


def loop_all(number: int) -> None:
    """Every variant and statement, each loop in one ``operator.call`` (``--loop-all``)."""
    for variant in instruction_variants():
        for key in LOCK_STATEMENTS:
            loop(variant, key, number)


def instruction_rows() -> list[tuple[str, dict[str, float]]] | None:
    """Instructions per iteration of each statement and variant, counted by callgrind inside
    the loops only; None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="bench-runtime-") as directory:
        out = Path(directory) / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                "--collect-atstart=no",
                "--toggle-collect=_operator_call",
                "--dump-after=_operator_call",
                sys.executable,
                __file__,
                "--loop-all",
                str(INSTRUCTION_LOOPS),
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )
        parts = sorted(
            Path(directory).glob("callgrind.out.*"), key=lambda path: int(path.suffix[1:])
        )
        totals = [int(re.search(r"^totals: (\d+)", p.read_text(), re.M)[1]) for p in parts]  # type: ignore[index]
    counts = iter(totals)
    rows = []
    for name in instruction_variants().values():
        rows.append((name, {key: next(counts) / INSTRUCTION_LOOPS for key in LOCK_STATEMENTS}))
    return rows


def instructions_main() -> None:
    """``--instructions``: count, print and write the ``runtime-instructions`` section."""
    rows = instruction_rows()
    if rows is None:
        print("valgrind is not installed: no instruction counts")
        return
    plain = rows[0][1]
    lines = [
        "## Lock hot path instructions (`benchmarks/bench_runtime.py --instructions`)",
        "",
        f"Instructions per iteration under `valgrind --tool=callgrind`, counted inside loops of "
        f"{INSTRUCTION_LOOPS:,} iterations only (the loop's own bytecode included, the same "
        "for every variant); deterministic, unlike times on a shared machine. The checked "
        "lock runs with the validator on and its edge cached; ratio to the plain lock of the "
        "same kind (`Lock` or `RLock`) in brackets.",
        "",
        "| lock | `acquire(); release()` | `with lock:` | two nested `with` |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in rows:
        if name.startswith("plain "):
            plain = values
        cells = [f"{values[key]:,.0f} ({values[key] / plain[key]:.2f}x)" for key in LOCK_STATEMENTS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    text = "\n".join(lines)
    print(text)
    write_section("runtime-instructions", text)


def main() -> None:
    started = time.perf_counter()
    locks = lock_rows()
    blocking = blocking_rows(__file__)
    waits = wait_rows()
    detections = detection_rows(Path(__file__))
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
    wait_base = waits[0][1]
    lines += [
        "",
        "Waits that do not block, on objects made before checking began (the cost of the "
        "watchdog's wait tracking and the detector's wait wrappers off the loop thread); same "
        "method; ratio to unpatched.",
        "",
        "| setup | " + " | ".join(wait_base) + " |",
        "| --- |" + " ---: |" * len(wait_base),
    ]
    for name, values in waits:
        cells = [f"{values[k]:.0f} ns ({values[k] / wait_base[k]:.2f}x)" for k in wait_base]
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
        "Detection, the same coroutines under both tools (one process run): 9 calls that do "
        "not block the loop, 12 that do. A false positive on a fine call is a test that "
        "fails for nothing.",
        "",
        "| call in a coroutine | blocks? | admf-tsan | blockbuster |",
        "| --- | :---: | :---: | :---: |",
    ]
    for name, should, ours_hit, theirs_hit in detections:
        lines.append(
            f"| {name} | {'yes' if should else 'no'} | {_verdict(should, ours_hit)} "
            f"| {_verdict(should, theirs_hit)} |"
        )
    for tool, index in (("admf-tsan", 2), ("blockbuster", 3)):
        found = sum(1 for row in detections if row[1] and row[index])
        false = sum(1 for row in detections if not row[1] and row[index])
        total = sum(1 for row in detections if row[1])
        lines.append(f"\n{tool}: {found}/{total} blocking calls found, {false} false positive(s).")
    lines += [
        "",
        f"_Run time {time.perf_counter() - started:.0f} s._",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("runtime", text)


def _verdict(should: bool, reported: bool) -> str:
    if reported:
        return "reported" if should else "**false positive**"
    return "**missed**" if should else "quiet"


if __name__ == "__main__":
    if "--quick" in sys.argv[1:]:
        quick()
    elif sys.argv[1:2] == ["--loop"]:
        loop(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1:2] == ["--loop-all"]:
        loop_all(int(sys.argv[2]))
    elif "--instructions" in sys.argv[1:]:
        instructions_main()
    else:
        main()
