"""The network: HTTP clients and their connection pools, DNS, sockets, TLS, select.

Rules ADMF102 and ADMF110.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._advice import _DNS, _HTTP, _SELECT, _SOCKET, _VIA_SOCKET
from ._entries import (
    NEVER_POSITIONAL,
    NONBLOCKING_SOCKET,
    ON_NONBLOCKING_SOCKET,
    ArgRule,
    BlockingCall,
    BuiltNonBlocking,
    Flag,
    IpAddress,
    Predicate,
    SeenAs,
    Wrapped,
    _same,
)

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
# httpx2 is the maintained continuation of httpx, with the same sync API.
_HTTPX = ("httpx", "httpx2")
_HTTPX_CLIENT = (*_HTTP_VERBS, "send", "stream", "close")


_SOCKET_METHODS = (
    "connect",
    "accept",
    "recv",
    "recv_into",
    "recvfrom",
    "recvfrom_into",
    "recvmsg",
    "send",
    "sendall",
    "sendto",
    "sendmsg",
    "sendfile",
)
_SSL_METHODS = ("read", "write", "recv", "recv_into", "send", "sendall", "do_handshake")
_DNS_CALLS = (
    "getaddrinfo",
    "gethostbyname",
    "gethostbyname_ex",
    "gethostbyaddr",
    "getnameinfo",
    "getfqdn",
    "create_connection",
)
# A numeric host (an IP address literal, or ``AI_NUMERICHOST`` in the flags, which makes a
# name an error instead of a lookup) is parsed, not resolved: the call returns at once. So is
# ``getnameinfo()`` with ``NI_NUMERICHOST``: the address is formatted, never looked up (a
# service name, as with ``AI_NUMERICHOST`` and a named port, comes from the services
# database, a local file unless NSS sends it elsewhere). Flags held in a local variable are not
# followed: such a call stays reported.
_NUMERIC_HOST: dict[str, tuple[ArgRule, ...]] = {
    "getaddrinfo": (
        ("host", 0, (IpAddress(),)),
        ("flags", 5, (Flag("socket.AI_NUMERICHOST"),)),
    ),
    "getnameinfo": (("flags", 1, (Flag("socket.NI_NUMERICHOST"),)),),
    "gethostbyname": (("hostname", 0, (IpAddress(),)),),
    "gethostbyname_ex": (("hostname", 0, (IpAddress(),)),),
}


def _http() -> Iterator[BlockingCall]:
    names = [
        *(f"requests.{verb}" for verb in _HTTP_VERBS),
        *(f"requests.Session.{verb}" for verb in (*_HTTP_VERBS, "send")),
        *(f"requests.api.{verb}" for verb in _HTTP_VERBS),
        *(f"{httpx}.{verb}" for httpx in _HTTPX for verb in (*_HTTP_VERBS, "stream")),
        *(f"{httpx}.Client.{method}" for httpx in _HTTPX for method in _HTTPX_CLIENT),
        "urllib.request.urlopen",
        "urllib.request.urlretrieve",
        "urllib.request.OpenerDirector.open",
        "http.client.HTTPConnection.request",
        "http.client.HTTPConnection.getresponse",
        "http.client.HTTPConnection.connect",
        "http.client.HTTPSConnection.request",
        "http.client.HTTPSConnection.getresponse",
        "http.client.HTTPResponse.read",
        "urllib3.request",
        "urllib3.PoolManager.request",
        "urllib3.PoolManager.urlopen",
    ]
    yield from _same("ADMF102", names, _HTTP, _VIA_SOCKET)


def _socket() -> Iterator[BlockingCall]:
    code = "ADMF110"
    for name in _DNS_CALLS:
        yield BlockingCall(
            f"socket.{name}", code, _DNS, Wrapped("socket", name), _NUMERIC_HOST.get(name, ())
        )
    for method in _SOCKET_METHODS:
        # ``connect()`` of a datagram socket to an address waits for nothing (UDP_SOCKETS):
        # the runtime's predicate tells it by the socket's type and the address it is given.
        predicate: Predicate = "socket_connect" if method == "connect" else "socket"
        yield BlockingCall(
            f"socket.socket.{method}",
            code,
            _SOCKET,
            Wrapped("socket", f"socket.{method}", predicate),
            (ON_NONBLOCKING_SOCKET,),
        )
    yield BlockingCall(
        "socket.socket.makefile",
        code,
        _SOCKET,
        SeenAs("socket.socket.recv", "reads and writes on the file it returns use the socket"),
    )
    for method in _SSL_METHODS:
        yield BlockingCall(
            f"ssl.SSLSocket.{method}",
            code,
            _SOCKET,
            Wrapped("ssl", f"SSLSocket.{method}", "socket"),
            (ON_NONBLOCKING_SOCKET,),
        )
    yield BlockingCall(
        "select.select",
        code,
        _SELECT,
        Wrapped("select", "select", "select"),
        (("timeout", 3, (0,)),),
    )


_URLLIB3_POOLS = (
    "urllib3.HTTPConnectionPool",
    "urllib3.HTTPSConnectionPool",
    "urllib3.PoolManager",
    "urllib3.ProxyManager",
    "urllib3.connectionpool.ConnectionPool",
    "urllib3.connectionpool.HTTPConnectionPool",
    "urllib3.connectionpool.HTTPSConnectionPool",
    "urllib3.poolmanager.PoolManager",
    "urllib3.poolmanager.ProxyManager",
    "urllib3.request.RequestMethods",
    "urllib3._request_methods.RequestMethods",
)


#: A socket made non-blocking (``setblocking(False)`` / ``settimeout(0)``) where it is made: every
#: socket method returns at once (or raises ``BlockingIOError``). No constructor argument builds
#: it: the linter types a local as this variant after that call, so a function returning the
#: socket, and an attribute assigned from such a function, carry it.
NONBLOCKING_SOCKETS = BuiltNonBlocking(
    "nonblocking",
    ("socket.socket",),
    _SOCKET_METHODS,
    NONBLOCKING_SOCKET,
    NEVER_POSITIONAL,
    (True,),
)

#: A UDP socket's ``connect()`` only records the peer address (no handshake, no I/O).
UDP_SOCKETS = BuiltNonBlocking(
    "SOCK_DGRAM",
    ("socket.socket",),
    ("connect",),
    "type",
    1,
    (Flag("socket.SOCK_DGRAM"), Flag("socket.SocketKind.SOCK_DGRAM")),
)
