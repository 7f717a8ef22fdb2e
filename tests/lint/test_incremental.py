"""Warm runs after an edit report exactly what a cold run reports, reusing what they can.

Each test lints a small multi-file project (warming the cache), edits one file, runs warm, and
compares with a cold ``--no-cache`` run of the edited tree. ``project_reused`` says whether the
warm run reused the previous project findings (an edit nothing cross-file depends on) or ran the
project stage again (an edit that changes a finding in another file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.lint.api import LintReport, lint_paths
from admf_tsan.lint.cache import SourceRead
from admf_tsan.lint.config import find_config
from admf_tsan.lint.deps.summaries import project_call_nodes
from admf_tsan.lint.engine import extract_module
from admf_tsan.lint.incremental import _digest, reads_the_same

HELPER = "import time\n\n\ndef settle():\n    time.sleep(1)\n"
SERVICE = "from pkg.helper import settle\n\n\nasync def run():\n    settle()\n"
# A lock-order cycle across two modules: ``first`` takes A then B, ``second`` B then A.
LOCKS = "import threading\n\nA = threading.Lock()\nB = threading.Lock()\n"
NESTED = (
    "from pkg.locks import A, B\n\n\n"
    "def {name}():\n    with {outer}:\n        with {inner}:\n            pass\n"
)
FORWARD = NESTED.format(name="first", outer="A", inner="B")
BACKWARD = NESTED.format(name="second", outer="B", inner="A")
# Functions an isolated function can call: ``scale`` and ``settle`` take no lock, touch no state.
TOOLS = (
    "import asyncio\n\n"
    "from pkg.forward import first\n"
    "from pkg.helper import settle\n"
    "from pkg.leaf import double\n\n\n"
    "class Box:\n    def size(self):\n        return 1\n\n\n"
    "BOX = Box()\n\n\n"
    "def scale(x):\n    return double(x) + 1\n"
)
# Calls project functions, drops a task (ADMF302) and a coroutine (ADMF304): findings on its own
# lines only. SPAWN has the same two elsewhere: a rule that grouped them across functions (one
# finding per root) would make a partial rerun differ from a cold run, and these tests fail.
PROBE = (
    "\n\ndef probe_isolated(v):\n"
    "    asyncio.ensure_future(asyncio.sleep(v))\n"
    "    asyncio.sleep(v)\n"
    "    settle()\n"
    "    return scale(v) + double(v)\n"
)
SPAWN = (
    "import asyncio\n\n\n"
    "def fire():\n    asyncio.ensure_future(asyncio.sleep(0))\n    asyncio.sleep(1)\n"
)


@pytest.fixture
def pkg(project: Callable[[dict[str, str]], Path]) -> Path:
    return project(
        {
            # ADMF302 (opt-in) is selected: PROBE and SPAWN drop tasks on purpose.
            "pyproject.toml": '[tool.admf-tsan]\nselect = ["ADMF", "ADMF302"]\n',
            "pkg/__init__.py": "",
            "pkg/helper.py": HELPER,
            "pkg/service.py": SERVICE,
            "pkg/locks.py": LOCKS,
            "pkg/forward.py": FORWARD,
            "pkg/backward.py": BACKWARD,
            "pkg/leaf.py": "LIMIT = 3\n\n\ndef double(x):\n    return 2 * x\n",
            "pkg/tools.py": TOOLS,
            "pkg/spawn.py": SPAWN,
        }
    )


def warm_then_cold(root: Path) -> tuple[LintReport, LintReport]:
    config = find_config(root)
    warm = lint_paths(["."], config, jobs=1)
    cold = lint_paths(["."], config, use_cache=False, jobs=1)
    assert warm.findings == cold.findings
    return warm, cold


def codes(report: LintReport) -> list[tuple[str, str]]:
    return [(f.path, f.code) for f in report.findings]


def edit(root: Path, relative: str, change: Callable[[str], str]) -> None:
    path = root / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_the_project_starts_with_a_chain_and_a_cycle(pkg: Path) -> None:
    warm, _ = warm_then_cold(pkg)
    assert ("pkg/service.py", "ADMF120") in codes(warm)
    cycles = [f for f in warm.findings if f.code == "ADMF201"]
    assert len(cycles) == 1
    assert {cycles[0].path, *(r.path for r in cycles[0].related)} >= {
        "pkg/forward.py",
        "pkg/backward.py",
    }


def test_an_edit_that_breaks_a_transitive_chain_runs_the_project_stage(pkg: Path) -> None:
    warm_then_cold(pkg)
    edit(pkg, "pkg/helper.py", lambda text: text.replace("time.sleep(1)", "return 1"))
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused and warm.statistics.analysed == 1
    assert ("pkg/service.py", "ADMF120") not in codes(warm)


def test_an_edit_that_creates_a_chain_elsewhere_runs_the_project_stage(pkg: Path) -> None:
    warm_then_cold(pkg)
    edit(pkg, "pkg/leaf.py", lambda text: "import time\n" + text.replace("2 * x", "time.sleep(x)"))
    edit(
        pkg,
        "pkg/service.py",
        lambda text: (
            "from pkg.leaf import double\n" + text + "\n\nasync def twice():\n    double(1)\n"
        ),
    )
    warm_then_cold(pkg)
    # Only the leaf changes now: its blocking call reaches the coroutine in service.py.
    edit(pkg, "pkg/leaf.py", lambda text: text.replace("time.sleep(x)", "time.sleep(x + 1)"))
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    assert [f.line for f in warm.findings if f.path == "pkg/service.py" and f.code == "ADMF120"]


def test_an_edit_that_removes_a_lock_order_cycle_across_modules(pkg: Path) -> None:
    warm_then_cold(pkg)
    edit(
        pkg,
        "pkg/backward.py",
        lambda text: text.replace("with B:\n        with A:", "with A:\n        with B:"),
    )
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    assert not [code for _, code in codes(warm) if code == "ADMF201"]


def test_a_comment_edit_reuses_the_project_findings(pkg: Path) -> None:
    before, _ = warm_then_cold(pkg)
    edit(pkg, "pkg/helper.py", lambda text: text + "# a comment at the end\n")
    warm, _ = warm_then_cold(pkg)
    assert warm.statistics.project_reused and warm.statistics.analysed == 1
    assert warm.findings == before.findings


def test_an_added_function_nothing_calls_reuses_the_project_findings(pkg: Path) -> None:
    before, _ = warm_then_cold(pkg)
    edit(
        pkg,
        "pkg/forward.py",
        lambda text: text + "\n\nasync def probe_nobody_calls():\n    return None\n",
    )
    warm, _ = warm_then_cold(pkg)
    assert warm.statistics.project_reused
    assert warm.findings == before.findings


def test_an_added_function_that_calls_something_runs_the_project_stage(pkg: Path) -> None:
    before, _ = warm_then_cold(pkg)
    added = "\n\nasync def nap_nobody_calls():\n    import time\n\n    time.sleep(1)\n"
    edit(pkg, "pkg/leaf.py", lambda text: text + added)
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    assert set(codes(warm)) - set(codes(before)) == {("pkg/leaf.py", "ADMF101")}


def test_an_added_function_another_file_names_runs_the_project_stage(pkg: Path) -> None:
    warm_then_cold(pkg)
    edit(
        pkg,
        "pkg/service.py",
        lambda text: text + "\n\nasync def poll():\n    from pkg import leaf\n    leaf.wait()\n",
    )
    warm_then_cold(pkg)
    # ``wait`` is named in service.py: defining it may resolve that call, so nothing is reused.
    edit(pkg, "pkg/leaf.py", lambda text: text + "\n\ndef wait():\n    return None\n")
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused


def test_a_noqa_edit_reuses_the_project_findings_and_suppresses(pkg: Path) -> None:
    before, _ = warm_then_cold(pkg)
    assert ("pkg/service.py", "ADMF120") in codes(before)
    edit(
        pkg,
        "pkg/service.py",
        lambda text: text.replace("    settle()\n", "    settle()  # noqa: ADMF120\n"),
    )
    warm, _ = warm_then_cold(pkg)
    assert warm.statistics.project_reused
    assert ("pkg/service.py", "ADMF120") not in codes(warm)


def test_several_edits_in_a_row_stay_the_same_as_cold(pkg: Path) -> None:
    warm_then_cold(pkg)
    steps: list[tuple[str, Callable[[str], str]]] = [
        ("pkg/leaf.py", lambda text: text + "# one\n"),
        ("pkg/helper.py", lambda text: text.replace("time.sleep(1)", "time.sleep(2)")),
        ("pkg/forward.py", lambda text: text + "\n\ndef unused_helper_xyz():\n    return 0\n"),
        ("pkg/helper.py", lambda text: text.replace("time.sleep(2)", "return 2")),
        ("pkg/helper.py", lambda text: text.replace("return 2", "time.sleep(3)")),
    ]
    for relative, change in steps:
        edit(pkg, relative, change)
        warm_then_cold(pkg)


def test_changed_call_arguments_read_from_source_are_noticed(tmp_path: Path) -> None:
    source = tmp_path / "client.py"
    source.write_text("def f(a, b):\n    return g(a)\n", encoding="utf-8")
    facts = extract_module(source.read_bytes(), "client.py", "client")
    calls = project_call_nodes(str(tmp_path), "client.py", "client")
    read = SourceRead(_digest(calls), tuple(sorted(calls)))
    assert read.positions and reads_the_same(str(tmp_path), facts, read)
    # Same positions, another argument: facts of the call could not tell, the nodes do.
    source.write_text("def f(a, b):\n    return g(b)\n", encoding="utf-8")
    assert extract_module(source.read_bytes(), "client.py", "client") == facts
    assert not reads_the_same(str(tmp_path), facts, read)


def test_configured_loop_decorators_always_run_the_project_stage(pkg: Path) -> None:
    # Loop markers come from decorators, read from source: facts cannot tell an edit of one.
    (pkg / "pyproject.toml").write_text(
        '[tool.admf-tsan]\nloop-decorators = ["pkg.leaf.double"]\n', encoding="utf-8"
    )
    before, _ = warm_then_cold(pkg)
    edit(pkg, "pkg/helper.py", lambda text: text + "# a comment at the end\n")
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused and warm.findings == before.findings


def test_an_added_function_that_calls_reruns_the_project_rules_over_what_it_names(
    pkg: Path,
) -> None:
    before, _ = warm_then_cold(pkg)
    edit(pkg, "pkg/tools.py", lambda text: text + PROBE)
    warm, _ = warm_then_cold(pkg)
    # Only the modules tools.py names (and those they name) ran again, not the whole project.
    assert warm.statistics.project_reused
    assert 0 < warm.statistics.project_rerun_modules < warm.statistics.files
    added = set(warm.findings) - set(before.findings)
    assert {(f.path, f.code) for f in added} == {
        ("pkg/tools.py", "ADMF302"),
        ("pkg/tools.py", "ADMF304"),
    }
    assert {("pkg/spawn.py", "ADMF302"), ("pkg/spawn.py", "ADMF304")} <= set(codes(warm))
    # Removing it again drops its finding, still without the full project stage (the comment
    # keeps the file from matching the first run's, whose result is stored).
    edit(pkg, "pkg/tools.py", lambda text: text.replace(PROBE, "\n# no probe\n"))
    warm, _ = warm_then_cold(pkg)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert warm.findings == before.findings


def test_added_functions_in_a_row_stay_the_same_as_cold(pkg: Path) -> None:
    warm_then_cold(pkg)
    for number in range(3):
        added = f"\n\ndef gray_{number}(v):\n    return scale(v) - {number}\n"

        def append(text: str, added: str = added) -> str:
            return text + added

        edit(pkg, "pkg/tools.py", append)
        warm, _ = warm_then_cold(pkg)
        assert warm.statistics.project_reused and warm.statistics.project_rerun_modules


def test_an_added_caller_of_a_lock_taking_function_runs_the_project_stage(pkg: Path) -> None:
    # A new caller that holds no lock can change what ``first``'s callers are known to hold.
    warm_then_cold(pkg)
    edit(pkg, "pkg/tools.py", lambda text: text + "\n\ndef probe_locks():\n    first()\n")
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused


def test_an_added_call_through_an_object_runs_the_project_stage(pkg: Path) -> None:
    # ``BOX.size()`` goes through an instance: reads of its attributes count for guard inference.
    warm_then_cold(pkg)
    edit(pkg, "pkg/tools.py", lambda text: text + "\n\ndef probe_box():\n    BOX.size()\n")
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused


def test_an_added_call_that_creates_a_chain_across_modules(pkg: Path) -> None:
    before, _ = warm_then_cold(pkg)
    edit(
        pkg,
        "pkg/leaf.py",
        lambda text: "import time\n" + text + "\n\ndef nap():\n    time.sleep(1)\n",
    )
    warm_then_cold(pkg)
    edit(
        pkg,
        "pkg/service.py",
        lambda text: "from pkg.leaf import nap\n" + text.replace("    settle()\n", "    nap()\n"),
    )
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    chains = [f for f in warm.findings if f.code == "ADMF120" and f.path == "pkg/service.py"]
    assert [r.path for f in chains for r in f.related if r.path == "pkg/leaf.py"]
    assert chains != [f for f in before.findings if f.code == "ADMF120"]


def test_a_removed_call_that_ends_a_chain_across_modules(pkg: Path) -> None:
    warm_then_cold(pkg)
    edit(pkg, "pkg/service.py", lambda text: text.replace("    settle()\n", "    return None\n"))
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    assert ("pkg/service.py", "ADMF120") not in codes(warm)


def test_an_added_lock_order_edge_that_closes_a_cycle_across_modules(pkg: Path) -> None:
    warm_then_cold(pkg)
    edit(
        pkg,
        "pkg/backward.py",
        lambda text: text.replace("with B:\n        with A:", "with A:\n        with B:"),
    )
    warm, _ = warm_then_cold(pkg)
    assert "ADMF201" not in {code for _, code in codes(warm)}
    third = "\n\ndef third():\n    with B:\n        with A:\n            pass\n"
    edit(pkg, "pkg/backward.py", lambda text: text + third)
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    assert "ADMF201" in {code for _, code in codes(warm)}


def test_a_function_made_async_runs_the_project_stage(pkg: Path) -> None:
    before, _ = warm_then_cold(pkg)
    edit(pkg, "pkg/helper.py", lambda text: text.replace("def settle", "async def settle"))
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    assert set(codes(warm)) != set(codes(before))


def test_a_renamed_function_others_call_runs_the_project_stage(pkg: Path) -> None:
    before, _ = warm_then_cold(pkg)
    assert ("pkg/service.py", "ADMF120") in codes(before)
    edit(pkg, "pkg/helper.py", lambda text: text.replace("def settle", "def rest"))
    warm, _ = warm_then_cold(pkg)
    assert not warm.statistics.project_reused
    assert ("pkg/service.py", "ADMF120") not in codes(warm)
