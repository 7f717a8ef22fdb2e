"""The hooks of ``pytest --admf-stress``: options, the marker, items per context, running them.

Only hooks live here; each hands the work to the part whose job it is: ``settings`` parses
options and markers, ``session`` plans and runs stressed items and sums them up, ``workers``
runs the workers of one ``stress.run`` call, ``fixtures`` holds the fixtures. Heavy imports
(the admf_tsan core, the scheduler, the runtime checkers) happen inside the hooks that need
them, so that loading the plugin costs a session that does not use it next to nothing.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import pytest

from pytest_admf.settings import (
    MARKER_LINE,
    SETTINGS_KEY,
    add_options,
    marker_error,
    read_settings,
    valid_item_marker,
)

if TYPE_CHECKING:
    from admf_tsan.context import ThreadingMode
    from pytest_admf.session.include import ScheduledCode
    from pytest_admf.session.plan import ItemPlan

__all__ = [
    "pytest_addoption",
    "pytest_configure",
    "pytest_configure_node",
    "pytest_generate_tests",
    "pytest_pyfunc_call",
    "pytest_report_header",
    "pytest_runtest_protocol",
    "pytest_sessionstart",
    "pytest_timeout_set_timer",
    "pytest_unconfigure",
]

# What the controller hands every pytest-xdist worker, so that seeds and replay commands match.
_WORKER_SEED = "admf_base_seed"
_WORKER_INVOCATION = "admf_invocation"
# The hypothesis settings profile a stress session replaced (see session/budget.py).
_PROFILE_KEY = pytest.StashKey[str]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    """Spell a bare ``--admf-stress`` as ``--admf-stress=marked`` before the final parse.

    The option takes an optional value (``--admf-stress=all``); written bare before a path
    (``--admf-stress tests/``) argparse would take the path for its value.
    """
    if "--admf-stress" in args:
        args[:] = ["--admf-stress=marked" if arg == "--admf-stress" else arg for arg in args]
        early_config.known_args_namespace = parser.parse_known_args(
            args, namespace=copy.copy(early_config.option)
        )


def pytest_configure(config: pytest.Config) -> None:
    from pytest_admf.session.plan import REPLAY_KEY
    from pytest_admf.session.seeds import ReplayCommand, fresh_base_seed, invocation
    from pytest_admf.session.summary import StressReporter

    config.addinivalue_line("markers", MARKER_LINE)
    workerinput = getattr(config, "workerinput", None)
    inherited = workerinput.get(_WORKER_SEED) if workerinput is not None else None
    settings = read_settings(
        config, fresh_base_seed if inherited is None else lambda: int(inherited)
    )
    config.stash[SETTINGS_KEY] = settings
    if workerinput is None:
        config.pluginmanager.register(StressReporter(settings.seed), "admf-stress-reporter")
    extra: list[str] = []
    if config.getoption("admf_workers") is not None:
        extra.append(f"--admf-workers={settings.workers}")
    if config.getoption("admf_timeout") is not None:
        extra.append(f"--admf-timeout={settings.timeout:g}")
    if config.getoption("admf_include") is not None:
        extra.append(f"--admf-include={','.join(settings.include)}")
    started_as = workerinput.get(_WORKER_INVOCATION) if workerinput is not None else None
    config.stash[REPLAY_KEY] = ReplayCommand(
        str(started_as) if started_as else invocation(sys.argv), tuple(extra)
    )
    if settings.enabled:
        from admf_tsan.scheduler import include_code
        from pytest_admf.session.include import SCHEDULED_KEY, find_scheduled_code
        from pytest_admf.workers.deadline import install_interrupt_handler

        install_interrupt_handler()
        scheduled = find_scheduled_code(str(config.rootpath), settings.include)
        config.stash[SCHEDULED_KEY] = scheduled
        for _, location in scheduled.packages:
            include_code(location)


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # After hypothesis' own plugin loaded --hypothesis-profile: the stress profile builds on it.
    if session.config.stash[SETTINGS_KEY].enabled:
        from pytest_admf.session.budget import load_stress_profile

        previous = load_stress_profile()
        if previous is not None:
            session.config.stash[_PROFILE_KEY] = previous


def pytest_unconfigure(config: pytest.Config) -> None:
    if _PROFILE_KEY in config.stash:
        from pytest_admf.session.budget import restore_profile

        restore_profile(config.stash[_PROFILE_KEY])
    if SETTINGS_KEY in config.stash and config.stash[SETTINGS_KEY].enabled:
        from pytest_admf.workers.deadline import uninstall_interrupt_handler

        uninstall_interrupt_handler()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: every worker gets the controller's base seed and command line."""
    from pytest_admf.session.plan import REPLAY_KEY

    node.workerinput[_WORKER_SEED] = node.config.stash[SETTINGS_KEY].seed
    node.workerinput[_WORKER_INVOCATION] = node.config.stash[REPLAY_KEY].invocation


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    """pytest-timeout: a stressed item's limit becomes the budget of all its runs.

    pytest-timeout still arms its timer (it covers the item's setup); the plugin cancels it
    when the runs start, ends the run that is going on when the budget is spent with its own
    stall report (wait-for graph, every stack, the seed), and re-arms pytest-timeout with what
    is left for the teardown: one budget, one message per phase.
    """
    from pytest_admf.session.plan import BUDGET_KEY, TIMEOUT_SETTINGS_KEY

    if BUDGET_KEY in item.stash or _plan(item) is None or not settings.timeout:
        return None
    item.stash[BUDGET_KEY] = float(settings.timeout)
    item.stash[TIMEOUT_SETTINGS_KEY] = settings
    return None


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    settings = config.stash[SETTINGS_KEY]
    if not settings.enabled:
        return None
    return [
        f"admf-stress: base seed {settings.seed}, contexts {','.join(settings.contexts)}, "
        f"{settings.workers} workers, {settings.iterations} runs per context, "
        f"timeout {settings.timeout:g} s",
        "admf-stress: MULTI_THREADED under the controlled scheduler, runtime checkers on"
        + (", every test that starts a thread or a task" if settings.scope == "all" else ""),
        f"admf-stress: {_scheduled(config).describe()}",
    ]


def _scheduled(config: pytest.Config) -> ScheduledCode:
    from pytest_admf.session.include import SCHEDULED_KEY, ScheduledCode

    return config.stash.get(SCHEDULED_KEY, ScheduledCode())


@pytest.hookimpl(trylast=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    settings = metafunc.config.stash[SETTINGS_KEY]
    if not settings.enabled or metafunc.definition.get_closest_marker("admf_stress") is None:
        return
    # A bad marker is not parametrized: the one item fails with the reason when it is called,
    # and the module's other tests run (see pytest_pyfunc_call).
    marker = valid_item_marker(metafunc.definition)
    if marker is None:
        return
    from pytest_admf.session.plan import CONTEXT_PARAM

    applied = marker.apply(settings)
    contexts = applied.contexts
    if CONTEXT_PARAM not in metafunc.fixturenames:
        metafunc.fixturenames.append(CONTEXT_PARAM)
    chunks = min(settings.split, applied.iterations)
    if contexts and chunks > 1:
        from pytest_admf.session.plan import CHUNK_PARAM

        metafunc.fixturenames.append(CHUNK_PARAM)
        split = [
            pytest.param(name, (index, chunks), id=f"admf-{name}-split{index + 1}of{chunks}")
            for name in contexts
            for index in range(chunks)
        ]
        metafunc.parametrize((CONTEXT_PARAM, CHUNK_PARAM), split)
        return
    if contexts:
        params = [pytest.param(name, id=f"admf-{name}") for name in contexts]
    else:
        reason = (
            f"admf_stress(contexts={','.join(marker.contexts or ())}) and "
            f"--admf-contexts={','.join(settings.contexts)} have no context in common"
        )
        params = [pytest.param(None, id="admf-none", marks=pytest.mark.skip(reason=reason))]
    metafunc.parametrize(CONTEXT_PARAM, params)


def _plan(item: pytest.Item) -> ItemPlan | None:
    if not item.config.stash[SETTINGS_KEY].enabled:
        return None
    from pytest_admf.session.plan import item_plan

    return item_plan(item)


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

    if plan.probe:
        # --admf-stress=all on an unmarked test: it keeps the context it has without the flag.
        return (yield)
    # Setup, call and teardown all run in the item's context, so fixtures build their
    # components for it; checking=True turns on the thread-affinity checks of the factory.
    with use_context(plan.mode, checking=True):
        return (yield)


def _unstressed_mode(item: pytest.Item) -> ThreadingMode | None:
    """Without --admf-stress: None (run in the current context), unless the marker's contexts
    exclude the current one; then the first context the marker names."""
    marker = valid_item_marker(item)
    if marker is None or marker.contexts is None:
        return None
    from admf_tsan.context import ThreadingMode, current_context

    if current_context().threading_mode.short in marker.contexts:
        return None
    return ThreadingMode.parse(marker.contexts[0])


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    __tracebackhide__ = True  # reports show the test's frames, not the plugin's (--full-trace does)
    problem = marker_error(pyfuncitem)
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    plan = _plan(pyfuncitem)
    if plan is None:
        return None
    from pytest_admf.session.run import call_stressed

    call_stressed(pyfuncitem, plan)
    return True
