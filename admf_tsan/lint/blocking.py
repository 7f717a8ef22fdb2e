"""Which calls block the event loop, and how to tell from a call site.

The calls come from the one blocking-call catalogue, :mod:`admf_tsan.catalogue` (shared with the
runtime checker): each ADMF1xx rule reports the entries filed under its code, with their advice
and the literal arguments that make a call non-blocking (``q.get(block=False)``,
``lock.acquire(timeout=0)``). :class:`BlockingClassifier` joins the enabled rules' entries, the
project's ``blocking-calls`` and ``async-safe`` settings, and answers "does this call block?".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from admf_tsan.catalogue import (
    BLOCKING_CLASSES,
    ArgRule,
    argument_matches,
    by_code,
    classes_by_code,
)
from admf_tsan.lint.analysis.facts import (
    CallSite,
    CallType,
    ClsRef,
    FunctionFacts,
    GlobalRef,
    ModuleFacts,
    Ref,
    SelfRef,
    ValRef,
)
from admf_tsan.lint.analysis.handoffs import off_the_loop
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.ftypes import Finding, LintConfig
from admf_tsan.lint.rule import Occurrence, ProjectContext, ProjectRule, RootKey, one_per_root

__all__ = [
    "ArgRule",
    "BlockingCall",
    "BlockingCallRule",
    "BlockingClassifier",
    "BlockingEntry",
    "DELIBERATE_STOPS",
    "DirectBlocking",
    "DirectBlockingCalls",
    "display_name",
    "unawaited_calls_in_coroutines",
]


#: Calls that stop the program on purpose: a debugger prompt blocks the event loop because that
#: is what it is for. They count as ``async-safe`` (never reported, not followed into the
#: library: ``pdb.set_trace()`` reads ``.pdbrc`` files), whatever the configuration says.
DELIBERATE_STOPS = ("builtins.breakpoint", "pdb.*", "ipdb.*", "pudb.*")
#: The catalogue's classes of a child's pipes (``io.BufferedReader<pipe>``), each with its dot.
_PIPE_CLASSES = tuple(f"{c.name}." for c in BLOCKING_CLASSES if c.name.endswith("<pipe>"))
#: A ``Popen``'s pipe attributes.
_PIPES = ("stdin", "stdout", "stderr")


@dataclass(frozen=True, slots=True)
class BlockingEntry:
    """One catalogue line: a call pattern, the rule it belongs to, and what to do instead."""

    code: str
    pattern: str
    advice: str
    non_blocking: tuple[ArgRule, ...] = ()
    #: For a ``Class.*`` pattern: the methods that return at once (``fileno`` of a file).
    returns_at_once: tuple[str, ...] = ()

    def blocks(self, site: CallSite, parameters: Mapping[str, Any] | None = None) -> bool:
        """False when the arguments at ``site`` make the call return at once: its literals,
        or, given ``parameters`` (known values of the calling function's parameters), a
        parameter it passes on as it is (``future.result(timeout=timeout)`` with ``timeout``
        0: :meth:`passes_on_a_decider`)."""
        for keyword, position, values in self.non_blocking:
            given = site.constant(position, keyword)
            if any(argument_matches(expected, given) for expected in values):
                return False
            if parameters and site.passed is not None:
                for key, name in site.passed.forwarded:
                    if (key == keyword or key == position) and name in parameters:
                        passed = parameters[name]
                        if any(argument_matches(expected, passed) for expected in values):
                            return False
        return True

    def passes_on_a_decider(self, site: CallSite) -> bool:
        """Whether ``site`` passes on a parameter of its function as it is where a literal
        could make the call return at once (``future.result(timeout=timeout)``)."""
        passed = site.passed
        if passed is None or not passed.forwarded or not self.non_blocking:
            return False
        keys = {key for keyword, position, _ in self.non_blocking for key in (keyword, position)}
        return any(key in keys for key, _ in passed.forwarded)


@dataclass(frozen=True, slots=True)
class BlockingCall:
    """A call site that blocks: which entry matched, under which name."""

    entry: BlockingEntry
    name: str


class BlockingClassifier:
    """Answers whether a call blocks. Patterns are dotted names; ``pkg.*`` matches a prefix."""

    def __init__(
        self,
        entries: Iterable[BlockingEntry],
        async_safe: Iterable[str] = (),
        opaque: Iterable[str] = (),
    ) -> None:
        self._exact: dict[str, BlockingEntry] = {}
        self._prefixes: list[tuple[str, BlockingEntry]] = []
        for entry in entries:
            if entry.pattern.endswith(".*"):
                self._prefixes.append((entry.pattern[:-1], entry))
            else:
                self._exact[entry.pattern] = entry
        self._prefixes.sort(key=lambda item: -len(item[0]))
        #: Every prefix at once, for one ``startswith`` before the scan (most names match none).
        self._any_prefix = tuple(prefix for prefix, _ in self._prefixes)
        # entry_for's answers by name: the prefix scan is linear in the catalogue's prefixes,
        # and the same names are asked about for every call site.
        self._entry_memo: dict[str, BlockingEntry | None] = {}
        #: ``call_blocks``'s reading of each name: async-safe, and its catalogue entry.
        self._verdicts: dict[str, tuple[bool, BlockingEntry | None]] = {}
        safe = (*DELIBERATE_STOPS, *async_safe)
        self._safe_exact = frozenset(p for p in safe if not p.endswith(".*"))
        self._safe_prefixes = tuple(p[:-1] for p in safe if p.endswith(".*"))
        #: Calls of the rules that are off (an opt-in rule not selected, a rule ignored): not
        #: blocking, and not followed into.
        self._opaque_exact = frozenset(p for p in opaque if not p.endswith(".*"))
        self._opaque_prefixes = tuple(p[:-1] for p in opaque if p.endswith(".*"))

    def patterns(self) -> Iterator[str]:
        """Every pattern (the index treats them as names outside the project)."""
        yield from self._exact
        yield from (prefix + "*" for prefix, _ in self._prefixes)

    def is_async_safe(self, name: str) -> bool:
        return name in self._safe_exact or name.startswith(self._safe_prefixes or ("\0",))

    def is_opaque(self, name: str) -> bool:
        """Whether ``name`` is a call of a rule that is off (opt-in and not selected, or
        ignored): the dependency analysis does not follow it into its source (what it does
        inside is that rule's business)."""
        return name in self._opaque_exact or name.startswith(self._opaque_prefixes or ("\0",))

    def entry_for(self, name: str) -> BlockingEntry | None:
        """The catalogue entry matching the dotted ``name``."""
        memo = self._entry_memo
        if name in memo:
            return memo[name]
        entry = self._match(name)
        memo[name] = entry
        return entry

    def _match(self, name: str) -> BlockingEntry | None:
        entry = self._exact.get(name)
        if entry is not None:
            return entry
        if not self._any_prefix or not name.startswith(self._any_prefix):
            return None
        for prefix, prefixed in self._prefixes:
            if name.startswith(prefix):
                if name[len(prefix) :] in prefixed.returns_at_once:
                    return None
                return prefixed
        return None

    def call_blocks(self, index: ProjectIndex, site: CallSite) -> BlockingCall | None:
        """The blocking call made at ``site``, or ``None`` when it does not (or cannot be told)."""
        if site.held and off_the_loop(site, index):
            return None  # a forked child, or no event loop runs in this thread there
        callee = site.callee
        written = callee.name if isinstance(callee, GlobalRef) else None
        resolved = index.name_of(index.callee(site))
        # Any of the names async-safe: not blocking; else the first one's catalogue entry.
        verdicts = self._verdicts
        found: tuple[BlockingEntry, str] | None = None
        for name in (written, resolved if resolved != written else None):
            if name is None:
                continue
            verdict = verdicts.get(name)
            if verdict is None:
                verdict = verdicts[name] = (self.is_async_safe(name), self.entry_for(name))
            if verdict[0]:
                return None
            if found is None and verdict[1] is not None:
                found = (verdict[1], name)
        if found is None:
            return None
        entry, name = found
        return BlockingCall(entry, name) if entry.blocks(site) else None


@dataclass(frozen=True, slots=True)
class DirectBlocking:
    """A blocking call made directly in a coroutine body."""

    module: ModuleFacts
    function: FunctionFacts
    site: CallSite
    call: BlockingCall


@dataclass(frozen=True, slots=True)
class DirectBlockingCalls:
    """Every blocking call made directly inside an ``async def``, in project order.

    A project fact: the ADMF1xx rules and ADMF120 share the one of their run through
    ``project.fact(DirectBlockingCalls)``.
    """

    calls: tuple[DirectBlocking, ...]

    @classmethod
    def compute(cls, project: ProjectContext) -> DirectBlockingCalls:
        found = []
        index, classifier = project.index, project.blocking
        for module, fn, site in unawaited_calls_in_coroutines(index):
            call = classifier.call_blocks(index, site)
            if call is not None:
                found.append(DirectBlocking(module, fn, site, call))
        return cls(tuple(found))


def unawaited_calls_in_coroutines(
    index: ProjectIndex,
) -> Iterator[tuple[ModuleFacts, FunctionFacts, CallSite]]:
    """Every call made directly in an ``async def`` body whose result is not awaited."""
    for module, fn in index.iter_functions():
        if fn.is_async:
            for site in fn.calls:
                if not site.awaited:
                    yield module, fn, site


def same_operation(calls: Sequence[DirectBlocking]) -> dict[int, DirectBlocking]:
    """For each call (by ``id``), the blocking call that began its operation: itself, or the
    earlier blocking call in the same coroutine that made the object it is a method of.

    ``f = open(path)`` then ``f.read()`` is one operation on the loop (one change, the whole of
    it in a thread, fixes both): the read's receiver is the result of calling ``open``, and the
    ``open`` is reported. Of several such calls before it, the nearest one is taken (the facts
    record what was called, not which call made the value). Objects derived by calls count
    (``cur = conn.cursor()``, ``cur.execute()`` after ``conn = connect()``), and chains
    follow to the first call.
    """
    roots: dict[int, DirectBlocking] = {}
    by_function: dict[int, list[DirectBlocking]] = {}
    for found in calls:
        by_function.setdefault(id(found.function), []).append(found)
    for group in by_function.values():
        group.sort(key=lambda found: (found.site.line, found.site.column))
        # The first call on a pipe of each child (``proc.stdin.write()`` then
        # ``proc.stdout.readline()``): one operation with the later calls on its pipes.
        pipes: dict[Ref | str, DirectBlocking] = {}
        for position, found in enumerate(group):
            roots[id(found)] = found
            made_by = _made_by(found.site.callee, group[:position])
            if made_by is not None:
                roots[id(found)] = roots[id(made_by)]
                continue
            child = _pipe_owner(found)
            if child is not None:
                first = pipes.setdefault(child, found)
                roots[id(found)] = roots[id(first)]
    return roots


def _pipe_owner(found: DirectBlocking) -> Ref | str | None:
    """What ``found``'s call is made on the pipe of: ``self.proc`` for
    ``self.proc.stdout.readline()`` (as a reference without the last two names), or None when
    it is no call on a child's pipe."""
    if not found.call.name.startswith(_PIPE_CLASSES):
        return None
    callee = found.site.callee
    if isinstance(callee, GlobalRef):
        parts = callee.name.split(".")
        if len(parts) < 3 or parts[-2] not in _PIPES:
            return None
        return ".".join(parts[:-2])
    # An attribute of ``self`` or ``cls`` names one object; a local or a parameter is known by
    # its type only, and two children of one type are not one.
    if not isinstance(callee, SelfRef | ClsRef):
        return None
    attrs = callee.attrs
    if len(attrs) < 3 or attrs[-2] not in _PIPES:
        return None
    return replace(callee, attrs=attrs[:-2])


def _made_by(callee: Ref, earlier: Sequence[DirectBlocking]) -> DirectBlocking | None:
    """The nearest of ``earlier`` whose result ``callee`` is a method of, directly or through
    calls that derive one object from another (``conn.cursor().execute``, ``with open() as f``
    making ``f`` the result of ``open(...).__enter__()``)."""
    ref = callee
    while isinstance(ref, ValRef) and isinstance(ref.source, CallType):
        ref = ref.source.callee
        for candidate in reversed(earlier):
            if candidate.site.callee == ref:
                return candidate
    return None


def _same_operation(root: RootKey, count: int, listing: str) -> str:
    calls = "call" if count == 1 else "calls"
    where = "on the same child's pipes" if root[0] == "pipes" else "on what it returns"
    return f"and {count} more blocking {calls} {where}, the same fix: {listing}"


def display_name(qualname: str, module: str) -> str:
    """``pkg.mod.Class.method`` -> ``Class.method`` (the module is shown by the path)."""
    prefix = module + "."
    return qualname[len(prefix) :] if qualname.startswith(prefix) else qualname


class BlockingCallRule(ProjectRule):
    """Base of the ADMF1xx rules: report the catalogue's calls filed under the rule's code."""

    @classmethod
    def entries(cls) -> Iterator[BlockingEntry]:
        """The rule's calls, from :mod:`admf_tsan.catalogue`."""
        for call in by_code(cls.code):
            yield BlockingEntry(cls.code, call.name, call.advice, call.non_blocking)
        for blocking_class in classes_by_code(cls.code):
            yield BlockingEntry(
                cls.code,
                f"{blocking_class.name}.*",
                blocking_class.advice,
                returns_at_once=blocking_class.returns_at_once,
            )

    @classmethod
    def configured_blocking(cls, config: LintConfig) -> Iterator[BlockingEntry]:
        """The rule's catalogue calls (:meth:`entries`); a subclass adds the settings' ones.

        An opt-in rule's calls block only when it is selected: otherwise the chain rules
        (ADMF120, ADMF121, ADMF125) do not follow calls down to them either.
        """
        if cls.opt_in and not cls.selected(config):
            return iter(())
        return cls.entries()

    @classmethod
    def dormant_blocking(cls, config: LintConfig, ignored: bool = False) -> Iterator[BlockingEntry]:
        """The rule's calls while it is off (:meth:`LintRule.dormant_blocking`)."""
        if ignored or (cls.opt_in and not cls.selected(config)):
            return cls.entries()
        return iter(())

    def message(self, found: DirectBlocking) -> str:
        coroutine = display_name(found.function.qualname, found.module.module)
        called = f"`{found.call.name}()`"
        if found.call.name == "builtins.__import__" and found.site.discarded:
            called = "`import` of a module the file does not import at its top"
        return (
            f"{called} blocks the event loop in coroutine `{coroutine}()`; "
            f"{found.call.entry.advice}"
        )

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if self.opt_in and not self.selected(project.config):
            return []
        mine = self.mine(project)
        roots = same_operation(mine)
        occurrences = []
        for found in mine:
            finding = project.finding(
                found.module,
                found.site,
                self.code,
                self.message(found),
                fix=self.fix(found, project),
            )
            root = roots[id(found)]
            # Calls grouped under a pipe call are on the same child's pipes.
            kind = "pipes" if root.call.name.startswith(_PIPE_CLASSES) else "operation"
            note = f"`{found.call.name}()` on what it returns blocks too"
            if kind == "pipes":
                note = f"`{found.call.name}()` on the same child's pipes blocks too"
            label = f"`{found.call.name}()` (line {found.site.line})"
            occurrences.append(
                Occurrence(
                    (kind, root.module.path, root.site.line, root.site.column),
                    finding,
                    note,
                    label=label,
                )
            )
        return one_per_root(occurrences, _same_operation)

    def mine(self, project: ProjectContext) -> list[DirectBlocking]:
        """The blocking calls in coroutines this rule reports: the catalogue's calls filed
        under its code (a subclass leaves out the ones its rule does not count)."""
        return [
            f for f in project.fact(DirectBlockingCalls).calls if f.call.entry.code == self.code
        ]

    def fix(self, found: DirectBlocking, project: ProjectContext) -> Any:
        """A safe fix for ``found``, or ``None`` (the default: no fix)."""
        return None
