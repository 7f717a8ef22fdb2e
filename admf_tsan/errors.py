"""Exceptions shared by several parts of admf-tsan.

They live in the core so that the runtime checker, the pytest plugin and the primitives can
raise and catch the same classes without importing each other.
"""

from __future__ import annotations

__all__ = [
    "AdmfTsanError",
    "BlockingCallError",
    "DeadlockDetected",
    "LifecycleError",
    "LockOrderViolation",
    "ThreadSafetyViolation",
]


class AdmfTsanError(Exception):
    """Base class of every error admf-tsan raises on purpose."""


class ThreadSafetyViolation(AdmfTsanError):
    """An object made for one thread was touched by another.

    Raised (or reported, when a runtime checker collects violations) for objects the
    factory handed out in a SINGLE_THREADED context while checking is on.
    """


class LockOrderViolation(AdmfTsanError):
    """Two lock classes were acquired in both orders: a deadlock waiting to happen."""


class BlockingCallError(AdmfTsanError):
    """A blocking call ran on a thread whose asyncio event loop is running."""


class DeadlockDetected(AdmfTsanError):
    """Threads stopped making progress because each waits for a lock another one holds."""


class LifecycleError(AdmfTsanError):
    """A component was asked for a state transition its lifecycle does not allow."""
