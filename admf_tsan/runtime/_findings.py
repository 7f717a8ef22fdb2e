"""What the runtime checkers found: one ``Finding`` per violation, gathered in a ``CheckReport``."""

from __future__ import annotations

import _thread
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from admf_tsan.errors import (
    AdmfTsanError,
    BlockingCallError,
    DeadlockDetected,
    LockOrderViolation,
    ThreadSafetyViolation,
)

__all__ = ["CheckReport", "CheckStatistics", "Finding", "KINDS"]

KINDS: dict[str, type[AdmfTsanError]] = {
    "lock-order": LockOrderViolation,
    "self-deadlock": DeadlockDetected,
    "blocking-call": BlockingCallError,
    "deadlock": DeadlockDetected,
    "stall": DeadlockDetected,
    "thread-affinity": ThreadSafetyViolation,
}
"""Every kind of finding, and the exception class that carries it."""


@dataclass(frozen=True)
class Finding:
    """One violation: its kind, the thread it happened on, and the full readable text.

    ``error`` is the exception that was (or would have been) raised; its message is ``text``.
    """

    kind: str
    thread: str
    summary: str
    text: str
    error: AdmfTsanError = field(compare=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class CheckStatistics:
    """Counters of a checking session, taken when its block ends (zero while it runs).

    ``lock_classes`` and ``lock_order_edges`` describe the validator's graph (an ordered pair
    of two locks of one class counts as an edge, as it is reported as one),
    ``instrumented_locks`` counts checked locks made, ``blocking_calls_checked`` the wrapped
    calls that ran on an event-loop thread and would block (allowed or reported),
    ``watchdog_reports`` the deadlocks and stalls seen.
    """

    findings: int = 0
    lock_classes: int = 0
    lock_order_edges: int = 0
    instrumented_locks: int = 0
    blocking_calls_checked: int = 0
    watchdog_reports: int = 0


class CheckReport:
    """The findings of one ``checking()`` block or ``admf-tsan run``.

    Thread-safe: checkers on any thread add findings while the block runs. A finding is
    *delivered* when it was raised in the thread that runs the block, so the block's exit
    does not raise it a second time; one raised in another thread (a worker) is not.
    """

    def __init__(self) -> None:
        self._findings: list[Finding] = []
        self._delivered: set[int] = set()
        self._raised: set[int] = set()
        self._mutex = _thread.allocate_lock()
        self._statistics = CheckStatistics()

    def add(self, finding: Finding, *, delivered: bool = False, raised: bool = False) -> None:
        """Record ``finding``; ``delivered`` when it is raised in the block's own thread,
        ``raised`` when it is raised where it happened (whatever the thread)."""
        with self._mutex:
            self._findings.append(finding)
            if delivered:
                self._delivered.add(id(finding))
            if raised or delivered:
                self._raised.add(id(finding))

    def was_raised(self, finding: Finding) -> bool:
        """True when ``finding`` was raised where it happened (in whatever thread)."""
        with self._mutex:
            return id(finding) in self._raised

    @property
    def findings(self) -> list[Finding]:
        """Every finding so far, oldest first (a copy)."""
        with self._mutex:
            return list(self._findings)

    @property
    def violations(self) -> list[AdmfTsanError]:
        """The exception of every finding, oldest first."""
        return [finding.error for finding in self.findings]

    def of_kind(self, *kinds: str) -> list[Finding]:
        """The findings whose kind is one of ``kinds`` (see ``KINDS``).

        Raises ValueError for a kind that does not exist.
        """
        unknown = [kind for kind in kinds if kind not in KINDS]
        if unknown:
            raise ValueError(f"unknown finding kind(s) {unknown}: expected some of {sorted(KINDS)}")
        return [finding for finding in self.findings if finding.kind in kinds]

    def statistics(self) -> CheckStatistics:
        """The session's counters, with this report's number of findings."""
        with self._mutex:
            return replace(self._statistics, findings=len(self._findings))

    def set_statistics(self, statistics: CheckStatistics) -> None:
        """Called by ``checking()`` when the block ends."""
        with self._mutex:
            self._statistics = statistics

    def undelivered(self) -> list[Finding]:
        """Findings that were recorded but never raised in the block's own thread."""
        with self._mutex:
            return [f for f in self._findings if id(f) not in self._delivered]

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def __bool__(self) -> bool:
        return True

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def format(self) -> str:
        """The whole report as text: a summary line, then every finding in full."""
        findings = self.findings
        if not findings:
            return "admf-tsan: no concurrency violations found"
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        parts = [f"admf-tsan: {len(findings)} concurrency violation(s) found ({summary})"]
        for number, finding in enumerate(findings, 1):
            parts.append(f"\n[{number}] {finding.kind.upper()} on thread {finding.thread!r}")
            parts.append(finding.text)
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        kinds = sorted({finding.kind for finding in self.findings})
        return f"<CheckReport {len(self)} finding(s){': ' + ', '.join(kinds) if kinds else ''}>"
