"""SARIF names the tool's version; spans of the lock and state rules cover the expression."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from pathlib import Path

import admf_tsan

from .conftest import CliResult


def test_sarif_driver_has_the_package_version(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": "x = 1\n"})
    driver = cli("--format", "sarif").json()["runs"][0]["tool"]["driver"]
    assert driver["version"] == importlib.metadata.version("admf-tsan")
    assert driver["version"] == admf_tsan.__version__
    assert driver["semanticVersion"] == driver["version"]


BOOK = """\
import asyncio
import threading


class Book:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._other = threading.Lock()
        self.orders: list[int] = []

    def add(self, order: int) -> None:
        with self._lock:
            self.orders.append(order)
            with self._other:
                pass

    def peek(self) -> int:
        with self._other:
            with self._lock:
                pass
        return sum(self.orders)

    def clear(self) -> None:
        self.orders.remove(self.orders[0])

    async def slow(self) -> None:
        with self._lock:
            await asyncio.sleep(1)
"""

#: code -> (line, column, end_line, end_column, the text the span covers)
EXPECTED_SPANS = {
    "ADMF201": (14, 18, 14, 29, "self._other"),
    "ADMF402": (21, 20, 21, 31, "self.orders"),
    "ADMF401": (24, 9, 24, 20, "self.orders"),
    "ADMF301": (28, 13, 28, 35, "await asyncio.sleep(1)"),
}


def test_spans_cover_the_expression_in_json(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"book.py": BOOK})
    findings = cli("--format", "json").json()
    spans = {f["code"]: (f["line"], f["column"], f["end_line"], f["end_column"]) for f in findings}
    assert spans == {code: expected[:4] for code, expected in EXPECTED_SPANS.items()}
    lines = BOOK.splitlines()
    for line, column, _, end_column, text in EXPECTED_SPANS.values():
        assert lines[line - 1][column - 1 : end_column - 1] == text


def test_spans_cover_the_expression_in_sarif_github_and_text(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"book.py": BOOK})
    results = cli("--format", "sarif").json()["runs"][0]["results"]
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in results}
    for code, (line, column, end_line, end_column, _) in EXPECTED_SPANS.items():
        assert regions[code] == {
            "startLine": line,
            "startColumn": column,
            "endLine": end_line,
            "endColumn": end_column,
        }
    github = cli("--format", "github").out
    assert "line=28,col=13,endLine=28,endColumn=35" in github
    text = cli().out
    assert "28 |             await asyncio.sleep(1)\n   |             " + "^" * 22 + "\n" in text
    assert (
        "24 |         self.orders.remove(self.orders[0])\n   |         " + "^" * 11 + "\n" in text
    )
