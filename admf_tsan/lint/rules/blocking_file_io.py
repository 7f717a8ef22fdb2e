"""ADMF104: bulk file work (copies, archives, ``fsync``, TLS contexts) in a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingFileIo(BlockingCallRule):
    """ADMF104: bulk file work inside a coroutine blocks the event loop.

    Work whose cost grows with the data, or that waits for the disk or another process, done on
    the event-loop thread: copying or moving files and trees (`shutil.copy*`, `copytree`,
    `move`), archives (`ZipFile.extractall`,
    `TarFile.extract`, `shutil.make_archive`/`unpack_archive`), `os.fsync`, `os.read`/`os.write`
    on a descriptor that can be a pipe, and TLS contexts that read the certificate store
    (`ssl.create_default_context()`, `SSLContext.load_cert_chain()`). asyncio has no
    non-blocking file API: every task waits meanwhile.

    Opening, reading or writing one file (`open()`, `Path.read_text()`, a file object's `read`)
    is ADMF130, opt-in, a single metadata query or entry change (`os.stat`, `os.unlink`) is
    ADMF128, opt-in, and listing or walking directories or removing a tree (`os.listdir`,
    `glob`, `Path.iterdir`, `shutil.rmtree`) is ADMF131, opt-in: on real projects those were
    almost never worth a change.

    A blocking call on what an earlier blocking call of the coroutine returned is part of that
    call's finding (named in its message), for every blocking-call rule.

    Fix: do the file work in a thread, `await asyncio.to_thread(shutil.copytree, src, dst)`, or
    group it in a sync helper run with `asyncio.to_thread`.
    """

    code = "ADMF104"
    name = "blocking-file-io"
    VALID: ClassVar[list[str]] = [
        "import asyncio, shutil\n\nasync def backup(src, dst):\n"
        "    await asyncio.to_thread(shutil.copytree, src, dst)\n",
        "import shutil\n\ndef backup(src, dst):\n    shutil.copytree(src, dst)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import shutil\n\nasync def backup(src, dst):\n    shutil.copytree(src, dst)\n",
            message="`shutil.copytree()` blocks the event loop",
        ),
        Invalid(
            "import zipfile\n\nasync def unpack(data_path, into):\n"
            "    with zipfile.ZipFile(data_path) as z:\n        z.extractall(into)\n",
            message="`zipfile.ZipFile.extractall()`",
        ),
        Invalid(
            "import ssl\n\nasync def connect(host):\n    return ssl.create_default_context()\n"
        ),
    ]
