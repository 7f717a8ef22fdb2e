"""Which calls of a library function the known argument values reach (definite / may / none)."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

from admf_tsan.lint.deps.flow import UNKNOWN, FunctionOutline, Node, bind, outline_module, walk


def outlines(source: str) -> dict[str, FunctionOutline]:
    text = textwrap.dedent(source)
    return outline_module(ast.parse(text), "lib", text)


def run(outline: FunctionOutline, env: dict[str, Any]) -> tuple[Any, Any]:
    """(definite, may): the line of the first call to ``load`` found on every / some path."""

    def oracle(node: Node, values: dict[str, Any]) -> tuple[Any, Any]:
        return (node[1], None) if node[1] in LOAD_LINES else (None, None)

    result = walk(outline.body, dict(env), oracle)
    return result.definite, result.may


LOAD_LINES: set[int] = set()

CREATE = """
import os

def create(verify=True, trust_env=True):
    if verify is True:
        if trust_env and os.environ.get("CA"):
            ctx = load("env")
        else:
            ctx = load("default")
    elif verify is False:
        ctx = None
    else:
        ctx = verify
    return ctx
"""


def lines_of(source: str, needle: str) -> set[int]:
    text = textwrap.dedent(source)
    return {n for n, line in enumerate(text.splitlines(), start=1) if needle in line}


def test_default_argument_reaches_the_load_on_every_path() -> None:
    LOAD_LINES.clear()
    LOAD_LINES.update(lines_of(CREATE, "load("))
    create = outlines(CREATE)["lib.create"]
    env = bind(create, ["call", 1, 1, [], {}, False, None, 1, 1], {}, False)
    definite, may = run(create, env)
    assert definite in LOAD_LINES
    assert may in LOAD_LINES


def test_verify_false_skips_the_load() -> None:
    LOAD_LINES.clear()
    LOAD_LINES.update(lines_of(CREATE, "load("))
    create = outlines(CREATE)["lib.create"]
    env = bind(create, ["call", 1, 1, [], {"verify": ["c", False]}, False, None, 1, 1], {}, False)
    assert run(create, env) == (None, None)


def test_an_unknown_argument_makes_it_may_block() -> None:
    LOAD_LINES.clear()
    LOAD_LINES.update(lines_of(CREATE, "load("))
    create = outlines(CREATE)["lib.create"]
    env = bind(create, ["call", 1, 1, [], {"verify": ["u"]}, False, None, 1, 1], {}, False)
    assert env["verify"] is UNKNOWN
    definite, may = run(create, env)
    assert definite is None and may in LOAD_LINES


def test_a_branch_that_raises_is_not_the_path_taken() -> None:
    source = """
    def init(key=None):
        if key is None:
            key = env_key()
        if key is None:
            raise ValueError("no key")
        return load(key)
    """
    LOAD_LINES.clear()
    LOAD_LINES.update(lines_of(source, "load("))
    init = outlines(source)["lib.init"]
    definite, _ = run(init, bind(init, ["call", 1, 1, [], {}, False, None, 1, 1], {}, False))
    assert definite in LOAD_LINES


def test_an_undecided_early_return_makes_it_may_block() -> None:
    source = """
    def init(cached):
        if cached:
            return cached
        return load("x")
    """
    LOAD_LINES.clear()
    LOAD_LINES.update(lines_of(source, "load("))
    init = outlines(source)["lib.init"]
    definite, may = run(init, {"cached": UNKNOWN})
    assert definite is None and may in LOAD_LINES


def test_or_calls_the_right_side_only_when_the_left_is_false() -> None:
    source = """
    def make(client=None):
        return client or load("new")
    """
    LOAD_LINES.clear()
    LOAD_LINES.update(lines_of(source, "load("))
    make = outlines(source)["lib.make"]
    assert run(make, {"client": None})[0] in LOAD_LINES
    assert run(make, {"client": UNKNOWN})[0] is None
    assert run(make, {"client": UNKNOWN})[1] in LOAD_LINES


def test_keywords_pass_through_kwargs_to_the_next_call() -> None:
    source = """
    class Wrapper:
        def __init__(self, **kwargs):
            kwargs.setdefault("timeout", 5)
            super().__init__(**kwargs)

    class Base:
        def __init__(self, verify=True):
            pass
    """
    found = outlines(source)
    wrapper, base = found["lib.Wrapper.__init__"], found["lib.Base.__init__"]
    outer = bind(wrapper, ["call", 1, 1, [], {"verify": ["c", False]}, False, None, 1, 1], {}, True)
    inner_call = wrapper.body[-1]
    assert inner_call[0] == "call" and inner_call[6] == "kwargs"
    assert bind(base, inner_call, outer, True)["verify"] is False
    unknown = bind(base, ["call", 1, 1, [], {}, True, None, 1, 1], {}, True)
    assert unknown["verify"] is UNKNOWN  # hidden in *args: any value


def test_loops_and_except_handlers_only_may_run() -> None:
    source = """
    def scan(paths):
        for path in paths:
            load(path)
        try:
            pass
        except OSError:
            load("fallback")
    """
    LOAD_LINES.clear()
    LOAD_LINES.update(lines_of(source, "load("))
    scan = outlines(source)["lib.scan"]
    definite, may = run(scan, {"paths": UNKNOWN})
    assert definite is None and may in LOAD_LINES
