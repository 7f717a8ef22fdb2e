"""Seeds: the summary's replay command fails the same way; seeds do not depend on xdist or order."""

from __future__ import annotations

import re
import shlex

import pytest

pytestmark = pytest.mark.timeout(180)

RACES = """
import pytest

class Counter:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1

@pytest.mark.admf_stress(workers=2, contexts="multi")
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
REPLAY_LINE = re.compile(r"^    (pytest .*)$", re.MULTILINE)


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
    assert command == f"pytest '{node}' --admf-stress --admf-seed={seed}"
    first_message = re.search(r"AssertionError: (value \d+)", output)
    assert first_message is not None
    messages = set()
    for _ in range(2):
        replay = pytester.runpytest_subprocess(*shlex.split(command)[1:])
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
