"""Exceptions of the linearizability checker.

``NotLinearizable`` is the verdict (an ``AssertionError``, so a test fails the way an assertion
does); the others say that the check itself was set up wrong and no verdict was reached.
"""

from __future__ import annotations

from ..errors import AdmfTsanError

__all__ = [
    "InvalidOperation",
    "LincheckError",
    "LincheckUsageError",
    "NondeterministicModel",
    "NotLinearizable",
    "UnhashableModelState",
]


class LincheckError(AdmfTsanError):
    """Base class of every error the linearizability checker raises."""


class NotLinearizable(LincheckError, AssertionError):
    """A history of the concurrent object that no sequential order of the model explains.

    Also raised when operations of the parallel part never returned (a deadlock): a model's
    operations always return, so an object whose operations do not is not explained by it.
    The message holds the scenario, the results, why no order fits, the interleaving and how
    to replay it.
    """


class LincheckUsageError(LincheckError, ValueError):
    """The check was asked for something it cannot do; no verdict was reached."""


class InvalidOperation(LincheckUsageError):
    """An operation is missing on the object or the model, not callable, or of the wrong arity."""


class NondeterministicModel(LincheckUsageError):
    """The model gave two different answers to the same sequence of operations."""


class UnhashableModelState(LincheckUsageError):
    """The model's state key (``state()`` or the one derived from its attributes) is unhashable."""
