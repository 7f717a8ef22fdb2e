"""ADMF128: one file-system metadata query or single-entry change in a coroutine (opt-in)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BriefFilesystemCall(BlockingCallRule):
    """ADMF128: a coroutine makes one file-system metadata query or entry change (opt-in).

    `os.stat`/`lstat`/`access`/`statvfs`, the `os.path` queries that stat (`exists`,
    `isfile`, `isdir`, `islink`, `lexists`, `getsize`, `getmtime`, `getatime`, `getctime`),
    `Path.exists`/`is_file`/`is_dir`/`is_symlink`/`stat`/`lstat`/`samefile`/`is_mount`, and
    the changes of one directory entry (`os.remove`/`unlink`/`mkdir`/`rmdir`/`rename`/
    `replace`/`chmod`, `Path.unlink`/`mkdir`/`rmdir`/`rename`/`replace`/`touch`) are one system
    call each. On a local disk the kernel answers from its inode and directory caches in
    microseconds; they block the event loop noticeably only on a file system that can stall (a
    network mount, a disk under heavy load).

    On every real project judged so far (docs/realworld-findings.md and the held-out pages) such a
    call in a coroutine, directly or at the end of a chain of helpers, was not worth a change: an
    `os.path.exists` of a socket path at startup, an `os.stat` of a static file, removing a pid
    file at shutdown. So the rule is off unless `select` names it (`--select ADMF128`: a family
    prefix or `ALL` does not turn it on). While it is off these calls do not count as blocking
    anywhere: ADMF120, ADMF125 and ADMF126 do not report a helper or a library whose only
    blocking work is such a call; a chain that also reaches a real blocking call (a copy, an
    archive) is reported as before. Listings (`os.listdir`, `os.walk`, `glob`, `Path.iterdir`)
    and `shutil.rmtree` are ADMF131, reading and writing files ADMF130 (both opt-in), copies
    ADMF104.

    The runtime checker still reports these calls when they run on the event loop: it sees one
    call at a time and cannot tell a cheap one from a stalled one.

    Fix: when the file system can be slow, run the call in a thread:
    `exists = await asyncio.to_thread(os.path.exists, path)`.
    """

    code = "ADMF128"
    name = "brief-filesystem-call"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import asyncio, os\n\nasync def size(path):\n"
        "    return (await asyncio.to_thread(os.stat, path)).st_size\n",
        "import os\n\ndef size(path):\n    return os.stat(path).st_size\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import os\n\nasync def serve(path):\n    if os.path.exists(path):\n"
            "        os.unlink(path)\n",
            message="`os.path.exists()` blocks the event loop in coroutine `serve()`",
        ),
        Invalid(
            "from pathlib import Path\n\nasync def ready(p: Path):\n    return p.is_file()\n",
            message="`pathlib.Path.is_file()`",
        ),
    ]
