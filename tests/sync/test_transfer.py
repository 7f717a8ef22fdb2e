"""The factory's objects cross process and copy boundaries as their contents.

Code that works in BACKTEST (plain builtins) must keep working in OPTIMIZATION, where the
factory hands out ``ThreadSafe*`` collections and ``AtomicCounter``: pickle (the process pool),
``copy``/``deepcopy`` and JSON (through ``json_default``).
"""

from __future__ import annotations

import copy
import json
import pickle
import threading
from collections.abc import Callable
from typing import Protocol, TypeVar

import pytest

from admf_tsan import (
    AtomicCounter,
    AutoLock,
    LazyInitializer,
    RunMode,
    ThreadSafeDict,
    ThreadSafeList,
    ThreadSafeSet,
    ThreadSafetyFactory,
    ThreadSafetyViolation,
    json_default,
    use_context,
)
from admf_tsan.parallel import IsolatedPool, run_isolated
from admf_tsan.sync import LocalCounter

T = TypeVar("T")


class Copier(Protocol):
    def __call__(self, value: T, /) -> T: ...


COPIES: dict[str, Copier] = {
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}

Locked = ThreadSafeDict[str, list[int]] | ThreadSafeList[object] | ThreadSafeSet[object]
MAKERS: dict[str, Callable[[], Locked]] = {
    "dict": lambda: ThreadSafeDict({"AAPL": [100], "MSFT": [50]}),
    "list": lambda: ThreadSafeList([1, [2, 3], "x"]),
    "set": lambda: ThreadSafeSet({1, 2, (3, 4)}),
    "dict-over-autolock": lambda: ThreadSafeDict(
        {"k": [1]}, lock=AutoLock(threading.RLock(), reentrant=True)
    ),
}


Positions = dict[str, int] | ThreadSafeDict[str, int]
Fills = list[tuple[str, int]] | ThreadSafeList[tuple[str, int]]
Symbols = set[str] | ThreadSafeSet[str]
OptimizationObjects = tuple[Positions, Fills, Symbols, AtomicCounter]


def _optimization_objects() -> OptimizationObjects:
    with use_context(RunMode.OPTIMIZATION):
        factory = ThreadSafetyFactory()
        positions: Positions = factory.dict()
        fills: Fills = factory.list()
        symbols: Symbols = factory.set()
        trades = factory.counter(7)
    positions["AAPL"] = 100
    fills.append(("AAPL", 100))
    symbols.add("AAPL")
    return positions, fills, symbols, trades


@pytest.mark.parametrize("how", sorted(COPIES))
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_collections_copy_as_their_contents_with_a_fresh_lock(kind: str, how: str) -> None:
    original = MAKERS[kind]()
    duplicate = COPIES[how](original)
    assert type(duplicate) is type(original)
    assert duplicate == original
    assert duplicate._lock is not original._lock
    with duplicate.locked() as raw:  # the copy's own lock works
        assert raw == original.snapshot()
    # The copy is a separate collection: changing it leaves the original alone.
    duplicate.clear()
    assert len(original) > 0


def test_deepcopy_copies_the_contents_and_copy_shares_them() -> None:
    original = ThreadSafeDict({"fills": [1, 2]})
    assert copy.copy(original)["fills"] is original["fills"]
    deep = copy.deepcopy(original)
    assert deep["fills"] == [1, 2] and deep["fills"] is not original["fills"]


@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_a_collection_that_contains_itself_round_trips(how: str) -> None:
    original: ThreadSafeDict[str, object] = ThreadSafeDict(name="book")
    original["self"] = original
    duplicate = COPIES[how](original)
    assert duplicate["self"] is duplicate
    assert duplicate["name"] == "book"


@pytest.mark.parametrize("how", sorted(COPIES))
def test_counters_and_lazy_values_copy_as_their_value(how: str) -> None:
    counter = COPIES[how](AtomicCounter(41))
    assert type(counter) is AtomicCounter and counter.increment() == 42
    assert COPIES[how](LocalCounter(3)).get() == 3
    lazy: LazyInitializer[list[int]] = LazyInitializer(list)
    assert not COPIES[how](lazy).initialized
    lazy.value.append(1)
    duplicate = COPIES[how](lazy)
    assert duplicate.initialized and duplicate.value == [1]


def test_pickling_takes_one_snapshot_under_the_lock() -> None:
    # The writer keeps "a + b == 0" inside one hold of the lock; every pickle must see it.
    book: ThreadSafeDict[str, int] = ThreadSafeDict(a=0, b=0)
    start = threading.Barrier(2, timeout=30)
    writer_done = threading.Event()
    seen: list[tuple[int, int]] = []

    def writer() -> None:
        start.wait()
        for _ in range(20_000):
            with book.locked() as raw:
                raw["a"] += 1
                raw["b"] -= 1
        writer_done.set()

    def pickler() -> None:
        start.wait()
        while not writer_done.is_set():
            copy_ = pickle.loads(pickle.dumps(book))
            seen.append((copy_["a"], copy_["b"]))

    threads = [threading.Thread(target=writer), threading.Thread(target=pickler)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert seen, "the pickler never ran"
    assert all(a + b == 0 for a, b in seen), [pair for pair in seen if sum(pair)][:5]


def _record_fill_in_child(
    positions: Positions, fills: Fills, symbols: Symbols, trades: AtomicCounter
) -> OptimizationObjects:
    positions["MSFT"] = 50
    fills.append(("MSFT", 50))
    symbols.add("MSFT")
    trades.increment()
    return positions, fills, symbols, trades


@pytest.mark.timeout(120)
def test_optimization_objects_round_trip_through_run_isolated() -> None:
    result = run_isolated(_record_fill_in_child, *_optimization_objects(), mp_context="spawn")
    assert result.ok, result.traceback or result.exception
    assert result.value is not None
    positions, fills, symbols, trades = result.value
    assert isinstance(positions, ThreadSafeDict)
    assert positions == {"AAPL": 100, "MSFT": 50}
    assert fills == [("AAPL", 100), ("MSFT", 50)]
    assert symbols == {"AAPL", "MSFT"}
    assert isinstance(trades, AtomicCounter) and trades.get() == 8
    positions["GOOG"] = 1  # the copy that came back has a working lock of its own
    assert positions.compute("GOOG", lambda qty: (qty or 0) + 1) == 2


@pytest.mark.timeout(120)
def test_optimization_objects_round_trip_through_the_isolated_pool() -> None:
    with IsolatedPool(2, timeout=60) as pool:
        futures = [pool.submit(_record_fill_in_child, *_optimization_objects()) for _ in range(2)]
        results = [future.result(timeout=90) for future in futures]
    for positions, fills, symbols, trades in results:
        assert positions == {"AAPL": 100, "MSFT": 50}
        assert len(fills) == 2 and symbols == {"AAPL", "MSFT"} and trades.get() == 8


def test_json_default_writes_collections_and_counters_as_their_contents() -> None:
    positions, fills, _symbols, trades = _optimization_objects()
    state = {"positions": positions, "fills": fills, "trades": trades, "nested": [positions]}
    decoded = json.loads(json.dumps(state, default=json_default))
    assert decoded == {
        "positions": {"AAPL": 100},
        "fills": [["AAPL", 100]],
        "trades": 7,
        "nested": [{"AAPL": 100}],
    }


def test_json_default_writes_the_same_in_every_context() -> None:
    def dump(mode: RunMode) -> str:
        with use_context(mode):
            factory = ThreadSafetyFactory()
            positions: Positions = factory.dict()
            counter = factory.counter()
        positions["AAPL"] = 1
        counter.increment()
        return json.dumps({"p": positions, "n": counter}, default=json_default)

    assert dump(RunMode.BACKTEST) == dump(RunMode.OPTIMIZATION) == dump(RunMode.TEST)


def test_json_default_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError, match="ThreadSafeSet is not JSON serializable"):
        json.dumps(ThreadSafeSet({1}), default=json_default)
    with pytest.raises(TypeError, match="object is not JSON serializable"):
        json.dumps(object(), default=json_default)


def _single_threaded_checked_objects() -> tuple[
    Positions, list[str] | ThreadSafeList[str], Symbols, AtomicCounter
]:
    with use_context("single", checking=True):
        factory = ThreadSafetyFactory()
        made: tuple[Positions, list[str] | ThreadSafeList[str], Symbols, AtomicCounter] = (
            factory.dict(),
            factory.list(),
            factory.set(),
            factory.counter(3),
        )
    made[0]["AAPL"] = 100
    made[1].append("fill")
    made[2].add("AAPL")
    return made


@pytest.mark.parametrize("how", sorted(COPIES))
def test_thread_bound_objects_copy_as_the_plain_builtin(how: str) -> None:
    # BACKTEST under checking (as the pytest plugin runs it) binds objects to their thread; the
    # copy is the plain object, as it would be without checking.
    positions, fills, symbols, trades = (
        COPIES[how](value) for value in _single_threaded_checked_objects()
    )
    assert type(positions) is dict and positions == {"AAPL": 100}
    assert type(fills) is list and fills == ["fill"]
    assert type(symbols) is set and symbols == {"AAPL"}
    assert type(trades) is LocalCounter and trades.get() == 3


def test_copying_a_thread_bound_object_from_another_thread_is_a_violation() -> None:
    positions = _single_threaded_checked_objects()[0]
    errors: list[BaseException] = []

    def intruder() -> None:
        try:
            pickle.dumps(positions)
        except ThreadSafetyViolation as error:
            errors.append(error)

    thread = threading.Thread(target=intruder)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(errors) == 1 and "__reduce__" in str(errors[0])
