"""``pytest --admf-stress`` raises check_linearizable's budget through hypothesis' profile."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.timeout(240)

CONFTEST = """
from hypothesis import settings

settings.register_profile("small", max_examples=4, database=None)
settings.load_profile("small")
{extra}
"""

TEST_FILE = """
import threading

from hypothesis import settings

from admf_tsan.lincheck import check_linearizable


class Counter:
    made = 0

    def __init__(self):
        type(self).made += 1
        self._lock = threading.Lock()
        self.value = 0

    def increment(self):
        with self._lock:
            self.value += 1
            return self.value


class CounterModel:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1
        return self.value


def test_counter():
    check_linearizable(Counter, CounterModel, {"increment": None}, interleavings=1)
    # Two objects check the factory and the methods; then one run per scenario.
    print(f"SCENARIOS={Counter.made - 2} PROFILE={settings.get_current_profile_name()}")
"""


def _scenarios(pytester: pytest.Pytester, *args: str, extra: str = "") -> tuple[int, str]:
    pytester.makeconftest(CONFTEST.format(extra=extra))
    pytester.makepyfile(test_budget=TEST_FILE)
    result = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider", *args)
    result.assert_outcomes(passed=1)
    found = re.search(r"SCENARIOS=(\d+) PROFILE=(\S+)", result.stdout.str())
    assert found is not None, result.stdout.str()
    return int(found.group(1)), found.group(2)


def test_without_stress_the_current_profile_decides_the_budget(pytester: pytest.Pytester) -> None:
    scenarios, profile = _scenarios(pytester)
    assert profile == "small"
    assert 1 <= scenarios <= 4


def test_stress_runs_ten_times_the_current_profiles_examples(pytester: pytest.Pytester) -> None:
    scenarios, profile = _scenarios(pytester, "--admf-stress")
    assert profile == "admf-stress"
    # 4 x 10 examples; hypothesis may stop a little early once it has seen enough.
    assert 20 < scenarios <= 40, scenarios


def test_a_projects_own_stress_profile_wins(pytester: pytest.Pytester) -> None:
    extra = 'settings.register_profile("admf-stress", max_examples=7, database=None)'
    scenarios, profile = _scenarios(pytester, "--admf-stress", extra=extra)
    assert profile == "admf-stress"
    assert 4 < scenarios <= 7, scenarios


def test_an_in_process_stress_session_restores_the_callers_profile(
    pytester: pytest.Pytester,
) -> None:
    from hypothesis import settings

    before = settings.get_current_profile_name()
    pytester.makepyfile(
        test_profile="""
        from hypothesis import settings

        def test_profile():
            assert settings.get_current_profile_name() == "admf-stress"
        """
    )
    result = pytester.runpytest("--admf-stress", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert settings.get_current_profile_name() == before
