"""The admf-tsan linter: blocking calls in coroutines, async hygiene and lock discipline.

Lint files on disk with :func:`lint_paths` (the CLI's engine, with the cache and worker
processes) or one module held in memory with :func:`lint_source`::

    from admf_tsan.lint import LintConfig, lint_paths

    report = lint_paths(["src"], LintConfig(root="."))
    for finding in report.findings:
        print(finding.path, finding.line, finding.code, finding.message)

A new rule subclasses :class:`FileRule` (syntax of one file, read through a
:class:`FileContext`) or :class:`ProjectRule` (facts of the whole project, read through a
:class:`ProjectContext`, whose shared analyses are :class:`ProjectFact` classes); see
docs/lint-architecture.md.
"""

from __future__ import annotations

from admf_tsan.lint.api import LintReport as LintReport
from admf_tsan.lint.api import LintStatistics as LintStatistics
from admf_tsan.lint.api import lint_files as lint_files
from admf_tsan.lint.api import lint_paths as lint_paths
from admf_tsan.lint.engine import lint_source as lint_source
from admf_tsan.lint.ftypes import Edit as Edit
from admf_tsan.lint.ftypes import Finding as Finding
from admf_tsan.lint.ftypes import Fix as Fix
from admf_tsan.lint.ftypes import LintConfig as LintConfig
from admf_tsan.lint.ftypes import Related as Related
from admf_tsan.lint.rule import FileContext as FileContext
from admf_tsan.lint.rule import FileRule as FileRule
from admf_tsan.lint.rule import Invalid as Invalid
from admf_tsan.lint.rule import LintRule as LintRule
from admf_tsan.lint.rule import ProjectContext as ProjectContext
from admf_tsan.lint.rule import ProjectFact as ProjectFact
from admf_tsan.lint.rule import ProjectRule as ProjectRule
from admf_tsan.lint.rules import ALL_RULES as ALL_RULES

__all__ = [
    "ALL_RULES",
    "Edit",
    "FileContext",
    "FileRule",
    "Finding",
    "Fix",
    "Invalid",
    "LintConfig",
    "LintReport",
    "LintRule",
    "LintStatistics",
    "ProjectContext",
    "ProjectFact",
    "ProjectRule",
    "Related",
    "lint_files",
    "lint_paths",
    "lint_source",
]
