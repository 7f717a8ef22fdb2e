"""``ThreadSafetyFactory``: primitives suited to the execution context."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from admf_tsan import _instrumentation
from admf_tsan.context import ContextLike, ExecutionContext, ThreadingMode, as_context
from admf_tsan.context import current_context as _current_context
from admf_tsan.sync._affinity import guarded
from admf_tsan.sync._atomic import AtomicCounter, LazyInitializer, LocalCounter, LocalLazy
from admf_tsan.sync._collections import ThreadSafeDict, ThreadSafeList, ThreadSafeSet
from admf_tsan.sync._locks import AutoLock, ConditionLike, DummyCondition, DummyLock, LockLike

__all__ = ["ThreadSafetyFactory"]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
S = TypeVar("S")
L = TypeVar("L")

_SINGLE = ThreadingMode.SINGLE_THREADED
_AUTO = ThreadingMode.AUTO_DETECT


class ThreadSafetyFactory:
    """Hands out locks, collections, counters and lazy values suited to the context.

    ========================  ===========================  ==================================
    context                   locks                        collections, counter, lazy
    ========================  ===========================  ==================================
    SINGLE_THREADED           ``DummyLock`` (no-op)        ``dict``/``list``/``set`` (builtins)
    MULTI_THREADED, ASYNC     ``threading`` locks          ``ThreadSafe*``, ``AtomicCounter``
    AUTO_DETECT               ``AutoLock`` (free until a   ``ThreadSafe*`` over ``AutoLock``
                              second thread starts)
    ========================  ===========================  ==================================

    ASYNC gets real locks because sync event handlers run in executor threads. Built without
    a context, the factory reads ``current_context()`` at each call, so a component picks its
    primitives (and its code path) when it is constructed. While a runtime checker is
    installed, or the context has ``checking=True``, SINGLE_THREADED objects are bound to the
    thread that made them and raise ``ThreadSafetyViolation`` when another thread uses them,
    and real locks come from the checker (instrumented for lock-order validation).

    ``name`` (for example ``"Portfolio._lock"``) names the lock class in runtime reports;
    by default the runtime names it by where it was created.
    """

    __slots__ = ("_context",)

    def __init__(self, context: ContextLike | None = None) -> None:
        self._context = None if context is None else as_context(context)

    @property
    def context(self) -> ExecutionContext:
        """The context this factory serves (the current one when built without one)."""
        return _current_context() if self._context is None else self._context

    def _mode(self) -> tuple[ThreadingMode, bool]:
        context = self.context
        checking = context.checking or _instrumentation.current() is not None
        return context.threading_mode, checking

    @staticmethod
    def _real_lock(reentrant: bool, name: str | None) -> Any:
        instrumentation = _instrumentation.current()
        if instrumentation is not None:
            return instrumentation.make_lock(reentrant=reentrant, name=name)
        return threading.RLock() if reentrant else threading.Lock()

    def _lock(self, reentrant: bool, name: str | None) -> LockLike:
        mode, checking = self._mode()
        if mode is _SINGLE:
            return guarded(DummyLock, "lock") if checking else DummyLock()
        real = self._real_lock(reentrant, name)
        return AutoLock(real, reentrant=reentrant) if mode is _AUTO else real

    def lock(self, name: str | None = None) -> LockLike:
        """A non-reentrant lock (``threading.Lock`` in multi-threaded contexts)."""
        return self._lock(False, name)

    def rlock(self, name: str | None = None) -> LockLike:
        """A reentrant lock (``threading.RLock`` in multi-threaded contexts)."""
        return self._lock(True, name)

    def condition(self, lock: LockLike | None = None, name: str | None = None) -> ConditionLike:
        """A condition variable; AUTO_DETECT gets a real one (waiting implies two threads)."""
        mode, checking = self._mode()
        if mode is _SINGLE:
            return guarded(DummyCondition, "condition") if checking else DummyCondition()
        instrumentation = _instrumentation.current()
        if instrumentation is not None:
            condition: ConditionLike = instrumentation.make_condition(lock, name=name)
            return condition
        # threading.Condition works over any lock with acquire/release; typeshed names only
        # threading's own, and a factory lock may be an AutoLock.
        any_lock: Any = lock
        return threading.Condition(any_lock)

    def _made_for_context(
        self, kind: str, single: type[S], locked: Callable[..., L], reentrant: bool, *args: Any
    ) -> S | L:
        # SINGLE_THREADED: the plain class (bound to this thread while checking); otherwise
        # the locked class over a lock suited to the context.
        mode, checking = self._mode()
        if mode is _SINGLE:
            return guarded(single, kind, *args) if checking else single(*args)
        return locked(*args, lock=self._lock(reentrant, None))

    def dict(self) -> dict[K, V] | ThreadSafeDict[K, V]:
        """An empty dict: a plain ``dict`` single-threaded, ``ThreadSafeDict`` otherwise.

        Both are a ``MutableMapping``; annotate with that (or narrow with ``isinstance``) and
        use the free ``compute``/``get_or_create``/``locked`` for compound operations.
        """
        return self._made_for_context("dict", dict, ThreadSafeDict, True)

    def list(self) -> list[T] | ThreadSafeList[T]:
        """An empty list: a plain ``list`` single-threaded, ``ThreadSafeList`` otherwise."""
        return self._made_for_context("list", list, ThreadSafeList, True)

    def set(self) -> set[T] | ThreadSafeSet[T]:
        """An empty set: a plain ``set`` single-threaded, ``ThreadSafeSet`` otherwise."""
        return self._made_for_context("set", set, ThreadSafeSet, True)

    def counter(self, initial: int = 0) -> AtomicCounter:
        """A counter with ``increment``/``add``/``get``/``compare_and_set``."""
        return self._made_for_context("counter", LocalCounter, AtomicCounter, False, initial)

    def lazy(self, initializer: Callable[[], T]) -> LazyInitializer[T]:
        """A value computed on first use of ``.value``, exactly once."""
        return self._made_for_context("lazy value", LocalLazy, LazyInitializer, True, initializer)

    def __repr__(self) -> str:
        source = "current context" if self._context is None else repr(self._context)
        return f"<ThreadSafetyFactory for {source}>"
