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

An edit inside existing functions of one file (:func:`local_edit`) keeps the previous findings
at the lines the edit moved them to (:func:`shift_findings`) when the file's facts are the same
once line numbers are taken out, but for calls whose arguments changed (the same call, ending
elsewhere) and for calls added or removed that are *mute* (:func:`mute_sites`: by name, of a
method nothing can override or through an instance of a project class that a module variable
holds or a local was made by, :func:`_instance_method_call`, of project functions that, down to
the last one they reach, take no lock, touch no state, await nothing, hand nothing over and make
only such calls; or of a library
function known to be inert, :func:`inert_library_call`: a clock, ``math``, ``print``, a log
call; or of a pure standard-library function the dependency analysis finds blocks nowhere
below, :func:`followed_library_call`; or of any other library function that the catalogue does
not list and no string of the linter names, called by name or through objects none of which is
the project's (``sys.stderr.flush()``), :func:`plain_library_call`). Such a
call changes no summary a caller reads, no context a finding depends on and no global fact; the
project rules, run over the modules the calls name before and after the edit, must agree
(:func:`local_run`). The call nodes the dependency analysis read in the file must be the same
at their new positions (:func:`shift_read`).

Anything else (a call of a function that does something, a library call the catalogue lists or
a string of the linter names, a call through a project object's attribute or of a method whose
name is a property's or a string of the linter's, a method call another class may override, a
changed state access or lock, a new function, a changed signature) runs the project stage. A
call through a project object of a method that does something (``_main_thread.is_alive()``,
which reaches a lock and the thread's state) changes what its caller's callers read and what
the method's callers decide for it (its entry locks, thread and loop reachability), which
depend on callers anywhere in the project: no part of it is enough to tell.
So does any edit when ``loop-decorators`` is configured: the loop markers are found by reading
every file's decorators, which facts do not hold. A project rule that reads source beyond the
facts, lets a function's callers or its mere presence change findings elsewhere, reports
findings of several functions as one (one finding per root) where an isolated function can be
one of them, or names a line in a message without giving it as a location, must be accounted
for here (``test_incremental.py`` compares such edits with cold runs, next to another module
with the same findings, and checks every fixture's messages).
"""

from __future__ import annotations

import ast
import bisect
import contextlib
import hashlib
import io
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal, get_args

from admf_tsan.lint.analysis.callgraph import CallGraph, reachable
from admf_tsan.lint.analysis.codec import encode
from admf_tsan.lint.analysis.facts import (
    AwaitedType,
    CallSite,
    CallType,
    ClassFacts,
    ClsRef,
    ElementOf,
    FunctionFacts,
    GlobalRef,
    ModuleFacts,
    Ref,
    SameAs,
    SelfRef,
    TypeRef,
    ValRef,
)
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.cache import SourceRead
from admf_tsan.lint.deps._project_calls import ProjectCallNodes
from admf_tsan.lint.deps.flow import Node
from admf_tsan.lint.deps.locate import InterpreterError, environment
from admf_tsan.lint.deps.summaries import NOT_FOLLOWED, DependencyBlocking, project_call_nodes
from admf_tsan.lint.engine import blocking_classifier, project_context, run_project_rules
from admf_tsan.lint.ftypes import Finding, LintConfig
from admf_tsan.lint.rule import ProjectContext
from admf_tsan.lint.rules import ALL_RULES


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
            or fn.type_tests  # ADMF304 reads them with the project's class hierarchy
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
        self,
        facts_of: Callable[[str], ModuleFacts | None],
        project_modules: Collection[str],
        *,
        stars: bool = True,
        results: bool = False,
    ) -> None:
        self.facts_of = facts_of
        self.project_modules = project_modules
        self.stars = stars
        self.results = results
        self.tops: dict[str, str] = {}
        for module in sorted(project_modules):
            self.tops.setdefault(module.partition(".")[0], module)
        self.found: dict[str, ModuleFacts] = {}
        self.missing = False
        self.names: set[tuple[bool, str]] = set()
        self.entities: set[tuple[str, str]] = set()
        self.pending: list[tuple[bool, str]] = []

    def follow(self, fact: Any) -> None:
        _strings(encode(fact), self._name)

    def _follow_type(self, typeref: Any) -> None:
        """Follow a module variable's type as name resolution reads it. With ``results``, what
        a call by name gives (``logger = logging.getLogger(...)``) needs only the called
        function's ``returns`` (``ProjectIndex._returned``), not the rest of its body."""
        if (
            self.results
            and type(typeref) in (CallType, AwaitedType)
            and type(typeref.callee) is GlobalRef
        ):
            self._name(typeref.callee.name, result=True)
        else:
            self.follow(typeref)

    def _name(self, text: str, *, result: bool = False) -> None:
        if (result, text) not in self.names:
            self.names.add((result, text))
            self.pending.append((result, text))

    def run(self) -> None:
        while self.pending and not self.missing:
            result, text = self.pending.pop()
            self._resolve(text, result)

    def _load(self, module: str) -> ModuleFacts | None:
        facts = self.found.get(module)
        if facts is None:
            facts = self.facts_of(module)
            if facts is None:
                self.missing = True
                return None
            self.found[module] = facts
        if self.stars and ("module", module) not in self.entities:
            self.entities.add(("module", module))
            for star in facts.star_imports:
                self._name(star)
        return facts

    def _resolve(self, text: str, result: bool = False) -> None:
        """Load what resolving ``text`` reads; ``result``: only what calling it gives is read
        (a function's ``returns``, see :meth:`_follow_type`)."""
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
            self._definitions(facts, ".".join(parts[:cut]), result and cut == len(parts))
        symbol = facts.symbols.get(rest[0])
        if symbol is None:
            for star in facts.star_imports:
                self._name(".".join((star, *rest)), result=result)
            return
        kind, payload = symbol
        if kind == "import" and isinstance(payload, str):
            self._name(".".join((payload, *rest[1:])), result=result)
        elif isinstance(payload, str):
            self._definitions(facts, payload, result and len(rest) == 1)
        elif self.results:
            self._follow_type(payload)
        else:
            self.follow(payload)

    def _definitions(self, facts: ModuleFacts, qualname: str, result: bool = False) -> None:
        """Follow the function or class ``qualname`` of ``facts``, with everything inside it;
        with ``result``, a function's ``returns`` alone (a class is followed whole: calling it
        gives an instance, whose methods a name may go on to)."""
        if result:
            if ("returns", qualname) in self.entities:
                return
            self.entities.add(("returns", qualname))
            for fn in facts.functions:
                if fn.qualname == qualname and fn.returns is not None:
                    self._follow_type(fn.returns)
            if not any(cls.qualname == qualname for cls in facts.classes):
                return
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
        if _through_an_object(index, callee):
            return False
        target = index.callee_function(site)
        if target is None:
            continue
        if target.qualname in isolated:
            return False
        for qualname in reachable(graph, [target.qualname]):
            if _does_something(index.functions[qualname]):
                return False
    return True


def _through_an_object(index: ProjectIndex, callee: GlobalRef) -> bool:
    """Whether a dotted callee is reached through an instance (``obj.prop.f()``): what it
    runs depends on the object, not on the name."""
    parts = callee.name.split(".")
    for cut in range(1, len(parts)):
        value = index.resolve(GlobalRef(".".join(parts[:cut])))
        if value is not None and value[0] == "inst":
            return True
    return False


def _does_something(fn: FunctionFacts) -> bool:
    """Whether ``fn`` does anything a project rule reads: runs as a coroutine or a generator,
    awaits, takes a lock, touches state, calls dynamically or hands work over."""
    return bool(
        fn.is_async
        or fn.is_generator
        or fn.awaits
        or fn.acquisitions
        or fn.accesses
        or fn.dynamic_calls
        or fn.scheduled
    )


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
    It reads the node of every call into a library from a function on the loop's side, but
    uses it only to follow the call into the library's source: the node of a call that cannot
    be followed (a call the catalogue lists, which is a leaf; an inert library call, see
    :func:`inert_library_call`) decides nothing and is left out, so that its arguments can
    change (``time.sleep(1)`` -> ``time.sleep(2)`` in a helper) without a difference here.
    """
    dependencies = context.computed(DependencyBlocking)
    if dependencies is None:
        return {}
    found: dict[str, SourceRead] = {}
    by_path = {facts.path: facts for facts in context.index.modules.values()}
    for path, calls in dependencies.project_calls.items():
        facts = by_path.get(path)
        if facts is not None:
            blind = _unfollowed_calls(context, facts, calls)
            calls = {position: node for position, node in calls.items() if position not in blind}
        found[path] = read_of(calls)
    return found


def _unfollowed_calls(
    context: ProjectContext, facts: ModuleFacts, calls: Collection[tuple[int, int, int, int]]
) -> set[tuple[int, int, int, int]]:
    """The positions among ``calls`` of call sites of ``facts`` that the dependency analysis
    cannot follow whatever their arguments: a library name the catalogue has an entry for (it
    takes no library target for one), or one of :data:`INERT_LIBRARY_CALLS` in a module it
    does not read."""
    index, classifier, config = context.index, context.blocking, context.config
    blind: set[tuple[int, int, int, int]] = set()
    for fn in facts.functions:
        for site in fn.calls:
            position = (site.line, site.column, site.end_line, site.end_column)
            if position not in calls:
                continue
            value = index.callee(site)
            if value is None or value[0] != "ext":
                continue
            name = str(value[1])
            if classifier.entry_for(name) is not None or (
                name in INERT_LIBRARY_CALLS and not _followable(config, name)
            ):
                blind.add(position)
    return blind


def _followable(config: LintConfig, name: str) -> bool:
    """Whether the dependency analysis may read the source of the library name ``name``."""
    if not config.follow_dependencies or name.startswith(NOT_FOLLOWED):
        return False
    try:
        return environment(config.python_path).find_prefix(name) is not None
    except InterpreterError:
        return False


def reads_the_same(root: str, facts: ModuleFacts, read: SourceRead) -> bool:
    """Whether the file of ``facts`` now has the call nodes ``read`` recorded, where it read them.

    The nodes are built as the dependency analysis builds them (the calling functions' own
    lines, see ``deps/_project_calls.py``), from a whole-file outline where that leaves some out.
    """
    found = _call_nodes(root, facts, set(read.positions))
    return found is not None and _same_nodes(read, found)


def _call_nodes(
    root: str, facts: ModuleFacts, wanted: set[tuple[int, int, int, int]]
) -> dict[tuple[int, int, int, int], Node] | None:
    """The call nodes at the positions ``wanted`` of the file of ``facts``, as the dependency
    analysis builds them (``None`` when one has no node)."""
    nodes = ProjectCallNodes(root)
    for fn in facts.functions:
        for site in fn.calls:
            if (site.line, site.column, site.end_line, site.end_column) in wanted:
                nodes.node(facts, fn, site)
    found = nodes.read().get(facts.path, {})
    if not wanted.issubset(found):
        found = project_call_nodes(root, facts.path, facts.module)
        if not wanted.issubset(found):
            return None
    return {position: found[position] for position in wanted}


def with_nodes(
    root: str, new: ModuleFacts, read: SourceRead | None, sites: Sequence[tuple[str, CallSite]]
) -> SourceRead | None:
    """``read`` (of the edited file, at its new positions) with the call nodes of ``sites`` too,
    as the dependency analysis builds them (``None`` when one has no node)."""
    wanted = set(read.positions) if read is not None else set()
    wanted.update((s.line, s.column, s.end_line, s.end_column) for _, s in sites)
    calls = _call_nodes(root, new, wanted)
    if calls is None:
        return None
    if read is not None and not _same_nodes(read, {p: calls[p] for p in read.positions}):
        return None
    return read_of(calls)


def _place(
    unplaced: Sequence[tuple[int, int, int, int]],
    found: Mapping[tuple[int, int, int, int], Node],
    known: Sequence[int],
    edit: LocalEdit,
    moved: dict[tuple[int, int, int, int], tuple[int, int, int, int]],
) -> bool:
    """Place each of ``unplaced`` (old call positions no fact holds, whose neighbouring fact
    lines moved apart: a line inserted just before a ``for`` whose header calls ``range()``)
    at the one position of ``found`` between where those neighbours are now, with the same
    columns and as many lines; into ``moved``. False when one has no such position or
    several. The caller checks every placed node against what was read, as for a guess."""
    taken = set(moved.values())
    placed: dict[tuple[int, int, int, int], tuple[int, int, int, int]] = {}
    for position in unplaced:
        line, column, end_line, end_column = position
        after = bisect.bisect(known, line)
        if after == 0 or after == len(known) or known[after - 1] == line:
            return False
        low, high = edit.lines[known[after - 1]], edit.lines[known[after]]
        candidates = [
            now
            for now in found
            if low < now[0] < high
            and now[1] == column
            and now[3] == end_column
            and now[2] - now[0] == end_line - line
            and now not in taken
        ]
        if len(candidates) != 1:
            return False
        taken.add(candidates[0])
        placed[position] = candidates[0]
    moved.update(placed)
    return True


def _near(line: int, known: Sequence[int], lines: Mapping[int, int]) -> int | None:
    """Where old ``line`` is now, judged by the closest lines of the facts around it: moved as
    they are when both moved alike (or the one there is, at either end of the file)."""
    if line in lines:
        return lines[line]
    after = bisect.bisect(known, line)
    shifts = set()
    if after > 0:
        shifts.add(lines[known[after - 1]] - known[after - 1])
    if after < len(known):
        shifts.add(lines[known[after]] - known[after])
    return line + shifts.pop() if len(shifts) == 1 else None


def _rebased(node: Node, old: tuple[int, int, int, int], now: tuple[int, int, int, int]) -> Node:
    """The call node ``node``, read at ``now``, as it would read at ``old``: a call node holds
    its own position (``["call", line, column, args, keywords, star, dstar, end_line,
    end_column]``, see ``deps/flow.py``); any other node is left as it is."""
    if type(node) is list and len(node) == 9 and node[0] == "call":
        if (node[1], node[2], node[7], node[8]) == now:
            return ["call", old[0], old[1], *node[3:7], old[2], old[3]]
    return node


def _digest(calls: Mapping[tuple[int, int, int, int], Node]) -> str:
    text = json.dumps(sorted(calls.items()), separators=(",", ":"), default=repr)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def read_of(calls: Mapping[tuple[int, int, int, int], Node]) -> SourceRead:
    """What reading the call nodes ``calls`` (by position) was: their digest, and each one's."""
    positions = tuple(sorted(calls))
    return SourceRead(
        _digest(calls),
        positions,
        tuple(_digest({position: calls[position]}) for position in positions),
    )


def _same_nodes(read: SourceRead, calls: Mapping[tuple[int, int, int, int], Node]) -> bool:
    """Whether ``calls`` (nodes by the positions of ``read``, as read there before) are what
    ``read`` recorded: every one of them, or all of ``read``'s where it kept no digest per
    position."""
    if not read.nodes:
        return set(calls) == set(read.positions) and _digest(calls) == read.digest
    recorded = dict(zip(read.positions, read.nodes, strict=True))
    return all(
        recorded.get(position) == _digest({position: node}) for position, node in calls.items()
    )


# --- Edits inside existing functions -------------------------------------------------------------
#
# A line inserted in a function moves every later line of its file, and a call added to a function
# that has callers may change what they find. :func:`local_edit` accepts an edit when the file's
# facts are the same as before once line numbers are taken out, but for call sites added to or
# removed from some functions; :func:`mute_sites` then checks that every such call runs only
# *mute* project functions (see there), so the project stage finds what it found before, at the
# lines the edit moved them to (:func:`shift_findings`).

#: Fields of the fact classes that hold a line number (columns never move with a line insertion,
#: and the comparison keeps them). ``held`` entries are ``(lock, line, column)``, a ``check`` is
#: ``(line, column, held)``. ``test_incremental.py`` fails when a fact class gains an ``int``
#: field this list does not classify.
LINE_FIELDS = frozenset({"line", "end_line", "func_end_line"})
COLUMN_FIELDS = frozenset({"column", "end_column", "func_end_column"})

#: Per fact class, how :func:`shape` reads each field: 1 a line, 2 ``held``, 3 ``check``, 0 a
#: value to shape; ``None`` for a reference or a type (``Ref``, ``TypeRef``): they hold no line
#: and are compared as they are.
_PLANS: dict[type[Any], tuple[tuple[str, int], ...] | None] = {
    kind: None for kind in (*get_args(Ref), *get_args(TypeRef))
}


def _plan(kind: type[Any]) -> tuple[tuple[str, int], ...] | None:
    if kind in _PLANS:
        return _PLANS[kind]
    modes = tuple(
        (
            item.name,
            1
            if item.name in LINE_FIELDS
            else 2
            if item.name == "held"
            else 3
            if item.name == "check"
            else 0,
        )
        for item in fields(kind)
    )
    _PLANS[kind] = modes
    return modes


def _held(value: tuple[Any, ...], lines: list[int]) -> tuple[Any, ...]:
    shaped = []
    for ref, line, column in value:
        lines.append(line)
        shaped.append((ref, column))
    return tuple(shaped)


def shape(value: Any, lines: list[int]) -> Any:
    """``value`` (facts) with its line numbers taken out, appended to ``lines`` in a fixed order.

    Two facts with equal shapes are the same but for their lines; zipping their ``lines`` pairs
    each old line with the new line the same fact is on.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is tuple or kind is list:
        return tuple([shape(item, lines) for item in value]) if value else ()
    if kind is dict:
        return tuple([(key, shape(item, lines)) for key, item in value.items()])
    if not is_dataclass(value):
        return value
    plan = _plan(kind)
    if plan is None:
        return value
    shaped: list[Any] = [kind]
    for name, mode in plan:
        item = getattr(value, name)
        if mode == 1:
            lines.append(item)
            shaped.append(None)
        elif mode == 2:
            shaped.append(_held(item, lines) if item else ())
        elif mode == 3 and item is not None:
            lines.append(item[0])
            shaped.append((item[1], _held(item[2], lines)))
        else:
            shaped.append(shape(item, lines))
    return tuple(shaped)


@dataclass(frozen=True, slots=True)
class LocalEdit:
    """An edit inside existing functions of one file (see :func:`local_edit`).

    ``lines`` maps each line number the old facts hold to the line the same fact is on now;
    ``old_lines`` are every line number of the old facts (those of removed call sites too).
    ``removed`` and ``added`` are the call sites the edit took out of or put into a function,
    as ``(function qualname, site)``. ``ends`` maps the span ``(line, column, end_line,
    end_column)`` of each call whose arguments the edit changed (the same call otherwise: same
    callee, literals, locks held, start) to its span now, and of each call whose literal
    arguments changed. ``relit`` are those calls, as ``(function qualname, site before, site
    now)``: the same call but for its literal arguments (``time.sleep(1)`` -> ``(2)``).
    """

    path: str
    module: str
    lines: dict[int, int]
    old_lines: frozenset[int]
    removed: tuple[tuple[str, CallSite], ...]
    added: tuple[tuple[str, CallSite], ...]
    ends: dict[tuple[int, int, int, int], tuple[int, int, int, int]] = field(default_factory=dict)
    relit: tuple[tuple[str, CallSite, CallSite], ...] = ()

    @property
    def moved(self) -> frozenset[int]:
        """Old lines that are not where they were (or are gone)."""
        return frozenset(line for line in self.old_lines if self.lines.get(line, line - 1) != line)


def local_edit(old: ModuleFacts, new: ModuleFacts) -> LocalEdit | None:
    """How ``new`` facts differ from ``old`` ones (same file), if only by moved lines and by call
    sites added to or removed from existing functions; else ``None``.

    Everything but the functions' call sites must be equal once line numbers are taken out, in
    the same order (functions, classes, symbols, accesses, locks...), and the lines must move
    consistently: one old line goes to one new line, in the same order.
    """
    before, after = project_view(old), project_view(new)
    pairs_old: list[int] = []
    pairs_new: list[int] = []
    if [fn.qualname for fn in before.functions] != [fn.qualname for fn in after.functions]:
        return None
    if shape(replace(before, functions=()), pairs_old) != shape(
        replace(after, functions=()), pairs_new
    ):
        return None
    removed: list[tuple[str, CallSite]] = []
    added: list[tuple[str, CallSite]] = []
    removed_lines: list[int] = []
    ends: dict[tuple[int, int, int, int], tuple[int, int, int, int]] = {}
    relit: list[tuple[str, CallSite, CallSite]] = []
    for was, now in zip(before.functions, after.functions, strict=True):
        old_lines: list[int] = []
        new_lines: list[int] = []
        if shape(was, old_lines) == shape(now, new_lines):
            pairs_old.extend(old_lines)
            pairs_new.extend(new_lines)
            continue
        old_lines.clear()
        new_lines.clear()
        if shape(replace(was, calls=()), old_lines) != shape(replace(now, calls=()), new_lines):
            return None
        pairs_old.extend(old_lines)
        pairs_new.extend(new_lines)
        old_calls = [_site_shape(site) for site in was.calls]
        new_calls = [_site_shape(site) for site in now.calls]
        matcher = SequenceMatcher(
            None, [s for s, _ in old_calls], [s for s, _ in new_calls], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for (_, was_at), (_, now_at) in zip(
                    old_calls[i1:i2], new_calls[j1:j2], strict=True
                ):
                    pairs_old.extend(was_at)
                    pairs_new.extend(now_at)
                continue
            if i2 - i1 == j2 - j1:
                # The same calls with other arguments (``f(a)`` -> ``f(a, b)``): only where
                # each ends moved; or with other literal arguments (checked by local_run).
                pairs = list(zip(was.calls[i1:i2], now.calls[j1:j2], strict=True))
                kinds = [
                    "args"
                    if _args_changed(first, then)
                    else "literals"
                    if _literals_changed(first, then)
                    else None
                    for first, then in pairs
                ]
                if None not in kinds:
                    for (first, then), kind in zip(pairs, kinds, strict=True):
                        pairs_old.extend(_site_shape(first)[1])
                        pairs_new.extend(_site_shape(then)[1])
                        ends[_span_of(first)] = _span_of(then)
                        if kind == "literals":
                            relit.append((now.qualname, first, then))
                    continue
            for site in was.calls[i1:i2]:
                removed.append((was.qualname, site))
                removed_lines.extend(_site_shape(site)[1])
            added.extend((now.qualname, site) for site in now.calls[j1:j2])
    lines: dict[int, int] = {}
    for a, b in zip(pairs_old, pairs_new, strict=True):
        if lines.setdefault(a, b) != b:
            return None
    ordered = sorted(lines.items())
    if any(b1 >= b2 for (_, b1), (_, b2) in zip(ordered, ordered[1:], strict=False)):
        return None
    return LocalEdit(
        new.path,
        new.module,
        lines,
        frozenset((*lines, *removed_lines)),
        tuple(removed),
        tuple(added),
        ends,
        tuple(relit),
    )


def _span_of(site: CallSite) -> tuple[int, int, int, int]:
    return site.line, site.column, site.end_line, site.end_column


def _args_changed(was: CallSite, now: CallSite) -> bool:
    """Whether ``now`` is ``was`` with other arguments: equal but for where the call ends (its
    lines apart). Literal arguments are facts (``constants``): a changed one is another call."""
    return was.end_column != now.end_column and _site_shape(
        replace(was, end_column=0)
    ) == _site_shape(replace(now, end_column=0))


def _literals_changed(was: CallSite, now: CallSite) -> bool:
    """Whether ``now`` is ``was`` with other literal arguments (``constants``), and perhaps
    ending elsewhere on its line: the same callee, locks held and start."""
    return was.constants != now.constants and _site_shape(
        replace(was, end_column=0, constants=())
    ) == _site_shape(replace(now, end_column=0, constants=()))


def _site_shape(site: CallSite) -> tuple[Any, tuple[int, ...]]:
    lines: list[int] = []
    shaped = shape(site, lines)
    return shaped, tuple(lines)


def local_modules(
    edit: LocalEdit,
    new: ModuleFacts,
    facts_of: Callable[[str], ModuleFacts | None],
    project_modules: Collection[str],
) -> list[ModuleFacts] | None:
    """The modules a project run needs to resolve the edit's added and removed call sites and
    everything their callees run (as :func:`named_modules`): the edited file as it is now, and
    what the sites' callees name, transitively.

    Unlike :func:`named_modules`, a module loaded as a prefix of a name (``asyncio`` for
    ``asyncio.log.logger``) does not bring what it star-imports: name resolution reads a
    module's star imports only when it looks a name up there, and :class:`_Closure` follows
    them then (``asyncio``'s would bring the whole package for a log call in one module)."""
    closure = _Closure(facts_of, project_modules, stars=False, results=True)
    closure.found[new.module] = new
    for _, site in (*edit.removed, *edit.added):
        closure.follow(site.callee)
    for _, was, now in edit.relit:
        closure.follow(was.callee)
        closure.follow(now.callee)
    closure.run()
    return None if closure.missing else list(closure.found.values())


def mute_sites(
    context: ProjectContext,
    sites: Iterable[tuple[str, CallSite]],
    named_elsewhere: Callable[[str], bool],
    words: Callable[[], RuleWords] | None = None,
    properties: Collection[str] | None = None,
) -> bool:
    """Whether each of ``sites`` (``(caller qualname, site)``) runs a project function whose
    every reachable function is *mute*: sync, not a generator, not a coroutine wrapper, not
    memoised, with no await, lock, state access, dynamic call or hand-off, and every call of it
    runs a project function by name or a method no other class can override (see
    :func:`_dispatched` and :func:`_runs_mute_code`), so none blocks, reaches a library or
    calls unknown code; or calls a library function known to be inert
    (:func:`inert_library_call`), or one the dependency analysis must then find blocks nowhere
    below (:func:`followed_library_call`, checked by :func:`local_run`), or any other library
    function no rule singles out (:func:`plain_library_call`; ``words`` gives the linter's
    words, :func:`rule_words` by default).

    The site itself must be such a call too, not awaited, and through no object (``obj.prop.f()``
    reads a property; a library call through library objects is :func:`plain_library_call`'s),
    but a method called on an instance of a project class that a module variable holds or a
    local was made by (``STORE.size()``, ``s = Store(); s.size()``), as
    :func:`_instance_method_call` accepts with ``properties``, the project's property names
    (without them, none is); it may hold locks (a mute function does nothing the locks held on
    entry decide). ``named_elsewhere(name)`` says whether ``name`` occurs in another file's
    source.

    Such a call changes nothing any project rule finds outside the callees' own context: the
    caller's summaries (what it blocks on, locks, touches, awaits, hands over) stay those of the
    callees it had, the callees' context (entry locks, thread or loop reachability, callers)
    decides no finding for functions that do nothing a rule reports, and no state, lock or
    hand-off of the project gains or loses an occurrence.
    """
    index, graph = context.index, context.graph
    for _, site in sites:
        if library_call(context, site, words or rule_words) is not None:
            continue
        callee = site.callee
        if site.awaited:
            return False
        if type(callee) is ValRef or (
            type(callee) is GlobalRef and _through_an_object(index, callee)
        ):
            if properties is None or not _instance_method_call(
                context, site, properties, words or rule_words
            ):
                return False
        elif not _dispatched(index, site, named_elsewhere):
            return False
        if not _runs_mute_code(index, site):
            return False
        target = index.callee_function(site)
        if target is None:
            return False
        for qualname in sorted(reachable(graph, [target.qualname])):
            below = index.functions[qualname]
            if _does_something(below) or below.sync_wrapper or below.memoized:
                return False
            for call in below.calls:
                if (
                    call.awaited
                    or not _dispatched(index, call, named_elsewhere)
                    or not _runs_mute_code(index, call)
                ):
                    return False
    return True


def _dispatched(
    index: ProjectIndex, site: CallSite, named_elsewhere: Callable[[str], bool]
) -> bool:
    """Whether ``site`` runs what it resolves to and nothing else: a call by name, or
    ``self.m()``/``cls.m()`` of a method ``m`` that is the only function of that name in the
    project and whose name no other file holds (so no class anywhere overrides it: an override
    would get the call's context, and ``self.m()`` would run it)."""
    callee = site.callee
    if type(callee) is GlobalRef:
        return True
    if not isinstance(callee, SelfRef | ClsRef) or len(callee.attrs) != 1:
        return False
    name = callee.attrs[0]
    target = index.callee_function(site)
    if target is None or target.name != name or named_elsewhere(name):
        return False
    home = index.function_module[target.qualname]
    if any(
        name in cls.class_vars or name in cls.attributes or name in cls.properties
        for cls in home.classes
    ):
        return False  # ``m = other`` in a class body, ``self.m = callback``, a property
    return all(fn.name != name or fn.qualname == target.qualname for fn in home.functions)


def _instance_method_call(
    context: ProjectContext,
    site: CallSite,
    properties: Collection[str],
    words: Callable[[], RuleWords],
) -> bool:
    """Whether ``site`` calls a method ``m`` of a project class ``C`` through an instance of it
    that a module variable holds (``STORE.m()``, ``pkg.app.STORE.m()``: every prefix of the name
    but the last a module, the last an instance of ``C``) or that a local was made by calling
    ``C`` by name (``s = Store(); s.m()``), so that what the call adds to the project is the
    edge to the method its name resolves to (:func:`mute_sites` checks what that runs), as for a
    call by name. ``properties`` are the names of every ``@property`` of the project (kept in
    the snapshot by the last full project stage: an edit inside functions changes no class).

    What the project stage reads of a call through an object beyond its edge: guard inference
    counts a read of an attribute through an instance of a project class that some class of
    the project defines as a property (``_foreign_property_reads``: a property so read, in the
    class or a subclass, gets no callers), here only ``m`` (the prefixes are modules), so ``m``
    must be no property name anywhere (a subclass in another file may define ``m`` as one);
    the override callers guard inference adds are those of calls on ``self`` alone, and no
    rule follows a call through an instance to a subclass's override (``test_incremental.py``
    compares one with a cold run); a rule reading a method called on an object of a type it
    may not know compares ``m`` with a string (``join``, ``start``, ``put``...), so ``m`` must
    be in no string of the linter; the classifier and the configured names must not match the
    call's written or resolved name (a project method can be named a blocking call). Every
    class of ``C``'s hierarchy must be the project's, on bases in :data:`PLAIN_BASES`, with no
    ``__getattr__`` or ``__getattribute__`` and nothing else bound to ``m`` (a class variable,
    an attribute, a property).
    """
    index = context.index
    callee = site.callee
    receiver: Ref
    if type(callee) is GlobalRef:
        parts = callee.name.split(".")
        method, receiver = parts[-1], GlobalRef(".".join(parts[:-1]))
        prefixes = [".".join(parts[:cut]) for cut in range(1, len(parts) - 1)]
    elif type(callee) is ValRef:
        source = callee.source
        if (
            len(callee.attrs) != 1
            or type(source) is not CallType
            or source.variant is not None
            or type(source.callee) is not GlobalRef
        ):
            return False
        made = index.resolve(source.callee)
        if made is None or made[0] != "class":
            return False
        method, receiver = callee.attrs[0], ValRef(source, ())
        parts = source.callee.name.split(".")
        prefixes = [".".join(parts[:cut]) for cut in range(1, len(parts))]
    else:
        return False
    if method in properties or method in words().parts:
        return False
    for prefix in prefixes:
        value = index.resolve(GlobalRef(prefix))
        if value is None or value[0] != "module":
            return False
    value = index.resolve(receiver)
    if value is None or value[0] != "inst" or value[1] is None or value[1][0] != "class":
        return False
    target = index.callee_function(site)
    if target is None or target.name != method or target.class_qualname is None:
        return False
    chain = _plain_hierarchy(
        index,
        str(value[1][1]),
        lambda cls: (
            "__getattr__" in cls.methods
            or "__getattribute__" in cls.methods
            or method in cls.class_vars
            or method in cls.attributes
            or method in cls.properties
        ),
    )
    if chain is None or target.class_qualname not in chain:
        return False
    classifier = context.blocking
    names = {target.qualname, *([callee.name] if type(callee) is GlobalRef else [])}
    if classifier.call_blocks(index, site) is not None or any(
        classifier.entry_for(name) is not None or classifier.is_async_safe(name) for name in names
    ):
        return False
    config = context.config
    configured = (*config.lock_order, *config.loop_methods, *config.loop_decorators)
    return not any(
        name.startswith(entry.rstrip("*"))
        for entry in configured
        if entry.strip("*")
        for name in names
    )


#: Classes outside the project that a mute class may derive from: building one runs no code
#: a rule looks at.
PLAIN_BASES = frozenset(
    {
        "object",
        "Exception",
        "BaseException",
        "ArithmeticError",
        "AttributeError",
        "IndexError",
        "KeyError",
        "LookupError",
        "NotImplementedError",
        "OSError",
        "RuntimeError",
        "TypeError",
        "ValueError",
    }
)


#: What a ``logging.Logger`` is called for (a record, handed to its handlers).
LOG_METHODS = ("debug", "info", "warning", "error", "exception", "critical", "log")


#: Library functions a call of which no project rule reads, beyond the call site itself: each
#: answers at once (a clock, arithmetic, a log record: logging's handlers are the accepted
#: exception everywhere, the catalogue lists none of them), holds no lock a rule sees, runs no
#: code of the program's and starts nothing. They live in modules the dependency analysis does
#: not follow (built into the interpreter, or ``logging``), and no project rule names them:
#: ``test_incremental.py`` fails when a string of the linter's source (a rule's name list, a
#: catalogue entry) names one, its last part or its module, but for the uses it reviewed.
INERT_LIBRARY_CALLS = frozenset(
    [
        *(
            f"time.{name}"
            for name in (
                "time time_ns monotonic monotonic_ns perf_counter perf_counter_ns process_time "
                "process_time_ns thread_time thread_time_ns gmtime localtime mktime strftime "
                "ctime asctime"
            ).split()
        ),
        *(
            f"math.{name}"
            for name in (
                "floor ceil sqrt isclose isfinite isnan isinf fabs fsum gcd trunc copysign hypot "
                "exp log log2 log10 sin cos tan atan2 radians degrees prod comb factorial modf"
            ).split()
        ),
        *(f"logging.{name}" for name in LOG_METHODS),
        "builtins.print",
    ]
)


def inert_library_call(context: ProjectContext, site: CallSite) -> bool:
    """Whether ``site`` calls one of :data:`INERT_LIBRARY_CALLS` by name (``time.monotonic()``,
    ``_time()`` imported as such, ``logging.info(...)``), or a log method of a module variable
    bound to ``logging.getLogger(...)`` (``logger.debug(...)``), not awaited.

    Such a call adds no edge to the call graph and nothing to what its caller's callers read
    (the catalogue has no entry for it, the project's ``blocking-calls`` none either, the
    dependency analysis cannot follow it, no rule singles it out by name), so, like a call of a
    mute project function, it changes no finding outside its own function.
    """
    callee = site.callee
    if type(callee) is not GlobalRef or site.awaited:
        return False
    index = context.index
    value = index.callee(site)
    if value is not None:
        if value[0] != "ext" or str(value[1]) not in INERT_LIBRARY_CALLS:
            return False
        name = str(value[1])
    elif not _logger_call(index, callee):
        return False
    else:
        name = callee.name
    classifier = context.blocking
    if (
        classifier.entry_for(name) is not None
        or classifier.entry_for(callee.name) is not None
        or classifier.call_blocks(index, site) is not None
    ):
        return False
    config = context.config
    configured = (*config.lock_order, *config.loop_methods, *config.loop_decorators)
    if any(name.startswith(entry.rstrip("*")) for entry in configured if entry.strip("*")):
        return False
    # Not followed (a ``time.py`` of its own on the interpreter's path would be).
    return value is None or not _followable(config, name)


def _logger_call(index: ProjectIndex, callee: GlobalRef) -> bool:
    """Whether ``callee`` is ``module.VAR.method`` with ``VAR`` a variable of a project module
    bound to ``logging.getLogger(...)`` and ``method`` one of :data:`LOG_METHODS`."""
    head, _, method = callee.name.rpartition(".")
    module, _, variable = head.rpartition(".")
    facts = index.modules.get(module)
    if method not in LOG_METHODS or facts is None:
        return False
    symbol = facts.symbols.get(variable)
    if symbol is None or symbol[0] != "var":
        return False
    made = symbol[1]
    return (
        type(made) is CallType
        and type(made.callee) is GlobalRef
        and made.callee.name == "logging.getLogger"
    )


#: Pure standard-library functions a call of which no project rule reads, but whose source the
#: dependency analysis may follow (path and text helpers, serialisation, clocks): a call of one
#: is mute when that analysis, following it with its arguments, finds no blocking call below
#: (:func:`no_dependency_chain`). ``test_incremental.py`` scans the linter's strings for them
#: as for :data:`INERT_LIBRARY_CALLS`.
FOLLOWED_LIBRARY_CALLS = frozenset(
    [
        *(f"os.path.{name}" for name in ("join", "basename", "dirname", "splitext", "normpath")),
        "json.dumps",
        "json.loads",
        *(
            f"re.{name}"
            for name in ("compile", "match", "search", "fullmatch", "sub", "findall", "split")
        ),
        "re.escape",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.date.today",
        "textwrap.dedent",
    ]
)


def followed_library_call(context: ProjectContext, site: CallSite) -> bool:
    """Whether ``site`` calls one of :data:`FOLLOWED_LIBRARY_CALLS` by name, not awaited, with no
    catalogue or configured entry for it: mute if the dependency analysis finds it blocks
    nowhere (checked by :func:`local_run` with :func:`no_dependency_chain`)."""
    callee = site.callee
    if type(callee) is not GlobalRef or site.awaited:
        return False
    value = context.index.callee(site)
    if value is None or value[0] != "ext" or str(value[1]) not in FOLLOWED_LIBRARY_CALLS:
        return False
    name = str(value[1])
    classifier = context.blocking
    if (
        classifier.entry_for(name) is not None
        or classifier.entry_for(callee.name) is not None
        or classifier.is_async_safe(name)
        or classifier.call_blocks(context.index, site) is not None
    ):
        return False
    config = context.config
    configured = (*config.lock_order, *config.loop_methods, *config.loop_decorators)
    return not any(name.startswith(entry.rstrip("*")) for entry in configured if entry.strip("*"))


#: Words of the linter's strings that name a module without singling out a call of one of its
#: functions in the project stage: each ``(word, file)`` pair was read. The catalogue's files
#: (``_files.py``, ``_processes.py``, ``_waits.py``) name modules to build full entry names
#: (``os.read``, ``shutil.copy``) and the runtime's wrappers of them (``threading``,
#: ``Event.wait``), which the classifier is asked about; ``types.py`` lists the modules every
#: interpreter has loaded (for an ``import``); ``extract.py``, ``listings.py``,
#: ``statefacts.py`` and ``statewalk.py`` read syntax while a file is extracted
#: (``sys.version_info``, ``itertools.chain(...)``, ``x.copy()``), so a change there is a change
#: of the file's facts; ``syntax.py`` names grammar types (``string``,
#: ``operator``), ``cli.py`` and ``__init__.py`` the ``json`` format, and ``unguarded_write.py``
#: says "by the time" in a message.
REVIEWED_MODULE_WORDS: dict[str, frozenset[str]] = {
    "os": frozenset({"_files.py", "_processes.py", "types.py"}),
    "os.": frozenset({"_files.py", "_processes.py"}),
    "os.path": frozenset({"types.py"}),
    "os.path.": frozenset({"_files.py"}),
    "sys": frozenset({"extract.py", "types.py"}),
    "time": frozenset({"_waits.py", "types.py", "unguarded_write.py"}),
    "threading": frozenset({"_waits.py"}),
    "itertools": frozenset({"listings.py", "types.py"}),
    "errno": frozenset({"types.py"}),
    "json": frozenset({"__init__.py", "cli.py"}),
    "copy": frozenset({"_files.py", "statefacts.py", "statewalk.py"}),
    "string": frozenset({"syntax.py"}),
    "operator": frozenset({"syntax.py"}),
}

#: Identifiers of the linter's strings that no rule compares with a part of a called name:
#: each string that holds one was read, and the number of them in each file is recorded.
#: ``_processes.py`` types the attributes ``stdout``, ``stderr`` and ``stdin`` of a
#: ``subprocess.Popen`` instance (``PIPE_ATTRIBUTES``, which ``types.ATTRIBUTES`` holds, looked
#: up by the instance's class and the attribute, never by the attribute alone: ``sys.stderr``
#: is no such instance); ``blocking.py`` compares them with the names of a call the catalogue
#: already filed under a pipe's class (``_pipe_owner``: which child's pipes a call is on, to
#: group them); ``_advice.py`` says ``stdout=PIPE`` in the pipes' advice, and ``cli.py``
#: "instead of stdout" in a help text.
#:
#: ``seek`` and ``tell``: ``_processes.py`` lists them among the methods of a child's pipe
#: that return at once (``PIPE_CLASSES``), which the classifier reaches only after the pipe
#: class's name (``io.BufferedReader<pipe>.seek``), never by the method's name alone.
#:
#: ``write``: the catalogue spells full names with it, ``os.write`` and
#: ``ssl.SSLSocket.write`` (``_files.py``, ``_network.py``; with the runtime's ``Wrapped``
#: of ``os.write``, which the linter does not read): the classifier is asked about a call's
#: written and resolved names, so ``f.write()`` on a file or TLS socket the index can type
#: blocks there (the ``io`` file classes are listed whole, ``io.TextIOWrapper.*``), and a
#: method of an object it cannot type matches no entry, in the small project as in the
#: whole one. ``extract.py``, ``statefacts.py``, ``statewalk.py``, ``guards.py``,
#: ``unguarded_read.py`` and ``unguarded_write.py`` compare it with the kind of a state
#: access (``access.kind == "write"``: an assignment of state, recorded while a file is
#: extracted, never a call), ``unguarded_write.py`` also as the key of a message's verb; the
#: declared names of three rules hold it (``file-read-write``, ``unguarded-write``,
#: ``unguarded-single-write``) and ``cli.py`` says it in two help texts and an error.
#:
#: Such an identifier is left out of :attr:`RuleWords.parts` only while no file holds it in
#: more strings than counted here (a new string, a new use, brings it back until it is read).
REVIEWED_PARTS: dict[str, dict[str, int]] = {
    "stdout": {"_processes.py": 1, "blocking.py": 1, "_advice.py": 1, "cli.py": 1},
    "stderr": {"_processes.py": 1, "blocking.py": 1},
    "stdin": {"_processes.py": 1, "blocking.py": 1},
    "seek": {"_processes.py": 1},
    "tell": {"_processes.py": 1},
    "write": {
        "_files.py": 2,
        "_network.py": 1,
        "extract.py": 5,
        "statefacts.py": 1,
        "statewalk.py": 2,
        "guards.py": 11,
        "unguarded_read.py": 1,
        "unguarded_write.py": 4,
        "file_read_write.py": 1,
        "unguarded_single_write.py": 1,
        "cli.py": 3,
    },
}

#: Class attributes of a rule that hold its examples (``VALID`` code, ``INVALID`` code with the
#: message expected): read only to describe the rule (``docs.py``) and by the tests.
_EXAMPLES = frozenset({"VALID", "INVALID"})


@dataclass(frozen=True, slots=True)
class RuleWords:
    """The words of every string in the linter's source (but this module's): how a rule would
    single out a library function by name (``"os.fork"``, ``"join"``, ``"asyncio."``).

    ``words`` maps each whitespace-separated word of a string made only of dotted names to the
    files that hold it; ``parts`` is every identifier in any string (messages too), a superset
    of the parts a rule can compare a name with (the method of a call through an object,
    ``x.join()``, included), but for the reviewed ones of :data:`REVIEWED_PARTS`. Docstrings
    and the rules' examples (``VALID``, ``INVALID``) are left out: the linter reads them only
    to describe its rules; so are the modules of file rules alone (:func:`file_rule_modules`),
    whose findings are rebuilt with the edited file.
    """

    words: dict[str, frozenset[str]]
    parts: frozenset[str]


_WORD = re.compile(r"[A-Za-z_][\w.]*\*?")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def read_rule_words() -> RuleWords:
    """:class:`RuleWords` of the linter and the blocking-call catalogue, read from their source
    (0.4 s: :func:`rule_words` keeps them per process, the cache per linter version)."""
    package = Path(__file__).resolve().parents[1]
    words: dict[str, set[str]] = {}
    parts: dict[str, dict[str, int]] = {}  # identifier -> file -> strings holding it
    paths = [*(package / "lint").rglob("*.py"), *(package / "catalogue").rglob("*.py")]
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(paths)}
    file_rules = file_rule_modules(package / "lint" / "rules", trees)
    for path, tree in trees.items():
        if path.name == "incremental.py" and path.parent.name == "lint":
            continue  # the lists of this module, and its own words
        if path in file_rules:
            continue  # read only while its own file is walked: rebuilt with the edited file
        for text in strings_read(tree):
            for part in set(_IDENTIFIER.findall(text)):
                held = parts.setdefault(part, {})
                held[path.name] = held.get(path.name, 0) + 1
            split = text.split()
            if split and all(_WORD.fullmatch(word) for word in split):
                for word in split:
                    words.setdefault(word, set()).add(path.name)
    return RuleWords(
        {word: frozenset(files) for word, files in words.items()},
        frozenset(part for part, held in parts.items() if not _reviewed(part, held)),
    )


def _reviewed(part: str, held: Mapping[str, int]) -> bool:
    """Whether every string of the linter that holds the identifier ``part`` (``held``: how
    many in each file) is one :data:`REVIEWED_PARTS` counts."""
    reviewed = REVIEWED_PARTS.get(part)
    return reviewed is not None and all(
        count <= reviewed.get(name, 0) for name, count in held.items()
    )


def strings_read(tree: ast.Module) -> Iterator[str]:
    """Every string constant of ``tree`` but those that only describe the linter
    (:func:`_descriptions`)."""
    left_out = _descriptions(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in left_out
        ):
            yield node.value


def _descriptions(tree: ast.Module) -> set[int]:
    """The ``id`` of every string of ``tree`` that only describes the linter: docstrings, and
    the strings of a class's examples (``VALID = [...]``, ``INVALID = [Invalid(...)]``)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.body and isinstance(node.body[0], ast.Expr):
            found.add(id(node.body[0].value))
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if isinstance(item, ast.Assign | ast.AnnAssign) and item.value is not None:
                targets = item.targets if isinstance(item, ast.Assign) else [item.target]
                if any(isinstance(t, ast.Name) and t.id in _EXAMPLES for t in targets):
                    found.update(id(inner) for inner in ast.walk(item.value))
    return found


#: What a file rule's class may define besides ``visit_<NodeType>`` methods and private names:
#: its declarations, which the engine reads to register, select and describe it.
_FILE_RULE_DECLARATIONS = frozenset({"code", "name", "fixable", "opt_in", "VALID", "INVALID"})


def _defined_names(cls: ast.ClassDef) -> Iterator[str]:
    for item in cls.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield item.name
        elif isinstance(item, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            for target in targets:
                yield target.id if isinstance(target, ast.Name) else ""
        elif not isinstance(item, ast.Expr | ast.Pass):
            yield ""  # anything else is not known to be local to the rule


def _only_file_rules(tree: ast.Module) -> bool:
    """Whether every class of ``tree`` that derives from a class is a direct ``FileRule``
    subclass that defines only ``visit_*`` methods, private names and its declarations (it
    declares no blocking call, ``configured_blocking``), and there is one."""
    derived = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.bases]
    return bool(derived) and all(
        [ast.unparse(base) for base in cls.bases] == ["FileRule"]
        and not cls.keywords
        and all(
            name.startswith(("visit_", "_")) or name in _FILE_RULE_DECLARATIONS
            for name in _defined_names(cls)
        )
        for cls in derived
    )


def file_rule_modules(rules: Path, trees: Mapping[Path, ast.Module]) -> frozenset[Path]:
    """The modules of the rules package ``rules`` (parsed in ``trees``, with the rest of the
    linter) whose strings only file rules read: their classes are file rules
    (:func:`_only_file_rules`), and no module imports anything of theirs but the package's
    ``__init__.py``, and from it only classes.

    A file rule reads only the file it walks, and its findings are rebuilt with that file, so a
    call it singles out by name changes nothing of the project stage.
    """
    candidates: dict[str, Path] = {}
    classes: dict[str, set[str]] = {}
    for path, tree in trees.items():
        if path.parent == rules and path.name != "__init__.py" and _only_file_rules(tree):
            name = f"admf_tsan.lint.rules.{path.stem}"
            candidates[name] = path
            classes[name] = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    root = rules.parents[2]  # the directory holding the ``admf_tsan`` package
    for path, tree in trees.items():
        package = path.relative_to(root).parts[:-1]  # what a relative import starts from
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    candidates.pop(alias.name, None)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    module = ".".join([*base, *([module] if module else [])])
                for alias in node.names:
                    for name in (module, f"{module}.{alias.name}"):
                        if name in candidates and not (
                            name == module
                            and path == rules / "__init__.py"
                            and alias.name in classes[name]
                        ):
                            del candidates[name]
    return frozenset(candidates.values())


_RULE_WORDS: list[RuleWords] = []


def rule_words() -> RuleWords:
    """:func:`read_rule_words`, read once per process."""
    if not _RULE_WORDS:
        _RULE_WORDS.append(read_rule_words())
    return _RULE_WORDS[0]


def singled_out(name: str, words: RuleWords) -> bool:
    """Whether a string of the linter may single out the library function ``name``: one of its
    parts after the first (its last name, the attribute a rule compares) is an identifier in
    some string, or the name, or one of its module prefixes (``os``, ``os.``, ``os.*``), is a
    word of one (but for :data:`REVIEWED_MODULE_WORDS`)."""
    parts = name.split(".")
    if any(part in words.parts for part in parts[1:] or parts):
        return True
    if name in words.words:
        return True
    for cut in range(1, len(parts)):
        prefix = ".".join(parts[:cut])
        for word in (prefix, prefix + ".", prefix + ".*"):
            files = words.words.get(word)
            if files and not files <= REVIEWED_MODULE_WORDS.get(word, frozenset()):
                return True
    return False


def plain_library_call(
    context: ProjectContext, site: CallSite, words: Callable[[], RuleWords]
) -> bool:
    """Whether ``site`` calls a library function (or a name the index cannot resolve, such as
    ``os.getpid`` when ``os`` is a project module whose star import is the interpreter's), not
    awaited, that no rule singles out: by name (``zlib.crc32()``) or through an object that is
    none of the project's (``sys.stderr.flush()``, ``conn.ping()`` on a local of a library
    class or of a type the index cannot tell: :func:`_library_receivers`).

    Such a call adds no edge to the call graph (it runs no project function, as far as the
    analysis can tell, and the full stage tells no more), nothing a caller reads: the catalogue
    and the project's ``blocking-calls`` say it does not block, no configured name matches it,
    and no string of the linter names it, its module or a part of it after the first, the
    method called through an object included (:func:`singled_out`: the rules that look at
    library calls by name or method, thread and task APIs, ``join()``, ``result()``,
    ``fork()``, lock methods, queue and file methods, do so with a string). No rule reads the
    objects it goes through: each is a module, a library object or nothing the index knows,
    never a project instance, class or function (whose properties a read runs, or whose
    attributes guard inference counts). What the dependency analysis finds below it is checked
    as for :func:`followed_library_call` (:func:`library_call` tells which calls it may follow).
    """
    callee = site.callee
    if type(callee) not in (GlobalRef, ValRef) or site.awaited:
        return False
    index = context.index
    value = index.callee(site)
    if value is not None and value[0] != "ext":
        return False
    if type(callee) is GlobalRef and callee.name in index.classes:
        return False  # a class defined in a function: the dependency analysis runs its base
    if not _library_receivers(index, callee):
        return False
    names: set[str] = set()
    if isinstance(callee, GlobalRef):
        names.add(callee.name)
    elif not callee.attrs or any(attr in words().parts for attr in callee.attrs):
        return False  # the methods and attributes of an object, as for a name's parts
    if value is not None:
        names.add(str(value[1]))
    classifier = context.blocking
    if classifier.call_blocks(index, site) is not None or any(
        classifier.entry_for(name) is not None or classifier.is_async_safe(name) for name in names
    ):
        return False
    config = context.config
    configured = (*config.lock_order, *config.loop_methods, *config.loop_decorators)
    if any(
        name.startswith(entry.rstrip("*"))
        for entry in configured
        if entry.strip("*")
        for name in names
    ):
        return False
    found = words()
    return not any(singled_out(name, found) for name in names)


def _library_receivers(index: ProjectIndex, ref: Ref, depth: int = 0) -> bool:
    """Whether every object ``ref`` goes through is a module, a library object or nothing the
    index knows (``None``): each prefix of a dotted name (``sys``, ``sys.stderr`` for
    ``sys.stderr.flush``) or of a value's attributes (the local itself, then each attribute),
    and, for a value, whatever it was made from (the callee of the call that made it, the
    reference it aliases, the container it came out of), as guard inference reads them for
    property reads (``x = store.conn; x.ping()`` reads the property ``conn`` of a project
    instance). A reference rooted at ``self``, ``cls`` or ``super()`` is the project's object."""
    if depth > 8:
        return False
    prefixes: list[Ref]
    if type(ref) is GlobalRef:
        parts = ref.name.split(".")
        prefixes = [GlobalRef(".".join(parts[:cut])) for cut in range(1, len(parts))]
    elif type(ref) is ValRef:
        prefixes = [ValRef(ref.source, ref.attrs[:cut]) for cut in range(len(ref.attrs))]
    else:
        return False
    for prefix in prefixes:
        value = index.resolve(prefix)
        if value is None or value[0] in ("module", "ext"):
            continue
        if value[0] == "inst" and value[1] is not None and value[1][0] == "ext":
            continue
        return False
    if type(ref) is ValRef:
        source = ref.source
        inner: Ref | None = None
        if isinstance(source, CallType | AwaitedType):
            inner = source.callee
        elif isinstance(source, SameAs):
            inner = source.ref
        elif isinstance(source, ElementOf):
            inner = source.container
        if inner is not None and not _library_receivers(index, inner, depth + 1):
            return False
    return True


def library_call(
    context: ProjectContext, site: CallSite, words: Callable[[], RuleWords]
) -> Literal["inert", "followed"] | None:
    """How a call of a library function changes nothing outside its own function: ``"inert"``
    when the dependency analysis cannot follow it (:func:`inert_library_call`, or a
    :func:`plain_library_call` of a name it does not read), ``"followed"`` when it can, and
    must then find nothing below (:func:`followed_library_call`, or a plain call of a library
    name it finds on the interpreter's path; :func:`local_run` checks); ``None`` for any other
    call."""
    if inert_library_call(context, site):
        return "inert"
    if followed_library_call(context, site):
        return "followed"
    if not plain_library_call(context, site, words):
        return None
    value = context.index.callee(site)
    if value is not None and _followable(context.config, str(value[1])):
        return "followed"
    return "inert"


def no_dependency_chain(
    modules: Sequence[ModuleFacts],
    config: LintConfig,
    module: str,
    sites: Sequence[tuple[str, CallSite]],
    *,
    gone: bool = False,
) -> bool:
    """Whether the dependency analysis, following each of ``sites`` (``(function qualname,
    site)`` of ``module`` in the project of ``modules``) into the library with its arguments,
    finds no blocking call below it, definite or possible, and has nothing to note.

    Its answer for a call depends on the callee, the call's node (its arguments, read from the
    file as it is now) and nothing of the project: the functions holding the sites are made
    coroutines here, so that the analysis follows every call they make, as it does for a
    function on the loop's side. The calls of an edit's old facts (``gone``) are no longer in
    the file: their nodes are taken as unknown (the module is given a path no file has), every
    argument unknown, so a branch an argument would have decided is explored both ways, and a
    call with no chain then has none with its arguments either.
    """
    if not config.follow_dependencies or not sites:
        return True
    owners = {qualname for qualname, _ in sites}
    probed = []
    for facts in modules:
        if facts.module == module:
            functions = tuple(
                replace(fn, is_async=True) if fn.qualname in owners else fn
                for fn in facts.functions
            )
            path = facts.path + "\0" if gone else facts.path  # a NUL: no file can be opened
            facts = replace(facts, functions=functions, path=path)
        probed.append(facts)
    # The context of a project run, without its rules: the classifier must be the run's (the
    # catalogue entries of every rule), as the analysis's answers are cached under the
    # configuration alone.
    classifier = blocking_classifier(config, ALL_RULES)
    index = ProjectIndex(probed, external=classifier.patterns())
    context = ProjectContext(index, CallGraph(index), classifier, config)
    with contextlib.redirect_stderr(io.StringIO()):
        found = context.fact(DependencyBlocking)
    if found.notes:
        return False  # a package it could not read, an exhausted budget: no answer
    wanted = {(site.line, site.column) for _, site in sites}
    return not any((f.site.line, f.site.column) in wanted for f in found.findings)


def _runs_mute_code(index: ProjectIndex, site: CallSite) -> bool:
    """Whether ``site`` runs a project function: one by name, or the ``__init__`` of a project
    class whose every base is a project class or in :data:`PLAIN_BASES` and none of which
    defines ``__new__`` (the functions themselves are checked by the caller); or the
    ``__init__`` of a plain base itself."""
    value = index.callee(site)
    if value is not None and value[0] == "ext":
        # ``ValueError.__init__(self, message)``, ``super().__init__(message)`` in an exception.
        owner, _, method = str(value[1]).removeprefix("builtins.").rpartition(".")
        return method == "__init__" and owner in PLAIN_BASES
    if value is None or value[0] not in ("func", "class"):
        return False
    if index.callee_function(site) is None:
        return False
    if value[0] == "func":
        return True
    return _plain_hierarchy(index, str(value[1]), lambda cls: "__new__" in cls.methods) is not None


def _plain_hierarchy(
    index: ProjectIndex, qualname: str, refused: Callable[[ClassFacts], bool]
) -> set[str] | None:
    """The project class ``qualname`` and its project ancestors, when every base on the way is
    a project class or one of :data:`PLAIN_BASES` and no class is ``refused``; else None."""
    chain: set[str] = set()
    pending = [qualname]
    while pending:
        name = pending.pop()
        if name in chain:
            continue
        chain.add(name)
        cls = index.classes.get(name)
        if cls is None or refused(cls):
            return None
        for base_ref in cls.bases:
            base = index.resolve(base_ref)
            if base is None:
                return None
            if base[0] == "class":
                pending.append(str(base[1]))
            elif base[0] != "ext" or str(base[1]).removeprefix("builtins.") not in PLAIN_BASES:
                return None
    return chain


def local_run(
    edit: LocalEdit,
    old: ModuleFacts,
    modules: Sequence[ModuleFacts],
    config: LintConfig,
    named_elsewhere: Callable[[str], bool],
    words: Callable[[], RuleWords] | None = None,
    properties: Collection[str] | None = None,
) -> list[tuple[str, CallSite]] | None:
    """Whether the edit's call sites are mute (:func:`mute_sites`, in the project of ``modules``
    as it is now for the added ones, as it was for the removed ones), and the project rules,
    run over ``modules`` before and after the edit, find the same (old findings at their moved
    lines): a check of the argument of :func:`mute_sites` on the part of the project the edit
    reaches. ``None`` when not; else the library calls the dependency analysis may follow that
    the edit put in (:func:`library_call`), whose nodes the snapshot must now hold (the
    dependency analysis reads them where their function runs on the loop's side, which this
    part of the project cannot tell).

    The two runs leave the dependency analysis out (it outlines the source of every call from
    a coroutine of these modules, most of their cost): it reads a changed call only when it
    follows it into a library, and those calls are checked here one by one
    (:func:`no_dependency_chain`); a mute call is no edge of the chains it follows, and the
    nodes of the others are compared where they moved (:func:`shift_read`)."""
    words = words or rule_words
    quiet = replace(config, follow_dependencies=False)
    # The call sites are asked about first, in the index and call graph alone: an edit that
    # adds a call of a function that is not mute (the common way out) costs no rule run.
    with contextlib.redirect_stderr(io.StringIO()):
        run = project_context(modules, quiet)
        context = ProjectContext(run.index, run.graph, run.blocking, config)
        if not mute_sites(context, edit.added, named_elsewhere, words, properties):
            return None
        previous = [old if m.module == edit.module else m for m in modules]
        old_run = project_context(previous, quiet)
        old_context = ProjectContext(old_run.index, old_run.graph, old_run.blocking, config)
        if not mute_sites(old_context, edit.removed, named_elsewhere, words, properties):
            return None
    for qualname, was, now in edit.relit:
        if not (
            mute_sites(old_context, [(qualname, was)], named_elsewhere, words, properties)
            and mute_sites(context, [(qualname, now)], named_elsewhere, words, properties)
        ) and not literals_blind(old_context, context, qualname, was, now):
            return None

    def followed_by(context: ProjectContext, site: CallSite) -> bool:
        return library_call(context, site, words) == "followed"

    # A followed library call added (or given other literals) must block nowhere below, and
    # one removed must have blocked nowhere (with its arguments unknown).
    followed = [item for item in edit.added if followed_by(context, item[1])]
    followed.extend((qualname, now) for qualname, _, now in edit.relit if followed_by(context, now))
    if not no_dependency_chain(modules, config, edit.module, followed):
        return None
    gone = [item for item in edit.removed if followed_by(old_context, item[1])]
    gone.extend((qualname, was) for qualname, was, _ in edit.relit if followed_by(old_context, was))
    if not no_dependency_chain(previous, config, edit.module, gone, gone=True):
        return None
    with contextlib.redirect_stderr(io.StringIO()):
        after, _ = run_project_rules(modules, quiet, context=run)
        before, _ = run_project_rules(previous, quiet, context=old_run)
    shifted = shift_findings(before, edit)
    if shifted is None or sorted(shifted) != sorted(after):
        return None
    return followed


def literals_blind(
    old_context: ProjectContext,
    context: ProjectContext,
    qualname: str,
    was: CallSite,
    now: CallSite,
) -> bool:
    """Whether the literal arguments of a call (``was`` before the edit, ``now`` after it, in
    function ``qualname``) change nothing outside its own function.

    Literal arguments (``constants``) are read by the catalogue (``q.get(block=False)``,
    ``time.sleep(0)``: :meth:`BlockingClassifier.call_blocks`), by the lock model at an
    ``acquire()`` (``acquire(timeout=1)`` cannot deadlock), and by the chains through project
    functions (a parameter test decided by the argument); the dependency analysis reads the
    call's node, which :func:`shift_read` compares where it read one. So they change nothing
    when the call runs no project function, is not an ``acquire()`` the lock model reads, and
    blocks in the same way (the same catalogue entry and name, or not at all) before and after.
    """
    index, old_index = context.index, old_context.index
    if index.callee_function(now) is not None or old_index.callee_function(was) is not None:
        return False
    if index.callee(now) != old_index.callee(was):
        return False
    fn = index.functions.get(qualname)
    if fn is None or any(
        (taken.line, taken.column) == (now.line, now.column) for taken in fn.acquisitions
    ):
        return False
    before = old_context.blocking.call_blocks(old_index, was)
    after = context.blocking.call_blocks(index, now)
    if before is None or after is None:
        return before is after
    return (before.entry, before.name) == (after.entry, after.name)


_NUMBER = re.compile(r"\d+")


def shift_findings(findings: Iterable[Finding], edit: LocalEdit) -> list[Finding] | None:
    """``findings`` (of the facts before ``edit``) at the lines the edit moved their facts to,
    or ``None`` when one of them cannot be moved soundly.

    Positions in the edited file (the finding's, its related locations', its fix's) are moved
    by the edit's line map; one on a line the old facts do not hold cannot be. Texts (message,
    notes) name lines as bare numbers. A project rule names a line only where it also gives the
    location, as the finding's own position or a related one (``test_incremental.py`` checks
    this on every fixture), and it reads no source but call arguments, so a line it names is
    a fact's. So a number that is a moved line of the edited file's old facts is moved with it
    when the only locations of that line are in the edited file, left alone when they are all
    in other files, and makes the finding unmovable otherwise (none, or both).
    """
    lines, path = edit.lines, edit.path
    suspect = edit.moved
    shifted: list[Finding] = []
    renumbered: set[tuple[str, int]] = set()
    for finding in findings:
        texts = [finding.message, *(related.message for related in finding.related)]
        renumber: dict[str, str] = {}
        for text in texts:
            for match in _NUMBER.finditer(text):
                number = int(match.group())
                if number not in suspect:
                    continue
                places = {(finding.path, finding.line), (finding.path, finding.end_line)}
                places.update((item.path, item.line) for item in finding.related)
                here = (path, number) in places
                elsewhere = any(line == number and where != path for where, line in places)
                if here == elsewhere or (here and number not in lines):
                    return None
                if here:
                    start, end = match.span()
                    if text[start - 1 : start].isalnum() or text[end : end + 1].isalnum():
                        return None
                    renumber[match.group()] = str(lines[number])
        if renumber:
            moved_to = lines.get(finding.line, 0) if finding.path == path else finding.line
            renumbered.add((finding.path, moved_to))
            finding = replace(
                finding,
                message=_renumber(finding.message, renumber),
                related=tuple(
                    replace(item, message=_renumber(item.message, renumber))
                    for item in finding.related
                ),
            )
        related = []
        for item in finding.related:
            if item.path == path:
                if item.line not in lines:
                    return None
                item = replace(item, line=lines[item.line])
            related.append(item)
        if finding.path != path:
            shifted.append(replace(finding, related=tuple(related)))
            continue
        span = _moved_span(
            (finding.line, finding.column, finding.end_line, finding.end_column), edit
        )
        if span is None:
            return None
        fix = finding.fix
        if fix is not None:
            edits = []
            for change in fix.edits:
                moved = _moved_span(
                    (change.line, change.column, change.end_line, change.end_column), edit
                )
                if moved is None:
                    return None
                line, column, end_line, end_column = moved
                edits.append(
                    replace(
                        change,
                        line=line,
                        column=column,
                        end_line=end_line,
                        end_column=end_column,
                    )
                )
            fix = replace(fix, edits=tuple(edits))
        line, column, end_line, end_column = span
        shifted.append(
            replace(
                finding,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                related=tuple(related),
                fix=fix,
            )
        )
    # Of two findings of one code at one position the first is kept: which is first may follow
    # their messages' order, which a moved number can change.
    positions = [(f.path, f.line, f.column, f.code) for f in shifted]
    if renumbered and len(set(positions)) != len(positions):
        twice = {key for key in positions if positions.count(key) > 1}
        if any(key[:2] in renumbered for key in twice):
            return None
    return shifted


def _moved_span(
    span: tuple[int, int, int, int], edit: LocalEdit
) -> tuple[int, int, int, int] | None:
    """Where ``span`` (of the edited file, before the edit) is now, or ``None`` when that is not
    known: a line the old facts do not hold, or an end at the end of a call whose arguments
    changed where the span does not start with that call. An end line of 0 means none."""
    line, column, end_line, end_column = span
    lines = edit.lines
    if line not in lines or (end_line and end_line not in lines):
        return None
    if edit.ends:
        now = edit.ends.get(span)
        if now is not None:
            return now
        if any(end_line == old[2] and end_column == old[3] for old in edit.ends):
            return None
    return lines[line], column, lines[end_line] if end_line else 0, end_column


def _renumber(text: str, numbers: Mapping[str, str]) -> str:
    return _NUMBER.sub(lambda match: numbers.get(match.group(), match.group()), text)


def shift_read(root: str, new: ModuleFacts, read: SourceRead, edit: LocalEdit) -> SourceRead | None:
    """What the dependency analysis read of the edited file, at the moved positions, if it reads
    there the same call nodes as before, but for the positions they hold (else ``None``)."""
    moved: dict[tuple[int, int, int, int], tuple[int, int, int, int]] = {}
    known = sorted(edit.lines)
    unplaced: list[tuple[int, int, int, int]] = []
    # A call the edit removed is read no more: its node is left out (it decided nothing, as
    # local_run checks: a mute or inert call, or a followed one that blocks nowhere below).
    gone = {_span_of(site) for _, site in edit.removed}
    if gone.intersection(read.positions) and not read.nodes:
        return None  # only a digest of them all: that one cannot be taken out
    for position in read.positions:
        if position in gone:
            continue
        now = _moved_span(position, edit)
        if now is None:
            # A call the facts do not record (``len(x)``, an unknown name) read with its
            # function: placed by the nearest lines the facts hold, then checked like the
            # others by its node (a wrong guess finds another node, or none: the full stage).
            line, column, end_line, end_column = position
            start, end = _near(line, known, edit.lines), _near(end_line, known, edit.lines)
            if start is None or end is None:
                unplaced.append(position)  # the lines around it moved apart: placed below
                continue
            now = (start, column, end, end_column)
        moved[position] = now
    if unplaced:
        # Placed among every call node of the file, so that "the one position" is the file's.
        found = project_call_nodes(root, new.path, new.module)
        if not _place(unplaced, found, known, edit, moved):
            return None
    else:
        nodes = ProjectCallNodes(root)
        wanted = set(moved.values())
        for fn in new.functions:
            for site in fn.calls:
                if (site.line, site.column, site.end_line, site.end_column) in wanted:
                    nodes.node(new, fn, site)
        found = nodes.read().get(new.path, {})
    wanted = set(moved.values())
    if not wanted.issubset(found):
        found = project_call_nodes(root, new.path, new.module)
        if not wanted.issubset(found):
            return None
    if not _same_nodes(read, {old: _rebased(found[now], old, now) for old, now in moved.items()}):
        return None
    return read_of({now: found[now] for now in moved.values()})
