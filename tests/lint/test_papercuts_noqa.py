"""``# noqa`` directives that do not do what they say are warned about, exit status unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from admf_tsan.lint.cli import invalid_noqa_directives

from .conftest import CliResult

HEADER = "import time\n\nasync def poll():\n"


def test_unknown_code_in_noqa_is_warned_once_per_directive(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {
            "a.py": HEADER + "    time.sleep(1)  # noqa: ADMF999, ADMF101\n"
            "    x = 1  # noqa: ADMF999\n",
            "b.py": "y = 2  # noqa: ADMF998, ADMF997\n",
        }
    )
    result = cli()
    assert result.code == 0, result.out
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: Invalid `# noqa` directive on a.py:4: unknown code ADMF999",
        "warning: Invalid `# noqa` directive on a.py:5: unknown code ADMF999",
        "warning: Invalid `# noqa` directive on b.py:1: unknown codes ADMF997, ADMF998",
    ]


def test_warning_does_not_change_the_exit_status_or_the_report(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": HEADER + "    time.sleep(1)  # noqa: ADMF999\n"})
    result = cli("--format", "json")
    assert result.code == 1
    assert [f["code"] for f in result.json()] == ["ADMF101"]
    assert "unknown code ADMF999" in result.err
    assert cli("--exit-zero").code == 0


def test_warned_also_when_the_result_comes_from_the_cache(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": "x = 1  # noqa: ADMF999\n"})
    assert "ADMF999" in cli().err
    second = cli()
    assert second.code == 0 and "unknown code ADMF999" in second.err


def test_codes_of_other_tools_and_known_codes_are_not_warned_about(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": "x = 1  # noqa: E501, C901\ny = 2  # noqa: ADMF101\nz = 3  # noqa\n"})
    assert cli().err == ""


def test_a_name_instead_of_codes_is_warned_as_a_blanket_suppression() -> None:
    source = b"x = 1  # noqa: blocking-sleep\ny = 2  # NOQA:admf998\n"
    assert invalid_noqa_directives(source) == [
        (
            1,
            "expected a comma-separated list of codes (e.g. `# noqa: ADMF101`); "
            "as written it suppresses every code on the line",
        ),
        (2, "unknown code ADMF998"),
    ]


def test_noqa_text_inside_a_string_is_not_a_directive() -> None:
    source = b'DOC = "add  # noqa: ADMF999 to the line"\nx = 1  # noqa: ADMF998\n'
    assert invalid_noqa_directives(source) == [(2, "unknown code ADMF998")]


def test_a_peer_code_for_the_same_check_suppresses_ours(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # A project that runs ruff's or flake8-async's ASYNC rules has already marked its deliberate
    # blocking calls: a noqa for ASYNC250 on an `input()` is ADMF109's decision too. (The
    # directives are built so that no linter reading this file takes them for its own.)
    noqa = "# " + "noqa"
    project(
        {
            "ask.py": "import time\n\nasync def ask():\n"
            f"    name = input('name: ')  {noqa}: ASYNC250\n"
            f"    time.sleep(1)  {noqa}: ASYNC250\n"  # the wrong code: ADMF101 still reported
            f"    time.sleep(2)  {noqa}: ASYNC251\n"
            "    return name\n",
        }
    )
    # ADMF109 is opt-in: selected here, so that the suppression is what keeps line 4 out.
    result = cli("--format", "json", "--extend-select", "ADMF109")
    assert result.code == 1, result.out
    found = [(f["line"], f["code"]) for f in json.loads(result.out)]
    assert found == [(5, "ADMF101")]
    assert "warning:" not in result.err


def test_async240_suppresses_the_listing_rule_too(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # ruff's ASYNC240 reports pathlib's listings (``Path.iterdir()``, ``glob()``) with its
    # metadata queries: a line marked for it is ADMF131's decision too, as ADMF128's.
    noqa = "# " + "noqa"
    project(
        {
            "scan.py": "from pathlib import Path\n\nasync def scan(root: Path):\n"
            f"    names = [p.name for p in root.iterdir()]  {noqa}: ASYNC240\n"
            "    return names, [p.name for p in root.glob('*.py')]\n",
        }
    )
    result = cli("--format", "json", "--extend-select", "ADMF131")
    assert result.code == 1, result.out
    assert [(f["line"], f["code"]) for f in json.loads(result.out)] == [(5, "ADMF131")]
