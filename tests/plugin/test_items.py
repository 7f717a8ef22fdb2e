"""Which items a marked test becomes, and how often its body runs, with and without stress."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.timeout(120)

COUNTING = """
import os
import pytest

from admf_tsan import current_context

@pytest.mark.admf_stress(iterations=3)
def test_counted(execution_context):
    with open(os.environ["ADMF_TEST_LOG"], "a") as log:
        log.write(f"{execution_context.threading_mode.short} {current_context().checking}\\n")

def test_plain():
    pass
"""


def _log(pytester: pytest.Pytester) -> list[str]:
    path = pytester.path / "runs.log"
    return path.read_text().split("\n")[:-1] if path.exists() else []


def test_without_stress_a_marked_test_runs_once_in_the_process_context(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMF_TEST_LOG", str(pytester.path / "runs.log"))
    pytester.makepyfile(COUNTING)
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*::test_counted PASSED*"])
    assert _log(pytester) == ["multi False"]
    assert "admf-tsan stress summary" not in result.stdout.str()


def test_with_stress_each_context_is_an_item_run_iterations_times(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMF_TEST_LOG", str(pytester.path / "runs.log"))
    pytester.makepyfile(COUNTING)
    result = pytester.runpytest_subprocess("-v", "--admf-stress", "--admf-seed=7")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        [
            "*::test_counted[[]admf-single[]] PASSED*",
            "*::test_counted[[]admf-multi[]] PASSED*",
            "*::test_counted[[]admf-async[]] PASSED*",
            "*::test_plain PASSED*",
        ]
    )
    assert _log(pytester) == ["single True"] * 3 + ["multi True"] * 3 + ["async True"] * 3
    result.stdout.fnmatch_lines(
        [
            "admf-stress: base seed 7, contexts single,multi,async, 4 workers, 50 runs per*",
            "*admf-tsan stress summary*",
            "context   tests    runs  failures  violations",
            "single        1       3         0           0",
            "multi         1       3         0           0",
            "async         1       3         0           0",
        ]
    )


def test_contexts_are_the_marker_and_option_intersection(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.admf_stress(iterations=1, contexts=["multi", "async"])
        def test_two():
            pass

        @pytest.mark.admf_stress(iterations=1, contexts="single")
        def test_none_left():
            pass

        @pytest.mark.parametrize("variant", ["a", "b"])
        @pytest.mark.admf_stress(iterations=1, contexts="MULTI_THREADED")
        def test_ids(variant):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-v", "-rs", "--admf-stress", "--admf-contexts=multi")
    result.assert_outcomes(passed=3, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*::test_two[[]admf-multi[]] PASSED*",
            "*::test_none_left[[]admf-none[]] SKIPPED*",
            "*::test_ids[[]a-admf-multi[]] PASSED*",
            "*::test_ids[[]b-admf-multi[]] PASSED*",
            "*admf_stress(contexts=single) and --admf-contexts=multi have no context in common*",
        ]
    )


def test_the_first_failing_run_ends_the_item_and_names_its_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        runs = []

        @pytest.mark.admf_stress(iterations=10, contexts="single")
        def test_third_run_fails(stress):
            runs.append(stress.seed)
            assert len(runs) < 3, f"seeds so far {runs}"
        """
    )
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=11")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*admf-stress: run 3 of 10 in context single, seed *",
            "*replay: *python* -m pytest '*test_third_run_fails[[]admf-single[]]' --admf-stress"
            " --admf-seed=*",
            "single        1       3         1           0",
        ]
    )


LABELS = """
import pytest

@pytest.mark.admf_stress(iterations=4)
def test_fails_everywhere(stress):
    stress.run(lambda worker: None)
    assert stress.iteration < 1, f"run {stress.iteration}"
"""


def test_only_multi_threaded_runs_name_a_scheduler_strategy(pytester: pytest.Pytester) -> None:
    # SINGLE_THREADED and ASYNC runs have no controlled scheduler: labelling their seed "pct"
    # or "random" would send a reader looking for a schedule that never ran.
    pytester.makepyfile(test_labels=LABELS)
    result = pytester.runpytest_subprocess("--admf-stress", "--admf-seed=11")
    result.assert_outcomes(failed=3)
    output = result.stdout.str()
    for context in ("single", "async"):
        node = f"test_labels.py::test_fails_everywhere[admf-{context}]"
        summary = re.search(rf"^  {re.escape(node)}: run 2 of 4, seed (\d+)(.*)$", output, re.M)
        assert summary is not None, output
        assert summary.group(2) == "", summary.group(0)
        where = re.search(
            rf"admf-stress: run 2 of 4 in context {context}, seed \d+(.*)$", output, re.M
        )
        assert where is not None and where.group(1) == "", output
    multi = re.search(
        r"^  test_labels.py::test_fails_everywhere\[admf-multi\]: run 2 of 4, seed \d+, (\w+)$",
        output,
        re.M,
    )
    assert multi is not None and multi.group(1) in ("pct", "random"), output
