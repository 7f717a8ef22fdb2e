"""A container class of an installed dependency that locks itself (every write of its state
holds one lock of the object) is a thread-safe object: its owner's calls of it are no writes of
the owner's state (held-out celery 5.7.0 events/state.py, whose caches come from a dependency).
A dependency class with one unlocked write is not. A class the linter cannot read (dependencies
not followed, or the package not installed) is not judged at all: no finding rests on it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from admf_tsan.lint.ftypes import LintConfig

from .deps_support import install, lint_project, make_venv, write_project

#: Each test reads the fake installed package through a library cache of its own.
pytestmark = pytest.mark.usefixtures("deps_cache")

CACHES = {
    "lockedcache/__init__.py": """
        import threading


        class Cache:
            def __init__(self, limit):
                self.limit = limit
                self.mutex = threading.RLock()
                self.data = {}

            def __setitem__(self, key, value):
                with self.mutex:
                    if len(self.data) >= self.limit:
                        self.data.pop(next(iter(self.data)))
                    self.data[key] = value

            def clear(self):
                with self.mutex:
                    self.data.clear()

            def values(self):
                with self.mutex:
                    for key in self.data:
                        yield self.data[key]


        class Leaky(Cache):
            def discard(self, key):
                self.data.pop(key, None)
        """,
}

PROJECT = {
    "app.py": """
        import threading

        from lockedcache import Cache, Leaky


        class Safe:
            def __init__(self):
                self._lock = threading.Lock()
                self.rows = Cache(10)

            def reset(self):
                with self._lock:
                    self.rows.clear()

            def put(self, key, row):
                self.rows[key] = row

            def live(self):
                return [r for r in self.rows.values() if r]


        class Unsafe:
            def __init__(self):
                self._lock = threading.Lock()
                self.rows = Leaky(10)

            def reset(self):
                with self._lock:
                    self.rows.clear()

            def put(self, key, row):
                self.rows[key] = row

            def live(self):
                return [r for r in self.rows.values() if r]
        """,
}


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    install(site, "lockedcache", "1.0", CACHES)
    return python


def _guarded(tmp_path: Path, python: Path, follow: bool) -> list[tuple[int, str]]:
    write_project(tmp_path, PROJECT)
    config = replace(LintConfig(), python_path=str(python), follow_dependencies=follow)
    findings = lint_project(tmp_path, config)
    return sorted((f.line, f.code) for f in findings if f.code.startswith("ADMF4"))


def test_a_self_locking_dependency_class_is_thread_safe(tmp_path: Path, python: Path) -> None:
    # Only ``Unsafe`` (whose ``Leaky`` cache has an unlocked ``discard()``) reports.
    assert _guarded(tmp_path, python, True) == [(32, "ADMF401"), (35, "ADMF402")]


def test_without_following_dependencies_the_class_is_unknown(tmp_path: Path, python: Path) -> None:
    # The linter cannot read either class, so neither owner's calls of it are judged writes:
    # no finding rests on a type it cannot see (``Leaky`` might lock as well as ``Cache``).
    assert _guarded(tmp_path, python, False) == []


def test_a_class_of_a_package_not_installed_is_unknown(tmp_path: Path, python: Path) -> None:
    write_project(tmp_path, {"app.py": PROJECT["app.py"].replace("lockedcache", "notinstalled")})
    config = replace(LintConfig(), python_path=str(python), follow_dependencies=True)
    assert [f.code for f in lint_project(tmp_path, config) if f.code.startswith("ADMF4")] == []


def test_a_standard_library_container_is_known_without_dependencies(
    tmp_path: Path, python: Path
) -> None:
    # ``collections.OrderedDict`` is a plain container whatever the configuration: the
    # unlocked calls of both owners still report.
    source = PROJECT["app.py"].replace(
        "from lockedcache import Cache, Leaky", "from collections import OrderedDict"
    )
    source = source.replace("Cache(10)", "OrderedDict()").replace("Leaky(10)", "OrderedDict()")
    write_project(tmp_path, {"app.py": source})
    config = replace(LintConfig(), python_path=str(python), follow_dependencies=False)
    found = sorted((f.line, f.code) for f in lint_project(tmp_path, config))
    assert [(line, code) for line, code in found if code.startswith("ADMF4")] == [
        (16, "ADMF401"),
        (19, "ADMF402"),
        (32, "ADMF401"),
        (35, "ADMF402"),
    ]
