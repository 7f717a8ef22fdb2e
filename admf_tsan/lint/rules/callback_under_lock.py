"""ADMF205: unknown code (a callback, handler or hook) called while a lock is held."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from admf_tsan.lint.analysis.callgraph import CallEdge, propagate
from admf_tsan.lint.analysis.facts import FunctionFacts, Held, SelfRef
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.analysis.locks import LockModel, Step
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule

#: Bases that add no methods a subclass could call as ``self.x()``.
_NEUTRAL_BASES = frozenset({"builtins.object", "abc.ABC", "typing.Generic", "typing.Protocol"})


@dataclass(frozen=True, slots=True)
class UnknownCall:
    """A call of code the project does not define: where, what it is, and the locks held there."""

    line: int
    column: int
    what: str
    passed_in: bool
    held: tuple[Held, ...]
    global_table: bool = False


def callback_attribute(index: ProjectIndex, owner: str, attr: str) -> bool:
    """Whether ``self.<attr>`` in class ``owner`` is a stored callable, not a method.

    True only when every class in the hierarchy is known (a base the analysis cannot read could
    define ``attr`` as a method) and some class assigns ``attr`` while none defines it.
    """
    assigned = False
    for name in index.class_ancestors(owner):
        cls = index.classes.get(name)
        if cls is None:
            if name in _NEUTRAL_BASES:
                continue
            return False
        if any(index.resolve(base) is None for base in cls.bases):
            return False
        if attr in cls.methods:
            return False
        assigned = assigned or attr in cls.attributes
    return assigned


def unknown_calls(index: ProjectIndex, fn: FunctionFacts) -> Iterator[UnknownCall]:
    """Callback calls in ``fn``: parameters, elements of stored collections, stored callables."""
    for call in fn.dynamic_calls:
        origin = call.origin
        if origin[0] == "param":
            what = f"`{origin[1]}`, passed in by the caller"
        elif origin[0] == "self":
            what = f"a callable taken from `self.{origin[2]}`"
        elif origin[0] == "cls":
            what = f"a callable taken from `cls.{origin[2]}`"
        else:
            what = f"a callable taken from `{origin[2]}`"
        yield UnknownCall(
            call.line, call.column, what, origin[0] == "param", call.held, origin[0] == "g"
        )
    for site in fn.calls:
        ref = site.callee
        if not isinstance(ref, SelfRef) or len(ref.attrs) != 1 or index.resolve(ref) is not None:
            continue
        if callback_attribute(index, ref.owner, ref.attrs[0]):
            what = f"`self.{ref.attrs[0]}`, a callable stored on the object"
            yield UnknownCall(site.line, site.column, what, False, site.held)


class CallbackUnderLock(ProjectRule):
    """ADMF205: a callback, handler or hook is called while a lock is held.

    Code the lock's owner does not control (a handler registered by a subscriber, a callback passed
    in, a hook stored on the object) can take other locks (lock-order inversion with code you
    cannot see), block for a long time (every thread waiting for the lock stalls), or call back
    into the object (self-deadlock on a `Lock`). This is the classic event bus bug: `publish()`
    iterating its handlers under the bus lock.

    Reported directly (the call is inside the locked region) and through calls (the locked region
    calls a project function that, possibly further down, calls a stored callback); the chain is
    shown. Callbacks are parameters called as functions, elements taken out of `self.x` or a module
    variable (`for handler in self._handlers[kind]: handler(event)`), and `self.x()` where `x` is
    assigned rather than defined as a method in a fully known class hierarchy.

    Fix: copy what you need under the lock (`handlers = list(self._handlers)`), release it, then
    call. If running user code under the lock is the contract (an atomic `compute(key, fn)`),
    document it and suppress with `# noqa: ADMF205`.
    """

    code = "ADMF205"
    name = "callback-under-lock"
    VALID: ClassVar[list[str]] = [
        "import threading\n\nclass Bus:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n        self._handlers = []\n\n"
        "    def subscribe(self, handler):\n        with self._lock:\n"
        "            self._handlers.append(handler)\n\n"
        "    def publish(self, event):\n        with self._lock:\n"
        "            handlers = list(self._handlers)\n        for handler in handlers:\n"
        "            handler(event)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Bus:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self._handlers = {}\n\n"
            "    def publish(self, kind, event):\n        with self._lock:\n"
            "            for handler in self._handlers.get(kind, []):\n"
            "                handler(event)\n",
            message="a callable taken from `self._handlers`",
        ),
        Invalid(
            "import threading\n\nclass Feed:\n    def __init__(self, on_tick):\n"
            "        self._lock = threading.Lock()\n        self._on_tick = on_tick\n\n"
            "    def _notify(self, tick):\n        self._on_tick(tick)\n\n"
            "    def push(self, tick):\n        with self._lock:\n            self._notify(tick)\n",
            message="`Feed.push() -> Feed._notify()`",
        ),
        Invalid(
            "import threading\n\nLOCK = threading.Lock()\n\ndef update(fn):\n    with LOCK:\n"
            "        return fn()\n",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        index = project.index
        model = project.fact(LockModel)
        seeds: dict[str, tuple[Step, ...]] = {}
        for module, fn in index.iter_functions():
            for call in unknown_calls(index, fn):
                locks = list(model.held_locks(call.held))
                if locks:
                    lock = model.display(locks[0][0])
                    message = (
                        f"`{model.short(fn.qualname)}()` calls {call.what} while holding "
                        f"`{lock}`: code you do not control can take other locks, block, or call "
                        "back into this object; copy what you need under the lock and call it "
                        "after releasing"
                    )
                    taken = locks[0]
                    related = model.related(
                        [Step(fn.qualname, taken[1], taken[2], f"`{lock}` taken here")]
                    )
                    yield project.finding(
                        module, (call.line, call.column), self.code, message, related=related
                    )
                # Through calls, only callbacks stored on an object count: a module-level table
                # (``copy._deepcopy_dispatch``) is the library's own code, not a hook.
                if not call.passed_in and not call.global_table and fn.qualname not in seeds:
                    seeds[fn.qualname] = (
                        Step(fn.qualname, call.line, call.column, f"calls {call.what}"),
                    )
        if seeds:
            yield from self._through_calls(project, model, seeds)

    def _through_calls(
        self, project: ProjectContext, model: LockModel, seeds: dict[str, tuple[Step, ...]]
    ) -> Iterator[Finding]:
        def transfer(
            caller: str, edge: CallEdge, chain: tuple[Step, ...], old: tuple[Step, ...] | None
        ) -> tuple[Step, ...] | None:
            if old is not None:
                return None
            step = Step(
                caller,
                edge.site.line,
                edge.site.column,
                f"`{model.short(caller)}()` calls `{model.short(edge.callee)}()`",
            )
            return (step, *chain)

        chains = propagate(project.graph, seeds, transfer, model.follows)
        for module, fn in project.index.iter_functions():
            for edge in project.graph.callees.get(fn.qualname, ()):
                chain = chains.get(edge.callee)
                if chain is None or not edge.site.held or not model.follows(edge):
                    continue
                locks = list(model.held_locks(edge.site.held))
                if not locks:
                    continue
                lock = model.display(locks[0][0])
                names = [model.short(fn.qualname), model.short(edge.callee)]
                names += [model.short(step.function) for step in chain[1:]]
                rendered = " -> ".join(f"{name}()" for name in names)
                message = (
                    f"`{model.short(fn.qualname)}()` holds `{lock}` while calling "
                    f"`{model.short(edge.callee)}()`, which runs unknown code "
                    f"(`{rendered}` {chain[-1].text}); release the lock before calling it"
                )
                taken = Step(fn.qualname, locks[0][1], locks[0][2], f"`{lock}` taken here")
                yield project.finding(
                    module,
                    edge.site,
                    self.code,
                    message,
                    related=model.related([taken, *chain]),
                )
