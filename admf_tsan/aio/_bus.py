"""AsyncEventBus: publish/subscribe on an event loop, with a bounded queue and back-pressure.

Publishing puts ``(event_type, event)`` on a bounded ``asyncio.Queue``; one dispatcher task
takes events off it in acceptance order and delivers each to the handlers subscribed to its
type, in subscription order. Async handlers are awaited on the loop; runs of consecutive sync
handlers (and of consecutive events that only have sync handlers) are handed to an executor
thread in one job, so a sync handler never blocks the loop and the hop to the thread is paid
once per batch, not once per call.

This module is the bus's face: its lifecycle and its three ways to publish. The parts behind it:
``_bus_subscriptions`` (who gets which event type), ``_bus_delivery`` (the dispatcher task,
handler calls and executor jobs), ``_bus_failures`` (handler errors by policy) and
``_bus_stats`` (counters and the statistics snapshot).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import threading
from collections.abc import Callable, Hashable
from typing import Any

from admf_tsan.errors import BlockingCallError, ThreadSafetyViolation
from admf_tsan.events import ERROR_POLICIES, HandlerError

from ._bus_delivery import Delivery
from ._bus_failures import FailureLog
from ._bus_stats import AsyncEventBusStatistics as AsyncEventBusStatistics
from ._bus_stats import BusCounters
from ._bus_subscriptions import Handler, SubscriptionRegistry
from ._errors import BusClosedError, BusFullError, BusNotRunningError

__all__ = ["AsyncEventBus", "AsyncEventBusStatistics"]


class _State(enum.Enum):
    CREATED = "created"
    RUNNING = "running"
    STOPPING = "stopping"
    STOPPED = "stopped"


class AsyncEventBus:
    """Asynchronous publish/subscribe with a bounded queue (back-pressure) and ordered delivery.

    Guarantees:

    * Back-pressure: ``await publish()`` waits while the queue holds ``maxsize`` events;
      ``publish_nowait()`` raises ``BusFullError`` instead; ``publish_threadsafe()`` blocks the
      calling thread (up to ``timeout``).
    * Order: events are delivered in the order they were accepted (except those published by
      the bus's own handlers, see below), so events from one producer
      (a task awaiting each ``publish``, or a thread calling ``publish_threadsafe``) arrive in
      the order it published them. Each event reaches its handlers in subscription order, one
      at a time; the handlers are those subscribed when the event is dispatched.
    * Sync handlers run in an executor thread (``executor``, else one the bus owns), never on
      the loop; async handlers are awaited on the loop. Both run in the ContextVars of the task
      that called ``start()``.
    * A failing handler never stops the others: each failure becomes a ``HandlerError``,
      counted, kept (the last ``max_errors``), passed to ``on_error``, and logged (policy
      ``log``), kept quietly (``collect``), or raised as ``HandlersFailed`` from the next
      ``join()``/``stop()`` (``raise``).
    * Events published by handlers of this bus (``publish``/``publish_nowait`` in an async
      handler, ``publish_threadsafe`` in a sync one) never wait for room and never fail for
      lack of it: the handler would wait for room that only its own return can make. They
      go to an unbounded side queue that is delivered before the main queue, in the order
      they were published; they are accepted while the bus is stopping, and drained too.
    * Nothing accepted is lost: ``stop()`` closes the bus to new events, lets publishers that
      were already waiting for room finish, and returns once every accepted event has been
      delivered. A publisher cancelled while it waits for room publishes nothing; events it
      already published stay queued. If the dispatcher task is cancelled from outside (say by a
      shutdown that cancels every task), ``stop()`` delivers what remains itself.

    The bus belongs to the loop it was started on. Use it as ``async with AsyncEventBus() as
    bus:`` or call ``await bus.start()`` / ``await bus.stop()``. A stopped bus stays stopped.

    Usage::

        async with AsyncEventBus(maxsize=256) as bus:
            bus.subscribe("fill", update_positions)   # async def: awaited on the loop
            bus.subscribe("fill", write_audit_log)    # def: runs in an executor thread
            await bus.publish("fill", fill)           # waits while 256 events are queued
        # leaving the block delivered every accepted event
    """

    def __init__(
        self,
        maxsize: int = 1024,
        *,
        error_policy: str = "log",
        on_error: Callable[[HandlerError], object] | None = None,
        max_errors: int = 100,
        executor: concurrent.futures.Executor | None = None,
        name: str | None = None,
    ) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 1:
            raise ValueError(f"AsyncEventBus needs maxsize >= 1 (a bounded queue), got {maxsize!r}")
        if error_policy not in ERROR_POLICIES:
            raise ValueError(
                f"unknown error_policy {error_policy!r}: expected one of {ERROR_POLICIES}"
            )
        if max_errors < 0:
            raise ValueError(f"max_errors must be >= 0, got {max_errors}")
        self.name = name or "AsyncEventBus"
        self.error_policy = error_policy
        self.on_error = on_error
        self._maxsize = maxsize
        self._queue: asyncio.Queue[tuple[Hashable, Any]] = asyncio.Queue(maxsize)
        self._subscriptions = SubscriptionRegistry()
        self._failures = FailureLog(max_errors)
        self._counters = BusCounters()
        self._delivery = Delivery(self._queue, self._subscriptions, self._counters, self._record)
        # Set and read on the loop thread only (start/stop), never by two threads.
        self._executor = executor  # guarded_by: none
        self._owns_executor = executor is None
        self._state = _State.CREATED
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._stopper: asyncio.Task[None] | None = None  # guarded_by: none (loop thread)

    # -- subscriptions (any thread) -------------------------------------------------------

    def subscribe(self, event_type: Hashable, handler: Handler) -> Handler:
        """Deliver events of ``event_type`` to ``handler`` (after earlier subscribers).

        ``async def`` handlers (or objects with an ``async def __call__``) are awaited on the
        loop; any other callable runs in the executor. Subscribing twice changes nothing.
        Safe from any thread and from inside a handler. Returns ``handler``.
        """
        if not callable(handler):
            raise TypeError(f"handler must be callable, got {handler!r}")
        self._subscriptions.subscribe(event_type, handler)
        return handler

    def unsubscribe(self, event_type: Hashable, handler: Handler) -> bool:
        """Stop delivering ``event_type`` to ``handler``; False if it was not subscribed.

        An event already being dispatched may still reach the handler.
        """
        return self._subscriptions.unsubscribe(event_type, handler)

    def subscribers(self, event_type: Hashable) -> tuple[Handler, ...]:
        """The handlers of ``event_type``, in delivery order."""
        return self._subscriptions.of(event_type).handlers

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Start delivering on the running loop (events published before now are delivered).

        Raises ``BusClosedError`` if the bus was stopped and ``RuntimeError`` if it is
        already running.
        """
        if self._state is not _State.CREATED:
            if self._state is _State.RUNNING:
                raise RuntimeError(f"{self!r} is already running")
            raise BusClosedError(f"{self!r} was stopped; a stopped bus can't be restarted")
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._loop_thread = threading.get_ident()
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=f"{self.name}-handlers"
            )
        self._state = _State.RUNNING
        self._delivery.start(loop, self._executor, self.name)

    async def __aenter__(self) -> AsyncEventBus:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def join(self) -> None:
        """Wait until every event accepted so far has been delivered (the bus keeps running).

        Raises ``HandlersFailed`` under the ``raise`` policy when handlers failed since the
        last ``join``/``stop``.
        """
        self._require_started("join")
        self._refuse_in_handler("join")
        counters = self._counters
        target = counters.published
        await self._delivery.wait_until(lambda: counters.dispatched >= target)
        self._failures.raise_unraised(self)

    async def stop(self) -> None:
        """Close the bus, deliver every accepted event, then stop the dispatcher.

        Publishers already waiting for room are let in; later ``publish`` calls raise
        ``BusClosedError``. Idempotent, and safe to call from several tasks: all return once
        the bus has stopped. Cancelling ``stop()`` cancels only the wait; delivery goes on
        and a later ``stop()`` waits for it again. Raises ``HandlersFailed`` under the
        ``raise`` policy when handlers failed since the last ``join``/``stop``.
        """
        self._refuse_in_handler("stop")
        if self._state is _State.CREATED:
            await self.start()
        if self._stopper is None or self._stopper.cancelled():
            self._state = _State.STOPPING
            loop = asyncio.get_running_loop()
            self._stopper = loop.create_task(self._drain_and_stop(), name=f"{self.name}-stop")
        await asyncio.shield(self._stopper)
        self._failures.raise_unraised(self)

    async def _drain_and_stop(self) -> None:
        await self._delivery.wait_until(self._delivery.is_idle)
        await self._delivery.stop_dispatcher()
        executor = self._executor
        if self._owns_executor and executor is not None:
            # Every job was awaited, so this only joins the idle worker thread.
            done = asyncio.get_running_loop().create_future()
            threading.Thread(
                target=self._shutdown_executor, args=(executor, done), daemon=True
            ).start()
            await done
        self._state = _State.STOPPED

    def _shutdown_executor(self, executor: concurrent.futures.Executor, done: Any) -> None:
        executor.shutdown(wait=True)
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(_resolve, done)
        except RuntimeError:  # loop closed: nobody waits any more
            pass

    def _require_started(self, what: str) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise BusNotRunningError(f"{what}() needs a started bus: await {self.name}.start()")
        return self._loop

    # -- publishing --------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._state is _State.STOPPING or self._state is _State.STOPPED:
            raise BusClosedError(f"can't publish to {self!r}: it is {self._state.value}")

    def _check_loop_thread(self, what: str) -> None:
        # asyncio.Queue is not thread-safe: another thread (running another loop) must not
        # touch it, even when there is room.
        if self._loop_thread is not None and threading.get_ident() != self._loop_thread:
            raise ThreadSafetyViolation(
                f"{what}() on {self!r} was called from thread "
                f"{threading.current_thread().name!r}, not the bus's loop thread; "
                "use publish_threadsafe() from other threads"
            )

    def _check_not_stopped(self) -> None:
        if self._state is _State.STOPPED:
            raise BusClosedError(f"can't publish to {self!r}: it is stopped")

    def _in_handler(self) -> bool:
        """True in the task that runs this bus's async handlers (the loop thread only)."""
        delivering_task = self._delivery.delivering_task
        if threading.get_ident() != self._loop_thread or delivering_task is None:
            return False
        try:
            return asyncio.current_task() is delivering_task
        except RuntimeError:  # no running loop in this thread any more
            return False

    def _refuse_in_handler(self, what: str) -> None:
        if self._in_handler():
            raise RuntimeError(
                f"{what}() was awaited inside a handler of {self!r}: it would wait for that "
                f"handler to return; run it in its own task: asyncio.create_task(bus.{what}())"
            )

    def _accept_from_handler(self, item: tuple[Hashable, Any]) -> None:
        self._check_not_stopped()
        self._delivery.accept_from_handler(item)

    async def publish(self, event_type: Hashable, event: Any = None) -> None:
        """Queue ``event`` for the handlers of ``event_type``; wait while the queue is full.

        Once this returns the event is accepted and will be delivered. If the calling task is
        cancelled while it waits for room, the event is not queued (and nothing else is lost).
        Raises ``BusClosedError`` once ``stop()`` has begun, and ``ThreadSafetyViolation``
        from a thread other than the bus's loop thread. From inside a handler of this
        bus it never waits (see "Events published by handlers" in the class docstring).
        """
        if self._in_handler():
            self._accept_from_handler((event_type, event))
            return
        self._check_loop_thread("publish")
        self._check_open()
        queue = self._queue
        if queue.full():
            self._counters.blocked_publishers += 1
            try:
                await queue.put((event_type, event))
            finally:
                self._counters.blocked_publishers -= 1
                self._delivery.notify_progress()
        else:
            queue.put_nowait((event_type, event))
        self._counters.published += 1

    def publish_nowait(self, event_type: Hashable, event: Any = None) -> None:
        """Queue ``event`` if there is room now; call it on the bus's loop thread.

        Raises ``BusFullError`` when the queue is full, ``BusClosedError`` once ``stop()`` has
        begun, and ``ThreadSafetyViolation`` from a thread other than the loop's (use
        ``publish_threadsafe`` there).
        """
        self._check_loop_thread("publish_nowait")
        if self._in_handler():
            self._accept_from_handler((event_type, event))
            return
        self._check_open()
        try:
            self._queue.put_nowait((event_type, event))
        except asyncio.QueueFull:
            raise BusFullError(
                f"{self!r} is full ({self._maxsize} events queued); "
                "`await publish()` waits for room instead"
            ) from None
        self._counters.published += 1

    def publish_threadsafe(
        self, event_type: Hashable, event: Any = None, *, timeout: float | None = None
    ) -> None:
        """Publish from a thread other than the loop's, blocking while the queue is full.

        Returns once the event is accepted. Back-pressure blocks the calling thread, up to
        ``timeout`` seconds (None: as long as it takes; 0: only if there is room now). On
        timeout the pending publish is withdrawn and ``BusFullError`` is raised, and then the
        event is certainly not queued: it is never both reported as failed and delivered.
        Events published by one thread are delivered in the order it published them.

        Raises ``BusNotRunningError`` before ``start()``, ``BusClosedError`` once ``stop()``
        has begun, and ``BlockingCallError`` on the loop's own thread (it would deadlock:
        ``await publish()`` or ``publish_nowait()`` there).
        """
        loop = self._require_started("publish_threadsafe")
        if threading.get_ident() in self._delivery.job_threads:
            # A sync handler of this bus, in the executor: accepted without waiting, and
            # before the loop learns that the handler returned (both go through the loop's
            # FIFO of thread-safe callbacks).
            self._check_not_stopped()
            loop.call_soon_threadsafe(self._accept_from_handler, (event_type, event))
            return
        if threading.get_ident() == self._loop_thread:
            raise BlockingCallError(
                f"publish_threadsafe() was called on the loop thread of {self!r}: blocking there "
                "would deadlock the loop; use `await bus.publish()` or `bus.publish_nowait()`"
            )
        self._check_open()
        accepted: concurrent.futures.Future[bool] = concurrent.futures.Future()
        pending: list[asyncio.Task[None]] = []
        item = (event_type, event)

        def attempt() -> None:
            try:
                self._check_open()
            except BusClosedError as exc:
                accepted.set_exception(exc)
                return
            if not self._queue.full():
                self._queue.put_nowait(item)
                self._counters.published += 1
                accepted.set_result(True)
            elif timeout is not None and timeout <= 0:
                accepted.set_result(False)
            else:
                pending.append(loop.create_task(self._put_for_thread(item, accepted)))

        def withdraw() -> None:
            if pending and not pending[0].done():
                pending[0].cancel()

        try:
            loop.call_soon_threadsafe(attempt)
        except RuntimeError:
            raise BusClosedError(f"can't publish to {self!r}: its event loop is closed") from None
        try:
            ok = accepted.result(timeout)
        except concurrent.futures.TimeoutError:
            try:
                loop.call_soon_threadsafe(withdraw)
            except RuntimeError:
                pass
            # The loop answers within a few callbacks, whether the put got in or was withdrawn.
            try:
                ok = accepted.result(max(5.0, timeout or 0.0))
            except concurrent.futures.TimeoutError:
                raise BusNotRunningError(
                    f"the event loop of {self!r} stopped answering; the event may or may "
                    "not have been published"
                ) from None
        if not ok:
            raise BusFullError(f"{self!r} stayed full for {timeout} s; the event was not published")

    async def _put_for_thread(
        self, item: tuple[Hashable, Any], accepted: concurrent.futures.Future[bool]
    ) -> None:
        self._counters.blocked_publishers += 1
        try:
            await self._queue.put(item)
        except asyncio.CancelledError:
            accepted.set_result(False)  # withdrawn: the thread reports BusFullError
            raise
        except BaseException as exc:
            accepted.set_exception(exc)
            raise
        finally:
            self._counters.blocked_publishers -= 1
            self._delivery.notify_progress()
        self._counters.published += 1
        accepted.set_result(True)

    def _record(self, failures: list[HandlerError]) -> None:
        """Count and report handler failures (on the loop thread)."""
        self._counters.failed += len(failures)
        self._failures.record(failures, self.error_policy, self.on_error)

    # -- introspection -----------------------------------------------------------------

    @property
    def errors(self) -> list[HandlerError]:
        """The most recent handler failures (at most ``max_errors``), oldest first."""
        return self._failures.recent()

    @property
    def maxsize(self) -> int:
        """How many events the queue holds before publishers have to wait."""
        return self._maxsize

    def statistics(self) -> AsyncEventBusStatistics:
        """A frozen snapshot of the bus (exact when taken on the loop thread)."""
        event_types, subscriptions = self._subscriptions.counts()
        counters = self._counters
        return AsyncEventBusStatistics(
            state=self._state.value,
            queued=self._queue.qsize() + len(self._delivery.overflow),
            maxsize=self._maxsize,
            blocked_publishers=counters.blocked_publishers,
            event_types=event_types,
            subscriptions=subscriptions,
            published=counters.published,
            dispatched=counters.dispatched,
            delivered=counters.delivered,
            failed=counters.failed,
        )

    def __repr__(self) -> str:
        stats = self.statistics()
        return (
            f"<{self.name} {stats.state}, {stats.queued}/{stats.maxsize} queued, "
            f"{stats.blocked_publishers} blocked publishers, {stats.subscriptions} subscriptions, "
            f"{stats.published} published, {stats.failed} failed>"
        )


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
