"""Threads started by workers join the run: a thread-start hook, and ``Thread.join`` while patched.

A component under test often starts its own thread (a feed handler's reader, a pool's workers).
When a worker of a run starts a thread, that thread becomes a worker too (it is *adopted*): it
waits for its turn, gets switch points, and its exceptions are reported like any worker's. A
worker joining an adopted thread is parked until that thread finishes, so ``start(); join()``
never blocks where the scheduler cannot see. Threads started by anyone else start normally.

Thread starts are seen through the core's one thread-start wrapper
(``admf_tsan.sync._thread_start``), which AUTO_DETECT and the runtime's ThreadDetector use too;
the scheduler's hook is registered only while its primitives are patched.

When every worker the caller passed to ``run`` has finished and the adopted threads that remain
are all blocked (a background loop waiting for work that will not come), the run ends and those
threads are released to run on as ordinary threads.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from admf_tsan.sync._thread_start import StartHookRegistration, add_start_hook

from ._primitives import _enter_op, _Wait
from ._state import (
    REAL_THREAD_JOIN,
    STATE,
    WorkerState,
    current_worker_locked,
)


def _adopt_on_start(thread: threading.Thread | None) -> None:
    """Start hook: a thread that a worker starts becomes a worker of the run.

    Runs in the starting thread before the new thread exists (so its ``run`` can still be
    replaced). Raw ``_thread`` starts (``thread`` None) are not adopted.
    """
    if thread is None:
        return
    with STATE:
        engine, worker = current_worker_locked()
        if engine is None or worker is None or engine.aborting:
            return
        # No switch point here: the call of ``start`` was one, and nothing may switch to the
        # child between its registration and the real start of its thread.
        _enter_op(switch=False)
        if not engine.aborting:
            child = engine.adopt_locked(thread.run)
            child.thread = thread
            thread._admf_worker = child  # type: ignore[attr-defined]
            thread.run = functools.partial(engine.worker_main, child)  # type: ignore[method-assign]


def adopt_started_threads() -> StartHookRegistration:
    """Register the start hook that adopts threads started by workers; ``remove()`` it after."""
    return add_start_hook(_adopt_on_start, name="ControlledScheduler")


def scheduled_thread_join(self: threading.Thread, timeout: float | None = None) -> None:
    """``Thread.join`` while patched: a worker joining an adopted thread is parked meanwhile."""
    child = getattr(self, "_admf_worker", None)
    if child is not None:
        with STATE:
            engine, worker = current_worker_locked()
            if engine is not None and worker is not None and child in engine.workers:
                # The call of ``join`` was the switch point; joining only waits.
                _, worker = _enter_op(switch=False)
                wait = _Wait(worker, timeout)
                while child.state is not WorkerState.DONE:
                    if not wait.block(child):
                        return
                if engine.recorder is not None and worker is not None:
                    engine.recorder.joined(worker, child)  # happens-before for race detection
    REAL_THREAD_JOIN(self, timeout)


def thread_patches() -> list[tuple[object, str, Any]]:
    """The (owner, attribute, replacement) triples that model thread join."""
    return [(threading.Thread, "join", scheduled_thread_join)]
