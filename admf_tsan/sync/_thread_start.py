"""One wrapper around thread creation, shared by every part that must see new threads.

Every Python-level way to start a thread ends in ``_thread.start_new_thread`` (``Thread.start``
calls it through ``threading._start_new_thread``). This module wraps that one function, once,
the first time a hook is added, and calls the registered hooks in the *starting* thread,
in registration order, before the new thread exists. AUTO_DETECT (the switch to real locks),
the runtime's ``ThreadDetector`` and the controlled scheduler all hook in here instead of
each patching ``Thread.start`` on its own.

API::

    from admf_tsan.sync._thread_start import add_start_hook, start_unwatched_thread

    def before(thread: threading.Thread | None) -> None:
        ...   # ``thread`` is the Thread being started, None for a raw _thread start

    registration = add_start_hook(before, name="my-tool")
    ...
    registration.remove()          # idempotent; also a context manager

* A hook runs in the starting thread, before the new thread runs any code (so it may
  replace ``thread.run``, or ``thread._started``, and may count the thread). What it raises
  propagates out of ``start()`` and the thread is not started; later hooks do not run.
* A hook that starts a thread is called again for that start (every hook is: AUTO_DETECT
  must see every second thread); use ``start_unwatched_thread`` for a helper thread that
  runs no user code.
* ``add_start_hook`` and ``remove`` are thread-safe (copy on write); a start reads the hook
  tuple once, so a hook added during a start is called from the next start on.
* ``start_unwatched_thread(function, args)`` starts a thread that no hook sees (a checker's
  own watcher thread); it returns the thread ident like ``_thread.start_new_thread``.
* The wrapper stays in place once installed (it costs one tuple read per thread start when
  no hook is registered); threads started by C code without ``_thread`` are not seen.
"""

from __future__ import annotations

import _thread
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["StartHook", "StartHookRegistration", "add_start_hook", "start_unwatched_thread"]

StartHook = Callable[["threading.Thread | None"], object]
"""Called with the Thread being started (None for a raw ``_thread.start_new_thread``)."""

_original_start_new_thread = _thread.start_new_thread
_mutex = _thread.allocate_lock()
_hooks: tuple[StartHookRegistration, ...] = ()  # guarded_by: none (copy on write)
_installed = False


class StartHookRegistration:
    """A registered start hook; ``remove()`` (or leaving its ``with`` block) unregisters it."""

    __slots__ = ("hook", "name")

    def __init__(self, hook: StartHook, name: str) -> None:
        self.hook = hook
        self.name = name

    def remove(self) -> None:
        """Unregister the hook (idempotent)."""
        global _hooks
        with _mutex:
            _hooks = tuple(entry for entry in _hooks if entry is not self)

    def __enter__(self) -> StartHookRegistration:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        active = "active" if self in _hooks else "removed"
        return f"<StartHookRegistration {self.name!r} {active}>"


def add_start_hook(hook: StartHook, *, name: str) -> StartHookRegistration:
    """Call ``hook(thread)`` before every thread start from now on (see the module docstring).

    ``name`` says who registered it (shown in ``repr``). Raises TypeError when ``hook`` is
    not callable.
    """
    global _hooks
    if not callable(hook):
        raise TypeError(f"add_start_hook() takes a callable, not {hook!r}")
    registration = StartHookRegistration(hook, name)
    with _mutex:
        _install_locked()
        _hooks = (*_hooks, registration)
    return registration


def start_unwatched_thread(function: Callable[..., object], args: tuple[Any, ...]) -> int:
    """Start a raw thread that no start hook sees; returns its ident."""
    return _original_start_new_thread(function, args)


def _thread_of(function: Callable[..., object]) -> threading.Thread | None:
    owner = getattr(function, "__self__", None)
    return owner if isinstance(owner, threading.Thread) else None


def _start_new_thread(function: Callable[..., object], args: Any, kwargs: Any = None) -> int:
    hooks = _hooks
    if hooks:
        thread = _thread_of(function)
        for registration in hooks:
            registration.hook(thread)
    if kwargs is None:
        return _original_start_new_thread(function, args)
    return _original_start_new_thread(function, args, kwargs)


def _install_locked() -> None:
    global _installed
    if _installed:
        return
    threading._start_new_thread = _start_new_thread  # type: ignore[attr-defined]
    _thread.start_new_thread = _start_new_thread
    _thread.start_new = _start_new_thread
    _installed = True
