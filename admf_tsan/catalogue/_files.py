"""Files: open, paths, os and shutil, imports, metadata, TLS contexts, zones, file objects.

Rules ADMF104 (bulk file work: copies, archives, ``fsync``, descriptors that can be pipes, TLS
contexts), with the terminal (ADMF109) and sqlite databases (ADMF111); the opt-in ADMF127
(imports), ADMF128 (one metadata query or single-entry change: ``os.stat``, ``Path.exists``,
``os.unlink``), ADMF130 (opening, reading or writing one file: ``open()``, ``Path.read_text``,
file objects, package metadata, time zones) and ADMF131 (listing or walking directories,
removing a tree: ``os.listdir``, ``glob``, ``Path.iterdir``, ``shutil.rmtree``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ._advice import (
    _BRIEF_FILE,
    _DIRECTORY,
    _FILE,
    _IMPORT,
    _METADATA,
    _SQLITE,
    _SSL_CONTEXT,
    _ZONEINFO,
)
from ._entries import (
    ON_LISTING_NOT_ITERATED,
    ON_NONBLOCKING_SOCKET,
    BlockingCall,
    CheckedVia,
    NotSeen,
    SeenAs,
    Wrapped,
    _module_calls,
    _same,
)

_OS_FILE_CALLS = ("open", "fsync")
# Listing a directory (ADMF131, opt-in): a few system calls per directory, from the kernel's
# directory cache on a local disk, judged not worth a change wherever a coroutine made one.
_OS_LISTINGS = ("listdir", "scandir")
# One metadata syscall or one directory-entry change (ADMF128, opt-in): microseconds from the
# inode cache, judged not worth a change wherever a coroutine made one.
_OS_BRIEF = (
    *("stat", "lstat", "access", "statvfs"),
    *("remove", "unlink", "rename", "replace", "mkdir", "rmdir", "chmod"),
)
_PATH_IO = ("read_text", "read_bytes", "write_text", "write_bytes", "open")
_PATH_BRIEF = ("exists", "is_file", "is_dir", "stat", "mkdir", "unlink", "touch")
# More Path methods that touch the disk once (ADMF128), and the os call each makes.
_PATH_VIA_OS = (
    ("lstat", "lstat"),
    ("is_symlink", "lstat"),
    ("samefile", "stat"),
    ("is_mount", "stat"),
    ("rmdir", "rmdir"),
    ("rename", "rename"),
    ("replace", "replace"),
)
# Path methods that return an iterator listing the directory as it is advanced (``iterdir`` up
# to Python 3.12): a call whose result is handed on, not iterated, lists nothing there.
_PATH_LISTINGS = (("iterdir", "os.listdir"), ("glob", "os.scandir"), ("rglob", "os.scandir"))
#: Generators that walk a tree with ``os.scandir()`` as they are advanced: (name, as shown).
_WALKS = (("os.walk", "os.walk"), ("os.fwalk", "os.fwalk"), ("pathlib.Path.walk", "Path.walk"))
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
_SHUTIL = ("copy", "copy2", "copyfile", "copytree", "move")
_SHUTIL_ARCHIVES = ("make_archive", "unpack_archive")
_ARCHIVE_METHODS = ("extract", "extractall")


_SQLITE_CONNECTION = ("execute", "executemany", "executescript", "commit", "rollback", "backup")
_SQLITE_CURSOR = ("execute", "executemany", "executescript", "fetchone", "fetchmany", "fetchall")


def _file_io() -> Iterator[BlockingCall]:
    # Opening, reading or writing one file (ADMF130, opt-in): from the page cache of a local
    # disk, judged not worth a change almost everywhere a coroutine did it.
    yield BlockingCall("builtins.open", "ADMF130", _FILE, Wrapped("builtins", "open"))
    yield from _module_calls("ADMF130", "io", ("open", "open_code"), _FILE)
    yield from _module_calls("ADMF130", "codecs", ("open",), _FILE)
    for name in _PATH_IO:
        yield BlockingCall(
            f"pathlib.Path.{name}", "ADMF130", _FILE, Wrapped("pathlib", f"Path.{name}")
        )
    for name in _PATH_BRIEF:
        yield BlockingCall(
            f"pathlib.Path.{name}", "ADMF128", _BRIEF_FILE, Wrapped("pathlib", f"Path.{name}")
        )
    for name, via in _PATH_VIA_OS:
        yield BlockingCall(
            f"pathlib.Path.{name}",
            "ADMF128",
            _BRIEF_FILE,
            SeenAs(f"os.{via}", f"Path.{name}() calls os.{via}()"),
        )
    yield from _module_calls("ADMF104", "shutil", _SHUTIL, _FILE)
    # Removing a tree walks it and removes one entry at a time (ADMF131, with the listings).
    yield from _module_calls("ADMF131", "shutil", ("rmtree",), _DIRECTORY)
    # Whole archives: every member is a file written or read (ADMF104, bulk file work).
    archives = NotSeen("the detector sees the files they open, one at a time, at open()")
    yield from _same("ADMF104", (f"shutil.{name}" for name in _SHUTIL_ARCHIVES), _FILE, archives)
    for archive in ("zipfile.ZipFile", "tarfile.TarFile"):
        yield from _same(
            "ADMF104", (f"{archive}.{method}" for method in _ARCHIVE_METHODS), _FILE, archives
        )
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
    yield from _module_calls("ADMF131", "os", _OS_LISTINGS, _DIRECTORY)
    yield from _module_calls("ADMF128", "os", _OS_BRIEF, _BRIEF_FILE)
    # Cutting a file to a size changes one file, as a write does (ADMF130, opt-in).
    yield from _module_calls("ADMF130", "os", ("truncate",), _FILE)
    for method, listing in _PATH_LISTINGS:
        yield BlockingCall(
            f"pathlib.Path.{method}",
            "ADMF131",
            _DIRECTORY,
            SeenAs(
                listing, f"Path.{method}() lists directories with {listing}() as it is iterated"
            ),
            (ON_LISTING_NOT_ITERATED,),
        )
    for name in _OS_PATH_STAT:
        yield BlockingCall(
            f"os.path.{name}",
            "ADMF128",
            _BRIEF_FILE,
            SeenAs("os.stat", f"os.path.{name}() calls os.stat()"),
        )
    for name in _OS_PATH_LSTAT:
        yield BlockingCall(
            f"os.path.{name}",
            "ADMF128",
            _BRIEF_FILE,
            SeenAs("os.lstat", f"os.path.{name}() calls os.lstat()"),
        )
    # Tree walks: ``os.walk``, by descriptors ``os.fwalk`` and, from Python 3.12, ``Path.walk``.
    for name, shown in _WALKS:
        yield BlockingCall(
            name,
            "ADMF131",
            _DIRECTORY,
            SeenAs("os.scandir", f"{shown}() lists directories with os.scandir()"),
            (ON_LISTING_NOT_ITERATED,),
        )
    for name in ("glob", "iglob"):
        yield BlockingCall(
            f"glob.{name}",
            "ADMF131",
            _DIRECTORY,
            SeenAs("os.scandir", f"glob.{name}() lists directories with os.scandir()"),
            # glob() returns a list (it has listed); iglob() an iterator, like os.walk().
            (ON_LISTING_NOT_ITERATED,) if name == "iglob" else (),
        )
    yield BlockingCall(
        "os.fdopen", "ADMF130", _FILE, SeenAs("io.open", "os.fdopen() calls io.open()")
    )
    yield BlockingCall(
        "logging.FileHandler",
        "ADMF130",
        _FILE,
        NotSeen(
            "it opens its file through logging, whose own file work the detector lets through "
            "(a log call in a coroutine is not the bug it looks for)"
        ),
        (("delay", 3, (True,)),),
    )
    yield BlockingCall(
        "zoneinfo.ZoneInfo",
        "ADMF130",
        _ZONEINFO,
        NotSeen("a class with a C implementation; only the first lookup of each key reads a file"),
    )
    imports = NotSeen(
        "imports run in importlib, whose file reads the detector lets through (a module is "
        "read once, then cached)"
    )
    yield BlockingCall("importlib.import_module", "ADMF127", _IMPORT, imports)
    # ``import x`` in a coroutine, for a module the file does not import at its top.
    yield BlockingCall("builtins.__import__", "ADMF127", _IMPORT, imports)
    for name in _METADATA_CALLS:
        yield BlockingCall(f"importlib.metadata.{name}", "ADMF130", _METADATA, imports)
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
    # A pipe, a socket or a terminal in blocking mode waits for the other end; a read or write
    # made where ``BlockingIOError`` is caught (or suppressed) is on a non-blocking descriptor.
    yield BlockingCall(
        "os.read", "ADMF104", _FILE, Wrapped("os", "read", "fd"), (ON_NONBLOCKING_SOCKET,)
    )
    # Writes to the terminal (fd 1 and 2) are what print() does; not worth a finding.
    yield BlockingCall(
        "os.write",
        "ADMF104",
        _FILE,
        Wrapped("os", "write", "fd_write"),
        (("fd", 0, (1, 2)), ON_NONBLOCKING_SOCKET),
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


def _sqlite() -> Iterator[BlockingCall]:
    code = "ADMF111"
    yield BlockingCall("sqlite3.connect", code, _SQLITE, Wrapped("sqlite3", "connect"))
    via = CheckedVia("sqlite3.connect")
    yield from _same(code, (f"sqlite3.Connection.{m}" for m in _SQLITE_CONNECTION), _SQLITE, via)
    yield from _same(code, (f"sqlite3.Cursor.{m}" for m in _SQLITE_CURSOR), _SQLITE, via)


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
