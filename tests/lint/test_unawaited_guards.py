"""ADMF304 and branch tests: a call inside ``if not inspect.iscoroutinefunction(f):`` (or the
matching ``else``, or after ``if iscoroutinefunction(f): return``) cannot drop a coroutine, nor a
``x.m()`` inside ``if isinstance(x, (A, B)):`` whose classes' ``m`` are plain methods
(fixtures/lint/regress_unawaited_guard.py has the shapes from neo4j's sync/async twins)."""

from __future__ import annotations

import textwrap

import pytest

from admf_tsan.lint.analysis.facts import (
    GlobalRef,
    SelfRef,
    TypeTest,
    decode_module,
    encode_module,
)
from admf_tsan.lint.engine import analyse_project, extract_module, lint_source
from admf_tsan.lint.ftypes import LintConfig

#: A class with a coroutine method ``close``, a lock that is an ``asyncio.Lock`` unless another
#: is given, and a spare ``asyncio.Lock``; ``{body}`` is the body of ``Conn.run``.
CONN = """\
import asyncio
import inspect


class Spin:
    def acquire(self):
        return True


class Waiting:
    async def acquire(self):
        return True


class Conn:
    def __init__(self, lock=None):
        self._lock = lock or asyncio.Lock()
        self._spare = asyncio.Lock()

    async def close(self):
        pass

    {head}def run(self, loop: asyncio.AbstractEventLoop, other):
{body}
"""


def _lines(body: str, *, is_async: bool = True) -> list[int]:
    """The lines of ``Conn.run`` (``body`` dedented, its first line is line 1) where ADMF304
    reports."""
    source = CONN.format(
        head="async " if is_async else "",
        body=textwrap.indent(textwrap.dedent(body).strip("\n"), " " * 8),
    )
    first = source.splitlines().index(
        f"    {'async ' if is_async else ''}def run(self, loop: asyncio.AbstractEventLoop, other):"
    )
    return sorted(
        finding.line - first - 1 for finding in lint_source(source) if finding.code == "ADMF304"
    )


@pytest.mark.parametrize(
    "body",
    [
        # Each way of spelling the test.
        "if not inspect.iscoroutinefunction(self.close):\n    self.close()\n",
        "if not asyncio.iscoroutinefunction(self.close):\n    self.close()\n",
        "import inspect as insp\nif not insp.iscoroutinefunction(self.close):\n    self.close()\n",
        "from asyncio import iscoroutinefunction\nif not iscoroutinefunction(self.close):\n"
        "    self.close()\n",
        "if inspect.iscoroutinefunction(self.close):\n    await self.close()\n"
        "else:\n    self.close()\n",
        "if inspect.iscoroutinefunction(self.close):\n    await self.close()\n"
        "elif other:\n    pass\nelse:\n    self.close()\n",
        "if inspect.iscoroutinefunction(self.close):\n    return\nself.close()\n",
        "for _ in other:\n    if inspect.iscoroutinefunction(self.close):\n        continue\n"
        "    self.close()\n",
        "if other or inspect.iscoroutinefunction(self.close):\n    raise TypeError\nself.close()\n",
        "if not (inspect.iscoroutinefunction(self.close) or other):\n    self.close()\n",
        "if other and not inspect.iscoroutinefunction(self.close):\n    if other:\n"
        "        self.close()\n",
        "if not inspect.iscoroutinefunction(self.close):\n    loop.call_soon(self.close)\n",
        # isinstance: the receiver is one of the named classes.
        "if isinstance(self._lock, Spin):\n    self._lock.acquire()\n",
        "if isinstance(self._lock, (Spin,)) and other:\n    self._lock.acquire()\n",
        "if not isinstance(self._lock, Spin):\n    await self._lock.acquire()\n"
        "else:\n    self._lock.acquire()\n",
        "if not isinstance(self._lock, Spin):\n    return\nself._lock.acquire()\n",
        # A local bound once to the attribute is that attribute.
        "lock = self._lock\nif isinstance(lock, Spin):\n    lock.acquire()\n",
    ],
)
def test_a_call_the_test_keeps_from_dropping_a_coroutine_is_not_reported(body: str) -> None:
    assert _lines(body) == []


@pytest.mark.parametrize(
    ("body", "reported"),
    [
        # The test the other way round, or one that does not decide it.
        ("if inspect.iscoroutinefunction(self.close):\n    self.close()\n", [2]),
        (
            "if not inspect.iscoroutinefunction(self.close):\n    pass\nelse:\n    self.close()\n",
            [4],
        ),
        ("if not inspect.iscoroutinefunction(self.close) or other:\n    self.close()\n", [2]),
        ("if not inspect.iscoroutinefunction(self.close):\n    pass\nself.close()\n", [3]),
        (
            "if inspect.iscoroutinefunction(self.close):\n    return\nelse:\n    pass\n"
            "self.close()\n",
            [],
        ),
        # Another name tested than the one called.
        ("if not inspect.iscoroutinefunction(other):\n    self.close()\n", [2]),
        ("if not inspect.iscoroutinefunction(self.run):\n    self.close()\n", [2]),
        # The subject rebound in the branch.
        (
            "if not inspect.iscoroutinefunction(self.close):\n    self.close = other\n"
            "    self.close()\n",
            [3],
        ),
        # A call in a function defined in the branch runs whenever that is called.
        (
            "if not inspect.iscoroutinefunction(self.close):\n    def later():\n"
            "        self.close()\n    loop.call_soon(later)\n",
            [3],
        ),
        # Handed to the loop where it is a coroutine function.
        ("if inspect.iscoroutinefunction(self.close):\n    loop.call_soon(self.close)\n", [2]),
        # isinstance: a class whose acquire is a coroutine function, an external class, a tuple
        # of classes the test does not spell out, the other branch.
        ("if isinstance(self._lock, (Spin, Waiting)):\n    self._lock.acquire()\n", [2]),
        ("if isinstance(self._lock, asyncio.Lock):\n    self._lock.acquire()\n", [2]),
        ("kinds = (Spin,)\nif isinstance(self._lock, kinds):\n    self._lock.acquire()\n", [3]),
        ("if isinstance(self._lock, Spin):\n    pass\nelse:\n    self._lock.acquire()\n", [4]),
        ("if isinstance(other, Spin):\n    self._lock.acquire()\n", [2]),
        # A local bound twice: the test read one binding, the facts know only the last one.
        (
            "lock = self._lock\nif isinstance(lock, Spin):\n    self._spare.acquire()\n"
            "lock = self._spare\n",
            [3],
        ),
    ],
)
def test_a_call_the_test_does_not_decide_is_still_reported(body: str, reported: list[int]) -> None:
    assert _lines(body) == reported


def test_a_plain_function_with_a_guarded_call_is_not_reported_and_its_twin_is() -> None:
    body = "if not inspect.iscoroutinefunction(self.close):\n    self.close()\n"
    assert _lines(body, is_async=False) == []
    twin = "if inspect.iscoroutinefunction(self.close):\n    self.close()\n"
    assert _lines(twin, is_async=False) == [2]


def test_module_functions_are_subjects_too() -> None:
    source = (
        "import inspect\n\nasync def flush():\n    pass\n\n"
        "def close():\n    if not inspect.iscoroutinefunction(flush):\n        flush()\n"
        "    if inspect.iscoroutinefunction(flush):\n        flush()\n"
    )
    assert [(f.code, f.line) for f in lint_source(source)] == [("ADMF304", 10)]


def test_two_objects_of_one_type_are_not_taken_for_one() -> None:
    # ``x.close`` and ``y.close`` have the same symbolic reference (a ``Conn``'s ``close``): a
    # test of one says nothing of the other.
    source = (
        "import inspect\n\nclass Conn:\n    async def close(self):\n        pass\n\n"
        "def shut(x: Conn, y: Conn):\n    if not inspect.iscoroutinefunction(x.close):\n"
        "        y.close()\n"
    )
    assert [(f.code, f.line) for f in lint_source(source)] == [("ADMF304", 9)]


def test_the_classes_of_an_isinstance_test_are_resolved_across_modules() -> None:
    gates = (
        "class Spin:\n    def acquire(self):\n        return True\n\n"
        "class Slow(Spin):\n    async def acquire(self):\n        return True\n\n"
        "class Plain(Spin):\n    pass\n"
    )
    user = textwrap.dedent(
        """\
        import asyncio
        from pkg.gates import Plain, Spin

        class Conn:
            def __init__(self):
                self._lock = asyncio.Lock()

            async def plain(self):
                if isinstance(self._lock, Plain):
                    self._lock.acquire()

            async def spin(self):
                if isinstance(self._lock, Spin):
                    self._lock.acquire()
        """
    )
    modules = [
        extract_module(gates.encode(), "pkg/gates.py", "pkg.gates"),
        extract_module(user.encode(), "pkg/user.py", "pkg.user"),
    ]
    found = analyse_project(modules, LintConfig(select=frozenset({"ADMF304"})))
    # ``Spin``'s subclass ``Slow`` makes ``acquire`` a coroutine function: an instance of Spin
    # may be one. ``Plain`` inherits the plain method and has no subclass.
    assert [(f.path, f.line) for f in found] == [("pkg/user.py", 14)]
    # Without the module that defines the classes, nothing rules the coroutine out.
    alone = analyse_project(modules[1:], LintConfig(select=frozenset({"ADMF304"})))
    assert [f.line for f in alone] == [10, 14]


def _tests_of(source: str, qualname: str) -> tuple[TypeTest, ...]:
    facts = extract_module(textwrap.dedent(source).encode(), "m.py", "m")
    (function,) = [fn for fn in facts.functions if fn.qualname == qualname]
    return function.type_tests


def test_the_facts_record_the_branch_region_and_survive_the_cache_codec() -> None:
    source = """\
        import inspect

        class Spin:
            def acquire(self):
                pass

        class Conn:
            def close(self):
                if inspect.iscoroutinefunction(self.close):
                    return
                self.close()
                self.close()

            def lock(self):
                if isinstance(self._lock, (Spin, inspect.Parameter)):
                    self._lock.acquire()
        """
    (after_return,) = _tests_of(source, "m.Conn.close")
    assert after_return == TypeTest(11, 9, 12, 21, SelfRef("m.Conn", ("close",)), "sync")
    (narrowed,) = _tests_of(source, "m.Conn.lock")
    assert narrowed.kind == "isinstance"
    assert narrowed.subject == SelfRef("m.Conn", ("_lock",))
    assert narrowed.classes == (GlobalRef("m.Spin"), GlobalRef("inspect.Parameter"))
    assert (narrowed.line, narrowed.end_line) == (16, 16)
    facts = extract_module(textwrap.dedent(source).encode(), "m.py", "m")
    assert decode_module(encode_module(facts)) == facts


@pytest.mark.parametrize(
    "source",
    [
        # No call whose result is dropped: ADMF304 has nothing to decide, nothing is recorded.
        "import inspect\n\ndef f(x):\n    if not inspect.iscoroutinefunction(x.close):\n"
        "        return x.close()\n",
        # A parameter's attribute is a value of some type, not one object.
        "import inspect\n\ndef f(x):\n    if not inspect.iscoroutinefunction(x.close):\n"
        "        x.close()\n",
        # The test of another kind of object.
        "def f(self):\n    if callable(self.close):\n        self.close()\n",
    ],
)
def test_no_test_is_recorded_where_none_can_apply(source: str) -> None:
    assert _tests_of(source, "m.f") == ()
