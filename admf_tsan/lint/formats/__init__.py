"""Output formats of ``admf-tsan lint``: ``text``, ``json``, ``sarif`` and ``github``.

Each formatter takes the report and returns the whole output as one string.
"""

from __future__ import annotations

from collections.abc import Callable

from admf_tsan.lint.api import LintReport
from admf_tsan.lint.formats.github import format_github
from admf_tsan.lint.formats.json import format_json
from admf_tsan.lint.formats.sarif import format_sarif
from admf_tsan.lint.formats.text import format_text

Formatter = Callable[[LintReport], str]

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}
