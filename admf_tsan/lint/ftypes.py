"""Plain value types of the linter: findings, related locations, fixes, configuration.

Every type here is a frozen dataclass: findings cross process boundaries, go into the cache and
are compared in tests, so they must be immutable and hashable.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Related:
    """A second location that explains a finding (a step of a call chain, the other lock path)."""

    path: str
    line: int
    column: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two (line, column) positions; both 1-based, end exclusive.

    ``start == end`` inserts. Columns count characters, not bytes.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe automatic fix: text edits plus modules that must be imported (``import asyncio``)."""

    description: str
    edits: tuple[Edit, ...]
    imports: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at one place.

    ``line``/``column`` are 1-based; ``column`` counts characters. ``related`` lists the other
    locations a reader needs (each step of a blocking call chain, both sides of a lock cycle).
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    end_line: int = 0
    end_column: int = 0
    related: tuple[Related, ...] = ()
    fix: Fix | None = field(default=None, compare=False)
    #: Set aside as a blocking call in a command-line module (``command-line-modules``): the
    #: chain rules decide it for each coroutine call before they group calls into one finding.
    aside: bool = field(default=False, compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of a finding (see docs/linter.md)."""
        return {
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "fixable": self.fixable,
            "related": [r.to_json() for r in self.related],
        }


#: Where command-line code lives, by default (``command-line-modules``): a module or package
#: named ``cli`` and a ``__main__`` module, at any depth (:func:`command_line_module`).
COMMAND_LINE_MODULES = ("cli", "__main__")


def command_line_module(module: str, patterns: tuple[str, ...]) -> bool:
    """Whether the dotted module name ``module`` matches one of ``patterns``: dotted-name globs
    (``fnmatch``, case-sensitive) matched against a run of the name's parts anywhere in it, so
    that ``cli`` matches ``cli``, ``pkg.cli`` and ``pkg.cli.run``, and ``app.commands`` matches
    ``app.commands.deploy``."""
    for pattern in patterns:
        if (
            fnmatch.fnmatchcase(module, pattern)
            or fnmatch.fnmatchcase(module, pattern + ".*")
            or fnmatch.fnmatchcase(module, "*." + pattern)
            or fnmatch.fnmatchcase(module, "*." + pattern + ".*")
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class LintConfig:
    """The ``[tool.admf-tsan]`` settings of one project, validated (see ``config.py``).

    ``select`` is ``None`` for every rule; codes may be prefixes (``ADMF1`` selects the family).
    ``per_file_ignores`` pairs a glob (matched against the path relative to ``root``) with codes.
    ``command_line_modules`` are dotted-name globs of the modules whose blocking-call findings
    are set aside (:func:`command_line_module`, :func:`admf_tsan.lint.engine.set_aside`).
    """

    root: str = "."
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    command_line_modules: tuple[str, ...] = COMMAND_LINE_MODULES
    exclude: tuple[str, ...] = ()
    lock_order: tuple[str, ...] = ()
    blocking_calls: tuple[str, ...] = ()
    async_safe: tuple[str, ...] = ()
    source: str | None = None
    #: Following calls into installed packages (docs/dependencies.md): the interpreter whose
    #: ``sys.path`` holds them (``None``: the one running the linter), whether to follow them, how
    #: many library modules one run may read, and what runs on the event loop without being a
    #: coroutine (decorators such as ``homeassistant.core.callback``; ``pkg.Base.method`` names).
    python_path: str | None = None
    follow_dependencies: bool = True
    dependency_budget: int = 400
    loop_decorators: tuple[str, ...] = ()
    loop_methods: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        """Whether ``code`` is selected and not ignored."""
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return self.select is None or any(code.startswith(prefix) for prefix in self.select)

    def analysis_key(self) -> str:
        """The settings that change facts or project findings (part of every cache key).

        ``select`` and ``ignore`` are in it because they change what blocks (an ignored ADMF1xx
        rule's calls do not, an opt-in rule's calls only when it is selected).
        """
        return repr(
            (
                None if self.select is None else sorted(self.select),
                sorted(self.ignore),
                self.lock_order,
                self.blocking_calls,
                self.async_safe,
                self.python_path,
                self.follow_dependencies,
                self.dependency_budget,
                self.loop_decorators,
                self.loop_methods,
            )
        )
