"""admf-tsan: concurrency primitives and checkers for threads, processes and asyncio.

The core primitives are re-exported here; the other parts live in their own packages:
``admf_tsan.aio`` (asyncio), ``admf_tsan.parallel`` (processes), ``admf_tsan.runtime``
(runtime checkers) and ``admf_tsan.lint`` (the linter).
"""

from admf_tsan.components import LIFECYCLE_TRANSITIONS as LIFECYCLE_TRANSITIONS
from admf_tsan.components import ComponentBase as ComponentBase
from admf_tsan.components import ComponentState as ComponentState
from admf_tsan.context import ContextThread as ContextThread
from admf_tsan.context import ExecutionContext as ExecutionContext
from admf_tsan.context import RunMode as RunMode
from admf_tsan.context import ThreadingMode as ThreadingMode
from admf_tsan.context import current_context as current_context
from admf_tsan.context import set_process_context as set_process_context
from admf_tsan.context import use_context as use_context
from admf_tsan.errors import AdmfTsanError as AdmfTsanError
from admf_tsan.errors import BlockingCallError as BlockingCallError
from admf_tsan.errors import DeadlockDetected as DeadlockDetected
from admf_tsan.errors import LifecycleError as LifecycleError
from admf_tsan.errors import LockOrderViolation as LockOrderViolation
from admf_tsan.errors import ThreadSafetyViolation as ThreadSafetyViolation
from admf_tsan.events import EventBus as EventBus
from admf_tsan.events import EventBusStatistics as EventBusStatistics
from admf_tsan.events import HandlerError as HandlerError
from admf_tsan.events import HandlersFailed as HandlersFailed
from admf_tsan.sync import AtomicCounter as AtomicCounter
from admf_tsan.sync import AutoLock as AutoLock
from admf_tsan.sync import ConditionLike as ConditionLike
from admf_tsan.sync import DummyCondition as DummyCondition
from admf_tsan.sync import DummyLock as DummyLock
from admf_tsan.sync import LazyInitializer as LazyInitializer
from admf_tsan.sync import LockLike as LockLike
from admf_tsan.sync import ThreadSafeDict as ThreadSafeDict
from admf_tsan.sync import ThreadSafeList as ThreadSafeList
from admf_tsan.sync import ThreadSafeSet as ThreadSafeSet
from admf_tsan.sync import ThreadSafetyFactory as ThreadSafetyFactory
from admf_tsan.sync import compute as compute
from admf_tsan.sync import get_or_create as get_or_create
from admf_tsan.sync import json_default as json_default
from admf_tsan.sync import locked as locked

__all__ = [
    "AdmfTsanError",
    "AtomicCounter",
    "AutoLock",
    "BlockingCallError",
    "ComponentBase",
    "ComponentState",
    "ConditionLike",
    "ContextThread",
    "DeadlockDetected",
    "DummyCondition",
    "DummyLock",
    "EventBus",
    "EventBusStatistics",
    "ExecutionContext",
    "HandlerError",
    "HandlersFailed",
    "LIFECYCLE_TRANSITIONS",
    "LazyInitializer",
    "LifecycleError",
    "LockLike",
    "LockOrderViolation",
    "RunMode",
    "ThreadSafeDict",
    "ThreadSafeList",
    "ThreadSafeSet",
    "ThreadSafetyFactory",
    "ThreadSafetyViolation",
    "ThreadingMode",
    "compute",
    "current_context",
    "get_or_create",
    "json_default",
    "locked",
    "set_process_context",
    "use_context",
]

__version__ = "0.1.0"
