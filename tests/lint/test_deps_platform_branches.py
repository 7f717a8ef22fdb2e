"""An installed package's platform tests (``if sys.platform == "win32":``, ``elif os.name ==
"nt":``) are decided for the machine it is installed on, as its ``sys.version_info`` tests are
for its interpreter: a module-level binding or a definition for another platform is not read
(``urllib.request.proxy_bypass`` is the registry lookup on Windows only; psutil binds its
platform module by platform). The project's own platform tests keep both branches: its code
may run anywhere; but a call into a package made only in a branch its test rules out here is not
followed into the package (installed, and read, for this platform)."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest

from admf_tsan.lint.analysis.extract import platform_truth
from admf_tsan.lint.engine import extract_module
from admf_tsan.lint.ftypes import LintConfig

from .deps_support import install, lint_project, make_venv, site_packages, write_project

pytestmark = [
    pytest.mark.usefixtures("deps_cache"),
    pytest.mark.skipif(sys.platform != "linux", reason="the fake package's branches name linux"),
]

LIBRARY = {
    "platlib/__init__.py": """
        import os
        import sys

        if sys.platform == "linux":
            from . import _linux as _impl
        else:
            from . import _other as _impl

        if sys.platform.startswith("win"):

            def probe():
                return os.listdir("C:\\\\")

        elif os.name == "posix":

            def probe():
                return 0

        else:

            def probe():
                return os.listdir("nt")

        if os.name != "posix":

            def bypass(host):
                return os.listdir(host)

        else:

            def _environment(host):
                return False

            bypass = _environment


        def pids():
            return _impl.pids()
        """,
    "platlib/_linux.py": """
        def pids():
            return [1]
        """,
    "platlib/_other.py": """
        import os


        def pids():
            return os.listdir("/proc")
        """,
}

PROJECT = {
    "app.py": """
        import os
        import sys

        import platlib


        async def processes():
            return platlib.pids()


        async def check():
            return platlib.probe()


        async def proxy(host):
            return platlib.bypass(host)


        if sys.platform == "linux":

            def scan():
                return 0

        else:

            def scan():
                return os.listdir("/")


        async def own():
            return scan()
        """,
}


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    install(site, "platlib", "1.0", LIBRARY)
    return python


def test_a_library_branch_for_another_platform_is_not_read(tmp_path: Path, python: Path) -> None:
    write_project(tmp_path / "proj", PROJECT)
    config = LintConfig(python_path=str(python), select=frozenset({"ADMF1", "ADMF126", "ADMF131"}))
    findings = lint_project(tmp_path / "proj", config)
    found = sorted((f.line, f.code) for f in findings if f.code.startswith("ADMF1"))
    # pids(), probe() and bypass() list a directory only on other platforms: not reported. The
    # project's own scan() is read with both branches (the last definition, which lists).
    assert found == [(31, "ADMF120")]


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ('sys.platform == "linux"', True),
        ('sys.platform != "linux"', False),
        ('"win32" == sys.platform', False),
        ('sys.platform in ("linux", "darwin")', True),
        ('sys.platform not in ["win32", "cygwin"]', True),
        ('sys.platform.startswith("win")', False),
        ('sys.platform.startswith(("lin", "dar"))', True),
        ('not sys.platform.startswith("linux")', False),
        ('os.name == "nt"', False),
        ('os.name == "posix"', True),
        ('sys.platform in "linux2"', None),  # a substring test, not membership
        ('platform.system() == "Linux"', None),
        ('sys.platform.lower() == "linux"', None),
        ("sys.platform == PLATFORM", None),
        ("sys.platform", None),
    ],
)
def test_platform_tests_are_decided_for_this_machine(test: str, expected: bool | None) -> None:
    node = ast.parse(test, mode="eval").body
    assert platform_truth(node, {"sys.platform": "linux", "os.name": "posix"}) is expected


def test_project_code_keeps_both_branches() -> None:
    source = (
        b"import os, sys\n\nif os.name == 'nt':\n    def f():\n        return 1\n"
        b"else:\n    def f():\n        os.listdir('/')\n"
    )
    project = extract_module(source, "m.py", "m")
    assert sorted(fn.line for fn in project.functions if fn.qualname == "m.f") == [4, 7]
    library = extract_module(source, "m.py", "m", python_version=tuple(sys.version_info[:3]))
    expected = [4] if os.name == "nt" else [7]
    assert [fn.line for fn in library.functions if fn.qualname == "m.f"] == expected


#: The project's own platform test around a call into a package: the package is installed (and
#: read) for this machine, so a call made only on another platform is not followed into it.
OFF_PLATFORM_PROJECT = {
    "app.py": """
        import sys

        import disklib


        def _darwin_capacity():
            return disklib.capacity()


        async def free_space():
            if sys.platform == "darwin":
                return _darwin_capacity()
            return 0


        async def mac_only():
            if sys.platform != "linux":
                return disklib.capacity()
            return 0


        async def here():
            if sys.platform == "linux":
                return disklib.capacity()
            return 0
        """,
}


def test_a_project_call_made_only_on_another_platform_is_not_followed(
    tmp_path: Path, python: Path
) -> None:
    site = site_packages(python)
    install(site, "disklib", "1.0", {"disklib/__init__.py": _DISKLIB})
    write_project(tmp_path / "proj", OFF_PLATFORM_PROJECT)
    findings = lint_project(tmp_path / "proj", LintConfig(python_path=str(python)))
    # Lines 12 (through a helper) and 18 (directly) run only off Linux; line 24 runs here.
    assert sorted((f.line, f.code) for f in findings) == [(24, "ADMF125")]


_DISKLIB = "import subprocess\n\n\ndef capacity():\n    return subprocess.run(['df'])\n"
