"""The public API of every part: promised names, each exported once, and the import direction.

The import direction (docs/architecture.md): the core (context, sync, components, events)
imports none of the other parts; aio and parallel build on the core; the runtime plugs into
the core through a hook; the linter imports nothing of the library; the scheduler builds on
the core and the runtime and never imports pytest; the plugin uses the core, the runtime and
the scheduler; lincheck builds on the scheduler and the core.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import admf_tsan

ROOT = Path(admf_tsan.__file__).parent

REQUIRED = {
    "admf_tsan": """ThreadingMode RunMode ExecutionContext current_context use_context
        ThreadSafetyFactory DummyLock ThreadSafeDict ThreadSafeList ThreadSafeSet AtomicCounter
        LazyInitializer ComponentBase ComponentState EventBus ThreadSafetyViolation""",
    "admf_tsan.aio": """AsyncComponentBase AsyncEventBus run_sync to_thread AsyncEventBarrier
        run_service""",
    "admf_tsan.parallel": """TaskQueue ResourceManager run_isolated IsolatedPool TrialResult
        WorkerCrashed TrialTimeout""",
    "admf_tsan.runtime": """ThreadDetector LockOrderValidator BlockingDetector Watchdog checking
        ThreadSafetyViolation LockOrderViolation BlockingCallError DeadlockDetected""",
    "admf_tsan.scheduler": """ControlledScheduler ScheduleReport WorkerFailure ScheduleAborted
        Strategy PCT RandomWalk WorkerState choose_strategy strategy_for_seed default_include
        ModeledLock ModeledRLock ModeledCondition ModeledEvent new_seeded_event_loop""",
    "admf_tsan.lincheck": """check_linearizable NotLinearizable LincheckError LincheckUsageError
        InvalidOperation NondeterministicModel UnhashableModelState Scenario Operation""",
}

ALL_PARTS = (
    "admf_tsan.aio",
    "admf_tsan.parallel",
    "admf_tsan.runtime",
    "admf_tsan.scheduler",
    "admf_tsan.lincheck",
    "admf_tsan.lint",
)
# What each part may not import (the core's modules are listed by file below).
FORBIDDEN = {
    "core": (*ALL_PARTS, "pytest_admf"),
    "admf_tsan.aio": (
        "admf_tsan.parallel",
        "admf_tsan.runtime",
        "admf_tsan.scheduler",
        "admf_tsan.lint",
        "pytest_admf",
    ),
    "admf_tsan.parallel": (
        "admf_tsan.aio",
        "admf_tsan.runtime",
        "admf_tsan.scheduler",
        "admf_tsan.lint",
        "pytest_admf",
    ),
    "admf_tsan.runtime": (
        "admf_tsan.aio",
        "admf_tsan.parallel",
        "admf_tsan.scheduler",
        "admf_tsan.lint",
        "pytest_admf",
    ),
    # The scheduler builds on the core and the runtime; it runs without pytest.
    "admf_tsan.scheduler": (
        "admf_tsan.aio",
        "admf_tsan.parallel",
        "admf_tsan.lincheck",
        "admf_tsan.lint",
        "pytest",
        "_pytest",
        "pytest_admf",
    ),
    # lincheck builds on the scheduler and the core (and hypothesis); it runs without pytest.
    "admf_tsan.lincheck": (
        "admf_tsan.aio",
        "admf_tsan.parallel",
        "admf_tsan.lint",
        "pytest",
        "_pytest",
        "pytest_admf",
    ),
}
CORE_FILES = [ROOT / name for name in ("context.py", "components.py", "events.py", "errors.py",
              "_instrumentation.py")] + sorted((ROOT / "sync").glob("*.py"))  # fmt: skip


@pytest.mark.parametrize("package", sorted(REQUIRED))
def test_promised_names_are_public_and_each_exported_once(package: str) -> None:
    module = importlib.import_module(package)
    required = set(REQUIRED[package].split())
    assert required <= set(dir(module)), required - set(dir(module))
    assert module.__file__ is not None
    source = Path(module.__file__).read_text(encoding="utf-8")
    reexports = [
        alias.asname
        for node in ast.parse(source).body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name  # the explicit `from ._x import Name as Name` form
    ]
    assert len(reexports) == len(set(reexports)), "a name is re-exported twice"
    if hasattr(module, "__all__"):
        assert len(module.__all__) == len(set(module.__all__))
        assert set(reexports) <= set(module.__all__) | {"annotations"}


@pytest.mark.parametrize("package", sorted(REQUIRED))
def test_public_classes_and_functions_come_from_the_library_and_are_documented(
    package: str,
) -> None:
    module = importlib.import_module(package)
    for name in (n for n in dir(module) if not n.startswith("_")):
        obj = getattr(module, name)
        if not (isinstance(obj, type) or callable(obj)) or isinstance(obj, type(admf_tsan)):
            continue
        origin = getattr(obj, "__module__", "") or ""
        if origin == "__future__":
            continue
        assert origin.startswith("admf_tsan."), f"{package}.{name} comes from {origin}"
        assert (obj.__doc__ or "").strip(), f"{package}.{name} has no docstring"
        if isinstance(obj, type) and issubclass(obj, Exception) and origin != "builtins":
            # RemoteTraceback only carries a child's traceback text as a __cause__.
            if name != "RemoteTraceback":
                assert issubclass(obj, admf_tsan.AdmfTsanError), f"{package}.{name}"


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_dependencies_run_one_way(part: str) -> None:
    files = CORE_FILES if part == "core" else sorted(
        (ROOT / part.split(".")[1]).rglob("*.py")
    )  # fmt: skip
    assert files
    for path in files:
        for name in _imported_modules(path):
            assert not name.startswith(FORBIDDEN[part]), f"{path.name} imports {name}"


def test_the_linter_imports_nothing_of_the_library() -> None:
    for path in sorted((ROOT / "lint").rglob("*.py")):
        for name in _imported_modules(path):
            if name.startswith("admf_tsan"):
                # admf_tsan.catalogue is a data-only leaf (tests/test_catalogue.py checks it).
                allowed = name.startswith("admf_tsan.lint") or name == "admf_tsan.catalogue"
                assert allowed, f"{path} imports {name}"


def test_importing_the_scheduler_loads_no_pytest() -> None:
    code = (
        "import sys, admf_tsan.scheduler\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "      ('pytest', '_pytest', 'pytest_admf', 'pluggy')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=100
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.timeout(120)
def test_importing_a_part_loads_no_forbidden_part() -> None:
    code = (
        "import sys, importlib\n"
        "for part in ['admf_tsan', 'admf_tsan.aio', 'admf_tsan.parallel', 'admf_tsan.lint']:\n"
        "    importlib.import_module(part)\n"
        "loaded = [m for m in sys.modules\n"
        "          if m.startswith(('admf_tsan.runtime', 'admf_tsan.scheduler', 'pytest_admf'))]\n"
        "print(sorted(loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=100
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
