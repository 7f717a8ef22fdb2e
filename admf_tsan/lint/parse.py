"""Parse a module with ``ast``, also when it uses syntax newer than the running interpreter.

The linter parses with the interpreter it runs on. A pre-commit hook on a Python 3.11 machine
still meets code written for 3.12 and later: PEP 695 type parameters and ``type X = ...``
aliases, PEP 701 f-strings (nested quotes, backslashes and comments inside ``{}``), 3.14
template strings. For such a file only (``ast.parse`` failed), libcst's parser, which reads the
newer grammars on any interpreter, parses it, and the newer constructs are rewritten *in place*
into 3.11 syntax that means the same to the analysis, one character for one character, so that
every line and column of the rewritten source is the original's:

* ``type Alias[T] = value`` -> ``Alias        = value`` (the name moves to the statement's start);
* ``class C[T](Base):`` / ``def f[T](x):`` -> the type parameters become blanks (a ``\\`` ends
  each line of a multi-line list);
* an f-string or t-string (with the strings it is implicitly concatenated with) -> a tuple of its
  expressions, ``f"a {x!r} {y:>{w}}"`` -> ``(   x,   y,  w,  )``: the calls inside are kept where
  they were, the literal text becomes blanks.

Everything else keeps the speed of ``ast``: the fallback costs a libcst parse, and runs only for
files the interpreter cannot parse.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["NEWER_GRAMMARS", "ParsedModule", "parse_module"]

#: The grammars tried, oldest first, when the interpreter's own parser fails.
NEWER_GRAMMARS = ("3.12", "3.13", "3.14")
_LINE_ENDS = re.compile(r"(?<=\n)")


@dataclass(frozen=True, slots=True)
class ParsedModule:
    """An ``ast`` tree, and the grammar it needed when the interpreter's own was too old.

    ``text`` is the source the tree was parsed from: the original, or its in-place rewrite (same
    lines, same character columns) when ``grammar`` names a newer Python (``"3.12"``).
    """

    tree: ast.Module
    text: str
    grammar: str | None = None


def parse_module(text: str, path: str) -> ParsedModule:
    """Parse ``text`` (the decoded source of ``path``).

    Raises the interpreter's own ``SyntaxError`` when neither it nor a newer grammar accepts the
    source; ``RecursionError`` / ``MemoryError`` for pathological nesting, as ``ast.parse`` does.
    """
    try:
        return ParsedModule(_ast_parse(text, path), text)
    except SyntaxError as error:
        if sys.version_info >= (3, 14):
            raise
        newer = _parse_newer(text, path)
        if newer is None:
            raise error from None
        return newer


def _ast_parse(text: str, path: str) -> ast.Module:
    with warnings.catch_warnings():
        # Invalid escapes and the like are the compiler's business, not a lint finding.
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=path)


def _parse_newer(text: str, path: str) -> ParsedModule | None:
    """The tree of ``text`` read with the first newer grammar that accepts it, or ``None``."""
    try:
        import libcst
    except ImportError:  # pragma: no cover - libcst is a dependency of the linter
        return None
    current = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for grammar in NEWER_GRAMMARS:
        if _version_key(grammar) <= _version_key(current):
            continue
        try:
            module = libcst.parse_module(
                text, config=libcst.PartialParserConfig(python_version=grammar)
            )
        except (libcst.ParserSyntaxError, ValueError, RecursionError):
            continue
        rewritten = _rewrite(module, text)
        if rewritten is None:
            return None
        try:
            tree = _ast_parse(rewritten, path)
        except (SyntaxError, ValueError):
            return None
        return ParsedModule(tree, rewritten, grammar)
    return None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class _Source:
    """The source as mutable lines of characters; edits replace characters one for one."""

    def __init__(self, text: str) -> None:
        self.lines = [list(line) for line in _LINE_ENDS.split(text)]

    def set(self, line: int, column: int, char: str) -> None:
        self.lines[line - 1][column] = char

    def blank(
        self, start: tuple[int, int], end: tuple[int, int], keep: Sequence[Span] = ()
    ) -> None:
        """Blank ``[start, end)`` but the ``keep`` spans; line breaks stay."""
        for line, column in self._positions(start, end):
            if any(span.contains(line, column) for span in keep):
                continue
            if self.lines[line - 1][column] not in "\r\n":
                self.lines[line - 1][column] = " "

    def continue_lines(self, start: tuple[int, int], end: tuple[int, int]) -> bool:
        """End every line inside ``[start, end)`` with ``\\`` (the span must be blank there)."""
        for line in range(start[0], end[0]):
            chars = self.lines[line - 1]
            body = len(chars)
            while body and chars[body - 1] in "\r\n":
                body -= 1
            first = start[1] if line == start[0] else 0
            if body - 1 < first:
                return False
            chars[body - 1] = "\\"
        return True

    def _positions(self, start: tuple[int, int], end: tuple[int, int]) -> Iterator[tuple[int, int]]:
        line, column = start
        while (line, column) < end:
            if column >= len(self.lines[line - 1]):
                line, column = line + 1, 0
                continue
            yield line, column
            column += 1

    def text(self) -> str:
        return "".join("".join(chars) for chars in self.lines)


@dataclass(frozen=True, slots=True)
class Span:
    """``[start, end)`` as ``(line, column)`` pairs (1-based lines, 0-based character columns)."""

    start: tuple[int, int]
    end: tuple[int, int]

    def contains(self, line: int, column: int) -> bool:
        return self.start <= (line, column) < self.end


def _rewrite(module: object, text: str) -> str | None:
    """``text`` with the constructs newer than 3.11 rewritten in place, or ``None`` if it can't."""
    import libcst
    from libcst.metadata import MetadataWrapper, PositionProvider

    assert isinstance(module, libcst.Module)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    source = _Source(text)

    def span(node: libcst.CSTNode) -> Span:
        found = positions[node]
        start = (found.start.line, found.start.column)
        end = (found.end.line, found.end.column)
        lpar = getattr(node, "lpar", ())
        rpar = getattr(node, "rpar", ())
        if lpar:
            first = positions[lpar[0]]
            start = min(start, (first.start.line, first.start.column))
        if rpar:
            last = positions[rpar[-1]]
            end = max(end, (last.end.line, last.end.column))
        return Span(start, end)

    failed = False
    strings_done: set[int] = set()

    def expressions(parts: Sequence[libcst.CSTNode]) -> Iterator[libcst.BaseExpression]:
        for part in parts:
            if isinstance(
                part, libcst.FormattedStringExpression | libcst.TemplatedStringExpression
            ):
                yield part.expression
                yield from expressions(part.format_spec or ())

    def string_group(node: libcst.BaseExpression) -> list[libcst.BaseExpression]:
        """The strings implicitly concatenated in ``node`` (each marked as handled)."""
        strings_done.add(id(node))
        if isinstance(node, libcst.ConcatenatedString):
            return [*string_group(node.left), *string_group(node.right)]
        return [node]

    def rewrite_strings(node: libcst.BaseExpression) -> None:
        group = string_group(node)
        kept = [
            span(expression)
            for part in group
            if isinstance(part, libcst.FormattedString | libcst.TemplatedString)
            for expression in expressions(part.parts)
        ]
        whole = span(node)
        source.blank(whole.start, whole.end, kept)
        source.set(*whole.start, "(")
        end_line, end_column = whole.end
        source.set(end_line, end_column - 1, ")")
        for expression in kept:
            source.set(*expression.end, ",")

    class Rewriter(libcst.CSTVisitor):
        def visit_ConcatenatedString(self, node: libcst.ConcatenatedString) -> None:
            if id(node) in strings_done:
                return
            group = string_group(node)
            if any(isinstance(p, libcst.FormattedString | libcst.TemplatedString) for p in group):
                rewrite_strings(node)

        def visit_FormattedString(self, node: libcst.FormattedString) -> None:
            if id(node) not in strings_done:
                rewrite_strings(node)

        def visit_TemplatedString(self, node: libcst.TemplatedString) -> None:
            if id(node) not in strings_done:
                rewrite_strings(node)

        def visit_TypeParameters(self, node: libcst.TypeParameters) -> None:
            nonlocal failed
            params = span(node)
            source.blank(params.start, params.end)
            if not source.continue_lines(params.start, params.end):
                failed = True

        def visit_TypeAlias(self, node: libcst.TypeAlias) -> None:
            nonlocal failed
            statement = span(node)
            value = span(node.value)
            if statement.start[0] != value.start[0]:
                failed = True  # a multi-line alias head: rare enough to leave as a parse error
                return
            width = value.start[1] - statement.start[1]
            name = node.name.value
            head = name.ljust(width - 1) + "="
            line, column = statement.start
            for offset, char in enumerate(head):
                source.set(line, column + offset, char)

    wrapper.module.visit(Rewriter())
    return None if failed else source.text()
