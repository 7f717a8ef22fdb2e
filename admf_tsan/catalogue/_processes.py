"""Child processes: subprocess, os.system and friends, the os waits and spawns (ADMF103)."""

from __future__ import annotations

from collections.abc import Iterator

from ._advice import _PROCESS, _TIMEOUT0
from ._entries import (
    ON_DONE_FUTURE,
    BlockingCall,
    Flag,
    NotSeen,
    Predicate,
    Wrapped,
    _module_calls,
)

_SUBPROCESS_RUN = ("run", "call", "check_call", "check_output", "getoutput", "getstatusoutput")
_OS_SPAWN = ("spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe")


def _subprocess() -> Iterator[BlockingCall]:
    yield from _module_calls("ADMF103", "subprocess", _SUBPROCESS_RUN, _PROCESS)
    yield BlockingCall(
        "subprocess.Popen",
        "ADMF103",
        _PROCESS,
        NotSeen(
            "a class: replacing it would break isinstance() and subclasses; the fork is short, "
            "the waits are Popen.wait/communicate, which are wrapped"
        ),
    )
    yield BlockingCall(
        "subprocess.Popen.wait",
        "ADMF103",
        _PROCESS,
        Wrapped("subprocess", "Popen.wait", "popen_wait"),
        # After ``while p.poll() is None: ...`` (or under ``if p.poll() is not None:``) the
        # process has exited and been reaped: ``wait()`` returns the stored status at once.
        (*_TIMEOUT0, ON_DONE_FUTURE),
    )
    yield BlockingCall(
        "subprocess.Popen.communicate",
        "ADMF103",
        _PROCESS,
        Wrapped("subprocess", "Popen.communicate", "popen_communicate"),
        (("timeout", 1, (0,)),),
    )
    yield from _module_calls("ADMF103", "os", ("system", "popen", "wait"), _PROCESS)
    # Each blocks unless its options name WNOHANG (alone or OR-ed: ``os.WNOHANG | os.WUNTRACED``),
    # then it returns at once, with 0 (or None) when no child has changed state. The
    # options are positional-only; the keyword is the documented parameter name.
    waits: tuple[tuple[str, Predicate, int], ...] = (
        ("waitpid", "waitpid", 1),
        ("wait3", "wait3", 0),
        ("wait4", "wait4", 1),
        ("waitid", "waitid", 2),
    )
    for name, predicate, options_at in waits:
        yield BlockingCall(
            f"os.{name}",
            "ADMF103",
            _PROCESS,
            Wrapped("os", name, predicate),
            (("options", options_at, (Flag("os.WNOHANG"),)),),
        )
    yield from _module_calls("ADMF103", "os", _OS_SPAWN, _PROCESS, "spawn")
    for name in ("posix_spawn", "posix_spawnp"):
        yield BlockingCall(
            f"os.{name}",
            "ADMF103",
            _PROCESS,
            NotSeen(
                "it starts a process without waiting for it, like subprocess.Popen; the waits "
                "(os.waitpid and friends) are wrapped"
            ),
        )


#: ``Popen.stdout``, ``stderr`` and ``stdin``: files on a pipe to the child. A read waits until
#: the child writes (or exits), a write or ``flush()`` until it reads when the pipe is full:
#: they wait for another process, as ``Popen.wait()`` does, not for the disk. The linter types
#: them as these classes (``io.BufferedReader<pipe>``, whatever the ``text`` mode) and files
#: every method under ADMF103 but those in :data:`PIPE_CLASSES` that return at once.
PIPE_ATTRIBUTES = {
    "subprocess.Popen.stdout": "io.BufferedReader<pipe>",
    "subprocess.Popen.stderr": "io.BufferedReader<pipe>",
    "subprocess.Popen.stdin": "io.BufferedWriter<pipe>",
}
#: Pipe methods that return at once: the object's state and the seeks a pipe refuses at once
#: (``seek``, ``tell``, ``truncate`` raise); a reader's ``close()`` too, which only releases
#: its end (a writer's flushes its buffer into the pipe first, which waits when it is full).
_PIPE_STATE = ("fileno", "isatty", "readable", "writable", "seekable", "seek", "tell", "truncate")
#: Each pipe class, with the methods of it that return at once.
PIPE_CLASSES = (
    ("io.BufferedReader<pipe>", (*_PIPE_STATE, "close")),
    ("io.BufferedWriter<pipe>", _PIPE_STATE),
)
_PIPE_OBJECT = NotSeen(
    "methods of io's C file types cannot be patched; the waits on the child (Popen.wait and "
    "communicate) are wrapped"
)
