"""Core primitives: single-threaded overhead, locked collections, EventBus throughput.

Run: python benchmarks/bench_core.py   (writes the "core" section of docs/benchmarks.md)

Each figure is the best of several repeats (timeit), all variants interleaved in one process
so machine load affects them alike.
"""

from __future__ import annotations

import sys
import threading
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import write_section  # noqa: E402

from admf_tsan import ComponentBase, EventBus, ThreadSafeDict, use_context  # noqa: E402

SYMBOLS = [f"SYM{i}" for i in range(64)]
FILLS = [(SYMBOLS[i % 64], (i % 7) - 3) for i in range(4096)]


class HandWrittenTracker:
    """What a careful engineer writes for one thread: a dict, no lock."""

    def __init__(self) -> None:
        self.positions: dict[str, int] = {}

    def on_fill(self, symbol: str, quantity: int) -> None:
        positions = self.positions
        positions[symbol] = positions.get(symbol, 0) + quantity


class HandWrittenLockedTracker(HandWrittenTracker):
    """What a careful engineer writes for many threads: a dict and an RLock."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.RLock()

    def on_fill(self, symbol: str, quantity: int) -> None:
        with self._lock:
            positions = self.positions
            positions[symbol] = positions.get(symbol, 0) + quantity


class FactoryTracker(ComponentBase):
    """The ADMF way: primitives from the factory, code path chosen at construction."""

    def __init__(self) -> None:
        super().__init__()
        self.positions = self.factory.dict()
        if self.factory.context.needs_locking:
            self.on_fill = self._on_fill_locked
        else:
            self.on_fill = self._on_fill

    def _on_fill(self, symbol: str, quantity: int) -> None:
        positions = self.positions
        positions[symbol] = positions.get(symbol, 0) + quantity

    def _on_fill_locked(self, symbol: str, quantity: int) -> None:
        with self.positions.locked() as positions:
            positions[symbol] = positions.get(symbol, 0) + quantity


class NaiveDummyLockTracker(ComponentBase):
    """Factory primitives but one code path: a DummyLock ``with`` on every call."""

    def __init__(self) -> None:
        super().__init__()
        self.positions = self.factory.dict()
        self._lock = self.factory.lock()

    def on_fill(self, symbol: str, quantity: int) -> None:
        with self._lock:
            positions = self.positions
            positions[symbol] = positions.get(symbol, 0) + quantity


def _per_call_ns(make, repeat: int = 7, number: int = 40) -> float:
    tracker = make()
    on_fill = tracker.on_fill

    def replay() -> None:
        for symbol, quantity in FILLS:
            on_fill(symbol, quantity)

    best = min(timeit.repeat(replay, number=number, repeat=repeat))
    return best / (number * len(FILLS)) * 1e9


def single_threaded_overhead() -> tuple[str, dict[str, float]]:
    with use_context("single"):
        variants = {
            "hand-written, plain dict, no lock": HandWrittenTracker,
            "factory (single): builtins, lock-free path": FactoryTracker,
            "factory (single): DummyLock on every call": NaiveDummyLockTracker,
        }
        results = {name: [] for name in variants}
        for _ in range(3):  # interleave the variants
            for name, make in variants.items():
                results[name].append(_per_call_ns(make))
    best = {name: min(times) for name, times in results.items()}
    base = best["hand-written, plain dict, no lock"]
    rows = ["| variant | ns per fill | overhead |", "| --- | ---: | ---: |"]
    for name, ns in best.items():
        rows.append(f"| {name} | {ns:.1f} | {100 * (ns / base - 1):+.1f} % |")
    return "\n".join(rows), best


def multi_threaded_cost() -> tuple[str, dict[str, float]]:
    with use_context("multi"):
        variants = {
            "hand-written dict + RLock": HandWrittenLockedTracker,
            "factory (multi): ThreadSafeDict, one locked() block": FactoryTracker,
        }
        results = {name: [] for name in variants}
        for _ in range(3):
            for name, make in variants.items():
                results[name].append(_per_call_ns(make, number=20))
    best = {name: min(times) for name, times in results.items()}
    base = best["hand-written dict + RLock"]
    rows = ["| variant | ns per fill | vs hand-written |", "| --- | ---: | ---: |"]
    for name, ns in best.items():
        rows.append(f"| {name} | {ns:.1f} | {ns / base:.2f}x |")
    ops = _collection_ops()
    rows += ["", "| operation | hand-written dict + RLock | ThreadSafeDict | ratio |",
             "| --- | ---: | ---: | ---: |"]  # fmt: skip
    for op, (hand, safe) in ops.items():
        rows.append(f"| `{op}` | {hand:.1f} ns | {safe:.1f} ns | {safe / hand:.2f}x |")
    return "\n".join(rows), best


def _collection_ops() -> dict[str, tuple[float, float]]:
    lock, raw = threading.RLock(), {k: 0 for k in SYMBOLS}
    safe = ThreadSafeDict(raw)

    def hand_get() -> None:
        for k in SYMBOLS:
            with lock:
                raw[k]

    def safe_get() -> None:
        for k in SYMBOLS:
            safe[k]

    def hand_set() -> None:
        for k in SYMBOLS:
            with lock:
                raw[k] = 1

    def safe_set() -> None:
        for k in SYMBOLS:
            safe[k] = 1

    def hand_iter() -> None:
        with lock:
            for _ in list(raw):
                pass

    def safe_iter() -> None:
        for _ in safe:
            pass

    out = {}
    pairs = {"d[k]": (hand_get, safe_get), "d[k] = v": (hand_set, safe_set),
             "for k in d (snapshot)": (hand_iter, safe_iter)}  # fmt: skip
    for name, (hand, safe_fn) in pairs.items():
        per = len(SYMBOLS) if "for" not in name else 1
        h = min(timeit.repeat(hand, number=2000, repeat=5)) / (2000 * per) * 1e9
        s = min(timeit.repeat(safe_fn, number=2000, repeat=5)) / (2000 * per) * 1e9
        out[name] = (h, s)
    return out


def event_bus_throughput() -> tuple[str, dict[tuple[str, int], float]]:
    import blinker
    import pyee

    events = 100_000
    results: dict[tuple[str, int], float] = {}

    for subscribers in (1, 10):
        bus = EventBus()
        emitter = pyee.EventEmitter()
        signal = blinker.Signal()
        handlers = [lambda e: None for _ in range(subscribers)]
        receivers = [lambda sender, **kw: None for _ in range(subscribers)]
        for h, r in zip(handlers, receivers, strict=True):
            bus.subscribe("bar", h)
            emitter.on("bar", h)
            signal.connect(r, weak=False)
        runners = {
            "admf_tsan.EventBus.publish": lambda p=bus.publish: [
                p("bar", i) for i in range(events)
            ],
            "pyee.EventEmitter.emit": lambda e=emitter.emit: [e("bar", i) for i in range(events)],
            "blinker.Signal.send": lambda s=signal.send: [s(i) for i in range(events)],
        }
        for name, run in runners.items():
            seconds = min(timeit.repeat(run, number=1, repeat=5))
            results[(name, subscribers)] = events / seconds
    rows = [
        "| publisher | 1 subscriber (events/s) | 10 subscribers (events/s) "
        "| isolates a failing handler |",
        "| --- | ---: | ---: | --- |",
    ]
    isolation = {
        "admf_tsan.EventBus.publish": "yes: others still run; error recorded, logged, counted",
        "pyee.EventEmitter.emit": "no: the exception propagates and later handlers are skipped",
        "blinker.Signal.send": "no: the exception propagates and later receivers are skipped",
    }
    for name in isolation:
        one, ten = results[(name, 1)], results[(name, 10)]
        rows.append(f"| {name} | {one:,.0f} | {ten:,.0f} | {isolation[name]} |")
    return "\n".join(rows), results


def _check_isolation_claims() -> None:
    """Verify the isolation column instead of asserting it."""
    import blinker
    import pyee

    ran: list[str] = []

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    emitter = pyee.EventEmitter()
    emitter.on("x", boom)
    emitter.on("x", lambda e: ran.append("pyee"))
    try:
        emitter.emit("x", 1)
    except RuntimeError:
        pass
    signal = blinker.Signal()
    signal.connect(boom, weak=False)
    signal.connect(lambda sender, **kw: ran.append("blinker"), weak=False)
    try:
        signal.send(1)
    except RuntimeError:
        pass
    bus = EventBus(error_policy="collect")
    bus.subscribe("x", boom)
    bus.subscribe("x", lambda e: ran.append("admf"))
    bus.publish("x", 1)
    assert ran == ["admf"], f"isolation claims no longer hold: {ran}"


def main() -> None:
    _check_isolation_claims()
    single_table, single = single_threaded_overhead()
    multi_table, _ = multi_threaded_cost()
    bus_table, bus = event_bus_throughput()
    overhead = (
        single["factory (single): builtins, lock-free path"]
        / single["hand-written, plain dict, no lock"]
        - 1
    )
    faster = all(
        bus[("admf_tsan.EventBus.publish", n)] > max(bus[("pyee.EventEmitter.emit", n)],
                                                      bus[("blinker.Signal.send", n)])
        for n in (1, 10)
    )  # fmt: skip
    markdown = f"""## Core primitives (`benchmarks/bench_core.py`)

### Single-threaded overhead (target: within 5 % of unsynchronised code)

A position tracker replays 4096 fills over 64 symbols. In a SINGLE_THREADED context the
factory hands out an exact `dict` and the component picks its lock-free method when it is
constructed; the naive variant keeps a `with DummyLock` on every call to show why that matters
(the `with` statement itself costs about as much as an uncontended RLock).

{single_table}

Result: **{100 * overhead:+.1f} %** for the factory path, target within 5 %:
**{"met" if abs(overhead) <= 0.05 else "NOT met"}**.

### Multi-threaded objects against a hand-written dict + RLock

{multi_table}

### EventBus.publish throughput (target: faster than pyee and blinker)

100,000 publishes, best of 5. The isolation column is checked by the benchmark itself.

{bus_table}

Result: **{"met" if faster else "NOT met"}**.
"""
    path = write_section("core", markdown)
    print(markdown)
    print(f"written to {path}")


if __name__ == "__main__":
    main()
