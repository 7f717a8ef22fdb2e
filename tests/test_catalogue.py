"""The blocking-call catalogue: well formed, a data-only leaf, and the linter and runtime agree."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
import re
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

import admf_tsan.catalogue as catalogue
from admf_tsan.catalogue import CATALOGUE, CheckedVia, NotSeen, SeenAs, Wrapped
from admf_tsan.lint.blocking import BlockingCallRule
from admf_tsan.lint.engine import blocking_classifier
from admf_tsan.lint.ftypes import LintConfig
from admf_tsan.lint.rules import ALL_RULES, RULES_BY_CODE
from admf_tsan.runtime._blocking import (
    PREDICATES,
    BlockingDetector,
    _sqlite_connect_wrapper,
    _targets,
)

BY_NAME = {call.name: call for call in CATALOGUE}
#: The calls the linter files under a built variant's name, reported only on an object built so
#: (``queue.Queue.put`` -> ``queue.Queue<bounded>.put``); the runtime sees the real object.
LINTED_AS = {
    f"{cls}.{method}": f"{cls}<{built.variant}>.{method}"
    for built in catalogue.BUILT_BLOCKING
    for cls in built.classes
    for method in built.methods
}
PACKAGE = Path(catalogue.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))


def _resolve(name: str) -> Any:
    """The object a dotted name denotes (longest importable module prefix, then attributes)."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            owner: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            owner = getattr(owner, part)
        return owner
    raise LookupError(name)


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


# -- well formed -----------------------------------------------------------------------------


def test_names_are_unique_and_dotted() -> None:
    names = [call.name for call in CATALOGUE]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    assert all(re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", name) for name in names)


def test_codes_are_registered_blocking_rules() -> None:
    for call in CATALOGUE:
        rule = RULES_BY_CODE.get(call.code)
        assert rule is not None, f"{call.name}: {call.code} is not a registered rule"
        assert issubclass(rule, BlockingCallRule), f"{call.name}: {call.code} is not ADMF1xx"
    codes_in_use = {call.code for call in CATALOGUE}
    # Every catalogue-driven rule has calls (ADMF113 reads the project's own list instead).
    for rule in ALL_RULES:
        if issubclass(rule, BlockingCallRule) and rule.code != "ADMF113":
            assert rule.code in codes_in_use, f"{rule.code} has no catalogue entries"


def test_advice_and_argument_rules_are_well_formed() -> None:
    for call in CATALOGUE:
        assert call.advice.strip() and not call.advice.endswith("."), call.name
        for keyword, position, values in call.non_blocking:
            assert keyword.isidentifier() and isinstance(values, tuple) and values, call.name
            assert position is None or position >= 0, call.name


def test_runtime_references_resolve() -> None:
    for call in CATALOGUE:
        runtime = call.runtime
        if isinstance(runtime, Wrapped):
            assert runtime.would_block in PREDICATES, call.name
            if _importable(runtime.module):
                owner = _resolve(f"{runtime.module}.{runtime.attribute}")
                assert callable(owner), call.name
        elif isinstance(runtime, SeenAs):
            assert isinstance(BY_NAME[runtime.name].runtime, Wrapped), call.name
            assert runtime.why.strip(), call.name
        elif isinstance(runtime, CheckedVia):
            assert isinstance(BY_NAME[runtime.factory].runtime, Wrapped), call.name
        else:
            assert isinstance(runtime, NotSeen) and runtime.reason.strip(), call.name


def test_inherited_methods_are_the_wrapped_function() -> None:
    inherited = [
        call
        for call in CATALOGUE
        if isinstance(call.runtime, SeenAs) and "inherits" in call.runtime.why
    ]
    assert inherited
    for call in inherited:
        assert isinstance(call.runtime, SeenAs)
        assert _resolve(call.name) is _resolve(call.runtime.name), call.name


# -- a data-only leaf ------------------------------------------------------------------------


def test_the_catalogue_imports_nothing_of_the_project() -> None:
    assert PACKAGE.name == "catalogue" and len(SOURCES) > 1, SOURCES
    siblings = {path.stem for path in SOURCES}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert imported, f"the parse of {path.name} found no imports at all"
        assert not [name for name in imported if name.startswith("admf_tsan")], (path, imported)
        # Relative imports only of the package's own modules, never of the rest of the project.
        relative = [
            node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level
        ]
        assert all(node.level == 1 and node.module in siblings for node in relative), (
            f"{path.name}: relative import outside the catalogue package"
        )


def test_the_catalogue_loads_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location(
        "standalone_catalogue", PACKAGE / "__init__.py", submodule_search_locations=[str(PACKAGE)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    before = set(sys.modules)
    try:
        spec.loader.exec_module(module)
    finally:
        loaded = set(sys.modules) - before
        for name in loaded:
            del sys.modules[name]
    assert [call.name for call in module.CATALOGUE] == [call.name for call in CATALOGUE]
    assert loaded, "the package's modules were not loaded under the standalone name"
    assert all(name.startswith("standalone_catalogue.") for name in loaded), sorted(loaded)


# -- the linter and the runtime agree --------------------------------------------------------


@pytest.fixture(scope="module")
def classifier() -> Any:
    # Every rule, the opt-in ones (ADMF127: imports) named so that their calls count too.
    opted_in = {rule.code for rule in ALL_RULES if rule.opt_in}
    return blocking_classifier(LintConfig(select=frozenset({"ADMF", *opted_in})), ALL_RULES)


def test_the_linter_flags_exactly_the_catalogue(classifier: Any) -> None:
    classes = {f"{cls.name}.*" for cls in catalogue.BLOCKING_CLASSES}
    assert set(classifier.patterns()) == {LINTED_AS.get(n, n) for n in BY_NAME} | classes
    for call in CATALOGUE:
        entry = classifier.entry_for(LINTED_AS.get(call.name, call.name))
        assert entry is not None and entry.code == call.code, call.name
        assert entry.advice == call.advice and entry.non_blocking == call.non_blocking


def test_everything_the_runtime_wraps_is_flagged_under_its_code(classifier: Any) -> None:
    targets = _targets()
    assert targets
    for target in targets:
        entry = classifier.entry_for(LINTED_AS.get(target.qualname, target.qualname))
        assert entry is not None, f"the runtime wraps {target.qualname}; the linter misses it"
        assert entry.code == BY_NAME[target.qualname].code


def test_every_wrappable_linter_entry_is_wrapped() -> None:
    wrapped = {target.qualname for target in _targets()}
    expected = {
        call.name
        for call in CATALOGUE
        if isinstance(call.runtime, Wrapped) and _importable(call.runtime.module)
    }
    assert wrapped == expected


def test_install_patches_every_target() -> None:
    detector = BlockingDetector(lambda kind, summary, text: None)
    detector.install()
    try:
        assert detector.statistics().wrapped_functions == len(_targets())
    finally:
        detector.uninstall()
    assert detector.statistics().wrapped_functions == 0


def test_sqlite_connections_check_the_catalogued_methods() -> None:
    sqlite3 = pytest.importorskip("sqlite3")
    detector = BlockingDetector(lambda kind, summary, text: None)
    target = next(t for t in _targets() if t.qualname == "sqlite3.connect")
    connect = _sqlite_connect_wrapper(detector, sqlite3.connect, target)
    connection = connect(":memory:")
    try:
        for call in CATALOGUE:
            if call.runtime == CheckedVia("sqlite3.connect"):
                kind, method = call.name.split(".")[1:]
                owner = connection if kind == "Connection" else connection.cursor()
                checked = getattr(type(owner), method)
                assert checked is not getattr(getattr(sqlite3, kind), method), call.name
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("expected", "given", "matches"),
    [
        (catalogue.IpAddress(), "127.0.0.1", True),
        (catalogue.IpAddress(), "fe80::1", True),
        (catalogue.IpAddress(), "example.com", False),
        (catalogue.IpAddress(), catalogue.NOT_GIVEN, False),
        (catalogue.Flag("socket.AI_NUMERICHOST"), ("socket.AI_NUMERICHOST",), True),
        (
            catalogue.Flag("socket.AI_NUMERICHOST"),
            ("socket.AI_CANONNAME", "socket.AI_NUMERICHOST"),
            True,
        ),
        (catalogue.Flag("socket.AI_NUMERICHOST"), ("socket.AI_CANONNAME",), False),
        (catalogue.Flag("socket.AI_NUMERICHOST"), 4, False),
        (catalogue.Absent(), catalogue.NOT_GIVEN, True),
        (catalogue.Absent(), 0, False),
        (catalogue.AtMost(0), 0, True),
        (catalogue.AtMost(0), -1, True),
        (catalogue.AtMost(0), 10, False),
        (catalogue.AtMost(0), False, False),
        (catalogue.AtLeast(1), 10, True),
        (catalogue.AtLeast(1), 0, False),
        (catalogue.AtLeast(1), -1, False),
        (catalogue.AtLeast(1), catalogue.NOT_GIVEN, False),
        (catalogue.AtLeast(1), ("x.MAXSIZE",), False),
        (0, False, True),
        (False, False, True),
        (0, catalogue.NOT_GIVEN, False),
        (0, ("x.ZERO",), False),
    ],
)
def test_argument_patterns(expected: Any, given: Any, matches: bool) -> None:
    assert catalogue.argument_matches(expected, given) is matches


@pytest.mark.parametrize(
    ("expected", "value", "matches"),
    [
        (catalogue.IpAddress(), "127.0.0.1", True),
        (catalogue.IpAddress(), b"::1", True),
        (catalogue.IpAddress(), "localhost", False),
        (catalogue.IpAddress(), b"\xff", False),
        (catalogue.IpAddress(), None, False),
        (catalogue.IpAddress(), catalogue.NOT_GIVEN, False),
        (catalogue.Flag("socket.AI_NUMERICHOST"), socket.AI_NUMERICHOST, True),
        (catalogue.Flag("socket.AI_NUMERICHOST"), socket.AI_NUMERICHOST | socket.AI_PASSIVE, True),
        (catalogue.Flag("socket.AI_NUMERICHOST"), socket.AI_PASSIVE, False),
        (catalogue.Flag("socket.AI_NUMERICHOST"), 0, False),
        (catalogue.Flag("socket.AI_NUMERICHOST"), "4", False),
        (catalogue.Flag("socket.NO_SUCH_FLAG"), 0xFFFF, False),
        (catalogue.Flag("no_such_module.FLAG"), 0xFFFF, False),
        (catalogue.Absent(), catalogue.NOT_GIVEN, True),
        (catalogue.Absent(), None, False),
        (catalogue.AtMost(0), 0, True),
        (catalogue.AtMost(0), 0.5, False),
        (catalogue.AtLeast(1), 10, True),
        (catalogue.AtLeast(1), "10", False),
        (0, 0.0, True),
        (0, 0.001, False),
        (False, False, True),
        (False, 0, True),
        (0, catalogue.NOT_GIVEN, False),
        (0, [0], False),
    ],
)
def test_runtime_values_match_the_patterns(expected: Any, value: Any, matches: bool) -> None:
    """The runtime's form of the argument rules reads real values where the linter reads
    literals: a flag is a bit of an integer, an address a string or bytes."""
    assert catalogue.value_matches(expected, value) is matches


@pytest.mark.parametrize(
    "name", ["getaddrinfo", "gethostbyname", "gethostbyname_ex", "getnameinfo"]
)
def test_numeric_lookups_return_at_once_for_both(name: str) -> None:
    """The runtime's predicate for a DNS call honours the entry's argument rules: what the
    linter does not report (a numeric host, a numeric-host flag) the runtime does not either."""
    call = BY_NAME[f"socket.{name}"]
    (target,) = [t for t in _targets() if t.qualname == call.name]
    numeric, named = {
        "getaddrinfo": (("10.0.0.1", 80), ("example.com", 80)),
        "gethostbyname": (("10.0.0.1",), ("example.com",)),
        "gethostbyname_ex": (("::1",), ("example.com",)),
        "getnameinfo": ((("10.0.0.1", 80), socket.NI_NUMERICHOST), (("10.0.0.1", 80), 0)),
    }[name]
    assert not target.would_block(*numeric)
    assert target.would_block(*named)
    if name == "getaddrinfo":
        flags = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
        assert not target.would_block("example.com", 80, flags=flags)
        assert not target.would_block("example.com", 80, 0, 0, 0, flags)
        assert target.would_block("example.com", 80, flags=socket.AI_NUMERICSERV)


def test_argument_rules_count_arguments_after_a_methods_receiver() -> None:
    """The runtime reads an entry's argument rules skipping the first argument when the wrapped
    attribute is a method (``Class.method``): every such entry wraps a class's function."""
    from admf_tsan.runtime._blocking import _owner

    checked = 0
    for call in CATALOGUE:
        runtime = call.runtime
        if not isinstance(runtime, Wrapped):
            continue
        if not any(not keyword.startswith("_admf_") for keyword, _, _ in call.non_blocking):
            continue
        owner = _owner(runtime)
        if owner is None:
            continue
        assert ("." in runtime.attribute) == isinstance(owner, type), call.name
        checked += 1
    assert checked >= 20


@pytest.mark.skipif(not hasattr(os, "WNOHANG"), reason="POSIX waits")
@pytest.mark.parametrize("name", ["waitpid", "wait3", "wait4", "waitid"])
def test_os_waits_with_wnohang_return_at_once_for_both(name: str) -> None:
    """The linter's argument rule reads the options where the runtime's predicate does."""
    call = BY_NAME[f"os.{name}"]
    ((keyword, position, values),) = call.non_blocking
    assert keyword == "options" and values == (catalogue.Flag("os.WNOHANG"),)
    assert isinstance(call.runtime, Wrapped) and position is not None
    would_block = PREDICATES[call.runtime.would_block]
    before = [0] * position
    assert not would_block(*before, os.WNOHANG | os.WUNTRACED)
    assert would_block(*before, 0)


def test_built_non_blocking_names_catalogued_methods() -> None:
    for built in catalogue.BUILT_NON_BLOCKING:
        assert built.variant.isidentifier() and built.values, built
        for cls in built.classes:
            assert _resolve(cls) is not None, cls
            for method in built.methods:
                # Only methods the catalogue reports can be exempted.
                assert f"{cls}.{method}" in BY_NAME, (cls, method)


def test_built_blocking_names_catalogued_methods() -> None:
    assert catalogue.BUILT_BLOCKING
    for built in catalogue.BUILT_BLOCKING:
        assert built.variant.isidentifier() and built.values, built
        for cls in built.classes:
            assert _resolve(cls) is not None, cls
            for method in built.methods:
                # Only methods the catalogue reports can be narrowed to the variant.
                assert f"{cls}.{method}" in BY_NAME, (cls, method)
    variants = [built.variant for built in catalogue.BUILT_VARIANTS]
    assert len(variants) == len(set(variants)), variants
