"""Unit tests of the plugin's face, settings and failures that need no pytest session."""

from __future__ import annotations

import pytest
from pytest_admf import StressFailure, WorkerError
from pytest_admf.settings import parse_contexts

from admf_tsan import ThreadingMode

pytestmark = pytest.mark.timeout(60)


def test_public_names_load_lazily_from_private_modules_and_are_documented() -> None:
    import pytest_admf

    for name in pytest_admf.__all__:
        obj = getattr(pytest_admf, name)
        assert obj.__module__.startswith("pytest_admf."), name
        assert (obj.__doc__ or "").strip(), name
        assert name in dir(pytest_admf)
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        pytest_admf.Nope  # noqa: B018


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("single,multi", ("single", "multi")),
        (" ASYNC , multi_threaded ,async", ("async", "multi")),
        (["multi", ThreadingMode.SINGLE_THREADED], ("multi", "single")),
    ],
)
def test_contexts_parse_from_names_and_modes(value: object, expected: tuple[str, ...]) -> None:
    assert parse_contexts(value, source="here") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"), [("auto", "unknown context 'auto'"), ("", "name at least one")]
)
def test_bad_contexts_name_the_source(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^here: {message}"):
        parse_contexts(value, source="here")


def test_stress_failure_lists_every_worker() -> None:
    errors = [
        WorkerError(0, 3, KeyError("k"), "tb0"),
        WorkerError(2, None, ValueError("v"), "tb2"),
        WorkerError(None, None, RuntimeError("loop"), "tbl"),
    ]
    failure = StressFailure(errors, context="multi", seed=9, workers=3, times=4)
    text = str(failure)
    assert text.splitlines()[0] == "worker 0, iteration 3: KeyError: 'k'"
    assert "context multi, seed 9, 3 workers x 4 calls" in text
    assert "2 other worker failure(s):" in text
    assert "worker 2: ValueError: v" in text and "event loop: RuntimeError: loop" in text
    assert isinstance(failure, AssertionError)
    with pytest.raises(ValueError, match="at least one worker failure"):
        StressFailure([], context="multi", seed=1, workers=1, times=1)


def test_the_plugin_is_typed_and_its_face_loads_hooks_and_fixtures_by_role() -> None:
    from pathlib import Path

    import pytest_admf

    assert (Path(pytest_admf.__file__).parent / "py.typed").is_file()
    assert pytest_admf.pytest_plugins == ("pytest_admf.plugin", "pytest_admf.fixtures")
