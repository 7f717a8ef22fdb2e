"""Thread affinity for SINGLE_THREADED objects while checking is on.

An object made for one thread remembers that thread and where it was made; when any other
thread touches it, a ``ThreadSafetyViolation`` names both threads, the operation, and the
creation site. Violations go through the installed runtime instrumentation when there is one
(which records them and may raise), and are raised otherwise.
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
from typing import Any, TypeVar

from admf_tsan import _instrumentation
from admf_tsan.errors import ThreadSafetyViolation
from admf_tsan.sync._atomic import LocalCounter, LocalLazy
from admf_tsan.sync._locks import DummyCondition, DummyLock

__all__ = ["ThreadOwner", "affinity_violation", "creation_site", "guarded"]

T = TypeVar("T")

_PACKAGE_DIR = __file__.rsplit("/sync/", 1)[0]


def creation_site(skip_package: bool = True) -> str:
    """``file:line`` of the nearest caller outside admf_tsan (where an object was made)."""
    frame = sys._getframe(1)
    while frame is not None and skip_package and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return "<unknown>"
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


class ThreadOwner:
    """The thread an object belongs to, and where the object was made."""

    __slots__ = ("ident", "thread_name", "created_at", "kind")

    def __init__(self, kind: str, created_at: str) -> None:
        thread = threading.current_thread()
        self.ident = thread.ident
        self.thread_name = thread.name
        self.created_at = created_at
        self.kind = kind

    def check(self, operation: str) -> None:
        if threading.get_ident() == self.ident:
            return
        violation = affinity_violation(
            self.kind, self.thread_name, self.created_at, threading.current_thread().name, operation
        )
        _instrumentation.report_violation(violation)


def affinity_violation(
    kind: str, owner: str, created_at: str, intruder: str, operation: str, where: str = ""
) -> ThreadSafetyViolation:
    """The violation of thread ``intruder`` calling ``operation`` on an object of thread ``owner``
    (``where``: the ``file:line`` of the call, when known).

    The one wording of a thread-affinity violation (the core's SINGLE_THREADED objects and the
    runtime's ``ThreadDetector`` both raise it). Its attributes ``owner_thread``,
    ``intruder_thread``, ``created_at`` and ``operation`` carry the parts.
    """
    at = f" at {where}" if where else ""
    violation = ThreadSafetyViolation(
        f"{kind} made for thread {owner!r} (created at {created_at}) "
        f"was used by thread {intruder!r} in {operation}(){at}; objects from a SINGLE_THREADED "
        "context belong to one thread: create it under MULTI_THREADED (or AUTO_DETECT), "
        "or hand the work back to the owner thread"
    )
    violation.owner_thread = owner  # type: ignore[attr-defined]
    violation.intruder_thread = intruder  # type: ignore[attr-defined]
    violation.created_at = created_at  # type: ignore[attr-defined]
    violation.operation = operation  # type: ignore[attr-defined]
    return violation


def _checked(name: str, method: Any) -> Any:
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        self._admf_owner.check(name)
        return method(self, *args, **kwargs)

    return wrapper


_DUNDERS_TO_CHECK = {
    "__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__len__",
    "__enter__", "__exit__", "__iadd__", "__ior__", "__iand__", "__isub__", "__ixor__",
    "__imul__", "__reversed__", "__eq__", "__or__", "__and__", "__sub__", "__xor__",
    "__add__", "__mul__", "__int__",
}  # fmt: skip


def _make_guarded(base: type[T]) -> type[T]:
    namespace: dict[str, Any] = {"__doc__": f"{base.__name__} that checks the calling thread."}
    for name in dir(base):
        static = inspect.getattr_static(base, name)
        if (
            isinstance(static, (classmethod, staticmethod))
            or "classmethod" in type(static).__name__
        ):
            continue
        attribute = getattr(base, name)
        is_public_method = not name.startswith("_") and callable(attribute)
        if (is_public_method or name in _DUNDERS_TO_CHECK) and not isinstance(attribute, type):
            namespace[name] = _checked(name, attribute)
        elif isinstance(attribute, property):
            getter = _checked(name, attribute.fget)
            namespace[name] = property(getter, doc=attribute.__doc__)
    namespace["__reduce__"] = _reduce_as(base)
    return type(f"ThreadBound{base.__name__}", (base,), namespace)


def _reduce_as(base: type[Any]) -> Any:
    # Pickle and (deep)copy give the plain object: the binding is to a thread of this process,
    # which the copy (in another process, or handed to another thread) does not share. Taking
    # the copy is a use like any other, so another thread doing it is a violation.
    def __reduce__(self: Any) -> tuple[Any, ...]:
        self._admf_owner.check("__reduce__")
        if base in (dict, list, set):
            return (base, (base(self),))
        if isinstance(self, (LocalCounter, LocalLazy)):
            bound_class: type[Any] = type(self)
            reduced = super(bound_class, self).__reduce__()  # (bound_class, args, state...)
            assert isinstance(reduced, tuple)
            return (base, *reduced[1:])
        return (base, ())  # a DummyLock: a new, unheld one (holds do not travel)

    return __reduce__


_GUARDED: dict[type[Any], type[Any]] = {
    base: _make_guarded(base)
    for base in (dict, list, set, DummyLock, DummyCondition, LocalCounter, LocalLazy)
}


def guarded(base: type[T], kind: str, *args: Any, **kwargs: Any) -> T:
    """Make a ``base`` instance bound to the calling thread."""
    cls = _GUARDED[base]
    obj = cls(*args, **kwargs)
    obj._admf_owner = ThreadOwner(kind, creation_site())
    return obj  # type: ignore[no-any-return]
