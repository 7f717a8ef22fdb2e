"""Stalls: a deadlock fails the test with the wait-for graph and the stacks; the session goes on."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.timeout(120)

DEADLOCKS = """
import asyncio
import threading

import pytest

@pytest.mark.admf_stress(workers=2, iterations=20, contexts="multi")
def test_ab_ba(stress):
    a, b = threading.Lock(), threading.Lock()
    def op(worker):
        first, second = (a, b) if worker == 0 else (b, a)
        with first:
            with second:
                pass
    stress.run(op, times=3)

@pytest.mark.admf_stress(workers=2, iterations=1, contexts="async")
def test_event_nobody_sets(stress):
    async def op(worker):
        await asyncio.Event().wait()
    stress.run(op)

@pytest.mark.admf_stress(iterations=1, contexts="single")
def test_body_hangs_on_its_own_thread():
    release = threading.Event()
    helper = threading.Thread(target=release.wait, daemon=True)
    helper.start()
    helper.join()

def test_after_the_stalls():
    pass
"""


def _assert_stall_reports(result: pytest.RunResult) -> None:
    result.assert_outcomes(failed=3, passed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_ab_ba[[]admf-multi[]]*",
            "*deadlock*",
        ]
    )
    output = result.stdout.str()
    result.stdout.fnmatch_lines(["*event loop deadlock: * task(s) wait and nothing can wake them*"])
    assert "--- task admf-worker-0 ---" in output
    assert "await asyncio.Event().wait()" in output
    assert "the test made no progress for 1 s (--admf-timeout) in context single" in output
    assert "helper.join()" in output  # the main thread's stack, where it hangs
    assert "release.wait" in output or "wait-for graph" in output


def test_stalls_fail_with_stacks_and_the_session_goes_on(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(DEADLOCKS)
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=1", "--admf-timeout=1")
    _assert_stall_reports(result)
    result.stdout.fnmatch_lines(["*StressStalled*"])


def test_stalls_under_xdist_and_pytest_timeout(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(DEADLOCKS)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=1", "--admf-timeout=1", "-n", "2", "--timeout=60"
    )
    _assert_stall_reports(result)


def test_multi_deadlock_names_the_wait_for_cycle(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(DEADLOCKS)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=1", "-k", "ab_ba", "--admf-timeout=30"
    )
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "made no progress for 30 s" not in output, "found by timeout, not at once"
    assert "deadlock" in output.lower()
    assert "with second:" in output


def test_a_loop_waiting_for_a_computing_thread_is_not_a_deadlock(
    pytester: pytest.Pytester,
) -> None:
    # The loop has nothing to do for longer than the idle grace (1 s), but another thread is
    # on the CPU all that time and then wakes it: slow (as on a loaded machine), not stuck.
    pytester.makepyfile(
        """
        import asyncio
        import threading
        import time

        import pytest

        @pytest.mark.admf_stress(workers=1, iterations=1, contexts="async")
        def test_woken_by_a_computing_thread(stress):
            async def op(worker):
                loop = asyncio.get_running_loop()
                done = asyncio.Event()

                def compute():
                    start = time.thread_time()
                    while time.thread_time() - start < 1.3:  # CPU work, past the grace
                        pass
                    loop.call_soon_threadsafe(done.set)

                threading.Thread(target=compute, daemon=True).start()
                await done.wait()

            stress.run(op)
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-timeout=30")
    result.assert_outcomes(passed=1)
    assert "event loop deadlock" not in result.stdout.str()
