"""The worker process of an IsolatedPool and the wire format it shares with the parent.

Parent to worker: one message per batch, ``pickle.dumps([(trial_id, call_bytes), ...])``, where
``call_bytes`` is the pickled ``(fn, args, kwargs)``; ``pickle.dumps(None)`` asks the worker to
exit. Worker to parent: one message per trial, a fixed header (trial id, status, duration)
followed by the pickled body, so the parent knows which trial a message belongs to even when the
body cannot be unpickled. The worker runs its trials in the order they arrived, which is how the
parent knows, when a worker dies, which trial it was running: the oldest one without a result.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import signal
import struct
import time
import traceback
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any

HEADER = struct.Struct("<QBd")
READY_TRIAL_ID = (1 << 64) - 1

STATUS_READY = 0
STATUS_RETURNED = 1
STATUS_RAISED = 2
STATUS_RESULT_UNPICKLABLE = 3
STATUS_CALL_UNPICKLABLE = 4
STATUS_INIT_FAILED = 5

PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL


def worker_main(
    task_reader: Connection,
    result_writer: Connection,
    fault_writer: Connection,
    fds_to_close: Iterable[int],
    initializer_bytes: bytes | None = None,
    max_tasks: int = 0,
) -> None:
    """Run batches of trials until the parent sends None, goes away, or ``max_tasks`` are done.

    ``fds_to_close`` are the parent's ends of pipes a forked child inherited; closing them is
    what lets this worker (and the parent) see end-of-file when the other side dies.
    ``initializer_bytes`` is the pickled ``(initializer, initargs)`` to run before the first
    trial; if it raises, the worker reports the failure and exits. The parent never hands a
    worker more than ``max_tasks`` trials (0: no limit), so it can exit after that many.
    """
    for fd in fds_to_close:
        try:
            os.close(fd)
        except OSError:
            pass
    # Ctrl-C is the parent's business: it shuts the pool down and the worker follows.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A fatal signal (segfault, abort) writes the child's Python stack where the parent reads it.
    faulthandler.enable(file=fault_writer.fileno(), all_threads=True)
    if initializer_bytes is not None:
        try:
            initializer, initargs = pickle.loads(initializer_bytes)
            initializer(*initargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, then exit
            text = "".join(traceback.format_exception(exc))
            failure = HEADER.pack(READY_TRIAL_ID, STATUS_INIT_FAILED, 0.0)
            result_writer.send_bytes(failure + _dump_failure(exc, text))
            return
    result_writer.send_bytes(HEADER.pack(READY_TRIAL_ID, STATUS_READY, 0.0))
    done = 0
    while True:
        try:
            batch = pickle.loads(task_reader.recv_bytes())
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for trial_id, call_bytes in batch:
            message = run_trial(trial_id, call_bytes)
            try:
                result_writer.send_bytes(message)
            except OSError:
                return
            done += 1
            if done == max_tasks:
                return


def run_trial(trial_id: int, call_bytes: bytes) -> bytes:
    """Run one pickled call and return the message that reports how it ended."""
    try:
        fn, args, kwargs = pickle.loads(call_bytes)
    except BaseException as exc:  # noqa: BLE001 - any failure to rebuild the call is reported
        body = _dump_failure(exc, traceback.format_exc())
        return HEADER.pack(trial_id, STATUS_CALL_UNPICKLABLE, 0.0) + body
    started = time.perf_counter()
    try:
        value = fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are trial outcomes too
        duration = time.perf_counter() - started
        # Start at the trial's own frame: the worker's loop is noise to the reader.
        tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
        text = "".join(traceback.format_exception(type(exc), exc, tb))
        return HEADER.pack(trial_id, STATUS_RAISED, duration) + _dump_failure(exc, text)
    duration = time.perf_counter() - started
    try:
        body = pickle.dumps(value, PICKLE_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001
        body = _dump_failure(exc, traceback.format_exc(), what=type(value).__qualname__)
        return HEADER.pack(trial_id, STATUS_RESULT_UNPICKLABLE, duration) + body
    return HEADER.pack(trial_id, STATUS_RETURNED, duration) + body


def _dump_failure(exc: BaseException, text: str, what: str = "") -> bytes:
    """Pickle a failure as ``((type name, message, traceback text, what), exception bytes)``.

    The description is plain strings, so it always reaches the parent; the exception is pickled
    on its own (None when it does not pickle), so failing to rebuild it loses nothing else.
    """
    module = type(exc).__module__
    name = type(exc).__qualname__ if module == "builtins" else f"{module}.{type(exc).__qualname__}"
    description = (name, str(exc), text, what)
    try:
        exc_bytes: bytes | None = pickle.dumps(exc, PICKLE_PROTOCOL)
    except BaseException:  # noqa: BLE001 - an unpicklable exception still gets reported
        exc_bytes = None
    return pickle.dumps((description, exc_bytes), PICKLE_PROTOCOL)


def load_failure(body: Any) -> tuple[tuple[str, str, str, str], bytes | None]:
    """Unpickle the outer layer of what :func:`_dump_failure` wrote."""
    description, exc_bytes = pickle.loads(body)
    return description, exc_bytes
