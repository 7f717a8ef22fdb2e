"""Per-module facts: what one file says about its functions, classes, calls, awaits and locks.

The extractor (``extract.py``) builds a :class:`ModuleFacts` from one file; everything after that
(the project index, the call graph, every project rule) reads facts only, never syntax trees. Facts
are plain data so that they can be cached as JSON keyed by the file's content hash and shipped
between worker processes.

Symbolic references (``Ref``) name what an expression denotes without knowing the rest of the
project; :mod:`admf_tsan.lint.analysis.index` resolves them once every module is known:

* ``("g", "pkg.mod.name")``: an absolute dotted name (import aliases already expanded);
* ``("self", "pkg.mod.Class", attrs)``: ``self`` in a method of ``Class``, then attributes;
* ``("cls", "pkg.mod.Class", attrs)``: ``cls`` in a classmethod, or the class itself;
* ``("super", "pkg.mod.Class", attrs)``: ``super()`` in a method of ``Class``;
* ``("val", typeref, attrs)``: a value whose type is described by ``typeref``.

A ``TypeRef`` says where a value came from: ``("call", ref)`` the result of calling ``ref``,
``("annot", ref)`` an annotation naming a class, ``("ref", ref)`` the same object as ``ref``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from admf_tsan.lint.analysis.codec import decode, encode
from admf_tsan.lint.ftypes import Finding

Ref = tuple[Any, ...]
TypeRef = tuple[Any, ...]
#: A lock-like context held at some point: the symbolic lock, and where it was taken.
Held = tuple[Ref, int, int]

#: Bump when the shape or meaning of facts changes: it invalidates every cache entry.
FACTS_VERSION = 8


@dataclass(frozen=True, slots=True)
class CallSite:
    """One resolved call inside a function body.

    ``constants`` lists literal arguments as ``(position or keyword, value)`` so rules can tell
    ``q.get(block=False)`` from ``q.get()``. ``held`` lists the lock-like contexts held at the call.
    ``func_end`` is where the callee expression ends (a fix replaces ``time.sleep`` up to there).
    """

    callee: Ref
    line: int
    column: int
    end_line: int
    end_column: int
    func_end_line: int
    func_end_column: int
    awaited: bool
    discarded: bool
    held: tuple[Held, ...] = ()
    constants: tuple[tuple[int | str, Any], ...] = ()

    def constant(self, position: int | None, keyword: str | None) -> Any:
        """The literal passed at ``position`` or as ``keyword``; ``...`` when none was."""
        for key, value in self.constants:
            if key == keyword or (position is not None and key == position):
                return value
        return ...


@dataclass(frozen=True, slots=True)
class AwaitSite:
    """An ``await`` (or ``async with`` / ``async for``) and the lock-like contexts held there."""

    line: int
    column: int
    held: tuple[Held, ...] = ()


@dataclass(frozen=True, slots=True)
class Acquisition:
    """A lock-like object taken: ``with x:`` (kind ``with``) or ``x.acquire()`` (kind ``acquire``).

    ``held`` lists what was already held when it was taken (the edges of a lock-order graph).
    ``released`` is false for an ``acquire()`` with no matching ``release()`` later in the function.
    """

    lock: Ref
    kind: str
    line: int
    column: int
    held: tuple[Held, ...] = ()
    in_try_finally: bool = False
    released: bool = True


@dataclass(frozen=True, slots=True)
class StateAccess:
    """A read or write of state threads may share: ``self.attr``, ``cls.attr``, a module variable.

    ``target`` is ``("self" | "cls", class qualname, attr)`` or ``("g", module, name)``. ``kind`` is
    ``"read"``, ``"check"`` (a read in ``if x is None``), ``"write"`` (rebinding or ``del``) or
    ``"mutate"`` (``x[k] = v``, ``x.append(v)``).
    ``check`` is set on a write made inside ``if <target> is None:`` (or ``not <target>``): the
    position of that test and the lock-like contexts held there (check-then-act lazy init).
    """

    target: tuple[str, str, str]
    kind: str
    line: int
    column: int
    held: tuple[Held, ...] = ()
    check: tuple[int, int, tuple[Held, ...]] | None = None


@dataclass(frozen=True, slots=True)
class ScheduledCallback:
    """A function handed over to run later, elsewhere: ``loop.call_soon(f)``, ``Thread(target=f)``.

    ``method`` is the name of the call that took it: a loop method (``call_soon``,
    ``call_soon_threadsafe``, ``call_later``, ``call_at``: ``f`` runs on the event-loop thread) or
    a thread hand-off (``Thread``, ``submit``, ``run_in_executor``, ``to_thread``: ``f`` runs in
    a worker thread). ``receiver`` is the Ref of the object the method was called on and
    ``taker`` the Ref of the called function itself, when they have one (rules check them).
    """

    callback: Ref
    method: str
    receiver: Ref | None
    line: int
    column: int
    taker: Ref | None = None


@dataclass(frozen=True, slots=True)
class DynamicCall:
    """A call of code the analysis cannot name: a parameter, or an element of stored state.

    ``origin`` is ``("param", name)`` for a parameter (or an element of one), ``("self", class
    qualname, attr)`` for something taken out of ``self.attr`` (``for h in self._handlers: h()``),
    ``("g", module, name)`` for something taken out of a module variable.
    """

    origin: tuple[str, ...]
    line: int
    column: int
    held: tuple[Held, ...] = ()


@dataclass(frozen=True, slots=True)
class FunctionFacts:
    """What one function (``def`` or ``async def``, at any nesting depth) does."""

    qualname: str
    name: str
    line: int
    column: int
    is_async: bool
    is_generator: bool
    class_qualname: str | None
    calls: tuple[CallSite, ...] = ()
    awaits: tuple[AwaitSite, ...] = ()
    acquisitions: tuple[Acquisition, ...] = ()
    accesses: tuple[StateAccess, ...] = ()
    dynamic_calls: tuple[DynamicCall, ...] = ()
    scheduled: tuple[ScheduledCallback, ...] = ()


@dataclass(frozen=True, slots=True)
class ClassFacts:
    """A class: its bases, its methods, and the types of attributes assigned on ``self``.

    ``attributes`` maps a name to a TypeRef, or to ``None`` when assignments disagree.
    """

    qualname: str
    line: int
    bases: tuple[Ref, ...]
    methods: tuple[str, ...]
    attributes: dict[str, TypeRef | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """Everything the project stage needs from one file.

    ``symbols`` maps each module-level name to ``(kind, payload)``: ``("def", qualname)``,
    ``("class", qualname)``, ``("import", dotted)`` or ``("var", typeref or None)``.
    ``findings`` holds what the file-level rules found (and ADMF0xx problems). ``noqa`` maps a line
    to the codes suppressed there (``None``: every code). ``lock_aliases`` maps a lock-like
    attribute or variable (``pkg.mod.Class.attr``, ``pkg.mod.NAME``) built around another lock
    (``threading.Condition(self._lock)``) to that lock's reference. ``guards`` maps an attribute or
    variable to the lock its ``# guarded_by: NAME`` comment declares (``"none"``: not guarded).
    """

    path: str
    module: str
    symbols: dict[str, tuple[str, Any]]
    star_imports: tuple[str, ...]
    classes: tuple[ClassFacts, ...]
    functions: tuple[FunctionFacts, ...]
    findings: tuple[Finding, ...] = ()
    noqa: dict[int, frozenset[str] | None] = field(default_factory=dict)
    lock_aliases: dict[str, Ref] = field(default_factory=dict)
    guards: dict[str, str] = field(default_factory=dict)


# --- JSON codec ---------------------------------------------------------------------------------
# Derived from the dataclass fields by ``codec.py``: a new field needs no codec change, only a
# bump of FACTS_VERSION.


def encode_finding(finding: Finding) -> Any:
    """A finding as plain JSON data (see :func:`decode_finding`)."""
    return encode(finding)


def decode_finding(data: Any) -> Finding:
    """Rebuild a :class:`Finding` written by :func:`encode_finding`."""
    return decode(Finding, data)


def encode_module(facts: ModuleFacts) -> str:
    """Serialise facts to a JSON string (see :func:`decode_module`)."""
    return json.dumps([FACTS_VERSION, encode(facts)], separators=(",", ":"))


def decode_module(text: str) -> ModuleFacts:
    """Rebuild :class:`ModuleFacts` from :func:`encode_module` output.

    Raises ``ValueError`` when the text is not facts of the current :data:`FACTS_VERSION`.
    """
    data = json.loads(text)
    if not isinstance(data, list) or len(data) != 2 or data[0] != FACTS_VERSION:
        raise ValueError("facts were written by another version of admf-tsan")
    return decode(ModuleFacts, data[1])
