"""Reuse the project stage's findings after an edit, recomputing only what the edit can change.

The project rules read every module's facts (functions, calls, locks, classes, symbols), never
the file rules' findings or the ``noqa`` table, plus, for the dependency analysis, the call
arguments of the project files it follows calls from (:func:`project_call_nodes`). An edited
file's new facts are compared with its old ones (:func:`project_edit`), conservatively (a "no"
only costs the full project stage):

* facts equal except for the file's own findings and ``noqa`` (an edit to a comment, a string, an
  expression the facts do not record, at the same positions): the previous project findings
  hold as they are;
* or equal once *isolated* functions are taken out of both. An isolated function is a
  module-level function (not a dunder: ``__getattr__`` is called without being named) whose name
  appears nowhere else in the project's source nor elsewhere in its own file, so that no
  reference can resolve to it, and that awaits nothing, takes no lock, touches no shared state,
  calls nothing it cannot name and hands nothing over. Nothing calls it, so no chain, lock order
  or guard inference passes through it. One that calls nothing (*inert*) has no project finding
  at all; one that calls (sync, not a generator, every callee a dotted name) has findings only
  at its own lines, and can change what others find only through its callees' lists of callers.

For an isolated function with calls (:func:`isolated_findings`), the project rules run again
over a small project: the edited files and the modules holding what the function's calls can
resolve to, transitively (:func:`named_modules` follows names as the index resolves them; the
function's findings depend on its callees' resolution, the call graph below it and the fixed
points up to it, nothing else). Its findings are taken from there, on its own lines; the
previous run's findings on the lines of the isolated functions the edit removed or changed are
dropped; the rest are kept. That holds only when the new caller cannot change what a callee's
callers decide (:func:`_caller_blind`): every function its callees reach is sync and takes no
lock, touches no shared state, awaits nothing, calls nothing unknown and hands nothing over (the
entry locks, constructor-only helpers and thread or loop reachability of such functions decide
no finding), and no prefix of a callee's name is an object (``obj.prop.f()`` reads a property of
another module's class). Otherwise, the full project stage runs.

Anything else (a new call in an existing function, a moved line, a changed signature) runs the
project stage. So does any edit when ``loop-decorators`` is configured: the loop markers are
found by reading every file's decorators, which facts do not hold. A project rule that reads
source beyond the facts, lets a function's callers or its mere presence change findings
elsewhere, or reports findings of several functions as one (one finding per root) where an
isolated function can be one of them, must be accounted for here (``test_incremental.py``
compares such edits with cold runs, next to another module with the same findings).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from admf_tsan.lint.analysis.callgraph import reachable
from admf_tsan.lint.analysis.codec import encode
from admf_tsan.lint.analysis.facts import FunctionFacts, GlobalRef, ModuleFacts
from admf_tsan.lint.cache import SourceRead
from admf_tsan.lint.deps._project_calls import ProjectCallNodes
from admf_tsan.lint.deps.flow import Node
from admf_tsan.lint.deps.summaries import DependencyBlocking, project_call_nodes
from admf_tsan.lint.engine import run_project_rules
from admf_tsan.lint.ftypes import Finding, LintConfig
from admf_tsan.lint.rule import ProjectContext


@dataclass(frozen=True, slots=True)
class ProjectEdit:
    """What one edited file changes for the project stage (see :func:`project_edit`).

    ``removed`` are the isolated functions of the old facts that the edit removed or changed,
    ``added`` those of the new facts that it added or changed; ``old_spans`` and ``new_spans``
    give the lines each covers (from its ``def`` up to the next function or class of the file;
    ``None``: to the end).
    """

    path: str
    module: str
    removed: tuple[FunctionFacts, ...] = ()
    added: tuple[FunctionFacts, ...] = ()
    old_spans: tuple[tuple[int, int | None], ...] = ()
    new_spans: tuple[tuple[int, int | None], ...] = ()

    @property
    def calls(self) -> bool:
        """Whether a changed isolated function calls something (its findings must be rebuilt)."""
        return any(fn.calls for fn in (*self.removed, *self.added))


def project_view(facts: ModuleFacts) -> ModuleFacts:
    """``facts`` without what only the file itself uses: its own findings and ``noqa`` lines."""
    return replace(facts, findings=(), noqa={})


def project_edit(
    old: ModuleFacts, new: ModuleFacts, source: bytes, other_sources: Sequence[bytes]
) -> ProjectEdit | None:
    """How ``new`` facts differ from ``old`` ones (same file) for the project rules, or ``None``
    when the difference may reach beyond the file's isolated functions.

    ``source`` is the file's new content and ``other_sources`` every other project file's (to
    check that nothing can name an isolated function).
    """
    before = project_view(old)
    after = project_view(new)
    if before == after:
        return ProjectEdit(new.path, new.module)
    # Only functions the edit changed can be taken out: any other is the same on both sides.
    old_functions = {fn.qualname: fn for fn in before.functions}
    new_functions = {fn.qualname: fn for fn in after.functions}
    gone = [fn for fn in before.functions if new_functions.get(fn.qualname) != fn]
    came = [fn for fn in after.functions if old_functions.get(fn.qualname) != fn]
    others = b"\0".join(other_sources)
    was = _isolated(before, gone, source, others, new_functions)
    now = _isolated(after, came, source, others, new_functions)
    if not was and not now or _strip(before, was) != _strip(after, now):
        return None
    removed, added = tuple(was.values()), tuple(now.values())
    return ProjectEdit(
        new.path,
        new.module,
        removed,
        added,
        tuple(_span(before, fn) for fn in removed),
        tuple(_span(after, fn) for fn in added),
    )


def _isolated(
    facts: ModuleFacts,
    candidates: Iterable[FunctionFacts],
    source: bytes,
    other_sources: bytes,
    present: Collection[str],
) -> dict[str, FunctionFacts]:
    """The isolated functions among ``candidates`` of ``facts`` (see the module docstring).

    ``source`` is the file's current content, ``other_sources`` every other file's, joined: a
    function the file still defines (qualname in ``present``) must be named in ``source`` once
    (its ``def``), one it no longer defines not at all, and neither anywhere else.
    """
    found: dict[str, FunctionFacts] = {}
    for fn in candidates:
        if (
            fn.class_qualname is not None
            or fn.qualname != f"{facts.module}.{fn.name}"
            or facts.symbols.get(fn.name) != ("def", fn.qualname)
            or (fn.name.startswith("__") and fn.name.endswith("__"))
            or fn.awaits
            or fn.acquisitions
            or fn.accesses
            or fn.dynamic_calls
            or fn.scheduled
        ):
            continue
        if fn.calls and (
            fn.is_async
            or fn.is_generator
            or fn.sync_wrapper
            or any(type(site.callee) is not GlobalRef or site.held for site in fn.calls)
        ):
            continue
        name = fn.name.encode()
        if source.count(name) != (1 if fn.qualname in present else 0):
            continue
        if name in other_sources:
            continue
        found[fn.qualname] = fn
    return found


def _strip(facts: ModuleFacts, functions: Mapping[str, FunctionFacts]) -> ModuleFacts:
    if not functions:
        return facts
    symbols = {
        name: symbol
        for name, symbol in facts.symbols.items()
        if not (symbol[0] == "def" and symbol[1] in functions)
    }
    kept = tuple(fn for fn in facts.functions if fn.qualname not in functions)
    return replace(facts, functions=kept, symbols=symbols)


def _span(facts: ModuleFacts, fn: FunctionFacts) -> tuple[int, int | None]:
    """The lines of module-level ``fn``: from its ``def`` to the next function or class."""
    later = [f.line for f in facts.functions if f.line > fn.line]
    later.extend(cls.line for cls in facts.classes if cls.line > fn.line)
    return fn.line, min(later) if later else None


def _within(line: int, spans: Iterable[tuple[int, int | None]]) -> bool:
    return any(start <= line and (end is None or line < end) for start, end in spans)


def touches(read: SourceRead, spans: Iterable[tuple[int, int | None]]) -> bool:
    """Whether the project stage read source on the lines of one of ``spans``."""
    spans = tuple(spans)
    return bool(spans) and any(_within(line, spans) for line, _, _, _ in read.positions)


def named_modules(
    roots: Iterable[ModuleFacts | FunctionFacts],
    facts_of: Callable[[str], ModuleFacts | None],
    project_modules: Collection[str],
) -> list[ModuleFacts] | None:
    """The modules a project run needs to decide what ``roots`` call, transitively (``None``
    when the facts of one cannot be loaded).

    A root module is loaded whole but followed only where a followed string names it; a root
    function is followed. Following a fact means reading every string in it (a reference, an
    owner, an annotation, an import: any field facts gain, too) as a dotted name and doing
    what name resolution does with it (:class:`~admf_tsan.lint.analysis.index.ProjectIndex`):
    every project module that is a prefix of it is loaded, and the rest of the name is looked up
    in the longest one: a function (with its nested ones), a class (its bases, attribute types
    and every method), a module variable's type, an import (followed with the rest of the name)
    or a star import. So every function a followed function's calls can resolve to is followed,
    and the modules loaded hold everything the call graph below the roots reads. A name whose
    first part is a project package none of whose modules is loaded brings one of them (the
    index tells the project's own packages from outside ones by that first part).
    """
    closure = _Closure(facts_of, project_modules)
    functions: list[FunctionFacts] = []
    for root in roots:
        if isinstance(root, ModuleFacts):
            closure.found[root.module] = root
        else:
            functions.append(root)
    for fn in functions:
        closure.follow(fn)
    closure.run()
    return None if closure.missing else list(closure.found.values())


class _Closure:
    """The work list of :func:`named_modules`."""

    def __init__(
        self, facts_of: Callable[[str], ModuleFacts | None], project_modules: Collection[str]
    ) -> None:
        self.facts_of = facts_of
        self.project_modules = project_modules
        self.tops: dict[str, str] = {}
        for module in sorted(project_modules):
            self.tops.setdefault(module.partition(".")[0], module)
        self.found: dict[str, ModuleFacts] = {}
        self.missing = False
        self.names: set[str] = set()
        self.entities: set[tuple[str, str]] = set()
        self.pending: list[str] = []

    def follow(self, fact: Any) -> None:
        _strings(encode(fact), self._name)

    def _name(self, text: str) -> None:
        if text not in self.names:
            self.names.add(text)
            self.pending.append(text)

    def run(self) -> None:
        while self.pending and not self.missing:
            self._resolve(self.pending.pop())

    def _load(self, module: str) -> ModuleFacts | None:
        facts = self.found.get(module)
        if facts is None:
            facts = self.facts_of(module)
            if facts is None:
                self.missing = True
                return None
            self.found[module] = facts
        if ("module", module) not in self.entities:
            self.entities.add(("module", module))
            for star in facts.star_imports:
                self._name(star)
        return facts

    def _resolve(self, text: str) -> None:
        parts = text.split(".")
        longest = 0
        for cut in range(1, len(parts) + 1):
            if ".".join(parts[:cut]) in self.project_modules:
                longest = cut
                if self._load(".".join(parts[:cut])) is None:
                    return
        if not longest:
            if parts[0] in self.tops:
                self._load(self.tops[parts[0]])
            return
        module = ".".join(parts[:longest])
        facts = self.found[module]
        rest = parts[longest:]
        if not rest:
            return
        # A function or class of the module named by a prefix of the text (``_dotted`` looks
        # functions up by qualname first), then the module's symbol for the first attribute.
        for cut in range(longest + 1, len(parts) + 1):
            self._definitions(facts, ".".join(parts[:cut]))
        symbol = facts.symbols.get(rest[0])
        if symbol is None:
            for star in facts.star_imports:
                self._name(".".join((star, *rest)))
            return
        kind, payload = symbol
        if kind == "import" and isinstance(payload, str):
            self._name(".".join((payload, *rest[1:])))
        elif isinstance(payload, str):
            self._definitions(facts, payload)
        else:
            self.follow(payload)

    def _definitions(self, facts: ModuleFacts, qualname: str) -> None:
        """Follow the function or class ``qualname`` of ``facts``, with everything inside it."""
        if ("def", qualname) in self.entities:
            return
        self.entities.add(("def", qualname))
        inside = qualname + "."
        for fn in facts.functions:
            if fn.qualname == qualname or fn.qualname.startswith(inside):
                self.follow(fn)
        for cls in facts.classes:
            if cls.qualname == qualname or cls.qualname.startswith(inside):
                self.follow(cls)
                self._definitions(facts, cls.qualname)


def _strings(data: Any, visit: Callable[[str], None]) -> None:
    stack = [data]
    while stack:
        item = stack.pop()
        if type(item) is str:
            visit(item)
        elif type(item) is list:
            stack.extend(item)


def isolated_findings(
    edits: Sequence[ProjectEdit],
    modules: Sequence[ModuleFacts],
    config: LintConfig,
) -> list[Finding] | None:
    """The project findings on the lines of the edits' added isolated functions, from a run of
    the project rules over ``modules`` (see :func:`named_modules`), or ``None`` when a changed
    isolated function's callees may depend on their callers (:func:`_caller_blind`) or the run
    read source on those lines.
    """
    with contextlib.redirect_stderr(io.StringIO()):
        # The dependency analysis notes what it cannot find; the full run said so already.
        findings, context = run_project_rules(modules, config)
    isolated = {fn.qualname for edit in edits for fn in (*edit.removed, *edit.added)}
    for edit in edits:
        for fn in (*edit.removed, *edit.added):
            if not _caller_blind(context, fn, isolated):
                return None
    read = read_sources(context)
    if any(edit.path in read and touches(read[edit.path], edit.new_spans) for edit in edits):
        return None
    spans = {edit.path: edit.new_spans for edit in edits if edit.new_spans}
    return [f for f in findings if f.path in spans and _within(f.line, spans[f.path])]


def _caller_blind(context: ProjectContext, fn: FunctionFacts, isolated: Collection[str]) -> bool:
    """Whether ``fn`` calling its callees changes nothing the project rules find elsewhere."""
    index, graph = context.index, context.graph
    for site in fn.calls:
        callee = site.callee
        if type(callee) is not GlobalRef or callee.name in isolated:
            return False
        parts = callee.name.split(".")
        for cut in range(1, len(parts)):
            value = index.resolve(GlobalRef(".".join(parts[:cut])))
            if value is not None and value[0] == "inst":
                return False
        target = index.callee_function(site)
        if target is None:
            continue
        if target.qualname in isolated:
            return False
        for qualname in reachable(graph, [target.qualname]):
            below = index.functions[qualname]
            if (
                below.is_async
                or below.is_generator
                or below.awaits
                or below.acquisitions
                or below.accesses
                or below.dynamic_calls
                or below.scheduled
            ):
                return False
    return True


def merge_findings(
    previous: Iterable[Finding], edits: Sequence[ProjectEdit], isolated: Iterable[Finding]
) -> tuple[Finding, ...]:
    """The previous project findings without those on the lines of removed or changed isolated
    functions, then ``isolated`` (the findings on the lines of the added or changed ones)."""
    dropped = {edit.path: edit.old_spans for edit in edits if edit.old_spans}
    kept = [f for f in previous if f.path not in dropped or not _within(f.line, dropped[f.path])]
    return (*kept, *isolated)


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
