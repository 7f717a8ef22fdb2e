"""ADMF125 and ADMF126: a coroutine calls into an installed package that blocks inside."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.deps.summaries import DependencyBlocking, DependencyFinding
from admf_tsan.lint.ftypes import Finding, LintConfig
from admf_tsan.lint.rule import (
    Invalid,
    Occurrence,
    ProjectContext,
    ProjectRule,
    RootKey,
    one_per_coroutine_root,
)
from admf_tsan.lint.rules.transitive_blocking import TransitiveBlocking, TransitiveBlockingCalls


def _reported_by_transitive_blocking(project: ProjectContext) -> frozenset[tuple[str, int, int]]:
    """Call sites ADMF120 reports: a project chain already says the call blocks, so the chain
    through a dependency at the same call is not a second finding."""
    if not project.config.enabled(TransitiveBlocking.code):
        return frozenset()
    return project.fact(TransitiveBlockingCalls).sites


def _message(found: DependencyFinding, definite: bool) -> str:
    names = found.names(found.head[0].caller)
    rendered = " -> ".join(f"{name}()" for name in names)
    called = found.head[0].callee.removesuffix(".__init__")
    verb = "blocks" if definite else "may block"
    return (
        f"`{called}()` {verb} the event loop inside a dependency: `{rendered}` "
        f"({found.chain.call.entry.code}); make the call once at startup, or in a thread "
        "(`await asyncio.to_thread(...)`), or use the library's async API"
    )


def _one_per_exit(project: ProjectContext, code: str, definite: bool) -> list[Finding]:
    """The dependency chains of ``code``, one finding per root, reported at the first
    coroutine's call and listing the others.

    The root is the last line of the project's own code on the way to the blocking call: the
    call into the dependency (the last project link of the chain), the one place that changes
    every chain through it. Coroutines that reach ``slowclient.connect()`` through one project
    helper are one root; two coroutines calling ``slowclient.Client()`` themselves are two (each
    call is changed on its own), even when the library ends both in the same blocking call.
    """
    transitive = _reported_by_transitive_blocking(project)
    occurrences = []
    for found in project.fact(DependencyBlocking).findings:
        if found.definite != definite:
            continue
        if (found.module.path, found.site.line, found.site.column) in transitive:
            continue
        finding = project.finding(
            found.module, found.site, code, _message(found, definite), related=found.related()
        )
        exit_ = found.head[-1]
        called = found.head[0].callee.removesuffix(".__init__")
        occurrences.append(
            Occurrence(
                ("exit", exit_.path, exit_.line, exit_.column, found.chain.call.name),
                finding,
                f"`{found.head[0].caller}()` calls `{called}()`, which reaches the same call "
                "into the dependency",
                fails=found.chain.call.entry.code == "ADMF112",
            )
        )
    return one_per_coroutine_root(project, occurrences, _also_reached)


def _also_reached(root: RootKey, count: int, listing: str) -> str:
    calls = "project call" if count == 1 else "project calls"
    return f"also reached from {count} other {calls}: {listing}"


class BlockingInDependency(ProjectRule):
    """ADMF125: a coroutine calls into an installed package that blocks the event loop inside.

    The project's own line looks harmless (`openai.AsyncOpenAI(...)`, `httpx.AsyncClient()`,
    `await client.login()`), but the library it calls builds an SSL context and loads the
    certificate store, connects a socket or starts a process: the blocking call is inside the
    package (reading or writing one file, a metadata query and a directory listing count only
    when their opt-in rules, ADMF130, ADMF128 and ADMF131, are selected; the linter does not
    follow such a call into its source while its rule is off).
    The linter follows the call into the package's source (installed for the interpreter it runs
    under, or the one `--python PATH` / `python-path` names), through the package's helpers,
    constructors and base classes and into pure-Python standard-library modules, down to a call
    of the blocking-call catalogue. The finding is at your line; the chain through the library is
    in the message and its steps are related locations.

    Reported only when the blocking call is reached on the path your call takes as far as the
    analysis can tell: literal arguments and parameter defaults are passed down the chain, so
    `httpx.AsyncClient(verify=False)` (which skips loading certificates) is not reported. Chains
    that depend on something the analysis cannot decide (an environment variable, a value
    computed at run time) are ADMF126, which is opt-in. Functions a framework runs on the event
    loop without being coroutines count too when `loop-decorators` / `loop-methods` name them.
    Calls named in `async-safe` are not followed, nor are debugger stops (`breakpoint()`,
    `pdb.set_trace()`): stopping the loop there is their purpose. A call that ADMF120 already
    reports (the project's own helpers reach a blocking call) is not reported again for a chain
    through a dependency.

    One finding per line of the project that calls into the dependency: coroutines reaching
    the library through one project helper are reported once, at the first coroutine call, with
    the others listed (the helper is what changes); coroutines calling the library themselves
    are one finding each. A `# noqa: ADMF125` on the reported line suppresses the group.

    Fix: create clients once at startup (or in a thread: `await asyncio.to_thread(Client)`),
    pass a prepared `ssl.SSLContext`, or use the library's async API.
    """

    code = "ADMF125"
    name = "blocking-in-dependency"
    VALID: ClassVar[list[str]] = [
        "import asyncio, ssl\n\nasync def peer_certificate(addr):\n"
        "    return await asyncio.to_thread(ssl.get_server_certificate, addr)\n",
        "import json\n\nasync def parse(text):\n    return json.loads(text)\n",
        "import pdb\n\nasync def handle(msg):\n    if msg.get('debug'):\n        pdb.set_trace()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import ssl\n\nasync def peer_certificate(addr):\n"
            "    return ssl.get_server_certificate(addr)\n",
            message="`peer_certificate() -> ssl.get_server_certificate() -> "
            "socket.create_connection()`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        return _one_per_exit(project, self.code, definite=True)


class MayBlockInDependency(ProjectRule):
    """ADMF126: a coroutine calls into an installed package that may block inside (opt-in).

    Like ADMF125, but the blocking call is reached only on some paths through the library, and
    the analysis cannot tell which one your call takes (an environment variable, a value known only
    at run time, a loop over a collection). Read the chain and decide; the rule is off unless
    `select` names it explicitly (`--select ADMF126` or `select = ["ADMF125", "ADMF126"]`).
    """

    code = "ADMF126"
    name = "may-block-in-dependency"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import json\n\nasync def parse(text):\n    return json.loads(text)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import ftplib\n\nasync def fetch(host):\n    return ftplib.FTP(host)\n",
            message="`fetch() -> ftplib.FTP.__init__() -> ftplib.FTP.connect() -> "
            "socket.create_connection()`",
        ),
    ]

    @staticmethod
    def opted_in(config: LintConfig) -> bool:
        """Whether the configuration names this code itself (a prefix does not opt in)."""
        return MayBlockInDependency.selected(config)

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        if not self.opted_in(project.config):
            return []
        return _one_per_exit(project, self.code, definite=False)
