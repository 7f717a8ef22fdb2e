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

__all__ = ["CheckOutcome", "checkers_available", "runtime_checks"]


@dataclass
class CheckOutcome:
    """What the checkers found in one run: ``count`` findings, ``text`` their full report."""

    available: bool
    count: int = 0
    text: str = ""
    kinds: list[str] = field(default_factory=list)


def _checking() -> Any | None:
    try:
        from admf_tsan.runtime import checking
    except ImportError:
        return None
    return checking


def checkers_available() -> bool:
    """Whether ``admf_tsan.runtime.checking`` can be imported here."""
    return _checking() is not None


@contextmanager
def runtime_checks() -> Iterator[CheckOutcome]:
    """Run the block with every runtime checker on; fill the outcome when it ends.

    Findings are collected, not raised at the point of detection. When the runtime checker is
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
    with checking(**options) as report:
        try:
            yield outcome
        finally:
            findings = list(report.findings)
            outcome.count = len(findings)
            outcome.kinds = [str(getattr(finding, "kind", "violation")) for finding in findings]
            outcome.text = report.format() if findings else ""
