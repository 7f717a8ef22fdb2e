"""``admf-tsan lint --add-noqa``: mark every line with a finding ``# noqa: CODE``.

The way to adopt the linter on a code base that already has findings: run it once, review and
commit the comments, and from then on the gate fails only on new findings (ruff's
``--add-noqa`` does the same for its rules). A line that already has a ``# noqa: CODES``
comment gets the new codes added to that comment; any other comment stays and the directive
goes after it.

A directive only counts on the line a finding is reported on (``scopes.noqa_lines``), and
some lines cannot take a comment at their end without changing the program: a line that ends
inside a multi-line string (the comment would become part of the string) and a line that
continues with a backslash (a comment after it is a syntax error). Those findings are left
as they are and named, so that nothing is hidden by accident.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from admf_tsan.lint.analysis.scopes import NOQA_CODE, NOQA_DIRECTIVE, noqa_lines

_LONE_CR = re.compile(rb"\r(?!\n)")


@dataclass(frozen=True)
class Unplaced:
    """Codes that could not be marked on ``line``, and why."""

    line: int
    codes: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class NoqaEdit:
    """The file with its directives added, how many lines got one, and what could not."""

    text: bytes
    added: int
    unplaced: tuple[Unplaced, ...]


def _line_facts(source: bytes) -> tuple[set[int], set[int], dict[int, tokenize.TokenInfo]]:
    """Lines whose end is inside a string, lines that continue with a backslash, and the
    comment token of each line that has one. Raises ``tokenize.TokenError`` or
    ``SyntaxError`` on a file that does not tokenize."""
    in_string: set[int] = set()
    comments: dict[int, tokenize.TokenInfo] = {}
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token
        elif token.end[0] > token.start[0]:
            # A string over several lines: every line but its last ends inside it.
            in_string.update(range(token.start[0], token.end[0]))
    backslash = {
        number
        for number, text in enumerate(source.splitlines(), start=1)
        if text.rstrip(b" \t\f").endswith(b"\\")
        and number not in in_string
        and number not in comments
    }
    return in_string, backslash, comments


def add_noqa(source: bytes, codes_by_line: Mapping[int, Iterable[str]]) -> NoqaEdit:
    """``source`` with ``# noqa: CODE`` on each line of ``codes_by_line`` (codes merged into a
    directive already there). The bytes of every other line, and each line's ending, are kept.
    """
    wanted = {line: sorted(set(codes)) for line, codes in codes_by_line.items() if codes}
    if not wanted:
        return NoqaEdit(source, 0, ())
    if _LONE_CR.search(source):
        # The parser ends a line at a lone CR, the tokenizer does not: their line numbers differ.
        reason = "the file ends lines with a lone carriage return"
        return NoqaEdit(
            source, 0, tuple(Unplaced(line, tuple(codes), reason) for line, codes in wanted.items())
        )
    in_string, backslash, comments = _line_facts(source)
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    if encoding == "utf-8-sig":
        encoding = "utf-8"  # the mark starts the file only: never write it on another line
    lines = source.splitlines(keepends=True)
    existing = noqa_lines(source)
    added = 0
    unplaced: list[Unplaced] = []
    changed: dict[int, tuple[bytes, list[str]]] = {}
    for number, codes in sorted(wanted.items()):
        have = existing.get(number, frozenset())
        if have is None:
            continue  # a bare directive already covers every code
        missing = [code for code in codes if code not in have]
        if not missing:
            continue
        if not 1 <= number <= len(lines):
            unplaced.append(Unplaced(number, tuple(missing), "the line is not in the file"))
            continue
        if number in in_string:
            unplaced.append(
                Unplaced(number, tuple(missing), "the line ends inside a multi-line string")
            )
            continue
        if number in backslash:
            unplaced.append(Unplaced(number, tuple(missing), "the line continues with a backslash"))
            continue
        raw = lines[number - 1]
        body = raw.rstrip(b"\r\n")
        ending = raw[len(body) :]
        comment = comments.get(number)
        merged = None
        if comment is not None:
            text = comment.string
            # The directive as the linter reads it (``noqa_lines``): its codes get the new ones.
            written = text.encode(encoding)
            match = NOQA_DIRECTIVE.search(written)
            if match is not None and match.group("codes") is not None:
                old = NOQA_CODE.findall(match.group("codes").decode("ascii").upper())
                new_codes = ", ".join([*old, *(c for c in missing if c not in old)])
                new_text = (
                    written[: match.start("codes")]
                    + new_codes.encode("ascii")
                    + written[match.end("codes") :]
                ).decode(encoding)
                merged = _replace_comment(body, comment, text, new_text, encoding)
                if merged is None:
                    # A second directive after the first would not count: leave it to the user.
                    unplaced.append(
                        Unplaced(number, tuple(missing), "its `# noqa` comment could not be edited")
                    )
                    continue
        if merged is None:
            merged = body.rstrip(b" \t") + f"  # noqa: {', '.join(missing)}".encode(encoding)
        lines[number - 1] = merged + ending
        changed[number] = (raw, missing)
        added += 1
    # What the linter will read: a line where it reads another directive first (the same text
    # in a string before the comment) is put back and named.
    directives = noqa_lines(b"".join(lines))
    for number, (raw, missing) in changed.items():
        have = directives.get(number, frozenset())
        if have is not None and not set(missing) <= have:
            lines[number - 1] = raw
            added -= 1
            unplaced.append(
                Unplaced(number, tuple(missing), "the linter reads other `noqa` text on the line")
            )
    unplaced.sort(key=lambda item: item.line)
    return NoqaEdit(b"".join(lines), added, tuple(unplaced))


def _replace_comment(
    body: bytes, comment: tokenize.TokenInfo, old: str, new: str, encoding: str
) -> bytes | None:
    """``body`` with the comment ``old`` (the line's last token) replaced by ``new``; None when
    the comment's text is not where the token says (an encoding the columns do not match)."""
    text = body.decode(encoding)
    start = comment.start[1]
    if text[start : start + len(old)] != old:
        return None
    return (text[:start] + new + text[start + len(old) :]).encode(encoding)
