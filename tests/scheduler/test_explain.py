"""Explained failures: shrinking a failing schedule, classifying the bug, the text and the page."""

from __future__ import annotations

import dis
from collections.abc import Sequence
from html.parser import HTMLParser
from types import FrameType, SimpleNamespace

import pytest

from admf_tsan.scheduler import ControlledScheduler
from admf_tsan.scheduler._access import access_table
from admf_tsan.scheduler._explain import explain, shrink_schedule
from admf_tsan.scheduler._html import render_report
from admf_tsan.scheduler._record import Choice
from admf_tsan.scheduler._replay import deviations

from ._corpus_runs import first_failure, run_scenario, threaded_patterns

pytestmark = pytest.mark.timeout(180)

PATTERNS = {pattern["name"]: pattern for pattern in threaded_patterns()}
# pattern -> (kinds accepted, text the explanation must contain)
EXPECTED = {
    "lost_update": ({"lost update"}, "BuggyHitCounter.hits"),
    "dict_read_modify_write": ({"lost update"}, "BuggyPositionBook.positions['ES']"),
    "lazy_init": ({"check-then-act"}, "BuggyBrokerClient._session"),
    "balance_check": ({"lost update", "check-then-act"}, "BuggyAccount.balance"),
    "iteration_during_mutation": ({"iteration during mutation"}, "BuggyOrderBook._orders"),
    "torn_read": ({"torn read"}, "BuggyQuote."),
    "double_start": ({"check-then-act"}, "BuggyFeedHandler.running"),
    "list_append_index": ({"atomicity violation"}, "BuggyRegistry.items"),
    "handler_list_mutation": ({"iteration during mutation"}, "BuggyEventBus._handlers"),
    "condition_if_wait": ({"check-then-act"}, "BuggyJobQueue._items"),
    "lock_order_inversion": ({"deadlock cycle"}, "Account.lock"),
    "publish_under_lock": ({"deadlock cycle"}, "RiskManager._lock"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_failure_is_shrunk_classified_and_named(name: str) -> None:
    pattern = PATTERNS[name]
    seed, strategy, failed = first_failure(pattern, range(1, 101))
    wanted = failed.signature

    def still_fails(choices: Sequence[Choice]) -> bool:
        return run_scenario(pattern, "buggy", seed, replay=choices).signature == wanted

    shrunk, replays = shrink_schedule(failed.report.choices, still_fails)
    replayed = run_scenario(pattern, "buggy", seed, replay=shrunk)
    assert replayed.signature == wanted
    assert replayed.report.trace is not None
    worker = replayed.report.failures[0].worker if replayed.report.failures else None
    explanation = explain(
        replayed.report.trace,
        deadlock=replayed.report.deadlock is not None,
        error=replayed.error,
        failed_worker=worker,
        original=failed.report.choices,
        shrunk=shrunk,
        replays=replays,
    )
    kinds, location = EXPECTED[name]
    text = explanation.text()
    assert explanation.kind in kinds, text
    assert location in text
    assert explanation.preemptions <= explanation.original_preemptions
    assert explanation.steps and all(step.site is not None for step in explanation.steps)
    module_file = f"{pattern['module']}.py:"
    assert any(module_file in step.site.text() for step in explanation.steps if step.site)
    assert any(step.key for step in explanation.steps)
    if wanted != "deadlock":
        assert explanation.failing_site is not None
        assert "failing check:" in text
    # machinery never shows
    assert "admf_tsan" not in text and "pytest_admf" not in text


def test_deadlock_explanation_names_locks_where_taken_and_where_waiting() -> None:
    pattern = PATTERNS["lock_order_inversion"]
    seed, _, failed = first_failure(pattern, range(1, 101))
    replayed = run_scenario(pattern, "buggy", seed, replay=failed.report.choices)
    assert replayed.report.trace is not None
    explanation = explain(replayed.report.trace, deadlock=True)
    took = [line for line in explanation.detail if " took Account.lock #" in line]
    waits = [line for line in explanation.detail if " waits for Account.lock #" in line]
    assert len(took) == 2 and len(waits) == 2, explanation.detail
    assert all("lock_order_inversion.py:" in line for line in took + waits)
    assert all("held by worker" in line for line in waits)


def test_replay_of_recorded_choices_reproduces_the_run() -> None:
    pattern = PATTERNS["lost_update"]
    seed, strategy, failed = first_failure(pattern, range(1, 101))
    for choices in (failed.report.choices, deviations(failed.report.choices)):
        again = run_scenario(pattern, "buggy", seed, replay=choices)
        assert again.report.steps == failed.report.steps
        assert again.report.switches == failed.report.switches
        assert str(again.error) == str(failed.error)


def test_shrink_schedule_finds_the_one_needed_choice() -> None:
    choices = [Choice(0, step, 1, preemptive=True) for step in range(1, 41)]
    needed = choices[17]

    def still_fails(subset: Sequence[Choice]) -> bool:
        return needed in subset

    shrunk, replays = shrink_schedule(choices, still_fails)
    assert shrunk == [needed]
    assert replays < 60


def test_shrink_schedule_keeps_everything_when_replay_never_fails() -> None:
    choices = [Choice(0, 1, 1, preemptive=True)]
    shrunk, replays = shrink_schedule(choices, lambda subset: False)
    assert shrunk == choices and replays == 2


def test_access_table_sees_through_copy_and_swap() -> None:
    def bump(self: SimpleNamespace) -> None:
        self.hits += 1

    table = access_table(bump.__code__)
    ops = {ins.offset: ins.opname for ins in dis.get_instructions(bump)}
    kinds = sorted(
        (ops[offset], spec.kind, spec.target.name)
        for offset, specs in table.items()
        for spec in specs
    )
    assert ("LOAD_ATTR", "read", "self") in kinds
    assert ("STORE_ATTR", "write", "self") in kinds


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.lanes = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        if tag == "th" and values.get("class") == "lane":
            self.lanes += 1


def test_html_report_is_self_contained_with_one_lane_per_worker() -> None:
    pattern = PATTERNS["publish_under_lock"]
    seed, _, failed = first_failure(pattern, range(1, 101))
    replayed = run_scenario(pattern, "buggy", seed, replay=failed.report.choices)
    assert replayed.report.trace is not None
    explanation = explain(replayed.report.trace, deadlock=True)
    page = render_report(
        title="publish_under_lock", explanation=explanation, trace=replayed.report.trace, replay="x"
    )
    parser = _Page()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "http://" not in page and "https://" not in page
    assert parser.lanes == 2  # one lane per worker
    assert any("key" in (attrs.get("class") or "") for _, attrs in parser.tags)
    assert any((attrs.get("class") or "") == "bar" for _, attrs in parser.tags)  # locks held
    assert "RiskManager._lock" in page and "publish_under_lock.py:" in page


def test_record_true_keeps_a_trace_with_sites() -> None:
    scheduler = ControlledScheduler(3, strategy="random", record=True)

    class Counter:
        def __init__(self) -> None:
            self.value = 0

    counter = Counter()

    def bump() -> None:
        counter.value += 1

    with scheduler.patch_primitives():
        report = scheduler.run([bump, bump])
    assert report.trace is not None
    labels = {(event.kind, event.label) for event in report.trace.events}
    assert ("read", "Counter.value") in labels and ("write", "Counter.value") in labels
    assert all(event.site is not None for event in report.trace.events)


def test_lost_wake_up_is_named() -> None:
    import threading

    scheduler = ControlledScheduler(0, replay=[])  # worker 0 runs first, to its end
    with scheduler.patch_primitives():

        class Mailbox:
            def __init__(self) -> None:
                self.ready = threading.Condition()

        box = Mailbox()

        def announcer() -> None:
            with box.ready:
                box.ready.notify()  # nobody waits yet: this notify is lost

        def waiter() -> None:
            with box.ready:
                box.ready.wait()

        report = scheduler.run([announcer, waiter], timeout=30)
    assert report.deadlock is not None and report.trace is not None
    explanation = explain(report.trace, deadlock=True)
    assert explanation.kind == "lost wake-up", explanation.text()
    assert "Mailbox.ready" in explanation.summary


def test_an_interrupted_run_still_leaves_its_report_and_choices() -> None:
    import signal

    class Interrupted(Exception):
        pass

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted

    spinning = {"go": True}

    def spin() -> None:
        while spinning["go"]:
            pass

    scheduler = ControlledScheduler(1, strategy="random")
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with scheduler.patch_primitives(), pytest.raises(Interrupted):
            scheduler.run([spin, spin], timeout=30)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        spinning["go"] = False
    assert len(scheduler.reports) == 1
    assert scheduler.reports[0].choices  # what a caller replays to explain the failure
