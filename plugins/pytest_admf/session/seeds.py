"""Seeds: one per test, derived from the base seed and the node id, never from run order.

Deriving from the node id is what keeps a test's interleavings the same whether it runs alone,
in a full session, or on any pytest-xdist worker: ``--admf-seed=N`` replays them all.
"""

from __future__ import annotations

import hashlib
import os
import random
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "SEED_BITS",
    "ReplayCommand",
    "fresh_base_seed",
    "invocation",
    "replay_command",
    "run_seed",
    "seed_of_test",
]

SEED_BITS = 32


def fresh_base_seed() -> int:
    """A random base seed for a session that was given none."""
    return random.SystemRandom().randrange(2**SEED_BITS)


def seed_of_test(base_seed: int, nodeid: str) -> int:
    """The seed of test ``nodeid`` under ``base_seed``: stable across processes and orders."""
    digest = hashlib.blake2b(f"{base_seed}:{nodeid}".encode(), digest_size=8).digest()
    value: int = int.from_bytes(digest, "big") % 2**SEED_BITS
    return value


def invocation(argv: Sequence[str] | None = None, executable: str | None = None) -> str:
    """How this session was started, as a replay command should start.

    ``python -m pytest`` (with the interpreter's own name, ``python3.11 -m pytest``) when the
    session ran as a module, the script's name (``pytest``, ``py.test``) when it ran as one, and
    ``pytest`` when neither can be told (``pytest.main()`` from a program). ``argv`` and
    ``executable`` default to ``sys.argv`` and ``sys.executable``.
    """
    argv = sys.argv if argv is None else argv
    first = (argv[0] if argv else "").replace("\\", "/")
    if first.endswith(("/pytest/__main__.py", "/py/test/__main__.py")):
        python = os.path.basename(sys.executable if executable is None else executable)
        return f"{python or 'python'} -m pytest"
    script = os.path.basename(first).removesuffix(".exe")
    if script in ("pytest", "py.test") or script.startswith("pytest-"):
        return script
    return "pytest"


def replay_command(
    nodeid: str,
    base_seed: int,
    extra: tuple[str, ...] = (),
    invocation: str = "pytest",
    *,
    all_tests: bool = False,
) -> str:
    """The command line that replays ``nodeid`` exactly: same seed, same settings.

    ``invocation`` is how the session was started (see :func:`invocation`); it is printed as is.
    ``all_tests`` replays an unmarked test stressed by ``--admf-stress=all``.
    """
    flag = "--admf-stress=all" if all_tests else "--admf-stress"
    parts = [nodeid, flag, f"--admf-seed={base_seed}", *extra]
    return " ".join([invocation, *(shlex.quote(part) for part in parts)])


@dataclass(frozen=True)
class ReplayCommand:
    """What every replay command of a session shares: how pytest was started, extra options."""

    invocation: str = "pytest"
    extra: tuple[str, ...] = ()

    def for_test(self, nodeid: str, seed: int, *, all_tests: bool = False) -> str:
        """The command that replays ``nodeid`` with ``seed`` (``all_tests``: an unmarked test)."""
        return replay_command(nodeid, seed, self.extra, self.invocation, all_tests=all_tests)


def run_seed(iteration: int, *, base: int, test: int) -> tuple[str, int]:
    """The ``(strategy, seed)`` of run ``iteration`` of a test.

    The first run of every test uses the base seed itself, so the seed printed for any failing
    run replays it directly (``pytest 'nodeid' --admf-stress --admf-seed=N`` fails in its first
    run), and the session's base seed replays the whole session. Later runs follow the
    controlled scheduler's plan (PCT mostly, some random walks) from the test's seed
    (``seed_of_test(base, nodeid)``).
    """
    from admf_tsan.scheduler import choose_strategy, strategy_for_seed

    if iteration == 0:
        return strategy_for_seed(base), base
    return choose_strategy(iteration, test)
