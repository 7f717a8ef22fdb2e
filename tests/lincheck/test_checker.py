"""Wing & Gong search on hand-written histories: verdicts, witnesses, explanations, memo."""

from __future__ import annotations

import queue

import pytest

from admf_tsan.lincheck import (
    HistoryEntry,
    Operation,
    Outcome,
    UnhashableModelState,
    check_history,
    state_key,
)

pytestmark = pytest.mark.timeout(60)


class Queue:
    def __init__(self) -> None:
        self.items: list[int] = []

    def put(self, item: int) -> None:
        self.items.append(item)

    def get(self) -> int:
        if not self.items:
            raise queue.Empty
        return self.items.pop(0)


class Register:
    def __init__(self) -> None:
        self.values: dict[int, int] = {}

    def write(self, key: int, value: int) -> None:
        self.values[key] = value

    def read(self, key: int) -> int | None:
        return self.values.get(key)


def entry(
    index: int,
    thread: int,
    name: str,
    args: tuple[object, ...],
    result: object,
    invoked: int,
    responded: int,
    raised: type[BaseException] | None = None,
) -> HistoryEntry:
    outcome = Outcome(raised=raised) if raised else Outcome(value=result)
    return HistoryEntry(
        index, "parallel", thread, Operation(name, args), invoked, outcome, responded
    )


def test_overlapping_operations_may_take_effect_in_either_order() -> None:
    # t0 put(1) [0, 3] overlaps t1 get() -> 1 [1, 2]: the get is explained by putting first.
    history = [entry(0, 0, "put", (1,), None, 0, 3), entry(1, 1, "get", (), 1, 1, 2)]
    verdict = check_history(history, Queue)
    assert verdict.linearizable
    assert [e.operation.name for e in verdict.order] == ["put", "get"]


def test_real_time_order_is_respected() -> None:
    # get() -> 1 ended before put(1) began: no order explains it.
    history = [entry(0, 1, "get", (), 1, 0, 1), entry(1, 0, "put", (1,), None, 2, 3)]
    verdict = check_history(history, Queue)
    assert not verdict.linearizable
    assert verdict.order == ()
    assert [str(r.model_outcome) for r in verdict.refusals] == ["raised Empty"]


def test_fifo_violation_reports_the_longest_prefix_and_the_refusals() -> None:
    history = [
        entry(0, 0, "put", (1,), None, 0, 1),
        entry(1, 0, "put", (2,), None, 2, 3),
        entry(2, 1, "get", (), 2, 4, 5),
    ]
    verdict = check_history(history, Queue)
    assert not verdict.linearizable
    assert [e.index for e in verdict.order] == [0, 1]
    assert [(r.entry.index, r.model_outcome.value) for r in verdict.refusals] == [(2, 1)]


def test_exception_types_are_results() -> None:
    history = [entry(0, 0, "get", (), None, 0, 1, raised=queue.Empty)]
    assert check_history(history, Queue).linearizable
    wrong = [entry(0, 0, "get", (), None, 0, 1, raised=IndexError)]
    assert not check_history(wrong, Queue).linearizable


def test_memo_keeps_many_concurrent_commuting_operations_cheap() -> None:
    # 12 fully concurrent writes of the same value: 12! (479M) orders, but one model state per
    # set of writes done, so the memo bounds the search by 2^12 sets times 13 candidates.
    history = [entry(i, i, "write", (0, 7), None, i, 100 + i) for i in range(12)]
    history.append(entry(12, 0, "read", (0,), 8, 200, 201))  # 8 was never written
    verdict = check_history(history, Register)
    assert not verdict.linearizable
    assert verdict.explored <= 13 * 2**12, verdict.explored


def test_partition_checks_each_key_alone_and_names_the_failing_key() -> None:
    history = [
        entry(0, 0, "write", (1, 5), None, 0, 1),
        entry(1, 1, "write", (2, 6), None, 0, 3),
        entry(2, 0, "read", (1,), 5, 2, 4),
        entry(3, 1, "read", (2,), 5, 4, 5),  # key 2 holds 6
    ]
    verdict = check_history(history, Register, partition=lambda name, args: args[0])
    assert not verdict.linearizable
    assert verdict.partition == 2
    assert [e.index for e in verdict.order] == [1]


def test_partition_key_none_checks_the_history_whole() -> None:
    history = [
        entry(0, 0, "write", (1, 5), None, 0, 1),
        entry(1, 1, "read", (1,), 5, 2, 3),
    ]
    verdict = check_history(history, Register, partition=lambda name, args: None)
    assert verdict.linearizable
    assert verdict.partition is None


def test_state_key_contract() -> None:
    class WithState:
        def __init__(self) -> None:
            self.items = [1, 2]

        def state(self) -> tuple[int, ...]:
            return tuple(self.items)

    class Derived:
        def __init__(self) -> None:
            self.items = [1, 2]
            self.seen = {3}
            self.data = {"a": [4]}

    assert state_key(WithState()) == (1, 2)
    assert state_key(Derived()) == state_key(Derived())
    other = Derived()
    other.items.append(3)
    assert state_key(other) != state_key(Derived())

    class BadState(WithState):
        def state(self) -> list[int]:  # type: ignore[override]  # the error path under test
            return self.items

    with pytest.raises(UnhashableModelState, match="BadState.state\\(\\) returned an unhashable"):
        state_key(BadState())
