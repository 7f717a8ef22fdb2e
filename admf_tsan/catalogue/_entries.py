"""The catalogue's entry types, and the builders the family tables share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

#: ``(keyword, position, values)``: the call does not block when that literal argument is one of
#: ``values`` (``q.get(block=False)``, ``event.wait(0)``). ``position`` is ``None`` for
#: keyword-only arguments.
ArgRule = tuple[str, int | None, tuple[Any, ...]]

#: The runtime's would-block predicates, by name (``admf_tsan.runtime._blocking.PREDICATES``).
Predicate = Literal[
    "always",
    "sleep",
    "fd",
    "fd_write",
    "socket",
    "select",
    "waitpid",
    "wait3",
    "wait4",
    "waitid",
    "spawn",
    "popen_wait",
    "popen_communicate",
    "event_wait",
    "condition_wait",
    "join",
    "semaphore",
    "barrier",
    "queue_get",
    "queue_put",
    "queue_join",
    "future",
    "futures_wait",
]

#: The kinds of wait the runtime's watchdog tracks (a wrapped call with a ``wait_kind`` is
#: recorded as a wait of that kind on every thread, not only checked on the loop).
WaitKind = Literal["sleep", "event", "condition", "join", "semaphore", "barrier", "queue", "future"]


@dataclass(frozen=True, slots=True)
class Wrapped:
    """The runtime wraps ``module.attribute`` and reports a call when ``would_block`` says so.

    ``timeout_at`` is the position of the ``timeout`` argument after the receiver (used to tell
    a bounded wait from an unbounded one in the watchdog's report).
    """

    module: str
    attribute: str
    would_block: Predicate = "always"
    wait_kind: WaitKind | None = None
    timeout_at: int = 0


@dataclass(frozen=True, slots=True)
class CheckedVia:
    """Checked on the objects that the wrapped ``factory`` call makes (not on older ones)."""

    factory: str


@dataclass(frozen=True, slots=True)
class SeenAs:
    """Not wrapped; every call goes through the wrapped entry ``name``, which reports it."""

    name: str
    why: str


@dataclass(frozen=True, slots=True)
class NotSeen:
    """Not wrapped by the runtime, for ``reason``."""

    reason: str


Runtime = Wrapped | CheckedVia | SeenAs | NotSeen


@dataclass(frozen=True, slots=True)
class BlockingCall:
    """One catalogue line: a call, the rule that reports it, the advice, the runtime's view."""

    name: str
    code: str
    advice: str
    runtime: Runtime
    non_blocking: tuple[ArgRule, ...] = ()


@dataclass(frozen=True, slots=True)
class BlockingClass:
    """A class every method of which blocks (a file object, a connection pool).

    A call of any method on an instance of ``name`` (or of a subclass) is reported by rule
    ``code``, except the methods in ``returns_at_once`` (``fileno()`` of a file), which only read
    state. ``runtime`` says what the runtime checker does about the class's methods.
    """

    name: str
    code: str
    advice: str
    runtime: Runtime
    returns_at_once: tuple[str, ...] = ()


def _module_calls(
    code: str, module: str, names: Iterable[str], advice: str, would_block: Predicate = "always"
) -> Iterator[BlockingCall]:
    """``module.name`` for each name, each wrapped in place by the runtime."""
    for name in names:
        yield BlockingCall(f"{module}.{name}", code, advice, Wrapped(module, name, would_block))


def _same(code: str, names: Iterable[str], advice: str, runtime: Runtime) -> Iterator[BlockingCall]:
    for name in names:
        yield BlockingCall(name, code, advice, runtime)
