"""Warm runs after an edit report exactly what a cold run reports, reusing what they can.

Each test lints a small multi-file project (warming the cache), edits one file, runs warm, and
compares with a cold ``--no-cache`` run of the edited tree. ``project_reused`` says whether the
warm run reused the previous project findings (an edit nothing cross-file depends on) or ran the
project stage again (an edit that changes a finding in another file).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.lint.api import LintReport, lint_paths
from admf_tsan.lint.cache import SourceRead
from admf_tsan.lint.config import find_config
from admf_tsan.lint.deps.summaries import project_call_nodes
from admf_tsan.lint.engine import extract_module
from admf_tsan.lint.ftypes import Related
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


def _call_in_put(store: Path, call: str) -> None:
    """Add the statement ``call`` to ``Store.put`` of the ``store`` project, under its lock."""
    line = "            self._items[key] = value\n"
    edit(store, "pkg/store.py", lambda text: text.replace(line, f"{line}            {call}\n"))


def _call_in_put_is_local(root: Path, module: str, call: str) -> None:
    """``import module`` added to store.py, then ``call`` under ``Store.put``'s lock: the second
    edit keeps the project findings after a rerun over a few modules, as a cold run finds."""
    edit(root, "pkg/store.py", lambda text: f"import {module}\n" + text)
    before, _ = warm_then_cold(root)
    _call_in_put(root, call)
    warm, _ = warm_then_cold(root)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert codes(warm) == codes(before)


def _replace(text: str, old: str, new: str) -> str:
    return text.replace(old, new)


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
    edit(
        pkg,
        "pkg/leaf.py",
        lambda text: "import time\n" + text.replace("2 * x", "time.sleep(LIMIT)"),
    )
    edit(
        pkg,
        "pkg/service.py",
        lambda text: (
            "from pkg.leaf import double\n" + text + "\n\nasync def twice():\n    double(1)\n"
        ),
    )
    warm, _ = warm_then_cold(pkg)
    # The leaf's blocking call reaches the new coroutine in service.py.
    assert not warm.statistics.project_reused
    assert [f.line for f in warm.findings if f.path == "pkg/service.py" and f.code == "ADMF120"]
    # Only the sleep's argument changes now (another node, the same facts): a call the
    # catalogue lists is a leaf the dependency analysis does not follow, its argument decides
    # nothing, and the chain stays.
    edit(pkg, "pkg/leaf.py", lambda text: text.replace("(LIMIT)", "(LIMIT + 1)"))
    warm, _ = warm_then_cold(pkg)
    assert warm.statistics.project_reused
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


# --- Edits inside existing functions (incremental.local_edit) ------------------------------------

STORE = """import threading

from pkg.util import Note, clamp, guarded


class Store:
    def __init__(self):
        self._lock = threading.Lock()
        self._items = {}

    def put(self, key, value):
        with self._lock:
            self._items[key] = value

    def size(self):
        for key in self._items:
            print(key)

    def drop(self, key):
        self._items.pop(key) if key in self._items else None
"""
# ``clamp``, ``bound`` and ``Note`` are mute: they run only project code that does nothing a rule
# reports. ``guarded`` takes a lock.
UTIL = """import threading

LOCK = threading.Lock()


def clamp(x):
    return bound(x, 0, 10)


def bound(x, lo, hi):
    return max(lo, min(x, hi))


def guarded():
    with LOCK:
        return 1


class Note(ValueError):
    def __init__(self, text):
        ValueError.__init__(self, text)
"""
# A project class whose method is mute, and an instance of it (the seeded fuzz calls through it).
DIAL = """

class Dial:
    def turned(self, x):
        return bound(x, 0, 1)


DIAL = Dial()
"""
APP = """import time

from pkg.store import Store
from pkg.util import LOCK, Note, clamp

STORE = Store()


def pace(x):
    return clamp(x)


async def serve():
    pace(1)
    STORE.put("a", 1)


def nap():
    time.sleep(1)


def reverse():
    with LOCK:
        STORE.put("b", 2)
"""
PUT = "    def put(self, key, value):\n"


@pytest.fixture
def store(project: Callable[[dict[str, str]], Path]) -> Path:
    return project(
        {
            "pyproject.toml": '[tool.admf-tsan]\nselect = ["ADMF"]\n',
            "pkg/__init__.py": "",
            "pkg/store.py": STORE,
            "pkg/util.py": UTIL,
            "pkg/app.py": APP,
        }
    )


def unguarded(report: LintReport) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in report.findings if f.code in ("ADMF401", "ADMF402")]


def test_the_store_project_names_moved_lines_in_its_messages(store: Path) -> None:
    warm, _ = warm_then_cold(store)
    # Both findings name the write in put() by its line, in the message and as a related location.
    assert [line for line, _ in unguarded(warm)] == [16, 20]
    assert all("(line 13)" in message for _, message in unguarded(warm))


def test_a_call_of_a_mute_function_added_to_a_function_with_callers(store: Path) -> None:
    before, _ = warm_then_cold(store)
    edit(store, "pkg/store.py", lambda text: text.replace(PUT, PUT + "        clamp(key)\n"))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    # Every later line moved, in the positions and in the messages.
    assert [line for line, _ in unguarded(warm)] == [17, 21]
    assert all("(line 14)" in message for _, message in unguarded(warm))
    assert len(warm.findings) == len(before.findings)
    # Removing it again is the same kind of edit.
    edit(store, "pkg/store.py", lambda text: text.replace("        clamp(key)\n", "\n"))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused
    assert [line for line, _ in unguarded(warm)] == [17, 21]


def test_a_line_inserted_in_a_function_moves_the_findings_after_it(store: Path) -> None:
    warm_then_cold(store)
    edit(store, "pkg/store.py", lambda text: text.replace(PUT, PUT + "        key = str(key)\n"))
    warm, _ = warm_then_cold(store)
    # No call added, only lines moved: nothing runs again.
    assert warm.statistics.project_reused and not warm.statistics.project_rerun_modules
    assert [line for line, _ in unguarded(warm)] == [17, 21]


def test_a_call_in_a_caller_in_another_file_and_an_exception_built(store: Path) -> None:
    before, _ = warm_then_cold(store)
    edit(
        store,
        "pkg/app.py",
        lambda text: text.replace(
            "    return clamp(x)\n",
            "    note = Note('low')\n    return clamp(x)\n",
        ),
    )
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert warm.findings == before.findings


def test_a_call_that_makes_a_coroutine_block_runs_the_project_stage(store: Path) -> None:
    before, _ = warm_then_cold(store)
    edit(store, "pkg/app.py", lambda text: text.replace("    return clamp(x)\n", "    nap()\n"))
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused
    assert set(codes(warm)) - set(codes(before)) == {("pkg/app.py", "ADMF120")}


def test_a_call_that_closes_a_lock_order_cycle_across_files_runs_the_project_stage(
    store: Path,
) -> None:
    before, _ = warm_then_cold(store)
    assert "ADMF201" not in {code for _, code in codes(before)}
    _call_in_put(store, "guarded()")
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused
    assert "ADMF201" in {code for _, code in codes(warm)}


def test_a_call_of_a_mute_function_under_a_lock_reuses(store: Path) -> None:
    # The locks held on entry of a function that does nothing a rule reports decide nothing.
    before, _ = warm_then_cold(store)
    _call_in_put(store, "clamp(1)")
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert len(warm.findings) == len(before.findings)


# --- Library calls added or removed (incremental.inert_library_call) ----------------------------

PACE = "    return clamp(x)\n"


@pytest.mark.parametrize(
    "call",
    ["time.monotonic()", "time.time()", "print(x)", "logging.info('pace %s', x)"],
)
def test_an_inert_library_call_added_then_removed(store: Path, call: str) -> None:
    # ``pace`` has a caller (the coroutine ``serve``): a call of a library function that does
    # nothing a rule reads changes nothing beyond its own function.
    edit(store, "pkg/app.py", lambda text: "import logging\n" + text)
    before, _ = warm_then_cold(store)
    edit(store, "pkg/app.py", lambda text: text.replace(PACE, f"    {call}\n" + PACE))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert [f.code for f in warm.findings] == [f.code for f in before.findings]
    # Taken out again (commented out: a file no earlier run saw).
    edit(store, "pkg/app.py", lambda text: text.replace(f"    {call}\n", f"    # {call}\n"))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused
    assert [f.code for f in warm.findings] == [f.code for f in before.findings]


def test_a_library_call_only_a_file_rule_names(store: Path) -> None:
    # ADMF303 (a file rule) reads ``sys.exc_info()``; no project rule names it, so the call
    # changes nothing beyond its own file, whose file rules run again.
    edit(store, "pkg/app.py", lambda text: "import sys\n" + text)
    before, _ = warm_then_cold(store)
    edit(store, "pkg/app.py", lambda text: text.replace(PACE, "    sys.exc_info()\n" + PACE))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused
    assert [f.code for f in warm.findings] == [f.code for f in before.findings]


def test_a_log_call_on_a_module_logger_and_under_a_lock(store: Path) -> None:
    edit(
        store,
        "pkg/store.py",
        lambda text: text.replace(
            "import threading\n",
            "import logging\nimport threading\n\nlogger = logging.getLogger(__name__)\n",
        ),
    )
    before, _ = warm_then_cold(store)
    _call_in_put(store, "logger.debug('put %s', key)")
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert len(warm.findings) == len(before.findings)


def test_a_blocking_library_call_in_a_helper_another_file_awaits_runs_the_project_stage(
    store: Path,
) -> None:
    # ``clamp`` (util.py) is called by ``pace``, which the coroutine ``serve`` (app.py) calls:
    # a sleep added to it makes a chain in app.py, which a rerun over util.py alone cannot see.
    edit(store, "pkg/util.py", lambda text: "import time\n" + text)
    before, _ = warm_then_cold(store)
    edit(
        store,
        "pkg/util.py",
        lambda text: text.replace("    return bound(", "    time.sleep(1)\n    return bound("),
    )
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused
    assert set(codes(warm)) - set(codes(before)) == {("pkg/app.py", "ADMF120")}


@pytest.mark.parametrize(
    ("call", "code"),
    [
        # In the coroutine itself: a blocking call (the catalogue's).
        ("time.sleep(1)", "ADMF101"),
        # A thread started by a library function no rule names as a hand-off: not known to be
        # inert, so the full stage decides (here: nothing new).
        ("_thread.start_new_thread(nap, ())", None),
    ],
)
def test_a_library_call_not_known_to_be_inert_runs_the_project_stage(
    store: Path, call: str, code: str | None
) -> None:
    edit(store, "pkg/app.py", lambda text: "import _thread\nimport json\n" + text)
    before, _ = warm_then_cold(store)
    edit(
        store,
        "pkg/app.py",
        lambda text: text.replace("    pace(1)\n", f"    pace(1)\n    {call}\n"),
    )
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused
    added = set(codes(warm)) - set(codes(before))
    assert added == ({("pkg/app.py", code)} if code else set())


@pytest.mark.parametrize(
    ("call", "other"),
    [
        ("json.dumps('a')", "json.dumps('b')"),
        ("os.path.join('a', 'b')", "os.path.join('a', 'c')"),
        ("re.match('a', x)", "re.match('b', x)"),
    ],
)
def test_a_followed_library_call_added_then_removed(store: Path, call: str, other: str) -> None:
    # ``pace`` runs on the loop's side (the coroutine ``serve`` calls it): the dependency
    # analysis follows these calls into the standard library's source, and finds nothing there
    # that blocks.
    edit(store, "pkg/app.py", lambda text: "import json\nimport os\nimport re\n" + text)
    before, _ = warm_then_cold(store)
    edit(store, "pkg/app.py", lambda text: text.replace(PACE, f"    {call}\n" + PACE))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert codes(warm) == codes(before)
    # The snapshot holds the call's node now: another argument there is noticed.
    edit(store, "pkg/app.py", lambda text: text.replace(call, other))
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused
    # Taken out again: its node is left out of what was read.
    edit(store, "pkg/app.py", lambda text: text.replace(f"    {other}\n", "    pass\n"))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused
    assert codes(warm) == codes(before)


# --- Other library calls (incremental.plain_library_call) ---------------------------------------

# ``pkg/compat.py`` star-imports a module outside the project: ``compat.getpid`` resolves to
# nothing, as ``os.getpid`` does when the standard library itself is linted.
COMPAT = "from os import *\n"


@pytest.mark.parametrize(
    "call",
    [
        "os.getpid()",  # followed: ``os`` is on the interpreter's path
        "zlib.crc32(b'x')",  # built into the interpreter: not followed
        "compat.getpid()",  # resolves to nothing
        "uuid.uuid4().hex",  # followed into ``uuid.py``, which finds nothing that blocks
        "json.dump(1, None)",  # followed into ``json/__init__.py``: ``fp.write()`` is unknown
        "threading.get_ident()",  # named in a docstring only
    ],
)
def test_a_library_call_no_rule_names_added_then_removed(store: Path, call: str) -> None:
    # ``pace`` has a caller (the coroutine ``serve``); neither the catalogue nor a rule names
    # these functions, and the dependency analysis finds nothing below them.
    (store / "pkg" / "compat.py").write_text(COMPAT, encoding="utf-8")
    imports = (
        "import json\nimport os\nimport threading\nimport uuid\nimport zlib\n\n"
        "from pkg import compat\n"
    )
    edit(store, "pkg/app.py", lambda text: imports + text)
    _call_in_pace_is_local(store, call)


def _call_in_pace_is_local(root: Path, call: str) -> None:
    """``call`` added at the top of ``pace`` (app.py), then replaced by ``pass``: each edit keeps
    the project findings (the first after a rerun over a few modules), as a cold run finds."""
    before, _ = warm_then_cold(root)
    edit(root, "pkg/app.py", lambda text: text.replace(PACE, f"    {call}\n" + PACE))
    warm, _ = warm_then_cold(root)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert codes(warm) == codes(before)
    edit(root, "pkg/app.py", lambda text: text.replace(f"    {call}\n", "    pass\n"))
    warm, _ = warm_then_cold(root)
    assert warm.statistics.project_reused
    assert codes(warm) == codes(before)


def test_a_library_call_no_rule_names_under_a_lock_in_a_method_a_coroutine_calls(
    store: Path,
) -> None:
    # ``Store.put`` holds its lock there, and the coroutine ``serve`` (app.py) calls it: a call
    # that neither blocks nor runs project code changes nothing its callers or the lock read.
    _call_in_put_is_local(store, "zlib", "zlib.crc32(b'x')")
    # A blocking one there (the catalogue's) is not local: the coroutine now blocks.
    edit(
        store,
        "pkg/store.py",
        lambda text: "import time\n" + text.replace("zlib.crc32(b'x')", "time.sleep(1)"),
    )
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused


@pytest.mark.parametrize(
    "call",
    [
        "sys.exit(1)",  # a project rule reads ``exit``: a string of the linter
        "os.fork()",  # the hand-off analysis reads ``fork`` (a child process's thread)
        "compat.fork()",  # the same name, resolving to nothing
        "STORE.size()",  # through an object: a method of a project class
    ],
)
def test_a_library_call_a_rule_may_name_runs_the_project_stage(store: Path, call: str) -> None:
    (store / "pkg" / "compat.py").write_text(COMPAT, encoding="utf-8")
    imports = "import os\nimport sys\n\nfrom pkg import compat\n"
    edit(store, "pkg/app.py", lambda text: imports + text)
    warm_then_cold(store)
    edit(store, "pkg/app.py", lambda text: text.replace(PACE, f"    {call}\n" + PACE))
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused


# --- Library calls through objects (incremental.plain_library_call, _library_receivers) --------

# ``Pool.conn`` is a property of a project class: reading it runs project code, and guard
# inference counts reads of it on an instance.
POOL = (
    "\n\nclass Pool:\n    @property\n    def conn(self):\n        return zlib.compressobj()\n\n\n"
    "POOL = Pool()\n"
)
OBJECTS = (
    "import struct\nimport sys\nimport zlib\n\nfrom pkg.util import POOL\n\nLOG = open('log')\n"
)


@pytest.fixture
def objects(store: Path) -> Path:
    """The store project with library objects at hand in ``app.py`` (ADMF130, file objects,
    selected: ``LOG.flush()`` blocks)."""
    (store / "pyproject.toml").write_text(
        '[tool.admf-tsan]\nselect = ["ADMF", "ADMF130"]\n', encoding="utf-8"
    )
    edit(store, "pkg/util.py", lambda text: "import zlib\n" + text + POOL)
    edit(store, "pkg/app.py", lambda text: OBJECTS + text)
    return store


@pytest.mark.parametrize(
    "call",
    [
        # A library module's object: the index knows no type for ``sys.stderr``, and no rule
        # reads ``stderr`` or ``flush`` (the rules' examples, which say ``flush``, are not read).
        "sys.stderr.flush()",
        "sys.stderr.seek(0)",
        # ``write``: the linter's strings hold it only as the kind of a state access, in the
        # catalogue's full names (``os.write``, ``ssl.SSLSocket.write``) and in rule names and
        # help texts (REVIEWED_PARTS), so a write on an object of no known type is read by none.
        "sys.stderr.write('x')",
        "sys.stdout.write('x')",
        "c = zlib.compressobj(); c.write(b'x')",
        # A local the index gives no type (what ``zlib.compressobj()`` returns), and one of a
        # library class the dependency analysis follows (``struct.py``) and finds nothing in.
        "c = zlib.compressobj(); c.flush()",
        "s = struct.Struct('i'); s.pack(1)",
    ],
)
def test_a_library_call_through_an_object_added_then_removed(objects: Path, call: str) -> None:
    # ``pace`` has a caller (the coroutine ``serve``): the call runs nothing of the project and
    # nothing a rule names, so it changes nothing beyond its own function.
    _call_in_pace_is_local(objects, call)


def test_a_library_call_through_an_object_under_a_lock_in_a_method_a_coroutine_calls(
    objects: Path,
) -> None:
    _call_in_put_is_local(objects, "sys", "sys.stderr.flush()")


def test_a_library_write_through_an_object_under_a_lock_in_a_method_a_coroutine_calls(
    objects: Path,
) -> None:
    _call_in_put_is_local(objects, "sys", "sys.stderr.write('x')")


@pytest.mark.parametrize(
    ("call", "code"),
    [
        # A file object (``open()``): its ``flush()`` blocks (the catalogue's ``io`` classes),
        # so the coroutine that calls ``pace`` now blocks: a chain in ``serve``.
        ("LOG.flush()", "ADMF120"),
        ("LOG.write('x')", "ADMF120"),
        # Methods rules read on objects whose type they may not know: file reads, a lock's, a
        # thread's, a future's.
        ("sys.stdin.readline()", None),
        ("c = zlib.compressobj(); c.acquire()", None),
        ("c = zlib.compressobj(); c.join()", None),
        ("c = zlib.compressobj(); c.result()", None),
        # Through a project object: the property ``Pool.conn`` runs, and its read on an
        # instance counts for guard inference; directly, through a local, or an alias.
        ("POOL.conn.flush()", None),
        ("c = POOL.conn; c.flush()", None),
        ("p = POOL; p.conn.flush()", None),
    ],
)
def test_a_call_through_an_object_a_rule_may_read_runs_the_project_stage(
    objects: Path, call: str, code: str | None
) -> None:
    before, _ = warm_then_cold(objects)
    edit(objects, "pkg/app.py", lambda text: text.replace(PACE, f"    {call}\n" + PACE))
    warm, _ = warm_then_cold(objects)
    assert not warm.statistics.project_reused
    added = set(codes(warm)) - set(codes(before))
    assert added == ({("pkg/app.py", code)} if code else set())


# A project class with a blocking ``write``, and a file object (ADMF130 selected: its ``write``
# blocks, as the catalogue's ``io`` classes say). ``bound`` (util.py) takes a ``Sink`` as an
# annotated parameter; the coroutine ``serve`` reaches it (``pace`` -> ``clamp`` -> ``bound``)
# from app.py, a module the rerun of an edit of util.py does not load, so only the test of the
# call itself (plain_library_call) keeps such a call from being taken as local.
SINK = """import time


class Sink:
    def write(self, text):
        time.sleep(1)


SINK = Sink()


def sink():
    return Sink()


LOG = open('log')
"""
BOUND = "    return max(lo, min(x, hi))\n"


@pytest.fixture
def sinks(store: Path) -> Path:
    """The store project with ``Sink`` and ``LOG`` (sink.py), whose ``write`` blocks, at hand in
    ``bound`` (util.py), as is ``sys``."""
    (store / "pyproject.toml").write_text(
        '[tool.admf-tsan]\nselect = ["ADMF", "ADMF130"]\n', encoding="utf-8"
    )
    (store / "pkg" / "sink.py").write_text(SINK, encoding="utf-8")
    edit(
        store,
        "pkg/util.py",
        lambda text: (
            "import sys\n\nfrom pkg.sink import LOG, SINK, Sink, sink\n"
            + text.replace("def bound(x, lo, hi):", "def bound(x, lo, hi, out: Sink = SINK):")
        ),
    )
    return store


@pytest.mark.parametrize(
    "call",
    [
        # The project's ``write``, through a module global, a local made by the class or by a
        # project function, an annotated parameter: ``serve`` now blocks (a chain).
        "SINK.write('x')",
        "s = Sink(); s.write('x')",
        "s = sink(); s.write('x')",
        "out.write('x')",
        # A file's ``write``: the catalogue's.
        "LOG.write('x')",
    ],
)
def test_a_write_the_project_defines_runs_the_project_stage(sinks: Path, call: str) -> None:
    before, _ = warm_then_cold(sinks)
    edit(sinks, "pkg/util.py", lambda text: text.replace(BOUND, f"    {call}\n" + BOUND))
    warm, _ = warm_then_cold(sinks)
    assert not warm.statistics.project_reused
    assert set(codes(warm)) - set(codes(before)) == {("pkg/app.py", "ADMF120")}


def test_a_library_write_is_local_next_to_a_project_write(sinks: Path) -> None:
    # The project defines a blocking ``write``; ``sys.stderr``'s is not it.
    before, _ = warm_then_cold(sinks)
    call = "sys.stderr.write('x')"
    edit(sinks, "pkg/util.py", lambda text: text.replace(BOUND, f"    {call}\n" + BOUND))
    warm, _ = warm_then_cold(sinks)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert codes(warm) == codes(before)


# --- Calls through project instances (incremental._instance_method_call) ------------------------

# ``GAUGE``, ``METER`` and ``Ruler()`` are instances of project classes. ``Gauge.scaled`` and
# ``Ruler.halved`` are mute; ``Gauge.hold`` takes ``LOCK``, ``Gauge.snooze`` blocks and
# ``Meter.bump`` writes ``_count``, which ``Meter.add`` writes under ``LOCK`` (ADMF401 at bump).
GAUGE = """import threading
import time

LOCK = threading.Lock()


class Gauge:
    def scaled(self, x):
        return x * 2

    def hold(self):
        with LOCK:
            return 1

    def snooze(self):
        time.sleep(1)


class Meter:
    def __init__(self):
        self._count = 0

    def add(self):
        with LOCK:
            self._count += 1

    def bump(self):
        self._count += 1


class Ruler:
    def __init__(self, unit=1):
        pass

    def halved(self, x):
        return x / 2


GAUGE = Gauge()
METER = Meter()
"""
# The edited file: calls are inserted in ``step`` (called under ``LOCK`` and by a coroutine) or in
# ``settle`` (called only under ``LOCK``).
WORKER = """from pkg.gauge import GAUGE, METER, Ruler


def step(x):
    return x + 1


def settle():
    return 0
"""
# The callers, in a module the rerun of an edit of worker.py does not load (it loads what the
# changed calls name): only the test of the call itself keeps a call that changes a finding
# here off the local path.
OUTER = """import time

from pkg.gauge import LOCK, Gauge
from pkg.worker import settle, step


def held():
    with LOCK:
        step(1)
        settle()


async def tick():
    step(2)
"""
STEP = "    return x + 1\n"
SETTLE = "    return 0\n"


@pytest.fixture
def instances(project: Callable[[dict[str, str]], Path]) -> Path:
    return project(
        {
            "pyproject.toml": '[tool.admf-tsan]\nselect = ["ADMF"]\n',
            "pkg/__init__.py": "",
            "pkg/gauge.py": GAUGE,
            "pkg/worker.py": WORKER,
            "pkg/outer.py": OUTER,
        }
    )


def _insert(root: Path, call: str, before: str = STEP) -> tuple[LintReport, LintReport]:
    """The reports before and after ``call`` is inserted in worker.py (before ``before``)."""
    first, _ = warm_then_cold(root)
    edit(root, "pkg/worker.py", lambda text: text.replace(before, f"    {call}\n{before}"))
    warm, _ = warm_then_cold(root)
    return first, warm


@pytest.mark.parametrize(
    "call",
    [
        "GAUGE.scaled(x)",  # a module variable's instance
        "Ruler().halved(x)",  # a local made by calling the class
        "r = Ruler(2); r.halved(x)",
    ],
)
def test_a_call_through_a_project_instance_added_then_removed(instances: Path, call: str) -> None:
    # ``step`` runs under a lock and from a coroutine; the method does nothing a rule reads.
    before, warm = _insert(instances, call)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    assert codes(warm) == codes(before) == [("pkg/gauge.py", "ADMF401")]
    edit(instances, "pkg/worker.py", lambda text: text.replace(f"    {call}\n", "# removed\n"))
    warm, _ = warm_then_cold(instances)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules


def test_a_call_through_a_project_instance_whose_method_takes_a_lock_the_caller_holds(
    instances: Path,
) -> None:
    # ``held`` holds LOCK and calls ``step``, which now takes it again through ``Gauge.hold``.
    before, warm = _insert(instances, "GAUGE.hold()")
    assert not warm.statistics.project_reused
    assert set(codes(warm)) - set(codes(before)) == {("pkg/outer.py", "ADMF203")}


def test_a_call_through_a_project_instance_whose_method_blocks_from_a_coroutine(
    instances: Path,
) -> None:
    # The coroutine ``tick`` calls ``step``, which now sleeps through ``Gauge.snooze``.
    before, warm = _insert(instances, "GAUGE.snooze()")
    assert not warm.statistics.project_reused
    assert set(codes(warm)) - set(codes(before)) == {("pkg/outer.py", "ADMF120")}


def test_a_call_through_a_project_instance_that_runs_a_method_under_a_lock(
    instances: Path,
) -> None:
    # ``settle`` runs only under LOCK (``held``): ``Meter.bump``, called from it, now has a
    # caller that holds the lock, and only that one, so its write holds LOCK too: the ADMF401
    # there goes.
    before, warm = _insert(instances, "METER.bump()", SETTLE)
    assert not warm.statistics.project_reused
    assert ("pkg/gauge.py", "ADMF401") in codes(before)
    assert ("pkg/gauge.py", "ADMF401") not in codes(warm)


def test_a_call_through_a_project_instance_of_a_property_name_runs_the_project_stage(
    instances: Path,
) -> None:
    # A subclass in another file defines ``scaled`` as a property: guard inference counts the
    # call as a read of it on an instance of a base class (the property gets no callers).
    edit(
        instances,
        "pkg/outer.py",
        _append(
            "\n\nclass Shown(Gauge):\n    @property\n    def scaled(self):\n        return 1\n"
        ),
    )
    _, warm = _insert(instances, "GAUGE.scaled(x)")
    assert not warm.statistics.project_reused


def test_a_call_through_a_project_instance_of_a_method_a_rule_names_runs_the_project_stage(
    instances: Path,
) -> None:
    # ``wait`` is mute here, but rules compare the method of a call on an object whose type
    # they may not know with such strings.
    edit(
        instances,
        "pkg/gauge.py",
        lambda text: text.replace(
            "    def hold(self):", "    def wait(self):\n        return 0\n\n    def hold(self):"
        ),
    )
    _, warm = _insert(instances, "GAUGE.wait()")
    assert not warm.statistics.project_reused


def test_a_call_through_a_project_instance_is_not_dispatched_to_overrides(
    instances: Path,
) -> None:
    # A subclass in another file overrides ``scaled`` with a method that blocks: the call, on
    # an instance of ``Gauge``, runs ``Gauge.scaled`` for every rule (none follows a call
    # through an instance to an override, as guard inference does for ``self.m()``), so it
    # stays local and the coroutine ``tick`` gets no chain. A rule that started to would make
    # the cold run differ here.
    edit(
        instances,
        "pkg/outer.py",
        _append("\n\nclass Slow(Gauge):\n    def scaled(self, x):\n        time.sleep(x)\n"),
    )
    before, warm = _insert(instances, "GAUGE.scaled(x)")
    assert warm.statistics.project_reused
    assert codes(warm) == codes(before)


def test_the_rules_examples_are_read_only_to_describe_them() -> None:
    # read_rule_words() leaves the strings of ``VALID`` and ``INVALID`` out of the words: only
    # the rule pages (docs.py) read them in the linter, besides the declarations in rule.py.
    import ast

    from admf_tsan.lint import incremental

    package = Path(incremental.__file__).resolve().parent
    readers = set()
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("VALID", "INVALID"):
                readers.add(path.name)
            elif isinstance(node, ast.Name) and node.id in ("VALID", "INVALID"):
                assert isinstance(node.ctx, ast.Store), (path, node.lineno)
    assert readers == {"docs.py"}
    found = incremental.read_rule_words()
    # ``flush`` is only in examples; ``join`` is read by rules.
    assert "flush" not in found.parts and "join" in found.parts


def test_the_reviewed_parts_are_where_they_were_reviewed() -> None:
    # REVIEWED_PARTS leaves an identifier out of the words' parts only while every file that
    # holds it was reviewed; each review must still be of a file that holds it (or be gone).
    import ast
    import re

    from admf_tsan.lint import incremental
    from admf_tsan.lint.incremental import REVIEWED_PARTS, read_rule_words, strings_read

    package = Path(incremental.__file__).resolve().parents[1]
    holders: dict[str, dict[str, int]] = {}
    for path in sorted([*(package / "lint").rglob("*.py"), *(package / "catalogue").rglob("*.py")]):
        if path.name == "incremental.py":
            continue
        for text in strings_read(ast.parse(path.read_text(encoding="utf-8"))):
            for part in set(re.findall(r"[A-Za-z_]\w*", text)):
                if part in REVIEWED_PARTS:
                    held = holders.setdefault(part, {})
                    held[path.name] = held.get(path.name, 0) + 1
    for part, files in REVIEWED_PARTS.items():
        assert holders.get(part) == files, part
    parts = read_rule_words().parts
    assert not parts.intersection(REVIEWED_PARTS)
    # One more string holding it in a reviewed file (a new use), or one in another file, and
    # the identifier is back among the parts; fewer strings are still reviewed.
    from admf_tsan.lint.incremental import _reviewed

    counted = REVIEWED_PARTS["write"]["guards.py"]
    assert _reviewed("write", {"guards.py": counted, "cli.py": 1})
    assert not _reviewed("write", {"guards.py": counted + 1})
    assert not _reviewed("write", {"transitive_blocking.py": 1})
    assert not _reviewed("flush", {"guards.py": 1})


@pytest.mark.usefixtures("deps_cache")
def test_a_library_call_no_rule_names_that_blocks_below_runs_the_project_stage(
    project: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    # ``tlshelper.prepare_tls()`` is named by no rule, but it reaches
    # ``ssl.create_default_context()`` (it loads certificates) inside the package: the
    # dependency analysis finds that chain, so neither adding nor removing it is local.
    from .deps_support import install, make_venv

    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    helper = "import ssl\n\n\ndef prepare_tls():\n    return ssl.create_default_context()\n"
    install(site, "tlshelper", "1.0", {"tlshelper/__init__.py": helper})
    _blocking_dependency_call_added_and_removed(
        project, python, "tlshelper", "tlshelper.prepare_tls()"
    )


def _blocking_dependency_call_added_and_removed(
    project: Callable[..., Path], python: Path, package: str, call: str
) -> None:
    """Add ``call`` (which blocks inside ``package``) to a helper a coroutine calls, then
    remove it: each time the project stage runs, and the findings are a cold run's (an
    ADMF125 while the call is there)."""
    root = project(
        {
            "pkg/__init__.py": "",
            "pkg/work.py": f"import {package}\n\n\ndef helper(url):\n    return url\n",
            "pkg/loop.py": "from pkg.work import helper\n\n\nasync def main():\n    helper('u')\n",
        },
        f'select = ["ADMF"]\npython-path = "{python}"\n',
    )
    before, _ = warm_then_cold(root)
    edit(
        root,
        "pkg/work.py",
        lambda text: text.replace("    return url", f"    {call}\n    return url"),
    )
    warm, _ = warm_then_cold(root)
    assert not warm.statistics.project_reused
    assert set(codes(warm)) - set(codes(before)) == {("pkg/loop.py", "ADMF125")}
    edit(root, "pkg/work.py", lambda text: text.replace(f"    {call}\n", "    pass\n"))
    warm, _ = warm_then_cold(root)
    assert not warm.statistics.project_reused
    assert codes(warm) == codes(before)


def test_singled_out_reads_every_part_of_a_name() -> None:
    from admf_tsan.lint.incremental import REVIEWED_MODULE_WORDS, RuleWords, singled_out

    words = RuleWords(
        {"asyncio.": frozenset({"rule.py"}), "os": frozenset({"_files.py"})},
        frozenset({"fork", "join"}),
    )
    assert singled_out("os.fork", words)  # its last part
    assert singled_out("os.path.join", words)
    assert singled_out("asyncio.get_event_loop", words)  # its module, as a prefix
    assert not singled_out("os.getpid", words)  # ``os`` only where it was reviewed
    other = RuleWords({"os": frozenset({"rule.py"})}, frozenset())
    assert singled_out("os.getpid", other)  # ``os`` in a file nobody reviewed
    assert singled_out("asyncio", RuleWords({"asyncio": frozenset({"a.py"})}, frozenset()))
    # The reviewed words are still in the files they were reviewed in (a stale review is gone
    # or has moved: read it again).
    from admf_tsan.lint.incremental import read_rule_words

    found = read_rule_words()
    for word, files in REVIEWED_MODULE_WORDS.items():
        assert files <= found.words.get(word, frozenset()), word
    assert "getpid" not in found.parts and "fork" in found.parts
    # ``get_ident`` is only in a docstring (a rule says it does not follow such tests);
    # ``exc_info`` only in a file rule's module (ADMF303 reads ``sys.exc_info()``).
    assert "get_ident" not in found.parts and "exc_info" not in found.parts


def test_only_the_modules_of_file_rules_alone_are_left_out_of_the_words() -> None:
    import ast

    from admf_tsan.lint import incremental
    from admf_tsan.lint.incremental import file_rule_modules

    package = Path(incremental.__file__).resolve().parents[1]
    rules = package / "lint" / "rules"
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in rules.glob("*.py")}
    left_out = {path.name for path in file_rule_modules(rules, trees)}
    assert "swallowed_cancellation.py" in left_out  # file rules only
    assert "transitive_blocking.py" not in left_out  # project rules
    assert "blocking_sleep.py" not in left_out  # declares blocking calls
    # A module that imports from a file rule's module (not a rule class, or not from the
    # rules package's ``__init__.py``) keeps its strings in the words.
    for source in (
        "from admf_tsan.lint.rules.swallowed_cancellation import _walk_scope\n",
        "from .swallowed_cancellation import SwallowedCancellation\n",
    ):
        with_import = {**trees, rules / "zz_reader.py": ast.parse(source)}
        assert "swallowed_cancellation.py" not in {
            path.name for path in file_rule_modules(rules, with_import)
        }
    # A file rule that declares blocking calls is read.
    declaring = ast.parse(
        "class R(FileRule):\n    def configured_blocking(cls, config):\n        return ()\n"
    )
    assert rules / "zz_rule.py" not in file_rule_modules(rules, {rules / "zz_rule.py": declaring})


def test_the_words_of_the_linter_are_kept_in_the_cache(store: Path) -> None:
    from admf_tsan.lint.cache import LintCache

    imports = "import os\n"
    edit(store, "pkg/app.py", lambda text: imports + text)
    warm_then_cold(store)
    edit(store, "pkg/app.py", lambda text: text.replace(PACE, "    os.getpid()\n" + PACE))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused
    cache = LintCache(store)
    kept = cache.load_entry("rule-words")
    assert isinstance(kept, dict) and "getppid" not in kept["parts"]
    assert "fork" in kept["parts"]
    # A damaged entry is read again from the source.
    (cache.directory / "rule-words.json").write_text("{", encoding="utf-8")
    edit(store, "pkg/app.py", lambda text: text.replace("os.getpid()", "os.getppid()"))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused
    assert isinstance(cache.load_entry("rule-words"), dict)


def test_the_closure_of_a_changed_call_reads_only_what_a_variable_holds(
    project: Callable[..., Path],
) -> None:
    # ``W = make()``: resolving ``W.run`` reads what ``make`` returns (a ``Worker``), not the
    # rest of ``make``; ``P = plain()`` returns nothing known. The small project resolves the
    # calls as the whole project does, without ``pkg.heavy``.
    from admf_tsan.lint.analysis.index import ProjectIndex
    from admf_tsan.lint.incremental import local_edit, local_modules

    sources = {
        "pkg.heavy": "def warm():\n    return 1\n",
        "pkg.worker": "class Worker:\n    def run(self):\n        return 1\n",
        "pkg.factory": (
            "from pkg.heavy import warm\nfrom pkg.worker import Worker\n\n\n"
            "def make() -> Worker:\n    warm()\n    return Worker()\n\n\n"
            "def plain():\n    warm()\n"
        ),
        "pkg.use": (
            "from pkg.factory import make, plain\n\nW = make()\nP = plain()\n\n\n"
            "def go():\n    return 1\n"
        ),
    }
    facts = {
        module: extract_module(text.encode(), module.replace(".", "/") + ".py", module)
        for module, text in sources.items()
    }
    changed = sources["pkg.use"].replace("    return 1", "    W.run()\n    P.x()\n    return 1")
    new = extract_module(changed.encode(), "pkg/use.py", "pkg.use")
    local = local_edit(facts["pkg.use"], new)
    assert local is not None and len(local.added) == 2
    modules = local_modules(local, new, facts.get, set(facts))
    assert modules is not None
    assert {m.module for m in modules} == {"pkg.use", "pkg.factory", "pkg.worker"}
    whole = ProjectIndex([*(f for m, f in facts.items() if m != "pkg.use"), new])
    part = ProjectIndex(modules)
    resolved = [part.callee(site) for _, site in local.added]
    assert resolved == [whole.callee(site) for _, site in local.added]
    assert resolved[0] == ("func", "pkg.worker.Worker.run")


@pytest.mark.usefixtures("deps_cache")
def test_a_followed_library_call_that_blocks_below_runs_the_project_stage(
    project: Callable[..., Path],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # ``slowclient.connect()`` reaches ``ssl.create_default_context()`` (it loads certificates)
    # inside the package: taken as a followed call, the analysis finds that chain, so neither
    # adding nor removing it is local.
    from admf_tsan.lint import incremental

    from .deps_support import SLOWCLIENT, install, make_venv

    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    install(site, "slowclient", "1.0", SLOWCLIENT)
    listed = incremental.FOLLOWED_LIBRARY_CALLS | {"slowclient.connect"}
    monkeypatch.setattr(incremental, "FOLLOWED_LIBRARY_CALLS", listed)
    _blocking_dependency_call_added_and_removed(
        project, python, "slowclient", "slowclient.connect(url)"
    )


def test_no_rule_names_an_inert_library_call() -> None:
    # inert_library_call() and followed_library_call() trust that no project rule singles these
    # functions out: a rule can
    # only do so by writing the name (or its last part, or its module) in the linter's source.
    # Each such string is listed here with why it does not single the call out.
    import ast
    import re

    from admf_tsan.lint.deps.locate import environment
    from admf_tsan.lint.incremental import (
        FOLLOWED_LIBRARY_CALLS,
        INERT_LIBRARY_CALLS,
        LOG_METHODS,
    )

    reviewed = {
        # The module name in the catalogue's ``time.sleep`` entry, and among the modules every
        # interpreter has loaded (lazy imports, ADMF127, are about ``import time``).
        ("time", "_waits.py"),
        ("time", "types.py"),
        ("time", "unguarded_write.py"),  # "by the time it is used", a message
        # ``builtins.`` + a name: how the walk spells a builtin, and the index tells one; the
        # catalogue's entries for ``open`` and ``input``; the classes a callback cannot be.
        ("builtins", "_files.py"),
        ("builtins", "index.py"),
        ("builtins", "types.py"),
        ("builtins.", "callwalk.py"),
        ("builtins.", "scopes.py"),
        ("builtins.", "callback_under_lock.py"),
        # consumed_calls() strips it from a builtin's name (``list(self._rows())`` runs the
        # generator there); it singles out no call as inert or not.
        ("builtins.", "extract.py"),
        # A file rule (it reads syntax; a file's own findings are rebuilt on every edit), the
        # SARIF writer's levels and a command-line help text.
        *((name, "swallowed_cancellation.py") for name in (*LOG_METHODS, "print", "builtins.")),
        ("join", "thread_shared_dict.py"),  # ADMF404, a file rule: ``t.join()`` read from syntax
        ("warning", "sarif.py"),
        ("error", "sarif.py"),
        # ``socket.error``/``select.error`` as an ``except`` clause's class (``_OS_ERRORS``): a
        # handler's type, never a call.
        ("error", "callwalk.py"),
        ("print", "cli.py"),
        ("exception", "_waits.py"),  # Future.exception(), a method of another class
        ("logging.", "summaries.py"),  # NOT_FOLLOWED: the dependency analysis skips logging
        # FOLLOWED_LIBRARY_CALLS: ``os`` functions in the catalogue (each entry is a full name:
        # ``os.read``, ``os.path.exists``) and among the modules every interpreter has loaded;
        # ``join`` as a wait kind and a runtime wrapper's name (``Thread.join``) and as a
        # method that consumes a lazy listing (``", ".join(paths)``, read from syntax); the
        # ``json`` output format.
        *((name, "_files.py") for name in ("os", "os.", "os.path.")),
        *((name, "_processes.py") for name in ("os", "os.")),
        ("os", "types.py"),
        ("os.path", "types.py"),
        ("join", "_entries.py"),
        ("join", "_waits.py"),
        ("join", "listings.py"),
        ("json", "__init__.py"),
        ("json", "cli.py"),
        # Looked for in the name of a call's receiver (``logger.debug()`` in a ``try`` that
        # probes for the running loop), never in the name of the function a call reaches.
        ("log", "extract.py"),
    }
    word = re.compile(r"[A-Za-z_][\w.]*\*?")
    root = Path(__file__).parents[2] / "admf_tsan"
    found: set[tuple[str, str]] = set()
    names: set[str] = set()
    for full in INERT_LIBRARY_CALLS | FOLLOWED_LIBRARY_CALLS:
        module, _, last = full.rpartition(".")
        top = full.partition(".")[0]
        names.update((full, last, module, module + ".", module + ".*", top, top + "."))
    for path in sorted([*(root / "lint").rglob("*.py"), *(root / "catalogue").rglob("*.py")]):
        if path.name == "incremental.py":
            continue  # the list itself
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = node.value.split()
                if words and all(word.fullmatch(w) for w in words):
                    found.update((w, path.name) for w in words if w in names)
    assert sorted(found - reviewed) == []
    # Built into the interpreter, or not followed: the dependency analysis reads none of them.
    env = environment(None)
    for full in INERT_LIBRARY_CALLS:
        assert full.startswith("logging.") or env.find_prefix(full) is None, full


WORK = """import queue
import threading
import time

Q = queue.Queue()
LOCK = threading.Lock()


def drain():
    return Q.get(timeout=5)


def pause():
    time.sleep(1)


def hold():
    # Released by another thread: a wait, not a mutex use (acquire and release here would be).
    LOCK.acquire(timeout=1)
    return Q.qsize()
"""
LOOP = """from pkg.work import drain, hold, pause


async def main():
    drain()
    pause()
    hold()
"""


@pytest.fixture
def work(project: Callable[[dict[str, str]], Path]) -> Path:
    return project(
        {
            "pyproject.toml": '[tool.admf-tsan]\nselect = ["ADMF"]\n',
            "pkg/__init__.py": "",
            "pkg/work.py": WORK,
            "pkg/loop.py": LOOP,
        }
    )


def test_a_changed_literal_argument_of_a_blocking_library_call(work: Path) -> None:
    # The chains from main() (loop.py) end in Q.get(), time.sleep() and LOCK.acquire()
    # (work.py): a literal argument that leaves the call blocking in the same way changes
    # nothing else.
    before, _ = warm_then_cold(work)
    assert codes(before).count(("pkg/loop.py", "ADMF120")) == 3
    for old, new in (("time.sleep(1)", "time.sleep(25)"), ("timeout=5", "timeout=10")):
        edit(work, "pkg/work.py", functools.partial(_replace, old=old, new=new))
        warm, _ = warm_then_cold(work)
        assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
        assert codes(warm) == codes(before)


def test_a_literal_argument_that_decides_blocking_runs_the_project_stage(work: Path) -> None:
    before, _ = warm_then_cold(work)
    # Q.get(timeout=0) returns at once: the chain in loop.py (another file) goes.
    edit(work, "pkg/work.py", lambda text: text.replace("timeout=5", "timeout=0"))
    warm, _ = warm_then_cold(work)
    assert not warm.statistics.project_reused
    assert codes(warm).count(("pkg/loop.py", "ADMF120")) == 2
    edit(work, "pkg/work.py", lambda text: text.replace("timeout=0", "timeout=3"))
    warm, _ = warm_then_cold(work)
    assert not warm.statistics.project_reused
    assert codes(warm) == codes(before)
    # acquire(timeout=...) is read by the lock model: not decided here.
    edit(work, "pkg/work.py", lambda text: text.replace("acquire(timeout=1)", "acquire(timeout=2)"))
    warm, _ = warm_then_cold(work)
    assert not warm.statistics.project_reused


def _append(extra: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        return text + extra

    return change


def _drop(extra: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        return text.replace(extra, "")

    return change


def test_a_call_of_a_method_only_its_class_defines(store: Path) -> None:
    edit(
        store,
        "pkg/store.py",
        lambda text: text + "\n    def _label(self, key):\n        return key\n",
    )
    warm_then_cold(store)
    edit(
        store,
        "pkg/store.py",
        lambda text: text.replace(PUT, PUT + "        key = self._label(key)\n"),
    )
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules
    # A subclass in the same file that overrides it, or an attribute of that name, and the call
    # may run something else: the full stage.
    for extra in (
        "\n\nclass Sub(Store):\n    def _label(self, key):\n        self._items.clear()\n",
        "\n\nclass Other:\n    def __init__(self):\n        self._label = print\n",
    ):
        edit(
            store, "pkg/store.py", lambda text: text.replace("        key = self._label(key)\n", "")
        )
        warm_then_cold(store)
        edit(store, "pkg/store.py", _append(extra))
        warm_then_cold(store)
        edit(
            store,
            "pkg/store.py",
            lambda text: text.replace(PUT, PUT + "        key = self._label(key)\n"),
        )
        warm, _ = warm_then_cold(store)
        assert not warm.statistics.project_reused
        edit(store, "pkg/store.py", _drop(extra))


def test_a_changed_state_access_in_a_function_runs_the_project_stage(store: Path) -> None:
    warm_then_cold(store)
    edit(
        store,
        "pkg/store.py",
        lambda text: text.replace(
            "        self._items.pop(key) if key in self._items else None\n",
            "        return len(self._items)\n",
        ),
    )
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused
    assert [line for line, _ in unguarded(warm)] == [16]


def test_local_edits_in_a_row_stay_the_same_as_cold(store: Path) -> None:
    warm_then_cold(store)
    steps: list[tuple[str, Callable[[str], str]]] = [
        ("pkg/store.py", lambda text: text.replace(PUT, PUT + "        clamp(key)\n")),
        (
            "pkg/util.py",
            lambda text: text.replace("    return bound(", "    y = 1\n    return bound("),
        ),
        (
            "pkg/store.py",
            lambda text: text.replace("        clamp(key)\n", "        bound(1, 2, 3)\n"),
        ),
        ("pkg/app.py", lambda text: text.replace("    pace(1)\n", "    pace(1)\n    pace(2)\n")),
        ("pkg/store.py", lambda text: text.replace("        bound(1, 2, 3)\n", "")),
    ]
    for relative, change in steps:
        edit(store, relative, change)
        warm, _ = warm_then_cold(store)
        assert warm.statistics.project_reused


def test_every_int_field_of_the_facts_is_a_line_or_a_column() -> None:
    # local_edit() compares facts with their lines taken out: a new field holding a line that
    # LINE_FIELDS does not name would be compared as it is, and moved lines would look changed
    # (a missed reuse); one holding something else named like a line would be taken out. So
    # every field whose type mentions int must be known to incremental.shape().
    from dataclasses import fields, is_dataclass

    from admf_tsan.lint.analysis import facts as facts_module
    from admf_tsan.lint.incremental import COLUMN_FIELDS, LINE_FIELDS

    # ``noqa`` (lines) is not compared: project_view() takes it out with the file's findings.
    # ``positional`` (how many arguments), ``forwarded``, ``code``, ``condition_over`` and
    # ``lock_proxy`` (argument positions) are values.
    known = LINE_FIELDS | COLUMN_FIELDS | {"held", "check", "constants", "noqa"}
    known |= {"positional", "forwarded", "code", "condition_over", "lock_proxy"}
    seen = set()
    for value in vars(facts_module).values():
        if (
            isinstance(value, type)
            and is_dataclass(value)
            and value.__module__ == facts_module.__name__
        ):
            for item in fields(value):
                if "int" in str(item.type) or "Held" in str(item.type):
                    seen.add(item.name)
                    assert item.name in known, (value.__name__, item.name, item.type)
    assert seen == known


def test_project_findings_name_a_line_only_with_its_location() -> None:
    # shift_findings() moves a number in a message when the finding also gives that line as a
    # location in the edited file: every "line N" or "file.py:N" a project rule writes must be
    # the finding's own line or a related location's.
    import re

    from admf_tsan.lint.engine import run_project_rules
    from admf_tsan.lint.ftypes import LintConfig
    from admf_tsan.lint.rules import ALL_RULES

    config = LintConfig(select=frozenset(rule.code for rule in ALL_RULES))
    mention = re.compile(r"(?:\bline |\.py:)(\d+)")
    fixtures = sorted((Path(__file__).parents[2] / "fixtures" / "lint").glob("*.py"))
    named = 0
    for path in fixtures:
        facts = extract_module(path.read_bytes(), path.name, path.stem)
        findings, _ = run_project_rules([facts], config)
        for finding in findings:
            lines = {finding.line, finding.end_line, *(r.line for r in finding.related)}
            for text in (finding.message, *(r.message for r in finding.related)):
                for number in mention.findall(text):
                    named += 1
                    assert int(number) in lines, (path.name, finding)
    assert named  # the fixtures do name lines in messages


def test_a_call_on_self_runs_the_project_stage(store: Path) -> None:
    # ``self._hook()`` in Store may run the override of a subclass in another file, which touches
    # the guarded state: its callers are Store's callers too.
    edit(
        store,
        "pkg/store.py",
        lambda text: text + "\n    def _hook(self):\n        return 1\n",
    )
    edit(
        store,
        "pkg/app.py",
        lambda text: (
            text + "\n\nclass Loud(Store):\n    def _hook(self):\n        self._items.clear()\n"
        ),
    )
    warm_then_cold(store)
    edit(store, "pkg/store.py", lambda text: text.replace(PUT, PUT + "        self._hook()\n"))
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused


def test_a_line_that_findings_name_without_a_location_runs_the_project_stage() -> None:
    from admf_tsan.lint.ftypes import Finding
    from admf_tsan.lint.incremental import LocalEdit, shift_findings

    moved = LocalEdit("a.py", "a", {3: 3, 9: 10}, frozenset({3, 9}), (), ())
    named = Finding("b.py", 5, 1, "ADMF401", "written at (line 9)")
    assert shift_findings([named], moved) is None
    # Named with its location in the edited file, the number moves with it.
    located = Finding(
        "b.py",
        5,
        1,
        "ADMF401",
        "written at (line 9)",
        related=(Related("a.py", 9, 1, "written here"),),
    )
    assert shift_findings([located], moved) == [
        Finding(
            "b.py",
            5,
            1,
            "ADMF401",
            "written at (line 10)",
            related=(Related("a.py", 10, 1, "written here"),),
        )
    ]
    # Named with a location in another file only: the number is that file's line.
    other = Finding("b.py", 9, 1, "ADMF401", "written at (line 9)")
    assert shift_findings([other], moved) == [other]


def test_an_edit_after_a_run_answered_from_a_stored_result(store: Path) -> None:
    warm_then_cold(store)
    original = (store / "pkg/store.py").read_text(encoding="utf-8")
    edit(store, "pkg/store.py", lambda text: text.replace(PUT, PUT + "        clamp(key)\n"))
    warm_then_cold(store)
    # Back to the first state: its result is stored, and its snapshot is the last one again.
    (store / "pkg/store.py").write_text(original, encoding="utf-8")
    warm, _ = warm_then_cold(store)
    assert warm.statistics.result_from_cache
    # So the next edit is one file's, compared with the files as they are.
    edit(
        store,
        "pkg/app.py",
        lambda text: text.replace("    pace(1)\n", "    pace(1)\n    pace(2)\n"),
    )
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and warm.statistics.project_rerun_modules


def test_changed_arguments_of_a_call_move_where_its_findings_end(store: Path) -> None:
    edit(
        store,
        "pkg/app.py",
        lambda text: text + "\n\nasync def doze(delay):\n    time.sleep(delay)\n    return 1\n",
    )
    before, _ = warm_then_cold(store)
    [blocking] = [f for f in before.findings if f.code == "ADMF101"]
    # The same call with another argument, then a line above it: no call added or removed.
    edit(store, "pkg/app.py", lambda text: text.replace("sleep(delay)", "sleep(delay * 2)"))
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused and not warm.statistics.project_rerun_modules
    [moved] = [f for f in warm.findings if f.code == "ADMF101"]
    assert (moved.line, moved.end_column) == (blocking.line, blocking.end_column + 4)
    edit(
        store,
        "pkg/app.py",
        lambda text: text.replace("    time.sleep(", "    delay += 1\n    time.sleep("),
    )
    warm, _ = warm_then_cold(store)
    assert warm.statistics.project_reused
    # A literal argument is a fact: changing it makes another call, here not of a mute function
    # (put() takes a lock), so the full stage runs.
    edit(store, "pkg/app.py", lambda text: text.replace('STORE.put("a", 1)', 'STORE.put("a", 2)'))
    warm, _ = warm_then_cold(store)
    assert not warm.statistics.project_reused


def test_call_nodes_read_from_source_move_with_the_lines(tmp_path: Path) -> None:
    from admf_tsan.lint.incremental import local_edit, shift_read

    source = tmp_path / "client.py"
    source.write_text(
        "import os\n\n\ndef f(a, b):\n    return os.fspath(a) or len(b)\n", encoding="utf-8"
    )
    old = extract_module(source.read_bytes(), "client.py", "client")
    calls = project_call_nodes(str(tmp_path), "client.py", "client")
    read = SourceRead(_digest(calls), tuple(sorted(calls)))
    # len() is not a fact (an inert builtin), its node is read with the function's.
    assert read.positions == ((5, 12, 5, 24), (5, 28, 5, 34))
    source.write_text(
        "import os\n\n\ndef f(a, b):\n    b = 1\n    return os.fspath(a) or len(b)\n",
        encoding="utf-8",
    )
    new = extract_module(source.read_bytes(), "client.py", "client")
    change = local_edit(old, new)
    assert change is not None
    moved = shift_read(str(tmp_path), new, read, change)
    assert moved is not None and moved.positions == ((6, 12, 6, 24), (6, 28, 6, 34))
    # The node holds its own position: read again at the new lines, it is the one read before.
    assert reads_the_same(str(tmp_path), new, moved)
    # Another argument at the moved position is another node.
    source.write_text(
        "import os\n\n\ndef f(a, b):\n    b = 1\n    return os.fspath(b) or len(b)\n",
        encoding="utf-8",
    )
    assert shift_read(str(tmp_path), new, read, change) is None


def test_a_call_no_fact_holds_is_placed_between_lines_that_moved_apart(tmp_path: Path) -> None:
    # ``range(n)`` is not a fact; a line inserted just before its ``for`` moves the line after
    # it but not the one before: it is placed at the one call of the file between the two,
    # with the same columns, and checked by its node.
    from admf_tsan.lint.incremental import local_edit, shift_read

    source = tmp_path / "client.py"
    text = "import os\n\n\ndef f(a, n):\n    for i in range(n):\n        os.fspath(a)\n"
    source.write_text(text, encoding="utf-8")
    old = extract_module(source.read_bytes(), "client.py", "client")
    calls = project_call_nodes(str(tmp_path), "client.py", "client")
    read = SourceRead(_digest(calls), tuple(sorted(calls)))
    assert read.positions == ((5, 14, 5, 22), (6, 9, 6, 21))
    source.write_text(text.replace("    for", "    k = 0\n    for"), encoding="utf-8")
    new = extract_module(source.read_bytes(), "client.py", "client")
    change = local_edit(old, new)
    assert change is not None
    moved = shift_read(str(tmp_path), new, read, change)
    assert moved is not None and moved.positions == ((6, 14, 6, 22), (7, 9, 7, 21))
    assert reads_the_same(str(tmp_path), new, moved)
    # Another argument there is another node: not placed.
    changed = text.replace("    for", "    k = 0\n    for").replace("(n)", "(9)")
    source.write_text(changed, encoding="utf-8")
    assert shift_read(str(tmp_path), new, read, change) is None


@pytest.mark.parametrize(("seed", "jobs"), [(0, "1"), (3, "2")])
def test_a_local_edit_reports_the_same_bytes_under_any_seed(
    store: Path, seed: int, jobs: str
) -> None:
    # Fresh interpreters (PYTHONHASHSEED is read at start-up): the warm run after an edit inside
    # a function prints what a cold run prints, byte for byte, whatever the seed and -j.
    import os
    import subprocess
    import sys

    def lint(*args: str) -> bytes:
        done = subprocess.run(
            [sys.executable, "-m", "admf_tsan.cli", "lint", ".", "--format", "json"]
            + ["--exit-zero", "-j", jobs, *args],
            cwd=store,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout

    lint()
    edit(store, "pkg/store.py", lambda text: text.replace(PUT, PUT + "        clamp(key)\n"))
    warm = lint()
    assert warm == lint("--no-cache")
    assert b'"line": 17' in warm and b"(line 14)" in warm


@pytest.mark.parametrize(
    "fixture", ["ADMF201_trading", "ADMF120_market_data", "ADMF407_single_stores"]
)
def test_a_line_inserted_at_the_top_of_every_function_of_a_fixture(
    project: Callable[..., Path], fixture: str
) -> None:
    # Every rule selected: whatever a project rule says about moved lines (its positions,
    # related locations, line numbers in its messages), the warm run must print what a cold
    # run prints, and most of these edits must not need the full stage.
    import ast
    import shutil

    from admf_tsan.lint.rules import ALL_RULES

    codes = ", ".join(f'"{rule.code}"' for rule in ALL_RULES)
    root = project({}, f"select = [{codes}]\n")
    shutil.copytree(Path(__file__).parents[2] / "fixtures" / "lint" / fixture, root / fixture)
    first, _ = warm_then_cold(root)
    assert first.findings
    reused = tried = 0
    for path in sorted((root / fixture).rglob("*.py")):
        original = path.read_text(encoding="utf-8")
        tops = sorted(
            {
                (node.body[0].lineno, node.body[0].col_offset)
                for node in ast.walk(ast.parse(original))
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            }
        )
        for line, column in tops:
            lines = original.split("\n")
            lines.insert(line - 1, " " * column + "_probe = 0")
            path.write_text("\n".join(lines), encoding="utf-8")
            warm, _ = warm_then_cold(root)
            tried += 1
            reused += warm.statistics.project_reused
        path.write_text(original, encoding="utf-8")
        warm_then_cold(root)
    assert tried and reused * 4 >= tried * 3, (reused, tried)


@pytest.mark.parametrize("seed", [0, 1])
def test_random_one_line_edits_stay_the_same_as_cold(
    project: Callable[..., Path], seed: int
) -> None:
    # A fuzz of one-line edits inside functions of two fixture projects and the store project,
    # every rule selected: a statement inserted before a random statement of a function body
    # (a call of a library function known to be inert or followed, through a library object,
    # of one that blocks or is not known, of a function of the same file, an assignment), a
    # call statement replaced by ``pass`` or a literal argument of a call changed, a call
    # through a project instance (``DIAL.turned(0)``, mute; ``STORE.put(0, 0)``...). Each warm
    # run must print what a cold run prints (warm_then_cold), and the inert library calls and
    # the mute calls through ``DIAL`` must not need the full stage.
    import ast
    import random
    import shutil

    from admf_tsan.lint.rules import ALL_RULES

    codes_ = ", ".join(f'"{rule.code}"' for rule in ALL_RULES)
    # ``sys`` imported in two of the store's modules: no fixture file imports it, and the
    # edits below call through its objects. ``DIAL`` is an instance of a project class whose
    # method is mute, called through it (``STORE``'s methods lock and touch state).
    root = project(
        {
            "pkg/__init__.py": "",
            "pkg/store.py": STORE,
            "pkg/util.py": "import sys\n" + UTIL + DIAL,
            "pkg/app.py": "import sys\n\nfrom pkg.util import DIAL\n" + APP,
        },
        f"select = [{codes_}]\n",
    )
    fixtures = Path(__file__).parents[2] / "fixtures" / "lint"
    for name in ("ADMF120_market_data", "ADMF201_trading"):
        shutil.copytree(fixtures / name, root / name)
    warm_then_cold(root)
    paths = sorted(p for p in root.rglob("*.py") if p.name != "__init__.py")
    rng = random.Random(seed)
    inert_tried = inert_reused = 0
    for _ in range(14):
        path = rng.choice(paths)
        original = path.read_text(encoding="utf-8")
        tree = ast.parse(original)
        spots = [
            (stmt, fn)
            for fn in ast.walk(tree)
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
            for stmt in fn.body
            if stmt.lineno > fn.lineno and not getattr(stmt, "decorator_list", None)
        ]
        if not spots:
            continue
        stmt, fn = rng.choice(spots)
        imported = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        defined = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
        instances = {
            *(
                alias.asname or alias.name
                for node in tree.body
                if isinstance(node, ast.ImportFrom)
                for alias in node.names
            ),
            *(
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            ),
        }
        inert = [
            "print(0)",
            *(["time.monotonic()"] if "time" in imported else []),
            *(["os.path.join('a', 'b')"] if "os" in imported else []),
            *(["sys.stderr.flush()", "sys.stderr.write('x')"] if "sys" in imported else []),
        ]
        other = [
            *(["time.sleep(0.1)"] if "time" in imported else []),
            *(["threading.get_ident()"] if "threading" in imported else []),
            *(["os.getpid()", "os.cpu_count()"] if "os" in imported else []),
            *(["sys.getsizeof(1)", "sys.stdout.write('x')"] if "sys" in imported else []),
            *(f"{name}(0)" for name in defined if name != fn.name),
            *(["STORE.size()", "STORE.put(0, 0)", "STORE.drop(0)"] if "STORE" in instances else []),
            "_probe = 0",
        ]
        through = ["DIAL.turned(0)"] if "DIAL" in instances else []
        lines = original.split("\n")
        calls = [s for s in fn.body if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)]
        literals = [
            arg
            for node in ast.walk(fn)
            if isinstance(node, ast.Call)
            for arg in (*node.args, *(keyword.value for keyword in node.keywords))
            if isinstance(arg, ast.Constant) and type(arg.value) is int and arg.lineno > fn.lineno
        ]
        kind = rng.choice(
            [
                "inert",
                "other",
                *(["pass"] if calls else []),
                *(["literal"] if literals else []),
                *(["through"] if through else []),
            ]
        )
        if kind == "literal":
            arg = rng.choice(literals)
            line = lines[arg.lineno - 1]
            value = rng.choice([0, 2, 7])
            lines[arg.lineno - 1] = line[: arg.col_offset] + str(value) + line[arg.end_col_offset :]
        elif kind == "pass":
            call = rng.choice(calls)
            if call.end_lineno != call.lineno:
                continue
            lines[call.lineno - 1] = " " * call.col_offset + "pass"
        else:
            text = rng.choice({"inert": inert, "through": through}.get(kind, other))
            lines.insert(stmt.lineno - 1, " " * stmt.col_offset + text)
        path.write_text("\n".join(lines), encoding="utf-8")
        warm, _ = warm_then_cold(root)
        if kind in ("inert", "through") and not warm.statistics.result_from_cache:
            inert_tried += 1
            inert_reused += warm.statistics.project_reused
        path.write_text(original, encoding="utf-8")
        warm_then_cold(root)
    assert inert_tried and inert_reused == inert_tried, (inert_reused, inert_tried)
