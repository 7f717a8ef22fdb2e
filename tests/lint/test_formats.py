"""Output formats: JSON shape, SARIF 2.1.0 as GitHub code scanning reads it, GitHub annotations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from admf_tsan.lint.rules import ALL_RULES

from .conftest import CliResult

CHAIN = {
    "pkg/__init__.py": "",
    "pkg/net.py": "import requests\n\ndef pull(u):\n    return requests.get(u)\n",
    "pkg/svc.py": "from pkg.net import pull\n\nasync def run():\n    pull('u')\n",
}


def test_json_shape(project: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    project(CHAIN)
    [item] = cli("--format", "json").json()
    assert set(item) == {
        "code",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "fixable",
        "related",
    }
    assert (item["code"], item["path"], item["line"], item["column"]) == (
        "ADMF120",
        "pkg/svc.py",
        4,
        5,
    )
    assert (item["end_line"], item["end_column"]) == (4, 14)
    assert item["related"] == [
        {
            "path": "pkg/net.py",
            "line": 4,
            "column": 12,
            "message": "`pull()` calls `requests.get()`, which blocks (ADMF102)",
        }
    ]


def test_sarif_is_what_github_code_scanning_reads(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(CHAIN)
    log = cli("--format", "sarif").json()
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "admf-tsan"
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in ALL_RULES]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["helpUri"].endswith(f"{rule['id']}.md")
    [result] = run["results"]
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "ADMF120"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "pkg/svc.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 14}
    [related] = result["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "pkg/net.py"
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    uris = [s["location"]["physicalLocation"]["artifactLocation"]["uri"] for s in steps]
    assert uris == ["pkg/svc.py", "pkg/net.py"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")


def test_sarif_without_findings_is_still_a_valid_log(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": "x = 1\n"})
    log = cli("--format", "sarif").json()
    assert log["runs"][0]["results"] == []


def test_github_annotations_escape_properties_and_data(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a,b.py": "import time\n\nasync def f():\n    time.sleep(1)\n", **CHAIN})
    lines = cli("--format", "github").out.splitlines()
    assert lines[0].startswith("::error file=a%2Cb.py,line=4,col=5,endLine=4,endColumn=18,")
    assert "title=admf-tsan (ADMF101)::ADMF101 `time.sleep()`" in lines[0]
    assert "%0Apkg/net.py:4: `pull()` calls" in lines[1]
