"""Lazy listings: whether a function iterates the directory listing it asks for.

``Path.glob()``, ``Path.rglob()``, ``Path.iterdir()`` (before Python 3.13), ``os.walk()`` and
``glob.iglob()`` return an iterator that lists the directory only as it is advanced: the call
itself does no I/O. Where the function that makes the call iterates the result (a ``for`` over
it, ``list(...)``, ``sorted(...)``, ``next(...)``, a list comprehension, unpacking), the listing
runs there. Where the result is only bound, stored, returned or handed to another call
(``_PathIterator(path.iterdir())``, whose ``__anext__`` advances it in a worker thread), it runs
wherever that other code iterates it.

:func:`listings_handed_on` reads one function's syntax tree and names the calls of the second
kind; the extractor records them with the pseudo-keyword ``catalogue.LISTING_NOT_ITERATED``, and
the catalogue's entries for these calls list it as an argument that makes them return at once.

What is read, by name only (a project's own ``list`` shadowing the builtin is not seen):

* consumed in place (the listing runs in this function): the iterable of a ``for`` or of a
  list, set or dict comprehension; an argument of ``list``, ``tuple``, ``set``, ``frozenset``,
  ``dict``, ``sorted``, ``next``, ``any``, ``all``, ``sum``, ``min``, ``max``, ``len``,
  ``str.join``, ``deque``, ``Counter`` or of a ``.extend()``/``.update()``; ``*result``;
  unpacking (``a, b = result``); ``yield from result``; a method called on the result; any use
  the analysis does not know (kept as consumed, so the call stays a listing);
* passed through: ``map``, ``filter``, ``enumerate``, ``zip``, ``iter``, ``reversed``,
  ``itertools`` functions and generator expressions are lazy too: the listing runs where their
  result is consumed; so do ``x if c else y``, ``a or b`` and ``(name := result)``;
* handed on (the listing does not run here): an argument of any other call, ``return``,
  ``yield``, a value stored in an attribute, a subscript or a container, a call whose value is
  thrown away, and a local name none of whose uses consumes it (uses inside a nested function or
  a lambda run elsewhere and do not count).

A function that returns the listing hands it on: when its caller iterates the result on the
loop, that listing is not reported (the analysis does not follow the value into the caller).
"""

from __future__ import annotations

import ast
from typing import Literal

from admf_tsan.lint.analysis.facts import CallSite, GlobalRef
from admf_tsan.lint.analysis.syntax import NESTED_SCOPES

__all__ = ["LAZY_LISTINGS", "lazy_listing_site", "listings_handed_on"]

#: The last part of the name of each call that returns a lazily listing iterator.
LAZY_LISTINGS = frozenset({"glob", "rglob", "iterdir", "walk", "fwalk", "iglob"})

#: ``Path.iterdir()`` lists the whole directory at the call from this version on.
_EAGER_ITERDIR = (3, 13)

#: Builtins (and ``collections`` classes) that iterate their argument to the end at once.
_CONSUMERS = frozenset(
    {
        *("list", "tuple", "set", "frozenset", "dict", "sorted", "next"),
        *("any", "all", "sum", "min", "max", "len", "deque", "Counter"),
    }
)
#: Methods that iterate their argument at once (``", ".join(x)``, ``names.extend(x)``).
_CONSUMING_METHODS = frozenset({"join", "extend", "update", "deque", "Counter"})
#: Builtins that wrap their argument in another lazy iterator.
_LAZY_WRAPPERS = frozenset(
    {"map", "filter", "enumerate", "zip", "iter", "reversed", "chain", "islice"}
)

#: Where a value is returned, yielded, kept or passed on as it is (a keyword argument).
_HANDED_ON = (ast.Return, ast.Yield, ast.Expr, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.keyword)
#: Where a value is only tested (``if files:``, ``files is None``): nothing is listed.
_TESTED = (ast.Compare, ast.If, ast.While, ast.UnaryOp)

Fate = Literal["consumed", "handed_on", "neutral"]


def listings_handed_on(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    python_version: tuple[int, ...] | None,
) -> list[ast.Call]:
    """The calls of a lazy listing in ``function``'s own body whose result it does not iterate.

    ``python_version`` is the interpreter a library module runs under; ``None`` for a project's
    own code, which may run under several: there ``Path.iterdir()`` counts as lazy only inside a
    ``sys.version_info`` test that excludes Python 3.13 and later.
    """
    parents: dict[int, ast.AST] = {}
    calls: list[ast.Call] = []
    uses: dict[str, list[tuple[ast.Name, bool]]] = {}
    _index(function, parents, calls, uses)
    handed_on = []
    for call in calls:
        if not _is_lazy_here(call, parents, python_version):
            continue
        try:
            fate = _fate(call, parents, uses, set())
        except RecursionError:
            # Nested past the interpreter's limit (a chain of thousands of conditional
            # expressions or aliases): taken as iterated, so the call stays a listing.
            continue
        if fate != "consumed":
            handed_on.append(call)
    return handed_on


def _index(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    parents: dict[int, ast.AST],
    calls: list[ast.Call],
    uses: dict[str, list[tuple[ast.Name, bool]]],
) -> None:
    """Parents of the nodes of the body; the lazy listing calls made in it; every read of a
    name, with whether it is inside a nested function, lambda or class (runs elsewhere)."""
    stack: list[tuple[ast.AST, bool]] = [(stmt, False) for stmt in function.body]
    for stmt in function.body:
        parents[id(stmt)] = function
    while stack:
        node, nested = stack.pop()
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                uses.setdefault(node.id, []).append((node, nested))
            continue
        if isinstance(node, ast.Call) and not nested and _called_name(node) in LAZY_LISTINGS:
            calls.append(node)
        inner = nested or isinstance(node, NESTED_SCOPES)
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
            stack.append((child, inner))
    calls.sort(key=lambda call: (call.lineno, call.col_offset))


def _is_lazy_here(
    call: ast.Call, parents: dict[int, ast.AST], python_version: tuple[int, ...] | None
) -> bool:
    """Whether ``call`` returns a lazy iterator on the Python the code runs under."""
    name = _called_name(call)
    if name == "iglob":
        # ``iglob("**", recursive=True)`` takes the first entry at the call.
        for keyword in call.keywords:
            if keyword.arg is None:
                return False
            if keyword.arg == "recursive" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is False
            ):
                return False
        return True
    if name != "iterdir":
        return True
    if python_version is not None:
        return tuple(python_version[:2]) < _EAGER_ITERDIR
    return _runs_only_before(call, parents, _EAGER_ITERDIR)


def _called_name(call: ast.Call) -> str:
    """The last part of the called name: ``glob`` of ``root.glob(...)``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _runs_only_before(node: ast.AST, parents: dict[int, ast.AST], bound: tuple[int, int]) -> bool:
    """Whether ``node`` sits in a branch of a ``sys.version_info`` test that runs only on
    versions before ``bound`` (``x if sys.version_info < (3, 13) else y``)."""
    # Imported here: the extractor imports this module.
    from admf_tsan.lint.analysis.extract import version_truth

    child = node
    parent = parents.get(id(child))
    while parent is not None:
        if isinstance(parent, (ast.If, ast.IfExp)):
            test = parent.test
            if isinstance(test, ast.Compare) and child is not test:
                in_body = (
                    child is parent.body
                    if isinstance(parent, ast.IfExp)
                    else any(child is stmt for stmt in parent.body)
                )
                at_bound = version_truth(test, bound)
                far_later = version_truth(test, (bound[0], 99))
                if at_bound is not None and at_bound == far_later and at_bound is not in_body:
                    return True
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        child, parent = parent, parents.get(id(parent))
    return False


def _fate(
    node: ast.expr,
    parents: dict[int, ast.AST],
    uses: dict[str, list[tuple[ast.Name, bool]]],
    seen: set[str],
) -> Fate:
    """What the code around ``node`` does with its value (see the module docstring)."""
    parent = parents.get(id(node))
    if isinstance(parent, (ast.For, ast.AsyncFor)):
        return "consumed" if node is parent.iter else "neutral"
    if isinstance(parent, ast.comprehension):
        owner = parents.get(id(parent))
        if isinstance(owner, ast.GeneratorExp):
            return _fate(owner, parents, uses, seen)
        return "consumed"
    if isinstance(parent, ast.Call):
        return _argument_fate(node, parent, parents, uses, seen)
    if isinstance(parent, (ast.IfExp, ast.BoolOp)):
        if isinstance(parent, ast.IfExp) and node is parent.test:
            return "neutral"
        return _fate(parent, parents, uses, seen)
    if isinstance(parent, ast.NamedExpr):
        named = _name_fate(parent.target.id, uses, parents, seen)
        return _join(named, _fate(parent, parents, uses, seen))
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        fate: Fate = "neutral"
        for target in targets:
            if isinstance(target, ast.Name):
                fate = _join(fate, _name_fate(target.id, uses, parents, seen))
            elif isinstance(target, (ast.Tuple, ast.List, ast.Starred)):
                return "consumed"  # unpacking iterates
            else:
                fate = _join(fate, "handed_on")  # stored in an attribute or a subscript
        return fate
    if isinstance(parent, _HANDED_ON):
        return "handed_on"
    if isinstance(parent, _TESTED):
        return "neutral"  # a test of the iterator object: nothing is listed
    # ``*result``, ``yield from result``, a method of the iterator (``__next__``), or a use
    # not read here: taken as iterating it.
    return "consumed"


def _argument_fate(
    node: ast.expr,
    call: ast.Call,
    parents: dict[int, ast.AST],
    uses: dict[str, list[tuple[ast.Name, bool]]],
    seen: set[str],
) -> Fate:
    if node is call.func:
        return "consumed"
    func = call.func
    if isinstance(func, ast.Name):
        if func.id in _CONSUMERS:
            return "consumed"
        if func.id in _LAZY_WRAPPERS:
            return _fate(call, parents, uses, seen)
        return "handed_on"
    if isinstance(func, ast.Attribute):
        if func.attr in _CONSUMING_METHODS:
            return "consumed"
        if isinstance(func.value, ast.Name) and func.value.id == "itertools":
            return _fate(call, parents, uses, seen)
    return "handed_on"


def _name_fate(
    name: str,
    uses: dict[str, list[tuple[ast.Name, bool]]],
    parents: dict[int, ast.AST],
    seen: set[str],
) -> Fate:
    """The joined fate of every read of the local ``name`` in this function's own body."""
    if name in seen:
        return "neutral"
    seen.add(name)
    fate: Fate = "neutral"
    for use, nested in uses.get(name, ()):
        if nested:
            fate = _join(fate, "handed_on")  # read by code that runs elsewhere (or later)
            continue
        fate = _join(fate, _fate(use, parents, uses, seen))
        if fate == "consumed":
            break
    return fate


def _join(left: Fate, right: Fate) -> Fate:
    if "consumed" in (left, right):
        return "consumed"
    if "handed_on" in (left, right):
        return "handed_on"
    return "neutral"


def lazy_listing_site(site: CallSite) -> bool:
    """Whether the call at ``site`` may be a lazy listing (by the last part of its name): a
    cheap test before :func:`listings_handed_on` reads the function's tree."""
    callee = site.callee
    if isinstance(callee, GlobalRef):
        return callee.name.rpartition(".")[2] in LAZY_LISTINGS
    return bool(callee.attrs) and callee.attrs[-1] in LAZY_LISTINGS
