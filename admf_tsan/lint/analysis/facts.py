"""Per-module facts: what one file says about its functions, classes, calls, awaits and locks.

The extractor (``extract.py``) builds a :class:`ModuleFacts` from one file; everything after that
(the project index, the call graph, every project rule) reads facts only, never syntax trees. Facts
are plain data so that they can be cached as JSON keyed by the file's content hash and shipped
between worker processes.

Symbolic references (:data:`Ref`) name what an expression denotes without knowing the rest of the
project; :mod:`admf_tsan.lint.analysis.index` resolves them once every module is known. Each is a
frozen dataclass whose ``kind`` field is its tag (the cache writes it first):

* :class:`GlobalRef` ``("g")``: an absolute dotted name (import aliases already expanded);
* :class:`SelfRef` ``("self")``: ``self`` in a method of ``owner``, then attributes ``attrs``;
* :class:`ClsRef` ``("cls")``: ``cls`` in a classmethod, or the class itself, then ``attrs``;
* :class:`SuperRef` ``("super")``: ``super()`` in a method of ``owner``, then ``attrs``;
* :class:`ValRef` ``("val")``: a value whose type is described by ``source``, then ``attrs``.

A :data:`TypeRef` says where a value came from: :class:`CallType` the result of calling
``callee``, :class:`AwaitedType` the result of awaiting that call, :class:`AnnotType` an
annotation naming the class ``cls`` (with its type arguments), :class:`ElementOf` an element of a
container, :class:`SameAs` the same object as ``ref``, :class:`NoneType` the constant ``None``.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any, Literal, TypeVar

from admf_tsan.lint.analysis.codec import decode, encode
from admf_tsan.lint.ftypes import Finding

_T = TypeVar("_T")


def _quick_init(cls: type[_T]) -> type[_T]:
    """Give a frozen, slotted dataclass an ``__init__`` (and pickling state methods) that store
    each field through its slot.

    The ``__init__`` that ``dataclass`` writes for a frozen class calls
    ``object.__setattr__(self, name, value)`` per field; calling the slot's own setter does the
    same in about half the time, and the walk makes a fact object for every call, access and
    reference it records. Likewise ``__getstate__``/``__setstate__`` (worker processes send facts
    pickled) read and store the slots without listing the fields on every object. Same
    parameters, defaults, values and pickled state; classes with a ``default_factory`` or
    keyword-only fields keep what ``dataclass`` wrote.
    """
    parameters, body, names = [], [], []
    namespace: dict[str, Any] = {}
    for number, item in enumerate(fields(cls)):  # type: ignore[arg-type]
        if item.default_factory is not MISSING or item.kw_only:
            return cls
        setter = f"_set{number}"
        namespace[setter] = getattr(cls, item.name).__set__
        names.append(item.name)
        if not item.init:
            namespace[f"_default{number}"] = item.default
            body.append(f"    {setter}(self, _default{number})")
            continue
        if item.default is MISSING:
            parameters.append(item.name)
        else:
            namespace[f"_default{number}"] = item.default
            parameters.append(f"{item.name}=_default{number}")
        body.append(f"    {setter}(self, {item.name})")
    values = ", ".join(f"v{number}" for number in range(len(names)))
    source = "\n".join(
        [
            f"def __init__(self, {', '.join(parameters)}):",
            *body,
            "def __getstate__(self):",
            f"    return [{', '.join(f'self.{name}' for name in names)}]",
            "def __setstate__(self, state):",
            f"    {values}, = state",
            *(f"    _set{number}(self, v{number})" for number in range(len(names))),
        ]
    )
    exec(source, namespace)  # noqa: S102 - built from the class's own field names
    for method in ("__init__", "__getstate__", "__setstate__"):
        function = namespace[method]
        function.__qualname__ = f"{cls.__qualname__}.{method}"
        function.__doc__ = getattr(cls, method).__doc__
        setattr(cls, method, function)
    # Where each field ``evolve`` may change sits in the state (fields with ``init=False`` keep
    # their default, as ``dataclasses.replace`` requires).
    init = {item.name for item in fields(cls) if item.init}  # type: ignore[arg-type]
    cls._state_positions = {  # type: ignore[attr-defined]
        name: number for number, name in enumerate(names) if name in init
    }
    return cls


def evolve(obj: _T, **changes: Any) -> _T:
    """What ``dataclasses.replace(obj, **changes)`` gives, for a class of :func:`_quick_init`:
    the copy is made from ``obj``'s pickling state with the changed fields put in, without
    reading the class's field list and calling ``__init__`` by keyword as ``replace`` does
    (the extractor copies most functions' facts once, to drop their accesses; this takes less
    than half the time). Other classes, and a field ``replace`` would refuse, go to
    ``replace``."""
    positions: dict[str, int] | None = getattr(type(obj), "_state_positions", None)
    if positions is None or not changes.keys() <= positions.keys():
        return replace(obj, **changes)  # type: ignore[type-var]
    state: Any = obj.__getstate__()
    for name, value in changes.items():
        state[positions[name]] = value
    copy = object.__new__(type(obj))
    copy.__setstate__(state)  # type: ignore[attr-defined]
    return copy


@_quick_init
@dataclass(frozen=True, slots=True)
class GlobalRef:
    """An absolute dotted name: ``pkg.mod.name`` (import aliases already expanded)."""

    kind: Literal["g"] = field(default="g", init=False, repr=False)
    name: str


@_quick_init
@dataclass(frozen=True, slots=True)
class SelfRef:
    """``self`` in a method of class ``owner``, then attributes ``attrs``."""

    kind: Literal["self"] = field(default="self", init=False, repr=False)
    owner: str
    attrs: tuple[str, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class ClsRef:
    """``cls`` in a classmethod of ``owner`` (or the class itself), then attributes ``attrs``."""

    kind: Literal["cls"] = field(default="cls", init=False, repr=False)
    owner: str
    attrs: tuple[str, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class SuperRef:
    """``super()`` in a method of class ``owner``, then attributes ``attrs``."""

    kind: Literal["super"] = field(default="super", init=False, repr=False)
    owner: str
    attrs: tuple[str, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class ValRef:
    """A value whose type ``source`` describes, then attributes ``attrs``."""

    kind: Literal["val"] = field(default="val", init=False, repr=False)
    source: TypeRef
    attrs: tuple[str, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class CallType:
    """The result of calling ``callee``; ``variant`` names the catalogue's kind of object the
    call's arguments build (``"SOCK_DGRAM"`` for ``socket.socket(AF_INET, SOCK_DGRAM)``, see
    ``types.built_variant``)."""

    kind: Literal["call"] = field(default="call", init=False, repr=False)
    callee: Ref
    variant: str | None = None


@_quick_init
@dataclass(frozen=True, slots=True)
class AwaitedType:
    """What ``await callee(...)`` gives: the return value of a coroutine function."""

    kind: Literal["await"] = field(default="await", init=False, repr=False)
    callee: Ref


@_quick_init
@dataclass(frozen=True, slots=True)
class AnnotType:
    """An instance of the class ``cls`` an annotation names.

    ``args`` are the classes its type arguments name (``list[Account]`` -> ``(Account,)``;
    ``None`` for an argument that names no class), read by :class:`ElementOf`.
    """

    kind: Literal["annot"] = field(default="annot", init=False, repr=False)
    cls: Ref
    args: tuple[Ref | None, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class ElementOf:
    """An element of the container ``container``: ``for x in c`` (``via`` ``"iter"``) or
    ``for v in c.values()`` (``"values"``); its type comes from the container's annotation."""

    kind: Literal["elem"] = field(default="elem", init=False, repr=False)
    container: Ref
    via: str = "iter"


@_quick_init
@dataclass(frozen=True, slots=True)
class SameAs:
    """The same object as ``ref`` (``x = self._lock`` makes ``x`` the same as ``self._lock``)."""

    kind: Literal["ref"] = field(default="ref", init=False, repr=False)
    ref: Ref


@dataclass(frozen=True, slots=True)
class NoneType:
    """The constant ``None`` (a name bound to it says nothing about its type)."""

    kind: Literal["none"] = field(default="none", init=False, repr=False)


#: What an expression denotes; see the module docstring.
Ref = GlobalRef | SelfRef | ClsRef | SuperRef | ValRef
#: A reference with attributes: the instance, class, ``super()`` or value they are taken on.
AttrRef = SelfRef | ClsRef | SuperRef | ValRef
#: Where a value came from.
TypeRef = CallType | AwaitedType | AnnotType | ElementOf | SameAs | NoneType


def with_attrs(ref: AttrRef, attrs: tuple[str, ...]) -> AttrRef:
    """``ref`` on the same instance, class or value, with attributes ``attrs`` instead."""
    if isinstance(ref, ValRef):
        return ValRef(ref.source, attrs)
    return type(ref)(ref.owner, attrs)


#: A lock-like context held at some point: the symbolic lock, and where it was taken.
Held = tuple[Ref, int, int]

#: Last attribute of a held reference that stands for the context a method call returns:
#: ``with self.sending():`` holds ``SelfRef(owner, ("sending", CONTEXT_CALL))`` (the lock model
#: resolves it to the lock the helper holds around its ``yield``, if any).
CONTEXT_CALL = "()"

#: A pseudo-keyword of :attr:`CallSite.constants`, ``True`` at a call whose result the function
#: consumes where it makes it, holding what the call holds: the iterable of a ``for`` or of a
#: list, set or dict comprehension, the argument of ``list()``/``sum()``/..., or a local that is
#: only ever passed to ``next()`` or looped over inside every ``with`` around the call. A
#: generator called so runs its body there (see ``guards``).
CONSUMED_HERE = "_admf_consumed_here"

#: Bump when the shape or meaning of facts changes: it invalidates every cache entry.
FACTS_VERSION = 86


@_quick_init
@dataclass(frozen=True, slots=True)
class PassedArguments:
    """The shape of a call's arguments: what tells the callee's parameter values.

    ``positional`` counts the positional arguments before any ``*args``; ``keywords`` names the
    keyword arguments; ``forwarded`` lists ``(position or keyword, name)`` for an argument that
    is a parameter of the calling function passed on as it is; ``spread`` is set when the call
    has ``*args`` or ``**kwargs`` (a parameter not given before may be given there). With the
    literals of ``CallSite.constants``, ADMF120 decides the callee's :class:`ParamTest` with it.
    """

    positional: int
    keywords: tuple[str, ...] = ()
    forwarded: tuple[tuple[int | str, str], ...] = ()
    spread: bool = False
    #: Arguments that name code, ``(position or keyword, reference)``: a method of the caller's
    #: object (``self._flush``, ``super().subscribe``, or a local bound to one) or a function,
    #: class or import of the module. ADMF205 reads them: such an argument is no callback.
    code: tuple[tuple[int | str, Ref], ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class OffPlatform:
    """The lines ``line`` to ``end_line`` of a function: a branch that a platform test of its
    own (``if sys.platform == "darwin":``, ``elif os.name == "nt":``) rules out on this machine.
    The project's rules read both branches (its code may run anywhere); the dependency analysis
    does not follow a call made there into an installed package, which is this platform's."""

    line: int
    end_line: int


@_quick_init
@dataclass(frozen=True, slots=True)
class Spot:
    """A position in the file: where a call like the one that holds it was made too."""

    line: int
    column: int


@_quick_init
@dataclass(frozen=True, slots=True)
class CallSite:
    """One resolved call inside a function body.

    ``constants`` lists literal arguments as ``(position or keyword, value)`` so rules can tell
    ``q.get(block=False)`` from ``q.get()`` (also IP-address strings and OR-ed upper-case
    constants, as ``types.read_argument`` says), plus the pseudo-keywords the walk records for
    what it knows of the receiver there (``catalogue.NONBLOCKING_SOCKET``: a non-blocking
    socket; ``catalogue.FUTURE_DONE``: a future known to be done;
    ``catalogue.LISTING_NOT_ITERATED``: a lazy listing whose result the function does not
    iterate). ``held`` lists the lock-like
    contexts held at the call.
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
    #: The shape of the arguments; ``None`` for a call without any.
    passed: PassedArguments | None = None
    #: Further calls of the same callee this one stands for (in one display: ADMF304 reports
    #: the coroutines a display drops once, at the first).
    also: tuple[Spot, ...] = ()

    def constant(self, position: int | None, keyword: str | None) -> Any:
        """The literal passed at ``position`` or as ``keyword``; ``...`` when none was."""
        for key, value in self.constants:
            if key == keyword or (position is not None and key == position):
                return value
        return ...


@_quick_init
@dataclass(frozen=True, slots=True)
class Reacquire:
    """Where an ``acquire()`` takes back a lock the function released just before
    (``FunctionFacts.reacquired``)."""

    line: int
    column: int


@_quick_init
@dataclass(frozen=True, slots=True)
class AwaitSite:
    """An ``await`` (or ``async with`` / ``async for``) and the lock-like contexts held there."""

    line: int
    column: int
    held: tuple[Held, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class TypeTest:
    """The calls from ``(line, column)`` to ``(end_line, end_column)`` run only where a branch
    test told what ``subject`` is: not a coroutine function (``kind`` ``"sync"``: inside ``if
    not inspect.iscoroutinefunction(self.close):``) or an instance of one of ``classes``
    (``kind`` ``"isinstance"``: inside ``if isinstance(self._lock, (CoopLock, CoopRLock)):``),
    or not an instance of any of them (``"notinstance"``: the ``else`` of that test). Recorded
    by ``typetests.py`` for ``self``/``cls`` attributes and module names, and for a
    ``"notinstance"`` test also for a local of a known type."""

    line: int
    column: int
    end_line: int
    end_column: int
    subject: Ref
    kind: str
    classes: tuple[Ref, ...] = ()


@_quick_init
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


@_quick_init
@dataclass(frozen=True, slots=True)
class StateAccess:
    """A read or write of state threads may share: ``self.attr``, ``cls.attr``, a module variable.

    ``target`` is ``("self" | "cls", class qualname, attr)`` or ``("g", module, name)``. ``kind`` is
    ``"read"``, ``"check"`` (a read in ``if x is None``), ``"snapshot"`` (one atomic read of a
    container: ``len(x)``, ``k in x``, ``x.get(k)``, ``list(x)``), ``"write"`` (rebinding or
    ``del``) or ``"mutate"`` (``x[k] = v``, ``x.append(v)``).
    ``check`` is set on a write made inside ``if <target> is None:`` (or ``not <target>``): the
    position of that test and the lock-like contexts held there (check-then-act lazy init).
    ``update`` is set on the write of an augmented assignment (``x += 1``), which reads the value
    it replaces; ``rereads`` on the write of an assignment whose value reads the same state
    (``x = x + 1``, ``x = x.next()``, ``pool, x = x, None``), on any line of the statement.
    """

    target: tuple[str, str, str]
    kind: str
    line: int
    column: int
    held: tuple[Held, ...] = ()
    check: tuple[int, int, tuple[Held, ...]] | None = None
    update: bool = False
    #: Set on a ``"mutate"`` that only adds at the end (``x.append(v)``, ``x.extend(vs)``): on a
    #: list, a loop over it meanwhile sees each old element once (``guards``, ADMF402).
    grows: bool = False
    rereads: bool = False


@_quick_init
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


@_quick_init
@dataclass(frozen=True, slots=True)
class DynamicCall:
    """A call of code the analysis cannot name: a parameter, or an element of stored state.

    ``origin`` is ``("param", name, position)`` for a call of a parameter itself (``position``
    its index among the positional parameters after ``self``, ``""`` for a keyword-only one),
    ``("param", name)`` for an element of one or another name bound to it, ``("self", class
    qualname, attr)`` for something taken out of ``self.attr`` (``for h in self._handlers: h()``),
    ``("g", module, name)`` for something taken out of a module variable.
    """

    origin: tuple[str, ...]
    line: int
    column: int
    held: tuple[Held, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class ParamTest:
    """The calls from ``(line, column)`` to ``(end_line, end_column)`` run only when ``test``
    holds: a test of the function's parameters (``if certfile is not None:``, the rest of the
    block after ``if not p: return``), in the value format of ``deps/flow.py`` (``("n", name)``
    a parameter, ``("u",)`` anything else), which ``flow.evaluate`` decides."""

    line: int
    column: int
    end_line: int
    end_column: int
    test: Any


@_quick_init
@dataclass(frozen=True, slots=True)
class Parameters:
    """A function's parameters as a call binds them, and the calls their tests decide.

    ``names`` lists the positional parameters after ``self``/``cls``, ``keyword_only`` the
    others; ``defaults`` the literal defaults (``None``, a bool, a number, a string);
    ``implicit`` is ``"self"`` or ``"cls"`` for a method whose first parameter a call on an
    instance (``"self"``) or on the class (``"cls"``) binds itself. ``rebound`` names the
    parameters a test reads or a call passes on that the body assigns (their value there may not
    be the argument's). Recorded for a plain function that tests a parameter or gives one a
    literal default (``FunctionFacts.parameters``).
    """

    names: tuple[str, ...]
    keyword_only: tuple[str, ...] = ()
    defaults: tuple[tuple[str, Any], ...] = ()
    implicit: str = ""
    vararg: str | None = None
    kwarg: str | None = None
    rebound: tuple[str, ...] = ()
    tests: tuple[ParamTest, ...] = ()


@dataclass(frozen=True, slots=True)
class AsyncBody:
    """The body of an ``async with self.<attr>:`` statement, lines ``line`` to ``end_line``:
    what an asyncio lock of the object serialises (see ``guards``)."""

    attr: str
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class SetupGate:
    """The first statement of a method that refuses to run once its object's set-up has ended:
    ``if self._frozen: raise ...`` (or ``assert not self._frozen``) tests the flag ``name``
    itself; ``self._assert_not_frozen()`` (``call``) calls the method ``name`` of the object
    that does. What the method does after ``line`` runs only while the object is configured,
    before it is shared (see ``guards``)."""

    name: str
    call: bool
    line: int


@dataclass(frozen=True, slots=True)
class FlagStore:
    """``self.<name> = True`` (or ``False``) at ``line``."""

    name: str
    value: bool
    line: int


@_quick_init
@dataclass(frozen=True, slots=True)
class FunctionFacts:
    """What one function (``def`` or ``async def``, at any nesting depth) does.

    ``returns`` is the type of what it returns (of what awaiting it gives, for ``async def``):
    its return annotation, else the one type every ``return`` agrees on.
    """

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
    #: Decorated with a cache (``functools.cache``/``lru_cache``, ``memoize``): its body runs
    #: once per argument, not on every call.
    memoized: bool = False
    #: The branches where a test told what a called name is (:class:`TypeTest`, ADMF304).
    type_tests: tuple[TypeTest, ...] = ()
    returns: TypeRef | None = None
    #: An ``async def`` decorated to run to completion when called (``@gen_test``,
    #: ``@async_to_sync``, see ``types.SYNC_RUNNERS``): its body still runs on an event loop,
    #: but a call of it is a plain call that returns the result, not a coroutine.
    sync_wrapper: bool = False
    #: An ``async def`` with a decorator not known to leave a coroutine function (a project's
    #: own, such as textual's ``@work`` whose plain wrapper starts the coroutine and returns a
    #: worker; see ``types.may_change_coroutine``): what a call of it gives is unknown.
    opaque_decorator: bool = False
    #: Its parameters and the calls their tests decide, for a sync function that tests one or
    #: gives one a literal default, without a decorator that could change its arguments.
    parameters: Parameters | None = None
    #: The bodies of its ``async with self.<attr>:`` statements.
    async_bodies: tuple[AsyncBody, ...] = ()
    #: Its first statement refuses to go on once the object is frozen (:class:`SetupGate`).
    setup_gate: SetupGate | None = None
    #: Its stores of a boolean constant into an attribute of ``self`` (:class:`FlagStore`).
    flag_stores: tuple[FlagStore, ...] = ()
    #: Each ``X.acquire()`` that follows a ``X.release()`` statement of the same block (the
    #: same expression ``X``, no other ``X.acquire()`` between): the function lets go of the
    #: lock its caller holds and takes it back ("call me with the lock held"), so that acquire
    #: does not take it a second time (ADMF203).
    reacquired: tuple[Reacquire, ...] = ()
    #: A sync generator function with no decorator but ``staticmethod``/``classmethod`` and no
    #: ``finally``, ``with`` or ``except`` that catches ``GeneratorExit`` in its body: all its
    #: code runs at its ``next()`` calls.
    plain_generator: bool = False
    #: A module-level function annotated to return a ``Condition`` whose every ``return``
    #: builds one around the same parameter (``return threading.Condition(lock)``, or ``return
    #: condition_class(lock)`` with a class the caller passes): that parameter's position.
    condition_over: int | None = None
    #: Its branches that a platform test rules out on this machine (:class:`OffPlatform`).
    off_platform: tuple[OffPlatform, ...] = ()

    def off_platform_at(self, line: int) -> bool:
        """Whether ``line`` of the function runs only on another platform."""
        return any(span.line <= line <= span.end_line for span in self.off_platform)

    @property
    def returns_coroutine(self) -> bool:
        """Whether calling it only creates a coroutine (its body runs when that is awaited)."""
        return (
            self.is_async
            and not self.is_generator
            and not self.sync_wrapper
            and not self.opaque_decorator
        )


@dataclass(frozen=True, slots=True)
class ClassFacts:
    """A class: its bases, its methods, and the types of attributes assigned on ``self``.

    ``attributes`` maps a name to a TypeRef, or to ``None`` when assignments disagree (an
    annotation in the class body wins over assignments). ``properties`` names the methods
    decorated with ``@property`` (reading one gives what the method returns).
    """

    qualname: str
    line: int
    bases: tuple[Ref, ...]
    methods: tuple[str, ...]
    attributes: dict[str, TypeRef | None] = field(default_factory=dict)
    #: Attributes assigned in the class body (``_lock = threading.Lock()``): shared by instances.
    class_vars: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()
    #: Dispatch tables of the object's own methods: an attribute every assignment of which is a
    #: dict, list or tuple display of ``self.<name>`` values (``self.handlers = {GET:
    #: self.on_get}``), never changed in place in the class, with the names it refers to.
    method_tables: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: A class that stands for one of its attributes as a lock: ``(attr, position, methods)``
    #: when its ``__enter__`` (or its ``acquire()``/``lock()``) takes ``self.<attr>``
    #: (``self._lock.__enter__()``, ``self._lock.acquire()``) and its ``__exit__`` (or
    #: ``release()``/``unlock()``) gives it back; ``position`` is the index of the constructor
    #: parameter (after ``self``) stored in ``self.<attr>`` (``self._lock = lock or RLock()``),
    #: ``None`` when the constructor builds it; ``methods`` names the methods that take it.
    lock_proxy: tuple[str, int | None, tuple[str, ...]] | None = None


#: The methods by which an object that stands for a lock takes it (``ClassFacts.lock_proxy``).
PROXY_TAKERS = ("__enter__", "acquire", "lock")


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
    ``grammar`` names the newer Python whose grammar the file needed (``"3.12"``), when the
    running interpreter could not parse it (see ``lint/parse.py``).
    """

    path: str
    module: str
    symbols: dict[str, tuple[str, str | TypeRef | None]]
    star_imports: tuple[str, ...]
    classes: tuple[ClassFacts, ...]
    functions: tuple[FunctionFacts, ...]
    findings: tuple[Finding, ...] = ()
    noqa: dict[int, frozenset[str] | None] = field(default_factory=dict)
    lock_aliases: dict[str, Ref] = field(default_factory=dict)
    guards: dict[str, str] = field(default_factory=dict)
    grammar: str | None = None
    #: Lock-like attributes built by a call of a function whose name says it makes a condition
    #: (``self.size_cond = _create_condition(self.lock)``): the called function and its
    #: positional arguments. The lock model makes one an alias of the argument the function
    #: builds its ``Condition`` around (``FunctionFacts.condition_over``).
    lock_alias_calls: dict[str, tuple[Ref, tuple[Ref | None, ...]]] = field(default_factory=dict)


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
