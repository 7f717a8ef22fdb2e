"""ADMF2xx: lock identity, the lock-order graph across modules, self-deadlock through calls,
declared order, acquire/release fixes, callbacks under locks; output of the two sides of a cycle."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from admf_tsan.lint.analysis.facts import SelfRef, decode_module, encode_module
from admf_tsan.lint.config import parse_table
from admf_tsan.lint.engine import analyse_project, extract_module, lint_source
from admf_tsan.lint.ftypes import Finding, LintConfig

from .conftest import CliResult

#: ADMF204 is opt-in: the tests of its findings select it.
ADMF204 = LintConfig(select=frozenset({"ADMF", "ADMF204"}))

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"


def lint_modules(modules: Mapping[str, str], **table: object) -> list[Finding]:
    """Lint several in-memory modules as one project (``{"pkg.mod": source}``)."""
    facts = [
        extract_module(source.encode(), name.replace(".", "/") + ".py", name)
        for name, source in modules.items()
    ]
    config = parse_table(table, root=Path("."), source="test") if table else LintConfig()
    return analyse_project(facts, config)


def codes(findings: list[Finding], prefix: str = "ADMF2") -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in findings if f.code.startswith(prefix)]


LEDGER = """
import threading
from shop import cache

LEDGER_LOCK = threading.Lock()

def post(entry):
    with LEDGER_LOCK:
        cache.invalidate(entry)

def balance():
    with LEDGER_LOCK:
        return 1
"""

CACHE = """
import threading
from shop.ledger import balance

CACHE_LOCK = threading.Lock()

def invalidate(entry):
    with CACHE_LOCK:
        pass

def total():
    with CACHE_LOCK:
        return balance()
"""


def test_ab_ba_across_two_modules_is_one_cycle_with_both_paths() -> None:
    findings = [
        f for f in lint_modules({"shop.ledger": LEDGER, "shop.cache": CACHE}) if f.code == "ADMF201"
    ]
    assert len(findings) == 1
    (finding,) = findings
    assert "`cache.CACHE_LOCK`" in finding.message and "`ledger.LEDGER_LOCK`" in finding.message
    sides = {r.message.split("]")[0] + "]" for r in finding.related}
    assert sides == {"[path 1]", "[path 2]"}
    steps = [(r.path, r.line) for r in finding.related]
    # Each side: where the outer lock is taken, the call made while holding it, the inner take.
    assert ("shop/ledger.py", 8) in steps and ("shop/ledger.py", 9) in steps
    assert ("shop/cache.py", 12) in steps and ("shop/cache.py", 13) in steps
    assert ("shop/cache.py", 8) in steps and ("shop/ledger.py", 12) in steps


def test_consistent_order_and_locks_of_unknown_class_are_not_reported() -> None:
    source = """
import threading

A = threading.Lock()
B = threading.Lock()

def one(x: threading.Lock, y):
    with x:
        with y:
            pass

def two(x: threading.Lock, y):
    with y:
        with x:
            pass

def three():
    with A:
        with B:
            pass

def four():
    with A:
        three_inner()

def three_inner():
    with B:
        pass
"""
    assert codes(lint_source(source)) == []


def test_cycle_of_three_lock_classes_is_reported_once() -> None:
    source = """
import threading
A = threading.Lock(); B = threading.Lock(); C = threading.Lock()

def ab():
    with A:
        with B: pass

def bc():
    with B:
        with C: pass

def ca():
    with C:
        with A: pass
"""
    findings = [f for f in lint_source(source) if f.code == "ADMF201"]
    assert len(findings) == 1
    assert "`example.A` -> `example.B` -> `example.C` -> `example.A`" in findings[0].message
    assert len(findings[0].related) == 6


def test_instances_of_one_class_share_a_lock_class() -> None:
    # lockdep semantics: two Accounts are one lock class, so Account -> Book -> Account through
    # different instances is still an inversion.
    source = """
import threading

class Account:
    def __init__(self):
        self._lock = threading.Lock()

    def credit(self, book: "Book"):
        with self._lock:
            book.add()

    def touch(self):
        with self._lock:
            pass

class Book:
    def __init__(self):
        self._lock = threading.Lock()

    def add(self):
        with self._lock:
            pass

    def settle(self, account: Account):
        with self._lock:
            account.touch()
"""
    assert [c for _, _, c in codes(lint_source(source))] == ["ADMF201"]


def test_self_deadlock_through_two_calls_and_an_attribute_receiver() -> None:
    source = """
import threading

class Feed:
    def __init__(self):
        self._lock = threading.Lock()

    def refresh(self):
        with self._lock:
            pass

class Service:
    def __init__(self):
        self.feed = Feed()

    def tick(self):
        with self.feed._lock:
            self._step()

    def _step(self):
        self.feed.refresh()
"""
    findings = [f for f in lint_source(source) if f.code == "ADMF203"]
    assert len(findings) == 1
    assert "`Service.tick()` holds `Feed._lock` and calls `Service._step()`" in findings[0].message
    assert [r.line for r in findings[0].related] == [17, 18, 21, 9]


def test_other_instance_of_the_same_class_is_not_a_self_deadlock() -> None:
    source = """
import threading

class Account:
    def __init__(self):
        self._lock = threading.Lock()

    def touch(self):
        with self._lock:
            pass

    def transfer(self, other: "Account"):
        with self._lock:
            other.touch()
"""
    assert [c for _, _, c in codes(lint_source(source))] == []


def test_recursive_calls_reach_a_fixed_point() -> None:
    source = """
import threading
LOCK = threading.Lock()

def ping(n):
    if n:
        pong(n - 1)

def pong(n):
    ping(n)
    with LOCK:
        pass

def entry():
    with LOCK:
        ping(3)
"""
    findings = [f for f in lint_source(source) if f.code == "ADMF203"]
    assert len(findings) == 1 and "entry()" in findings[0].message


def test_declared_order_matches_dotted_suffixes_and_only_declared_locks() -> None:
    findings = lint_modules(
        {"shop.ledger": LEDGER, "shop.cache": CACHE},
        **{"lock-order": ["shop.ledger.LEDGER_LOCK", "CACHE_LOCK"], "select": ["ADMF202"]},
    )
    assert [(f.path, f.line) for f in findings] == [("shop/cache.py", 13)]
    assert "declared before" in findings[0].message
    assert [r.line for r in findings[0].related] == [12, 13, 12]


def test_noqa_on_the_reported_line_suppresses_the_cycle() -> None:
    source = """
import threading
A = threading.Lock(); B = threading.Lock()

def one():
    with A:
        with B: pass

def two():
    with B:
        with A: pass
"""
    (finding,) = [f for f in lint_source(source) if f.code == "ADMF201"]
    lines = source.split("\n")
    lines[finding.line - 1] += "  # noqa: ADMF201"
    assert [f for f in lint_source("\n".join(lines)) if f.code == "ADMF201"] == []


def test_facts_with_lock_data_survive_the_cache_codec() -> None:
    source = (FIXTURES / "ADMF401_position_tracker.py").read_bytes()
    facts = extract_module(source, "tracker.py", "tracker")
    assert facts.guards == {
        "tracker.PositionTracker._fills": "_lock",
        "tracker.PositionTracker.updates": "none",
    }
    assert any(fn.accesses for fn in facts.functions)
    assert decode_module(encode_module(facts)) == facts
    bus = extract_module((FIXTURES / "ADMF205_event_bus.py").read_bytes(), "bus.py", "bus")
    assert decode_module(encode_module(bus)) == bus
    assert any(fn.dynamic_calls for fn in bus.functions)


def test_condition_built_on_a_lock_is_that_lock() -> None:
    facts = extract_module(
        (FIXTURES / "ADMF203_self_deadlock.py").read_bytes(), "deadlock.py", "deadlock"
    )
    assert facts.lock_aliases == {
        "deadlock.OrderBook._cond": SelfRef("deadlock.OrderBook", ("_lock",))
    }


def test_callbacks_under_lock_direct_passed_in_and_through_calls() -> None:
    source = (FIXTURES / "ADMF205_event_bus.py").read_text(encoding="utf-8")
    # Both rules are opt-in: the default selection reports neither.
    assert [f for f in lint_source(source) if f.code in ("ADMF205", "ADMF207")] == []
    # ADMF205 alone reports only the Lock a public method re-takes (subscribe/publish).
    alone = lint_source(source, config=LintConfig(select=frozenset({"ADMF", "ADMF205"})))
    assert [(f.line, f.code) for f in alone if f.code.startswith("ADMF20")] == [(18, "ADMF205")]
    selected = LintConfig(select=frozenset({"ADMF205", "ADMF207"}))
    findings = lint_source(source, config=selected)
    found = {(f.line, f.code) for f in findings if f.code in ("ADMF205", "ADMF207")}
    # Strategy's RLock cannot self-deadlock: the opt-in ADMF207, one finding for the lock's two
    # places (line 44 is listed in it).
    assert found == {(18, "ADMF205"), (40, "ADMF207")}
    through = next(f for f in findings if f.line == 40)
    assert "`Strategy.on_bar() -> Strategy._emit()`" in through.message
    assert "`Strategy._lock` is reentrant" in through.message
    assert "1 more call site calls unknown code under `Strategy._lock`: example.py:44" in (
        through.message
    )
    assert [r.line for r in through.related] == [38, 35, 44]
    direct = next(f for f in findings if f.line == 18)
    assert "a callback that calls `EventBus.publish()` waits for `EventBus._lock`" in direct.message


def test_a_default_bound_helper_is_not_a_callback() -> None:
    source = """
import os, threading
LOCK = threading.Lock()

def poll(pid, _waitpid=os.waitpid, on_done=None):
    with LOCK:
        _waitpid(pid, 0)
        on_done(pid)
"""
    selected = LintConfig(select=frozenset({"ADMF205"}))
    lines = [f.line for f in lint_source(source, config=selected) if f.code == "ADMF205"]
    assert lines == [8]


def test_fix_turns_acquire_release_into_a_with_block(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    source = (
        "import threading\n\nLOCK = threading.Lock()\nbook = []\n\n\n"
        "def add(order):\n    LOCK.acquire()\n    order.validate()\n\n"
        "    # keep the book sorted\n    book.append(order)\n    LOCK.release()\n"
        "    return len(book)\n"
    )
    root = project({"book.py": source})
    # Opt-in: the default selection and the family prefix leave the region alone.
    assert cli("book.py").code == 0
    assert cli("--select", "ADMF2", "book.py").code == 0
    assert cli("--select", "ADMF204", "book.py").code == 1
    result = cli("--select", "ADMF204", "--fix", "book.py")
    assert result.code == 0, result.out
    assert (root / "book.py").read_text(encoding="utf-8") == (
        "import threading\n\nLOCK = threading.Lock()\nbook = []\n\n\n"
        "def add(order):\n    with LOCK:\n        order.validate()\n\n"
        "        # keep the book sorted\n        book.append(order)\n    return len(book)\n"
    )
    assert cli("--select", "ADMF2,ADMF204", "book.py").code == 0


def test_no_fix_when_the_region_releases_early() -> None:
    findings = lint_source(
        (FIXTURES / "ADMF204_acquire_release.py").read_text(encoding="utf-8"), config=ADMF204
    )
    flagged = {f.line: f for f in findings if f.code == "ADMF204"}
    # 93 and 99: a call or a subscript between the acquire and the release can raise.
    assert set(flagged) == {10, 26, 47, 93, 99}
    assert flagged[10].fix is not None and flagged[47].fix is not None
    assert flagged[26].fix is None


def test_cycle_in_json_and_sarif_output(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {
            "shop/__init__.py": "",
            "shop/ledger.py": LEDGER,
            "shop/cache.py": CACHE,
        }
    )
    result = cli("--select", "ADMF201", "--format", "json", "shop")
    assert result.code == 1
    (finding,) = result.json()
    assert finding["code"] == "ADMF201"
    assert {r["path"] for r in finding["related"]} == {"shop/ledger.py", "shop/cache.py"}
    assert all(r["line"] > 0 and r["message"] for r in finding["related"])
    sarif = json.loads(cli("--select", "ADMF201", "--format", "sarif", "shop").out)
    (run,) = sarif["runs"]
    (sarif_result,) = run["results"]
    assert len(sarif_result["relatedLocations"]) == 6
    # One thread flow per side of the cycle, each walking its own acquisition path.
    flows = sarif_result["codeFlows"][0]["threadFlows"]
    assert len(flows) == 2
    for flow in flows:
        steps = flow["locations"]
        assert len(steps) == 3
        assert all(not s["location"]["message"]["text"].startswith("[path") for s in steps)
    uris = {
        step["location"]["physicalLocation"]["artifactLocation"]["uri"]
        for flow in flows
        for step in flow["locations"]
    }
    assert uris == {"shop/ledger.py", "shop/cache.py"}
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {"ADMF201", "ADMF202", "ADMF203", "ADMF204", "ADMF205", "ADMF206"} <= rule_ids


@pytest.mark.parametrize(
    "expr", ["threading.Lock()", "threading.RLock()", "threading.Condition()", "Lock()"]
)
def test_fresh_lock_in_with_resolves_aliases(expr: str) -> None:
    source = "import threading\nfrom threading import Lock\n\n"
    source += f"def f():\n    with {expr}:\n        pass\n"
    assert [f.code for f in lint_source(source) if f.code == "ADMF206"] == ["ADMF206"]


def test_acquire_without_release_leaves_signals_and_hand_offs_alone() -> None:
    source = """
import threading

def test_worker():
    finish = threading.Lock()
    finish.acquire()

    def worker():
        finish.acquire()
        finish.release()

    threading.Thread(target=worker).start()
    finish.release()

class Gate:
    def __init__(self):
        self.mutex = threading.Lock()
        self.waiting = 0

    def enter(self):
        self.mutex.acquire()
        self.waiting += 1
        if self.waiting == 2:
            return
        self.mutex.release()
"""
    found = [f for f in lint_source(source, config=ADMF204) if f.code == "ADMF204"]
    assert [f.line for f in found] == [21]
    assert found[0].fix is None  # a return leaves the lock held: not a safe rewrite


def test_locks_from_the_admf_tsan_factory_are_locks() -> None:
    source = """
from admf_tsan import ThreadSafetyFactory

class Portfolio:
    def __init__(self, factory: ThreadSafetyFactory):
        self._lock = factory.lock()

    def value(self):
        with self._lock:
            return self.total()

    def total(self):
        with self._lock:
            return 0

class Risk:
    def __init__(self):
        self._factory = ThreadSafetyFactory()
        self._lock = self._factory.rlock()

    def check(self):
        with self._lock:
            with self._lock:
                return 1
"""
    assert [(f.line, f.code) for f in lint_source(source) if f.code.startswith("ADMF2")] == [
        (10, "ADMF203")
    ]
