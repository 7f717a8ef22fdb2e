"""run_isolated and IsolatedPool: values, exceptions, crashes, timeouts, big results, no zombies.

The fault tests run under every start method (fork, forkserver, spawn).
"""

from __future__ import annotations

import concurrent.futures
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.parallel import (
    IsolatedPool,
    RemoteTraceback,
    TrialResult,
    TrialTimeout,
    TrialTransferError,
    WorkerCrashed,
    run_isolated,
)
from tests.parallel import _trials

START_METHODS = ["fork", "forkserver", "spawn"]
MiB = 1 << 20

pytestmark = pytest.mark.timeout(120)


def _children_of(pid: int) -> dict[int, str]:
    """Map each child of ``pid`` to its state letter, read from /proc (no psutil)."""
    children: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat_file:
                stat = stat_file.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            children[int(entry)] = fields[0]
    return children


def _assert_reaped(pids: set[int]) -> None:
    """None of ``pids`` is still a process (alive or zombie), and we have no zombie child."""
    children = _children_of(os.getpid())
    assert [pid for pid, state in children.items() if state == "Z"] == []
    assert [pid for pid in pids if _state_of(pid) is not None] == []


def _state_of(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat_file:
            stat = stat_file.read()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()[0]


# -- run_isolated -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", START_METHODS)
def test_run_isolated_returns_the_value_from_another_process(method: str) -> None:
    result = run_isolated(_trials.add, 2, 3, scale=10, mp_context=method)
    assert result.ok and result.value == 50
    assert result.worker_pid not in (None, os.getpid())
    assert result.unwrap() == 50


@pytest.mark.parametrize("method", START_METHODS)
def test_run_isolated_returns_the_exception_with_the_childs_traceback(method: str) -> None:
    result = run_isolated(_trials.raise_value_error, "bad parameters", mp_context=method)
    assert not result.ok
    assert isinstance(result.exception, ValueError)
    assert str(result.exception) == "bad parameters"
    assert result.traceback is not None
    assert "raise_value_error" in result.traceback
    assert "raise ValueError(message)" in result.traceback
    assert isinstance(result.exception.__cause__, RemoteTraceback)
    with pytest.raises(ValueError, match="bad parameters"):
        result.unwrap()


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize(
    ("trial", "signal_name"),
    [
        (_trials.segfault_ctypes, "SIGSEGV"),
        (_trials.segfault_signal, "SIGSEGV"),
        (_trials.kill_self, "SIGKILL"),
    ],
)
def test_run_isolated_reports_a_child_killed_by_a_signal(
    method: str, trial: Callable[[], None], signal_name: str
) -> None:
    result = run_isolated(trial, mp_context=method)
    assert isinstance(result.exception, WorkerCrashed)
    assert result.exception.signal_name == signal_name
    assert result.exception.exitcode == -getattr(signal, signal_name)
    assert signal_name in str(result.exception)
    if signal_name == "SIGSEGV":
        # faulthandler in the child wrote the Python stack of the crash.
        assert trial.__name__ in result.exception.crash_report


@pytest.mark.parametrize("method", START_METHODS)
def test_regression_dead_child_does_not_hang(method: str) -> None:
    """The seed's run_isolated_process waits forever for a result from a dead child."""
    result = run_isolated(_trials.exit_abruptly, 7, mp_context=method)
    assert isinstance(result.exception, WorkerCrashed)
    assert result.exception.exitcode == 7
    assert result.exception.signal_name is None
    assert "exited with code 7" in str(result.exception)


@pytest.mark.parametrize("method", START_METHODS)
def test_regression_one_mib_result_does_not_hang(method: str) -> None:
    """The seed joins the child before reading its pipe: a 1 MiB result deadlocks it."""
    result = run_isolated(_trials.big_bytes, MiB, mp_context=method)
    assert result.value == b"x" * MiB


@pytest.mark.parametrize("method", START_METHODS)
def test_64_mib_result_comes_back(method: str) -> None:
    result = run_isolated(_trials.big_bytes, 64 * MiB, mp_context=method)
    assert result.value is not None
    assert len(result.value) == 64 * MiB and result.value[:3] == b"xxx"


@pytest.mark.parametrize("method", START_METHODS)
def test_run_isolated_kills_a_trial_past_its_timeout(method: str) -> None:
    result = run_isolated(_trials.sleep_for, 60, timeout=0.5, mp_context=method)
    assert isinstance(result.exception, TrialTimeout)
    assert isinstance(result.exception, TimeoutError)
    assert result.exception.timeout == 0.5
    assert "0.5 s timeout" in str(result.exception)
    assert result.worker_pid is not None
    _assert_reaped({result.worker_pid})


def test_run_isolated_timeout_does_not_touch_a_quick_trial() -> None:
    assert run_isolated(_trials.sleep_for, 0.01, timeout=30).value == 0.01


# -- pickling problems ------------------------------------------------------------------------


def test_unpicklable_result_fails_that_trial_clearly() -> None:
    result = run_isolated(_trials.unpicklable_result)
    assert isinstance(result.exception, TrialTransferError)
    assert "returned a lock that could not be pickled" in str(result.exception)


def test_unpicklable_exception_still_reports_type_message_and_traceback() -> None:
    result = run_isolated(_trials.raise_unpicklable)
    assert isinstance(result.exception, TrialTransferError)
    message = str(result.exception)
    assert "UnpicklableError" in message and "carries a lock" in message
    assert "could not be pickled" in message
    assert result.traceback is not None
    assert "raise_unpicklable" in result.traceback


def test_exception_that_cannot_be_rebuilt_in_the_parent_is_reported() -> None:
    result = run_isolated(_trials.raise_unrebuildable)
    assert isinstance(result.exception, TrialTransferError)
    assert "NeedsTwoArgs" in str(result.exception) and "a/b" in str(result.exception)
    assert "unpickling it in the parent failed" in str(result.exception)


def test_unpicklable_call_fails_the_future_not_the_submit() -> None:
    with IsolatedPool(1) as pool:
        future = pool.submit(_trials.identity, lambda: None)
        with pytest.raises(TrialTransferError, match="could not be pickled"):
            future.result(timeout=30)
        assert pool.submit(_trials.identity, 5).result(timeout=30) == 5


# -- IsolatedPool -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", START_METHODS)
def test_pool_survives_every_fault_and_fails_only_the_faulty_trials(method: str) -> None:
    kinds = ["ok", "raise", "exit", "ok", "segv", "kill", "ok", "hang", "ok", "raise"]
    seen_pids: set[int] = set()
    with IsolatedPool(2, timeout=3.0, mp_context=method) as pool:
        futures = [
            pool.submit_trial(_trials.fault_by_name, kind, i) for i, kind in enumerate(kinds)
        ]
        results = [future.result(timeout=60) for future in futures]
        after = [pool.submit(_trials.pid_of_worker) for _ in range(4)]
        seen_pids |= {future.result(timeout=60) for future in after}
        stats = pool.statistics()
    seen_pids |= {result.worker_pid for result in results if result.worker_pid}
    for kind, result in zip(kinds, results, strict=True):
        if kind == "ok":
            assert result.ok, result
        elif kind == "raise":
            assert isinstance(result.exception, ValueError)
        elif kind == "hang":
            assert isinstance(result.exception, TrialTimeout)
        else:
            assert isinstance(result.exception, WorkerCrashed), (kind, result)
    signals = []
    for result, kind in zip(results, kinds, strict=True):
        if kind in ("segv", "kill"):
            assert isinstance(result.exception, WorkerCrashed)
            signals.append(result.exception.signal_name)
    assert signals == ["SIGSEGV", "SIGKILL"]
    assert (stats.crashed, stats.timed_out, stats.raised, stats.succeeded) == (3, 1, 2, 8)
    assert stats.workers_started >= 2 + 4  # each crash and the timeout replaced a worker
    _assert_reaped(seen_pids)


def test_a_crash_fails_exactly_its_trial_among_many_batched_ones() -> None:
    """Trials travel in batches; the trial queued behind the crash must be re-run, not failed."""
    kinds = ["ok"] * 300
    kinds[150] = "exit"
    kinds[151] = "segv"
    with IsolatedPool(2) as pool:
        results = list(pool.map_trials(_trials.fault_by_name, kinds, range(len(kinds))))
    failed = [i for i, result in enumerate(results) if not result.ok]
    assert failed == [150, 151]
    assert [result.value for i, result in enumerate(results) if i not in (150, 151)] == [
        i for i in range(300) if i not in (150, 151)
    ]


def test_timeout_kills_only_the_slow_trial_and_the_others_finish() -> None:
    with IsolatedPool(2, timeout=2.0) as pool:
        slow = pool.submit(_trials.sleep_for, 60)
        quick = [pool.submit(_trials.identity, i) for i in range(50)]
        assert [future.result(timeout=60) for future in quick] == list(range(50))
        with pytest.raises(TrialTimeout):
            slow.result(timeout=60)
        assert pool.submit(_trials.identity, "still alive").result(timeout=60) == "still alive"


def test_future_exception_carries_the_remote_traceback() -> None:
    with IsolatedPool(1) as pool:
        future = pool.submit(_trials.raise_value_error, "boom")
        error = future.exception(timeout=30)
    assert isinstance(error, ValueError)
    assert isinstance(error.__cause__, RemoteTraceback)
    assert "raise_value_error" in str(error.__cause__)


def test_trials_run_in_long_lived_workers() -> None:
    with IsolatedPool(2) as pool:
        pids = set(pool.map(_trials.pid_of_worker, range(200)))
    assert 1 <= len(pids) <= 2
    _assert_reaped(pids)


def test_executor_protocol_map_shutdown_and_errors() -> None:
    pool = IsolatedPool(2)
    assert list(pool.map(_trials.add, [1, 2, 3], [10, 20, 30])) == [11, 22, 33]
    pool.shutdown()
    with pytest.raises(RuntimeError, match="after shutdown"):
        pool.submit(_trials.identity, 1)
    pool.shutdown()  # idempotent
    assert pool.statistics().live_workers == 0


def test_shutdown_cancel_futures_cancels_what_has_not_started() -> None:
    # A fresh pool hands out one trial per worker until it has measured how long trials take,
    # so with one worker busy for 0.5 s the other five trials are still waiting.
    pool = IsolatedPool(1)
    futures = [pool.submit(_trials.sleep_for, 0.5) for _ in range(6)]
    deadline = time.monotonic() + 30
    while not futures[0].running():  # handed to the worker: it can no longer be cancelled
        assert time.monotonic() < deadline
        time.sleep(0.001)
    pool.shutdown(wait=True, cancel_futures=True)
    assert futures[0].result(timeout=1) == 0.5
    assert all(future.done() for future in futures)
    cancelled = [future.cancelled() for future in futures]
    assert cancelled[0] is False and sum(cancelled) >= 4
    for future in futures:
        if not future.cancelled():
            assert future.result(timeout=1) == 0.5


def test_statistics_and_repr_show_state() -> None:
    with IsolatedPool(2, timeout=5) as pool:
        assert pool.submit(_trials.identity, 1).result(timeout=30) == 1
        pool.submit_trial(_trials.exit_abruptly).result(timeout=30)
        stats = pool.statistics()
        text = repr(pool)
    assert stats.succeeded == 1 and stats.crashed == 1 and stats.max_workers == 2
    assert text.startswith("<IsolatedPool running, ")
    assert "1 succeeded" in text and "1 crashed" in text
    assert "shutting down" in repr(pool)


def test_bad_arguments_get_clear_errors() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        IsolatedPool(0)
    with pytest.raises(TypeError, match="max_workers must be an int"):
        IsolatedPool(2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout must be a positive"):
        IsolatedPool(1, timeout=-1)
    with pytest.raises(ValueError, match="unknown start method 'thread'"):
        IsolatedPool(1, mp_context="thread")
    with pytest.raises(TypeError, match="mp_context"):
        IsolatedPool(1, mp_context=42)  # type: ignore[arg-type]
    with IsolatedPool(1) as pool, pytest.raises(TypeError, match="must be callable"):
        pool.submit(42)  # type: ignore[arg-type]


def test_default_worker_count_comes_from_the_resource_manager() -> None:
    from admf_tsan.parallel import ResourceManager

    with IsolatedPool() as pool:
        assert pool.max_workers == ResourceManager().worker_count("processes")


def test_many_threads_submit_concurrently() -> None:

    barrier = threading.Barrier(4, timeout=30)
    outputs: dict[int, list[int]] = {}

    with IsolatedPool(2) as pool:

        def submitter(index: int) -> None:
            barrier.wait()
            futures = [pool.submit(_trials.identity, index * 1000 + i) for i in range(250)]
            outputs[index] = [future.result(timeout=60) for future in futures]

        threads = [threading.Thread(target=submitter, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
            assert not thread.is_alive()
    assert outputs == {i: [i * 1000 + j for j in range(250)] for i in range(4)}


def test_errors_pickle_round_trip() -> None:
    crash = WorkerCrashed("died", pid=12, exitcode=-11, crash_report="stack")
    copy = pickle.loads(pickle.dumps(crash))
    assert (copy.pid, copy.exitcode, copy.signal_name, copy.crash_report) == (
        12,
        -11,
        "SIGSEGV",
        "stack",
    )
    timeout = pickle.loads(pickle.dumps(TrialTimeout("slow", timeout=2.0, pid=3)))
    assert (timeout.timeout, timeout.pid, str(timeout)) == (2.0, 3, "slow")


def test_trial_result_repr() -> None:
    assert repr(TrialResult(value=3, worker_pid=9)) == "<TrialResult ok in pid 9: 3>"
    failed: TrialResult[object] = TrialResult(exception=ValueError("x"))
    assert repr(failed) == "<TrialResult failed: ValueError: x>"


def test_pool_is_shut_down_when_collected() -> None:
    import gc

    pool = IsolatedPool(1)
    assert pool.submit(_trials.identity, 1).result(timeout=30) == 1
    core = pool._core
    del pool
    gc.collect()
    core.join()
    assert core.statistics().live_workers == 0


def test_a_failing_manager_fails_every_trial_instead_of_hanging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pool = IsolatedPool(1)

    def broken_handler(worker: object, data: bytes) -> None:
        raise RuntimeError("simulated manager bug")

    # the READY message already goes through it
    monkeypatch.setattr(pool._core, "_handle_message", broken_handler)
    futures = [pool.submit(_trials.sleep_for, 30) for _ in range(3)]
    for future in futures:
        with pytest.raises(concurrent.futures.BrokenExecutor, match="simulated manager bug"):
            future.result(timeout=60)
    pool.shutdown()
    with pytest.raises(RuntimeError, match="after shutdown"):
        pool.submit(_trials.identity, 1)


PARENT_SCRIPT = """
import os, signal, sys
from admf_tsan.parallel import IsolatedPool
from tests.parallel import _trials

if __name__ == "__main__":
    # Two pools, the first one's workers replaced after the second started: under fork every
    # worker inherits the other pool's pipe ends and must close them.
    first = IsolatedPool(2, mp_context=sys.argv[1])
    pids = set(first.map(_trials.pid_of_worker, range(50)))
    second = IsolatedPool(2, mp_context=sys.argv[1])
    pids |= set(second.map(_trials.pid_of_worker, range(50)))
    first.submit_trial(_trials.exit_abruptly).result()
    pids |= set(first.map(_trials.pid_of_worker, range(50)))
    pids |= set(first.worker_pids()) | set(second.worker_pids())
    print(" ".join(map(str, sorted(pids))), flush=True)
    if sys.argv[2] == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    # otherwise: exit without calling shutdown()
"""


def _gone_or_zombie(pid: int) -> bool:
    return _state_of(pid) in (None, "Z")


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("ending", ["killed", "exit-without-shutdown"])
def test_workers_do_not_outlive_their_parent(method: str, ending: str, tmp_path: Path) -> None:
    """Workers see end-of-file when the parent goes away, even under fork (inherited fds)."""

    script = tmp_path / "parent.py"
    script.write_text(PARENT_SCRIPT)
    root = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [sys.executable, str(script), method, ending],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    pids = [int(pid) for pid in completed.stdout.split()]
    assert pids, completed.stderr
    if ending == "killed":
        assert completed.returncode == -signal.SIGKILL
    else:
        assert completed.returncode == 0, completed.stderr
    deadline = time.monotonic() + 30
    while not all(_gone_or_zombie(pid) for pid in pids):
        assert time.monotonic() < deadline, f"workers {pids} outlived their parent"
        time.sleep(0.01)


def test_big_arguments_and_big_results_cross_at_once_without_deadlock() -> None:
    """Parent writing a big batch while a worker writes a big result must not block both."""
    payload = b"y" * (16 * MiB)
    with IsolatedPool(2) as pool:
        futures = [pool.submit(_trials.echo_length, payload) for _ in range(6)]
        for future in futures:
            result = future.result(timeout=120)
            assert len(result) == 16 * MiB + 1


def test_trial_result_reports_duration_and_worker() -> None:
    result = run_isolated(_trials.sleep_for, 0.05)
    assert result.duration is not None and result.duration >= 0.05
    assert result.worker_pid is not None and result.worker_pid != os.getpid()


def test_workers_that_die_while_starting_fail_trials_instead_of_respawning_forever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from admf_tsan.parallel import _worker

    monkeypatch.setattr(_worker, "worker_main", _trials.die_while_starting)
    with IsolatedPool(1, mp_context="fork") as pool:
        results = [pool.submit_trial(_trials.identity, i).result(timeout=60) for i in range(3)]
    for result in results:
        assert isinstance(result.exception, WorkerCrashed)
        assert result.exception.exitcode == 5
        assert "while starting" in str(result.exception)


def test_a_worker_that_cannot_be_started_fails_the_trials_clearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import multiprocessing.context

    def refuse(self: object) -> None:
        raise OSError("fork refused: resource temporarily unavailable")

    context = multiprocessing.get_context("fork")
    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", refuse, raising=False)
    with IsolatedPool(1, mp_context=context) as pool:
        future = pool.submit(_trials.identity, 1)
        with pytest.raises(concurrent.futures.BrokenExecutor, match="fork refused"):
            future.result(timeout=60)


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def test_no_descriptor_leaks_across_crashes_timeouts_and_shutdown() -> None:
    def run_pool() -> None:
        with IsolatedPool(2, timeout=0.5, mp_context="fork") as pool:
            kinds = ["ok", "exit", "segv", "hang", "raise", "ok"]
            for future in [pool.submit_trial(_trials.fault_by_name, k, 0) for k in kinds]:
                future.result(timeout=60)

    run_pool()  # warm up whatever opens descriptors once (imports, caches)
    before = _open_fds()
    run_pool()
    assert _open_fds() - before == set()


@pytest.mark.parametrize("method", START_METHODS)
def test_initializer_runs_once_per_worker_before_its_trials(method: str) -> None:
    with IsolatedPool(
        2, mp_context=method, initializer=_trials.remember, initargs=("dataset", "loaded")
    ) as pool:
        assert set(pool.map(_trials.recall, ["dataset"] * 20)) == {"loaded"}


def test_a_failing_initializer_fails_the_trials_with_its_traceback() -> None:
    with IsolatedPool(1, initializer=_trials.raise_value_error, initargs=("no data",)) as pool:
        results = [pool.submit_trial(_trials.identity, i).result(timeout=60) for i in range(2)]
    for result in results:
        assert isinstance(result.exception, WorkerCrashed)
        assert "initializer of worker process" in str(result.exception)
        assert "raised ValueError: no data" in str(result.exception)
        assert "raise_value_error" in result.exception.crash_report


def test_max_tasks_per_child_replaces_workers() -> None:
    with IsolatedPool(1, max_tasks_per_child=3) as pool:
        pids = [pool.submit(_trials.pid_of_worker).result(timeout=60) for _ in range(4)]
        pids += list(pool.map(_trials.pid_of_worker, range(8)))
        stats = pool.statistics()
    counts = {pid: pids.count(pid) for pid in set(pids)}
    assert max(counts.values()) <= 3 and len(counts) >= 4
    assert stats.crashed == 0 and stats.succeeded == 12
    _assert_reaped(set(pids))


def test_initializer_and_max_tasks_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="max_tasks_per_child must be a positive int"):
        IsolatedPool(1, max_tasks_per_child=0)
    with pytest.raises(TypeError, match="initializer must be callable"):
        IsolatedPool(1, initializer=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must pickle"):
        IsolatedPool(1, initializer=_trials.remember, initargs=("k", lambda: None))
