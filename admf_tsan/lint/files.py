"""Find the Python files to lint and name their modules.

A module's dotted name follows the packages on disk: ``src/pkg/sub/mod.py`` is ``pkg.sub.mod``
when ``pkg`` and ``sub`` hold an ``__init__.py`` (and ``src`` does not). Paths in findings are
relative to the project root when the file is inside it, absolute otherwise.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: Directories never descended into (as ruff does), on top of the configured ``exclude``; a
#: directory holding ``pyvenv.cfg`` (a virtual environment, whatever its name) is skipped too.
DEFAULT_EXCLUDES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        "__pycache__",
        ".admf-tsan-cache",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "node_modules",
        "site-packages",
        "build",
        "dist",
    }
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file to lint: where it is, how findings name it, and its module name."""

    absolute: Path
    path: str
    module: str
    is_package: bool


class FileDiscoveryError(ValueError):
    """A path given on the command line does not exist."""


def _excluded(relative: str, patterns: tuple[str, ...], skip: int = 0) -> bool:
    """Whether a root-relative path matches an exclude glob.

    A glob matches a path prefix (``tests/lint/data``) or a single component (``fixtures``).
    The first ``skip`` components (the path given on the command line) are not checked.
    """
    parts = relative.split("/")
    for index in range(skip, len(parts)):
        prefix = "/".join(parts[: index + 1])
        for pattern in patterns:
            if fnmatch.fnmatch(prefix, pattern) or fnmatch.fnmatch(parts[index], pattern):
                return True
    return False


class _ModuleNamer:
    def __init__(self) -> None:
        self._is_package: dict[Path, bool] = {}

    def _package(self, directory: Path) -> bool:
        known = self._is_package.get(directory)
        if known is None:
            known = (directory / "__init__.py").is_file()
            self._is_package[directory] = known
        return known

    def name(self, path: Path) -> tuple[str, bool]:
        is_package = path.name == "__init__.py"
        parts = [] if is_package else [path.stem]
        directory = path.parent
        while self._package(directory):
            parts.append(directory.name)
            if directory.parent == directory:
                break
            directory = directory.parent
        return ".".join(reversed(parts)) or path.stem, is_package


def discover(
    paths: Iterable[str | Path],
    root: Path,
    exclude: tuple[str, ...],
    *,
    force_exclude: bool = False,
) -> list[SourceFile]:
    """Every ``.py`` file under ``paths`` that is not excluded, each once, sorted by path.

    ``exclude`` globs match the root-relative path or any of its components. As in ruff, a path
    named explicitly is linted even when a glob matches it (or a directory above it) unless
    ``force_exclude`` is set (what the pre-commit hook does, since pre-commit names every file).
    Raises :class:`FileDiscoveryError` for a path that does not exist.
    """
    root = root.resolve()
    namer = _ModuleNamer()
    found: dict[Path, SourceFile] = {}
    for given in paths:
        start = Path(given)
        if not start.exists():
            raise FileDiscoveryError(f"{given}: no such file or directory")
        start = start.resolve()
        skip = 0
        if not force_exclude:
            try:
                skip = len(start.relative_to(root).parts)
            except ValueError:
                skip = 0
        for absolute in _walk(start):
            if absolute in found:
                continue
            try:
                relative = absolute.relative_to(root).as_posix()
                inside = True
            except ValueError:
                relative = absolute.as_posix()
                inside = False
            if inside and exclude and _excluded(relative, exclude, skip):
                continue
            module, is_package = namer.name(absolute)
            found[absolute] = SourceFile(absolute, relative, module, is_package)
    return sorted(found.values(), key=lambda f: f.path)


def _walk(start: Path) -> Iterator[Path]:
    if start.is_file():
        yield start
        return
    for directory, dirnames, filenames in os.walk(start):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in DEFAULT_EXCLUDES
            and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
        )
        for filename in filenames:
            if filename.endswith(".py") and not _special_file(os.path.join(directory, filename)):
                yield Path(directory, filename)


def _special_file(path: str) -> bool:
    """A named pipe, socket or device: reading one could block forever, so it is skipped.

    A dangling symlink is not special: reading it fails, which is reported (ADMF002).
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)
