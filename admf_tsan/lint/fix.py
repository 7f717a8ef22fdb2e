"""Apply the safe fixes of findings to source text (``--fix``) or show them (``--diff``).

Edits come from the rules as (line, column) ranges; imports a fix needs are added with libcst's
``AddImportsVisitor``, which places them after the docstring and ``__future__`` imports and
skips modules already imported. A fixed file that would not parse is left untouched.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import libcst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from admf_tsan.lint.ftypes import Edit, Finding


@dataclass(frozen=True, slots=True)
class FixResult:
    """The new text of one file and the findings whose fixes it contains."""

    text: str
    fixed: tuple[Finding, ...]


def _offsets(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _offset(starts: Sequence[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def apply_fixes(text: str, findings: Iterable[Finding]) -> FixResult:
    """Apply every non-overlapping fix in ``findings`` to ``text``.

    Findings without a fix are ignored. Returns the original text (and no fixed findings) when the
    result would not parse.
    """
    starts = _offsets(text)
    chosen: list[tuple[int, int, Edit, Finding]] = []
    for finding in findings:
        if finding.fix is None:
            continue
        spans = [
            (_offset(starts, e.line, e.column), _offset(starts, e.end_line, e.end_column), e)
            for e in finding.fix.edits
        ]
        if any(
            start < other_end and other_start < end
            for start, end, _ in spans
            for other_start, other_end, _, _ in chosen
        ):
            continue
        chosen.extend((start, end, edit, finding) for start, end, edit in spans)
    if not chosen:
        return FixResult(text, ())
    new = text
    for start, end, edit, _ in sorted(chosen, key=lambda item: -item[0]):
        new = new[:start] + edit.replacement + new[end:]
    fixed = tuple(dict.fromkeys(finding for _, _, _, finding in chosen))
    imports = sorted({module for f in fixed if f.fix for module in f.fix.imports})
    try:
        tree = libcst.parse_module(new)
        if imports:
            context = CodemodContext()
            for module in imports:
                AddImportsVisitor.add_needed_import(context, module)
            tree = AddImportsVisitor(context).transform_module(tree)
            new = tree.code
            libcst.parse_module(new)
    except libcst.ParserSyntaxError:
        return FixResult(text, ())
    return FixResult(new, fixed)


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of one file, as ``--diff`` prints it."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )
