"""Helpers for the linter tests: write a small project to disk and run the CLI in-process."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from admf_tsan.lint.cli import lint_main


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def found(self) -> list[tuple[str, int, str]]:
        """``(path, line, code)`` of each finding of a ``--format json`` run."""
        return [(f["path"], f["line"], f["code"]) for f in self.json()]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write files under a fresh project root (with a pyproject.toml) and chdir into it."""

    def make(files: Mapping[str, str | bytes], config: str = "") -> Path:
        pyproject = "[project]\nname = 'demo'\n"
        if config:
            pyproject += "\n[tool.admf-tsan]\n" + config
        write_files(tmp_path, {"pyproject.toml": pyproject, **files})
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


@pytest.fixture
def deps_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The library facts cache of this test alone (``ADMF_TSAN_DEPS_CACHE``), so that one
    test's fake installed packages never answer for another's. A module of such tests says
    ``pytestmark = pytest.mark.usefixtures("deps_cache")``."""
    cache = tmp_path / "deps-cache"
    monkeypatch.setenv("ADMF_TSAN_DEPS_CACHE", str(cache))
    return cache


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``admf-tsan lint`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> CliResult:
        code = lint_main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
