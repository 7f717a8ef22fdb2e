"""Edit latency: what a lint costs after editing one file of the CPython standard library.

Corpus: the standard library as ``bench_lint.py`` copies it (no ``site-packages``, no test
directories: 734 files, 327k lines on CPython 3.11.7), in a temporary directory. Each run is a
fresh ``admf-tsan lint`` process (interpreter start included); the figure is CPU time (user +
system of the process and its workers), the median of ``--repeat`` runs, because the wall time of
a shared machine is mostly other people's work.

* **cold**: no cache directory (one run);
* **warm, nothing changed**: the last result is printed;
* **one file edited**, sixteen kinds of edit, each made anew before every run:

  - *comment*: a comment appended to a leaf module (``colorsys.py``);
  - *unused function*: an ``async def`` nothing calls appended to ``asyncio/locks.py``;
  - *new call*: a function that calls another function of the module appended to ``colorsys.py``:
    a new edge of the call graph from a function nothing names, so the project rules run again
    only over the modules its calls can reach (here ``colorsys`` alone), for its lines;
  - *call in an existing function*: a call of ``colorsys._v`` (which does nothing a rule looks
    at) inserted at the top of ``colorsys.rgb_to_yiq``, which has callers; every later line moves;
  - *call removed from an existing function*: one of those calls taken out again (the oldest,
    and a numbered comment appended, so that no earlier run's stored result answers);
  - *line in an existing function*: an assignment inserted at the top of ``threading.setprofile``:
    every later line of ``threading.py`` moves, with the findings there and the lines their
    messages name;
  - *library call in an existing function*: a call of ``time.monotonic`` (``_time()``) inserted
    in ``threading.setprofile``, a library function known to do nothing a rule reads;
  - *library call removed from an existing function*: one of those calls taken out again (as
    for the call removed above);
  - *literal argument of a blocking call changed*: ``time.sleep(.01)`` in ``pydoc._start_server``
    given another literal: the call blocks as before (the same catalogue entry), which is all a
    rule reads of its literal arguments;
  - *log call in an existing method*: ``logger.debug(...)`` (``asyncio.log.logger``, bound to
    ``logging.getLogger``) inserted at the top of ``BaseEventLoop._check_closed``, which many
    coroutines call;
  - *other library call in an existing function*: ``_os.getpid()`` inserted in
    ``threading.setprofile``: a library function on neither list of known ones. In this corpus
    ``os`` is project code whose ``getpid`` comes from the interpreter's ``posix`` (a star
    import), so the name resolves to nothing; the catalogue has no entry for it and no string
    of the linter names it, so it changes nothing a caller reads (the project rules rerun over
    ``threading`` and ``os``);
  - *library call only a file rule's strings name, in an existing function*:
    ``_sys.exc_info()`` inserted in ``threading.setprofile``: only a file rule (ADMF303) reads
    ``exc_info``, and file rules are run again over the edited file, so it is handled as the
    call before;
  - *library call through an object, in an existing function*: ``_sys.stderr.flush()``
    inserted in ``threading.setprofile``: every object it goes through is a library's
    (``sys``, ``sys.stderr``, which the index gives no type), and no string of the linter names
    ``stderr`` or ``flush`` (the rules' examples, which say ``flush``, are not read), so it is
    handled as the call before (the project rules rerun over ``threading``);
  - *library write through an object, in an existing function*: ``_sys.stderr.write('')``
    inserted in ``threading.setprofile``: the linter's strings hold ``write``, but only as the
    kind of a state access, in catalogue names (``os.write``, ``ssl.SSLSocket.write``, which
    the classifier matches with a call's resolved name: ``sys.stderr`` has no type it knows),
    rule names and help texts, each reviewed (``REVIEWED_PARTS``), so it is handled as the
    call before;
  - *mute method through a project instance, in an existing function*:
    ``c.formatmonthname(...)`` inserted at the top of ``calendar.isleap`` (which has callers):
    ``c`` is a module variable holding an instance of a project class (``TextCalendar``),
    ``formatmonthname`` is the name of no property and in no string of the linter, and what it
    runs does nothing a rule reads, so it is handled as a call of a mute function by name (the
    project rules rerun over the modules the call names);
  - *call through a project object, in an existing function*: ``_main_thread.is_alive()``
    inserted in ``threading.setprofile``: ``_main_thread`` is an instance of a project class
    (``threading._MainThread``) whose ``is_alive`` reaches a lock and the thread's state:
    whether that changes a finding depends on ``setprofile``'s callers and the method's, over
    the whole call graph, so the whole project stage runs again over the cached facts (the
    fallback).

After the last run of each kind, a cold ``--no-cache`` run of the edited tree must print the same
findings, byte for byte (the table says whether it did). Before the timed runs of a kind, one
edit of it is linted in this process, untimed, to tell how it was handled (the project findings
kept, the project rules rerun over how many modules, or the full project stage). ruff
(``--select ASYNC``, its own cache) runs the same sequence next to it.

The child processes may write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped for them), as an
installed linter has it: otherwise every run compiles the linter again.

Run: ``python benchmarks/bench_lint_edit.py [--repeat N]`` (about eight minutes on two cores).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402
from bench_lint import copy_corpus, lines_of  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def cpu_run(command: list[str], cwd: Path) -> tuple[float, str]:
    """Run ``command``; its CPU seconds (user + system, workers included) and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=900, env=ENV, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout


def path_taken(work: Path) -> str:
    """How a run in this process (untimed, before the timed ones) handled the edit just made:
    ``LintStatistics`` says whether it kept the project findings, and over how many modules the
    project rules ran again."""
    from admf_tsan.lint.api import lint_paths
    from admf_tsan.lint.config import find_config

    previous = Path.cwd()
    os.chdir(work)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            stats = lint_paths(["lib"], find_config(work)).statistics
    finally:
        os.chdir(previous)
    if not stats.project_reused:
        return "full project stage"
    if not stats.project_rerun_modules:
        return "project findings kept"
    modules = "module" if stats.project_rerun_modules == 1 else "modules"
    return f"project findings kept, rules rerun over {stats.project_rerun_modules} {modules}"


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s"


def edits(corpus: Path) -> list[tuple[str, Callable[[int], None]]]:
    """The kinds of edit: (label, make edit number ``n``)."""

    def append(relative: str, text: str) -> Callable[[int], None]:
        def make(n: int) -> None:
            with (corpus / relative).open("a", encoding="utf-8") as handle:
                handle.write(text.format(n=n))

        return make

    def insert(relative: str, after: str, text: str) -> Callable[[int], None]:
        def make(n: int) -> None:
            path = corpus / relative
            source = path.read_text(encoding="utf-8")
            if after not in source:
                raise RuntimeError(f"{relative} has no {after!r} to insert after")
            path.write_text(source.replace(after, after + text.format(n=n), 1), encoding="utf-8")

        return make

    def remove(relative: str, pattern: str) -> Callable[[int], None]:
        # The last match (the oldest line), and a comment numbered ``n`` appended: the file
        # becomes one no earlier run saw (removing every line again would give back a file
        # whose result is stored).
        def make(n: int) -> None:
            path = corpus / relative
            source = path.read_text(encoding="utf-8")
            matches = list(re.finditer(pattern, source))
            if not matches:
                raise RuntimeError(f"{relative} has no {pattern!r} to remove")
            last = matches[-1]
            source = source[: last.start()] + source[last.end() :] + f"# removed {n}\n"
            path.write_text(source, encoding="utf-8")

        return make

    def substitute(relative: str, pattern: str, text: str) -> Callable[[int], None]:
        def make(n: int) -> None:
            path = corpus / relative
            source = path.read_text(encoding="utf-8")
            changed, count = re.subn(pattern, text.format(n=n), source, count=1)
            if not count:
                raise RuntimeError(f"{relative} has no {pattern!r} to change")
            path.write_text(changed, encoding="utf-8")

        return make

    return [
        ("comment", append("colorsys.py", "\n# edit {n}\n")),
        (
            "unused function",
            append("asyncio/locks.py", "\n\nasync def _bench_probe_{n}():\n    return None\n"),
        ),
        (
            "new call",
            append("colorsys.py", "\n\ndef _bench_gray_{n}(v):\n    return rgb_to_hsv(v, v, v)\n"),
        ),
        (
            "call in an existing function",
            insert("colorsys.py", "def rgb_to_yiq(r, g, b):\n", "    _v({n}, g, b)\n"),
        ),
        ("call removed from an existing function", remove("colorsys.py", r"    _v\(\d+, g, b\)\n")),
        (
            "line in an existing function",
            insert("threading.py", "    global _profile_hook\n", "    _bench_{n} = {n}\n"),
        ),
        (
            "library call in an existing function",
            insert("threading.py", "    global _profile_hook\n", "    _bench_{n} = _time()\n"),
        ),
        (
            "library call removed from an existing function",
            remove("threading.py", r"    _bench_\d+ = _time\(\)\n"),
        ),
        (
            "literal argument of a blocking call changed",
            substitute("pydoc.py", r"(?m)^( {8}time\.sleep\()\.\d+\)$", r"\g<1>.{n}1)"),
        ),
        (
            "log call in an existing method",
            insert(
                "asyncio/base_events.py",
                "    def _check_closed(self):\n",
                "        logger.debug('bench %s', {n})\n",
            ),
        ),
        (
            "other library call in an existing function",
            insert("threading.py", "    global _profile_hook\n", "    _os.getpid()\n"),
        ),
        (
            "library call only a file rule's strings name, in an existing function",
            insert("threading.py", "    global _profile_hook\n", "    _sys.exc_info()\n"),
        ),
        (
            "library call through an object, in an existing function",
            insert("threading.py", "    global _profile_hook\n", "    _sys.stderr.flush()\n"),
        ),
        (
            "library write through an object, in an existing function",
            insert("threading.py", "    global _profile_hook\n", "    _sys.stderr.write('')\n"),
        ),
        (
            "mute method through a project instance, in an existing function",
            insert(
                "calendar.py",
                '    """Return True for leap years, False for non-leap years."""\n',
                "    c.formatmonthname({n}, 1, 20)\n",
            ),
        ),
        (
            "call through a project object, in an existing function",
            insert("threading.py", "    global _profile_hook\n", "    _main_thread.is_alive()\n"),
        ),
    ]


def run(work: Path, repeat: int) -> str:
    corpus = work / "lib"
    files = copy_corpus(corpus)
    total_lines = lines_of(files)
    (work / "pyproject.toml").write_text("[tool.admf-tsan]\n")
    admf = [str(BIN / "admf-tsan"), "lint", "lib", "--exit-zero", "--format", "json"]
    ruff = [str(BIN / "ruff"), "check", "--select", "ASYNC", "--exit-zero", "-q", "lib"]

    cpu_run(admf, work)  # writes the linter's bytecode; its cache is removed below
    shutil.rmtree(work / ".admf-tsan-cache", ignore_errors=True)
    admf_cold, _ = cpu_run(admf, work)
    ruff_cold, _ = cpu_run([*ruff, "--no-cache"], work)
    cpu_run(ruff, work)  # fills ruff's cache
    rows = [("cold (no cache)", f"{admf_cold:.2f} s", f"{ruff_cold:.2f} s", "one run each")]

    warm = [cpu_run(admf, work)[0] for _ in range(repeat)]
    ruff_warm = [cpu_run(ruff, work)[0] for _ in range(repeat)]
    rows.append(("warm, nothing changed", median(warm), median(ruff_warm), "result reused"))

    number = 0
    for label, make in edits(corpus):
        ours, theirs = [], []
        output = ""
        number += 1
        make(number)
        taken = path_taken(work)
        for _ in range(repeat):
            number += 1
            make(number)
            seconds, output = cpu_run(admf, work)
            ours.append(seconds)
            theirs.append(cpu_run(ruff, work)[0])
        _, cold_output = cpu_run([*admf, "--no-cache"], work)
        same = "identical to" if cold_output == output else "DIFFERENT from"
        rows.append(
            (
                f"one file edited: {label}",
                median(ours),
                median(theirs),
                f"findings {same} a cold run; {taken}",
            )
        )

    table = "\n".join(f"| {run} | {ours} | {theirs} | {note} |" for run, ours, theirs, note in rows)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"""## Linter: edit latency on the standard library

Corpus: the CPython {sys.version.split()[0]} standard library without `site-packages` and test
directories ({len(files)} files, {total_lines} lines), copied to a temporary directory. CPU time
(user + system) of a fresh `admf-tsan lint lib` process, median of {repeat} runs, next to
`ruff check --select ASYNC` over the same tree with its cache (load average during this run:
{load}). Issue 13 asks for under 0.5 s after a one-file edit, with the same findings as a cold run.

| run | admf-tsan CPU | ruff CPU | note |
| --- | ---: | ---: | --- |
{table}

How an edit is handled: each file's facts are cached by content hash, and a run keeps a snapshot
of the project stage (the project rules' findings and what they read). When an edited file's facts
are unchanged for the project rules (a comment, a string, an expression the facts do not record,
a function nothing can name that calls nothing), the project findings are reused and only the
file's own findings and `noqa` lines are replaced: the cost is that of a warm run plus one
extraction. When the edit adds or removes an *isolated* function that calls (*new call*: a
module-level sync function nothing names, whose callees reach only functions that take no lock
and touch no shared state), the project rules run again only over the modules its calls can
reach, and only that function's findings are taken from there. When the edit stays inside
existing functions and the file's facts are the same once line numbers are taken out, but for
calls of *mute* functions added or removed (*call in an existing function*, *call removed from an
existing function*, *line in an existing function*: project functions that, down to the last one
they reach, are sync and take no lock, touch no shared state, await nothing, hand nothing over and
call only project functions by name or methods nothing overrides; *library call in an existing
function*, *library call removed from an existing function*, *log call in an existing method*:
library functions known to do nothing a rule reads, such as clocks, `math`, `print` and logging
calls; *other library call in an existing function*, *library call through an object*, *library
write through an object*: a library function that the catalogue does not list and no string of
the linter names (but for uses reviewed not to single out a call), called by name or through
library objects, whose source the dependency analysis finds blocks nowhere below where it can
read it; *mute method through a project instance*: a method of a project class called
through an instance a module variable holds or a local was made by, no property's name and in
no string of the linter, that does nothing a rule reads), or for calls whose literal arguments
changed
and which block as before (*literal argument of a blocking call changed*), the previous project
findings are kept at the lines the edit moved them to (a number in a message is moved when the
finding gives that line as a location), after the project rules ran again over the modules the
changed calls name, before and after the edit, and agreed (see `admf_tsan/lint/incremental.py`
and the cache section of `docs/lint-architecture.md`; *library call only a file rule's strings
name* is one of these: file rules read only their own file, rebuilt with it). Any other edit
(*call through a project object* of a method that takes a lock and touches state) runs the
project stage (index, call graph, fixed points) again over the cached facts of every file.
ruff has no cross-file analysis to redo.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-lint-edit-"))
    try:
        markdown = run(work, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_section("lint-edit", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
