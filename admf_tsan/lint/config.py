"""Read and validate ``[tool.admf-tsan]`` from pyproject.toml.

Every problem is a :class:`ConfigError` whose message names the file, the key and what is wrong;
the CLI turns it into exit status 2.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from admf_tsan.catalogue import BLOCKING_PRESETS
from admf_tsan.lint.ftypes import COMMAND_LINE_MODULES, LintConfig
from admf_tsan.lint.rules import RULES_BY_CODE

KNOWN_KEYS = (
    "select",
    "ignore",
    "per-file-ignores",
    "command-line-modules",
    "exclude",
    "lock-order",
    "blocking-calls",
    "blocking-presets",
    "async-safe",
    "python-path",
    "follow-dependencies",
    "dependency-budget",
    "loop-decorators",
    "loop-methods",
)

_CODE_SHAPED = re.compile(r"[A-Za-z]+[0-9]+")


class ConfigError(ValueError):
    """The configuration (file or command line) is invalid; the message says where and why."""


def _rule_names() -> dict[str, str]:
    """Rule name -> code (``blocking-sleep`` -> ``ADMF101``)."""
    return {rule.name: code for code, rule in RULES_BY_CODE.items()}


def close_matches(word: str) -> list[str]:
    """Rule codes and names that look like ``word`` (a typo), best first.

    A code-shaped word (``ADFM101``) is compared with codes, strictly (``ADMF999`` suggests
    nothing); anything else with rule names.
    """
    wanted = word.strip()
    if _CODE_SHAPED.fullmatch(wanted):
        return difflib.get_close_matches(wanted.upper(), list(RULES_BY_CODE), n=3, cutoff=0.8)
    return difflib.get_close_matches(wanted.lower(), list(_rule_names()), n=3, cutoff=0.6)


def unknown_rule_message(words: Iterable[str]) -> str:
    """``unknown rule code 'X'`` (or ``name``) for every word, with close matches."""
    parts = []
    for word in words:
        kind = "code" if _CODE_SHAPED.fullmatch(word.strip()) else "name"
        part = f"{kind} {word!r}"
        quoted = [repr(suggestion) for suggestion in close_matches(word)]
        if quoted:
            listed = ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]
            part += f" (did you mean {listed}?)"
        parts.append(part)
    return f"unknown rule {', '.join(parts)}; run `admf-tsan rules` for the list"


def validate_codes(codes: Iterable[str], where: str) -> frozenset[str]:
    """Normalise rule codes, code prefixes and rule names to codes or prefixes.

    ``blocking-sleep`` becomes ``ADMF101``, ``admf1`` becomes ``ADMF1``, ``ALL`` becomes
    ``ADMF``. Raises :class:`ConfigError` naming every unknown code or name, with close matches.
    """
    names = _rule_names()
    result = set()
    unknown = []
    for raw in codes:
        word = str(raw).strip()
        if not word:
            continue
        code = names.get(word.lower(), word.upper())
        if code == "ALL":
            code = "ADMF"
        if not any(known.startswith(code) for known in RULES_BY_CODE):
            unknown.append(word)
        result.add(code)
    if unknown:
        raise ConfigError(f"{where}: {unknown_rule_message(unknown)}")
    return frozenset(result)


def _string_list(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings, got {value!r}")
    return tuple(value)


def parse_table(table: Mapping[str, Any], *, root: Path, source: str) -> LintConfig:
    """Build a :class:`LintConfig` from the ``[tool.admf-tsan]`` table of ``source``."""
    where = f"{source} [tool.admf-tsan]"
    unknown = sorted(set(table) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {', '.join(map(repr, unknown))}; "
            f"known keys are {', '.join(KNOWN_KEYS)}"
        )
    select = None
    if "select" in table:
        select = validate_codes(_string_list(table, "select", where), f"{where} select")
    ignore = validate_codes(_string_list(table, "ignore", where), f"{where} ignore")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}: `per-file-ignores` must be a table of glob = [codes]")
    per_file_ignores = tuple(
        (
            str(pattern),
            validate_codes(
                _string_list(per_file, pattern, f"{where} per-file-ignores"),
                f"{where} per-file-ignores {pattern!r}",
            ),
        )
        for pattern in per_file
    )
    return LintConfig(
        root=str(root),
        select=select,
        ignore=ignore,
        per_file_ignores=per_file_ignores,
        command_line_modules=(
            _module_globs(_string_list(table, "command-line-modules", where), where)
            if "command-line-modules" in table
            else COMMAND_LINE_MODULES
        ),
        exclude=_string_list(table, "exclude", where),
        lock_order=_string_list(table, "lock-order", where),
        blocking_calls=(
            *_string_list(table, "blocking-calls", where),
            *_preset_calls(_string_list(table, "blocking-presets", where), where),
        ),
        async_safe=_string_list(table, "async-safe", where),
        source=source,
        **_dependency_settings(table, root, where),
    )


_MODULE_GLOB = re.compile(r"[A-Za-z0-9_*?\[\]!-]+(\.[A-Za-z0-9_*?\[\]!-]+)*")


def _module_globs(patterns: tuple[str, ...], where: str) -> tuple[str, ...]:
    """``command-line-modules``: dotted module-name globs (``cli``, ``app.commands``,
    ``*_cli``); a path (``app/cli.py``) is an error that says how to write it."""
    for pattern in patterns:
        if not _MODULE_GLOB.fullmatch(pattern) or pattern.endswith(".py"):
            hint = pattern.removesuffix(".py").strip("/").replace("/", ".").removesuffix(".*")
            raise ConfigError(
                f"{where}: `command-line-modules` takes dotted module names or globs of them "
                f"(`cli`, `app.commands`), not {pattern!r}"
                + (f"; did you mean {hint!r}?" if _MODULE_GLOB.fullmatch(hint or "-/") else "")
            )
    return patterns


def _dependency_settings(table: Mapping[str, Any], root: Path, where: str) -> dict[str, Any]:
    """``python-path``, ``follow-dependencies``, ``dependency-budget``, ``loop-*`` (validated)."""
    settings: dict[str, Any] = {
        "loop_decorators": _string_list(table, "loop-decorators", where),
        "loop_methods": _string_list(table, "loop-methods", where),
    }
    python = table.get("python-path")
    if python is not None:
        if not isinstance(python, str) or not python:
            raise ConfigError(f"{where}: `python-path` must be a path to an interpreter")
        path = Path(python).expanduser()
        settings["python_path"] = str(path if path.is_absolute() else root / path)
    follow = table.get("follow-dependencies", True)
    if not isinstance(follow, bool):
        raise ConfigError(f"{where}: `follow-dependencies` must be true or false, got {follow!r}")
    settings["follow_dependencies"] = follow
    budget = table.get("dependency-budget", 400)
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 0:
        raise ConfigError(
            f"{where}: `dependency-budget` must be a number of library modules, got {budget!r}"
        )
    settings["dependency_budget"] = budget
    return settings


def _preset_calls(names: Iterable[str], where: str) -> tuple[str, ...]:
    """The blocking calls of the named presets (``blocking-presets``), in order."""
    calls: list[str] = []
    for name in names:
        preset = BLOCKING_PRESETS.get(name)
        if preset is None:
            close = difflib.get_close_matches(name, list(BLOCKING_PRESETS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(
                f"{where}: unknown blocking preset {name!r}{hint}; "
                f"known presets are {', '.join(sorted(BLOCKING_PRESETS))}"
            )
        calls.extend(call for call in preset if call not in calls)
    return tuple(calls)


def load_config_file(path: Path) -> LintConfig:
    """Read ``path`` (a pyproject.toml, or a TOML file holding the settings at top level)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    tool = data.get("tool", {})
    if isinstance(tool, dict) and "admf-tsan" in tool:
        table = tool["admf-tsan"]
    elif path.name == "pyproject.toml":
        table = {}
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.admf-tsan] must be a table")
    return parse_table(table, root=path.resolve().parent, source=str(path))


def find_config(start: Path) -> LintConfig:
    """The configuration of the nearest pyproject.toml with ``[tool.admf-tsan]`` above ``start``.

    Without one, defaults rooted at the nearest directory holding a pyproject.toml or ``.git``,
    else at ``start`` itself.
    """
    start = start.resolve()
    fallback_root: Path | None = None
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except OSError as error:
                raise ConfigError(f"{candidate}: cannot read it: {error.strerror}") from None
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
                raise ConfigError(f"{candidate}: not valid TOML: {error}") from None
            tool = data.get("tool", {})
            if not isinstance(tool, dict):
                raise ConfigError(f"{candidate}: `tool` must be a table, got {tool!r}")
            if "admf-tsan" in tool:
                return load_config_file(candidate)
            fallback_root = fallback_root or directory
        elif (directory / ".git").exists():
            fallback_root = fallback_root or directory
    return LintConfig(root=str(fallback_root or start))


def with_overrides(
    config: LintConfig,
    *,
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    extend_exclude: Iterable[str] = (),
    python: str | None = None,
    command_line_modules: Iterable[str] | None = None,
) -> LintConfig:
    """Apply command-line options on top of the file's settings (command line wins).

    ``python`` (``--python``) must name an existing interpreter: a missing one is a
    :class:`ConfigError` (exit 2).
    """
    changes: dict[str, Any] = {}
    if python is not None:
        if not Path(python).exists():
            raise ConfigError(f"--python {python}: no such interpreter")
        changes["python_path"] = str(Path(python).absolute())
    if config.python_path is not None and python is None and not Path(config.python_path).exists():
        raise ConfigError(
            f"{config.source} [tool.admf-tsan]: python-path {config.python_path}: "
            "no such interpreter"
        )
    if select is not None:
        changes["select"] = validate_codes(select, "--select")
    extra = validate_codes(extend_select, "--extend-select")
    if extra:
        # Every rule ("ADMF") stands for the default selection, so that an opt-in code named
        # here is added to it rather than lost in "select everything".
        base = changes.get("select", config.select)
        changes["select"] = (base if base is not None else frozenset({"ADMF"})) | extra
    if ignore:
        changes["ignore"] = config.ignore | validate_codes(ignore, "--ignore")
    if extend_exclude:
        changes["exclude"] = (*config.exclude, *extend_exclude)
    if command_line_modules is not None:
        changes["command_line_modules"] = _module_globs(
            tuple(command_line_modules), "--command-line-modules"
        )
    return replace(config, **changes) if changes else config
