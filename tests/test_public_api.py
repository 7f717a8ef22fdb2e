"""The public API: every promised name importable from one place, each exported once."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import admf_tsan

FOUNDATION_NAMES = """
ThreadingMode RunMode ExecutionContext current_context use_context ThreadSafetyFactory DummyLock
ThreadSafeDict ThreadSafeList ThreadSafeSet AtomicCounter LazyInitializer ComponentBase
ComponentState EventBus ThreadSafetyViolation
""".split()


def test_foundation_names_are_exported_from_the_package():
    missing = [name for name in FOUNDATION_NAMES if not hasattr(admf_tsan, name)]
    assert missing == []


@pytest.mark.parametrize("package", ["admf_tsan", "admf_tsan.sync"])
def test_public_names_come_from_private_modules_and_are_documented(package):
    module = importlib.import_module(package)
    public = [name for name in vars(module) if not name.startswith("_")]
    for name in public:
        obj = getattr(module, name)
        if isinstance(obj, type(admf_tsan)) or name in {"annotations"}:
            continue
        origin = getattr(obj, "__module__", None)
        if origin is None:  # constants such as LIFECYCLE_TRANSITIONS
            continue
        assert origin.startswith("admf_tsan."), f"{package}.{name} comes from {origin}"
        assert (obj.__doc__ or "").strip(), f"{package}.{name} has no docstring"


def test_core_never_imports_the_other_parts():
    core = ["admf_tsan.context", "admf_tsan.components", "admf_tsan.events", "admf_tsan.errors"]
    core += [f"admf_tsan.sync.{m.name}" for m in pkgutil.iter_modules(admf_tsan.sync.__path__)]
    forbidden = ("admf_tsan.runtime", "admf_tsan.lint", "admf_tsan.aio", "admf_tsan.parallel")
    for name in core:
        source = Path(importlib.import_module(name).__file__).read_text(encoding="utf-8")
        for part in forbidden:
            assert f"import {part}" not in source and f"from {part}" not in source, (name, part)
