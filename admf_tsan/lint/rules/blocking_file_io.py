"""ADMF104: file I/O (``open``, ``pathlib`` reads and writes, ``shutil`` copies) in a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingFileIo(BlockingCallRule):
    """ADMF104: file I/O inside a coroutine blocks the event loop.

    Disk and network file systems can take milliseconds to seconds to answer; `open()`,
    `Path.read_text()` and friends wait for them on the event-loop thread. asyncio has no
    non-blocking file API.

    `with open(path) as f: data = f.read()` is one finding, at `open()`: a blocking call on
    what an earlier blocking call of the coroutine returned is part of that call's finding
    (named in its message), for every blocking-call rule.

    Fix: do the file work in a thread, `text = await asyncio.to_thread(path.read_text)`, or group
    it in a sync helper run with `asyncio.to_thread`.
    """

    code = "ADMF104"
    name = "blocking-file-io"
    VALID: ClassVar[list[str]] = [
        "import asyncio\nfrom pathlib import Path\n\nasync def load(p: Path):\n"
        "    return await asyncio.to_thread(p.read_text)\n",
        "def load(p):\n    with open(p) as f:\n        return f.read()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "async def load(p):\n    with open(p) as f:\n        return f.read()\n",
            message="`builtins.open()` blocks the event loop",
        ),
        Invalid(
            "from pathlib import Path\n\nasync def save(p: Path, s: str):\n    p.write_text(s)\n",
            message="`pathlib.Path.write_text()`",
        ),
        Invalid("import pathlib\n\nasync def f():\n    pathlib.Path('x').read_bytes()\n"),
    ]
