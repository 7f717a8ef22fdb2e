"""Patching the standard library while a scheduler is in charge: what is modeled, and undoing it.

While :func:`patched_primitives` is active, ``threading.Lock/RLock/Condition/Event/Semaphore/
BoundedSemaphore`` create modeled primitives, ``queue.Queue`` (which builds on them) and
``queue.SimpleQueue`` are modeled, ``time.sleep`` is a virtual sleep for workers, ``time.time``
and ``time.monotonic`` add the run's virtual time for workers, a thread-start hook adopts the
threads that workers start, and ``Thread.join`` parks a worker joining one. Only names looked up
at call time are affected: a module that did ``from time import sleep`` before patching keeps the
real function.
"""

from __future__ import annotations

import _thread
import contextlib
import queue
import threading
import time
from collections.abc import Iterator

from admf_tsan.sync._thread_start import StartHookRegistration

from ._clock import scheduler_monotonic, scheduler_time
from ._primitives import (
    ModeledBoundedSemaphore,
    ModeledCondition,
    ModeledEvent,
    ModeledLock,
    ModeledRLock,
    ModeledSemaphore,
    ModeledSimpleQueue,
    modeled_sleep,
)
from ._threads import adopt_started_threads, thread_patches

_PATCHES: list[tuple[object, str, object]] = [
    (threading, "Lock", ModeledLock),
    (threading, "RLock", ModeledRLock),
    (threading, "Condition", ModeledCondition),
    (threading, "Event", ModeledEvent),
    (threading, "Semaphore", ModeledSemaphore),
    (threading, "BoundedSemaphore", ModeledBoundedSemaphore),
    (queue, "SimpleQueue", ModeledSimpleQueue),
    # queue.Queue builds on threading.Lock/Condition (modeled above); its timeouts read the
    # clock through this module global.
    (queue, "time", scheduler_monotonic),
    (time, "sleep", modeled_sleep),
    (time, "monotonic", scheduler_monotonic),
    (time, "time", scheduler_time),
    *thread_patches(),
]
_PATCH_LOCK = _thread.allocate_lock()
_patch_depth = 0
_saved: list[tuple[object, str, object]] = []
_adoption: list[StartHookRegistration] = []


@contextlib.contextmanager
def patched_primitives() -> Iterator[None]:
    """While active, threading/queue/time create and behave as the modeled versions.

    Nests (only the outermost exit restores). Objects created meanwhile stay modeled after
    exit and keep working, with ordinary blocking, outside a run.
    """
    global _patch_depth
    with _PATCH_LOCK:
        _patch_depth += 1
        if _patch_depth == 1:
            _saved[:] = [(owner, name, getattr(owner, name)) for owner, name, _ in _PATCHES]
            for owner, name, value in _PATCHES:
                setattr(owner, name, value)
            _adoption.append(adopt_started_threads())
    try:
        yield
    finally:
        with _PATCH_LOCK:
            _patch_depth -= 1
            if _patch_depth == 0:
                for owner, name, value in _saved:
                    setattr(owner, name, value)
                _saved.clear()
                for registration in _adoption:
                    registration.remove()
                _adoption.clear()
