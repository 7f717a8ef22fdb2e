"""The hook through which the runtime checker plugs into the core.

The core never imports ``admf_tsan.runtime``. Instead the runtime installs an object that
implements :class:`Instrumentation`; the factory then asks it for instrumented locks, and
the core reports the violations it detects itself (thread affinity) through it.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable

__all__ = ["Instrumentation", "current", "install", "report_violation", "uninstall"]


@runtime_checkable
class Instrumentation(Protocol):
    """What the runtime checker provides to the core while it is installed."""

    def make_lock(self, *, reentrant: bool, name: str | None) -> Any:
        """Return an instrumented ``Lock`` (or ``RLock`` when ``reentrant``)."""

    def make_condition(self, lock: Any | None, *, name: str | None) -> Any:
        """Return an instrumented ``Condition`` over ``lock`` (a new RLock when None)."""

    def report(self, violation: Exception) -> None:
        """Record a violation the core detected; may raise it."""


# Copy on write: writers replace the tuple under the lock; readers (the factory, on every
# object it makes) read the global once, which is atomic, and never see a half-updated stack.
_installed: tuple[Instrumentation, ...] = ()  # guarded_by: none
_install_lock = threading.Lock()


def current() -> Instrumentation | None:
    """The innermost installed instrumentation, or None when checking is off."""
    installed = _installed
    return installed[-1] if installed else None


def install(instrumentation: Instrumentation) -> Instrumentation | None:
    """Install ``instrumentation`` on top of any other; return the one it shadows."""
    global _installed
    with _install_lock:
        previous = _installed[-1] if _installed else None
        _installed = (*_installed, instrumentation)
        return previous


def uninstall(instrumentation: Instrumentation) -> None:
    """Remove ``instrumentation``. Raises ValueError if it is not installed."""
    global _installed
    with _install_lock:
        for index in range(len(_installed) - 1, -1, -1):
            if _installed[index] is instrumentation:
                _installed = _installed[:index] + _installed[index + 1 :]
                return
    raise ValueError(f"{instrumentation!r} is not installed")


def report_violation(violation: Exception) -> None:
    """Hand a violation to the installed instrumentation, or raise it when there is none."""
    instrumentation = current()
    if instrumentation is None:
        raise violation
    instrumentation.report(violation)
