"""AsyncComponentBase: the component lifecycle of ``ComponentBase``, with async hooks."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from admf_tsan.components import ComponentState, LifecycleStateMixin, check_transition
from admf_tsan.sync import ThreadSafetyFactory

__all__ = ["AsyncComponentBase"]


async def _maybe_await(result: object) -> None:
    if inspect.isawaitable(result):
        await result


class AsyncComponentBase(LifecycleStateMixin):
    """Base class of components that live on an event loop.

    The lifecycle is ``ComponentBase``'s (same states, same transition table
    ``admf_tsan.components.LIFECYCLE_TRANSITIONS``, same ``LifecycleError`` messages), with
    ``async`` methods: ``await initialize(context)``, ``start()``, ``stop()``, ``teardown()``.
    Subclasses override the hooks ``_on_initialize(context)``, ``_on_start()``, ``_on_stop()``
    and ``_on_teardown()``, as ``async def`` or plain methods.

    Transitions are atomic among the loop's tasks: a hook runs while the component's
    ``asyncio.Lock`` is held, so of two tasks calling ``start()`` at once exactly one starts
    the component and the other gets ``LifecycleError``. If a hook raises, or its task is
    cancelled, the state is unchanged and the exception propagates. ``stop()`` is idempotent
    (False when not running); ``teardown()`` stops a running component first.

    Usage::

        class Feed(AsyncComponentBase):
            async def _on_start(self):
                self.session = await connect()
            async def _on_stop(self):
                await self.session.close()
    """

    def __init__(self, name: str | None = None, *, factory: ThreadSafetyFactory | None = None):
        self._init_lifecycle_state(name, factory)
        self._lifecycle_lock = asyncio.Lock()

    async def _transition(
        self, target: ComponentState, hook: Callable[[], Awaitable[None]]
    ) -> None:
        # Callers hold the lifecycle lock.
        check_transition(self.name, self._state, target)
        await hook()
        self._state = target

    async def initialize(self, context: Any = None) -> None:
        """Move CREATED → INITIALIZED, keeping ``context`` for the component's use."""

        async def hook() -> None:
            await _maybe_await(self._on_initialize(context))
            self.context = context

        async with self._lifecycle_lock:
            await self._transition(ComponentState.INITIALIZED, hook)

    async def start(self) -> None:
        """Move INITIALIZED or STOPPED → RUNNING."""
        async with self._lifecycle_lock:
            await self._transition(ComponentState.RUNNING, lambda: _maybe_await(self._on_start()))

    async def stop(self) -> bool:
        """Move RUNNING → STOPPED; return False (and do nothing) when not running."""
        async with self._lifecycle_lock:
            return await self._stop_locked()

    async def _stop_locked(self) -> bool:
        if self._state is not ComponentState.RUNNING:
            return False
        await self._transition(ComponentState.STOPPED, lambda: _maybe_await(self._on_stop()))
        return True

    async def teardown(self) -> bool:
        """Release resources for good (stopping first if running); False if already torn down."""
        async with self._lifecycle_lock:
            if self._state is ComponentState.TORN_DOWN:
                return False
            await self._stop_locked()
            await self._transition(
                ComponentState.TORN_DOWN, lambda: _maybe_await(self._on_teardown())
            )
            return True

    def _on_initialize(self, context: Any) -> Awaitable[None] | None:
        """Hook: prepare the component (runs under the lifecycle lock)."""
        return None

    def _on_start(self) -> Awaitable[None] | None:
        """Hook: start work (runs under the lifecycle lock)."""
        return None

    def _on_stop(self) -> Awaitable[None] | None:
        """Hook: stop work (runs under the lifecycle lock)."""
        return None

    def _on_teardown(self) -> Awaitable[None] | None:
        """Hook: release resources (runs under the lifecycle lock)."""
        return None
