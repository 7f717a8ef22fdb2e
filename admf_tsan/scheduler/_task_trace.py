"""Record the steps of asyncio tasks on a seeded loop, for explaining an ASYNC failure.

In ASYNC, tasks interleave only at ``await``: one *step* of a task runs from the point where
the loop resumed it to the point where it suspended again. While :func:`record_tasks` is
active, every :class:`~admf_tsan.scheduler.SeededEventLoop` traces its callbacks with the same
bytecode tables as the thread scheduler (``_access.py``) and feeds the same
:class:`~admf_tsan.scheduler._record.Recorder`: per task, a ``resume`` event (file:line of user
code where it resumed), the shared accesses of the step (``[read Portfolio.position]``), and
a ``suspend`` event (where it awaited). ``_explain.explain`` reads that trace as it reads a
threaded one, one block per task.

Usage::

    with record_tasks() as trace:
        loop = new_seeded_event_loop(seed)
        loop.run_until_complete(main())
    print(explain(trace, error=..., unit="task").text())

Tracing costs a dictionary lookup per instruction of user code; it is meant for a replay of a
failing seed, not for every stressed run.
"""

from __future__ import annotations

import asyncio
import dis
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import CodeType, FrameType
from typing import TYPE_CHECKING, Any, cast

from ._access import access_table
from ._record import Recorder, Site
from ._trace import default_include, is_machinery

if TYPE_CHECKING:
    from ._state import Worker

__all__ = ["TaskTracer", "active_tracer", "record_tasks"]

_YIELD = dis.opmap["YIELD_VALUE"]
_WORKER_PREFIX = "admf-worker-"
_ACTIVE: list[TaskTracer] = []
_ACTIVE_LOCK = threading.Lock()


class _TaskWorker:
    """What the recorder reads of a worker: its index and the locks it holds (none here)."""

    __slots__ = ("index", "held", "resume", "suspended")

    def __init__(self, index: int) -> None:
        self.index = index
        self.held: tuple[object, ...] = ()
        self.resume: tuple[FrameType, Site] | None = None
        self.suspended = True


def _user(filename: str) -> bool:
    return default_include(filename) and not is_machinery(filename)


class TaskTracer:
    """The ``sys.settrace`` function of a seeded loop's thread while it runs callbacks."""

    def __init__(self, include: Callable[[str], bool] = _user) -> None:
        self.include = include
        self.trace = Recorder(include)
        self._tasks: dict[asyncio.Task[Any], _TaskWorker] = {}
        self._included: dict[CodeType, bool] = {}

    def _worker(self, task: asyncio.Task[Any]) -> _TaskWorker:
        worker = self._tasks.get(task)
        if worker is None:
            name = task.get_name()
            if name.startswith(_WORKER_PREFIX) and name[len(_WORKER_PREFIX) :].isdigit():
                index = int(name[len(_WORKER_PREFIX) :])
            else:
                # A task the code under test made: numbered after the stress workers.
                others = [t for t in asyncio.all_tasks() if t.get_name().startswith(_WORKER_PREFIX)]
                seen = [w.index for w in self._tasks.values()]
                index = max([len(others) - 1, *seen]) + 1
            worker = self._tasks[task] = _TaskWorker(index)
        return worker

    def _begin(self, worker: _TaskWorker) -> None:
        """Emit the step's ``resume`` event (lazily: at its first access or suspension)."""
        if worker.suspended:
            worker.suspended = False
            if worker.resume is not None:
                frame, site = worker.resume
                self.trace.task_step(worker.index, "resume", site, frame)
            worker.resume = None

    def __call__(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event != "call":
            return None
        code = frame.f_code
        included = self._included.get(code)
        if included is None:
            included = self._included[code] = bool(self.include(code.co_filename))
        if not included:
            return None
        try:
            task = asyncio.current_task()
        except RuntimeError:
            return None
        if task is None:
            return None
        worker = self._worker(task)
        if worker.suspended:
            # The innermost frame of user code entered before the step does anything is
            # where the task resumed.
            worker.resume = (frame, Site(code.co_filename, frame.f_lineno, code.co_qualname))
        table = access_table(code)
        trace = self.trace
        raw = code.co_code
        access_worker = cast("Worker", worker)

        def local(frame: FrameType, event: str, arg: Any) -> Any:
            if event == "opcode":
                specs = table.get(frame.f_lasti)
                if specs:
                    self._begin(worker)
                    for spec in specs:
                        trace.access(access_worker, frame, spec)
            elif event == "return" and raw[frame.f_lasti] == _YIELD and not worker.suspended:
                self._begin(worker)
                site = Site(code.co_filename, frame.f_lineno, code.co_qualname)
                trace.task_step(worker.index, "suspend", site, frame)
                worker.suspended = True
            return local

        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return local


def active_tracer() -> TaskTracer | None:
    """The tracer of the innermost active :func:`record_tasks`, or None."""
    with _ACTIVE_LOCK:
        return _ACTIVE[-1] if _ACTIVE else None


@contextmanager
def record_tasks(include: Callable[[str], bool] = _user) -> Iterator[Recorder]:
    """While active, seeded loops (in any thread) record their tasks' steps into the trace."""
    tracer = TaskTracer(include)
    with _ACTIVE_LOCK:
        _ACTIVE.append(tracer)
    try:
        yield tracer.trace
    finally:
        with _ACTIVE_LOCK:
            _ACTIVE.remove(tracer)


def run_traced(tracer: TaskTracer, run_once: Callable[[], None]) -> None:
    """Run one loop iteration with ``tracer`` as this thread's trace function."""
    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        run_once()
    finally:
        sys.settrace(previous)
