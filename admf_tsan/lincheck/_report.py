"""The failure message: scenario table, results, why no order fits, interleaving, replay."""

from __future__ import annotations

from collections.abc import Sequence

from ._checker import Verdict
from ._history import HistoryEntry
from ._runs import Interleaving, Run
from ._scenario import Scenario

__all__ = ["describe_failure"]


def _cell(entry: HistoryEntry | None) -> str:
    if entry is None:
        return ""
    result = "(never returned)" if entry.outcome is None else f"-> {entry.outcome}"
    return f"{entry.operation} {result}"


def _phrase(entry: HistoryEntry) -> str:
    return "never returned" if entry.outcome is None else entry.outcome.phrase()


def scenario_table(history: Sequence[HistoryEntry], threads: int) -> list[str]:
    """The scenario with results: prefix and suffix lines around one column per thread."""
    prefix = [e for e in history if e.part == "prefix"]
    suffix = [e for e in history if e.part == "suffix"]
    columns = [
        [e for e in history if e.part == "parallel" and e.thread == t] for t in range(threads)
    ]
    used = [t for t in range(threads) if columns[t]]
    lines = []
    if prefix:
        lines.append("  prefix (sequential): " + "; ".join(_cell(e) for e in prefix))
    if used:
        headers = [f"thread {t}" for t in used]
        rows = max(len(columns[t]) for t in used)
        cells = [
            [_cell(columns[t][row] if row < len(columns[t]) else None) for t in used]
            for row in range(rows)
        ]
        widths = [max(len(headers[i]), *(len(r[i]) for r in cells)) for i in range(len(used))]

        def line(values: Sequence[str]) -> str:
            return (
                "  | " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"
            )

        lines.append(line(headers))
        lines.append(line(["-" * w for w in widths]))
        lines.extend(line(row) for row in cells)
    else:
        lines.append("  (the parallel part is empty)")
    if suffix:
        lines.append("  suffix (sequential): " + "; ".join(_cell(e) for e in suffix))
    return lines


def event_order(history: Sequence[HistoryEntry]) -> str:
    """The run's invoke/response events in the order they happened."""
    events: list[tuple[int, str]] = []
    for entry in history:
        events.append((entry.invoked, f"{entry.who} {entry.operation} starts"))
        if entry.responded is not None:
            events.append((entry.responded, f"{entry.who} {entry.operation} -> {entry.outcome}"))
    return ", ".join(text for _, text in sorted(events))


def describe_failure(
    scenario: Scenario,
    run: Run,
    verdict: Verdict | None,
    *,
    interleavings: int,
    threads: int,
    explanation: Sequence[str] = (),
    interleaving: Interleaving | None = None,
) -> str:
    """The whole NotLinearizable message for ``run`` of ``scenario``.

    ``explanation`` is the explained interleaving (see ``_explain.py``); ``run`` is then the
    replay it explains and ``interleaving`` the seeded run it replayed (default: ``run``'s).
    """
    interleaving = interleaving if interleaving is not None else run.interleaving
    if verdict is None:
        headline = "operations never returned, so no sequential order of the model explains the run"
    else:
        headline = (
            "history is not linearizable: no sequential order of the model explains the results"
        )
    lines = [headline, "", "scenario (shrunk by hypothesis) with the results observed:"]
    lines.extend(scenario_table(run.history, threads))
    lines += ["", "order of events: " + event_order(run.history), ""]
    if run.stuck is not None:
        lines.append(run.stuck)
    if verdict is not None:
        if verdict.partition is not None:
            lines.append(f"the operations on key {verdict.partition!r} alone are not linearizable")
        lines.append(
            f"longest linearizable prefix ({len(verdict.order)} of {verdict.total} operations):"
        )
        lines.extend(f"  {n}. {e.describe()}" for n, e in enumerate(verdict.order, 1))
        if not verdict.order:
            lines.append("  (none: not even a first operation fits)")
        lines.append("then no operation can go next:")
        lines.extend(
            f"  {r.entry.who} {r.entry.operation} {_phrase(r.entry)}, "
            f"but there the model {r.model_outcome.phrase(present=True)}"
            for r in verdict.refusals
        )
        lines.append(f"({verdict.explored} model steps explored)")
    lines += [
        "",
        f"interleaving {interleaving.number + 1} of {interleavings} for this scenario "
        f"({interleaving.kind}):",
        *("  " + text for text in interleaving.summary.splitlines()),
    ]
    if explanation:
        lines += ["", "how the operations interleaved (the seed's schedule replayed and shrunk):"]
        lines.extend("  " + text for text in explanation)
    lines += [
        "",
        "replay:",
        "  with hypothesis' example database on (the default), re-running the test tries this "
        "scenario first;",
        f"  to run exactly this scenario: check_linearizable(..., replay={scenario!r})",
        f"  {interleaving.replay_hint()}",
    ]
    return "\n".join(lines)
