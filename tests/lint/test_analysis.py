"""The interprocedural analysis: name resolution across modules, the call graph, its limits."""

from __future__ import annotations

from admf_tsan.lint.analysis.callgraph import CallGraph, propagate, reachable
from admf_tsan.lint.analysis.facts import GlobalRef, decode_module, encode_module
from admf_tsan.lint.analysis.index import ProjectIndex
from admf_tsan.lint.engine import analyse_project, extract_module
from admf_tsan.lint.ftypes import Finding, LintConfig


def lint_project(files: dict[str, str], **config: object) -> list[Finding]:
    modules = []
    for path, source in files.items():
        module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        modules.append(
            extract_module(source.encode(), path, module, is_package=path.endswith("__init__.py"))
        )
    return analyse_project(modules, LintConfig(**config))  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in findings]


def test_chain_through_reexport_star_import_and_inheritance() -> None:
    files = {
        "core/__init__.py": "from core.io import *\n",
        "core/io.py": "import time\n__all__ = ['Base']\nclass Base:\n"
        "    def load(self):\n        time.sleep(1)\n",
        "app.py": "from core import Base\n\nclass Feed(Base):\n"
        "    async def run(self):\n        self.load()\n\n"
        "    async def other(self):\n        super().load()\n",
    }
    findings = lint_project(files)
    # Both coroutines reach the one time.sleep(): one finding, the second call listed in it.
    assert codes(findings) == [("app.py", 5, "ADMF120")]
    assert "Feed.run() -> Base.load() -> time.sleep()" in findings[0].message
    assert "also reached from 1 other coroutine call: app.py:8" in findings[0].message
    assert [(r.path, r.line) for r in findings[0].related] == [("core/io.py", 5), ("app.py", 8)]


def test_relative_imports_and_aliases() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/net.py": "import requests as rq\n\ndef pull(u):\n    return rq.get(u)\n",
        "pkg/svc.py": "from . import net\nfrom .net import pull as fetch\n\n"
        "async def a():\n    net.pull('u')\n\nasync def b():\n    fetch('u')\n",
    }
    [finding] = lint_project(files)
    assert codes([finding]) == [("pkg/svc.py", 5, "ADMF120")]
    # The aliased call reaches the same blocking call: it is listed in the one finding.
    assert "also reached from 1 other coroutine call: svc.py:8" in finding.message


def test_unresolvable_calls_are_never_reported() -> None:
    files = {
        "m.py": "import time\n\ndef block():\n    time.sleep(1)\n\n"
        "async def dynamic(obj, handlers):\n    obj.block()\n    handlers['x']()\n"
        "    getattr(obj, 'block')()\n    (lambda: block())\n",
    }
    assert lint_project(files) == []


def test_to_thread_and_executor_references_are_not_calls() -> None:
    files = {
        "m.py": "import asyncio, functools, time\n\ndef block():\n    time.sleep(1)\n\n"
        "async def ok(loop):\n    await asyncio.to_thread(block)\n"
        "    await loop.run_in_executor(None, functools.partial(block))\n"
        "    await loop.run_in_executor(None, lambda: block())\n"
    }
    assert lint_project(files) == []


def test_recursion_and_cycles_terminate_with_shortest_chain() -> None:
    files = {
        "m.py": "import time\n\ndef a(n):\n    return b(n)\n\ndef b(n):\n    if n:\n"
        "        return a(n - 1)\n    time.sleep(1)\n\nasync def go(n):\n    a(n)\n",
    }
    [finding] = lint_project(files)
    assert "go() -> a() -> b() -> time.sleep()" in finding.message


def test_generators_and_coroutines_do_not_propagate_blocking() -> None:
    files = {
        "m.py": "import time\n\ndef gen():\n    time.sleep(1)\n    yield 1\n\n"
        "async def slow():\n    time.sleep(1)\n\nasync def go():\n    gen()\n    await slow()\n",
    }
    # slow() is flagged itself; calling gen() runs none of its body; awaiting slow() adds nothing.
    assert codes(lint_project(files)) == [("m.py", 8, "ADMF101")]


def test_async_safe_and_blocking_calls_settings() -> None:
    files = {
        "m.py": "import time, sdk\n\ndef quick():\n    time.sleep(0)\n\n"
        "def remote():\n    return sdk.call()\n\nasync def go():\n    quick()\n    remote()\n",
    }
    found = lint_project(files, async_safe=("m.quick",), blocking_calls=("sdk.*",))
    assert codes(found) == [("m.py", 11, "ADMF120")]
    assert "remote() -> sdk.call()" in found[0].message


def test_local_types_annotations_and_with_targets() -> None:
    source = (
        "import sqlite3, queue, threading\n"
        "from concurrent.futures import ThreadPoolExecutor\n\n"
        "async def f(q: 'queue.Queue[int]', t: threading.Thread | None, path):\n"
        "    conn = sqlite3.connect(path)\n"
        "    cur = conn.cursor()\n"
        "    cur.fetchone()\n"
        "    q.get()\n"
        "    t.join()\n"
        "    with ThreadPoolExecutor() as pool:\n"
        "        pool.submit(print).result()\n"
        "    conn = None\n"
    )
    findings = lint_project({"m.py": source}, select=frozenset({"ADMF", "ADMF111"}))
    assert [f.code for f in findings] == ["ADMF111", "ADMF106", "ADMF107", "ADMF108"]
    # The cursor's fetchone() is part of the connect() finding (one operation on its result).
    assert "`sqlite3.Cursor.fetchone()` (line 7)" in findings[0].message


def test_shadowed_names_are_not_resolved_to_globals() -> None:
    source = "import time\n\nasync def f(time):\n    time.sleep(1)\n"
    assert lint_project({"m.py": source}) == []


def test_facts_roundtrip_through_json() -> None:
    source = (
        b"import threading, time\n\nclass C:\n    def __init__(self):\n"
        b"        self.lock = threading.Lock()\n\n    async def f(self, x):\n"
        b"        with self.lock:\n            await x\n        time.sleep(0.1)  # noqa: ADMF101\n"
    )
    facts = extract_module(source, "m.py", "m")
    assert decode_module(encode_module(facts)) == facts


def test_call_graph_and_generic_propagation() -> None:
    source = (
        b"def a():\n    b()\n    c()\n\ndef b():\n    c()\n\n"
        b"def c():\n    pass\n\ndef d():\n    pass\n"
    )
    index = ProjectIndex([extract_module(source, "m.py", "m")])
    graph = CallGraph(index)
    assert {e.callee for e in graph.callees["m.a"]} == {"m.b", "m.c"}
    assert reachable(graph, ["m.b"]) == {"m.b", "m.c"}
    depth = propagate(
        graph, {"m.c": 0}, lambda caller, edge, fact, old: fact + 1 if old is None else None
    )
    assert depth == {"m.c": 0, "m.b": 1, "m.a": 1}


def test_lock_facts_are_recorded_for_lock_rules() -> None:
    source = (
        b"import threading\n\nA = threading.Lock()\nB = threading.Lock()\n\n"
        b"def f():\n    with A:\n        with B:\n            g()\n\ndef g():\n"
        b"    B.acquire()\n    try:\n        pass\n    finally:\n        B.release()\n"
    )
    facts = extract_module(source, "m.py", "m")
    fns = {fn.name: fn for fn in facts.functions}
    inner = fns["f"].acquisitions[1]
    lock_a, lock_b = GlobalRef("m.A"), GlobalRef("m.B")
    assert inner.lock == lock_b and [h[0] for h in inner.held] == [lock_a]
    assert [h[0] for h in fns["f"].calls[0].held] == [lock_a, lock_b]
    acquire = fns["g"].acquisitions[0]
    assert acquire.kind == "acquire" and acquire.released and acquire.in_try_finally
    index = ProjectIndex([facts])
    assert index.value_type(GlobalRef("m.A")) == "threading.Lock"


def test_a_chain_that_ends_in_a_nested_loop_says_what_happens_there() -> None:
    files = {
        "sync_api.py": "import asyncio\n\nclass Device:\n"
        "    def _run_sync(self, coro):\n"
        "        return asyncio.get_event_loop().run_until_complete(coro)\n\n"
        "    async def _stop(self):\n        return 1\n\n"
        "    def stop(self):\n        return self._run_sync(self._stop())\n\n"
        "    async def shutdown(self):\n        self.stop()\n\n"
        "    def sleep_a_bit(self):\n        import time\n        time.sleep(1)\n\n"
        "    async def pause(self):\n        self.sleep_a_bit()\n",
    }
    by_line = {f.line: f for f in lint_project(files) if f.code == "ADMF120"}
    nested, sleeping = by_line[14], by_line[21]
    assert "`Device.stop()` runs an event loop to completion" in nested.message
    assert "asyncio refuses with RuntimeError" in nested.message
    assert "fails instead of blocking" in nested.message
    assert "`Device.sleep_a_bit()` blocks the event loop" in sleeping.message
    assert "to_thread" in sleeping.message
