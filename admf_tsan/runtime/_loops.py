"""Wait-for edges through event loops: a thread that waits for a coroutine it handed to a loop.

``asyncio.run_coroutine_threadsafe(coro, loop).result()`` blocks the calling thread until the
loop's thread runs ``coro``: for the watchdog that is a wait of the caller *for the loop's
thread*, as a lock wait is a wait for the lock's holder. While the watchdog runs,
``run_coroutine_threadsafe`` is wrapped to remember the loop on the future it returns, so that

* the loop's own thread calling ``.result()`` (it waits for itself) and
* a thread that holds a lock and waits for the loop while a loop callback waits for that lock

are wait-for cycles, reported at once like lock cycles. (The loop waiting for a thread or a
lock is an ordinary wait: for a lock's holder, or for a joined thread.)

Limits: a ``run_coroutine_threadsafe`` bound before checking began (``from asyncio import
run_coroutine_threadsafe`` at import time) is not wrapped; hand-made bridges (a
``call_soon_threadsafe`` callback setting an ``Event``) are not seen as waits for the loop.
"""

from __future__ import annotations

import asyncio
import asyncio.tasks
from collections.abc import Callable
from typing import Any

from admf_tsan.runtime._patching import Patch

__all__ = ["loop_patches", "loop_thread_of"]

_LOOP_ATTRIBUTE = "_admf_loop"


def loop_thread_of(waited: Any) -> int | None:
    """The ident of the thread running the loop that must complete ``waited`` (a future
    returned by a wrapped ``run_coroutine_threadsafe``), or None when unknown or not running."""
    loop = getattr(waited, _LOOP_ATTRIBUTE, None)
    if loop is None or not loop.is_running():
        return None
    ident = getattr(loop, "_thread_id", None)  # set by BaseEventLoop while it runs
    return ident if isinstance(ident, int) else None


def _wrap(original: Callable[..., Any]) -> Callable[..., Any]:
    def run_coroutine_threadsafe(coro: Any, loop: asyncio.AbstractEventLoop) -> Any:
        future = original(coro, loop)
        try:
            setattr(future, _LOOP_ATTRIBUTE, loop)
        except AttributeError:  # a future type with __slots__: no edge, nothing worse
            pass
        return future

    run_coroutine_threadsafe.__wrapped__ = original  # type: ignore[attr-defined]
    run_coroutine_threadsafe.__doc__ = original.__doc__
    return run_coroutine_threadsafe


def loop_patches() -> list[Patch]:
    """The patches that tag the futures of ``run_coroutine_threadsafe`` with their loop."""
    return [
        Patch(asyncio, "run_coroutine_threadsafe", _wrap),
        Patch(asyncio.tasks, "run_coroutine_threadsafe", _wrap),
    ]
