"""ADMF131: a coroutine starts a child process without waiting for it (opt-in)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class ProcessStart(BlockingCallRule):
    """ADMF131: a coroutine starts a child process without waiting for it (opt-in).

    `subprocess.Popen(...)`, `os.posix_spawn()` and `os.posix_spawnp()` return as soon as the
    child exists: the calling thread forks (or uses `vfork`/`posix_spawn`) and waits only until
    the child has replaced itself with the new program, a few milliseconds. The waits that
    follow (`Popen.wait()`, `Popen.communicate()`, `os.waitpid()`), running a process to its end
    (`subprocess.run()`, `check_output()`, `os.system()`) and reading its output through
    `os.popen()` block for as long as the child runs: those stay ADMF103, on by default.

    On the real projects judged (docs/realworld-findings.md and the held-out pages), every
    start of a process in a coroutine that did not wait for it was not worth a change: a
    spawner starting a server per user, a browser or kernel launched once, a restart after
    shutdown. So the rule is off unless `select` names it (`--select ADMF131`: a family prefix
    or `ALL` does not turn it on). While it is off these calls do not count as blocking anywhere:
    ADMF120, ADMF121, ADMF125 and ADMF126 do not report a helper or a library whose only
    blocking work is starting a process; a chain that also waits for it is reported as before.

    The runtime checker does not report these calls either: `Popen` is a class it does not
    replace, and the waits it does watch are where a coroutine stalls.

    Fix: where a start can be slow (a parent with a large memory map on a system without
    `vfork`, many descriptors to close), start it with
    `proc = await asyncio.create_subprocess_exec(...)`.
    """

    code = "ADMF131"
    name = "process-start"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def launch(argv):\n"
        "    return await asyncio.create_subprocess_exec(*argv)\n",
        "import subprocess\n\ndef launch(argv):\n    return subprocess.Popen(argv)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import subprocess\n\nasync def launch(argv):\n    return subprocess.Popen(argv)\n",
            message="`subprocess.Popen()` blocks the event loop in coroutine `launch()`",
        ),
        Invalid(
            "import os\n\nasync def launch(path, argv, env):\n"
            "    return os.posix_spawn(path, argv, env)\n",
            message="`os.posix_spawn()`",
        ),
    ]
