"""admf_tsan.runtime: the runtime checker.

``with checking() as report:`` turns on, for a block of code, a lockdep-style lock-order
validator, an asyncio blocking-call detector, a deadlock watchdog and thread-affinity checks,
and collects what they find in ``report``; ``admf-tsan run script.py`` does the same for a
whole program. See docs/runtime.md.
"""

from __future__ import annotations

from admf_tsan.errors import BlockingCallError as BlockingCallError
from admf_tsan.errors import DeadlockDetected as DeadlockDetected
from admf_tsan.errors import LockOrderViolation as LockOrderViolation
from admf_tsan.errors import ThreadSafetyViolation as ThreadSafetyViolation
from admf_tsan.runtime._blocking import BlockingDetector as BlockingDetector
from admf_tsan.runtime._blocking import BlockingStatistics as BlockingStatistics
from admf_tsan.runtime._checking import NewLockInstrumentation as NewLockInstrumentation
from admf_tsan.runtime._checking import Session as Session
from admf_tsan.runtime._checking import active_session as active_session
from admf_tsan.runtime._checking import checking as checking
from admf_tsan.runtime._checking import instrument_new_locks as instrument_new_locks
from admf_tsan.runtime._findings import KINDS as KINDS
from admf_tsan.runtime._findings import CheckReport as CheckReport
from admf_tsan.runtime._findings import CheckStatistics as CheckStatistics
from admf_tsan.runtime._findings import Finding as Finding
from admf_tsan.runtime._lockdep import LockOrderEdge as LockOrderEdge
from admf_tsan.runtime._lockdep import LockOrderStatistics as LockOrderStatistics
from admf_tsan.runtime._lockdep import LockOrderValidator as LockOrderValidator
from admf_tsan.runtime._locks import CheckedLock as CheckedLock
from admf_tsan.runtime._locks import CheckedRLock as CheckedRLock
from admf_tsan.runtime._locks import LockClass as LockClass
from admf_tsan.runtime._state import held_locks as held_locks
from admf_tsan.runtime._threads import AffinityRecord as AffinityRecord
from admf_tsan.runtime._threads import ThreadDetector as ThreadDetector
from admf_tsan.runtime._watchdog import DeadlockReport as DeadlockReport
from admf_tsan.runtime._watchdog import Watchdog as Watchdog
from admf_tsan.runtime._watchdog import format_thread_stacks as format_thread_stacks
from admf_tsan.runtime._watchdog import format_wait_for_graph as format_wait_for_graph

__all__ = [
    "AffinityRecord",
    "BlockingCallError",
    "BlockingDetector",
    "BlockingStatistics",
    "CheckReport",
    "CheckStatistics",
    "CheckedLock",
    "CheckedRLock",
    "DeadlockDetected",
    "DeadlockReport",
    "Finding",
    "KINDS",
    "LockClass",
    "LockOrderEdge",
    "LockOrderStatistics",
    "LockOrderValidator",
    "LockOrderViolation",
    "NewLockInstrumentation",
    "Session",
    "ThreadDetector",
    "ThreadSafetyViolation",
    "Watchdog",
    "active_session",
    "checking",
    "format_thread_stacks",
    "format_wait_for_graph",
    "held_locks",
    "instrument_new_locks",
]
