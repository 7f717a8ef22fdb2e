"""Type knowledge: what a receiver is decides whether a call blocks, for every rule family.

Annotations (parameters, variables, attributes, return values), constructor assignments, ``with``
targets, aliases and project classes with their bases type a receiver; where nothing does, the
linter does not guess from the method's name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.lint.api import lint_paths
from admf_tsan.lint.config import find_config
from admf_tsan.lint.engine import lint_source
from admf_tsan.lint.ftypes import LintConfig


def _codes(source: str, prefix: str = "ADMF1") -> list[tuple[str, int]]:
    """(code, line) of every finding of the family ``prefix``, in order (an opt-in code named
    as the prefix is selected)."""
    # Reading and writing one file (ADMF130) and listings (ADMF131) are opt-in; the
    # typed-receiver cases use them.
    extra = {prefix} if len(prefix) == 7 else {"ADMF130", "ADMF131"}
    config = LintConfig(select=frozenset({"ADMF", *extra}))
    found = lint_source(source, config=config)
    return sorted((f.code, f.line) for f in found if f.code.startswith(prefix))


# -- blocking calls on typed receivers (ADMF1xx) ----------------------------------------------

TYPED = {
    "parameter annotation": (
        "import io\n\nasync def f(fh: io.TextIOWrapper):\n    fh.read()\n    fh.fileno()\n",
        [("ADMF130", 4)],
    ),
    "optional parameter": (
        "from typing import Optional\nimport httpx\n\n"
        "async def f(a: Optional[httpx.Client], b: httpx.Client | None):\n"
        "    a.send(1)\n    b.get('u')\n",
        [("ADMF102", 5), ("ADMF102", 6)],
    ),
    "variable annotation, any method of a pool": (
        "import urllib3\n\nasync def f():\n    c: urllib3.PoolManager = make()\n    c.anything()\n",
        [("ADMF102", 5)],
    ),
    "return annotation of a project function": (
        "from io import TextIOWrapper\n\ndef g() -> TextIOWrapper:\n    return make('x')\n\n"
        "async def f():\n    g().read()\n    k = g()\n    k.write('x')\n",
        [("ADMF130", 7), ("ADMF130", 9)],
    ),
    "-> Path": (
        "from pathlib import Path\n\ndef home() -> Path:\n    return Path('x')\n\n"
        "async def f():\n    home().read_text()\n",
        [("ADMF130", 7)],
    ),
    "Path.joinpath, /, parent, with_suffix": (
        "from pathlib import Path\n\nasync def f(p: Path):\n    p.joinpath('x').read_text()\n"
        "    (p / 'x').read_bytes()\n    p.parent.iterdir()\n"
        "    p.with_suffix('.x').write_text('')\n",
        [("ADMF130", 4), ("ADMF130", 5), ("ADMF130", 7), ("ADMF131", 6)],
    ),
    "with target from __enter__'s annotation": (
        "import io\n\nclass Opener:\n    def __enter__(self) -> io.TextIOWrapper:\n"
        "        return open('x')\n\n    def __exit__(self, *exc):\n        pass\n\n"
        "async def f():\n    with Opener() as fh:\n        fh.read()\n",
        [("ADMF130", 12)],
    ),
    "constructor assignment in another method": (
        "import requests\n\nclass Feed:\n    def __init__(self):\n"
        "        self.session = requests.Session()\n\n    async def poll(self):\n"
        "        return self.session.get('u')\n",
        [("ADMF102", 8)],
    ),
    "aliases": (
        "import httpx as h\nfrom requests import Session as S\n\nasync def f():\n"
        "    h.get('u')\n    S().post('u')\n",
        [("ADMF102", 5), ("ADMF102", 6)],
    ),
    "project class and its bases": (
        "import httpx, requests\n\nclass Client(httpx.Client):\n    pass\n\n"
        "class Base:\n    def __init__(self):\n        self.s = requests.Session()\n\n"
        "class Sub(Base):\n    async def f(self):\n        Client().get('u')\n"
        "        self.s.get('u')\n",
        [("ADMF102", 12), ("ADMF102", 13)],
    ),
    "SSL context loading": (
        "import ssl\n\nasync def f():\n    ctx = ssl.create_default_context()\n"
        "    ctx.load_cert_chain('c')\n",
        [("ADMF104", 4)],  # the load is part of line 4's finding (test_aggregate.py)
    ),
    "file opened then read, also through a copy": (
        "async def f():\n    ff = open('x')\n    g = ff\n    g.read()\n",
        [("ADMF130", 2)],  # the read is part of line 2's finding (test_aggregate.py)
    ),
    "module-level file and annotation": (
        "from io import TextIOWrapper\n\nF = open('x')\nG: TextIOWrapper = make()\n\n"
        "async def f():\n    F.read()\n    G.read()\n",
        [("ADMF130", 7), ("ADMF130", 8)],
    ),
    "closure over a typed parameter": (
        "import io\n\ndef outer(fh: io.TextIOWrapper):\n    async def inner():\n"
        "        fh.read()\n    return inner\n",
        [("ADMF130", 5)],
    ),
}


@pytest.mark.parametrize("case", list(TYPED))
def test_typed_receivers_are_resolved(case: str) -> None:
    source, expected = TYPED[case]
    assert _codes(source) == expected


UNTYPED = {
    "no annotation": "async def f(x):\n    x.read()\n    x.get('u')\n",
    "a dict's get": "async def f():\n    r = {}\n    r.get('k')\n",
    "a project class without the method": (
        "class Thing:\n    def get(self, k):\n        return k\n\n"
        "async def f(t: Thing):\n    t.get('u')\n    t.read()\n"
    ),
    "rebound to another type": (
        "from io import TextIOWrapper\n\nasync def f(fh: TextIOWrapper):\n    fh: int = 7\n"
        "    fh.read()\n"
    ),
    "shadowed in a nested scope": (
        "from io import TextIOWrapper\n\nasync def f(fh: TextIOWrapper):\n"
        "    def inside(fh: int):\n        async def deeper():\n            fh.read()\n"
        "    (lambda fh: fh.read())\n"
    ),
    "an unknown function's result": (
        "async def f():\n    c = make_client()\n    c.get('u')\n    c.request('GET', 'u')\n"
    ),
}


@pytest.mark.parametrize("case", list(UNTYPED))
def test_unknown_types_are_not_guessed(case: str) -> None:
    assert _codes(UNTYPED[case]) == []


def test_a_module_attribute_reexported_by_the_project_resolves(
    project: Callable[..., Path],
) -> None:
    root = project(
        {
            "pkg/__init__.py": "",
            "pkg/net.py": "from requests import get as fetch\nimport httpx as client\n",
            "pkg/app.py": "from pkg.net import fetch\nfrom pkg import net\n\nasync def f():\n"
            "    fetch('u')\n    net.client.post('u')\n",
        }
    )
    report = lint_paths([root], find_config(root), use_cache=False)
    found = sorted((f.path, f.code, f.line) for f in report.findings)
    assert found == [("pkg/app.py", "ADMF102", 5), ("pkg/app.py", "ADMF102", 6)]


# -- dropped tasks in every form (ADMF302) -----------------------------------------------------

DROPPED = (
    "import asyncio\n\nasync def c():\n    pass\n\nasync def f(args, tasks):\n"
    "    [asyncio.create_task(c())]\n"  # 7
    "    (asyncio.create_task(c()) for i in range(3))\n"  # 8
    "    x = 1 if asyncio.create_task(c()) else 2\n"  # 9
    "    y = (i for i in args if asyncio.create_task(c()))\n"  # 10
    "    with asyncio.create_task(c()) as k:\n"  # 11
    "        pass\n"
    "    t = asyncio.create_task(c())\n"  # 13: kept only in a local never read
    "    kept = asyncio.create_task(c())\n"
    "    tasks.add(kept)\n"
    "    saved = [asyncio.create_task(c()) for i in range(3)]\n"
    "    return x, y, saved\n"
)


def test_dropped_tasks_in_odd_forms() -> None:
    assert _codes(DROPPED, "ADMF302") == [
        ("ADMF302", 7),
        ("ADMF302", 8),
        ("ADMF302", 9),
        ("ADMF302", 10),
        ("ADMF302", 11),
        ("ADMF302", 13),
    ]


def test_a_task_in_a_local_that_is_read_or_rebound_is_kept() -> None:
    source = (
        "import asyncio\n\nasync def c():\n    pass\n\nasync def f():\n"
        "    t = asyncio.create_task(c())\n    await t\n"
        "    k = asyncio.create_task(c())\n    k = None\n"
        "    (w := asyncio.create_task(c()))\n"
    )
    assert _codes(source, "ADMF302") == []


# -- lock rules see through types ----------------------------------------------------------------


def test_lock_order_through_the_elements_of_an_annotated_list() -> None:
    source = (
        "import threading\n\nclass Account:\n    def __init__(self, bank: 'Bank'):\n"
        "        self.lock = threading.Lock()\n        self.bank = bank\n\n"
        "    def audit(self):\n        with self.lock:\n            self.bank.note()\n\n"
        "class Bank:\n    accounts: list[Account]\n\n    def __init__(self):\n"
        "        self.lock = threading.Lock()\n        self.accounts = []\n\n"
        "    def note(self):\n        with self.lock:\n            pass\n\n"
        "    def close_all(self):\n        with self.lock:\n"
        "            for account in self.accounts:\n                with account.lock:\n"
        "                    pass\n"
    )
    assert "ADMF201" in {code for code, _ in _codes(source, "ADMF2")}


def test_a_lock_retaken_through_a_property_is_a_self_deadlock() -> None:
    source = (
        "import threading\n\nclass Book:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n\n    @property\n"
        "    def lock(self) -> threading.Lock:\n        return self._lock\n\n"
        "    def add(self):\n        with self._lock:\n            with self.lock:\n"
        "                pass\n"
    )
    assert ("ADMF203", 13) in _codes(source, "ADMF2")
