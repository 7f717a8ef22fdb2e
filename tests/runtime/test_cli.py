"""``admf-tsan run``: the program's status, or the checkers' verdict, and a report."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from admf_tsan.runtime.cli import EXIT_VIOLATIONS, run_main

pytestmark = pytest.mark.timeout(60)


def run_cli(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(source))
    return subprocess.run(
        [sys.executable, "-m", "admf_tsan.cli", "run", *args, str(script), "first", "--second"],
        capture_output=True,
        text=True,
        timeout=45,
        cwd=tmp_path,
    )


def test_clean_program_keeps_its_output_arguments_and_status(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        """
        import sys, threading
        lock = threading.Lock()
        with lock:
            print("args", sys.argv[1:], __name__)
        """,
    )
    assert result.returncode == 0, result.stderr
    assert "args ['first', '--second'] __main__" in result.stdout
    assert "no concurrency violations found" in result.stderr


def test_program_exit_status_is_kept(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "import sys\nsys.exit(5)\n")
    assert result.returncode == 5


def test_violation_makes_the_status_non_zero_and_is_reported(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        """
        import asyncio, time
        def slow_helper():
            time.sleep(0.001)
        async def main():
            slow_helper()
        asyncio.run(main())
        print("finished")
        """,
        "--report",
        str(tmp_path / "report.txt"),
    )
    assert result.returncode == EXIT_VIOLATIONS, result.stderr
    assert "finished" in result.stdout  # reported, not raised: the program ran to its end
    assert (
        "BLOCKING-CALL" in result.stderr and 'program.py", line 4, in slow_helper' in result.stderr
    )
    assert "BLOCKING-CALL" in (tmp_path / "report.txt").read_text()


def test_raise_option_raises_in_the_program(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        """
        import asyncio, time
        async def main():
            time.sleep(0.001)
        asyncio.run(main())
        """,
        "--raise",
    )
    assert result.returncode == 1
    assert "BlockingCallError" in result.stderr


def test_uncaught_exception_is_status_1(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "raise KeyError('boom')\n")
    assert result.returncode == 1 and "KeyError: 'boom'" in result.stderr


def test_non_daemon_threads_are_joined_under_the_checkers(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        """
        import threading
        a = threading.Lock()
        b = threading.Lock()
        def inverted():
            with b, a:
                pass
        with a, b:
            pass
        threading.Thread(target=inverted).start()
        """,
    )
    assert result.returncode == EXIT_VIOLATIONS
    assert "LOCK-ORDER" in result.stderr


def test_module_mode(tmp_path: Path) -> None:
    package = tmp_path / "pkg_for_run"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tool.py").write_text("import sys\nprint('tool', sys.argv[1:])\n")
    result = subprocess.run(
        [sys.executable, "-m", "admf_tsan.cli", "run", "-m", "pkg_for_run.tool", "x"],
        capture_output=True,
        text=True,
        timeout=45,
        cwd=tmp_path,
        env={**__import__("os").environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "tool ['x']" in result.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give a script"),
        (["does-not-exist.py"], "no such file"),
        (["--deadlock-timeout", "0", "x.py"], "positive"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    if argv and argv[-1] == "x.py":
        argv[-1] = str(tmp_path / "x.py")
        (tmp_path / "x.py").write_text("")
    assert run_main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_stalled_program_is_ended_with_the_wait_for_graph(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        """
        import threading
        never_set = threading.Event()
        waiter = threading.Thread(target=never_set.wait, name="forgotten")
        waiter.start()
        waiter.join()
        print("unreachable")
        """,
        "--deadlock-timeout",
        "0.3",
    )
    assert result.returncode == 4, result.stderr
    assert "unreachable" not in result.stdout
    assert "DeadlockDetected: stall" in result.stderr
    assert "thread 'forgotten' holds no instrumented lock, waits in Event.wait()" in result.stderr
    assert "the watchdog ended the program (stall)" in result.stderr


def _console_script() -> str:
    script = Path(sys.executable).parent / "admf-tsan"
    if not script.exists():
        pytest.skip("the admf-tsan console script is not installed next to this python")
    return str(script)


def test_module_mode_finds_a_package_in_the_working_directory(tmp_path: Path) -> None:
    # The console script's own directory is sys.path[0] at start; python -m puts the working
    # directory there, and so must admf-tsan run -m.
    package = tmp_path / "pkg_here"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text("import sys\nprint('main of pkg_here', sys.argv[1:])\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [_console_script(), "run", "-m", "pkg_here", "x"],
        capture_output=True,
        text=True,
        timeout=45,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "main of pkg_here ['x']" in result.stdout


def test_a_script_imports_modules_next_to_it(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "helper_next_to_it.py").write_text("VALUE = 42\n")
    (tmp_path / "app" / "main.py").write_text(
        "import helper_next_to_it\nprint('value', helper_next_to_it.VALUE)\n"
    )
    result = subprocess.run(
        [_console_script(), "run", "app/main.py"],
        capture_output=True,
        text=True,
        timeout=45,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "value 42" in result.stdout


@pytest.mark.parametrize(
    ("files", "module", "message"),
    [
        ({}, "no_such_module_here", "no module named 'no_such_module_here'"),
        ({"lib_only/__init__.py": ""}, "lib_only", "'lib_only' is a package without a __main__"),
        ({"broken/__init__.py": "1 / 0\n"}, "broken.tool", "cannot import 'broken.tool'"),
    ],
)
def test_a_module_that_cannot_be_run_is_an_error_not_a_clean_report(
    tmp_path: Path, files: dict[str, str], module: str, message: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [_console_script(), "run", "-m", module],
        capture_output=True,
        text=True,
        timeout=45,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert f"admf-tsan run: error: {message}" in result.stderr
    assert "no concurrency violations found" not in result.stderr


def test_raise_mode_with_a_violation_in_a_worker_thread_ends_with_the_report(
    tmp_path: Path,
) -> None:
    result = run_cli(
        tmp_path,
        """
        import threading
        a = threading.Lock()
        b = threading.Lock()
        def one():
            with a, b:
                pass
        def two():
            with b, a:
                pass
        for target in (one, two):
            worker = threading.Thread(target=target, name=target.__name__)
            worker.start()
            worker.join()
        print("finished")
        """,
        "--raise",
    )
    assert result.returncode == EXIT_VIOLATIONS, result.stderr
    assert "finished" in result.stdout
    assert "Exception in thread two" in result.stderr  # raised where it happened
    assert "concurrency violation(s) found (1 lock-order)" in result.stderr
    assert "lock-order found on thread" not in result.stderr  # no crash of admf-tsan run
