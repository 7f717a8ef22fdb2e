"""Waits: sleep, thread waits and locks, queues, joins, futures, nested event loops.

Rules ADMF101, ADMF105 to ADMF108 and ADMF112.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._advice import (
    _ACQUIRE,
    _ASYNCIO_REFUSES,
    _C_LOCK,
    _FUTURE,
    _GET,
    _JOIN,
    _MP_QUEUE,
    _MP_SEMLOCK,
    _NESTED_LOOP,
    _PUT,
    _QUEUE,
    _SLEEP,
    _THREAD_WAIT,
    _TIMEOUT0,
)
from ._entries import (
    ON_DONE_FUTURE,
    AtLeast,
    BlockingCall,
    BuiltBlocking,
    NotSeen,
    SeenAs,
    Wrapped,
    _same,
)

_LOCKS_C = ("threading.Lock", "threading.RLock", "_thread.allocate_lock", "_thread.RLock")
_LOCKS_MP = ("multiprocessing.Lock", "multiprocessing.RLock", "multiprocessing.Semaphore")
_QUEUE_SUBCLASSES = ("queue.LifoQueue", "queue.PriorityQueue")
_MP_QUEUES = ("multiprocessing.Queue", "multiprocessing.JoinableQueue")
_LOOPS = ("asyncio.AbstractEventLoop", "asyncio.BaseEventLoop", "asyncio.base_events.BaseEventLoop")


def _sleep() -> Iterator[BlockingCall]:
    yield BlockingCall("time.sleep", "ADMF101", _SLEEP, Wrapped("time", "sleep", "sleep", "sleep"))


def _thread_wait() -> Iterator[BlockingCall]:
    code = "ADMF105"
    for lock in _LOCKS_C:
        yield BlockingCall(f"{lock}.acquire", code, _THREAD_WAIT, _C_LOCK, _ACQUIRE)
    yield BlockingCall(
        "threading.Semaphore.acquire",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Semaphore.acquire", "semaphore", "semaphore", 1),
        _ACQUIRE,
    )
    yield BlockingCall(
        "threading.BoundedSemaphore.acquire",
        code,
        _THREAD_WAIT,
        SeenAs("threading.Semaphore.acquire", "BoundedSemaphore inherits Semaphore.acquire"),
        _ACQUIRE,
    )
    yield BlockingCall(
        "threading.Condition.acquire",
        code,
        _THREAD_WAIT,
        NotSeen(
            "it is the acquire of the Condition's lock, bound at construction; an instrumented "
            "lock reports a contended acquire"
        ),
        _ACQUIRE,
    )
    for lock in _LOCKS_MP:
        yield BlockingCall(f"{lock}.acquire", code, _THREAD_WAIT, _MP_SEMLOCK, _ACQUIRE)
    yield BlockingCall(
        "threading.Event.wait",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Event.wait", "event_wait", "event"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "threading.Condition.wait",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Condition.wait", "condition_wait", "condition"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "threading.Condition.wait_for",
        code,
        _THREAD_WAIT,
        SeenAs("threading.Condition.wait", "wait_for() waits with Condition.wait()"),
        (("timeout", 1, (0,)),),
    )
    yield BlockingCall(
        "threading.Barrier.wait",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Barrier.wait", "barrier", "barrier"),
        _TIMEOUT0,
    )
    yield BlockingCall("multiprocessing.Event.wait", code, _THREAD_WAIT, _MP_SEMLOCK, _TIMEOUT0)


def _queue() -> Iterator[BlockingCall]:
    code = "ADMF106"
    yield BlockingCall(
        "queue.Queue.get",
        code,
        _QUEUE,
        Wrapped("queue", "Queue.get", "queue_get", "queue", 1),
        _GET,
    )
    yield BlockingCall(
        "queue.Queue.put",
        code,
        _QUEUE,
        Wrapped("queue", "Queue.put", "queue_put", "queue", 2),
        _PUT,
    )
    yield BlockingCall(
        "queue.Queue.join", code, _QUEUE, Wrapped("queue", "Queue.join", "queue_join")
    )
    for subclass in _QUEUE_SUBCLASSES:
        for method, rules in (("get", _GET), ("put", _PUT)):
            yield BlockingCall(
                f"{subclass}.{method}",
                code,
                _QUEUE,
                SeenAs(f"queue.Queue.{method}", f"{subclass} inherits Queue.{method}"),
                rules,
            )
    # SimpleQueue.put never waits: the queue has no bound.
    simple = NotSeen("queue.SimpleQueue is a C type; it cannot be patched")
    yield BlockingCall("queue.SimpleQueue.get", code, _QUEUE, simple, _GET)
    for mp_queue in _MP_QUEUES:
        yield BlockingCall(f"{mp_queue}.get", code, _QUEUE, _MP_QUEUE, _GET)
        yield BlockingCall(f"{mp_queue}.put", code, _QUEUE, _MP_QUEUE, _PUT)
    yield BlockingCall("multiprocessing.JoinableQueue.join", code, _QUEUE, _MP_QUEUE)


def _join() -> Iterator[BlockingCall]:
    code = "ADMF107"
    yield BlockingCall(
        "threading.Thread.join",
        code,
        _JOIN,
        Wrapped("threading", "Thread.join", "join", "join"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "multiprocessing.Process.join",
        code,
        _JOIN,
        Wrapped("multiprocessing.process", "BaseProcess.join", "join"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "multiprocessing.pool.Pool.join",
        code,
        _JOIN,
        SeenAs("threading.Thread.join", "Pool.join() joins the pool's handler threads"),
        _TIMEOUT0,
    )


def _future() -> Iterator[BlockingCall]:
    code = "ADMF108"
    for method in ("result", "exception"):
        yield BlockingCall(
            f"concurrent.futures.Future.{method}",
            code,
            _FUTURE,
            Wrapped("concurrent.futures", f"Future.{method}", "future", "future"),
            (*_TIMEOUT0, ON_DONE_FUTURE),
        )
    yield BlockingCall(
        "concurrent.futures.wait",
        code,
        _FUTURE,
        Wrapped("concurrent.futures", "wait", "futures_wait"),
        (("timeout", 1, (0,)),),
    )
    yield BlockingCall(
        "concurrent.futures.as_completed",
        code,
        _FUTURE,
        SeenAs(
            "threading.Event.wait",
            "as_completed() returns a generator; iterating it waits with Event.wait()",
        ),
    )


def _nested_loop() -> Iterator[BlockingCall]:
    names = [
        "asyncio.run",
        "asyncio.runners.run",
        "asyncio.Runner.run",
        *(f"{loop}.run_until_complete" for loop in _LOOPS),
        *(f"{loop}.run_forever" for loop in _LOOPS),
    ]
    yield from _same("ADMF112", names, _NESTED_LOOP, _ASYNCIO_REFUSES)


#: A queue built with a positive literal ``maxsize`` (``queue.Queue(maxsize=10)``, ``Queue(5)``)
#: is bounded: ``put()`` waits for room when it is full. The linter reports ``put()`` only on
#: such a queue: most queues are unbounded (``put()`` never waits; a multiprocessing queue hands
#: the item to its feeder thread), and where the construction is not seen (an annotated
#: parameter, a factory, a context's ``Queue()``) or ``maxsize`` is a variable or a named
#: constant, the bound is not known. ``get()`` and ``join()`` are reported on every queue. The
#: runtime checks the real queue's ``maxsize`` at the call.
BOUNDED_QUEUES = BuiltBlocking(
    "bounded",
    ("queue.Queue", *_QUEUE_SUBCLASSES, *_MP_QUEUES),
    ("put",),
    "maxsize",
    0,
    (AtLeast(1),),
)
