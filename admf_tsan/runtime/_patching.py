"""Composable attribute patching: wrap what is there now, put back exactly what was found.

Other tools (the pytest plugin's scheduler, a debugger, blockbuster) may patch the same
functions. A ``Patch`` records the value it found and whether the attribute was the owner's
own (or inherited); ``restore`` puts that back only if the attribute still holds our wrapper,
so tools that patch in a stack unwind in any order without losing each other's patches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Patch", "apply_patches", "restore_patches"]

_MISSING = object()


@dataclass
class Patch:
    """``owner.name`` replaced by ``make(original)`` while applied."""

    owner: Any
    name: str
    make: Callable[[Any], Any]
    original: Any = None
    own: Any = _MISSING
    wrapper: Any = None
    applied: bool = False

    def apply(self) -> None:
        """Install the wrapper over the current value. Raises AttributeError if there is none."""
        self.own = (
            vars(self.owner).get(self.name, _MISSING)
            if hasattr(self.owner, "__dict__")
            else _MISSING
        )
        self.original = getattr(self.owner, self.name)
        self.wrapper = self.make(self.original)
        setattr(self.owner, self.name, self.wrapper)
        self.applied = True

    def restore(self) -> bool:
        """Put back what ``apply`` found; False when someone else's patch now sits on top
        (ours is then left in place, and must pass calls through)."""
        if not self.applied:
            return True
        self.applied = False
        current = (
            vars(self.owner).get(self.name, _MISSING)
            if hasattr(self.owner, "__dict__")
            else getattr(self.owner, self.name)
        )
        if current is not self.wrapper:
            return False
        if self.own is _MISSING and isinstance(self.owner, type):
            delattr(self.owner, self.name)
        else:
            setattr(self.owner, self.name, self.original if self.own is _MISSING else self.own)
        return True


def apply_patches(patches: list[Patch]) -> None:
    """Apply every patch, or none: on a failure the applied ones are restored and it re-raises."""
    done: list[Patch] = []
    try:
        for patch in patches:
            patch.apply()
            done.append(patch)
    except BaseException:
        restore_patches(done)
        raise


def restore_patches(patches: list[Patch]) -> list[Patch]:
    """Restore in reverse order; return the patches that could not be restored."""
    return [patch for patch in reversed(patches) if not patch.restore()]
