"""The user-level cache of library facts, shared by every project and run.

One JSON file per library module, under ``$XDG_CACHE_HOME/admf-tsan/deps/`` (``~/.cache`` by
default; ``ADMF_TSAN_DEPS_CACHE`` names another directory), in a folder per distribution and
version (``httpx-0.28.1/``), named by the hash of the module's name and source. Upgrading a package
changes its folder, editing a file changes its hash: stale entries are never read. Writes go to a
temporary file renamed into place, so concurrent runs never see half an entry; an unreadable or
unwritable cache only costs the extraction.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from admf_tsan.lint.analysis.facts import FACTS_VERSION, ModuleFacts, decode_module, encode_module
from admf_tsan.lint.deps.flow import FLOW_VERSION, FunctionOutline, module_aliases, outline_module
from admf_tsan.lint.deps.locate import ModuleSource

__all__ = ["LibraryModule", "DependencyStore", "default_cache_dir"]

_VERSION = f"{FACTS_VERSION}.{FLOW_VERSION}"


def default_cache_dir() -> Path:
    """Where library facts are cached (see the module docstring)."""
    explicit = os.environ.get("ADMF_TSAN_DEPS_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "admf-tsan" / "deps"


@dataclass(frozen=True, slots=True)
class LibraryModule:
    """A library module's facts (the project's own extractor's) and its functions' outlines."""

    source: ModuleSource
    facts: ModuleFacts
    outlines: dict[str, FunctionOutline]
    aliases: dict[str, list[str]]


class DependencyStore:
    """Loads library modules, from the cache when it has them; counts what it did."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        enabled: bool = True,
        python_version: tuple[int, ...] | None = None,
    ) -> None:
        self.directory = directory if directory is not None else default_cache_dir()
        self.enabled = enabled
        #: The version of the interpreter the libraries are installed for: their
        #: ``sys.version_info`` tests are decided for it (part of every cache key).
        self.python_version = python_version
        self.hits = 0
        self.misses = 0

    def load(self, source: ModuleSource) -> LibraryModule:
        """The facts of ``source``. Raises ``OSError`` when the file cannot be read."""
        data = Path(source.path).read_bytes()
        # Its version and platform tests are decided where it is installed: both in the key.
        version = ".".join(map(str, self.python_version or ())).encode()
        version += f"\0{sys.platform}\0{os.name}".encode()
        digest = hashlib.sha256(source.module.encode() + b"\0" + version + b"\0" + data).hexdigest()
        entry = self.directory / _folder(source) / f"{digest}.json"
        if self.enabled:
            cached = self._read(entry)
            if cached is not None:
                self.hits += 1
                return LibraryModule(source, *cached)
        self.misses += 1
        # Imported here: the engine imports every rule, and a rule imports this module.
        from admf_tsan.lint.engine import decode_source, extract_module

        facts = extract_module(
            data,
            source.path,
            source.module,
            is_package=source.is_package,
            visitors={},
            python_version=self.python_version,
        )
        outlines: dict[str, FunctionOutline] = {}
        aliases: dict[str, list[str]] = {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                text = decode_source(data)
                tree = ast.parse(text)
                outlines = outline_module(tree, source.module, text, self.python_version)
                aliases = module_aliases(tree, self.python_version)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            outlines, aliases = {}, {}
        if self.enabled:
            self._write(entry, facts, outlines, aliases)
        return LibraryModule(source, facts, outlines, aliases)

    def _read(
        self, entry: Path
    ) -> tuple[ModuleFacts, dict[str, FunctionOutline], dict[str, list[str]]] | None:
        try:
            payload = json.loads(entry.read_text(encoding="utf-8"))
            if payload["version"] != _VERSION:
                return None
            facts = decode_module(payload["facts"])
            outlines = {
                name: FunctionOutline.from_json(o) for name, o in payload["outlines"].items()
            }
            aliases = {str(name): list(path) for name, path in payload["aliases"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return facts, outlines, aliases

    def _write(
        self,
        entry: Path,
        facts: ModuleFacts,
        outlines: dict[str, FunctionOutline],
        aliases: dict[str, list[str]],
    ) -> None:
        payload = {
            "aliases": aliases,
            "version": _VERSION,
            "facts": encode_module(facts),
            "outlines": {name: o.to_json() for name, o in outlines.items()},
        }
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(payload, file, separators=(",", ":"))
            os.replace(temporary, entry)
        except (OSError, TypeError, ValueError):
            pass


def _folder(source: ModuleSource) -> str:
    safe = "".join(
        c if c.isalnum() or c in "._-" else "_" for c in f"{source.distribution}-{source.version}"
    )
    return safe or "unknown"
