"""ADMF105: explicit waits on threading primitives (Event, Condition, Lock, Semaphore, Barrier)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from admf_tsan.lint.analysis.facts import (
    CallSite,
    FunctionFacts,
    GlobalRef,
    Ref,
    SelfRef,
    ValRef,
    with_attrs,
)
from admf_tsan.lint.analysis.locks import LockModel
from admf_tsan.lint.blocking import BlockingCallRule, DirectBlocking
from admf_tsan.lint.rule import Invalid, ProjectContext

#: The locks whose explicit ``acquire()`` is a mutex use when the coroutine also releases it.
_MUTEX_ACQUIRES = frozenset({"threading.Lock.acquire", "threading.RLock.acquire"})


def _latch_key(model: LockModel, ref: Ref) -> tuple[str, ...] | None:
    """A lock's identity for :class:`LatchLocks`: the lock attribute or variable the lock
    model resolves ``ref`` to (through aliases), whichever instance names it. An attribute is
    named after the most basic class of its object that assigns or declares it, so that a
    subclass that assigns the lock again (or the one a base class only declares) names the
    same lock as its base's methods. A ref the model cannot resolve is named the same way from
    its spelling (``self.<attrs>`` of its class), or by its global name."""
    lock = model.lock(ref)
    if lock is not None:
        owner, _, attr = lock.name.rpartition(".")
        return ("lock", _root_class(model, owner, attr), attr)
    if isinstance(ref, SelfRef) and ref.attrs:
        if len(ref.attrs) == 1:
            return ("lock", _root_class(model, ref.owner, ref.attrs[0]), ref.attrs[0])
        return ("self", ref.owner, *ref.attrs)
    if isinstance(ref, GlobalRef):
        return ("g", ref.name)
    return None


def _root_class(model: LockModel, owner: str, attr: str) -> str:
    """The most basic class among ``owner`` and its ancestors that assigns or declares
    ``attr`` (``owner`` itself when none does, or when it is no class)."""
    index = model.index
    if owner not in index.classes:
        return owner
    root = owner
    for ancestor in index.class_ancestors(owner):
        cls = index.classes.get(ancestor)
        if cls is not None and (attr in cls.attributes or attr in cls.class_vars):
            root = ancestor
    return root


@dataclass(frozen=True, slots=True)
class LatchLocks:
    """Locks the project uses as a signal between threads: taken somewhere with no
    ``release()`` after it in that function, or released by a function that takes no lock
    (the worker that opens the gate). Their ``acquire(); release()`` pair waits for that other
    thread, so it is no mutex use. A lock is known by the lock model's identity of it, so two
    classes' same-named locks are two locks, and a lock reached through an alias is the one
    it names."""

    keys: frozenset[tuple[str, ...]]

    @classmethod
    def compute(cls, project: ProjectContext) -> LatchLocks:
        model = project.fact(LockModel)
        keys: set[tuple[str, ...]] = set()
        for _module, fn in project.index.iter_functions():
            for acquisition in fn.acquisitions:
                if acquisition.kind == "acquire" and not acquisition.released:
                    key = _latch_key(model, acquisition.lock)
                    if key is not None:
                        keys.add(key)
            if fn.acquisitions:
                continue
            for site in fn.calls:
                callee = site.callee
                if isinstance(callee, SelfRef | ValRef) and callee.attrs[-1:] == ("release",):
                    key = _latch_key(model, with_attrs(callee, callee.attrs[:-1]))
                elif isinstance(callee, GlobalRef) and callee.name.endswith(".release"):
                    key = _latch_key(model, GlobalRef(callee.name.removesuffix(".release")))
                else:
                    continue
                if key is not None:
                    keys.add(key)
        return cls(frozenset(keys))


def mutex_reacquire(project: ProjectContext, found: DirectBlocking) -> bool:
    """Whether ``found`` is a ``Lock``/``RLock`` ``acquire()`` in a coroutine that also releases
    that lock itself (the extractor's :class:`Acquisition` at this call says ``released``) and
    holds it across no ``await``: the lock is a mutex around a few statements of this coroutine,
    as in a ``with lock:`` block, not a signal another thread gives by releasing it. Held across
    an ``await`` (ADMF301), another task's ``acquire()`` would wait, on the loop it blocks, for
    this one to be resumed. Not for a lock the project uses as a latch (:class:`LatchLocks`)."""
    return mutex_acquire(project, found.call.name, found.site, found.function)


def mutex_acquire(
    project: ProjectContext, name: str, site: CallSite, function: FunctionFacts
) -> bool:
    """Whether the call ``name`` at ``site`` is a ``Lock``/``RLock`` ``acquire()`` that
    ``function`` releases itself and holds across no ``await``, of a lock the project does not
    use as a latch: a mutex use, as a ``with lock:`` block is (see :func:`mutex_reacquire`).
    For a sync function this is what makes its ``lock.acquire(); ...; lock.release()`` no link
    of a blocking chain, as its ``with lock:`` is not."""
    if name not in _MUTEX_ACQUIRES:
        return False
    taken = next(
        (
            acquisition
            for acquisition in function.acquisitions
            if acquisition.kind == "acquire"
            and acquisition.line == site.line
            and acquisition.column == site.column
        ),
        None,
    )
    if taken is None or not taken.released:
        return False
    if _latch_key(project.fact(LockModel), taken.lock) in project.fact(LatchLocks).keys:
        return False
    return not any(held[0] == taken.lock for awaited in function.awaits for held in awaited.held)


class BlockingThreadWait(BlockingCallRule):
    """ADMF105: waiting on a threading primitive inside a coroutine blocks the event loop.

    `Event.wait()`, `Condition.wait()`, `Lock.acquire()`, `Semaphore.acquire()` and `Barrier.wait()`
    suspend the thread until another thread acts. In a coroutine that is the event-loop thread:
    if the thread that should act needs the loop (a callback, `run_coroutine_threadsafe`), it
    never does and the program deadlocks; otherwise every task stalls meanwhile.

    A short `with lock:` block that does not await is not flagged: holding a threading lock for a
    few statements is how loop code shares state with threads. (Holding it across an `await` is
    ADMF301.) The same goes for an explicit `Lock.acquire()` / `RLock.acquire()` in a coroutine
    that releases that lock itself (a `release()` on the same object, or a `with` on it, as in
    a `with lock:` block that lets go of the lock around an `await` and takes it back): the lock
    is a mutex around a few statements there. An `acquire()` the coroutine never releases
    waits for a signal from another thread and is flagged, and so is one of a lock the
    coroutine holds across an `await` (another task then waits on the loop's thread for this
    one to resume). A wait with `blocking=False` or `timeout=0`
    returns at once and is not flagged.

    Fix: use the asyncio primitive for coroutine-to-coroutine signalling, or wait in a worker
    thread: `await asyncio.to_thread(event.wait, 5)`.
    """

    code = "ADMF105"
    name = "blocking-thread-wait"
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self.n = 0\n\n"
        "    async def add(self):\n        with self._lock:\n            self.n += 1\n",
        "import threading\n\nREADY = threading.Event()\n\nasync def f():\n"
        "    if READY.wait(0):\n        return 1\n",
        "import threading\n\nL = threading.Lock()\n\nasync def f():\n"
        "    if L.acquire(blocking=False):\n        L.release()\n",
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self.n = 0\n\n"
        "    async def add(self):\n        self._lock.acquire()\n        self.n += 1\n"
        "        self._lock.release()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nREADY = threading.Event()\n\nasync def f():\n    READY.wait()\n",
            message="`threading.Event.wait()` blocks the event loop",
        ),
        Invalid(
            "import threading\n\nasync def f(cond: threading.Condition):\n"
            "    with cond:\n        cond.wait(timeout=5)\n"
        ),
        Invalid(
            "import threading\n\nDONE = threading.Lock()\n\nasync def wait_done():\n"
            "    DONE.acquire()\n",
            message="`threading.Lock.acquire()`",
        ),
    ]

    def mine(self, project: ProjectContext) -> list[DirectBlocking]:
        return [found for found in super().mine(project) if not mutex_reacquire(project, found)]
