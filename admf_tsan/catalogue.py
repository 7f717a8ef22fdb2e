"""The blocking-call catalogue: one table of the calls that block an event loop.

Each :class:`BlockingCall` names a call by its qualified name (``time.sleep``,
``requests.Session.get``, ``threading.Event.wait``), the ADMF1xx lint rule that reports it, the
advice that rule's message gives, the literal arguments that make the call return at once, and
what the runtime checker does about it:

* :class:`Wrapped`: the runtime wraps ``module.attribute`` (``attribute`` may be
  ``Class.method``) and asks the named ``would_block`` predicate whether this call would wait;
* :class:`CheckedVia`: objects made by another wrapped call are checked (the runtime's
  ``sqlite3.connect`` returns a connection whose methods are checked);
* :class:`SeenAs`: not wrapped itself, but the call always goes through another wrapped entry
  (an inherited method, a helper that calls ``open()``), which reports it;
* :class:`NotSeen`: the runtime cannot or should not wrap it (a C type, a third-party module,
  a call asyncio already refuses), with the reason.

The linter (``admf_tsan.lint.blocking``) and the runtime (``admf_tsan.runtime._blocking``) both
read this table, so they agree by construction. This module is data only: it imports nothing of
``admf_tsan``, so the linter, which imports nothing of the library, may read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "BLOCKING_CLASSES",
    "CATALOGUE",
    "ArgRule",
    "BlockingCall",
    "BlockingClass",
    "CheckedVia",
    "NotSeen",
    "Predicate",
    "Runtime",
    "SeenAs",
    "Wrapped",
    "BLOCKING_PRESETS",
    "by_code",
    "by_name",
    "classes_by_code",
]

#: ``(keyword, position, values)``: the call does not block when that literal argument is one of
#: ``values`` (``q.get(block=False)``, ``event.wait(0)``). ``position`` is ``None`` for
#: keyword-only arguments.
ArgRule = tuple[str, int | None, tuple[Any, ...]]

#: The runtime's would-block predicates, by name (``admf_tsan.runtime._blocking.PREDICATES``).
Predicate = Literal[
    "always",
    "sleep",
    "fd",
    "fd_write",
    "socket",
    "select",
    "waitpid",
    "wait3",
    "wait4",
    "waitid",
    "spawn",
    "popen_wait",
    "popen_communicate",
    "event_wait",
    "condition_wait",
    "join",
    "semaphore",
    "barrier",
    "queue_get",
    "queue_put",
    "queue_join",
    "future",
    "futures_wait",
]

#: The kinds of wait the runtime's watchdog tracks (a wrapped call with a ``wait_kind`` is
#: recorded as a wait of that kind on every thread, not only checked on the loop).
WaitKind = Literal["sleep", "event", "condition", "join", "semaphore", "barrier", "queue", "future"]


@dataclass(frozen=True, slots=True)
class Wrapped:
    """The runtime wraps ``module.attribute`` and reports a call when ``would_block`` says so.

    ``timeout_at`` is the position of the ``timeout`` argument after the receiver (used to tell
    a bounded wait from an unbounded one in the watchdog's report).
    """

    module: str
    attribute: str
    would_block: Predicate = "always"
    wait_kind: WaitKind | None = None
    timeout_at: int = 0


@dataclass(frozen=True, slots=True)
class CheckedVia:
    """Checked on the objects that the wrapped ``factory`` call makes (not on older ones)."""

    factory: str


@dataclass(frozen=True, slots=True)
class SeenAs:
    """Not wrapped; every call goes through the wrapped entry ``name``, which reports it."""

    name: str
    why: str


@dataclass(frozen=True, slots=True)
class NotSeen:
    """Not wrapped by the runtime, for ``reason``."""

    reason: str


Runtime = Wrapped | CheckedVia | SeenAs | NotSeen


@dataclass(frozen=True, slots=True)
class BlockingCall:
    """One catalogue line: a call, the rule that reports it, the advice, the runtime's view."""

    name: str
    code: str
    advice: str
    runtime: Runtime
    non_blocking: tuple[ArgRule, ...] = ()


@dataclass(frozen=True, slots=True)
class BlockingClass:
    """A class every method of which blocks (a file object, a connection pool).

    A call of any method on an instance of ``name`` (or of a subclass) is reported by rule
    ``code``, except the methods in ``returns_at_once`` (``fileno()`` of a file), which only read
    state. ``runtime`` says what the runtime checker does about the class's methods.
    """

    name: str
    code: str
    advice: str
    runtime: Runtime
    returns_at_once: tuple[str, ...] = ()


# -- advice texts (one per family; the rule's message is "`name()` blocks ...; <advice>") ------

_SLEEP = "use `await asyncio.sleep(...)` instead"
_HTTP = "use an async client (`httpx.AsyncClient`, aiohttp) or `await asyncio.to_thread(...)`"
_PROCESS = "use `await asyncio.create_subprocess_exec(...)` (or `asyncio.to_thread`)"
_FILE = "move the file work to a thread: `await asyncio.to_thread(...)` (or use aiofiles)"
_THREAD_WAIT = (
    "use the asyncio primitive (`asyncio.Event`, `asyncio.Lock`, ...) or wait in a thread with "
    "`await asyncio.to_thread(...)`"
)
_QUEUE = (
    "use `get_nowait()`/`put_nowait()`, an `asyncio.Queue`, or `await asyncio.to_thread(q.get)`"
)
_JOIN = "join in a thread: `await asyncio.to_thread(t.join)`"
_FUTURE = (
    "await it instead: `await asyncio.wrap_future(fut)` (or `await loop.run_in_executor(...)`)"
)
_DNS = "use `await loop.getaddrinfo(...)` / `await asyncio.open_connection(...)`"
_SOCKET = "use `await loop.sock_connect/sock_recv/sock_sendall(...)` or asyncio streams"
_SELECT = "let the loop wait: `loop.add_reader(fd, callback)` or asyncio streams"
_SSL_CONTEXT = (
    "build the SSL context once, at startup or in a thread "
    "(`await asyncio.to_thread(ssl.create_default_context)`): it reads the certificate store"
)
_IMPORT = (
    "import at module level, or in a thread: "
    "`await asyncio.to_thread(importlib.import_module, name)`"
)
_METADATA = (
    "read package metadata once at startup, or in a thread: `await asyncio.to_thread(...)` "
    "(each lookup scans sys.path)"
)
_ZONEINFO = (
    "make ZoneInfo objects at import time or in a thread: the first lookup of a key reads the "
    "time-zone database"
)
_SQLITE = "run the database work in a thread (`await asyncio.to_thread(...)`) or use aiosqlite"
_NESTED_LOOP = "`await` the coroutine instead of starting another event loop"

# -- shared runtime reasons --------------------------------------------------------------------

_VIA_SOCKET = SeenAs(
    "socket.socket.recv", "the client's own socket connect/send/recv calls are wrapped"
)
_C_LOCK = NotSeen(
    "a C lock type that cannot be patched; locks made while checking is on are instrumented and "
    "a contended acquire on the loop is reported"
)
_MP_SEMLOCK = NotSeen("a multiprocessing SemLock method written in C; it cannot be patched")
_MP_QUEUE = NotSeen(
    "a multiprocessing queue waits on a pipe and a SemLock in C; whether a call would wait "
    "cannot be told without racing its feeder thread"
)
_ASYNCIO_REFUSES = NotSeen(
    "asyncio itself raises RuntimeError when a loop is started on a thread whose loop is running"
)

_GET: tuple[ArgRule, ...] = (("block", 0, (False,)), ("timeout", 1, (0,)))
_PUT: tuple[ArgRule, ...] = (("block", 1, (False,)), ("timeout", 2, (0,)))
_ACQUIRE: tuple[ArgRule, ...] = (("blocking", 0, (False,)), ("timeout", 1, (0,)))
_TIMEOUT0: tuple[ArgRule, ...] = (("timeout", 0, (0,)),)

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
# httpx2 is the maintained continuation of httpx, with the same sync API.
_HTTPX = ("httpx", "httpx2")
_HTTPX_CLIENT = (*_HTTP_VERBS, "send", "stream", "close")
_OS_FILE_CALLS = (
    "stat",
    "lstat",
    "listdir",
    "scandir",
    "remove",
    "unlink",
    "rename",
    "replace",
    "mkdir",
    "rmdir",
    "access",
    "statvfs",
    "open",
    "fsync",
    "truncate",
)
_PATH_READ_WRITE = ("read_text", "read_bytes", "write_text", "write_bytes", "open")
_PATH_IO = (*_PATH_READ_WRITE, "exists", "is_file", "is_dir", "stat", "mkdir", "unlink", "touch")
# More Path methods that touch the disk, and the os call each makes.
_PATH_VIA_OS = (
    ("lstat", "lstat"),
    ("is_symlink", "lstat"),
    ("samefile", "stat"),
    ("is_mount", "stat"),
    ("rmdir", "rmdir"),
    ("rename", "rename"),
    ("replace", "replace"),
)
_PATH_LISTINGS = (("iterdir", "os.listdir"), ("glob", "os.scandir"), ("rglob", "os.scandir"))
# os.path queries that stat the file (os.path.exists is posixpath.exists or ntpath.exists).
_OS_PATH_STAT = ("exists", "isfile", "isdir", "getsize", "getmtime", "getatime", "getctime")
_OS_PATH_LSTAT = ("islink", "lexists")
_METADATA_CALLS = (
    *("version", "distribution", "distributions", "metadata", "entry_points"),
    *("files", "requires", "packages_distributions"),
)
_SSL_CONTEXT_LOADS = (
    "load_verify_locations",
    "load_cert_chain",
    "load_default_certs",
    "set_default_verify_paths",
)
_SHUTIL = ("copy", "copy2", "copyfile", "copytree", "move", "rmtree")
_SUBPROCESS_RUN = ("run", "call", "check_call", "check_output", "getoutput", "getstatusoutput")
_OS_SPAWN = ("spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe")
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
_SQLITE_CONNECTION = ("execute", "executemany", "executescript", "commit", "rollback", "backup")
_SQLITE_CURSOR = ("execute", "executemany", "executescript", "fetchone", "fetchmany", "fetchall")
_LOCKS_C = ("threading.Lock", "threading.RLock", "_thread.allocate_lock", "_thread.RLock")
_LOCKS_MP = ("multiprocessing.Lock", "multiprocessing.RLock", "multiprocessing.Semaphore")
_QUEUE_SUBCLASSES = ("queue.LifoQueue", "queue.PriorityQueue")
_MP_QUEUES = ("multiprocessing.Queue", "multiprocessing.JoinableQueue")
_LOOPS = ("asyncio.AbstractEventLoop", "asyncio.BaseEventLoop", "asyncio.base_events.BaseEventLoop")


def _module_calls(
    code: str, module: str, names: Iterable[str], advice: str, would_block: Predicate = "always"
) -> Iterator[BlockingCall]:
    """``module.name`` for each name, each wrapped in place by the runtime."""
    for name in names:
        yield BlockingCall(f"{module}.{name}", code, advice, Wrapped(module, name, would_block))


def _same(code: str, names: Iterable[str], advice: str, runtime: Runtime) -> Iterator[BlockingCall]:
    for name in names:
        yield BlockingCall(name, code, advice, runtime)


def _sleep() -> Iterator[BlockingCall]:
    yield BlockingCall("time.sleep", "ADMF101", _SLEEP, Wrapped("time", "sleep", "sleep", "sleep"))


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


def _subprocess() -> Iterator[BlockingCall]:
    yield from _module_calls("ADMF103", "subprocess", _SUBPROCESS_RUN, _PROCESS)
    yield BlockingCall(
        "subprocess.Popen",
        "ADMF103",
        _PROCESS,
        NotSeen(
            "a class: replacing it would break isinstance() and subclasses; the fork is short, "
            "the waits are Popen.wait/communicate, which are wrapped"
        ),
    )
    yield BlockingCall(
        "subprocess.Popen.wait",
        "ADMF103",
        _PROCESS,
        Wrapped("subprocess", "Popen.wait", "popen_wait"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "subprocess.Popen.communicate",
        "ADMF103",
        _PROCESS,
        Wrapped("subprocess", "Popen.communicate", "popen_communicate"),
        (("timeout", 1, (0,)),),
    )
    yield from _module_calls("ADMF103", "os", ("system", "popen", "wait"), _PROCESS)
    waits: tuple[tuple[str, Predicate], ...] = (
        ("waitpid", "waitpid"),
        ("wait3", "wait3"),
        ("wait4", "wait4"),
        ("waitid", "waitid"),
    )
    for name, predicate in waits:  # each blocks unless given WNOHANG
        yield BlockingCall(f"os.{name}", "ADMF103", _PROCESS, Wrapped("os", name, predicate))
    yield from _module_calls("ADMF103", "os", _OS_SPAWN, _PROCESS, "spawn")
    for name in ("posix_spawn", "posix_spawnp"):
        yield BlockingCall(
            f"os.{name}",
            "ADMF103",
            _PROCESS,
            NotSeen(
                "it starts a process without waiting for it, like subprocess.Popen; the waits "
                "(os.waitpid and friends) are wrapped"
            ),
        )


def _file_io() -> Iterator[BlockingCall]:
    yield BlockingCall("builtins.open", "ADMF104", _FILE, Wrapped("builtins", "open"))
    yield from _module_calls("ADMF104", "io", ("open", "open_code"), _FILE)
    yield from _module_calls("ADMF104", "codecs", ("open",), _FILE)
    for name in _PATH_IO:
        yield BlockingCall(
            f"pathlib.Path.{name}", "ADMF104", _FILE, Wrapped("pathlib", f"Path.{name}")
        )
    for name, via in _PATH_VIA_OS:
        yield BlockingCall(
            f"pathlib.Path.{name}",
            "ADMF104",
            _FILE,
            SeenAs(f"os.{via}", f"Path.{name}() calls os.{via}()"),
        )
    yield from _module_calls("ADMF104", "shutil", _SHUTIL, _FILE)
    yield BlockingCall(
        "shutil.copyfileobj",
        "ADMF104",
        _FILE,
        NotSeen(
            "it copies between file objects that may live in memory; opening a real file is "
            "reported at open()"
        ),
    )
    yield from _module_calls("ADMF104", "os", _OS_FILE_CALLS, _FILE)
    for method, listing in _PATH_LISTINGS:
        yield BlockingCall(
            f"pathlib.Path.{method}",
            "ADMF104",
            _FILE,
            SeenAs(
                listing, f"Path.{method}() lists directories with {listing}() as it is iterated"
            ),
        )
    for name in _OS_PATH_STAT:
        yield BlockingCall(
            f"os.path.{name}",
            "ADMF104",
            _FILE,
            SeenAs("os.stat", f"os.path.{name}() calls os.stat()"),
        )
    for name in _OS_PATH_LSTAT:
        yield BlockingCall(
            f"os.path.{name}",
            "ADMF104",
            _FILE,
            SeenAs("os.lstat", f"os.path.{name}() calls os.lstat()"),
        )
    yield BlockingCall(
        "os.walk",
        "ADMF104",
        _FILE,
        SeenAs("os.scandir", "os.walk() lists directories with os.scandir()"),
    )
    for name in ("glob", "iglob"):
        yield BlockingCall(
            f"glob.{name}",
            "ADMF104",
            _FILE,
            SeenAs("os.scandir", f"glob.{name}() lists directories with os.scandir()"),
        )
    yield BlockingCall(
        "os.fdopen", "ADMF104", _FILE, SeenAs("io.open", "os.fdopen() calls io.open()")
    )
    yield BlockingCall(
        "logging.FileHandler",
        "ADMF104",
        _FILE,
        NotSeen(
            "it opens its file through logging, whose own file work the detector lets through "
            "(a log call in a coroutine is not the bug it looks for)"
        ),
        (("delay", 3, (True,)),),
    )
    yield BlockingCall(
        "zoneinfo.ZoneInfo",
        "ADMF104",
        _ZONEINFO,
        NotSeen("a class with a C implementation; only the first lookup of each key reads a file"),
    )
    imports = NotSeen(
        "imports run in importlib, whose file reads the detector lets through (a module is "
        "read once, then cached)"
    )
    yield BlockingCall("importlib.import_module", "ADMF104", _IMPORT, imports)
    # ``import x`` in a coroutine, for a module the file does not import at its top.
    yield BlockingCall("builtins.__import__", "ADMF104", _IMPORT, imports)
    for name in _METADATA_CALLS:
        yield BlockingCall(f"importlib.metadata.{name}", "ADMF104", _METADATA, imports)
    yield BlockingCall(
        "ssl.create_default_context",
        "ADMF104",
        _SSL_CONTEXT,
        Wrapped("ssl", "create_default_context"),
    )
    for method in _SSL_CONTEXT_LOADS:
        yield BlockingCall(
            f"ssl.SSLContext.{method}",
            "ADMF104",
            _SSL_CONTEXT,
            Wrapped("ssl", f"SSLContext.{method}"),
        )
    # A pipe, a socket or a terminal in blocking mode waits for the other end.
    yield BlockingCall("os.read", "ADMF104", _FILE, Wrapped("os", "read", "fd"))
    # Writes to the terminal (fd 1 and 2) are what print() does; not worth a finding.
    yield BlockingCall(
        "os.write", "ADMF104", _FILE, Wrapped("os", "write", "fd_write"), (("fd", 0, (1, 2)),)
    )


def _thread_wait() -> Iterator[BlockingCall]:
    code = "ADMF105"
    for lock in _LOCKS_C:
        yield BlockingCall(f"{lock}.acquire", code, _THREAD_WAIT, _C_LOCK, _ACQUIRE)
    yield BlockingCall(
        "threading.Semaphore.acquire",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Semaphore.acquire", "semaphore", "semaphore", 1),
        _ACQUIRE,
    )
    yield BlockingCall(
        "threading.BoundedSemaphore.acquire",
        code,
        _THREAD_WAIT,
        SeenAs("threading.Semaphore.acquire", "BoundedSemaphore inherits Semaphore.acquire"),
        _ACQUIRE,
    )
    yield BlockingCall(
        "threading.Condition.acquire",
        code,
        _THREAD_WAIT,
        NotSeen(
            "it is the acquire of the Condition's lock, bound at construction; an instrumented "
            "lock reports a contended acquire"
        ),
        _ACQUIRE,
    )
    for lock in _LOCKS_MP:
        yield BlockingCall(f"{lock}.acquire", code, _THREAD_WAIT, _MP_SEMLOCK, _ACQUIRE)
    yield BlockingCall(
        "threading.Event.wait",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Event.wait", "event_wait", "event"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "threading.Condition.wait",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Condition.wait", "condition_wait", "condition"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "threading.Condition.wait_for",
        code,
        _THREAD_WAIT,
        SeenAs("threading.Condition.wait", "wait_for() waits with Condition.wait()"),
        (("timeout", 1, (0,)),),
    )
    yield BlockingCall(
        "threading.Barrier.wait",
        code,
        _THREAD_WAIT,
        Wrapped("threading", "Barrier.wait", "barrier", "barrier"),
        _TIMEOUT0,
    )
    yield BlockingCall("multiprocessing.Event.wait", code, _THREAD_WAIT, _MP_SEMLOCK, _TIMEOUT0)


def _queue() -> Iterator[BlockingCall]:
    code = "ADMF106"
    yield BlockingCall(
        "queue.Queue.get",
        code,
        _QUEUE,
        Wrapped("queue", "Queue.get", "queue_get", "queue", 1),
        _GET,
    )
    yield BlockingCall(
        "queue.Queue.put",
        code,
        _QUEUE,
        Wrapped("queue", "Queue.put", "queue_put", "queue", 2),
        _PUT,
    )
    yield BlockingCall(
        "queue.Queue.join", code, _QUEUE, Wrapped("queue", "Queue.join", "queue_join")
    )
    for subclass in _QUEUE_SUBCLASSES:
        for method, rules in (("get", _GET), ("put", _PUT)):
            yield BlockingCall(
                f"{subclass}.{method}",
                code,
                _QUEUE,
                SeenAs(f"queue.Queue.{method}", f"{subclass} inherits Queue.{method}"),
                rules,
            )
    simple = NotSeen("queue.SimpleQueue is a C type; it cannot be patched")
    yield BlockingCall("queue.SimpleQueue.get", code, _QUEUE, simple, _GET)
    yield BlockingCall("queue.SimpleQueue.put", code, _QUEUE, simple, _PUT)
    for mp_queue in _MP_QUEUES:
        yield BlockingCall(f"{mp_queue}.get", code, _QUEUE, _MP_QUEUE, _GET)
        yield BlockingCall(f"{mp_queue}.put", code, _QUEUE, _MP_QUEUE, _PUT)
    yield BlockingCall("multiprocessing.JoinableQueue.join", code, _QUEUE, _MP_QUEUE)


def _join() -> Iterator[BlockingCall]:
    code = "ADMF107"
    yield BlockingCall(
        "threading.Thread.join",
        code,
        _JOIN,
        Wrapped("threading", "Thread.join", "join", "join"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "multiprocessing.Process.join",
        code,
        _JOIN,
        Wrapped("multiprocessing.process", "BaseProcess.join", "join"),
        _TIMEOUT0,
    )
    yield BlockingCall(
        "multiprocessing.pool.Pool.join",
        code,
        _JOIN,
        SeenAs("threading.Thread.join", "Pool.join() joins the pool's handler threads"),
        _TIMEOUT0,
    )


def _future() -> Iterator[BlockingCall]:
    code = "ADMF108"
    for method in ("result", "exception"):
        yield BlockingCall(
            f"concurrent.futures.Future.{method}",
            code,
            _FUTURE,
            Wrapped("concurrent.futures", f"Future.{method}", "future", "future"),
            _TIMEOUT0,
        )
    yield BlockingCall(
        "concurrent.futures.wait",
        code,
        _FUTURE,
        Wrapped("concurrent.futures", "wait", "futures_wait"),
        (("timeout", 1, (0,)),),
    )
    yield BlockingCall(
        "concurrent.futures.as_completed",
        code,
        _FUTURE,
        SeenAs(
            "threading.Event.wait",
            "as_completed() returns a generator; iterating it waits with Event.wait()",
        ),
    )


def _input() -> Iterator[BlockingCall]:
    yield BlockingCall(
        "builtins.input",
        "ADMF109",
        "use `await asyncio.to_thread(input, ...)`",
        Wrapped("builtins", "input"),
    )
    yield BlockingCall(
        "getpass.getpass",
        "ADMF109",
        "use `await asyncio.to_thread(getpass.getpass, ...)`",
        Wrapped("getpass", "getpass"),
    )


def _socket() -> Iterator[BlockingCall]:
    code = "ADMF110"
    yield from _module_calls(code, "socket", _DNS_CALLS, _DNS)
    for method in _SOCKET_METHODS:
        yield BlockingCall(
            f"socket.socket.{method}",
            code,
            _SOCKET,
            Wrapped("socket", f"socket.{method}", "socket"),
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
        )
    yield BlockingCall(
        "select.select",
        code,
        _SELECT,
        Wrapped("select", "select", "select"),
        (("timeout", 3, (0,)),),
    )


def _sqlite() -> Iterator[BlockingCall]:
    code = "ADMF111"
    yield BlockingCall("sqlite3.connect", code, _SQLITE, Wrapped("sqlite3", "connect"))
    via = CheckedVia("sqlite3.connect")
    yield from _same(code, (f"sqlite3.Connection.{m}" for m in _SQLITE_CONNECTION), _SQLITE, via)
    yield from _same(code, (f"sqlite3.Cursor.{m}" for m in _SQLITE_CURSOR), _SQLITE, via)


def _nested_loop() -> Iterator[BlockingCall]:
    names = [
        "asyncio.run",
        "asyncio.runners.run",
        "asyncio.Runner.run",
        *(f"{loop}.run_until_complete" for loop in _LOOPS),
        *(f"{loop}.run_forever" for loop in _LOOPS),
    ]
    yield from _same("ADMF112", names, _NESTED_LOOP, _ASYNCIO_REFUSES)


#: Every blocking call the linter and the runtime know, grouped by rule code.
CATALOGUE: tuple[BlockingCall, ...] = (
    *_sleep(),
    *_http(),
    *_subprocess(),
    *_file_io(),
    *_thread_wait(),
    *_queue(),
    *_join(),
    *_future(),
    *_input(),
    *_socket(),
    *_sqlite(),
    *_nested_loop(),
)


_STDLIB_CLIENTS = (
    ("smtplib", "SMTP"),
    ("smtplib", "SMTP_SSL"),
    ("ftplib", "FTP"),
    ("ftplib", "FTP_TLS"),
    ("imaplib", "IMAP4"),
    ("imaplib", "IMAP4_SSL"),
    ("poplib", "POP3"),
    ("poplib", "POP3_SSL"),
    ("xmlrpc.client", "ServerProxy"),
)
_FILE_OBJECT = NotSeen(
    "methods of io's C file types cannot be patched; opening the file is reported at open()"
)
_FILE_CLASSES = (
    "io.TextIOWrapper",
    "io.BufferedReader",
    "io.BufferedWriter",
    "io.BufferedRandom",
    "io.BufferedRWPair",
    "io.FileIO",
)
#: File-object methods that only read the object's state.
_FILE_STATE = ("fileno", "isatty", "readable", "writable", "seekable")
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

#: Classes whose every method blocks (but the ones that only read state), by rule code.
BLOCKING_CLASSES: tuple[BlockingClass, ...] = (
    *(BlockingClass(name, "ADMF104", _FILE, _FILE_OBJECT, _FILE_STATE) for name in _FILE_CLASSES),
    *(BlockingClass(name, "ADMF102", _HTTP, _VIA_SOCKET) for name in _URLLIB3_POOLS),
)


#: Named sets of blocking calls of common libraries outside the catalogue, which a project turns
#: on with ``blocking-presets = ["redis", ...]`` in ``[tool.admf-tsan]``: dotted names as in
#: ``blocking-calls`` (``Class.*``: every method of an instance of that class).
BLOCKING_PRESETS: dict[str, tuple[str, ...]] = {
    "boto3": (
        "boto3.client",
        "boto3.resource",
        "boto3.Session.client",
        "boto3.Session.resource",
        "boto3.session.Session.client",
        "boto3.session.Session.resource",
        "botocore.client.BaseClient.*",
    ),
    "redis": ("redis.Redis.*", "redis.StrictRedis.*", "redis.client.Redis.*", "redis.from_url"),
    "psycopg2": (
        "psycopg2.connect",
        "psycopg2.extensions.connection.*",
        "psycopg2.extensions.cursor.*",
    ),
    "psycopg": ("psycopg.connect", "psycopg.Connection.*", "psycopg.Cursor.*"),
    "pymysql": ("pymysql.connect", "pymysql.connections.Connection.*", "pymysql.cursors.Cursor.*"),
    "pymongo": (
        "pymongo.MongoClient",
        "pymongo.MongoClient.*",
        "pymongo.database.Database.*",
        "pymongo.collection.Collection.*",
    ),
    "paramiko": ("paramiko.SSHClient.*", "paramiko.SFTPClient.*", "paramiko.Transport.*"),
    "pika": ("pika.BlockingConnection", "pika.BlockingConnection.*"),
    "elasticsearch": ("elasticsearch.Elasticsearch.*",),
    "stdlib-network": (
        *(f"{module}.{cls}" for module, cls in _STDLIB_CLIENTS),
        *(f"{module}.{cls}.*" for module, cls in _STDLIB_CLIENTS),
    ),
}


def classes_by_code(code: str) -> tuple[BlockingClass, ...]:
    """The classes whose methods rule ``code`` reports (empty for a code with none)."""
    return tuple(cls for cls in BLOCKING_CLASSES if cls.code == code)


def by_code(code: str) -> tuple[BlockingCall, ...]:
    """The catalogue entries reported by rule ``code`` (empty for a code with none)."""
    return tuple(entry for entry in CATALOGUE if entry.code == code)


def by_name(name: str) -> BlockingCall:
    """The catalogue entry named ``name``. Raises KeyError naming it when there is none."""
    for entry in CATALOGUE:
        if entry.name == name:
            return entry
    raise KeyError(f"{name!r} is not in the blocking-call catalogue")
