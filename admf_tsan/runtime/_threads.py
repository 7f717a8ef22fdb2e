"""ThreadDetector: which threads exist, and which threads touched which objects.

It serves two jobs. Code can ask it whether the process is multi-threaded and subscribe to
thread starts (called in the starting thread, *before* the new thread runs; it hooks into
the core's one thread-start wrapper, ``admf_tsan.sync._thread_start``, which AUTO_DETECT
uses too). Thread-affinity bookkeeping records, per watched object, the owner thread, where
the object was made and every thread that touched it; a touch by another thread of a
single-threaded object is the core's ``ThreadSafetyViolation`` (same wording as the
factory's SINGLE_THREADED objects).
"""

from __future__ import annotations

import _thread
import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from admf_tsan.errors import ThreadSafetyViolation
from admf_tsan.runtime import _sites
from admf_tsan.sync._affinity import affinity_violation
from admf_tsan.sync._thread_start import StartHookRegistration, add_start_hook

__all__ = ["AffinityRecord", "ThreadDetector"]


@dataclass
class AffinityRecord:
    """The owner of one watched object, where it was made, and who touched it."""

    name: str
    owner_ident: int
    owner_name: str
    created_at: str
    single_threaded: bool
    touched_by: dict[int, str] = field(default_factory=dict)

    def describe(self) -> str:
        """``'prices' (made by 'MainThread' at app.py:3; touched by 'MainThread', 'T1')``."""
        touched = ", ".join(repr(name) for name in self.touched_by.values())
        return (
            f"{self.name!r} (made by {self.owner_name!r} at {self.created_at}; "
            f"touched by {touched or 'nobody yet'})"
        )


class ThreadDetector:
    """Live-thread tracking and thread-affinity bookkeeping (see the module docstring).

    ``report(violation)`` receives affinity violations (default: raise them). Thread-safe.
    ``ignore_thread(ident)`` hides a checker's own threads (the watchdog) from the counts.
    """

    def __init__(self, report: Callable[[ThreadSafetyViolation], None] | None = None) -> None:
        self._report = report
        self._mutex = _thread.allocate_lock()
        self._records: weakref.WeakKeyDictionary[Any, AffinityRecord] = weakref.WeakKeyDictionary()
        self._by_name: dict[str, AffinityRecord] = {}
        self._ignored: set[int] = set()
        self._listeners: list[Callable[[threading.Thread], Any]] = []
        self._registration: StartHookRegistration | None = None
        self.threads_started = 0
        self.peak_threads = self.live_count

    # -- live threads --------------------------------------------------------------------

    def ignore_thread(self, ident: int | None) -> None:
        """Leave thread ``ident`` out of ``live_threads`` (a checker's own thread)."""
        if ident is not None:
            self._ignored.add(ident)

    def live_threads(self) -> list[threading.Thread]:
        """The threads alive now (``threading.enumerate()`` minus the ignored ones)."""
        return [t for t in threading.enumerate() if t.ident not in self._ignored]

    @property
    def live_count(self) -> int:
        """How many threads are alive now (ignored threads excluded)."""
        return len(self.live_threads())

    @property
    def multi_threaded(self) -> bool:
        """True when more than one thread is alive, or one was started while installed."""
        with self._mutex:
            started = self.threads_started
        return self.live_count > 1 or started > 0

    def on_thread_start(self, callback: Callable[[threading.Thread], Any]) -> None:
        """Call ``callback(thread)`` in the starting thread before each new thread runs
        (while installed)."""
        self._listeners.append(callback)

    def install(self) -> None:
        """Watch thread starts (a hook of the core's thread-start wrapper; removed by
        ``uninstall``). Raises RuntimeError when already installed."""
        if self._registration is not None:
            raise RuntimeError("this ThreadDetector is already installed")
        self._registration = add_start_hook(self._before_start, name="ThreadDetector")

    def _before_start(self, thread: threading.Thread | None) -> None:
        with self._mutex:
            self.threads_started += 1
            listeners = list(self._listeners)
        if thread is not None:
            for listener in listeners:
                listener(thread)
        # Count the new thread now (it may be gone after the start): a Thread is already
        # listed by threading.enumerate() (in "limbo"), a raw _thread start is not.
        starting = 0 if thread is not None else 1
        self.peak_threads = max(self.peak_threads, self.live_count + starting)

    def uninstall(self) -> None:
        """Undo ``install`` (idempotent)."""
        if self._registration is not None:
            self._registration.remove()
            self._registration = None

    # -- affinity ------------------------------------------------------------------------

    def watch(
        self, obj: Any, name: str | None = None, *, single_threaded: bool = True
    ) -> AffinityRecord:
        """Make the calling thread the owner of ``obj`` (weakly referenced, or by ``name``
        when it cannot be). Returns its record."""
        thread = threading.current_thread()
        frame = _sites.user_frame(sys._getframe(1))
        site = "<unknown>" if frame is None else _sites.describe_site(frame.f_code, frame.f_lineno)
        record = AffinityRecord(
            name or f"{type(obj).__name__} at {id(obj):#x}",
            thread.ident or 0,
            thread.name,
            site,
            single_threaded,
            {thread.ident or 0: thread.name},
        )
        with self._mutex:
            try:
                self._records[obj] = record
            except TypeError:
                self._by_name[record.name] = record
        return record

    def record_of(self, obj: Any) -> AffinityRecord | None:
        """The record of a watched object, or None."""
        with self._mutex:
            try:
                return self._records.get(obj)
            except TypeError:
                return self._by_name.get(obj if isinstance(obj, str) else "")

    def touch(self, obj: Any, operation: str = "access") -> None:
        """Record that the calling thread touched ``obj``; report a ``ThreadSafetyViolation``
        when ``obj`` is single-threaded and this is not its owner. Unwatched objects are
        ignored."""
        record = self.record_of(obj)
        if record is None:
            return
        thread = threading.current_thread()
        ident = thread.ident or 0
        with self._mutex:
            record.touched_by.setdefault(ident, thread.name)
        if record.single_threaded and ident != record.owner_ident:
            frame = _sites.user_frame(sys._getframe(1))
            where = "" if frame is None else _sites.describe_site(frame.f_code, frame.f_lineno)
            violation = affinity_violation(
                repr(record.name),
                record.owner_name,
                record.created_at,
                thread.name,
                operation,
                where,
            )
            if self._report is None:
                raise violation
            self._report(violation)

    def on_object_access(self, kind: str, name: str, thread_ident: int) -> None:
        """The core's access hook: record that ``thread_ident`` touched the object ``name``."""
        with self._mutex:
            record = self._by_name.get(name)
            if record is None:
                owner = threading._active.get(thread_ident)  # type: ignore[attr-defined]
                owner_name = owner.name if owner is not None else str(thread_ident)
                record = self._by_name[name] = AffinityRecord(
                    name, thread_ident, owner_name, kind, single_threaded=False
                )
            record.touched_by.setdefault(thread_ident, str(thread_ident))

    def records(self) -> list[AffinityRecord]:
        """Every watched object's record."""
        with self._mutex:
            return [*self._records.values(), *self._by_name.values()]

    def __repr__(self) -> str:
        return (
            f"<ThreadDetector {self.live_count} live thread(s), {self.threads_started} started, "
            f"{len(self.records())} watched object(s)>"
        )
