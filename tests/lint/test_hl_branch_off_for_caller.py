"""ADMF120: the blocking branch of a helper is off for a coroutine's call when the call passes
a string that makes the helper's test false, or when the coroutine's own ``isinstance`` test
has ruled out the class the helper's branch tests (``ArgumentFlow``)."""

from __future__ import annotations

import pytest

from admf_tsan.lint.analysis.facts import FunctionFacts, decode_module, encode_module
from admf_tsan.lint.engine import analyse_project, extract_module
from admf_tsan.lint.ftypes import Finding, LintConfig

TWIN = (
    "import requests\n\n"
    "def check(colour):\n"
    "    if colour == 'async':\n"
    "        return None\n"
    "    return requests.get('u')\n\n"
)

DISPATCH = (
    "import time\n\n"
    "class Response: pass\n"
    "class SyncResponse(Response): pass\n"
    "class FastSync(SyncResponse): pass\n"
    "class Login(Response): pass\n\n"
    "class Client:\n"
    "    def receive(self, response):\n"
    "        if isinstance(response, Login):\n"
    "            return response\n"
    "        elif isinstance(response, SyncResponse):\n"
    "            time.sleep(1)\n\n"
    "class AsyncClient(Client):\n"
)


def lint(source: str) -> list[Finding]:
    modules = [extract_module(source.encode(), "m.py", "m")]
    return [f for f in analyse_project(modules, LintConfig()) if f.code == "ADMF120"]


def lines(findings: list[Finding]) -> list[int]:
    return sorted(f.line for f in findings)


def function(source: str, name: str) -> FunctionFacts:
    facts = extract_module(source.encode(), "m.py", "m")
    return next(fn for fn in facts.functions if fn.name == name)


@pytest.mark.parametrize("call", ["check('async')", "check(colour='async')"])
def test_a_string_that_makes_the_test_false_reaches_nothing(call: str) -> None:
    assert lint(TWIN + f"async def main():\n    {call}\n") == []


@pytest.mark.parametrize("call", ["check('sync')", "check(colour)", "check('a' * 2)"])
def test_another_string_or_an_unknown_value_still_reaches_it(call: str) -> None:
    [finding] = lint(TWIN + f"async def main(colour):\n    {call}\n")
    assert "main() -> check() -> requests.get()" in finding.message


def test_short_strings_are_recorded_long_ones_are_not() -> None:
    source = (
        "def f(a, b=None): pass\n\ndef g():\n    f('async', b='x' * 1)\n    f('y' * 1, b='"
        + ("a long message that says something'")
        + ")\n"
    )
    first, second = function(source, "g").calls
    assert first.constants == ((0, "async"),)
    assert second.constants == ()


@pytest.mark.parametrize(
    "body",
    [
        "        if isinstance(response, SyncResponse):\n            return\n"
        "        super().receive(response)\n",
        "        if not isinstance(response, SyncResponse):\n"
        "            super().receive(response)\n",
        "        if isinstance(response, (SyncResponse, Login)):\n            pass\n"
        "        else:\n            super().receive(response)\n",
        "        if isinstance(response, Response) and not isinstance(response, SyncResponse):\n"
        "            Client.receive(self, response)\n",
    ],
)
def test_a_class_the_coroutine_ruled_out_switches_the_branch_off(body: str) -> None:
    assert lint(DISPATCH + "    async def receive(self, response):\n" + body) == []


@pytest.mark.parametrize("known", ["Login", "(Login, Response)"])
def test_a_class_the_coroutine_ruled_in_takes_an_earlier_branch(known: str) -> None:
    """An instance of ``Login`` (or of a subclass) passes ``isinstance(response, Login)``:
    the ``elif`` after it does not run. Knowing only that it is a ``Response`` (one of
    ``(Login, Response)``) leaves the ``elif`` on."""
    body = f"        if isinstance(response, {known}):\n            super().receive(response)\n"
    found = lint(DISPATCH + "    async def receive(self, response):\n" + body)
    assert lines(found) == ([] if known == "Login" else [18])


def test_ruling_out_a_base_class_rules_out_its_subclasses_but_not_the_reverse() -> None:
    sub = DISPATCH.replace(
        "isinstance(response, SyncResponse):\n            time",
        ("isinstance(response, FastSync):\n            time"),
    )
    ruled_out_base = "    async def receive(self, response):\n"
    ruled_out_base += "        if not isinstance(response, SyncResponse):\n"
    ruled_out_base += "            super().receive(response)\n"
    assert lint(sub + ruled_out_base) == []
    ruled_out_sub = ruled_out_base.replace("SyncResponse)", "FastSync)")
    assert lines(lint(DISPATCH + ruled_out_sub)) == [18]


@pytest.mark.parametrize(
    "body",
    [
        "        super().receive(response)\n",
        "        if isinstance(response, Response):\n            super().receive(response)\n",
        "        if not isinstance(response, Login):\n            super().receive(response)\n",
        "        if not isinstance(response, SyncResponse):\n"
        "            response = other\n            super().receive(response)\n",
        "        if not isinstance(response, SyncResponse) or other:\n"
        "            super().receive(response)\n",
        "        if not isinstance(other, SyncResponse):\n            super().receive(response)\n",
    ],
)
def test_what_the_coroutine_does_not_rule_out_is_still_reported(body: str) -> None:
    source = DISPATCH + "    async def receive(self, response, other=None):\n" + body
    [finding] = lint(source)
    assert "AsyncClient.receive() -> Client.receive() -> time.sleep()" in finding.message


def test_only_a_coroutine_with_an_isinstance_test_records_what_it_passes_on() -> None:
    plain = "async def f(response):\n    g(response)\n\ndef g(x): pass\n"
    [call] = function(plain, "f").calls
    assert call.passed is not None and call.passed.forwarded == ()
    assert function(plain, "f").parameters is None
    tested = plain.replace("    g(", "    if not isinstance(response, int):\n        g(")
    fn = function(tested, "f")
    [call] = fn.calls
    assert call.passed is not None and call.passed.forwarded == ((0, "response"),)
    assert fn.parameters is not None
    [region] = fn.parameters.tests
    assert region.test == ("not", ("isinstance", ("n", "response"), ("builtins.int",)))


def test_the_facts_survive_the_codec() -> None:
    facts = extract_module(
        (
            DISPATCH + "    async def receive(self, response):\n"
            "        if not isinstance(response, SyncResponse):\n"
            "            super().receive(response)\n"
        ).encode(),
        "m.py",
        "m",
    )
    again = decode_module(encode_module(facts))
    assert again == facts
    receive = next(fn for fn in again.functions if fn.qualname == "m.Client.receive")
    assert receive.parameters is not None
    assert [region.test[0] for region in receive.parameters.tests] == [
        "isinstance",
        "not",
        "isinstance",
    ]


def test_a_coroutine_records_an_attribute_of_a_parameter_it_tests_and_passes_on() -> None:
    source = (
        "async def f(message):\n"
        "    if isinstance(message.target, int):\n"
        "        g(message.target, key=message.target)\n\n"
        "def g(x, key=None): pass\n"
    )
    fn = function(source, "f")
    [call] = fn.calls
    assert call.passed is not None
    assert call.passed.forwarded == ((0, "message.target"), ("key", "message.target"))
    assert fn.parameters is not None
    [region] = fn.parameters.tests
    assert region.test == ("isinstance", ("n", "message.target"), ("builtins.int",))
    # Bound again in the function: what the test says of it may not hold at the call.
    stored = source.replace("        g(", "        message.target = 1\n        g(")
    assert function(stored, "f").parameters is None


@pytest.mark.parametrize(
    ("body", "decided"),
    [
        ("    if p is None:\n        return\n    p = p.strip()\n", True),
        ("    p = p or 'x'\n    if p is None:\n        return\n", False),
        ("    while True:\n        if p is None:\n            return\n        p = None\n", False),
        ("    if (p := p or 'x') is None:\n        return\n", False),
    ],
)
def test_a_test_made_before_the_parameter_is_bound_again_reads_the_argument(
    body: str, decided: bool
) -> None:
    source = f"def h(p=None):\n{body}    return p\n\nasync def main():\n    h()\n"
    fn = function(source, "h")
    assert fn.parameters is not None
    tests = [region.test for region in fn.parameters.tests]
    test = ("is", ("n", "=p"), ("c", None), False)
    assert tests == ([test, ("not", test)] if decided else [])
    assert fn.parameters.rebound == (("p",) if decided else ())


CONJUNCTION = (
    "import requests\n\n"
    "class Job:\n"
    "    state = None\n\n"
    "    def done(self, reload=True):\n"
    "        if self.state != 'DONE' and reload:\n"
    "            requests.get('u')\n"
    "        return self.state\n\n"
)


def test_a_false_operand_makes_an_and_false_whatever_the_others_are() -> None:
    # ``self.state != 'DONE'`` is unknown, ``reload`` is false: the ``and`` is false.
    assert lint(CONJUNCTION + "async def main(job: Job):\n    job.done(reload=False)\n") == []


@pytest.mark.parametrize("call", ["job.done()", "job.done(reload=True)", "job.done(reload=r)"])
def test_an_and_with_no_false_operand_still_reaches_it(call: str) -> None:
    [finding] = lint(CONJUNCTION + f"async def main(job: Job, r):\n    {call}\n")
    assert "main() -> Job.done() -> requests.get()" in finding.message
