"""The runtime checkers around one run of a stressed test, and what they found.

``admf_tsan.runtime.checking()`` turns on the lock-order validator, the thread-affinity checks,
the blocking-call detector (which matters in ASYNC context, where the loop thread must never
block) and the deadlock bookkeeping; the plugin collects its findings instead of raising them
where they happen, so that one report lists them all and the run still finishes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from admf_tsan.runtime import CheckReport

__all__ = ["FATAL_KINDS", "CheckOutcome", "runtime_checks"]

FATAL_KINDS = ("self-deadlock", "deadlock")
"""Finding kinds after which the threads involved can never finish."""


@dataclass
class CheckOutcome:
    """What the checkers found in one run: ``count`` findings, ``text`` their full report."""

    count: int = 0
    text: str = ""
    kinds: list[str] = field(default_factory=list)
    live: CheckReport | None = None

    def fatal(self) -> str | None:
        """While the run goes on: the report, if the checkers already found a deadlock.

        A thread that re-acquires its own lock, or a lock cycle the watchdog saw, never ends:
        the runners stop waiting for it at once instead of at the deadline.
        """
        live = self.live
        if live is None or not live.of_kind(*FATAL_KINDS):
            return None
        return live.format()


def _keep_quiet(report: object) -> None:
    """The watchdog's report is a finding of the run; do not also print it to stderr."""


@contextmanager
def runtime_checks(timeout: float) -> Iterator[CheckOutcome]:
    """Run the block with every runtime checker on; fill the outcome when it ends.

    Findings are collected, not raised at the point of detection; ``timeout`` is the stall
    limit of the checker's watchdog (whose report becomes a finding, not stderr output).
    """
    from admf_tsan.runtime import checking

    outcome = CheckOutcome()
    with checking(
        raise_on_violation=False, deadlock_timeout=timeout, on_deadlock=_keep_quiet
    ) as report:
        outcome.live = report
        try:
            yield outcome
        finally:
            findings = report.findings
            outcome.count = len(findings)
            outcome.kinds = [finding.kind for finding in findings]
            outcome.text = report.format() if findings else ""
            outcome.live = None
