"""``admf-tsan run``: run a Python program with every runtime checker on.

    admf-tsan run [options] script.py [args...]
    admf-tsan run [options] -m package.module [args...]

The program runs in this process as ``__main__`` (like ``python script.py``), with the same
``sys.path[0]`` as python gives it: the script's directory, or the working directory for
``-m``. At exit the report is printed to stderr. Exit status: the program's own status when
nothing was found; 3 when a violation was found (and the program itself exited 0); 4 when the
watchdog found a deadlock or a stall and ended the process instead of letting it hang; 2 on a
usage error, or when the module given to ``-m`` cannot be found or imported (nothing ran, so
there is no report).

``--races`` runs the program under the controlled scheduler with the happens-before race
detector on: its main code and every thread it starts run one at a time, switched where a
seeded strategy says (``--seed``), and every data race is reported, even one that did not strike
in this run (exit 3 when one that breaks invariants was found). The main code then runs in a
worker thread, not the process's main thread, and sleeps are virtual. The scheduler builds on
the runtime, not the other way round: the ``admf-tsan run`` command enters through
``admf_tsan.scheduler``, which passes its runner in as ``races_runner``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import runpy
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from admf_tsan.errors import AdmfTsanError
from admf_tsan.runtime._checking import checking
from admf_tsan.runtime._findings import CheckReport
from admf_tsan.runtime._watchdog import DeadlockReport

__all__ = ["EXIT_DEADLOCK", "EXIT_USAGE", "EXIT_VIOLATIONS", "run_main"]

EXIT_VIOLATIONS = 3
EXIT_DEADLOCK = 4
EXIT_USAGE = 2


class RaceRunner(Protocol):
    """Runs the program under a race detector (``admf_tsan.scheduler`` provides one)."""

    @property
    def failing(self) -> Sequence[object]:
        """The races that make the exit status 3."""
        ...

    def patched(self) -> AbstractContextManager[None]:
        """What must be in force around the checkers while the program runs."""
        ...

    def run(self, program: Callable[[], None]) -> None:
        """Run ``program``; raise what ended it."""
        ...

    def text(self) -> str:
        """The race report."""
        ...


class _CannotRun(Exception):
    """The module given to ``-m`` cannot be found or imported: nothing of the program ran."""


def _check_module(name: str) -> None:
    """Find ``name`` the way ``python -m`` does (a package runs its ``__main__``).

    Raises _CannotRun with a message that names the module and the cause.
    """
    try:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            main = importlib.util.find_spec(f"{name}.__main__")
            if main is None:
                raise _CannotRun(
                    f"{name!r} is a package without a __main__ module; it cannot be run with -m"
                )
    except _CannotRun:
        raise
    except Exception as error:  # what importing a parent package raised
        raise _CannotRun(
            f"cannot import {name!r}: {type(error).__name__}: {error}"
            f" (sys.path[0] is {sys.path[0]!r})"
        ) from error
    if spec is None:
        raise _CannotRun(
            f"no module named {name!r} (looked in the working directory {os.getcwd()!r} and "
            "sys.path)"
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="admf-tsan run",
        description="Run a Python program with the runtime concurrency checkers on "
        "(lock order, blocking calls on event loops, deadlock watchdog, thread affinity).",
        epilog="Exit status: the program's; 3 if violations were found; 4 if the watchdog "
        "ended a deadlocked or stalled program; 2 on usage errors.",
    )
    parser.add_argument("-m", dest="module", metavar="MODULE", help="run a module as a script")
    parser.add_argument(
        "--raise",
        dest="raise_on_violation",
        action="store_true",
        help="raise each violation where it happens instead of only reporting it",
    )
    parser.add_argument(
        "--no-lock-order",
        dest="lock_order",
        action="store_false",
        help="turn off the lock-order validator",
    )
    parser.add_argument(
        "--no-blocking",
        dest="blocking",
        action="store_false",
        help="turn off the blocking-call detector",
    )
    parser.add_argument(
        "--no-watchdog",
        dest="watchdog",
        action="store_false",
        help="turn off the deadlock watchdog",
    )
    parser.add_argument(
        "--deadlock-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="seconds without progress before the watchdog reports a stall and "
        "ends the program (wait cycles are reported at once; default 30)",
    )
    parser.add_argument("--report", metavar="FILE", help="also write the report to FILE")
    parser.add_argument(
        "--races",
        action="store_const",
        const="default",
        help="run under the controlled scheduler with the happens-before race detector",
    )
    parser.add_argument(
        "--all-races",
        dest="races",
        action="store_const",
        const="all",
        help="like --races, and plain flag races count as failures too",
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N", help="the scheduler's seed with --races"
    )
    parser.add_argument("script", nargs="?", help="the script to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program")
    return parser


def _emit(report_text: str, path: str | None) -> None:
    sys.stderr.write(report_text + "\n")
    sys.stderr.flush()
    if path:
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(report_text + "\n")


def _join_non_daemon_threads() -> None:
    """What the interpreter does at exit, done while the checkers still watch."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon and thread.is_alive():
            thread.join()


def run_main(
    argv: Sequence[str], races_runner: Callable[[int, str], RaceRunner] | None = None
) -> int:
    """Entry point of ``admf-tsan run``; returns the exit status (see the module docstring).

    ``races_runner(seed, policy)`` makes the runner for ``--races``; without one, ``--races``
    is a usage error.
    """
    parser = _parser()
    try:
        options = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if options.module is None and options.script is None:
        parser.print_usage(sys.stderr)
        print("admf-tsan run: error: give a script to run (or -m MODULE)", file=sys.stderr)
        return EXIT_USAGE
    if options.module is not None and options.script is not None:
        options.args.insert(0, options.script)
    if options.module is None and not os.path.isfile(options.script):
        print(f"admf-tsan run: error: no such file {options.script!r}", file=sys.stderr)
        return EXIT_USAGE
    if not options.deadlock_timeout > 0:
        print("admf-tsan run: error: --deadlock-timeout must be positive", file=sys.stderr)
        return EXIT_USAGE

    holder: list[CheckReport] = []

    def on_deadlock(deadlock: DeadlockReport) -> None:
        report = holder[0]
        _emit(report.format(), options.report)
        sys.stderr.write(
            f"admf-tsan run: the watchdog ended the program ({deadlock.kind}); exit status "
            f"{EXIT_DEADLOCK}\n"
        )
        sys.stderr.flush()
        os._exit(EXIT_DEADLOCK)

    saved_argv, saved_path = list(sys.argv), list(sys.path)
    # What python puts first on sys.path: the working directory for -m, the script's
    # directory for a script (not the directory of the admf-tsan executable).
    if options.module is not None:
        first = os.getcwd()
    else:
        first = os.path.dirname(os.path.abspath(options.script))
    if sys.path:
        sys.path[0] = first
    else:
        sys.path.insert(0, first)
    status = 0
    cannot_run: _CannotRun | None = None
    races: RaceRunner | None = None
    if options.races:
        if races_runner is None:
            print("admf-tsan run: error: --races needs the scheduler's runner", file=sys.stderr)
            return EXIT_USAGE
        races = races_runner(options.seed, options.races)
    try:
        with (
            races.patched() if races is not None else contextlib.nullcontext(),
            checking(
                raise_on_violation=options.raise_on_violation,
                lock_order=options.lock_order,
                blocking=options.blocking,
                watchdog=options.watchdog,
                deadlock_timeout=options.deadlock_timeout,
                on_deadlock=on_deadlock,
            ) as report,
        ):
            holder.append(report)

            def program() -> None:
                if options.module is not None:
                    _check_module(options.module)
                    sys.argv = [options.module, *options.args]
                    runpy.run_module(options.module, run_name="__main__", alter_sys=True)
                else:
                    sys.argv = [options.script, *options.args]
                    runpy.run_path(options.script, run_name="__main__")
                _join_non_daemon_threads()

            try:
                if races is not None:
                    races.run(program)
                else:
                    program()
            except _CannotRun as error:
                cannot_run = error
            except SystemExit as exit_:
                status = _exit_status(exit_.code)
            except BaseException:
                import traceback

                traceback.print_exc()
                status = 1
            finally:
                sys.argv = saved_argv
                sys.path[:] = saved_path
    except AdmfTsanError:
        # --raise: a violation raised in one of the program's threads is raised again when
        # the checking block ends; it is in the report printed below.
        pass
    report = holder[0]
    if cannot_run is not None:
        print(f"admf-tsan run: error: {cannot_run}", file=sys.stderr)
        return EXIT_USAGE
    _emit(report.format(), options.report)
    if races is not None:
        _emit(races.text(), None)
        if races.failing and status == 0:
            return EXIT_VIOLATIONS
    if not report.ok and status == 0:
        return EXIT_VIOLATIONS
    return status


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
