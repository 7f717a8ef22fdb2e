"""The advice texts, runtime reasons and argument rules the family tables share."""

from __future__ import annotations

from ._entries import ArgRule, NotSeen, SeenAs

# -- advice texts (one per family; the rule's message is "`name()` blocks ...; <advice>") ------

_SLEEP = "use `await asyncio.sleep(...)` instead"
_HTTP = "use an async client (`httpx.AsyncClient`, aiohttp) or `await asyncio.to_thread(...)`"
_PROCESS = "use `await asyncio.create_subprocess_exec(...)` (or `asyncio.to_thread`)"
_PIPE = (
    "use `await asyncio.create_subprocess_exec(..., stdout=PIPE)` and await its streams "
    "(`await proc.stdout.readline()`), or `asyncio.to_thread`"
)
_FILE = "move the file work to a thread: `await asyncio.to_thread(...)` (or use aiofiles)"
_DIRECTORY = (
    "list or walk the directory in a thread: `await asyncio.to_thread(os.listdir, path)` "
    "(or group the walk in a sync helper run with `asyncio.to_thread`)"
)
_BRIEF_FILE = (
    "one file-system call, microseconds from the kernel's caches on a local disk; where the file "
    "system can stall (a network mount), run it in a thread: `await asyncio.to_thread(...)`"
)
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
