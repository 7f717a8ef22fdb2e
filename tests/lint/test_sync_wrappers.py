"""An ``async def`` that a decorator runs to completion (``@gen_test``, ``@async_to_sync``) is
a plain function when called: its call returns the result, and its body still runs on a loop."""

from __future__ import annotations

import pytest

from admf_tsan.lint.engine import lint_source
from admf_tsan.lint.ftypes import LintConfig

OPEN_LOG = (
    "import io\nfrom asgiref.sync import async_to_sync\n\n{decorator}"
    "async def open_log() -> io.TextIOWrapper:\n    return open('log')\n\n"
    "def tail():\n    open_log()\n    return open_log().read()\n"
)


def _codes(source: str) -> list[tuple[str, int]]:
    return sorted((f.code, f.line) for f in lint_source(source) if f.code != "ADMF104")


@pytest.mark.parametrize(
    "decorator",
    [
        "@async_to_sync\n",
        "@gen_test\n",
        "@gen_test(timeout=5)\n",
        "@testing.gen_test\n",
        "@syncify\n",
    ],
)
def test_a_call_of_a_sync_wrapped_coroutine_function_is_a_plain_call(decorator: str) -> None:
    imports = "from tornado import testing\nfrom tornado.testing import gen_test\n"
    imports += "from asyncer import syncify\n"
    source = imports + OPEN_LOG.format(decorator=decorator)
    assert _codes(source) == []


def test_a_coroutine_function_marked_for_pytest_is_still_one() -> None:
    source = "import pytest\n" + OPEN_LOG.format(decorator="@pytest.mark.asyncio\n")
    assert _codes(source) == [("ADMF304", 10)]


def test_the_result_of_a_sync_wrapped_call_is_typed_by_its_return_annotation() -> None:
    wrapped = OPEN_LOG.format(decorator="@async_to_sync\n").replace("def tail", "async def tail")
    plain = OPEN_LOG.format(decorator="").replace("def tail", "async def tail")
    # ``open_log().read()`` reads a file in a coroutine only when the call returns the file;
    # the body's own ``open()`` runs on a loop either way. Called from a coroutine, the wrapped
    # function runs a loop of its own inside the running one (ADMF112).
    # (Reading a file is ADMF130, opt-in: selected here.)
    reads = LintConfig(select=frozenset({"ADMF", "ADMF130"}))
    assert sorted((f.code, f.line) for f in lint_source(wrapped, config=reads)) == [
        ("ADMF112", 9),
        ("ADMF112", 10),
        ("ADMF130", 6),
        ("ADMF130", 10),
    ]
    found = lint_source(plain, config=reads)
    assert sorted((f.code, f.line) for f in found if f.code == "ADMF130") == [("ADMF130", 5)]
