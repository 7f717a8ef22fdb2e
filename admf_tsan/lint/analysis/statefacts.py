"""Syntax helpers for the shared-state facts: guard comments, lazy-init tests, callback origins.

The extractor (``extract.py``) calls these while it walks a module, to fill
:class:`~admf_tsan.lint.analysis.facts.StateAccess` and
:class:`~admf_tsan.lint.analysis.facts.DynamicCall` facts; the lock rules read those facts. Kept
apart so that the extractor stays one dispatch over node kinds and the lock-specific syntax lives
in one place.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Mapping

from admf_tsan.lint.analysis.facts import FunctionFacts, StateAccess, evolve

#: ``self._orders = []  # guarded_by: _lock`` declares the lock that guards an attribute;
#: ``# guarded_by: none`` declares it deliberately unguarded (no inference).
GUARD_COMMENT = re.compile(r"#\s*guarded_by:\s*(?P<lock>[A-Za-z_][\w.]*)")

#: Methods of builtin containers that change them: a call is a write of the state it is called on.
#: The mutators that only add at the end of a list.
GROWERS = frozenset({"append", "extend"})

MUTATORS = frozenset(
    {
        "append",
        "appendleft",
        "extend",
        "extendleft",
        "insert",
        "pop",
        "popleft",
        "popitem",
        "remove",
        "discard",
        "add",
        "clear",
        "update",
        "setdefault",
        "sort",
        "reverse",
        "rotate",
        "difference_update",
        "intersection_update",
        "symmetric_difference_update",
        "__setitem__",
        "__delitem__",
    }
)

#: Functions that run before (or after) the object is shared: their accesses are not races.
#: Unpickling builds a fresh object, test fixtures run before the threads they start, and
#: after-fork hooks run in a child process with a single thread.
CONSTRUCTORS = frozenset(
    {
        "__init__",
        "__new__",
        "__post_init__",
        "__init_subclass__",
        "__set_name__",
        "__del__",
        "__setstate__",
        "setUp",
        "setUpClass",
        "_after_fork",
        "_afterfork",
        "_at_fork_reinit",
    }
)

#: Diagnostics may read state without the lock: a stale value in a repr is no bug.
DIAGNOSTICS = frozenset({"__repr__", "__str__", "__format__"})

#: Name endings that say "the caller holds the lock" (``_read_unlocked``, ``_stop_locked``).
LOCKED_SUFFIXES = ("_locked", "_unlocked", "_nolock", "_no_lock", "_with_lock")


def is_constructor(name: str) -> bool:
    """Whether a function runs while its object is not shared: constructors, unpickling, test
    fixtures, and after-fork hooks (a forked child has one thread)."""
    return (
        name in CONSTRUCTORS
        or "after_fork" in name
        or "at_fork" in name
        or ("fork" in name and name.endswith("_in_child"))
    )


def caller_holds_lock(name: str) -> bool:
    """Whether the function's name says its caller holds the lock (it is not reported)."""
    return name.endswith(LOCKED_SUFFIXES)


#: Calls that copy or view a collection: ``list(self._handlers)`` still holds the handlers.
_COPIES = frozenset({"list", "tuple", "sorted", "reversed", "set", "frozenset", "dict", "iter"})
_VIEWS = frozenset({"values", "items", "keys", "copy", "get", "pop"})


def guard_lines(text: str) -> dict[int, str]:
    """Map each line carrying ``# guarded_by: NAME`` to ``NAME`` (``"none"`` stays ``"none"``)."""
    found: dict[int, str] = {}
    if "guarded_by" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        if "guarded_by" in line:
            match = GUARD_COMMENT.search(line)
            if match is not None:
                found[number] = match.group("lock")
    return found


def collection_root(expr: ast.expr) -> ast.expr:
    """The expression a collection value is taken from: ``list(self.x.values())`` -> ``self.x``.

    Strips copies (``list(...)``), views and lookups (``.values()``, ``.get(k)``) and subscripts.
    """
    while True:
        if type(expr) is ast.Call:
            func = expr.func
            if type(func) is ast.Name and func.id in _COPIES and expr.args:
                expr = expr.args[0]
                continue
            if type(func) is ast.Attribute and func.attr in _VIEWS:
                expr = func.value
                continue
            return expr
        if type(expr) is ast.Subscript:
            expr = expr.value
            continue
        if type(expr) is ast.Starred:
            expr = expr.value
            continue
        return expr


def lazy_check_subjects(test: ast.expr) -> list[ast.expr]:
    """Expressions that ``test`` checks for "not yet initialised" (``x is None``, ``not x``,
    ``key not in x``).

    ``if self._conn is None or self._stale:`` checks ``self._conn``; ``x is not None`` does not
    count (its body uses the value, it does not create it).
    """
    subjects: list[ast.expr] = []
    stack = [test]
    while stack:
        node = stack.pop()
        if type(node) is ast.BoolOp and type(node.op) is ast.Or:
            stack.extend(node.values)
        elif type(node) is ast.UnaryOp and type(node.op) is ast.Not:
            subjects.append(node.operand)
        elif type(node) is ast.Compare and len(node.ops) == 1:
            right = node.comparators[0]
            if type(node.ops[0]) is ast.NotIn:
                subjects.append(right)  # ``if key not in self._cache: self._cache[key] = ...``
            elif (
                type(node.ops[0]) in (ast.Is, ast.Eq)
                and type(right) is ast.Constant
                and right.value is None
            ):
                subjects.append(node.left)
    return subjects


def recheck_subjects(test: ast.expr) -> list[ast.expr]:
    """Expressions a guard clause shows to be set: ``if x is not None: return x`` -> ``x``."""
    if type(test) is ast.Compare and len(test.ops) == 1:
        right = test.comparators[0]
        if type(test.ops[0]) is ast.In:
            return [right]  # ``if key in self._cache: return ...`` (a fast path re-checked later)
        if (
            type(test.ops[0]) in (ast.IsNot, ast.NotEq)
            and type(right) is ast.Constant
            and right.value is None
        ):
            return [test.left]
        return []
    if type(test) is ast.Name or type(test) is ast.Attribute:
        return [test]
    return []


def trylock_test(
    test: ast.expr, results: Mapping[str, ast.expr] | None = None
) -> tuple[ast.expr, bool] | None:
    """``(lock, negated)`` for ``if lock.acquire(...)`` / ``if not lock.acquire(...)``, or for
    ``if ok:`` / ``if not ok:`` when ``results`` maps ``ok`` to the lock it was acquired from."""
    negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    call = test.operand if isinstance(test, ast.UnaryOp) and negated else test
    if isinstance(call, ast.Name) and results and call.id in results:
        return results[call.id], negated
    if isinstance(call, ast.Call):
        func = call.func
        if type(func) is ast.Attribute and func.attr == "acquire":
            return func.value, negated
    return None


def exits_block(body: list[ast.stmt]) -> bool:
    """Whether a block always leaves its enclosing block (ends in return/raise/continue/break)."""
    return bool(body) and type(body[-1]) in (ast.Return, ast.Raise, ast.Continue, ast.Break)


def takes_no_lock(functions: Iterable[FunctionFacts], declared: Collection[str]) -> bool:
    """Whether a module takes no lock (none of ``functions`` acquires one) and declares no
    guard (``declared``): its facts keep only the accesses of its classes that may inherit
    state from another module (:func:`prune_accesses`)."""
    return not declared and not any(fn.acquisitions for fn in functions)


def prune_accesses(
    functions: list[FunctionFacts],
    declared: Collection[str],
    properties: Collection[str] = (),
    inheriting: Collection[str] = (),
) -> list[FunctionFacts]:
    """Drop accesses that no lock rule can use, so the cached facts stay small.

    In a module that takes no lock, declares no guard (:func:`takes_no_lock`) and has no class
    that may inherit state from another module, every access goes. Otherwise an access is kept
    when its target is written or mutated outside a constructor somewhere in the module, is
    ``declared`` with ``# guarded_by`` (dotted names), reads ``self.<name>`` for a
    ``@property`` of the module's classes (``properties``: reading one runs its body, with the
    locks held at the read), or is state of a class in ``inheriting`` (a base class in another
    module may guard it: the project stage joins the two).
    """
    lockless = takes_no_lock(functions, declared)
    if lockless and not inheriting:
        return [evolve(fn, accesses=()) if fn.accesses else fn for fn in functions]
    written: set[tuple[str, str, str]] = set()
    for key in declared:
        owner, _, attr = key.rpartition(".")
        written.update((kind, owner, attr) for kind in ("self", "cls", "g"))
    if not lockless:
        for fn in functions:
            if is_constructor(fn.name):
                continue
            for access in fn.accesses:
                if access.kind in ("write", "mutate"):
                    written.add(access.target)
    pruned = []
    for fn in functions:
        if fn.accesses:
            kept = tuple(
                a
                for a in fn.accesses
                if a.target in written
                or (a.target[0] == "self" and a.target[2] in properties)
                or (a.target[0] != "g" and a.target[1] in inheriting)
            )
            if len(kept) != len(fn.accesses):
                fn = evolve(fn, accesses=kept)
        pruned.append(fn)
    return pruned


def state_key(access: StateAccess) -> str:
    """The dotted name of an access's target: ``pkg.mod.Class.attr`` or ``pkg.mod.name``."""
    return f"{access.target[1]}.{access.target[2]}"
