"""ADMF304: a coroutine function of the project is called and its coroutine dropped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Protocol

from admf_tsan.lint.analysis.facts import (
    ClsRef,
    FunctionFacts,
    GlobalRef,
    Ref,
    SelfRef,
    TypeTest,
    ValRef,
)
from admf_tsan.lint.analysis.handoffs import PAHO_CALLBACKS, known_handoff
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.blocking import display_name
from admf_tsan.lint.ftypes import Finding, Related
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule

#: Coroutine functions and methods of asyncio whose result must be awaited.
KNOWN_COROUTINES = frozenset(
    {
        "asyncio.sleep",
        "asyncio.wait",
        "asyncio.wait_for",
        "asyncio.to_thread",
        "asyncio.open_connection",
        "asyncio.open_unix_connection",
        "asyncio.start_server",
        "asyncio.start_unix_server",
        "asyncio.create_subprocess_exec",
        "asyncio.create_subprocess_shell",
        "asyncio.Queue.get",
        "asyncio.Queue.put",
        "asyncio.Queue.join",
        "asyncio.Lock.acquire",
        "asyncio.Event.wait",
        "asyncio.Condition.acquire",
        "asyncio.Condition.wait",
        "asyncio.Condition.wait_for",
        "asyncio.Semaphore.acquire",
        "asyncio.BoundedSemaphore.acquire",
        "asyncio.Barrier.wait",
        "asyncio.StreamWriter.drain",
        "asyncio.StreamWriter.wait_closed",
        "asyncio.StreamReader.read",
        "asyncio.StreamReader.readline",
        "asyncio.StreamReader.readexactly",
        "asyncio.StreamReader.readuntil",
        "asyncio.AbstractEventLoop.sock_recv",
        "asyncio.AbstractEventLoop.sock_sendall",
        "asyncio.AbstractEventLoop.sock_connect",
        "asyncio.AbstractEventLoop.sock_accept",
        "asyncio.AbstractEventLoop.getaddrinfo",
        "asyncio.AbstractEventLoop.shutdown_asyncgens",
        "asyncio.AbstractEventLoop.shutdown_default_executor",
    }
)


def _also(count: int) -> str:
    """The end of a message that stands for further calls of the same display (no number: a
    kept finding's numbers are read as lines when an edit moves them)."""
    if count == 0:
        return ""
    if count == 1:
        return "; nor is its other call in the same display"
    return "; nor are its other calls in the same display"


def _handed_to(method: str) -> str:
    """How the function was handed over: to a call, or stored as a paho-mqtt callback."""
    if method in PAHO_CALLBACKS:
        return f"stored as a paho-mqtt client's `{method}` callback, which paho only calls"
    return f"handed to `{method}()`, which only calls it"


class UnawaitedCoroutine(ProjectRule):
    """ADMF304: a coroutine is created and never awaited, so its body never runs.

    Calling an `async def` function only creates a coroutine object; nothing in its body runs until
    it is awaited or wrapped in a task. A call used as a statement (`self.flush()`) drops that
    object: Python warns "coroutine was never awaited" at garbage collection, long after the
    effect was silently lost. The callee is resolved across the project (methods through `self`,
    imported functions, classes' bases); asyncio's own coroutines (`asyncio.sleep`,
    `asyncio.Queue.put`, `StreamWriter.drain`, ...) are known too. A coroutine function handed to
    something that only calls it (`loop.call_soon(self.flush)`, `Thread(target=main)`,
    `executor.submit(fetch)`) is reported as well, when the receiver is known to be an asyncio
    loop or an executor (a project's own `scheduler.call_soon(coro_fn)` may await what it gets),
    and so is one stored as a paho-mqtt client's callback (`client.on_message = handle`), which
    paho only calls. A call put into a display without `await` (`{"id": meta.get("id"),
    "mac": mac}`) is reported when the function awaits another call of the same callee and the
    display also holds plain values (so it cannot go to `asyncio.gather()` whole), unless the
    name it is bound to is passed to a call, awaited or yielded; the calls of one callee in
    one display are one finding, at the first. Unresolvable calls are not reported.
    An `async def` decorated to run to completion when called (tornado's `@gen_test`,
    asgiref's `@async_to_sync`, asyncer's `@syncify`) is a plain function: calling it returns
    the result; `@pytest.mark.asyncio` leaves a coroutine function.
    So do `staticmethod`, `abc.abstractmethod`, `typing.overload`, `functools.lru_cache` and the
    like, and a decorator of the same module that returns the function it gets or a nested
    `async def` wrapper. Any other decorator may return a plain function that starts the
    coroutine itself (textual's `@work` returns a worker): calls of what it decorates are not
    reported.

    A call that a branch test keeps from dropping a coroutine is not reported either (code
    generated as sync and async twins of one source is written so). Inside `if not
    inspect.iscoroutinefunction(self.close):` (or `asyncio.iscoroutinefunction`; also in the
    `else` of `if iscoroutinefunction(self.close):` and after `if iscoroutinefunction(...):
    return`), `self.close()` runs only where `close` is a plain function. Inside `if
    isinstance(self._lock, (SpinLock, SpinRLock)):`, `self._lock.acquire()` runs the `acquire`
    of those classes: not reported when every class named is the project's own and its
    `acquire` (inherited or not, and that of each of its subclasses in the project) is a plain
    method; a class outside the project, or one whose method is an `async def`, keeps the
    finding. The tested name must be an attribute of `self` or `cls` or a module-level name
    (or a local bound once to one of them) that the branch does not rebind. In the `else` of
    `if isinstance(resp, AsyncResponse): await resp.close()` (or under `if not
    isinstance(...)`), `resp.close()` is not reported when the coroutine it resolves to is a
    method of `AsyncResponse` or a subclass: the object is not of the type the call was
    resolved by (a parameter annotated with the async class that also takes the sync one).

    Fix: `await self.flush()`; or, to run it concurrently, create a task and keep a reference
    to it (see ADMF302).
    """

    code = "ADMF304"
    name = "unawaited-coroutine"
    VALID: ClassVar[list[str]] = [
        "async def flush():\n    pass\n\nasync def main():\n    await flush()\n",
        "import asyncio\n\nasync def flush():\n    pass\n\nasync def main():\n"
        "    await asyncio.gather(flush(), flush())\n",
        "async def ticks():\n    yield 1\n\nasync def main():\n    ticks()\n",
        "from asgiref.sync import async_to_sync\n\n@async_to_sync\nasync def flush():\n"
        "    pass\n\ndef close():\n    flush()\n",
        "from textual import work\n\nclass Screen:\n    @work(exclusive=True)\n"
        "    async def load(self):\n        pass\n\n    def on_mount(self):\n"
        "        self.load()\n",
        "import inspect\n\nclass Conn:\n    async def close(self):\n        pass\n\n"
        "    def __del__(self):\n        if not inspect.iscoroutinefunction(self.close):\n"
        "            self.close()\n",
        "import asyncio\n\nclass SpinLock:\n    def acquire(self):\n        return True\n\n"
        "class Gate:\n    def __init__(self, lock=None):\n"
        "        self._lock = lock or asyncio.Lock()\n\n    async def __aenter__(self):\n"
        "        if isinstance(self._lock, SpinLock):\n            self._lock.acquire()\n"
        "        else:\n            await self._lock.acquire()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "async def flush():\n    pass\n\nasync def main():\n    flush()\n",
            message="coroutine `flush()` is never awaited",
        ),
        Invalid(
            "class Feed:\n    async def stop(self):\n        pass\n\n"
            "    def close(self):\n        self.stop()\n"
        ),
        Invalid(
            "import asyncio\n\nclass Feed:\n    async def flush(self):\n        pass\n\n"
            "    def on_tick(self, loop: asyncio.AbstractEventLoop):\n"
            "        loop.call_soon(self.flush)\n",
            message="coroutine function `Feed.flush()` is handed to `call_soon()`",
        ),
        Invalid(
            "import asyncio\n\nasync def backoff():\n    asyncio.sleep(1)\n",
            message="coroutine `asyncio.sleep()` is never awaited",
        ),
        Invalid(
            "import asyncio\n\nclass Out:\n    def __init__(self):\n"
            "        self.q = asyncio.Queue()\n\n    async def send(self, x):\n"
            "        self.q.put(x)\n"
        ),
        Invalid(
            "import inspect\n\nclass Conn:\n    async def close(self):\n        pass\n\n"
            "    def close_twin(self):\n        if inspect.iscoroutinefunction(self.close):\n"
            "            self.close()\n",
            message="coroutine `Conn.close()` is never awaited",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        index = project.index
        narrowed = _Narrowed(index)
        for module, fn in index.iter_functions():
            for handoff in fn.scheduled:
                if not known_handoff(index, handoff):
                    continue
                value = index.resolve(handoff.callback)
                if value is None or value[0] != "func":
                    continue
                target = index.functions[value[1]]
                if not target.returns_coroutine:
                    continue
                if fn.type_tests and narrowed.excludes(fn, handoff.callback, handoff):
                    continue
                shown = display_name(target.qualname, index.function_module[target.qualname].module)
                yield project.finding(
                    module,
                    (handoff.line, handoff.column),
                    self.code,
                    f"coroutine function `{shown}()` is {_handed_to(handoff.method)}: the "
                    "coroutine it returns is never awaited; schedule it with "
                    "`asyncio.create_task(...)` (from another thread: "
                    "`asyncio.run_coroutine_threadsafe(...)`)",
                )
            for site in fn.calls:
                if not site.discarded or site.awaited:
                    continue
                value = index.callee(site)
                if value is None:
                    continue
                if value[0] == "func":
                    target = index.functions[value[1]]
                    if not target.returns_coroutine:
                        continue
                    shown = display_name(
                        target.qualname, index.function_module[target.qualname].module
                    )
                elif value[0] == "ext" and value[1] in KNOWN_COROUTINES:
                    shown = value[1]
                else:
                    continue
                if fn.type_tests and narrowed.excludes(fn, site.callee, site):
                    continue
                yield project.finding(
                    module,
                    site,
                    self.code,
                    f"coroutine `{shown}()` is never awaited, so it never runs; add `await` "
                    "(or create a task and keep it, see ADMF302)" + _also(len(site.also)),
                    related=[
                        Related(module.path, spot.line, spot.column, f"`{shown}()` again")
                        for spot in site.also
                    ],
                )


class _Narrowed:
    """Whether a branch test around a call (:class:`TypeTest`) rules out a coroutine there.

    ``if not inspect.iscoroutinefunction(self.close): self.close()``: the call runs only where
    ``self.close`` is a plain function. ``if isinstance(self._lock, (CoopLock, CoopRLock)):
    self._lock.acquire()``: the call runs the ``acquire`` of those classes; it is ruled out only
    when every class named is a class of the project whose method (its own or inherited), and
    that of every project subclass, is a plain function (not an ``async def``, nor one with an
    unknown decorator). An external or unresolvable class keeps the finding.
    """

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self._subclasses: dict[str, list[str]] | None = None
        self._plain: dict[tuple[str, str], bool] = {}

    def excludes(self, fn: FunctionFacts, callee: Ref, at: _Positioned) -> bool:
        position = (at.line, at.column)
        for test in fn.type_tests:
            if not (test.line, test.column) <= position <= (test.end_line, test.end_column):
                continue
            if test.kind == "sync" and callee == test.subject:
                return True
            if test.kind == "isinstance":
                method = _method_of(callee, test.subject)
                if method is not None and self._all_plain(test, method):
                    return True
            if test.kind == "notinstance" and _method_of(callee, test.subject) is not None:
                if self._ruled_out(callee, test):
                    return True
        return False

    def _ruled_out(self, callee: Ref, test: TypeTest) -> bool:
        """Whether the coroutine ``callee`` resolves to is a method of one of the classes the
        test says the object is not (or of a subclass of one): the object's type is not the
        one that resolved the call, so the call is not known to make a coroutine."""
        value = self.index.resolve(callee)
        if value is None or value[0] != "func":
            return False
        owner = self.index.functions[value[1]].class_qualname
        if owner is None:
            return False
        ancestors = set(self.index.class_ancestors(owner))
        for ref in test.classes:
            excluded = self.index.resolve(ref)
            if excluded is not None and excluded[0] == "class" and excluded[1] in ancestors:
                return True
        return False

    def _all_plain(self, test: TypeTest, method: str) -> bool:
        for ref in test.classes:
            value = self.index.resolve(ref)
            if value is None or value[0] != "class" or value[1] not in self.index.classes:
                return False
            if not all(self._plain_method(cls, method) for cls in self._family(value[1])):
                return False
        return bool(test.classes)

    def _plain_method(self, qualname: str, method: str) -> bool:
        key = (qualname, method)
        known = self._plain.get(key)
        if known is None:
            value = self.index.resolve(ClsRef(qualname, (method,)))
            target = None
            if value is not None and value[0] == "func":
                target = self.index.functions.get(value[1])
            known = target is not None and not (
                target.is_async and not target.is_generator and not target.sync_wrapper
            )
            self._plain[key] = known
        return known

    def _family(self, qualname: str) -> list[str]:
        """``qualname`` and the project's classes that derive from it."""
        if self._subclasses is None:
            subclasses: dict[str, list[str]] = {}
            for name in sorted(self.index.classes):
                for ancestor in self.index.class_ancestors(name):
                    subclasses.setdefault(ancestor, []).append(name)
            self._subclasses = subclasses
        return self._subclasses.get(qualname, [qualname])


class _Positioned(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def _method_of(callee: Ref, subject: Ref) -> str | None:
    """``m`` when ``callee`` is ``subject.m``; else None."""
    if type(callee) is GlobalRef and type(subject) is GlobalRef:
        owner, _, method = callee.name.rpartition(".")
        return method if owner == subject.name else None
    if (type(callee) is SelfRef and type(subject) is SelfRef) or (
        type(callee) is ClsRef and type(subject) is ClsRef
    ):
        if callee.owner == subject.owner and callee.attrs[:-1] == subject.attrs and callee.attrs:
            return callee.attrs[-1]
    if type(callee) is ValRef and type(subject) is ValRef:
        if callee.source == subject.source and callee.attrs[:-1] == subject.attrs and callee.attrs:
            return callee.attrs[-1]
    return None
