"""``admf-tsan lint`` / ``rules`` / ``explain`` end to end: exit codes, options, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.lint.cli import explain_main, rules_main

from .conftest import CliResult

SLEEPY = "import time\n\nasync def poll():\n    time.sleep(1)\n"
SPAWNING = "import subprocess\n" + SLEEPY
CLEAN = "import asyncio\n\nasync def poll():\n    await asyncio.sleep(1)\n"


def test_exit_codes_clean_and_findings(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"clean.py": CLEAN})
    assert cli("clean.py").code == 0
    project({"bad.py": SLEEPY})
    result = cli("bad.py")
    assert result.code == 1
    assert "bad.py:4:5: ADMF101 [*] `time.sleep()` blocks the event loop" in result.out
    assert "4 |     time.sleep(1)" in result.out
    assert "  |     ^^^^^^^^^^^^^" in result.out
    assert cli("bad.py", "--exit-zero").code == 0


def test_unknown_code_on_command_line_is_a_usage_error(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": CLEAN})
    result = cli("--select", "ADMF101,ADMF999")
    assert result.code == 2
    assert "'ADMF999'" in result.err and "admf-tsan rules" in result.err
    assert cli("--ignore", "XYZ1").code == 2


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ('selct = ["ADMF101"]\n', "unknown key 'selct'"),
        ('ignore = ["ADMF777"]\n', "'ADMF777'"),
        ("exclude = 3\n", "`exclude` must be a list of strings"),
        ('per-file-ignores = {"tests/*" = ["NOPE1"]}\n', "'NOPE1'"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_config_is_exit_2_naming_the_problem(
    project: Callable[..., Path], cli: Callable[..., CliResult], config: str, needle: str
) -> None:
    project({"a.py": CLEAN}, config=config)
    result = cli()
    assert result.code == 2
    assert needle in result.err
    assert "Traceback" not in result.err


def test_select_ignore_and_prefixes(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": SPAWNING + "\nasync def f():\n    subprocess.run(['true'])\n"})
    assert {f["code"] for f in cli("--format", "json").json()} == {"ADMF101", "ADMF103"}
    assert {f["code"] for f in cli("--format", "json", "--select", "ADMF103").json()} == {"ADMF103"}
    assert {f["code"] for f in cli("--format", "json", "--ignore", "ADMF10").json()} == set()
    assert cli("--format", "json", "--select", "ADMF3").json() == []


def test_config_select_ignore_and_per_file_ignores(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {"svc/a.py": SLEEPY, "scripts/b.py": SLEEPY},
        config='per-file-ignores = {"scripts/*" = ["ADMF101"]}\n',
    )
    paths = {f["path"] for f in cli("--format", "json").json()}
    assert paths == {"svc/a.py"}


def test_noqa_specific_and_bare(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    source = (
        "import time\n\nasync def poll():\n"
        "    time.sleep(1)  # noqa: ADMF101\n"
        "    time.sleep(2)  # noqa\n"
        "    time.sleep(3)  # noqa: ADMF102\n"
    )
    project({"a.py": source})
    assert [f["line"] for f in cli("--format", "json").json()] == [6]


def test_exclude_from_config_and_explicit_paths(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"src/a.py": CLEAN, "generated/b.py": SLEEPY}, config='exclude = ["generated"]\n')
    assert cli().code == 0
    # Named explicitly, an excluded file is still linted, unless --force-exclude (pre-commit).
    assert cli("generated/b.py").code == 1
    assert cli("--force-exclude", "generated/b.py").code == 0
    assert cli("--extend-exclude", "src", "--force-exclude", "src/a.py").code == 0


def test_missing_path_is_usage_error(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": CLEAN})
    result = cli("nope/")
    assert result.code == 2 and "nope/" in result.err


def test_unparsable_undecodable_and_empty_files(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {
            "broken.py": "def f(:\n    pass\n",
            "latin.py": b'name = "caf\xe9"\n',
            "nul.py": b"x = 1\x00\n",
            "empty.py": "",
            "cookie.py": b'# -*- coding: latin-1 -*-\nname = "caf\xe9"\n',
            "badcookie.py": b"# -*- coding: klingon -*-\nx = 1\n",
        }
    )
    result = cli("--format", "json")
    assert result.code == 1
    by_path = {f["path"]: f for f in result.json()}
    assert by_path["broken.py"]["code"] == "ADMF001"
    assert "does not parse" in by_path["broken.py"]["message"]
    assert by_path["latin.py"]["code"] == "ADMF002"
    assert "not valid UTF-8 (byte 0xe9)" in by_path["latin.py"]["message"]
    assert by_path["nul.py"]["code"] == "ADMF002"
    assert "NUL" in by_path["nul.py"]["message"]
    assert by_path["badcookie.py"]["code"] == "ADMF002"
    assert "empty.py" not in by_path and "cookie.py" not in by_path


def test_fix_rewrites_and_exit_reflects_what_remains(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project(
        {
            "a.py": SLEEPY,
            "b.py": "import subprocess\n\nasync def f():\n    subprocess.run(['true'])\n",
        }
    )
    result = cli("--fix", "a.py")
    assert result.code == 0, result.out
    assert "Fixed 1 finding" in result.err
    assert (root / "a.py").read_text() == (
        "import time\nimport asyncio\n\nasync def poll():\n    await asyncio.sleep(1)\n"
    )
    assert cli("a.py").code == 0
    # Unfixable findings remain: exit 1 (fixit exits 0 here).
    assert cli("--fix", "b.py").code == 1


def test_diff_changes_nothing(project: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    root = project({"a.py": SLEEPY})
    result = cli("--diff")
    assert result.code == 1
    assert "-    time.sleep(1)\n+    await asyncio.sleep(1)" in result.out
    assert "+import asyncio" in result.out
    assert (root / "a.py").read_text() == SLEEPY


def test_statistics(project: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    project(
        {"a.py": SPAWNING + "\nasync def g():\n    time.sleep(2)\n    subprocess.run(['true'])\n"}
    )
    out = cli("--statistics").out
    assert "     2  ADMF101  [*] blocking-sleep" in out
    assert "     1  ADMF103      blocking-subprocess" in out


def test_output_file(project: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    root = project({"a.py": SLEEPY})
    assert cli("--format", "json", "-o", "report.json").code == 1
    assert json.loads((root / "report.json").read_text())[0]["code"] == "ADMF101"


def test_rules_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert rules_main([]) == 0
    out = capsys.readouterr().out
    assert "ADMF101  blocking-sleep" in out and "ADMF120" in out
    assert rules_main(["--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"code": "ADMF101", "name": "blocking-sleep", "fixable": True}.items() <= rows[3].items()


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert explain_main(["ADMF120"]) == 0
    assert capsys.readouterr().out.startswith("# ADMF120: transitive-blocking-call")
    assert explain_main(["blocking-sleep"]) == 0
    assert "# ADMF101" in capsys.readouterr().out
    assert explain_main(["ADMF999"]) == 2
    assert "unknown rule code 'ADMF999'" in capsys.readouterr().err


@pytest.mark.timeout(60)
def test_console_script_dispatches_to_the_linter(project: Callable[..., Path]) -> None:
    root = project({"a.py": SLEEPY})
    done = subprocess.run(
        [sys.executable, "-m", "admf_tsan.cli", "lint", "--no-cache", "--format", "github"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::error file=a.py,line=4,col=5,")


def test_config_file_option(project: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    root = project({"a.py": SLEEPY, "ci/lint.toml": 'ignore = ["ADMF101"]\n'})
    assert cli("a.py").code == 1
    assert cli("--config", "ci/lint.toml", "a.py").code == 0
    missing = cli("--config", "nope.toml")
    assert missing.code == 2 and "nope.toml: configuration file not found" in missing.err
    (root / "other.toml").write_text('[tool.admf-tsan]\nselect = ["ADMF3"]\n')
    assert cli("--config", "other.toml", "a.py").code == 0


def test_empty_directory_is_clean(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({})
    (root / "empty").mkdir()
    result = cli("empty")
    assert result.code == 0 and "All checks passed (0 files)" in result.out
