"""Rule base classes: what a rule declares, and the two ways it can look at code.

A rule is one small class in its own module under ``admf_tsan/lint/rules/``; the docstring's first
line is its summary and the rest is its documentation page (``admf-tsan explain CODE``). Its
``VALID`` and ``INVALID`` examples are run by one generic test.

* :class:`FileRule` looks at syntax. Its ``visit_<NodeType>(node, ctx)`` methods are called during
  the one walk that also extracts facts; ``ctx`` is a :class:`FileContext` (the file and where the
  walk is) and ``ctx.report(node, message)`` records a finding. File findings are cached with the
  file's facts.
* :class:`ProjectRule` looks at facts of the whole project after the walk: the index, the call
  graph, the blocking-call classifier. It runs on every lint run (it is cheap: no syntax).

What several project rules share (the lock model, the guarded state, the blocking chains) is a
*project fact*: a class with a ``compute(project)`` classmethod. ``project.fact(LockModel)``
computes it on first request and hands the same object to every later one, so rules share work
through types, not through string keys.

A problem that shows at many places with one cause (callbacks under one lock, coroutines reaching
one blocking call through helpers) is one finding: a project rule gives each place as an
:class:`Occurrence` keyed by its root, and :func:`one_per_root` reports each root once.
"""

from __future__ import annotations

import ast
import inspect
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from admf_tsan.lint.ftypes import Edit, Finding, Fix, Related, command_line_module

if TYPE_CHECKING:
    from admf_tsan.lint.analysis.callgraph import CallGraph
    from admf_tsan.lint.analysis.facts import CallSite, FunctionFacts, ModuleFacts, Ref, TypeRef
    from admf_tsan.lint.analysis.index import ProjectIndex
    from admf_tsan.lint.blocking import BlockingClassifier, BlockingEntry
    from admf_tsan.lint.ftypes import LintConfig


@dataclass(frozen=True, slots=True)
class Invalid:
    """An INVALID example: ``code`` must produce a finding of the rule.

    ``message`` (optional) must be a substring of the finding's message; ``fixed`` (optional) is the
    source after ``--fix``.
    """

    code: str
    message: str | None = None
    fixed: str | None = None


class LintRule:
    """Common declarations of every rule."""

    code: ClassVar[str] = ""
    #: kebab-case name shown by ``admf-tsan rules`` (``blocking-sleep``).
    name: ClassVar[str] = ""
    fixable: ClassVar[bool] = False
    #: An opt-in rule runs only when ``select`` names its code itself: the default selection, a
    #: family prefix (``ADMF1``) and ``ALL`` leave it off (see :meth:`selected`).
    opt_in: ClassVar[bool] = False
    VALID: ClassVar[list[str]] = []
    INVALID: ClassVar[list[Invalid]] = []

    @classmethod
    def selected(cls, config: LintConfig) -> bool:
        """Whether ``config`` runs this rule: enabled, and for an opt-in rule named in ``select``.

        An opt-in rule must ask this itself (in ``check`` and ``configured_blocking``), because
        findings are filtered with :meth:`LintConfig.enabled`, which knows nothing of rules.
        """
        if not config.enabled(cls.code):
            return False
        return not cls.opt_in or (config.select is not None and cls.code in config.select)

    @classmethod
    def summary(cls) -> str:
        """First line of the docstring, without the leading ``CODE:``."""
        first = inspect.cleandoc(cls.__doc__ or "").partition("\n")[0]
        text = first.partition(": ")[2] if first.startswith(cls.code) else first
        return text[:1].upper() + text[1:]

    @classmethod
    def description(cls) -> str:
        """The docstring after its first line."""
        return inspect.cleandoc(cls.__doc__ or "").partition("\n")[2].strip()

    @classmethod
    def configured_blocking(cls, config: LintConfig) -> Iterable[BlockingEntry]:
        """The calls this rule makes blocking under ``config`` (none unless overridden).

        The engine adds them to the blocking-call catalogue for every rule not ignored: the
        ADMF1xx rules give their catalogue entries, ADMF113 adds the ``blocking-calls`` setting,
        so no rule family needs a mention in the engine.
        """
        return ()

    @classmethod
    def dormant_blocking(cls, config: LintConfig, ignored: bool = False) -> Iterable[BlockingEntry]:
        """The calls this rule would make blocking were it on (none unless overridden): an
        ADMF1xx rule's catalogue entries while it is off, being opt-in and not selected or
        ``ignored``. Nothing follows them into their source either
        (``BlockingClassifier.is_opaque``): ``shutil.rmtree`` opens descriptors inside, which
        must not make it a chain of another rule's.
        """
        return ()


class FileClass(Protocol):
    """A class of the file being walked, as far as the walk has seen it."""

    @property
    def qualname(self) -> str: ...

    @property
    def attributes(self) -> Mapping[str, TypeRef | None]:
        """Attributes assigned on ``self`` or in the class body, and how (``None``: disagree)."""
        ...


class FileContext(Protocol):
    """What a :class:`FileRule` may read while its file is walked (the ``ctx`` of ``visit_*``)."""

    @property
    def path(self) -> str: ...

    @property
    def module(self) -> str:
        """The dotted module name of the file (``pkg.mod``)."""
        ...

    @property
    def text(self) -> str:
        """The decoded source, for fixes that need the exact text."""
        ...

    @property
    def symbols(self) -> Mapping[str, tuple[str, Any]]:
        """Module-level names: ``("def" | "class" | "import" | "var", payload)``."""
        ...

    @property
    def classes(self) -> Sequence[FileClass]: ...

    @property
    def in_coroutine(self) -> bool:
        """True when the node being visited runs directly in an ``async def`` body."""
        ...

    @property
    def function_node(self) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The innermost function around the node being visited."""
        ...

    @property
    def tree(self) -> ast.Module:
        """The whole module being walked, parsed once (for rules that look beyond the node)."""
        ...

    def ref(self, node: ast.expr) -> Ref | None:
        """The symbolic reference ``node`` denotes, or ``None`` when it cannot be named."""
        ...

    def dotted(self, node: ast.expr) -> str | None:
        """The absolute dotted name ``node`` denotes (import aliases expanded), if it has one."""
        ...

    def report(
        self,
        node: ast.AST,
        message: str,
        *,
        code: str | None = None,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        end: ast.AST | None = None,
    ) -> None:
        """Record a finding of the visiting rule at ``node`` (up to the end of ``end``)."""
        ...


#: A bound ``visit_<NodeType>`` method: the node (of that type) and the file's context.
Visitor = Callable[[Any, FileContext], None]


class FileRule(LintRule):
    """A rule over the syntax of one file; subclasses define ``visit_<NodeType>`` methods.

    Each takes the node (typed as its own ``ast`` class) and a :class:`FileContext`.
    """

    def visitors(self) -> Iterator[tuple[type[ast.AST], Visitor]]:
        """Pairs of (node type, bound visit method) this rule wants to see."""
        for attribute in dir(self):
            if attribute.startswith("visit_"):
                node_type = getattr(ast, attribute[len("visit_") :], None)
                if isinstance(node_type, type) and issubclass(node_type, ast.AST):
                    yield node_type, getattr(self, attribute)


class ProjectFact(Protocol):
    """A result computed once per run from the project and shared by the rules that need it."""

    @classmethod
    def compute(cls, project: ProjectContext) -> Any:
        """Build the fact (an instance of ``cls``); may request other facts."""
        ...


FactT = TypeVar("FactT", bound=ProjectFact)


class _ModuleNames:
    """The key of :meth:`ProjectContext.command_line`'s path -> module name table."""


@dataclass(slots=True)
class ProjectContext:
    """What a :class:`ProjectRule` sees: the whole project, resolved."""

    index: ProjectIndex
    graph: CallGraph
    blocking: BlockingClassifier
    config: LintConfig
    _facts: dict[type[Any], Any] = field(default_factory=dict)

    def fact(self, kind: type[FactT]) -> FactT:
        """The ``kind`` fact of this run, computed on the first request.

        Raises ``TypeError`` if ``kind.compute`` returns something that is not a ``kind``.
        """
        found = self._facts.get(kind)
        if not isinstance(found, kind):
            found = kind.compute(self)
            if not isinstance(found, kind):
                raise TypeError(f"{kind.__name__}.compute() returned {type(found).__name__}")
            self._facts[kind] = found
        return found

    def command_line(self, path: str) -> bool:
        """Whether the project file ``path`` is a command-line module (``command-line-modules``:
        :func:`admf_tsan.lint.ftypes.command_line_module` of its module name)."""
        patterns = self.config.command_line_modules
        if not patterns:
            return False
        names = self._facts.get(_ModuleNames)
        if not isinstance(names, dict):
            names = {facts.path: name for name, facts in self.index.modules.items()}
            self._facts[_ModuleNames] = names
        name = names.get(path)
        return name is not None and command_line_module(name, patterns)

    def computed(self, kind: type[FactT]) -> FactT | None:
        """The ``kind`` fact if this run has computed it, else ``None`` (never computes it)."""
        found = self._facts.get(kind)
        return found if isinstance(found, kind) else None

    def finding(
        self,
        module: ModuleFacts,
        site: CallSite | FunctionFacts | tuple[int, int],
        code: str,
        message: str,
        *,
        related: Iterable[Related] = (),
        fix: Fix | None = None,
    ) -> Finding:
        """A finding at a call site, a function, or a ``(line, column)`` of ``module``."""
        if isinstance(site, tuple):
            line, column = site
            end_line, end_column = line, column
        else:
            line, column = site.line, site.column
            end_line = getattr(site, "end_line", line)
            end_column = getattr(site, "end_column", column)
        return Finding(
            module.path, line, column, code, message, end_line, end_column, tuple(related), fix
        )


class ProjectRule(LintRule):
    """A rule over the facts of the whole project."""

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        raise NotImplementedError


#: What identifies the root problem of an :class:`Occurrence`: a tuple of strings and numbers
#: (a lock class name, the position of a blocking call), so that groups never depend on hashing.
RootKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place where a root problem shows: the finding it would be on its own, and its root.

    ``root`` is what one fix changes for every occurrence (the lock a class holds around its
    callbacks, the blocking call a helper chain ends in); ``where`` is the place the group's
    message lists (the finding's own position unless given: a cached lookup is reported at its
    blocking call but listed by the coroutine call that reaches it); ``note`` is the related
    location's text when the occurrence is not the one reported; ``label``, if given, is how the
    message lists it instead of ``file.py:LINE``.
    """

    root: RootKey
    finding: Finding
    note: str
    where: tuple[str, int, int] | None = None
    label: str | None = None
    #: A blocking-call chain that ends in a call that fails rather than blocks (an event loop run
    #: inside the running one, ADMF112): never set aside as command-line code.
    fails: bool = False

    @property
    def place(self) -> tuple[str, int, int]:
        return self.where or (self.finding.path, self.finding.line, self.finding.column)

    def order(self) -> tuple[str, int, int, str, int, int, str]:
        f = self.finding
        return (f.path, f.line, f.column, *self.place, f.message)


def one_per_coroutine_root(
    project: ProjectContext,
    occurrences: Iterable[Occurrence],
    others: Callable[[RootKey, int, str], str],
) -> list[Finding]:
    """:func:`one_per_root` for blocking-call chains: the occurrences whose coroutine call is in a
    command-line module (``command-line-modules``) and that do not fail are grouped on their own
    and their findings marked ``aside``, so that a group reported at a command's call never
    hides a server's call of the same helper."""
    inside: list[Occurrence] = []
    outside: list[Occurrence] = []
    for occurrence in occurrences:
        command = not occurrence.fails and project.command_line(occurrence.place[0])
        (inside if command else outside).append(occurrence)
    found = one_per_root(outside, others)
    # A finding reported where the chain blocks, not at the coroutine call (ADMF129, at the
    # cached helper's call): the other code's group already reports that place.
    shown = {(f.path, f.line, f.column, f.code) for f in found}
    found.extend(
        replace(f, aside=True)
        for f in one_per_root(inside, others)
        if (f.path, f.line, f.column, f.code) not in shown
    )
    return sorted(found)


def one_per_root(
    occurrences: Iterable[Occurrence], others: Callable[[RootKey, int, str], str], shown: int = 3
) -> list[Finding]:
    """One finding per root: a user fixes a root once, so N occurrences are one report.

    The finding reported is the group's first occurrence in (path, line, column) order, so it
    stays where it was when occurrences are added further down; a ``# noqa`` on its line
    suppresses the group. Its message gets ``others(root, count, listing)`` appended (``count``
    other places, ``listing`` the first ``shown`` of them as ``file.py:LINE`` or their label),
    and every other place becomes a related location. Fix edits of occurrences in the reported
    one's file are joined (edits carry no path); an occurrence whose fix is in another file is
    reported on its own. A group of one is its finding unchanged. The result is sorted.
    """
    groups: dict[RootKey, list[Occurrence]] = {}
    for occurrence in occurrences:
        groups.setdefault(occurrence.root, []).append(occurrence)
    findings: list[Finding] = []
    for root, group in groups.items():
        members = sorted(group, key=Occurrence.order)
        first = members[0]
        merged = [first]
        places = {first.place}
        for member in members[1:]:
            if member.finding.fix is not None and member.finding.path != first.finding.path:
                findings.append(member.finding)
            elif member.place not in places:
                places.add(member.place)
                merged.append(member)
        findings.append(_group_finding(root, merged, others, shown))
    return sorted(findings)


def _group_finding(
    root: RootKey,
    members: Sequence[Occurrence],
    others: Callable[[RootKey, int, str], str],
    shown: int,
) -> Finding:
    first, rest = members[0], members[1:]
    finding = first.finding
    if not rest:
        return finding
    places = dict.fromkeys(
        member.label or _short_place(finding.path, member.place) for member in rest
    )
    listed = list(places)[:shown]
    if len(places) > shown:
        listed.append("...")
    message = f"{finding.message}; {others(root, len(rest), ', '.join(listed))}"
    related = (*finding.related, *(Related(*member.place, member.note) for member in rest))
    fixes = [m.finding.fix for m in members if m.finding.fix is not None]
    return replace(finding, message=message, related=related, fix=_joined(fixes))


def _joined(fixes: Sequence[Fix]) -> Fix | None:
    """The fixes of one file's occurrences as one fix; a fix that overlaps an earlier one is
    left out (``--fix`` applies what it can; the rest is reported on the next run)."""
    if not fixes:
        return None
    if len(fixes) == 1:
        return fixes[0]
    edits: list[Edit] = []
    imports: set[str] = set()
    for fix in fixes:
        spans = [((e.line, e.column), (e.end_line, e.end_column)) for e in fix.edits]
        if any(
            start < (e.end_line, e.end_column) and (e.line, e.column) < end
            for start, end in spans
            for e in edits
        ):
            continue
        edits.extend(fix.edits)
        imports.update(fix.imports)
    return Fix(fixes[0].description, tuple(edits), tuple(sorted(imports)))


def _short_place(reported: str, place: tuple[str, int, int]) -> str:
    """``client.py:2826``: the path from the directory it shares with the reported file.

    Paths in findings are relative to the project root, and the formats show locations relative
    to the working directory; a path in a message cannot be re-rooted, so it starts where the
    two files' paths part (``deploy/spec.py:335`` beside ``client.py``), which reads the same
    from anywhere in the project.
    """
    path, line, _ = place
    try:
        shared = posixpath.commonpath([posixpath.dirname(reported), posixpath.dirname(path)])
    except ValueError:  # one absolute path, one relative: nothing to share
        return f"{path}:{line}"
    return f"{posixpath.relpath(path, shared or '.')}:{line}"
