"""The per-call result cache: what each project call into a library led to, kept between runs."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from admf_tsan.lint.blocking import BlockingCall, BlockingClassifier
from admf_tsan.lint.deps._chains import DependencyChain, Link
from admf_tsan.lint.deps.flow import Node, evaluate
from admf_tsan.lint.deps.locate import Environment, installed_names
from admf_tsan.lint.deps.store import _VERSION

__all__ = ["ResultCache"]


class ResultCache:
    """What each project call into a library led to, for the next run (user-level, per environment).

    A run whose project calls are the same, with the same distributions installed (their
    versions are in the key), the same settings and the same library files (size and mtime of
    every file the analysis read, checked on load), reuses the chains instead of reading the
    libraries again. Anything else misses and is recomputed.
    """

    def __init__(self, directory: Path, env: Environment, settings: str, loaded: list[str]) -> None:
        fingerprint = "\0".join((_environment_names(env), settings, _VERSION))
        digest = hashlib.sha256(fingerprint.encode("utf-8", "surrogateescape")).hexdigest()
        self.path = directory / "results" / f"{digest}.json"
        self.loaded = loaded
        self.files: dict[str, list[int]] = {}
        self.entries: dict[str, Any] = {}
        self.changed = False
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
            files = {str(p): list(stamp) for p, stamp in payload["files"].items()}
            if all(_stamp(p) == stamp for p, stamp in files.items()):
                self.files, self.entries = files, dict(payload["entries"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass

    @staticmethod
    def key(name: str, spelled: str | None, node: Node, awaited: bool, global_ref: bool) -> str:
        args = [repr(evaluate(v, {})) for v in node[3]]
        keywords = sorted((k, repr(evaluate(v, {}))) for k, v in node[4].items())
        return json.dumps(
            [name, spelled, args, keywords, node[5], node[6] is not None, awaited, global_ref]
        )

    def get(
        self, key: str, classifier: BlockingClassifier
    ) -> tuple[DependencyChain | None, DependencyChain | None, str] | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            definite, may, shown = entry
            return _chain_from(definite, classifier), _chain_from(may, classifier), str(shown)
        except (ValueError, TypeError, LookupError):
            return None

    def put(
        self, key: str, definite: DependencyChain | None, may: DependencyChain | None, shown: str
    ) -> None:
        self.entries[key] = [_chain_to(definite), _chain_to(may), shown]
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        for path in self.loaded:
            stamp = _stamp(path)
            if stamp is not None:
                self.files[path] = stamp
        payload = {"files": self.files, "entries": self.entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(payload, file, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError:
            pass


def _stamp(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_mtime_ns, info.st_size]


def _chain_to(chain: DependencyChain | None) -> Any:
    if chain is None:
        return None
    links = [[k.caller, k.callee, k.path, k.line, k.column] for k in chain.links]
    return [links, chain.call.name]


def _chain_from(data: Any, classifier: BlockingClassifier) -> DependencyChain | None:
    if data is None:
        return None
    links, name = data
    entry = classifier.entry_for(name)
    if entry is None:
        raise LookupError(name)
    return DependencyChain(
        tuple(Link(str(a), str(b), str(c), int(d), int(e)) for a, b, c, d, e in links),
        BlockingCall(entry, name),
    )


def _environment_names(env: Environment) -> str:
    return "\0".join((env.version, *env.paths, *installed_names(env)))
