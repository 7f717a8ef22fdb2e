"""The span completion itself: which expression a position starts, never a hang or a crash."""

from __future__ import annotations

import pytest

from admf_tsan.lint.formats.spans import expression_end

LINES = [
    "        with self._other:",
    "    self.orders.append(x)",
    "    await asyncio.sleep(",
    "        1)",
    "x = CACHE.clear()",
    "    async with self.lock:",
    "    f(a,  # comment",
    "      b)[0].x + 1",
    "    g(",
    "      1, 2",
]


@pytest.mark.parametrize(
    ("line", "column", "access_only", "end"),
    [
        (1, 14, False, (1, 25)),  # the lock expression
        (2, 5, False, (2, 26)),  # the whole call
        (2, 5, True, (2, 16)),  # the access only: self.orders
        (3, 5, False, (4, 11)),  # await and a call over two lines
        (5, 5, True, (5, 10)),  # a module global: CACHE
        (6, 5, False, (6, 25)),  # async with and its context manager
        (7, 5, False, (8, 14)),  # brackets across lines and a comment, then [0].x
    ],
)
def test_expression_end(line: int, column: int, access_only: bool, end: tuple[int, int]) -> None:
    assert expression_end(LINES, line, column, access_only=access_only) == end


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    ("lines", "line", "column"),
    [
        (LINES, 9, 5),  # an unclosed bracket up to the end of the file
        (LINES, 5, 3),  # `=` starts no expression
        (LINES, 99, 1),  # past the end of the file
        (LINES, 1, 200),  # past the end of the line
        (["x = 'abc"], 1, 5),  # an unterminated string
        (['f("""', "x"], 1, 1),  # an unterminated triple-quoted string
    ],
)
def test_no_span_when_none_can_be_read(lines: list[str], line: int, column: int) -> None:
    assert expression_end(lines, line, column) is None
