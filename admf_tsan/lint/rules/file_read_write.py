"""ADMF130: a coroutine opens, reads or writes one file (opt-in)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class FileReadWrite(BlockingCallRule):
    """ADMF130: a coroutine opens, reads or writes one file (opt-in).

    `open()` (also `io.open`, `codecs.open`, `os.fdopen`), `os.truncate`, `Path.open`/
    `read_text`/`read_bytes`/`write_text`/`write_bytes`, the methods of the file objects they
    return, a
    `logging.FileHandler`, package metadata (`importlib.metadata.version()`) and time-zone files
    (`zoneinfo.ZoneInfo`) read or write one file on the event loop's thread. A local file comes
    from the kernel's page cache in microseconds to a few milliseconds; the loop stalls
    noticeably for a large file, a slow or network file system, or a write that waits for the
    disk.

    On fifty-three real projects judged (docs/realworld-findings.md and the held-out pages),
    such calls in coroutines, directly or at the end of a chain of helpers, were worth a change
    in 2 places out of about 50: a config or template read once at startup, a socket or pid
    file, a static file served from the page cache, an SFTP server that is synchronous by
    design, maintainers who declined to move the file work off the loop. So the rule is off
    unless `select` names it (`--select ADMF130`; a family prefix or `ALL` does not turn it
    on). While it is off these calls do not count as blocking anywhere: ADMF120, ADMF125 and
    ADMF126 do not report a helper or a library whose only blocking work is reading or writing
    a file. Bulk file work stays ADMF104 and on by default: copies and moves, archives
    (`ZipFile.extractall`, `shutil.unpack_archive`), `os.fsync`, `os.read`/`os.write` on a
    descriptor that can be a pipe, and TLS contexts that load the certificate store; directory
    listings and walks and removing a tree are ADMF131, opt-in.

    The runtime checker still reports these calls when they run on the event loop.

    Fix: where the file can be large or the file system slow, move the file work to a thread:
    `data = await asyncio.to_thread(path.read_bytes)` (or use aiofiles).
    """

    code = "ADMF130"
    name = "file-read-write"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import asyncio\nfrom pathlib import Path\n\nasync def load(p: Path):\n"
        "    return await asyncio.to_thread(p.read_text)\n",
        "def load(path):\n    with open(path) as f:\n        return f.read()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "async def load(path):\n    with open(path) as f:\n        return f.read()\n",
            message="`builtins.open()` blocks the event loop in coroutine `load()`",
        ),
        Invalid(
            "from pathlib import Path\n\nasync def save(p: Path, data: bytes):\n"
            "    p.write_bytes(data)\n",
            message="`pathlib.Path.write_bytes()`",
        ),
    ]
