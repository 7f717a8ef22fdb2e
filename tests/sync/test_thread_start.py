"""The one thread-start wrapper: hooks run in order, in the starting thread, before the child."""

from __future__ import annotations

import _thread
import threading

import pytest

from admf_tsan.sync._thread_start import add_start_hook, start_unwatched_thread

JOIN_TIMEOUT = 10.0


def test_hooks_run_in_order_before_the_new_thread_runs() -> None:
    ran = threading.Event()
    calls: list[tuple[str, object, bool]] = []
    with add_start_hook(lambda t: calls.append(("first", t, ran.is_set())), name="first"):
        with add_start_hook(lambda t: calls.append(("second", t, ran.is_set())), name="second"):
            thread = threading.Thread(target=ran.set, name="child")
            thread.start()
            thread.join(JOIN_TIMEOUT)
    assert [(name, seen, early) for name, seen, early in calls] == [
        ("first", thread, False),
        ("second", thread, False),
    ]
    calls.clear()
    after = threading.Thread(target=lambda: None)
    after.start()
    after.join(JOIN_TIMEOUT)
    assert calls == [], "a removed hook is not called"


def test_a_raw_thread_is_seen_with_none_and_an_unwatched_one_is_not() -> None:
    seen: list[object] = []
    done = _thread.allocate_lock()
    done.acquire()
    with add_start_hook(seen.append, name="test"):
        _thread.start_new_thread(done.release, ())
        assert done.acquire(True, JOIN_TIMEOUT)
        start_unwatched_thread(done.release, ())
        assert done.acquire(True, JOIN_TIMEOUT)
    assert seen == [None]


def test_a_failing_hook_stops_the_start() -> None:
    ran = threading.Event()

    def refuse(thread: object) -> None:
        raise RuntimeError("no threads here")

    with add_start_hook(refuse, name="refuse"):
        thread = threading.Thread(target=ran.set)
        with pytest.raises(RuntimeError, match="no threads here"):
            thread.start()
    assert not ran.is_set() and not thread.is_alive()


def test_add_start_hook_rejects_what_it_cannot_call() -> None:
    with pytest.raises(TypeError, match="takes a callable"):
        add_start_hook("not callable", name="bad")  # type: ignore[arg-type]
