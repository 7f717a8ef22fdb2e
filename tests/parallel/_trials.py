"""Trial functions the isolation tests send to worker processes.

They live in an importable module (not in the test files) so that spawn and forkserver
children can unpickle them by reference.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from typing import TypeVar

T = TypeVar("T")


def identity(value: T) -> T:
    return value


def add(a: int, b: int, *, scale: int = 1) -> int:
    return (a + b) * scale


def pid_of_worker(_: object = None) -> int:
    return os.getpid()


def raise_value_error(message: str) -> None:
    raise ValueError(message)


def exit_abruptly(code: int = 1) -> None:
    os._exit(code)


def segfault_ctypes() -> None:
    ctypes.string_at(0)


def segfault_signal() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def sleep_for(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def big_bytes(size: int) -> bytes:
    return b"x" * size


def unpicklable_result() -> threading.Lock:
    return threading.Lock()


class UnpicklableError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.lock = threading.Lock()


def raise_unpicklable() -> None:
    raise UnpicklableError("carries a lock")


class NeedsTwoArgs(Exception):
    """Pickles fine, but cannot be rebuilt: __init__ wants two arguments, args holds one."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first}/{second}")


def raise_unrebuildable() -> None:
    raise NeedsTwoArgs("a", "b")


def fault_by_name(kind: str, value: int) -> int:
    """One trial that behaves as ``kind`` says; used to mix faults into a stream of work."""
    if kind == "ok":
        return value
    if kind == "raise":
        raise ValueError(f"trial {value} raised")
    if kind == "exit":
        os._exit(3)
    if kind == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    if kind == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "hang":
        time.sleep(60)
    raise AssertionError(kind)


def echo_length(payload: bytes) -> bytes:
    return payload + payload[:1]


def die_while_starting(*args: object) -> None:
    os._exit(5)


_WORKER_STATE: dict[str, object] = {}


def remember(key: str, value: object) -> None:
    _WORKER_STATE[key] = value


def recall(key: str) -> object:
    return _WORKER_STATE.get(key, "<unset>")
