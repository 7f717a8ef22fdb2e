"""Property: the linter never crashes on valid Python (hypothesmith), nor on arbitrary bytes."""

from __future__ import annotations

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from admf_tsan.lint.analysis.facts import decode_module, encode_module
from admf_tsan.lint.engine import analyse_project, extract_module
from admf_tsan.lint.ftypes import LintConfig

ASYNC_FLAVOURED = st.sampled_from(
    [
        "import asyncio, time, threading\n",
        "async def f(x):\n    with x:\n        await x\n",
        "class C:\n    async def m(self):\n        self.m()\n",
    ]
)


def _lint(source: bytes) -> None:
    facts = extract_module(source, "fuzz.py", "fuzz")
    assert decode_module(encode_module(facts)) == facts
    for finding in analyse_project([facts], LintConfig()):
        assert finding.line >= 1 and finding.column >= 1


# The limits guard against a hang; hypothesmith's generation alone takes a minute or more of CPU
# on a loaded 2-core machine (two 120 s limits were hit there with nothing hanging).
@pytest.mark.timeout(300)
@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it generates
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(prefix=ASYNC_FLAVOURED, source=hypothesmith.from_grammar())
def test_never_crashes_on_valid_code(prefix: str, source: str) -> None:
    _lint((prefix + source).encode("utf-8", "surrogatepass"))


@pytest.mark.timeout(300)
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=hypothesmith.from_node())
def test_never_crashes_on_generated_modules(source: str) -> None:
    # from_node builds programs from libcst nodes: async defs, awaits, with blocks, classes.
    _lint(source.encode("utf-8", "surrogatepass"))


@pytest.mark.timeout(60)
@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    _lint(data)
