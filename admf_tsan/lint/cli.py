"""Command line of ``admf-tsan lint``, ``admf-tsan rules`` and ``admf-tsan explain``.

Each ``*_main`` takes the arguments after the subcommand and returns the exit status:
0 clean, 1 findings, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import json
import os
import re
import stat
import sys
import tempfile
import tokenize
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from admf_tsan.lint.api import LintReport, lint_paths
from admf_tsan.lint.config import (
    ConfigError,
    find_config,
    load_config_file,
    unknown_rule_message,
    with_overrides,
)
from admf_tsan.lint.files import FileDiscoveryError
from admf_tsan.lint.ftypes import Finding, LintConfig


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _globs(value: str) -> list[str]:
    return [glob.strip() for glob in value.split(",") if glob.strip()]


def _lint_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="admf-tsan lint",
        description="Check Python code for blocking calls in coroutines, async hygiene and lock "
        "discipline. Exit status: 0 clean, 1 findings, 2 usage or configuration error.",
    )
    parser.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    parser.add_argument(
        "--select",
        type=_codes,
        help="only these codes, prefixes or rule names (ADMF1,ADMF301,blocking-sleep)",
    )
    parser.add_argument(
        "--extend-select",
        type=_codes,
        default=[],
        help="add codes (or names) to the configured selection",
    )
    parser.add_argument(
        "--ignore", type=_codes, default=[], help="codes, prefixes or rule names to skip"
    )
    parser.add_argument(
        "--extend-exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="exclude more paths (relative to the project root); repeatable",
    )
    parser.add_argument(
        "--command-line-modules",
        type=_globs,
        metavar="NAMES",
        help="comma-separated dotted module names (or globs of them) of command-line code, whose "
        "blocking-call findings are set aside; replaces the configured list (default: "
        "cli,__main__, at any depth; an empty value sets none aside)",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude globs to paths named on the command line too (for pre-commit)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="output format",
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff, change nothing"
    )
    parser.add_argument(
        "--add-noqa",
        action="store_true",
        help="add `# noqa: CODE` to every line with a finding, so that only new findings fail "
        "(to adopt the linter on existing code; review the comments before committing)",
    )
    parser.add_argument("--statistics", action="store_true", help="print counts per rule")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument(
        "--jobs", "-j", type=int, default=None, help="worker processes (default: CPUs)"
    )
    parser.add_argument(
        "--config", type=Path, help="pyproject.toml (or TOML) to read settings from"
    )
    parser.add_argument(
        "--python",
        metavar="PATH",
        help="follow calls into the packages installed for this interpreter (default: the one "
        "running admf-tsan)",
    )
    parser.add_argument(
        "--output-file", "-o", type=Path, help="write the report to this file instead of stdout"
    )
    return parser


def _apply_fixes(report: LintReport, *, write: bool) -> tuple[set[Finding], str]:
    from admf_tsan.lint.fix import apply_fixes, unified_diff
    from admf_tsan.lint.formats.paths import display

    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.fix is not None:
            by_path[finding.path].append(finding)
    fixed: set[Finding] = set()
    diffs = []
    for path, findings in sorted(by_path.items()):
        file = report.sources.get(path)
        if file is None:
            continue
        data = file.read_bytes()
        try:
            old = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        result = apply_fixes(old, findings)
        if not result.fixed:
            continue
        fixed.update(result.fixed)
        if write:
            file.write_bytes(result.text.encode("utf-8"))
        else:
            diffs.append(unified_diff(display(path, report.root), old, result.text))
    return fixed, "".join(diffs)


#: Problems with a file itself (it does not parse, is not UTF-8, nests too deep): the linter
#: reads no directive in such a file, so a comment cannot silence them.
_FILE_PROBLEMS = frozenset({"ADMF001", "ADMF002", "ADMF003"})


def _add_noqa(report: LintReport, *, exit_zero: bool) -> int:
    """Write ``# noqa: CODE`` on the lines of the report's findings; say what was added and
    name every finding that could not be marked (exit 1 when one is left, as it still fails)."""
    from admf_tsan.lint.add_noqa import add_noqa
    from admf_tsan.lint.formats.paths import display

    by_path: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    left: list[str] = []
    newer = {path for path, _ in report.newer_grammar}
    for finding in report.findings:
        shown = display(finding.path, report.root)
        if finding.code in _FILE_PROBLEMS:
            why = "a problem with the file itself, which no comment silences"
            left.append(f"{shown}:{finding.line}: {finding.code}: {why}")
        elif finding.path in newer:
            why = "the file needs a newer Python's grammar than this one to be read safely"
            left.append(f"{shown}:{finding.line}: {finding.code}: {why}")
        else:
            by_path[finding.path][finding.line].add(finding.code)
    added = files = 0
    for path, codes in sorted(by_path.items()):
        shown = display(path, report.root)
        file = report.sources.get(path)
        reason: str | None = None
        edit = None
        target = None
        if file is None:
            reason = "not a source file this run read"
        else:
            target = file.resolve()  # a link is followed: the file it names is edited
            try:
                if not target.stat().st_mode & stat.S_IWUSR:
                    raise PermissionError(errno.EACCES, "the file is read-only")
                edit = add_noqa(target.read_bytes(), codes)
            except OSError as error:
                reason = f"cannot read or change it: {error.strerror}"
            except (SyntaxError, UnicodeDecodeError, tokenize.TokenError):
                reason = "it does not tokenize"
        if edit is None:
            for line, line_codes in sorted(codes.items()):
                left.append(f"{shown}:{line}: {', '.join(sorted(line_codes))}: {reason}")
            continue
        for unplaced in edit.unplaced:
            left.append(f"{shown}:{unplaced.line}: {', '.join(unplaced.codes)}: {unplaced.reason}")
        if edit.added:
            assert target is not None
            try:
                _replace_bytes(target, edit.text)
            except OSError as error:
                left.append(f"{shown}: not changed, cannot save the directives: {error.strerror}")
                continue
            added += edit.added
            files += 1
    print(f"Added {added} noqa directive(s) in {files} file(s).", file=sys.stderr)
    for text in left:
        print(f"not marked: {text}", file=sys.stderr)
    return 0 if exit_zero or not left else 1


def _replace_bytes(path: Path, data: bytes) -> None:
    """Give ``path`` the content ``data`` all at once: written to a new file beside it (with its
    permissions) and renamed over it, so that a full disk or a crash leaves the old file whole."""
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _lint(args: argparse.Namespace, config: LintConfig) -> LintReport:
    return lint_paths(
        args.paths,
        config,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        force_exclude=args.force_exclude,
    )


def lint_main(argv: Sequence[str]) -> int:
    """``admf-tsan lint``: see ``--help``."""
    try:
        args = _lint_parser().parse_args(list(argv))
        if args.jobs is not None and args.jobs < 1:
            raise _UsageError("admf-tsan lint: --jobs must be at least 1")
        if args.add_noqa and (args.fix or args.diff):
            raise _UsageError("admf-tsan lint: --add-noqa cannot be combined with --fix or --diff")
        config = load_config_file(args.config) if args.config else find_config(Path.cwd())
        config = with_overrides(
            config,
            select=args.select,
            extend_select=args.extend_select,
            ignore=args.ignore,
            extend_exclude=args.extend_exclude,
            python=args.python,
            command_line_modules=args.command_line_modules,
        )
        report = _lint(args, config)
    except (_UsageError, ConfigError, FileDiscoveryError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    _warn_invalid_noqa(report)
    _note_newer_grammar(report)
    _note_command_line(report, config)
    if args.add_noqa:
        return _add_noqa(report, exit_zero=args.exit_zero)
    remaining = report.findings
    out_lines = []
    if args.fix or args.diff:
        fixed, diff = _apply_fixes(report, write=args.fix and not args.diff)
        if args.diff:
            sys.stdout.write(diff)
            print(f"{len(fixed)} fix(es) would be applied.", file=sys.stderr)
            return 0 if args.exit_zero or not fixed else 1
        if fixed:
            print(f"Fixed {len(fixed)} finding(s).", file=sys.stderr)
            # Fixes move code (``import asyncio`` adds a line): report what is left where it is now.
            report = _lint(args, config)
            remaining = report.findings
    from dataclasses import replace

    from admf_tsan.lint.formats import FORMATTERS
    from admf_tsan.lint.formats.spans import with_spans
    from admf_tsan.lint.formats.text import statistics_table

    shown = with_spans(replace(report, findings=tuple(remaining)))
    if args.statistics and args.format == "text":
        out_lines.append(statistics_table(shown.findings) + "\n")
    else:
        out_lines.append(FORMATTERS[args.format](shown))
    output = "".join(out_lines)
    if args.output_file is not None:
        try:
            args.output_file.write_text(output, encoding="utf-8")
        except OSError as error:
            print(f"error: {args.output_file}: cannot write it: {error.strerror}", file=sys.stderr)
            return 2
    else:
        _write_stdout(output)
    return 0 if args.exit_zero or not remaining else 1


#: A noqa comment whose colon is followed by something other than codes (a rule name, say).
_NOQA_WITHOUT_CODES = re.compile(rb"#\s*noqa\s*:\s*(?![A-Z]+[0-9]+)\S", re.IGNORECASE)


def invalid_noqa_directives(source: bytes) -> list[tuple[int, str]]:
    """``(line, problem)`` for each ``# noqa`` directive that does not do what it says.

    An unknown ``ADMF`` code suppresses nothing; a directive with a name or other text instead of
    codes suppresses every code on its line. Codes of other tools (``E501``) are not ours to judge.
    """
    from admf_tsan.lint.analysis.extract import noqa_lines
    from admf_tsan.lint.rules import RULES_BY_CODE

    problems = []
    directives = noqa_lines(source)
    lines = source.splitlines() if None in directives.values() else []
    for line, codes in sorted(directives.items()):
        if codes is None:
            if _NOQA_WITHOUT_CODES.search(lines[line - 1]):
                problems.append(
                    (
                        line,
                        "expected a comma-separated list of codes (e.g. `# noqa: ADMF101`); "
                        "as written it suppresses every code on the line",
                    )
                )
            continue
        unknown = sorted(c for c in codes if c.startswith("ADMF") and c not in RULES_BY_CODE)
        if unknown:
            noun = "code" if len(unknown) == 1 else "codes"
            problems.append((line, f"unknown {noun} {', '.join(unknown)}"))
    if problems:
        # Only a directive in a real comment counts; the same text inside a string is just text.
        # Tokenizing is slow, so only files with a suspect directive are tokenized.
        in_comments = _noqa_comment_lines(source)
        if in_comments is not None:
            problems = [(line, problem) for line, problem in problems if line in in_comments]
    return problems


def _noqa_comment_lines(source: bytes) -> set[int] | None:
    """Lines holding a comment that mentions noqa, or None when the file does not tokenize."""
    found = set()
    try:
        for token in tokenize.tokenize(io.BytesIO(source).readline):
            if token.type == tokenize.COMMENT and b"noqa" in token.string.lower().encode():
                found.add(token.start[0])
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
        return None
    return found


def _warn_invalid_noqa(report: LintReport) -> None:
    """Warn on stderr, as ruff does, once per directive :func:`invalid_noqa_directives` finds."""
    from admf_tsan.lint.formats.paths import display

    for path, file in sorted(report.sources.items()):
        try:
            source = file.read_bytes()
        except OSError:
            continue  # already an ADMF002 finding
        for line, problem in invalid_noqa_directives(source):
            print(
                f"warning: Invalid `# noqa` directive on {display(path, report.root)}:{line}: "
                f"{problem}",
                file=sys.stderr,
            )


def _note_command_line(report: LintReport, config: LintConfig) -> None:
    """Say on stderr how many findings were set aside as command-line code, and how to see them:
    a finding left out is never left out silently."""
    count = len(report.command_line)
    if not count:
        return
    noun = "finding" if count == 1 else "findings"
    print(
        f"note: {count} blocking-call {noun} of command-line code not shown "
        f"(command-line-modules: {', '.join(config.command_line_modules)}; taken to run one "
        "command at a time). `--command-line-modules=` shows them.",
        file=sys.stderr,
    )


def _note_newer_grammar(report: LintReport) -> None:
    """Say on stderr which files needed a newer Python's grammar than the one running."""
    from admf_tsan.lint.formats.paths import display

    running = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for path, grammar in report.newer_grammar:
        print(
            f"note: {display(path, report.root)}: uses Python {grammar} syntax, newer than this "
            f"Python {running}; analysed through an equivalent {running} rewrite",
            file=sys.stderr,
        )


def _write_stdout(text: str) -> None:
    """Write to stdout; a closed pipe (``admf-tsan lint | head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the broken pipe again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def rules_main(argv: Sequence[str]) -> int:
    """``admf-tsan rules``: the table of rules (``--format json`` for tools)."""
    from admf_tsan.lint.rules import ALL_RULES

    parser = _Parser(prog="admf-tsan rules", description="List the linter's rules.")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    try:
        args = parser.parse_args(list(argv))
    except _UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        rows = [
            {"code": r.code, "name": r.name, "fixable": r.fixable, "summary": r.summary()}
            for r in ALL_RULES
        ]
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(rule.name) for rule in ALL_RULES)
    print(f"{'code':<8} {'name':<{width}}  fix  summary")
    for rule in ALL_RULES:
        fix = "yes" if rule.fixable else "   "
        print(f"{rule.code:<8} {rule.name:<{width}}  {fix}  {rule.summary()}")
    return 0


def explain_main(argv: Sequence[str]) -> int:
    """``admf-tsan explain CODE``: print the documentation page of one rule."""
    from admf_tsan.lint.docs import render_rule
    from admf_tsan.lint.rules import RULES_BY_CODE

    parser = _Parser(prog="admf-tsan explain", description="Show the documentation of a rule.")
    parser.add_argument("code", help="a rule code, such as ADMF101 (or its name)")
    try:
        args = parser.parse_args(list(argv))
    except _UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    wanted = args.code.strip()
    rule = RULES_BY_CODE.get(wanted.upper())
    if rule is None:
        rule = next((r for r in RULES_BY_CODE.values() if r.name == wanted.lower()), None)
    if rule is None:
        print(f"error: {unknown_rule_message([wanted])}", file=sys.stderr)
        return 2
    sys.stdout.write(render_rule(rule))
    return 0
