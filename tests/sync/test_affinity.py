"""Thread affinity: SINGLE_THREADED objects made while checking is on belong to one thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from admf_tsan import (
    ThreadSafeDict,
    ThreadSafetyFactory,
    ThreadSafetyViolation,
    _instrumentation,
    use_context,
)


def _touch_from_other_thread(action: Callable[[], object]) -> list[BaseException]:
    caught: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            caught.append(exc)

    thread = threading.Thread(target=run, name="intruder")
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    return caught


# Touch one object of each kind; the kinds share no type, so each lambda takes Any.
KINDS: dict[str, Callable[[Any], object]] = {
    "dict": lambda obj: obj.__setitem__("k", 1),
    "list": lambda obj: obj.append(1),
    "set": lambda obj: obj.add(1),
    "lock": lambda obj: obj.acquire(),
    "counter": lambda obj: obj.increment(),
    "lazy": lambda obj: obj.value,
}


def _make(kind: str) -> object:
    factory = ThreadSafetyFactory()
    return factory.lazy(lambda: 1) if kind == "lazy" else getattr(factory, kind)()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_another_thread_touching_a_single_threaded_object_raises(kind: str) -> None:
    with use_context("single", checking=True):
        obj = _make(kind)
    KINDS[kind](obj)  # the owner thread may use it
    caught = _touch_from_other_thread(lambda: KINDS[kind](obj))
    assert len(caught) == 1 and isinstance(caught[0], ThreadSafetyViolation)
    message = str(caught[0])
    assert "'MainThread'" in message and "'intruder'" in message
    assert "test_affinity.py" in message  # where the object was made
    # set on the instance when raised (ThreadSafetyViolation does not declare it)
    assert vars(caught[0])["intruder_thread"] == "intruder"


def test_without_checking_single_threaded_objects_are_plain_and_unchecked() -> None:
    with use_context("single"):
        d: dict[str, int] | ThreadSafeDict[str, int] = ThreadSafetyFactory().dict()
    assert type(d) is dict
    assert _touch_from_other_thread(lambda: d.__setitem__("k", 1)) == []


class _Recorder:
    def __init__(self) -> None:
        self.violations: list[Exception] = []

    def make_lock(self, *, reentrant: bool, name: str | None) -> object:
        return threading.RLock() if reentrant else threading.Lock()

    def make_condition(self, lock: Any | None, *, name: str | None) -> threading.Condition:
        return threading.Condition(lock)

    def report(self, violation: Exception) -> None:
        self.violations.append(violation)


def test_an_installed_checker_receives_violations_instead_of_a_raise() -> None:
    recorder = _Recorder()
    _instrumentation.install(recorder)
    try:
        with use_context("single"):
            # checking implied by the installed checker
            d: dict[str, int] | ThreadSafeDict[str, int] = ThreadSafetyFactory().dict()
        assert _touch_from_other_thread(lambda: d.__setitem__("k", 1)) == []
    finally:
        _instrumentation.uninstall(recorder)
    assert len(recorder.violations) == 1
    assert "__setitem__" in str(recorder.violations[0])
    assert d == {"k": 1}  # reported, then the operation went ahead
    with pytest.raises(ValueError, match="not installed"):
        _instrumentation.uninstall(recorder)


def test_factory_asks_an_installed_checker_for_real_locks() -> None:
    made: list[tuple[bool, str | None]] = []

    class Naming(_Recorder):
        def make_lock(self, *, reentrant: bool, name: str | None) -> object:
            made.append((reentrant, name))
            return super().make_lock(reentrant=reentrant, name=name)

    checker = Naming()
    _instrumentation.install(checker)
    try:
        with use_context("multi"):
            factory = ThreadSafetyFactory()
            factory.lock(name="Portfolio._lock")
            factory.rlock()
    finally:
        _instrumentation.uninstall(checker)
    assert made == [(False, "Portfolio._lock"), (True, None)]
