"""How the steps of an explanation are rendered: one line per access, locks named as in the code."""

from __future__ import annotations

from dataclasses import dataclass

from ._record import Event, Site, lock_name


@dataclass(frozen=True)
class ExplainedStep:
    """One printed step: a worker did ``access`` at ``site``; ``key`` marks the racing pair."""

    index: int
    worker: int
    access: str
    site: Site | None
    held: tuple[str, ...] = ()
    key: bool = False
    preempted: bool = False

    def line(self) -> str:
        """``lost_update.py:25  self.hits += 1  [read BuggyHitCounter.hits]``."""
        if self.site is None:
            return f"?  [{self.access}]"
        source = self.site.source()
        mark = "  <-" if self.key else ""
        return f"{self.site.text():<40} {source:<40} [{self.access}]{mark}"


def _access_text(event: Event) -> str:
    if event.kind in ("read", "write"):
        what = f"{event.kind} {event.label}"
        if event.iterate:
            what = f"iterate {event.label}"
        elif event.op and event.op[:1].islower():
            what = f"{event.kind} {event.label} ({event.op})"
        return what
    if event.kind == "resume":
        return "starts" if event.label == "start" else "resumes"
    if event.kind == "suspend":
        return "suspends (await)"
    target = event.target
    if event.kind in ("acquire", "release"):
        return f"{event.kind} {_lock(target)}"
    if event.kind == "block":
        return f"blocks on {_waitable(target)}"
    if event.kind == "start":
        return f"start {event.label}"
    detail = f" ({event.label})" if event.label else ""
    return f"{event.kind} {_kind_of(target)}{detail}"


# Names for the locks of the trace being explained (numbered where the code spells two the
# same); set by explain(), read when steps are rendered (text and HTML).
_NUMBERED: dict[int, str] = {}


def _kind_of(target: object) -> str:
    return _NUMBERED.get(id(target)) or lock_name(target)


def _lock(target: object) -> str:
    return _NUMBERED.get(id(target)) or lock_name(target)


def _waitable(target: object) -> str:
    condition = getattr(target, "condition", None)
    if condition is not None:
        return f"a notify of {lock_name(condition)}"
    if hasattr(target, "_sched_describe") and hasattr(target, "acquire"):
        return _lock(target)
    name = getattr(target, "name", None)
    if isinstance(name, str) and name.startswith("worker"):
        return f"{name} to finish"
    if hasattr(target, "_sched_describe"):
        return lock_name(target)
    return type(target).__name__


def _step(event: Event, key: bool) -> ExplainedStep:
    return ExplainedStep(
        event.index,
        event.worker,
        _access_text(event),
        event.site,
        tuple(dict.fromkeys(lock_name(lock) for lock in event.held)),
        key,
        event.preempted,
    )
