"""The facts codec is derived from the dataclass fields: round trips, compact rows, old versions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from admf_tsan.lint.analysis.codec import decode, encode
from admf_tsan.lint.analysis.facts import (
    FACTS_VERSION,
    CallSite,
    CallType,
    GlobalRef,
    ModuleFacts,
    NoneType,
    Ref,
    SameAs,
    SelfRef,
    TypeRef,
    ValRef,
    decode_module,
    encode_module,
)
from admf_tsan.lint.cache import LintCache
from admf_tsan.lint.engine import extract_module
from admf_tsan.lint.ftypes import Edit, Finding, Fix, Related

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"


@dataclass(frozen=True, slots=True)
class Sample:
    """A dataclass the codec has never been told about."""

    name: str
    ref: Ref
    rows: tuple[tuple[int, str], ...]
    table: dict[int, frozenset[str] | None] = field(default_factory=dict)
    parent: Sample | None = None
    flag: bool = False


def test_a_new_dataclass_round_trips_without_codec_code() -> None:
    inner = Sample("inner", GlobalRef("pkg.f"), ())
    sample = Sample(
        "outer",
        ValRef(CallType(GlobalRef("threading.Lock")), ("acquire",)),
        ((1, "a"), (2, "b")),
        {3: frozenset({"ADMF101", "ADMF102"}), 4: None},
        inner,
        True,
    )
    data = json.loads(json.dumps(encode(sample)))
    assert decode(Sample, data) == sample
    assert decode(Sample, data).table is not decode(Sample, data).table


def test_trailing_defaults_are_left_out_and_restored_as_fresh_objects() -> None:
    site = CallSite(GlobalRef("time.sleep"), 4, 5, 4, 18, 4, 15, False, True)
    row = encode(site)
    assert len(row) == 9  # ``held`` and ``constants`` are at their defaults
    assert decode(CallSite, row) == site
    first, second = decode(Sample, ["a", ["g", "x"], []]), decode(Sample, ["b", ["g", "y"], []])
    assert first.table == {} and first.table is not second.table


def _union(annotation: Any) -> Any:
    """A union, passed where :func:`decode` expects a class (the codec reads both)."""
    return annotation


def test_a_union_of_tagged_dataclasses_is_decoded_by_its_tag() -> None:
    typerefs: list[TypeRef] = [NoneType(), SameAs(SelfRef("m.C")), CallType(GlobalRef("f"))]
    rows = [encode(typeref) for typeref in typerefs]
    # The tag is written first and kept even when every other field is at its default.
    assert rows == [["none"], ["ref", ["self", "m.C"]], ["call", ["g", "f"]]]
    assert [decode(_union(TypeRef), row) for row in rows] == typerefs
    symbols = decode(dict[str, tuple[str, str | TypeRef | None]], [["a", ["import", "m.b"]]])
    assert symbols == {"a": ("import", "m.b")}


def test_a_row_with_an_unknown_tag_or_the_wrong_tag_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of"):
        decode(_union(Ref | None), ["global", "x"])
    with pytest.raises(ValueError, match="tag 'g'"):
        decode(GlobalRef, ["self", "x"])


@dataclass(frozen=True, slots=True)
class Untagged:
    value: int


def test_a_union_of_dataclasses_without_a_tag_is_refused() -> None:
    with pytest.raises(TypeError, match="one tag field"):
        decode(_union(Untagged | Sample), [1])


def test_findings_with_fixes_and_related_locations_round_trip() -> None:
    finding = Finding(
        "a.py",
        3,
        5,
        "ADMF101",
        "blocks",
        3,
        18,
        (Related("b.py", 1, 1, "called here"),),
        Fix("use asyncio.sleep", (Edit(3, 5, 3, 15, "await asyncio.sleep"),), ("asyncio",)),
    )
    decoded = decode(Finding, json.loads(json.dumps(encode(finding))))
    assert decoded == finding and decoded.fix == finding.fix


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.py")), ids=lambda p: p.name)
def test_facts_of_every_fixture_round_trip(path: Path) -> None:
    facts = extract_module(path.read_bytes(), str(path), path.stem)
    assert decode_module(encode_module(facts)) == facts


def test_facts_of_another_version_are_a_cache_miss(tmp_path: Path) -> None:
    facts = extract_module(b"import time\n\nasync def f():\n    time.sleep(1)\n", "m.py", "m")
    text = encode_module(facts)
    stale = json.dumps([FACTS_VERSION - 1, json.loads(text)[1]])
    with pytest.raises(ValueError, match="another version"):
        decode_module(stale)
    cache = LintCache(tmp_path)
    cache.store_facts("ab" * 16, stale)
    assert cache.load_facts("ab" * 16) is None
    cache.store_facts("cd" * 16, text)
    loaded = cache.load_facts("cd" * 16)
    assert isinstance(loaded, ModuleFacts) and loaded == facts


def test_rows_of_the_wrong_shape_are_rejected() -> None:
    with pytest.raises(ValueError, match="misses a field"):
        decode(CallSite, [["g", "f"], 1])
    with pytest.raises(ValueError, match="not a CallSite"):
        decode(CallSite, {"callee": "f"})
