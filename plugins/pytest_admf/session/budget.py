"""The search budget of hypothesis tests under ``--admf-stress``: its ``admf-stress`` profile.

A stress session searches longer: it loads hypothesis' settings profile ``admf-stress``, which
is, unless the project registered its own under that name, the profile the session had
(``--hypothesis-profile`` or hypothesis' default) with ``STRESS_EXAMPLES_FACTOR`` times its
``max_examples``. ``admf_tsan.lincheck.check_linearizable`` draws its scenarios with the
current profile's ``max_examples``, so its budget grows with it; so does every ``@given`` test
without an explicit ``max_examples``. Hypothesis is imported only when stressing.
"""

from __future__ import annotations

__all__ = ["STRESS_EXAMPLES_FACTOR", "STRESS_PROFILE", "load_stress_profile", "restore_profile"]

STRESS_PROFILE = "admf-stress"
STRESS_EXAMPLES_FACTOR = 10


def load_stress_profile() -> str | None:
    """Load the ``admf-stress`` profile; return the name of the profile it replaced.

    Registers it first (the current profile, ``max_examples`` times ``STRESS_EXAMPLES_FACTOR``)
    unless a profile of that name exists. None when hypothesis is not installed.
    """
    try:
        import hypothesis
        from hypothesis.errors import InvalidArgument
    except ImportError:  # pragma: no cover - hypothesis comes with the plugin's extra
        return None
    previous = hypothesis.settings.get_current_profile_name()
    try:
        hypothesis.settings.get_profile(STRESS_PROFILE)
    except InvalidArgument:
        current = hypothesis.settings.get_profile(previous)
        hypothesis.settings.register_profile(
            STRESS_PROFILE,
            parent=current,
            max_examples=current.max_examples * STRESS_EXAMPLES_FACTOR,
        )
    hypothesis.settings.load_profile(STRESS_PROFILE)
    return previous


def restore_profile(previous: str) -> None:
    """Load ``previous`` again (an in-process pytest run must not change its caller's profile)."""
    import hypothesis

    hypothesis.settings.load_profile(previous)
