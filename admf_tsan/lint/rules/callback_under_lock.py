"""ADMF205 and ADMF207: unknown code (a callback, handler or hook) called while a lock is held."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from admf_tsan.lint.analysis.callgraph import CallEdge, CallGraph, propagate
from admf_tsan.lint.analysis.facts import (
    CallType,
    FunctionFacts,
    GlobalRef,
    Held,
    ModuleFacts,
    SameAs,
    SelfRef,
    TypeRef,
)
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.locks import LockId, LockModel, Step
from admf_tsan.lint.ftypes import Finding, Related
from admf_tsan.lint.rule import (
    Invalid,
    Occurrence,
    ProjectContext,
    ProjectRule,
    RootKey,
    one_per_root,
)

#: Bases that add no methods a subclass could call as ``self.x()``.
_NEUTRAL_BASES = frozenset({"builtins.object", "abc.ABC", "typing.Generic", "typing.Protocol"})
#: Special methods a callback cannot reach on the object it was handed (it is already built).
_NOT_REENTRY = frozenset({"__init__", "__new__", "__init_subclass__", "__del__", "__post_init__"})


@dataclass(frozen=True, slots=True)
class UnknownCall:
    """A call of code the project does not define: where, what it is, and the locks held there."""

    line: int
    column: int
    what: str
    passed_in: bool
    held: tuple[Held, ...]
    global_table: bool = False


def callback_attribute(index: ProjectIndex, owner: str, attr: str) -> bool:
    """Whether ``self.<attr>`` in class ``owner`` is a stored callable, not a method.

    True only when every class in the hierarchy is known (a base the analysis cannot read could
    define ``attr`` as a method) and some class assigns ``attr`` while none defines it. A
    configured class (:func:`holds_a_class`) is not a callback: calling it builds an instance.
    """
    if holds_a_class(attr):
        return False
    assigned = False
    for name in index.class_ancestors(owner):
        cls = index.classes.get(name)
        if cls is None:
            if name in _NEUTRAL_BASES:
                continue
            return False
        if any(index.resolve(base) is None for base in cls.bases):
            return False
        if attr in cls.methods:
            return False
        if attr in cls.attributes and _holds_class_value(index, cls.attributes[attr]):
            return False
        assigned = assigned or attr in cls.attributes
    return assigned


#: Calls that return a new class: an attribute assigned one holds a class, not a callback.
_CLASS_FACTORIES = frozenset(
    {
        "collections.namedtuple",
        "typing.NamedTuple",
        "typing.NewType",
        "typing.TypedDict",
        "enum.Enum",
        "enum.IntEnum",
        "builtins.type",
        "dataclasses.make_dataclass",
        "types.new_class",
    }
)


def _holds_class_value(index: ProjectIndex, typeref: TypeRef | None) -> bool:
    """Whether an attribute assigned ``typeref`` holds a class: the result of a class factory
    (``KEY = namedtuple("Key", ...)``), or a name of a class (``Factory = dict``,
    ``Parser = MyParser``). Calling it builds an instance, not code a user passed in."""
    if type(typeref) is CallType:
        return type(typeref.callee) is GlobalRef and typeref.callee.name in _CLASS_FACTORIES
    if type(typeref) is SameAs:
        value = index.resolve(typeref.ref)
        if value is not None and value[0] == "class":
            return True
        ref = typeref.ref
        return (
            type(ref) is GlobalRef
            and ref.name.startswith("builtins.")
            and (ref.name.rpartition(".")[2] in _BUILTIN_CLASSES)
        )
    return False


_BUILTIN_CLASSES = frozenset(
    {"dict", "list", "set", "frozenset", "tuple", "int", "float", "str", "bytes", "object"}
)


#: How Python names an attribute that holds a class to instantiate (``connection_class``,
#: ``connection_pool_class``, ``response_cls``, ``klass``, ``metric_type``).
_CLASS_SUFFIXES = ("_class", "_cls", "_type")
_CLASS_NAMES = frozenset({"cls", "klass", "class_", "_class", "_cls"})


def holds_a_class(attr: str) -> bool:
    """Whether the attribute (or parameter) ``attr`` is, by its name, a configured class
    (``pool_class``, ``metric_type``).

    Calling it constructs an instance (``self.connection_pool_class(**kwargs)``): the factory
    pattern of a configurable library, not a hook that runs on an event. When the value is
    known to be a class (``self.x = Pool``, ``x: type[Pool]``) the call resolves and is not a
    callback either; the name covers the common case of a parameter with a class default
    (``connection_pool_class=ConnectionPool``), whose value the analysis does not record.
    """
    name = attr.lower()
    return name in _CLASS_NAMES or name.endswith(_CLASS_SUFFIXES)


def _passed_known_code(
    index: ProjectIndex, graph: CallGraph, fn: FunctionFacts, origin: tuple[str, ...]
) -> bool:
    """Whether the private function ``fn`` is only called with code the project names for
    the parameter ``origin`` calls: every resolved call passes there a method of the caller's
    object (``self._flush``, ``super().subscribe``), or a function or class of a module
    (``_wrap(subscribe)``, ``self._members(secondary_selector)``). Then the call runs that
    known code, not a hook a user registered. A public function may also be called by the
    project's users, with anything: it keeps its finding."""
    if len(origin) < 3 or not fn.name.startswith("_") or fn.name.startswith("__"):
        return False
    name, position = origin[1], origin[2]
    edges = graph.callers.get(fn.qualname)
    if not edges:
        return False
    for edge in edges:
        passed = edge.site.passed
        if passed is None or passed.spread:
            return False
        given = dict(passed.code)
        ref = given.get(int(position)) if position else None
        if ref is None:
            ref = given.get(name)
        if ref is None:
            return False
        value = index.resolve(ref)
        if value is None or value[0] not in ("func", "class", "ext"):
            return False
    return True


def method_table(index: ProjectIndex, owner: str, attr: str) -> bool:
    """Whether ``self.<attr>`` in class ``owner`` is a dispatch table of the object's own
    methods: every class of the hierarchy that assigns it assigns only displays of
    ``self.<name>`` values (``{GET: self.on_get}``) and never changes it in place (its methods
    only look it up: no alias, no ``|=``), each name is a method of ``owner``, and ``owner``
    has no subclass in the project. Calling an element runs the class's own code."""
    found = False
    for name in index.class_ancestors(owner):
        cls = index.classes.get(name)
        if cls is None or attr not in cls.attributes:
            continue
        names = dict(cls.method_tables).get(attr)
        if names is None:
            return False
        if any(index.resolve(SelfRef(owner, (method,))) is None for method in names):
            return False
        found = True
    if found and any(
        owner in index.class_ancestors(other) for other in index.classes if other != owner
    ):
        return False  # a subclass may add to the table or assign another
    return found


def unknown_calls(
    index: ProjectIndex, fn: FunctionFacts, graph: CallGraph | None = None
) -> Iterator[UnknownCall]:
    """Callback calls in ``fn``: parameters, elements of stored collections, stored callables."""
    for call in fn.dynamic_calls:
        origin = call.origin
        if origin[0] == "param":
            if holds_a_class(origin[1]):
                continue  # ``metric_class(name)``: builds an instance of the class passed in
            if graph is not None and _passed_known_code(index, graph, fn, origin):
                continue  # every caller passes one of its own methods or a module function
            what = f"`{origin[1]}`, passed in by the caller"
        elif origin[0] == "self":
            if index.resolve(SelfRef(origin[1], (origin[2],))) is not None:
                continue  # ``read = self._read``: the class's own method, not a callback
            if method_table(index, origin[1], origin[2]):
                continue  # ``self.handlers[kind](msg)``: a table of the object's own methods
            what = f"a callable taken from `self.{origin[2]}`"
        elif origin[0] == "cls":
            what = f"a callable taken from `cls.{origin[2]}`"
        else:
            what = f"a callable taken from `{origin[2]}`"
        yield UnknownCall(
            call.line, call.column, what, origin[0] == "param", call.held, origin[0] == "g"
        )
    for site in fn.calls:
        ref = site.callee
        if not isinstance(ref, SelfRef) or len(ref.attrs) != 1 or index.resolve(ref) is not None:
            continue
        if callback_attribute(index, ref.owner, ref.attrs[0]):
            what = f"`self.{ref.attrs[0]}`, a callable stored on the object"
            yield UnknownCall(site.line, site.column, what, False, site.held)


class CallbackUnderLock(ProjectRule):
    """ADMF205: a callback, handler or hook is called while a lock is held (opt-in).

    Code the lock's owner does not control (a handler registered by a subscriber, a callback passed
    in, a hook stored on the object) can call back into the object: when the lock is a `Lock` (not
    reentrant) and a public function or method waits for it (`publish()` or `subscribe()` taking
    the bus lock), the callback that calls it waits for a lock its own thread holds, forever.
    This is the classic event bus bug: `publish()` iterating its handlers under the bus lock. The
    message names the public function a callback would deadlock in.

    Under an `RLock`, or a `Lock` that only private code takes, calling back in does not
    deadlock; what remains (the callback taking other locks in an order another thread reverses,
    or blocking every thread that waits for the lock) is ADMF207, which is opt-in.

    Reported directly (the call is inside the locked region) and through calls (the locked region
    calls a project function that, possibly further down, calls a stored callback); the chain is
    shown. Callbacks are parameters called as functions, elements taken out of `self.x` or a module
    variable (`for handler in self._handlers[kind]: handler(event)`), and `self.x()` where `x` is
    assigned rather than defined as a method in a fully known class hierarchy. A method of the
    class bound to a local first (`read = self._read; read(8)`) is the class's own code, as the
    direct call is, and so is an element of a dispatch table of the object's own methods (an
    attribute only ever assigned displays like `{GET: self.on_get, PUT: self.on_put}` and
    only looked up by the class's methods, no alias or `|=`, in a class with no subclass in
    the project: `self.handlers[kind](msg)`; the methods it holds are not followed from that
    call), and a parameter of a private function that every resolved
    call fills with code the project names (`self._members(secondary_selector)`,
    `self._wrap(self._renew)`, `subscribe = super().subscribe; self._wrap(subscribe)`). A
    configured class
    is not a callback: `self.connection_pool_class(**kwargs)` (an attribute or a parameter named
    `*_class`, `*_cls` or `*_type`, or assigned a class: `KEY = namedtuple(...)`,
    `Record = dict`, a project class) builds an instance.

    Reported once per class and lock: running callbacks under a lock is one design decision, so
    every place a class calls unknown code under the same lock is one finding, at the first such
    call (by file, line and column), whose message counts and lists the other call sites (each
    is also a related location). A `# noqa: ADMF205` on the reported line suppresses the whole
    group.

    Fix: copy what you need under the lock (`handlers = list(self._handlers)`), release it, then
    call. If running user code under the lock is the contract (an atomic `compute(key, fn)`),
    document it and suppress with `# noqa: ADMF205`.

    Opt-in (`--extend-select ADMF205`): on the real projects of docs/realworld-findings.md and
    its held-out pages, 41 findings of this rule were judged and none was worth a change: 24
    were right but by design (a library whose contract is to run its hooks under its lock,
    callbacks the project itself passes and that never call back in) and 17 wrong (weak
    references, state objects, the object's own methods and private pure functions taken for
    callbacks). At 4b06a2d the
    default selection reported 13 of them (6 NOTWORTH, 7 WRONG), a tenth of everything wrong
    it reported there. The deadlock it describes is real and easy to write in an event bus or
    an observer list; select it where the code runs other people's handlers under its locks.
    """

    code = "ADMF205"
    name = "callback-under-lock"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Bus:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._handlers = []\n\n"
        "    def subscribe(self, handler):\n        with self._lock:\n"
        "            self._handlers.append(handler)\n\n"
        "    def publish(self, event):\n        with self._lock:\n"
        "            handlers = list(self._handlers)\n        for handler in handlers:\n"
        "            handler(event)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Bus:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._handlers = {}\n\n"
            "    def publish(self, kind, event):\n        with self._lock:\n"
            "            for handler in self._handlers.get(kind, []):\n"
            "                handler(event)\n",
            message="a callable taken from `self._handlers`",
        ),
        Invalid(
            "import threading\n\nclass Feed:\n    def __init__(self, on_tick):\n"
            "        self._lock = threading.Lock()\n        self._on_tick = on_tick\n\n"
            "    def _notify(self, tick):\n        self._on_tick(tick)\n\n"
            "    def push(self, tick):\n        with self._lock:\n            self._notify(tick)\n",
            message="`Feed.push() -> Feed._notify()`",
        ),
        Invalid(
            "import threading\n\nLOCK = threading.Lock()\n\ndef update(fn):\n    with LOCK:\n"
            "        return fn()\n",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.selected(project.config):
            return []
        found = project.fact(CallbacksUnderLocks).found
        return once_per_lock(project, self.code, [f for f in found if f.reentry is not None])


class CallbackUnderLockOrderRisk(ProjectRule):
    """ADMF207: a callback is called under a lock it cannot deadlock on by calling back (opt-in).

    The callbacks of ADMF205, called while holding a lock a callback cannot wait for again: a
    reentrant `RLock` (the thread that holds it takes it again at once), or a `Lock` that no
    public function or method of the project waits for (only the object's own internals take
    it, so calling the object's API from the callback does not self-deadlock). What remains is a
    lock-order risk: the callback may take locks of its own, in an order another thread
    reverses, and every thread that waits for the lock waits for the callback too. Many
    libraries run their users' callbacks under their own lock on purpose (to serialise them);
    on twelve real projects (docs/realworld-findings.md) paho-mqtt's and apscheduler's
    callbacks and plugins under their `RLock`s and callback lock were 33 findings, all judged
    not worth a change, so the rule is off unless `select` names it (`--select ADMF207`).

    Reported once per class and lock, as ADMF205 is.

    Fix: as for ADMF205, copy what you need under the lock and call the callback after
    releasing it; if serialising callbacks is the contract, document it.
    """

    code = "ADMF207"
    name = "callback-under-lock-order-risk"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Bus:\n    def __init__(self):\n"
        "        self._lock = threading.RLock()\n        self._handlers = []\n\n"
        "    def publish(self, event):\n        with self._lock:\n"
        "            handlers = list(self._handlers)\n        for handler in handlers:\n"
        "            handler(event)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Bus:\n    def __init__(self):\n"
            "        self._lock = threading.RLock()\n        self._handlers = []\n\n"
            "    def publish(self, event):\n        with self._lock:\n"
            "            for handler in self._handlers:\n                handler(event)\n",
            message="reentrant",
        ),
        Invalid(
            "import threading\n\nclass Client:\n    def __init__(self, on_log):\n"
            "        self._callback_lock = threading.Lock()\n        self.on_log = on_log\n\n"
            "    def _dispatch(self, text):\n        with self._callback_lock:\n"
            "            self.on_log(text)\n",
            message="no public function waits for `Client._callback_lock`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.selected(project.config):
            return []
        found = project.fact(CallbacksUnderLocks).found
        return once_per_lock(project, self.code, [f for f in found if f.reentry is None])


def once_per_lock(
    project: ProjectContext, code: str, found: Iterable[LockedCallback]
) -> list[Finding]:
    """One finding per (class, lock): every place a class calls unknown code under one lock is
    one design choice, fixed (or accepted) once; the first place is reported, the others are
    counted and listed in its message and are its related locations."""
    model = project.fact(LockModel)
    occurrences = []
    for callback in found:
        function = project.index.functions.get(callback.function)
        owner = callback.module.module
        if function is not None and function.class_qualname is not None:
            owner = function.class_qualname
        lock = model.display(callback.lock)
        caller = model.short(callback.function)
        if callback.chain is None:
            note = f"`{caller}()` also calls {callback.what} under `{lock}`"
        else:
            callee = model.short(callback.callee or "")
            note = f"`{caller}()` also calls `{callee}()`, which runs unknown code, under `{lock}`"
        occurrences.append(
            Occurrence(
                ("lock", owner, callback.lock.name),
                callback.finding(project, code),
                note,
            )
        )

    def others(root: RootKey, count: int, listing: str) -> str:
        sites = "call site calls" if count == 1 else "call sites call"
        lock = model.display(str(root[2]))
        return f"and {count} more {sites} unknown code under `{lock}`: {listing}"

    return one_per_root(occurrences, others)


@dataclass(frozen=True, slots=True)
class LockedCallback:
    """Unknown code called while a lock is held, directly or through project calls.

    ``reentry`` is a public function that waits for ``lock`` (a callback calling it deadlocks),
    or ``None`` when there is none: the lock is reentrant, or only private code takes it.
    """

    module: ModuleFacts
    line: int
    column: int
    lock: LockId
    reentry: str | None
    #: ``None`` for a direct call; else the rendered chain down to the callback and its text.
    chain: tuple[str, str] | None
    what: str
    function: str
    callee: str | None
    related: tuple[Related, ...]

    def finding(self, project: ProjectContext, code: str) -> Finding:
        model = project.fact(LockModel)
        lock = model.display(self.lock)
        if self.reentry is not None:
            risk = (
                f"a callback that calls `{model.short(self.reentry)}()` waits for `{lock}`, "
                "which this thread holds: self-deadlock"
            )
        elif self.lock.reentrant:
            risk = (
                f"`{lock}` is reentrant, so calling back in does not deadlock, but the callback "
                "can take other locks in an order another thread reverses"
            )
        else:
            risk = (
                f"no public function waits for `{lock}`, so calling back in does not deadlock, "
                "but the callback can take other locks in an order another thread reverses"
            )
        if self.chain is None:
            message = (
                f"`{model.short(self.function)}()` calls {self.what} while holding `{lock}`: "
                f"{risk}; copy what you need under the lock and call it after releasing"
            )
        else:
            rendered, text = self.chain
            message = (
                f"`{model.short(self.function)}()` holds `{lock}` while calling "
                f"`{model.short(self.callee or '')}()`, which runs unknown code "
                f"(`{rendered}` {text}): {risk}; release the lock before calling it"
            )
        return project.finding(
            self.module, (self.line, self.column), code, message, related=self.related
        )


@dataclass(frozen=True, slots=True)
class CallbacksUnderLocks:
    """Every callback called under a lock, for ADMF205 (a re-entry can deadlock) and ADMF207.

    A project fact (``project.fact(CallbacksUnderLocks)``). The lock shown is the first held
    one a callback can deadlock on, else the first held.
    """

    found: tuple[LockedCallback, ...]

    @classmethod
    def compute(cls, project: ProjectContext) -> CallbacksUnderLocks:
        index = project.index
        model = project.fact(LockModel)
        reentries = _reentry_points(index, model)
        found: list[LockedCallback] = []
        seeds: dict[str, tuple[Step, ...]] = {}
        for module, fn in index.iter_functions():
            for call in unknown_calls(index, fn, project.graph):
                locks = list(model.held_locks(call.held))
                if locks:
                    lock, line, column, reentry = _riskiest(locks, reentries)
                    shown = model.display(lock)
                    related = model.related(
                        [Step(fn.qualname, line, column, f"`{shown}` taken here")]
                    )
                    found.append(
                        LockedCallback(
                            module,
                            call.line,
                            call.column,
                            lock,
                            reentry,
                            None,
                            call.what,
                            fn.qualname,
                            None,
                            tuple(related),
                        )
                    )
                # Through calls, only callbacks stored on an object count: a module-level table
                # (``copy._deepcopy_dispatch``) is the library's own code, not a hook.
                if not call.passed_in and not call.global_table and fn.qualname not in seeds:
                    seeds[fn.qualname] = (
                        Step(fn.qualname, call.line, call.column, f"calls {call.what}"),
                    )
        if seeds:
            found.extend(_through_calls(project, model, seeds, reentries))
        return cls(tuple(found))


def _public_entry(index: ProjectIndex, fn: FunctionFacts) -> bool:
    """Whether a callback could call ``fn``: a public module function or method (not nested)."""
    name = fn.name
    if name in _NOT_REENTRY or (name.startswith("_") and not name.endswith("__")):
        return False
    if fn.class_qualname is not None:
        return fn.qualname == f"{fn.class_qualname}.{name}"
    module = index.function_module.get(fn.qualname)
    return module is not None and fn.qualname == f"{module.module}.{name}"


def _reentry_points(index: ProjectIndex, model: LockModel) -> dict[str, str]:
    """Lock class name -> the public function a callback would deadlock in: the one that
    takes the lock through the fewest calls (its own ``with`` first), then the first by name.

    A chain through calls can pass conditions the analysis does not follow (``pull(thunk=None)``
    takes the lock only under ``if thunk:``, and a wrapper calls it with no thunk), so the
    shortest one is the surest example of a re-entry."""
    points: dict[str, tuple[int, str]] = {}
    for _, fn in index.iter_functions():
        if not _public_entry(index, fn):
            continue
        for taken in model.acquired.get(fn.qualname, {}).values():
            lock = taken.lock
            if lock.reentrant or taken.when_free:
                continue
            rank = (len(taken.chain), fn.qualname)
            known = points.get(lock.name)
            if known is None or rank < known:
                points[lock.name] = rank
    return {name: qualname for name, (_, qualname) in points.items()}


def _riskiest(
    locks: list[tuple[LockId, int, int]], reentries: dict[str, str]
) -> tuple[LockId, int, int, str | None]:
    """The first held lock a callback can deadlock on (with the public function), else the
    first held lock."""
    for lock, line, column in locks:
        if not lock.reentrant and lock.name in reentries:
            return lock, line, column, reentries[lock.name]
    lock, line, column = locks[0]
    return lock, line, column, None


def _through_calls(
    project: ProjectContext,
    model: LockModel,
    seeds: dict[str, tuple[Step, ...]],
    reentries: dict[str, str],
) -> Iterator[LockedCallback]:
    def transfer(
        caller: str, edge: CallEdge, chain: tuple[Step, ...], old: tuple[Step, ...] | None
    ) -> tuple[Step, ...] | None:
        if old is not None:
            return None
        step = Step(
            caller,
            edge.site.line,
            edge.site.column,
            f"`{model.short(caller)}()` calls `{model.short(edge.callee)}()`",
        )
        return (step, *chain)

    chains = propagate(project.graph, seeds, transfer, model.follows)
    for module, fn in project.index.iter_functions():
        for edge in project.graph.callees.get(fn.qualname, ()):
            chain = chains.get(edge.callee)
            if chain is None or not edge.site.held or not model.follows(edge):
                continue
            locks = list(model.held_locks(edge.site.held))
            if not locks:
                continue
            lock, line, column, reentry = _riskiest(locks, reentries)
            names = [model.short(fn.qualname), model.short(edge.callee)]
            names += [model.short(step.function) for step in chain[1:]]
            rendered = " -> ".join(f"{name}()" for name in names)
            taken = Step(fn.qualname, line, column, f"`{model.display(lock)}` taken here")
            yield LockedCallback(
                module,
                edge.site.line,
                edge.site.column,
                lock,
                reentry,
                (rendered, chain[-1].text),
                "",
                fn.qualname,
                edge.callee,
                tuple(model.related([taken, *chain])),
            )
