"""The blocking-call catalogue: one table of the calls that block an event loop.

Each :class:`BlockingCall` names a call by its qualified name (``time.sleep``,
``requests.Session.get``, ``threading.Event.wait``), the ADMF1xx lint rule that reports it, the
advice that rule's message gives, the literal arguments that make the call return at once, and
what the runtime checker does about it:

* :class:`Wrapped`: the runtime wraps ``module.attribute`` (``attribute`` may be
  ``Class.method``) and asks the named ``would_block`` predicate whether this call would wait;
* :class:`CheckedVia`: objects made by another wrapped call are checked (the runtime's
  ``sqlite3.connect`` returns a connection whose methods are checked);
* :class:`SeenAs`: not wrapped itself, but the call always goes through another wrapped entry
  (an inherited method, a helper that calls ``open()``), which reports it;
* :class:`NotSeen`: the runtime cannot or should not wrap it (a C type, a third-party module,
  a call asyncio already refuses), with the reason.

The linter (``admf_tsan.lint.blocking``) and the runtime (``admf_tsan.runtime._blocking``) both
read this table, so they agree by construction. This package is data only: it imports nothing of
``admf_tsan`` outside itself (its modules import one another relatively), so the linter, which
imports nothing of the library, may read it.

The table is written by family, one private module each: ``_waits`` (ADMF101, ADMF105 to
ADMF108, ADMF112), ``_network`` (ADMF102, ADMF110), ``_processes`` (ADMF103) and ``_files``
(ADMF104, ADMF109, ADMF111); ``_entries`` holds the entry types, ``_advice`` the advice texts and
runtime reasons the families share, ``_presets`` the opt-in presets. The public tables and their
look-ups are assembled here.
"""

from __future__ import annotations

from ._advice import _FILE, _HTTP, _PIPE, _VIA_SOCKET
from ._entries import (
    FUTURE_DONE,
    LISTING_NOT_ITERATED,
    NONBLOCKING_SOCKET,
    NOT_GIVEN,
    Absent,
    ArgRule,
    AtLeast,
    AtMost,
    BlockingCall,
    BlockingClass,
    BuiltBlocking,
    BuiltNonBlocking,
    BuiltVariant,
    CheckedVia,
    Flag,
    IpAddress,
    NotSeen,
    Predicate,
    Runtime,
    SeenAs,
    Wrapped,
    argument_matches,
    is_ip_address,
    value_matches,
)
from ._entries import WaitKind as WaitKind
from ._files import _FILE_CLASSES, _FILE_OBJECT, _FILE_STATE, _file_io, _input, _sqlite
from ._network import _URLLIB3_POOLS, NONBLOCKING_SOCKETS, UDP_SOCKETS, _http, _socket
from ._presets import BLOCKING_PRESETS
from ._processes import _PIPE_OBJECT, PIPE_ATTRIBUTES, PIPE_CLASSES, _subprocess
from ._waits import (
    BOUNDED_QUEUES,
    _future,
    _join,
    _nested_loop,
    _queue,
    _sleep,
    _thread_wait,
)

__all__ = [
    "BLOCKING_CLASSES",
    "BUILT_BLOCKING",
    "BUILT_NON_BLOCKING",
    "BUILT_VARIANTS",
    "CATALOGUE",
    "FUTURE_DONE",
    "LISTING_NOT_ITERATED",
    "NONBLOCKING_SOCKET",
    "NONBLOCKING_SOCKETS",
    "NOT_GIVEN",
    "PIPE_ATTRIBUTES",
    "Absent",
    "ArgRule",
    "AtLeast",
    "AtMost",
    "BlockingCall",
    "BlockingClass",
    "BuiltBlocking",
    "BuiltNonBlocking",
    "BuiltVariant",
    "CheckedVia",
    "Flag",
    "IpAddress",
    "NotSeen",
    "Predicate",
    "Runtime",
    "SeenAs",
    "Wrapped",
    "BLOCKING_PRESETS",
    "argument_matches",
    "by_code",
    "by_name",
    "classes_by_code",
    "is_ip_address",
    "value_matches",
]


#: Every blocking call the linter and the runtime know, grouped by rule code.
CATALOGUE: tuple[BlockingCall, ...] = (
    *_sleep(),
    *_http(),
    *_subprocess(),
    *_file_io(),
    *_thread_wait(),
    *_queue(),
    *_join(),
    *_future(),
    *_input(),
    *_socket(),
    *_sqlite(),
    *_nested_loop(),
)


#: Classes whose every method blocks (but the ones that only read state), by rule code.
BLOCKING_CLASSES: tuple[BlockingClass, ...] = (
    *(BlockingClass(name, "ADMF130", _FILE, _FILE_OBJECT, _FILE_STATE) for name in _FILE_CLASSES),
    *(BlockingClass(name, "ADMF102", _HTTP, _VIA_SOCKET) for name in _URLLIB3_POOLS),
    *(BlockingClass(name, "ADMF103", _PIPE, _PIPE_OBJECT, now) for name, now in PIPE_CLASSES),
)


#: Objects built with arguments that make some of their class's blocking methods return at once
#: (a UDP socket's ``connect``).
BUILT_NON_BLOCKING: tuple[BuiltNonBlocking, ...] = (
    UDP_SOCKETS,
    NONBLOCKING_SOCKETS,
)

#: Objects built with arguments that make some of their methods wait, which the linter reports
#: only there (a bounded queue's ``put``).
BUILT_BLOCKING: tuple[BuiltBlocking, ...] = (BOUNDED_QUEUES,)

#: Both kinds: the variants the linter types a constructor call's result as.
BUILT_VARIANTS: tuple[BuiltVariant, ...] = (*BUILT_NON_BLOCKING, *BUILT_BLOCKING)


def classes_by_code(code: str) -> tuple[BlockingClass, ...]:
    """The classes whose methods rule ``code`` reports (empty for a code with none)."""
    return tuple(cls for cls in BLOCKING_CLASSES if cls.code == code)


def by_code(code: str) -> tuple[BlockingCall, ...]:
    """The catalogue entries reported by rule ``code`` (empty for a code with none)."""
    return tuple(entry for entry in CATALOGUE if entry.code == code)


def by_name(name: str) -> BlockingCall:
    """The catalogue entry named ``name``. Raises KeyError naming it when there is none."""
    for entry in CATALOGUE:
        if entry.name == name:
            return entry
    raise KeyError(f"{name!r} is not in the blocking-call catalogue")
