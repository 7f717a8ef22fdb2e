"""The catalogue's entry types, and the builders the family tables share."""

from __future__ import annotations

import importlib
import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

#: ``(keyword, position, values)``: the call does not block when that argument matches one of
#: ``values`` (see :func:`argument_matches`): a literal (``q.get(block=False)``,
#: ``event.wait(0)``) or a pattern (:class:`IpAddress`, :class:`Flag`, :class:`Absent`,
#: :class:`AtMost`). ``position`` is ``None`` for keyword-only arguments.
ArgRule = tuple[str, int | None, tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class IpAddress:
    """Matches a string literal that is an IP address (``"127.0.0.1"``, ``"::1"``): no name to
    look up."""


@dataclass(frozen=True, slots=True)
class Flag:
    """Matches an argument that names the constant ``name``, alone or OR-ed with others
    (``flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV``, or a module constant holding
    that)."""

    name: str


@dataclass(frozen=True, slots=True)
class Absent:
    """Matches an argument that is not given (``queue.Queue()``: no ``maxsize``)."""


@dataclass(frozen=True, slots=True)
class AtMost:
    """Matches a literal number not above ``bound`` (``queue.Queue(0)``: unbounded)."""

    bound: int


@dataclass(frozen=True, slots=True)
class AtLeast:
    """Matches a literal number not below ``bound`` (``queue.Queue(10)``: bounded)."""

    bound: int


#: How the linter records an argument it cannot read as a literal (the key's value is missing).
NOT_GIVEN: Any = ...

#: A pseudo-keyword the linter records as ``True`` at a call its receiver is known to be a
#: non-blocking socket: ``sock.setblocking(False)`` (or ``settimeout(0)``) earlier in the same
#: function on the same name or attribute, or the call sits in a ``try`` one of whose handlers
#: catches ``BlockingIOError`` or ``ssl.SSLWantReadError``/``SSLWantWriteError`` (only
#: non-blocking I/O raises them). No real call passes it; the socket methods list it in their
#: ``non_blocking`` rules, so their calls there return at once (or raise) instead of waiting.
NONBLOCKING_SOCKET = "_admf_nonblocking_socket"
#: A ``BuiltNonBlocking.position`` no constructor call reaches (a variant only the linter's walk
#: gives, never the constructor's arguments).
NEVER_POSITIONAL = 1_000_000
#: The argument rule of a socket method that returns at once on a non-blocking socket.
ON_NONBLOCKING_SOCKET: ArgRule = (NONBLOCKING_SOCKET, None, (True,))
#: A pseudo-keyword the linter records as ``True`` at ``f.result()`` / ``f.exception()`` when
#: the future ``f`` is known to be done there: after ``await asyncio.wrap_future(f)``, inside
#: ``if f.done():``, after ``concurrent.futures.wait([f, ...])`` (all completed, no timeout), in
#: ``for f in as_completed(...)``, or after awaiting ``event.wait()`` on a local event that only
#: a done callback of ``f`` (``f.add_done_callback(cb)``) sets.
FUTURE_DONE = "_admf_future_done"
#: The argument rule of a future method that returns at once on a done future.
ON_DONE_FUTURE: ArgRule = (FUTURE_DONE, None, (True,))
#: A pseudo-keyword the linter records as ``True`` at a call of a lazy listing (``Path.glob()``,
#: ``os.walk()``: an iterator that lists the directory only as it is advanced) whose result the
#: calling function does not iterate: it is returned, stored or handed to another call (see
#: ``admf_tsan.lint.analysis.listings``). The call itself does no I/O there.
LISTING_NOT_ITERATED = "_admf_listing_not_iterated"
#: The argument rule of a lazy listing: the call returns at once when its result is handed on.
ON_LISTING_NOT_ITERATED: ArgRule = (LISTING_NOT_ITERATED, None, (True,))


def argument_matches(expected: Any, given: Any) -> bool:
    """Whether the argument ``given`` matches ``expected`` (a literal or a pattern class above).

    ``given`` is what the linter records of an argument: a literal (``bool``, ``int``,
    ``float``, ``None``), a string literal that is an IP address, a tuple of the dotted names of
    the constants OR-ed together (``("socket.AI_NUMERICHOST", "socket.AI_NUMERICSERV")``), or
    :data:`NOT_GIVEN` (``...``) for an argument that is absent or could not be read.
    """
    kind = type(expected)
    if kind is Absent:
        return given is NOT_GIVEN
    if given is NOT_GIVEN:
        return False
    if kind is Flag:
        return type(given) is tuple and expected.name in given
    if kind is IpAddress:
        return type(given) is str and is_ip_address(given)
    if kind is AtMost:
        return type(given) is int and given <= expected.bound
    if kind is AtLeast:
        return type(given) is int and given >= expected.bound
    return type(given) is not tuple and type(given) is not str and bool(given == expected)


def value_matches(expected: Any, value: Any) -> bool:
    """Whether the argument ``value`` of a real call matches ``expected``: the runtime's form of
    :func:`argument_matches`, which reads what the linter recorded of the source.

    ``value`` is the object passed, or :data:`NOT_GIVEN` for an argument the call leaves out. A
    :class:`Flag` matches an integer whose bits include the named constant's (``flags=
    socket.AI_NUMERICHOST | socket.AI_NUMERICSERV``, however the caller built the number), an
    :class:`IpAddress` a ``str`` or ASCII ``bytes`` that is an address, a literal an equal value
    of a plain type (``timeout=0``, ``block=False``). Where the linter does not report a call
    because of its literal arguments, the runtime does not report it with those values either.
    """
    kind = type(expected)
    if kind is Absent:
        return value is NOT_GIVEN
    if value is NOT_GIVEN:
        return False
    if kind is Flag:
        bits = _constant(expected.name)
        return type(bits) is int and bits != 0 and isinstance(value, int) and value & bits == bits
    if kind is IpAddress:
        if isinstance(value, bytes):
            try:
                value = value.decode("ascii")
            except UnicodeDecodeError:
                return False
        return isinstance(value, str) and is_ip_address(value)
    if kind is AtMost or kind is AtLeast:
        if type(value) not in (int, float):
            return False
        return bool(value <= expected.bound if kind is AtMost else value >= expected.bound)
    return type(value) in (bool, int, float, type(None)) and bool(value == expected)


@cache
def _constant(dotted: str) -> Any:
    """The value of the module constant ``dotted`` (``socket.AI_NUMERICHOST``), or None."""
    module, _, name = dotted.rpartition(".")
    try:
        owner = importlib.import_module(module)
    except ImportError:
        return None
    value = getattr(owner, name, None)
    return int(value) if isinstance(value, int) else None


def is_ip_address(text: str) -> bool:
    """Whether ``text`` is an IPv4 or IPv6 address (``getaddrinfo`` of it does no lookup)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class BuiltNonBlocking:
    """Instances of ``classes`` built with an argument that makes some methods return at once.

    ``socket.socket(AF_INET, SOCK_DGRAM)`` is a UDP socket: ``connect()`` only records the peer
    address. The argument at ``position`` or ``keyword`` of the constructor call
    must match one of ``values`` (see :func:`argument_matches`); the linter then types the
    instance as ``<class><variant>`` (``socket.socket<SOCK_DGRAM>``), on which ``methods`` are
    not the catalogue's blocking calls and every other method is the class's own. Where the
    constructor call is not seen (an annotated parameter, a factory) the class's entries apply.
    """

    variant: str
    classes: tuple[str, ...]
    methods: tuple[str, ...]
    keyword: str
    position: int
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class BuiltBlocking:
    """Instances of ``classes`` built with an argument that makes some methods wait: the
    counterpart of :class:`BuiltNonBlocking`.

    ``queue.Queue(maxsize=10)`` is bounded: ``put()`` waits for room when it is full. Whether a
    ``put()`` can wait depends on a bound the linter sees only at the constructor call, so the
    linter reports ``methods`` only on instances it types as ``<class><variant>``
    (``queue.Queue<bounded>``): the constructor call is seen and its argument at ``position`` or
    ``keyword`` matches one of ``values``. Where it is not seen (an annotated parameter, a
    factory, a context's ``Queue()``) or the argument is not readable (a variable), the methods
    are not reported. The runtime does not read this: it sees the real object at the call.
    """

    variant: str
    classes: tuple[str, ...]
    methods: tuple[str, ...]
    keyword: str
    position: int
    values: tuple[Any, ...]


#: What the linter types a constructor call's result by: either kind of built variant.
BuiltVariant = BuiltNonBlocking | BuiltBlocking


#: The runtime's would-block predicates, by name (``admf_tsan.runtime._blocking.PREDICATES``).
Predicate = Literal[
    "always",
    "sleep",
    "fd",
    "fd_write",
    "socket",
    "socket_connect",
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
