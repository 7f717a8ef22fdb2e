"""Blocking-call findings in command-line modules are set aside, said so, and can be shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from admf_tsan.lint import LintConfig, lint_paths
from admf_tsan.lint.config import find_config

from .conftest import CliResult

BLOCKS = "import time\n\nasync def main():\n    time.sleep(1)\n"

#: A coroutine of a command-line module that runs a loop inside the running one (fails at once),
#: a loop-blocking call, and a race between threads: only the blocking call is set aside.
FAILS = (
    "import asyncio\nimport threading\nimport time\n\n"
    "def block(coro):\n"
    "    return asyncio.get_event_loop().run_until_complete(coro)\n\n"
    "async def later():\n"
    "    return 1\n\n"
    "async def main():\n"
    "    time.sleep(1)\n"
    "    return block(later())\n\n"
    "counts = {}\n\n"
    "def work(key):\n"
    "    counts[key] = counts.get(key, 0) + 1\n\n"
    "def spawn():\n"
    "    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]\n"
    "    for thread in threads:\n"
    "        thread.start()\n"
)


def _found(result: CliResult) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["code"]) for f in result.json()]


def test_blocking_calls_in_command_line_modules_are_set_aside_and_counted(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {
            "pkg/__init__.py": "",
            "tools/__init__.py": "",
            "tools/cli/__init__.py": "",
            "tools/cli/run.py": BLOCKS,
            "pkg/cli.py": BLOCKS,
            "pkg/__main__.py": BLOCKS,
            "pkg/server.py": BLOCKS,
            "pkg/client.py": BLOCKS,
            "cli.py": BLOCKS,
        }
    )
    result = cli("--format", "json")
    assert result.code == 1
    assert _found(result) == [("pkg/client.py", 4, "ADMF101"), ("pkg/server.py", 4, "ADMF101")]
    assert "note: 4 blocking-call findings in 4 command-line files not shown" in result.err
    assert "`--command-line-modules=` shows them" in result.err

    shown = cli("--format", "json", "--command-line-modules=")
    assert shown.code == 1
    assert len(_found(shown)) == 6, shown.out
    assert "note:" not in shown.err


def test_only_command_line_findings_exit_zero_with_the_note(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"tool/__main__.py": BLOCKS})
    result = cli()
    assert result.code == 0
    assert "Found" not in result.out
    assert "note: 1 blocking-call finding in 1 command-line file not shown" in result.err


def test_failures_and_races_in_a_command_line_module_are_still_reported(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"app/cli.py": FAILS})
    codes = [code for _, _, code in _found(cli("--format", "json"))]
    everything = [code for _, _, code in _found(cli("--format", "json", "--command-line-modules="))]
    # The chain to run_until_complete() fails at once (ADMF120 with an ADMF112 leaf) and the
    # dict changed from four threads is a race (ADMF404): neither depends on what the loop
    # serves.
    assert "ADMF120" in codes
    assert "ADMF404" in codes
    assert "ADMF101" not in codes
    assert sorted(everything) == sorted([*codes, "ADMF101"])


def test_the_setting_replaces_the_default_and_reaches_the_api(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project(
        {"tools/deploy.py": BLOCKS, "pkg/cli.py": BLOCKS},
        config='command-line-modules = ["tools/*"]\n',
    )
    assert _found(cli("--format", "json")) == [("pkg/cli.py", 4, "ADMF101")]
    report = lint_paths(["."], find_config(root), use_cache=False)
    assert [(f.path, f.code) for f in report.findings] == [("pkg/cli.py", "ADMF101")]
    assert [(f.path, f.code) for f in report.command_line] == [("tools/deploy.py", "ADMF101")]
    everything = lint_paths(["."], LintConfig(root=str(root), command_line_modules=()))
    assert len(everything.findings) == 2
    assert everything.command_line == ()


def test_the_cache_keeps_what_is_set_aside(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # The cached result holds every finding: a warm run with the setting changed shows them.
    project({"pkg/cli.py": BLOCKS, "pkg/server.py": BLOCKS})
    cold = cli("--format", "json")
    warm = cli("--format", "json")
    assert _found(cold) == _found(warm) == [("pkg/server.py", 4, "ADMF101")]
    shown = cli("--format", "json", "--command-line-modules=")
    assert _found(shown) == [("pkg/cli.py", 4, "ADMF101"), ("pkg/server.py", 4, "ADMF101")]
    assert _found(cli("--format", "json")) == _found(cold)


def test_a_setting_that_is_not_a_list_of_globs_is_an_error(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"pkg/cli.py": BLOCKS}, config='command-line-modules = "cli.py"\n')
    result = cli()
    assert result.code == 2
    assert "`command-line-modules` must be a list of strings" in result.err
