"""The engine of the controlled scheduler: one worker runs at a time, and it decides who is next.

Every worker is a real thread, but only the worker that holds the *turn* runs code under test.
The others are parked on their own gate (a raw ``_thread`` lock). At a switch point the running
worker asks the strategy who goes next; if that is another worker it hands the turn over and
parks. A worker that would block on a modeled primitive is marked blocked and parked; a change
to that primitive marks it runnable again. When no worker can run and some wait with a timeout,
virtual time jumps to the earliest deadline; when none waits with a timeout, that is a deadlock,
reported at once with the wait-for graph and the stacks.

A worker that blocks in something the scheduler does not model (a real socket, a lock created
before patching) stops making progress while it holds the turn. A monitor thread notices (within
tens of milliseconds when Linux reports the thread asleep in the kernel, else after
``block_timeout`` seconds), *detaches* that worker (it runs free until its next switch point,
where it queues for the turn again) and hands the turn to another worker, so the run goes on.

All engine and modeled-primitive state is guarded by one real lock, ``STATE``; it is held only
for short bookkeeping, never while code under test runs.
"""

from __future__ import annotations

import _thread
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from types import CodeType, FrameType
from typing import Any

from admf_tsan.sync._thread_start import start_unwatched_thread

from ._access import access_table
from ._record import Recorder
from ._report import deadlock_report
from ._state import (
    REAL_MONOTONIC,
    REAL_THREAD_JOIN,
    STATE,
    ScheduleAborted,
    Worker,
    WorkerState,
)
from ._strategy import Strategy
from ._trace import code_identity, shared_access_mask

# A stalled run (nobody runnable, but detached workers or outside threads might still wake
# someone) is declared deadlocked after this many block timeouts without any progress.
STALL_FACTOR = 4

# The monitor of unmodeled blocking looks this often, and lets a worker go after
# QUICK_BLOCK_TICKS looks in a row that find it asleep in the kernel without progress for at
# least QUICK_BLOCK_SECONDS (Linux), or after block_timeout without progress anywhere.
MONITOR_TICK = 0.01
QUICK_BLOCK_SECONDS = 0.03
QUICK_BLOCK_TICKS = 3

# After an abort, how long run() waits for the workers to unwind.
UNWIND_SECONDS = 2.0

_MISSING: Any = object()


class Engine:
    """One run of a set of workers under one strategy (used by ControlledScheduler.run)."""

    def __init__(
        self,
        *,
        seed: int,
        strategy: Strategy,
        include: Callable[[str], bool],
        granularity: str,
        block_timeout: float,
        recorder: Recorder | None = None,
    ) -> None:
        self.seed = seed
        # Records shared accesses and synchronizations for explanations and race detection.
        self.recorder = recorder
        self.strategy = strategy
        self.include = include
        self.granularity = granularity
        self.block_timeout = block_timeout
        self.workers: list[Worker] = []
        self.by_ident: dict[int, Worker] = {}
        self.running: Worker | None = None
        self.steps = 0
        self.switches = 0
        self.progress = 0
        self.now = 0.0
        self.aborting = False
        self.finished = False
        self.deadlock: str | None = None
        self.timed_out = False
        self.external_ops = 0
        self._external_at_jump = 0
        self.detaches = 0
        self.failures: list[tuple[int, BaseException, str]] = []
        self.identities: set[str] = set()
        self._code_masks: dict[CodeType, bytearray | None] = {}
        # Per code object: whether a primitive operation it calls is a switch point (_primitives).
        self.op_callers: dict[CodeType, int] = {}
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._monitor_stop = _thread.allocate_lock()
        self._monitor_stop.acquire()
        self._monitor_done = _thread.allocate_lock()

    # -- running -------------------------------------------------------------------------

    def execute(self, fns: Sequence[Callable[[], object]], timeout: float) -> None:
        """Run ``fns`` as workers until all finish, a deadlock, or ``timeout`` seconds."""
        __tracebackhide__ = True  # machinery: an interruption points at the caller
        with STATE:
            for fn in fns:
                worker = self._add_worker_locked(fn, adopted=False)
                if self.recorder is not None:
                    self.recorder.start(None, worker)
        for worker in list(self.workers):
            self._start_thread(worker)
        self._monitor_done.acquire()
        # The monitor is machinery: thread-start hooks (AUTO_DETECT, the ThreadDetector) must
        # not count it as a thread of the code under test.
        start_unwatched_thread(self._monitor, ())
        try:
            with STATE:
                self._dispatch_locked()
            try:
                finished = self._done.acquire(timeout=timeout)
            except BaseException:
                # Interrupted (KeyboardInterrupt, pytest-timeout's signal): unwind the workers
                # instead of leaving them parked for the rest of the process.
                with STATE:
                    self._abort_reporting("the run was interrupted")
                self._join_workers()
                raise
            if not finished:
                with STATE:
                    self.timed_out = True
                    self._abort_reporting(f"no finish within {timeout:g} s")
            self._join_workers()
        finally:
            self._monitor_stop.release()
            self._monitor_done.acquire(timeout=UNWIND_SECONDS)

    def _abort_reporting(self, reason: str) -> None:
        """Abort with the wait-for report; abort anyway when building it is interrupted (a
        deadline signal arriving meanwhile), or the parked workers would stay parked for the
        rest of the process."""
        text = reason
        try:
            text = deadlock_report(self, reason)
        finally:
            self._abort_locked(text)

    def _add_worker_locked(self, fn: Callable[[], object], *, adopted: bool) -> Worker:
        worker = Worker(len(self.workers), fn, adopted=adopted)
        self.workers.append(worker)
        self.strategy.add_worker(worker.index)
        return worker

    def _start_thread(self, worker: Worker) -> None:
        thread = threading.Thread(
            target=self.worker_main,
            args=(worker,),
            name=f"admf-worker-{worker.index}",
            daemon=True,
        )
        worker.thread = thread
        thread.start()

    def _join_workers(self) -> None:
        deadline = REAL_MONOTONIC() + UNWIND_SECONDS
        for worker in list(self.workers):
            thread = worker.thread
            if thread is not None and not worker.adopted:
                REAL_THREAD_JOIN(thread, max(0.0, deadline - REAL_MONOTONIC()))

    def worker_main(self, worker: Worker) -> None:
        """The body of a worker's thread: wait for the turn, run traced, report, finish."""
        worker.ident = _thread.get_ident()
        worker.native_id = threading.get_native_id()
        with STATE:
            self.by_ident[worker.ident] = worker
        worker.gate.acquire()
        try:
            if not self.aborting:
                sys.settrace(self._make_tracer(worker))
                try:
                    worker.fn()
                finally:
                    sys.settrace(None)
        except ScheduleAborted:
            pass
        except BaseException as exc:  # noqa: B036 - a worker's failure of any kind is reported
            # From the worker's own code down: this frame is scheduler machinery.
            below = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
            text = "".join(traceback.format_exception(type(exc), exc, below))
            self.failures.append((worker.index, exc, text))
        finally:
            self._finish(worker)

    def _finish(self, worker: Worker) -> None:
        with STATE:
            if self.recorder is not None:
                self.recorder.finish(worker)
            worker.state = WorkerState.DONE
            worker.waiting_for = None
            self.progress += 1
            self._wake_locked(worker)
            if all(w.state is WorkerState.DONE for w in self.workers):
                self._complete_locked()
                return
            if self.aborting:
                return
            if self.running is worker or self.running is None:
                self.running = None
                self._dispatch_locked()

    def _complete_locked(self) -> None:
        if not self.finished:
            self.finished = True
            self._done.release()
        STATE.notify_all()

    # -- tracing -------------------------------------------------------------------------

    def _make_tracer(self, worker: Worker) -> Callable[[FrameType, str, Any], Any]:
        include = self.include
        masks = self._code_masks
        identities = self.identities
        switch = self.trace_switch
        by_opcode = self.granularity == "opcode"
        recorder = self.recorder

        def local_for(mask: bytearray, code: CodeType) -> Callable[[FrameType, str, Any], Any]:
            if by_opcode and recorder is not None:
                table = access_table(code)
                record = recorder.access

                def local(frame: FrameType, event: str, arg: Any) -> Any:
                    if event == "opcode":
                        lasti = frame.f_lasti
                        if mask[lasti]:
                            switch(worker)
                        specs = table.get(lasti)
                        if specs is not None:
                            for spec in specs:
                                record(worker, frame, spec)
                    return local

            elif by_opcode:

                def local(frame: FrameType, event: str, arg: Any) -> Any:
                    if event == "opcode" and mask[frame.f_lasti]:
                        switch(worker)
                    return local

            else:

                def local(frame: FrameType, event: str, arg: Any) -> Any:
                    if event == "line":
                        switch(worker)
                    return local

            return local

        def global_trace(frame: FrameType, event: str, arg: Any) -> Any:
            if event != "call":
                return None
            code = frame.f_code
            mask = masks.get(code, _MISSING)
            if mask is _MISSING:
                if include(code.co_filename):
                    # A private copy per run: an abort sets every byte so that a worker that
                    # keeps running (a spin loop) reaches a switch point and unwinds.
                    mask = bytearray(shared_access_mask(code))
                    identities.add(code_identity(code))
                else:
                    mask = None
                masks[code] = mask
            if mask is None:
                return None
            if by_opcode:
                frame.f_trace_opcodes = True
                frame.f_trace_lines = False
            return local_for(mask, code)

        return global_trace

    def trace_switch(self, worker: Worker) -> None:
        """A switch point reached by tracing (before a shared-memory instruction or a line)."""
        if self.aborting:
            # Unwind a worker that keeps running after an abort (a spin loop, say).
            raise ScheduleAborted
        if worker.state is WorkerState.RELEASED:
            sys.settrace(None)
            return
        # ``with STATE`` spelled out: this is the hot path of every switch point.
        state = STATE
        ident = _thread.get_ident()
        if state.holder == ident:
            return
        cond = state.cond
        cond.acquire()
        state.holder = ident
        try:
            self.switch_locked(worker)
        finally:
            state.holder = 0
            cond.release()

    # -- scheduling core (all with STATE held) ----------------------------------------------

    def switch_locked(self, worker: Worker) -> None:
        """One switch point of ``worker``: maybe hand the turn to another worker and park."""
        self.progress += 1
        if worker.state is WorkerState.DETACHED:
            self._reattach_locked(worker)
            return
        if self.running is not worker or self.aborting:
            return
        self.steps += 1
        runnable = [w.index for w in self.workers if w.state is WorkerState.RUNNABLE]
        chosen = self.strategy.pick(worker.index, runnable, self.steps)
        if chosen != worker.index:
            self.running = self.workers[chosen]
            self.switches += 1
            self._give_turn(self.running)
            self._park_locked(worker)

    def pass_locked(self, worker: Worker) -> None:
        """An operation of ``worker`` that is not a switch point: progress, and reattaching.

        A detached worker (it ran free through an unmodeled block) must still queue for the
        turn before it touches modeled state.
        """
        self.progress += 1
        if worker.state is WorkerState.DETACHED:
            self._reattach_locked(worker)

    def _reattach_locked(self, worker: Worker) -> None:
        worker.state = WorkerState.RUNNABLE
        if self.running is None and not self.aborting:
            self.running = worker
            return
        self._park_locked(worker)

    def _give_turn(self, worker: Worker) -> None:
        if worker.parked:
            worker.parked = False
            worker.gate.release()

    def _park_locked(self, worker: Worker) -> None:
        if self.aborting:
            # The abort already opened every gate it found closed: a worker that would park
            # now (a detached one coming back) would wait for a turn that never comes.
            raise ScheduleAborted
        worker.parked = True
        STATE.release_for(worker.gate.acquire)
        if self.aborting:
            raise ScheduleAborted

    def _runnable_locked(self) -> list[int]:
        return [w.index for w in self.workers if w.state is WorkerState.RUNNABLE]

    def _dispatch_locked(self) -> None:
        """Nobody holds the turn: give it to the strategy's choice, advance time, or give up."""
        if self.aborting or self.finished:
            return
        runnable = self._runnable_locked()
        if runnable:
            self.running = self.workers[self.strategy.pick(None, runnable, self.steps)]
            self._give_turn(self.running)
            return
        if all(w.state is WorkerState.DONE for w in self.workers if not w.adopted) and not any(
            w.state is WorkerState.DETACHED for w in self.workers
        ):
            # Only adopted threads are left, all blocked: background threads waiting for work
            # that will not come. The run is over; they go on as ordinary threads.
            for worker in self.workers:
                if worker.state is WorkerState.BLOCKED:
                    worker.state = WorkerState.RELEASED
                    worker.waiting_for = None
                    self._give_turn(worker)
            self.running = None
            self._complete_locked()
            return
        # A worker running free in an unmodeled call, or a thread outside the run that used
        # modeled primitives since time last jumped, may still wake the waiters in real time:
        # virtual time waits for the monitor's stall period before it jumps to the first deadline.
        outside = self.external_ops != self._external_at_jump or any(
            w.state is WorkerState.DETACHED for w in self.workers
        )
        if not outside and self._advance_time_locked():
            return
        self.running = None
        if all(w.state is WorkerState.DONE for w in self.workers):
            self._complete_locked()
            return
        if (
            self.external_ops
            or STATE.outside_waiters
            or any(w.state is WorkerState.DETACHED for w in self.workers)
        ):
            return  # stalled: the monitor decides when this becomes a deadlock
        self._abort_locked(deadlock_report(self, "every worker is blocked"))

    def _advance_time_locked(self) -> bool:
        """Wake the blocked worker with the earliest virtual deadline, moving time there."""
        timed = [
            w for w in self.workers if w.state is WorkerState.BLOCKED and w.deadline is not None
        ]
        if not timed:
            return False
        first = min(timed, key=lambda w: (w.deadline, w.index))
        assert first.deadline is not None
        self.now = max(self.now, first.deadline)
        self._external_at_jump = self.external_ops
        first.timed_out = True
        self._make_runnable(first)
        self.running = first
        self._give_turn(first)
        return True

    def _make_runnable(self, worker: Worker) -> None:
        worker.state = WorkerState.RUNNABLE
        worker.waiting_for = None
        worker.deadline = None

    def block_locked(self, worker: Worker, waitable: object, deadline: float | None) -> bool:
        """Park ``worker`` until ``waitable`` changes; False when virtual ``deadline`` passed.

        Raises ScheduleAborted when the run is aborted meanwhile (this wait may be the one
        that completes a deadlock).
        """
        if self.aborting:
            raise ScheduleAborted
        if deadline is not None and deadline <= self.now:
            return False
        if self.recorder is not None:
            self.recorder.sync(worker, "block", waitable)
        worker.state = WorkerState.BLOCKED
        worker.waiting_for = waitable
        worker.deadline = deadline
        worker.timed_out = False
        self.progress += 1
        if self.running is worker:
            self.running = None
            self._dispatch_locked()
        if self.aborting:
            raise ScheduleAborted
        if worker.state is WorkerState.RELEASED:
            return True
        if self.running is not worker:
            self._park_locked(worker)
            if worker.released:
                return True  # the run ended: the caller re-checks, then waits for real
        if (
            self.recorder is not None
            and isinstance(waitable, Worker)
            and waitable.state is WorkerState.DONE
        ):
            self.recorder.joined(worker, waitable)  # a join returned: it saw the child end
        timed_out = worker.timed_out
        worker.timed_out = False
        return not timed_out

    def _wake_locked(self, waitable: object) -> None:
        woke = False
        for worker in self.workers:
            if worker.state is WorkerState.BLOCKED and worker.waiting_for is waitable:
                self._make_runnable(worker)
                woke = True
        if woke and self.running is None:
            self._dispatch_locked()

    def wake_locked(self, waitable: object) -> None:
        """``waitable`` changed: its blocked workers become runnable (they re-check)."""
        self.progress += 1
        self._wake_locked(waitable)

    def note_external_locked(self) -> None:
        """A thread outside the run touched a modeled primitive: deadlocks need a grace time."""
        if not self.aborting and not self.finished:
            self.external_ops += 1
            self.progress += 1

    # -- adopted threads ---------------------------------------------------------------------

    def adopt_locked(self, fn: Callable[[], object]) -> Worker:
        """Register a thread started by a worker as a new worker (it waits for its turn)."""
        child = self._add_worker_locked(fn, adopted=True)
        if self.recorder is not None:
            self.recorder.start(self.by_ident.get(_thread.get_ident()), child)
        return child

    # -- aborting and reports ---------------------------------------------------------------

    def _abort_locked(self, text: str) -> None:
        if self.aborting:
            return
        self.aborting = True
        self.deadlock = text
        self.running = None
        for mask in list(self._code_masks.values()):
            if mask is not None:
                mask[:] = b"\x01" * len(mask)
        for worker in self.workers:
            self._give_turn(worker)
        if not self.finished:
            self.finished = True
            self._done.release()
        STATE.notify_all()

    # -- the monitor of unmodeled blocking ---------------------------------------------------

    def _monitor(self) -> None:
        interval = min(max(self.block_timeout / 5.0, 0.002), MONITOR_TICK)
        quick = min(self.block_timeout, QUICK_BLOCK_SECONDS)
        last_progress = -1
        last_change = REAL_MONOTONIC()
        asleep = 0
        try:
            while not self._monitor_stop.acquire(timeout=interval):
                with STATE:
                    if self.finished or self.aborting:
                        continue
                    now = REAL_MONOTONIC()
                    if self.progress != last_progress:
                        last_progress = self.progress
                        last_change = now
                        asleep = 0
                        continue
                    idle = now - last_change
                    running = self.running
                    if running is not None and running.state is WorkerState.RUNNABLE:
                        # Asleep in the kernel (not computing, not waiting for a CPU) tick
                        # after tick: blocked in a call the scheduler does not model, no need
                        # to wait for the whole block_timeout.
                        if idle >= quick and thread_is_asleep(running.native_id):
                            asleep += 1
                        else:
                            asleep = 0
                        if idle >= self.block_timeout or asleep >= QUICK_BLOCK_TICKS:
                            asleep = 0
                            running.state = WorkerState.DETACHED
                            self.detaches += 1
                            self.running = None
                            self.progress += 1
                            self._dispatch_locked()
                    elif running is None and idle >= self.block_timeout * STALL_FACTOR:
                        if self._advance_time_locked():
                            # Nothing from outside woke a waiter in real time: its timeout.
                            self.progress += 1
                            continue
                        self._abort_locked(
                            deadlock_report(
                                self, f"no progress for {idle:.1f} s and no worker can run"
                            )
                        )
        finally:
            self._monitor_done.release()


def thread_is_asleep(native_id: int) -> bool:
    """True when the kernel says the thread sleeps (Linux ``/proc``; False where unknown).

    A thread blocked in a system call (a lock, a socket) sleeps; one computing, or runnable but
    waiting for a CPU, does not.
    """
    if not native_id:
        return False
    try:
        with open(f"/proc/self/task/{native_id}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    end = data.rfind(b")")
    return end != -1 and data[end + 2 : end + 3] in (b"S", b"D")
