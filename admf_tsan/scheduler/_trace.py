"""Where the controlled scheduler may switch: which files, which bytecodes, and their fingerprint.

Switch points are placed only in code under test. By default that is every file outside the
standard library, site-packages and the scheduler itself; an ``include(filename)`` predicate
replaces the default. Inside an included code object a switch point precedes every instruction
that can touch memory another thread can see (attribute, global, closure-cell and subscript
access, calls, iteration); instructions that only move values between the frame's own stack
and locals never need one, so they are skipped and PCT's step count stays small.
"""

from __future__ import annotations

import dis
import hashlib
import os
import sys
import sysconfig
import weakref
from collections.abc import Callable
from types import CodeType

GRANULARITIES = ("opcode", "line")

# Instructions that read or write only the frame's own stack and locals (or jump): a switch
# before them can never change what another thread observes.
_PRIVATE_OPNAMES = frozenset(
    {
        "CACHE",
        "NOP",
        "RESUME",
        "EXTENDED_ARG",
        "POP_TOP",
        "PUSH_NULL",
        "COPY",
        "SWAP",
        "KW_NAMES",
        "PRECALL",
        "LOAD_FAST",
        "LOAD_FAST_CHECK",
        "LOAD_FAST_AND_CLEAR",
        "LOAD_FAST_LOAD_FAST",
        "STORE_FAST",
        "STORE_FAST_LOAD_FAST",
        "STORE_FAST_STORE_FAST",
        "DELETE_FAST",
        "LOAD_CONST",
        "RETURN_CONST",
        "MAKE_CELL",
        "COPY_FREE_VARS",
        "JUMP_FORWARD",
        "JUMP_BACKWARD",
        "JUMP_BACKWARD_NO_INTERRUPT",
        "JUMP",
        "JUMP_NO_INTERRUPT",
        "POP_JUMP_IF_TRUE",
        "POP_JUMP_IF_FALSE",
        "POP_JUMP_IF_NONE",
        "POP_JUMP_IF_NOT_NONE",
        "POP_JUMP_FORWARD_IF_TRUE",
        "POP_JUMP_FORWARD_IF_FALSE",
        "POP_JUMP_BACKWARD_IF_TRUE",
        "POP_JUMP_BACKWARD_IF_FALSE",
        "POP_JUMP_FORWARD_IF_NONE",
        "POP_JUMP_FORWARD_IF_NOT_NONE",
        "POP_JUMP_BACKWARD_IF_NONE",
        "POP_JUMP_BACKWARD_IF_NOT_NONE",
        "RETURN_VALUE",
        "BUILD_TUPLE",
        "BUILD_LIST",
        "BUILD_MAP",
        "BUILD_SET",
        "BUILD_CONST_KEY_MAP",
        "BUILD_STRING",
        "BUILD_SLICE",
        "FORMAT_VALUE",
        "UNPACK_SEQUENCE",
        "IS_OP",
        "GEN_START",
        "POP_EXCEPT",
        "PUSH_EXC_INFO",
        "CHECK_EXC_MATCH",
        "RERAISE",
        "END_FOR",
        # Loads that read a binding almost never rebound by another thread (module functions,
        # closure cells, methods of a type): the race on a global or cell that is rebound
        # (``global n; n += 1``) still gets its switch point, before the in-place operator and
        # the store. Fewer switch points make every strategy's choices count.
        "LOAD_GLOBAL",
        "LOAD_DEREF",
        "LOAD_CLASSDEREF",
        "LOAD_CLOSURE",
        "LOAD_METHOD",
        "LOAD_BUILD_CLASS",
        "MAKE_FUNCTION",
        "IMPORT_NAME",
        "IMPORT_FROM",
        "GET_ITER",
        "BEFORE_WITH",
        "LIST_APPEND",
        "SET_ADD",
        "MAP_ADD",
        "RETURN_GENERATOR",
        "POP_BLOCK",
        "SETUP_FINALLY",
        "SETUP_CLEANUP",
        "SETUP_WITH",
    }
)
_SHARED_OPCODES = bytes(
    0 if name in _PRIVATE_OPNAMES or name.startswith("<") else 1 for name in dis.opname
)


def _excluded_roots() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths}
    roots.update({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix})
    # The scheduler and the runtime checkers are machinery, not code under test.
    roots.add(os.path.dirname(os.path.abspath(__file__)))
    roots.add(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "runtime"))
    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        roots.add(venv)
    return tuple(sorted(os.path.normcase(os.path.abspath(root)) + os.sep for root in roots))


_EXCLUDED_ROOTS = _excluded_roots()
_DEFAULT_CACHE: dict[str, bool] = {}
# Bumped whenever the machinery or included folders change: callers that cache answers derived
# from default_include / is_machinery compare it (see filter_generation).
_generation = 0
_HERE = os.path.normcase(os.path.dirname(os.path.abspath(__file__))) + os.sep
# The core's thread-start wrapper calls the scheduler's adoption hook: a switch point between
# the adoption and the real start of the thread would hand the turn to a thread that does not
# exist yet.
_THREAD_START = os.path.normcase(
    os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sync", "_thread_start.py"
    )
)
# Folders of tools that drive the scheduler (the pytest plugin): never code under test, and
# left out of reported stacks, like the scheduler's own files. Copy on write.
_machinery: tuple[str, ...] = (_HERE, _THREAD_START)


def add_machinery(directory: str) -> None:
    """Treat the files under ``directory`` as machinery that drives the scheduler, from now on.

    They get no switch points (whatever ``include`` says) and their frames are left out of the
    stacks a deadlock report prints, like the scheduler's own files. A tool that runs workers
    under the scheduler (the pytest plugin) registers its package folder. Idempotent; takes
    effect for schedulers created afterwards.
    """
    global _machinery, _generation
    root = os.path.normcase(os.path.abspath(directory)) + os.sep
    if root not in _machinery:
        _machinery = (*_machinery, root)
        _DEFAULT_CACHE.clear()
        _MACHINERY_CACHE.clear()
        _generation += 1


# Folders of installed code under test (the package under test installed non-editable, a
# package named with ``--admf-include``): switch points although they sit in site-packages.
_included: tuple[str, ...] = ()


def include_code(directory: str) -> None:
    """Give the files under ``directory`` switch points from now on, even in site-packages.

    The default filter skips the standard library and site-packages; a tool that knows which
    installed package is under test (the pytest plugin: the project's own package installed
    with ``pip install .``, packages named with ``--admf-include``) registers its folder here.
    Machinery stays excluded. Idempotent; takes effect for schedulers created afterwards.
    """
    global _included, _generation
    root = os.path.normcase(os.path.abspath(directory))
    root = root if root.endswith(".py") else root + os.sep
    if root not in _included:
        _included = (*_included, root)
        _DEFAULT_CACHE.clear()
        _generation += 1


def filter_generation() -> int:
    """A number that changes whenever ``add_machinery`` or ``include_code`` changes the filter."""
    return _generation


def included_code() -> tuple[str, ...]:
    """The folders (and single files) registered with :func:`include_code`, in order."""
    return _included


_MACHINERY_CACHE: dict[str, bool] = {}


def is_machinery(filename: str) -> bool:
    """True when ``filename`` is the scheduler's own or a registered tool's (``add_machinery``).

    The answer is cached per filename (every primitive a worker creates asks for its stack).
    """
    cached = _MACHINERY_CACHE.get(filename)
    if cached is None:
        cached = filename[:1] != "<" and os.path.normcase(os.path.abspath(filename)).startswith(
            _machinery
        )
        _MACHINERY_CACHE[filename] = cached
    return cached


def default_include(filename: str) -> bool:
    """True when ``filename`` is code under test: not stdlib, site-packages or machinery.

    Folders registered with :func:`include_code` count as code under test wherever they are.
    Pseudo files (``<frozen ...>``, ``<string>`` of code made by ``exec``, such as the
    ``__init__`` that dataclasses generate) are excluded. The answer is cached per filename.
    """
    cached = _DEFAULT_CACHE.get(filename)
    if cached is not None:
        return cached
    if filename.startswith("<"):
        answer = False
    else:
        path = os.path.normcase(os.path.abspath(filename))
        answer = not path.startswith(_machinery) and (
            not path.startswith(_EXCLUDED_ROOTS) or (bool(_included) and _is_included(path))
        )
    _DEFAULT_CACHE[filename] = answer
    return answer


def _is_included(path: str) -> bool:
    return any(path == root or path.startswith(root) for root in _included)


# Weak keys: code made at run time (exec, pytester) must not live as long as the process.
_MASK_CACHE: weakref.WeakKeyDictionary[CodeType, bytes] = weakref.WeakKeyDictionary()


def shared_access_mask(code: CodeType) -> bytes:
    """Per byte offset of ``code.co_code``: 1 where the instruction may touch shared memory."""
    mask = _MASK_CACHE.get(code)
    if mask is None:
        raw = code.co_code
        table = _SHARED_OPCODES
        out = bytearray(len(raw))
        for offset in range(0, len(raw), 2):
            out[offset] = table[raw[offset]]
        mask = bytes(out)
        _MASK_CACHE[code] = mask
    return mask


_IDENTITY_CACHE: weakref.WeakKeyDictionary[CodeType, str] = weakref.WeakKeyDictionary()


def code_identity(code: CodeType) -> str:
    """A stable description of one code object: where it is and a digest of what it does.

    Only process-independent parts go in (file name without its folder, qualified name, first
    line, bytecode, names and simple constants), so the same source gives the same identity in
    another process or checkout. Cached per code object.
    """
    identity = _IDENTITY_CACHE.get(code)
    if identity is None:
        identity = _IDENTITY_CACHE[code] = _compute_identity(code)
    return identity


def _compute_identity(code: CodeType) -> str:
    digest = hashlib.sha256(code.co_code)
    digest.update(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, CodeType):
            digest.update(b"<code " + const.co_qualname.encode() + b">")
        elif isinstance(const, (str, bytes, int, float, complex, bool, type(None), tuple)):
            digest.update(repr(const).encode())
        else:
            digest.update(type(const).__name__.encode())
    name = os.path.basename(code.co_filename)
    return f"{name}:{code.co_qualname}:{code.co_firstlineno}:{digest.hexdigest()[:16]}"


def fingerprint(identities: set[str]) -> str:
    """Digest of a set of code identities (order-independent); ``"-"`` for an empty set."""
    if not identities:
        return "-"
    digest = hashlib.sha256("\n".join(sorted(identities)).encode())
    return digest.hexdigest()[:16]


def make_include(include: Callable[[str], bool] | None) -> Callable[[str], bool]:
    """The effective filename filter: ``include`` (or the default), never the scheduler's files."""
    chosen = include or default_include
    cache: dict[str, bool] = {}

    def effective(filename: str) -> bool:
        answer = cache.get(filename)
        if answer is None:
            answer = not is_machinery(filename) and bool(chosen(filename))
            cache[filename] = answer
        return answer

    return effective
