"""The chains a dependency finding reports: links from a project call down to a blocking call."""

from __future__ import annotations

from dataclasses import dataclass

from admf_tsan.lint.analysis.facts import CallSite, FunctionFacts, ModuleFacts
from admf_tsan.lint.blocking import BlockingCall
from admf_tsan.lint.ftypes import Related

__all__ = ["DependencyChain", "DependencyFinding", "Link"]


@dataclass(frozen=True, slots=True)
class Link:
    """One call of a chain: ``caller`` calls ``callee`` at ``path:line:column``."""

    caller: str
    callee: str
    path: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class DependencyChain:
    """From a library function down to a blocking call: the calls, nearest first."""

    links: tuple[Link, ...]
    call: BlockingCall


@dataclass(frozen=True, slots=True)
class DependencyFinding:
    """A call in a project function that runs on the loop and blocks inside a dependency."""

    module: ModuleFacts
    function: FunctionFacts
    site: CallSite
    head: tuple[Link, ...]
    chain: DependencyChain
    definite: bool

    def names(self, display: str) -> list[str]:
        """The functions of the chain, from the project function to the blocking call."""
        names = [display]
        names += [link.callee for link in self.head]
        names += [link.callee for link in self.chain.links]
        return names

    def related(self) -> list[Related]:
        return [
            Related(link.path, link.line, link.column, f"`{link.caller}()` calls `{link.callee}()`")
            for link in (*self.head[1:], *self.chain.links)
        ]
