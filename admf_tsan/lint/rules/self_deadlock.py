"""ADMF203: a non-reentrant lock taken again by the thread that holds it (self-deadlock)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.facts import FunctionFacts, SelfRef
from admf_tsan.lint.analysis.locks import LockModel, OrderEdge
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule


def _through_rebound_method(project: ProjectContext, edge: OrderEdge) -> bool:
    """Some call of the path is ``self.m()`` where the object also stores something else as
    ``self.m`` (``self._send = self.context.send`` beside ``def _send``): that call may not run
    the method, so the lock may not be taken again."""
    index = project.index
    for step in edge.steps[1:]:
        fn = index.functions.get(step.function)
        if fn is None:
            continue
        for site in fn.calls:
            if (site.line, site.column) != (step.line, step.column):
                continue
            callee = site.callee
            if (
                isinstance(callee, SelfRef)
                and len(callee.attrs) == 1
                and index.rebound_on_instance(callee.owner, callee.attrs[0])
            ):
                return True
    return False


def _explicit_pair(fn: FunctionFacts, edge: OrderEdge) -> bool:
    """Both takes are explicit ``acquire()`` calls: a lock used as a signal, released elsewhere."""
    positions = {(a.line, a.column): a.kind for a in fn.acquisitions}
    outer, inner = edge.steps[0], edge.steps[1]
    return (
        positions.get((outer.line, outer.column)) == "acquire"
        and positions.get((inner.line, inner.column)) == "acquire"
    )


class SelfDeadlock(ProjectRule):
    """ADMF203: a `threading.Lock` is acquired again while the same thread already holds it.

    A `Lock` is not reentrant: the second `acquire()` waits for a release that can only come from
    the waiting thread itself, so the thread hangs forever. This happens directly (`with
    self._lock:` nested in itself) and, more often, through calls: a method that holds the lock
    calls a helper that takes it again. A `Condition` built on a `Lock` is that lock. The same
    instance is required (`self._lock` and `self._lock`, or one module-level lock); two instances
    of one class are a lock-order question (ADMF201). `RLock` is reentrant and never reported, and
    neither is `acquire(blocking=False)` or `acquire(timeout=...)`. Two explicit `acquire()` calls
    in a row are the signal idiom (another thread releases the lock in between) and are left to
    ADMF204.

    Fix: split the helper into a locked entry point and an unlocked `_locked` variant that expects
    the caller to hold the lock, or use `threading.RLock` if re-entry is by design.
    """

    code = "ADMF203"
    name = "self-deadlock"
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.RLock()\n\n"
        "    def add(self):\n        with self._lock:\n            self.total()\n\n"
        "    def total(self):\n        with self._lock:\n            return 0\n",
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n\n"
        "    def add(self):\n        with self._lock:\n            self._total_locked()\n\n"
        "    def _total_locked(self):\n        return 0\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Book:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n\n"
            "    def add(self):\n        with self._lock:\n            self.total()\n\n"
            "    def total(self):\n        with self._lock:\n            return 0\n",
            message="`Book.add()` holds `Book._lock` and calls `Book.total()`",
        ),
        Invalid(
            "import threading\n\nLOCK = threading.Lock()\n\ndef f():\n    with LOCK:\n"
            "        LOCK.acquire()\n",
            message="`example.LOCK` is already held",
        ),
        Invalid(
            "import threading\n\nclass Q:\n    def __init__(self):\n"
            "        self.mutex = threading.Lock()\n"
            "        self.not_empty = threading.Condition(self.mutex)\n\n"
            "    def get(self):\n        with self.not_empty:\n            with self.mutex:\n"
            "                pass\n"
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        model = project.fact(LockModel)
        seen: set[tuple[str, int, int]] = set()
        for module, fn, outer, edge, direct in model.nested():
            inner = edge.inner
            if (
                outer.reentrant
                or inner.name != outer.name
                or outer.instance is None
                or inner.instance != outer.instance
            ):
                continue
            at = edge.steps[1]
            if direct and _explicit_pair(fn, edge):
                continue  # ``lock.acquire(); lock.acquire()``: waits for another thread's release
            if not direct and _through_rebound_method(project, edge):
                continue
            key = (module.path, at.line, at.column)
            if key in seen:
                continue
            seen.add(key)
            lock = model.display(outer)
            if direct:
                message = (
                    f"`{lock}` is already held here (taken at line {edge.steps[0].line}) and is "
                    "not reentrant: this thread waits for itself forever; do not re-acquire it "
                    "or use `threading.RLock`"
                )
            else:
                message = (
                    f"`{model.short(fn.qualname)}()` holds `{lock}` and calls "
                    f"`{model.short(edge.via or '')}()`, which "
                    f"takes it again: `{lock}` is not reentrant, so the thread deadlocks on "
                    "itself; call an unlocked variant or use `threading.RLock`"
                )
            yield project.finding(
                module, (at.line, at.column), self.code, message, related=model.related(edge.steps)
            )
