"""Guarded state of a base class changed by a subclass in another module (ADMF401/402).

The facts of a module that takes no lock keep no state accesses (the cached facts of most files
stay small), but a class whose base another module defines may change that base's guarded state:
its accesses are kept, and the project stage joins them to the base class's.
"""

from __future__ import annotations

from collections.abc import Mapping

from admf_tsan.lint.engine import analyse_project, extract_module
from admf_tsan.lint.ftypes import Finding, LintConfig

BASE = """
import threading

class Store:
    def __init__(self):
        self._lock = threading.Lock()
        self._size = 0
        self._items = {}

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._size += 1
"""


def lint_modules(modules: Mapping[str, str]) -> list[Finding]:
    facts = [
        extract_module(source.encode(), name.replace(".", "/") + ".py", name)
        for name, source in modules.items()
    ]
    return analyse_project(facts, LintConfig())


def found(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return sorted((f.path, f.line, f.code) for f in findings if f.code.startswith("ADMF4"))


def accesses(source: str, module: str) -> set[tuple[str, str, str]]:
    facts = extract_module(source.encode(), module.replace(".", "/") + ".py", module)
    return {access.target for fn in facts.functions for access in fn.accesses}


def test_a_subclass_in_a_module_without_locks_races_on_the_base_class_state() -> None:
    sub = """
from shop.store import Store

class FastStore(Store):
    def bump(self):
        self._size += 1

    def keys(self):
        return [key for key in self._items]
"""
    assert found(lint_modules({"shop.store": BASE, "shop.fast": sub})) == [
        ("shop/fast.py", 6, "ADMF401"),
        ("shop/fast.py", 9, "ADMF402"),
    ]


def test_the_base_named_through_its_module_an_alias_or_a_local_import_is_followed() -> None:
    through_module = """
from shop import store

class Tagged(store.Store):
    def keys(self):
        return sorted(key for key in self._items)
"""
    alias = """
from shop import store

_Base = store.Store

class Aliased(_Base):
    def keys(self):
        return sorted(key for key in self._items)
"""
    local_import = """
def make():
    from shop.store import Store

    class Local(Store):
        def keys(self):
            return sorted(key for key in self._items)

    return Local()
"""
    modules = {
        "shop.store": BASE,
        "shop.tagged": through_module,
        "shop.aliased": alias,
        "shop.local": local_import,
    }
    assert found(lint_modules(modules)) == [
        ("shop/aliased.py", 8, "ADMF402"),
        ("shop/local.py", 7, "ADMF402"),
        ("shop/tagged.py", 6, "ADMF402"),
    ]


def test_a_subclass_holding_the_base_class_lock_is_not_reported() -> None:
    sub = """
from shop.store import Store

class FastStore(Store):
    def bump(self):
        with self._lock:
            self._size += 1
"""
    assert found(lint_modules({"shop.store": BASE, "shop.fast": sub})) == []


def test_which_classes_keep_their_accesses_in_a_module_without_locks() -> None:
    source = """
import enum
import threading
import typing
from shop.store import Store

class Mine:
    def bump(self):
        self.a += 1

class Worker(threading.Thread):
    def run(self):
        self.b += 1

class Side(enum.Enum):
    def flip(self):
        self.c += 1

class Box(typing.Generic[typing.TypeVar("T")]):
    def fill(self):
        self.d += 1

class Fast(Store):
    def bump(self):
        self.e += 1

class Faster(Fast):
    def bump(self):
        self.f += 1
"""
    kept = {attr for _, _, attr in accesses(source, "shop.kinds")}
    # Own classes, standard-library and stateless bases: nothing kept (no lock in the module).
    assert kept == {"e", "f"}
    # The same module inside the standard library keeps a standard-library base's accesses too
    # (linting the standard library, threading.Thread is one of the project's classes).
    kept = {attr for _, _, attr in accesses(source, "asyncio.kinds")}
    assert kept == {"b", "e", "f"}
