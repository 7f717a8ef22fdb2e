"""Linearizability checking of concurrent objects: Lincheck for Python, on hypothesis.

``check_linearizable`` draws concurrent scenarios with hypothesis, runs each under several
interleavings of the controlled scheduler (or a seeded event loop for coroutine methods),
records which operation started and ended when, and searches for a sequential order of the
operations that a plain sequential model explains. When none exists it raises
``NotLinearizable`` with the shrunk scenario as a table, the results, the longest order the
model accepts, the interleaving and how to replay it.

Usage::

    from hypothesis import strategies as st
    from admf_tsan.lincheck import check_linearizable

    def test_bounded_queue():
        check_linearizable(
            make=lambda: BoundedQueue(2),
            model=lambda: SequentialQueue(2),
            operations={"put": st.integers(0, 9), "get": None, "size": None},
            threads=2, max_ops=3,
        )

The model is a deterministic sequential object with the same methods; the checker branches it
with ``copy.deepcopy`` and memoizes on its ``state()`` (or a key derived from its attributes).
See docs/lincheck.md.
"""

from __future__ import annotations

try:
    import hypothesis as _hypothesis  # noqa: F401 - only to fail early with advice
except ImportError as error:  # pragma: no cover - the test environment has hypothesis
    raise ImportError(
        "admf_tsan.lincheck needs hypothesis: pip install 'admf-tsan[pytest]'"
    ) from error

from ._api import check_linearizable as check_linearizable
from ._checker import Refusal as Refusal
from ._checker import Verdict as Verdict
from ._checker import check_history as check_history
from ._errors import InvalidOperation as InvalidOperation
from ._errors import LincheckError as LincheckError
from ._errors import LincheckUsageError as LincheckUsageError
from ._errors import NondeterministicModel as NondeterministicModel
from ._errors import NotLinearizable as NotLinearizable
from ._errors import UnhashableModelState as UnhashableModelState
from ._history import HistoryEntry as HistoryEntry
from ._history import Outcome as Outcome
from ._model import state_key as state_key
from ._scenario import Operation as Operation
from ._scenario import Scenario as Scenario

__all__ = [
    "HistoryEntry",
    "InvalidOperation",
    "LincheckError",
    "LincheckUsageError",
    "NondeterministicModel",
    "NotLinearizable",
    "Operation",
    "Outcome",
    "Refusal",
    "Scenario",
    "UnhashableModelState",
    "Verdict",
    "check_history",
    "check_linearizable",
    "state_key",
]
