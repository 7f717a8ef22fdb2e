"""Run stress workers as asyncio tasks on one (seeded) event loop, and see when it stalls.

Two things a plain ``asyncio.run`` does not do:

* An idle loop is a deadlock. When no callback is ready, no timer is scheduled, no executor job
  is running and no file descriptor but the loop's own wake-up pipe is watched, nothing inside
  the process can wake the loop except another thread. If none does within a grace period in
  which no other thread computed either, the run fails at once with every task's stack (a
  swallowed cancellation, an ``Event`` nobody sets), instead of hanging until a timeout. Time
  in which another thread runs on the CPU does not count toward the grace, so a loaded machine,
  which slows a thread on its way to wake the loop, does not turn it into a false deadlock.
* Errors the loop only logs are failures: "Task exception was never retrieved" and any other
  call of the loop's exception handler during the run.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from pytest_admf.failures import StressStalled, WorkerError, format_exception
from pytest_admf.workers.deadline import Deadline, join_all
from pytest_admf.workers.diagnostics import stall_headline, stall_report, task_stacks

__all__ = ["IDLE_GRACE", "run_tasks"]

IDLE_GRACE = 1.0
"""Seconds an idle loop (nothing scheduled, nothing watched) waits for another thread (at
most a quarter of the run's deadline)."""

_SLICE = 0.05
# Share of the wall time the other threads must spend on the CPU to count as computing.
_BUSY_SHARE = 0.05


class _LoopIdle(Exception):
    def __init__(self, report: str) -> None:
        super().__init__(report)
        self.report = report


class _OtherThreadsCpu:
    """Whether the process's other threads computed since the last look.

    The idle grace is for threads blocked where the loop cannot see them (a sleep, a socket)
    that may still wake it. A thread that is computing is making progress toward waking it,
    however long that takes on a loaded machine: a slice in which the other threads used more
    than ``_BUSY_SHARE`` of the wall time on the CPU does not count as idle. Runners that only
    poll (the test's thread joining the loop thread, the runtime watchdog) stay far below it.
    """

    def __init__(self) -> None:
        self._wall = time.monotonic()
        self._process = time.process_time()
        self._own = time.thread_time()

    def computed(self) -> bool:
        wall, process, own = time.monotonic(), time.process_time(), time.thread_time()
        others = (process - self._process) - (own - self._own)
        busy = others > _BUSY_SHARE * (wall - self._wall)
        self._wall, self._process, self._own = wall, process, own
        return busy


class _IdleWatchingSelector:
    """The loop's selector, raising ``_LoopIdle`` out of a select that can never end."""

    def __init__(
        self,
        selector: Any,
        loop: asyncio.AbstractEventLoop,
        in_flight: Callable[[], int],
        grace: float,
    ) -> None:
        self._grace = grace
        self._selector = selector
        self._loop = loop
        self._in_flight = in_flight

    def __getattr__(self, name: str) -> Any:
        return getattr(self._selector, name)

    def select(self, timeout: float | None = None) -> Any:
        if timeout is not None:
            return self._selector.select(timeout)
        idle = 0.0
        others = _OtherThreadsCpu()
        while True:
            events = self._selector.select(_SLICE)
            if events:
                return events
            if self._in_flight() or len(self._selector.get_map()) > 1 or others.computed():
                idle = 0.0
                continue
            idle += _SLICE
            if idle >= self._grace:
                tasks = [task for task in asyncio.all_tasks(self._loop) if not task.done()]
                raise _LoopIdle(
                    stall_report(
                        f"event loop deadlock: {len(tasks)} task(s) wait and nothing can wake "
                        "them (no callback ready, no timer, no I/O, no executor job)",
                        tasks=task_stacks(tasks),
                    )
                )


def _new_loop(seed: int, seeded: bool) -> asyncio.AbstractEventLoop:
    if not seeded:
        return asyncio.new_event_loop()
    from admf_tsan.scheduler import new_seeded_event_loop

    return new_seeded_event_loop(seed)


def _watch_idle(loop: asyncio.AbstractEventLoop, grace: float) -> None:
    selector = getattr(loop, "_selector", None)
    if selector is None or not hasattr(selector, "select"):
        return
    in_flight = [0]
    original = loop.run_in_executor

    def counted(executor: Any, func: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        future = original(executor, func, *args)
        in_flight[0] += 1

        def done(_: object) -> None:
            in_flight[0] -= 1

        future.add_done_callback(done)
        return future

    loop.run_in_executor = counted  # type: ignore[method-assign,assignment]
    watching = _IdleWatchingSelector(selector, loop, lambda: in_flight[0], grace)
    loop._selector = watching  # type: ignore[attr-defined]


def _handler_error(context: dict[str, Any]) -> WorkerError:
    message = str(context.get("message", "error in the event loop"))
    exception = context.get("exception")
    if isinstance(exception, BaseException):
        text = f"{message}\n{format_exception(exception)}"
        error: BaseException = exception
    else:
        text = message
        error = RuntimeError(message)
    return WorkerError(None, None, _LoopError(message, error), text)


class _LoopError(Exception):
    """An error the event loop reported to its exception handler instead of raising."""

    def __init__(self, message: str, error: BaseException) -> None:
        detail = f"{type(error).__name__}: {error}" if not isinstance(error, RuntimeError) else ""
        super().__init__(f"{message}: {detail}" if detail else message)
        self.error = error


async def _drive(
    op: Callable[[int], object],
    workers: int,
    times: int,
    sequential: bool,
    failures: list[WorkerError],
) -> None:
    async def worker(index: int) -> None:
        for iteration in range(1, times + 1):
            try:
                result = op(index)
                if inspect.isawaitable(result):
                    await result
                else:
                    # A sync op cannot yield; yield between calls so that workers interleave.
                    await asyncio.sleep(0)
            except BaseException as error:  # noqa: B036 - every failure is reported, even cancellation
                failures.append(WorkerError(index, iteration, error, format_exception(error)))
                return

    if sequential:
        for index in range(workers):
            await worker(index)
        return
    if workers == 1:
        # One worker (an ``async def`` test) is the loop's main task, as under asyncio.run:
        # code that cancels every other task (a shutdown) does not cancel a runner around it.
        current = asyncio.current_task()
        if current is not None:
            current.set_name("admf-worker-0")
        await worker(0)
        return
    loop = asyncio.get_running_loop()
    tasks = [
        loop.create_task(worker(index), name=f"admf-worker-{index}") for index in range(workers)
    ]
    await asyncio.gather(*tasks)


def _record_tasks(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
    """Keep every task created on ``loop`` (through its current factory) in the returned list."""
    created: list[asyncio.Task[Any]] = []
    previous = loop.get_task_factory()

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Future[Any]:
        if previous is not None:
            task = previous(loop, coro, **kwargs)
        else:
            task = asyncio.Task(coro, loop=loop, **kwargs)
        if isinstance(task, asyncio.Task):
            created.append(task)
        return task

    loop.set_task_factory(factory)
    return created


def _unretrieved(tasks: list[asyncio.Task[Any]]) -> list[WorkerError]:
    """Tasks that ended with an exception nobody retrieved, as loop errors.

    asyncio only logs these when the garbage collector destroys the task, which may be much
    later (or, with a reference cycle, never during the test). A finished task still flags
    an exception nobody asked for (``_log_traceback``, what its ``__del__`` checks), so they
    are reported when the run ends; reading the exception here also keeps asyncio from
    logging it a second time.
    """
    errors = []
    for task in tasks:
        if not task.done() or task.cancelled() or not getattr(task, "_log_traceback", False):
            continue
        error = task.exception()
        if error is not None:
            message = f"Task exception was never retrieved (task {task.get_name()})"
            errors.append(
                WorkerError(None, None, _LoopError(message, error), format_exception(error))
            )
    return errors


def _finish(loop: asyncio.AbstractEventLoop) -> None:
    leftovers = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in leftovers:
        task.cancel()
    if leftovers:
        loop.run_until_complete(asyncio.wait(leftovers, timeout=IDLE_GRACE))
    loop.run_until_complete(loop.shutdown_asyncgens())


def _close_quietly(task: asyncio.Task[Any]) -> None:
    try:
        task.get_coro().close()
    except BaseException:  # noqa: B036 - a coroutine that refuses to close is already reported
        pass


def _run_on_loop(
    op: Callable[[int], object],
    workers: int,
    times: int,
    seed: int,
    sequential: bool,
    idle_grace: float,
) -> list[WorkerError]:
    loop = _new_loop(seed, seeded=not sequential)
    reported: list[WorkerError] = []
    failures: list[WorkerError] = []
    loop.set_exception_handler(lambda _, context: reported.append(_handler_error(context)))
    _watch_idle(loop, idle_grace)
    tasks = _record_tasks(loop)
    try:
        loop.run_until_complete(_drive(op, workers, times, sequential, failures))
        _finish(loop)
        reported.extend(_unretrieved(tasks))
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        # After a stall the tasks stay pending and the loop must not run them again; close
        # their coroutines while the loop is open, so that their cleanup does not fail later
        # (in another test) when the garbage collector finds them.
        for task in asyncio.all_tasks(loop):
            _close_quietly(task)
        loop.close()
    return failures + reported


def run_tasks(
    op: Callable[[int], object | Awaitable[object]],
    *,
    workers: int,
    times: int,
    seed: int,
    deadline: Deadline,
    context: str,
    sequential: bool = False,
    in_thread: bool = True,
    fatal: Callable[[], str | None] | None = None,
) -> list[WorkerError]:
    """Run ``workers`` tasks calling ``op(index)`` ``times`` times each; return the failures.

    ``sequential`` runs worker 0 to the end, then worker 1, ... on one plain loop; otherwise the
    tasks run concurrently on a loop seeded with ``seed``. With ``in_thread`` the loop runs in a
    new thread (that keeps the caller's execution context) and the caller waits at most until
    ``deadline``, so a loop blocked by a sync call cannot hang the test.

    Raises StressStalled when the loop deadlocks (at once) or is still running at the deadline.
    """
    __tracebackhide__ = True  # machinery: a failure points at the test's stress.run call
    outcome: list[list[WorkerError]] = []
    crash: list[BaseException] = []

    def target() -> None:
        try:
            grace = min(IDLE_GRACE, deadline.seconds / 4)
            outcome.append(_run_on_loop(op, workers, times, seed, sequential, grace))
        except BaseException as error:  # noqa: B036 - handed to the waiting thread
            crash.append(error)

    if in_thread:
        runner = threading.Thread(
            target=contextvars.copy_context().run,
            args=(target,),
            name="admf-async-loop",
            daemon=True,
        )
        runner.start()
        stopped = join_all([runner], deadline, fatal)
        if stopped is not None:
            raise StressStalled(
                stall_headline(stopped, deadline, context, seed, "the event loop"),
                context=context,
                seed=seed,
            )
    else:
        target()
    if crash:
        error = crash[0]
        if isinstance(error, _LoopIdle):
            raise StressStalled(
                f"{error.report}\n\ncontext {context}, seed {seed}", context=context, seed=seed
            )
        raise error
    return outcome[0]
