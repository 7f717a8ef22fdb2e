"""One finding per root: grouping, where the group is reported, ``noqa`` on it, the formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from admf_tsan.lint.analysis.facts import ModuleFacts
from admf_tsan.lint.engine import analyse_project, extract_module, lint_source
from admf_tsan.lint.ftypes import Edit, Finding, Fix, LintConfig
from admf_tsan.lint.rule import Occurrence, RootKey, one_per_root

from .conftest import CliResult

#: Three coroutines in two modules reach one blocking call through different helpers.
CHAINS = {
    "pkg/__init__.py": "",
    "pkg/security.py": (
        "import ssl\n\n\n"
        "def tls_context():\n"
        "    return ssl.create_default_context()\n\n\n"
        "def listen_args():\n"
        "    return {'ssl': tls_context()}\n"
    ),
    "pkg/client.py": (
        "from pkg.security import tls_context\n\n\n"
        "def get_client():\n"
        "    return tls_context()\n\n\n"
        "async def report():\n"
        "    return get_client()\n"
    ),
    "pkg/server.py": (
        "from pkg.security import listen_args\n\n\n"
        "async def start():\n"
        "    return listen_args()\n\n\n"
        "async def restart():\n"
        "    return listen_args()\n"
    ),
}


def _modules(files: dict[str, str]) -> list[ModuleFacts]:
    modules = []
    for path, source in files.items():
        module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        modules.append(
            extract_module(source.encode(), path, module, is_package=path.endswith("__init__.py"))
        )
    return modules


def _others(root: RootKey, count: int, listing: str) -> str:
    return f"{count} more: {listing}"


def test_coroutines_reaching_one_blocking_call_are_one_finding_at_the_first() -> None:
    findings = analyse_project(_modules(CHAINS), LintConfig())
    assert [(f.path, f.line, f.code) for f in findings] == [("pkg/client.py", 9, "ADMF120")]
    [finding] = findings
    assert "report() -> get_client() -> tls_context() -> ssl.create_default_context()" in (
        finding.message
    )
    assert "also reached from 2 other coroutine calls: server.py:5, server.py:9" in (
        finding.message
    )
    members = [(r.path, r.line) for r in finding.related if r.path == "pkg/server.py"]
    assert members == [("pkg/server.py", 5), ("pkg/server.py", 9)]


def test_the_group_does_not_depend_on_the_order_of_the_modules() -> None:
    modules = _modules(CHAINS)
    assert analyse_project(modules, LintConfig()) == analyse_project(modules[::-1], LintConfig())


def test_noqa_on_the_reported_line_suppresses_the_group_and_elsewhere_does_not() -> None:
    on_first = dict(CHAINS)
    on_first["pkg/client.py"] = CHAINS["pkg/client.py"].replace(
        "return get_client()\n", "return get_client()  # noqa: ADMF120\n"
    )
    assert analyse_project(_modules(on_first), LintConfig()) == []
    on_member = dict(CHAINS)
    on_member["pkg/server.py"] = CHAINS["pkg/server.py"].replace(
        "return listen_args()\n", "return listen_args()  # noqa: ADMF120\n", 1
    )
    reported = analyse_project(_modules(on_member), LintConfig())
    assert [(f.path, f.line) for f in reported] == [("pkg/client.py", 9)]


def test_callbacks_under_one_lock_are_one_finding_and_noqa_silences_it() -> None:
    source = (
        "import threading\n\nclass Bus:\n    def __init__(self, on_a, on_b):\n"
        "        self._lock = threading.Lock()\n"
        "        self.on_a = on_a\n        self.on_b = on_b\n\n"
        "    def fire_a(self):\n        with self._lock:\n            self.on_a()\n\n"
        "    def fire_b(self):\n        with self._lock:\n            self.on_b()\n"
    )
    selected = LintConfig(select=frozenset({"ADMF205"}))
    [finding] = [f for f in lint_source(source, config=selected) if f.code == "ADMF205"]
    assert finding.line == 11
    assert "and 1 more call site calls unknown code under `Bus._lock`: example.py:15" in (
        finding.message
    )
    silenced = source.replace("self.on_a()\n", "self.on_a()  # noqa: ADMF205\n")
    assert [f for f in lint_source(silenced, config=selected) if f.code == "ADMF205"] == []


def test_calls_on_what_a_blocking_call_returned_are_listed_in_its_finding() -> None:
    # The typed receivers of test_types.py: resolved, and part of the call that made them.
    context = (
        "import ssl\n\nasync def f():\n    ctx = ssl.create_default_context()\n"
        "    ctx.load_cert_chain('c')\n"
    )
    [finding] = lint_source(context)
    assert finding.line == 4
    assert "`ssl.SSLContext.load_cert_chain()` (line 5)" in finding.message
    assert [r.line for r in finding.related] == [5]
    copied = "async def f():\n    ff = open('x')\n    g = ff\n    g.read()\n"
    [finding] = lint_source(copied, config=LintConfig(select=frozenset({"ADMF", "ADMF130"})))
    assert (finding.line, [r.line for r in finding.related]) == (2, [4])


def test_json_and_sarif_carry_the_other_places(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(CHAINS)
    [item] = cli("--format", "json", "--no-cache").json()
    assert ("pkg/server.py", 9) in [(r["path"], r["line"]) for r in item["related"]]
    sarif = cli("--format", "sarif", "--no-cache").json()
    [result] = sarif["runs"][0]["results"]
    uris = [
        (loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"])
        for loc in result["relatedLocations"]
    ]
    assert ("pkg/server.py", {"startLine": 5, "startColumn": 12}) in [
        (uri, {k: region[k] for k in ("startLine", "startColumn")}) for uri, region in uris
    ]


def test_a_group_of_one_is_unchanged_and_fixes_in_one_file_are_joined() -> None:
    def finding(path: str, line: int, fix: Fix | None = None) -> Finding:
        return Finding(path, line, 1, "ADMF101", f"at {line}", line, 1, (), fix)

    def edit(line: int) -> Fix:
        return Fix("await it", (Edit(line, 1, line, 2, "x"),), ("asyncio",))

    alone = finding("a.py", 1, edit(1))
    assert one_per_root([Occurrence(("r",), alone, "n")], _others) == [alone]
    group = [
        Occurrence(("r",), finding("a.py", 3, edit(3)), "n"),
        Occurrence(("r",), finding("a.py", 1, edit(1)), "n"),
        Occurrence(("r",), finding("b.py", 2, edit(2)), "n"),
        # Its edit overlaps line 1's: left out of the joined fix.
        Occurrence(("r",), finding("a.py", 5, Fix("x", (Edit(1, 1, 1, 3, "y"),))), "n"),
    ]
    first, other_file = one_per_root(group, _others)
    assert (first.path, first.line, other_file.path) == ("a.py", 1, "b.py")
    assert first.message == "at 1; 2 more: a.py:3, a.py:5"
    assert first.fix is not None
    assert [e.line for e in first.fix.edits] == [1, 3]
    assert first.fix.imports == ("asyncio",)


def test_the_grouped_report_is_the_same_for_any_hash_seed(tmp_path: Path) -> None:
    for name, text in CHAINS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    reports = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "admf_tsan.cli", "lint", "--format", "json", "--no-cache"]
            + ["--exit-zero", "pkg"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            timeout=120,
            check=True,
        )
        reports.add(done.stdout)
    [report] = reports
    assert len(json.loads(report)) == 1
