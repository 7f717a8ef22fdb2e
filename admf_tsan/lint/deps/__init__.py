"""Following calls into installed dependencies and pure-Python standard-library modules.

``locate`` finds a dotted name's source file in an interpreter's ``sys.path``; ``flow`` keeps the
branch structure of a library function, so that a chain is reported only when the project's
arguments take it; ``store`` is the user-level cache shared by every project; ``summaries``
computes the blocking chains of the library functions a project's coroutines reach (a project
fact, read by ADMF125 and ADMF126), with its parts in private modules: ``_chains`` (the chain
and finding types), ``_library`` (the lazily read library index and its budget), ``_results``
(the per-call result cache) and ``_loop_roots`` (sync functions a marker puts on the loop).
"""

from admf_tsan.lint.deps.locate import Environment, InterpreterError, ModuleSource
from admf_tsan.lint.deps.summaries import DependencyBlocking, DependencyChain

__all__ = [
    "DependencyBlocking",
    "DependencyChain",
    "Environment",
    "InterpreterError",
    "ModuleSource",
]
