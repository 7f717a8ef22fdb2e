"""Delivery for an AsyncEventBus: the dispatcher task, handler calls and executor jobs.

Events are taken off the bus's bounded queue (and, first, off the unbounded side queue of
events published by the bus's own handlers) in acceptance order and delivered to the handlers
subscribed to their type, in subscription order. Async handlers are awaited on the loop; runs
of consecutive sync handlers (and of consecutive events that only have sync handlers) are
handed to an executor thread in one job, so a sync handler never blocks the loop and the hop to
the thread is paid once per batch, not once per call.

``in_hand`` holds the events taken off the queues but not yet fully delivered, each as
[event_type, event, subscriptions, index of the first handler still to run]. The index moves
past a handler as soon as that handler is started, so if the dispatcher is cancelled mid-way,
whoever delivers the rest (``stop()``, ``join()``) neither skips nor repeats a handler.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import inspect
import threading
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any

from admf_tsan.events import HandlerError

from ._bus_stats import BusCounters
from ._bus_subscriptions import Handler, SubscriptionRegistry, Subscriptions

__all__ = ["Delivery"]

#: Most events handed to the executor in one job: bounds how long the loop waits to see the
#: first failures of a batch and how far a slow sync handler can hold up the next async one.
_SYNC_BATCH_LIMIT = 256

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


class Delivery:
    """Takes accepted events off the queues and runs their handlers (loop thread only).

    ``record`` receives every batch of handler failures. ``progress`` is set whenever delivery
    makes progress that a ``join()``/``stop()`` waiter may be waiting for.
    """

    def __init__(
        self,
        queue: asyncio.Queue[tuple[Hashable, Any]],
        subscriptions: SubscriptionRegistry,
        counters: BusCounters,
        record: Callable[[list[HandlerError]], None],
    ) -> None:
        self._queue = queue
        self._subscriptions = subscriptions
        self._counters = counters
        self._record = record
        self._executor: concurrent.futures.Executor | None = None
        self.dispatcher: asyncio.Task[None] | None = None
        self._in_hand: deque[list[Any]] = deque()
        # Events published by handlers of this bus: never held back by the bound (the handler
        # would wait for room that only its own return can make), delivered before the queue.
        self.overflow: deque[tuple[Hashable, Any]] = deque()
        self.delivering_task: asyncio.Task[None] | None = None
        self.job_threads: set[int] = set()
        self._delivering_inline = 0
        self._progress = asyncio.Event()
        self._progress_waiters = 0

    # -- the dispatcher task -----------------------------------------------------------

    def start(
        self, loop: asyncio.AbstractEventLoop, executor: concurrent.futures.Executor, name: str
    ) -> None:
        """Start the dispatcher task on ``loop``; sync handlers will run in ``executor``."""
        self._executor = executor
        self.dispatcher = loop.create_task(self._dispatch(), name=f"{name}-dispatcher")
        self.dispatcher.add_done_callback(lambda _: self._progress.set())

    def dispatcher_alive(self) -> bool:
        return self.dispatcher is not None and not self.dispatcher.done()

    async def stop_dispatcher(self) -> None:
        """Cancel the idle dispatcher and wait for it to end."""
        dispatcher = self.dispatcher
        if dispatcher is not None and not dispatcher.done():
            dispatcher.cancel()  # it is idle in queue.get(); nothing can arrive any more
            await asyncio.wait([dispatcher])

    def is_idle(self) -> bool:
        """Nothing queued, in hand or waiting for room."""
        return (
            not self._in_hand
            and not self.overflow
            and not self._delivering_inline
            and self._queue.empty()
            and self._counters.blocked_publishers == 0
        )

    # -- progress ----------------------------------------------------------------------

    def notify_progress(self) -> None:
        """Wake ``wait_until`` callers, if any (cheap when nobody waits)."""
        if self._progress_waiters:
            self._progress.set()

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait until ``condition()`` holds, delivering here if the dispatcher is gone."""
        self._progress_waiters += 1
        try:
            while True:
                self._progress.clear()
                if condition():
                    return
                if not self.dispatcher_alive() and not self._delivering_inline:
                    await self._deliver_remaining()
                    continue
                await self._progress.wait()
        finally:
            self._progress_waiters -= 1

    def accept_from_handler(self, item: tuple[Hashable, Any]) -> None:
        """Accept an event published by a handler of this bus (never waits for room)."""
        self.overflow.append(item)
        self._counters.published += 1
        if self._progress_waiters:
            self._progress.set()

    # -- delivery ----------------------------------------------------------------------

    def _take(self, item: tuple[Hashable, Any]) -> None:
        event_type, event = item
        self._in_hand.append([event_type, event, self._subscriptions_of(event_type), 0])

    def _subscriptions_of(self, event_type: Hashable) -> Subscriptions:
        return self._subscriptions.of(event_type)

    async def _dispatch(self) -> None:
        """The dispatcher task: deliver queued events, in order, until cancelled."""
        queue = self._queue
        self.delivering_task = asyncio.current_task()
        while True:
            if not self._in_hand:
                if self.overflow:
                    self._take(self.overflow.popleft())
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
        previous, self.delivering_task = self.delivering_task, asyncio.current_task()
        try:
            while self._in_hand or self.overflow or not self._queue.empty():
                if not self._in_hand:
                    self._take(self._next_ready())
                await self._deliver_next()
                self._progress.set()
        finally:
            self.delivering_task = previous
            self._delivering_inline -= 1
            self._progress.set()

    def _next_ready(self) -> tuple[Hashable, Any]:
        """The next event to deliver that is ready now: events from handlers come first."""
        if self.overflow:
            return self.overflow.popleft()
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
                and (self.overflow or not queue.empty())
            ):
                self._take(self._next_ready())
            count = 0
            while count < len(in_hand) and in_hand[count][2].all_sync:
                count += 1
            work: _SyncWork = [(e[0], e[1], e[2].handlers) for e in list(in_hand)[:count]]

            def finish_batch() -> None:
                for _ in range(count):
                    in_hand.popleft()
                self._counters.dispatched += count

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
        self._counters.dispatched += 1

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
            self._counters.delivered += 1

    # -- executor jobs -----------------------------------------------------------------

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
        self.job_threads.add(thread)
        try:
            return _run_sync_handlers(work)
        finally:
            self.job_threads.discard(thread)

    def _job_finished(
        self,
        finished: asyncio.Future[None],
        outcome: _JobOutcome | None,
        error: BaseException | None,
    ) -> None:
        """On the loop: count a job's handler calls, then wake whoever awaits it."""
        if outcome is not None:
            calls, failures = outcome
            self._counters.delivered += calls - len(failures)
            if failures:
                self._record(failures)
        if finished.done():  # its awaiting task was cancelled meanwhile
            return
        if error is None:
            finished.set_result(None)
        else:  # a handler raised a BaseException (SystemExit, ...): let it through
            finished.set_exception(error)
