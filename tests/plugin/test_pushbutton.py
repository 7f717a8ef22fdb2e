"""Push-button stress: tests written without ``stress.run`` are stressed as they are.

Threads, executors and thread pools a marked test starts are scheduled workers; ``async def``
tests run on the seeded loop with or without an async plugin; ``--admf-stress=all`` stresses
unmarked tests that start a thread or a task; pytest-timeout's limit is the run's budget.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.timeout(180)

COUNTERS = """
import threading

class Counter:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value = self.value + 1

class LockedCounter(Counter):
    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            self.value = self.value + 1
"""

OWN_THREADS = """
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.pool import ThreadPool

import pytest

from counters import Counter, LockedCounter

KINDS = [Counter, LockedCounter]

def bump(counter):
    for _ in range(10):
        counter.increment()

@pytest.mark.admf_stress(contexts="multi", iterations=30)
@pytest.mark.parametrize("kind", KINDS, ids=["buggy", "correct"])
def test_threads(kind):
    counter = kind()
    threads = [threading.Thread(target=bump, args=(counter,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert counter.value == 20

@pytest.mark.admf_stress(contexts="multi", iterations=30)
@pytest.mark.parametrize("kind", KINDS, ids=["buggy", "correct"])
def test_executor(kind):
    counter = kind()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(bump, counter) for _ in range(2)]:
            future.result(timeout=10)
    assert counter.value == 20

@pytest.mark.admf_stress(contexts="multi", iterations=30)
@pytest.mark.parametrize("kind", KINDS, ids=["buggy", "correct"])
def test_thread_pool(kind):
    counter = kind()
    with ThreadPool(2) as pool:
        pool.map(lambda _: bump(counter), range(2))
    assert counter.value == 20

@pytest.mark.admf_stress(contexts="multi", iterations=30)
@pytest.mark.parametrize("kind", KINDS, ids=["buggy", "correct"])
def test_timers(kind):
    counter = kind()
    timers = [threading.Timer(0.001, bump, args=(counter,)) for _ in range(2)]
    for timer in timers:
        timer.start()
    for timer in timers:
        timer.join(timeout=10)
    assert counter.value == 20
"""


def _corpus(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(counters=COUNTERS, test_own=OWN_THREADS)


def test_threads_a_marked_test_starts_are_scheduled_workers(pytester: pytest.Pytester) -> None:
    _corpus(pytester)
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=3", "-v")
    result.assert_outcomes(failed=4, passed=4)
    for name in ("test_threads", "test_executor", "test_thread_pool", "test_timers"):
        result.stdout.fnmatch_lines(
            [
                f"*::{name}[[]buggy-admf-multi[]] FAILED*",
                f"*::{name}[[]correct-admf-multi[]] PASSED*",
            ]
        )
    result.stdout.fnmatch_lines(
        ["*scheduled code: the test's files and code outside site-packages*", "*replay: *"]
    )


def test_without_stress_plain_threads_run_once(pytester: pytest.Pytester) -> None:
    _corpus(pytester)
    result = pytester.runpytest_subprocess("-k", "correct")
    result.assert_outcomes(passed=4)


def test_a_failure_in_a_thread_the_test_started_fails_the_test(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import threading
        import pytest

        @pytest.mark.admf_stress(contexts="multi", iterations=2)
        def test_worker_raises():
            def work():
                raise KeyError("missing")
            thread = threading.Thread(target=work)
            thread.start()
            thread.join(timeout=10)
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=1")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*KeyError: 'missing'*", "*raised in a thread the test started (scheduled worker 1)*"]
    )


def test_idle_executor_threads_do_not_hang_the_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from concurrent.futures import ThreadPoolExecutor
        import pytest

        POOLS = []

        @pytest.mark.admf_stress(contexts="multi", iterations=5)
        def test_pool_left_open():
            pool = ThreadPoolExecutor(max_workers=2)
            POOLS.append(pool)
            assert pool.submit(sum, [1, 2]).result(timeout=10) == 3

        def test_shutdown_later():
            for pool in POOLS:
                pool.shutdown(wait=True)
            assert len(POOLS) == 5
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=1", "-p", "no:randomly")
    result.assert_outcomes(passed=2)


def test_a_deadlock_between_own_threads_is_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import threading
        import pytest

        @pytest.mark.admf_stress(contexts="multi", iterations=30)
        def test_ab_ba():
            a, b = threading.Lock(), threading.Lock()
            def one():
                with a:
                    with b:
                        pass
            def other():
                with b:
                    with a:
                        pass
            threads = [threading.Thread(target=one), threading.Thread(target=other)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=1", "--admf-timeout=20")
    result.assert_outcomes(failed=1)
    # The lock-order validator sees the inversion in a run that does not deadlock; a run that
    # does ends at once with the wait-for graph. Either way the test fails with its replay.
    output = result.stdout.str()
    assert "LockOrderViolation" in output or "StressStalled" in output
    result.stdout.fnmatch_lines(["*replay: *"])


ASYNC_TESTS = """
import asyncio
import os

import pytest

SEEN = []

def _log(text):
    SEEN.append(text)  # no file I/O on the loop: the blocking-call detector would object

@pytest.mark.admf_stress(contexts="async", iterations=20)
async def test_lost_update_across_await():
    state = {"value": 0}
    async def bump():
        value = state["value"]
        await asyncio.sleep(0)
        state["value"] = value + 1
    await asyncio.gather(bump(), bump())
    assert state["value"] == 2

@pytest.mark.admf_stress(contexts="async", iterations=3)
async def test_runs():
    _log(type(asyncio.get_running_loop()).__name__)

@pytest.mark.admf_stress(contexts="multi", iterations=2)
def test_asyncio_run_in_a_sync_test():
    async def main():
        return type(asyncio.get_running_loop()).__name__
    _log("run " + asyncio.run(main()))

def test_zz_write_the_log():
    with open(os.environ["ADMF_TEST_LOG"], "w") as log:
        log.write("\\n".join(SEEN))
"""


@pytest.mark.parametrize(
    "plugins",
    [("-p", "no:asyncio", "-p", "no:anyio"), ()],
    ids=["no-async-plugin", "installed-plugins"],
)
def test_async_def_tests_run_on_the_seeded_loop(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, plugins: tuple[str, ...]
) -> None:
    log = pytester.path / "runs.log"
    monkeypatch.setenv("ADMF_TEST_LOG", str(log))
    pytester.makepyfile(ASYNC_TESTS)
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=5", *plugins)
    result.assert_outcomes(failed=1, passed=3)
    result.stdout.fnmatch_lines(["*_ test_lost_update_across_await*", "E*assert 1 == 2"])
    lines = log.read_text().splitlines()
    assert lines.count("SeededEventLoop") == 3
    assert lines.count("run SeededEventLoop") == 2


def test_pytest_asyncio_marked_test_runs_on_the_seeded_loop(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pytest_asyncio")
    log = pytester.path / "runs.log"
    monkeypatch.setenv("ADMF_TEST_LOG", str(log))
    pytester.makepyfile(
        """
        import asyncio
        import os
        import pytest

        SEEN = []

        @pytest.mark.asyncio
        @pytest.mark.admf_stress(contexts="async", iterations=4)
        async def test_marked():
            SEEN.append(type(asyncio.get_running_loop()).__name__)

        def test_zz_write_the_log():
            with open(os.environ["ADMF_TEST_LOG"], "w") as log:
                log.write(" ".join(SEEN))
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=5")
    result.assert_outcomes(passed=2)
    assert log.read_text().split() == ["SeededEventLoop"] * 4


UNMARKED = """
import os
import threading

def _log(text):
    with open(os.environ["ADMF_TEST_LOG"], "a") as log:
        log.write(text + "\\n")

class Counter:
    def __init__(self):
        self.value = 0

def test_starts_threads():
    counter = Counter()
    def bump():
        for _ in range(10):
            counter.value = counter.value + 1
    threads = [threading.Thread(target=bump) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert counter.value == 20

def test_starts_nothing():
    _log("nothing")
"""


def test_stress_all_stresses_unmarked_tests_that_start_threads(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = pytester.path / "runs.log"
    monkeypatch.setenv("ADMF_TEST_LOG", str(log))
    pytester.makepyfile(test_unmarked=UNMARKED)
    result = pytester.runpytest_subprocess("--admf-stress=all", "--admf-seed=2", "-v")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(
        [
            "*::test_starts_threads FAILED*",
            "*::test_starts_nothing PASSED*",
            "*replay: *test_unmarked.py::test_starts_threads --admf-stress=all --admf-seed=*",
        ]
    )
    assert log.read_text().split() == ["nothing"]


def test_stress_all_from_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nadmf_stress = all\n")
    pytester.makepyfile(test_unmarked=UNMARKED.replace('_log("nothing")', "pass"))
    result = pytester.runpytest_subprocess("--admf-seed=2")
    result.assert_outcomes(failed=1, passed=1)


def test_bare_flag_before_a_path_is_not_taken_for_its_value(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_unmarked=UNMARKED.replace('_log("nothing")', "pass"))
    pytester.makepyfile(test_other="def test_elsewhere():\n    pass\n")
    result = pytester.runpytest_subprocess("--admf-stress", "test_other.py")
    result.assert_outcomes(passed=1)


def test_a_bad_stress_scope_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("--admf-stress=some")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--admf-stress*takes 'marked'*or 'all', got 'some'*"])


def test_split_spreads_runs_over_items_with_one_replay_each(pytester: pytest.Pytester) -> None:
    _corpus(pytester)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=4", "--admf-split=3", "-k", "test_threads", "-v"
    )
    result.assert_outcomes(passed=3, failed=3)
    result.stdout.fnmatch_lines(["*test_threads[[]correct-admf-multi-split3of3[]] PASSED*"])
    # The replay command names the unsplit item: a failing seed replays on its own.
    replays = [line for line in result.outlines if "replay:" in line]
    assert replays and all("split" not in line for line in replays)


def test_split_with_xdist_gives_one_summary(pytester: pytest.Pytester) -> None:
    _corpus(pytester)
    result = pytester.runpytest_subprocess(
        "--admf-stress",
        "--admf-seed=4",
        "--admf-split=2",
        "-k",
        "test_executor and correct",
        "-n",
        "2",
    )
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*admf-tsan stress summary*", "multi * 2 * 30 * 0 *"])


@pytest.mark.parametrize("ended_by", ["watchdog", "scheduler"])
def test_pytest_timeout_is_the_budget_of_all_runs(pytester: pytest.Pytester, ended_by: str) -> None:
    # Two timers can end the run: the scheduler's own timeout, once it gives up unwinding its
    # worker (blocked in a real socket), and the watchdog, after its grace. Each is made to win
    # here in turn; both must name the budget.
    unwind, grace = (0.1, 5.0) if ended_by == "scheduler" else (30.0, 1.0)
    pytester.makeconftest(
        f"""
        import admf_tsan.scheduler._engine as engine
        import pytest_admf.workers.deadline as deadline

        engine.UNWIND_SECONDS = {unwind}
        deadline._BODY_GRACE = {grace}
        """
    )
    pytester.makepyfile(
        """
        import socket
        import pytest

        @pytest.mark.admf_stress(contexts="multi", iterations=3)
        @pytest.mark.timeout(1)
        def test_hangs():
            reader, writer = socket.socketpair()
            reader.recv(1)
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=1")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*pytest-timeout's 1 s for all runs of the test*"])
    output = result.stdout.str()
    assert "Timeout (0:00:01)" not in output
    # A worker stuck in a real socket is not replayed to explain it: each replay would wait
    # for the deadline again.
    assert "reproduced" not in output
    # No cycle among the modeled waits: a stall, not a deadlock.
    expected = "made no progress" if ended_by == "watchdog" else "stalled: no finish within"
    assert expected in output


def test_self_deadlock_in_single_context_fails_from_the_checkers(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import threading
        import pytest

        @pytest.mark.admf_stress(contexts="single", iterations=1)
        def test_self_deadlock():
            lock = threading.Lock()
            with lock:
                with lock:
                    pass
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=1", "--admf-timeout=60")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the test can never finish: the runtime checkers found*"])
    assert "made no progress for 60" not in result.stdout.str()


def test_pytest_timeout_still_bounds_a_stressed_items_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import threading
        import pytest

        @pytest.fixture
        def stuck_teardown():
            yield
            threading.Event().wait()

        @pytest.mark.admf_stress(contexts="single", iterations=2)
        @pytest.mark.timeout(3)
        def test_passes(stuck_teardown):
            pass
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=1")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*Timeout*"])


PROBED = """
import os
import threading

from admf_tsan.sync._thread_start import add_start_hook

def _log(text):
    with open(os.environ["ADMF_TEST_LOG"], "a") as log:
        log.write(text + "\\n")

def test_starts_a_thread():
    _log("threads")
    done = threading.Event()
    thread = threading.Thread(target=done.set)
    thread.start()
    thread.join(10)
    assert done.is_set()

def test_starts_nothing():
    _log("nothing")

def test_forks_a_process():
    import multiprocessing
    _log("forks")
    thread = threading.Thread(target=lambda: None)
    thread.start()
    thread.join(10)
    process = multiprocessing.get_context("fork").Process(target=int)
    process.start()
    process.join(60)
    assert process.exitcode == 0

def test_start_refused_by_a_hook():
    _log("refused")
    def refuse(thread):
        raise RuntimeError("no threads here")
    thread = threading.Thread(target=lambda: None)
    with add_start_hook(refuse, name="refuse"):
        try:
            thread.start()
        except RuntimeError:
            pass
        else:
            raise AssertionError("the hook did not refuse the start")
    assert not thread.is_alive()
"""

FAKE_PROBE_CLOCK = """
import pytest_admf.session.run as run

class StepClock:
    '''Every reading is STEP seconds after the previous one: each plain run takes STEP s.'''

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += STEP
        return self.now

run.probe_clock = StepClock()
"""


def _probe_session(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, step: float
) -> tuple[pytest.RunResult, list[str]]:
    """Run PROBED under ``--admf-stress=all`` with plain runs that seem to take ``step`` s."""
    log = pytester.path / "runs.log"
    monkeypatch.setenv("ADMF_TEST_LOG", str(log))
    pytester.makeconftest(FAKE_PROBE_CLOCK.replace("STEP", repr(step)))
    pytester.makepyfile(test_probed=PROBED)
    result = pytester.runpytest_subprocess(
        "--admf-stress=all", "--admf-seed=2", "--admf-iterations=3", "-p", "no:cacheprovider"
    )
    return result, log.read_text().split()


def test_stress_all_runs_a_test_that_starts_nothing_once_and_a_short_one_stressed(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, runs = _probe_session(pytester, monkeypatch, step=0.0)
    result.assert_outcomes(passed=4)
    # The plain run, then --admf-iterations scheduled runs; a refused start is no start.
    assert runs.count("threads") == 4
    assert runs.count("nothing") == 1
    assert runs.count("refused") == 1
    # A forking test runs once: its child would inherit modeled locks other workers hold.
    assert runs.count("forks") == 1
    result.stdout.fnmatch_lines(["*AdmfStressSkipped*test_forks_a_process*forks processes*"])
    assert result.stdout.str().count("AdmfStressSkipped") == 1


def test_stress_all_runs_a_test_whose_plain_run_was_slow_once_with_a_warning(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_admf.session.run import PROBE_SECONDS

    result, runs = _probe_session(pytester, monkeypatch, step=PROBE_SECONDS * 4)
    result.assert_outcomes(passed=4)
    assert runs.count("threads") == 1
    assert runs.count("nothing") == 1
    result.stdout.fnmatch_lines(
        [
            "*AdmfStressSkipped: --admf-stress=all: test_probed.py::test_starts_a_thread starts "
            f"threads or tasks but took {PROBE_SECONDS * 4:.2f} s plainly (over "
            f"{PROBE_SECONDS:g} s), so it ran once*"
        ]
    )


ANYIO_TESTS = """
import asyncio
import os

import pytest

from admf_tsan.scheduler import SeededEventLoop

LOOPS = []

@pytest.fixture
def anyio_backend():
    return "asyncio"

@pytest.mark.anyio
@pytest.mark.admf_stress(contexts="async", iterations=5)
async def test_on_the_seeded_loop():
    LOOPS.append(type(asyncio.get_running_loop()).__name__)
    assert isinstance(asyncio.get_running_loop(), SeededEventLoop)

@pytest.mark.anyio
@pytest.mark.admf_stress(contexts="async", iterations=20)
async def test_lost_update_across_await():
    state = {"value": 0}

    async def bump():
        value = state["value"]
        await asyncio.sleep(0)
        state["value"] = value + 1

    await asyncio.gather(bump(), bump())
    assert state["value"] == 2

def test_zz_write_the_log():
    with open(os.environ["ADMF_TEST_LOG"], "w") as log:
        log.write(" ".join(LOOPS))
"""


def test_anyio_marked_test_runs_on_the_seeded_loop(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("anyio")
    log = pytester.path / "runs.log"
    monkeypatch.setenv("ADMF_TEST_LOG", str(log))
    pytester.makepyfile(ANYIO_TESTS)
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=5", "-p", "anyio")
    result.assert_outcomes(failed=1, passed=2)
    result.stdout.fnmatch_lines(
        ["*_ test_lost_update_across_await[[]admf-async[]] _*", "E*assert 1 == 2"]
    )
    # Every run of the anyio test ran on the seeded loop (the plugin drives it, not anyio).
    assert log.read_text().split() == ["SeededEventLoop"] * 5


HARNESS = """
import asyncio
import multiprocessing
import threading

import pytest

@pytest.fixture
def loop_in_thread():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fixture-loop")
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()

async def answer():
    await asyncio.sleep(0)
    return 42

@pytest.mark.admf_stress(contexts="multi", iterations=3)
def test_threads_wait_with_a_timeout_for_a_loop_a_fixture_runs(loop_in_thread):
    results = []
    def caller():
        for _ in range(5):
            future = asyncio.run_coroutine_threadsafe(answer(), loop_in_thread)
            results.append(future.result(timeout=30))
    threads = [threading.Thread(target=caller) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == [42] * 15

def child(lock):
    with lock:
        pass

@pytest.mark.admf_stress(contexts="multi", iterations=3)
def test_a_scheduled_test_forks_a_process():
    lock = threading.Lock()
    with lock:
        pass
    process = multiprocessing.get_context("fork").Process(target=child, args=(lock,))
    process.start()
    process.join(60)
    assert process.exitcode == 0
"""


@pytest.mark.timeout(300)
def test_outside_threads_and_forked_children_do_not_break_a_scheduled_run(
    pytester: pytest.Pytester,
) -> None:
    # Virtual time must not jump to the waiters' timeouts while a thread outside the run (a
    # fixture's loop) is still answering them; a child forked from a worker leaves the run
    # instead of waiting forever for its turn.
    pytester.makepyfile(test_harness=HARNESS)
    result = pytester.runpytest_subprocess(
        "--admf-stress", "--admf-seed=3", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=2)
