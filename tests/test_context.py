"""Execution contexts: parsing, process-wide vs scoped, inheritance by tasks and threads."""

from __future__ import annotations

import asyncio
import threading

import pytest

from admf_tsan import (
    ContextThread,
    ExecutionContext,
    RunMode,
    ThreadingMode,
    current_context,
    set_process_context,
    use_context,
)


@pytest.mark.parametrize(
    ("spelling", "mode"),
    [
        ("single", ThreadingMode.SINGLE_THREADED),
        ("MULTI_THREADED", ThreadingMode.MULTI_THREADED),
        (" async ", ThreadingMode.ASYNC),
        ("auto_detect", ThreadingMode.AUTO_DETECT),
        (ThreadingMode.ASYNC, ThreadingMode.ASYNC),
    ],
)
def test_threading_mode_parses_short_and_long_names(
    spelling: ThreadingMode | str, mode: ThreadingMode
) -> None:
    assert ThreadingMode.parse(spelling) is mode


def test_unknown_mode_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown threading mode 'multithread'.*'single'"):
        ThreadingMode.parse("multithread")
    with pytest.raises(ValueError, match="unknown threading mode"):
        ExecutionContext("bogus")  # type: ignore[arg-type]


def test_run_modes_map_to_threading_modes() -> None:
    assert RunMode.BACKTEST.threading_mode is ThreadingMode.SINGLE_THREADED
    assert RunMode.OPTIMIZATION.threading_mode is ThreadingMode.MULTI_THREADED
    assert RunMode.LIVE_TRADING.threading_mode is ThreadingMode.ASYNC
    context = ExecutionContext.for_run_mode(RunMode.BACKTEST)
    assert context.run_mode is RunMode.BACKTEST and not context.needs_locking


def test_context_is_immutable() -> None:
    context = ExecutionContext(ThreadingMode.MULTI_THREADED)
    with pytest.raises(AttributeError):
        context.threading_mode = ThreadingMode.SINGLE_THREADED  # type: ignore[misc]


def test_use_context_overrides_and_restores_even_on_error() -> None:
    before = current_context()
    with pytest.raises(KeyError):
        with use_context("single") as inner:
            assert current_context() is inner
            assert inner.threading_mode is ThreadingMode.SINGLE_THREADED
            with use_context(RunMode.OPTIMIZATION, checking=True) as nested:
                assert current_context().checking and nested.run_mode is RunMode.OPTIMIZATION
            assert current_context() is inner
            raise KeyError("boom")
    assert current_context() is before


def test_set_process_context_returns_previous() -> None:
    previous = set_process_context(RunMode.BACKTEST)
    try:
        assert current_context().threading_mode is ThreadingMode.SINGLE_THREADED
    finally:
        assert set_process_context(previous).run_mode is RunMode.BACKTEST
    assert current_context() == previous


def test_tasks_inherit_the_override_but_plain_threads_do_not() -> None:
    seen: dict[str, ThreadingMode] = {}

    async def child() -> None:
        seen["task"] = current_context().threading_mode

    def in_thread(label: str) -> None:
        seen[label] = current_context().threading_mode

    with use_context("single"):
        asyncio.run(child())
        plain = threading.Thread(target=in_thread, args=("plain",))
        copied = ContextThread(target=in_thread, args=("copied",))
        plain.start()
        copied.start()
        plain.join(10)
        copied.join(10)
    assert seen == {
        "task": ThreadingMode.SINGLE_THREADED,
        "plain": current_context().threading_mode,
        "copied": ThreadingMode.SINGLE_THREADED,
    }
