"""Running a stressed body: the scheduler scope around it."""

from __future__ import annotations

import pytest

from admf_tsan import ThreadingMode

pytestmark = pytest.mark.timeout(60)


def test_the_plugin_is_machinery_to_the_scheduler() -> None:
    # The worker bodies around the test's op live in the plugin: no switch points there, and
    # none of its frames in a deadlock report's stacks.
    import pytest_admf.workers.threads
    from pytest_admf.session.run import _scheduler_scope
    from pytest_admf.settings import StressSettings

    from admf_tsan.scheduler import default_include

    settings = StressSettings(
        enabled=True,
        contexts=("multi",),
        workers=2,
        iterations=1,
        seed=0,
        seed_given=False,
        timeout=5.0,
    )
    with _scheduler_scope(ThreadingMode.MULTI_THREADED, 0, "pct", settings) as scheduler:
        assert scheduler is not None
        assert not default_include(pytest_admf.workers.threads.__file__)
