"""``engine.no_collector_pauses``: the collector is off inside, and what the block kept is not
scanned as young objects after it."""

from __future__ import annotations

import gc

from admf_tsan.lint.engine import no_collector_pauses


class _Node:
    """A container the collector tracks."""


def test_what_the_block_kept_goes_to_the_oldest_generation_unscanned() -> None:
    gc.collect()
    assert gc.isenabled()
    with no_collector_pauses():
        assert not gc.isenabled()
        with no_collector_pauses():  # nested: leaves the outer block's state alone
            assert not gc.isenabled()
        assert not gc.isenabled()
        kept = [_Node() for _ in range(5000)]
    assert gc.isenabled()
    # Moved, not scanned: a collection of the young would have left them in the middle one.
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert all(id(node) in oldest for node in kept)
    assert gc.get_freeze_count() == 0


def test_objects_a_process_froze_stay_frozen() -> None:
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with no_collector_pauses():
            kept = [_Node() for _ in range(100)]
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
        assert len(kept) == 100
    finally:
        gc.unfreeze()
