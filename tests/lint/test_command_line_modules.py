"""Blocking-call findings in command-line modules are set aside, said so, and can be shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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
    assert result.found() == [("pkg/client.py", 4, "ADMF101"), ("pkg/server.py", 4, "ADMF101")]
    assert "note: 4 blocking-call findings of command-line code not shown" in result.err
    assert "`--command-line-modules=` shows them" in result.err

    shown = cli("--format", "json", "--command-line-modules=")
    assert shown.code == 1
    assert len(shown.found()) == 6, shown.out
    assert "note:" not in shown.err


def test_only_command_line_findings_exit_zero_with_the_note(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"tool/__main__.py": BLOCKS})
    result = cli()
    assert result.code == 0
    assert "Found" not in result.out
    assert "note: 1 blocking-call finding of command-line code not shown" in result.err


def test_failures_and_races_in_a_command_line_module_are_still_reported(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"app/cli.py": FAILS})
    codes = [code for _, _, code in cli("--format", "json").found()]
    everything = [code for _, _, code in cli("--format", "json", "--command-line-modules=").found()]
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
        {
            "tools/__init__.py": "",
            "tools/deploy.py": BLOCKS,
            "pkg/__init__.py": "",
            "pkg/cli.py": BLOCKS,
        },
        config='command-line-modules = ["tools"]\n',
    )
    assert cli("--format", "json").found() == [("pkg/cli.py", 4, "ADMF101")]
    report = lint_paths(["."], find_config(root), use_cache=False)
    assert [(f.path, f.code) for f in report.findings] == [("pkg/cli.py", "ADMF101")]
    assert [(f.path, f.code) for f in report.command_line] == [("tools/deploy.py", "ADMF101")]
    everything = lint_paths(["."], LintConfig(root=str(root), command_line_modules=()))
    assert len(everything.findings) == 2
    assert everything.command_line == ()


def test_module_names_not_the_directories_above_the_project_decide(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # A checkout under a directory named `cli` (GitHub's /home/runner/work/cli/cli) linted from
    # above: the directories above the package are not part of any module's name.
    root = project({"cli/service/svc/__init__.py": "", "cli/service/svc/server.py": BLOCKS})
    found = cli("--format", "json", str(root / "cli" / "service")).found()
    assert [code for _, _, code in found] == ["ADMF101"]


def test_a_chain_also_reached_from_a_server_is_reported_there(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # `app/cli.py` sorts before `app/server.py`: grouped together, the one finding would be at
    # the command's call and the server's chain would go with it.
    project(
        {
            "app/__init__.py": "",
            "app/net.py": "import time\n\ndef fetch_quota():\n    time.sleep(1)\n",
            "app/cli.py": "from app.net import fetch_quota\n\n"
            "async def show_quota():\n    return fetch_quota()\n",
            "app/server.py": "from app.net import fetch_quota\n\n"
            "async def handle():\n    return fetch_quota()\n",
        }
    )
    result = cli("--format", "json")
    assert result.found() == [("app/server.py", 4, "ADMF120")]
    assert "note: 1 blocking-call finding of command-line code" in result.err
    shown = cli("--format", "json", "--command-line-modules=")
    assert shown.found() == [("app/cli.py", 4, "ADMF120")]  # one group: its first call


LOOP_RUNS = (
    "import asyncio\nimport functools\n\n"
    "async def job():\n    return 1\n\n"
    "@functools.cache\ndef settings():\n    return asyncio.run(job())\n\n"
    "async def main():\n    return settings()\n\n"
    "def on_ready():\n    asyncio.run(job())\n\n"
    "async def start():\n    asyncio.get_running_loop().call_soon(on_ready)\n"
)


def test_chains_that_fail_rather_than_block_stay_in_every_chain_rule(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # A cached helper (ADMF129) and a loop callback (ADMF121) that run an event loop inside
    # the running one raise at once: a command fails too.
    project({"pkg/__init__.py": "", "pkg/cli.py": LOOP_RUNS, "pkg/core.py": LOOP_RUNS})
    result = cli("--format", "json", "--extend-select", "ADMF129")
    codes = sorted((path, code) for path, _, code in result.found())
    assert ("pkg/cli.py", "ADMF121") in codes
    assert ("pkg/cli.py", "ADMF129") in codes
    assert [(p, c) for p, c in codes if p == "pkg/cli.py"] == [
        (p.replace("core", "cli"), c) for p, c in codes if p == "pkg/core.py"
    ]
    assert "note:" not in result.err


def test_the_cache_and_an_edit_keep_what_is_set_aside(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project(
        {
            "pkg/__init__.py": "",
            "pkg/cli.py": BLOCKS,
            "pkg/server.py": BLOCKS,
            "pkg/net.py": "import time\n\ndef pause():\n    time.sleep(1)\n",
            "pkg/__main__.py": "from pkg.net import pause\n\nasync def main():\n    pause()\n",
        }
    )
    expected = [("pkg/server.py", 4, "ADMF101")]
    assert cli("--format", "json").found() == expected
    config = find_config(root)
    cached = lint_paths(["."], config)
    assert cached.statistics.result_from_cache
    assert sorted((f.path, f.code) for f in cached.command_line) == [
        ("pkg/__main__.py", "ADMF120"),
        ("pkg/cli.py", "ADMF101"),
    ]
    # An edit the project findings survive (a comment): the reused snapshot's findings are
    # set aside as a cold run's are.
    (root / "pkg" / "server.py").write_text("# edited\n" + BLOCKS)
    edited = lint_paths(["."], config)
    assert edited.statistics.project_reused
    assert [(f.path, f.line, f.code) for f in edited.findings] == [("pkg/server.py", 5, "ADMF101")]
    assert sorted((f.path, f.code) for f in edited.command_line) == [
        ("pkg/__main__.py", "ADMF120"),
        ("pkg/cli.py", "ADMF101"),
    ]
    cold = lint_paths(["."], config, use_cache=False)
    assert cold.findings == edited.findings
    assert cold.command_line == edited.command_line


@pytest.mark.parametrize("value", ["cli.py", "app/cli", "/cli", "cli/*"])
def test_a_path_instead_of_a_module_name_is_an_error(
    project: Callable[..., Path], cli: Callable[..., CliResult], value: str
) -> None:
    root = project({"pkg/cli.py": BLOCKS})
    flag = cli("--command-line-modules", value)
    assert flag.code == 2
    assert "--command-line-modules: `command-line-modules` takes dotted module names" in flag.err
    (root / "pyproject.toml").write_text(f"[tool.admf-tsan]\ncommand-line-modules = [{value!r}]\n")
    result = cli()
    assert result.code == 2
    assert "takes dotted module names or globs of them" in result.err


def test_a_setting_that_is_not_a_list_of_globs_is_an_error(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"pkg/cli.py": BLOCKS}, config='command-line-modules = "cli"\n')
    result = cli()
    assert result.code == 2
    assert "`command-line-modules` must be a list of strings" in result.err


def test_sarif_carries_what_is_set_aside_as_suppressed(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"pkg/__init__.py": "", "pkg/cli.py": BLOCKS, "pkg/server.py": BLOCKS})
    results = cli("--format", "sarif").json()["runs"][0]["results"]
    places = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in results}
    assert sorted(places) == ["pkg/cli.py", "pkg/server.py"]
    assert "suppressions" not in places["pkg/server.py"]
    [suppression] = places["pkg/cli.py"]["suppressions"]
    assert suppression["kind"] == "external"


def test_a_cached_helper_reached_from_a_server_is_reported_whatever_the_names(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # ADMF129 is reported at the cached helper's blocking call, the same place for the
    # command's group and the server's: the server's finding is the one kept.
    settings = "import functools\nimport time\n\n@functools.cache\ndef load():\n"
    settings += "    time.sleep(1)\n    return {}\n"
    for command in ("show", "amain"):
        project(
            {
                "app/__init__.py": "",
                "app/settings.py": settings,
                "app/server.py": "from app.settings import load\n\n"
                "async def handle():\n    return load()\n",
                "app/cli.py": f"from app.settings import load\n\n"
                f"async def {command}():\n    return load()\n",
            }
        )
        result = cli("--format", "json", "--no-cache", "--extend-select", "ADMF129")
        assert result.found() == [("app/settings.py", 6, "ADMF129")], command
        assert "handle()" in result.json()[0]["message"]
        assert "note:" not in result.err


def test_the_github_format_gives_one_notice_for_what_is_set_aside(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"pkg/__init__.py": "", "pkg/cli.py": BLOCKS, "pkg/server.py": BLOCKS})
    lines = cli("--format", "github").out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::notice"]
    assert "file=pkg/server.py" in lines[0]
    assert lines[1].startswith("::notice title=admf-tsan::1 blocking-call finding of command-line")
