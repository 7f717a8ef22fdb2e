"""The terminal summary of a stress session: per context, runs, failures, violations, replays.

Each stressed item leaves one ``("admf_stress", {...})`` entry in its report's
``user_properties``; those survive pytest-xdist's serialization, so the controller (or the only
process, without xdist) adds up the same records either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from pytest_admf.session.replay import FingerprintChange

__all__ = [
    "PROPERTY",
    "ContextTally",
    "StressReporter",
    "StressSummary",
    "StressedFailure",
    "stressed_record",
]

PROPERTY = "admf_stress"
REPORT_PROPERTY = "admf_report"
"""The user property holding the path of a failure's HTML report (``--admf-report``)."""


@dataclass
class ContextTally:
    """Counts for one context: stressed tests, runs of their bodies, failed tests, findings."""

    tests: int = 0
    runs: int = 0
    failures: int = 0
    violations: int = 0


@dataclass(frozen=True)
class StressedFailure:
    """One failed stressed test: where, which run, its seed and the command that replays it."""

    nodeid: str
    context: str
    run: int
    runs_planned: int
    seed: int
    strategy: str | None
    replay: str


@dataclass
class StressSummary:
    """Everything the terminal summary prints, added up from the items' reports."""

    base_seed: int
    contexts: dict[str, ContextTally] = field(default_factory=dict)
    failures: list[StressedFailure] = field(default_factory=list)
    code_changes: list[tuple[str, FingerprintChange]] = field(default_factory=list)
    reports: dict[str, str] = field(default_factory=dict)

    def record(self, nodeid: str, data: dict[str, Any], *, failed: bool) -> None:
        """Add one item's record (``data`` is its ``admf_stress`` user property)."""
        tally = self.contexts.setdefault(str(data["context"]), ContextTally())
        tally.tests += 1
        tally.runs += int(data["runs"])
        tally.violations += int(data["violations"])
        for change in data.get("code_changes") or ():
            self.code_changes.append((nodeid, FingerprintChange.from_record(change)))
        if failed:
            tally.failures += 1
            if data.get("seed") is not None:
                self.failures.append(
                    StressedFailure(
                        nodeid,
                        str(data["context"]),
                        int(data["runs"]),
                        int(data["planned"]),
                        int(data["seed"]),
                        data.get("strategy"),
                        str(data["replay"]),
                    )
                )

    def write(self, reporter: Any) -> None:
        """Write the summary section to pytest's terminal reporter."""
        if not self.contexts:
            return
        reporter.write_sep("=", "admf-tsan stress summary")
        reporter.write_line(
            f"base seed {self.base_seed} (replay the session with --admf-seed={self.base_seed})"
        )
        header = f"{'context':<8} {'tests':>6} {'runs':>7} {'failures':>9} {'violations':>11}"
        reporter.write_line(header)
        for name in (
            "single",
            "multi",
            "async",
            *sorted(set(self.contexts) - {"single", "multi", "async"}),
        ):
            tally = self.contexts.get(name)
            if tally is None:
                continue
            counts = f"{tally.tests:>6} {tally.runs:>7} {tally.failures:>9} {tally.violations:>11}"
            reporter.write_line(f"{name:<8} {counts}")
        if self.failures:
            reporter.write_line("")
            reporter.write_line("failures and the commands that replay them:")
            for failure in sorted(self.failures, key=lambda item: item.nodeid):
                strategy = f", {failure.strategy}" if failure.strategy else ""
                reporter.write_line(
                    f"  {failure.nodeid}: run {failure.run} of {failure.runs_planned}, "
                    f"seed {failure.seed}{strategy}"
                )
                reporter.write_line(f"    {failure.replay}")
                if failure.nodeid in self.reports:
                    reporter.write_line(f"    report: {self.reports[failure.nodeid]}")
        if self.code_changes:
            reporter.write_line("")
            reporter.write_line("replayed seeds whose code changed since they were recorded:")
            for nodeid, change in sorted(self.code_changes, key=lambda pair: pair[0]):
                reporter.write_line(f"  {nodeid}:")
                reporter.write_line(f"    {change.message()}")


def stressed_record(report: pytest.TestReport) -> dict[str, Any] | None:
    """The ``admf_stress`` record of a report, or None for a test that was not stressed."""
    for name, value in report.user_properties:
        if name == PROPERTY and isinstance(value, dict):
            return value
    return None


class StressReporter:
    """The plugin object (registered in the controller only) that adds up and prints the summary."""

    def __init__(self, base_seed: int) -> None:
        self.summary = StressSummary(base_seed)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == REPORT_PROPERTY:
                self.summary.reports[report.nodeid] = str(value)
        record = stressed_record(report)
        if record is not None:
            self.summary.record(report.nodeid, record, failed=report.failed)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        self.summary.write(terminalreporter)
