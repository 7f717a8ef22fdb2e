"""pytest plugin for admf-tsan: ``pytest --admf-stress`` (registered as ``admf`` via ``pytest11``).

Mark a test ``@pytest.mark.admf_stress(workers=None, iterations=None, contexts=None)`` and use
the ``stress`` fixture to run an operation in concurrent workers. Without ``--admf-stress`` the
test runs once, normally. With it, the test becomes one item per context
(``test_x[admf-single]``, ``[admf-multi]``, ``[admf-async]``), each run ``iterations`` times
under the controlled scheduler with the runtime checkers on; every failure prints the seed and
the command line that replays it. See docs/pytest-plugin.md.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import pytest

from pytest_admf._settings import MARKER_LINE, StressSettings, add_options, read_settings

if TYPE_CHECKING:
    from pytest_admf._failures import StressFailure as StressFailure
    from pytest_admf._failures import StressStalled as StressStalled
    from pytest_admf._failures import WorkerError as WorkerError
    from pytest_admf._replay import AdmfReplayWarning as AdmfReplayWarning
    from pytest_admf._session import RuntimeViolations as RuntimeViolations
    from pytest_admf._stress import Stress as Stress

__all__ = [
    "AdmfReplayWarning",
    "RuntimeViolations",
    "Stress",
    "StressFailure",
    "StressStalled",
    "WorkerError",
]

# The public names load on first use: pytest imports this module in every session, and the
# stress machinery (and the admf_tsan core behind it) is only needed when a test asks for it.
_EXPORTS = {
    "AdmfReplayWarning": "pytest_admf._replay",
    "RuntimeViolations": "pytest_admf._session",
    "Stress": "pytest_admf._stress",
    "StressFailure": "pytest_admf._failures",
    "StressStalled": "pytest_admf._failures",
    "WorkerError": "pytest_admf._failures",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_admf' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


_SETTINGS = pytest.StashKey[StressSettings]()
_REPLAY_EXTRA = pytest.StashKey[tuple[str, ...]]()
_WORKER_SEED = "admf_base_seed"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    from pytest_admf._seeds import fresh_base_seed
    from pytest_admf._summary import StressReporter

    config.addinivalue_line("markers", MARKER_LINE)
    workerinput = getattr(config, "workerinput", None)
    inherited = workerinput.get(_WORKER_SEED) if workerinput is not None else None
    settings = read_settings(
        config, fresh_base_seed if inherited is None else lambda: int(inherited)
    )
    config.stash[_SETTINGS] = settings
    if workerinput is None:
        config.pluginmanager.register(StressReporter(settings.seed), "admf-stress-reporter")
    extra: list[str] = []
    if config.getoption("admf_workers") is not None:
        extra.append(f"--admf-workers={settings.workers}")
    if config.getoption("admf_timeout") is not None:
        extra.append(f"--admf-timeout={settings.timeout:g}")
    config.stash[_REPLAY_EXTRA] = tuple(extra)
    if settings.enabled:
        from pytest_admf._deadline import install_interrupt_handler

        install_interrupt_handler()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SETTINGS in config.stash and config.stash[_SETTINGS].enabled:
        from pytest_admf._deadline import uninstall_interrupt_handler

        uninstall_interrupt_handler()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: every worker gets the controller's base seed, so seeds match across workers."""
    node.workerinput[_WORKER_SEED] = node.config.stash[_SETTINGS].seed


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    settings = config.stash[_SETTINGS]
    if not settings.enabled:
        return None
    return [
        f"admf-stress: base seed {settings.seed}, contexts {','.join(settings.contexts)}, "
        f"{settings.workers} workers, {settings.iterations} runs per context, "
        f"timeout {settings.timeout:g} s",
        "admf-stress: MULTI_THREADED under the controlled scheduler, runtime checkers on",
    ]


@pytest.hookimpl(trylast=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    settings = metafunc.config.stash[_SETTINGS]
    mark = metafunc.definition.get_closest_marker("admf_stress")
    if mark is None:
        return
    from pytest_admf._settings import MarkerSettings, marker_settings

    marker: MarkerSettings = marker_settings(mark, metafunc.definition.nodeid)
    if not settings.enabled:
        return
    from pytest_admf._session import CONTEXT_PARAM

    contexts = marker.apply(settings).contexts
    if CONTEXT_PARAM not in metafunc.fixturenames:
        metafunc.fixturenames.append(CONTEXT_PARAM)
    if contexts:
        params = [pytest.param(name, id=f"admf-{name}") for name in contexts]
    else:
        reason = (
            f"admf_stress(contexts={','.join(marker.contexts or ())}) and "
            f"--admf-contexts={','.join(settings.contexts)} have no context in common"
        )
        params = [pytest.param(None, id="admf-none", marks=pytest.mark.skip(reason=reason))]
    metafunc.parametrize(CONTEXT_PARAM, params)


def _plan(item: pytest.Item) -> Any:
    if not item.config.stash[_SETTINGS].enabled:
        return None
    from pytest_admf._session import item_plan

    return item_plan(item, item.config.stash[_SETTINGS], item.config.stash[_REPLAY_EXTRA])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    plan = _plan(item)
    if plan is None:
        mode = _unstressed_mode(item)
        if mode is None:
            return (yield)
        from admf_tsan.context import use_context

        with use_context(mode):
            return (yield)
    from admf_tsan.context import use_context

    # Setup, call and teardown all run in the item's context, so fixtures build their
    # components for it; checking=True turns on the thread-affinity checks of the factory.
    with use_context(plan.mode, checking=True):
        return (yield)


def _unstressed_mode(item: pytest.Item) -> Any:
    """Without --admf-stress: None (run in the current context), unless the marker's contexts
    exclude the current one; then the first context the marker names."""
    from pytest_admf._settings import item_marker

    marker = item_marker(item)
    if marker is None or marker.contexts is None:
        return None
    from admf_tsan.context import ThreadingMode, current_context

    if current_context().threading_mode.short in marker.contexts:
        return None
    return ThreadingMode.parse(marker.contexts[0])


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    plan = _plan(pyfuncitem)
    if plan is None:
        return None
    from pytest_admf._session import call_stressed

    call_stressed(pyfuncitem, plan)
    return True


@pytest.fixture
def execution_context(request: pytest.FixtureRequest) -> Any:
    """The ExecutionContext this test runs under (its stress context, else the current one)."""
    from admf_tsan.context import current_context

    return current_context()


@pytest.fixture
def stress(request: pytest.FixtureRequest) -> Stress:
    """Runs ``op(worker_index)`` in concurrent workers as the context dictates."""
    from admf_tsan.context import current_context
    from pytest_admf._deadline import Deadline
    from pytest_admf._seeds import seed_of_test
    from pytest_admf._session import STATE_KEY
    from pytest_admf._settings import item_marker
    from pytest_admf._stress import RunState, Stress

    item = request.node
    settings = request.config.stash[_SETTINGS]
    marker = item_marker(item)
    workers = marker.apply(settings).workers if marker is not None else settings.workers
    if STATE_KEY not in item.stash:
        item.stash[STATE_KEY] = RunState(
            current_context().threading_mode,
            seed_of_test(settings.seed, item.nodeid),
            Deadline(settings.timeout),
        )

    def state() -> RunState:
        current: RunState = item.stash[STATE_KEY]
        return current

    return Stress(workers, state)
