"""ADMF110: blocking DNS lookups and socket connects (``socket.getaddrinfo`` ...) in a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid

_ADVICE = "use `await loop.getaddrinfo(...)` / `await asyncio.open_connection(...)`"


class BlockingDns(BlockingCallRule):
    """ADMF110: a blocking name lookup or connect inside a coroutine blocks the event loop.

    `socket.getaddrinfo()`, `gethostbyname()`, `gethostbyaddr()`, `getfqdn()` and
    `socket.create_connection()` resolve names through the system resolver, which can take seconds
    (and retries) on the calling thread.

    Fix: `await loop.getaddrinfo(host, port)` runs the lookup in the loop's executor;
    `await asyncio.open_connection(host, port)` resolves and connects without blocking.
    """

    code = "ADMF110"
    name = "blocking-dns"
    CALLS: ClassVar[dict[str, str]] = {
        f"socket.{name}": _ADVICE
        for name in (
            "getaddrinfo",
            "gethostbyname",
            "gethostbyname_ex",
            "gethostbyaddr",
            "getnameinfo",
            "getfqdn",
            "create_connection",
        )
    }
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def resolve(host):\n"
        "    return await asyncio.get_running_loop().getaddrinfo(host, 443)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import socket\n\nasync def resolve(host):\n    return socket.gethostbyname(host)\n",
            message="`socket.gethostbyname()` blocks the event loop",
        ),
        Invalid(
            "from socket import create_connection\n\nasync def dial():\n"
            "    return create_connection(('h', 1))\n"
        ),
    ]
