"""The engine: bytes in, findings out, no I/O.

Two stages, so that the expensive one can run in parallel and be cached by content hash:

1. :func:`extract_module` turns one file's bytes into :class:`ModuleFacts` (facts for the project
   stage plus the findings of file rules). It never raises on bad input: undecodable bytes,
   syntax errors and pathological nesting become ADMF002, ADMF001 and ADMF003 findings.
2. :func:`analyse_project` joins every module's facts, resolves calls across modules, runs the
   project rules and applies selection, ``per-file-ignores`` and ``# noqa``.
"""

from __future__ import annotations

import ast
import codecs
import fnmatch
import gc
import io
import tokenize
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from admf_tsan.lint.analysis.callgraph import CallGraph
from admf_tsan.lint.analysis.extract import ModuleExtractor, noqa_lines
from admf_tsan.lint.analysis.facts import ModuleFacts
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.blocking import BlockingClassifier, BlockingEntry
from admf_tsan.lint.ftypes import Finding, LintConfig, command_line_module
from admf_tsan.lint.parse import parse_module
from admf_tsan.lint.rule import FileRule, LintRule, ProjectContext, ProjectRule, Visitor
from admf_tsan.lint.rules import ALL_RULES


def _empty_facts(path: str, module: str, findings: Iterable[Finding] = ()) -> ModuleFacts:
    return ModuleFacts(path, module, {}, (), (), (), tuple(findings), {})


def decode_source(source: bytes) -> str:
    """Decode Python source as the interpreter would (PEP 263 cookie, BOM).

    Raises ``UnicodeDecodeError`` or ``SyntaxError`` (unknown encoding), or ``ValueError`` for NUL
    bytes.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError:
        # Raised for undecodable first lines as well as for unknown cookies: report the former
        # as the decoding error it is.
        source.decode("utf-8")
        raise
    text = source.decode(encoding)
    if "\0" in text:
        raise ValueError("source contains NUL bytes")
    return text


def file_rule_visitors(
    rules: Iterable[type[LintRule]],
) -> dict[type[ast.AST], list[tuple[str, Visitor]]]:
    """Node type -> the visit methods of the given file rules that want it."""
    visitors: dict[type[ast.AST], list[tuple[str, Visitor]]] = {}
    for rule_class in rules:
        if issubclass(rule_class, FileRule):
            rule = rule_class()
            for node_type, method in rule.visitors():
                visitors.setdefault(node_type, []).append((rule_class.code, method))
    return visitors


_ALL_VISITORS: dict[type[ast.AST], list[tuple[str, Visitor]]] | None = None


@contextmanager
def no_collector_pauses(*, promote: bool = True) -> Iterator[None]:
    """Keep the cyclic garbage collector from running inside the block.

    Parsing and walking a file allocate hundreds of thousands of short-lived nodes; each batch
    of them triggers a collection that also scans every object still alive (the facts of the
    files done so far), so the collector cost about a quarter of a cold run. The walk makes
    almost no reference cycles (under 200 objects of garbage on 734 files of the standard
    library; the project stage under 50), so nothing piles up: reference counting frees the
    nodes, and the collector runs as usual once the block ends. Nests, and leaves a collector
    that was already off alone.

    With ``promote``, what the block made and kept (every file's facts) is moved to the oldest
    generation as it ends, unscanned (``gc.freeze()`` then ``gc.unfreeze()``, two list
    splices): else the first allocation after the block scans it all as young objects (0.17 s
    after the standard library's extraction). Only for a block whose objects hold no cycle
    that keeps others alive: the oldest generation is collected rarely (the project stage's
    context is such a cycle, holding the index and every module's facts). A process that
    froze objects of its own keeps them frozen: the move is skipped.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if promote and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def extract_module(
    source: bytes,
    path: str,
    module: str,
    *,
    is_package: bool = False,
    visitors: dict[type[ast.AST], list[tuple[str, Visitor]]] | None = None,
    python_version: tuple[int, ...] | None = None,
) -> ModuleFacts:
    """Facts and file-rule findings of one module. Never raises for any input bytes.

    ``visitors`` defaults to every file rule (selection is applied later, so facts can be cached
    independently of ``select``/``ignore``). ``python_version``, for a library module, decides
    its ``sys.version_info`` tests (``ModuleExtractor.python_version``).
    """
    global _ALL_VISITORS
    if visitors is None:
        if _ALL_VISITORS is None:
            _ALL_VISITORS = file_rule_visitors(ALL_RULES)
        visitors = _ALL_VISITORS
    with no_collector_pauses():
        return _extract(source, path, module, is_package, visitors, python_version)


def _extract(
    source: bytes,
    path: str,
    module: str,
    is_package: bool,
    visitors: dict[type[ast.AST], list[tuple[str, Visitor]]],
    python_version: tuple[int, ...] | None = None,
) -> ModuleFacts:
    try:
        text = decode_source(source)
    except (UnicodeDecodeError, SyntaxError, LookupError, ValueError) as error:
        # Point at the first bad byte: an undecodable one, or a NUL before it.
        bad = source.find(b"\0") if isinstance(error, ValueError) else -1
        reason = "it contains NUL bytes"
        if isinstance(error, UnicodeDecodeError):
            # error.object lacks the BOM that utf-8-sig strips: count from the file's start.
            undecodable = error.start + len(source) - len(error.object)
            if not 0 <= bad < undecodable:
                bad = undecodable
                reason = f"it is not valid UTF-8 (byte {source[bad]:#04x})"
        elif bad < 0:
            reason = f"its encoding declaration is invalid ({error})"
        line, column = _byte_position(source, bad) if bad >= 0 else (1, 1)
        message = f"file cannot be decoded: {reason}; save it as UTF-8"
        finding = Finding(path, line, column, "ADMF002", message, line, column)
        return _empty_facts(path, module, [finding])
    try:
        parsed = parse_module(text, path)
    except SyntaxError as error:
        line = error.lineno or 1
        column = error.offset or 1
        message = f"file does not parse: {error.msg}"
        return _empty_facts(path, module, [Finding(path, line, column, "ADMF001", message)])
    except (RecursionError, MemoryError):
        return _empty_facts(path, module, [_too_deep(path)])
    # A file in a newer grammar is walked over its in-place rewrite (same lines and character
    # columns); file rules that edit source still see the original text.
    extractor = ModuleExtractor(path, module, is_package, parsed.text, parsed.tree, visitors)
    extractor.text = text
    extractor.python_version = python_version
    try:
        extractor.run()
    except RecursionError:
        return _empty_facts(path, module, [_too_deep(path)])
    facts = extractor.module_facts(noqa_lines(source))
    return facts if parsed.grammar is None else replace(facts, grammar=parsed.grammar)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of byte ``offset`` (lines end at \\n, \\r, \\r\\n)."""
    before = data[:offset].removeprefix(codecs.BOM_UTF8).splitlines(keepends=True)
    if not before or before[-1].endswith((b"\n", b"\r")):
        return len(before) + 1, 1
    return len(before), len(before[-1].decode("utf-8", "replace")) + 1


def _too_deep(path: str) -> Finding:
    return Finding(
        path,
        1,
        1,
        "ADMF003",
        "file nests too deeply to analyse; exclude generated files in [tool.admf-tsan] exclude",
    )


def blocking_classifier(config: LintConfig, rules: Iterable[type[LintRule]]) -> BlockingClassifier:
    """The catalogue of blocking calls: what each rule not ignored makes blocking
    (:meth:`LintRule.configured_blocking`: the ADMF1xx rules' catalogue entries, and ADMF113's
    ``blocking-calls`` setting).

    ``select`` does not shrink the catalogue (``--select ADMF120`` still follows chains down to
    ``time.sleep``); ``ignore`` does (ignoring ADMF104 means file I/O is not considered blocking).
    """

    def ignored(code: str) -> bool:
        return any(code.startswith(prefix) for prefix in config.ignore)

    entries: list[BlockingEntry] = []
    opaque: list[str] = []
    for rule in rules:
        if ignored(rule.code):
            # Not blocking, and not followed into either (``--ignore ADMF104``: a copy does
            # not become a chain to the ``open()`` inside it).
            opaque.extend(entry.pattern for entry in rule.dormant_blocking(config, ignored=True))
            continue
        entries.extend(rule.configured_blocking(config))
        opaque.extend(entry.pattern for entry in rule.dormant_blocking(config))
    return BlockingClassifier(entries, config.async_safe, opaque)


def analyse_project(
    modules: Sequence[ModuleFacts],
    config: LintConfig,
    rules: Sequence[type[LintRule]] = ALL_RULES,
) -> list[Finding]:
    """Every finding of the project, selected, suppressed (``noqa``) and sorted."""
    findings: list[Finding] = [f for module in modules for f in module.findings]
    findings.extend(run_project_rules(modules, config, rules)[0])
    return sorted(filter_findings(findings, modules, config))


def project_context(
    modules: Sequence[ModuleFacts],
    config: LintConfig,
    rules: Sequence[type[LintRule]] = ALL_RULES,
) -> ProjectContext:
    """The index, call graph and catalogue of ``modules``: what the project rules run in, built
    without running them (the incremental cache asks questions of it first)."""
    with no_collector_pauses(promote=False):
        classifier = blocking_classifier(config, rules)
        index = ProjectIndex(modules, external=classifier.patterns())
        return ProjectContext(index, CallGraph(index), classifier, config)


def run_project_rules(
    modules: Sequence[ModuleFacts],
    config: LintConfig,
    rules: Sequence[type[LintRule]] = ALL_RULES,
    context: ProjectContext | None = None,
) -> tuple[list[Finding], ProjectContext]:
    """The enabled project rules' findings, in rule order and not yet filtered, and the context
    they ran in (the incremental cache reads which project files the run looked at).
    ``context``, when given, is :func:`project_context` of the same modules, config and rules."""
    if context is None:
        context = project_context(modules, config, rules)
    with no_collector_pauses(promote=False):
        findings: list[Finding] = []
        for rule_class in rules:
            if issubclass(rule_class, ProjectRule) and config.enabled(rule_class.code):
                findings.extend(rule_class().check(context))
    return findings, context


#: Codes of the opt-in rules: their findings are kept only when ``select`` names the code itself.
#: A rule that reports some of its findings under another, opt-in code (ADMF303 and ADMF308)
#: runs whenever its own code is enabled; this drops what the selection leaves off.
OPT_IN_CODES = frozenset(rule.code for rule in ALL_RULES if rule.opt_in)


def filter_findings(
    findings: Iterable[Finding], modules: Sequence[ModuleFacts], config: LintConfig
) -> Iterable[Finding]:
    """Drop findings that are not selected (an opt-in code only when named itself), ignored for
    their file, or suppressed by ``# noqa``."""
    noqa = {module.path: module.noqa for module in modules}
    seen: set[tuple[str, int, int, str]] = set()
    for finding in findings:
        if not config.enabled(finding.code):
            continue
        if finding.code in OPT_IN_CODES and (
            config.select is None or finding.code not in config.select
        ):
            continue
        suppressed = noqa.get(finding.path, {}).get(finding.line, ())
        if suppressed is None or (suppressed and finding.code in suppressed):
            continue
        if config.per_file_ignores and _ignored_for_file(finding, config):
            continue
        key = (finding.path, finding.line, finding.column, finding.code)
        if key in seen:
            continue
        seen.add(key)
        yield finding


#: The blocking-call chain rules: they decide themselves, for each coroutine call before they
#: group calls into one finding, which findings are set aside (``Finding.aside``).
_CHAIN_CODES = frozenset({"ADMF120", "ADMF121", "ADMF125", "ADMF126", "ADMF129"})


def set_aside(finding: Finding, config: LintConfig, module: str | None) -> bool:
    """Whether ``finding`` reports a blocking call in a coroutine of a command-line module
    (``command-line-modules``; ``module`` is the dotted name of the finding's file, ``None`` if
    unknown): such a loop is taken to run one command, which its user waits for. Every ADMF1
    code is such a report but ADMF112 (starting an event loop inside the running one fails
    rather than blocks); the chain rules mark their findings themselves (a chain that fails is
    never marked, and a chain reached from other code too is reported there)."""
    if finding.aside:
        return True
    if (
        module is None
        or not config.command_line_modules
        or not finding.code.startswith("ADMF1")
        or finding.code == "ADMF112"
        or finding.code in _CHAIN_CODES
    ):
        return False
    return command_line_module(module, config.command_line_modules)


def _ignored_for_file(finding: Finding, config: LintConfig) -> bool:
    for pattern, codes in config.per_file_ignores:
        if fnmatch.fnmatch(finding.path, pattern) or fnmatch.fnmatch(
            finding.path, pattern.rstrip("/") + "/*"
        ):
            if any(finding.code.startswith(code) for code in codes):
                return True
    return False


def lint_source(
    source: str | bytes,
    *,
    path: str = "example.py",
    module: str = "example",
    config: LintConfig | None = None,
) -> list[Finding]:
    """Lint one module on its own (what rule examples and quick checks use)."""
    data = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    facts = extract_module(data, path, module)
    return analyse_project([facts], config or LintConfig())
