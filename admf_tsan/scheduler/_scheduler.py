"""``ControlledScheduler`` and its report: rare thread interleavings, on purpose.

CPython switches threads only at calls and backward jumps, so plain threads almost never lose
an update of ``self.x += 1``. ``ControlledScheduler`` runs workers on real threads but lets only
one run at a time and chooses where to switch: before every instruction of the code under test
that touches shared memory, and at every operation on a lock, condition, event, semaphore,
queue or sleep (modeled while :meth:`ControlledScheduler.patch_primitives` is active). The seed
decides every choice, so a failing interleaving replays from its seed.

Usage::

    from admf_tsan.scheduler import ControlledScheduler, choose_strategy

    for iteration in range(100):
        strategy, seed = choose_strategy(iteration, base_seed=1234)
        scheduler = ControlledScheduler(seed, strategy=strategy)
        with scheduler.patch_primitives():
            counter = Counter()          # its locks are modeled
            report = scheduler.run([counter.increment, counter.increment])
        if report.failures or report.deadlock:
            print(report.summary())      # names the seed, and
            break                        # ControlledScheduler(seed, strategy="auto") replays it

Guarantees: with the same seed, the same code and the same starting state, two runs make the
same choices (``report.trace_digest`` is equal) unless a worker blocked in a call the
scheduler does not model (``report.detached > 0``), which lets real timing in. See
``docs/scheduler.md`` for the design and PCT's probability bound.
"""

from __future__ import annotations

import _thread
import contextlib
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ._engine import Engine
from ._patch import patched_primitives
from ._pct import PCT
from ._races import DataRace, RaceDetector, RacePolicy
from ._random_walk import RandomWalk
from ._record import Choice, Recorder
from ._replay import ChoiceLog, Replay
from ._state import ACTIVE, STATE
from ._strategy import STRATEGIES, Strategy, strategy_for_seed
from ._trace import GRANULARITIES, fingerprint, make_include

__all__ = ["ControlledScheduler", "ScheduleReport", "WorkerFailure", "make_strategy"]

_RUN_GUARD = _thread.allocate_lock()


def make_strategy(name: str, seed: int, depth: int) -> Strategy:
    """Build the strategy called ``name``; raise ValueError for an unknown name."""
    if name == "pct":
        return PCT(seed, depth)
    if name == "random":
        return RandomWalk(seed)
    raise ValueError(f"unknown strategy {name!r}: use one of {', '.join(STRATEGIES)} or 'auto'")


@dataclass(frozen=True)
class WorkerFailure:
    """An exception that ended one worker of a run, with its formatted traceback."""

    worker: int
    exception: BaseException
    traceback_text: str


@dataclass(frozen=True)
class ScheduleReport:
    """What one run did: its seed, how many switch points and switches, what went wrong.

    ``deadlock`` holds the wait-for graph and the workers' stacks when every worker was parked
    (or the run hit its timeout: then ``timed_out`` is True). ``fingerprint`` digests the code
    objects that got switch points: when it differs from the one recorded with a seed, the code
    changed and the seed no longer names the same interleaving. ``detached`` counts workers let
    go because they blocked in a call the scheduler does not model; when it is not 0, real
    timing took part and replay may differ.
    """

    seed: int
    strategy: str
    steps: int
    switches: int
    failures: tuple[WorkerFailure, ...]
    deadlock: str | None
    fingerprint: str
    timed_out: bool = False
    detached: int = 0
    workers: int = 0
    virtual_time: float = 0.0
    strategy_detail: str = ""
    external_operations: int = field(default=0, compare=False)
    races: tuple[DataRace, ...] = field(default=(), compare=False)
    choices: tuple[Choice, ...] = field(default=(), compare=False, repr=False)
    trace: Recorder | None = field(default=None, compare=False, repr=False)

    @property
    def failed(self) -> bool:
        """True when a worker raised or the run deadlocked / timed out."""
        return bool(self.failures) or self.deadlock is not None

    @property
    def trace_digest(self) -> str:
        """A digest of the schedule's observable shape (steps, switches, outcome) for replay."""
        parts = [
            self.strategy,
            str(self.seed),
            str(self.steps),
            str(self.switches),
            ",".join(f"{f.worker}:{type(f.exception).__name__}" for f in self.failures),
            "deadlock" if self.deadlock else "",
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def summary(self) -> str:
        """A few lines for a test report: seed, strategy, outcome, and the deadlock text."""
        lines = [
            f"seed {self.seed} ({self.strategy_detail or self.strategy}): {self.steps} steps, "
            f"{self.switches} switches, {self.workers} workers, fingerprint {self.fingerprint}"
        ]
        for failure in self.failures:
            lines.append(
                f"worker {failure.worker} raised {type(failure.exception).__name__}: "
                f"{failure.exception}"
            )
        if self.detached:
            lines.append(
                f"{self.detached} time(s) a worker blocked in a call the scheduler does not "
                "model; replay may differ"
            )
        if self.deadlock:
            lines.append(self.deadlock)
        return "\n".join(lines)


class ControlledScheduler:
    """Runs workers one at a time, switching where a seeded strategy says.

    ``strategy`` is ``"pct"`` (default), ``"random"``, or ``"auto"`` (read it from the seed, as
    :func:`choose_strategy` encodes it). ``include(filename)`` decides which files get switch
    points (default: everything outside the standard library, site-packages and machinery, see
    :func:`add_machinery`).
    ``block_timeout`` is how long the running worker may make no progress before it is taken
    to be blocked in a call the scheduler does not model and another worker is let go.
    ``granularity`` is ``"opcode"`` (switch before shared-memory instructions) or ``"line"``.

    ``record=True`` keeps the run's trace (``report.trace``: every shared access and
    synchronization with file:line) and its choices (``report.choices``); ``races`` turns on the
    happens-before race detector (``"default"``, ``"all"``, or ``"off"``; see ``_races.py``),
    which records too; ``race_ok`` names locations (``"Class.attr"``) never reported.
    ``replay`` makes every run follow that list of choices (from ``report.choices`` or a
    shrunk subset) instead of the strategy; see docs/explained-failures.md.

    Raises ValueError for an unknown strategy or granularity, a negative seed, ``pct_depth < 1``
    or a non-positive ``block_timeout``.
    """

    def __init__(
        self,
        seed: int,
        *,
        strategy: str = "pct",
        pct_depth: int = 3,
        include: Callable[[str], bool] | None = None,
        block_timeout: float = 0.5,
        granularity: str = "opcode",
        record: bool = False,
        races: RacePolicy = "off",
        race_ok: Sequence[str] = (),
        replay: Sequence[Choice] | None = None,
    ) -> None:
        if not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {seed!r}")
        if strategy == "auto":
            strategy = strategy_for_seed(seed)
        if strategy not in STRATEGIES:
            raise ValueError(
                f"unknown strategy {strategy!r}: use one of {', '.join(STRATEGIES)} or 'auto'"
            )
        if pct_depth < 1:
            raise ValueError(f"pct_depth must be >= 1, got {pct_depth}")
        if not block_timeout > 0:
            raise ValueError(f"block_timeout must be > 0 seconds, got {block_timeout!r}")
        if granularity not in GRANULARITIES:
            raise ValueError(
                f"unknown granularity {granularity!r}: use one of {', '.join(GRANULARITIES)}"
            )
        if include is not None and not callable(include):
            raise TypeError(f"include must be a callable taking a filename, got {include!r}")
        self.seed = seed
        self.strategy = strategy
        self.pct_depth = pct_depth
        self.include = include
        self.block_timeout = float(block_timeout)
        self.granularity = granularity
        if races not in ("default", "all", "off"):
            raise ValueError(f"unknown races policy {races!r}: use default, all or off")
        self.record = record
        self.races: RacePolicy = races
        self.race_ok = tuple(race_ok)
        self.replay = None if replay is None else tuple(replay)
        self._effective_include = make_include(include)
        self.reports: list[ScheduleReport] = []
        """The report of every run of this scheduler so far, oldest first."""

    def __repr__(self) -> str:
        return (
            f"ControlledScheduler(seed={self.seed}, strategy={self.strategy!r}, "
            f"pct_depth={self.pct_depth}, granularity={self.granularity!r})"
        )

    def patch_primitives(self) -> contextlib.AbstractContextManager[None]:
        """Context manager: threading/queue/time primitives are modeled while it is active.

        ``threading.Lock/RLock/Condition/Event/Semaphore/BoundedSemaphore``, ``queue.Queue``
        (through those), ``queue.SimpleQueue`` and ``time.sleep`` create or behave as the
        modeled versions, and threads started by workers join the run. Patching is
        process-wide and nests.
        """
        return patched_primitives()

    def run(
        self, workers: Sequence[Callable[[], object]], *, timeout: float = 30.0
    ) -> ScheduleReport:
        """Run every callable in ``workers`` as one worker; return when all finished.

        A worker's exception is recorded in ``failures`` (the others go on). A deadlock ends
        the run at once and fills ``deadlock``; after ``timeout`` seconds of wall time the run
        is aborted (``timed_out``). Never raises for what the workers do.

        Raises ValueError for no workers or a non-positive timeout, TypeError for a worker that
        is not callable, RuntimeError when called while another run is active in the process.
        """
        workers = list(workers)
        if not workers:
            raise ValueError("run() needs at least one worker")
        for index, fn in enumerate(workers):
            if not callable(fn):
                raise TypeError(f"worker {index} is not callable: {fn!r}")
        if not timeout > 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
        recorder = None
        if self.record or self.races != "off" or self.replay is not None:
            detector = RaceDetector() if self.races != "off" else None
            recorder = Recorder(self._effective_include, detector)
        strategy: ChoiceLog
        if self.replay is not None:
            strategy = Replay(self.replay, recorder)
        else:
            strategy = ChoiceLog(make_strategy(self.strategy, self.seed, self.pct_depth), recorder)
        engine = Engine(
            seed=self.seed,
            strategy=strategy,
            include=self._effective_include,
            granularity=self.granularity,
            block_timeout=self.block_timeout,
            recorder=recorder,
        )
        with _RUN_GUARD:
            if ACTIVE.engine is not None:
                raise RuntimeError(
                    "another ControlledScheduler run is active in this process; runs cannot "
                    "nest or overlap"
                )
            ACTIVE.engine = engine
        __tracebackhide__ = True  # an interruption points at the caller, not at the engine
        try:
            engine.execute(workers, timeout)
        except BaseException:
            # Interrupted (a deadline's signal, Ctrl-C): keep what the run did so far, whose
            # choices a caller can still replay to explain the failure.
            self.reports.append(self._report(engine, strategy, recorder, []))
            raise
        finally:
            with STATE:
                ACTIVE.engine = None
                STATE.notify_all()
        races = (
            recorder.races.races(self.races, self.race_ok)
            if recorder is not None and recorder.races is not None
            else []
        )
        report = self._report(engine, strategy, recorder, races)
        self.reports.append(report)
        return report

    def _report(
        self,
        engine: Engine,
        strategy: ChoiceLog,
        recorder: Recorder | None,
        races: list[DataRace],
    ) -> ScheduleReport:
        keep_trace = self.record or self.replay is not None or bool(races)
        return ScheduleReport(
            seed=self.seed,
            strategy=self.strategy,
            steps=engine.steps,
            switches=engine.switches,
            failures=tuple(WorkerFailure(index, exc, text) for index, exc, text in engine.failures),
            deadlock=engine.deadlock,
            fingerprint=fingerprint(engine.identities),
            timed_out=engine.timed_out,
            detached=engine.detaches,
            workers=len(engine.workers),
            virtual_time=engine.now,
            strategy_detail=engine.strategy.describe(),
            external_operations=engine.external_ops,
            races=tuple(races),
            choices=tuple(strategy.choices),
            trace=recorder if keep_trace else None,
        )
