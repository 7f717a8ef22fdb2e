"""The ``sarif`` format: SARIF 2.1.0 as GitHub code scanning accepts it.

URIs are relative to the project root with ``uriBaseId: "%SRCROOT%"``; every rule is described in
``tool.driver.rules``; related locations become ``relatedLocations`` and a ``codeFlows`` entry:
one thread flow that walks a call chain in order, or, for a lock cycle, one thread flow per side
(the thread that takes the locks in that order).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from admf_tsan.lint.api import LintReport
from admf_tsan.lint.ftypes import Finding, Related

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The distribution whose version is the tool's version (``tool.driver.version``).
DISTRIBUTION = "admf-tsan"
HELP_URI = "https://github.com/admf-tsan/admf-tsan/blob/main/docs/rules/{code}.md"


def _uri(path: str) -> dict[str, str]:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": path, "uriBaseId": "%SRCROOT%"}


def _location(
    path: str, line: int, column: int, end_line: int = 0, end_column: int = 0
) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": line, "startColumn": column}
    if end_line:
        region["endLine"] = end_line
    if end_column and (end_line, end_column) > (line, column):
        region["endColumn"] = end_column
    return {"physicalLocation": {"artifactLocation": _uri(path), "region": region}}


def _related(related: Related, index: int) -> dict[str, Any]:
    location = _location(related.path, related.line, related.column)
    location["id"] = index
    location["message"] = {"text": related.message}
    return location


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index[finding.code],
        "level": "error" if finding.code.startswith("ADMF0") else "warning",
        "message": {"text": finding.message},
        "locations": [
            _location(
                finding.path, finding.line, finding.column, finding.end_line, finding.end_column
            )
        ],
    }
    if finding.related:
        result["relatedLocations"] = [_related(r, i) for i, r in enumerate(finding.related, 1)]
        steps = [
            {
                "location": {
                    **_location(finding.path, finding.line, finding.column),
                    "message": {"text": finding.message},
                }
            }
        ]
        steps += [
            {"location": {**_location(r.path, r.line, r.column), "message": {"text": r.message}}}
            for r in finding.related
        ]
        result["codeFlows"] = [
            {"threadFlows": _thread_flows(finding.related) or [{"locations": steps}]}
        ]
    return result


def _set_aside(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    """A finding set aside as command-line code (``command-line-modules``): a result with an
    external suppression, so that a SARIF viewer shows it as suppressed, not as a problem."""
    result = _result(finding, rule_index)
    result["suppressions"] = [
        {
            "kind": "external",
            "justification": "a blocking call in a command-line module (command-line-modules)",
        }
    ]
    return result


def _thread_flows(related: tuple[Related, ...]) -> list[dict[str, Any]]:
    """One thread flow per side of a lock cycle (related messages start ``[path N] ``)."""
    sides: dict[str, list[dict[str, Any]]] = {}
    for r in related:
        side, _, text = r.message.partition("] ")
        if not side.startswith("[path ") or not text:
            return []
        location = {**_location(r.path, r.line, r.column), "message": {"text": text}}
        sides.setdefault(side, []).append({"location": location})
    return [{"locations": steps} for steps in sides.values()] if len(sides) > 1 else []


def tool_version() -> str:
    """The installed package's version (``0.0.0+unknown`` when it is not installed)."""
    import importlib.metadata  # imports email, zipfile, csv: only when SARIF is asked for

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0+unknown"


def sarif_document(report: LintReport) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    from admf_tsan.lint.rules import ALL_RULES

    rules = []
    rule_index: dict[str, int] = {}
    for position, rule in enumerate(ALL_RULES):
        rule_index[rule.code] = position
        rules.append(
            {
                "id": rule.code,
                "name": "".join(part.title() for part in rule.name.split("-")),
                "shortDescription": {"text": rule.summary()},
                "fullDescription": {"text": rule.description() or rule.summary()},
                "help": {"text": rule.description() or rule.summary()},
                "helpUri": HELP_URI.format(code=rule.code),
                "defaultConfiguration": {
                    "level": "error" if rule.code.startswith("ADMF0") else "warning"
                },
                "properties": {"tags": ["concurrency"]},
            }
        )
    version = tool_version()
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "admf-tsan",
                        "version": version,
                        "semanticVersion": version,
                        "informationUri": "https://github.com/admf-tsan/admf-tsan",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": report.root.resolve().as_uri() + "/"}},
                "results": [
                    *(_result(f, rule_index) for f in report.findings),
                    *(_set_aside(f, rule_index) for f in report.command_line),
                ],
            }
        ],
    }


def format_sarif(report: LintReport) -> str:
    return json.dumps(sarif_document(report), indent=2) + "\n"
