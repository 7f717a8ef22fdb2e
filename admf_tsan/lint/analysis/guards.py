"""Guarded state: which lock protects each attribute, and the accesses made without it.

Clang's ``GUARDED_BY``, inferred. For every piece of shared state (``self.attr`` of a class,
``cls.attr``, a module variable written by functions) the analysis collects every access outside
constructors with the locks held there: the locks held at the access itself plus the locks every
caller holds when it calls the function (``entry`` locks, a greatest fixed point over the call
graph, so a private ``_apply_locked()`` helper called only under the lock counts as locked).

The guard is the lock held at most of the writes that hold one. A ``# guarded_by: NAME`` comment
on the attribute's assignment declares it instead (and ``# guarded_by: none`` declares the state
deliberately unguarded). State that is only ever initialised once by lazy initialisation (every
write sits inside ``if x is None:``) may be read without the lock: the check-then-act itself is
ADMF403's business.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from admf_tsan.lint.analysis.callgraph import CallEdge
from admf_tsan.lint.analysis.facts import (
    ClsRef,
    FunctionFacts,
    GlobalRef,
    Held,
    ModuleFacts,
    SelfRef,
    StateAccess,
)
from admf_tsan.lint.analysis.locks import LockId, LockKey, LockModel
from admf_tsan.lint.analysis.statefacts import DIAGNOSTICS, caller_holds_lock, is_constructor

if TYPE_CHECKING:
    from admf_tsan.lint.rule import ProjectContext

Target = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Use:
    """One access with where it happens and the locks held (at the access or on entry)."""

    module: ModuleFacts
    function: FunctionFacts
    access: StateAccess
    locks: frozenset[LockKey]


@dataclass(frozen=True, slots=True)
class Guard:
    """The lock that guards a piece of state, and why the analysis believes so."""

    lock: LockId
    declared: bool
    #: A write made under the lock (for inferred guards), shown as evidence.
    witness: Use | None


@dataclass(frozen=True, slots=True)
class GuardedState:
    """A piece of state with its guard and every access outside constructors."""

    target: Target
    guard: Guard | None
    uses: tuple[Use, ...]
    lazy_only: bool

    def unguarded(self) -> Iterator[Use]:
        """Accesses made without the guard held (one per position; writes win over reads)."""
        if self.guard is None:
            return
        key = self.guard.lock.key
        by_position: dict[tuple[str, int, int], Use] = {}
        for use in self.uses:
            if key in use.locks or use.access.kind == "check":
                continue
            if caller_holds_lock(use.function.name):
                continue  # ``_apply_locked()``: its name says the caller holds the lock
            position = (use.module.path, use.access.line, use.access.column)
            known = by_position.get(position)
            if known is None or known.access.kind == "read":
                by_position[position] = use
        yield from by_position.values()


class StateAnalysis:
    """Entry locks of every function and the guarded state of the project (a project fact)."""

    @classmethod
    def compute(cls, project: ProjectContext) -> StateAnalysis:
        return cls(project.fact(LockModel))

    def __init__(self, model: LockModel) -> None:
        self.model = model
        self.index = model.index
        self._followed: dict[str, list[CallEdge]] = {}
        for qualname, edges in model.graph.callers.items():
            followed = [e for e in edges if model.follows(e)]
            if followed:
                self._followed[qualname] = followed
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
        self.entry = self._entry_locks()
        self._states: list[GuardedState] | None = None

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
            self._site_locks[held] = keys
        return keys

    # --- entry locks (greatest fixed point over the call graph) ----------------------------------

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
                    ]
                    if inherited:
                        self._followed.setdefault(qualname, []).extend(inherited)
                    break

    def _callers(self, qualname: str) -> list[CallEdge]:
        return self._followed.get(qualname, [])

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

    def _entry_locks(self) -> dict[str, frozenset[LockKey]]:
        model = self.model
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
                meet: frozenset[LockKey] | None = None
                for edge in self._callers(qualname):
                    if edge.caller in self.constructor_only:
                        continue  # runs before the object is shared: holds nothing it needs
                    caller_entry = entry.get(edge.caller, frozenset())
                    if caller_entry is None:
                        continue  # top: does not constrain the meet
                    caller = self.index.functions[edge.caller]
                    held = self.held_keys(_mutual_exclusion(caller, edge.site.held)) | caller_entry
                    receiver = model.receiver(edge)
                    mapped = frozenset(
                        callee_key
                        for key in held
                        if (callee_key := _to_callee(key, receiver)) is not None
                    )
                    meet = mapped if meet is None else meet & mapped
                if meet is not None and meet != entry[qualname]:
                    entry[qualname] = meet
                    changed = True
        return {q: locks for q, locks in entry.items() if locks}

    # --- guarded state -------------------------------------------------------------------------

    def states(self) -> list[GuardedState]:
        """Every piece of shared state written outside constructors, with its guard."""
        if self._states is None:
            self._states = list(self._compute_states())
        return self._states

    def _compute_states(self) -> Iterator[GuardedState]:
        groups: dict[Target, list[Use]] = {}
        for module, fn in self.index.iter_functions():
            if not fn.accesses or fn.qualname in self.constructor_only or fn.name in DIAGNOSTICS:
                continue
            for access in fn.accesses:
                use = Use(module, fn, access, self.locks_at(fn, access.held))
                groups.setdefault(access.target, []).append(use)
        for target, own in groups.items():
            kind, owner, attr = target
            if kind != "g" and self._is_method(owner, attr):
                continue  # a property or method: ``self._buffer`` runs code, it is not state
            uses = list(own)
            if kind != "g":
                # A class's state is touched by its own methods and those it inherits; sibling
                # subclasses are separate objects and never mix.
                for ancestor in list(self.index.class_ancestors(owner))[1:]:
                    uses.extend(groups.get((kind, ancestor, attr), ()))
            writes = [u for u in uses if u.access.kind in ("write", "mutate")]
            if not writes:
                continue
            declared = self._declared(self._owner(target))
            if declared is False:
                continue
            guard = declared if isinstance(declared, Guard) else self._inferred(target, writes)
            lazy_only = all(u.access.check is not None for u in writes)
            yield GuardedState(target, guard, tuple(uses), lazy_only)

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
        counts: Counter[LockKey] = Counter()
        first: dict[LockKey, Use] = {}
        for use in writes:
            for key in use.locks:
                if _fits(target, key):
                    counts[key] += 1
                    first.setdefault(key, use)
        if not counts:
            return None
        # ``use.locks`` is a frozenset: its order changes with PYTHONHASHSEED, so ties (two locks
        # held at every write) are broken by the keys themselves, never by iteration order. A
        # lock of the same object beats a module lock, then the smaller name wins.
        key = max(
            sorted(counts, key=lock_key_order),
            key=lambda k: (counts[k], -first[k].access.line, k[1] != ("g",)),
        )
        witness = first[key]
        lock = self._lock_for_key(key, witness)
        return None if lock is None else Guard(lock, False, witness)

    def _lock_for_key(self, key: LockKey, use: Use) -> LockId | None:
        for lock, _, _ in self.model.held_locks(use.access.held):
            if lock.key == key:
                return lock
        name, instance = key
        return LockId(name, False, instance)


#: Functions that take a lock for their caller (the acquire is the point, not a leak).
_PROTOCOL = (
    *("__enter__", "__aenter__", "acquire", "_acquire", "lock", "_lock"),
    *("__exit__", "__aexit__", "release", "_release", "unlock", "_unlock"),
)


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
                if check is None:
                    continue
                check_locks = analysis.locks_at(use.function, check[2])
                lock = state.guard.lock if state.guard is not None else None
                if lock is None:
                    ordered = sorted(use.locks, key=lock_key_order)
                    lock = analysis.model.lock_of(ordered[0]) if ordered else None
                if lock is None or lock.key in check_locks:
                    continue
                key = (use.module.path, check[0], check[1])
                positions.update({key, (use.module.path, use.access.line, use.access.column)})
                functions.add((use.function.qualname, use.access.target))
                if key in seen:
                    continue
                seen.add(key)
                found.append(LazyRace(state.target, (check[0], check[1]), use, lock))
        return cls(tuple(found), frozenset(positions), frozenset(functions))
