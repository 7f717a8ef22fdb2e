"""One run of a stressed test's body, whatever shape the test has.

* ``async def`` test: the coroutine runs on the seeded event loop (``stress.run``'s ASYNC
  runner with one worker): the seed orders ready callbacks, an idle loop is a deadlock, a task
  exception nobody retrieved fails the run. This holds with or without pytest-asyncio or anyio
  (their sync wrapper is looked through), so a stressed coroutine test always runs.
* A sync test under the controlled scheduler that does not use the ``stress`` fixture: the
  body is the root worker of one scheduler run, and every thread it starts is adopted
  (``workers/adopt.py``).
* Anything else (a test that calls ``stress.run``, a SINGLE_THREADED or ASYNC run of a sync
  test) is called as it is.

In every case ``asyncio.run`` (and any new event loop) inside the body gets a seeded loop.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from admf_tsan.scheduler import new_seeded_event_loop
from pytest_admf.session.state import RunState
from pytest_admf.workers.adopt import run_as_root_worker
from pytest_admf.workers.loop import run_tasks

__all__ = [
    "ProbeOutcome",
    "call_body",
    "is_coroutine_test",
    "probe_body",
    "seeded_event_loops",
    "test_function",
    "uses_stress_fixture",
]

_PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_function(item: pytest.Function) -> Callable[..., Any]:
    """The test's own function: through pytest-asyncio's sync wrapper (``__wrapped__``)."""
    function: Callable[..., Any] = inspect.unwrap(item.obj)
    return function


def is_coroutine_test(item: pytest.Function) -> bool:
    """True for an ``async def`` test (also when an async plugin wrapped it)."""
    return inspect.iscoroutinefunction(test_function(item))


def uses_stress_fixture(item: pytest.Item) -> bool:
    """True when the test asks for ``stress``: it runs its own workers with ``stress.run``."""
    return "stress" in getattr(item, "fixturenames", ())


class _SeededLoopPolicy(asyncio.DefaultEventLoopPolicy):
    """Every new event loop is a seeded one (seed, seed+1, ...): ``asyncio.run`` included."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self._seeds = itertools.count(seed)

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return new_seeded_event_loop(next(self._seeds) % 2**32)


@contextmanager
def seeded_event_loops(seed: int) -> Iterator[None]:
    """While active, ``asyncio.run`` and ``asyncio.new_event_loop`` make seeded loops."""
    previous = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(_SeededLoopPolicy(seed))
    try:
        yield
    finally:
        asyncio.set_event_loop_policy(previous)


def _run_coroutine_test(
    function: Callable[..., Any], testargs: dict[str, Any], state: RunState
) -> None:
    __tracebackhide__ = True
    failures = run_tasks(
        lambda worker: function(**testargs),
        workers=1,
        times=1,
        seed=state.seed,
        deadline=state.deadline,
        context=state.mode.short,
        fatal=state.fatal,
    )
    if failures:
        first = failures[0].exception
        for other in failures[1:]:
            first.add_note(f"also: {other.headline()}\n{other.traceback_text}")
        raise first


def call_body(item: pytest.Function, testargs: dict[str, Any], state: RunState) -> None:
    """Run the test's body once for the run ``state`` describes; raise what it raised."""
    __tracebackhide__ = True
    function = test_function(item)
    with seeded_event_loops(state.seed):
        if inspect.iscoroutinefunction(function):
            _run_coroutine_test(function, testargs, state)
        elif state.scheduler is not None and not uses_stress_fixture(item):
            run_as_root_worker(
                lambda: item.obj(**testargs),
                state.scheduler,
                state.deadline,
                context=state.mode.short,
                seed=state.seed,
                record=state.record,
            )
        else:
            item.obj(**testargs)


@contextmanager
def _counting_tasks(counter: list[int]) -> Iterator[None]:
    """Count tasks created on any loop whose coroutine is not the plugin's own."""
    original = asyncio.BaseEventLoop.create_task

    def create_task(self: asyncio.BaseEventLoop, coro: Any, **kwargs: Any) -> Any:
        code = getattr(coro, "cr_code", None)
        if code is None or not code.co_filename.startswith(_PLUGIN_DIR):
            counter[0] += 1
        return original(self, coro, **kwargs)

    asyncio.BaseEventLoop.create_task = create_task  # type: ignore[method-assign]
    try:
        yield
    finally:
        asyncio.BaseEventLoop.create_task = original  # type: ignore[method-assign]


@dataclass(frozen=True)
class ProbeOutcome:
    """What the plain run of ``--admf-stress=all`` saw: whether the body started a thread or a
    task, and why a body that did must still run only once (``None``: it can be stressed)."""

    started: bool
    unschedulable: str | None = None


_FORKS = [0]


def _count_fork() -> None:
    _FORKS[0] += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_count_fork)


def probe_body(item: pytest.Function, testargs: dict[str, Any], state: RunState) -> ProbeOutcome:
    """Run the body once without the scheduler; say whether it started a thread or a task.

    ``--admf-stress=all`` runs every test this way first: a test that starts neither is done
    (it ran once, as without the flag); one that does is then stressed. Threads of the plugin
    itself (named ``admf-...``) and the task that runs a coroutine test do not count. A thread
    counts once it really started: a start that another start hook refused (raised from
    ``start()``) does not. A sync test that installs a signal handler or forks a process is
    not stressed (``unschedulable`` says which): handlers need the main thread, which a
    scheduled body is not, and a process forked from a scheduled run inherits modeled locks
    that other workers hold, which nobody releases in the child.
    """
    __tracebackhide__ = True
    from admf_tsan.sync._thread_start import add_start_hook

    started = [0]
    threads: list[threading.Thread] = []
    signals = [0]
    forks_before = _FORKS[0]

    def count(thread: threading.Thread | None) -> None:
        if thread is None:
            started[0] += 1
        elif not thread.name.startswith("admf-"):
            threads.append(thread)

    function = test_function(item)
    coroutine = inspect.iscoroutinefunction(function)
    with (
        add_start_hook(count, name="admf-stress=all probe"),
        seeded_event_loops(state.seed),
        _counting_signal_handlers(signals),
    ):
        if coroutine:
            with _counting_tasks(started):
                _run_coroutine_test(function, testargs, state)
        else:
            item.obj(**testargs)
    # A start that a later start hook (or the system) refused never ran: the thread has no
    # ident. It does not make the test one that starts threads.
    started[0] += sum(1 for thread in threads if thread.ident is not None)
    if started[0] == 0:
        return ProbeOutcome(started=False)
    if not coroutine and signals[0]:
        return ProbeOutcome(True, "installs signal handlers (they need the main thread)")
    if not coroutine and _FORKS[0] != forks_before:
        return ProbeOutcome(
            True, "forks processes (a child would inherit modeled locks other workers hold)"
        )
    return ProbeOutcome(started=True)


@contextmanager
def _counting_signal_handlers(counter: list[int]) -> Iterator[None]:
    """Count ``signal.signal`` calls (``loop.add_signal_handler`` makes them too)."""
    import signal

    original = signal.signal

    def counting(signalnum: Any, handler: Any) -> Any:
        counter[0] += 1
        return original(signalnum, handler)

    signal.signal = counting
    try:
        yield
    finally:
        signal.signal = original
