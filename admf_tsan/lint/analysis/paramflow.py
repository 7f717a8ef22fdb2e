"""What a call's arguments decide in the function it calls: the parameter values a call site
binds, and whether a test of those parameters (``Parameters.tests``) is false there.

``if certfile is not None: ctx.load_cert_chain(certfile)`` runs nothing for ``context(None)``:
ADMF120 follows a blocking chain only through the calls the values passed leave on, ADMF203 a
lock taken again only where a test leaves it taken, and the guarded-state analysis
(``guards.py``) counts a caller whose values switch a branch off as no caller of what runs in
it. Values come from the call's literals,
its caller's parameters passed on and the callee's literal defaults (``bind`` of
``deps/flow.py``); a test of ``isinstance`` of a parameter is decided by what the caller's
own tests ruled in or out (``known``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from admf_tsan.lint.analysis.callwalk import ARGUMENT, reads_instance
from admf_tsan.lint.analysis.facts import CallSite, FunctionFacts, GlobalRef, ParamTest
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.deps.flow import UNKNOWN, FunctionOutline, Node, bind, evaluate
from admf_tsan.lint.deps.summaries import skips_self

#: Literal argument values a parameter test is decided with (``CallSite.constants`` also
#: records upper-case constants, as tuples of names, whose values are not known).
KNOWN_ARGUMENTS = (bool, int, float, str, type(None))
#: In a :class:`ParameterFlow` env, ``EXCLUDED + "p"`` holds the dotted names of the classes
#: the value of the parameter ``p`` is known not to be an instance of (``"p"`` its value).
EXCLUDED = "!isinstance "
#: ``INCLUDED + "p"`` holds what the value of ``p`` is known to be an instance of: a tuple of
#: alternatives, each a tuple of dotted class names (an instance of one of them: ``if
#: isinstance(p, (A, B)):``), all of which hold.
INCLUDED = "isinstance "
#: The keys of an env that hold what is known of a parameter's class.
_CLASS_KEYS = (EXCLUDED, INCLUDED)


class ParameterFlow:
    """Parameter values bound at call sites, and the parameter tests they decide (the
    outlines of functions and the ancestry of classes memoised on the instance)."""

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self._outlines: dict[int, FunctionOutline] = {}
        #: Per function (by id of its facts): the regions of its ``isinstance`` tests.
        self._instance_regions: dict[int, tuple[ParamTest, ...]] = {}
        #: Per dotted class name: it and its known base classes, as the index names them.
        self._ancestors: dict[str, tuple[str, ...]] = {}

    def bind(self, callee: FunctionFacts, site: CallSite, env: dict[str, Any]) -> dict[str, Any]:
        """The values of ``callee``'s parameters for the call ``site`` made with the caller's
        parameter values ``env`` (:data:`flow.UNKNOWN` where not known)."""
        parameters = callee.parameters
        if parameters is None:
            return {}
        outline = self._outlines.get(id(callee))
        if outline is None:
            # The facts leave ``self``/``cls`` out of the names: a placeholder takes its place.
            first = ("<implicit>",) if parameters.implicit else ()
            outline = FunctionOutline(
                (*first, *parameters.names, *parameters.keyword_only),
                {name: ["c", value] for name, value in parameters.defaults},
                bool(parameters.implicit),
                parameters.vararg,
                parameters.kwarg,
            )
            self._outlines[id(callee)] = outline
        skip = parameters.implicit == "cls" or (
            parameters.implicit == "self" and skips_self(site, self.index, callee)
        )
        # Positional arguments beyond the positional parameters go to ``*args``.
        room = len(parameters.names) + (0 if skip or not parameters.implicit else 1)
        values = bind(outline, _call_node(site, room), env, skip)
        if (
            site.passed is not None
            and site.passed.forwarded
            and any(key.startswith(_CLASS_KEYS) for key in env)
        ):
            # What the caller's tests ruled out of (or in for) a parameter it passes on holds
            # in the callee.
            offset = 0 if skip or not parameters.implicit else 1
            for key, name in site.passed.forwarded:
                if EXCLUDED + name not in env and INCLUDED + name not in env:
                    continue
                if type(key) is int:
                    if not 0 <= key - offset < len(parameters.names):
                        continue
                    key = parameters.names[key - offset]
                elif key not in parameters.names and key not in parameters.keyword_only:
                    continue
                for prefix in _CLASS_KEYS:
                    known = env.get(prefix + name)
                    if known is not None:
                        values[prefix + key] = known
        for name in parameters.rebound:
            # A test made before the function binds the parameter again reads the argument
            # (``ARGUMENT + name``, see ``callwalk._ParameterScan``).
            values[ARGUMENT + name] = values.get(name, UNKNOWN)
            values[name] = UNKNOWN
            for prefix in _CLASS_KEYS:
                known = values.pop(prefix + name, None)
                if known is not None:
                    values[prefix + ARGUMENT + name] = known
        return values

    def switched_off(self, fn: FunctionFacts, site: CallSite, env: dict[str, Any]) -> bool:
        """Whether a parameter test around ``site`` in ``fn`` is false for the values ``env``."""
        return self.switched_off_at(fn, (site.line, site.column), env)

    def switched_off_at(
        self, fn: FunctionFacts, where: tuple[int, int], env: dict[str, Any]
    ) -> bool:
        """Whether a parameter test around the position ``where`` of ``fn`` (a call, or a
        lock taken there) is false for the values ``env``."""
        parameters = fn.parameters
        if parameters is None or not env:
            return False
        for region in parameters.tests:
            if (region.line, region.column) <= where <= (region.end_line, region.end_column):
                value = self._decide(region.test, env)
                if value is not UNKNOWN and not value:
                    return True
        return False

    def known(self, fn: FunctionFacts, site: CallSite, env: dict[str, Any]) -> dict[str, Any]:
        """``env`` with what the ``isinstance`` tests of ``fn`` around ``site`` rule out of
        its parameters there (``else:`` of ``if isinstance(p, C):``, ``if not isinstance(p,
        C):``, the rest of the block after ``if isinstance(p, C): return``) or in (``if
        isinstance(p, C):``)."""
        parameters = fn.parameters
        if parameters is None:
            return env
        regions = self._instance_regions.get(id(fn))
        if regions is None:
            regions = tuple(region for region in parameters.tests if reads_instance(region.test))
            self._instance_regions[id(fn)] = regions
        if not regions:
            return env
        where = (site.line, site.column)
        found: dict[str, Any] | None = None
        for region in regions:
            if (region.line, region.column) <= where <= (region.end_line, region.end_column):
                for name, classes, instance in _class_facts(region.test, True):
                    if name in parameters.rebound:
                        continue
                    if found is None:
                        found = dict(env)
                    names = {self._ancestry(dotted)[0] for dotted in classes}
                    if instance:
                        key = INCLUDED + name
                        alternative = tuple(sorted(names))
                        if alternative not in found.get(key, ()):
                            found[key] = (*found.get(key, ()), alternative)
                    else:
                        key = EXCLUDED + name
                        found[key] = tuple(sorted(names.union(found.get(key, ()))))
        return env if found is None else found

    def _decide(self, test: Any, env: dict[str, Any]) -> Any:
        """``flow.evaluate`` of a test, with ``isinstance`` tests decided by ``env``'s
        :data:`INCLUDED` and :data:`EXCLUDED` classes."""
        tag = test[0]
        if tag == "isinstance":
            included = env.get(INCLUDED + test[1][1])
            if included is not None:
                tested = {self._ancestry(dotted)[0] for dotted in test[2]}
                for alternative in included:
                    # An instance of each class of the alternative is one of a tested class.
                    if all(not tested.isdisjoint(self._ancestry(name)) for name in alternative):
                        return True
            excluded = env.get(EXCLUDED + test[1][1])
            if excluded is None:
                return UNKNOWN
            for dotted in test[2]:
                if not any(name in excluded for name in self._ancestry(dotted)):
                    return UNKNOWN  # may be an instance of this one
            return False
        if tag == "not":
            inner = self._decide(test[1], env)
            return UNKNOWN if inner is UNKNOWN else not inner
        if tag == "and" or tag == "or":
            # One false operand makes an ``and`` false (one true one an ``or`` true), whatever
            # the others are: a test reads only whether the whole is true.
            unknown = False
            result: Any = UNKNOWN
            for operand in test[1]:
                result = self._decide(operand, env)
                if result is UNKNOWN:
                    unknown = True
                elif bool(result) is (tag == "or"):
                    return result
            return UNKNOWN if unknown else result
        return evaluate(test, env)

    def _ancestry(self, dotted: str) -> tuple[str, ...]:
        """The class ``dotted`` names, as the index names it, then its known base classes."""
        found = self._ancestors.get(dotted)
        if found is None:
            index = self.index
            value = index.resolve(GlobalRef(dotted))
            name = index.name_of(value) or dotted
            if value is not None and value[0] == "class":
                found = (name, *(base for base in index.class_ancestors(name) if base != name))
            else:
                found = (name,)
            self._ancestors[dotted] = found
        return found


def _call_node(site: CallSite, room: int) -> Node:
    """``site``'s arguments as an outline ``call`` node of ``deps/flow.py`` (what ``bind``
    reads): literals, parameters of the caller passed on, unknown values; at most ``room``
    positional ones."""
    passed = site.passed
    if passed is None:
        return ["call", site.line, site.column, [], {}, False, None]
    forwarded = dict(passed.forwarded)

    def argument(key: int | str) -> Node:
        name = forwarded.get(key)
        if name is not None:
            return ["n", name]
        for known, value in site.constants:
            if known == key and isinstance(value, KNOWN_ARGUMENTS):
                return ["c", value]
        return ["u"]

    positional = [argument(position) for position in range(min(passed.positional, room))]
    keywords = {keyword: argument(keyword) for keyword in passed.keywords}
    return ["call", site.line, site.column, positional, keywords, passed.spread, None]


def _class_facts(test: Any, truth: bool) -> Iterable[tuple[str, tuple[str, ...], bool]]:
    """What ``test`` having the value ``truth`` says of classes: ``(parameter, classes,
    instance)`` for each ``isinstance(p, classes)`` it makes true (``instance``) or false."""
    tag = test[0]
    if tag == "not":
        yield from _class_facts(test[1], not truth)
    elif tag == "isinstance":
        yield test[1][1], test[2], truth
    elif (tag == "and" and truth) or (tag == "or" and not truth):
        # ``a and b`` true, or ``a or b`` false: every operand has that value.
        for operand in test[1]:
            yield from _class_facts(operand, truth)
