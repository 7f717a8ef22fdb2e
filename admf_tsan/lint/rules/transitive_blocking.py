"""ADMF120, ADMF129: a coroutine calls a sync function of the project that blocks (or is cached)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from admf_tsan.lint.analysis.callgraph import CallEdge, propagate, reachable
from admf_tsan.lint.analysis.facts import (
    CallSite,
    FunctionFacts,
    ModuleFacts,
    SelfRef,
)
from admf_tsan.lint.analysis.handoffs import known_handoff, off_the_loop
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.locks import LockModel
from admf_tsan.lint.analysis.lockwalk import NONEMPTY
from admf_tsan.lint.analysis.paramflow import ParameterFlow
from admf_tsan.lint.blocking import (
    BlockingCall,
    BlockingClassifier,
    DirectBlockingCalls,
    display_name,
    unawaited_calls_in_coroutines,
)
from admf_tsan.lint.deps.flow import UNKNOWN
from admf_tsan.lint.ftypes import Finding, Related
from admf_tsan.lint.rule import (
    Invalid,
    Occurrence,
    ProjectContext,
    ProjectRule,
    RootKey,
    one_per_coroutine_root,
)
from admf_tsan.lint.rules.blocking_thread_wait import mutex_acquire


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
                # ``lock.acquire(); ...; lock.release()`` is a mutex use, as ``with lock:`` is.
                if call is not None and not mutex_acquire(project, call.name, site, fn):
                    seeds[fn.qualname] = BlockingChain((), module, fn, site, call)
                    break

        def follow(edge: CallEdge) -> bool:
            return follows(index, classifier, edge)

        def transfer(
            caller: str, edge: CallEdge, callee: BlockingChain, old: BlockingChain | None
        ) -> BlockingChain | None:
            if old is not None:
                return None
            return BlockingChain(
                (edge, *callee.steps), callee.module, callee.function, callee.site, callee.call
            )

        return cls(propagate(project.graph, seeds, transfer, follow))


def follows(index: ProjectIndex, classifier: BlockingClassifier, edge: CallEdge) -> bool:
    """Whether a chain of blocking sync calls goes on through ``edge`` (both ends plain sync
    functions that are not known to be safe, and not a call in a fork's child)."""
    caller = index.functions[edge.caller]
    callee = index.functions[edge.callee]
    return not (
        caller.is_async
        or caller.is_generator
        or callee.is_async
        or callee.is_generator
        or classifier.is_async_safe(edge.caller)
        or classifier.is_async_safe(edge.callee)
        or off_the_loop(edge.site, index)
    )


#: How many (function, argument values) pairs one search for another chain may visit before it
#: keeps the chain it was given.
SEARCH_LIMIT = 500


class ArgumentFlow(ParameterFlow):
    """Which blocking calls a coroutine's call reaches, given the arguments the calls of the
    chain pass (ADMF120).

    ``BlockingChains`` follows every call whatever it passes: ``context(None)`` reaches the
    ``ctx.load_cert_chain(certfile)`` that ``context()`` makes only ``if certfile is not
    None``. Here the chain is run again from the coroutine's call with the parameter values its
    calls show (literals, parameters passed on, defaults of omitted arguments: ``bind`` of
    ``deps/flow.py``, as ADMF125 follows calls into libraries), and a call under a parameter
    test (``Parameters.tests``) that those values make false is not reached through it. A
    chain cut that way is replaced by the shortest one the values leave (another blocking call
    of the same helpers), or dropped when none is left.

    A test of ``isinstance`` of a parameter is decided the same way, by what a caller's own
    test ruled out: ``if isinstance(response, SyncResponse): ... else:
    super().receive_response(response)`` passes a response that is not a ``SyncResponse``, and
    the ``elif isinstance(response, SyncResponse):`` branch of the base class's method (or of
    a subclass of it) is off for that call. What a caller's test ruled in (``if
    isinstance(message.target, Station): Address(message.target)``, a coroutine's test of an
    attribute of its parameter included) makes the helper's ``isinstance(value, Station)``
    true, and its ``elif`` branches off.
    """

    def __init__(self, project: ProjectContext, chains: dict[str, BlockingChain]) -> None:
        super().__init__(project.index)
        self.project = project
        self.chains = chains
        self._definitions: dict[str, list[FunctionFacts]] | None = None

    def chain_for(
        self,
        target: FunctionFacts,
        site: CallSite,
        chain: BlockingChain,
        caller: FunctionFacts | None = None,
    ) -> BlockingChain | None:
        """The chain the coroutine's call ``site`` of ``target`` runs: ``chain`` when no
        parameter test of it is false for the values passed, else another one, or None.
        ``caller`` is the coroutine (what its tests rule out of its parameters is known)."""
        path = [target.qualname, *(edge.callee for edge in chain.steps)]
        if not chain.call.entry.passes_on_a_decider(chain.site) and all(
            fn.parameters is None or not fn.parameters.tests
            for qualname in path
            for fn in self.definitions(qualname)
        ):
            return chain
        # The function each call leaves from (a name defined twice, under ``if``/``else``,
        # has two sets of facts: the one holding the call).
        sites = [*(edge.site for edge in chain.steps), chain.site]
        owners = [self._owner(qualname, call) for qualname, call in zip(path, sites, strict=True)]
        start = self.known(caller, site, {}) if caller is not None else {}
        env = self.bind(owners[0], site, start)
        for number, edge in enumerate(chain.steps):
            if self.switched_off(owners[number], edge.site, env):
                return self._search(target, site, chain, start)
            env = self.bind(
                owners[number + 1], edge.site, self.known(owners[number], edge.site, env)
            )
        if self.switched_off(owners[-1], chain.site, env) or returns_at_once(
            chain.site, chain.call, env
        ):
            return self._search(target, site, chain, start)
        return chain

    def definitions(self, qualname: str) -> list[FunctionFacts]:
        """Every function of the project named ``qualname`` (two for a name defined in both
        branches of an ``if``), in file order."""
        if self._definitions is None:
            self._definitions = {}
            for _, fn in self.index.iter_functions():
                self._definitions.setdefault(fn.qualname, []).append(fn)
        return self._definitions.get(qualname, [])

    def _owner(self, qualname: str, site: CallSite) -> FunctionFacts:
        """The function named ``qualname`` that makes the call ``site``."""
        found = self.definitions(qualname)
        if len(found) > 1:
            for fn in found:
                if any(call is site for call in fn.calls):
                    return fn
        return found[0] if found else self.index.functions[qualname]

    def _search(
        self,
        target: FunctionFacts,
        site: CallSite,
        given: BlockingChain,
        start: dict[str, Any],
    ) -> BlockingChain | None:
        """The shortest chain from ``target`` called at ``site`` whose parameter tests the
        values passed leave on (breadth first, calls in order); None when there is none.
        ``given`` when the search grows past :data:`SEARCH_LIMIT`."""
        index, classifier = self.index, self.project.blocking
        callees = self.project.graph.callees
        queue: deque[tuple[FunctionFacts, dict[str, Any], tuple[CallEdge, ...]]] = deque()
        seen: set[tuple[int, tuple[tuple[str, str], ...]]] = set()
        for fn in self.definitions(target.qualname):
            values = self.bind(fn, site, start)
            seen.add((id(fn), _values_key(values)))
            queue.append((fn, values, ()))
        while queue:
            fn, env, steps = queue.popleft()
            for call_site in fn.calls:
                call = classifier.call_blocks(index, call_site)
                if (
                    call is not None
                    and not self.switched_off(fn, call_site, env)
                    and not returns_at_once(call_site, call, env)
                ):
                    module = index.function_module[fn.qualname]
                    return BlockingChain(steps, module, fn, call_site, call)
            shared = len(self.definitions(fn.qualname)) > 1
            for edge in callees.get(fn.qualname, ()):
                if (
                    edge.callee not in self.chains
                    or (shared and not any(call is edge.site for call in fn.calls))
                    or not follows(index, classifier, edge)
                    or self.switched_off(fn, edge.site, env)
                ):
                    continue
                passed = self.known(fn, edge.site, env)
                for callee in self.definitions(edge.callee):
                    values = self.bind(callee, edge.site, passed)
                    key = (id(callee), _values_key(values))
                    if key in seen:
                        continue
                    if len(seen) >= SEARCH_LIMIT:
                        return given
                    seen.add(key)
                    queue.append((callee, values, (*steps, edge)))
        return None


def returns_at_once(site: CallSite, call: BlockingCall, env: dict[str, Any]) -> bool:
    """Whether the blocking call ``site`` returns at once for the parameter values ``env`` of
    its function (``result(timeout=0)`` calling ``future.result(timeout=timeout)``: the
    catalogue entry decides, :meth:`BlockingEntry.blocks`)."""
    if not env or not call.entry.passes_on_a_decider(site):
        return False
    known = {name: value for name, value in env.items() if value is not UNKNOWN}
    return bool(known) and not call.entry.blocks(site, known)


def _values_key(values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, repr(value)) for name, value in values.items()))


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

    A blocking call under a test of the helper's parameter is not reached through a call whose
    arguments make that test false: `tls_context(None)` does not reach the `load_cert_chain()`
    that `tls_context()` makes only `if certfile is not None`. The arguments read are literals
    (numbers, `None`, booleans, strings up to 24 characters: `check_version("async")` skips the
    blocking sync side of `if colour == "async": return ...`), defaults of omitted arguments,
    and parameters passed on by the helpers of the chain. The same values decide the blocking
    call at the end of the chain where it is given one of them: `self.result(timeout=0)` whose
    helper calls `self.future.result(timeout=timeout)` does not wait (a zero timeout returns or
    raises at once, as the literal would at the call itself). A test of `isinstance(p, C)` is
    decided by what the coroutine's own test ruled out: in the `else:` of `if
    isinstance(response, SyncResponse):` (or under `if not isinstance(...)`, or after `if
    isinstance(...): return`), `super().receive_response(response)` does not reach the base
    class's `elif isinstance(response, SyncResponse):` branch, nor one testing a subclass of
    `SyncResponse`. What it ruled in counts too, for a parameter or an attribute of one: under
    `if isinstance(message.target, Station):`, `Address(message.target)` takes the helper's
    `if isinstance(value, Station):` branch (or one testing a base class of `Station`), not
    the `elif isinstance(value, str):` that resolves a host name. A helper's test made before
    it binds its parameter again (`if path is None: return`, then `path = path.strip()`)
    reads the argument. Where the values leave another blocking call of the same helpers on,
    that one is reported instead. Not followed: what a test of an attribute of `self`
    (`self._verify`) rules out, a parameter passed through a helper that tests none of its
    own, a test after the parameter is bound again (or in a loop that binds it), and that an
    instance of `Station` is not a `str` (a subclass may be both).

    A helper's code that runs only where it has tested that no event loop runs in its thread
    is not on the coroutine's path: the branch of `if running is None:` after `try: running =
    asyncio.get_running_loop() except RuntimeError: running = None` (or `if not running:`, `if
    asyncio._get_running_loop() is None:`), an `except RuntimeError:` handler of a `try` that
    only calls `asyncio.get_running_loop()` (and may then log, on `log` or `logger` with names
    and literals as arguments, and return a name or a literal), or that instead starts one
    coroutine method of the object on the running loop (`asyncio.create_task(self.aclose())`,
    `asyncio.get_event_loop().create_task(self.aclose())`, names and literals as the method's
    arguments; a method that resolves to a plain `def` runs its body in the `try` and does not
    count) when the handler catches `RuntimeError` alone, the
    `else` of `if loop.is_running():` on
    `loop = asyncio.get_event_loop()`, and the rest of the helper after such a test whose other
    branch returns. That is how a sync helper runs `asyncio.run()` or `run_until_complete()`
    only when no coroutine called it; a coroutine's call takes the other branch. Not in a
    project that imports trio: on trio's thread no asyncio loop runs either.

    A chain ending in `self.q.get()` on a `queue.Queue` is not reported where the coroutine
    calls it right after `while self.q.empty(): await ...` and no other consumer of `self.q`
    runs in a thread the project starts: the queue is not empty there, the `get()` returns.

    One finding per blocking call: coroutines that reach the same blocking call through the
    project's helpers are one problem, fixed once where the chains meet (run that call in a
    thread, cache it, make the helper async), whichever sync function each coroutine calls
    first. Coroutines of one class that block in the same function (`sqlite3` statements run
    by each `async_*` method through its sync twin, at different lines) are one group too: the
    class does that work on the event loop, and one change (run it in a thread) fixes them.
    The finding is at the first coroutine call (by file, line and column) with its chain; its
    message counts and lists the other calls, and each is a related location. A
    `# noqa: ADMF120` on the reported line suppresses the group, with the other coroutines of
    the class that block in the same function: a `# noqa` for a deliberate short
    `time.sleep()` there also hides another coroutine of the class that reaches a long one.

    A chain through a cached function (`@functools.cache`, `lru_cache`, `memoize`) blocks once
    per process (per argument), the first time: that is ADMF129, opt-in like ADMF127's lazy
    imports, reported once, at the blocking call itself.

    A helper's `lock.acquire(); ...; lock.release()` (it releases the lock itself) is a mutex
    held for a few statements, as its `with lock:` is: no link of a chain (ADMF105 says the same
    of the pair in a coroutine). An `acquire()` that another thread's `release()` answers is a
    wait, and is one.

    A chain that ends in an event loop run to completion (`loop.run_until_complete()`,
    `asyncio.run()`, `run_forever()`: a sync facade over the library's own coroutines) says so:
    on the thread whose loop is running, asyncio refuses with RuntimeError at once instead of
    blocking. The fix is to await the coroutine; a thread helps only a facade that starts a loop
    of its own (`asyncio.run()`), not one that drives the loop it was given.

    Fix: make the chain async (`async def` with an async client), or run the sync entry point in a
    thread: `await asyncio.to_thread(self._refresh)`.
    """

    code = "ADMF120"
    name = "transitive-blocking-call"
    VALID: ClassVar[list[str]] = [
        "import asyncio, time\n\ndef settle():\n    time.sleep(1)\n\n"
        "async def f():\n    await asyncio.to_thread(settle)\n",
        "def total(xs):\n    return sum(xs)\n\nasync def f():\n    return total([1])\n",
        "import time\n\nclass Response: ...\nclass SyncResponse(Response): ...\n\n"
        "class Client:\n    def receive_response(self, response):\n"
        "        if isinstance(response, SyncResponse):\n            time.sleep(1)\n\n"
        "class AsyncClient(Client):\n    async def receive_response(self, response):\n"
        "        if isinstance(response, SyncResponse):\n            return\n"
        "        super().receive_response(response)\n",
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
        chains = [o for o in occurrences if o.root[0] != "cached"]
        return one_per_coroutine_root(project, chains, _also_reached)


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
        cached = [o for o in occurrences if o.root[0] == "cached"]
        return one_per_coroutine_root(project, cached, _also_reached)


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
    Roots of coroutines of one class that end in a call of the same function are joined (see
    :func:`_same_call_in_class`).
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
        arguments = ArgumentFlow(project, chains)
        occurrences = []
        siblings: list[tuple[Occurrence, tuple[str, str]]] = []
        for module, fn, site in unawaited_calls_in_coroutines(index):
            target = index.callee_function(site)
            if target is None or target.is_async or target.qualname not in chains:
                continue
            if id(site) in direct:
                continue
            found = arguments.chain_for(target, site, chains[target.qualname], fn)
            if found is None:
                continue  # every blocking call of the chain is switched off by the arguments
            chain = found
            if _takes_from_nonempty_queue(project, fn, site, chain):
                continue
            leaf = (chain.module.path, chain.site.line, chain.site.column)
            where = (module.path, site.line, site.column)
            head = [fn.qualname, target.qualname]
            note = (
                f"`{short_name(project, fn.qualname)}()` calls "
                f"`{short_name(project, target.qualname)}()`, which ends in "
                f"`{chain.call.name}()` too"
            )
            memoized = _first_memoized(project, target, chain)
            if memoized is None:
                finding = _finding(project, module, site, target, head, chain)
                fails = chain.call.entry.code == "ADMF112"
                occurrence = Occurrence(("calls", *leaf), finding, note, fails=fails)
                occurrences.append(occurrence)
                if fn.class_qualname is not None:
                    siblings.append((occurrence, (fn.class_qualname, chain.call.name)))
            else:
                finding = _cached_finding(project, memoized, head, chain)
                fails = chain.call.entry.code == "ADMF112"
                occurrences.append(
                    Occurrence(("cached", memoized, *leaf), finding, note, where, fails=fails)
                )
        merged = _same_call_in_class(siblings)
        occurrences = [
            replace(o, root=merged.get(o.root, o.root)) if o.root[0] == "calls" else o
            for o in occurrences
        ]
        return cls(tuple(occurrences), frozenset(o.place for o in occurrences))


def _same_call_in_class(
    siblings: Sequence[tuple[Occurrence, tuple[str, str]]],
) -> dict[RootKey, RootKey]:
    """Roots joined because coroutines of one class block in the same call.

    A class whose coroutines all end in the same blocking call (``sqlite3`` statements run by
    each ``async_*`` method through its sync twin) made one decision: it does that work on
    the event loop. One change fixes it (run that work in a thread), so the roots (the
    blocking calls' positions) of coroutines of one class that end in a call of the same
    function are one group, reported once. Returns each joined root's new key: the smallest
    root of its group.
    """
    parent: dict[RootKey, RootKey] = {}

    def find(key: RootKey) -> RootKey:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    first: dict[tuple[str, str], RootKey] = {}
    for occurrence, family in siblings:
        root = find(occurrence.root)
        other = first.setdefault(family, root)
        joined = find(other)
        if joined != root:
            # Roots of calls are all ("calls", path, line, column): they compare as tuples.
            low, high = sorted((joined, root))
            parent[high] = low
    return {key: find(key) for key in parent if find(key) != key}


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
    shown = short_name(project, target.qualname)
    if chain.call.entry.code == "ADMF112":
        # An event loop run to completion on the thread whose loop is running: asyncio refuses
        # (the running loop, a new one, asyncio.run() alike), so the call fails at once.
        message = (
            f"`{shown}()` runs an event loop to completion: `{rendered}`; on the event loop's "
            "thread asyncio refuses with RuntimeError (a loop is already running there), so "
            "this fails instead of blocking; make the chain async and await the coroutine (a "
            "facade that starts a loop of its own, as `asyncio.run()` does, also works from a "
            "thread: `await asyncio.to_thread(...)`)"
        )
    else:
        message = (
            f"`{shown}()` blocks the event loop: `{rendered}`; "
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
