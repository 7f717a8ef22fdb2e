"""What an IsolatedPool makes of a worker's answer: a TrialResult, delivered to the future."""

from __future__ import annotations

import concurrent.futures
import pickle
from concurrent.futures import Future
from typing import Any

from admf_tsan.parallel import _worker
from admf_tsan.parallel._outcomes import (
    RemoteTraceback,
    TrialResult,
    TrialTransferError,
    WorkerCrashed,
    signal_name,
)
from admf_tsan.parallel._pool_workers import _Worker

__all__ = ["crash_error", "decode", "deliver"]


def decode(
    status: int, body: memoryview, label: str, duration: float, pid: int | None
) -> TrialResult[Any]:
    """Turn a worker's answer into a TrialResult; unpickling failures become errors."""
    if status == _worker.STATUS_RETURNED:
        try:
            value = pickle.loads(body)
        except Exception as exc:
            error = TrialTransferError(
                f"the result of trial {label} could not be unpickled in the parent: "
                f"{type(exc).__name__}: {exc}"
            )
            error.__cause__ = exc
            return TrialResult(exception=error, duration=duration, worker_pid=pid)
        return TrialResult(value=value, duration=duration, worker_pid=pid)
    (type_name, message, text, what), exc_bytes = _worker.load_failure(body)
    exception: BaseException | None = None
    problem = ""
    if exc_bytes is not None:
        try:
            exception = pickle.loads(exc_bytes)
        except Exception as exc:
            problem = f"; unpickling it in the parent failed: {type(exc).__name__}: {exc}"
    elif status == _worker.STATUS_RAISED:
        problem = "; the exception could not be pickled"
    if status == _worker.STATUS_RESULT_UNPICKLABLE:
        exception = TrialTransferError(
            f"trial {label} returned a {what} that could not be pickled: {type_name}: {message}"
        )
    elif status == _worker.STATUS_CALL_UNPICKLABLE:
        exception = TrialTransferError(
            f"the call {label}(...) could not be unpickled in the worker: {type_name}: {message}"
        )
    elif exception is None:
        exception = TrialTransferError(f"trial {label} raised {type_name}: {message}{problem}")
    exception.__cause__ = RemoteTraceback(text)
    return TrialResult(exception=exception, traceback=text, duration=duration, worker_pid=pid)


def deliver(future: Future[Any], as_result: bool, result: TrialResult[Any]) -> None:
    try:
        if as_result:
            future.set_result(result)
        elif result.exception is not None:
            future.set_exception(result.exception)
        else:
            future.set_result(result.value)
    except concurrent.futures.InvalidStateError:
        pass


def crash_error(label: str, worker: _Worker, exitcode: int | None, report: str) -> WorkerCrashed:
    name = signal_name(exitcode)
    if name is not None:
        how = f"was killed by {name}"
    elif exitcode is not None:
        how = f"exited with code {exitcode}"
    else:
        how = "closed its pipe"
    if worker.init_failure is not None:
        summary, text = worker.init_failure
        return WorkerCrashed(
            f"the initializer of worker process {worker.pid} raised {summary}; "
            f"trial {label} did not run",
            pid=worker.pid,
            exitcode=exitcode,
            crash_report=text,
        )
    phase = "while running" if worker.ready else "while starting, before"
    message = f"worker process {worker.pid} {how} {phase} trial {label}"
    if report:
        message += "\n" + _user_frames(report)
    return WorkerCrashed(message, pid=worker.pid, exitcode=exitcode, crash_report=report)


def _user_frames(report: str) -> str:
    """The faulthandler report cut where the worker's own machinery starts."""
    kept: list[str] = []
    for line in report.rstrip().splitlines():
        if _worker.__file__ in line:
            break
        kept.append(line)
    return "\n".join(kept)
