"""Blocking chains through installed dependencies: the project fact behind ADMF125 and ADMF126.

From every coroutine of the project (and every function a configured marker says runs on the
event loop), calls into installed packages are followed into their source: the package's own
helpers, constructors (``Client(...)`` runs ``__init__``, ``super().__init__`` its bases), awaited
``async def`` methods, and pure-Python standard-library modules. Library modules are read lazily,
only when a reached call names them, with the project's own extractor, and cached per package
version (``store.py``). The leaves are the blocking-call catalogue.

A chain is *definite* when, with the values the analysis knows (literal arguments, parameter
defaults, passed down the chain), every path through the library reaches the blocking call; a
branch it cannot decide makes the chain *may block* (the opt-in ADMF126). See
docs/dependencies.md.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from admf_tsan.lint.analysis.callgraph import CallEdge, propagate
from admf_tsan.lint.analysis.facts import (
    CallSite,
    ClsRef,
    FunctionFacts,
    GlobalRef,
    ModuleFacts,
    SelfRef,
    SuperRef,
    ValRef,
)
from admf_tsan.lint.analysis.handoffs import off_the_loop
from admf_tsan.lint.analysis.index import ProjectIndex, Value
from admf_tsan.lint.blocking import BlockingClassifier
from admf_tsan.lint.deps._chains import DependencyChain, DependencyFinding, Link
from admf_tsan.lint.deps._library import LibraryBudget, LibraryIndex
from admf_tsan.lint.deps._loop_roots import loop_roots
from admf_tsan.lint.deps._project_calls import ProjectCallNodes, project_call_nodes
from admf_tsan.lint.deps._results import ResultCache
from admf_tsan.lint.deps.flow import Node, bind, walk
from admf_tsan.lint.deps.locate import Environment, InterpreterError, environment, installed_names
from admf_tsan.lint.deps.store import DependencyStore
from admf_tsan.lint.ftypes import LintConfig
from admf_tsan.lint.rule import ProjectContext

__all__ = [
    "DependencyBlocking",
    "DependencyChain",
    "DependencyFinding",
    "Link",
    "dependencies_key",
    "environment_key",
    "project_call_nodes",
    "skips_self",
]

#: Library modules read per run unless ``dependency-budget`` says otherwise.
DEFAULT_BUDGET = 400
#: Library function summaries computed per library module of the budget.
_SUMMARIES_PER_MODULE = 50
#: Library code not followed: asyncio is written for the loop (its sockets are non-blocking),
#: logging's handlers are the accepted exception everywhere, ``Thread.start`` waits only for
#: the new thread to begin running, and ``socket.socketpair()`` is one system call (its
#: pure-Python fallback, for platforms without one, connects to its own loopback listener).
NOT_FOLLOWED = ("asyncio.", "logging.", "threading.Thread.start", "socket.socketpair")
#: Library calls followed below one project call (deeper chains are not followed).
MAX_DEPTH = 40


def _init_of(index: ProjectIndex, value: Value) -> FunctionFacts | None:
    """The function a call of ``value`` runs: the function, or a class's ``__init__``."""
    if value is None:
        return None
    if value[0] == "func":
        return index.functions.get(value[1])
    if value[0] == "class":
        for ancestor in index.class_ancestors(value[1]):
            cls = index.classes.get(ancestor)
            if cls is None:
                return None
            if "__init__" in cls.methods:
                return index.functions.get(f"{ancestor}.__init__")
    return None


def skips_self(site: CallSite, index: ProjectIndex, target: FunctionFacts) -> bool:
    """Whether the call binds the callee's first parameter (``self``/``cls``) itself."""
    callee = site.callee
    if isinstance(callee, (SelfRef, SuperRef, ValRef)):
        return True
    if isinstance(callee, ClsRef):
        return bool(callee.attrs)
    value = index.resolve(callee)
    return value is not None and value[0] == "class"


def _version_tuple(version: str) -> tuple[int, ...] | None:
    """``"3.11.7"`` -> ``(3, 11, 7)``; None when the interpreter said something else."""
    parts = version.split(".")[:3]
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else None


class _Analysis:
    """One run's walk through the dependencies (memoised per function and argument values)."""

    def __init__(self, project: ProjectContext, env: Environment, budget: LibraryBudget) -> None:
        self.project = project
        self.classifier: BlockingClassifier = project.blocking
        self.notes: list[str] = []
        self.store = DependencyStore(python_version=_version_tuple(env.version))
        tops = frozenset(name.partition(".")[0] for name in project.index.modules)
        self.library = LibraryIndex(
            env, self.store, self.classifier.patterns(), tops, budget, self.notes
        )
        self.budget = budget
        self.results = ResultCache(
            self.store.directory, env, project.config.analysis_key(), self.library.loaded
        )
        self._memo: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[Any, Any]] = {}
        self._active: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        self._sites: dict[str, dict[tuple[int, int, int, int], CallSite]] = {}
        self._project_calls = ProjectCallNodes(project.config.root)

    # Names.

    def display(self, qualname: str) -> str:
        """``httpx._client.AsyncClient.__init__`` -> ``httpx.AsyncClient.__init__``."""
        module = self.library.function_module[qualname].module
        rest = qualname[len(module) :]
        public: list[str] = []
        for part in module.split("."):
            if public and part.startswith("_") and not part.startswith("__"):
                break  # private modules: the package re-exports what users call
            public.append(part)
        return ".".join(public) + rest

    # Library functions.

    def library_target(self, value: Value) -> FunctionFacts | None:
        """The library function that calling ``value`` runs (loading modules as needed)."""
        if value is not None and value[0] == "ext":
            classifier = self.classifier
            if classifier.entry_for(value[1]) is not None or classifier.is_opaque(value[1]):
                return None
            value = self.library.resolve(GlobalRef(value[1]))
        target = _init_of(self.library, value)
        if target is None or target.qualname.startswith(NOT_FOLLOWED):
            return None
        if self.classifier.is_opaque(target.qualname):
            return None  # a call of a rule that is off, reached from library code
        return target

    def reach(
        self, target: FunctionFacts, env: dict[str, Any]
    ) -> tuple[DependencyChain | None, DependencyChain | None]:
        """The chains from ``target`` run with parameter values ``env``: (definite, may)."""
        key = (target.qualname, tuple(sorted((k, repr(v)) for k, v in env.items())))
        if key in self._memo:
            return self._memo[key]
        outline = self.library.outlines.get(target.qualname)
        if key in self._active or outline is None or target.is_generator:
            return None, None
        if len(self._active) >= MAX_DEPTH:
            return None, None
        if not self.budget.take_summary():
            return None, None
        self._active.add(key)
        try:
            result = walk(
                outline.body,
                dict(env),
                lambda node, values: self._library_call(target, node, values),
            )
        finally:
            self._active.discard(key)
        answer = (result.definite, result.may)
        self._memo[key] = answer
        return answer

    def _library_call(
        self, caller: FunctionFacts, node: Node, env: dict[str, Any]
    ) -> tuple[Any, Any]:
        site = self._site(caller, node)
        if site is None:
            return None, None
        module = self.library.function_module[caller.qualname]
        name = self.display(caller.qualname)
        call = self.classifier.call_blocks(self.library, site)
        if call is not None:
            link = Link(name, call.name, module.path, site.line, site.column)
            return DependencyChain((link,), call), None
        target = self.library_target(self.library.callee(site))
        if target is None or not self._runs_body(site, target):
            return None, None
        outline = self.library.outlines.get(target.qualname)
        if outline is None:
            return None, None
        values = bind(outline, node, env, skips_self(site, self.library, target))
        definite, may = self.reach(target, values)
        link = Link(name, self.display(target.qualname), module.path, site.line, site.column)
        return _prepend(link, definite), _prepend(link, may)

    @staticmethod
    def _runs_body(site: CallSite, target: FunctionFacts) -> bool:
        if target.is_generator:
            return False
        return site.awaited if target.is_async else True

    def _site(self, fn: FunctionFacts, node: Node) -> CallSite | None:
        sites = self._sites.get(fn.qualname)
        if sites is None:
            # ``super().__init__()`` and ``super()`` start at one position: the end tells.
            sites = {(s.line, s.column, s.end_line, s.end_column): s for s in fn.calls}
            self._sites[fn.qualname] = sites
        return sites.get((node[1], node[2], node[7], node[8]))

    # Project calls into libraries.

    def project_call(
        self, module: ModuleFacts, fn: FunctionFacts, site: CallSite
    ) -> tuple[Any, Any, Link | None]:
        """(definite, may, first link) for a call site of ``fn`` into a library, if it is one.

        Library code outside anything the analysis was written for (a recursion too deep, a
        shape of facts it did not expect) skips the call with a note, never a crash.
        """
        try:
            return self._project_call(module, fn, site)
        except (
            RecursionError,
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
        ) as error:
            self.notes.append(
                f"{module.path}:{site.line}: call not followed into its dependency ({error!r})"
            )
            return None, None, None

    def _project_call(
        self, module: ModuleFacts, fn: FunctionFacts, site: CallSite
    ) -> tuple[Any, Any, Link | None]:
        if fn.off_platform_at(site.line):
            return None, None, None  # made only on another platform: not this install's code
        index = self.project.index
        value = index.callee(site)
        if (
            value is None
            and isinstance(site.callee, GlobalRef)
            and site.callee.name in index.classes
        ):
            value = ("class", site.callee.name)  # a class defined inside a function
        spelled = index.name_of(value)
        if value is not None and value[0] == "class":
            # A project class without ``__init__`` of its own runs its library base's.
            inherited = self._inherited_init(value[1])
            if inherited is None:
                return None, None, None
            value, spelled = ("ext", inherited), inherited.rpartition(".")[0]
        elif value is None or value[0] != "ext" or value[1].startswith(NOT_FOLLOWED):
            return None, None, None
        classifier = self.classifier
        if any(
            classifier.is_async_safe(name) or classifier.is_opaque(name)
            for name in (value[1], spelled)
            if name
        ):
            # ``async-safe``, deliberate stops (``pdb.set_trace()``) and the calls of rules
            # that are off (``shutil.rmtree`` without ADMF131, or with it ignored)
            return None, None, None
        node = self._project_calls.node(module, fn, site)
        if node is None:
            node = ["call", site.line, site.column, [], {}, True, None, site.line, site.column]
        key = self.results.key(
            value[1], spelled, node, site.awaited, isinstance(site.callee, GlobalRef)
        )
        cached = self.results.get(key, self.classifier)
        if cached is not None:
            definite, may, shown = cached
            if not shown:
                return None, None, None
            return definite, may, Link("", shown, module.path, site.line, site.column)
        definite, may, shown = self._follow(value, spelled, node, site)
        self.results.put(key, definite, may, shown)
        if not shown:
            return None, None, None
        return definite, may, Link("", shown, module.path, site.line, site.column)

    def _follow(
        self, value: Value, spelled: str | None, node: Node, site: CallSite
    ) -> tuple[DependencyChain | None, DependencyChain | None, str]:
        """Follow a project call of the library name ``value``: (definite, may, shown name)."""
        assert value is not None
        target = self.library_target(value)
        if target is None or not self._runs_body(site, target):
            return None, None, ""
        outline = self.library.outlines.get(target.qualname)
        if outline is None:
            return None, None, ""
        skip = not (
            isinstance(site.callee, GlobalRef)
            and value[0] == "ext"
            and not target.name == "__init__"
        )
        values = bind(outline, node, {}, skip or target.name == "__init__")
        definite, may = self.reach(target, values)
        shown = self.display(target.qualname)
        if spelled and target.name == "__init__" and not spelled.endswith(".__init__"):
            shown = f"{spelled}.__init__"
        elif spelled:
            shown = spelled
        return definite, may, shown

    def _inherited_init(self, qualname: str) -> str | None:
        index = self.project.index
        for ancestor in index.class_ancestors(qualname):
            cls = index.classes.get(ancestor)
            if cls is None:
                return f"{ancestor}.__init__"
            if "__init__" in cls.methods:
                return None
        return None


def _prepend(link: Link, chain: DependencyChain | None) -> DependencyChain | None:
    if chain is None:
        return None
    return DependencyChain((link, *chain.links), chain.call)


@dataclass(frozen=True, slots=True)
class _HelperChain:
    head: tuple[Link, ...]
    chain: DependencyChain


@dataclass(frozen=True, slots=True)
class DependencyBlocking:
    """Every call on the event loop that blocks inside a dependency (a project fact).

    ``findings`` holds the definite chains and the may-block ones (``definite`` tells);
    ``notes`` what was skipped (broken packages, an exhausted budget).
    """

    findings: tuple[DependencyFinding, ...]
    notes: tuple[str, ...] = field(default=())
    #: The project files read for their call nodes, with the nodes of what was outlined there
    #: (the calling functions; see ``_project_calls.py``).
    project_calls: dict[str, dict[tuple[int, int, int, int], Node]] = field(default_factory=dict)

    @classmethod
    def compute(cls, project: ProjectContext) -> DependencyBlocking:
        config = project.config
        if not config.follow_dependencies:
            return cls(())
        try:
            env = environment(config.python_path)
        except InterpreterError as error:
            return cls((), (str(error),))
        modules = config.dependency_budget
        budget = LibraryBudget(modules, modules * _SUMMARIES_PER_MODULE)
        analysis = _Analysis(project, env, budget)
        findings = list(_findings(project, analysis))
        analysis.results.save()
        notes = list(dict.fromkeys(analysis.notes))
        if budget.exhausted:
            notes.append(
                f"the dependency budget ({modules} library modules) was exhausted: some calls "
                "into dependencies were not followed; raise `dependency-budget` in "
                "[tool.admf-tsan] to follow them"
            )
        for note in notes:
            sys.stderr.write(f"admf-tsan: note: {note}\n")
        return cls(tuple(findings), tuple(notes), analysis._project_calls.read())


def _findings(project: ProjectContext, analysis: _Analysis) -> Iterator[DependencyFinding]:
    index, graph = project.index, project.graph
    loop_marked = loop_roots(project)
    roots = [
        (module, fn)
        for module, fn in index.iter_functions()
        if fn.is_async or fn.qualname in loop_marked
    ]
    # Sync project helpers the roots reach, and their own calls into libraries.
    helpers: set[str] = set()
    stack = [fn.qualname for _, fn in roots]
    while stack:
        for edge in graph.callees.get(stack.pop(), ()):
            callee = index.functions[edge.callee]
            if callee.is_async or callee.is_generator or edge.callee in helpers:
                continue
            helpers.add(edge.callee)
            stack.append(edge.callee)
    definite_seeds: dict[str, _HelperChain] = {}
    may_seeds: dict[str, _HelperChain] = {}
    for qualname in sorted(helpers):
        module = index.function_module[qualname]
        fn = index.functions[qualname]
        for site in fn.calls:
            if site.held and off_the_loop(site, index):
                continue  # a forked child, or no event loop runs in this thread there
            definite, may, link = analysis.project_call(module, fn, site)
            if link is None:
                continue
            link = Link(_short(project, qualname), link.callee, link.path, link.line, link.column)
            if definite is not None and qualname not in definite_seeds:
                definite_seeds[qualname] = _HelperChain((link,), definite)
            if may is not None and qualname not in may_seeds:
                may_seeds[qualname] = _HelperChain((link,), may)

    def follow(edge: CallEdge) -> bool:
        caller, callee = index.functions[edge.caller], index.functions[edge.callee]
        return not (
            caller.is_async
            or caller.is_generator
            or callee.is_async
            or callee.is_generator
            or off_the_loop(edge.site, index)
            or caller.off_platform_at(edge.site.line)
        )

    def transfer(
        caller: str, edge: CallEdge, callee: _HelperChain, old: _HelperChain | None
    ) -> _HelperChain | None:
        if old is not None:
            return None
        link = Link(
            _short(project, caller),
            _short(project, edge.callee),
            index.function_module[caller].path,
            edge.site.line,
            edge.site.column,
        )
        return _HelperChain((link, *callee.head), callee.chain)

    definite_helpers = propagate(graph, definite_seeds, transfer, follow)
    may_helpers = propagate(graph, may_seeds, transfer, follow)
    for module, fn in roots:
        for site in fn.calls:
            found = _at_site(project, analysis, module, fn, site, definite_helpers, may_helpers)
            if found is not None:
                yield found


def _at_site(
    project: ProjectContext,
    analysis: _Analysis,
    module: ModuleFacts,
    fn: FunctionFacts,
    site: CallSite,
    definite_helpers: dict[str, _HelperChain],
    may_helpers: dict[str, _HelperChain],
) -> DependencyFinding | None:
    index = project.index
    if site.held and off_the_loop(site, index):
        return None  # a forked child, or no event loop runs in this thread: not on the loop
    if fn.off_platform_at(site.line):
        return None  # made only on another platform: the packages read are this one's
    if project.blocking.call_blocks(index, site) is not None:
        return None  # a direct blocking call: the ADMF1xx rules report it
    target = index.callee_function(site)
    if target is not None:
        if target.is_async or target.is_generator or site.awaited:
            return None
        for helpers, definite in ((definite_helpers, True), (may_helpers, False)):
            helper = helpers.get(target.qualname)
            if helper is not None:
                first = Link(
                    _short(project, fn.qualname),
                    _short(project, target.qualname),
                    module.path,
                    site.line,
                    site.column,
                )
                return DependencyFinding(
                    module, fn, site, (first, *helper.head), helper.chain, definite
                )
        return None
    definite_chain, may_chain, link = analysis.project_call(module, fn, site)
    if link is None:
        return None
    link = Link(_short(project, fn.qualname), link.callee, link.path, link.line, link.column)
    if definite_chain is not None:
        return DependencyFinding(module, fn, site, (link,), definite_chain, True)
    if may_chain is not None:
        return DependencyFinding(module, fn, site, (link,), may_chain, False)
    return None


def _short(project: ProjectContext, qualname: str) -> str:
    module = project.index.function_module[qualname].module
    return qualname[len(module) + 1 :] if qualname.startswith(module + ".") else qualname


def dependencies_key(config: LintConfig) -> str:
    """A key that changes with the installed dependencies, when they are followed."""
    return environment_key(config.python_path) if config.follow_dependencies else ""


def environment_key(python: str | None) -> str:
    """What changes when a dependency is installed, upgraded or removed (for the result cache).

    The names of the ``*.dist-info`` folders on the interpreter's path carry every version.
    """
    try:
        env = environment(python)
    except InterpreterError:
        return "no-interpreter"
    return "\0".join((env.version, *installed_names(env)))
