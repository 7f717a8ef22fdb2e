"""ComponentBase: the lifecycle state machine, atomic under concurrent callers."""

from __future__ import annotations

import threading

import pytest

from admf_tsan import (
    LIFECYCLE_TRANSITIONS,
    ComponentBase,
    ComponentState,
    DummyLock,
    LifecycleError,
    ThreadSafetyFactory,
    use_context,
)

S = ComponentState


def state_of(component: ComponentBase) -> ComponentState:
    """Read the state afresh (mypy would carry an earlier ``is`` narrowing across the calls)."""
    return component.state


class Recording(ComponentBase):
    def __init__(self, name: str | None = None, **kwargs: ThreadSafetyFactory | None) -> None:
        super().__init__(name, **kwargs)
        self.calls: list[object] = []

    def _on_initialize(self, context: object) -> None:
        self.calls.append(("initialize", context))

    def _on_start(self) -> None:
        self.calls.append("start")

    def _on_stop(self) -> None:
        self.calls.append("stop")

    def _on_teardown(self) -> None:
        self.calls.append("teardown")


def test_full_lifecycle_calls_each_hook_once() -> None:
    c = Recording("feed")
    assert c.state is S.CREATED
    c.initialize({"cfg": 1})
    c.start()
    assert c.running and c.context == {"cfg": 1}
    assert c.stop() is True and c.stop() is False  # idempotent
    c.start()  # restart after stop
    assert c.teardown() is True and c.teardown() is False
    assert state_of(c) is S.TORN_DOWN
    assert c.calls == [("initialize", {"cfg": 1}), "start", "stop", "start", "stop", "teardown"]
    assert repr(c) == "<Recording 'feed' torn down>"


@pytest.mark.parametrize(
    ("steps", "bad", "message"),
    [
        ([], "start", "can't start component 'c': it is created; from created it can only"),
        (["initialize"], "initialize", "it is initialized"),
        (["initialize", "start"], "start", "it is running; from running it can only stop"),
        (["teardown"], "start", "torn-down component cannot be used again"),
    ],
)
def test_illegal_transitions_raise_a_clear_error(steps: list[str], bad: str, message: str) -> None:
    c = Recording("c")
    for step in steps:
        getattr(c, step)()
    before = c.state
    with pytest.raises(LifecycleError, match=message):
        getattr(c, bad)()
    assert c.state is before


def test_every_state_has_an_entry_in_the_transition_table() -> None:
    assert set(LIFECYCLE_TRANSITIONS) == set(ComponentState)
    assert LIFECYCLE_TRANSITIONS[S.TORN_DOWN] == frozenset()


def test_a_failing_hook_leaves_the_state_unchanged() -> None:
    class Broken(ComponentBase):
        def _on_start(self) -> None:
            raise OSError("port in use")

    c = Broken()
    c.initialize()
    with pytest.raises(OSError, match="port in use"):
        c.start()
    assert c.state is S.INITIALIZED


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["multi", "auto"])
def test_concurrent_start_and_stop_each_succeed_exactly_once(mode: str) -> None:
    for _ in range(50):
        with use_context(mode):
            c = Recording()
        c.initialize()
        results = {"started": 0, "refused": 0, "stopped": 0}
        lock = threading.Lock()
        barrier = threading.Barrier(8)

        def contend() -> None:
            barrier.wait(timeout=10)
            try:
                c.start()
                outcome = "started"
            except LifecycleError:
                outcome = "refused"
            with lock:
                results[outcome] += 1
            barrier.wait(timeout=10)
            if c.stop():
                with lock:
                    results["stopped"] += 1

        threads = [threading.Thread(target=contend) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads)
        assert results == {"started": 1, "refused": 7, "stopped": 1}
        assert c.calls.count("start") == 1 and c.calls.count("stop") == 1


def test_single_threaded_components_take_the_lock_free_path() -> None:
    with use_context("single"):
        c = Recording()
    assert isinstance(c._lifecycle_lock, DummyLock)
