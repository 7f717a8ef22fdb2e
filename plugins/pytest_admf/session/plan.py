"""The plan of a stressed item: its context, its settings with the marker applied, its seeds.

``pytest_generate_tests`` turns a marked test into one item per context (``test_x[admf-multi]``);
the context rides on the ``CONTEXT_PARAM`` parameter. ``item_plan`` reads it back, with the
session's settings and replay command from ``config.stash``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from admf_tsan.context import ThreadingMode
from pytest_admf.session.seeds import ReplayCommand, run_seed, seed_of_test
from pytest_admf.settings import SETTINGS_KEY, MarkerSettings, StressSettings, valid_item_marker

__all__ = ["CONTEXT_PARAM", "REPLAY_KEY", "ItemPlan", "item_plan"]

CONTEXT_PARAM = "_admf_context"
"""The parameter that carries a stressed item's context (its id is ``admf-<context>``)."""

REPLAY_KEY = pytest.StashKey[ReplayCommand]()
"""The session's replay command (how pytest was started, extra options): ``config.stash``."""


@dataclass(frozen=True)
class ItemPlan:
    """How one stressed item runs: its context, settings (marker applied) and seeds."""

    nodeid: str
    mode: ThreadingMode
    settings: StressSettings
    test_seed: int
    replay_command: ReplayCommand

    def seed_of(self, iteration: int) -> tuple[str | None, int]:
        """The ``(strategy, seed)`` of run ``iteration``.

        The strategy is the controlled scheduler's, so it is None outside MULTI_THREADED:
        SINGLE_THREADED and ASYNC runs have no scheduler, and their seed is only a seed.
        """
        strategy, seed = run_seed(iteration, base=self.settings.seed, test=self.test_seed)
        return (strategy if self.mode is ThreadingMode.MULTI_THREADED else None), seed

    def replay(self, seed: int) -> str:
        """The command line that replays this item with ``seed``."""
        return self.replay_command.for_test(self.nodeid, seed)


def item_plan(item: pytest.Item) -> ItemPlan | None:
    """The plan of a stressed item, or None when ``item`` is not one."""
    settings = item.config.stash[SETTINGS_KEY]
    callspec = getattr(item, "callspec", None)
    if not settings.enabled or callspec is None or CONTEXT_PARAM not in callspec.params:
        return None
    name = callspec.params[CONTEXT_PARAM]
    if name is None:  # no context left to run: the item is skipped
        return None
    marker = valid_item_marker(item) or MarkerSettings()
    return ItemPlan(
        item.nodeid,
        ThreadingMode.parse(name),
        marker.apply(settings),
        seed_of_test(settings.seed, item.nodeid),
        item.config.stash[REPLAY_KEY],
    )
