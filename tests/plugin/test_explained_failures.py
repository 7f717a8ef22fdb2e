"""Explained failures and data races through pytest: what a failing stressed test prints."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(180)

LOST_UPDATE = """
import pytest

class Counter:
    def __init__(self):
        self.value = 0

    def bump(self):
        self.value += 1

@pytest.mark.admf_stress(workers=2, iterations=30, contexts="multi")
def test_counter(stress):
    counter = Counter()
    stress.run(lambda worker: counter.bump(), times=10)
    assert counter.value == 20
"""

ACCOUNTS = """
import threading
import pytest

class Account:
    def __init__(self):
        self.balance = 100
        self.lock = threading.Lock()

def transfer(source, target):
    with source.lock:
        with target.lock:
            source.balance -= 1
            target.balance += 1

@pytest.mark.admf_stress(workers=2, iterations=30, contexts="multi")
def test_transfer(stress):
    a, b = Account(), Account()
    stress.run(lambda worker: transfer(a, b) if worker == 0 else transfer(b, a), times=3)
"""

FLAG_AND_SUPPRESSED = """
import pytest

class Feed:
    def __init__(self):
        self.stopped = False
        self.count = 0

@pytest.mark.admf_stress(workers=2, iterations=1, contexts="multi")
def test_flag(stress):
    feed = Feed()
    def op(worker):
        if worker == 0:
            feed.stopped = True
        elif feed.stopped:
            pass
    stress.run(op)

@pytest.mark.admf_stress(workers=2, iterations=1, contexts="multi")
def test_commented(stress):
    feed = Feed()
    def op(worker):
        feed.count += 1  # admf: race-ok
    stress.run(op)

@pytest.mark.admf_stress(workers=2, iterations=1, contexts="multi", race_ok=["Feed.count"])
def test_marker(stress):
    feed = Feed()
    def op(worker):
        feed.count += 1
    stress.run(op)
"""


def test_lost_update_prints_the_minimized_interleaving(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(LOST_UPDATE)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=3", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*lost update: workers * and * both read Counter.value before either wrote it back*",
            "*minimized interleaving: * preemption(s)*",
            "*  worker *:",
            "*test_lost_update_prints_the_minimized_interleaving.py:8*self.value += 1*"
            "[[]read Counter.value[]]*",
            "*[[]write Counter.value[]]*",
            "*failing check: *assert counter.value == 20*",
            "*reproduced */* times from seed*",
        ]
    )
    output = result.stdout.str()
    # only user code: neither the plugin's nor the scheduler's source or frames
    assert "pytest_admf" not in output and "admf_tsan/scheduler" not in output
    assert "def call_stressed" not in output and "def pytest_pyfunc_call" not in output


def test_full_trace_shows_the_plugin_frames_again(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(LOST_UPDATE)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=3", "-p", "no:cacheprovider", "--full-trace"
    )
    result.assert_outcomes(failed=1)
    assert "pytest_admf" in result.stdout.str()


def test_race_fails_a_run_that_passes_and_off_turns_it_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(LOST_UPDATE.replace("iterations=30", "iterations=1"))
    # --admf-seed=0: the first run is PCT, which here runs the workers without preemption
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=0", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*DataRaceFound: * data race(s) found in a run that passed its checks*",
            "*data race on Counter.value (read-modify-write)*",
            "*worker * reads Counter.value, holding no lock:*",
            "*self.value += 1*",
            "*replay: *--admf-seed=*",
        ]
    )
    off = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=0", "--admf-races=off", "-p", "no:cacheprovider"
    )
    off.assert_outcomes(passed=1)


def test_flag_race_is_a_warning_and_suppressions_hold(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(FLAG_AND_SUPPRESSED)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=0", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*AdmfRaceNote: data race on Feed.stopped (unsynchronized flag)*"])
    strict = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=0", "--admf-races=all", "-p", "no:cacheprovider"
    )
    strict.assert_outcomes(passed=2, failed=1)


def test_ini_race_ok_suppresses(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(LOST_UPDATE.replace("iterations=30", "iterations=1"))
    pytester.makeini("[pytest]\nadmf_race_ok =\n    Counter.value\n")
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=0", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)


def test_bad_races_option_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(LOST_UPDATE)
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-races=some")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--admf-races must be one of default, all, off*"])


def test_deadlock_names_the_locks_as_the_code_does(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(ACCOUNTS)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=1", "-p", "no:cacheprovider", "-p", "no:randomly"
    )
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    if "deadlock cycle" in output:
        result.stdout.fnmatch_lines(
            [
                "*deadlock cycle: worker * -> worker * -> worker *",
                "*worker * took Account.lock #* at *:10",
                "*worker * waits for Account.lock #* at *:11, held by worker *",
            ]
        )
    assert "WaitRecord" not in output


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_report_dir_writes_a_page_linked_from_the_summary(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    pytester.makepyfile(LOST_UPDATE)
    reports = tmp_path / "reports"
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=3", f"--admf-report={reports}", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(failed=1)
    pages = list(reports.glob("*.html"))
    assert len(pages) == 1
    result.stdout.fnmatch_lines(
        ["*failures and the commands that replay them:*", f"*report: {pages[0]}*"]
    )
    text = pages[0].read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    assert "table" in parser.tags and "script" not in parser.tags and "link" not in parser.tags
    assert "Counter.value" in text and "self.value += 1" in text
