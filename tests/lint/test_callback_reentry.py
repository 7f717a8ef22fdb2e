"""ADMF205 names, as the re-entry a callback would deadlock in, a public function that takes
the lock itself before one that reaches it only through calls: a chain can pass a condition the
analysis does not follow (held-out waitress 3.0.2 trigger.py:106 named a wrapper that calls
``pull_trigger()`` without the argument under which ``pull_trigger()`` takes the lock)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from admf_tsan.lint.api import lint_paths
from admf_tsan.lint.ftypes import LintConfig

SOURCE = """
import threading


class Bell:
    def __init__(self):
        self.pump = Pump()

    def ring(self):
        self.pump.pull()


class Pump:
    def __init__(self):
        self.lock = threading.Lock()
        self.thunks = []

    def pull(self, thunk=None):
        if thunk:
            with self.lock:
                self.thunks.append(thunk)

    def handle(self):
        with self.lock:
            for thunk in self.thunks:
                thunk()
            self.thunks = []
"""


def test_the_reentry_named_takes_the_lock_itself(tmp_path: Path) -> None:
    path = tmp_path / "pump.py"
    path.write_text(textwrap.dedent(SOURCE).lstrip(), encoding="utf-8")
    report = lint_paths(
        [path],
        LintConfig(root=str(tmp_path), select=frozenset({"ADMF205"})),
        use_cache=False,
        jobs=1,
    )
    found = [f for f in report.findings if f.code == "ADMF205"]
    assert [(f.line, f.code) for f in found] == [(25, "ADMF205")]
    # ``Bell.ring()`` comes first by name but reaches the lock only through ``pull()``.
    assert "a callback that calls `Pump.handle()` waits for `Pump.lock`" in found[0].message
