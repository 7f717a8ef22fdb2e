"""ADMF104: bulk file work (listings, copies, trees, archives, ``fsync``) in a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingFileIo(BlockingCallRule):
    """ADMF104: bulk file work inside a coroutine blocks the event loop.

    Work whose cost grows with the data, or that waits for the disk or another process, done on
    the event-loop thread: listing or walking directories (`os.listdir`, `os.scandir`,
    `os.walk`, `glob`, `Path.iterdir`/`glob`/`rglob`), copying, moving or removing files and
    trees (`shutil.copy*`, `copytree`, `move`, `rmtree`), archives (`ZipFile.extractall`,
    `TarFile.extract`, `shutil.make_archive`/`unpack_archive`), `os.fsync`, `os.read`/`os.write`
    on a descriptor that can be a pipe, and TLS contexts that read the certificate store
    (`ssl.create_default_context()`, `SSLContext.load_cert_chain()`). asyncio has no
    non-blocking file API: every task waits meanwhile.

    Opening, reading or writing one file (`open()`, `Path.read_text()`, a file object's `read`)
    is ADMF130, opt-in, and a single metadata query or entry change (`os.stat`, `os.unlink`) is
    ADMF128, opt-in: on real projects those were almost never worth a change.

    A blocking call on what an earlier blocking call of the coroutine returned is part of that
    call's finding (named in its message), for every blocking-call rule.

    Fix: do the file work in a thread, `await asyncio.to_thread(shutil.rmtree, path)`, or group
    it in a sync helper run with `asyncio.to_thread`.
    """

    code = "ADMF104"
    name = "blocking-file-io"
    VALID: ClassVar[list[str]] = [
        "import asyncio, shutil\n\nasync def clean(path):\n"
        "    await asyncio.to_thread(shutil.rmtree, path)\n",
        "import os\n\ndef names(p):\n    return os.listdir(p)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import shutil\n\nasync def clean(path):\n    shutil.rmtree(path)\n",
            message="`shutil.rmtree()` blocks the event loop",
        ),
        Invalid(
            "import zipfile\n\nasync def unpack(data_path, into):\n"
            "    with zipfile.ZipFile(data_path) as z:\n        z.extractall(into)\n",
            message="`zipfile.ZipFile.extractall()`",
        ),
        Invalid(
            "from pathlib import Path\n\nasync def names(p: Path):\n"
            "    return [c.name for c in p.iterdir()]\n"
        ),
    ]
