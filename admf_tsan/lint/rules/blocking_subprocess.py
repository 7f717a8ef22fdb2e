"""ADMF103: subprocess, ``os.system``, ``os.popen`` and ``os.wait*`` inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingSubprocess(BlockingCallRule):
    """ADMF103: running or waiting for a process inside a coroutine blocks the event loop.

    `subprocess.run()`, `check_output()`, `Popen.wait()`, `Popen.communicate()`, `os.system()` and
    the `os.wait*()` family wait for another process on the event-loop thread; creating a `Popen`
    forks on it. So do reads and writes on a child's pipes (`p.stdout.readline()`,
    `p.stdin.write()`, `flush()`): a read waits until the child writes, a write until it reads
    once the pipe is full. The calls on the pipes of one child held in an attribute
    (`self.proc`) in one coroutine are one finding.
    `p.wait()` after `while p.poll() is None: await asyncio.sleep(...)` (a loop
    with no `break`) or under `if p.poll() is not None:` is not reported: `poll()` saw the
    process exit and reaped it, so `wait()` returns its status at once.

    Fix: `proc = await asyncio.create_subprocess_exec(...)` then `await proc.communicate()`, or run
    the whole call in a thread with `await asyncio.to_thread(subprocess.run, ...)`.
    """

    code = "ADMF103"
    name = "blocking-subprocess"
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def build():\n"
        "    proc = await asyncio.create_subprocess_exec('make')\n    await proc.wait()\n",
        "import asyncio, subprocess\n\nasync def build():\n"
        "    await asyncio.to_thread(subprocess.run, ['make'])\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import subprocess\n\nasync def build():\n    subprocess.run(['make'], check=True)\n",
            message="`subprocess.run()` blocks the event loop",
        ),
        Invalid("import os\n\nasync def f():\n    os.system('ls')\n"),
        Invalid("import os\n\nasync def reap(pid):\n    os.waitpid(pid, 0)\n"),
        Invalid(
            "from subprocess import Popen\n\nasync def f():\n"
            "    p = Popen(['ls'])  # the fork itself\n"
        ),
    ]
