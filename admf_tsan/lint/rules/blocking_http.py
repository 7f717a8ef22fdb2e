"""ADMF102: synchronous HTTP (requests, urllib, http.client, httpx, urllib3) inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingHttp(BlockingCallRule):
    """ADMF102: a synchronous HTTP request inside a coroutine blocks the event loop.

    `requests`, `urllib.request`, `http.client`, `urllib3` and the synchronous `httpx` API wait for
    the network on the calling thread. In a coroutine that is the event-loop thread, so every task
    stalls for as long as the slowest server takes to answer (or time out).

    Fix: use an async client (`httpx.AsyncClient`, `aiohttp`), or move the call to a worker thread
    with `await asyncio.to_thread(requests.get, url)`.
    """

    code = "ADMF102"
    name = "blocking-http"
    VALID: ClassVar[list[str]] = [
        "import httpx\n\nasync def quote():\n"
        "    async with httpx.AsyncClient() as client:\n        return await client.get('u')\n",
        "import asyncio, requests\n\nasync def quote():\n"
        "    return await asyncio.to_thread(requests.get, 'u')\n",
        "import asyncio, requests\n\nasync def quote(loop):\n"
        "    return await loop.run_in_executor(None, lambda: requests.get('u'))\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import requests\n\nasync def quote():\n    return requests.get('u').json()\n",
            message="`requests.get()` blocks the event loop",
        ),
        Invalid(
            "import requests\n\nclass Feed:\n    def __init__(self):\n"
            "        self.session = requests.Session()\n\n"
            "    async def quote(self):\n        return self.session.post('u')\n",
            message="`requests.Session.post()`",
        ),
        Invalid("from urllib.request import urlopen\n\nasync def f():\n    urlopen('u')\n"),
        Invalid(
            "import http.client\n\nasync def f():\n"
            "    conn = http.client.HTTPSConnection('h')\n    conn.request('GET', '/')\n"
        ),
        Invalid("import httpx\n\nasync def f():\n    httpx.get('u')\n"),
    ]
