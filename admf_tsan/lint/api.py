"""Lint files on disk: discovery, the cache, parallel extraction, then the project stage.

This is the only module that reads files (besides ``fix.py`` which writes them). The work is:

1. read every file and hash it (cheap);
2. if the hash of all files and the configuration matches the cached last result, return it;
3. else, if the last run's project snapshot covers the same files and the edits are ones
   :mod:`admf_tsan.lint.incremental` can follow, keep its project findings (moved, or with
   a few functions' findings rebuilt over a small project) without decoding the other files;
4. else load each file's facts from the cache, extracting the misses in ``jobs`` worker
   processes (largest files first);
5. run the project stage (:func:`engine.analyse_project`) over all facts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from admf_tsan.lint.analysis.facts import FunctionFacts, ModuleFacts, encode_module
from admf_tsan.lint.cache import (
    LintCache,
    ProjectSnapshot,
    file_key,
    project_key,
    snapshot_key,
)
from admf_tsan.lint.deps.summaries import dependencies_key
from admf_tsan.lint.engine import (
    extract_module,
    filter_findings,
    no_collector_pauses,
    run_project_rules,
    set_aside,
)
from admf_tsan.lint.files import SourceFile, discover
from admf_tsan.lint.ftypes import Finding, LintConfig
from admf_tsan.lint.incremental import (
    ProjectEdit,
    RuleWords,
    isolated_findings,
    local_edit,
    local_modules,
    local_run,
    merge_findings,
    named_modules,
    project_edit,
    read_rule_words,
    read_sources,
    reads_the_same,
    shift_findings,
    shift_read,
    touches,
    with_nodes,
)

#: Below this many files to extract, worker processes cost more than they save.
PARALLEL_THRESHOLD = 24
#: Past this many edited files, the project stage runs without first checking whether its last
#: findings still hold (each check extracts the file; many edits rarely all qualify).
MAX_REUSED_EDITS = 8


@dataclass(frozen=True, slots=True)
class LintStatistics:
    """How a run went: files seen, files analysed (cache misses), whether the result was cached,
    whether the project rules' findings of the previous run were reused after an edit, and over
    how many modules the project rules ran again to rebuild the findings of the isolated
    functions the edit changed (0: none; see :mod:`admf_tsan.lint.incremental`)."""

    files: int
    analysed: int
    result_from_cache: bool
    seconds: float
    project_reused: bool = False
    project_rerun_modules: int = 0


@dataclass(frozen=True, slots=True)
class LintReport:
    """Findings of one run plus where each path lives on disk (for excerpts and fixes)."""

    findings: tuple[Finding, ...]
    statistics: LintStatistics
    sources: dict[str, Path] = field(default_factory=dict)
    root: Path = Path(".")
    #: ``(path, grammar)`` of each file analysed with a newer Python's grammar than this one's.
    newer_grammar: tuple[tuple[str, str], ...] = ()
    #: Findings of blocking calls in command-line modules, left out of ``findings``
    #: (``command-line-modules``; :func:`admf_tsan.lint.engine.set_aside`).
    command_line: tuple[Finding, ...] = ()


def _extract_batch(
    batch: Sequence[tuple[int, str, str, bool, bytes, str]], cache_dir: str | None
) -> list[tuple[int, ModuleFacts]]:
    cache = LintCache(Path(cache_dir)) if cache_dir is not None else None
    results = []
    with no_collector_pauses():  # see engine.no_collector_pauses: one collection, at the end
        for position, path, module, is_package, source, key in batch:
            facts = extract_module(source, path, module, is_package=is_package)
            if cache is not None:
                cache.store_facts(key, encode_module(facts))
            results.append((position, facts))
    return results


def _batches(
    items: list[tuple[int, str, str, bool, bytes, str]], count: int
) -> list[list[tuple[int, str, str, bool, bytes, str]]]:
    """Split work into ``count`` batches of similar total size (largest file first)."""
    batches: list[list[tuple[int, str, str, bool, bytes, str]]] = [[] for _ in range(count)]
    sizes = [0] * count
    for item in sorted(items, key=lambda item: -len(item[4])):
        smallest = sizes.index(min(sizes))
        batches[smallest].append(item)
        sizes[smallest] += len(item[4]) + 2000
    return [batch for batch in batches if batch]


def default_jobs() -> int:
    """Worker processes to use: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def lint_files(
    files: Sequence[SourceFile],
    config: LintConfig,
    *,
    use_cache: bool = True,
    jobs: int | None = None,
) -> LintReport:
    """Lint already discovered files (see :func:`lint_paths`)."""
    started = time.perf_counter()
    root = Path(config.root)
    cache = LintCache(root) if use_cache else None
    sources: list[bytes] = []
    keys: list[str] = []
    readable: list[SourceFile] = []
    unreadable: list[Finding] = []
    for source_file in files:
        try:
            data = source_file.absolute.read_bytes()
        except OSError as error:
            unreadable.append(
                Finding(source_file.path, 1, 1, "ADMF002", f"file cannot be read: {error.strerror}")
            )
            continue
        readable.append(source_file)
        sources.append(data)
        keys.append(file_key(source_file.path, source_file.module, data))
    source_map = {f.path: f.absolute for f in files}
    config_key = repr(config) + dependencies_key(config)
    run_key = project_key(config_key, keys)
    # A file that cannot be read is reported but has no key: such runs are never cached.
    if cache is not None and unreadable:
        cache = None
    extracted: dict[int, ModuleFacts] = {}
    if cache is not None:
        cached = cache.load_result(run_key)
        if cached is not None:
            cache.point_snapshot(snapshot_key(config_key, (f.path for f in readable)), run_key)
            seconds = time.perf_counter() - started
            stats = LintStatistics(len(files), 0, True, seconds)
            return _report(
                cached.findings, stats, source_map, root, cached.newer_grammar, config, readable
            )
        snapshot_at = snapshot_key(config_key, (f.path for f in readable))
        snapshot = cache.load_snapshot(snapshot_at)
        if snapshot is not None:
            partial = _reuse_project(snapshot, readable, sources, keys, cache, config, extracted)
            if partial is not None:
                reused, rerun = partial
                findings = _assemble(readable, reused, config)
                newer = tuple(
                    (f.path, reused.grammar[f.path]) for f in readable if f.path in reused.grammar
                )
                cache.store_result(run_key, findings, newer)
                cache.store_snapshot(snapshot_at, reused, run_key)
                seconds = time.perf_counter() - started
                stats = LintStatistics(len(files), len(extracted), False, seconds, True, rerun)
                return _report(findings, stats, source_map, root, newer, config, readable)
    facts: list[ModuleFacts | None] = [None] * len(readable)
    missing = []
    for position, (source_file, key) in enumerate(zip(readable, keys, strict=True)):
        loaded = extracted.get(position)
        if loaded is None and cache is not None:
            loaded = cache.load_facts(key)
        if loaded is not None:
            facts[position] = loaded
        else:
            missing.append(
                (
                    position,
                    source_file.path,
                    source_file.module,
                    source_file.is_package,
                    sources[position],
                    key,
                )
            )
    jobs = default_jobs() if jobs is None else max(1, jobs)
    cache_dir = str(root) if cache is not None else None
    if jobs > 1 and len(missing) >= PARALLEL_THRESHOLD:
        # Imported here: a warm run never starts workers, and the import costs it 10% of its time.
        from concurrent.futures import ProcessPoolExecutor

        # The collector stays off while the workers' facts are unpickled here (it scanned the
        # growing facts again and again: over half of this process's CPU time); the workers,
        # forked from here, extract with it off too.
        with no_collector_pauses(), ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_extract_batch, batch, cache_dir)
                for batch in _batches(missing, jobs * 4)
            ]
            for future in futures:
                for position, module_facts in future.result():
                    facts[position] = module_facts
    else:
        for position, module_facts in _extract_batch(missing, cache_dir):
            facts[position] = module_facts
    modules = [module_facts for module_facts in facts if module_facts is not None]
    project_findings, context = run_project_rules(modules, config)
    read = read_sources(context)
    snapshot = ProjectSnapshot(
        keys=dict(zip((f.path for f in readable), keys, strict=True)),
        project_findings=tuple(project_findings),
        file_findings={m.path: m.findings for m in modules if m.findings},
        noqa={m.path: m.noqa for m in modules if m.noqa},
        grammar={m.path: m.grammar for m in modules if m.grammar is not None},
        read_sources=read,
        properties=tuple(
            sorted({name for cls in context.index.classes.values() for name in cls.properties})
        ),
    )
    findings = [*unreadable, *_assemble(readable, snapshot, config)]
    findings.sort()
    newer = tuple((m.path, m.grammar) for m in modules if m.grammar is not None)
    if cache is not None:
        cache.store_result(run_key, findings, newer)
        cache.store_snapshot(
            snapshot_key(config_key, (f.path for f in readable)), snapshot, run_key
        )
    analysed = len(missing) + len(extracted)
    stats = LintStatistics(len(files), analysed, False, time.perf_counter() - started)
    return _report(findings, stats, source_map, root, newer, config, readable)


def _report(
    findings: Iterable[Finding],
    statistics: LintStatistics,
    sources: dict[str, Path],
    root: Path,
    newer: tuple[tuple[str, str], ...],
    config: LintConfig,
    files: Sequence[SourceFile],
) -> LintReport:
    """The report of a run, its blocking-call findings in command-line modules set aside
    (:func:`engine.set_aside`: the chain rules mark theirs, the others are told by the dotted
    name of their file; the cache keeps them all)."""
    modules = {source.path: source.module for source in files}
    shown: list[Finding] = []
    aside: list[Finding] = []
    for finding in findings:
        target = aside if set_aside(finding, config, modules.get(finding.path)) else shown
        target.append(finding)
    return LintReport(tuple(shown), statistics, sources, root, newer, tuple(aside))


def _assemble(
    files: Sequence[SourceFile], snapshot: ProjectSnapshot, config: LintConfig
) -> list[Finding]:
    """The run's findings: every file's own, then the project rules', filtered and sorted (what
    :func:`engine.analyse_project` returns for the same facts)."""
    findings = [f for source in files for f in snapshot.file_findings.get(source.path, ())]
    findings.extend(snapshot.project_findings)
    # Filtering reads only each module's path and noqa table.
    suppressing = [
        ModuleFacts(path, "", {}, (), (), (), (), noqa) for path, noqa in snapshot.noqa.items()
    ]
    return sorted(filter_findings(findings, suppressing, config))


def _reuse_project(
    snapshot: ProjectSnapshot,
    files: Sequence[SourceFile],
    sources: Sequence[bytes],
    keys: Sequence[str],
    cache: LintCache,
    config: LintConfig,
    extracted: dict[int, ModuleFacts],
) -> tuple[ProjectSnapshot, int] | None:
    """The snapshot of this run when ``snapshot``'s project findings still hold, but on the
    lines of the isolated functions the edits changed or at the lines an edit inside existing
    functions moved them to, else ``None``; and over how many modules the project rules ran
    again to rebuild or check findings (0: none).

    They hold when the same files are linted and one edited file changed only inside existing
    functions as :func:`_reuse_local` accepts, or each edited file is the same for the project
    stage but for its isolated functions (:func:`incremental.project_edit`, and the same call
    arguments where the dependency analysis read them). Facts extracted on the way go into
    ``extracted`` (by position), for the full run that follows a ``None``.
    """
    if len(snapshot.keys) != len(files) or any(f.path not in snapshot.keys for f in files):
        return None
    if config.loop_decorators:
        # Loop markers are found by reading every file's decorators, which its facts do not hold.
        return None
    edited = [i for i, f in enumerate(files) if snapshot.keys[f.path] != keys[i]]
    if len(edited) > MAX_REUSED_EDITS:
        return None
    file_findings = dict(snapshot.file_findings)
    noqa = dict(snapshot.noqa)
    grammar = dict(snapshot.grammar)
    edits: list[ProjectEdit] = []
    current: dict[int, ModuleFacts] = {}
    for position in edited:
        source_file = files[position]
        path = source_file.path
        old = cache.load_facts(snapshot.keys[path])
        if old is None:
            return None
        new = cache.load_facts(keys[position])
        if new is None:
            new = extract_module(
                sources[position], path, source_file.module, is_package=source_file.is_package
            )
            cache.store_facts(keys[position], encode_module(new))
            extracted[position] = new
        current[position] = new
        others = [source for i, source in enumerate(sources) if i != position]
        if len(edited) == 1:
            # Tried first: it needs no search of the other files for the edited functions'
            # names (what project_edit's isolated functions need, 15 ms a name on the
            # standard library), and it covers every edit project_edit keeps whole.
            local = _reuse_local(snapshot, files, keys, cache, config, old, new, others)
            if local is not None:
                return local
        edit = project_edit(old, new, sources[position], others)
        if edit is None:
            return None
        read = snapshot.read_sources.get(path)
        if read is not None and (
            not reads_the_same(config.root, new, read) or touches(read, edit.old_spans)
        ):
            return None
        edits.append(edit)
        file_findings.pop(path, None)
        noqa.pop(path, None)
        grammar.pop(path, None)
        if new.findings:
            file_findings[path] = new.findings
        if new.noqa:
            noqa[path] = new.noqa
        if new.grammar is not None:
            grammar[path] = new.grammar
    rebuilt = [edit for edit in edits if edit.calls]
    found: list[Finding] = []
    modules: list[ModuleFacts] = []
    if rebuilt:
        positions = {f.module: i for i, f in enumerate(files)}
        if len(positions) != len(files):
            return None  # two files claim one module: which one the index keeps is not ours

        def facts_of(module: str) -> ModuleFacts | None:
            position = positions[module]
            known = current.get(position)
            return known if known is not None else cache.load_facts(keys[position])

        # The edited files as they are now, and what the changed isolated functions call.
        roots: list[ModuleFacts | FunctionFacts] = [current[i] for i in edited]
        roots.extend(fn for edit in rebuilt for fn in (*edit.removed, *edit.added))
        named = named_modules(roots, facts_of, positions)
        if named is None:
            return None
        modules = named
        isolated = isolated_findings(rebuilt, modules, config)
        if isolated is None:
            return None
        found = isolated
    reused = replace(
        snapshot,
        keys=dict(zip((f.path for f in files), keys, strict=True)),
        project_findings=merge_findings(snapshot.project_findings, edits, found),
        file_findings=file_findings,
        noqa=noqa,
        grammar=grammar,
    )
    return reused, len(modules)


def _reuse_local(
    snapshot: ProjectSnapshot,
    files: Sequence[SourceFile],
    keys: Sequence[str],
    cache: LintCache,
    config: LintConfig,
    old: ModuleFacts,
    new: ModuleFacts,
    others: Sequence[bytes],
) -> tuple[ProjectSnapshot, int] | None:
    """The snapshot of this run after an edit inside existing functions of one file (moved lines,
    calls of mute functions added or removed: :func:`incremental.local_edit`), else ``None``;
    and over how many modules the project rules ran again to check the call sites (0: none).
    ``others`` are the other files' sources."""
    edit = local_edit(old, new)
    if edit is None:
        return None
    read_sources = snapshot.read_sources
    read = read_sources.get(new.path)
    if read is not None:
        moved = shift_read(config.root, new, read, edit)
        if moved is None:
            return None
        read_sources = {**read_sources, new.path: moved}
    project_findings = shift_findings(snapshot.project_findings, edit)
    if project_findings is None:
        return None
    rerun = 0
    if edit.added or edit.removed or edit.relit:
        positions = {f.module: i for i, f in enumerate(files)}
        if len(positions) != len(files):
            return None  # two files claim one module: which one the index keeps is not ours

        def facts_of(module: str) -> ModuleFacts | None:
            return new if module == new.module else cache.load_facts(keys[positions[module]])

        joined: list[bytes] = []

        def named_elsewhere(name: str) -> bool:
            if not joined:
                joined.append(b"\0".join(others))
            return name.encode() in joined[0]

        modules = local_modules(edit, new, facts_of, positions)
        if modules is None:
            return None
        followed = local_run(
            edit,
            old,
            modules,
            config,
            named_elsewhere,
            lambda: _rule_words(cache),
            None if snapshot.properties is None else frozenset(snapshot.properties),
        )
        if followed is None:
            return None
        if followed:
            # Their nodes, which the full stage reads where their function runs on the loop's
            # side: kept in any case, so that a later change of their arguments is seen.
            held = with_nodes(config.root, new, read_sources.get(new.path), followed)
            if held is None:
                return None
            read_sources = {**read_sources, new.path: held}
        rerun = len(modules)
    file_findings = {path: found for path, found in snapshot.file_findings.items()}
    noqa = dict(snapshot.noqa)
    grammar = dict(snapshot.grammar)
    file_findings.pop(new.path, None)
    noqa.pop(new.path, None)
    grammar.pop(new.path, None)
    if new.findings:
        file_findings[new.path] = new.findings
    if new.noqa:
        noqa[new.path] = new.noqa
    if new.grammar is not None:
        grammar[new.path] = new.grammar
    reused = replace(
        snapshot,
        keys=dict(zip((f.path for f in files), keys, strict=True)),
        project_findings=tuple(project_findings),
        file_findings=file_findings,
        noqa=noqa,
        grammar=grammar,
        read_sources=read_sources,
    )
    return reused, rerun


def _rule_words(cache: LintCache) -> RuleWords:
    """The words of the linter's strings (:class:`incremental.RuleWords`), from the cache, or
    read from the linter's source (0.4 s) and kept there: the cache's directory is named by that
    source."""
    data = cache.load_entry("rule-words")
    if isinstance(data, dict) and isinstance(data.get("parts"), list):
        words = data.get("words")
        if isinstance(words, dict):
            return RuleWords(
                {str(word): frozenset(map(str, files)) for word, files in words.items()},
                frozenset(map(str, data["parts"])),
            )
    found = read_rule_words()
    encoded = {
        "words": {word: sorted(files) for word, files in sorted(found.words.items())},
        "parts": sorted(found.parts),
    }
    cache.store_entry("rule-words", encoded)
    return found


def lint_paths(
    paths: Iterable[str | Path],
    config: LintConfig,
    *,
    use_cache: bool = True,
    jobs: int | None = None,
    force_exclude: bool = False,
) -> LintReport:
    """Lint every Python file under ``paths`` with ``config``.

    Raises :class:`admf_tsan.lint.files.FileDiscoveryError` for a path that does not exist.
    """
    files = discover(paths, Path(config.root), config.exclude, force_exclude=force_exclude)
    return lint_files(files, config, use_cache=use_cache, jobs=jobs)
