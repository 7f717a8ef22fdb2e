"""Meta-tests: every rule is registered once, documented, exemplified and in its own module."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import admf_tsan.lint.rules as rules_package
from admf_tsan.lint.docs import render_index, render_rule
from admf_tsan.lint.rules import ALL_RULES, RULES_BY_CODE

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
CODE = re.compile(r"^ADMF\d{3}$")


def test_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert all(CODE.match(code) for code in codes)
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", name) for name in names)


def test_every_rule_module_is_registered() -> None:
    package_dir = Path(rules_package.__file__).parent
    registered = {rule.__module__ for rule in ALL_RULES}
    for path in package_dir.glob("*.py"):
        if path.name == "__init__.py":
            continue
        module = importlib.import_module(f"admf_tsan.lint.rules.{path.stem}")
        assert module.__name__ in registered, f"{path.name} defines no registered rule"
        doc = inspect.getdoc(module) or ""
        codes = {rule.code for rule in ALL_RULES if rule.__module__ == module.__name__}
        assert all(code in doc.split("\n")[0] for code in codes), (
            f"{path.name}: the module docstring must name its code(s) {sorted(codes)}"
        )


def test_every_rule_has_examples_and_a_docstring_naming_its_code() -> None:
    for rule in ALL_RULES:
        assert rule.INVALID, f"{rule.code} has no INVALID example"
        assert rule.VALID, f"{rule.code} has no VALID example"
        assert (rule.__doc__ or "").strip().startswith(f"{rule.code}:"), rule.code
        assert rule.description(), f"{rule.code} documents nothing beyond its summary"


def test_docs_pages_are_current() -> None:
    for rule in ALL_RULES:
        page = DOCS / f"{rule.code}.md"
        assert page.is_file(), f"missing {page}; run python -m admf_tsan.lint.docs docs/rules"
        assert page.read_text(encoding="utf-8") == render_rule(rule), (
            f"{page} is stale; run python -m admf_tsan.lint.docs docs/rules"
        )
    assert (DOCS / "README.md").read_text(encoding="utf-8") == render_index()


def test_no_orphan_docs_pages() -> None:
    for page in DOCS.glob("ADMF*.md"):
        assert page.stem in RULES_BY_CODE, f"{page.name} documents no rule"


def test_linter_imports_nothing_else_of_the_library() -> None:
    lint_dir = Path(rules_package.__file__).parents[1]
    pattern = re.compile(r"^\s*(?:from|import)\s+admf_tsan(?:\.(\w+))?", re.M)
    for path in lint_dir.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            # The blocking-call catalogue is a data-only leaf shared with the runtime.
            allowed = match.group(1) in ("lint", "catalogue")
            assert allowed, f"{path} imports admf_tsan.{match.group(1)}"
