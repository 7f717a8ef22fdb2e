"""ADMF127: a module imported inside a coroutine (opt-in)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class LazyImport(BlockingCallRule):
    """ADMF127: a module is imported inside a coroutine (opt-in).

    An `import` statement in an `async def` body (of a module the file does not import at its
    top) or `importlib.import_module(name)` finds, reads and executes the module's files on the
    event-loop thread. It blocks only the first time per process: afterwards the module is in
    `sys.modules` and the import is a dictionary lookup. Home Assistant's runtime detector reports
    these because a first import can take long (a heavy package, a slow disk); most code bases do
    it on purpose to keep an optional dependency out of their start-up.

    The rule is off unless `select` names it explicitly (`--select ADMF127`, or
    `select = ["ADMF1", "ADMF127"]`: a family prefix or `ALL` does not turn it on). While it is
    off, imports do not count as blocking anywhere, so ADMF120 and ADMF125 do not report a sync
    helper or a library that imports a module either; once it is selected, they do, with the call
    chain. On twelve real projects (docs/realworld-findings.md) an import in a coroutine was 35
    findings and `importlib.import_module` of a configured class name reached through helpers 8
    more; every one was judged not worth a change.

    Fix: import at module level, or in a thread:
    `module = await asyncio.to_thread(importlib.import_module, name)`.
    """

    code = "ADMF127"
    name = "lazy-import"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import json\n\nasync def parse(text):\n    return json.loads(text)\n",
        "import asyncio, importlib\n\nasync def load(name):\n"
        "    return await asyncio.to_thread(importlib.import_module, name)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "async def render(table):\n    import pandas\n\n    return pandas.DataFrame(table)\n",
            message="`import` of a module the file does not import at its top blocks the event "
            "loop in coroutine `render()`",
        ),
        Invalid(
            "import importlib\n\nasync def plugin(name):\n"
            "    return importlib.import_module(name)\n",
            message="`importlib.import_module()`",
        ),
    ]
