"""AsyncEventBus: publish/subscribe on an event loop, with a bounded queue and back-pressure.

Publishing puts ``(event_type, event)`` on a bounded ``asyncio.Queue``; one dispatcher task
takes events off it in acceptance order and delivers each to the handlers subscribed to its
type, in subscription order. Async handlers are awaited on the loop; runs of consecutive sync
handlers (and of consecutive events that only have sync handlers) are handed to an executor
thread in one job, so a sync handler never blocks the loop and the hop to the thread is paid
once per batch, not once per call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import enum
import inspect
import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from admf_tsan.errors import BlockingCallError, ThreadSafetyViolation
from admf_tsan.events import ERROR_POLICIES, HandlerError, HandlersFailed

from ._errors import BusClosedError, BusFullError, BusNotRunningError

__all__ = ["AsyncEventBus", "AsyncEventBusStatistics"]

Handler = Callable[[Any], object]
_log = logging.getLogger("admf_tsan.aio")

#: Most events handed to the executor in one job: bounds how long the loop waits to see the
#: first failures of a batch and how far a slow sync handler can hold up the next async one.
_SYNC_BATCH_LIMIT = 256


class _State(enum.Enum):
    CREATED = "created"
    RUNNING = "running"
    STOPPING = "stopping"
    STOPPED = "stopped"


@dataclass(frozen=True)
class AsyncEventBusStatistics:
    """A snapshot of an ``AsyncEventBus``.

    ``published`` counts accepted events, ``dispatched`` the events every handler has seen,
    ``delivered``/``failed`` the handler calls that returned/raised (as ``EventBus`` counts
    them). ``blocked_publishers`` are ``publish`` calls waiting for room in the queue.
    """

    state: str
    queued: int
    maxsize: int
    blocked_publishers: int
    event_types: int
    subscriptions: int
    published: int
    dispatched: int
    delivered: int
    failed: int


@dataclass(frozen=True)
class _Subscriptions:
    """The handlers of one event type, in order, and whether they are all synchronous."""

    handlers: tuple[Handler, ...]
    is_async: tuple[bool, ...]
    all_sync: bool


_NO_SUBSCRIPTIONS = _Subscriptions((), (), True)


def _is_async_handler(handler: Handler) -> bool:
    if inspect.iscoroutinefunction(handler):
        return True
    call = getattr(handler, "__call__", None)  # noqa: B004 - async __call__ on an instance
    return inspect.iscoroutinefunction(call)


# One job for the executor: (event_type, event, handlers) triples, run in order.
_SyncWork = list[tuple[Hashable, Any, tuple[Handler, ...]]]


_JobOutcome = tuple[int, list[HandlerError]]  # handler calls made, and those that failed


def _run_sync_handlers(work: _SyncWork) -> _JobOutcome:
    """Call sync handlers in an executor thread; return (calls, failures)."""
    calls = 0
    failures: list[HandlerError] = []
    for event_type, event, handlers in work:
        for handler in handlers:
            calls += 1
            try:
                result = handler(event)
            except Exception as exc:  # noqa: BLE001 - isolating handlers is the point
                failures.append(HandlerError(event_type, event, handler, exc))
                continue
            if result is not None and inspect.isawaitable(result):
                if inspect.iscoroutine(result):
                    result.close()
                failures.append(
                    HandlerError(
                        event_type,
                        event,
                        handler,
                        TypeError(
                            f"handler {handler!r} is a sync callable that returned an awaitable; "
                            "declare it `async def` so the bus awaits it on the loop"
                        ),
                    )
                )
    return calls, failures


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
        self._subscription_lock = threading.Lock()
        # Copy on write: values are immutable and replaced under the lock, so the dispatcher
        # reads one entry without it (never calling a handler while holding a lock).
        self._subscriptions: dict[Hashable, _Subscriptions] = {}  # guarded_by: none
        self._errors: deque[HandlerError] = deque(maxlen=max_errors)
        self._unraised: list[HandlerError] = []
        # Set and read on the loop thread only (start/stop), never by two threads.
        self._executor = executor  # guarded_by: none
        self._owns_executor = executor is None
        self._state = _State.CREATED
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._dispatcher: asyncio.Task[None] | None = None
        self._stopper: asyncio.Task[None] | None = None  # guarded_by: none (loop thread)
        self._in_hand: deque[list[Any]] = deque()  # see "delivery" below
        # Events published by handlers of this bus: never held back by the bound (the handler
        # would wait for room that only its own return can make), delivered before the queue.
        self._overflow: deque[tuple[Hashable, Any]] = deque()
        self._delivering_task: asyncio.Task[None] | None = None
        self._job_threads: set[int] = set()
        self._delivering_inline = 0
        # Set whenever delivery makes progress that a join()/stop() waiter may be waiting for.
        self._progress = asyncio.Event()
        self._progress_waiters = 0
        # Counters are only written on the loop thread (the executor returns its counts).
        self._blocked_publishers = 0
        self._published = 0
        self._dispatched = 0
        self._delivered = 0
        self._failed = 0

    # -- subscriptions (any thread) -------------------------------------------------------

    def subscribe(self, event_type: Hashable, handler: Handler) -> Handler:
        """Deliver events of ``event_type`` to ``handler`` (after earlier subscribers).

        ``async def`` handlers (or objects with an ``async def __call__``) are awaited on the
        loop; any other callable runs in the executor. Subscribing twice changes nothing.
        Safe from any thread and from inside a handler. Returns ``handler``.
        """
        if not callable(handler):
            raise TypeError(f"handler must be callable, got {handler!r}")
        is_async = _is_async_handler(handler)
        with self._subscription_lock:
            current = self._subscriptions.get(event_type, _NO_SUBSCRIPTIONS)
            if handler not in current.handlers:
                self._subscriptions[event_type] = _Subscriptions(
                    (*current.handlers, handler),
                    (*current.is_async, is_async),
                    current.all_sync and not is_async,
                )
        return handler

    def unsubscribe(self, event_type: Hashable, handler: Handler) -> bool:
        """Stop delivering ``event_type`` to ``handler``; False if it was not subscribed.

        An event already being dispatched may still reach the handler.
        """
        with self._subscription_lock:
            current = self._subscriptions.get(event_type, _NO_SUBSCRIPTIONS)
            if handler not in current.handlers:
                return False
            kept = [
                (h, a)
                for h, a in zip(current.handlers, current.is_async, strict=True)
                if h != handler
            ]
            if kept:
                self._subscriptions[event_type] = _Subscriptions(
                    tuple(h for h, _ in kept),
                    tuple(a for _, a in kept),
                    not any(a for _, a in kept),
                )
            else:
                del self._subscriptions[event_type]
            return True

    def subscribers(self, event_type: Hashable) -> tuple[Handler, ...]:
        """The handlers of ``event_type``, in delivery order."""
        return self._subscriptions.get(event_type, _NO_SUBSCRIPTIONS).handlers

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
        self._dispatcher = loop.create_task(self._dispatch(), name=f"{self.name}-dispatcher")
        self._dispatcher.add_done_callback(lambda _: self._progress.set())

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
        target = self._published
        await self._wait_until(lambda: self._dispatched >= target)
        self._raise_unraised()

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
        self._raise_unraised()

    async def _wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait until ``condition()`` holds, delivering here if the dispatcher is gone."""
        self._progress_waiters += 1
        try:
            while True:
                self._progress.clear()
                if condition():
                    return
                if not self._dispatcher_alive() and not self._delivering_inline:
                    await self._deliver_remaining()
                    continue
                await self._progress.wait()
        finally:
            self._progress_waiters -= 1

    async def _drain_and_stop(self) -> None:
        await self._wait_until(self._is_idle)
        dispatcher = self._dispatcher
        if dispatcher is not None and not dispatcher.done():
            dispatcher.cancel()  # it is idle in queue.get(); nothing can arrive any more
            await asyncio.wait([dispatcher])
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

    def _is_idle(self) -> bool:
        return (
            not self._in_hand
            and not self._overflow
            and not self._delivering_inline
            and self._queue.empty()
            and self._blocked_publishers == 0
        )

    def _dispatcher_alive(self) -> bool:
        return self._dispatcher is not None and not self._dispatcher.done()

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
        if threading.get_ident() != self._loop_thread or self._delivering_task is None:
            return False
        try:
            return asyncio.current_task() is self._delivering_task
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
        self._overflow.append(item)
        self._published += 1
        if self._progress_waiters:
            self._progress.set()

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
            self._blocked_publishers += 1
            try:
                await queue.put((event_type, event))
            finally:
                self._blocked_publishers -= 1
                if self._progress_waiters:
                    self._progress.set()
        else:
            queue.put_nowait((event_type, event))
        self._published += 1

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
        self._published += 1

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
        if threading.get_ident() in self._job_threads:
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
                self._published += 1
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
        self._blocked_publishers += 1
        try:
            await self._queue.put(item)
        except asyncio.CancelledError:
            accepted.set_result(False)  # withdrawn: the thread reports BusFullError
            raise
        except BaseException as exc:
            accepted.set_exception(exc)
            raise
        finally:
            self._blocked_publishers -= 1
            if self._progress_waiters:
                self._progress.set()
        self._published += 1
        accepted.set_result(True)

    # -- delivery ----------------------------------------------------------------------
    #
    # ``self._in_hand`` holds the events taken off the queue but not yet fully delivered, each
    # as [event_type, event, subscriptions, index of the first handler still to run]. The
    # index moves past a handler as soon as that handler is started, so if the dispatcher is
    # cancelled mid-way, whoever delivers the rest (stop(), join()) neither skips nor repeats
    # a handler.

    def _take(self, item: tuple[Hashable, Any]) -> None:
        event_type, event = item
        self._in_hand.append([event_type, event, self._subscriptions_of(event_type), 0])

    def _subscriptions_of(self, event_type: Hashable) -> _Subscriptions:
        return self._subscriptions.get(event_type, _NO_SUBSCRIPTIONS)

    async def _dispatch(self) -> None:
        """The dispatcher task: deliver queued events, in order, until cancelled."""
        queue = self._queue
        self._delivering_task = asyncio.current_task()
        while True:
            if not self._in_hand:
                if self._overflow:
                    self._take(self._overflow.popleft())
                else:
                    if queue.empty():
                        self._progress.set()
                    self._take(await queue.get())
            await self._deliver_next()
            if self._progress_waiters:
                self._progress.set()

    async def _deliver_remaining(self) -> None:
        """Deliver interrupted and queued events in this task (the dispatcher is gone)."""
        self._delivering_inline += 1
        previous, self._delivering_task = self._delivering_task, asyncio.current_task()
        try:
            while self._in_hand or self._overflow or not self._queue.empty():
                if not self._in_hand:
                    self._take(self._next_ready())
                await self._deliver_next()
                self._progress.set()
        finally:
            self._delivering_task = previous
            self._delivering_inline -= 1
            self._progress.set()

    def _next_ready(self) -> tuple[Hashable, Any]:
        """The next event to deliver that is ready now: events from handlers come first."""
        if self._overflow:
            return self._overflow.popleft()
        return self._queue.get_nowait()

    async def _deliver_next(self) -> None:
        """Deliver the first event in hand, or a batch of events that only have sync handlers."""
        in_hand = self._in_hand
        first = in_hand[0]
        if first[3] == 0 and first[2].all_sync:
            queue = self._queue
            while (
                len(in_hand) < _SYNC_BATCH_LIMIT
                and in_hand[-1][2].all_sync
                and (self._overflow or not queue.empty())
            ):
                self._take(self._next_ready())
            count = 0
            while count < len(in_hand) and in_hand[count][2].all_sync:
                count += 1
            work: _SyncWork = [(e[0], e[1], e[2].handlers) for e in list(in_hand)[:count]]

            def finish_batch() -> None:
                for _ in range(count):
                    in_hand.popleft()
                self._dispatched += count

            if any(handlers for _, _, handlers in work):
                await self._run_in_executor(work, finish_batch)
            else:
                finish_batch()  # nobody subscribed: no need for a thread
            return
        event_type, event, subscriptions, index = first
        handlers, is_async = subscriptions.handlers, subscriptions.is_async
        while index < len(handlers):
            if is_async[index]:
                first[3] = index = index + 1
                await self._await_handler(event_type, event, handlers[index - 1])
            else:
                end = index
                while end < len(handlers) and not is_async[end]:
                    end += 1

                def finish_run(end: int = end) -> None:
                    first[3] = end

                await self._run_in_executor([(event_type, event, handlers[index:end])], finish_run)
                index = end
        in_hand.popleft()
        self._dispatched += 1

    async def _await_handler(self, event_type: Hashable, event: Any, handler: Handler) -> None:
        try:
            await handler(event)  # type: ignore[misc]
        except asyncio.CancelledError as exc:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # the delivering task itself is being cancelled
            self._record([HandlerError(event_type, event, handler, exc)])  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - isolating handlers is the point
            self._record([HandlerError(event_type, event, handler, exc)])
        else:
            self._delivered += 1

    async def _run_in_executor(self, work: _SyncWork, finish: Callable[[], None]) -> None:
        """Run sync handlers in the executor, then call ``finish``.

        If the awaiting task is cancelled: a job that never started is withdrawn (``finish``
        is not called, the events stay in hand); a job already running completes in its
        thread, so ``finish`` is called (its counts are recorded when it ends).
        """
        loop = asyncio.get_running_loop()
        executor = self._executor
        assert executor is not None
        job = executor.submit(contextvars.copy_context().run, self._run_job, work)
        finished: asyncio.Future[None] = loop.create_future()

        def on_job_done(done: concurrent.futures.Future[_JobOutcome]) -> None:
            # Runs in the executor thread (or here, if the job was withdrawn): the job is
            # done, so reading its outcome does not block.
            if done.cancelled():
                return
            error = done.exception()
            outcome = None if error is not None else done.result()
            try:
                loop.call_soon_threadsafe(self._job_finished, finished, outcome, error)
            except RuntimeError:  # the loop is closed: nobody waits any more
                pass

        job.add_done_callback(on_job_done)
        try:
            await finished
        except asyncio.CancelledError:
            if not job.cancel():
                finish()
            raise
        finish()

    def _run_job(self, work: _SyncWork) -> _JobOutcome:
        """The executor job: run the handlers, marking this thread as a handler thread."""
        thread = threading.get_ident()
        self._job_threads.add(thread)
        try:
            return _run_sync_handlers(work)
        finally:
            self._job_threads.discard(thread)

    def _job_finished(
        self,
        finished: asyncio.Future[None],
        outcome: _JobOutcome | None,
        error: BaseException | None,
    ) -> None:
        """On the loop: count a job's handler calls, then wake whoever awaits it."""
        if outcome is not None:
            calls, failures = outcome
            self._delivered += calls - len(failures)
            if failures:
                self._record(failures)
        if finished.done():  # its awaiting task was cancelled meanwhile
            return
        if error is None:
            finished.set_result(None)
        else:  # a handler raised a BaseException (SystemExit, ...): let it through
            finished.set_exception(error)

    def _record(self, failures: list[HandlerError]) -> None:
        self._failed += len(failures)
        self._errors.extend(failures)
        if self.error_policy == "raise":
            self._unraised.extend(failures)
        for failure in failures:
            if self.error_policy == "log":
                _log.error("%s", failure, exc_info=failure.exception)
            if self.on_error is not None:
                try:
                    self.on_error(failure)
                except Exception:  # noqa: BLE001 - a failing callback must not stop delivery
                    _log.exception("on_error callback %r failed on %s", self.on_error, failure)

    def _raise_unraised(self) -> None:
        if not self._unraised:
            return
        failures, self._unraised = self._unraised, []
        group = HandlersFailed(
            f"{len(failures)} handler(s) failed on {self!r}", [f.exception for f in failures]
        )
        group.errors = tuple(failures)
        raise group

    # -- introspection -----------------------------------------------------------------

    @property
    def errors(self) -> list[HandlerError]:
        """The most recent handler failures (at most ``max_errors``), oldest first."""
        return list(self._errors)

    @property
    def maxsize(self) -> int:
        """How many events the queue holds before publishers have to wait."""
        return self._maxsize

    def statistics(self) -> AsyncEventBusStatistics:
        """A frozen snapshot of the bus (exact when taken on the loop thread)."""
        with self._subscription_lock:
            event_types = len(self._subscriptions)
            subscriptions = sum(len(s.handlers) for s in self._subscriptions.values())
        return AsyncEventBusStatistics(
            state=self._state.value,
            queued=self._queue.qsize() + len(self._overflow),
            maxsize=self._maxsize,
            blocked_publishers=self._blocked_publishers,
            event_types=event_types,
            subscriptions=subscriptions,
            published=self._published,
            dispatched=self._dispatched,
            delivered=self._delivered,
            failed=self._failed,
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
