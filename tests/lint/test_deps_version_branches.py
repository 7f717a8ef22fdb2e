"""An installed package's ``if sys.version_info >= (X, Y):`` branches are decided for the
interpreter it is installed for: a definition for another Python is not read (anyio 4, for
one, defines ``Path.glob()`` three ways by version), while the project's own version tests keep
both branches (its code may run under several versions)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from admf_tsan.lint.analysis.extract import version_truth
from admf_tsan.lint.engine import extract_module
from admf_tsan.lint.ftypes import LintConfig

from .deps_support import install, lint_project, make_venv, write_project

#: Each test reads fake installed packages through a library cache of its own.
pytestmark = pytest.mark.usefixtures("deps_cache")

LIBRARY = {
    "versioned/__init__.py": """
        import sys
        import time

        if sys.version_info >= (3, 99):

            def settle():
                time.sleep(1)

        else:

            def settle():
                return None

        if sys.version_info < (3, 99):

            def pause():
                time.sleep(1)

        else:

            def pause():
                return None
        """,
}

PROJECT = {
    "app.py": """
        import sys
        import time

        import versioned


        async def quiet():
            versioned.settle()


        async def loud():
            versioned.pause()


        if sys.version_info >= (3, 99):

            def nap():
                return None

        else:

            def nap():
                time.sleep(1)


        async def own():
            nap()
        """,
}


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    install(site, "versioned", "1.0", LIBRARY)
    return python


def test_a_library_branch_for_another_python_is_not_read(tmp_path: Path, python: Path) -> None:
    write_project(tmp_path / "proj", PROJECT)
    findings = lint_project(tmp_path / "proj", LintConfig(python_path=str(python)))
    found = sorted((f.line, f.code) for f in findings if f.code in ("ADMF120", "ADMF125"))
    # settle() blocks only on Python 3.99: not reported; pause() blocks on this one. The
    # project's own nap() is read with both branches (the last definition, which blocks).
    assert found == [(12, "ADMF125"), (27, "ADMF120")]


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ("sys.version_info >= (3, 13)", False),
        ("sys.version_info < (3, 13)", True),
        ("(3, 13) <= sys.version_info", False),
        ("sys.version_info > (3, 11, 7)", True),  # (3, 11, 7, "final", 0) > (3, 11, 7)
        ("sys.version_info >= (3,)", True),
        ("sys.version_info == (3, 11)", None),
        ("sys.version_info >= (3, 'x')", None),
        ("version_info >= (3, 13)", None),
    ],
)
def test_version_tests_compare_as_sys_version_info_does(test: str, expected: bool | None) -> None:
    import ast

    node = ast.parse(test, mode="eval").body
    assert isinstance(node, ast.Compare)
    assert version_truth(node, (3, 11, 7)) is expected


def test_project_code_keeps_both_branches() -> None:
    source = (
        b"import sys, time\n\nif sys.version_info >= (3, 99):\n    def f():\n        return 1\n"
        b"else:\n    def f():\n        time.sleep(1)\n"
    )
    project = extract_module(source, "m.py", "m")
    assert sorted(fn.line for fn in project.functions if fn.qualname == "m.f") == [4, 7]
    library = extract_module(source, "m.py", "m", python_version=tuple(sys.version_info[:3]))
    assert [fn.line for fn in library.functions if fn.qualname == "m.f"] == [7]
