"""ADMF203: a non-reentrant lock taken again by the thread that holds it (self-deadlock)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from admf_tsan.lint.analysis.facts import FunctionFacts, SelfRef
from admf_tsan.lint.analysis.locks import LockModel, OrderEdge, Step
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule
from admf_tsan.lint.rules.transitive_blocking import ArgumentFlow


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


def _released_first(project: ProjectContext, edge: OrderEdge) -> bool:
    """The function that takes the lock again first releases it, in the same block
    (``FunctionFacts.reacquired``: ``self._lock.release()``, slow work,
    ``self._lock.acquire()``, the helper "called with the lock held" that lets it go around
    the work, as pyglet's audio players do): the caller's hold is given up and taken back, not
    doubled. A release in a branch, a handler or a nested function does not count."""
    last = edge.steps[-1]
    fn = project.index.functions.get(last.function)
    return fn is not None and any(
        (at.line, at.column) == (last.line, last.column) for at in fn.reacquired
    )


def _off_by_arguments(
    project: ProjectContext, flow: ArgumentFlow, model: LockModel, edge: OrderEdge
) -> bool:
    """Some call of the path passes values that make a parameter test around the next step
    false (``self.done(reload=False)`` where ``done()`` reloads, and so takes the lock again,
    only ``if ... and reload:``), as ADMF120 cuts a blocking chain, and the function where
    the path is cut takes the lock no other way those values leave on (another call, another
    ``with``): the lock is not taken again. The values are those ``ArgumentFlow`` binds
    (literals, defaults, parameters passed on), starting from nothing known of the outer
    function's own. A method some subclass overrides may run the override, which the values
    do not decide: the path is kept."""
    index = project.index
    steps = edge.steps
    env: dict[str, Any] = {}
    for number in range(1, len(steps)):
        step = steps[number]
        fn = index.functions.get(step.function)
        if fn is None:
            return False
        where = (step.line, step.column)
        if number == len(steps) - 1:  # the lock taken again
            return flow.switched_off_at(fn, where, env) and not _taken_otherwise(
                flow, model, fn, env, steps[number:], where, None
            )
        following = steps[number + 1].function
        call = next(
            (
                candidate
                for candidate in model.graph.callees.get(fn.qualname, ())
                if (candidate.site.line, candidate.site.column) == where
                and candidate.callee == following
            ),
            None,
        )
        callee = index.functions.get(following)
        if call is None or callee is None or _overridden(project, following):
            return False
        if flow.switched_off(fn, call.site, env):
            return not _taken_otherwise(flow, model, fn, env, steps[number:], where, following)
        if number > 1 and _taken_otherwise(flow, model, fn, env, steps[number:], where, following):
            return False  # a function on the way takes the lock another way too
        env = flow.bind(callee, call.site, env)
    return False


def _taken_otherwise(
    flow: ArgumentFlow,
    model: LockModel,
    fn: FunctionFacts,
    env: dict[str, Any],
    rest: tuple[Step, ...],
    skipped: tuple[int, int],
    skipped_callee: str | None,
) -> bool:
    """Whether ``fn`` takes the lock the path ``rest`` (from ``fn`` on) takes, other than at
    ``skipped`` (the take or the call, to ``skipped_callee``, that the values switch off, or
    the call the path goes on through): a take of it, or a call whose callee takes it, that the
    values ``env`` leave on (or whose lock the analysis cannot name). Unknown: taken."""
    key = next(
        (key for key, taken in model.acquired.get(fn.qualname, {}).items() if taken.chain == rest),
        None,
    )
    if key is None:
        return True
    for acquisition in fn.acquisitions:
        where = (acquisition.line, acquisition.column)
        if where == skipped and skipped_callee is None:
            continue
        lock = model.lock(acquisition.lock)
        if lock is not None and lock.key == key and not flow.switched_off_at(fn, where, env):
            return True
    for call in model.graph.callees.get(fn.qualname, ()):
        if not model.follows(call):
            continue
        if (call.site.line, call.site.column) == skipped and call.callee == skipped_callee:
            continue
        if flow.switched_off(fn, call.site, env):
            continue
        receiver = model.receiver(call)
        for taken in model.acquired.get(call.callee, {}).values():
            if (taken.lock.name, model.map_instance(taken.lock.instance, receiver)) == key:
                return True
    return False


def _overridden(project: ProjectContext, qualname: str) -> bool:
    """Whether ``qualname`` is a method that a subclass in the project defines again."""
    index = project.index
    owner, _, name = qualname.rpartition(".")
    if owner not in index.classes:
        return False
    return any(
        name in cls.methods and owner in index.class_ancestors(other)
        for other, cls in index.classes.items()
        if other != owner
    )


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
    ADMF204. A call whose arguments switch off the branch that takes the lock again (`with
    self._lock: self.done(reload=False)`, where `done()` reloads, and so relocks, only `if
    ... and reload:`) does not take it twice and is not reported; the values are read as
    ADMF120 reads them (literals, defaults, parameters passed on), and a value the linter
    cannot read leaves the branch on. The path is still reported when the method takes the
    lock another way those values leave on, or when a subclass overrides a method of the path.
    A helper that releases the lock before it acquires it again (`self._lock.release()`, slow
    work, `self._lock.acquire()`: "call me with the lock held") gives the caller's hold up and
    takes it back: not reported, when the release is a statement of the same block as the
    acquire, or of a block around it (a release inside an `if`, an `except` or a nested
    function may not run: that acquire is still reported).

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
        flow: ArgumentFlow | None = None
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
            if not direct and (
                _through_rebound_method(project, edge) or _released_first(project, edge)
            ):
                continue
            if not direct:
                flow = flow or ArgumentFlow(project, {})
                if _off_by_arguments(project, flow, model, edge):
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
