"""ADMF111: ``sqlite3`` connections, queries and commits inside a coroutine (opt-in)."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingSqlite(BlockingCallRule):
    """ADMF111: sqlite3 work inside a coroutine blocks the event loop (opt-in).

    Opening a database, running a query, fetching rows and committing all touch the disk and may
    wait for another connection's lock (up to `timeout`, five seconds by default). Connections and
    cursors are resolved from `sqlite3.connect(...)`, `conn.cursor()` and annotations.

    On the 617 real projects judged (docs/realworld-findings.md and the held-out pages), none of
    the 39 sqlite3 findings (30 in coroutines, 9 at the end of a chain of helpers; 9 projects)
    was worth a change: a local database of a few rows opened and read at start-up, a session
    or peer store on local disk, a store documented as synchronous, a helper nothing calls. So
    the rule is off unless `select` names it (`--select ADMF111`; a family prefix or `ALL` does
    not turn it on). While it is off these calls do not count as blocking anywhere: ADMF120,
    ADMF121, ADMF125 and ADMF126 do not report a helper or a library whose only blocking work
    is sqlite3 work. Select it where the database is large, on a network file system, or written by
    several processes (a writer waits up to `timeout` for another's lock). The runtime checker
    still reports these calls when they run on the event loop.

    Fix: group the database work in a sync function and `await asyncio.to_thread(fn)` (one
    connection per thread, or `check_same_thread=False` with your own lock), or use `aiosqlite`.
    """

    code = "ADMF111"
    name = "blocking-sqlite"
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import asyncio, sqlite3\n\ndef count(path):\n"
        "    with sqlite3.connect(path) as conn:\n"
        "        return conn.execute('select 1').fetchone()\n\n"
        "async def f(path):\n    return await asyncio.to_thread(count, path)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import sqlite3\n\nasync def save(path, row):\n    conn = sqlite3.connect(path)\n"
            "    conn.execute('insert into t values (?)', row)\n    conn.commit()\n",
            message="`sqlite3.Connection.execute()`",
        ),
        Invalid(
            "import sqlite3\n\nclass Store:\n    def __init__(self, path):\n"
            "        self.db = sqlite3.connect(path)\n\n"
            "    async def rows(self):\n        cur = self.db.cursor()\n"
            "        return cur.fetchall()\n"
        ),
    ]
