"""Thread affinity: SINGLE_THREADED objects made while checking is on belong to one thread."""

from __future__ import annotations

import threading

import pytest

from admf_tsan import ThreadSafetyFactory, ThreadSafetyViolation, _instrumentation, use_context


def _touch_from_other_thread(action):
    caught: list[BaseException] = []

    def run():
        try:
            action()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            caught.append(exc)

    thread = threading.Thread(target=run, name="intruder")
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    return caught


KINDS = {
    "dict": lambda obj: obj.__setitem__("k", 1),
    "list": lambda obj: obj.append(1),
    "set": lambda obj: obj.add(1),
    "lock": lambda obj: obj.acquire(),
    "counter": lambda obj: obj.increment(),
    "lazy": lambda obj: obj.value,
}


def _make(kind):
    factory = ThreadSafetyFactory()
    return factory.lazy(lambda: 1) if kind == "lazy" else getattr(factory, kind)()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_another_thread_touching_a_single_threaded_object_raises(kind):
    with use_context("single", checking=True):
        obj = _make(kind)
    KINDS[kind](obj)  # the owner thread may use it
    caught = _touch_from_other_thread(lambda: KINDS[kind](obj))
    assert len(caught) == 1 and isinstance(caught[0], ThreadSafetyViolation)
    message = str(caught[0])
    assert "'MainThread'" in message and "'intruder'" in message
    assert "test_affinity.py" in message  # where the object was made
    assert caught[0].intruder_thread == "intruder"


def test_without_checking_single_threaded_objects_are_plain_and_unchecked():
    with use_context("single"):
        d = ThreadSafetyFactory().dict()
    assert type(d) is dict
    assert _touch_from_other_thread(lambda: d.__setitem__("k", 1)) == []


class _Recorder:
    def __init__(self):
        self.violations = []

    def make_lock(self, *, reentrant, name):
        return threading.RLock() if reentrant else threading.Lock()

    def make_condition(self, lock, *, name):
        return threading.Condition(lock)

    def report(self, violation):
        self.violations.append(violation)


def test_an_installed_checker_receives_violations_instead_of_a_raise():
    recorder = _Recorder()
    _instrumentation.install(recorder)
    try:
        with use_context("single"):
            d = ThreadSafetyFactory().dict()  # checking implied by the installed checker
        assert _touch_from_other_thread(lambda: d.__setitem__("k", 1)) == []
    finally:
        _instrumentation.uninstall(recorder)
    assert len(recorder.violations) == 1
    assert "__setitem__" in str(recorder.violations[0])
    assert d == {"k": 1}  # reported, then the operation went ahead
    with pytest.raises(ValueError, match="not installed"):
        _instrumentation.uninstall(recorder)


def test_factory_asks_an_installed_checker_for_real_locks():
    made = []

    class Naming(_Recorder):
        def make_lock(self, *, reentrant, name):
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
