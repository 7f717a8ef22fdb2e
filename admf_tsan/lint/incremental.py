"""Reuse the project stage's findings after an edit that cannot change them.

The project rules read every module's facts (functions, calls, locks, classes, symbols), never
the file rules' findings or the ``noqa`` table, plus, for the dependency analysis, the call
arguments of the project files it follows calls from (:func:`project_call_nodes`). So when every
edited file's facts are the same in those parts, the project rules would find exactly what they
found before: the run replaces the edited files' own findings and suppressions and filters the
previous project findings again, without rebuilding the index, the call graph or any fixed
point. :func:`same_for_project` decides that, conservatively (a "no" only costs the full project
stage):

* facts equal except for the file's own findings and ``noqa`` (an edit to a comment, a string, an
  expression the facts do not record, at the same positions);
* or equal once *inert* functions the edit added are taken out: a function with no call, await,
  lock, shared-state access, dynamic call or hand-off, not a dunder (``__enter__`` is called
  without being named), whose name appears nowhere else in the project's source nor elsewhere in
  its own file, so that no reference can resolve to it. Such a function is a leaf that no rule
  reports and no chain, lock order or guard inference passes through.

Anything else (a new call, a moved line, a changed signature) runs the project stage. So does
any edit when ``loop-decorators`` is configured: the loop markers are found by reading every
file's decorators, which facts do not hold. A project rule that reads source beyond the facts must
be accounted for here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace

from admf_tsan.lint.analysis.facts import ClassFacts, FunctionFacts, ModuleFacts
from admf_tsan.lint.cache import SourceRead
from admf_tsan.lint.deps._project_calls import ProjectCallNodes
from admf_tsan.lint.deps.flow import Node
from admf_tsan.lint.deps.summaries import DependencyBlocking, project_call_nodes
from admf_tsan.lint.rule import ProjectContext


def project_view(facts: ModuleFacts) -> ModuleFacts:
    """``facts`` without what only the file itself uses: its own findings and ``noqa`` lines."""
    return replace(facts, findings=(), noqa={})


def same_for_project(
    old: ModuleFacts, new: ModuleFacts, source: bytes, other_sources: Sequence[bytes]
) -> bool:
    """Whether the project rules find the same with ``new`` facts as with ``old`` (same file).

    ``source`` is the file's new content and ``other_sources`` every other project file's (to
    check that nothing can name a function the edit added).
    """
    before = project_view(old)
    after = project_view(new)
    if before == after:
        return True
    known = {fn.qualname for fn in old.functions}
    added = [fn for fn in new.functions if fn.qualname not in known]
    if not added or not all(_inert(fn, source, other_sources) for fn in added):
        return False
    added_names = {fn.qualname for fn in added}
    methods: dict[str, set[str]] = {}
    symbols = dict(after.symbols)
    for fn in added:
        if fn.class_qualname is not None:
            methods.setdefault(fn.class_qualname, set()).add(fn.name)
        elif symbols.get(fn.name) == ("def", fn.qualname):
            del symbols[fn.name]
    stripped = replace(
        after,
        functions=tuple(fn for fn in after.functions if fn.qualname not in added_names),
        classes=tuple(
            _without_methods(cls, methods.get(cls.qualname, set())) for cls in after.classes
        ),
        symbols=symbols,
    )
    return stripped == before


def _inert(fn: FunctionFacts, source: bytes, other_sources: Sequence[bytes]) -> bool:
    if (
        fn.calls
        or fn.awaits
        or fn.acquisitions
        or fn.accesses
        or fn.dynamic_calls
        or fn.scheduled
        or (fn.name.startswith("__") and fn.name.endswith("__"))
    ):
        return False
    name = fn.name.encode()
    return source.count(name) == 1 and not any(name in other for other in other_sources)


def _without_methods(cls: ClassFacts, names: set[str]) -> ClassFacts:
    if not names:
        return cls
    return replace(
        cls,
        methods=tuple(m for m in cls.methods if m not in names),
        properties=tuple(p for p in cls.properties if p not in names),
    )


def read_sources(context: ProjectContext) -> dict[str, SourceRead]:
    """Each project file the finished project stage read beyond its facts, and what it read.

    Only the dependency analysis reads source; a run whose rules never asked for it read none.
    """
    dependencies = context.computed(DependencyBlocking)
    if dependencies is None:
        return {}
    return {
        path: SourceRead(_digest(calls), tuple(sorted(calls)))
        for path, calls in dependencies.project_calls.items()
    }


def reads_the_same(root: str, facts: ModuleFacts, read: SourceRead) -> bool:
    """Whether the file of ``facts`` now has the call nodes ``read`` recorded, where it read them.

    The nodes are built as the dependency analysis builds them (the calling functions' own
    lines, see ``deps/_project_calls.py``), from a whole-file outline where that leaves some out.
    """
    wanted = set(read.positions)
    nodes = ProjectCallNodes(root)
    for fn in facts.functions:
        for site in fn.calls:
            if (site.line, site.column, site.end_line, site.end_column) in wanted:
                nodes.node(facts, fn, site)
    found = nodes.read().get(facts.path, {})
    if not wanted.issubset(found):
        found = project_call_nodes(root, facts.path, facts.module)
        if not wanted.issubset(found):
            return False
    return _digest({position: found[position] for position in wanted}) == read.digest


def _digest(calls: Mapping[tuple[int, int, int, int], Node]) -> str:
    text = json.dumps(sorted(calls.items()), separators=(",", ":"), default=repr)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
