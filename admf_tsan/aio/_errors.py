"""Exceptions raised by the asyncio primitives in ``admf_tsan.aio``.

Each one also subclasses the closest asyncio exception, so code written against
``asyncio.QueueFull`` or ``asyncio.BrokenBarrierError`` keeps working.
"""

from __future__ import annotations

import asyncio

from admf_tsan.errors import AdmfTsanError

__all__ = ["BrokenBarrierError", "BusClosedError", "BusFullError", "BusNotRunningError"]


class BusClosedError(AdmfTsanError):
    """An event was published to an ``AsyncEventBus`` that is stopping or stopped."""


class BusNotRunningError(AdmfTsanError):
    """A call needs the bus's event loop, but the bus was never started on one."""


class BusFullError(AdmfTsanError, asyncio.QueueFull):
    """``publish_nowait`` found the bus's queue full (back-pressure): await ``publish`` instead."""


class BrokenBarrierError(AdmfTsanError, asyncio.BrokenBarrierError):
    """An ``AsyncEventBarrier`` was aborted or reset while (or before) a task waited on it."""
