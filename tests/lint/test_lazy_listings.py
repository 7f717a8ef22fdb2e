"""Lazy listings: a ``Path.glob()``, ``os.walk()`` ... whose result the calling function hands on
instead of iterating is no blocking call there, in the project and inside an installed package
(fixtures/lint/regress_lazy_listings.py has the coroutine shapes with their findings)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from admf_tsan.catalogue import CATALOGUE, LISTING_NOT_ITERATED
from admf_tsan.lint.analysis.facts import CallSite
from admf_tsan.lint.engine import extract_module
from admf_tsan.lint.ftypes import LintConfig

from .deps_support import install, lint_project, make_venv, write_project

#: Each dependency test reads fake installed packages through a library cache of its own.
pytestmark = pytest.mark.usefixtures("deps_cache")


def _listing_sites(body: str, python_version: tuple[int, ...] | None = None) -> dict[str, bool]:
    """``body`` as the body of ``async def f(root: Path, wrap)``: for each lazy listing called in it
    (by its last name), whether the extractor marked its result as not iterated there."""
    source = "import glob, os, sys\nfrom pathlib import Path\n\n\nasync def f(root: Path, wrap):\n"
    source += textwrap.indent(textwrap.dedent(body), "    ")
    facts = extract_module(source.encode(), "m.py", "m", python_version=python_version)
    (function,) = [fn for fn in facts.functions if fn.qualname == "m.f"]
    marked: dict[str, bool] = {}
    for site in function.calls:
        name = _last_name(site)
        if name in ("glob", "rglob", "iterdir", "walk", "iglob"):
            marked[name] = site.constant(None, LISTING_NOT_ITERATED) is True
    return marked


def _last_name(site: CallSite) -> str:
    callee = site.callee
    name = getattr(callee, "name", None)
    if isinstance(name, str):
        return name.rpartition(".")[2]
    attrs: tuple[str, ...] = getattr(callee, "attrs", ())
    return attrs[-1] if attrs else ""


@pytest.mark.parametrize(
    ("body", "handed_on"),
    [
        # Iterated where it is called.
        ("for p in root.glob('*'):\n    print(p)", False),
        ("return list(root.rglob('*'))", False),
        ("return sorted(os.walk(root))", False),
        ("return next(glob.iglob('*'), None)", False),
        ("return [p for p in root.glob('*')]", False),
        ("return {p: 1 for p in root.glob('*')}", False),
        ("return ', '.join(glob.iglob('*'))", False),
        ("return [*root.glob('*')]", False),
        ("a, *b = root.glob('*')\nreturn a", False),
        ("g = root.glob('*')\nfor p in g:\n    print(p)", False),
        ("g = root.glob('*')\nh = g\nreturn list(h)", False),
        ("return list(map(str, root.glob('*')))", False),
        ("return list(p.name for p in root.glob('*'))", False),
        ("return list(root.glob('*') if root else [])", False),
        ("if (g := root.glob('*')) is not None:\n    return list(g)", False),
        ("return root.glob('*').__next__()", False),
        ("return wrap(glob.iglob('**', recursive=True))", False),
        ("return wrap(glob.iglob('**', recursive=flag))", False),
        ("return wrap(glob.iglob('**', **options))", False),
        # Handed on: bound, stored, returned, passed to another call, or thrown away.
        ("return wrap(root.glob('*'))", True),
        ("return wrap(iterator=root.glob('*'))", True),
        ("return root.rglob('*')", True),
        ("g = os.walk(root)\nreturn wrap(g)", True),
        ("root.cache = root.glob('*')", True),
        ("root.glob('*')", True),
        ("g = root.glob('*')", True),
        ("g = root.glob('*')\nif g is None:\n    return None\nreturn wrap(g)", True),
        ("return wrap(map(str, root.glob('*')))", True),
        ("return wrap(p.name for p in root.glob('*'))", True),
        ("g = glob.iglob('*')\nreturn await wrap(lambda: list(g))", True),
        ("g = glob.iglob('*')\ndef later():\n    return list(g)\nreturn later", True),
        ("return wrap(glob.iglob('*', recursive=False))", True),
    ],
)
def test_consumed_in_place_or_handed_on(body: str, handed_on: bool) -> None:
    marked = _listing_sites(body)
    assert len(marked) == 1, marked
    assert list(marked.values()) == [handed_on]


@pytest.mark.parametrize(
    ("body", "python_version", "handed_on"),
    [
        # The project's code may run on 3.13+, where iterdir() lists at the call.
        ("return wrap(root.iterdir())", None, False),
        ("return wrap(root.iterdir() if sys.version_info < (3, 13) else None)", None, True),
        ("return wrap(None if sys.version_info >= (3, 13) else root.iterdir())", None, True),
        ("return wrap(root.iterdir() if sys.version_info < (3, 14) else None)", None, False),
        ("if sys.version_info < (3, 13):\n    g = root.iterdir()\n    return wrap(g)", None, True),
        ("if sys.version_info >= (3, 13):\n    return wrap(root.iterdir())", None, False),
        # A library module is read for the Python it is installed for.
        ("return wrap(root.iterdir())", (3, 12, 4), True),
        ("return wrap(root.iterdir())", (3, 13, 0), False),
        ("return list(root.iterdir())", (3, 12, 4), False),
    ],
)
def test_iterdir_is_lazy_only_before_python_3_13(
    body: str, python_version: tuple[int, ...] | None, handed_on: bool
) -> None:
    assert _listing_sites(body, python_version) == {"iterdir": handed_on}


def test_only_the_lazy_listings_return_at_once_when_handed_on() -> None:
    lazy = {"pathlib.Path.glob", "pathlib.Path.rglob", "pathlib.Path.iterdir"}
    lazy |= {"os.walk", "os.fwalk", "pathlib.Path.walk", "glob.iglob"}
    marked = {
        call.name
        for call in CATALOGUE
        if any(keyword == LISTING_NOT_ITERATED for keyword, _, _ in call.non_blocking)
    }
    assert marked == lazy
    # These list the directory at the call: catalogued, and never returning at once.
    assert {"os.scandir", "os.listdir", "glob.glob"} <= {call.name for call in CATALOGUE}


LIBRARY = {
    "lazyfs/__init__.py": """
        import asyncio
        import sys
        from pathlib import Path


        class _Threaded:
            def __init__(self, iterator):
                self._iterator = iterator

            def __aiter__(self):
                return self

            async def __anext__(self):
                entry = await asyncio.to_thread(next, self._iterator, None)
                if entry is None:
                    raise StopAsyncIteration
                return entry


        class Folder:
            def __init__(self, path):
                self._path = Path(path)

            def glob(self, pattern):
                found = self._path.glob(pattern)
                return _Threaded(found)

            def names(self, pattern):
                return sorted(self._path.glob(pattern))
        """,
}

PROJECT = {
    "app.py": """
        import lazyfs


        async def certificates(location):
            async for name in lazyfs.Folder(location).glob("*.pem"):
                print(name)


        async def names(location):
            return lazyfs.Folder(location).names("*.pem")
        """,
}


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python, site = make_venv(tmp_path_factory.mktemp("venv") / "env")
    install(site, "lazyfs", "1.0", LIBRARY)
    return python


def test_a_library_that_hands_the_listing_to_a_thread_does_not_block(
    tmp_path: Path, python: Path
) -> None:
    write_project(tmp_path / "proj", PROJECT)
    # Listings are ADMF131, opt-in.
    config = LintConfig(python_path=str(python), select=frozenset({"ADMF", "ADMF131"}))
    findings = lint_project(tmp_path / "proj", config)
    found = sorted((f.line, f.code) for f in findings if f.code.startswith("ADMF1"))
    # With the default selection a listing blocks nothing, inside the library either.
    default = lint_project(tmp_path / "proj", LintConfig(python_path=str(python)))
    assert [(f.line, f.code) for f in default if f.code.startswith("ADMF1")] == []
    # glob() wraps pathlib's generator in an iterator advanced in a thread: no finding;
    # names() iterates pathlib's glob() itself, on the loop.
    assert found == [(10, "ADMF125")]
