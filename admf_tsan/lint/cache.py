"""The on-disk cache: per-file facts keyed by content hash, and the last complete result.

Layout under ``<project root>/.admf-tsan-cache/<salt>/`` (``salt`` changes with the linter's own
code, so an upgrade never reads stale facts):

* ``facts/<kk>/<key>.json``: :class:`ModuleFacts` of one file, ``key`` = hash of (path, module,
  bytes);
* ``results/<key>.json``: the findings of a run, named by the hash of everything they depend on
  (every file key and the configuration); the 16 most recent are kept. A re-run with nothing
  changed prints them without analysis.
* ``<name>.json``: what a run derived from the linter's own source (``rule-words.json``, the
  words of its strings that ``incremental.py`` checks a library call against);
* ``projects/<run>.json``: a :class:`ProjectSnapshot` of a run (``run`` is its result key): each
  file's key, the project rules' findings and what they read; ``projects/<key>.last`` names the
  last run over one set of paths with one configuration (``key`` hashes both). After an edit
  that leaves what the project stage consumes unchanged (or changes it in ways
  ``incremental.py`` can follow), the next run reuses the project rules' findings instead of
  running them all (see ``api.py``).

Writes go to a temporary file and are renamed into place, so concurrent runs (pre-commit, an
editor, CI) never read a half-written entry; an unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from admf_tsan.lint.analysis.codec import decode, encode
from admf_tsan.lint.analysis.facts import ModuleFacts, decode_finding, decode_module, encode_finding
from admf_tsan.lint.engine import no_collector_pauses
from admf_tsan.lint.ftypes import Finding

CACHE_DIR_NAME = ".admf-tsan-cache"
#: Results of this many distinct runs (path sets, configurations) are kept.
KEPT_RESULTS = 16


@lru_cache(maxsize=1)
def linter_salt() -> str:
    """A hash of the linter's own source, the interpreter's version and the platform: any change
    to the analysis invalidates the cache, and so does another Python (its parser and its list
    of standard-library modules, which the facts read, differ) or another platform (the facts
    hold the branches a platform test rules out there: a cache shared between machines)."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{sys.implementation.name}{sys.version_info[:2]}".encode())
    digest.update(f"\0{sys.platform}\0{os.name}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    # The blocking-call catalogue (a package beside the linter): facts and results depend on it.
    catalogue = package.parent / "catalogue"
    for path in sorted(catalogue.rglob("*.py")):
        digest.update(path.relative_to(catalogue).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def file_key(path: str, module: str, source: bytes) -> str:
    """The cache key of one file's facts.

    SHA-256 (truncated to 128 bits): every run hashes every file, and it runs in hardware on
    most CPUs (12 ms for the standard library's 11 MiB here, blake2b 31 ms).
    """
    digest = hashlib.sha256(source)
    digest.update(b"\0" + path.encode() + b"\0" + module.encode())
    return digest.hexdigest()[:32]


def project_key(config_key: str, file_keys: Iterable[str]) -> str:
    """The key of a whole run: configuration plus every file key, in order."""
    digest = hashlib.blake2b(config_key.encode(), digest_size=16)
    for key in file_keys:
        digest.update(key.encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class SourceRead:
    """What the project stage read of one project file beyond its facts: the call nodes at
    ``positions`` (``(line, column, end_line, end_column)``), summed up by ``digest``, and
    one by one by ``nodes`` (a digest per position, in the same order; empty when not kept)."""

    digest: str
    positions: tuple[tuple[int, int, int, int], ...]
    nodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectSnapshot:
    """What one complete run's project stage consumed and produced, kept for the next run.

    ``keys`` maps every file (in run order) to its :func:`file_key`. ``project_findings`` are the
    project rules' findings in rule order, before selection and ``noqa`` (order decides which of
    two findings at one position survives). ``file_findings`` and ``noqa`` hold each file's own
    findings and suppressions (files with none are left out), ``grammar`` the files parsed with a
    newer grammar. ``read_sources`` maps each file the project stage read beyond its facts (the
    dependency analysis reads call arguments from source) to what it read there. ``properties``
    names every ``@property`` of the project's classes (guard inference reads an attribute of
    that name through an instance as a call of the property: ``incremental.mute_sites`` needs
    them for a call through an instance; ``None``: not known). An edit the snapshot is carried
    over (``incremental``) changes no class, so they hold after it.
    """

    keys: dict[str, str]
    project_findings: tuple[Finding, ...]
    file_findings: dict[str, tuple[Finding, ...]]
    noqa: dict[str, dict[int, frozenset[str] | None]]
    grammar: dict[str, str]
    read_sources: dict[str, SourceRead]
    properties: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class CachedResult:
    """The stored result of an earlier run with the same files and configuration: its findings,
    and ``(path, grammar)`` of each file it analysed with a newer Python's grammar."""

    findings: tuple[Finding, ...]
    newer_grammar: tuple[tuple[str, str], ...]


def snapshot_key(config_key: str, paths: Iterable[str]) -> str:
    """The key of a project snapshot: the configuration and the paths linted (not their bytes)."""
    digest = hashlib.blake2b(config_key.encode(), digest_size=16)
    for path in paths:
        digest.update(b"\0" + path.encode())
    return digest.hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class LintCache:
    """Facts and results of earlier runs under ``root/.admf-tsan-cache``.

    Every method swallows ``OSError``/decoding problems: a broken cache costs speed, never
    correctness.
    """

    def __init__(self, root: Path) -> None:
        self.top = root / CACHE_DIR_NAME
        self.directory = self.top / linter_salt()

    def facts_path(self, key: str) -> Path:
        return self.directory / "facts" / key[:2] / f"{key}.json"

    def load_facts(self, key: str) -> ModuleFacts | None:
        # The collector off while the facts are built, and they are moved to its oldest
        # generation (they are kept for the run): a run that reads every file's facts (an edit
        # the project stage must see) otherwise spent half its time scanning them again and
        # again (1.0-1.25 s of 1.8-2.5 s on the standard library).
        try:
            with no_collector_pauses():
                return decode_module(self.facts_path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None

    def store_facts(self, key: str, encoded: str) -> None:
        try:
            self._prepare()
            _write_atomic(self.facts_path(key), encoded)
        except OSError:
            pass

    def _result_path(self, key: str) -> Path:
        return self.directory / "results" / f"{key}.json"

    def load_result(self, key: str) -> CachedResult | None:
        try:
            data = json.loads(self._result_path(key).read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None
            findings = tuple(decode_finding(item) for item in data["findings"])
            newer = tuple((str(path), str(grammar)) for path, grammar in data["newer_grammar"])
            return CachedResult(findings, newer)
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None

    def store_result(
        self,
        key: str,
        findings: Iterable[Finding],
        newer_grammar: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Keep the result of this run; only the :data:`KEPT_RESULTS` most recent are kept.

        ``newer_grammar`` lists ``(path, grammar)`` of the files that needed a newer Python's
        grammar, so that a run answered from this result still names them on stderr.
        """
        try:
            self._prepare()
            text = json.dumps(
                {
                    "key": key,
                    "findings": [encode_finding(f) for f in findings],
                    "newer_grammar": [list(pair) for pair in newer_grammar],
                }
            )
            _write_atomic(self._result_path(key), text)
            kept = sorted(
                self._result_path(key).parent.glob("*.json"),
                key=lambda path: path.stat().st_mtime,
                reverse=True,
            )
            for stale in kept[KEPT_RESULTS:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass

    def _snapshot_path(self, key: str) -> Path:
        return self.directory / "projects" / f"{key}.json"

    def _pointer_path(self, key: str) -> Path:
        return self.directory / "projects" / f"{key}.last"

    def load_snapshot(self, key: str) -> ProjectSnapshot | None:
        """The snapshot of the last run over the path set ``key`` (see :func:`snapshot_key`),
        or ``None``."""
        try:
            run = self._pointer_path(key).read_text(encoding="utf-8")
            data = json.loads(self._snapshot_path(run).read_text(encoding="utf-8"))
            if data[0] != run:
                return None
            return decode(ProjectSnapshot, data[1])
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None

    def store_snapshot(self, key: str, snapshot: ProjectSnapshot, run: str) -> None:
        """Keep ``snapshot``, the state of the run ``run`` (its :func:`project_key`), as the last
        of the path set ``key``. As for results, the :data:`KEPT_RESULTS` most recent stay: a
        run answered from a stored result points back at its snapshot (:meth:`point_snapshot`),
        so the next edit is compared with the files as they are, not as the last analysis saw
        them."""
        try:
            self._prepare()
            text = json.dumps([run, encode(snapshot)], separators=(",", ":"))
            path = self._snapshot_path(run)
            _write_atomic(path, text)
            _write_atomic(self._pointer_path(key), run)
            kept = sorted(
                path.parent.glob("*.json"), key=lambda entry: entry.stat().st_mtime, reverse=True
            )
            for stale in kept[KEPT_RESULTS:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass

    def point_snapshot(self, key: str, run: str) -> None:
        """Make the snapshot of the run ``run`` the last of the path set ``key`` (a run answered
        from ``run``'s stored result); nothing to do when it already is."""
        pointer = self._pointer_path(key)
        try:
            if pointer.read_text(encoding="utf-8") == run:
                return
        except OSError:
            pass
        try:
            _write_atomic(pointer, run)
        except OSError:
            pass

    def load_entry(self, name: str) -> object | None:
        """The JSON value stored under ``name`` for this linter version (see
        :meth:`store_entry`), or ``None``."""
        try:
            data: object = json.loads((self.directory / f"{name}.json").read_text(encoding="utf-8"))
            return data
        except (OSError, ValueError):
            return None

    def store_entry(self, name: str, data: object) -> None:
        """Keep ``data`` (JSON) under ``name``: something derived from the linter's own source,
        such as the words of its strings (``incremental.RuleWords``), valid as long as the
        directory (named by that source) is."""
        try:
            self._prepare()
            _write_atomic(self.directory / f"{name}.json", json.dumps(data))
        except OSError:
            pass

    def _prepare(self) -> None:
        if self.directory.is_dir():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        # A new salt means the linter changed: entries of other versions can never be read again.
        for sibling in self.top.iterdir():
            if sibling.is_dir() and sibling != self.directory:
                shutil.rmtree(sibling, ignore_errors=True)
        if (self.top / "CACHEDIR.TAG").exists():
            return
        (self.top / ".gitignore").write_text("# created by admf-tsan\n*\n", encoding="utf-8")
        (self.top / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n# admf-tsan lint cache\n",
            encoding="utf-8",
        )
