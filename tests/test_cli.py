"""The ``admf-tsan`` dispatcher: help, version, unknown commands, a reader that goes away."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from admf_tsan import __version__
from admf_tsan.cli import SUBCOMMANDS, main


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert f"  {name} " in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: admf-tsan <command>" in capsys.readouterr().out


def test_unknown_command_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lnit"]) == 2
    assert "unknown command 'lnit'" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"admf-tsan {__version__}"


@pytest.mark.parametrize("command", sorted(SUBCOMMANDS))
def test_each_command_loads_and_answers_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "admf_tsan.cli", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower()


def test_a_closed_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    # `admf-tsan rules | head -1`: the reader exits first; no BrokenPipeError traceback.
    read_end, write_end = os.pipe()
    os.close(read_end)
    stdout = os.fdopen(write_end, "w", buffering=1)
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        assert main(["rules"]) == 141
    finally:
        stdout.close()
