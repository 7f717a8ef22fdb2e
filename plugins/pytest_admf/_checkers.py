"""The runtime checkers around one run of a stressed test, and what they found.

``admf_tsan.runtime.checking()`` turns on the lock-order validator, the thread-affinity checks,
the blocking-call detector (which matters in ASYNC context, where the loop thread must never
block) and the deadlock bookkeeping; the plugin collects its findings instead of raising them
where they happen, so that one report lists them all and the run still finishes.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FATAL_KINDS", "CheckOutcome", "checkers_available", "runtime_checks"]

FATAL_KINDS = frozenset({"self-deadlock", "deadlock"})
"""Finding kinds after which the threads involved can never finish."""


@dataclass
class CheckOutcome:
    """What the checkers found in one run: ``count`` findings, ``text`` their full report."""

    available: bool
    count: int = 0
    text: str = ""
    kinds: list[str] = field(default_factory=list)
    live: Any = None

    def fatal(self) -> str | None:
        """While the run goes on: the report, if the checkers already found a deadlock.

        A thread that re-acquires its own lock, or a lock cycle the watchdog saw, never ends:
        the runners stop waiting for it at once instead of at the deadline.
        """
        if self.live is None:
            return None
        findings = [f for f in self.live.findings if getattr(f, "kind", "") in FATAL_KINDS]
        if not findings:
            return None
        return str(self.live.format())


def _checking() -> Any | None:
    try:
        from admf_tsan.runtime import checking
    except ImportError:
        return None
    return checking


def checkers_available() -> bool:
    """Whether ``admf_tsan.runtime.checking`` can be imported here."""
    return _checking() is not None


def _keep_quiet(report: object) -> None:
    """The watchdog's report is a finding of the run; do not also print it to stderr."""


@contextmanager
def runtime_checks(timeout: float) -> Iterator[CheckOutcome]:
    """Run the block with every runtime checker on; fill the outcome when it ends.

    Findings are collected, not raised at the point of detection; ``timeout`` is the stall
    limit of the checker's watchdog. When the runtime checker is
    not importable the block runs unchecked and ``available`` is False.
    """
    checking = _checking()
    if checking is None:
        yield CheckOutcome(available=False)
        return
    outcome = CheckOutcome(available=True)
    options: dict[str, Any] = {}
    parameters = inspect.signature(checking).parameters
    if "raise_on_violation" in parameters:
        options["raise_on_violation"] = False
    if "deadlock_timeout" in parameters:
        # The watchdog reports a stall of real threads; its report becomes a finding.
        options["deadlock_timeout"] = timeout
    if "on_deadlock" in parameters:
        options["on_deadlock"] = _keep_quiet
    with checking(**options) as report:
        outcome.live = report
        try:
            yield outcome
        finally:
            findings = list(report.findings)
            outcome.count = len(findings)
            outcome.kinds = [str(getattr(finding, "kind", "violation")) for finding in findings]
            outcome.text = report.format() if findings else ""
            outcome.live = None
