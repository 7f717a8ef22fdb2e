"""Guarded state: which lock protects each attribute, and the accesses made without it.

Clang's ``GUARDED_BY``, inferred. For every piece of shared state (``self.attr`` of a class,
``cls.attr``, a module variable written by functions) the analysis collects every access outside
constructors with the locks held there: the locks held at the access itself plus the locks every
caller holds when it calls the function (``entry`` locks, a greatest fixed point over the call
graph, so a private ``_apply_locked()`` helper called only under the lock counts as locked, and
so does a handler only dispatched under it through a table of the object's own methods; a
``@property`` is called wherever ``self.<property>`` is read, so one read only under the lock
runs under it too; a plain generator that every caller runs through where it made it, such as
``next(it)`` inside the ``with`` that made ``it``, runs there too).

The guard is inferred from consistent evidence: the lock held at every write that holds a lock,
when at least half of the writes hold it (an attribute written under different locks at
different writes, or mostly without one, has no inferred guard). Writes and container resets
that re-initialise the object (in a method ``__init__`` also calls, such as ``reset()`` or
``configure()``, and in the private helpers only such methods call) are initialisation, not
evidence. What a method does after refusing to run on a frozen object (``if self._frozen:
raise``) is not reported, objects being frozen before they are shared, though a locked write
there still counts as evidence. An ownership token (a flag set under the
lock by a test-and-set, reset without it only by the function that set it) is not reported at
its reset. What a thread class's ``start()`` does before ``threading.Thread.start(self)`` (and
the hooks only it calls there, such as ``on_thread_start()``) happens before the thread exists:
it is not reported against the accesses the thread's own ``run()`` makes. An attribute holding
a lock, an ``Event``, a ``Queue`` or another object that synchronises itself is not state:
calling its methods is no write. A project class whose every write of its own state (outside
constructors) holds one lock of the object is such an object too (a cache that locks itself):
judged from its code, not its name; an iteration of it that its own code makes without the lock
is reported in that class. A class's state includes what the methods it inherits do, but not
the methods it overrides (unless it calls them through ``super()``), and an access in a base
class is never reported against a lock only a subclass has. A subclass in another module is
joined to its base class's state: its module keeps the accesses of classes that may inherit
from another module even when it takes no lock (``ModuleExtractor._inherits``), and of those
the analysis follows the attributes that a base class in a module with locks touches
(:meth:`StateAnalysis._inherited_only`). A ``# guarded_by: NAME`` comment on the attribute's
assignment declares it instead (and ``# guarded_by: none`` declares the state deliberately
unguarded). State that is only ever initialised once by lazy initialisation (every write
sits inside ``if x is None:`` or after ``assert x is None``) may be read without the lock:
the check-then-act itself is ADMF403's business.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from admf_tsan.lint.analysis.callgraph import CallEdge
from admf_tsan.lint.analysis.facts import (
    CONSUMED_HERE,
    AnnotType,
    AwaitedType,
    CallSite,
    CallType,
    ClsRef,
    ElementOf,
    FunctionFacts,
    GlobalRef,
    Held,
    ModuleFacts,
    Ref,
    SameAs,
    SelfRef,
    StateAccess,
    SuperRef,
    TypeRef,
    ValRef,
    evolve,
    with_attrs,
)
from admf_tsan.lint.analysis.handoffs import LOOP_METHODS, paho_callback, paho_kind
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.locks import LOCK_CONSTRUCTORS, LockId, LockKey, LockModel
from admf_tsan.lint.analysis.paramflow import ParameterFlow
from admf_tsan.lint.analysis.statefacts import (
    DIAGNOSTICS,
    caller_holds_lock,
    is_constructor,
    takes_no_lock,
)

if TYPE_CHECKING:
    from admf_tsan.lint.deps._library import LibraryIndex
    from admf_tsan.lint.deps.locate import Environment
    from admf_tsan.lint.rule import ProjectContext

Target = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Use:
    """One access with where it happens and the locks held (at the access or on entry)."""

    module: ModuleFacts
    function: FunctionFacts
    access: StateAccess
    locks: frozenset[LockKey]
    #: A read that iterates the state step by step (recorded as kind ``"iterate"``; the
    #: access is kept as a ``"read"``, so every rule about reads sees it as one).
    iterated: bool = False
    #: Locks held by every caller that can run the branch of the access (a test of the
    #: function's parameters the other callers' arguments make false): they count as held
    #: there, but do not vote for the guard (:meth:`StateAnalysis._branch_entry`).
    branch_locks: frozenset[LockKey] = frozenset()

    @property
    def position(self) -> tuple[str, int, int]:
        """Where the access is (file, line, column): how the sets of positions name it."""
        return (self.module.path, self.access.line, self.access.column)


@dataclass(frozen=True, slots=True)
class Guard:
    """The lock that guards a piece of state, and why the analysis believes so."""

    lock: LockId
    declared: bool
    #: A write made under the lock (for inferred guards), shown as evidence.
    witness: Use | None
    #: The other locks every write holds too (``with self._binding_lock:`` around ``with
    #: self._lock:``, and no write without them): an access holding one of them excludes
    #: every write as well.
    also: frozenset[LockKey] = frozenset()


@dataclass(frozen=True, slots=True)
class GuardedState:
    """A piece of state with its guard and every access outside constructors."""

    target: Target
    guard: Guard | None
    uses: tuple[Use, ...]
    lazy_only: bool
    #: Functions never reported against the guard: base-class methods that do not have it, and
    #: private methods no resolved call reaches when the guard is one lock for all instances.
    foreign: frozenset[str] = frozenset()
    #: Reads ordered after the writes by a protocol rather than the lock (see ``_ordered``).
    ordered: frozenset[tuple[str, int, int]] = frozenset()

    def unguarded(self) -> Iterator[Use]:
        """Accesses made without the guard held (one per position; writes win over reads).

        Atomic snapshots (``len(x)``, ``k in x``, ``x.get(k)``, ``list(x)``) are not reported:
        the GIL makes each one step, and a stale answer is not a torn one."""
        if self.guard is None:
            return
        key = self.guard.lock.key
        by_position: dict[tuple[str, int, int], Use] = {}
        also = self.guard.also
        for use in self.uses:
            if key in use.locks or use.access.kind in ("check", "snapshot"):
                continue
            if key in use.branch_locks:
                continue  # held by every caller that can run this branch
            if also and not (also.isdisjoint(use.locks) and also.isdisjoint(use.branch_locks)):
                continue  # another lock held at every write
            if caller_holds_lock(use.function.name):
                continue  # ``_apply_locked()``: its name says the caller holds the lock
            if use.function.qualname in self.foreign:
                continue  # a base class's method cannot take a lock only a subclass has
            if use.position in self.ordered:
                continue  # ordered by a protocol (shutdown flag, Thread.start, re-check)
            position = use.position
            known = by_position.get(position)
            if known is None or known.access.kind == "read":
                by_position[position] = use
        yield from by_position.values()


class StateAnalysis:
    """Entry locks of every function and the guarded state of the project (a project fact)."""

    @classmethod
    def compute(cls, project: ProjectContext) -> StateAnalysis:
        return cls(project.fact(LockModel), LibraryClasses.for_project(project))

    def __init__(self, model: LockModel, library: LibraryClasses | None = None) -> None:
        self.model = model
        self.library = library if library is not None else LibraryClasses(None, ())
        self.index = model.index
        self._followed: dict[str, list[CallEdge]] = {}
        for qualname, edges in model.graph.callers.items():
            consumed = self._consumed_generator(qualname, edges)
            followed = [e for e in edges if consumed or model.follows(e)]
            if followed:
                self._followed[qualname] = followed
        self._add_property_readers()
        self._add_table_callers()
        self._add_override_callers()
        self._callees: dict[str, list[CallEdge]] = {}
        for qualname, edges in self._followed.items():
            for edge in edges:
                self._callees.setdefault(edge.caller, []).append(
                    CallEdge(edge.caller, qualname, edge.site)
                )
        self._site_locks: dict[tuple[Held, ...], frozenset[LockKey]] = {}
        self._class_module = {
            cls.qualname: module for module in self.index.modules.values() for cls in module.classes
        }
        self.constructor_only = self._constructor_only()
        self.init_helpers = self._init_helpers()
        self.super_called = {
            edge.callee
            for edges in self._followed.values()
            for edge in edges
            if type(edge.site.callee) is SuperRef
        }
        self._parameter_flow: ParameterFlow | None = None
        self._branch_entries: dict[tuple[int, tuple[int, ...]], frozenset[LockKey]] = {}
        self._unseen_callers: frozenset[str] | None = None
        self.entry = self._entry_locks()
        self.thread_starts = self._thread_starts()
        self._handed_over = self._scheduled_functions()
        self._loop_bound: frozenset[str] | None = None
        self._states: list[GuardedState] | None = None
        self._starting: dict[str, tuple[dict[str, int], frozenset[str]]] = {}
        #: Writes of each class's own state outside constructors (``_compute_states`` fills it).
        self._class_writes: dict[str, list[Use]] = {}
        self._self_locking: dict[str, bool] = {}
        self._owner_entries: dict[tuple[str, str], frozenset[LockKey]] = {}
        self._bodies: dict[str, frozenset[str]] = {}
        self._set_only: dict[tuple[str, str], bool] = {}

    def _consumed_generator(self, qualname: str, edges: list[CallEdge]) -> bool:
        """Whether ``qualname`` is a plain generator (``FunctionFacts.plain_generator``) that
        every caller runs through where it made it (``facts.CONSUMED_HERE``): its body runs
        there, holding the caller's locks, as a plain call's would (``it = self._steps()`` and
        ``next(it)`` inside the same ``with lock:``). One call that hands it on (to a thread
        pool, to ``zip()`` after the ``with``) and its body may run anywhere."""
        callee = self.index.functions.get(qualname)
        return (
            callee is not None
            and callee.plain_generator
            and bool(edges)
            and all(edge.site.constant(None, CONSUMED_HERE) is True for edge in edges)
        )

    def locks_at(self, fn: FunctionFacts, held: tuple[Held, ...]) -> frozenset[LockKey]:
        """Locks held at a point of ``fn``: taken there, or held by every caller."""
        return self.held_keys(_mutual_exclusion(fn, held)) | self.entry.get(
            fn.qualname, frozenset()
        )

    def held_keys(self, held: tuple[Held, ...]) -> frozenset[LockKey]:
        """The keys of the known locks among ``held`` (memoised: sites repeat the same tuple)."""
        if not held:
            return frozenset()
        keys = self._site_locks.get(held)
        if keys is None:
            keys = frozenset(lock.key for lock, _, _ in self.model.held_locks(held))
            # Where a test showed the lock absent (the ``else`` of ``if self._lock: with
            # self._lock: ...``), the object runs without threads: as good as holding it.
            keys |= self.model.absent_keys(held)
            self._site_locks[held] = keys
        return keys

    # --- entry locks (greatest fixed point over the call graph) ----------------------------------

    def _add_property_readers(self) -> None:
        """``with self.lock: conn = self.conn``: reading a ``@property`` runs its body, so each
        read of ``self.<property>`` is a call of it, made with the locks held at the read (a
        property read only under a lock runs under it, as a helper called only under it does).

        The facts record reads through ``self`` (in the module that defines the property). A
        property also read where the walk sees it on another object of the class
        (``store.conn.cursor()`` with ``store`` known to be one, ``super().conn``), defined twice
        (a setter), or with a subclass in another module (whose reads are not recorded) gets no
        readers here: it keeps the entry locks of a function no call reaches (none)."""
        index = self.index
        defined: dict[str, int] = {}
        for _, fn in index.iter_functions():
            if fn.class_qualname is not None:
                defined[fn.qualname] = defined.get(fn.qualname, 0) + 1
        names = {name for cls in index.classes.values() for name in cls.properties}
        if not names:
            return
        class_module = {
            cls.qualname: module.module
            for module in index.modules.values()
            for cls in module.classes
        }
        elsewhere: set[str] = set()  # classes subclassed in another module
        for qualname, module in class_module.items():
            for ancestor in list(index.class_ancestors(qualname))[1:]:
                if class_module.get(ancestor, module) != module:
                    elsewhere.add(ancestor)
        foreign = self._foreign_property_reads(names)
        readers: dict[str, list[CallEdge]] = {}
        for _, fn in index.iter_functions():
            for access in fn.accesses:
                kind, owner, attr = access.target
                if kind != "self" or access.kind == "write" or attr not in names:
                    continue
                prop = self._property(owner, attr)
                if prop is None or defined.get(prop) != 1:
                    continue
                site = CallSite(
                    SelfRef(owner, (attr,)),
                    access.line,
                    access.column,
                    access.line,
                    access.column,
                    access.line,
                    access.column,
                    False,
                    False,
                    access.held,
                )
                readers.setdefault(prop, []).append(CallEdge(fn.qualname, prop, site))
        for prop, edges in readers.items():
            cls_name, _, attr = prop.rpartition(".")
            if cls_name in elsewhere:
                continue  # a subclass's reads in another module are not recorded
            if any((ancestor, attr) in foreign for ancestor in index.class_ancestors(cls_name)):
                continue  # read on an instance of a base class: may run this property
            if any(self._property(q, a) == prop for q, a in foreign if a == attr):
                continue  # read on an instance of a subclass that inherits it
            self._followed.setdefault(prop, []).extend(edges)

    def _foreign_property_reads(self, names: set[str]) -> set[tuple[str, str]]:
        """``(class, name)`` for each read of attribute ``name`` (a property name) that the
        project's calls make on an object known to be an instance of ``class``, other than
        ``self.name`` itself (``store.conn.cursor()``, ``self.store.conn``, ``super().conn``)."""
        index = self.index
        found: set[tuple[str, str]] = set()
        # Dotted names already read: what one adds depends on the name only, and most calls
        # name a function called elsewhere too.
        dotted_seen: set[str] = set()

        def instance_class(ref: Ref) -> str | None:
            value = index.resolve(ref)
            if value is None or value[0] != "inst" or value[1] is None:
                return None
            inner = value[1]
            return str(inner[1]) if inner[0] == "class" else None

        def visit(ref: Ref | None, depth: int) -> None:
            if ref is None or depth > 8:
                return
            if isinstance(ref, GlobalRef):
                if ref.name in dotted_seen:
                    return
                dotted_seen.add(ref.name)
                parts = ref.name.split(".")
                for i in range(1, len(parts)):
                    if parts[i] in names:
                        cls = instance_class(GlobalRef(".".join(parts[:i])))
                        if cls is not None:
                            found.add((cls, parts[i]))
                return
            for i, attr in enumerate(ref.attrs):
                if attr not in names:
                    continue
                if i == 0 and isinstance(ref, SelfRef | ClsRef):
                    continue  # ``self.conn``: a recorded access; ``cls.conn``: the property
                if i == 0 and isinstance(ref, SuperRef):
                    for ancestor in list(index.class_ancestors(ref.owner))[1:]:
                        found.add((ancestor, attr))
                    continue
                cls = instance_class(with_attrs(ref, ref.attrs[:i]))
                if cls is not None:
                    found.add((cls, attr))
            if isinstance(ref, ValRef):
                source = ref.source
                if isinstance(source, CallType | AwaitedType):
                    visit(source.callee, depth + 1)
                elif isinstance(source, SameAs):
                    visit(source.ref, depth + 1)
                elif isinstance(source, ElementOf):
                    visit(source.container, depth + 1)

        for _, fn in index.iter_functions():
            for site in fn.calls:
                visit(site.callee, 0)
        return found

    def _property(self, owner: str, attr: str) -> str | None:
        """The qualname of the ``@property`` ``attr`` that ``self.attr`` reads in ``owner``."""
        for ancestor in self.index.class_ancestors(owner):
            cls = self.index.classes.get(ancestor)
            if cls is None or attr not in cls.methods:
                continue
            qualname = f"{ancestor}.{attr}"
            if attr in cls.properties and qualname in self.index.functions:
                return qualname
            return None
        return None

    def _add_override_callers(self) -> None:
        """``self._put()`` in ``Queue.put`` may run ``PriorityQueue._put``: an override gets the
        callers of the method it overrides (through ``self``), as dynamic dispatch would."""
        index = self.index
        for cls in index.classes.values():
            for method in cls.methods:
                qualname = f"{cls.qualname}.{method}"
                if qualname not in index.functions:
                    continue
                for ancestor in list(index.class_ancestors(cls.qualname))[1:]:
                    base = index.classes.get(ancestor)
                    if base is None or method not in base.methods:
                        continue
                    inherited = [
                        e
                        for e in self._followed.get(f"{ancestor}.{method}", ())
                        if self.model.receiver(e) == ("self", ())
                        and type(e.site.callee) is not SuperRef  # ``super()`` is no dispatch
                    ]
                    if inherited:
                        self._followed.setdefault(qualname, []).extend(inherited)
                    break

    def _add_table_callers(self) -> None:
        """``handler = self._handlers.get(kind); handler(msg)``: a call of an element of a
        dispatch table of the object's own methods (:func:`_dispatch_table`) runs one of
        them, on the same object, with the caller's locks held: each method of the table gets
        that call as a caller (so a handler only ever dispatched under the lock holds it)."""
        index = self.index
        tables: dict[tuple[str, str], tuple[str, ...]] = {}
        subclasses: dict[str, list[str]] | None = None
        for _, fn in index.iter_functions():
            for call in fn.dynamic_calls:
                origin = call.origin
                if origin[0] != "self" or len(origin) != 3:
                    continue
                names = tables.get((origin[1], origin[2]))
                if names is None:
                    if subclasses is None:
                        subclasses = {}
                        for name in index.classes:
                            for ancestor in list(index.class_ancestors(name))[1:]:
                                subclasses.setdefault(ancestor, []).append(name)
                    family = [*index.class_ancestors(origin[1]), *subclasses.get(origin[1], ())]
                    names = tables[origin[1], origin[2]] = _dispatch_table(index, family, origin[2])
                owner = origin[1]
                for name in names:
                    ref = SelfRef(owner, (name,))
                    value = index.resolve(ref)
                    if value is None or value[0] != "func":
                        continue
                    at = (call.line, call.column)
                    site = CallSite(ref, *at, *at, *at, False, False, call.held)
                    self._followed.setdefault(str(value[1]), []).append(
                        CallEdge(fn.qualname, str(value[1]), site)
                    )

    def _callers(self, qualname: str) -> list[CallEdge]:
        return self._followed.get(qualname, [])

    def callers(self, qualname: str) -> list[CallEdge]:
        """The resolved calls of ``qualname`` (plain calls, overrides reached through a base)."""
        return self._callers(qualname)

    def _constructor_only(self) -> set[str]:
        """Functions that run only while an object is being built (``__init__`` and helpers
        it alone calls on ``self``)."""
        only = {q for q, fn in self.index.functions.items() if is_constructor(fn.name)}
        candidates = {
            q
            for q, fn in self.index.functions.items()
            if not is_constructor(fn.name) and fn.name.startswith("_") and self._callers(q)
        }
        candidate_set = set(candidates)
        changed = True
        while changed:
            changed = False
            for qualname in list(candidate_set):
                if all(
                    (e.caller in only or e.caller in candidate_set)
                    and self.model.receiver(e) == ("self", ())
                    for e in self._callers(qualname)
                ):
                    continue
                candidate_set.discard(qualname)
                changed = True
        return only | candidate_set

    def _thread_starts(self) -> dict[str, list[tuple[str, int]]]:
        """Thread targets: the function that creates each thread, and the line."""
        starts: dict[str, list[tuple[str, int]]] = {}
        for _, fn in self.index.iter_functions():
            for scheduled in fn.scheduled:
                if scheduled.method != "Thread":
                    continue
                named = self._function_named(scheduled.callback)
                if named is not None:
                    starts.setdefault(named, []).append((fn.qualname, scheduled.line))
        return starts

    def _scheduled_functions(self) -> set[str]:
        """Project functions handed to a loop, a thread or an executor anywhere."""
        handed: set[str] = set()
        for _, fn in self.index.iter_functions():
            for scheduled in fn.scheduled:
                if paho_kind(scheduled) and not paho_callback(self.index, scheduled):
                    continue  # ``dispatcher.on_message = f``: not a paho client's callback
                named = self._function_named(scheduled.callback)
                if named is not None:
                    handed.add(named)
        return handed

    def loop_bound(self) -> frozenset[str]:
        """The functions that run only on an event loop's thread, one step at a time between
        its other callbacks and tasks' steps: coroutines (``async def``: the loop that drives
        one runs its body), and sync functions named nowhere as a value but to a loop
        (``loop.call_soon(f)``, ``call_later``, ``call_at``: ``f`` runs on the loop's thread)
        whose every resolved caller runs only there, grown from the coroutines and those
        callbacks (a least fixed point: functions that only call each other, a recursive one, a
        function nothing in the project calls, are not). A function handed to a thread, an
        executor, ``call_soon_threadsafe`` (from another thread: the loop may run elsewhere) or
        passed as a value to anything else (a callback a library may run anywhere) is not.
        Nothing is, when code a thread runs (a function handed to a thread or an executor, and
        what it calls) runs an event loop itself: coroutines may then run on two threads."""
        if self._loop_bound is not None:
            return self._loop_bound
        self._loop_bound = frozenset()
        index = self.index
        on_loop: set[str] = set()
        escaped: set[str] = set()
        threaded: set[str] = set()
        coroutines: set[str] = set()
        for _, fn in index.iter_functions():
            if fn.is_async:
                coroutines.add(fn.qualname)
            loop_sites: set[tuple[int, int]] = set()
            for scheduled in fn.scheduled:
                named = self._function_named(scheduled.callback)
                on_this_loop = scheduled.method in LOOP_METHODS and (
                    scheduled.method != "call_soon_threadsafe"
                )
                if on_this_loop:
                    loop_sites.add((scheduled.line, scheduled.column))
                if named is None:
                    continue
                if on_this_loop:
                    on_loop.add(named)
                else:
                    escaped.add(named)
                    if scheduled.method not in LOOP_METHODS:
                        threaded.add(named)
            for site in fn.calls:
                if site.passed is None or (site.line, site.column) in loop_sites:
                    continue
                for _, ref in site.passed.code:
                    named = self._function_named(ref)
                    if named is not None:
                        escaped.add(named)
        for cls in index.classes.values():
            run = f"{cls.qualname}.run"
            if run in index.functions and "threading.Thread" in index.class_ancestors(cls.qualname):
                threaded.add(run)  # a thread class's ``run()`` is the thread's code
        if self._runs_a_loop(threaded):
            return self._loop_bound
        bound = set(coroutines)
        waiting: dict[str, list[str]] = {}
        for _, fn in index.iter_functions():
            name = fn.qualname
            if fn.is_async or name in escaped:
                continue
            callers = [edge.caller for edge in self.callers(name)]
            if callers or name in on_loop:
                waiting[name] = callers
        changed = True
        while changed:
            changed = False
            for name, callers in list(waiting.items()):
                if all(caller in bound for caller in callers):
                    bound.add(name)
                    del waiting[name]
                    changed = True
        self._loop_bound = frozenset(bound)
        return self._loop_bound

    def _runs_a_loop(self, threaded: set[str]) -> bool:
        """Whether a function handed to a thread or an executor, or one it calls, runs an
        event loop (``asyncio.run()``, ``new_event_loop()``, ``run_until_complete()``,
        ``run_forever()``)."""
        index = self.index
        seen = set(threaded)
        stack = list(threaded)
        while stack:
            fn = index.functions.get(stack.pop())
            if fn is None:
                continue
            for site in fn.calls:
                name = index.name_of(index.callee(site)) or ""
                if name in _LOOP_RUNNERS or name.endswith(_LOOP_RUNNER_METHODS):
                    return True
            for edge in self._callees.get(fn.qualname, ()):
                if edge.callee not in seen:
                    seen.add(edge.callee)
                    stack.append(edge.callee)
        return False

    def _function_named(self, ref: Ref) -> str | None:
        """The project function ``ref`` names as a value, if it names one."""
        value = self.index.resolve(ref)
        return str(value[1]) if value is not None and value[0] == "func" else None

    def _init_helpers(self) -> set[str]:
        """Methods a constructor calls on ``self`` that also run later (``reset()``,
        ``configure()``), and the private helpers only they call on ``self``: their rebinding
        writes and container resets re-initialise the object, they are no evidence of a guard."""
        helpers = {
            qualname
            for qualname, edges in self._followed.items()
            if qualname not in self.constructor_only
            and any(
                e.caller in self.constructor_only and self.model.receiver(e) == ("self", ())
                for e in edges
            )
        }
        initialising = self.constructor_only | helpers
        changed = True
        while changed:
            changed = False
            for qualname, edges in self._followed.items():
                if qualname in initialising or not qualname.rpartition(".")[2].startswith("_"):
                    continue
                if all(
                    e.caller in initialising and self.model.receiver(e) == ("self", ())
                    for e in edges
                ):
                    helpers.add(qualname)
                    initialising.add(qualname)
                    changed = True
        return helpers

    def _entry_locks(self) -> dict[str, frozenset[LockKey]]:
        # Only functions reachable from a call made while holding a lock can have entry locks.
        functions: list[str] = []
        stack = [
            qualname
            for qualname, edges in self._followed.items()
            if any(e.site.held and self.held_keys(e.site.held) for e in edges)
        ]
        seen: set[str] = set()
        while stack:
            qualname = stack.pop()
            if qualname in seen:
                continue
            seen.add(qualname)
            functions.append(qualname)
            stack.extend(e.callee for e in self._callees.get(qualname, ()))
        entry: dict[str, frozenset[LockKey] | None] = dict.fromkeys(functions)  # None: top
        changed = True
        rounds = 0
        while changed and rounds < 50:
            changed = False
            rounds += 1
            for qualname in functions:
                meet = self._meet(self._callers(qualname), entry)
                if meet is not None and meet != entry[qualname]:
                    entry[qualname] = meet
                    changed = True
        return {q: locks for q, locks in entry.items() if locks}

    def _meet(
        self, edges: Iterable[CallEdge], entry: Mapping[str, frozenset[LockKey] | None]
    ) -> frozenset[LockKey] | None:
        """The locks every call of ``edges`` holds, as the callee names them (a caller's own
        entry locks, from ``entry``, included; ``None`` there is top, unconstrained); None
        when no call constrains them."""
        meet: frozenset[LockKey] | None = None
        for edge in edges:
            if edge.caller in self.constructor_only:
                continue  # runs before the object is shared: holds nothing it needs
            caller_entry = entry.get(edge.caller, frozenset())
            if caller_entry is None:
                continue  # top: does not constrain the meet
            caller = self.index.functions[edge.caller]
            held = self.held_keys(_mutual_exclusion(caller, edge.site.held)) | caller_entry
            receiver = self.model.receiver(edge)
            mapped = frozenset(
                callee_key for key in held if (callee_key := _to_callee(key, receiver)) is not None
            )
            meet = mapped if meet is None else meet & mapped
        return meet

    def _branch_entry(self, fn: FunctionFacts, where: tuple[int, int]) -> frozenset[LockKey]:
        """The locks held by every caller of ``fn`` that can run the branch at ``where``: a
        test of a parameter (``Parameters.tests``) there that a call's arguments make false
        (``if search: for key in self._cache: ...`` and ``self._find(item, search=False)``)
        runs nothing of the branch for that call, so only the other calls' locks count.

        Only for a private function (``_find``, not a dunder) that every caller calls by a
        name the analysis resolves: one handed to a thread, an executor or a loop, passed to
        another function (``functools.partial(self._find, ...)``), or called by its name on
        an attribute whose type the analysis does not know (``self._peer._find()``), may run
        the branch unseen. (A call the facts do not hold at all, on a parameter of unknown
        type or through a stored bound method, is not seen: a known limit, as for
        :attr:`entry`.) Empty when no call switches the branch off, or every call does (the
        branch then holds what the whole function holds, :attr:`entry`)."""
        parameters = fn.parameters
        if parameters is None or parameters.kwarg is not None:
            # With ``**kwargs``, a keyword may go there instead of a parameter of that name
            # (a positional-only one, which the facts do not mark): the binding is unsure.
            return frozenset()
        regions = [
            number
            for number, region in enumerate(parameters.tests)
            if (region.line, region.column) <= where <= (region.end_line, region.end_column)
        ]
        if not regions or not is_private(fn.name):
            return frozenset()
        if fn.qualname in self.unseen_callers():
            return frozenset()
        # Which calls leave the access on depends on the regions around it, not on where in
        # them it is: one answer per function and set of regions.
        memo = (id(fn), tuple(regions))
        known = self._branch_entries.get(memo)
        if known is not None:
            return known
        flow = self._parameter_flow
        if flow is None:
            flow = self._parameter_flow = ParameterFlow(self.index)
        edges = self._callers(fn.qualname)
        running = [
            edge
            for edge in edges
            if not flow.switched_off_at(fn, where, flow.bind(fn, edge.site, {}))
        ]
        found: frozenset[LockKey] = frozenset()
        if running and len(running) < len(edges):
            found = self._meet(running, self.entry) or frozenset()
        self._branch_entries[memo] = found
        return found

    def unseen_callers(self) -> frozenset[str]:
        """Functions that may run where no resolved call shows: handed to a thread, an
        executor or a loop, passed as an argument that names code, or named by a call the
        analysis cannot resolve (``self._peer._find()`` on an attribute of unknown type)."""
        if self._unseen_callers is None:
            index = self.index
            unseen = set(self._handed_over) | set(self.thread_starts)
            unresolved: set[str] = set()
            for _, caller in index.iter_functions():
                for site in caller.calls:
                    passed = site.passed
                    if passed is not None and passed.code:
                        for _, ref in passed.code:
                            value = index.resolve(ref)
                            if value is not None and value[0] == "func":
                                unseen.add(str(value[1]))
                    callee = site.callee
                    if type(callee) is GlobalRef:
                        continue
                    attrs = getattr(callee, "attrs", ())
                    if attrs and attrs[-1].startswith("_") and index.callee_function(site) is None:
                        unresolved.add(attrs[-1])
                        # ``self._Queue__find()`` names ``Queue.__find``.
                        mangled = _MANGLED.fullmatch(attrs[-1])
                        if mangled is not None:
                            unresolved.add(mangled.group(1))
            if unresolved:
                unseen.update(
                    qualname for qualname, fn in index.functions.items() if fn.name in unresolved
                )
            self._unseen_callers = frozenset(unseen)
        return self._unseen_callers

    # --- guarded state -------------------------------------------------------------------------

    def states(self) -> list[GuardedState]:
        """Every piece of shared state written outside constructors, with its guard."""
        if self._states is None:
            self._states = list(self._compute_states())
        return self._states

    def _inherited_only(self) -> dict[str, set[Target]]:
        """For each module that takes no lock and declares no guard: the accesses its facts keep
        that can matter, those of a class whose base class in a module with locks touches the
        same attribute. Such a module keeps only the accesses of its classes that may inherit
        state from another module (the extraction cannot tell which bases are the project's);
        the rest of them, a subclass's own attributes, no lock of the project can guard."""
        index = self.index
        lockless = [m for m in index.modules.values() if takes_no_lock(m.functions, m.guards)]
        if not lockless:
            return {}
        names = {m.module for m in lockless}
        elsewhere: set[Target] = {
            access.target
            for m in index.modules.values()
            if m.module not in names
            for fn in m.functions
            for access in fn.accesses
            if access.target[0] != "g"
        }
        kept: dict[str, set[Target]] = {}
        bases: dict[str, list[str]] = {}
        for m in lockless:
            own = kept[m.module] = set()
            for fn in m.functions:
                for access in fn.accesses:
                    kind, owner, attr = access.target
                    if kind == "g":
                        continue
                    above = bases.get(owner)
                    if above is None:
                        above = bases[owner] = list(index.class_ancestors(owner))[1:]
                    if any((kind, ancestor, attr) in elsewhere for ancestor in above):
                        own.add(access.target)
        return kept

    def _compute_states(self) -> Iterator[GuardedState]:
        groups: dict[Target, list[Use]] = {}
        setup_positions: set[tuple[str, int, int]] = set()
        class_writes = self._class_writes
        inherited = self._inherited_only()
        for module, fn in self.index.iter_functions():
            if not fn.accesses or fn.qualname in self.constructor_only or fn.name in DIAGNOSTICS:
                continue
            reinit = fn.qualname in self.init_helpers
            setup = self._setup_until(fn)
            only = inherited.get(module.module)
            for access in fn.accesses:
                if only is not None and access.target not in only:
                    continue
                iterated = access.kind == "iterate"
                if iterated:
                    access = evolve(access, kind="read")
                locks = self.locks_at(fn, access.held)
                branch = (
                    self._branch_entry(fn, (access.line, access.column)) - locks
                    if fn.parameters is not None and fn.parameters.tests
                    else frozenset()
                )
                use = Use(module, fn, access, locks, iterated, branch)
                if setup and access.line > setup:
                    # After ``if self._frozen: raise``: set-up, before the object is shared.
                    # Still evidence of the guard (a locked set-up write votes for its lock).
                    setup_positions.add(use.position)
                if access.kind in ("write", "mutate"):
                    if access.target[0] != "g":
                        class_writes.setdefault(access.target[1], []).append(use)
                    if reinit:
                        continue  # ``reset()`` run by ``__init__``: initialisation, run again
                groups.setdefault(access.target, []).append(use)
        by_function: dict[str, list[Use]] = {}
        for own in groups.values():
            for use in own:
                by_function.setdefault(use.function.qualname, []).append(use)
        for target, own in groups.items():
            kind, owner, attr = target
            if kind != "g" and self._is_method(owner, attr):
                continue  # a property or method: ``self._buffer`` runs code, it is not state
            value = self.held_class(target)
            if value is not None and value[1] in LOCK_CONSTRUCTORS:
                continue  # the lock itself is never state guarded by a lock
            uses = list(own)
            if kind != "g":
                # A class's state is touched by its own methods and those it inherits; sibling
                # subclasses are separate objects and never mix. A base method the class
                # overrides runs on its instances only through ``super()``.
                for ancestor in list(self.index.class_ancestors(owner))[1:]:
                    for use in groups.get((kind, ancestor, attr), ()):
                        if self._inherited(owner, ancestor, use.function):
                            extra = self.owner_entry(use.function, owner) - use.locks
                            uses.append(replace(use, locks=use.locks | extra) if extra else use)
            if any(u.access.kind == "mutate" for u in uses) and self._thread_safe(value):
                # ``event.clear()``, ``queue.put()``: the object synchronises itself.
                uses = [u for u in uses if u.access.kind != "mutate"]
            loop_side = frozenset(u.position for u in uses if self._loop_side(u))
            writes = [
                u
                for u in uses
                if u.access.kind in ("write", "mutate") and u.position not in loop_side
            ]
            if not writes:
                continue
            declared = self._declared(self._owner(target))
            if declared is False:
                continue
            guard = declared if isinstance(declared, Guard) else self._inferred(target, writes)
            lazy_only = all(u.access.check is not None for u in writes)
            foreign = frozenset(
                u.function.qualname
                for u in uses
                if guard is not None
                and (self._lacks(u, guard) or self._callers_unseen(u.function, guard))
            )
            if guard is not None and all(self.consumer_method(u.function) for u in writes):
                # Only the iterator's consumer changes it: one consumer at a time, by protocol.
                foreign |= {u.function.qualname for u in uses if self.consumer_method(u.function)}
            ordered = (
                self._ordered(uses, guard, by_function)
                | self._owner_resets(uses, guard)
                | self._before_start(target, uses, guard)
                | loop_side
                | setup_positions.intersection(u.position for u in uses)
                if guard is not None
                else frozenset()
            )
            yield GuardedState(target, guard, tuple(uses), lazy_only, foreign, ordered)

    def _ordered(
        self, uses: list[Use], guard: Guard, by_function: dict[str, list[Use]]
    ) -> frozenset[tuple[str, int, int]]:
        """Unlocked reads that a protocol orders after every conflicting write.

        - Double-checked: the function tests the state without the lock, then again under it
          (``if key in self._cache: return ...; with self._lock: if key in self._cache: ...``).
        - Shutdown flag: the function first sets another attribute under the lock (``with
          lock: self._shutdown = True``) that every function writing the state reads under the
          lock (``if self._shutdown: raise``), or every caller of it does: no writer runs after
          it.
        - Published by ``Thread.start()``: the read is in a thread's target, and every write is
          in the function that starts that thread, one of them before the thread is created.
        """
        key = guard.lock.key
        writers = {u.function.qualname for u in uses if u.access.kind in ("write", "mutate")}
        locked_writers = {
            u.function.qualname
            for u in uses
            if u.access.kind in ("write", "mutate") and key in u.locks
        }
        ordered: set[tuple[str, int, int]] = set()
        for use in uses:
            if use.access.kind != "read" or key in use.locks:
                continue
            fn = use.function.qualname
            line = use.access.line
            position = use.position
            same = [u for u in uses if u.function.qualname == fn]
            if any(u.access.line > line and key in u.locks for u in same):
                ordered.add(position)
                continue
            if self._after_flag(fn, line, key, use.access.target, locked_writers, by_function):
                ordered.add(position)
                continue
            for starter, start_line in self.thread_starts.get(fn, ()):
                if writers <= {starter} and any(
                    u.function.qualname == starter and u.access.line < start_line for u in uses
                ):
                    ordered.add(position)
                    break
        return frozenset(ordered)

    def _before_start(
        self, target: Target, uses: list[Use], guard: Guard
    ) -> frozenset[tuple[str, int, int]]:
        """Accesses the starting thread makes before ``Thread.start()`` of the object's thread.

        ``def start(self): self.on_thread_start(); threading.Thread.start(self)`` (or
        ``super().start()``): what ``start()`` does before that call, and the methods only ever
        called on ``self`` there, run before the thread exists, and ``Thread.start()`` publishes
        them to it. They are ordered before the state's other accesses when each of those runs
        in the thread itself: in its ``run()`` or in a method only ``run()`` (and methods only it
        calls) reaches on ``self``. An access anywhere else (a public ``rescan()`` another thread
        may call meanwhile) leaves them unordered.
        """
        kind, owner, _ = target
        if kind != "self":
            return frozenset()
        regions, whole = self._pre_start(owner)
        if not regions:
            return frozenset()

        def early(use: Use) -> bool:
            qualname = use.function.qualname
            return qualname in whole or use.access.line < regions.get(qualname, 0)

        body = self._thread_body(owner)
        if any(not early(u) and u.function.qualname not in body for u in uses):
            return frozenset()
        key = guard.lock.key
        return frozenset(u.position for u in uses if early(u) and key not in u.locks)

    def _pre_start(self, owner: str) -> tuple[dict[str, int], frozenset[str]]:
        """What runs before the thread of ``owner``'s instances exists: ``(regions, whole)``.

        ``regions`` maps the ``start()`` the instances run (and a base class's ``start()`` it
        calls through ``super()``) to the line of the call that goes on to
        ``threading.Thread.start``; ``whole`` holds the methods called on ``self`` only before
        those lines (or by such methods). Empty when ``owner`` is no thread class or its
        ``start()`` is not overridden."""
        known = self._starting.get(owner)
        if known is not None:
            return known
        regions: dict[str, int] = {}
        result: tuple[dict[str, int], frozenset[str]] = ({}, frozenset())
        index = self.index
        ancestors = list(index.class_ancestors(owner))
        start = next(
            (
                f"{name}.start"
                for name in ancestors
                if (cls := index.classes.get(name)) is not None
                and "start" in cls.methods
                and f"{name}.start" in index.functions
            ),
            None,
        )
        while start is not None and "threading.Thread" in ancestors and start not in regions:
            fn = index.functions[start]
            following: str | None = None
            line = 0
            for site in sorted(fn.calls, key=lambda s: (s.line, s.column)):
                value = index.resolve(site.callee)
                if value == ("ext", "threading.Thread.start"):
                    line = site.line
                    break
                if (
                    value is not None
                    and value[0] == "func"
                    and type(site.callee) in (SuperRef, GlobalRef)
                    and str(value[1]).rpartition(".")[::2] in {(a, "start") for a in ancestors}
                ):
                    line, following = site.line, str(value[1])
                    break
            if not line:
                regions = {}  # the thread is started nowhere the walk sees
                break
            regions[start] = line
            start = following
        if regions and start is None:
            whole: set[str] = set()
            changed = True
            while changed:
                changed = False
                for caller in [*regions, *whole]:
                    for edge in self._callees.get(caller, ()):
                        callee = edge.callee
                        if callee in whole or callee in regions or callee in self.constructor_only:
                            continue
                        if all(
                            self.model.receiver(e) == ("self", ())
                            and (e.caller in whole or e.site.line < regions.get(e.caller, 0))
                            for e in self._callers(callee)
                        ):
                            whole.add(callee)
                            changed = True
            result = (regions, frozenset(whole))
        self._starting[owner] = result
        return result

    def _thread_body(self, owner: str) -> frozenset[str]:
        """The ``run()`` that ``owner``'s instances run in their thread, and the methods only it
        (and methods only it calls) calls on ``self``."""
        known = self._bodies.get(owner)
        if known is not None:
            return known
        body: set[str] = set()
        for name in self.index.class_ancestors(owner):
            cls = self.index.classes.get(name)
            if cls is not None and "run" in cls.methods:
                if f"{name}.run" in self.index.functions:
                    body.add(f"{name}.run")
                break
        changed = bool(body)
        while changed:
            changed = False
            for caller in list(body):
                for edge in self._callees.get(caller, ()):
                    callee = edge.callee
                    if callee in body:
                        continue
                    if all(
                        e.caller in body and self.model.receiver(e) == ("self", ())
                        for e in self._callers(callee)
                    ):
                        body.add(callee)
                        changed = True
        result = frozenset(body)
        self._bodies[owner] = result
        return result

    def _owner_resets(self, uses: list[Use], guard: Guard) -> frozenset[tuple[str, int, int]]:
        """Unlocked writes of an ownership token by the thread that holds it.

        The state is a flag that is only ever tested (a function that writes it reads it only
        in a check; others read it under the guard), every locked write is a test-and-set under
        the guard (``with lock: if self.busy: raise; self.busy = True``), and each unlocked write
        comes later in a function that made such a test-and-set first (``finally: self.busy =
        False``): only the owner resets the token, and no other thread writes it while it is
        set, so the reset races with nothing but tests.
        """
        key = guard.lock.key
        writers = {u.function.qualname for u in uses if u.access.kind == "write"}
        for use in uses:
            kind = use.access.kind
            if kind == "mutate" or (
                kind != "write"
                and kind != "check"
                and (use.function.qualname in writers or key not in use.locks)
            ):
                return frozenset()
        taken: dict[str, int] = {}
        unlocked: list[Use] = []
        for use in uses:
            if use.access.kind != "write":
                continue
            if key not in use.locks:
                unlocked.append(use)
                continue
            check = use.access.check
            if check is None or key not in self.locks_at(use.function, check[2]):
                return frozenset()  # a locked write that is not a test-and-set
            qualname = use.function.qualname
            taken[qualname] = min(taken.get(qualname, use.access.line), use.access.line)
        if not unlocked or any(
            u.access.line <= taken.get(u.function.qualname, u.access.line) for u in unlocked
        ):
            return frozenset()
        return frozenset(u.position for u in unlocked)

    def _after_flag(
        self,
        fn: str,
        line: int,
        key: LockKey,
        target: Target,
        locked_writers: set[str],
        by_function: dict[str, list[Use]],
    ) -> bool:
        writers = locked_writers - {fn}
        if not writers:
            return False
        callers = {w: {e.caller for e in self._callers(w)} for w in writers}

        def reads_flag(function: str) -> bool:
            return any(
                (u.access.target[0], u.access.target[2])
                == (flag.access.target[0], flag.access.target[2])  # inherited: same attribute
                and u.access.kind in ("read", "check", "snapshot")
                and key in u.locks
                for u in by_function.get(function, ())
            )

        for flag in by_function.get(fn, ()):
            if (
                flag.access.kind != "write"
                or flag.access.line >= line
                or key not in flag.locks
                or flag.access.target == target
            ):
                continue
            if all(
                reads_flag(writer)
                or (callers.get(writer) and all(reads_flag(c) for c in callers[writer]))
                for writer in writers
            ):
                return True
        return False

    def owner_entry(self, fn: FunctionFacts, owner: str) -> frozenset[LockKey]:
        """Locks held on entry to the inherited method ``fn`` when it runs on ``owner``'s
        instances: the meet over its callers, leaving out a sibling subclass's calls on its own
        ``self``, which run on other objects. A base helper the threaded subclass calls under
        its thread lock and the asyncio subclass under an ``asyncio.Lock`` is locked for the
        threaded one's state (splitio's unique keys tracker)."""
        memo = (fn.qualname, owner)
        known = self._owner_entries.get(memo)
        if known is not None:
            return known
        ancestors = set(self.index.class_ancestors(owner))

        def same_object(edge: CallEdge) -> bool:
            home = self.index.functions[edge.caller].class_qualname
            # A sibling class calling it on its own instances runs it on other objects.
            return not (
                self.model.receiver(edge) == ("self", ())
                and home is not None
                and home not in ancestors
                and owner not in self.index.class_ancestors(home)
            )

        edges = [edge for edge in self._callers(fn.qualname) if same_object(edge)]
        found = self._meet(edges, self.entry) or frozenset()
        self._owner_entries[memo] = found
        return found

    def _setup_until(self, fn: FunctionFacts) -> int:
        """The line after which ``fn`` runs only while its object is being set up, else 0.

        A method that starts by refusing to go on once the object is frozen (``if
        self._frozen: raise ...``, or a call of another method of the object that starts so,
        ``self._assert_not_frozen()``, and that no subclass overrides otherwise) configures an
        object nobody shares yet, when objects are frozen before they are handed to the
        threads that use them (a store's conventions, frozen by ``initialize()``) and never
        thawed: every store of the flag outside constructors is ``= True``. What it does after
        that test is set-up, like a constructor's work: still evidence of the guard, never
        reported against it."""
        gate = fn.setup_gate
        owner = fn.class_qualname
        if gate is None or owner is None:
            return 0
        flag = gate.name
        if gate.call:
            test = self._method(owner, gate.name)
            below = test.setup_gate if test is not None else None
            home = test.class_qualname if test is not None else None
            if below is None or below.call or home is None:
                return 0
            flag = below.name
            for name, cls in self.index.classes.items():
                if (
                    name != home
                    and gate.name in cls.methods
                    and home in self.index.class_ancestors(name)
                    and self._gate_test(name, gate.name) != flag
                ):
                    return 0  # a subclass's override does not refuse the same way
        return gate.line if self._only_set(owner, flag) else 0

    def _gate_test(self, owner: str, method: str) -> str | None:
        """The flag the method ``method`` of ``owner``'s instances starts by testing (``if
        self._frozen: raise``), if it does."""
        test = self._method(owner, method)
        below = test.setup_gate if test is not None else None
        return below.name if below is not None and not below.call else None

    def _method(self, owner: str, name: str) -> FunctionFacts | None:
        """The method ``self.<name>`` calls on ``owner``'s instances, as the index resolves it."""
        value = self.index.resolve(SelfRef(owner, (name,)))
        if value is None or value[0] != "func":
            return None
        return self.index.functions.get(str(value[1]))

    def _only_set(self, owner: str, flag: str) -> bool:
        """Whether every store of ``self.<flag>`` outside constructors, in ``owner``'s class
        hierarchy, is ``self.<flag> = True``: once set, never cleared."""
        memo = (owner, flag)
        known = self._set_only.get(memo)
        if known is not None:
            return known
        ancestors = set(self.index.class_ancestors(owner))
        result = True
        for _, fn in self.index.iter_functions():
            home = fn.class_qualname
            if home is None or fn.qualname in self.constructor_only:
                continue
            if home not in ancestors and owner not in self.index.class_ancestors(home):
                continue
            stores = {(s.line, s.value) for s in fn.flag_stores if s.name == flag}
            if any(
                a.kind == "write" and a.target[2] == flag and (a.line, True) not in stores
                for a in fn.accesses
                if a.target[0] == "self"
            ):
                result = False
                break
        self._set_only[memo] = result
        return result

    def _inherited(self, owner: str, ancestor: str, fn: FunctionFacts) -> bool:
        """Whether ``ancestor``'s method ``fn`` runs on ``owner``'s instances: not overridden
        between them, or called through ``super()``."""
        if fn.qualname in self.super_called:
            return True
        for cls_name in self.index.class_ancestors(owner):
            if cls_name == ancestor:
                return True
            cls = self.index.classes.get(cls_name)
            if cls is not None and fn.name in cls.methods:
                return False
        return True

    def _callers_unseen(self, fn: FunctionFacts, guard: Guard) -> bool:
        """Whether ``fn`` is a private method no call the analysis resolves ever reaches (called
        on another instance, ``runner._real_stop()``, whose type it cannot name), while the
        guard is one lock for every instance (a class-level or module lock): whoever calls it
        may hold that lock, and nothing shows it does not."""
        if guard.lock.instance != ("g",) or not fn.name.startswith("_"):
            return False
        if fn.name.startswith("__") or fn.qualname in self.thread_starts:
            return False
        if self.model.graph.callers.get(fn.qualname) or fn.qualname in self._handed_over:
            return False
        return fn.qualname.rpartition(".")[0] in self.index.classes

    def _loop_side(self, use: Use) -> bool:
        """Whether ``use`` is made by a coroutine holding an asyncio lock of the same object.

        A class with a threaded face and an asyncio face (``add()`` under ``self._lock``,
        ``async def aadd()`` under ``self._alock``) serialises its threads on the one and its
        coroutines, which share one loop thread, on the other. Such an access is not weighed
        when choosing the thread lock that guards the state, nor reported for lacking it."""
        kind, owner, _ = use.access.target
        if kind == "g":
            return False
        line = use.access.line
        for body in use.function.async_bodies:
            if body.line <= line <= body.end_line:
                built = self.held_class((kind, owner, body.attr))
                if built is not None and built[1] in ASYNCIO_LOCKS:
                    return True
        return False

    def consumer_method(self, fn: FunctionFacts) -> bool:
        """Whether ``fn`` is ``__next__`` (or ``next``) of an iterator class, one defining
        ``__iter__``: an iterator has one consumer at a time (Python's iterators are not
        thread-safe, and a generator raises if two threads step it at once), so two calls of
        it never overlap, while a producer thread may feed it."""
        owner = fn.class_qualname
        return (
            owner is not None
            and fn.name in ("__next__", "next")
            and self._is_method(owner, "__iter__")
        )

    def _lacks(self, use: Use, guard: Guard) -> bool:
        """Whether the class of ``use``'s method has no such lock (a subclass adds it)."""
        cls_name = use.function.qualname.rpartition(".")[0]
        defining = guard.lock.name.rpartition(".")[0]
        if cls_name not in self.index.classes or defining not in self.index.classes:
            return False
        return defining not in set(self.index.class_ancestors(cls_name))

    def _thread_safe(self, value: tuple[str, str] | None) -> bool:
        """Whether objects built by ``value`` synchronise themselves: an Event, a Queue, another
        known type, a project class that locks itself (:meth:`_locks_itself`) or such a class
        of an installed dependency (:class:`LibraryClasses`)."""
        if value is None:
            return False
        if value[1] in THREAD_SAFE_TYPES:
            return True
        if value[0] == "class":
            return self._locks_itself(value[1])
        return value[0] == "ext" and (
            self.library.locks_itself(value[1]) or self.library.unread(value[1])
        )

    def _locks_itself(self, qualname: str) -> bool:
        """Whether the project class ``qualname`` synchronises itself: every write of its own
        state outside constructors (in its methods and those it inherits from project classes)
        holds one common lock of the object (or of its class, or of the module), and there is at
        least one such write. Then a call of its methods (``cache[k] = v``, ``cache.clear()``)
        cannot be seen half-done by another caller, whatever lock that caller holds, and its
        owner's calls of them are no writes of the owner's state. Judged from the class's own
        code, never from its name; methods inherited from outside the project are not seen."""
        known = self._self_locking.get(qualname)
        if known is not None:
            return known
        self._self_locking[qualname] = False  # a class holding its own kind: not (yet) known
        common: frozenset[LockKey] | None = None
        for ancestor in self.index.class_ancestors(qualname):
            for use in self._class_writes.get(ancestor, ()):
                if is_constructor(use.function.name) or caller_holds_lock(use.function.name):
                    continue
                if not self._inherited(qualname, ancestor, use.function):
                    continue
                kind, _, attr = use.access.target
                held = self.held_class((kind, qualname, attr))
                if held is not None and held[1] in LOCK_CONSTRUCTORS:
                    continue  # the lock itself (rebuilt after a fork, say)
                own = frozenset(key for key in use.locks if _own_lock(key))
                common = own if common is None else common & own
                if not common:
                    return False
        result = bool(common)
        self._self_locking[qualname] = result
        return result

    def held_class(self, target: Target) -> tuple[str, str] | None:
        """What builds the value ``target`` holds (``("ext" | "func" | "class", name)``), if
        the analysis can tell."""
        kind, owner, attr = target
        typeref: TypeRef | None = None
        if kind == "g":
            typeref = self.model._var_typeref(f"{owner}.{attr}")
        else:
            for ancestor in self.index.class_ancestors(owner):
                cls = self.index.classes.get(ancestor)
                if cls is not None and attr in cls.attributes:
                    typeref = cls.attributes[attr]
                    break
        if not isinstance(typeref, CallType | AnnotType):
            return None
        value = self.index.resolve(typeref.callee if isinstance(typeref, CallType) else typeref.cls)
        if value is None or value[0] not in ("ext", "func", "class"):
            return None
        return (value[0], value[1])

    def holds_list(self, target: Target) -> bool:
        """The value ``target`` holds is a list: built by ``list()`` or a display, or an
        instance of a project class derived from ``list`` that iterates as a list does (no
        class of its own defines ``__iter__``)."""
        value = self.held_class(target)
        if value is None:
            return False
        if value[1] in LISTS:
            return True
        if value[0] != "class":
            return False
        for ancestor in self.index.class_ancestors(value[1]):
            if ancestor in LISTS:
                return True
            cls = self.index.classes.get(ancestor)
            if cls is not None and "__iter__" in cls.methods:
                return False
        return False

    def _is_method(self, owner: str, attr: str) -> bool:
        for ancestor in self.index.class_ancestors(owner):
            cls = self.index.classes.get(ancestor)
            if cls is not None and attr in cls.methods:
                return True
        return False

    def _owner(self, target: Target) -> Target:
        """Attributes of a class hierarchy belong to the base-most class that assigns them."""
        kind, owner, attr = target
        if kind == "g":
            return target
        found = owner
        for ancestor in self.index.class_ancestors(owner):
            cls = self.index.classes.get(ancestor)
            if cls is not None and attr in cls.attributes:
                found = ancestor
        return (kind, found, attr)

    def _declared(self, target: Target) -> Guard | None | bool:
        """The declared guard; ``False`` for ``# guarded_by: none``; ``None`` when undeclared."""
        kind, owner, attr = target
        dotted = f"{owner}.{attr}"
        module = self._module_of(kind, owner)
        if module is None or dotted not in module.guards:
            return None
        declared = module.guards[dotted]
        if declared.lower() == "none":
            return False
        path = tuple(declared.split("."))
        if kind == "g":
            lock = self.model.lock(GlobalRef(f"{owner}.{declared}"))
        else:
            if path[0] in ("self", "cls"):
                path = path[1:]
            lock = self.model.lock(SelfRef(owner, path) if kind == "self" else ClsRef(owner, path))
        return None if lock is None else Guard(lock, True, None)

    def _module_of(self, kind: str, owner: str) -> ModuleFacts | None:
        if kind == "g":
            return self.index.modules.get(owner)
        return self._class_module.get(owner)

    def _inferred(self, target: Target, writes: list[Use]) -> Guard | None:
        """The lock held at every write that holds one, when at least half of them do."""
        common: set[LockKey] | None = None
        locked: list[Use] = []
        for use in writes:
            fitting = {key for key in use.locks if self._fits(target, key)}
            if not fitting:
                continue
            locked.append(use)
            common = fitting if common is None else common & fitting
        if not common or 2 * len(locked) < len(writes):
            return None
        # A lock of the same object beats a module lock; then the smaller name (never the
        # iteration order of a frozenset, which changes with PYTHONHASHSEED).
        key = min(common, key=lambda k: (k[1] == ("g",), lock_key_order(k)))
        witness = min(locked, key=lambda u: u.position)
        lock = self._lock_for_key(key, witness)
        # The other locks held at every write, counting the locks a branch's callers hold:
        # one write without them (unlocked, or locked only by a branch's callers) and an
        # access holding one of them no longer excludes it.
        also = set(common)
        also.discard(key)
        for use in writes:
            if also:
                also.intersection_update(use.locks | use.branch_locks)
        return None if lock is None else Guard(lock, False, witness, frozenset(also))

    def _fits(self, target: Target, key: LockKey) -> bool:
        """Whether a lock can guard ``target``: a module lock, or a lock of the same object
        (which the object's class has: a lock a subclass adds guards no base instance)."""
        if not _fits(target, key):
            return False
        instance = key[1]
        if target[0] == "g" or instance == ("g",):
            return True
        defining = key[0].rpartition(".")[0]
        if defining not in self.index.classes or target[1] not in self.index.classes:
            return True
        return defining in set(self.index.class_ancestors(target[1]))

    def _lock_for_key(self, key: LockKey, use: Use) -> LockId | None:
        for lock, _, _ in self.model.held_locks(use.access.held):
            if lock.key == key:
                return lock
        name, instance = key
        return LockId(name, False, instance)


#: A name-mangled attribute, ``_Queue__find``: the private name ``__find`` of class ``Queue``.
_MANGLED = re.compile(r"_[A-Za-z0-9][A-Za-z0-9_]*?(__[A-Za-z0-9_]*[A-Za-z0-9])")


#: Calls that run an event loop on the calling thread (see ``StateAnalysis._runs_a_loop``).
_LOOP_RUNNERS = frozenset({"asyncio.run", "asyncio.runners.run", "asyncio.new_event_loop"})
_LOOP_RUNNER_METHODS = (".run_until_complete", ".run_forever", "Runner.run")


def _dispatch_table(index: ProjectIndex, family: list[str], attr: str) -> tuple[str, ...]:
    """The method names of ``self.<attr>`` when it is a dispatch table of the object's own
    methods in a class whose hierarchy is ``family`` (its bases and its subclasses in the
    project): every class of it that assigns the attribute assigns only displays of
    ``self.<name>`` values and never changes it in place (``ClassFacts.method_tables``); else
    nothing. A subclass's override of a method in it gets the table's calls too, as any
    override gets its base's callers."""
    names: dict[str, None] = {}
    found = False
    for qualname in family:
        cls = index.classes.get(qualname)
        if cls is None or attr not in cls.attributes:
            continue
        table = dict(cls.method_tables).get(attr)
        if table is None:
            return ()
        names.update(dict.fromkeys(table))
        found = True
    return tuple(names) if found else ()


def is_private(name: str) -> bool:
    """Whether a function's name marks it private (``_find``, ``__find``), not a dunder
    (``__call__`` is called by the language without being named)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


class LibraryClasses:
    """Classes of installed dependencies that lock themselves, read from their source.

    An attribute holding ``LRUCache(100)`` imported from a dependency is judged like a project
    class (:meth:`StateAnalysis._locks_itself`): the dependency's module is read (the facts the
    linter's own extractor gives, through the dependency store and its cache) and the class is
    self-locking when every write of its own state, in the methods it and its ancestors of the
    same distribution define (constructors aside), holds one common lock attribute of the
    object. Standard-library classes are not read (the thread-safe ones are
    :data:`THREAD_SAFE_TYPES`), nor anything when dependencies are not followed
    (``follow-dependencies = false``) or the interpreter cannot be asked.
    """

    def __init__(
        self,
        python: str | None,
        patterns: Iterable[str],
        enabled: bool = False,
        packages: frozenset[str] = frozenset(),
    ) -> None:
        self._python = python
        self._patterns = patterns  # read once, when a dependency class is first asked about
        self._enabled = enabled
        self._packages = packages
        self._index: LibraryIndex | None = None
        self._env: Environment | None = None
        self._known: dict[str, bool] = {}
        self._unread: dict[str, bool] = {}

    @classmethod
    def for_project(cls, project: ProjectContext) -> LibraryClasses:
        config = project.config
        return cls(
            config.python_path,
            project.blocking.patterns(),
            config.follow_dependencies,
            frozenset(name.partition(".")[0] for name in project.index.modules),
        )

    def locks_itself(self, dotted: str) -> bool:
        """Whether the dependency class ``dotted`` synchronises itself (memoised)."""
        known = self._known.get(dotted)
        if known is None:
            known = self._known[dotted] = self._locks_itself(dotted)
        return known

    def unread(self, dotted: str) -> bool:
        """Whether ``dotted`` is a class of a third-party package whose source the linter does
        not read (not installed, installed without source, or dependencies not followed).

        Its methods may take a lock of their own (an ``LRUCache`` usually does), so a call of
        one (``cache[k] = v``, ``cache.clear()``) is not judged a write of its owner's state:
        no finding rests on a type the linter cannot see. The standard library's classes are
        known (:data:`THREAD_SAFE_TYPES` or plain containers) and never unread."""
        top = dotted.partition(".")[0]
        if top in sys.stdlib_module_names or top in self._packages:
            return False
        known = self._unread.get(dotted)
        if known is None:
            source = None
            if self._library() is not None and self._env is not None:
                source = self._env.find_prefix(dotted)
            known = self._unread[dotted] = source is None
        return known

    def _library(self) -> LibraryIndex | None:
        if self._index is None and self._enabled:
            # Imported here: the dependency walk imports the engine, which imports the rules.
            from admf_tsan.lint.deps._library import LibraryBudget, LibraryIndex
            from admf_tsan.lint.deps.locate import InterpreterError, environment
            from admf_tsan.lint.deps.store import DependencyStore

            try:
                self._env = environment(self._python)
            except InterpreterError:
                self._enabled = False
                return None
            budget = LibraryBudget(_LIBRARY_MODULES, 0)
            self._index = LibraryIndex(
                self._env, DependencyStore(), tuple(self._patterns), self._packages, budget, []
            )
        return self._index

    def _locks_itself(self, dotted: str) -> bool:
        index = self._library()
        if index is None or self._env is None:
            return False
        source = self._env.find_prefix(dotted)
        if source is None or source.distribution == "python":
            return False  # not installed as source, or the standard library
        value = index.resolve(GlobalRef(dotted))
        if value is None or value[0] != "class":
            return False
        qualname: str = value[1]
        package = qualname.partition(".")[0]
        ancestors = [a for a in index.class_ancestors(qualname) if a.partition(".")[0] == package]
        locks: set[str] = set()
        for ancestor in ancestors:
            cls = index.classes.get(ancestor)
            for attr, typeref in () if cls is None else cls.attributes.items():
                if isinstance(typeref, CallType | AnnotType):
                    built = index.resolve(
                        typeref.callee if isinstance(typeref, CallType) else typeref.cls
                    )
                    if built is not None and built[1] in LOCK_CONSTRUCTORS:
                        locks.add(attr)
        if not locks:
            return False
        common: set[str] | None = None
        defined: set[str] = set()
        for ancestor in ancestors:
            cls = index.classes.get(ancestor)
            if cls is None:
                continue
            for name in cls.methods:
                if name in defined:
                    continue  # overridden by a nearer class
                defined.add(name)
                fn = index.functions.get(f"{ancestor}.{name}")
                if fn is None or is_constructor(name) or caller_holds_lock(name):
                    continue
                for access in fn.accesses:
                    kind, _, attr = access.target
                    if access.kind not in ("write", "mutate") or kind == "g" or attr in locks:
                        continue
                    held = {
                        ref.attrs[0]
                        for ref, _, _ in access.held
                        if isinstance(ref, SelfRef | ClsRef)
                        and len(ref.attrs) == 1
                        and ref.attrs[0] in locks
                    }
                    common = held if common is None else common & held
                    if not common:
                        return False
        return bool(common)


#: What builds a list (a display ``[]`` is typed ``builtins.list``).
LISTS = frozenset({"builtins.list", "typing.List"})

#: asyncio's locks: they serialise coroutines of one loop, never threads.
ASYNCIO_LOCKS = frozenset(
    f"asyncio.{module}{name}"
    for module in ("", "locks.")
    for name in ("Lock", "Condition", "Semaphore", "BoundedSemaphore")
)

#: Library modules one run may read to tell whether a dependency class locks itself.
_LIBRARY_MODULES = 64


#: Objects that synchronise themselves: the attribute holding one is not state a lock guards, and
#: calling its methods (``event.set()``, ``queue.put()``) is no write of shared state.
THREAD_SAFE_TYPES = frozenset(
    {
        "threading.Event",
        "threading.Semaphore",
        "threading.BoundedSemaphore",
        "threading.Barrier",
        "threading.Thread",
        "threading.Timer",
        "threading.local",
        "queue.Queue",
        "queue.LifoQueue",
        "queue.PriorityQueue",
        "queue.SimpleQueue",
        "multiprocessing.Queue",
        "multiprocessing.JoinableQueue",
        "multiprocessing.SimpleQueue",
        "multiprocessing.Event",
        "multiprocessing.Semaphore",
        "multiprocessing.BoundedSemaphore",
        "multiprocessing.Barrier",
        "concurrent.futures.Future",
        "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.thread.ThreadPoolExecutor",
    }
)


#: Functions that take a lock for their caller (the acquire is the point, not a leak).
_PROTOCOL = (
    *("__enter__", "__aenter__", "acquire", "_acquire", "lock", "_lock"),
    *("__exit__", "__aexit__", "release", "_release", "unlock", "_unlock"),
)


def _loop_atomic(fn: FunctionFacts, check_line: int, write_line: int) -> bool:
    """Whether ``fn`` is a coroutine that makes its test and its write with no ``await`` (nor
    ``async with``/``async for``) between them: two runs of it on an event loop cannot
    interleave there, and a second thread would need a second loop running the same object."""
    return fn.is_async and not any(check_line <= site.line <= write_line for site in fn.awaits)


def _mutual_exclusion(fn: FunctionFacts, held: tuple[Held, ...]) -> tuple[Held, ...]:
    """``held`` without locks used as signals: an explicit ``acquire()`` this function never
    releases hands the lock to another thread (``start()`` takes ``_finished``, the worker
    releases it), so what follows is not protected by it. Lock protocols are kept."""
    if not held or fn.name.startswith(_PROTOCOL):
        return held
    handed_off = {
        (a.line, a.column) for a in fn.acquisitions if a.kind == "acquire" and not a.released
    }
    if not handed_off:
        return held
    return tuple(h for h in held if (h[1], h[2]) not in handed_off)


def _own_lock(key: LockKey) -> bool:
    """A lock that serialises every user of an object: one of its own attributes
    (``self._mutex``), one of its class, or a module lock."""
    instance = key[1]
    if instance is None:
        return False
    return instance == ("g",) or (instance[0] in ("self", "cls") and len(instance[1]) == 1)


def lock_key_order(key: LockKey) -> str:
    """A total order on lock keys that does not depend on the hash seed."""
    return repr(key)


def _fits(target: Target, key: LockKey) -> bool:
    """Whether a lock can guard ``target``: a module lock, or a lock of the same object."""
    instance = key[1]
    if instance is None:
        return False
    if instance == ("g",):
        return True
    return target[0] != "g" and instance[0] == target[0]


def _to_callee(key: LockKey, receiver: tuple[str, tuple[str, ...]] | None) -> LockKey | None:
    """A lock the caller holds, as the callee names it (``None`` when the callee cannot)."""
    name, instance = key
    if instance is None:
        return None
    if instance == ("g",):
        return key
    if receiver is None:
        return None
    kind, prefix = receiver
    if instance[0] != kind:
        return None
    path = instance[1]
    if tuple(path[: len(prefix)]) != tuple(prefix) or len(path) <= len(prefix):
        return None
    return (name, ("self" if kind == "self" else kind, tuple(path[len(prefix) :])))


def render_target(target: Target) -> str:
    """``self._orders``, ``cls._instance`` or ``_cache`` as the source writes it."""
    kind, _, attr = target
    return attr if kind == "g" else f"{kind}.{attr}"


@dataclass(frozen=True, slots=True)
class LazyRace:
    """``if x is None: x = make()`` with the test made without the lock that guards ``x``."""

    target: Target
    check: tuple[int, int]
    write: Use
    lock: LockId


@dataclass(frozen=True, slots=True)
class LazyRaces:
    """Every check-then-act lazy initialisation whose check does not hold the state's lock.

    The lock is the state's guard (declared or inferred), else the lock held at the write. A
    project fact shared by ADMF403 (which reports ``races``) and ADMF401/402, which skip the
    ``positions`` involved and the ``functions`` with their state so one race is reported once.
    """

    races: tuple[LazyRace, ...]
    positions: frozenset[tuple[str, int, int]]
    functions: frozenset[tuple[str, Target]]

    @classmethod
    def compute(cls, project: ProjectContext) -> LazyRaces:
        analysis = project.fact(StateAnalysis)
        found: list[LazyRace] = []
        positions: set[tuple[str, int, int]] = set()
        functions: set[tuple[str, Target]] = set()
        seen: set[tuple[str, int, int]] = set()
        for state in analysis.states():
            for use in state.uses:
                check = use.access.check
                if check is None or caller_holds_lock(use.function.name):
                    continue  # ``_open_nolock()``: its name says the caller holds the lock
                if analysis.consumer_method(use.function):
                    continue  # an iterator's one consumer: no second thread runs the check
                check_locks = analysis.locks_at(use.function, check[2])
                if state.target[0] != "g":
                    check_locks |= analysis.owner_entry(use.function, state.target[1])
                lock = state.guard.lock if state.guard is not None else None
                if lock is None:
                    ordered = sorted(use.locks, key=lock_key_order)
                    lock = analysis.model.lock_of(ordered[0]) if ordered else None
                if lock is None or lock.key in check_locks:
                    continue
                key = (use.module.path, check[0], check[1])
                positions.update({key, use.position})
                functions.add((use.function.qualname, use.access.target))
                if key in seen or _loop_atomic(use.function, check[0], use.access.line):
                    # A coroutine's test and set with no ``await`` between them: one step on
                    # its loop; neither this rule nor ADMF401 reports it.
                    continue
                seen.add(key)
                found.append(LazyRace(state.target, (check[0], check[1]), use, lock))
        return cls(tuple(found), frozenset(positions), frozenset(functions))
