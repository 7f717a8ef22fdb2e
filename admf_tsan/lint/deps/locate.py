"""Find the source file of a dotted name in the ``sys.path`` of an interpreter.

The interpreter is the one the linter runs under, or another one named by ``--python PATH`` /
``python-path`` (run once, to ask for its ``sys.path``). A module is followed only when it is a
``.py`` file: C extensions and built-in modules are not (their blocking calls are the catalogue's
leaves). Each file is tagged with its distribution and version (from ``*.dist-info``), or with
the interpreter version for the standard library, so that caches are invalidated on upgrade.
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from dataclasses import dataclass
from functools import cache

__all__ = ["Environment", "InterpreterError", "ModuleSource", "environment"]

_PROBE = (
    "import json, sys, sysconfig, platform;"
    "print(json.dumps({'path': sys.path, 'stdlib': sysconfig.get_paths()['stdlib'],"
    "'version': platform.python_version()}))"
)


class InterpreterError(ValueError):
    """The interpreter named by ``--python`` / ``python-path`` cannot be run."""


@dataclass(frozen=True, slots=True)
class ModuleSource:
    """A module's source file, and what invalidates facts cached for it.

    ``distribution`` is the installed distribution's name (``httpx``) or ``python`` for the
    standard library; ``version`` its version.
    """

    module: str
    path: str
    is_package: bool
    distribution: str
    version: str


class Environment:
    """The ``sys.path`` of one interpreter, and the modules found in it (memoised)."""

    def __init__(self, paths: tuple[str, ...], stdlib: str, version: str) -> None:
        self.paths = tuple(p for p in paths if p and os.path.isdir(p))
        self.stdlib = os.path.normpath(stdlib)
        self.version = version
        self._found: dict[str, ModuleSource | None] = {}
        self._dists: dict[str, dict[str, tuple[str, str]]] = {}

    def find(self, module: str) -> ModuleSource | None:
        """The source of ``module`` (``httpx._client``), or ``None`` when it is not a .py file."""
        if module in self._found:
            return self._found[module]
        found = self._search(module)
        self._found[module] = found
        return found

    def find_prefix(self, dotted: str) -> ModuleSource | None:
        """The longest module prefix of ``dotted`` that has a source file."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            found = self.find(".".join(parts[:cut]))
            if found is not None:
                return found
        return None

    def _search(self, module: str) -> ModuleSource | None:
        relative = module.replace(".", os.sep)
        for entry in self.paths:
            package = os.path.join(entry, relative, "__init__.py")
            if os.path.isfile(package):
                return self._source(module, package, entry, True)
            plain = os.path.join(entry, relative + ".py")
            if os.path.isfile(plain):
                return self._source(module, plain, entry, False)
            if os.path.isdir(os.path.join(entry, module.partition(".")[0])):
                # A package found on this entry shadows later entries (no namespace merging).
                if "." in module:
                    return None
        return None

    def _source(self, module: str, path: str, entry: str, is_package: bool) -> ModuleSource:
        norm = os.path.normpath(entry)
        if norm == self.stdlib:
            return ModuleSource(module, path, is_package, "python", self.version)
        dist = self._distributions(entry).get(module.partition(".")[0])
        name, version = dist if dist is not None else (module.partition(".")[0], "unknown")
        return ModuleSource(module, path, is_package, name, version)

    def _distributions(self, entry: str) -> dict[str, tuple[str, str]]:
        """Top-level module -> (distribution, version), from the entry's ``*.dist-info``."""
        known = self._dists.get(entry)
        if known is not None:
            return known
        known = {}
        try:
            names = sorted(os.listdir(entry))
        except OSError:
            names = []
        for name in names:
            if not name.endswith(".dist-info"):
                continue
            info = os.path.join(entry, name)
            dist, version = _metadata(info)
            if dist is None:
                continue
            for top in _top_levels(info, dist):
                known.setdefault(top, (dist, version or "unknown"))
        self._dists[entry] = known
        return known


def installed_names(env: Environment) -> list[str]:
    """The ``*.dist-info`` / ``*.egg-info`` folder names on the environment's path, path by
    path (sorted within each): they carry every installed distribution's name and version."""
    names: list[str] = []
    for entry in env.paths:
        try:
            names.extend(
                sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
            )
        except OSError:
            continue
    return names


def _metadata(info: str) -> tuple[str | None, str | None]:
    name = version = None
    try:
        with open(os.path.join(info, "METADATA"), encoding="utf-8", errors="replace") as file:
            for line in file:
                if not line.strip():
                    break
                key, _, value = line.partition(":")
                if key == "Name":
                    name = value.strip()
                elif key == "Version":
                    version = value.strip()
    except OSError:
        return None, None
    return name, version


def _top_levels(info: str, dist: str) -> set[str]:
    tops: set[str] = set()
    try:
        with open(os.path.join(info, "top_level.txt"), encoding="utf-8") as file:
            tops.update(line.strip() for line in file if line.strip())
    except OSError:
        pass
    try:
        with open(os.path.join(info, "RECORD"), encoding="utf-8", errors="replace") as file:
            for line in file:
                first = line.split(",", 1)[0].split("/", 1)[0]
                if first.endswith(".py"):
                    tops.add(first[:-3])
                elif (
                    first
                    and not first.endswith((".dist-info", ".data", ".pth"))
                    and "." not in first
                ):
                    tops.add(first)
    except OSError:
        pass
    tops.add(dist.replace("-", "_").lower())
    return {top for top in tops if top and top != "__pycache__"}


def environment(python: str | None) -> Environment:
    """The environment of ``python`` (an interpreter path), or of the running interpreter.

    The interpreter is asked for its ``sys.path`` once per process; what is installed there is
    read afresh by each new environment (so an upgrade between two runs is seen).
    Raises :class:`InterpreterError` when ``python`` does not exist or does not run.
    """
    paths, stdlib, version = _probe(python)
    return Environment(paths, stdlib, version)


@cache
def _probe(python: str | None) -> tuple[tuple[str, ...], str, str]:
    if python is None:
        version = ".".join(map(str, sys.version_info[:3]))
        return tuple(sys.path), sysconfig.get_paths()["stdlib"], version
    if not os.path.exists(python):
        raise InterpreterError(f"--python {python}: no such interpreter")
    import subprocess  # only for --python: every lint run imports this module

    try:
        done = subprocess.run(  # noqa: S603 - the user named this interpreter
            [python, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=os.path.dirname(os.path.abspath(python)) or None,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InterpreterError(f"--python {python}: cannot run it ({error})") from None
    if done.returncode != 0:
        raise InterpreterError(
            f"--python {python}: it exited with status {done.returncode}: "
            f"{done.stderr.strip()[-200:]}"
        )
    try:
        probe = json.loads(done.stdout)
        return tuple(probe["path"]), str(probe["stdlib"]), str(probe["version"])
    except (ValueError, KeyError, TypeError):
        raise InterpreterError(f"--python {python}: not a Python interpreter") from None
