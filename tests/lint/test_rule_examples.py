"""Every rule's VALID examples produce none of its findings; every INVALID example produces one."""

from __future__ import annotations

import pytest

from admf_tsan.lint.config import parse_table
from admf_tsan.lint.engine import analyse_project, extract_module
from admf_tsan.lint.fix import apply_fixes
from admf_tsan.lint.ftypes import Finding, LintConfig
from admf_tsan.lint.rule import LintRule
from admf_tsan.lint.rules import ALL_RULES


def _config(rule: type[LintRule]) -> LintConfig:
    table = dict(getattr(rule, "EXAMPLE_CONFIG", {}))
    table["select"] = [rule.code]
    return parse_table(table, root=__import__("pathlib").Path("."), source="example")


def _lint(rule: type[LintRule], code: str) -> list[Finding]:
    facts = extract_module(code.encode("utf-8", "surrogateescape"), "example.py", "example")
    return analyse_project([facts], _config(rule))


VALID = [(rule, i, code) for rule in ALL_RULES for i, code in enumerate(rule.VALID)]
INVALID = [(rule, i, example) for rule in ALL_RULES for i, example in enumerate(rule.INVALID)]


@pytest.mark.parametrize(
    ("rule", "index", "code"), VALID, ids=[f"{r.code}-valid-{i}" for r, i, _ in VALID]
)
def test_valid_example_has_no_finding(rule: type[LintRule], index: int, code: str) -> None:
    findings = [f for f in _lint(rule, code) if f.code == rule.code]
    assert findings == [], f"{rule.code} VALID[{index}] was flagged"


@pytest.mark.parametrize(
    ("rule", "index", "example"), INVALID, ids=[f"{r.code}-invalid-{i}" for r, i, _ in INVALID]
)
def test_invalid_example_is_flagged(rule: type[LintRule], index: int, example) -> None:  # type: ignore[no-untyped-def]
    findings = [f for f in _lint(rule, example.code) if f.code == rule.code]
    assert findings, f"{rule.code} INVALID[{index}] was not flagged"
    if example.message is not None:
        assert any(example.message in f.message for f in findings), [f.message for f in findings]
    if example.fixed is not None:
        result = apply_fixes(example.code, findings)
        assert result.text == example.fixed
        assert set(result.fixed) == {f for f in findings if f.fix is not None}


def test_fixable_rules_have_fix_examples() -> None:
    for rule in ALL_RULES:
        if rule.fixable:
            assert any(example.fixed is not None for example in rule.INVALID), rule.code
