"""Seeds: the summary's replay command fails the same way; seeds do not depend on xdist or order."""

from __future__ import annotations

import os
import re
import shlex
import sys

import pytest

pytestmark = pytest.mark.timeout(180)

RACES = """
import pytest

class Counter:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1

# races="off": these tests are about replaying the lost update itself, which the race detector
# would otherwise report (as a data race) in a run before the update is lost.
@pytest.mark.admf_stress(workers=2, contexts="multi", races="off")
@pytest.mark.parametrize("size", [3, 4])
def test_lost_update(stress, size):
    counter = Counter()
    stress.run(lambda worker: counter.increment(), times=size)
    assert counter.value == 2 * size, f"value {counter.value}"

@pytest.mark.admf_stress(workers=2, contexts="multi")
def test_correct(stress):
    values = []
    stress.run(values.append, times=3)
    assert sorted(values) == [0, 0, 0, 1, 1, 1]
"""

FAILURE_LINE = re.compile(r"^  (\S+): run (\d+) of (\d+), seed (\d+)", re.MULTILINE)
# runpytest_subprocess starts pytest as `python -m pytest`: the replay command says so.
REPLAY_LINE = re.compile(r"^    (\S*python\S* -m pytest .*)$", re.MULTILINE)


def _failures(output: str) -> dict[str, tuple[int, int]]:
    return {node: (int(run), int(seed)) for node, run, _, seed in FAILURE_LINE.findall(output)}


def test_replay_command_fails_the_same_way_in_its_first_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_races=RACES)
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=42")
    result.assert_outcomes(failed=2, passed=1)
    output = result.stdout.str()
    failures = _failures(output)
    assert set(failures) == {
        "test_races.py::test_lost_update[3-admf-multi]",
        "test_races.py::test_lost_update[4-admf-multi]",
    }
    replays = REPLAY_LINE.findall(output)
    assert len(replays) == 2
    node = "test_races.py::test_lost_update[3-admf-multi]"
    command = next(line for line in replays if node in line)
    _, seed = failures[node]
    assert command.endswith(f" -m pytest '{node}' --admf-stress --admf-seed={seed}")
    first_message = re.search(r"AssertionError: (value \d+)", output)
    assert first_message is not None
    messages = set()
    for _ in range(2):
        replay = pytester.runpytest_subprocess(*shlex.split(command)[3:])
        replay.assert_outcomes(failed=1)
        replay.stdout.fnmatch_lines([f"*admf-stress: run 1 of 50 in context multi, seed {seed}*"])
        found = re.search(r"AssertionError: (value \d+)", replay.stdout.str())
        assert found is not None
        messages.add(found.group(1))
    assert len(messages) == 1


def test_seeds_are_the_same_with_xdist_and_in_any_order(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_races=RACES)
    alone = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=9")
    spread = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=9", "-n", "2")
    reverse = pytester.runpytest_subprocess(
        "--admf-stress",
        "--admf-seed=9",
        "test_races.py::test_correct",
        "test_races.py::test_lost_update[4-admf-multi]",
        "test_races.py::test_lost_update[3-admf-multi]",
    )
    expected = _failures(alone.stdout.str())
    assert expected, alone.stdout.str()
    assert _failures(spread.stdout.str()) == expected
    assert _failures(reverse.stdout.str()) == expected
    spread.stdout.fnmatch_lines(["multi         3     * 2           0"])


def test_xdist_workers_share_a_random_base_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.admf_stress(iterations=1, contexts="single")
        @pytest.mark.parametrize("n", range(4))
        def test_seed(stress, n):
            assert False, f"SEED={stress.seed}"
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "-n", "2")
    seeds = set(re.findall(r"SEED=(\d+)", result.stdout.str()))
    base = re.search(r"base seed (\d+) \(replay the session", result.stdout.str())
    assert base is not None
    assert seeds == {base.group(1)}


RACE = """
import threading
import pytest

class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def increment(self):
        self.value += 1

@pytest.mark.admf_stress(workers=2, iterations=1, contexts="multi")
def test_lost_update(stress):
    counter = Counter()
    stress.run(lambda worker: counter.increment(), times=3)
    assert counter.value == 6, f"value {counter.value}"
"""
# Still a failing test, but the code the workers run is not the same: another fingerprint.
RACE_EDITED = RACE.replace(
    "        self.value += 1", "        step = 1\n        self.value = self.value + step"
).replace("counter.value == 6,", "counter.value == 7,")
RACE_FIXED = RACE.replace(
    "        self.value += 1", "        with self.lock:\n            self.value += 1"
)
SCHEDULE = re.compile(r"schedule: (\S+, \d+ steps, \d+ switches, fingerprint (\w+))")
CHANGED = "admf: seed {seed} was recorded against different code (fingerprint {old} -> {new})"


def _schedule(output: str) -> tuple[str, str]:
    found = SCHEDULE.search(output)
    assert found is not None, output
    return found.group(1), found.group(2)


def test_replay_says_when_the_code_changed_since_the_seed_was_recorded(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_race=RACE)
    # A random walk (odd seed) loses one of these updates in practically every run. Under
    # pytest-xdist the worker records the failing seed's fingerprint in the shared cache.
    first = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=43", "-n", "2")
    first.assert_outcomes(failed=1)
    output = first.stdout.str()
    (node, (run, seed)) = next(iter(_failures(output).items()))
    assert (node, run, seed) == ("test_race.py::test_lost_update[admf-multi]", 1, 43)
    schedule, recorded = _schedule(output)
    message = re.search(r"AssertionError: (value \d+)", output)
    assert message is not None
    replay = [node, "--admf-stress", f"--admf-seed={seed}"]

    # Same code: the replay fails the same way (same message, same schedule) and says nothing.
    again = pytester.runpytest_subprocess(*replay)
    again.assert_outcomes(failed=1)
    assert f"AssertionError: {message.group(1)}" in again.stdout.str()
    assert _schedule(again.stdout.str()) == (schedule, recorded)
    assert "recorded against different code" not in again.stdout.str()

    # Edited code: the failing replay says so in the failure and in the summary.
    pytester.makepyfile(test_race=RACE_EDITED)
    edited = pytester.runpytest_subprocess(*replay)
    edited.assert_outcomes(failed=1)
    _, current = _schedule(edited.stdout.str())
    assert current != recorded
    changed = CHANGED.format(seed=seed, old=recorded, new=current)
    edited.stdout.fnmatch_lines(
        [
            f"E   *{changed}: this replay may not follow the recorded interleaving",
            "replayed seeds whose code changed since they were recorded:",
            f"  {node}:",
            f"    {changed}*",
        ]
    )
    # The failure recorded the new fingerprint: replaying the edited code again is faithful.
    edited_again = pytester.runpytest_subprocess(*replay)
    edited_again.assert_outcomes(failed=1)
    assert "recorded against different code" not in edited_again.stdout.str()

    # A fix changes the code too: the passing replay warns, and the summary says it.
    pytester.makepyfile(test_race=RACE_FIXED)
    fixed = pytester.runpytest_subprocess(*replay)
    fixed.assert_outcomes(passed=1)
    fixed.stdout.fnmatch_lines(
        [
            "*AdmfReplayWarning: admf: seed 43 was recorded against different code "
            f"(fingerprint {current} -> *",
            "replayed seeds whose code changed since they were recorded:",
            f"  {node}:",
        ]
    )


def test_without_the_cache_nothing_is_recorded_or_compared(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_race=RACE)
    options = ["--admf-stress", "--admf-seed=43", "-p", "no:cacheprovider"]
    pytester.runpytest_subprocess(*options).assert_outcomes(failed=1)
    pytester.makepyfile(test_race=RACE_EDITED)
    edited = pytester.runpytest_subprocess(*options)
    edited.assert_outcomes(failed=1)
    assert "recorded against different code" not in edited.stdout.str()
    assert not (pytester.path / ".pytest_cache").exists()


def test_replay_command_is_printed_the_way_pytest_was_started(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.admf_stress(iterations=1, contexts="single")
        def test_fails(stress):
            assert False, "always"
        """
    )
    # runpytest_subprocess runs `<python> -m pytest`: a replay that says `pytest` would run
    # whatever `pytest` is first on PATH, maybe another interpreter's.
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=7")
    result.assert_outcomes(failed=1)
    python = os.path.basename(sys.executable)
    node = "test_replay_command_is_printed_the_way_pytest_was_started.py::test_fails"
    command = f"{python} -m pytest '{node}[[]admf-single[]]' --admf-stress --admf-seed=7"
    result.stdout.fnmatch_lines([f"*replay: {command}", f"    {command}"])
