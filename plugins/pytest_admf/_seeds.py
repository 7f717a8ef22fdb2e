"""Seeds: one per test, derived from the base seed and the node id, never from run order.

Deriving from the node id is what keeps a test's interleavings the same whether it runs alone,
in a full session, or on any pytest-xdist worker: ``--admf-seed=N`` replays them all.
"""

from __future__ import annotations

import hashlib
import random
import shlex

__all__ = ["SEED_BITS", "fresh_base_seed", "replay_command", "run_seed", "seed_of_test"]

SEED_BITS = 32


def fresh_base_seed() -> int:
    """A random base seed for a session that was given none."""
    return random.SystemRandom().randrange(2**SEED_BITS)


def seed_of_test(base_seed: int, nodeid: str) -> int:
    """The seed of test ``nodeid`` under ``base_seed``: stable across processes and orders."""
    digest = hashlib.blake2b(f"{base_seed}:{nodeid}".encode(), digest_size=8).digest()
    value: int = int.from_bytes(digest, "big") % 2**SEED_BITS
    return value


def replay_command(nodeid: str, base_seed: int, extra: tuple[str, ...] = ()) -> str:
    """The command line that replays ``nodeid`` exactly: same seed, same settings."""
    parts = ["pytest", nodeid, "--admf-stress", f"--admf-seed={base_seed}", *extra]
    return " ".join(shlex.quote(part) if index else part for index, part in enumerate(parts))


def run_seed(iteration: int, *, base: int, test: int) -> tuple[str, int]:
    """The ``(strategy, seed)`` of run ``iteration`` of a test.

    The first run of every test uses the base seed itself, so the seed printed for any failing
    run replays it directly (``pytest 'nodeid' --admf-stress --admf-seed=N`` fails in its first
    run), and the session's base seed replays the whole session. Later runs follow the
    controlled scheduler's plan (PCT mostly, some random walks) from the test's seed
    (``seed_of_test(base, nodeid)``).
    """
    from pytest_admf.scheduler import choose_strategy, strategy_for_seed

    if iteration == 0:
        return strategy_for_seed(base), base
    return choose_strategy(iteration, test)
