"""Instrumented ``Lock`` and ``RLock``: the lock-order validator's and the watchdog's eyes.

An instrumented lock wraps a real lock (whatever ``threading.Lock`` / ``RLock`` made when
checking started, so another tool's patched locks are wrapped, not replaced). While a
checking session is active it keeps the calling thread's held-lock stack, asks the
lock-order validator about each *new* pair of lock classes (a pair seen before costs one set
lookup), and, only when the lock is contended, tells the blocking detector and registers the
wait for the watchdog. After the session ends the lock keeps working as a plain lock.

A lock *class* (lockdep's term) is where the lock was made: its creation site, or the name the
factory gives (``Portfolio._lock``). Locks made at one site share one class and one order.
"""

from __future__ import annotations

import _thread
import importlib
import itertools
import os
import sys
import threading
from collections.abc import Callable
from types import CodeType, FrameType
from typing import TYPE_CHECKING, Any, ClassVar

from admf_tsan.runtime import _sites
from admf_tsan.runtime._state import begin_wait, end_wait, hooks, thread_state

try:
    from _asyncio import _get_running_loop
except ImportError:  # pragma: no cover - the pure Python asyncio
    from asyncio.events import _get_running_loop

__all__ = [
    "CheckedLock",
    "CheckedRLock",
    "LockClass",
    "available_implementations",
    "implementation",
    "lock_class_for",
    "make_checked_lock",
    "use_implementation",
]

_registry_mutex = _thread.allocate_lock()
_serials = itertools.count(1)


class LockClass:
    """A lockdep lock class: every lock made at one site (or given one name).

    ``after`` holds the classes already checked as acquired while one of this class was held;
    the validator fills it, the hot path only reads it. ``spelled`` is the name the creating
    line gives the lock (``cash_lock``, ``Account._lock``), when it gives one.
    """

    __slots__ = ("key", "name", "site", "kind", "after", "count", "spelled")

    def __init__(
        self, key: str, name: str, site: str, kind: str, spelled: str | None = None
    ) -> None:
        self.key = key
        self.name = name
        self.site = site
        self.kind = kind
        self.after: set[LockClass] = set()
        self.count = 0
        self.spelled = spelled

    @property
    def label(self) -> str:
        """How reports name the lock: as the user's code spells it, else by ``name``."""
        return self.spelled or self.name

    def describe(self) -> str:
        """``cash_lock = Lock@app.py:3 (Lock created at app.py:3 in <module>)``."""
        spelled = f"{self.spelled} = " if self.spelled and self.spelled != self.name else ""
        return f"{spelled}{self.name} ({self.kind} created at {self.site})"

    def __repr__(self) -> str:
        return f"<LockClass {self.name} {self.kind}, {self.count} instance(s)>"


_classes_by_name: dict[str, LockClass] = {}
_classes_by_site: dict[tuple[CodeType | None, int, str], LockClass] = {}


def lock_class_for(kind: str, name: str | None, depth: int) -> LockClass:
    """The class of a lock made now: ``name`` when given, else the user frame that made it.

    ``depth`` is how many frames above the caller the search starts.
    """
    frame = sys._getframe(depth + 1)
    code, line = _sites.site_of(frame)
    site = _sites.describe_site(code, line)
    with _registry_mutex:
        if name is not None:
            found = _classes_by_name.get(name)
            if found is None:
                found = _classes_by_name[name] = LockClass(f"name:{name}", name, site, kind)
        else:
            found = _classes_by_site.get((code, line, kind))
            if found is None:
                short = site.split(" in ", 1)[0]
                # Once per site: read the creating line for the name the user gives the lock.
                spelled = _sites.spelled_name(_sites.user_frame(frame))
                found = LockClass(f"site:{short}:{kind}", f"{kind}@{short}", site, kind, spelled)
                _classes_by_site[(code, line, kind)] = found
        found.count += 1
    return found


def all_lock_classes() -> list[LockClass]:
    """Every lock class made so far."""
    with _registry_mutex:
        return [*_classes_by_name.values(), *_classes_by_site.values()]


class _PyLockCore:
    """The hot path of ``CheckedLock`` in Python: acquire, release and the context manager.

    The C extension ``admf_tsan.runtime._lockfast`` (``_lockfast.c``, built when a compiler is
    there) implements these four methods step for step and calls the same slow paths; these
    are the specification, the fallback without the extension (or with
    ``ADMF_TSAN_PURE_PYTHON=1``), and what ``use_implementation("python")`` switches to.
    """

    __slots__ = ("_inner", "_class", "_after", "_holder", "_try", "_unlock")

    reentrant: ClassVar[bool]
    _inner: Any
    _class: LockClass
    _after: set[LockClass]
    _holder: list[Any] | None
    _try: Callable[..., bool]
    _unlock: Callable[[], None]

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if hooks.active:
            held = thread_state.held
            # A cached edge (the common nested case) costs one set lookup and nothing else.
            if held and self._class not in held[-1]._after and blocking:
                _new_pair(held, self)
            if self._try(False):
                held.append(self)
                self._holder = held
                return True
            return _contended(self, blocking, timeout, held)
        return self._try(blocking, timeout)

    __enter__ = acquire

    def release(self) -> None:
        self._unlock()
        held = self._holder
        if held:
            top = held.pop()
            if top is not self:  # released out of order (or not tracked): undo, then find it
                held.append(top)
                if self in held:
                    held.remove(self)

    # The body of release(), inlined rather than delegated: one Python call less on the
    # hot path of every `with lock:`.
    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        self._unlock()
        held = self._holder
        if held:
            top = held.pop()
            if top is not self:  # released out of order (or not tracked): undo, then find it
                held.append(top)
                if self in held:
                    held.remove(self)


class _PyRLockCore(_PyLockCore):
    """The hot path of ``CheckedRLock`` in Python (see ``_PyLockCore``); re-entry is no edge."""

    __slots__ = ()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        inner = self._inner
        if hooks.active and not inner._is_owned():
            held = thread_state.held
            if held and self._class not in held[-1]._after and blocking:
                _new_pair(held, self)
            if self._try(False):
                held.append(self)
                self._holder = held
                return True
            return _contended(self, blocking, timeout, held)
        return inner.acquire(blocking, timeout)  # type: ignore[no-any-return]

    __enter__ = acquire

    def release(self) -> None:
        inner = self._inner
        inner.release()
        held = self._holder
        if held and not inner._is_owned():
            top = held.pop()
            if top is not self:  # released out of order (or not tracked): undo, then find it
                held.append(top)
                if self in held:
                    held.remove(self)

    # release() inlined, as in _PyLockCore.__exit__.
    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        inner = self._inner
        inner.release()
        held = self._holder
        if held and not inner._is_owned():
            top = held.pop()
            if top is not self:  # released out of order (or not tracked): undo, then find it
                held.append(top)
                if self in held:
                    held.remove(self)


def _load_accelerator() -> Any:
    """The C hot paths, or None: not built (no compiler at install), or turned off."""
    if os.environ.get("ADMF_TSAN_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        return importlib.import_module("admf_tsan.runtime._lockfast")
    except ImportError:
        return None


_lockfast = _load_accelerator()

if TYPE_CHECKING:
    _LockCore = _PyLockCore
    _RLockCore = _PyRLockCore
elif _lockfast is not None:
    _LockCore, _RLockCore = _lockfast.LockCore, _lockfast.RLockCore
else:
    _LockCore, _RLockCore = _PyLockCore, _PyRLockCore


class CheckedLock(_LockCore):
    """A non-reentrant lock that reports to the runtime checkers (see the module docstring).

    Same protocol as ``threading.Lock``: ``acquire(blocking=True, timeout=-1)``,
    ``release()``, ``locked()``, context manager. Raises what the inner lock raises, plus the
    checkers' violations (``LockOrderViolation``, ``BlockingCallError``, ``DeadlockDetected``)
    when the session raises on violation; they are raised *before* the lock is taken.
    ``acquire``, ``release``, ``__enter__`` and ``__exit__`` come from the core class: C when
    the extension is built, else ``_PyLockCore``.
    """

    __slots__ = ("serial", "__weakref__")
    reentrant = False

    def __init__(self, inner: Any, lock_class: LockClass) -> None:
        self._inner = inner
        self._class = lock_class
        # The class's set of checked successors, one attribute away from the held lock that
        # the hot path reads it from (the validator fills and clears it in place).
        self._after = lock_class.after
        # The held-lock list of the thread that took the lock (a thread may release a Lock
        # another one took; the entry to drop is in the taker's list).
        self._holder = None
        # Bound once: the hot path saves an attribute lookup per call.
        self._try = inner.acquire
        self._unlock = inner.release
        self.serial = next(_serials)

    @property
    def lock_class(self) -> LockClass:
        """The lockdep class of this lock."""
        return self._class

    def locked(self) -> bool:
        return self._inner.locked()  # type: ignore[no-any-return]

    # The protocol threading.Condition uses when the lock offers it: waiting must release the
    # lock in the bookkeeping too, and re-taking it after the wait must never fail half way.

    def _is_owned(self) -> bool:
        if hooks.active and self in thread_state.held:
            return True
        # What Condition assumes for a plain Lock: held (by someone) counts as owned.
        if self._inner.acquire(False):
            self._inner.release()
            return False
        return True

    def _release_save(self) -> None:
        self.release()

    def _acquire_restore(self, state: object) -> None:
        if not hooks.active:
            self._inner.acquire()
            return
        _restore(self, self._inner.acquire)

    def _at_fork_reinit(self) -> None:
        self._inner._at_fork_reinit()

    def __repr__(self) -> str:
        state = "locked" if self._lock_state() else "unlocked"
        return f"<{type(self).__name__} {self._class.name} {state}>"

    def _lock_state(self) -> bool:
        return bool(self._inner.locked())


class CheckedRLock(CheckedLock, _RLockCore):
    """A reentrant lock that reports to the runtime checkers; re-entry is never an edge.

    Same protocol as ``threading.RLock``, including the private methods
    ``threading.Condition`` relies on (``_is_owned``, ``_release_save``, ``_acquire_restore``).
    """

    __slots__ = ()
    reentrant = True

    def locked(self) -> bool:
        """True when some thread holds the lock (not in RLock's 3.11 API; handy in reports)."""
        if self._inner._is_owned():
            return True
        if self._inner.acquire(False):
            self._inner.release()
            return False
        return True

    def _lock_state(self) -> bool:
        return self.locked()

    def _is_owned(self) -> bool:
        return self._inner._is_owned()  # type: ignore[no-any-return]

    def _release_save(self) -> Any:
        state = self._inner._release_save()
        held = self._holder
        if held and self in held:
            held.remove(self)
        return state

    def _acquire_restore(self, state: Any) -> None:
        if not hooks.active:
            self._inner._acquire_restore(state)
            return
        _restore(self, lambda: self._inner._acquire_restore(state))

    def _recursion_count(self) -> int:
        return self._inner._recursion_count()  # type: ignore[no-any-return]


_HOT_METHODS = ("acquire", "__enter__", "release", "__exit__")
_implementation = "c" if _lockfast is not None else "python"


def available_implementations() -> tuple[str, ...]:
    """The hot paths this process can run: ``("c", "python")``, or ``("python",)`` when the
    extension is not built or ``ADMF_TSAN_PURE_PYTHON=1`` turned it off."""
    return ("c", "python") if _lockfast is not None else ("python",)


def implementation() -> str:
    """The hot path checked locks run now: ``"c"`` or ``"python"``."""
    return _implementation


def use_implementation(name: str) -> None:
    """Run every checked lock's hot path in C or in Python from now on (tests, benchmarks).

    The methods are switched on the classes, so existing locks switch too; a bound method
    taken before (``threading.Condition`` binds ``acquire`` and ``release`` when it is made)
    keeps the implementation it was bound to. Both do the same thing.
    """
    global _implementation
    if name not in available_implementations():
        raise ValueError(f"lock implementation {name!r} not available here")
    for cls, core in ((CheckedLock, _PyLockCore), (CheckedRLock, _PyRLockCore)):
        for method in _HOT_METHODS:
            if name == "python" and _lockfast is not None:
                setattr(cls, method, core.__dict__[method])
            elif method in cls.__dict__:
                delattr(cls, method)
    _implementation = name


def _restore(lock: CheckedLock, take: Callable[[], object]) -> None:
    """Re-take ``lock`` after a Condition wait: check the order, wait, and only then raise a
    violation, so the caller's ``with condition:`` still holds the lock it will release."""
    held = thread_state.held
    violation: BaseException | None = None
    if held and lock._class not in held[-1]._after:
        try:
            _new_pair(held, lock)
        except Exception as error:  # raised by a session that raises on violation
            violation = error
    record = begin_wait("lock", lock, f"re-acquire {lock._class.name}", True)
    try:
        take()
    finally:
        end_wait(record)
    held.append(lock)
    lock._holder = held
    if violation is not None:
        raise violation


def _new_pair(held: list[Any], lock: _PyLockCore) -> None:
    """Ask the validator about a pair of lock classes not checked yet (off the hot path)."""
    validator = hooks.validator
    if validator is not None:
        validator.on_new_pair(held, lock)


def _contended(lock: _PyLockCore, blocking: bool, timeout: float, held: list[Any]) -> bool:
    """The slow path: ``lock`` is held by someone; see whether waiting is a violation."""
    if not blocking or timeout == 0:
        return False
    if not lock.reentrant and timeout < 0 and lock in held and hooks.report is not None:
        hooks.report("self-deadlock", lock=lock)
    if hooks.blocking is not None and not thread_state.busy and _get_running_loop() is not None:
        frame = sys._getframe(1)  # acquire() in Python; the caller when acquire() is C
        caller = _acquiring_frame(frame.f_back if frame.f_code in _HOT_CODES else frame)
        if caller is not None:
            hooks.blocking.on_blocking_call(f"{lock._class.name}.acquire()", caller)
    record = begin_wait("lock", lock, f"acquire {lock._class.name}", timeout < 0)
    try:
        acquired: bool = lock._inner.acquire(True, timeout)
    finally:
        end_wait(record)
    if acquired:
        held.append(lock)
        lock._holder = held
    return acquired


_THREADING_FILE = threading.__file__
# The Python frames of the hot path between a caller and _contended (none in C).
_HOT_CODES = frozenset(core.acquire.__code__ for core in (_PyLockCore, _PyRLockCore))


def _acquiring_frame(frame: FrameType | None) -> FrameType | None:
    """The user frame that asked for the lock, or None when a library took it.

    ``with condition:`` goes through ``threading.Condition``; that is still the user's wait.
    A lock taken inside another library call (a ``queue.Queue`` mutex, a ``Semaphore``'s
    condition) is that library's short critical section: the library's own blocking calls
    are checked by their wrappers, with their own would-block rules.
    """
    while frame is not None and frame.f_code.co_filename == _THREADING_FILE:
        frame = frame.f_back
    if frame is None or _sites.is_internal(frame.f_code.co_filename):
        return None
    return frame


def lock_serial() -> int:
    """A serial number from the sequence checked locks take theirs from (to count them)."""
    return next(_serials)


def make_checked_lock(inner: Any, *, reentrant: bool, name: str | None, depth: int) -> CheckedLock:
    """Wrap ``inner`` (a real lock) in a checked lock named ``name`` or by its creation site.

    A checked ``inner`` (made by factories that ``instrument_new_locks()`` installed) is not
    wrapped twice: it is returned as it is, or re-wrapped under ``name``.
    """
    if isinstance(inner, CheckedLock):
        if name is None:
            return inner
        inner = inner._inner
    lock_class = lock_class_for("RLock" if reentrant else "Lock", name, depth + 1)
    return (CheckedRLock if reentrant else CheckedLock)(inner, lock_class)


if _lockfast is not None:
    # The C hot paths read these objects directly and look up _new_pair and _contended in
    # this module's globals at each (slow path) call. They cache each thread's held list
    # per OS thread only when threading.local is the real one (gevent makes it per greenlet).
    _lockfast.configure(hooks, thread_state, globals(), isinstance(thread_state, _thread._local))
