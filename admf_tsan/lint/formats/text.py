"""The ``text`` format: ``path:line:col: CODE message``, a source excerpt, and related notes."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from admf_tsan.lint.api import LintReport
from admf_tsan.lint.formats.paths import display
from admf_tsan.lint.formats.sources import SourceLines
from admf_tsan.lint.ftypes import Finding


def _escaped(char: str) -> str | None:
    """How a character that must not reach the terminal is shown, or None if it may."""
    if char == "\t":
        return " "
    category = unicodedata.category(char)
    if category == "Cs":  # an undecodable byte, kept by surrogateescape
        return f"\\x{ord(char) - 0xDC00:02x}"
    if category in {"Cc", "Cf", "Zl", "Zp"}:  # controls, bidi overrides, line separators
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return None


def printable(text: str, start: int = 0, end: int = 0) -> tuple[str, int, int]:
    """``text`` safe to print (control characters escaped, tabs as one space), and the span
    ``[start, end)`` of character indexes moved onto the escaped text."""
    shown: list[str] = []
    positions = []
    width = 0
    for char in text:
        positions.append(width)
        piece = _escaped(char)
        piece = char if piece is None else piece
        shown.append(piece)
        width += len(piece)
    positions.append(width)
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    return "".join(shown), positions[start], positions[end]


def _excerpt(finding: Finding, sources: SourceLines) -> list[str]:
    text = sources.line(finding.path, finding.line)
    if text is None:
        return []
    gutter = str(finding.line)
    pad = " " * len(gutter)
    start = max(finding.column - 1, 0)
    end = finding.end_column - 1 if finding.end_line == finding.line else len(text.rstrip())
    if end <= start:
        end = start + 1
    shown, shown_start, shown_end = printable(text, start, end)
    width = max(shown_end - shown_start, 1)
    return [
        f"{pad} |",
        f"{gutter} | {shown}",
        f"{pad} | {' ' * shown_start}{'^' * width}",
    ]


def format_finding(finding: Finding, root: Path, sources: SourceLines | None = None) -> str:
    """One finding: the header line, the excerpt, and one ``= note:`` line per related place."""
    fix = " [*]" if finding.fixable else ""
    header = (
        f"{display(finding.path, root)}:{finding.line}:{finding.column}: "
        f"{finding.code}{fix} {finding.message}"
    )
    lines = [printable(header)[0]]
    if sources is not None:
        lines.extend(_excerpt(finding, sources))
    for related in finding.related:
        note = f"{display(related.path, root)}:{related.line}:{related.column}: {related.message}"
        lines.append(f"  = note: {printable(note)[0]}")
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
    sources = SourceLines(report.root)
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
