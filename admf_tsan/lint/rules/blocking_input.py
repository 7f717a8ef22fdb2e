"""ADMF109: ``input()`` inside a coroutine (opt-in)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingInput(BlockingCallRule):
    """ADMF109: `input()` inside a coroutine blocks the event loop until the user types (opt-in).

    `input()` (and `getpass.getpass()`) read the terminal on the calling thread; every task waits
    for a human.

    On the 617 real projects judged (docs/realworld-findings.md and the held-out pages), none of
    the 18 such findings (17 in coroutines, 1 at the end of a chain of helpers; 8 projects) was
    worth a change: prompts of interactive tools and playground scripts, a confirmation asked
    before a migration, a pairing code typed once; the user is the one waiting, and nothing
    else runs on that loop meanwhile. So the rule is off unless `select` names it
    (`--select ADMF109`; a family prefix or `ALL` does not turn it on), and while it is off
    `input()` does not count as blocking for ADMF120, ADMF121, ADMF125 and ADMF126 either.
    Select it for an interactive program that also serves connections or timers on its loop (a
    chat client that receives while its user types). The runtime checker still reports these
    calls when they run on the event loop.

    Fix: `line = await asyncio.to_thread(input, "> ")`, or read stdin with
    `loop.connect_read_pipe` and a `StreamReader`.
    """

    code = "ADMF109"
    name = "blocking-input"
    opt_in = True
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
