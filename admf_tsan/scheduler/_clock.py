"""Virtual time for workers: ``time.monotonic`` and ``time.time`` while patched.

A worker's sleep or timed wait ends when every other worker is blocked too, at once in real
time, with the run's virtual clock moved on (``modeled_sleep`` in ``_primitives.py``). The
clocks a worker reads add that virtual time, so timeouts computed from them agree with the
sleeps. Threads outside the run read the clocks for real.
"""

from __future__ import annotations

import _thread

from ._state import ACTIVE, REAL_MONOTONIC, REAL_TIME

__all__ = ["scheduler_monotonic", "scheduler_time"]


def _virtual_offset() -> float:
    engine = ACTIVE.engine
    if engine is None or _thread.get_ident() not in engine.by_ident:
        return 0.0
    return engine.now


def scheduler_monotonic() -> float:
    """``time.monotonic`` plus the run's virtual time, for workers; the real clock otherwise."""
    return REAL_MONOTONIC() + _virtual_offset()


def scheduler_time() -> float:
    """``time.time`` plus the run's virtual time, for workers; the real clock otherwise."""
    return REAL_TIME() + _virtual_offset()
