"""Process-wide detection of the second thread, for AUTO_DETECT objects.

Why switching to real locks is safe (no window in which two threads both run unlocked):

1. The switch happens in the *parent* thread, inside the call that starts the new thread
   (a start hook of ``admf_tsan.sync._thread_start``, which sees ``threading.Thread.start``
   and ``_thread.start_new_thread``), before the new thread exists. Until then exactly one
   thread runs Python code, so every unlocked critical section so far was entered by that
   thread.
2. At the switch, every AUTO lock that the parent holds "unlocked" (it entered the section
   while the process was single-threaded) is converted: the parent acquires the real lock
   as many times as it holds it. No other thread exists, so this never blocks.
3. Only then is the flag set and the new thread started. From here on every acquisition
   takes the real lock, and the parent's pending releases release the real lock it now
   holds. The switch is one-way: going back would reopen the window.

Limits (documented in docs/primitives.md): threads started by C extensions without going
through ``_thread`` are not seen; if threads already run when the first AUTO object is made,
AUTO objects start locked.
"""

from __future__ import annotations

import _thread
import threading
import weakref
from typing import Any, Protocol

from admf_tsan.sync._thread_start import add_start_hook

__all__ = ["AUTO_STATE", "AutoSwitchable", "ensure_watching", "register"]


class AutoSwitchable(Protocol):
    """An object that must turn its unlocked holds into real ones at the switch."""

    def _convert_to_real(self) -> None: ...


class _AutoState:
    """Whether a second thread has been started since AUTO detection began."""

    __slots__ = ("multi", "watching", "switch_count")

    def __init__(self) -> None:
        self.multi = False
        self.watching = False
        self.switch_count = 0


AUTO_STATE = _AutoState()
_switchables: weakref.WeakSet[Any] = weakref.WeakSet()
_switch_lock = _thread.allocate_lock()


def register(obj: AutoSwitchable) -> None:
    """Track ``obj`` so that the switch converts its unlocked holds."""
    ensure_watching()
    if not AUTO_STATE.multi:
        with _switch_lock:
            _switchables.add(obj)


def _switch_to_multi() -> None:
    with _switch_lock:
        if AUTO_STATE.multi:
            return
        for obj in list(_switchables):
            obj._convert_to_real()
        _switchables.clear()
        AUTO_STATE.multi = True
        AUTO_STATE.switch_count += 1


def _before_thread_start(thread: threading.Thread | None) -> None:
    if not AUTO_STATE.multi:
        _switch_to_multi()


def ensure_watching() -> None:
    """Start watching thread creation (idempotent; called when the first AUTO object is made)."""
    if AUTO_STATE.watching:
        return
    with _switch_lock:
        if AUTO_STATE.watching:
            return
        add_start_hook(_before_thread_start, name="AUTO_DETECT")
        AUTO_STATE.watching = True
        if threading.active_count() > 1:
            # Threads already run: there is no single-threaded phase to exploit.
            AUTO_STATE.multi = True
