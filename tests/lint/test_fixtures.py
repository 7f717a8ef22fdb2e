"""fixtures/lint: files (and packages) with the expected findings as ``# error: CODE`` comments.

A top-level ``.py`` file is linted as a project of its own; a directory is linted as one project
(several modules, for the interprocedural rules). For every rule family a fixture mentions
(ADMF1xx, ADMF3xx, ...), the findings of that family must equal the comments exactly; families a
fixture does not mention are another fixture's business (so a new family's rules do not have to
annotate every older fixture).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from admf_tsan.lint.api import lint_paths
from admf_tsan.lint.config import load_config_file
from admf_tsan.lint.engine import OPT_IN_CODES
from admf_tsan.lint.ftypes import LintConfig

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"
EXPECTED = re.compile(rb"#\s*error:\s*(?P<codes>ADMF\d{3}(?:\s*,\s*ADMF\d{3})*)")
#: ``# lint-select: ADMF130`` in a fixture adds an opt-in code to its selection without a finding
#: of it (chains that end in one of its calls, reported under another code).
SELECTED = re.compile(rb"#\s*lint-select:\s*(?P<codes>ADMF\d{3}(?:\s*,\s*ADMF\d{3})*)")
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix == ".py" or p.is_dir())
#: Regression fixtures of false positives found on real projects (docs/realworld-findings.md)
#: whose fix has not landed yet: strict xfail, so each must leave this set when it passes.
PENDING: set[str] = set()


def expected_findings(case: Path) -> set[tuple[str, int, str]]:
    files = [case] if case.is_file() else sorted(case.rglob("*.py"))
    expected = set()
    for file in files:
        base = case if (case / "pyproject.toml").is_file() else FIXTURES
        relative = file.relative_to(base).as_posix()
        for number, line in enumerate(file.read_bytes().splitlines(), start=1):
            match = EXPECTED.search(line)
            if match:
                for code in re.split(rb"\s*,\s*", match.group("codes")):
                    expected.add((relative, number, code.decode()))
    return expected


#: Rules that were on by default when many fixtures were written: a fixture that names one (a
#: comment saying it is *not* reported there, the fixture's name) runs with it selected, so its
#: negative cases still check something.
ONCE_DEFAULT = ("ADMF204", "ADMF205", "ADMF403")


def selected_codes(case: Path) -> set[str]:
    """The opt-in codes a fixture asks for: in ``# lint-select:``, or an :data:`ONCE_DEFAULT`
    code anywhere in its text or name."""
    files = [case] if case.is_file() else sorted(case.rglob("*.py"))
    codes: set[str] = {code for code in ONCE_DEFAULT if code in case.name}
    for file in files:
        text = file.read_bytes()
        for match in SELECTED.finditer(text):
            codes.update(c.decode() for c in re.split(rb"\s*,\s*", match.group("codes")))
        codes.update(code for code in ONCE_DEFAULT if code.encode() in text)
    return codes


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="fix pending"))
        if c.name in PENDING
        else c
        for c in CASES
    ],
    ids=[c.name for c in CASES],
)
def test_fixture_findings_match_comments(case: Path) -> None:
    expected = expected_findings(case)
    # An opt-in code a fixture expects (or names in ``# lint-select:``) is selected for it, on
    # top of the default selection.
    opt_in = {code for (_, _, code) in expected if code in OPT_IN_CODES} | selected_codes(case)
    config = LintConfig(root=str(FIXTURES), select=frozenset({"ADMF", *opt_in}) if opt_in else None)
    if (case / "pyproject.toml").is_file():
        config = load_config_file(case / "pyproject.toml")
    report = lint_paths([case], config, use_cache=False, jobs=1)
    assert expected, f"{case.name} declares no expected finding"
    families = {code[:5] for (_, _, code) in expected}
    found = {(f.path, f.line, f.code) for f in report.findings if f.code[:5] in families}
    assert found == expected, (
        f"missing: {sorted(expected - found)}\nunexpected: {sorted(found - expected)}"
    )


def test_every_project_rule_code_has_a_fixture() -> None:
    from admf_tsan.lint.rules import ALL_RULES

    covered = {code for case in CASES for (_, _, code) in expected_findings(case)}
    missing = {rule.code for rule in ALL_RULES} - covered
    assert not missing, f"codes without a fixture: {sorted(missing)}"


def test_example_service_shows_a_transitive_chain() -> None:
    report = lint_paths(
        [FIXTURES / "example_service.py"], LintConfig(root=str(FIXTURES)), use_cache=False, jobs=1
    )
    chain = [f for f in report.findings if f.code == "ADMF120"]
    assert len(chain) == 1
    assert (
        "TradingService.quote() -> PriceCache._refresh() -> fetch_with_retry() -> requests.get()"
        in (chain[0].message)
    )
    assert [r.line for r in chain[0].related] == [35, 23]
