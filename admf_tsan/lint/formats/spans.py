"""Complete the span of findings reported at a position only, from the source, before output.

Rules that work from the project's facts (lock order, locks held across ``await``, guarded
state) know where the expression they report starts but not where it ends: facts record start
positions only. Output should underline the expression (text), and give its end (``end_line``/
``end_column`` in JSON, ``endLine``/``endColumn`` in SARIF and GitHub annotations), so before
formatting each such finding gets the span of the expression starting at its position:

* the lock expression or the call (``self._lock``, ``self._lock.acquire()``, ``helper(x)``),
  with a leading ``await`` (``await asyncio.sleep(1)``) or ``async with`` (``async with lock``);
* for the guarded-state rules, the access itself (``self.orders`` in ``self.orders.append(x)``,
  ``CACHE`` in ``CACHE.clear()``).

Only the tokens from the position on are read (no parse of the file). A finding whose span is
already known, or whose position does not start an expression, is left as it is.
"""

from __future__ import annotations

import itertools
import tokenize
from collections.abc import Iterator
from dataclasses import replace

from admf_tsan.lint.api import LintReport
from admf_tsan.lint.formats.sources import SourceLines
from admf_tsan.lint.ftypes import Finding

#: Rules whose finding is a read or write of state: the span is the access, not what is done
#: with it.
STATE_ACCESS_CODES = frozenset({"ADMF401", "ADMF402", "ADMF403"})
#: Names through which the object's or the class's own attributes are reached.
_RECEIVERS = frozenset({"self", "cls"})
_OPENING = {"(": ")", "[": "]"}
_SKIPPED = frozenset({tokenize.NL, tokenize.COMMENT})


def needs_span(finding: Finding) -> bool:
    """Whether the finding has a position but no span (and is not a tool error)."""
    if finding.code.startswith("ADMF0"):
        return False
    return finding.end_line in (0, finding.line) and finding.end_column <= finding.column


def with_spans(report: LintReport) -> LintReport:
    """The report with every finding that :func:`needs_span` given its expression's span."""
    if not any(needs_span(f) for f in report.findings):
        return report
    sources = SourceLines(report.root)
    findings = []
    for finding in report.findings:
        if needs_span(finding):
            end = expression_end(
                sources.lines(finding.path),
                finding.line,
                finding.column,
                access_only=finding.code in STATE_ACCESS_CODES,
            )
            if end is not None:
                finding = replace(finding, end_line=end[0], end_column=end[1])
        findings.append(finding)
    return replace(report, findings=tuple(findings))


def expression_end(
    lines: list[str], line: int, column: int, *, access_only: bool = False
) -> tuple[int, int] | None:
    """Where the expression starting at ``line``:``column`` ends (1-based, end exclusive).

    ``column`` counts characters. With ``access_only``, only ``NAME`` or ``self.NAME`` /
    ``cls.NAME`` is taken. None when no name starts there or the tokens cannot be read.
    """
    if not 0 < line <= len(lines) or not 0 < column <= len(lines[line - 1]) + 1:
        return None
    offset = column - 1
    rows = itertools.chain([lines[line - 1][offset:]], itertools.islice(lines, line, None))

    def readline() -> str:
        row = next(rows, None)
        return "" if row is None else row + "\n"  # "" is the end of the file for tokenize

    tokens = (t for t in tokenize.generate_tokens(readline) if t.type not in _SKIPPED)
    try:
        end = _primary_end(tokens, access_only)
    except (tokenize.TokenError, SyntaxError, StopIteration):
        return None
    if end is None:
        return None
    row, col = end
    return line + row - 1, col + 1 + (offset if row == 1 else 0)


def _primary_end(tokens: Iterator[tokenize.TokenInfo], access_only: bool) -> tuple[int, int] | None:
    """End (tokenize row/col) of ``[await | async with] NAME (.NAME | (...) | [...])*``, or with
    ``access_only`` of ``self.NAME`` / ``cls.NAME`` / ``NAME``."""
    token = next(tokens)
    if access_only:
        if token.type != tokenize.NAME:
            return None
        if token.string not in _RECEIVERS:
            return token.end
        dot, name = next(tokens), next(tokens)
        return name.end if dot.string == "." and name.type == tokenize.NAME else token.end
    if token.type == tokenize.NAME and token.string == "await":
        token = next(tokens)
    elif token.type == tokenize.NAME and token.string == "async":
        keyword = next(tokens)
        if keyword.string != "with":
            return keyword.end  # ``async for``: the loop's target is not what waits
        token = next(tokens)
    if token.type != tokenize.NAME:
        return None
    end = token.end
    while True:
        token = next(tokens)
        if token.type != tokenize.OP:
            return end
        if token.string == ".":
            name = next(tokens)
            if name.type != tokenize.NAME:
                return end
            end = name.end
        elif token.string in _OPENING:
            end = _closing(tokens, token.string)
        else:
            return end


def _closing(tokens: Iterator[tokenize.TokenInfo], opening: str) -> tuple[int, int]:
    """End of the bracket matching ``opening`` (already consumed)."""
    expected = [_OPENING[opening]]
    for token in tokens:
        if token.type != tokenize.OP:
            continue
        if token.string in _OPENING or token.string == "{":
            expected.append(_OPENING.get(token.string, "}"))
        elif expected and token.string == expected[-1]:
            expected.pop()
            if not expected:
                return token.end
    raise tokenize.TokenError("unbalanced brackets")
