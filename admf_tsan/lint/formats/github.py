"""The ``github`` format: GitHub Actions workflow commands that annotate the pull request."""

from __future__ import annotations

from admf_tsan.lint.api import LintReport
from admf_tsan.lint.formats.paths import display


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: LintReport) -> str:
    lines = []
    for f in report.findings:
        message = f.message
        if f.related:
            notes = "; ".join(
                f"{display(r.path, report.root)}:{r.line}: {r.message}" for r in f.related
            )
            message += f"\n{notes}"
        properties = ",".join(
            [
                f"file={_escape_property(display(f.path, report.root))}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line or f.line}",
                f"endColumn={f.end_column or f.column}",
                f"title={_escape_property(f'admf-tsan ({f.code})')}",
            ]
        )
        lines.append(f"::error {properties}::{_escape_data(f'{f.code} {message}')}")
    if report.command_line:
        # Set-aside findings (command-line modules) fail nothing; one notice says they exist.
        count = len(report.command_line)
        noun = "finding" if count == 1 else "findings"
        text = (
            f"{count} blocking-call {noun} of command-line code not shown "
            "(command-line-modules); `--command-line-modules=` shows them"
        )
        lines.append(f"::notice title=admf-tsan::{_escape_data(text)}")
    return "".join(line + "\n" for line in lines)
