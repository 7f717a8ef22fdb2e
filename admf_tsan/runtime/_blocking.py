"""BlockingDetector: blocking calls on a thread whose asyncio event loop is running.

While installed, the calls the blocking-call catalogue (``admf_tsan.catalogue``) marks
``Wrapped`` are wrapped, each with its would-block predicate (``PREDICATES``). A wrapper
first asks ``_get_running_loop()`` (one C call): off the loop thread (plain threads,
executor workers, ``asyncio.to_thread``) it calls straight through. On the loop thread it
asks whether *this* call would block:

* ``time.sleep(0)``, a socket in non-blocking mode (``timeout == 0``), a set Event, an
  uncontended lock, a non-empty queue, a finished thread or future, ``block=False`` or
  ``timeout=0``: no;
* a call made by asyncio's own machinery (the loop joining its executor, its subprocess
  transports), by ``threading.Thread.start`` waiting for the new thread, by
  ``ThreadPoolExecutor.submit``, or by ``logging``, ``linecache``, ``traceback`` and
  ``importlib`` internals: allowed;
* anything else is reported with the running task and its stack (the coroutine and the
  helpers it went through), and raises ``BlockingCallError`` before the call when the
  session raises on violation.

Limits: functions bound before installation (``from time import sleep``) and C types that
cannot be patched without ``forbiddenfruit`` (``_thread.lock`` made before checking began,
``queue.SimpleQueue``, reads on already-open files) are not seen; locks made while checking
is on, and files opened while the loop runs, are.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib
import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FrameType
from typing import Any

from admf_tsan.catalogue import (
    CATALOGUE,
    NOT_GIVEN,
    BlockingCall,
    CheckedVia,
    Wrapped,
    is_ip_address,
    value_matches,
)
from admf_tsan.runtime import _sites
from admf_tsan.runtime._patching import Patch, apply_patches, restore_patches
from admf_tsan.runtime._state import begin_wait, end_wait, hooks, thread_state

try:
    from _asyncio import _get_running_loop
except ImportError:  # pragma: no cover - the pure Python asyncio
    from asyncio.events import _get_running_loop

__all__ = ["BlockingDetector", "BlockingStatistics"]

Emit = Callable[[str, str, str], None]
WouldBlock = Callable[..., bool]


def _always(*args: Any, **kwargs: Any) -> bool:
    return True


def _sleep_blocks(seconds: float = 0, *args: Any, **kwargs: Any) -> bool:
    return bool(seconds > 0)


def _socket_blocks(sock: socket.socket, *args: Any, **kwargs: Any) -> bool:
    try:
        return sock.gettimeout() != 0.0
    except OSError:
        return False


def _socket_connect_blocks(sock: socket.socket, *args: Any, **kwargs: Any) -> bool:
    """A blocking socket's ``connect()`` waits, but for a datagram socket's (the linter's
    ``UDP_SOCKETS``): that only records the peer, unless the address names a host, which the
    call looks up first."""
    if not _socket_blocks(sock):
        return False
    if sock.type != socket.SOCK_DGRAM:
        return True
    address = args[0] if args else kwargs.get("address")
    if not isinstance(address, tuple):
        return False  # a path (AF_UNIX): nothing to look up
    host = address[0] if address else None
    if isinstance(host, bytes):
        host = host.decode("latin-1")
    # CPython parses an address, "" (any) and "<broadcast>" without the resolver.
    return not (isinstance(host, str) and (host in ("", "<broadcast>") or is_ip_address(host)))


def _fd_blocks(fd: int, *args: Any, **kwargs: Any) -> bool:
    try:
        return os.get_blocking(fd)
    except OSError:
        return False


def _fd_write_blocks(fd: int, *args: Any, **kwargs: Any) -> bool:
    # Writes to the terminal or the logs are what print() does; not worth a report.
    return fd not in (1, 2) and _fd_blocks(fd)


def _timeout_of(args: tuple[Any, ...], kwargs: dict[str, Any], position: int, name: str) -> Any:
    if name in kwargs:
        return kwargs[name]
    return args[position] if len(args) > position else None


def _event_wait_blocks(event: threading.Event, *args: Any, **kwargs: Any) -> bool:
    return not event.is_set() and _timeout_of(args, kwargs, 0, "timeout") != 0


def _condition_wait_blocks(condition: threading.Condition, *args: Any, **kwargs: Any) -> bool:
    return bool(_timeout_of(args, kwargs, 0, "timeout") != 0)


def _join_blocks(thread: threading.Thread, *args: Any, **kwargs: Any) -> bool:
    return (
        thread.is_alive()
        and thread is not threading.current_thread()
        and _timeout_of(args, kwargs, 0, "timeout") != 0
    )


def _semaphore_blocks(sem: threading.Semaphore, *args: Any, **kwargs: Any) -> bool:
    blocking = _timeout_of(args, kwargs, 0, "blocking")
    if blocking is False or _timeout_of(args, kwargs, 1, "timeout") == 0:
        return False
    return bool(sem._value == 0)


def _barrier_blocks(barrier: threading.Barrier, *args: Any, **kwargs: Any) -> bool:
    if _timeout_of(args, kwargs, 0, "timeout") == 0:
        return False
    return barrier.n_waiting + 1 < barrier.parties


def _queue_get_blocks(q: queue.Queue[Any], *args: Any, **kwargs: Any) -> bool:
    block = _timeout_of(args, kwargs, 0, "block")
    if block is False or _timeout_of(args, kwargs, 1, "timeout") == 0:
        return False
    return q.qsize() == 0


def _queue_put_blocks(q: queue.Queue[Any], *args: Any, **kwargs: Any) -> bool:
    block = _timeout_of(args[1:], kwargs, 0, "block")
    if block is False or _timeout_of(args[1:], kwargs, 1, "timeout") == 0:
        return False
    return q.maxsize > 0 and q.qsize() >= q.maxsize


def _future_blocks(future: concurrent.futures.Future[Any], *args: Any, **kwargs: Any) -> bool:
    return not future.done() and _timeout_of(args, kwargs, 0, "timeout") != 0


def _popen_wait_blocks(popen: subprocess.Popen[Any], *args: Any, **kwargs: Any) -> bool:
    return popen.returncode is None and _timeout_of(args, kwargs, 0, "timeout") != 0


def _popen_communicate_blocks(popen: subprocess.Popen[Any], *args: Any, **kwargs: Any) -> bool:
    return popen.returncode is None and _timeout_of(args, kwargs, 1, "timeout") != 0


def _select_blocks(*args: Any, **kwargs: Any) -> bool:
    return bool(_timeout_of(args, kwargs, 3, "timeout") != 0)


def _waitpid_blocks(pid: int, options: int = 0, *args: Any, **kwargs: Any) -> bool:
    return not options & os.WNOHANG


def _wait3_blocks(options: int = 0, *args: Any, **kwargs: Any) -> bool:
    return not options & os.WNOHANG


def _waitid_blocks(idtype: int, ident: int, options: int = 0, *args: Any, **kwargs: Any) -> bool:
    return not options & os.WNOHANG


def _spawn_blocks(mode: int, *args: Any, **kwargs: Any) -> bool:
    return bool(mode == getattr(os, "P_WAIT", 0))


def _queue_join_blocks(q: queue.Queue[Any], *args: Any, **kwargs: Any) -> bool:
    return bool(q.unfinished_tasks > 0)


def _futures_wait_blocks(fs: Any, *args: Any, **kwargs: Any) -> bool:
    if _timeout_of(args, kwargs, 0, "timeout") == 0:
        return False
    if not isinstance(fs, (list, tuple, set, frozenset)):
        return True  # an iterator: looking at it would consume it
    done = [future.done() for future in fs]
    first = _timeout_of(args, kwargs, 1, "return_when") == concurrent.futures.FIRST_COMPLETED
    return not any(done) if first else not all(done)


#: The would-block predicate of each name the catalogue uses (``Wrapped.would_block``).
PREDICATES: dict[str, WouldBlock] = {
    "always": _always,
    "sleep": _sleep_blocks,
    "fd": _fd_blocks,
    "fd_write": _fd_write_blocks,
    "socket": _socket_blocks,
    "socket_connect": _socket_connect_blocks,
    "select": _select_blocks,
    "waitpid": _waitpid_blocks,
    "wait3": _wait3_blocks,
    "wait4": _waitpid_blocks,
    "waitid": _waitid_blocks,
    "spawn": _spawn_blocks,
    "popen_wait": _popen_wait_blocks,
    "popen_communicate": _popen_communicate_blocks,
    "event_wait": _event_wait_blocks,
    "condition_wait": _condition_wait_blocks,
    "join": _join_blocks,
    "semaphore": _semaphore_blocks,
    "barrier": _barrier_blocks,
    "queue_get": _queue_get_blocks,
    "queue_put": _queue_put_blocks,
    "queue_join": _queue_join_blocks,
    "future": _future_blocks,
    "futures_wait": _futures_wait_blocks,
}


@dataclass(frozen=True)
class _Target:
    owner: Any
    name: str
    label: str
    would_block: WouldBlock
    wait_kind: str | None = None
    timeout_at: int = 0
    #: The catalogue name (``threading.Event.wait``).
    qualname: str = ""


def runtime_label(call: BlockingCall) -> str:
    """How reports name ``call``: ``time.sleep()``, ``Event.wait()``, ``open()``."""
    if not isinstance(call.runtime, Wrapped):
        return call.name + "()"
    if "." in call.runtime.attribute:  # a method: Class.method
        return ".".join(call.name.split(".")[-2:]) + "()"
    if call.runtime.module == "builtins":
        return call.runtime.attribute + "()"
    return call.name + "()"


def _owner(wrapped: Wrapped) -> Any:
    """The object whose attribute is replaced, or None when its module is not available."""
    try:
        owner: Any = importlib.import_module(wrapped.module)
    except ImportError:  # e.g. Python built without ssl or sqlite3
        return None
    for part in wrapped.attribute.split(".")[:-1]:
        owner = getattr(owner, part, None)
    return owner


def _given(args: tuple[Any, ...], kwargs: dict[str, Any], position: int | None, name: str) -> Any:
    if name in kwargs:
        return kwargs[name]
    if position is not None and position < len(args):
        return args[position]
    return NOT_GIVEN


def _with_arguments(call: BlockingCall, would_block: WouldBlock) -> WouldBlock:
    """``would_block``, and not when the call's arguments are ones for which the catalogue's
    ``non_blocking`` rules say it returns at once (what the linter reads in the source):
    ``getaddrinfo("127.0.0.1", 80)``, ``getnameinfo(address, NI_NUMERICHOST)``. The rules on
    the linter's pseudo-arguments (a socket known to be non-blocking, a future known to be
    done), which no call passes, are left to the predicate, which sees the object itself."""
    rules = tuple(
        (keyword, position, values)
        for keyword, position, values in call.non_blocking
        if not keyword.startswith("_admf_")
    )
    if not rules:
        return would_block
    assert isinstance(call.runtime, Wrapped)
    # A method's wrapper gets the receiver first; the rules count arguments after it.
    skip = 1 if "." in call.runtime.attribute else 0

    def blocks(*args: Any, **kwargs: Any) -> bool:
        if not would_block(*args, **kwargs):
            return False
        arguments = args[skip:]
        for keyword, position, values in rules:
            given = _given(arguments, kwargs, position, keyword)
            if any(value_matches(expected, given) for expected in values):
                return False
        return True

    return blocks


def _targets() -> list[_Target]:
    """Everything the detector wraps: the catalogue's ``Wrapped`` entries, with predicates."""
    targets = []
    for call in CATALOGUE:
        wrapped = call.runtime
        if not isinstance(wrapped, Wrapped):
            continue
        owner = _owner(wrapped)
        if owner is None:
            continue
        targets.append(
            _Target(
                owner,
                wrapped.attribute.rsplit(".", 1)[-1],
                runtime_label(call),
                _with_arguments(call, PREDICATES[wrapped.would_block]),
                wrapped.wait_kind,
                wrapped.timeout_at,
                call.name,
            )
        )
    return targets


def _checked_methods(factory: str, prefix: str) -> list[str]:
    """The methods checked on objects made by the wrapped ``factory`` (``CheckedVia``)."""
    return [
        call.name[len(prefix) :]
        for call in CATALOGUE
        if call.runtime == CheckedVia(factory) and call.name.startswith(prefix)
    ]


def _module_dir(module: Any) -> str:
    return str(os.path.dirname(os.path.realpath(module.__file__))) + os.sep


def _allowed_caller_dirs() -> tuple[str, ...]:
    import logging

    return (_module_dir(asyncio), _module_dir(logging), _module_dir(importlib))


def _allowed_caller_files() -> frozenset[str]:
    import linecache
    import traceback

    return frozenset(os.path.realpath(m.__file__ or "") for m in (linecache, traceback))


@dataclass(frozen=True)
class BlockingStatistics:
    """Counts of one detector's work (a snapshot)."""

    wrapped_functions: int
    checked_on_loop: int
    allowed_on_loop: int
    reported: int


class BlockingDetector:
    """Finds blocking calls on event-loop threads (see the module docstring).

    ``emit(kind, summary, text)`` receives each report and may raise (the exception then
    replaces the blocking call). ``install()``/``uninstall()`` patch and restore; the patches
    cost nothing once uninstalled and one C call per wrapped call off the loop thread.
    """

    def __init__(self, emit: Emit, *, allow: tuple[Callable[..., Any] | str, ...] = ()) -> None:
        self._emit = emit
        self._patches: list[Patch] = []
        self._allowed_codes: set[CodeType] = {
            threading.Thread.start.__code__,
            concurrent.futures.ThreadPoolExecutor.submit.__code__,
        }
        self._allowed_names: set[str] = set()
        self._user_allowed = False
        self._allowed_dirs = _allowed_caller_dirs()
        self._allowed_files = _allowed_caller_files()
        self._checked = self._allowed = self._reported = 0
        self.installed = False
        self.reporting = False
        for entry in allow:
            self.allow(entry)

    def allow(self, function: Callable[..., Any] | str) -> None:
        """Let blocking calls made from ``function`` (anywhere up its stack) through.

        ``function`` is a function object or a ``module.qualname`` string. Raises TypeError
        for anything else.
        """
        if isinstance(function, str):
            self._allowed_names.add(function.rsplit(".", 1)[-1])
            self._user_allowed = True
            return
        code = getattr(function, "__code__", None)
        if not isinstance(code, CodeType):
            raise TypeError(
                f"allow() takes a Python function or a 'module.name' string, not {function!r}"
            )
        self._allowed_codes.add(code)
        self._user_allowed = True

    # -- installation --------------------------------------------------------------------

    def install(self, *, waits_only: bool = False) -> None:
        """Wrap every target (only the threading and queue waits, which the watchdog tracks,
        when ``waits_only``). Raises RuntimeError if already installed."""
        if self.installed:
            raise RuntimeError("this BlockingDetector is already installed")
        self.reporting = not waits_only
        self._patches = [
            Patch(target.owner, target.name, self._make_wrapper_factory(target))
            for target in _targets()
            if hasattr(target.owner, target.name) and (target.wait_kind or not waits_only)
        ]
        apply_patches(self._patches)
        self.installed = True

    def uninstall(self) -> None:
        """Restore every wrapped function (idempotent)."""
        if not self.installed:
            return
        self.installed = self.reporting = False
        restore_patches(self._patches)

    def _make_wrapper_factory(self, target: _Target) -> Callable[[Any], Any]:
        detector = self

        def make(original: Callable[..., Any]) -> Callable[..., Any]:
            if target.wait_kind is not None:
                wait_wrapper: Callable[..., Any] = _wait_wrapper(detector, original, target)
                return wait_wrapper
            if target.owner.__name__ == "sqlite3":
                return _sqlite_connect_wrapper(detector, original, target)

            def wrapper(*args: Any, **kwargs: Any) -> Any:
                if _get_running_loop() is None or thread_state.busy:
                    return original(*args, **kwargs)
                return detector._on_loop(original, target, sys._getframe(1), args, kwargs)

            # Keep function attributes (shutil.rmtree.avoids_symlink_attacks) visible.
            wrapper.__dict__.update(getattr(original, "__dict__", {}))
            wrapper.__wrapped__ = original  # type: ignore[attr-defined]
            wrapper.__name__ = getattr(original, "__name__", target.name)
            wrapper.__qualname__ = getattr(original, "__qualname__", target.name)
            wrapper.__doc__ = getattr(original, "__doc__", None)
            return wrapper

        return make

    # -- the check -----------------------------------------------------------------------

    def _on_loop(
        self,
        original: Callable[..., Any],
        target: _Target,
        caller: FrameType,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        if self.reporting and target.would_block(*args, **kwargs):
            self.on_blocking_call(target.label, caller)
        state = thread_state
        state.busy = True
        try:
            return original(*args, **kwargs)
        finally:
            state.busy = False

    def is_allowed(self, caller: FrameType | None) -> bool:
        """True when a blocking call made by ``caller`` is allowed.

        It is when the library frames between the call and the nearest user frame include
        asyncio's machinery, ``logging``, ``importlib``, ``linecache``/``traceback`` or an
        allowed stdlib function (``Thread.start``, ``ThreadPoolExecutor.submit``), or when
        any frame of the stack runs a function given to ``allow()``.
        """
        frame: FrameType | None = caller
        while frame is not None and _sites.is_internal(frame.f_code.co_filename):
            code = frame.f_code
            filename = code.co_filename
            if filename.startswith(self._allowed_dirs) or filename in self._allowed_files:
                return True
            if code in self._allowed_codes:
                return True
            frame = frame.f_back
        if not self._user_allowed:
            return False
        while frame is not None:
            code = frame.f_code
            if code in self._allowed_codes or code.co_name in self._allowed_names:
                return True
            frame = frame.f_back
        return False

    def on_blocking_call(self, label: str, caller: FrameType) -> None:
        """Report that ``label`` is about to block the event loop, called from ``caller``.

        Raises what ``emit`` raises (``BlockingCallError`` when the session raises)."""
        self._checked += 1
        if self.is_allowed(caller):
            self._allowed += 1
            return
        state = thread_state
        was_busy, state.busy = state.busy, True
        try:
            user = _sites.user_frame(caller) or caller
            task = _current_task()
            where = f"{_sites.short_path(user.f_code.co_filename)}:{user.f_lineno}"
            summary = f"blocking call {label} on the event loop thread at {where}"
            stack = _sites.user_stack(caller)
            text = "\n".join(
                [
                    f"BlockingCallError: {label} blocks the running event loop "
                    f"(thread {_sites.current_thread_name()!r}, {task}).",
                    "  Stack of the coroutine, innermost call last:",
                    _sites.format_stack(stack, "    "),
                    "  Fix: await an async equivalent, or move the call off the loop with "
                    "`await asyncio.to_thread(...)` / `loop.run_in_executor(...)`.",
                ]
            )
            self._reported += 1
            self._emit("blocking-call", summary, text)
        finally:
            state.busy = was_busy

    def statistics(self) -> BlockingStatistics:
        """How many calls were wrapped, checked on a loop thread, allowed and reported."""
        return BlockingStatistics(
            wrapped_functions=sum(1 for patch in self._patches if patch.applied),
            checked_on_loop=self._checked,
            allowed_on_loop=self._allowed,
            reported=self._reported,
        )

    def __repr__(self) -> str:
        state = "installed" if self.installed else "not installed"
        return f"<BlockingDetector {state}, {self._reported} blocking call(s) reported>"


def _current_task() -> str:
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return "no task"
    if task is None:
        return "in a loop callback, not a task"
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", repr(coro))
    return f"task {task.get_name()!r} running {name}()"


def _wait_wrapper(detector: BlockingDetector, original: Callable[..., Any], target: _Target) -> Any:
    """A wrapper for threading/queue waits: blocking check on the loop, wait tracking always."""
    kind = target.wait_kind or "wait"
    would_block = target.would_block

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        on_loop = _get_running_loop() is not None
        if not on_loop:
            if not hooks.track_waits or thread_state.busy or not would_block(*args, **kwargs):
                return original(*args, **kwargs)
        state = thread_state
        if state.busy:
            return original(*args, **kwargs)
        if on_loop and not would_block(*args, **kwargs):
            # It will not wait; the library's own short critical sections are not the user's.
            state.busy = True
            try:
                return original(*args, **kwargs)
            finally:
                state.busy = False
        if on_loop and detector.reporting:
            detector.on_blocking_call(target.label, sys._getframe(1))
        if kind == "sleep":  # a finite wait; its end is progress
            record = begin_wait(kind, None, f"time.sleep({args[0] if args else ''})", False)
        else:
            subject = args[0] if args else None
            timeout = _timeout_of(args[1:], kwargs, target.timeout_at, "timeout")
            description = f"{target.label} on {_describe(subject)}"
            record = begin_wait(kind, subject, description, timeout is None)
        state.busy = on_loop
        try:
            return original(*args, **kwargs)
        finally:
            state.busy = False
            end_wait(record)

    wrapper.__wrapped__ = original  # type: ignore[attr-defined]
    wrapper.__name__ = getattr(original, "__name__", target.name)
    wrapper.__qualname__ = getattr(original, "__qualname__", target.name)
    wrapper.__doc__ = getattr(original, "__doc__", None)
    return wrapper


def _describe(subject: Any) -> str:
    if isinstance(subject, threading.Thread):
        return f"thread {subject.name!r}"
    return f"{type(subject).__name__} at {id(subject):#x}"


def _sqlite_connect_wrapper(
    detector: BlockingDetector, original: Callable[..., Any], target: _Target
) -> Callable[..., Any]:
    """``sqlite3.connect`` that reports on the loop and returns a checked connection."""
    import sqlite3

    class CheckedCursor(sqlite3.Cursor):
        pass

    class CheckedConnection(sqlite3.Connection):
        def cursor(self, factory: Any = CheckedCursor) -> Any:
            return super().cursor(factory)

    def checked(label: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            if _get_running_loop() is not None and not thread_state.busy and detector.reporting:
                detector.on_blocking_call(label, sys._getframe(1))
            return method(self, *args, **kwargs)

        call.__name__ = method.__name__
        return call

    for name in _checked_methods("sqlite3.connect", "sqlite3.Connection."):
        setattr(
            CheckedConnection,
            name,
            checked(f"sqlite3.Connection.{name}()", getattr(sqlite3.Connection, name)),
        )
    for name in _checked_methods("sqlite3.connect", "sqlite3.Cursor."):
        setattr(
            CheckedCursor, name, checked(f"sqlite3.Cursor.{name}()", getattr(sqlite3.Cursor, name))
        )

    def connect(*args: Any, **kwargs: Any) -> Any:
        if _get_running_loop() is not None and not thread_state.busy and detector.reporting:
            detector.on_blocking_call(target.label, sys._getframe(1))
        if "factory" not in kwargs and len(args) < 6:
            kwargs["factory"] = CheckedConnection
        return original(*args, **kwargs)

    connect.__wrapped__ = original  # type: ignore[attr-defined]
    return connect
