"""What a trial run in another process ends with: TrialResult and the errors a trial can get."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from admf_tsan.errors import AdmfTsanError

__all__ = [
    "RemoteTraceback",
    "TrialResult",
    "TrialTimeout",
    "TrialTransferError",
    "WorkerCrashed",
]

T = TypeVar("T")


class RemoteTraceback(Exception):
    """The child's traceback text, attached as ``__cause__`` of an exception a trial raised.

    Python prints a cause before the exception, so the child's frames show up in the parent's
    traceback under "The above exception was the direct cause of ...".
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text.rstrip()}\n"""'


class WorkerCrashed(AdmfTsanError):
    """The worker process died while it ran this trial (``os._exit``, a signal, the OOM killer).

    ``exitcode`` is the process's exit status as multiprocessing reports it (negative for a
    signal), ``signal_name`` names the signal (``"SIGSEGV"``) or is None, ``crash_report`` is
    what the child's faulthandler wrote (its Python stack at a fatal signal), or "".
    """

    def __init__(
        self,
        message: str,
        *,
        pid: int | None = None,
        exitcode: int | None = None,
        crash_report: str = "",
    ) -> None:
        super().__init__(message)
        self.pid = pid
        self.exitcode = exitcode
        self.crash_report = crash_report

    @property
    def signal_name(self) -> str | None:
        """The name of the signal that killed the worker, or None if it exited by itself."""
        return signal_name(self.exitcode)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_crash, (self.args[0], self.pid, self.exitcode, self.crash_report))


class TrialTimeout(AdmfTsanError, TimeoutError):
    """The trial ran past the pool's per-trial timeout; its worker was killed and replaced."""

    def __init__(self, message: str, *, timeout: float, pid: int | None = None) -> None:
        super().__init__(message)
        self.timeout = timeout
        self.pid = pid

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_timeout, (self.args[0], self.timeout, self.pid))


class TrialTransferError(AdmfTsanError):
    """A trial's call, result or exception could not be pickled across the process boundary."""


def _rebuild_crash(
    message: str, pid: int | None, exitcode: int | None, report: str
) -> WorkerCrashed:
    return WorkerCrashed(message, pid=pid, exitcode=exitcode, crash_report=report)


def _rebuild_timeout(message: str, timeout: float, pid: int | None) -> TrialTimeout:
    return TrialTimeout(message, timeout=timeout, pid=pid)


def signal_name(exitcode: int | None) -> str | None:
    """``"SIGSEGV"`` for an exit code of -11, None for an ordinary exit status."""
    if exitcode is None or exitcode >= 0:
        return None
    try:
        return signal.Signals(-exitcode).name
    except ValueError:
        return f"signal {-exitcode}"


@dataclass(frozen=True)
class TrialResult(Generic[T]):
    """How one isolated trial ended: its value, or its exception and the child's traceback.

    ``exception`` is what the trial raised (rebuilt in the parent), or a :class:`WorkerCrashed`,
    :class:`TrialTimeout` or :class:`TrialTransferError`. ``traceback`` is the child's
    formatted traceback when the trial raised, else None. ``duration`` is the time the trial
    ran in the child, in seconds, when the child reported it. ``worker_pid`` is the process
    that ran it.
    """

    value: T | None = None
    exception: BaseException | None = None
    traceback: str | None = None
    duration: float | None = None
    worker_pid: int | None = None

    @property
    def ok(self) -> bool:
        """True when the trial returned a value."""
        return self.exception is None

    def unwrap(self) -> T:
        """Return the value, or raise the trial's exception (the child's traceback as cause)."""
        if self.exception is not None:
            raise self.exception
        return self.value  # type: ignore[return-value]

    def __repr__(self) -> str:
        where = f" in pid {self.worker_pid}" if self.worker_pid is not None else ""
        if self.exception is None:
            return f"<TrialResult ok{where}: {_short_repr(self.value)}>"
        return f"<TrialResult failed{where}: {type(self.exception).__name__}: {self.exception}>"


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
