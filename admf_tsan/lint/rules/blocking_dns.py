"""ADMF110: blocking DNS lookups and socket operations (`getaddrinfo`, `recv`) in a coroutine."""

from __future__ import annotations

from typing import ClassVar

from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.rule import Invalid


class BlockingDns(BlockingCallRule):
    """ADMF110: a blocking name lookup or socket operation inside a coroutine blocks the event loop.

    `socket.getaddrinfo()`, `gethostbyname()`, `gethostbyaddr()`, `getfqdn()` and
    `socket.create_connection()` resolve names through the system resolver, which can take seconds
    (and retries) on the calling thread. `connect()`, `accept()`, `recv()`, `recvfrom()`,
    `sendall()` on a socket made with `socket.socket()` wait for the network.

    Not reported, because they return at once: a lookup of a numeric host (an IP address literal
    such as `"127.0.0.1"`, or `AI_NUMERICHOST` in the flags of `getaddrinfo()`, alone, OR-ed
    with other flags or through a module constant), and `connect()` on a socket built as UDP
    (`socket.socket(AF_INET, SOCK_DGRAM)`: it only records the peer). Nor are socket calls on a
    socket known to be non-blocking: `sock.setblocking(False)` (or `settimeout(0)`) earlier in
    the same function on the same name or attribute, or where the socket was made (a function
    that returns it after that call, an attribute assigned from such a function), or a call
    inside a `try` whose handlers catch `BlockingIOError` (or `ssl.SSLWantReadError`), also
    through a module-level tuple (`except BLOCKING_IO_ERRORS:`), which only non-blocking I/O
    raises, or whose handler is its older spelling: it catches `socket.error` or `OSError` and
    leaves on `errno.EAGAIN`/`EWOULDBLOCK` (`if e.args[0] == EAGAIN: break`) or raises every
    other error (`if e.errno != EAGAIN: raise`); not a handler that retries on it (with
    `EINTR`) or raises on it. A socket given a kernel timeout (`SO_RCVTIMEO`) raises the same
    error when the timeout expires, so a read of one under such a handler is taken as
    non-blocking too.
    A host or socket type the linter cannot read is reported as before.

    Fix: `await loop.getaddrinfo(host, port)` runs the lookup in the loop's executor;
    `await asyncio.open_connection(host, port)` resolves and connects without blocking; on a raw
    socket use `await loop.sock_connect(sock, addr)`, `loop.sock_recv`, `loop.sock_sendall`.
    """

    code = "ADMF110"
    name = "blocking-socket"
    VALID: ClassVar[list[str]] = [
        "import asyncio\n\nasync def resolve(host):\n"
        "    return await asyncio.get_running_loop().getaddrinfo(host, 443)\n",
        "import socket\n\nasync def parse(ip):\n"
        "    return socket.getaddrinfo(\n"
        "        ip, 80, flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV\n    )\n",
        "import socket\n\nasync def local_ip(host):\n"
        "    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "    sock.connect((host, 80))\n    return sock.getsockname()[0]\n",
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
        Invalid(
            "import socket\n\nasync def ping(addr):\n    sock = socket.socket()\n"
            "    sock.connect(addr)\n    sock.sendall(b'ping')\n    return sock.recv(4)\n",
            message="`socket.socket.connect()` blocks the event loop",
        ),
    ]
