"""Bad input gets a clear LincheckUsageError, never a verdict."""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from admf_tsan.errors import AdmfTsanError
from admf_tsan.lincheck import (
    InvalidOperation,
    LincheckUsageError,
    NondeterministicModel,
    NotLinearizable,
    UnhashableModelState,
    check_linearizable,
)

pytestmark = pytest.mark.timeout(120)
QUICK = settings(database=None, max_examples=5)


class Counter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def increment(self) -> int:
        with self._lock:
            self.value += 1
            return self.value

    def add(self, amount: int) -> int:
        with self._lock:
            self.value += amount
            return self.value


class CounterModel:
    def __init__(self) -> None:
        self.value = 0

    def increment(self) -> int:
        self.value += 1
        return self.value

    def add(self, amount: int) -> int:
        self.value += amount
        return self.value


def test_errors_belong_to_the_library_base() -> None:
    for error in (InvalidOperation, NondeterministicModel, UnhashableModelState):
        assert issubclass(error, LincheckUsageError)
        assert issubclass(error, AdmfTsanError)
        assert not issubclass(error, NotLinearizable)
    assert issubclass(NotLinearizable, AssertionError)


def test_method_missing_on_the_object() -> None:
    with pytest.raises(InvalidOperation, match="object under test .Counter. has no method 'get'"):
        check_linearizable(Counter, CounterModel, {"increment": None, "get": None}, settings=QUICK)


def test_method_missing_on_the_model() -> None:
    class Partial:
        def increment(self) -> int:
            return 1

    with pytest.raises(InvalidOperation, match="the model .Partial. has no method 'add'"):
        check_linearizable(Counter, Partial, {"increment": None, "add": st.integers()})


def test_wrong_arity() -> None:
    with pytest.raises(InvalidOperation, match="Counter.add .* cannot be called with 2"):
        check_linearizable(
            Counter, CounterModel, {"add": (st.integers(), st.integers())}, settings=QUICK
        )


def test_malformed_operations_mapping() -> None:
    with pytest.raises(InvalidOperation, match="expected None .* got 3"):
        check_linearizable(Counter, CounterModel, {"add": 3})  # type: ignore[dict-item]  # under test
    with pytest.raises(LincheckUsageError, match="non-empty mapping"):
        check_linearizable(Counter, CounterModel, {})
    with pytest.raises(LincheckUsageError, match="threads must be an int >= 1"):
        check_linearizable(Counter, CounterModel, {"increment": None}, threads=0)


def test_coroutine_model_is_refused() -> None:
    class AsyncModel(CounterModel):
        async def increment(self) -> int:  # type: ignore[override]  # the error path under test
            return 1

    with pytest.raises(InvalidOperation, match="model's increment is a coroutine function"):
        check_linearizable(Counter, AsyncModel, {"increment": None})


def test_nondeterministic_model_is_refused_not_blamed_on_the_object() -> None:
    class DiceModel(CounterModel):
        def increment(self) -> int:
            return random.randint(0, 10**9)

    with pytest.raises(NondeterministicModel, match="must be deterministic"):
        check_linearizable(Counter, DiceModel, {"increment": None}, settings=QUICK)


def test_unhashable_state_from_state_method() -> None:
    class ListState(CounterModel):
        def state(self) -> list[int]:
            return [self.value]

    with pytest.raises(UnhashableModelState, match="returned an unhashable value"):
        check_linearizable(Counter, ListState, {"increment": None}, settings=QUICK)


def test_unhashable_state_derived_from_attributes() -> None:
    class BufferModel(CounterModel):
        def __init__(self) -> None:
            super().__init__()
            self.log = bytearray()

    with pytest.raises(UnhashableModelState, match="BufferModel.log.* unhashable bytearray"):
        check_linearizable(Counter, BufferModel, {"increment": None}, settings=QUICK)


def test_identity_based_state_key_is_reported() -> None:
    class Token:
        __slots__ = ()

    class TokenModel(CounterModel):
        def __init__(self) -> None:
            super().__init__()
            self.token = Token()

    with pytest.raises(NondeterministicModel, match="different state keys"):
        check_linearizable(Counter, TokenModel, {"increment": None}, settings=QUICK)


def test_a_factory_that_returns_a_shared_object_is_refused() -> None:
    shared = Counter()
    with pytest.raises(LincheckUsageError, match=r"make\(\) returned the same object twice"):
        check_linearizable(lambda: shared, CounterModel, {"increment": None})
    model = CounterModel()
    with pytest.raises(LincheckUsageError, match=r"model\(\) returned the same object twice"):
        check_linearizable(Counter, lambda: model, {"increment": None})
