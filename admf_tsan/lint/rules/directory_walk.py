"""ADMF131: a coroutine lists or walks directories, or removes a tree (opt-in)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class DirectoryWalk(BlockingCallRule):
    """ADMF131: a coroutine lists or walks directories, or removes a tree (opt-in).

    `os.listdir`, `os.scandir`, `os.walk`/`fwalk`, `glob.glob`/`iglob`,
    `Path.iterdir`/`glob`/`rglob`/`walk` (when the listing is iterated where it is made) and
    `shutil.rmtree` read directories on the
    event-loop thread. On a local disk a directory of a few hundred entries is listed from the
    kernel's directory cache in well under a millisecond; the loop stalls noticeably only for a
    large tree, a directory that grows without bound, or a file system that can stall (a
    network mount).

    On the 474 real projects judged so far (docs/realworld-findings.md and the held-out pages),
    none of the 84 findings that ended in such a call, in a coroutine or at the end of a chain
    of helpers, was worth a change: a plugin or template directory listed at startup, a cache
    directory cleaned at shutdown, a temporary tree removed after a test run. So the rule is off
    unless `select` names it (`--select ADMF131`: a family prefix or `ALL` does not turn it on).
    While it is off these calls do not count as blocking anywhere: ADMF120, ADMF121, ADMF125 and
    ADMF126 do not report a helper, a loop callback or a library whose only blocking work is a
    listing, and the linter does not follow `shutil.rmtree` into its source (where it opens
    descriptors); a chain that also reaches another blocking call (a copy, an archive, a
    subprocess) is reported as before.
    Copies and moves (`shutil.copy*`, `copytree`, `move`) stay ADMF104: they move file data
    whose size the linter cannot know.

    The runtime checker still reports these calls when they run on the event loop.

    Fix: when the tree can be large or the file system slow, walk it in a thread:
    `names = await asyncio.to_thread(os.listdir, path)`, or
    `await asyncio.to_thread(shutil.rmtree, path)`.
    """

    code = "ADMF131"
    name = "directory-walk"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import asyncio, os\n\nasync def names(path):\n"
        "    return await asyncio.to_thread(os.listdir, path)\n",
        "import shutil\n\ndef clean(path):\n    shutil.rmtree(path)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import os\n\nasync def names(path):\n    return sorted(os.listdir(path))\n",
            message="`os.listdir()` blocks the event loop in coroutine `names()`",
        ),
        Invalid(
            "import shutil\n\nasync def clean(path):\n    shutil.rmtree(path)\n",
            message="`shutil.rmtree()`",
        ),
        Invalid(
            "from pathlib import Path\n\nasync def names(p: Path):\n"
            "    return [c.name for c in p.iterdir()]\n"
        ),
    ]
