"""AsyncComponentBase: ComponentBase's state machine, atomic among concurrent tasks."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from admf_tsan.aio import AsyncComponentBase
from admf_tsan.components import ComponentBase, ComponentState
from admf_tsan.errors import LifecycleError

from ._util import async_test

WAIT = 10.0


def state_of(component: AsyncComponentBase) -> ComponentState:
    """Read the state afresh (mypy would carry an earlier ``is`` narrowing across the awaits)."""
    return component.state


class Recorder(AsyncComponentBase):
    def __init__(self, name: str | None = None) -> None:
        super().__init__(name)
        self.calls: list[str] = []

    async def _on_initialize(self, context: object) -> None:
        await asyncio.sleep(0)
        self.calls.append(f"initialize:{context}")

    async def _on_start(self) -> None:
        await asyncio.sleep(0)  # a real await inside the hook, so other tasks get to run
        self.calls.append("start")

    async def _on_stop(self) -> None:
        await asyncio.sleep(0)
        self.calls.append("stop")

    def _on_teardown(self) -> None:  # a plain hook works too
        self.calls.append("teardown")


@async_test
async def test_full_lifecycle_runs_each_hook_once_in_order() -> None:
    component = Recorder("feed")
    assert component.state is ComponentState.CREATED
    await component.initialize("ctx")
    await component.start()
    assert component.running
    assert await component.stop()
    await component.start()
    assert await component.teardown()
    assert state_of(component) is ComponentState.TORN_DOWN
    assert component.context == "ctx"
    assert component.calls == ["initialize:ctx", "start", "stop", "start", "stop", "teardown"]
    assert not await component.teardown()
    assert repr(component) == "<Recorder 'feed' torn down>"


# Each step returns the sync result, or the coroutine to await for AsyncComponentBase.
SYNC_STEPS: dict[str, Callable[[Any], Any]] = {
    "initialize": lambda c: c.initialize(None),
    "start": lambda c: c.start(),
    "stop": lambda c: c.stop(),
    "teardown": lambda c: c.teardown(),
}


def _sync_outcome(path: tuple[str, ...], step: str) -> tuple[str, object, ComponentState]:
    component = ComponentBase("same")
    for name in path:
        SYNC_STEPS[name](component)
    try:
        result = SYNC_STEPS[step](component)
    except LifecycleError as exc:
        return ("error", str(exc), component.state)
    return ("ok", result, component.state)


async def _async_outcome(path: tuple[str, ...], step: str) -> tuple[str, object, ComponentState]:
    component = AsyncComponentBase("same")
    for name in path:
        await SYNC_STEPS[name](component)
    try:
        result = await SYNC_STEPS[step](component)
    except LifecycleError as exc:
        return ("error", str(exc), component.state)
    return ("ok", result, component.state)


PATHS: list[tuple[str, ...]] = [
    (),
    ("initialize",),
    ("initialize", "start"),
    ("initialize", "start", "stop"),
    ("teardown",),
]


@async_test
async def test_every_transition_behaves_exactly_like_component_base() -> None:
    for path, step in itertools.product(PATHS, SYNC_STEPS):
        assert await _async_outcome(path, step) == _sync_outcome(path, step), (path, step)


@pytest.mark.timeout(30)
@async_test
async def test_of_many_tasks_starting_at_once_exactly_one_starts() -> None:
    component = Recorder()
    await component.initialize()
    outcomes = await asyncio.wait_for(
        asyncio.gather(*(component.start() for _ in range(20)), return_exceptions=True), WAIT
    )
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, LifecycleError) for o in outcomes if o is not None)
    assert component.calls.count("start") == 1


@pytest.mark.timeout(30)
@async_test
async def test_stop_is_idempotent_under_concurrent_tasks() -> None:
    component = Recorder()
    await component.initialize()
    await component.start()
    results = await asyncio.wait_for(asyncio.gather(*(component.stop() for _ in range(20))), WAIT)
    assert results.count(True) == 1 and results.count(False) == 19
    assert component.calls.count("stop") == 1 and component.state is ComponentState.STOPPED


class FailingStart(AsyncComponentBase):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    async def _on_start(self) -> None:
        self.attempts += 1
        if self.attempts == 1:
            raise ConnectionError("broker down")
        if self.attempts == 2:
            await asyncio.Event().wait()  # hangs until cancelled


@pytest.mark.timeout(30)
@async_test
async def test_a_failing_or_cancelled_hook_leaves_the_state_unchanged() -> None:
    component = FailingStart()
    await component.initialize()
    with pytest.raises(ConnectionError):
        await component.start()
    assert component.state is ComponentState.INITIALIZED
    hanging = asyncio.create_task(component.start())
    async with asyncio.timeout(WAIT):
        while component.attempts < 2:
            await asyncio.sleep(0)
    hanging.cancel()
    with pytest.raises(asyncio.CancelledError):
        await hanging
    assert component.state is ComponentState.INITIALIZED
    await asyncio.wait_for(component.start(), WAIT)  # the lock was released
    assert component.running


@async_test
async def test_teardown_of_a_running_component_stops_it_first() -> None:
    component = Recorder()
    await component.initialize()
    await component.start()
    assert await component.teardown()
    assert component.calls[-2:] == ["stop", "teardown"]
    with pytest.raises(LifecycleError, match="torn down"):
        await component.start()
