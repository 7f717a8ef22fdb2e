"""Lock identity, per-function lock summaries and the project's lock-order graph.

Lock identity follows lockdep: a lock *class* is the place a lock is defined, so every instance of
``Portfolio`` shares the class ``pkg.mod.Portfolio._lock`` and one order. A lock is recognised by
its construction (``threading.Lock()``, ``RLock()``, ``Condition()``, their ``_thread`` and
``multiprocessing`` twins) or its annotation; a ``Condition`` built around a lock *is* that lock.
A lock reached through a parameter or local whose class is unknown (``def f(lock): with lock:``) has
no class and is never reported on.

Besides its class, a held lock has an *instance* key relative to the running function:
``("self", attrs)`` for ``self.<attrs>``, ``("g",)`` for a module- or class-level lock (one object),
``None`` when the instance is unknown. Self-deadlock needs the same instance; order needs classes.

Summaries are joined over the call graph to a fixed point (:func:`callgraph.propagate`):
``acquired[f]`` is every lock ``f`` may take and wait for (a non-blocking ``acquire(False)`` or one
with a timeout gives up instead), directly or through calls, each with the shortest chain of
steps that shows how. Calls through ``self.x.method()`` translate the callee's
``self``-relative locks to ``self.x.<...>`` in the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from admf_tsan.lint.analysis.callgraph import CallEdge, CallGraph, propagate
from admf_tsan.lint.analysis.facts import (
    CONTEXT_CALL,
    PROXY_TAKERS,
    Acquisition,
    AnnotType,
    CallType,
    ClsRef,
    FunctionFacts,
    GlobalRef,
    Held,
    ModuleFacts,
    Ref,
    SameAs,
    SelfRef,
    SuperRef,
    TypeRef,
    ValRef,
    with_attrs,
)
from admf_tsan.lint.analysis.handoffs import IF_COROUTINE, MARKS
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.scopes import CONDITION_CLASSES
from admf_tsan.lint.blocking import display_name
from admf_tsan.lint.ftypes import Related

if TYPE_CHECKING:
    from admf_tsan.lint.rule import ProjectContext


#: Lock types and whether they are reentrant. Semaphores are left out on purpose: a semaphore is a
#: counter, not mutual exclusion, and taking one twice is often correct.
LOCK_TYPES: dict[str, bool] = {
    "threading.Lock": False,
    "_thread.allocate_lock": False,
    "_thread.LockType": False,
    "_thread.lock": False,
    "multiprocessing.Lock": False,
    "multiprocessing.synchronize.Lock": False,
    "threading.RLock": True,
    "_thread.RLock": True,
    "multiprocessing.RLock": True,
    "multiprocessing.synchronize.RLock": True,
    "threading.Condition": True,
    "multiprocessing.Condition": True,
}

#: Calls that build a lock, and whether it is reentrant (``threading.RLock`` is a function).
LOCK_CONSTRUCTORS: dict[str, bool] = {
    **LOCK_TYPES,
    "threading._allocate_lock": False,
    "threading._CRLock": True,
    "threading._PyRLock": True,
    "threading._RLock": True,
    "_thread.allocate": False,
    # admf-tsan's own factory: the lock it hands out depends on the execution context, its
    # order and reentrancy do not.
    **{
        f"{owner}.ThreadSafetyFactory.{method}": reentrant
        for owner in ("admf_tsan", "admf_tsan.sync", "admf_tsan.sync._factory")
        for method, reentrant in (("lock", False), ("rlock", True), ("condition", True))
    },
}

#: Longest ``self.a.b.c`` path tracked for lock instances (recursion through ``self.next`` ends).
_MAX_PATH = 3

#: Last attribute of a held reference that marks a successful try-lock of the lock before it:
#: ``if lock.acquire(False):`` holds ``lock`` and ``tried_mark(lock)`` in its body. The lock was
#: free when this thread tried it, so this thread did not hold it on the way in (a lock is not
#: reentrant, or the try would have failed); the mark stays after an early ``lock.release()``.
TRIED = "<tried>"


def _marked(lock: Ref, tag: str) -> Ref:
    """``lock`` with the mark ``tag`` as its last attribute (never resolves to a lock)."""
    if isinstance(lock, GlobalRef):
        return GlobalRef(f"{lock.name}.{tag}")
    return with_attrs(lock, (*lock.attrs, tag))


def _unmarked(mark: Ref, tag: str) -> Ref | None:
    """The lock a :func:`_marked` reference with ``tag`` stands for; ``None`` for any other."""
    if isinstance(mark, GlobalRef):
        name, _, last = mark.name.rpartition(".")
        return GlobalRef(name) if last == tag else None
    if mark.attrs and mark.attrs[-1] == tag:
        return with_attrs(mark, mark.attrs[:-1])
    return None


def tried_mark(lock: Ref) -> Ref:
    """The held mark of a successful ``lock.acquire(False)`` (never resolves to a lock)."""
    return _marked(lock, TRIED)


#: Last attribute of a held mark that says the lock-like object is absent (``None`` or false)
#: in this branch: the ``else`` of ``if self._lock: with self._lock: ...``. A class that builds
#: its lock only for the threaded mode runs that branch on one thread.
ABSENT = "<absent>"


def absent_mark(lock: Ref) -> Ref:
    """The held mark of a branch where ``lock`` tested false or ``None`` (never a lock)."""
    return _marked(lock, ABSENT)


Instance = tuple[Any, ...] | None
LockKey = tuple[str, Instance]


@dataclass(frozen=True, slots=True)
class LockId:
    """A resolved lock: its class name, whether it is reentrant, its instance (see module doc)."""

    name: str
    reentrant: bool
    instance: Instance

    @property
    def key(self) -> LockKey:
        return (self.name, self.instance)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path that explains a finding: a place and what happens there."""

    function: str
    line: int
    column: int
    text: str


Chain = tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class OrderEdge:
    """``inner`` is taken while ``outer`` is held; ``steps`` shows where (outer first)."""

    outer: LockId
    inner: LockId
    steps: Chain
    function: str
    #: The callee through which ``inner`` is taken (``None`` when taken in ``function`` itself).
    via: str | None = None
    #: ``inner`` (the same lock of the same, known object) is already held there: taken
    #: again, an ``RLock`` orders nothing (the thread took it before ``outer``), and a
    #: ``Lock`` waits for itself (ADMF203). Not an edge of the order graph.
    retaken: bool = False


class Taken(NamedTuple):
    """A lock a function may take and wait for, with the chain of steps that shows how."""

    lock: LockId
    chain: Chain
    #: Only on a path where a try-lock of this very lock succeeded in this thread first, so
    #: never while this thread held it on entry (``if lock.acquire(False): lock.release();
    #: self.flush()``, with ``flush()`` taking the lock).
    when_free: bool


class LockModel:
    """Every lock fact of one project run, computed once and shared by the lock rules.

    A project fact: rules get the one of their run with ``project.fact(LockModel)``.
    """

    def __init__(self, index: ProjectIndex, graph: CallGraph) -> None:
        self.index = index
        self.graph = graph
        self._aliases: dict[str, Ref] = {}
        for module in index.modules.values():
            self._aliases.update(module.lock_aliases)
        for module in index.modules.values():
            for key, (callee, arguments) in module.lock_alias_calls.items():
                position = self._condition_over(callee)
                if position is not None and position < len(arguments):
                    lock = arguments[position]
                    if lock is not None:
                        self._aliases.setdefault(key, lock)
        self._memo: dict[Ref, LockId | None] = {}
        self._resolving: set[Ref] = set()
        #: Refs resolved through an object that stands for a lock (``ClassFacts.lock_proxy``).
        self._proxied: set[Ref] = set()
        self._tried_memo: dict[tuple[Held, ...], frozenset[LockKey]] = {}
        self.acquired = self._acquired_summaries()

    @classmethod
    def compute(cls, project: ProjectContext) -> LockModel:
        return cls(project.index, project.graph)

    def _condition_over(self, callee: Ref) -> int | None:
        """The position of the argument ``callee`` builds a ``Condition`` around, when it is a
        module-level project function annotated to return one whose every ``return`` wraps
        the same parameter (``def _create_condition(lock) -> threading.Condition: return
        threading.Condition(lock)``): that condition is the lock passed there, as
        ``threading.Condition(lock)`` is."""
        value = self.index.resolve(callee)
        if value is not None and value[0] == "class":
            proxy = self._proxy(str(value[1]))
            return proxy[1] if proxy is not None else None
        if value is None or value[0] != "func":
            return None
        function = self.index.functions.get(str(value[1]))
        if function is None or function.condition_over is None:
            return None
        returned = function.returns
        if type(returned) is not AnnotType:
            return None
        built = self.index.resolve(returned.cls)
        if built is None or built[0] != "ext" or built[1] not in CONDITION_CLASSES:
            return None
        return function.condition_over

    # --- identity ------------------------------------------------------------------------------

    def lock(self, ref: Ref) -> LockId | None:
        """The lock ``ref`` denotes, or ``None`` when it is not a lock of known class."""
        memo = self._memo
        if ref in memo:
            return memo[ref]
        if ref in self._resolving:
            return None
        self._resolving.add(ref)
        try:
            found = self._lock(ref)
        finally:
            self._resolving.discard(ref)
        memo[ref] = found
        return found

    def lock_of(self, key: LockKey) -> LockId:
        """A :class:`LockId` for a key seen before (its reentrancy as first resolved)."""
        for lock in self._memo.values():
            if lock is not None and lock.key == key:
                return lock
        return LockId(key[0], False, key[1])

    def display(self, lock: LockId | str) -> str:
        """A lock class name as users write it: ``Portfolio._lock``, ``cache.CACHE_LOCK``."""
        name = lock if isinstance(lock, str) else lock.name
        owner, _, attr = name.rpartition(".")
        if owner in self.index.classes:
            return f"{owner.rpartition('.')[2]}.{attr}"
        return f"{owner.rpartition('.')[2]}.{attr}" if owner else name

    def _lock_type(self, ref: Ref, typeref: TypeRef | None = None) -> bool | None:
        """Whether ``ref`` is reentrant (``None``: not a known lock type).

        ``typeref`` is how the attribute or variable was assigned; it decides when the index
        cannot name the type (``_thread.allocate_lock()``, or ``threading.RLock()`` while
        linting ``threading.py`` itself, where ``RLock`` is a project function).
        """
        value = self.index.resolve(ref)
        if value is not None and value[0] == "inst" and value[1] is not None:
            if value[1][0] == "ext" and value[1][1] in LOCK_TYPES:
                return LOCK_TYPES[value[1][1]]
        return self._typeref_lock_type(typeref, 0)

    def _typeref_lock_type(self, typeref: TypeRef | None, depth: int) -> bool | None:
        if typeref is None or depth > 4:
            return None
        if isinstance(typeref, CallType | AnnotType):
            callee = self.index.resolve(
                typeref.callee if isinstance(typeref, CallType) else typeref.cls
            )
            if callee is not None and callee[0] in ("ext", "func", "class"):
                table = LOCK_CONSTRUCTORS if type(typeref) is CallType else LOCK_TYPES
                return table.get(callee[1])
            return None
        if type(typeref) is SameAs:
            target = typeref.ref
            if type(target) is GlobalRef:
                name = self._canonical_global(target.name)
                return (
                    None
                    if name is None
                    else self._typeref_lock_type(self._var_typeref(name), depth + 1)
                )
        return None

    def _var_typeref(self, name: str) -> TypeRef | None:
        module, _, var = name.rpartition(".")
        facts = self.index.modules.get(module)
        if facts is not None:
            symbol = facts.symbols.get(var)
            if symbol is not None and symbol[0] == "var" and not isinstance(symbol[1], str):
                return symbol[1]
        cls = self.index.classes.get(module)
        return None if cls is None else cls.attributes.get(var)

    def _lock(self, ref: Ref) -> LockId | None:
        if isinstance(ref, GlobalRef):
            return self._global_lock(ref)
        if isinstance(ref, SuperRef):
            return None
        if not ref.attrs:
            # ``self.lock()`` on an object that stands for its own lock (``lock_proxy``)
            proxy = self._proxy(ref.owner) if type(ref) is SelfRef else None
            if proxy is None:
                return None
            self._proxied.add(ref)
            return self.lock(with_attrs(ref, (proxy[0],)))
        attrs = ref.attrs
        if attrs[-1] == TRIED or attrs[-1] == ABSENT or attrs[-1] == IF_COROUTINE:
            return None
        if attrs[-1] == CONTEXT_CALL:
            return self._context_helper_lock(ref) if type(ref) is SelfRef else None
        owner_class = self._class_of(with_attrs(ref, attrs[:-1]))
        if owner_class is None:
            return None
        defining = self._defining_class(owner_class, attrs[-1])
        if defining is None:
            return None
        name = f"{defining}.{attrs[-1]}"
        alias = self._aliases.get(name)
        if isinstance(alias, SelfRef | ClsRef) and type(ref) is not ValRef:
            target = self.lock(with_attrs(ref, (*attrs[:-1], *alias.attrs)))
            if target is not None:
                return target
            if len(alias.attrs) > 1:
                # ``Condition(self.owner.lock)`` over a lock of another object the analysis
                # cannot name: holding the condition holds that lock, which code may take as
                # ``with self.owner.lock:`` too. Neither is a lock of its own.
                return None
        if type(alias) is GlobalRef:
            target = self.lock(alias)
            if target is not None:
                return target
        reentrant = self._lock_type(ref, self.index.classes[defining].attributes.get(attrs[-1]))
        if reentrant is None:
            # ``with self._condition:`` / ``self._cache.lock()``: an object of a project class
            # that stands for one of its own locks (``ClassFacts.lock_proxy``) is that lock.
            held_class = self._class_of(ref) if len(attrs) < _MAX_PATH else None
            proxy = self._proxy(held_class) if held_class is not None else None
            if proxy is None:
                return None
            self._proxied.add(ref)
            return self.lock(with_attrs(ref, (*attrs, proxy[0])))
        instance: Instance = None
        if type(ref) is not ValRef and len(attrs) <= _MAX_PATH:
            instance = (ref.kind, attrs)
        if type(ref) is ClsRef and not attrs[:-1]:
            instance = ("g",)
        if attrs[-1] in self.index.classes[defining].class_vars:
            instance = ("g",)  # a class-level lock: one object, whichever instance names it
        return LockId(name, reentrant, instance)

    def _context_helper_lock(self, ref: SelfRef) -> LockId | None:
        """The lock ``with self.helper():`` holds: ``helper`` is a generator method (a
        ``@contextmanager``) that takes one lock of its object (with nothing held), around its
        ``yield`` as far as the analysis can tell."""
        if len(ref.attrs) != 2:
            return None
        method = ref.attrs[0]
        for ancestor in self.index.class_ancestors(ref.owner):
            cls = self.index.classes.get(ancestor)
            if cls is None or method not in cls.methods:
                continue
            fn = self.index.functions.get(f"{ancestor}.{method}")
            if fn is None or not fn.is_generator or fn.is_async:
                return None
            taken = {
                a.lock
                for a in fn.acquisitions
                if a.kind == "with" and all(held[0] in MARKS for held in a.held)
            }
            if len(taken) != 1:
                return None
            lock = taken.pop()
            return self.lock(SelfRef(ref.owner, lock.attrs)) if type(lock) is SelfRef else None
        return None

    def _proxy(self, qualname: str) -> tuple[str, int | None, tuple[str, ...]] | None:
        """The ``lock_proxy`` of the class ``qualname``: the one class of its hierarchy that
        defines the methods it has of ``__enter__``, ``acquire()`` and ``lock()`` (the first
        in its ancestry to define each) must record it, listing them all, and the attribute they
        take must be a lock of a known type there. A subclass that overrides ``__enter__``
        without the lock, or an ``__enter__`` from a mixin next to a locking ``acquire()``, is
        no such object."""
        definers: dict[str, str] = {}
        for ancestor in self.index.class_ancestors(qualname):
            cls = self.index.classes.get(ancestor)
            if cls is None:
                continue
            for taker in PROXY_TAKERS:
                if taker in cls.methods:
                    definers.setdefault(taker, ancestor)
        if len(set(definers.values())) != 1:
            return None
        cls = self.index.classes.get(next(iter(definers.values())))
        proxy = cls.lock_proxy if cls is not None else None
        if cls is None or proxy is None or set(proxy[2]) != set(definers):
            return None
        if self._typeref_lock_type(cls.attributes.get(proxy[0]), 0) is None:
            return None
        return proxy

    def _class_of(self, ref: Ref) -> str | None:
        if type(ref) is ClsRef and not ref.attrs:
            return ref.owner
        value = self.index.resolve(ref)
        if value is None or value[0] != "inst" or value[1] is None or value[1][0] != "class":
            return None
        return str(value[1][1])

    def _defining_class(self, qualname: str, attr: str) -> str | None:
        """The class in ``qualname``'s MRO whose body or methods assign ``attr``."""
        for ancestor in self.index.class_ancestors(qualname):
            cls = self.index.classes.get(ancestor)
            if cls is not None and attr in cls.attributes:
                return ancestor
        return None

    def _global_lock(self, ref: GlobalRef) -> LockId | None:
        if ref.name.endswith((TRIED, ABSENT)):
            return None
        name = self._canonical_global(ref.name)
        if name is None:
            return None
        alias = self._aliases.get(name)
        if type(alias) is GlobalRef:
            target = self.lock(alias)
            if target is not None:
                return target
        reentrant = self._lock_type(ref, self._var_typeref(name))
        if reentrant is None:
            return None
        return LockId(name, reentrant, ("g",))

    def _canonical_global(self, dotted: str, depth: int = 0) -> str | None:
        """Where a module-level name is defined, following ``from x import NAME`` chains."""
        if depth > 8:
            return None
        parts = dotted.split(".")
        modules = self.index.modules
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if module in modules:
                rest = parts[cut:]
                symbol = modules[module].symbols.get(rest[0])
                if symbol is None:
                    return None
                kind, payload = symbol
                if kind == "import" and isinstance(payload, str):
                    return self._canonical_global(".".join([payload, *rest[1:]]), depth + 1)
                if len(rest) == 1 and kind == "var":
                    return f"{module}.{rest[0]}"
                if len(rest) == 2 and kind == "class" and isinstance(payload, str):
                    return self._defining_class_name(payload, rest[1])
                return None
        return None

    def _defining_class_name(self, qualname: str, attr: str) -> str | None:
        defining = self._defining_class(qualname, attr)
        return None if defining is None else f"{defining}.{attr}"

    # --- held locks and receivers ----------------------------------------------------------------

    def held_locks(
        self, held: Iterable[Held], *, ordered: bool = False
    ) -> Iterator[tuple[LockId, int, int]]:
        """The known locks among lock-like contexts ``held``, with where each was taken.
        ``ordered``: only those that count in the lock-order graph (:meth:`order_lock`)."""
        for ref, line, column in held:
            lock = self.order_lock(ref) if ordered else self.lock(ref)
            if lock is not None:
                yield lock, line, column

    def order_lock(self, ref: Ref) -> LockId | None:
        """The lock ``ref`` denotes for the lock-order graph: not one taken through an object
        that stands for it (``with gate:``, ``cache.lock()``, ``ClassFacts.lock_proxy``). Such
        objects are often several attributes of one owner (two ``CountedEvent`` flags), whose
        locks share a class: ordered by class, as lockdep orders, they would make cycles
        between distinct objects. Whether state is guarded counts them (:meth:`lock`)."""
        lock = self.lock(ref)
        return None if ref in self._proxied else lock

    def tried_keys(self, held: tuple[Held, ...]) -> frozenset[LockKey]:
        """Locks a successful try-lock showed free of this thread at a point with ``held``."""
        if not held:
            return frozenset()
        keys = self._tried_memo.get(held)
        if keys is None:
            found = (lock.key for lock in self._marked_locks(held, TRIED) if not lock.reentrant)
            keys = self._tried_memo[held] = frozenset(found)
        return keys

    def absent_keys(self, held: tuple[Held, ...]) -> frozenset[LockKey]:
        """Locks a branch test showed absent at a point with ``held`` (see :data:`ABSENT`)."""
        return frozenset(lock.key for lock in self._marked_locks(held, ABSENT))

    def _marked_locks(self, held: tuple[Held, ...], tag: str) -> Iterator[LockId]:
        """The known locks that marks with ``tag`` among ``held`` stand for."""
        for ref, _, _ in held:
            marked = _unmarked(ref, tag)
            lock = None if marked is None else self.lock(marked)
            if lock is not None:
                yield lock

    @staticmethod
    def receiver(edge: CallEdge) -> tuple[str, tuple[str, ...]] | None:
        """The callee's ``self`` as seen by the caller: ``("self", ("feed",))`` for
        ``self.feed.run()``; ``None`` when the callee runs on an object the caller cannot name.
        """
        ref = edge.site.callee
        if isinstance(ref, SelfRef | ClsRef) and ref.attrs:
            return (ref.kind, ref.attrs[:-1])
        if type(ref) is ValRef and len(ref.attrs) == 1 and type(ref.source) is CallType:
            # ``with self.task as task: task.cancel()``: ``task`` is what ``__enter__``
            # returned, the manager itself for an object that stands for its lock (a lock of
            # another class's object would not match the callee's lock anyway).
            manager = ref.source.callee
            if type(manager) is SelfRef and manager.attrs[-1:] == ("__enter__",):
                return ("self", manager.attrs[:-1])
        if type(ref) is SuperRef:
            return ("self", ())
        if type(ref) is GlobalRef and edge.callee.startswith(edge.caller + ".<locals>."):
            return ("self", ())  # a nested function sees the caller's ``self``
        return None

    @staticmethod
    def map_instance(instance: Instance, receiver: tuple[str, tuple[str, ...]] | None) -> Instance:
        """A callee's lock instance as the caller sees it (``None`` when it cannot be named)."""
        if instance is None or instance == ("g",):
            return instance
        if receiver is None:
            return None
        kind, prefix = receiver
        if instance[0] == "self":
            path = (*prefix, *instance[1])
            return (kind, path) if len(path) <= _MAX_PATH else None
        if instance[0] == "cls" and not prefix:
            return instance
        return None

    # --- summaries -------------------------------------------------------------------------------

    def follows(self, edge: CallEdge) -> bool:
        """Whether a call runs the callee's body now (no generator, no unawaited coroutine)."""
        callee = self.index.functions[edge.callee]
        return not callee.is_generator and (not callee.is_async or edge.site.awaited)

    def _acquired_summaries(self) -> dict[str, dict[LockKey, Taken]]:
        index = self.index
        seeds: dict[str, dict[LockKey, Taken]] = {}
        for _, fn in index.iter_functions():
            taken: dict[LockKey, Taken] = {}
            for acquisition in fn.acquisitions:
                lock = self.order_lock(acquisition.lock)
                if lock is None or (lock.key in taken and not taken[lock.key].when_free):
                    continue
                if _non_blocking(fn, acquisition):
                    continue  # ``acquire(False)`` gives up instead of waiting: no deadlock
                step = Step(
                    fn.qualname,
                    acquisition.line,
                    acquisition.column,
                    f"`{self.short(fn.qualname)}()` takes `{self.display(lock)}`",
                )
                taken[lock.key] = Taken(
                    lock, (step,), lock.key in self.tried_keys(acquisition.held)
                )
            if taken:
                seeds[fn.qualname] = taken

        def transfer(
            caller: str,
            edge: CallEdge,
            callee_fact: dict[LockKey, Taken],
            old: dict[LockKey, Taken] | None,
        ) -> dict[LockKey, Taken] | None:
            new = dict(old or {})
            receiver = self.receiver(edge)
            call = Step(
                caller,
                edge.site.line,
                edge.site.column,
                f"`{self.short(caller)}()` calls `{self.short(edge.callee)}()`",
            )
            tried = self.tried_keys(edge.site.held)
            changed = False
            for lock, chain, when_free in callee_fact.values():
                mapped = LockId(
                    lock.name, lock.reentrant, self.map_instance(lock.instance, receiver)
                )
                when_free = when_free or mapped.key in tried
                known = new.get(mapped.key)
                # The first chain is the shortest; one taken whatever the caller holds wins.
                if known is None or (known.when_free and not when_free):
                    new[mapped.key] = Taken(mapped, (call, *chain), when_free)
                    changed = True
            return new if changed else None

        return propagate(self.graph, seeds, transfer, self.follows)

    def short(self, qualname: str) -> str:
        module = self.index.function_module.get(qualname)
        return display_name(qualname, module.module if module is not None else "")

    def related(self, steps: Iterable[Step], prefix: str = "") -> list[Related]:
        """Steps as related locations (``prefix`` tells the two sides of a cycle apart)."""
        result = []
        for step in steps:
            module = self.index.function_module.get(step.function)
            if module is not None:
                result.append(Related(module.path, step.line, step.column, prefix + step.text))
        return result

    def module_of(self, qualname: str) -> ModuleFacts:
        return self.index.function_module[qualname]

    # --- the order graph -------------------------------------------------------------------------

    def nested(self) -> Iterator[tuple[ModuleFacts, FunctionFacts, LockId, OrderEdge, bool]]:
        """Every "``inner`` taken while ``outer`` is held", direct or through calls.

        Yields ``(module, function, outer, edge, direct)``; ``direct`` is false when ``inner`` is
        taken by a callee (the edge's steps then go through the call).
        """
        index = self.index
        for module, fn in index.iter_functions():
            for acquisition in fn.acquisitions:
                if not acquisition.held:
                    continue
                inner = self.order_lock(acquisition.lock)
                if inner is None or _non_blocking(fn, acquisition):
                    continue
                held = list(self.held_locks(acquisition.held, ordered=True))
                retaken = _retaken(inner, held)
                for outer, line, column in held:
                    steps = (
                        Step(
                            fn.qualname,
                            line,
                            column,
                            f"`{self.short(fn.qualname)}()` takes `{self.display(outer)}`",
                        ),
                        Step(
                            fn.qualname,
                            acquisition.line,
                            acquisition.column,
                            f"then takes `{self.display(inner)}` while holding it",
                        ),
                    )
                    found = OrderEdge(outer, inner, steps, fn.qualname, retaken=retaken)
                    yield module, fn, outer, found, True
            for edge in self.graph.callees.get(fn.qualname, ()):
                if not edge.site.held or not self.follows(edge):
                    continue
                callee_locks = self.acquired.get(edge.callee)
                if not callee_locks:
                    continue
                receiver = self.receiver(edge)
                held = list(self.held_locks(edge.site.held, ordered=True))
                for outer, line, column in held:
                    first = Step(
                        fn.qualname,
                        line,
                        column,
                        f"`{self.short(fn.qualname)}()` takes `{self.display(outer)}`",
                    )
                    call = Step(
                        fn.qualname,
                        edge.site.line,
                        edge.site.column,
                        f"then calls `{self.short(edge.callee)}()` while holding it",
                    )
                    for lock, chain, when_free in callee_locks.values():
                        inner = LockId(
                            lock.name, lock.reentrant, self.map_instance(lock.instance, receiver)
                        )
                        if when_free and inner.key == outer.key:
                            continue  # the callee takes it only where a try-lock found it free
                        found = OrderEdge(
                            outer,
                            inner,
                            (first, call, *chain),
                            fn.qualname,
                            edge.callee,
                            _retaken(inner, held),
                        )
                        yield module, fn, outer, found, False

    def order_graph(self) -> dict[tuple[str, str], OrderEdge]:
        """Lock class ``A -> B`` when ``B`` is taken while ``A`` is held; the shortest witness.

        A lock of a known object taken again where it is already held
        (:attr:`OrderEdge.retaken`) orders nothing: the thread took it before ``A``."""
        edges: dict[tuple[str, str], OrderEdge] = {}
        for _, _, outer, edge, _ in self.nested():
            if outer.name == edge.inner.name or edge.retaken:
                continue
            key = (outer.name, edge.inner.name)
            known = edges.get(key)
            if known is None or len(edge.steps) < len(known.steps):
                edges[key] = edge
        return edges


def _retaken(inner: LockId, held: list[tuple[LockId, int, int]]) -> bool:
    """Whether ``inner``, a lock of a known object, is among the locks ``held`` there
    (:attr:`OrderEdge.retaken`)."""
    return inner.instance is not None and any(outer.key == inner.key for outer, _, _ in held)


def _non_blocking(fn: FunctionFacts, acquisition: Acquisition) -> bool:
    """``lock.acquire(False)`` / ``acquire(timeout=...)`` cannot deadlock: it gives up."""
    if acquisition.kind != "acquire":
        return False
    for site in fn.calls:
        if site.line == acquisition.line and site.column == acquisition.column:
            blocking = site.constant(0, "blocking")
            timeout = site.constant(1, "timeout")
            return blocking is False or (timeout is not ... and timeout not in (None, -1))
    return False


def non_blocking(fn: FunctionFacts, acquisition: Acquisition) -> bool:
    """Public form of the non-blocking test, for rules."""
    return _non_blocking(fn, acquisition)
