"""ADMF305: asyncio objects used from a worker thread (``Thread``, ``submit``, ``to_thread``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.callgraph import CallEdge
from admf_tsan.lint.analysis.facts import (
    CallSite,
    CallType,
    ClsRef,
    FunctionFacts,
    GlobalRef,
    ModuleFacts,
    Ref,
    ScheduledCallback,
    SelfRef,
    ValRef,
    with_attrs,
)
from admf_tsan.lint.analysis.handoffs import paho_thread_start
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.ftypes import Finding, Related
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.transitive_blocking import call_steps, short_name

#: asyncio methods that must only be called on the event loop's thread.
NOT_THREADSAFE = frozenset(
    {
        "asyncio.Event.set",
        "asyncio.Event.clear",
        "asyncio.Queue.put_nowait",
        "asyncio.Queue.get_nowait",
        "asyncio.Future.set_result",
        "asyncio.Future.set_exception",
        "asyncio.Future.cancel",
        "asyncio.Task.cancel",
        "asyncio.Condition.notify",
        "asyncio.Condition.notify_all",
        "asyncio.Lock.release",
        "asyncio.Semaphore.release",
        "asyncio.create_task",
        "asyncio.ensure_future",
        "asyncio.AbstractEventLoop.call_soon",
        "asyncio.AbstractEventLoop.call_later",
        "asyncio.AbstractEventLoop.call_at",
        "asyncio.AbstractEventLoop.create_task",
        "asyncio.AbstractEventLoop.stop",
    }
)
THREAD_TAKERS = frozenset({"Thread", "submit", "run_in_executor", "to_thread"})


def _taker(handoff: ScheduledCallback) -> str:
    """Who runs the handed function: ``a worker thread (`submit`)``, or paho-mqtt's network
    thread for a client's callback."""
    if handoff.method in THREAD_TAKERS:
        return f"a worker thread (`{handoff.method}`)"
    return f"paho-mqtt's network thread (as the client's `{handoff.method}` callback)"


def _started_here(index: ProjectIndex, paho: tuple[str, int, int]) -> Related:
    """The ``loop_start()`` call that runs a paho-mqtt client's network thread."""
    starter, line, column = paho
    return Related(
        index.function_module[starter].path,
        line,
        column,
        "`loop_start()` runs the client's network thread here",
    )


def _thread(handoff: ScheduledCallback) -> str:
    """The thread that runs the handed function."""
    return "a worker thread" if handoff.method in THREAD_TAKERS else "paho-mqtt's network thread"


def _created_here(callee: Ref) -> bool:
    """``loop = asyncio.new_event_loop(); loop.call_soon(...)``: a local the function created."""
    return isinstance(callee, ValRef) and isinstance(callee.source, CallType)


#: Loop methods that schedule a callback on the loop, those that run it, and those that end
#: a loop this thread made and ran.
_SCHEDULES = frozenset({"call_soon", "call_later", "call_at", "create_task"})
_RUNS = frozenset({"run_forever", "run_until_complete"})
_ENDS = frozenset({"stop", "close"})


def _made_here(name: str) -> bool:
    """``asyncio.new_event_loop()`` or a loop class (``asyncio.SelectorEventLoop()``)."""
    return name.startswith("asyncio.") and (
        name.endswith(".new_event_loop") or name.endswith("EventLoop")
    )


def _run_here(function: FunctionFacts, site: CallSite) -> bool:
    """The call is made on a loop that this thread runs itself, in the same function:
    ``loop.call_soon(cb)`` before ``loop.run_forever()`` (the loop is not running yet, and
    ``run_forever()`` raises on a running loop), or ``loop.stop()``/``close()`` after a
    ``loop.run_until_complete(main())`` of a loop the function made itself before that run
    (``self._loop = asyncio.new_event_loop()``): the run has returned, on this thread, and no
    other thread was given the loop to run. A call of another method after the run, or one
    before it that is no scheduling (``stop()``), stays reported. ``asyncio.ensure_future(coro,
    loop=self._loop)`` schedules on the loop it is given: it is such a scheduling when the
    function made a loop before it, runs ``self._loop`` after it and never tests
    ``self._loop.is_running()`` (the loop given as an attribute of ``self``; the facts do not
    keep a local's)."""
    callee = site.callee
    runs: set[Ref]
    if isinstance(callee, GlobalRef) and callee.name in _ENSURE_FUTURE:
        loop = _loop_argument(site)
        if loop is None or not loop.attrs:
            return False
        runs = {with_attrs(loop, (*loop.attrs, run)) for run in _RUNS}
        running = with_attrs(loop, (*loop.attrs, "is_running"))
        return (
            # The function made a loop before the call (the one it stores there) ...
            _loop_made_before(function, site.line)
            # ... runs that loop after it, and never asks whether it runs already (``if
            # loop.is_running(): ensure_future(...) else: run_until_complete(...)`` schedules
            # on a loop another thread may be running).
            and any(later.line > site.line and later.callee in runs for later in function.calls)
            and all(other.callee != running for other in function.calls)
        )
    if isinstance(callee, GlobalRef):
        receiver, _, method = callee.name.rpartition(".")
        runs = {GlobalRef(f"{receiver}.{run}") for run in _RUNS}
    else:
        if not callee.attrs:
            return False
        method = callee.attrs[-1]
        runs = {with_attrs(callee, (*callee.attrs[:-1], run)) for run in _RUNS}
    if method in _SCHEDULES:
        return any(later.line > site.line and later.callee in runs for later in function.calls)
    if method not in _ENDS:
        return False
    run_lines = [other.line for other in function.calls if other.callee in runs]
    if not run_lines or min(run_lines) >= site.line:
        return False
    first_run = min(run_lines)
    if any(
        handoff.method in THREAD_TAKERS and first_run <= handoff.line <= site.line
        for handoff in function.scheduled
    ):
        return False  # a thread started between the run and the call may run the loop now
    return _loop_made_before(function, first_run)


def _loop_made_before(function: FunctionFacts, line: int) -> bool:
    """``function`` makes an event loop (``asyncio.new_event_loop()``, a loop class) before
    ``line``."""
    return any(
        other.line < line and isinstance(other.callee, GlobalRef) and _made_here(other.callee.name)
        for other in function.calls
    )


#: ``asyncio.ensure_future``: its ``loop=`` argument names the loop it schedules on.
_ENSURE_FUTURE = frozenset({"asyncio.ensure_future", "asyncio.tasks.ensure_future"})


def _loop_argument(site: CallSite) -> SelfRef | ClsRef | None:
    """The ``loop=`` argument of ``site`` when it is an attribute of ``self`` or ``cls``
    (``PassedArguments.code`` keeps those references), else None."""
    passed = site.passed
    if passed is None:
        return None
    for key, ref in passed.code:
        if key == "loop" and isinstance(ref, SelfRef | ClsRef):
            return ref
    return None


#: Module functions that find the loop themselves: ``asyncio.create_task()`` the running loop
#: of the calling thread, ``asyncio.ensure_future()`` without ``loop=`` that one or the loop set
#: for the calling thread. From a worker thread without a loop of its own they raise
#: ``RuntimeError`` at once; they never reach the loop another thread runs.
_OWN_LOOP_CALLS = frozenset({"asyncio.create_task", "asyncio.ensure_future"})


def _own_loop_call(name: str, site: CallSite, foreign: bool) -> bool:
    """``asyncio.create_task(coro)``, or ``asyncio.ensure_future(coro)`` with no ``loop=``
    (nor ``**kwargs`` that may give one) on a thread whose code sets no event loop it does not
    make or run itself (``foreign``: ``asyncio.set_event_loop(main_loop)`` makes the main
    thread's loop this thread's, and ``ensure_future`` would schedule on it)."""
    if name == "asyncio.create_task":
        return True
    passed = site.passed
    given = passed is not None and ("loop" in passed.keywords or passed.spread)
    return not given and not foreign


_SET_EVENT_LOOP = frozenset({"asyncio.set_event_loop", "asyncio.events.set_event_loop"})


def _sets_foreign_loop(function: FunctionFacts) -> bool:
    """``function`` calls ``asyncio.set_event_loop(...)`` with a loop it neither made before
    (``asyncio.new_event_loop()``) nor runs after (``run_forever()``, ``run_until_complete()``)."""
    for site in function.calls:
        callee = site.callee
        if not (isinstance(callee, GlobalRef) and callee.name in _SET_EVENT_LOOP):
            continue
        if _loop_made_before(function, site.line):
            continue
        loop = _set_loop_attribute(site)
        if loop is not None:
            runs: set[Ref] = {with_attrs(loop, (*loop.attrs, run)) for run in _RUNS}
            ran = any(later.line >= site.line and later.callee in runs for later in function.calls)
        else:  # a local: run by the function after it
            ran = any(
                later.line >= site.line and _called_name(later.callee) in _RUNS
                for later in function.calls
            )
        if not ran:
            return True
    return False


def _set_loop_attribute(site: CallSite) -> SelfRef | ClsRef | None:
    """The loop ``asyncio.set_event_loop(self._loop)`` sets, when it is an attribute of
    ``self`` or ``cls``."""
    passed = site.passed
    if passed is None:
        return None
    for key, ref in passed.code:
        if key == 0 and isinstance(ref, SelfRef | ClsRef):
            return ref
    return None


#: Calls that hand work to the loop's thread from any thread.
_HANDS_OVER = frozenset({"call_soon_threadsafe", "run_coroutine_threadsafe"})


def _called_name(callee: Ref) -> str | None:
    """The last name of what a call calls (``loop.call_soon_threadsafe`` -> its method)."""
    if isinstance(callee, GlobalRef):
        return callee.name.rpartition(".")[2]
    return callee.attrs[-1] if callee.attrs else None


def _thread_aware(function: FunctionFacts) -> bool:
    """``function`` hands work to the loop itself (``loop.call_soon_threadsafe(...)``,
    ``asyncio.run_coroutine_threadsafe(...)``): it is written to be called from other threads,
    and tests which thread it runs on (``threading.get_ident()``) or whether a loop was set,
    using asyncio directly only on the branch that runs on the loop's thread. The analysis does
    not follow those tests, so it takes the function at its word: nothing it calls is reported."""
    if any(handoff.method in _HANDS_OVER for handoff in function.scheduled):
        return True
    return any(_called_name(site.callee) in _HANDS_OVER for site in function.calls)


class AsyncioFromThread(ProjectRule):
    """ADMF305: an asyncio object is used from a worker thread.

    asyncio objects are not thread-safe. `event.set()`, `queue.put_nowait()`,
    `future.set_result()`, `loop.call_soon()` or `asyncio.create_task()` called from a thread
    other than the loop's corrupt the loop's state or simply do nothing until something else
    wakes the loop: a coroutine waiting on the event may sleep forever. The functions checked
    are those handed to another thread (`threading.Thread(target=f)`, `executor.submit(f)`,
    `loop.run_in_executor(None, f)`, `asyncio.to_thread(f)`), the callbacks of a paho-mqtt
    client (`client.on_message = f`, `client.message_callback_add(topic, f)`, in a function)
    whose network thread the project starts (`loop_start()` on the same attribute of `self` in
    the same class, a base or a subclass, on the same module variable, or on the same local in
    the same function; a program that runs `loop_forever()` itself runs them on its own thread),
    and every sync function of the project they call; the asyncio object must be resolvable
    (`self.ready = asyncio.Event()`, `fut = loop.create_future()`, annotations); an object the
    thread creates itself (its own loop) is its own, and so is a loop it runs next:
    `loop.call_soon(cb)` followed by `loop.run_forever()` in the same function schedules on a
    loop that is not running yet, as does `asyncio.ensure_future(coro, loop=self._loop)` in a
    function that made a loop before it, runs `self._loop` after it and never asks
    `self._loop.is_running()` (a loop held in a local is not followed there: that call stays
    reported). `asyncio.create_task(coro)` is not reported: it takes the calling thread's
    running loop, and a thread without one gets a `RuntimeError` at once, not another thread's
    loop; nor is `asyncio.ensure_future(coro)` without `loop=`, which takes the loop set for the
    thread, unless the thread's code sets one it neither made nor runs
    (`asyncio.set_event_loop(main_loop)`). A loop the function makes (`self._loop =
    asyncio.new_event_loop()`), runs to completion and then stops or closes (in a `finally`) is
    its own too; any other call after the run is still reported (the loop may have been handed
    to another thread). A function that hands work to the loop itself
    (`loop.call_soon_threadsafe(...)`, `asyncio.run_coroutine_threadsafe(...)`) is taken to test
    which thread it is on, or whether a loop was set, and to use asyncio directly only on the
    loop's thread: what it does and calls is not reported (a thread's code with no such hand-off
    anywhere still is). The finding is reported where the thread's code makes the call that
    leads to the asyncio use (that is the code to change), with the way down as related
    locations.

    Fix: hand the operation to the loop: `loop.call_soon_threadsafe(event.set)`,
    `loop.call_soon_threadsafe(queue.put_nowait, item)`,
    `asyncio.run_coroutine_threadsafe(coro, loop)`.
    """

    code = "ADMF305"
    name = "asyncio-from-thread"
    VALID: ClassVar[list[str]] = [
        "import asyncio, threading\n\nclass Feed:\n    def __init__(self):\n"
        "        self.loop = asyncio.get_event_loop()\n        self.ready = asyncio.Event()\n\n"
        "    def _worker(self):\n        self.loop.call_soon_threadsafe(self.ready.set)\n\n"
        "    def start(self):\n        threading.Thread(target=self._worker).start()\n",
        "import asyncio\n\nclass Feed:\n    def __init__(self):\n"
        "        self.ready = asyncio.Event()\n\n    def _on_loop(self):\n"
        "        self.ready.set()\n\n    async def run(self):\n"
        "        asyncio.get_running_loop().call_soon(self._on_loop)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import asyncio, threading\n\nclass Feed:\n    def __init__(self):\n"
            "        self.ready = asyncio.Event()\n\n    def _worker(self):\n"
            "        self._connect()\n\n    def _connect(self):\n        self.ready.set()\n\n"
            "    def start(self):\n        threading.Thread(target=self._worker).start()\n",
            message="`Feed._connect()` is called from a worker thread and uses "
            "`asyncio.Event.set()`: `Feed._worker() -> Feed._connect() -> asyncio.Event.set()`",
        ),
        Invalid(
            "import asyncio\n\nasync def main(queue: asyncio.Queue):\n"
            "    def produce():\n        queue.put_nowait(1)\n"
            "    await asyncio.to_thread(produce)\n"
        ),
        Invalid(
            "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n\n"
            "POOL = ThreadPoolExecutor()\n\nasync def main():\n"
            "    fut = asyncio.get_running_loop().create_future()\n"
            "    POOL.submit(lambda: fut.set_result(1))\n    return await fut\n"
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        index = project.index
        reported: set[tuple[str, int, int, str]] = set()
        for module, fn in index.iter_functions():
            for handoff in fn.scheduled:
                paho = None
                if handoff.method not in THREAD_TAKERS:
                    paho = paho_thread_start(index, handoff, fn.qualname)
                    if paho is None:
                        continue
                elif not self._runs_in_thread(project, handoff):
                    continue
                entry = index.resolve(handoff.callback)
                if entry is not None and index.name_of(entry) in NOT_THREADSAFE:
                    # ``submit(lambda: fut.set_result(1))`` or ``Thread(target=event.set)``.
                    yield project.finding(
                        module,
                        (handoff.line, handoff.column),
                        self.code,
                        f"`{index.name_of(entry)}()` is handed to {_taker(handoff)}; "
                        "asyncio objects are not thread-safe: use "
                        "`loop.call_soon_threadsafe(...)` instead",
                        related=[] if paho is None else [_started_here(index, paho)],
                    )
                    continue
                if entry is None or entry[0] != "func":
                    continue
                start = index.functions[entry[1]]
                if start.is_async or start.is_generator:
                    continue
                reachable = list(self._reachable(project, start))
                foreign = any(_sets_foreign_loop(function) for function, _ in reachable)
                for function, path in reachable:
                    for site in function.calls:
                        if _created_here(site.callee):
                            continue  # an object made in this thread belongs to it
                        name = index.name_of(index.callee(site))
                        if name not in NOT_THREADSAFE:
                            continue
                        if name in _OWN_LOOP_CALLS and _own_loop_call(name, site, foreign):
                            continue  # on this thread's own loop, or RuntimeError at once
                        if _run_here(function, site):
                            continue  # on a loop this thread runs in the same function
                        finding = self._finding(
                            project, module, handoff, start, function, site, name, path, paho
                        )
                        key = (finding.path, finding.line, finding.column, name)
                        if key not in reported:
                            reported.add(key)
                            yield finding

    def _finding(
        self,
        project: ProjectContext,
        handoff_module: ModuleFacts,
        handoff: ScheduledCallback,
        start: FunctionFacts,
        function: FunctionFacts,
        site: CallSite,
        name: str,
        path: list[CallEdge],
        paho: tuple[str, int, int] | None = None,
    ) -> Finding:
        """Reported where the thread's own code makes the call that leads to the asyncio use.

        That is the code to change (a library function meant for the loop thread is not wrong
        because a thread calls it); the rest of the way is in ``related``.
        """
        index = project.index
        if paho is None:
            related = [
                Related(
                    handoff_module.path,
                    handoff.line,
                    handoff.column,
                    f"`{short_name(project, start.qualname)}()` is handed to {_taker(handoff)} "
                    "here",
                )
            ]
        else:
            related = [
                Related(
                    handoff_module.path,
                    handoff.line,
                    handoff.column,
                    f"`{short_name(project, start.qualname)}()` is stored as the client's "
                    f"`{handoff.method}` callback here",
                ),
                _started_here(index, paho),
            ]
        related += call_steps(project, path[1:])
        method = name.rpartition(".")[2]
        advice = (
            "asyncio objects are not thread-safe: use "
            f"`loop.call_soon_threadsafe(obj.{method}, ...)` or "
            "`asyncio.run_coroutine_threadsafe(...)`"
        )
        if not path:
            return project.finding(
                index.function_module[function.qualname],
                site,
                self.code,
                f"`{name}()` is called from {_thread(handoff)} "
                f"(`{short_name(project, function.qualname)}()` runs in "
                f"{'one' if handoff.method in THREAD_TAKERS else 'it'}); {advice}",
                related=related,
            )
        target_module = index.function_module[function.qualname]
        related.append(
            Related(
                target_module.path,
                site.line,
                site.column,
                f"`{short_name(project, function.qualname)}()` calls `{name}()`",
            )
        )
        first = path[0]
        return project.finding(
            index.function_module[first.caller],
            first.site,
            self.code,
            f"`{short_name(project, first.callee)}()` is called from {_thread(handoff)} and uses "
            f"`{name}()`: `{short_name(project, start.qualname)}() -> "
            + " -> ".join(f"{short_name(project, e.callee)}()" for e in path)
            + f" -> {name}()`; {advice}",
            related=related,
        )

    @staticmethod
    def _runs_in_thread(project: ProjectContext, handoff: ScheduledCallback) -> bool:
        if handoff.method == "run_in_executor":
            return True
        if handoff.taker is None:
            return False
        value = project.index.resolve(handoff.taker)
        if value is None:
            return False
        if value[0] == "class":
            return "threading.Thread" in project.index.class_ancestors(value[1])
        name = project.index.name_of(value) or ""
        if handoff.method == "Thread":
            return name == "threading.Thread"
        if handoff.method == "to_thread":
            return name in ("asyncio.to_thread", "asyncio.threads.to_thread")
        return (
            name.startswith("concurrent.futures.")
            and name.endswith(".submit")
            and "Process" not in name
        )

    @staticmethod
    def _reachable(
        project: ProjectContext, start: FunctionFacts
    ) -> Iterable[tuple[FunctionFacts, list[CallEdge]]]:
        """``start`` and every sync project function it calls, with the call path to each;
        a thread-aware function (see ``_thread_aware``) is left out, with what it calls."""
        graph, functions = project.graph, project.index.functions
        paths: dict[str, list[CallEdge]] = {start.qualname: []}
        queue = [start.qualname]
        while queue:
            current = queue.pop(0)
            if _thread_aware(functions[current]):
                continue  # it hands over to the loop where it must (see ``_thread_aware``)
            yield functions[current], paths[current]
            for edge in graph.callees.get(current, ()):
                callee = functions[edge.callee]
                if edge.callee in paths or callee.is_async or callee.is_generator:
                    continue
                paths[edge.callee] = [*paths[current], edge]
                queue.append(edge.callee)
