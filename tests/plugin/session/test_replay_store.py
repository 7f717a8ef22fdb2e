"""The fingerprint store that tells a replayed seed recorded against other code."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.timeout(60)


class _DictCache:
    """The two methods of pytest.Cache the fingerprint store uses, over a dict."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def get(self, key: str, default: object) -> object:
        return self.values.get(key, default)

    def set(self, key: str, value: object) -> None:
        self.values[key] = value


def test_fingerprint_store_records_compares_and_overwrites() -> None:
    from pytest_admf.session.replay import CACHE_PREFIX, FingerprintChange, FingerprintStore

    cache = _DictCache()
    store = FingerprintStore(cache)  # type: ignore[arg-type]
    node = "tests/test_x.py::test_counter[admf-multi]"
    assert store.compare(node, "multi", 7, "aaaa") is None  # never recorded
    store.record(node, "multi", 7, "aaaa")
    assert all(key.startswith(CACHE_PREFIX) for key in cache.values)
    assert store.compare(node, "multi", 7, "aaaa") is None  # same code
    assert store.compare(node, "multi", 8, "bbbb") is None  # another seed
    assert store.compare(node.replace("x", "y"), "multi", 7, "bbbb") is None  # another test
    assert store.compare(node, "multi", 7, None) is None  # a run without a scheduled call
    change = store.compare(node, "multi", 7, "bbbb")
    assert change == FingerprintChange(7, "aaaa", "bbbb")
    assert change.message() == (
        "admf: seed 7 was recorded against different code (fingerprint aaaa -> bbbb): "
        "this replay may not follow the recorded interleaving"
    )
    assert FingerprintChange.from_record(change.as_record()) == change
    store.record(node, "multi", 7, "bbbb")  # a later failure of the seed records its code
    assert store.compare(node, "multi", 7, "bbbb") is None
    # A foreign or damaged entry under the key counts as not recorded.
    cache.values[FingerprintStore.key(node, "multi", 7)] = {"fingerprint": 3}
    assert store.recorded(node, "multi", 7) is None


def test_fingerprint_store_without_a_cache_does_nothing() -> None:
    from pytest_admf.session.replay import FingerprintStore

    store = FingerprintStore(None)
    store.record("t.py::t", "multi", 1, "aaaa")
    assert not store.enabled and store.compare("t.py::t", "multi", 1, "bbbb") is None
    assert "off" in repr(store)


def test_run_fingerprint_of_zero_one_and_several_scheduled_calls() -> None:
    from pytest_admf.session.replay import run_fingerprint

    assert run_fingerprint([]) is None
    assert run_fingerprint(["aaaa"]) == "aaaa"
    both = run_fingerprint(["aaaa", "bbbb"])
    assert both is not None and len(both) == 16
    assert both != run_fingerprint(["bbbb", "aaaa"])  # the calls' order is part of the run
