"""Unit tests of the plugin's pieces that need no pytest session: seeds, contexts, deadlines."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from pytest_admf import StressFailure, StressStalled, WorkerError
from pytest_admf.session.seeds import invocation, replay_command, run_seed, seed_of_test
from pytest_admf.settings import parse_contexts
from pytest_admf.workers.deadline import (
    Deadline,
    install_interrupt_handler,
    interrupt_after,
    join_all,
    uninstall_interrupt_handler,
)

from admf_tsan import ThreadingMode

pytestmark = pytest.mark.timeout(60)


def test_public_names_load_lazily_from_private_modules_and_are_documented() -> None:
    import pytest_admf

    for name in pytest_admf.__all__:
        obj = getattr(pytest_admf, name)
        assert obj.__module__.startswith("pytest_admf."), name
        assert (obj.__doc__ or "").strip(), name
        assert name in dir(pytest_admf)
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        pytest_admf.Nope  # noqa: B018


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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("single,multi", ("single", "multi")),
        (" ASYNC , multi_threaded ,async", ("async", "multi")),
        (["multi", ThreadingMode.SINGLE_THREADED], ("multi", "single")),
    ],
)
def test_contexts_parse_from_names_and_modes(value: object, expected: tuple[str, ...]) -> None:
    assert parse_contexts(value, source="here") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"), [("auto", "unknown context 'auto'"), ("", "name at least one")]
)
def test_bad_contexts_name_the_source(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^here: {message}"):
        parse_contexts(value, source="here")


def test_stress_failure_lists_every_worker() -> None:
    errors = [
        WorkerError(0, 3, KeyError("k"), "tb0"),
        WorkerError(2, None, ValueError("v"), "tb2"),
        WorkerError(None, None, RuntimeError("loop"), "tbl"),
    ]
    failure = StressFailure(errors, context="multi", seed=9, workers=3, times=4)
    text = str(failure)
    assert text.splitlines()[0] == "worker 0, iteration 3: KeyError: 'k'"
    assert "context multi, seed 9, 3 workers x 4 calls" in text
    assert "2 other worker failure(s):" in text
    assert "worker 2: ValueError: v" in text and "event loop: RuntimeError: loop" in text
    assert isinstance(failure, AssertionError)
    with pytest.raises(ValueError, match="at least one worker failure"):
        StressFailure([], context="multi", seed=1, workers=1, times=1)


def test_join_all_stops_at_a_fatal_report_without_waiting_for_the_deadline() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait, args=(30,), daemon=True)
    thread.start()
    try:
        assert join_all([thread], Deadline(30), lambda: "found a deadlock") == "found a deadlock"
        assert join_all([thread], Deadline(0.05)) == "deadline"
    finally:
        release.set()
        thread.join(5)
    assert join_all([thread], Deadline(1)) is None


@pytest.fixture
def interrupt_handler() -> object:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread only")
    installed = install_interrupt_handler()
    yield installed
    uninstall_interrupt_handler()


def test_a_stray_signal_outside_a_guarded_run_is_ignored(interrupt_handler: object) -> None:
    assert interrupt_handler
    os.kill(os.getpid(), signal.SIGUSR2)
    time.sleep(0)  # let the handler run


def test_a_hung_body_is_interrupted_with_a_stall_report(interrupt_handler: object) -> None:
    started = time.monotonic()
    with pytest.raises(StressStalled, match="the test made no progress for 0.1 s") as caught:
        with interrupt_after(Deadline(0.1), context="single", seed=4):
            threading.Event().wait(30)
    assert time.monotonic() - started < 20
    assert caught.value.seed == 4 and caught.value.context == "single"
    assert "threads:" in str(caught.value)


class _DictCache:
    """The two methods of pytest.Cache the fingerprint store uses, over a dict."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def get(self, key: str, default: object) -> object:
        return self.values.get(key, default)

    def set(self, key: str, value: object) -> None:
        self.values[key] = value


def test_fingerprint_store_records_compares_and_overwrites() -> None:
    from pytest_admf.session.replay import CACHE_PREFIX, FingerprintChange, FingerprintStore

    cache = _DictCache()
    store = FingerprintStore(cache)  # type: ignore[arg-type]
    node = "tests/test_x.py::test_counter[admf-multi]"
    assert store.compare(node, "multi", 7, "aaaa") is None  # never recorded
    store.record(node, "multi", 7, "aaaa")
    assert all(key.startswith(CACHE_PREFIX) for key in cache.values)
    assert store.compare(node, "multi", 7, "aaaa") is None  # same code
    assert store.compare(node, "multi", 8, "bbbb") is None  # another seed
    assert store.compare(node.replace("x", "y"), "multi", 7, "bbbb") is None  # another test
    assert store.compare(node, "multi", 7, None) is None  # a run without a scheduled call
    change = store.compare(node, "multi", 7, "bbbb")
    assert change == FingerprintChange(7, "aaaa", "bbbb")
    assert change.message() == (
        "admf: seed 7 was recorded against different code (fingerprint aaaa -> bbbb): "
        "this replay may not follow the recorded interleaving"
    )
    assert FingerprintChange.from_record(change.as_record()) == change
    store.record(node, "multi", 7, "bbbb")  # a later failure of the seed records its code
    assert store.compare(node, "multi", 7, "bbbb") is None
    # A foreign or damaged entry under the key counts as not recorded.
    cache.values[FingerprintStore.key(node, "multi", 7)] = {"fingerprint": 3}
    assert store.recorded(node, "multi", 7) is None


def test_fingerprint_store_without_a_cache_does_nothing() -> None:
    from pytest_admf.session.replay import FingerprintStore

    store = FingerprintStore(None)
    store.record("t.py::t", "multi", 1, "aaaa")
    assert not store.enabled and store.compare("t.py::t", "multi", 1, "bbbb") is None
    assert "off" in repr(store)


def test_run_fingerprint_of_zero_one_and_several_scheduled_calls() -> None:
    from pytest_admf.session.replay import run_fingerprint

    assert run_fingerprint([]) is None
    assert run_fingerprint(["aaaa"]) == "aaaa"
    both = run_fingerprint(["aaaa", "bbbb"])
    assert both is not None and len(both) == 16
    assert both != run_fingerprint(["bbbb", "aaaa"])  # the calls' order is part of the run


def test_the_plugin_is_machinery_to_the_scheduler() -> None:
    # The worker bodies around the test's op live in the plugin: no switch points there, and
    # none of its frames in a deadlock report's stacks.
    import pytest_admf.workers.threads
    from pytest_admf.session.run import _scheduler_scope

    from admf_tsan.scheduler import default_include

    with _scheduler_scope(ThreadingMode.MULTI_THREADED, 0, "pct") as scheduler:
        assert scheduler is not None
        assert not default_include(pytest_admf.workers.threads.__file__)
