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
from dataclasses import dataclass, replace
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
    """Dotted module names from the packages on disk; each directory is looked at once."""

    def __init__(self, namespaces: bool = True) -> None:
        self._packages: dict[str, tuple[str, ...]] = {}
        self._namespaces = namespaces

    def _package_parts(self, directory: str) -> tuple[str, ...]:
        """The package names ``directory`` stands for (``("pkg", "sub")``), or ``()``."""
        known = self._packages.get(directory)
        if known is None:
            parent = os.path.dirname(directory)
            above = self._package_parts(parent) if parent != directory else ()
            if os.path.isfile(os.path.join(directory, "__init__.py")) or (
                above and self._namespaces
            ):
                # A directory without ``__init__.py`` inside a package may be a namespace
                # package of it (``pkg/_tools/base.py`` is ``pkg._tools.base``):
                # :func:`_namespace_evidence` decides.
                known = (*above, os.path.basename(directory))
            else:
                known = ()
            self._packages[directory] = known
        return known

    def name(self, directory: str, filename: str) -> tuple[str, bool]:
        is_package = filename == "__init__.py"
        stem = filename[: -len(".py")] if filename.endswith(".py") else Path(filename).stem
        parts = self._package_parts(directory)
        if not is_package:
            parts = (*parts, stem)
        return ".".join(parts) or stem, is_package


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
    inside_root = os.path.join(str(root), "")
    namer = _ModuleNamer()
    plain = _ModuleNamer(namespaces=False)
    bare: dict[str, str] = {}  # absolute path -> its name were no directory a namespace package
    found: dict[str, SourceFile] = {}
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
        for directory, filename in _walk(start):
            absolute = os.path.join(directory, filename)
            if absolute in found:
                continue
            inside = absolute.startswith(inside_root)
            if inside:
                relative = absolute[len(inside_root) :]
                if os.sep != "/":
                    relative = relative.replace(os.sep, "/")
            else:
                relative = Path(absolute).as_posix()
            if inside and exclude and _excluded(relative, exclude, skip):
                continue
            module, is_package = namer.name(directory, filename)
            found[absolute] = SourceFile(Path(absolute), relative, module, is_package)
            other = plain.name(directory, filename)[0]
            if other != module:
                bare[absolute] = other
    files = _namespace_evidence(sorted(found.values(), key=lambda f: f.path), bare)
    return _distinct_modules(files)


def _namespace_evidence(files: list[SourceFile], bare: dict[str, str]) -> list[SourceFile]:
    """Keep a namespace-package name (``pkg._tools.base``, a directory without ``__init__.py``
    inside a package) only where the code imports it so: a file names its package
    (``pkg._tools``) or imports relatively from inside it. Otherwise the directory is a
    script or test directory whose files import each other by bare name (pytest's and
    ``python script.py``'s ``sys.path``), and the file keeps its name in ``bare``."""
    if not bare:
        return files
    texts: list[bytes] = []
    for source in files:
        try:
            texts.append(source.absolute.read_bytes())
        except OSError:
            texts.append(b"")
    joined = b"\0".join(texts)
    kept = []
    for source, text in zip(files, texts, strict=True):
        other = bare.get(str(source.absolute))
        if other is not None:
            package = source.module if source.is_package else source.module.rpartition(".")[0]
            relative = b"from ." in text
            if not relative and package.encode() not in joined:
                source = replace(source, module=other)
        kept.append(source)
    return kept


def _distinct_modules(files: list[SourceFile]) -> list[SourceFile]:
    """``files`` with one module name each: the project analysis indexes functions by module,
    so two files that claim one name (``a.py`` and ``tools/a.py`` when ``tools`` is no package,
    two test directories' ``conftest.py``) would lose one file's functions and findings. The
    file nearest the root keeps the name (the first by path among equals); each other takes its
    path's dotted name marked as made up (``~tools.a``)."""
    claims: dict[str, list[int]] = {}
    for position, source in enumerate(files):
        claims.setdefault(source.module, []).append(position)
    taken = set(claims)
    for positions in claims.values():
        if len(positions) == 1:
            continue
        keeper = min(positions, key=lambda i: (files[i].path.count("/"), files[i].path))
        for position in positions:
            if position == keeper:
                continue
            source = files[position]
            parts = source.path.removesuffix(".py").split("/")
            if parts[-1] == "__init__":
                parts.pop()
            # ``~``: no module or package name of the project's can start with it, so the
            # directories above the file's own package never match a name pattern
            # (``command-line-modules``) as a package of it would.
            name = "~" + ".".join(part for part in parts if part)
            suffix = 2
            candidate = name
            while candidate in taken:
                candidate = f"{name}_{suffix}"  # an absolute or odd path: still one name each
                suffix += 1
            taken.add(candidate)
            files[position] = replace(source, module=candidate)
    return files


def _walk(start: Path) -> Iterator[tuple[str, str]]:
    """``(directory, file name)`` of every ``.py`` file at or under ``start``."""
    if start.is_file():
        yield str(start.parent), start.name
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
                yield directory, filename


def _special_file(path: str) -> bool:
    """A named pipe, socket or device: reading one could block forever, so it is skipped.

    A dangling symlink is not special: reading it fails, which is reported (ADMF002).
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)
