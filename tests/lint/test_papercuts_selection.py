"""Rule names are accepted wherever codes are; unknown ones are exit 2 with close matches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.lint.cli import explain_main

from .conftest import CliResult

SLEEPY = "import time\n\nasync def poll():\n    time.sleep(1)\n"
SLEEPY_AND_SPAWN = (
    "import subprocess\n" + SLEEPY + "\nasync def spawn():\n    subprocess.run(['true'])\n"
)


def test_select_and_ignore_accept_rule_names(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": SLEEPY_AND_SPAWN})
    selected = cli("--format", "json", "--select", "blocking-sleep")
    assert selected.code == 1, selected.err
    assert {f["code"] for f in selected.json()} == {"ADMF101"}
    ignored = cli("--format", "json", "--ignore", "Blocking-Sleep")
    assert {f["code"] for f in ignored.json()} == {"ADMF103"}
    extended = cli(
        "--format", "json", "--select", "ADMF3", "--extend-select", "blocking-subprocess"
    )
    assert {f["code"] for f in extended.json()} == {"ADMF103"}


def test_config_and_per_file_ignores_accept_rule_names(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {"svc/a.py": SLEEPY_AND_SPAWN, "scripts/b.py": SLEEPY},
        config=(
            'ignore = ["blocking-subprocess"]\n'
            'per-file-ignores = {"scripts/*" = ["blocking-sleep"]}\n'
        ),
    )
    result = cli("--format", "json")
    assert result.code == 1, result.err
    assert {(f["path"], f["code"]) for f in result.json()} == {("svc/a.py", "ADMF101")}


def test_config_select_accepts_rule_names(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": SLEEPY_AND_SPAWN}, config='select = ["blocking-subprocess"]\n')
    assert {f["code"] for f in cli("--format", "json").json()} == {"ADMF103"}


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_rule_name_lists_close_matches(
    project: Callable[..., Path], cli: Callable[..., CliResult], option: str
) -> None:
    project({"a.py": SLEEPY})
    result = cli(option, "blocking-slep")
    assert result.code == 2
    assert "unknown rule name 'blocking-slep'" in result.err
    assert "did you mean 'blocking-sleep'" in result.err
    assert "Traceback" not in result.err


def test_unknown_name_in_config_lists_close_matches(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": SLEEPY}, config='per-file-ignores = {"x/*" = ["lock-order-inversoin"]}\n')
    result = cli()
    assert result.code == 2
    assert "per-file-ignores 'x/*'" in result.err
    assert "did you mean 'lock-order-inversion'" in result.err


def test_typo_in_a_code_suggests_the_code_and_a_wrong_number_suggests_nothing(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": SLEEPY})
    transposed = cli("--select", "ADFM101")
    assert transposed.code == 2 and "did you mean 'ADMF101'" in transposed.err
    unknown = cli("--select", "ADMF999")
    assert unknown.code == 2
    assert "unknown rule code 'ADMF999'" in unknown.err and "did you mean" not in unknown.err


def test_explain_suggests_close_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert explain_main(["blocking-slep"]) == 2
    assert "did you mean 'blocking-sleep'" in capsys.readouterr().err


def test_extend_select_adds_an_opt_in_rule_to_the_default_selection(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": SLEEPY + "\nasync def render():\n    import csv\n\n    return csv\n"})
    assert {f["code"] for f in cli("--format", "json").json()} == {"ADMF101"}
    assert {f["code"] for f in cli("--format", "json", "--select", "ALL").json()} == {"ADMF101"}
    extended = cli("--format", "json", "--extend-select", "lazy-import")
    assert {f["code"] for f in extended.json()} == {"ADMF101", "ADMF127"}


def test_opt_in_rules_run_only_when_named_and_say_so() -> None:
    from admf_tsan.lint.ftypes import LintConfig
    from admf_tsan.lint.rules import ALL_RULES

    opt_in = [rule for rule in ALL_RULES if rule.opt_in]
    assert {rule.code for rule in opt_in} >= {
        "ADMF109",
        "ADMF111",
        "ADMF126",
        "ADMF127",
        "ADMF207",
        "ADMF406",
    }
    for rule in opt_in:
        assert rule.summary().endswith("(opt-in)."), rule.code
        assert not rule.selected(LintConfig())
        assert not rule.selected(LintConfig(select=frozenset({"ADMF"})))
        assert not rule.selected(LintConfig(select=frozenset({rule.code[:5]})))
        assert rule.selected(LintConfig(select=frozenset({rule.code})))
        named_and_ignored = LintConfig(select=frozenset({rule.code}), ignore=frozenset({rule.code}))
        assert not rule.selected(named_and_ignored)
    default = [rule for rule in ALL_RULES if not rule.opt_in]
    assert all(rule.selected(LintConfig()) for rule in default)
