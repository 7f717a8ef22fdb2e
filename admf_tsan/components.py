"""``ComponentBase``: the lifecycle every ADMF component goes through.

CREATED → INITIALIZED → RUNNING ⇄ STOPPED → TORN_DOWN, with ``teardown`` allowed from
CREATED, INITIALIZED and STOPPED (and from RUNNING, which stops first). Any other transition
raises ``LifecycleError`` naming the component, its state and what it may do next.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

from admf_tsan.errors import LifecycleError
from admf_tsan.sync import ThreadSafetyFactory

__all__ = [
    "LIFECYCLE_TRANSITIONS",
    "ComponentBase",
    "ComponentState",
    "LifecycleStateMixin",
    "check_transition",
]


class ComponentState(enum.Enum):
    """Where a component is in its lifecycle."""

    CREATED = "created"
    INITIALIZED = "initialized"
    RUNNING = "running"
    STOPPED = "stopped"
    TORN_DOWN = "torn down"


_S = ComponentState

#: The legal transitions: ``LIFECYCLE_TRANSITIONS[current]`` is where a component may go next.
LIFECYCLE_TRANSITIONS: Mapping[ComponentState, frozenset[ComponentState]] = {
    _S.CREATED: frozenset({_S.INITIALIZED, _S.TORN_DOWN}),
    _S.INITIALIZED: frozenset({_S.RUNNING, _S.TORN_DOWN}),
    _S.RUNNING: frozenset({_S.STOPPED}),
    _S.STOPPED: frozenset({_S.RUNNING, _S.TORN_DOWN}),
    _S.TORN_DOWN: frozenset(),
}

_VERBS = {
    _S.INITIALIZED: "initialize",
    _S.RUNNING: "start",
    _S.STOPPED: "stop",
    _S.TORN_DOWN: "tear down",
}


def check_transition(name: str, current: ComponentState, target: ComponentState) -> None:
    """Raise ``LifecycleError`` unless ``current -> target`` is a legal transition."""
    allowed = LIFECYCLE_TRANSITIONS[current]
    if target in allowed:
        return
    if allowed:
        options = " or ".join(sorted(_VERBS[state] for state in allowed))
        hint = f"from {current.value} it can only {options}"
    else:
        hint = "a torn-down component cannot be used again; create a new one"
    raise LifecycleError(
        f"can't {_VERBS.get(target, target.value)} component {name!r}: "
        f"it is {current.value}; {hint}"
    )


class LifecycleStateMixin:
    """What every component has, sync or async: a name, a factory, a context and a state."""

    def _init_lifecycle_state(self, name: str | None, factory: ThreadSafetyFactory | None) -> None:
        self.name = name or type(self).__name__
        self.factory = factory or ThreadSafetyFactory()
        self.context: Any = None
        self._state = ComponentState.CREATED

    @property
    def state(self) -> ComponentState:
        return self._state

    @property
    def running(self) -> bool:
        return self._state is ComponentState.RUNNING

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} {self._state.value}>"


class ComponentBase(LifecycleStateMixin):
    """Base class of components with a thread-safe lifecycle.

    Subclasses override the hooks ``_on_initialize(context)``, ``_on_start()``, ``_on_stop()``
    and ``_on_teardown()``. Transitions are atomic: of two threads calling ``start()`` at once,
    exactly one starts the component and the other gets ``LifecycleError``. A hook runs while
    the component's lifecycle lock is held (so no other transition interleaves); if it raises,
    the state is unchanged and the exception propagates. ``stop()`` is idempotent.

    The lifecycle lock and any primitives a subclass makes with ``self.factory`` suit the
    execution context current at construction: no-op locks in SINGLE_THREADED contexts.
    """

    def __init__(self, name: str | None = None, *, factory: ThreadSafetyFactory | None = None):
        self._init_lifecycle_state(name, factory)
        self._lifecycle_lock = self.factory.rlock(name=f"{type(self).__name__}._lifecycle_lock")

    def _transition(self, target: ComponentState, hook: Callable[[], None]) -> None:
        with self._lifecycle_lock:
            check_transition(self.name, self._state, target)
            hook()  # noqa: ADMF205 - hooks run under the lifecycle lock by design: transitions are atomic
            self._state = target

    def initialize(self, context: Any = None) -> None:
        """Move CREATED → INITIALIZED, keeping ``context`` for the component's use."""

        def hook() -> None:
            self._on_initialize(context)
            self.context = context

        self._transition(ComponentState.INITIALIZED, hook)

    def start(self) -> None:
        """Move INITIALIZED or STOPPED → RUNNING."""
        self._transition(ComponentState.RUNNING, self._on_start)

    def stop(self) -> bool:
        """Move RUNNING → STOPPED; return False (and do nothing) when not running."""
        with self._lifecycle_lock:
            if self._state is not ComponentState.RUNNING:
                return False
            self._transition(ComponentState.STOPPED, self._on_stop)
            return True

    def teardown(self) -> bool:
        """Release resources for good (stopping first if running); False if already torn down."""
        with self._lifecycle_lock:
            if self._state is ComponentState.TORN_DOWN:
                return False
            self.stop()
            self._transition(ComponentState.TORN_DOWN, self._on_teardown)
            return True

    def _on_initialize(self, context: Any) -> None:
        """Hook: prepare the component (runs under the lifecycle lock)."""

    def _on_start(self) -> None:
        """Hook: start work (runs under the lifecycle lock)."""

    def _on_stop(self) -> None:
        """Hook: stop work (runs under the lifecycle lock)."""

    def _on_teardown(self) -> None:
        """Hook: release resources (runs under the lifecycle lock)."""
