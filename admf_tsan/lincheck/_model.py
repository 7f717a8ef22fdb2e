"""The sequential model's contract: apply operations, branch with deepcopy, key its state.

A model is a plain object with the same methods as the object under test. The checker branches
it with ``copy.deepcopy`` and memoizes on a hashable *state key*: the result of the model's
``state()`` method when it has one, the model itself when its class defines ``__eq__`` and
``__hash__``, else a key derived from its attributes (dicts and lists keep their order, sets
become frozensets, nested objects are keyed the same way). Two models with equal keys must
answer every future operation alike.
"""

from __future__ import annotations

import collections
import copy
import inspect
from collections.abc import Callable, Sequence
from typing import Any

from ._errors import InvalidOperation, NondeterministicModel, UnhashableModelState
from ._history import Outcome
from ._scenario import Operation, OperationsSpec

__all__ = ["apply", "branch", "check_deterministic", "check_methods", "state_key"]

_ATOMS = (int, float, complex, str, bytes, bool, type(None), type, range)


def apply(target: object, operation: Operation) -> Outcome:
    """Call ``operation`` on ``target``; its return value, or the type of what it raised."""
    try:
        return Outcome(value=getattr(target, operation.name)(*operation.args))
    except Exception as error:  # an exception is a result to compare  # noqa: BLE001
        return Outcome(raised=type(error))


def branch(model: object) -> Any:
    """An independent copy of ``model`` to try one more operation on."""
    return copy.deepcopy(model)


def _derived_key(value: object, path: str, seen: set[int]) -> object:
    if isinstance(value, _ATOMS):
        return value
    if id(value) in seen:
        raise UnhashableModelState(f"model state at {path} refers to itself; define state()")
    seen = seen | {id(value)}
    if isinstance(value, dict):
        return (
            type(value).__name__,
            tuple(
                (_derived_key(k, path, seen), _derived_key(v, f"{path}[{k!r}]", seen))
                for k, v in value.items()
            ),
        )
    if isinstance(value, list | tuple | collections.deque):
        return (
            type(value).__name__,
            tuple(_derived_key(item, f"{path}[{i}]", seen) for i, item in enumerate(value)),
        )
    if isinstance(value, set | frozenset):
        return (type(value).__name__, frozenset(_derived_key(item, path, seen) for item in value))
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict) and type(value).__hash__ in (object.__hash__, None):
        return (
            type(value).__qualname__,
            tuple(
                (name, _derived_key(item, f"{path}.{name}", seen))
                for name, item in attributes.items()
            ),
        )
    try:
        hash(value)
    except TypeError:
        raise UnhashableModelState(
            f"model state at {path} holds an unhashable {type(value).__name__} "
            f"({value!r}); give the model a state() method that returns a hashable value"
        ) from None
    return value


def state_key(model: object) -> object:
    """The hashable key of ``model``'s state, following the contract in the module docstring.

    Raises UnhashableModelState when no hashable key can be made.
    """
    state = getattr(model, "state", None)
    if callable(state):
        key = state()
        where = f"{type(model).__name__}.state()"
    elif (
        type(model).__hash__ not in (object.__hash__, None)
        and type(model).__eq__ is not object.__eq__
    ):
        key = model
        where = type(model).__name__
    else:
        return _derived_key(model, type(model).__name__, set())
    try:
        hash(key)
    except TypeError as error:
        raise UnhashableModelState(
            f"{where} returned an unhashable value ({error}); return a tuple, frozenset or "
            "another hashable value"
        ) from None
    return key


def _check_callable(target: object, role: str, name: str, arity: int) -> Callable[..., object]:
    method = getattr(target, name, None)
    if method is None:
        raise InvalidOperation(
            f"operation {name!r}: the {role} ({type(target).__name__}) has no method {name!r}"
        )
    if not callable(method):
        raise InvalidOperation(
            f"operation {name!r}: {type(target).__name__}.{name} of the {role} is not callable"
        )
    try:
        inspect.signature(method).bind(*([None] * arity))
    except TypeError:
        raise InvalidOperation(
            f"operation {name!r}: {type(target).__name__}.{name} of the {role} cannot be "
            f"called with {arity} positional argument(s), as the operations mapping says"
        ) from None
    except ValueError:  # builtins without a signature: trust them
        pass
    return method  # type: ignore[no-any-return]


def check_methods(target: object, model: object, spec: OperationsSpec) -> bool:
    """Check every operation exists on both; True when the object's methods are coroutines.

    Raises InvalidOperation for a missing or uncallable method, a wrong arity, a coroutine
    method on the model, or an object that mixes coroutine and plain operations.
    """
    kinds = set()
    for name in spec.names:
        arity = spec.arity(name)
        method = _check_callable(target, "object under test", name, arity)
        model_method = _check_callable(model, "model", name, arity)
        if inspect.iscoroutinefunction(model_method):
            raise InvalidOperation(
                f"operation {name!r}: the model's {name} is a coroutine function; the model is "
                "a sequential specification and must be plain (synchronous) code"
            )
        kinds.add(inspect.iscoroutinefunction(method))
    if len(kinds) > 1:
        raise InvalidOperation(
            f"{type(target).__name__} mixes coroutine and plain operations among "
            f"{', '.join(spec.names)}; check them in two calls"
        )
    return kinds == {True}


def check_deterministic(make_model: Callable[[], object], operations: Sequence[Operation]) -> None:
    """Run ``operations`` on two fresh models; raise NondeterministicModel if they differ.

    Also raises UnhashableModelState when a state key cannot be made.
    """
    first, second = make_model(), make_model()
    for step, operation in enumerate(operations, 1):
        one, two = apply(first, operation), apply(second, operation)
        if not one.matches(two):
            before = ", ".join(map(str, operations[: step - 1]))
            history = f"after the same operations ({before})" if before else "on a fresh model"
            raise NondeterministicModel(
                f"two models answered {operation} {history} differently: {one} and {two}; "
                "a model must be deterministic (no randomness, clock or shared global state)"
            )
    key_one, key_two = state_key(first), state_key(second)
    if key_one != key_two:
        raise NondeterministicModel(
            f"two models given the same operations ({', '.join(map(str, operations))}) have "
            f"different state keys: {key_one!r} and {key_two!r}; the key must depend on the "
            "model's value only (no ids, clocks or random numbers)"
        )
