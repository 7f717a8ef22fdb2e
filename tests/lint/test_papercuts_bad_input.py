"""Bad input ends with exit 0, 1 or 2 and a message, never with a traceback."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult

CLEAN = "x = 1\n"


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.err and "Traceback" not in result.out


def test_missing_path_is_exit_2(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": CLEAN})
    result = cli("a.py", "missing/")
    assert result.code == 2 and "missing/: no such file or directory" in result.err
    _no_traceback(result)


def test_directory_without_python_files_is_clean(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"docs/readme.txt": "hello\n"})
    result = cli(str(root / "docs"))
    assert result.code == 0 and "All checks passed (0 files)." in result.out


def test_unreadable_file_is_a_finding(
    project: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"a.py": CLEAN, "locked.py": CLEAN})
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = cli("--no-cache", str(root))
    assert result.code == 1
    assert "locked.py:1:1: ADMF002 file cannot be read: Permission denied" in result.out
    _no_traceback(result)


@pytest.mark.parametrize(
    ("pyproject", "needle"),
    [
        ("tool = 3\n", "`tool` must be a table"),
        ("[tool]\nadmf-tsan = 3\n", "[tool.admf-tsan] must be a table"),
        ('[tool.admf-tsan]\nper-file-ignores = {"x" = 3}\n', "must be a list of strings"),
        ('[tool.admf-tsan]\nselect = "ADMF1"\n', "`select` must be a list of strings"),
        ("[tool.admf-tsan]\nlock-order = [1]\n", "`lock-order` must be a list of strings"),
    ],
)
def test_broken_config_is_exit_2(
    project: Callable[..., Path], cli: Callable[..., CliResult], pyproject: str, needle: str
) -> None:
    root = project({"a.py": CLEAN})
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    result = cli("a.py")
    assert result.code == 2 and needle in result.err
    _no_traceback(result)


def test_config_option_naming_a_directory_is_exit_2(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"a.py": CLEAN})
    (root / "conf").mkdir()
    result = cli("--config", "conf", "a.py")
    assert result.code == 2 and "conf: cannot read it" in result.err
    _no_traceback(result)


def test_output_file_that_cannot_be_written_is_exit_2(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": CLEAN})
    result = cli("--output-file", "no/such/dir/report.json", "a.py")
    assert result.code == 2
    assert "no/such/dir/report.json: cannot write it" in result.err
    _no_traceback(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
@pytest.mark.timeout(60)
def test_named_pipe_in_a_directory_is_skipped_not_read(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"src/a.py": CLEAN})
    os.mkfifo(root / "src" / "pipe.py")
    outcome: list[object] = []
    # Reading the pipe would block forever: run the CLI in a thread and join with a timeout.
    worker = threading.Thread(target=lambda: outcome.append(cli("--no-cache", "src")))
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():
        # Unblock the reader so the thread ends, then fail.
        with open(root / "src" / "pipe.py", "wb"):
            pass
        worker.join(timeout=10)
        pytest.fail("the linter blocked reading a named pipe")
    (result,) = outcome
    assert result.code == 0 and "All checks passed (1 file)." in result.out  # type: ignore[attr-defined]
