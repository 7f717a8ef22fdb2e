"""Threads started by workers join the run: ``Thread.start`` and ``Thread.join`` while patched.

A component under test often starts its own thread (a feed handler's reader, a pool's workers).
When a worker of a run starts a thread, that thread becomes a worker too (it is *adopted*): it
waits for its turn, gets switch points, and its exceptions are reported like any worker's. A
worker joining an adopted thread is parked until that thread finishes, so ``start(); join()``
never blocks where the scheduler cannot see. Threads started by anyone else start normally.

When every worker the caller passed to ``run`` has finished and the adopted threads that remain
are all blocked (a background loop waiting for work that will not come), the run ends and those
threads are released to run on as ordinary threads.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from ._primitives import ModeledEvent, _enter_op, _Wait
from ._state import (
    REAL_THREAD_JOIN,
    REAL_THREAD_START,
    STATE,
    RawEvent,
    WorkerState,
    current_worker_locked,
)


def _real_start_event(thread: threading.Thread) -> None:
    # Thread() may have made its start event while threading.Event was patched; the start-up
    # handshake between parent and child runs in stdlib code and must stay real.
    started = getattr(thread, "_started", None)
    if isinstance(started, ModeledEvent):
        if started._flag:
            raise RuntimeError("threads can only be started once")
        thread._started = RawEvent()  # type: ignore[attr-defined]


def scheduled_thread_start(self: threading.Thread) -> None:
    """``Thread.start`` while patched: a worker's new thread becomes a worker of the run."""
    _real_start_event(self)
    with STATE:
        engine, worker = current_worker_locked()
        if engine is not None and worker is not None and not engine.aborting:
            _enter_op()  # the switch point comes first: nothing may switch to the child
            # between its registration and the real start of its thread
            if not engine.aborting:
                child = engine.adopt_locked(self.run)
                child.thread = self
                self._admf_worker = child  # type: ignore[attr-defined]
                self.run = functools.partial(engine.worker_main, child)  # type: ignore[method-assign]
    REAL_THREAD_START(self)


def scheduled_thread_join(self: threading.Thread, timeout: float | None = None) -> None:
    """``Thread.join`` while patched: a worker joining an adopted thread is parked meanwhile."""
    child = getattr(self, "_admf_worker", None)
    if child is not None:
        with STATE:
            engine, worker = current_worker_locked()
            if engine is not None and worker is not None and child in engine.workers:
                _, worker = _enter_op()
                wait = _Wait(worker, timeout)
                while child.state is not WorkerState.DONE:
                    if not wait.block(child):
                        return
    REAL_THREAD_JOIN(self, timeout)


def thread_patches() -> list[tuple[object, str, Any]]:
    """The (owner, attribute, replacement) triples that model thread start and join."""
    return [
        (threading.Thread, "start", scheduled_thread_start),
        (threading.Thread, "join", scheduled_thread_join),
    ]
