"""admf_tsan.aio: asyncio primitives built on the admf-tsan core.

* ``AsyncComponentBase``: the component lifecycle with async hooks;
* ``AsyncEventBus``: publish/subscribe over a bounded queue with back-pressure;
* ``run_sync`` / ``to_thread``: the bridge between sync code and the event loop;
* ``AsyncEventBarrier``: N tasks meet, then all go on;
* ``run_service``: owns the loop and shuts a service down gracefully on SIGINT/SIGTERM.

See docs/aio.md for the guarantees and how they are tested.
"""

from __future__ import annotations

from ._barrier import AsyncEventBarrier as AsyncEventBarrier
from ._barrier import AsyncEventBarrierStatistics as AsyncEventBarrierStatistics
from ._bridge import get_default_loop as get_default_loop
from ._bridge import run_sync as run_sync
from ._bridge import set_default_loop as set_default_loop
from ._bridge import to_thread as to_thread
from ._bus import AsyncEventBus as AsyncEventBus
from ._bus import AsyncEventBusStatistics as AsyncEventBusStatistics
from ._component import AsyncComponentBase as AsyncComponentBase
from ._errors import BrokenBarrierError as BrokenBarrierError
from ._errors import BusClosedError as BusClosedError
from ._errors import BusFullError as BusFullError
from ._errors import BusNotRunningError as BusNotRunningError
from ._service import ServiceResult as ServiceResult
from ._service import ServiceStatus as ServiceStatus
from ._service import run_service as run_service

__all__ = [
    "AsyncComponentBase",
    "AsyncEventBarrier",
    "AsyncEventBarrierStatistics",
    "AsyncEventBus",
    "AsyncEventBusStatistics",
    "BrokenBarrierError",
    "BusClosedError",
    "BusFullError",
    "BusNotRunningError",
    "ServiceResult",
    "ServiceStatus",
    "get_default_loop",
    "run_service",
    "run_sync",
    "set_default_loop",
    "to_thread",
]
