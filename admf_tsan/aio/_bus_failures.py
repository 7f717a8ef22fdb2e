"""Handler failures of an AsyncEventBus: kept, reported by policy, raised from join/stop."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable

from admf_tsan.events import HandlerError, HandlersFailed

__all__ = ["FailureLog"]

_log = logging.getLogger("admf_tsan.aio")


class FailureLog:
    """The last ``max_errors`` failures, and those not yet raised under the ``raise`` policy.

    Used on the bus's loop thread only.
    """

    def __init__(self, max_errors: int) -> None:
        self._errors: deque[HandlerError] = deque(maxlen=max_errors)
        self._unraised: list[HandlerError] = []

    def record(
        self,
        failures: list[HandlerError],
        policy: str,
        on_error: Callable[[HandlerError], object] | None,
    ) -> None:
        """Keep ``failures``; log them (``log``), set them aside (``raise``), call ``on_error``."""
        self._errors.extend(failures)
        if policy == "raise":
            self._unraised.extend(failures)
        for failure in failures:
            if policy == "log":
                _log.error("%s", failure, exc_info=failure.exception)
            if on_error is not None:
                try:
                    on_error(failure)
                except Exception:  # noqa: BLE001 - a failing callback must not stop delivery
                    _log.exception("on_error callback %r failed on %s", on_error, failure)

    def raise_unraised(self, owner: object) -> None:
        """Raise ``HandlersFailed`` with the failures set aside since the last call, if any."""
        if not self._unraised:
            return
        failures, self._unraised = self._unraised, []
        group = HandlersFailed(
            f"{len(failures)} handler(s) failed on {owner!r}", [f.exception for f in failures]
        )
        group.errors = tuple(failures)
        raise group

    def recent(self) -> list[HandlerError]:
        """The kept failures, oldest first."""
        return list(self._errors)
