"""Strategies and switch-point placement: PCT's priorities, the random walk, the opcode mask."""

from __future__ import annotations

import dis
from pathlib import Path

import pytest

import admf_tsan.runtime
import admf_tsan.scheduler
from admf_tsan.scheduler import (
    PCT,
    ControlledScheduler,
    RandomWalk,
    choose_strategy,
    default_include,
    make_strategy,
)
from admf_tsan.scheduler._trace import shared_access_mask

pytestmark = pytest.mark.timeout(60)

hits = 0


def bump_global(times: int) -> None:
    global hits
    for _ in range(times):
        hits += 1


def test_pct_runs_the_highest_priority_and_drops_it_at_a_change_point() -> None:
    pct = PCT(seed=5, depth=2)
    for index in range(3):
        pct.add_worker(index)
    top = max(range(3), key=pct.priority.__getitem__)
    (change_step,) = pct.change_points
    picks = [pct.pick(top, [0, 1, 2], step) for step in range(1, change_step)]
    assert set(picks) == {top}
    after = pct.pick(top, [0, 1, 2], change_step)
    assert after != top
    assert pct.priority[top] == 1.0 < min(p for i, p in pct.priority.items() if i != top)


def test_pct_depth_larger_than_k_is_fine() -> None:
    report = ControlledScheduler(4, strategy="pct", pct_depth=64).run([lambda: None] * 2)
    assert not report.failed
    assert "depth=64" in report.strategy_detail


def test_pct_demotes_a_worker_that_starves_the_others() -> None:
    pct = PCT(seed=1, depth=1)
    pct.add_worker(0)
    pct.add_worker(1)
    top = max((0, 1), key=pct.priority.__getitem__)
    step = 0
    while pct.pick(top, [0, 1], step) == top:
        step += 1
        assert step < 100_000
    assert step >= 19_999


def test_random_walk_is_seeded_and_uniform_enough() -> None:
    first = RandomWalk(3)
    second = RandomWalk(3)
    picks = [first.pick(0, [0, 1, 2], step) for step in range(3000)]
    assert picks == [second.pick(0, [0, 1, 2], step) for step in range(3000)]
    for worker in (0, 1, 2):
        assert 800 < picks.count(worker) < 1200


def test_make_strategy_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown strategy 'bfs'"):
        make_strategy("bfs", 0, 3)
    with pytest.raises(ValueError, match="pct_depth must be >= 1"):
        PCT(0, 0)


def test_mask_skips_private_instructions_and_keeps_shared_ones() -> None:
    mask = shared_access_mask(bump_global.__code__)
    shared = {
        instruction.opname
        for instruction in dis.get_instructions(bump_global)
        if mask[instruction.offset]
    }
    assert "STORE_GLOBAL" in shared and "BINARY_OP" in shared and "FOR_ITER" in shared
    assert not shared & {"LOAD_FAST", "LOAD_CONST", "LOAD_GLOBAL", "JUMP_BACKWARD", "STORE_FAST"}


def test_race_on_a_rebound_global_is_still_found() -> None:
    global hits
    for iteration in range(40):
        strategy, seed = choose_strategy(iteration, 2)
        hits = 0
        report = ControlledScheduler(seed, strategy=strategy).run(
            [lambda: bump_global(10)] * 2, timeout=20
        )
        assert not report.failed
        if hits != 20:
            return
    pytest.fail("no run lost an update of a global")


def test_default_include_excludes_stdlib_and_machinery_but_not_tests() -> None:
    assert not default_include(dis.__file__)
    assert not default_include(pytest.__file__)
    assert not default_include(admf_tsan.scheduler.__file__)
    assert not default_include("<frozen importlib._bootstrap>")
    assert not default_include("<string>")
    assert not default_include(admf_tsan.runtime.__file__)
    assert default_include(admf_tsan.__file__)
    assert default_include(__file__)


def test_add_machinery_takes_a_tools_folder_out_of_the_code_under_test(tmp_path: Path) -> None:
    from admf_tsan.scheduler import add_machinery
    from admf_tsan.scheduler._trace import is_machinery

    runner = tmp_path / "tool" / "runner.py"
    runner.parent.mkdir()
    runner.write_text("pass\n")
    assert default_include(str(runner))  # answered (and cached) before the registration
    add_machinery(str(runner.parent))
    add_machinery(str(runner.parent))  # idempotent
    assert not default_include(str(runner))
    assert is_machinery(str(runner))
    assert not is_machinery(__file__)


def test_runtime_reports_treat_the_scheduler_as_machinery() -> None:
    # A lock-order or affinity report walks up to the user's frame; a modeled primitive's frame
    # (a Condition.wait under the scheduler) must never be taken for it.
    from admf_tsan.runtime._sites import is_internal
    from admf_tsan.scheduler import _primitives

    assert is_internal(_primitives.__file__)
    assert not is_internal(__file__)
