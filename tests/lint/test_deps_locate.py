"""Locating installed packages for the dependency rules: sys.path of another interpreter,
distributions and versions, and the usage errors (no network: fake packages in a venv)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from admf_tsan.lint.cli import lint_main
from admf_tsan.lint.deps.locate import InterpreterError, environment

from .deps_support import SLOWCLIENT, install, make_venv


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    install(site, "slowclient", "1.0", SLOWCLIENT)
    return python, site


def test_finds_a_package_module_of_another_interpreter_with_its_version(
    venv: tuple[Path, Path],
) -> None:
    python, site = venv
    env = environment(str(python))
    found = env.find("slowclient._client")
    assert found is not None
    assert Path(found.path) == site / "slowclient" / "_client.py"
    assert (found.distribution, found.version, found.is_package) == ("slowclient", "1.0", False)
    package = env.find_prefix("slowclient.Client.__init__")
    assert package is not None and package.module == "slowclient" and package.is_package


def test_standard_library_modules_carry_the_interpreter_version(venv: tuple[Path, Path]) -> None:
    env = environment(str(venv[0]))
    netrc = env.find("netrc")
    assert netrc is not None
    assert netrc.distribution == "python"
    assert netrc.version == ".".join(map(str, sys.version_info[:3]))


def test_c_extensions_and_unknown_modules_are_not_followed(venv: tuple[Path, Path]) -> None:
    env = environment(str(venv[0]))
    assert env.find("_ssl") is None
    assert env.find("no_such_package_here") is None


def test_an_upgrade_is_seen_by_the_next_environment(tmp_path: Path) -> None:
    python, site = make_venv(tmp_path / "env")
    install(site, "slowclient", "1.0", SLOWCLIENT)
    first = environment(str(python)).find("slowclient")
    install(site, "slowclient", "2.0", SLOWCLIENT)
    second = environment(str(python)).find("slowclient")
    assert first is not None and second is not None
    assert (first.version, second.version) == ("1.0", "2.0")


def test_a_missing_interpreter_is_an_interpreter_error(tmp_path: Path) -> None:
    with pytest.raises(InterpreterError, match="no such interpreter"):
        environment(str(tmp_path / "nope" / "python"))


def test_a_program_that_is_not_python_is_an_interpreter_error(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(InterpreterError, match="status 3"):
        environment(str(fake))


def test_cli_missing_python_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "app.py").write_text("async def f():\n    pass\n", encoding="utf-8")
    code = lint_main(
        ["--no-cache", "--python", str(tmp_path / "missing" / "python"), str(tmp_path)]
    )
    assert code == 2
    assert "no such interpreter" in capsys.readouterr().err


def test_config_python_path_missing_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "app.py").write_text("async def f():\n    pass\n", encoding="utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.admf-tsan]\npython-path = "missing/python"\n', encoding="utf-8")
    code = lint_main(["--no-cache", "--config", str(config), str(tmp_path)])
    assert code == 2
    assert "python-path" in capsys.readouterr().err
