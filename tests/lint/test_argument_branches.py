"""ADMF120 follows a project chain with the arguments its calls pass: a blocking call behind a
test of a parameter that those arguments make false is not reached (``ArgumentFlow``)."""

from __future__ import annotations

import pytest

from admf_tsan.lint.analysis.facts import (
    FunctionFacts,
    Parameters,
    PassedArguments,
    decode_module,
    encode_module,
)
from admf_tsan.lint.engine import analyse_project, extract_module
from admf_tsan.lint.ftypes import Finding, LintConfig

CONTEXT = (
    "import ssl\n\n"
    "def context(certfile=None):\n"
    "    ctx = ssl.SSLContext()\n"
    "    if certfile is not None:\n"
    "        ctx.load_cert_chain(certfile)\n"
    "    return ctx\n\n"
)


def lint(source: str, **files: str) -> list[Finding]:
    modules = [extract_module(source.encode(), "m.py", "m")]
    for name, text in files.items():
        modules.append(extract_module(text.encode(), f"{name}.py", name))
    return [f for f in analyse_project(modules, LintConfig()) if f.code == "ADMF120"]


def lines(findings: list[Finding]) -> list[int]:
    return sorted(f.line for f in findings)


def function(source: str, name: str) -> FunctionFacts:
    facts = extract_module(source.encode(), "m.py", "m")
    return next(fn for fn in facts.functions if fn.name == name)


@pytest.mark.parametrize(
    "call",
    ["context(None)", "context()", "context(certfile=None)", "context(None) or context()"],
)
def test_a_literal_or_a_default_that_makes_the_test_false_reaches_nothing(call: str) -> None:
    assert lint(CONTEXT + f"async def main():\n    {call}\n") == []


@pytest.mark.parametrize("call", ["context('c.pem')", "context(path)", "context(**options)"])
def test_a_truthy_literal_an_unknown_value_or_spread_arguments_still_reach_it(call: str) -> None:
    [finding] = lint(CONTEXT + f"async def main(path, options):\n    {call}\n")
    assert "main() -> context() -> ssl.SSLContext.load_cert_chain()" in finding.message


def test_a_parameter_passed_on_through_two_helpers_and_a_conjunction() -> None:
    source = (
        "import asyncio\n\n"
        "def resolve(secret, loop):\n"
        "    if loop and asyncio.iscoroutine(secret):\n"
        "        return asyncio.run_coroutine_threadsafe(secret, loop).result()\n"
        "    return secret\n\n"
        "def load(names, secret=None, loop=None):\n"
        "    return [resolve(secret, name) for name in names] and resolve(secret, loop)\n\n"
        "async def quiet(names):\n    load(names, 'pw')\n\n"
        "async def loud(names, loop):\n    load(names, loop=loop)\n"
    )
    # ``resolve(secret, name)`` passes a local, not ``loop``: that call is not decided.
    [finding] = lint(source)
    assert finding.line == 12
    assert "also reached from 1 other coroutine call" in finding.message
    exact = source.replace("resolve(secret, name) for", "name for")
    assert lines(lint(exact)) == [15]


def test_a_helper_without_tests_or_defaults_passes_its_parameters_on_unknown() -> None:
    # Its parameters are not in the facts (nothing there is decided by them): what it passes on
    # is taken as unknown, and the chain is kept.
    source = CONTEXT + "def relay(path):\n    return context(path)\n\n"
    assert lines(lint(source + "async def main():\n    relay(None)\n")) == [13]
    with_default = source.replace("def relay(path)", "def relay(path=None)")
    assert lint(with_default + "async def main():\n    relay()\n") == []


def test_the_rest_of_a_block_after_an_early_return() -> None:
    source = (
        "import time\n\n"
        "def settle(wait=False, *, quick=True):\n"
        "    if not wait:\n        return\n"
        "    if quick:\n        return\n"
        "    time.sleep(1)\n\n"
        "async def main():\n"
        "    settle()\n    settle(True)\n    settle(True, quick=False)\n"
    )
    assert lines(lint(source)) == [13]


def test_another_blocking_call_of_the_helper_is_reported_instead() -> None:
    source = (
        "import subprocess, time\n\n"
        "def session(verbose=False):\n"
        "    if verbose:\n        time.sleep(0.1)\n"
        "    subprocess.run(['true'])\n\n"
        "async def main():\n    session()\n"
    )
    [finding] = lint(source)
    assert "main() -> session() -> subprocess.run()" in finding.message


def test_a_parameter_bound_again_is_not_known() -> None:
    for rebinding in (
        "certfile = certfile or 'env.pem'",
        "certfile += ''",
        "for certfile in ['a']: pass",
        "print(certfile := 'x')",
    ):
        source = CONTEXT.replace("    ctx = ssl", f"    {rebinding}\n    ctx = ssl")
        assert lines(lint(source + "async def main():\n    context()\n")) == [11], rebinding


def test_a_decorator_that_may_supply_arguments_keeps_the_chain() -> None:
    source = "from lib import inject\n" + CONTEXT.replace("def context", "@inject\ndef context")
    assert len(lint(source + "async def main():\n    context()\n")) == 1
    cached = "import functools\n" + CONTEXT.replace(
        "def context", "@functools.lru_cache\ndef context"
    )
    assert lint(cached + "async def main():\n    context()\n") == []


def test_methods_bind_self_and_cls_and_extra_positionals_go_to_args() -> None:
    source = (
        "import time\n\n"
        "class Log:\n"
        "    def apply(self, level, path=None):\n"
        "        if path:\n            time.sleep(1)\n\n"
        "    @classmethod\n"
        "    def setup(cls, level, path=None):\n"
        "        if path:\n            time.sleep(1)\n\n"
        "def pause(seconds, *rest, enabled=True):\n"
        "    if enabled:\n        time.sleep(seconds)\n\n"
        "async def main(log):\n"
        "    Log().apply('INFO')\n"
        "    Log.apply(Log(), 'INFO')\n"
        "    Log.setup('INFO')\n"
        "    Log().setup('INFO', None)\n"
        "    pause(1, None)\n"
    )
    # ``pause(1, None)`` puts None in ``*rest``: ``enabled`` keeps its default, True.
    assert lines(lint(source)) == [22]


def test_recursion_with_a_literal_finds_the_longer_chain_and_terminates() -> None:
    source = (
        "import time\n\n"
        "def a(n=0):\n    return b(n)\n\n"
        "def b(n):\n    if n:\n        return a(n - 1)\n    time.sleep(1)\n\n"
        "async def go():\n    a(3)\n"
    )
    [finding] = lint(source)
    assert "go() -> a() -> b() -> a() -> b() -> time.sleep()" in finding.message
    # ``a(n)`` without a default records no parameters: 3 is not passed on, the short chain.
    [finding] = lint(source.replace("def a(n=0)", "def a(n)"))
    assert "go() -> a() -> b() -> time.sleep()" in finding.message


def test_a_name_defined_in_both_branches_uses_the_definition_holding_the_call() -> None:
    source = (
        "import ssl\n\ntry:\n    import certifi\nexcept ImportError:\n    certifi = None\n\n"
        "if certifi:\n"
        "    def context(certfile):\n"
        "        ctx = ssl.SSLContext()\n"
        "        if certfile is not None:\n            ctx.load_cert_chain(certfile)\n"
        "        return ctx\n"
        "else:\n"
        "    def context(*unused):\n        raise RuntimeError('no ssl')\n\n"
        "async def main():\n    context(None)\n"
    )
    assert lint(source) == []


def test_a_chain_reached_from_another_coroutine_call_is_still_reported() -> None:
    source = CONTEXT + (
        "async def quiet():\n    context()\n\nasync def loud(path):\n    context(path)\n"
    )
    [finding] = lint(source)
    assert finding.line == 13
    assert "also reached" not in finding.message


def test_other_modules_and_reruns_give_the_same_findings() -> None:
    helper = CONTEXT + "def wrapped(certfile=None):\n    return context(certfile)\n"
    main = "import helper\n\nasync def main(p):\n    helper.wrapped()\n    helper.wrapped(p)\n"
    first = lint(main, helper=helper)
    assert lines(first) == [5]
    assert lint(main, helper=helper) == first


def test_the_facts_record_argument_shapes_and_parameter_tests() -> None:
    source = (
        "import lib\n"
        "def f(self_like, a, b=None, *rest, flag=False, **extra):\n"
        "    if not flag:\n        return\n"
        "    if a is not None and b:\n        lib.g(a, key=b)\n"
        "    lib.g(*rest, **extra)\n"
    )
    fn = function(source, "f")
    parameters = fn.parameters
    assert isinstance(parameters, Parameters)
    assert parameters.names == ("self_like", "a", "b")
    assert parameters.keyword_only == ("flag",)
    assert dict(parameters.defaults) == {"b": None, "flag": False}
    assert (parameters.vararg, parameters.kwarg, parameters.implicit) == ("rest", "extra", "")
    # The early return, the rest after it, and the body of the second ``if``.
    assert [(t.line, t.end_line) for t in parameters.tests] == [(4, 4), (5, 7), (6, 6)]
    forwarded, spread = fn.calls[0], fn.calls[1]
    assert forwarded.passed == PassedArguments(1, ("key",), ((0, "a"), ("key", "b")))
    assert spread.passed == PassedArguments(0, (), (), True)
    facts = extract_module(source.encode(), "m.py", "m")
    assert decode_module(encode_module(facts)) == facts


def test_coroutines_generators_and_unknown_decorators_record_no_parameters() -> None:
    source = (
        "import lib\n\n"
        "async def c(p):\n    lib.g(p)\n\n"
        "def gen(p):\n    yield lib.g(p)\n\n"
        "@lib.wrap\ndef wrapped(p):\n    lib.g(p)\n\n"
        "def plain():\n    lib.g(1)\n"
    )
    for name in ("c", "gen", "wrapped", "plain"):
        assert function(source, name).parameters is None, name
    # A coroutine's parameters are unknown where its chains start: not recorded as passed on.
    assert function(source, "c").calls[0].passed == PassedArguments(1)


def test_a_search_past_its_limit_keeps_the_chain_it_was_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("admf_tsan.lint.rules.transitive_blocking.SEARCH_LIMIT", 1)
    source = (
        "import time\n\n"
        "def leaf(n):\n    time.sleep(n)\n\n"
        "def mid(wait=False):\n"
        "    if wait:\n        time.sleep(1)\n"
        "    leaf(1)\n    leaf(2)\n\n"
        "async def main():\n    mid()\n"
    )
    [finding] = lint(source)
    assert "main() -> mid() -> time.sleep()" in finding.message
