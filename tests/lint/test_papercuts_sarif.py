"""SARIF names the tool's version; spans of the lock and state rules cover the expression."""

from __future__ import annotations

import importlib.metadata

import admf_tsan


def test_sarif_driver_has_the_package_version(project, cli) -> None:
    project({"a.py": "x = 1\n"})
    driver = cli("--format", "sarif").json()["runs"][0]["tool"]["driver"]
    assert driver["version"] == importlib.metadata.version("admf-tsan")
    assert driver["version"] == admf_tsan.__version__
    assert driver["semanticVersion"] == driver["version"]
