"""The plugin's fixtures: ``stress`` (run an operation in concurrent workers) and
``execution_context`` (the context the test runs under)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from pytest_admf.settings import SETTINGS_KEY, valid_item_marker

if TYPE_CHECKING:
    from admf_tsan.context import ExecutionContext
    from pytest_admf.session.state import RunState
    from pytest_admf.stress import Stress

__all__ = ["execution_context", "stress"]


@pytest.fixture
def execution_context(request: pytest.FixtureRequest) -> ExecutionContext:
    """The ExecutionContext this test runs under (its stress context, else the current one)."""
    from admf_tsan.context import current_context

    return current_context()


@pytest.fixture
def stress(request: pytest.FixtureRequest) -> Stress:
    """Runs ``op(worker_index)`` in concurrent workers as the context dictates."""
    from admf_tsan.context import current_context
    from pytest_admf.session.plan import item_plan
    from pytest_admf.session.seeds import seed_of_test
    from pytest_admf.session.state import STATE_KEY, RunState
    from pytest_admf.stress import Stress
    from pytest_admf.workers.deadline import Deadline

    item = request.node
    settings = request.config.stash[SETTINGS_KEY]
    marker = valid_item_marker(item)
    workers = marker.apply(settings).workers if marker is not None else settings.workers
    if item_plan(item) is None:
        # A test run once: its one run's state is built here. A stressed item gets a new state
        # per iteration from the session instead.
        item.stash[STATE_KEY] = RunState(
            current_context().threading_mode,
            seed_of_test(settings.seed, item.nodeid),
            Deadline(settings.timeout),
        )

    def state() -> RunState:
        current: RunState = item.stash[STATE_KEY]
        return current

    return Stress(workers, state)
