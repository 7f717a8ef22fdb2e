"""Two files that claim one module name are both analysed (the project index is by module)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from admf_tsan.lint.files import discover

from .conftest import CliResult

BLOCKS = "import time\n\nasync def main():\n    time.sleep(1)\n"
CHAIN = "import time\n\ndef pause():\n    time.sleep(1)\n\nasync def main():\n    pause()\n"


def test_a_script_beside_a_namesake_keeps_its_findings(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # `tools` is no package: `tools/a.py` is module `a` too, as `a.py` is.
    project(
        {"a.py": BLOCKS, "tools/a.py": BLOCKS, "tools/b/conftest.py": CHAIN, "conftest.py": CHAIN}
    )
    assert cli("--format", "json").found() == [
        ("a.py", 4, "ADMF101"),
        ("conftest.py", 7, "ADMF120"),
        ("tools/a.py", 4, "ADMF101"),
        ("tools/b/conftest.py", 7, "ADMF120"),
    ]


def test_the_file_nearest_the_root_keeps_the_name(tmp_path: Path) -> None:
    for name in ("a.py", "tools/a.py", "x/y/a.py", "tests/conftest.py", "tests/unit/conftest.py"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    names = {f.path: f.module for f in discover([tmp_path], tmp_path, ())}
    assert names == {
        "a.py": "a",
        "tools/a.py": "~tools.a",
        "x/y/a.py": "~x.y.a",
        "tests/conftest.py": "conftest",
        "tests/unit/conftest.py": "~tests.unit.conftest",
    }
    assert len(set(names.values())) == len(names)


def test_an_import_of_the_shared_name_reads_the_kept_file(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # `from helpers import pause` is the root's helpers.py (it blocks), not tools/helpers.py.
    project(
        {
            "helpers.py": "import time\n\ndef pause():\n    time.sleep(1)\n",
            "tools/helpers.py": "def pause():\n    return None\n",
            "app.py": "from helpers import pause\n\nasync def main():\n    pause()\n",
        }
    )
    assert cli("--format", "json").found() == [("app.py", 4, "ADMF120")]


def test_a_directory_without_init_inside_a_package_is_its_namespace_package(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # `pkg/_tools/` has no `__init__.py`: Python imports `pkg._tools.slow` from it all the same,
    # and a chain through that import is followed.
    root = project(
        {
            "pkg/__init__.py": "",
            "pkg/_tools/slow.py": "import time\n\ndef pause():\n    time.sleep(1)\n",
            "pkg/server.py": "from pkg._tools.slow import pause\n\n"
            "async def handle():\n    pause()\n",
            "scripts/run.py": "x = 1\n",
        }
    )
    names = {f.path: f.module for f in discover([root], root, ())}
    assert names["pkg/_tools/slow.py"] == "pkg._tools.slow"
    assert names["scripts/run.py"] == "run"  # no package above: a script directory
    assert cli("--format", "json").found() == [("pkg/server.py", 4, "ADMF120")]


def test_a_test_directory_inside_a_package_imports_by_bare_name(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # `pkg/tests/` has no `__init__.py` and nothing imports `pkg.tests`: pytest puts the
    # directory on `sys.path` and its files import each other by bare name.
    root = project(
        {
            "pkg/__init__.py": "",
            "pkg/tests/helpers.py": "import time\n\ndef pause():\n    time.sleep(1)\n",
            "pkg/tests/test_flow.py": "from helpers import pause\n\n"
            "async def test_flow():\n    pause()\n",
        }
    )
    names = {f.path: f.module for f in discover([root], root, ())}
    assert names["pkg/tests/helpers.py"] == "helpers"
    assert cli("--format", "json").found() == [("pkg/tests/test_flow.py", 4, "ADMF120")]


def test_a_renamed_namesake_is_no_command_line_module_by_its_directory(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # `cli/main.py` beside a root `main.py` (no packages): linted alone it is `main`, and a
    # full run must not set it aside as a module of a `cli` package.
    project({"main.py": BLOCKS, "cli/main.py": BLOCKS})
    assert cli("--format", "json").found() == [
        ("cli/main.py", 4, "ADMF101"),
        ("main.py", 4, "ADMF101"),
    ]
    assert cli("--format", "json", "cli/main.py").found() == [("cli/main.py", 4, "ADMF101")]
