"""ADMF125 / ADMF126 end to end over fake installed packages (no network)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from admf_tsan.lint.ftypes import Finding, LintConfig

from .deps_support import (
    SLOWCLIENT,
    install,
    lint_project,
    make_venv,
    site_packages,
    write_project,
)

#: Each test reads fake installed packages through a library cache of its own.
pytestmark = pytest.mark.usefixtures("deps_cache")

PROJECT = {
    "app.py": """
        import slowclient


        async def plain():
            return slowclient.Client()


        async def no_verify():
            return slowclient.Client(verify=False)


        async def lazy():
            return slowclient.Lazy()


        async def login(client: slowclient.Client):
            return await client.login("token.txt")


        async def offloaded():
            import asyncio

            return await asyncio.to_thread(slowclient.Client)


        def helper():
            return slowclient.connect("https://x.invalid")


        async def through_helper():
            return helper()
        """,
}


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    install(site, "slowclient", "1.0", SLOWCLIENT)
    install(site, "brokenpkg", "0.1", {"brokenpkg/__init__.py": "def broken(:\n"})
    install(
        site,
        "fakefw",
        "1.0",
        {
            "fakefw/__init__.py": """
                def callback(func):
                    return func


                class Entity:
                    def update(self):
                        pass
                """
        },
    )
    return python


def codes_by_line(findings: list[Finding]) -> set[tuple[int, str]]:
    return {(f.line, f.code) for f in findings if f.code in ("ADMF125", "ADMF126")}


def test_constructor_default_reaches_the_ssl_load_with_the_chain(
    tmp_path: Path, python: Path
) -> None:
    write_project(tmp_path / "proj", PROJECT)
    findings = lint_project(tmp_path / "proj", LintConfig(python_path=str(python)))
    reported = [f for f in findings if f.code == "ADMF125" and f.line == 5]
    assert len(reported) == 1
    message = reported[0].message
    assert (
        "plain() -> slowclient.Client.__init__() -> slowclient.Base.__init__() -> "
        "slowclient._context() -> ssl.create_default_context()" in message
    )
    related = [(Path(r.path).name, r.line) for r in reported[0].related]
    assert related == [("_client.py", 24), ("_client.py", 19), ("_client.py", 7)]


def test_only_the_sites_that_block_are_reported(tmp_path: Path, python: Path) -> None:
    write_project(tmp_path / "proj", PROJECT)
    # A listing is ADMF131, opt-in: selected here for the awaited method of line 17.
    config = LintConfig(python_path=str(python), select=frozenset({"ADMF", "ADMF131"}))
    findings = lint_project(tmp_path / "proj", config)
    # verify=False skips the load, to_thread takes the class as a value, the env var branch is
    # only "may" (not selected): 5 (default), 17 (awaited async method lists a directory), 31 via
    # helper
    assert codes_by_line(findings) == {(5, "ADMF125"), (17, "ADMF125"), (31, "ADMF125")}


def test_may_block_is_reported_only_when_selected(tmp_path: Path, python: Path) -> None:
    write_project(tmp_path / "proj", PROJECT)
    config = LintConfig(python_path=str(python), select=frozenset({"ADMF125", "ADMF126"}))
    findings = lint_project(tmp_path / "proj", config)
    assert (13, "ADMF126") in codes_by_line(findings)
    assert (9, "ADMF126") not in codes_by_line(findings)
    prefix_only = LintConfig(python_path=str(python), select=frozenset({"ADMF1"}))
    assert (13, "ADMF126") not in codes_by_line(lint_project(tmp_path / "proj", prefix_only))


def test_follow_dependencies_off_reports_nothing(tmp_path: Path, python: Path) -> None:
    write_project(tmp_path / "proj", PROJECT)
    config = LintConfig(python_path=str(python), follow_dependencies=False)
    assert codes_by_line(lint_project(tmp_path / "proj", config)) == set()


def test_a_broken_package_is_skipped_with_a_note(
    tmp_path: Path, python: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(
        tmp_path / "proj",
        {"app.py": "import brokenpkg\n\nasync def f():\n    return brokenpkg.broken()\n"},
    )
    findings = lint_project(tmp_path / "proj", LintConfig(python_path=str(python)))
    assert codes_by_line(findings) == set()
    err = capsys.readouterr().err
    assert "skipped" in err and "brokenpkg" in err


def test_an_exhausted_budget_is_noted(
    tmp_path: Path, python: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path / "proj", PROJECT)
    config = LintConfig(python_path=str(python), dependency_budget=1)
    lint_project(tmp_path / "proj", config)
    assert "dependency budget (1 library modules) was exhausted" in capsys.readouterr().err


def test_library_facts_are_cached_per_version_and_reread_after_an_upgrade(
    tmp_path: Path, deps_cache: Path
) -> None:
    python, site = make_venv(tmp_path / "env")
    install(site, "slowclient", "1.0", SLOWCLIENT)
    write_project(tmp_path / "proj", PROJECT)
    config = LintConfig(python_path=str(python))
    first = lint_project(tmp_path / "proj", config)
    assert sorted(p.name for p in deps_cache.iterdir() if p.name.startswith("slowclient")) == [
        "slowclient-1.0"
    ]
    entries = sorted((deps_cache / "slowclient-1.0").iterdir())
    stamps = [os.stat(e).st_mtime_ns for e in entries]
    assert lint_project(tmp_path / "proj", config) == first
    assert [os.stat(e).st_mtime_ns for e in entries] == stamps  # read, not rewritten
    upgraded = dict(SLOWCLIENT)
    upgraded["slowclient/_client.py"] = SLOWCLIENT["slowclient/_client.py"].replace(
        "if verify is True:", "if verify is None:"
    )
    install(site, "slowclient", "1.1", upgraded)
    after = lint_project(tmp_path / "proj", config)
    assert (tmp_path / "deps-cache" / "slowclient-1.1").is_dir()
    assert (5, "ADMF125") not in codes_by_line(after)  # the new version no longer loads by default


def test_loop_markers_make_sync_functions_roots(tmp_path: Path, python: Path) -> None:
    source = """
        import fakefw
        import slowclient
        from fakefw import callback


        @callback
        def on_event():
            return slowclient.Client()


        class Light(fakefw.Entity):
            def update(self):
                return slowclient.Client()


        def not_marked():
            return slowclient.Client()
        """
    write_project(tmp_path / "proj", {"app.py": source})
    plain = LintConfig(python_path=str(python))
    assert codes_by_line(lint_project(tmp_path / "proj", plain)) == set()
    marked = LintConfig(
        python_path=str(python),
        loop_decorators=("fakefw.callback",),
        loop_methods=("fakefw.Entity.update",),
    )
    assert codes_by_line(lint_project(tmp_path / "proj", marked)) == {
        (8, "ADMF125"),
        (13, "ADMF125"),
    }


def test_a_class_defined_in_a_coroutine_runs_its_library_base(tmp_path: Path, python: Path) -> None:
    source = """
        import slowclient


        async def setup():
            class Local(slowclient.Base):
                pass

            return Local()
        """
    write_project(tmp_path / "proj", {"app.py": source})
    findings = lint_project(tmp_path / "proj", LintConfig(python_path=str(python)))
    assert codes_by_line(findings) == {(8, "ADMF125")}


def test_output_is_the_same_for_every_run(tmp_path: Path, python: Path) -> None:
    write_project(tmp_path / "proj", PROJECT)
    config = LintConfig(python_path=str(python), select=frozenset({"ADMF125", "ADMF126"}))
    first = lint_project(tmp_path / "proj", config)
    second = lint_project(tmp_path / "proj", config)
    assert [(f.line, f.code, f.message, f.related) for f in first] == [
        (f.line, f.code, f.message, f.related) for f in second
    ]


def test_a_library_edited_in_place_is_read_again(tmp_path: Path, deps_cache: Path) -> None:
    python, site = make_venv(tmp_path / "env")
    install(site, "slowclient", "1.0", SLOWCLIENT)
    write_project(tmp_path / "proj", PROJECT)
    config = LintConfig(python_path=str(python))
    assert (5, "ADMF125") in codes_by_line(lint_project(tmp_path / "proj", config))
    assert list((deps_cache / "results").iterdir())  # the chains of this run were kept
    source = site / "slowclient" / "_client.py"
    source.write_text(
        source.read_text(encoding="utf-8").replace("if verify is True:", "if verify is None:"),
        encoding="utf-8",
    )
    # Same version (an editable install, a local patch): the changed file is seen all the same.
    assert (5, "ADMF125") not in codes_by_line(lint_project(tmp_path / "proj", config))


def test_debugger_stops_and_async_safe_calls_are_not_followed() -> None:
    from admf_tsan.lint.engine import lint_source

    stops = (
        "import pdb\n\ndef inspect():\n    pdb.set_trace()\n\n"
        "async def handle(debug):\n    if debug:\n        pdb.set_trace()\n        inspect()\n"
    )
    assert [f for f in lint_source(stops) if f.code == "ADMF125"] == []
    # netrc.netrc() reads one file: blocking while ADMF130 (opt-in) is selected.
    reads = LintConfig(select=frozenset({"ADMF", "ADMF130"}))
    netrc = "import netrc\n\nasync def credentials():\n    return netrc.netrc()\n"
    assert [f.code for f in lint_source(netrc, config=reads)] == ["ADMF125"]
    assert [f.code for f in lint_source(netrc)] == []
    safe = LintConfig(select=frozenset({"ADMF", "ADMF130"}), async_safe=("netrc.netrc",))
    assert [f.code for f in lint_source(netrc, config=safe)] == []


def test_a_call_admf120_reports_is_not_reported_again_through_a_dependency() -> None:
    from admf_tsan.lint.engine import lint_source

    source = (
        "import netrc, os\n\n"
        "def copy_preload(name, dst):\n    if os.listdir(dst):\n"
        "        return netrc.netrc(name)\n\n"
        "def compare_only(name, dst):\n    return netrc.netrc(name)\n\n"
        "async def start(name, dst):\n    copy_preload(name, dst)\n    compare_only(name, dst)\n"
    )
    # netrc.netrc() reads a file (ADMF130); copy_preload() lists a directory (ADMF131)
    reads = LintConfig(select=frozenset({"ADMF", "ADMF130", "ADMF131"}))
    found = [
        (f.line, f.code)
        for f in lint_source(source, config=reads)
        if f.code in ("ADMF120", "ADMF125")
    ]
    assert found == [(11, "ADMF120"), (12, "ADMF125")]
    without_120 = LintConfig(select=reads.select, ignore=frozenset({"ADMF120"}))
    found = [(f.line, f.code) for f in lint_source(source, config=without_120)]
    assert found == [(11, "ADMF125"), (12, "ADMF125")]


#: ``shutil.rmtree`` (ADMF131, opt-in) opens descriptors inside (``os.open``, ADMF104): with
#: ADMF131 off, nothing follows it into the standard library's source to report that instead.
RMTREE_PROJECT = {
    "app.py": """
        import shutil

        import cleanlib


        def _helper(path):
            shutil.rmtree(path)


        async def direct(path):
            shutil.rmtree(path)


        async def via_helper(path):
            _helper(path)


        async def via_library(path):
            cleanlib.wipe(path)
        """,
}


def test_an_opt_in_rules_calls_are_not_followed_while_it_is_off(
    tmp_path: Path, python: Path
) -> None:
    site = site_packages(python)
    install(site, "cleanlib", "1.0", {"cleanlib/__init__.py": _CLEANLIB})
    write_project(tmp_path / "proj", RMTREE_PROJECT)
    off = LintConfig(python_path=str(python), select=frozenset({"ADMF", "ADMF126"}))
    assert [(f.line, f.code) for f in lint_project(tmp_path / "proj", off)] == []
    # Ignored (here on top of being off), the same: an ignored rule's calls are not followed.
    ignoring = replace(off, ignore=frozenset({"ADMF131"}))
    assert [(f.line, f.code) for f in lint_project(tmp_path / "proj", ignoring)] == []
    on = LintConfig(python_path=str(python), select=frozenset({"ADMF", "ADMF126", "ADMF131"}))
    found = sorted((f.line, f.code) for f in lint_project(tmp_path / "proj", on))
    # Selected, the same calls are reported at the removal itself, not at an os.open() inside.
    assert found == [(11, "ADMF131"), (15, "ADMF120"), (19, "ADMF125")]
    assert all("os.open" not in f.message for f in lint_project(tmp_path / "proj", on))


_CLEANLIB = "import shutil\n\n\ndef wipe(path):\n    shutil.rmtree(path)\n"
