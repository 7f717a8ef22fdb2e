"""The controlled scheduler: rare thread interleavings on purpose, and replay from a seed.

CPython switches threads only at calls and backward jumps, so plain threads almost never lose
an update of ``self.x += 1``. ``ControlledScheduler`` runs workers on real threads but lets
only one run at a time and chooses where to switch: before every instruction of the code under
test that touches shared memory, and at every operation on a modeled lock, condition, event,
semaphore, queue or sleep. A seeded ``Strategy`` (PCT or a random walk) makes every choice, so
a failing interleaving replays from its seed. ``new_seeded_event_loop`` does the same for the
order of an asyncio loop's ready callbacks.

Usage::

    from admf_tsan.scheduler import ControlledScheduler, choose_strategy

    strategy, seed = choose_strategy(iteration, base_seed=1234)
    scheduler = ControlledScheduler(seed, strategy=strategy)
    with scheduler.patch_primitives():
        report = scheduler.run([worker_a, worker_b])

It needs neither pytest nor the plugin: ``pytest --admf-stress`` is one user of it. See
docs/scheduler.md.
"""

from __future__ import annotations

from ._explain import Explanation as Explanation
from ._explain import explain as explain
from ._explain import shrink_schedule as shrink_schedule
from ._pct import PCT as PCT
from ._primitives import ModeledBoundedSemaphore as ModeledBoundedSemaphore
from ._primitives import ModeledCondition as ModeledCondition
from ._primitives import ModeledEvent as ModeledEvent
from ._primitives import ModeledLock as ModeledLock
from ._primitives import ModeledRLock as ModeledRLock
from ._primitives import ModeledSemaphore as ModeledSemaphore
from ._primitives import ModeledSimpleQueue as ModeledSimpleQueue
from ._random_walk import RandomWalk as RandomWalk
from ._record import Choice as Choice
from ._scheduler import ControlledScheduler as ControlledScheduler
from ._scheduler import ScheduleReport as ScheduleReport
from ._scheduler import WorkerFailure as WorkerFailure
from ._scheduler import make_strategy as make_strategy
from ._seeded_loop import SeededEventLoop as SeededEventLoop
from ._seeded_loop import SeededLoopStatistics as SeededLoopStatistics
from ._seeded_loop import new_seeded_event_loop as new_seeded_event_loop
from ._state import ScheduleAborted as ScheduleAborted
from ._state import WorkerState as WorkerState
from ._strategy import STRATEGIES as STRATEGIES
from ._strategy import Strategy as Strategy
from ._strategy import choose_strategy as choose_strategy
from ._strategy import strategy_for_seed as strategy_for_seed
from ._trace import add_machinery as add_machinery
from ._trace import default_include as default_include
from ._trace import include_code as include_code
from ._trace import included_code as included_code

__all__ = [
    "PCT",
    "Choice",
    "STRATEGIES",
    "ControlledScheduler",
    "Explanation",
    "ModeledBoundedSemaphore",
    "ModeledCondition",
    "ModeledEvent",
    "ModeledLock",
    "ModeledRLock",
    "ModeledSemaphore",
    "ModeledSimpleQueue",
    "RandomWalk",
    "ScheduleAborted",
    "ScheduleReport",
    "SeededEventLoop",
    "SeededLoopStatistics",
    "Strategy",
    "WorkerFailure",
    "WorkerState",
    "add_machinery",
    "choose_strategy",
    "default_include",
    "explain",
    "include_code",
    "included_code",
    "make_strategy",
    "new_seeded_event_loop",
    "shrink_schedule",
    "strategy_for_seed",
]
