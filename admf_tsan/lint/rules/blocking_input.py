"""ADMF109: ``input()`` inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingInput(BlockingCallRule):
    """ADMF109: `input()` inside a coroutine blocks the event loop until the user types.

    `input()` (and `getpass.getpass()`) read the terminal on the calling thread; every task waits
    for a human.

    Fix: `line = await asyncio.to_thread(input, "> ")`, or read stdin with
    `loop.connect_read_pipe` and a `StreamReader`.
    """

    code = "ADMF109"
    name = "blocking-input"
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def ask():\n    return await asyncio.to_thread(input, '> ')\n",
        "def ask():\n    return input('> ')\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "async def ask():\n    return input('> ')\n",
            message="`builtins.input()` blocks the event loop",
        ),
    ]
