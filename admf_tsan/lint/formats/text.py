"""The ``text`` format: ``path:line:col: CODE message``, a source excerpt, and related notes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from admf_tsan.lint.api import LintReport
from admf_tsan.lint.formats.paths import absolute, display
from admf_tsan.lint.ftypes import Finding


class _Sources:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str | None:
        lines = self._lines.get(path)
        if lines is None:
            try:
                data = absolute(path, self.root).read_bytes()
                lines = data.decode("utf-8", "replace").splitlines()
            except OSError:
                lines = []
            self._lines[path] = lines
        return lines[number - 1] if 0 < number <= len(lines) else None


def _excerpt(finding: Finding, sources: _Sources) -> list[str]:
    text = sources.line(finding.path, finding.line)
    if text is None:
        return []
    gutter = str(finding.line)
    pad = " " * len(gutter)
    start = max(finding.column - 1, 0)
    end = finding.end_column - 1 if finding.end_line == finding.line else len(text.rstrip())
    width = max(end - start, 1)
    return [
        f"{pad} |",
        f"{gutter} | {text.expandtabs(1)}",
        f"{pad} | {' ' * start}{'^' * width}",
    ]


def format_finding(finding: Finding, root: Path, sources: _Sources | None = None) -> str:
    """One finding: the header line, the excerpt, and one ``= note:`` line per related place."""
    fix = " [*]" if finding.fixable else ""
    lines = [
        f"{display(finding.path, root)}:{finding.line}:{finding.column}: "
        f"{finding.code}{fix} {finding.message}"
    ]
    if sources is not None:
        lines.extend(_excerpt(finding, sources))
    for related in finding.related:
        lines.append(
            f"  = note: {display(related.path, root)}:{related.line}:{related.column}: "
            f"{related.message}"
        )
    return "\n".join(lines)


def statistics_table(findings: tuple[Finding, ...]) -> str:
    """Counts per code, most frequent first (``--statistics``)."""
    from admf_tsan.lint.rules import RULES_BY_CODE

    counts = Counter(f.code for f in findings)
    fixable = Counter(f.code for f in findings if f.fixable)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = RULES_BY_CODE.get(code)
        name = rule.name if rule is not None else ""
        mark = "[*]" if fixable[code] else "   "
        rows.append(f"{count:>6}  {code}  {mark} {name}")
    return "\n".join(rows)


def format_text(report: LintReport) -> str:
    sources = _Sources(report.root)
    blocks = [format_finding(f, report.root, sources) for f in report.findings]
    count = len(report.findings)
    if count:
        fixable = sum(f.fixable for f in report.findings)
        noun = "finding" if count == 1 else "findings"
        summary = f"Found {count} {noun}"
        if fixable:
            summary += f" ({fixable} fixable with `--fix`)"
        blocks.append(summary + ".")
    else:
        files = report.statistics.files
        blocks.append(f"All checks passed ({files} {'file' if files == 1 else 'files'}).")
    return "\n\n".join(blocks) + "\n"
