"""The ``admf-tsan`` command: a thin dispatcher to each tool's own command line."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence

# subcommand -> ("module:function", one-line help). Each function takes the arguments after the
# subcommand and returns the process exit status. Imports happen on use, so `admf-tsan lint`
# never imports the runtime checker and vice versa.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("admf_tsan.lint.cli:lint_main", "check code for lock-order and blocking-call bugs"),
    "rules": ("admf_tsan.lint.cli:rules_main", "list the linter's rules"),
    "explain": ("admf_tsan.lint.cli:explain_main", "show the documentation of one rule"),
    # Through the scheduler, which adds its race detector (--races) to the runtime's command.
    "run": (
        "admf_tsan.scheduler._program:run_main",
        "run a Python script with the runtime checkers on",
    ),
}

USAGE = """\
usage: admf-tsan <command> [options]

Concurrency toolkit for code that mixes threads, processes and asyncio.

commands:
{commands}

Run `admf-tsan <command> --help` for the options of one command.
"""


def _usage() -> str:
    width = max(map(len, SUBCOMMANDS))
    lines = [f"  {name.ljust(width)}  {help_}" for name, (_, help_) in SUBCOMMANDS.items()]
    return USAGE.format(commands="\n".join(lines))


def _load(target: str) -> Callable[[list[str]], int]:
    module_name, _, function_name = target.partition(":")
    function: Callable[[list[str]], int] = getattr(
        importlib.import_module(module_name), function_name
    )
    return function


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``admf-tsan`` console script."""
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        # The reader went away (`admf-tsan lint | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _dispatch(args: list[str]) -> int:
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0 if args else 2
    if args[0] == "--version":
        from admf_tsan import __version__

        print(f"admf-tsan {__version__}")
        return 0
    command, rest = args[0], args[1:]
    if command not in SUBCOMMANDS:
        print(f"admf-tsan: unknown command {command!r}\n", file=sys.stderr)
        print(_usage(), file=sys.stderr)
        return 2
    return _load(SUBCOMMANDS[command][0])(rest)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
