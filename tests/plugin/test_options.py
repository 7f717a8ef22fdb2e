"""Options, ini keys and the marker: registration, precedence and clear errors on bad input."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.timeout(60)

MARKED = """
import pytest

@pytest.mark.admf_stress(workers=3)
def test_marked(stress):
    print(f"WORKERS={stress.workers}")
"""


def test_help_lists_every_option_in_the_admf_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["admf-tsan stress testing:"])
    for option in (
        "--admf-stress",
        "--admf-contexts=single,multi,async",
        "--admf-workers=N",
        "--admf-iterations=N",
        "--admf-seed=N",
        "--admf-timeout=SECONDS",
    ):
        result.stdout.fnmatch_lines([f"*{option}*"])
    for ini in (
        "admf_stress",
        "admf_contexts",
        "admf_workers",
        "admf_iterations",
        "admf_seed",
        "admf_timeout",
    ):
        result.stdout.fnmatch_lines([f"  {ini} *"])


def test_marker_is_registered_with_its_signature(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(
        ["@pytest.mark.admf_stress(workers=None, iterations=None, contexts=None*): *"]
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--admf-workers=0", "*--admf-workers must be at least 1, got 0*"),
        ("--admf-workers=many", "*--admf-workers must be a whole number, got 'many'*"),
        ("--admf-iterations=-2", "*--admf-iterations must be at least 1, got -2*"),
        ("--admf-seed=x", "*--admf-seed must be an integer, got 'x'*"),
        ("--admf-timeout=0", "*--admf-timeout must be more than 0 seconds*"),
        (
            "--admf-contexts=single,threads",
            "*--admf-contexts: unknown context 'threads'; use some of single, multi, async*",
        ),
        ("--admf-contexts=,", "*--admf-contexts: name at least one context*"),
    ],
)
def test_bad_option_values_are_usage_errors(
    pytester: pytest.Pytester, option: str, message: str
) -> None:
    pytester.makepyfile(MARKED)
    result = pytester.runpytest("--admf-stress", option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_ini_keys_apply_and_the_command_line_wins(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        "[pytest]\nadmf_stress = true\nadmf_workers = 5\n"
        "admf_iterations = 1\nadmf_contexts = single\n"
    )
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.admf_stress
        def test_unmarked_workers(stress):
            print(f"WORKERS={stress.workers}")
        """
    )
    result = pytester.runpytest_subprocess("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*WORKERS=5*"])
    result = pytester.runpytest_subprocess("-s", "--admf-workers=2")
    result.stdout.fnmatch_lines(["*WORKERS=2*"])


def test_marker_arguments_win_over_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(MARKED)
    result = pytester.runpytest_subprocess(
        "-s", "--admf-stress", "--admf-workers=7", "--admf-iterations=1", "--admf-contexts=single"
    )
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*WORKERS=3*"])


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            "admf_stress(workers=0)",
            "*admf_stress(workers=0): workers must be a whole number of at least 1*",
        ),
        ("admf_stress(iterations='3')", "*iterations must be a whole number*"),
        ("admf_stress(contexts='single,gpu')", "*unknown context 'gpu'*"),
        (
            "admf_stress(4, 2, 'multi', 'off', (), 9, 9, 9, 9, 9)",
            "*bad @pytest.mark.admf_stress*too many positional arguments*",
        ),
        (
            "admf_stress(threads=2)",
            "*bad @pytest.mark.admf_stress*unexpected keyword argument 'threads'*",
        ),
    ],
)
def test_bad_marker_arguments_name_the_test(
    pytester: pytest.Pytester, marker: str, message: str
) -> None:
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.{marker}
        def test_bad(stress):
            pass
        """
    )
    result = pytester.runpytest("--admf-stress")
    assert result.ret != pytest.ExitCode.OK
    output = result.stdout.str() + result.stderr.str()
    assert "test_bad" in output
    from fnmatch import fnmatch

    assert any(fnmatch(line, message) for line in output.splitlines()), output


def test_a_bad_marker_fails_only_its_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.admf_stress(workers="four")
        def test_bad(stress):
            pass

        @pytest.mark.admf_stress(iterations=2)
        def test_good(stress):
            stress.run(lambda worker: None)

        def test_plain():
            pass
        """
    )
    for args in (["--admf-stress", "--admf-contexts=single"], []):
        result = pytester.runpytest_subprocess(*args)
        passed = 1 + 1  # test_good (one context or unstressed) and test_plain
        result.assert_outcomes(failed=1, passed=passed)
        result.stdout.fnmatch_lines(
            [
                "*test_bad*admf_stress(workers='four'): workers must be a whole number of at "
                "least 1*",
            ]
        )
        assert "error" not in result.stdout.lines[-1]
