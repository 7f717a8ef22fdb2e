"""The async/sync bridge: ``run_sync`` (sync code awaits a coroutine) and ``to_thread``.

How ``run_sync`` finds the loop to run a coroutine on, in this order:

1. the ``loop=`` argument, when given;
2. the process-wide default loop registered with ``set_default_loop`` (``run_service``
   registers its loop there for as long as it runs);
3. otherwise a fresh event loop, created in the calling thread for this one call
   (``asyncio.run`` semantics).

In cases 1 and 2 the loop must be running in another thread: the coroutine is submitted to it
and the calling thread blocks until it finishes. Calling ``run_sync`` on a thread that is
running an event loop raises ``BlockingCallError`` instead of blocking that loop (on the loop's
own thread that would be a deadlock: the loop could never run the coroutine it waits for).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, cast

from admf_tsan.errors import BlockingCallError

__all__ = ["get_default_loop", "run_sync", "set_default_loop", "to_thread"]

T = TypeVar("T")

# Readers take a plain reference (atomic); the lock only makes set-and-return-previous atomic.
_default_loop: asyncio.AbstractEventLoop | None = None  # guarded_by: none
_default_loop_lock = threading.Lock()


def set_default_loop(
    loop: asyncio.AbstractEventLoop | None,
) -> asyncio.AbstractEventLoop | None:
    """Register ``loop`` as the one ``run_sync`` submits to when no ``loop=`` is given.

    The registration is process-wide (threads do not share ContextVars, so a ContextVar could
    not tell a worker thread which loop to use). Pass None to unregister. Returns the loop that
    was registered before, so callers can restore it.
    """
    global _default_loop
    if loop is not None and not isinstance(loop, asyncio.AbstractEventLoop):
        raise TypeError(f"set_default_loop() needs an asyncio event loop or None, got {loop!r}")
    with _default_loop_lock:
        previous, _default_loop = _default_loop, loop
    return previous


def get_default_loop() -> asyncio.AbstractEventLoop | None:
    """The loop registered with ``set_default_loop``, or None."""
    return _default_loop


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def run_sync(
    coro: Coroutine[Any, Any, T],
    *,
    loop: asyncio.AbstractEventLoop | None = None,
    timeout: float | None = None,
) -> T:
    """Run ``coro`` to completion from synchronous code and return its result.

    The loop is ``loop``, else the registered default loop, else a fresh loop made for this
    call (see the module docstring). The coroutine runs in a copy of the caller's ContextVars,
    so ``use_context`` overrides follow it onto the loop.

    Raises:
        BlockingCallError: the calling thread is running an event loop (``await`` the
            coroutine there instead, or move the sync caller off the loop with ``to_thread``).
        RuntimeError: the chosen loop is closed or not running.
        TimeoutError: ``timeout`` seconds passed; the coroutine has been cancelled.
        concurrent.futures.CancelledError: the coroutine was cancelled on its loop (for
            instance by ``run_service`` shutting down).
        Whatever the coroutine raised.
    """
    if not isinstance(coro, Coroutine):
        raise TypeError(
            f"run_sync() needs a coroutine object, got {coro!r}; "
            "call the async function first: run_sync(fetch(url)), not run_sync(fetch)"
        )
    here = _running_loop()
    target = loop if loop is not None else get_default_loop()
    if here is not None:
        coro.close()
        if here is target:
            raise BlockingCallError(
                f"run_sync() was called on the thread that runs its target loop {here!r}: "
                "blocking here would deadlock, because the loop could never run the coroutine. "
                "In async code write `await coro`; from a sync function the loop calls, move "
                "that function to a worker thread with `await to_thread(fn)`."
            )
        raise BlockingCallError(
            f"run_sync() was called on a thread running event loop {here!r}: it would block "
            "that loop until the coroutine finishes. `await` the coroutine instead, or run the "
            "caller in a worker thread with `await to_thread(fn)`."
        )
    if target is None:
        return asyncio.run(coro if timeout is None else _with_timeout(coro, timeout))
    if target.is_closed() or not target.is_running():
        coro.close()
        state = "closed" if target.is_closed() else "not running"
        origin = "loop=" if loop is not None else "the default loop (set_default_loop)"
        raise RuntimeError(
            f"run_sync() can't submit to {origin} {target!r}: it is {state}. Run the loop in "
            "another thread first, or call run_sync() without a loop to use a fresh one."
        )
    return _submit(coro, target, timeout)


async def _with_timeout(coro: Coroutine[Any, Any, T], timeout: float) -> T:
    return await asyncio.wait_for(coro, timeout)


def _submit(
    coro: Coroutine[Any, Any, T], loop: asyncio.AbstractEventLoop, timeout: float | None
) -> T:
    """Run ``coro`` on ``loop`` (running in another thread) and block for its outcome."""
    outcome: concurrent.futures.Future[T] = concurrent.futures.Future()
    context = contextvars.copy_context()
    task_box: list[asyncio.Task[T]] = []

    def copy_outcome(task: asyncio.Task[T]) -> None:
        if task.cancelled():
            outcome.cancel()
        if not outcome.set_running_or_notify_cancel():
            return
        exception = task.exception()
        if exception is None:
            outcome.set_result(task.result())
        else:
            outcome.set_exception(exception)

    def start() -> None:
        if outcome.cancelled():
            coro.close()
            return
        task = loop.create_task(coro, context=context)
        task_box.append(task)
        task.add_done_callback(copy_outcome)

    def cancel_task() -> None:
        if task_box:
            task_box[0].cancel()

    def on_outcome_cancelled(future: concurrent.futures.Future[T]) -> None:
        if future.cancelled():
            try:
                loop.call_soon_threadsafe(cancel_task)
            except RuntimeError:  # the loop closed meanwhile: nothing left to cancel
                pass

    outcome.add_done_callback(on_outcome_cancelled)
    try:
        loop.call_soon_threadsafe(start)
    except RuntimeError:  # the loop closed since run_sync() checked it
        coro.close()
        raise RuntimeError(f"run_sync() can't submit to {loop!r}: it is closed") from None
    try:
        return outcome.result(timeout)
    except concurrent.futures.TimeoutError:
        outcome.cancel()
        raise TimeoutError(
            f"run_sync() gave up after {timeout} s; the coroutine was cancelled"
        ) from None
    except BaseException:
        # KeyboardInterrupt (or another async exception) in the waiting thread: don't leave
        # the coroutine running unobserved on the loop.
        outcome.cancel()
        raise


async def to_thread(
    fn: Callable[..., T],
    /,
    *args: Any,
    executor: concurrent.futures.Executor | None = None,
    **kwargs: Any,
) -> T:
    """Run the blocking ``fn(*args, **kwargs)`` in a worker thread and await its result.

    The call runs in a copy of the caller's ContextVars (``use_context`` applies in the worker)
    on ``executor``, or on the loop's default executor when None (``run_service`` joins that
    one at shutdown). Cancelling the awaiting task stops the wait, not the thread: a function
    already running finishes in the background.
    """
    if not callable(fn):
        raise TypeError(f"to_thread() needs a callable, got {fn!r}")
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    call = functools.partial(context.run, fn, *args, **kwargs)
    return cast(T, await loop.run_in_executor(executor, call))
