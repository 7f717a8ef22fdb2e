"""pytest plugin for admf-tsan: ``pytest --admf-stress`` (registered as ``admf`` via ``pytest11``).

Mark a test ``@pytest.mark.admf_stress(workers=None, iterations=None, contexts=None)`` and use
the ``stress`` fixture to run an operation in concurrent workers. Without ``--admf-stress`` the
test runs once, normally. With it, the test becomes one item per context
(``test_x[admf-single]``, ``[admf-multi]``, ``[admf-async]``), each run ``iterations`` times
under the controlled scheduler with the runtime checkers on; every failure prints the seed and
the command line that replays it. See docs/pytest-plugin.md.

This module is the entry point and the public face only: pytest loads the hooks from
``pytest_admf.plugin`` and the fixtures from ``pytest_admf.fixtures`` through
``pytest_plugins`` below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_admf.failures import StressFailure as StressFailure
    from pytest_admf.failures import StressStalled as StressStalled
    from pytest_admf.failures import WorkerError as WorkerError
    from pytest_admf.session.replay import AdmfReplayWarning as AdmfReplayWarning
    from pytest_admf.session.run import RuntimeViolations as RuntimeViolations
    from pytest_admf.stress import Stress as Stress

__all__ = [
    "AdmfReplayWarning",
    "RuntimeViolations",
    "Stress",
    "StressFailure",
    "StressStalled",
    "WorkerError",
]

pytest_plugins = ("pytest_admf.plugin", "pytest_admf.fixtures")

# The public names load on first use: pytest imports this module in every session, and the
# stress machinery (and the admf_tsan core behind it) is only needed when a test asks for it.
_EXPORTS = {
    "AdmfReplayWarning": "pytest_admf.session.replay",
    "RuntimeViolations": "pytest_admf.session.run",
    "Stress": "pytest_admf.stress",
    "StressFailure": "pytest_admf.failures",
    "StressStalled": "pytest_admf.failures",
    "WorkerError": "pytest_admf.failures",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_admf' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
