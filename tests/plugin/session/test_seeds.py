"""Seeds and replay commands: per test, per run, and the command line that replays one."""

from __future__ import annotations

import pytest
from pytest_admf.session.seeds import invocation, replay_command, run_seed, seed_of_test

pytestmark = pytest.mark.timeout(60)


def test_test_seed_depends_on_base_and_node_id_only() -> None:
    nodeid = "tests/test_x.py::test_counter[admf-multi]"
    assert seed_of_test(1, nodeid) == seed_of_test(1, nodeid)
    assert seed_of_test(1, nodeid) != seed_of_test(2, nodeid)
    assert seed_of_test(1, nodeid) != seed_of_test(1, nodeid.replace("multi", "single"))
    assert 0 <= seed_of_test(123, nodeid) < 2**32


def test_first_run_uses_the_base_seed_and_later_runs_differ() -> None:
    test = seed_of_test(77, "t.py::t")
    seeds = [run_seed(i, base=77, test=test) for i in range(8)]
    assert seeds[0][1] == 77
    assert len({seed for _, seed in seeds}) == 8
    assert {strategy for strategy, _ in seeds} <= {"pct", "random"}
    assert seeds == [run_seed(i, base=77, test=test) for i in range(8)]


def test_replay_command_starts_as_the_session_was_started() -> None:
    assert invocation(["/venv/bin/pytest", "-q"]) == "pytest"
    assert invocation(["/venv/bin/py.test"]) == "py.test"
    assert (
        invocation(
            ["/venv/lib/python3.11/site-packages/pytest/__main__.py", "-q"], "/venv/bin/python3"
        )
        == "python3 -m pytest"
    )
    assert invocation(["my_runner.py"]) == "pytest"
    assert invocation([]) == "pytest"
    command = replay_command("t.py::t", 5, invocation="python -m pytest")
    assert command == "python -m pytest t.py::t --admf-stress --admf-seed=5"


def test_replay_command_quotes_the_node_id() -> None:
    command = replay_command("t.py::test_x[admf-multi]", 5, ("--admf-workers=2",))
    assert (
        command == "pytest 't.py::test_x[admf-multi]' --admf-stress --admf-seed=5 --admf-workers=2"
    )
