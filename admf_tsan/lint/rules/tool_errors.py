"""ADMF001, ADMF002, ADMF003: files the linter cannot analyse (reported by the engine, no crash)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.rule import Invalid, LintRule


class SyntaxErrorInFile(LintRule):
    """ADMF001: the file does not parse as Python.

    The linter reports the parser's message at the place it points to and analyses nothing else in
    that file; other files are still checked (calls into this file are simply not resolved).

    Fix: make the file valid Python for the interpreter you run the linter with (Python 3.11+
    syntax), or exclude it in `[tool.admf-tsan] exclude`.
    """

    code = "ADMF001"
    name = "syntax-error"
    VALID: ClassVar[list[str]] = ["x = 1\n", ""]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid("def f(:\n    pass\n", message="does not parse"),
        Invalid("async def f():\n    await = 1\n"),
    ]


class UndecodableFile(LintRule):
    """ADMF002: the file cannot be decoded: not UTF-8, a wrong `coding:` declaration, or NUL bytes.

    Python reads source as UTF-8 unless a `# -*- coding: ... -*-` line says otherwise. A file whose
    bytes do not match is not Python the interpreter can import, so it is reported, not guessed.

    Fix: save the file as UTF-8 (or declare its real encoding on the first or second line).
    """

    code = "ADMF002"
    name = "undecodable-file"
    VALID: ClassVar[list[str]] = ["# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n"]
    INVALID: ClassVar[list[Invalid]] = [Invalid("name = 'caf\udce9'\n", message="UTF-8")]


class TooDeeplyNested(LintRule):
    """ADMF003: the file nests too deeply for the analysis (or for the interpreter).

    A few generated files nest expressions or blocks hundreds of levels deep. Instead of crashing
    (flake8-async raises `RecursionError` on the standard library's `pydoc_data/topics.py`), the
    linter reports this finding and skips the file.

    Fix: exclude generated files in `[tool.admf-tsan] exclude`.
    """

    code = "ADMF003"
    name = "too-deeply-nested"
    VALID: ClassVar[list[str]] = ["x = ((((1))))\n"]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid("x = " + "-" * 5000 + "1\n", message="nests too deeply"),
    ]
