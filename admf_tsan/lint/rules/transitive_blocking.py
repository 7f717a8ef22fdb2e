"""ADMF120, ADMF129: a coroutine calls a sync function of the project that blocks (or is cached)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from admf_tsan.lint.analysis.callgraph import CallEdge, propagate, reachable
from admf_tsan.lint.analysis.facts import CallSite, FunctionFacts, ModuleFacts, SelfRef
from admf_tsan.lint.analysis.handoffs import in_fork_child, known_handoff
from admf_tsan.lint.analysis.locks import LockModel
from admf_tsan.lint.analysis.lockwalk import NONEMPTY
from admf_tsan.lint.blocking import (
    BlockingCall,
    DirectBlockingCalls,
    display_name,
    unawaited_calls_in_coroutines,
)
from admf_tsan.lint.ftypes import Finding, Related
from admf_tsan.lint.rule import (
    Invalid,
    Occurrence,
    ProjectContext,
    ProjectRule,
    RootKey,
    one_per_root,
)


@dataclass(frozen=True, slots=True)
class BlockingChain:
    """Why a sync function blocks: the calls down to the blocking one, nearest first."""

    steps: tuple[CallEdge, ...]
    module: ModuleFacts
    function: FunctionFacts
    site: CallSite
    call: BlockingCall


@dataclass(frozen=True, slots=True)
class BlockingChains:
    """For each sync project function that blocks, the shortest chain to a blocking call.

    A project fact (``project.fact(BlockingChains)``): ADMF120 reports the chains coroutines
    call into, ADMF121 those loop callbacks run.
    """

    by_function: dict[str, BlockingChain]

    @classmethod
    def compute(cls, project: ProjectContext) -> BlockingChains:
        index, classifier = project.index, project.blocking
        seeds: dict[str, BlockingChain] = {}
        for module, fn in index.iter_functions():
            if fn.is_async or fn.is_generator or classifier.is_async_safe(fn.qualname):
                continue
            for site in fn.calls:
                call = classifier.call_blocks(index, site)
                if call is not None:
                    seeds[fn.qualname] = BlockingChain((), module, fn, site, call)
                    break

        def follow(edge: CallEdge) -> bool:
            caller = index.functions[edge.caller]
            callee = index.functions[edge.callee]
            return not (
                caller.is_async
                or caller.is_generator
                or callee.is_async
                or callee.is_generator
                or classifier.is_async_safe(edge.caller)
                or classifier.is_async_safe(edge.callee)
                or in_fork_child(edge.site)
            )

        def transfer(
            caller: str, edge: CallEdge, callee: BlockingChain, old: BlockingChain | None
        ) -> BlockingChain | None:
            if old is not None:
                return None
            return BlockingChain(
                (edge, *callee.steps), callee.module, callee.function, callee.site, callee.call
            )

        return cls(propagate(project.graph, seeds, transfer, follow))


class TransitiveBlocking(ProjectRule):
    """ADMF120: a coroutine calls a sync function of your project that blocks the event loop.

    The blocking call is not in the coroutine itself but in a helper it calls, or a helper of a
    helper, possibly in another module: `quote() -> _refresh() -> fetch_with_retry() ->
    requests.get()`. The finding is reported at the coroutine's call and shows the whole chain,
    with each step as a related location.

    The analysis builds a summary of every function (its resolved calls and its blocking calls) and
    propagates "blocks" from callees to callers over the project's call graph until nothing
    changes. Calls it cannot resolve (a method of an object whose class is unknown, a callback
    passed as a value) are not followed, so it never reports a chain it cannot show. A sync
    function handed to `asyncio.to_thread` / `run_in_executor` is referenced, not called: fine.

    A chain ending in `self.q.get()` on a `queue.Queue` is not reported where the coroutine
    calls it right after `while self.q.empty(): await ...` and no other consumer of `self.q`
    runs in a thread the project starts: the queue is not empty there, the `get()` returns.

    One finding per blocking call: coroutines that reach the same blocking call through the
    project's helpers are one problem, fixed once where the chains meet (run that call in a
    thread, cache it, make the helper async), whichever sync function each coroutine calls
    first. The finding is at the first coroutine call (by file, line and column) with its
    chain; its message counts and lists the other calls, and each is a related location. A
    `# noqa: ADMF120` on the reported line suppresses the group.

    A chain through a cached function (`@functools.cache`, `lru_cache`, `memoize`) blocks once
    per process (per argument), the first time: that is ADMF129, opt-in like ADMF127's lazy
    imports, reported once, at the blocking call itself.

    Fix: make the chain async (`async def` with an async client), or run the sync entry point in a
    thread: `await asyncio.to_thread(self._refresh)`.
    """

    code = "ADMF120"
    name = "transitive-blocking-call"
    VALID: ClassVar[list[str]] = [
        "import asyncio, time\n\ndef settle():\n    time.sleep(1)\n\n"
        "async def f():\n    await asyncio.to_thread(settle)\n",
        "def total(xs):\n    return sum(xs)\n\nasync def f():\n    return total([1])\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import requests\n\ndef fetch_with_retry(url):\n    return requests.get(url)\n\n"
            "class Quotes:\n    def _refresh(self):\n        return fetch_with_retry('u')\n\n"
            "    async def quote(self):\n        return self._refresh()\n",
            message="`Quotes.quote() -> Quotes._refresh() -> fetch_with_retry() -> requests.get()`",
        ),
        Invalid(
            "import time\n\ndef a():\n    b()\n\ndef b():\n    time.sleep(1)\n\n"
            "async def f():\n    a()\n",
            message="`f() -> a() -> b() -> time.sleep()`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        occurrences = project.fact(TransitiveBlockingCalls).occurrences
        return one_per_root([o for o in occurrences if o.root[0] != "cached"], _also_reached)


class CachedBlockingCall(ProjectRule):
    """ADMF129: a coroutine reaches a blocking call through a cached function (opt-in).

    A sync function decorated with `@functools.cache`, `lru_cache` or a `memoize` decorator runs
    its body once per argument: a blocking call under it (a DNS lookup of the local host, a
    package version read from its metadata) blocks the event loop the first time a coroutine
    reaches it, then never again. It is reported once, at the blocking call itself, with the
    first chain that reaches it and the other coroutine calls listed (ADMF120's analysis).

    Opt-in (`--extend-select ADMF129`), as ADMF127 is for an import that blocks the first time
    per process: on real projects every such lookup judged (a cached `getaddrinfo` of the
    scheduler's host, `gethostbyname("localhost")`, `importlib.metadata.version()`, an IPv6
    probe) cost one stall per process and was not worth a change
    (docs/realworld-findings.md).

    Fix: compute it once at startup, before the loop runs, or in a thread
    (`await asyncio.to_thread(...)`).
    """

    code = "ADMF129"
    name = "cached-blocking-call"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import functools, socket\n\n@functools.cache\ndef local():\n"
        "    return socket.gethostbyname('localhost')\n\nLOCAL = local()\n\n"
        "async def f():\n    return 1\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import functools, socket\n\n@functools.cache\ndef local():\n"
            "    return socket.gethostbyname('localhost')\n\n"
            "async def f():\n    return local()\n",
            message="the first time a coroutine reaches `local()`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.selected(project.config):
            return []
        occurrences = project.fact(TransitiveBlockingCalls).occurrences
        return one_per_root([o for o in occurrences if o.root[0] == "cached"], _also_reached)


def _also_reached(root: RootKey, count: int, listing: str) -> str:
    calls = "coroutine call" if count == 1 else "coroutine calls"
    return f"also reached from {count} other {calls}: {listing}"


@dataclass(frozen=True, slots=True)
class TransitiveBlockingCalls:
    """Every coroutine call of a sync project function that blocks, before grouping.

    A project fact: ADMF120 reports one finding per root, ADMF125 skips every call listed here
    (``sites``), reported or grouped into another. The root of a call is the blocking call its
    chain ends in (the position of that call): every coroutine reaching it through the project's
    helpers is fixed by the one change there (run it in a thread, cache it, make the helper
    async). The sync function the coroutine enters first does not split a root: distributed's
    ``get_client() -> Client()`` and ``Security.get_listen_args()`` at four server starts end
    in the one ``ssl.create_default_context()`` of ``Security._get_tls_context()``. A chain
    through a cached function (``@functools.cache``) blocks once per process: its root is the
    cached function and the blocking call, and it is reported at the blocking call itself.
    """

    occurrences: tuple[Occurrence, ...]
    sites: frozenset[tuple[str, int, int]]

    @classmethod
    def compute(cls, project: ProjectContext) -> TransitiveBlockingCalls:
        index = project.index
        chains = project.fact(BlockingChains).by_function
        if not chains:
            return cls((), frozenset())
        # Calls that block themselves are the direct rules' findings (computed once per run).
        direct = {id(found.site) for found in project.fact(DirectBlockingCalls).calls}
        occurrences = []
        for module, fn, site in unawaited_calls_in_coroutines(index):
            target = index.callee_function(site)
            if target is None or target.is_async or target.qualname not in chains:
                continue
            if id(site) in direct:
                continue
            chain = chains[target.qualname]
            if _takes_from_nonempty_queue(project, fn, site, chain):
                continue
            leaf = (chain.module.path, chain.site.line, chain.site.column)
            where = (module.path, site.line, site.column)
            head = [fn.qualname, target.qualname]
            note = (
                f"`{short_name(project, fn.qualname)}()` calls "
                f"`{short_name(project, target.qualname)}()`, which reaches the same blocking call"
            )
            memoized = _first_memoized(project, target, chain)
            if memoized is None:
                finding = _finding(project, module, site, target, head, chain)
                occurrences.append(Occurrence(("calls", *leaf), finding, note))
            else:
                finding = _cached_finding(project, memoized, head, chain)
                occurrences.append(Occurrence(("cached", memoized, *leaf), finding, note, where))
        return cls(tuple(occurrences), frozenset(o.place for o in occurrences))


def _cached_finding(
    project: ProjectContext, memoized: str, head: list[str], chain: BlockingChain
) -> Finding:
    """A cached function blocks once per process, not once per chain: the finding is at the
    blocking call, with the chain of one coroutine that reaches it."""
    rendered, related = describe_chain(project, head, chain)
    message = (
        f"`{chain.call.name}()` blocks the event loop the first time a coroutine reaches "
        f"`{short_name(project, memoized)}()` (cached, so once per process): `{rendered}`; "
        "compute it once at startup, before the loop runs, or in a thread "
        "(`await asyncio.to_thread(...)`)"
    )
    return project.finding(
        chain.module, chain.site, CachedBlockingCall.code, message, related=related
    )


def _finding(
    project: ProjectContext,
    module: ModuleFacts,
    site: CallSite,
    target: FunctionFacts,
    head: list[str],
    chain: BlockingChain,
) -> Finding:
    rendered, related = describe_chain(project, head, chain)
    message = (
        f"`{short_name(project, target.qualname)}()` blocks the event loop: `{rendered}`; "
        "run it in a thread (`await asyncio.to_thread(...)`) or make the chain async"
    )
    return project.finding(module, site, TransitiveBlocking.code, message, related=related)


_THREAD_HANDOFFS = frozenset({"Thread", "submit", "run_in_executor", "to_thread"})
#: Blocking gets of a ``queue`` module queue (they wait only while it is empty).
QUEUE_GETS = frozenset(
    {"queue.Queue.get", "queue.LifoQueue.get", "queue.PriorityQueue.get", "queue.SimpleQueue.get"}
)


def _takes_from_nonempty_queue(
    project: ProjectContext, coroutine: FunctionFacts, site: CallSite, chain: BlockingChain
) -> bool:
    """The chain ends in ``self.q.get()``, the coroutine calls it right after ``while
    self.q.empty(): await ...`` (the queue is not empty there, and nothing in between lets
    another task of the loop run), and no other function of the class that takes from
    ``self.q`` runs in a thread the project starts: nobody empties it in between, so the
    ``get()`` returns at once."""
    if chain.call.name not in QUEUE_GETS:
        return False
    leaf = chain.site.callee
    if type(leaf) is not SelfRef or len(leaf.attrs) < 2:
        return False
    path: tuple[str, ...] = leaf.attrs[:-1]
    target = chain.steps[0].caller if chain.steps else chain.function.qualname
    edges = (CallEdge(coroutine.qualname, target, site), *chain.steps)
    for edge in reversed(edges):
        receiver = LockModel.receiver(edge)
        if receiver is None or receiver[0] != "self":
            return False
        path = (*receiver[1], *path)
    return nonempty_queue_get(project, site, path, leaf, chain.function.qualname)


def nonempty_queue_get(
    project: ProjectContext, site: CallSite, path: tuple[str, ...], leaf: SelfRef, taker: str
) -> bool:
    """Whether ``site`` (a coroutine's call, directly of ``self.<path>.get()`` or of a helper
    that makes it in ``taker``) comes right after ``while self.<path>.empty(): await ...`` and
    no other function of the class that takes from the queue runs in a thread the project
    starts (see :func:`_takes_from_nonempty_queue`)."""
    seen_nonempty = {
        ref.attrs[:-1]
        for ref, _, _ in site.held
        if type(ref) is SelfRef and ref.attrs and ref.attrs[-1] == NONEMPTY
    }
    if path not in seen_nonempty:
        return False
    index = project.index
    family = set(index.class_ancestors(leaf.owner))
    consumers = {
        fn.qualname
        for _, fn in index.iter_functions()
        for call in fn.calls
        if type(call.callee) is SelfRef
        and call.callee.attrs[:-1] == leaf.attrs[:-1]
        and call.callee.attrs[-1] in ("get", "get_nowait")
        and (call.callee.owner in family or leaf.owner in index.class_ancestors(call.callee.owner))
    }
    others = consumers - {taker}
    return not others or not others & _run_in_threads(project)


def _run_in_threads(project: ProjectContext) -> set[str]:
    """Project functions that may run in a worker thread: handed to ``Thread``, ``submit``,
    ``run_in_executor`` or ``to_thread``, and everything they call."""
    index = project.index
    roots = set()
    for _, fn in index.iter_functions():
        for handoff in fn.scheduled:
            if handoff.method in _THREAD_HANDOFFS and known_handoff(index, handoff):
                value = index.resolve(handoff.callback)
                if value is not None and value[0] == "func":
                    roots.add(str(value[1]))
    return reachable(project.graph, roots)


def _first_memoized(
    project: ProjectContext, target: FunctionFacts, chain: BlockingChain
) -> str | None:
    """The first cached function (``@functools.cache``) on the way to the blocking call."""
    functions = project.index.functions
    for qualname in (target.qualname, *(edge.callee for edge in chain.steps)):
        fn = functions.get(qualname)
        if fn is not None and fn.memoized:
            return qualname
    return None


def short_name(project: ProjectContext, qualname: str) -> str:
    """``Class.method`` for a project function (its module is shown by the path)."""
    return display_name(qualname, project.index.function_module[qualname].module)


def call_steps(project: ProjectContext, edges: Iterable[CallEdge]) -> list[Related]:
    """One related location per call: "`a()` calls `b()`" at the call site."""
    return [
        Related(
            project.index.function_module[edge.caller].path,
            edge.site.line,
            edge.site.column,
            f"`{short_name(project, edge.caller)}()` calls `{short_name(project, edge.callee)}()`",
        )
        for edge in edges
    ]


def describe_chain(
    project: ProjectContext, head: list[str], chain: BlockingChain
) -> tuple[str, list[Related]]:
    """``a() -> b() -> requests.get()`` and one related location per call of the chain.

    ``head`` is the project functions before the chain (the coroutine and the function it calls).
    """
    names = [short_name(project, q) for q in head]
    names += [short_name(project, edge.callee) for edge in chain.steps]
    names.append(chain.call.name)
    rendered = " -> ".join(f"{name}()" for name in names)
    related = call_steps(project, chain.steps)
    related.append(
        Related(
            chain.module.path,
            chain.site.line,
            chain.site.column,
            f"`{short_name(project, chain.function.qualname)}()` calls `{chain.call.name}()`, "
            f"which blocks ({chain.call.entry.code})",
        )
    )
    return rendered, related
