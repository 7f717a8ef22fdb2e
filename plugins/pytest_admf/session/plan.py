"""The plan of a stressed item: its context, its settings with the marker applied, its seeds.

``pytest_generate_tests`` turns a marked test into one item per context (``test_x[admf-multi]``);
the context rides on the ``CONTEXT_PARAM`` parameter. ``item_plan`` reads it back, with the
session's settings and replay command from ``config.stash``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from admf_tsan.context import ThreadingMode
from pytest_admf.session.seeds import ReplayCommand, run_seed, seed_of_test
from pytest_admf.settings import SETTINGS_KEY, MarkerSettings, StressSettings, valid_item_marker

__all__ = [
    "BUDGET_KEY",
    "CHUNK_PARAM",
    "CONTEXT_PARAM",
    "REPLAY_KEY",
    "TIMEOUT_SETTINGS_KEY",
    "ItemPlan",
    "chunk_runs",
    "item_plan",
    "unsplit_nodeid",
]

CONTEXT_PARAM = "_admf_context"
"""The parameter that carries a stressed item's context (its id is ``admf-<context>``)."""

CHUNK_PARAM = "_admf_chunk"
"""With ``--admf-split=N``: the parameter that carries which of the N chunks of runs an item
runs, as ``(index, N)`` (its id is ``admf-<context>-split<index+1>of<N>``)."""

_SPLIT_ID = re.compile(r"-split\d+of\d+(?=[\]-])")


def unsplit_nodeid(nodeid: str) -> str:
    """The node id without its ``-splitKofN`` part: what seeds derive from and replays run."""
    return _SPLIT_ID.sub("", nodeid)


def chunk_runs(iterations: int, index: int, count: int) -> range:
    """The run indexes of chunk ``index`` of ``count``: disjoint, together ``range(iterations)``."""
    return range(iterations * index // count, iterations * (index + 1) // count)


BUDGET_KEY = pytest.StashKey[float]()
"""``item.stash[BUDGET_KEY]``: pytest-timeout's limit for a stressed item (``--timeout``,
``@pytest.mark.timeout``), which the plugin takes over as the budget of all its runs."""

TIMEOUT_SETTINGS_KEY = pytest.StashKey[Any]()
"""``item.stash[TIMEOUT_SETTINGS_KEY]``: pytest-timeout's settings for the item, to re-arm its
timer for the teardown with what is left of the budget."""

REPLAY_KEY = pytest.StashKey[ReplayCommand]()
"""The session's replay command (how pytest was started, extra options): ``config.stash``."""


@dataclass(frozen=True)
class ItemPlan:
    """How one stressed item runs: its context, settings (marker applied) and seeds.

    ``runs`` are the run indexes this item executes (all of them, or one chunk with
    ``--admf-split``); ``nodeid`` is the item's id without the chunk, so seeds and replay
    commands are the same split or not. ``probe`` marks an unmarked test stressed by
    ``--admf-stress=all``: its first run is a plain run that watches whether the test starts
    a thread or a task; only then do the scheduled runs follow.
    """

    nodeid: str
    mode: ThreadingMode
    settings: StressSettings
    test_seed: int
    replay_command: ReplayCommand
    runs: range = field(default_factory=lambda: range(0))
    probe: bool = False

    def seed_of(self, iteration: int) -> tuple[str | None, int]:
        """The ``(strategy, seed)`` of run ``iteration``.

        The strategy is the controlled scheduler's, so it is None outside MULTI_THREADED:
        SINGLE_THREADED and ASYNC runs have no scheduler, and their seed is only a seed.
        """
        strategy, seed = run_seed(iteration, base=self.settings.seed, test=self.test_seed)
        return (strategy if self.mode is ThreadingMode.MULTI_THREADED else None), seed

    def replay(self, seed: int) -> str:
        """The command line that replays this item with ``seed``."""
        return self.replay_command.for_test(self.nodeid, seed, all_tests=self.probe)


def item_plan(item: pytest.Item) -> ItemPlan | None:
    """The plan of a stressed item, or None when ``item`` is not one."""
    settings = item.config.stash[SETTINGS_KEY]
    if not settings.enabled:
        return None
    callspec = getattr(item, "callspec", None)
    if callspec is None or CONTEXT_PARAM not in callspec.params:
        return _probe_plan(item) if settings.scope == "all" else None
    name = callspec.params[CONTEXT_PARAM]
    if name is None:  # no context left to run: the item is skipped
        return None
    marker = valid_item_marker(item) or MarkerSettings()
    applied = marker.apply(settings)
    index, count = callspec.params.get(CHUNK_PARAM, (0, 1))
    nodeid = unsplit_nodeid(item.nodeid)
    return ItemPlan(
        nodeid,
        ThreadingMode.parse(name),
        applied,
        seed_of_test(settings.seed, nodeid),
        item.config.stash[REPLAY_KEY],
        chunk_runs(applied.iterations, index, count),
    )


def _probe_plan(item: pytest.Item) -> ItemPlan | None:
    """``--admf-stress=all``: the plan of an unmarked test (MULTI, or ASYNC for a coroutine)."""
    from pytest_admf.session.body import is_coroutine_test

    if not isinstance(item, pytest.Function) or item.get_closest_marker("admf_stress"):
        return None
    settings = item.config.stash[SETTINGS_KEY]
    mode = ThreadingMode.ASYNC if is_coroutine_test(item) else ThreadingMode.MULTI_THREADED
    return ItemPlan(
        item.nodeid,
        mode,
        settings,
        seed_of_test(settings.seed, item.nodeid),
        item.config.stash[REPLAY_KEY],
        range(settings.iterations),
        probe=True,
    )
