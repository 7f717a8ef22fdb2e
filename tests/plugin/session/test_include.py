"""Which installed code the session schedules, and how --admf-split divides the runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytest_admf.session.include import find_scheduled_code
from pytest_admf.session.plan import chunk_runs, unsplit_nodeid

from admf_tsan.scheduler import default_include, include_code


def _package(root: Path, name: str) -> Path:
    package = root / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n")
    return package


def test_named_packages_outside_the_checkout_are_scheduled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    package = _package(site, "admf_probe_pkg")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    monkeypatch.syspath_prepend(str(site))
    found = find_scheduled_code(str(checkout), ("admf_probe_pkg", "admf_no_such_pkg"))
    assert found.packages == (("admf_probe_pkg", str(package)),)
    assert found.missing == ("admf_no_such_pkg",)
    assert "installed packages admf_probe_pkg" in found.describe()
    assert "admf_no_such_pkg" in found.describe()


def test_the_project_package_is_found_from_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    package = _package(site, "admf_probe_project")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text('[project]\nname = "admf-probe-project"\n')
    monkeypatch.syspath_prepend(str(site))
    found = find_scheduled_code(str(checkout), ())
    assert found.project == "admf-probe-project"
    assert found.packages == (("admf_probe_project", str(package)),)


def test_a_package_inside_the_checkout_needs_no_including(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _package(tmp_path, "admf_probe_local")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert find_scheduled_code(str(tmp_path), ("admf_probe_local",)).packages == ()


def test_include_code_gives_installed_files_switch_points() -> None:
    installed = Path(sys.prefix) / "admf-include-probe" / "pkg"
    filename = str(installed / "module.py")
    assert not default_include(filename)
    include_code(str(installed))
    assert default_include(filename)
    assert not default_include(str(installed.parent / "other" / "module.py"))


@pytest.mark.parametrize("iterations,count", [(50, 4), (7, 3), (3, 3), (1, 1)])
def test_chunks_are_disjoint_and_cover_every_run(iterations: int, count: int) -> None:
    chunks = [chunk_runs(iterations, index, count) for index in range(count)]
    runs = [run for chunk in chunks for run in chunk]
    assert runs == list(range(iterations))
    assert all(len(chunk) >= iterations // count for chunk in chunks)


def test_unsplit_nodeid_drops_only_the_chunk() -> None:
    assert unsplit_nodeid("t.py::test_x[admf-multi-split2of4]") == "t.py::test_x[admf-multi]"
    assert (
        unsplit_nodeid("t.py::test_x[buggy-admf-multi-split10of12]")
        == "t.py::test_x[buggy-admf-multi]"
    )
    assert unsplit_nodeid("t.py::test_x[admf-multi]") == "t.py::test_x[admf-multi]"
