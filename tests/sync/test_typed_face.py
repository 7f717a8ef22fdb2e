"""The typed public face of the core: ``__all__`` and the factory's return types."""

from __future__ import annotations

import ast
import threading
import typing
from collections.abc import MutableMapping, MutableSequence, MutableSet
from pathlib import Path
from types import ModuleType

import pytest

import admf_tsan
from admf_tsan import (
    AutoLock,
    ConditionLike,
    DummyCondition,
    DummyLock,
    LockLike,
    ThreadSafeDict,
    ThreadSafeList,
    ThreadSafeSet,
    ThreadSafetyFactory,
    use_context,
)
from admf_tsan import sync as admf_sync

FACTORY_METHODS = ["lock", "rlock", "condition", "dict", "list", "set", "counter", "lazy"]


def _reexported(module: ModuleType) -> set[str]:
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name
    }


@pytest.mark.parametrize("module", [admf_tsan, admf_sync], ids=lambda m: m.__name__)
def test_all_lists_exactly_the_reexported_names(module: ModuleType) -> None:
    assert sorted(module.__all__) == sorted(_reexported(module))
    namespace: dict[str, object] = {}
    exec(f"from {module.__name__} import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(module.__all__)


def _mentions_any(hint: object) -> bool:
    if hint is typing.Any:
        return True
    return any(_mentions_any(arg) for arg in typing.get_args(hint))


@pytest.mark.parametrize("name", FACTORY_METHODS)
def test_factory_methods_have_precise_return_types(name: str) -> None:
    hints = typing.get_type_hints(getattr(ThreadSafetyFactory, name))
    assert not _mentions_any(hints["return"]), hints["return"]


@pytest.mark.parametrize("mode", ["single", "multi", "async", "auto"])
def test_what_the_factory_returns_matches_its_annotations(mode: str) -> None:
    with use_context(mode):
        factory = ThreadSafetyFactory()
        locks = [factory.lock(), factory.rlock()]
        condition = factory.condition()
        made: tuple[object, ...] = (factory.dict(), factory.list(), factory.set())
    for lock in locks:
        assert isinstance(
            lock, (type(threading.Lock()), type(threading.RLock()), DummyLock, AutoLock)
        )
        for method in ("acquire", "release", "__enter__", "__exit__"):
            assert callable(getattr(lock, method))
    assert isinstance(condition, (threading.Condition, DummyCondition))
    for method in ("wait", "wait_for", "notify", "notify_all", "acquire", "release"):
        assert callable(getattr(condition, method))
    for value, abc in zip(made, (MutableMapping, MutableSequence, MutableSet), strict=True):
        assert isinstance(value, abc)


def test_lock_protocols_are_satisfied_by_threading_and_the_dummies() -> None:
    # Static check of the protocol shapes happens in mypy; here: they are real Protocols whose
    # members the concrete types all have.
    for protocol, types in [
        (LockLike, [threading.Lock(), threading.RLock(), DummyLock()]),
        (ConditionLike, [threading.Condition(), DummyCondition()]),
    ]:
        own = [klass for klass in protocol.__mro__ if klass in (LockLike, ConditionLike)]
        members = {
            name
            for klass in own
            for name in vars(klass)
            if not name.startswith("_") or name in ("__enter__", "__exit__")
        }
        assert {"acquire", "release"} <= members
        for value in types:
            missing = [name for name in members if not hasattr(value, name)]
            assert not missing, (type(value).__name__, missing)


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        *((ThreadSafeDict, name) for name in ("snapshot", "copy", "keys", "values", "items")),
        (ThreadSafeList, "snapshot"),
        (ThreadSafeSet, "snapshot"),
    ],
)
def test_collection_views_and_copies_are_typed(cls: type, name: str) -> None:
    hints = typing.get_type_hints(getattr(cls, name))
    assert not _mentions_any(hints["return"]), hints["return"]


def test_typed_get_and_pop_behave_like_dict() -> None:
    d: ThreadSafeDict[str, int] = ThreadSafeDict(a=1)
    assert d.get("a") == 1 and d.get("b") is None and d.get("b", 0) == 0
    assert d.get("b", default=5) == 5
    assert d.pop("b", None) is None and d.pop("a") == 1
    with pytest.raises(KeyError):
        d.pop("a")
