"""Replay fidelity: which code a failing seed was recorded against, and whether it changed since.

A seed replays an interleaving only for the code it was found with: the controlled scheduler
switches at bytecodes of the code under test, so an edit moves every later choice. Each
MULTI_THREADED run has the scheduler's ``fingerprint`` of the code that got switch points. When
a run fails, its fingerprint is recorded in pytest's cache (``config.cache``), keyed by node id,
context and seed, one cache entry per key (so pytest-xdist workers write theirs without
racing). When a later run uses a recorded seed (``--admf-seed=N``) and its fingerprint differs,
the plugin says so in the failure, as a warning when the replay passes, and in the terminal
summary, instead of replaying silently wrong.

Without the cache plugin (``-p no:cacheprovider``) nothing is recorded or compared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

__all__ = [
    "CACHE_PREFIX",
    "AdmfReplayWarning",
    "FingerprintChange",
    "FingerprintStore",
    "run_fingerprint",
]

CACHE_PREFIX = "admf/fingerprints/"
"""Where the recorded fingerprints live in pytest's cache (``.pytest_cache/v/admf/...``)."""


class AdmfReplayWarning(pytest.PytestWarning):
    """A replayed seed was recorded against different code than the one that ran now."""


def run_fingerprint(fingerprints: Sequence[str]) -> str | None:
    """The fingerprint of one run of a test body: that of its scheduled ``stress.run`` calls.

    None when the run made no scheduled call (nothing to compare); the call's own fingerprint
    when it made one; a digest of all of them, in order, when it made several.
    """
    if not fingerprints:
        return None
    if len(fingerprints) == 1:
        return fingerprints[0]
    return hashlib.sha256("\n".join(fingerprints).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FingerprintChange:
    """A run whose seed was recorded (failing) against code with another fingerprint."""

    seed: int
    recorded: str
    current: str

    def message(self) -> str:
        """The sentence the plugin prints wherever the replay is reported."""
        return (
            f"admf: seed {self.seed} was recorded against different code (fingerprint "
            f"{self.recorded} -> {self.current}): this replay may not follow the recorded "
            "interleaving"
        )

    def as_record(self) -> dict[str, Any]:
        """A plain dict, to travel in a report's ``user_properties`` (pytest-xdist)."""
        return {"seed": self.seed, "recorded": self.recorded, "current": self.current}

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> FingerprintChange:
        """The inverse of ``as_record``."""
        return cls(int(data["seed"]), str(data["recorded"]), str(data["current"]))


class FingerprintStore:
    """The failing seeds' fingerprints in pytest's cache; a no-op without a cache.

    ``cache`` is ``config.cache`` (None when the cacheprovider plugin is off). Reading a key
    never recorded gives None; a corrupt or foreign entry counts as not recorded.
    """

    def __init__(self, cache: pytest.Cache | None) -> None:
        self._cache = cache

    @property
    def enabled(self) -> bool:
        """Whether fingerprints are recorded and compared at all."""
        return self._cache is not None

    @staticmethod
    def key(nodeid: str, context: str, seed: int) -> str:
        """The cache key of one (test, context, seed): a digest, safe as a file name."""
        digest = hashlib.blake2b(f"{nodeid}\0{context}\0{seed}".encode(), digest_size=12)
        return CACHE_PREFIX + digest.hexdigest()

    def record(self, nodeid: str, context: str, seed: int, fingerprint: str) -> None:
        """Remember that ``seed`` failed in ``nodeid``/``context`` with code ``fingerprint``."""
        if self._cache is None:
            return
        entry = {"nodeid": nodeid, "context": context, "seed": seed, "fingerprint": fingerprint}
        self._cache.set(self.key(nodeid, context, seed), entry)

    def recorded(self, nodeid: str, context: str, seed: int) -> str | None:
        """The fingerprint recorded for this (test, context, seed), or None."""
        if self._cache is None:
            return None
        entry = self._cache.get(self.key(nodeid, context, seed), None)
        if (
            not isinstance(entry, dict)
            or entry.get("nodeid") != nodeid
            or entry.get("context") != context
            or entry.get("seed") != seed
            or not isinstance(entry.get("fingerprint"), str)
        ):
            return None
        fingerprint: str = entry["fingerprint"]
        return fingerprint

    def compare(
        self, nodeid: str, context: str, seed: int, current: str | None
    ) -> FingerprintChange | None:
        """The change, when ``seed`` was recorded here against code other than ``current``."""
        if current is None:
            return None
        recorded = self.recorded(nodeid, context, seed)
        if recorded is None or recorded == current:
            return None
        return FingerprintChange(seed, recorded, current)

    def __repr__(self) -> str:
        return f"<FingerprintStore {'on' if self.enabled else 'off (no cache)'}>"
