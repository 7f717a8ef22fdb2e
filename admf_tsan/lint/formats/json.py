"""The ``json`` format: a list of findings in the shape documented in docs/linter.md."""

from __future__ import annotations

import json

from admf_tsan.lint.api import LintReport
from admf_tsan.lint.formats.paths import display


def format_json(report: LintReport) -> str:
    items = []
    for finding in report.findings:
        item = finding.to_json()
        item["path"] = display(finding.path, report.root)
        for related in item["related"]:
            related["path"] = display(related["path"], report.root)
        items.append(item)
    return json.dumps(items, indent=2) + "\n"
