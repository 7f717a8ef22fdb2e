"""run_service: own an event loop, run a service on it, shut it down gracefully on signals.

Shutdown, whether ``main`` returned, raised or a signal arrived, runs in this order under one
deadline (``shutdown_timeout`` seconds from the moment shutdown begins):

1. on SIGINT/SIGTERM, the main task is cancelled, and awaited, so its ``finally`` blocks and
   ``async with`` exits run first (an ``AsyncEventBus`` it owns drains there);
2. every other task still pending is cancelled and awaited;
3. async generators are closed, then the default executor and any ``executors=`` passed in
   are shut down and their threads joined.

A second signal during shutdown stops the waiting at once (the status is then ``UNCLEAN``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import inspect
import logging
import os
import signal
import sys
import threading
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import dataclass
from types import FrameType
from typing import Any, NoReturn

from ._bridge import get_default_loop, set_default_loop

__all__ = ["ServiceResult", "ServiceStatus", "run_service"]

_log = logging.getLogger("admf_tsan.aio")

DEFAULT_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class ServiceStatus(enum.Enum):
    """How a ``run_service`` run ended (see ``ServiceResult.exit_code`` for the codes)."""

    COMPLETED = "completed"  # main returned; shutdown finished in time
    FAILED = "failed"  # main raised; shutdown finished in time
    SIGNALLED = "signalled"  # a signal stopped the service; shutdown finished in time
    UNCLEAN = "unclean"  # shutdown missed its deadline or was cut short by a second signal


#: Exit status of an unclean shutdown (the code ``timeout(1)`` uses for "time limit hit").
UNCLEAN_EXIT_CODE = 124


@dataclass(frozen=True)
class ServiceResult:
    """What happened to a service run by ``run_service``.

    ``exit_code``: 0 COMPLETED, 1 FAILED, 128 + signal number SIGNALLED (130 for SIGINT, 143
    for SIGTERM, as shells report them), 124 UNCLEAN. ``unfinished`` names the tasks and
    executors still running when shutdown gave up.
    """

    status: ServiceStatus
    signal: signal.Signals | None = None
    result: Any = None
    exception: BaseException | None = None
    unfinished: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        if self.status is ServiceStatus.COMPLETED:
            return 0
        if self.status is ServiceStatus.FAILED:
            return 1
        if self.status is ServiceStatus.SIGNALLED:
            assert self.signal is not None
            return 128 + int(self.signal)
        return UNCLEAN_EXIT_CODE

    def exit(self) -> NoReturn:
        """Exit the process with ``exit_code``.

        After an UNCLEAN shutdown, executor threads may still be running, and a normal
        interpreter exit would wait for them forever; so this flushes stdout/stderr and ends
        the process with ``os._exit``. Otherwise it raises ``SystemExit``.
        """
        if self.status is ServiceStatus.UNCLEAN:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            os._exit(self.exit_code)
        raise SystemExit(self.exit_code)


def _describe_task(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    code = getattr(coro, "__qualname__", None) or repr(coro)
    return f"task {task.get_name()!r} ({code})"


class _Supervisor:
    """Runs ``main`` on the loop and carries out the shutdown sequence."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        shutdown_timeout: float,
        executors: Collection[tuple[str, concurrent.futures.Executor]],
    ) -> None:
        self.loop = loop
        self.shutdown_timeout = shutdown_timeout
        self.executors = executors
        self.signal: signal.Signals | None = None
        self.signalled: asyncio.Future[None] = loop.create_future()
        self.forced: asyncio.Future[None] = loop.create_future()
        self.unfinished: list[str] = []

    def on_signal(self, signum: signal.Signals) -> None:
        if self.signal is None:
            self.signal = signum
            _log.warning(
                "received %s: shutting down (deadline %.3g s)", signum.name, self.shutdown_timeout
            )
            self.signalled.set_result(None)
        elif not self.forced.done():
            _log.warning("received %s again: abandoning the graceful shutdown", signum.name)
            self.forced.set_result(None)

    def remaining(self, deadline: float) -> float:
        return max(0.0, deadline - self.loop.time())

    async def wait_all(self, awaitables: Iterable[Awaitable[Any]], deadline: float) -> None:
        """Wait until all are done, the deadline passes, or a second signal forces the end."""
        pending = [asyncio.ensure_future(a) for a in awaitables]
        if not pending or self.forced.done():
            return
        everything = self.loop.create_task(asyncio.wait(pending))
        stops: list[asyncio.Future[Any]] = [everything, self.forced]
        await asyncio.wait(
            stops,
            timeout=self.remaining(deadline),
            return_when=asyncio.FIRST_COMPLETED,
        )
        everything.cancel()

    async def run(self, main: Awaitable[Any]) -> ServiceResult:
        main_task = asyncio.ensure_future(main)
        main_task.set_name("run_service main")
        await asyncio.wait([main_task, self.signalled], return_when=asyncio.FIRST_COMPLETED)
        deadline = self.loop.time() + self.shutdown_timeout
        if not main_task.done():
            main_task.cancel()
            await self.wait_all([main_task], deadline)
        current = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not current and t is not main_task]
        for task in others:
            task.cancel()
        await self.wait_all(others, deadline)
        self.unfinished.extend(_describe_task(t) for t in [main_task, *others] if not t.done())
        await self.wait_all([self.loop.shutdown_asyncgens()], deadline)
        await self.join_executors(deadline)
        return self.result(main_task)

    async def join_executors(self, deadline: float) -> None:
        # Joined from daemon threads: a worker stuck for good must not hold the loop (3.11's
        # loop.shutdown_default_executor joins its helper thread on the loop, even on timeout).
        joins: list[tuple[str, asyncio.Future[Any]]] = []
        for name, executor in self.executors:
            joins.append((name, self.loop.create_future()))
            threading.Thread(
                target=_join_executor, args=(executor, self.loop, joins[-1][1]), daemon=True
            ).start()
        await self.wait_all([future for _, future in joins], deadline)
        for name, future in joins:
            if not future.done():
                future.cancel()
                self.unfinished.append(f"{name} (threads not joined)")

    def result(self, main_task: asyncio.Future[Any]) -> ServiceResult:
        unfinished = tuple(self.unfinished)
        if unfinished or self.forced.done():
            status = ServiceStatus.UNCLEAN
        elif main_task.done() and not main_task.cancelled() and main_task.exception() is not None:
            status = ServiceStatus.FAILED
        elif self.signal is not None:
            status = ServiceStatus.SIGNALLED
        else:
            status = ServiceStatus.COMPLETED
        value: Any = None
        exception: BaseException | None = None
        if main_task.done() and not main_task.cancelled():
            exception = main_task.exception()
            if exception is None:
                value = main_task.result()
            else:
                _log.error("service main raised", exc_info=exception)
        for name in unfinished:
            _log.error("shutdown gave up with %s still running", name)
        return ServiceResult(status, self.signal, value, exception, unfinished)


def _join_executor(
    executor: concurrent.futures.Executor,
    loop: asyncio.AbstractEventLoop,
    done: asyncio.Future[Any],
) -> None:
    executor.shutdown(wait=True)

    def resolve() -> None:
        if not done.done():
            done.set_result(None)

    try:
        loop.call_soon_threadsafe(resolve)
    except RuntimeError:  # the loop closed after giving up on us
        pass


def _install_handlers(
    loop: asyncio.AbstractEventLoop,
    signals: Iterable[signal.Signals],
    on_signal: Callable[[signal.Signals], None],
) -> dict[signal.Signals, Any]:
    previous: dict[signal.Signals, Any] = {}
    for signum in signals:
        signum = signal.Signals(signum)
        previous[signum] = signal.getsignal(signum)
        try:
            loop.add_signal_handler(signum, on_signal, signum)
        except NotImplementedError:  # Windows' proactor loop: fall back to signal.signal

            def handler(number: int, frame: FrameType | None, s: signal.Signals = signum) -> None:
                loop.call_soon_threadsafe(on_signal, s)

            signal.signal(signum, handler)
    return previous


def _restore_handlers(loop: asyncio.AbstractEventLoop, previous: dict[signal.Signals, Any]) -> None:
    for signum, handler in previous.items():
        try:
            loop.remove_signal_handler(signum)
        except NotImplementedError:
            pass
        if handler is not None:
            signal.signal(signum, handler)


def run_service(
    main: Callable[[], Awaitable[Any]] | Awaitable[Any],
    *,
    shutdown_timeout: float = 10.0,
    signals: Iterable[signal.Signals] = DEFAULT_SIGNALS,
    executors: Iterable[concurrent.futures.Executor] = (),
    debug: bool = False,
) -> ServiceResult:
    """Run ``main`` on a new event loop until it returns or a signal asks it to stop.

    ``main`` is an async function taking no arguments (or an awaitable). While it runs, the
    loop is registered as ``run_sync``'s default loop, so threads can submit coroutines to
    it. On one of ``signals`` (SIGINT and SIGTERM by default; the handlers in place before
    are restored afterwards) the shutdown sequence of this module's docstring runs, bounded
    by ``shutdown_timeout`` seconds. The return value says what happened; end a program with
    ``run_service(main).exit()`` or ``sys.exit(run_service(main).exit_code)``.

    Raises ``RuntimeError`` when called on a thread that runs an event loop, or with signals
    from a thread other than the main thread (signal handlers can only be installed there;
    pass ``signals=()`` to run without them). ``KeyboardInterrupt``/``SystemExit`` raised by
    ``main`` propagate after the remaining tasks were cancelled.
    """
    try:
        signal_list = _check_arguments(shutdown_timeout, signals)
    except BaseException:
        if inspect.iscoroutine(main):
            main.close()  # the caller's coroutine will never run: don't warn "never awaited"
        raise
    awaitable = main() if callable(main) and not inspect.isawaitable(main) else main
    if not inspect.isawaitable(awaitable):
        raise TypeError(
            f"run_service() needs an async function or an awaitable, got {main!r}"
            + ("" if awaitable is main else f" (which returned {awaitable!r})")
        )
    loop = asyncio.new_event_loop()
    loop.set_debug(debug)
    # Our own default executor, so that shutdown can join it under the deadline.
    default_executor = concurrent.futures.ThreadPoolExecutor(thread_name_prefix="run_service")
    loop.set_default_executor(default_executor)
    asyncio.set_event_loop(loop)
    to_join: list[tuple[str, concurrent.futures.Executor]] = [
        ("the default executor", default_executor)
    ]
    to_join += [(repr(executor), executor) for executor in executors]
    supervisor = _Supervisor(loop, float(shutdown_timeout), to_join)
    previous_default = set_default_loop(loop)
    previous_handlers: dict[signal.Signals, Any] = {}
    try:
        previous_handlers = _install_handlers(loop, signal_list, supervisor.on_signal)
        return loop.run_until_complete(supervisor.run(awaitable))
    except BaseException:
        _cancel_everything(loop, float(shutdown_timeout))
        raise
    finally:
        _restore_handlers(loop, previous_handlers)
        if get_default_loop() is loop:
            set_default_loop(previous_default)
        asyncio.set_event_loop(None)
        loop.close()


def _check_arguments(
    shutdown_timeout: float, signals: Iterable[signal.Signals]
) -> list[signal.Signals]:
    """Validate ``run_service``'s arguments and where it is called; return the signals."""
    if isinstance(shutdown_timeout, bool) or not isinstance(shutdown_timeout, int | float):
        raise TypeError(f"shutdown_timeout must be a number of seconds, got {shutdown_timeout!r}")
    if not shutdown_timeout > 0:
        raise ValueError(f"shutdown_timeout must be > 0 seconds, got {shutdown_timeout!r}")
    signal_list = [signal.Signals(s) for s in signals]
    if signal_list and threading.current_thread() is not threading.main_thread():
        raise RuntimeError(
            "run_service() with signal handling must run in the main thread (Python delivers "
            "signals there only); pass signals=() to run it in another thread"
        )
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError(
            "run_service() can't run inside a running event loop: it owns its loop; "
            "await the service's main coroutine directly instead"
        )
    return signal_list


def _cancel_everything(loop: asyncio.AbstractEventLoop, timeout: float) -> None:
    """After ``main`` escaped with KeyboardInterrupt/SystemExit: cancel and await the rest."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.wait(pending, timeout=timeout))
