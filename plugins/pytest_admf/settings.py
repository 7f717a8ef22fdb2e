"""Options, ini keys and the ``admf_stress`` marker, parsed into frozen settings.

The option table and the parsers live here; ``plugin.py`` registers them (``add_options``) and
keeps the parsed ``StressSettings`` in ``config.stash[SETTINGS_KEY]``.

Every command-line option has an ini key of the same name (``admf_workers`` for
``--admf-workers``) that shares its help string; the command line wins over the ini file, and a
test's marker wins over both for that test.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pytest

__all__ = [
    "CONTEXT_NAMES",
    "MARKER_LINE",
    "SETTINGS_KEY",
    "MarkerError",
    "MarkerSettings",
    "StressSettings",
    "add_options",
    "item_marker",
    "marker_error",
    "marker_settings",
    "parse_contexts",
    "read_settings",
    "valid_item_marker",
]

CONTEXT_NAMES = ("single", "multi", "async")
"""The contexts a stressed test runs under, by the short name used in ids and options (the
``short`` of their ``ThreadingMode``; this module does not import admf_tsan, so that loading
the plugin stays cheap)."""

_SPELLINGS = {
    "single": "single",
    "single_threaded": "single",
    "multi": "multi",
    "multi_threaded": "multi",
    "async": "async",
}

MARKER_LINE = (
    "admf_stress(workers=None, iterations=None, contexts=None, races=None, race_ok=()): run "
    "this test under every ExecutionContext with --admf-stress (contexts: 'single,multi,async' "
    "or a list); workers, iterations and races override --admf-workers, --admf-iterations and "
    "--admf-races for this test; race_ok names locations ('Class.attr') whose data races are "
    "not reported."
)

RACE_POLICIES = ("default", "all", "off")

DEFAULT_WORKERS = 4
DEFAULT_ITERATIONS = 50
DEFAULT_TIMEOUT = 20.0


def _positive_int(name: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise pytest.UsageError(f"{name} must be a whole number, got {text!r}") from None
        if value < 1:
            raise pytest.UsageError(f"{name} must be at least 1, got {value}")
        return value

    return parse


def _seed(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise pytest.UsageError(f"--admf-seed must be an integer, got {text!r}") from None
    if value < 0:
        raise pytest.UsageError(f"--admf-seed must not be negative, got {value}")
    return value


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise pytest.UsageError(
            f"--admf-timeout must be a number of seconds, got {text!r}"
        ) from None
    if not value > 0:
        raise pytest.UsageError(f"--admf-timeout must be more than 0 seconds, got {text!r}")
    return value


def _races(text: str) -> str:
    value = text.strip().lower()
    if value not in RACE_POLICIES:
        raise pytest.UsageError(
            f"--admf-races must be one of {', '.join(RACE_POLICIES)}, got {text!r}"
        )
    return value


STRESS_SCOPES = ("marked", "all")


def _stress_scope(text: str) -> str | None:
    """``--admf-stress[=marked|all]`` / ini ``admf_stress``: which tests are stressed (None: off).

    The ini key also takes the old booleans (``true`` is ``marked``, ``false`` is off).
    """
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on", "marked"}:
        return "marked"
    if lowered == "all":
        return "all"
    if lowered in {"0", "false", "no", "off", ""}:
        return None
    raise pytest.UsageError(
        f"--admf-stress / admf_stress takes 'marked' (the default) or 'all', got {text!r}"
    )


def _names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.replace("\n", ",").split(",") if name.strip())
    for name in names:
        if not all(part.isidentifier() for part in name.split(".")):
            raise pytest.UsageError(
                f"--admf-include / admf_include takes import names (pkg or pkg.sub), got {name!r}"
            )
    return names


def parse_contexts(value: str | Sequence[object], *, source: str) -> tuple[str, ...]:
    """Return the context short names in ``value`` ("single,multi" or a list), in order.

    Accepts short names, ``ThreadingMode`` names (``"MULTI_THREADED"``) and members. Raises
    ValueError naming ``source`` and the accepted names when one is unknown or none is given.
    """
    items: list[object] = list(value.split(",") if isinstance(value, str) else value)
    names: list[str] = []
    for item in items:
        short = getattr(item, "short", None)  # a ThreadingMode member
        text = str(short if isinstance(short, str) else item).strip().lower()
        if not text:
            continue
        name = _SPELLINGS.get(text)
        if name is None:
            accepted = ", ".join(CONTEXT_NAMES)
            raise ValueError(f"{source}: unknown context {item!r}; use some of {accepted}")
        if name not in names:
            names.append(name)
    if not names:
        raise ValueError(f"{source}: name at least one context of {', '.join(CONTEXT_NAMES)}")
    return tuple(names)


def _contexts_option(text: str) -> tuple[str, ...]:
    try:
        return parse_contexts(text, source="--admf-contexts")
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


@dataclass(frozen=True)
class _Option:
    name: str
    help: str
    parse: Callable[[str], Any]
    default: Any
    metavar: str | None = None
    flag: bool = False

    @property
    def ini(self) -> str:
        return self.name.removeprefix("--").replace("-", "_")


_OPTIONS = (
    _Option(
        "--admf-stress",
        "run tests marked admf_stress once per execution context, repeatedly, under the "
        "controlled scheduler with the runtime checkers on; every thread, executor worker and "
        "task the test starts is a scheduled worker; --admf-stress=all stresses every test "
        "that starts a thread or a task, marked or not (a test that starts none runs once)",
        _stress_scope,
        None,
        "marked|all",
        flag=True,
    ),
    _Option(
        "--admf-contexts",
        "contexts to stress, comma separated (default: single,multi,async)",
        _contexts_option,
        CONTEXT_NAMES,
        "single,multi,async",
    ),
    _Option(
        "--admf-workers",
        f"concurrent workers per stress.run call (default: {DEFAULT_WORKERS})",
        _positive_int("--admf-workers"),
        DEFAULT_WORKERS,
        "N",
    ),
    _Option(
        "--admf-iterations",
        f"runs of each stressed test per context (default: {DEFAULT_ITERATIONS})",
        _positive_int("--admf-iterations"),
        DEFAULT_ITERATIONS,
        "N",
    ),
    _Option(
        "--admf-seed",
        "base seed: the first run of every stressed test uses it, later runs derive from it "
        "and the test's node id; the seed printed for a failing run replays that run "
        "(default: random, printed in the header)",
        _seed,
        None,
        "N",
    ),
    _Option(
        "--admf-timeout",
        "seconds one run of a stressed test may go without finishing before it fails as a "
        f"deadlock with the wait-for graph and every stack (default: {DEFAULT_TIMEOUT:g})",
        _timeout,
        DEFAULT_TIMEOUT,
        "SECONDS",
    ),
    _Option(
        "--admf-races",
        "happens-before data-race detection in MULTI_THREADED runs: 'default' fails a test on "
        "read-modify-write, check-then-act, torn-read and iteration races and notes plain flag "
        "races, 'all' fails on every race, 'off' turns the detector off (default: default)",
        _races,
        "default",
        "default|all|off",
    ),
    _Option(
        "--admf-include",
        "installed packages whose code gets switch points too, by import name, comma "
        "separated (the project's own package, from pyproject.toml, always does; the test "
        "files and code outside site-packages do by default)",
        _names,
        (),
        "PKG,...",
    ),
    _Option(
        "--admf-split",
        "split every stressed item's runs into N items of disjoint seed ranges "
        "(test_x[admf-multi-split2of4]) that pytest-xdist (-n) spreads over its workers; each "
        "failing seed replays on its own (default: 1, no split)",
        _positive_int("--admf-split"),
        1,
        "N",
    ),
    _Option(
        "--admf-report",
        "write one self-contained HTML page per explained failure into this directory "
        "(swimlanes of the minimized interleaving); the terminal summary links them",
        str,
        None,
        "DIR",
    ),
)

RACE_OK_HELP = (
    "locations whose data races are never reported, one per line (Class.attr or "
    "Class.container); a '# admf: race-ok' comment on either line of a race does the same"
)


def add_options(parser: pytest.Parser) -> None:
    """Register the ``admf`` option group and the ini key that mirrors each option."""
    group = parser.getgroup("admf", "admf-tsan stress testing")
    for option in _OPTIONS:
        dest = option.ini
        if option.flag:
            # ``--admf-stress`` alone means ``marked`` (pytest_load_initial_conftests spells
            # it out, so that a path after it is never taken for its value).
            group.addoption(
                option.name,
                nargs="?",
                const="marked",
                default=None,
                dest=dest,
                metavar=option.metavar,
                help=option.help,
            )
            parser.addini(dest, option.help, default=None)
        else:
            group.addoption(
                option.name, default=None, dest=dest, metavar=option.metavar, help=option.help
            )
            parser.addini(dest, option.help, default=None)
    parser.addini("admf_race_ok", RACE_OK_HELP, type="linelist", default=[])


@dataclass(frozen=True)
class StressSettings:
    """The session-wide stress settings (command line over ini over defaults).

    ``seed`` is the base seed; ``seed_given`` says whether the user chose it. ``scope`` is
    ``"marked"`` (only tests marked ``admf_stress``) or ``"all"`` (every test that starts a
    thread or a task); ``include`` names installed packages to schedule; ``split`` is how many
    items each stressed item's runs are split into (for pytest-xdist).
    """

    enabled: bool
    contexts: tuple[str, ...]
    workers: int
    iterations: int
    seed: int
    seed_given: bool
    timeout: float
    races: str = "default"
    report_dir: str | None = None
    race_ok: tuple[str, ...] = ()
    scope: str = "marked"
    include: tuple[str, ...] = ()
    split: int = 1


def read_settings(config: pytest.Config, random_seed: Callable[[], int]) -> StressSettings:
    """Read every option (command line first, then ini). Raises pytest.UsageError on bad values."""
    values: dict[str, Any] = {}
    given: dict[str, bool] = {}
    for option in _OPTIONS:
        raw = config.getoption(option.ini)
        if raw is not None:
            values[option.ini] = option.parse(raw)
            given[option.ini] = True
            continue
        ini_value = config.getini(option.ini)
        if ini_value not in (None, ""):
            values[option.ini] = option.parse(str(ini_value))
            given[option.ini] = True
        else:
            values[option.ini] = option.default
            given[option.ini] = False
    seed = values["admf_seed"]
    return StressSettings(
        enabled=values["admf_stress"] is not None,
        scope=values["admf_stress"] or "marked",
        include=values["admf_include"],
        split=values["admf_split"],
        contexts=values["admf_contexts"],
        workers=values["admf_workers"],
        iterations=values["admf_iterations"],
        seed=random_seed() if seed is None else seed,
        seed_given=seed is not None,
        timeout=values["admf_timeout"],
        races=values["admf_races"],
        report_dir=values["admf_report"],
        race_ok=tuple(str(line).strip() for line in config.getini("admf_race_ok") if line),
    )


@dataclass(frozen=True)
class MarkerSettings:
    """What one test's ``admf_stress`` marker asks for (None: use the session setting)."""

    workers: int | None = None
    iterations: int | None = None
    contexts: tuple[str, ...] | None = None
    races: str | None = None
    race_ok: tuple[str, ...] = ()

    def apply(self, settings: StressSettings) -> StressSettings:
        """The session settings with this marker's overrides; contexts are intersected."""
        contexts = settings.contexts
        if self.contexts is not None:
            contexts = tuple(name for name in settings.contexts if name in self.contexts)
        return replace(
            settings,
            workers=self.workers or settings.workers,
            iterations=self.iterations or settings.iterations,
            contexts=contexts,
            races=self.races or settings.races,
            race_ok=settings.race_ok + self.race_ok,
        )


SETTINGS_KEY = pytest.StashKey[StressSettings]()
"""Where the session's settings live: ``config.stash[SETTINGS_KEY]``."""


class MarkerError(ValueError):
    """A test's ``admf_stress`` marker has bad arguments; the message names the test and the fix.

    It fails that test only (the module's other tests still run), never the collection.
    """


def _marker_signature(
    workers: int | None = None,
    iterations: int | None = None,
    contexts: str | Sequence[object] | None = None,
    races: str | None = None,
    race_ok: str | Sequence[str] = (),
) -> None:
    """The marker's signature, used to bind and check its arguments."""


_SIGNATURE = inspect.signature(_marker_signature)


def marker_settings(mark: pytest.Mark, nodeid: str) -> MarkerSettings:
    """Parse an ``admf_stress`` marker. Raises MarkerError naming the test on bad input."""
    try:
        bound = _SIGNATURE.bind(*mark.args, **mark.kwargs)
    except TypeError as error:
        raise MarkerError(
            f"{nodeid}: bad @pytest.mark.{MARKER_LINE.split(':')[0]}: {error}"
        ) from None
    arguments = bound.arguments
    numbers: dict[str, int | None] = {}
    for key in ("workers", "iterations"):
        value = arguments.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise MarkerError(
                f"{nodeid}: admf_stress({key}={value!r}): "
                f"{key} must be a whole number of at least 1"
            )
        numbers[key] = value
    contexts = arguments.get("contexts")
    parsed: tuple[str, ...] | None = None
    if contexts is not None:
        try:
            parsed = parse_contexts(contexts, source=f"{nodeid}: admf_stress(contexts=...)")
        except ValueError as error:
            raise MarkerError(str(error)) from None
    races = arguments.get("races")
    if races is not None and races not in RACE_POLICIES:
        raise MarkerError(
            f"{nodeid}: admf_stress(races={races!r}): use one of {', '.join(RACE_POLICIES)}"
        )
    race_ok = arguments.get("race_ok", ())
    locations = (race_ok,) if isinstance(race_ok, str) else tuple(str(name) for name in race_ok)
    return MarkerSettings(numbers["workers"], numbers["iterations"], parsed, races, locations)


def item_marker(item: pytest.Item) -> MarkerSettings | None:
    """The parsed ``admf_stress`` marker of ``item``, or None when it has none.

    Raises MarkerError when its arguments are bad.
    """
    mark = item.get_closest_marker("admf_stress")
    return None if mark is None else marker_settings(mark, item.nodeid)


def marker_error(item: pytest.Item) -> str | None:
    """Why the ``admf_stress`` marker of ``item`` is bad, or None when it is fine or absent."""
    try:
        item_marker(item)
    except MarkerError as error:
        return str(error)
    return None


def valid_item_marker(item: pytest.Item) -> MarkerSettings | None:
    """Like ``item_marker``, but None for a bad marker too (the test's call reports it)."""
    try:
        return item_marker(item)
    except MarkerError:
        return None
