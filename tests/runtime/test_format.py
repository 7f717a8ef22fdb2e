"""The one stack and wait-for formatter: user code by default, names as the code spells them."""

from __future__ import annotations

import sys
import threading

from admf_tsan.runtime import checking
from admf_tsan.runtime._format import (
    ThreadWait,
    format_stack,
    format_thread_stacks,
    format_wait_for,
    lock_label,
)

from .conftest import JOIN_TIMEOUT


def test_stacks_show_user_code_unless_full_is_asked() -> None:
    inside = threading.Event()
    leave = threading.Event()
    frames: dict[str, object] = {}

    def user_function_waiting() -> None:
        inside.set()
        leave.wait(JOIN_TIMEOUT)

    thread = threading.Thread(target=user_function_waiting, name="waiter")
    thread.start()
    try:
        assert inside.wait(JOIN_TIMEOUT)
        frame = sys._current_frames()[thread.ident or 0]
        frames["trimmed"] = format_stack(frame)
        frames["full"] = format_stack(frame, full=True)
        frames["all"] = format_thread_stacks()
    finally:
        leave.set()
        thread.join(JOIN_TIMEOUT)
    trimmed, full = str(frames["trimmed"]), str(frames["full"])
    assert "user_function_waiting" in trimmed and "leave.wait(JOIN_TIMEOUT)" in trimmed
    assert "threading.py" not in trimmed and "_bootstrap" not in trimmed
    assert "threading.py" in full and "_bootstrap" in full
    assert "thread 'waiter'" in str(frames["all"])


class Account:
    def __init__(self) -> None:
        self._lock = threading.Lock()


def test_locks_are_named_as_the_code_spells_them() -> None:
    with checking(raise_on_violation=False, watchdog=False):
        cash_lock = threading.Lock()
        account = Account()
        made_in_a_call: list[threading.Lock] = []
        made_in_a_call.append(threading.Lock())
    assert lock_label(cash_lock) == "cash_lock"
    assert lock_label(account._lock) == "Account._lock"
    assert lock_label(made_in_a_call[0]).startswith("Lock@tests/runtime/test_format.py:")


def test_the_wait_for_graph_closes_its_cycle() -> None:
    text = format_wait_for(
        [
            ThreadWait("payer", ("cash",), "waits for book", ("booker",), "waiting 1.0s"),
            ThreadWait("booker", ("book",), "waits for cash", ("payer",)),
            ThreadWait("idle", ("audit",)),
        ],
        cycle=("payer", "booker"),
    )
    assert text.splitlines() == [
        "  thread 'payer' holds cash, waits for book (held by 'booker'); waiting 1.0s",
        "  thread 'booker' holds book, waits for cash (held by 'payer')",
        "  thread 'idle' holds audit, not waiting (running)",
        "  cycle: 'payer' -> 'booker' -> 'payer'",
    ]
