"""Where things happen: creation sites and stacks trimmed to the user's code.

Every report of the runtime checker names code by ``file:line``; this module decides which
frames are the user's (anything outside the standard library, test tooling and admf-tsan's
own instrumentation) so that reports show the lines a reader can act on.
"""

from __future__ import annotations

import _thread
import linecache
import os
import re
import sys
import sysconfig
import threading
from types import CodeType, FrameType

__all__ = [
    "StackFrame",
    "current_thread_name",
    "format_stack",
    "is_hidden_frame",
    "is_internal",
    "spelled_name",
    "thread_name",
    "user_frame",
    "user_stack",
]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_INTERNAL_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            os.path.join(_PACKAGE_DIR, "runtime") + os.sep,
            os.path.join(_PACKAGE_DIR, "sync") + os.sep,
            # The controlled scheduler's modeled primitives (once in the pytest plugin).
            os.path.join(_PACKAGE_DIR, "scheduler") + os.sep,
            os.path.join(_PACKAGE_DIR, "_instrumentation.py"),
            os.path.join(_PACKAGE_DIR, "cli.py"),
            sysconfig.get_paths()["scripts"] + os.sep,
            *(
                os.path.realpath(path) + os.sep
                for key in ("stdlib", "platstdlib")
                if (path := sysconfig.get_paths().get(key))
            ),
            *(
                os.path.abspath(path) + os.sep
                for key in ("stdlib", "platstdlib")
                if (path := sysconfig.get_paths().get(key))
            ),
        }
    )
)
_SITE_PACKAGES = ("site-packages" + os.sep, "dist-packages" + os.sep)
# Test runners and their plugins sit at the bottom of every stack under pytest; they are
# never the code a report is about.
_TOOLING = tuple(
    f"{os.sep}{name}{os.sep}"
    for name in ("_pytest", "pluggy", "pytest_timeout", "xdist", "pytest_admf", "execnet")
)
_internal_cache: dict[str, bool] = {}

StackFrame = tuple[str, int, str]
"""``(filename, line number, function name)`` of one frame."""


def is_internal(filename: str) -> bool:
    """True when ``filename`` is not user code (stdlib, test tooling, admf-tsan's checkers)."""
    cached = _internal_cache.get(filename)
    if cached is not None:
        return cached
    internal = filename.startswith("<frozen") or any(part in filename for part in _TOOLING)
    if not internal and filename.startswith(_INTERNAL_PREFIXES):
        internal = not any(part in filename for part in _SITE_PACKAGES)
    _internal_cache[filename] = internal
    return internal


def user_frame(frame: FrameType | None) -> FrameType | None:
    """The innermost frame at or above ``frame`` that is user code (None if there is none)."""
    while frame is not None and is_internal(frame.f_code.co_filename):
        frame = frame.f_back
    return frame


def site_of(frame: FrameType | None) -> tuple[CodeType | None, int]:
    """``(code, line)`` of the innermost user frame at or above ``frame`` (a cache key)."""
    found = user_frame(frame)
    if found is None:
        found = frame
    if found is None:
        return None, 0
    return found.f_code, found.f_lineno


def describe_site(code: CodeType | None, line: int) -> str:
    """``path:line in function`` for a site returned by :func:`site_of`."""
    if code is None:
        return "<unknown>"
    return f"{short_path(code.co_filename)}:{line} in {code.co_qualname}"


def short_path(filename: str) -> str:
    """``filename`` relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if relative.startswith("..") else relative


def raw_stack(frame: FrameType | None, limit: int = 64) -> list[StackFrame]:
    """The frames from ``frame`` outwards, innermost first."""
    frames: list[StackFrame] = []
    while frame is not None and len(frames) < limit:
        frames.append((frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_qualname))
        frame = frame.f_back
    return frames


_hidden_cache: dict[str, bool] = {}


def is_hidden_frame(filename: str) -> bool:
    """True when a frame of ``filename`` is left out of a stack shown to the user: what
    :func:`is_internal` says, plus every module of admf-tsan itself (its primitives too)."""
    hidden = _hidden_cache.get(filename)
    if hidden is None:
        hidden = is_internal(filename) or os.path.abspath(filename).startswith(
            _PACKAGE_DIR + os.sep
        )
        _hidden_cache[filename] = hidden
    return hidden


def user_stack(frame: FrameType | None, limit: int = 64) -> list[StackFrame]:
    """The user-code frames from ``frame`` outwards, innermost first (see
    :func:`is_hidden_frame`).

    Falls back to the whole stack when no frame is user code, so a report never comes out
    empty.
    """
    frames = raw_stack(frame, limit)
    trimmed = [entry for entry in frames if not is_hidden_frame(entry[0])]
    return trimmed or frames


def format_stack(frames: list[StackFrame], indent: str = "    ") -> str:
    """Kept for callers not yet moved: use ``admf_tsan.runtime._format.format_frames``."""
    from admf_tsan.runtime._format import format_frames

    return format_frames(frames, indent)


_ASSIGNED = re.compile(r"\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?::[^=]*)?=(?!=)")


def spelled_name(frame: FrameType | None) -> str | None:
    """The name the user's code gives what the line of ``frame`` makes, or None.

    ``cash_lock = threading.Lock()`` gives ``cash_lock``; ``self._lock = RLock()`` in a
    method of ``Account`` gives ``Account._lock``; a line that assigns nothing (or several
    names) gives None.
    """
    if frame is None:
        return None
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
    found = None if ";" in line else _ASSIGNED.match(line)
    if found is None:
        return None
    target = found.group(1)
    head, _, rest = target.partition(".")
    if head in ("self", "cls") and rest:
        owner = frame.f_locals.get(head)
        if owner is not None:
            owner_type = owner if isinstance(owner, type) else type(owner)
            return f"{owner_type.__name__}.{rest}"
    return target


def caller(depth: int) -> FrameType:
    """The frame ``depth`` levels above the caller of this function."""
    return sys._getframe(depth + 1)


def current_thread_name() -> str:
    """The calling thread's name, without making a ``threading`` dummy for raw threads."""
    return thread_name(_thread.get_ident())


def thread_name(ident: int) -> str:
    """The name of thread ``ident`` (``<raw thread N>`` for one ``threading`` does not know)."""
    thread = threading._active.get(ident)  # type: ignore[attr-defined]
    return thread.name if thread is not None else f"<raw thread {ident}>"
