"""Which code the controlled scheduler puts switch points in, for a session.

The scheduler's own default is every file outside the standard library and site-packages. A
project tested after ``pip install .`` (tox, nox, a wheel in CI) has its package in
site-packages, so on its own the default would schedule only the tests. The rule here:

* the **package under test**: the distribution named in ``[project] name`` of the rootdir's
  ``pyproject.toml``, wherever it is installed; its import names come from the installed
  distribution's files (``RECORD``), else the name with ``-`` turned into ``_``;
* every package named with ``--admf-include=PKG,...`` (ini ``admf_include``), by import name;
* the test files and everything else outside the standard library and site-packages (the
  scheduler's default).

The standard library and other installed packages run without switch points (their code runs
whole between two switch points of scheduled code). Nothing is imported to find a package:
``importlib.util.find_spec`` reads where it would be imported from.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import tomllib
from dataclasses import dataclass

import pytest

__all__ = ["SCHEDULED_KEY", "ScheduledCode", "find_scheduled_code"]


@dataclass(frozen=True)
class ScheduledCode:
    """The installed packages the session schedules, besides the default (code outside
    site-packages): ``packages`` maps an import name to its folder (or file)."""

    packages: tuple[tuple[str, str], ...] = ()
    missing: tuple[str, ...] = ()
    project: str | None = None

    def describe(self) -> str:
        """One line for a failure or the header: what got switch points."""
        parts = ["the test's files and code outside site-packages and the standard library"]
        if self.packages:
            names = ", ".join(name for name, _ in self.packages)
            parts.append(f"installed packages {names}")
        text = "scheduled code: " + "; ".join(parts)
        if self.missing:
            text += f" (not importable, so not scheduled: {', '.join(self.missing)})"
        return text


SCHEDULED_KEY = pytest.StashKey[ScheduledCode]()
"""The session's scheduled installed packages: ``config.stash[SCHEDULED_KEY]``."""


def _project_name(rootdir: str) -> str | None:
    path = os.path.join(rootdir, "pyproject.toml")
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    name = project.get("name") if isinstance(project, dict) else None
    return name if isinstance(name, str) and name else None


def _import_names(distribution: str) -> list[str]:
    """The top-level import names a distribution installs (from its file list)."""
    names: list[str] = []
    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for file in files:
        parts = file.parts
        if not parts or parts[0].endswith((".dist-info", ".egg-info", ".data")):
            continue
        if parts[0] in ("..", "__pycache__", "bin"):
            continue
        top = parts[0].removesuffix(".py") if len(parts) == 1 else parts[0]
        if len(parts) == 1 and not parts[0].endswith(".py"):
            continue
        # Private top-level modules are install helpers (hatch's ``_editable_impl_<name>``),
        # not the package under test.
        if top.isidentifier() and not top.startswith("_") and top not in names:
            names.append(top)
    if not names:
        names.append(re.sub(r"[-.]+", "_", distribution).lower())
    return names


def _location(name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return os.path.abspath(next(iter(spec.submodule_search_locations)))
    if spec.origin and spec.origin.endswith(".py"):
        return os.path.abspath(spec.origin)
    return None


def _installed(location: str, rootdir: str) -> bool:
    """True when ``location`` is not in the checkout (an editable install or a checkout is
    scheduled by the default anyway)."""
    root = os.path.normcase(os.path.abspath(rootdir)) + os.sep
    return not os.path.normcase(location).startswith(root)


def find_scheduled_code(rootdir: str, include: tuple[str, ...]) -> ScheduledCode:
    """The installed packages to schedule: the project's own and ``include``'s (import names).

    Only packages outside ``rootdir`` are listed. A name in ``include`` that cannot be found
    is reported in ``missing``; the project's package not being installed is not a problem
    (an editable install or a plain checkout is scheduled by the default anyway).
    """
    packages: list[tuple[str, str]] = []
    missing: list[str] = []
    project = _project_name(rootdir)
    candidates: list[tuple[str, bool]] = []
    if project is not None:
        candidates.extend((name, False) for name in _import_names(project))
    candidates.extend((name, True) for name in include)
    for name, named in candidates:
        location = _location(name)
        if location is None:
            if named:
                missing.append(name)
            continue
        if (name, location) not in packages and _installed(location, rootdir):
            packages.append((name, location))
    return ScheduledCode(tuple(packages), tuple(missing), project)
