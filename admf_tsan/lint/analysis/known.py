"""What the analysis knows about libraries it does not read: result types of common calls.

The index treats every name listed here (and every name a rule's catalogue lists) as external even
when a project module of that name exists, so linting the standard library itself still sees
``threading.Lock()`` as a lock and ``queue.Queue`` as the blocking queue it is.
"""

from __future__ import annotations

from admf_tsan.lint.analysis import types

#: callee -> class of the object it returns. A capitalised external callee that is not listed
#: (``requests.Session``) is assumed to be a class and returns an instance of itself.
RETURNS: dict[str, str] = {
    "sqlite3.connect": "sqlite3.Connection",
    "sqlite3.Connection.cursor": "sqlite3.Cursor",
    "sqlite3.Connection.execute": "sqlite3.Cursor",
    "sqlite3.Cursor.execute": "sqlite3.Cursor",
    "builtins.open": "io.TextIOWrapper",
    "io.open": "io.TextIOWrapper",
    "asyncio.get_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.get_running_loop": "asyncio.AbstractEventLoop",
    "asyncio.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.AbstractEventLoop.create_future": "asyncio.Future",
    "asyncio.AbstractEventLoop.create_task": "asyncio.Task",
    "asyncio.create_task": "asyncio.Task",
    "asyncio.ensure_future": "asyncio.Task",
    "asyncio.events.get_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.get_running_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.run_coroutine_threadsafe": "concurrent.futures.Future",
    "asyncio.tasks.run_coroutine_threadsafe": "concurrent.futures.Future",
    "concurrent.futures.ThreadPoolExecutor.submit": "concurrent.futures.Future",
    "concurrent.futures.ProcessPoolExecutor.submit": "concurrent.futures.Future",
    "concurrent.futures.Executor.submit": "concurrent.futures.Future",
    "concurrent.futures.thread.ThreadPoolExecutor.submit": "concurrent.futures.Future",
    "concurrent.futures.process.ProcessPoolExecutor.submit": "concurrent.futures.Future",
    "multiprocessing.Queue": "multiprocessing.Queue",
    "multiprocessing.Lock": "multiprocessing.Lock",
    "multiprocessing.RLock": "multiprocessing.RLock",
    "multiprocessing.Event": "multiprocessing.Event",
    "multiprocessing.Semaphore": "multiprocessing.Semaphore",
    "multiprocessing.Process": "multiprocessing.Process",
    "multiprocessing.Pool": "multiprocessing.pool.Pool",
    "multiprocessing.pool.ThreadPool": "multiprocessing.pool.Pool",
    "socket.socket": "socket.socket",
    "socket.create_connection": "socket.socket",
    "http.client.HTTPConnection": "http.client.HTTPConnection",
    "http.client.HTTPSConnection": "http.client.HTTPConnection",
    "http.client.HTTPSConnection.getresponse": "http.client.HTTPResponse",
    "http.client.HTTPConnection.getresponse": "http.client.HTTPResponse",
    "urllib.request.urlopen": "http.client.HTTPResponse",
    "pathlib.Path": "pathlib.Path",
    "pathlib.PurePath": "pathlib.PurePath",
    "pathlib.Path.cwd": "pathlib.Path",
    "pathlib.Path.home": "pathlib.Path",
    "subprocess.Popen": "subprocess.Popen",
    "threading.Thread": "threading.Thread",
    "threading.Timer": "threading.Thread",
    "threading.current_thread": "threading.Thread",
    **types.RETURNS,
}

#: Lock-like classes of the threading world (blocking when waited on from a coroutine).
THREADING_LOCKS = frozenset(
    {
        "threading.Lock",
        "threading.RLock",
        "threading.Condition",
        "threading.Semaphore",
        "threading.BoundedSemaphore",
        "_thread.allocate_lock",
        "_thread.RLock",
        "_thread.LockType",
        "multiprocessing.Lock",
        "multiprocessing.RLock",
        "multiprocessing.Semaphore",
        "multiprocessing.BoundedSemaphore",
        "multiprocessing.Condition",
    }
)

#: Always external: the names above plus the classes whose methods rules look at.
EXTERNAL_NAMES = (
    frozenset(RETURNS)
    | THREADING_LOCKS
    | frozenset(RETURNS.values())
    | frozenset(
        {
            "threading.Event",
            "threading.Barrier",
            "queue.Queue",
            "queue.LifoQueue",
            "queue.PriorityQueue",
            "queue.SimpleQueue",
            "asyncio.create_task",
            "asyncio.ensure_future",
            "asyncio.run",
            "asyncio.sleep",
            "asyncio.wait",
            "asyncio.wait_for",
            "asyncio.to_thread",
            "asyncio.Queue",
            "asyncio.Lock",
            "asyncio.Event",
            "asyncio.Condition",
            "asyncio.Semaphore",
            "asyncio.TaskGroup",
            "asyncio.CancelledError",
            "concurrent.futures.Future",
            "concurrent.futures.ThreadPoolExecutor",
            "concurrent.futures.ProcessPoolExecutor",
            "concurrent.futures.wait",
            "concurrent.futures.as_completed",
        }
    )
)
