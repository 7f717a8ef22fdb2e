"""One self-contained HTML page per explained failure: swimlanes of the minimized interleaving.

One column per worker, one row per step of the shrunk replay in the order the steps ran; each
step shows file:line, the source line and the shared access; the steps of the racing pair (or
the deadlock cycle) are highlighted; the locks a worker held at a step are drawn as coloured
bars down the side of its lane. No script, no network, no external asset: the page opens from
disk in any browser and survives being attached to a ticket.
"""

from __future__ import annotations

import html
import os
import re

from ._explain import Explanation
from ._record import Event, Recorder, lock_name

__all__ = ["render_report", "write_report"]

# Longest trace drawn; a longer one keeps its first and last halves.
MAX_ROWS = 600

_PALETTE = ("#e4572e", "#17bebb", "#ffc914", "#76b041", "#8e6cbf", "#2e86ab", "#f18f01")

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
pre { background: #f6f6f6; padding: .8em; overflow-x: auto; }
table.lanes { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.lanes th { position: sticky; top: 0; background: #333; color: #fff; padding: .4em; }
table.lanes td { vertical-align: top; padding: .15em .5em; border-bottom: 1px solid #eee; }
th.step, td.step { width: 3.5em; color: #888; text-align: right; }
tr.gap td { color: #888; font-style: italic; text-align: center; }
td.lane { position: relative; }
.ev { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; }
.site { color: #666; } .src { color: #000; } .acc { color: #1a5fb4; font-weight: 600; }
.key { background: #ffe3e3; outline: 2px solid #d7263d; }
.pre { border-top: 2px dashed #d7263d; }
.bars { position: absolute; left: 0; top: 0; bottom: 0; display: flex; }
.bar { width: 5px; margin-right: 1px; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .5em; color: #fff; }
"""


def _color(index: int) -> str:
    return _PALETTE[index % len(_PALETTE)]


def _cell(event: Event, key: bool, colors: dict[int, tuple[str, str]]) -> str:
    from ._steps import _access_text  # one rendering of an access, shared with the text

    bars = "".join(
        f'<span class="bar" style="background:{colors[id(lock)][1]}" '
        f'title="holds {html.escape(colors[id(lock)][0])}"></span>'
        for lock in dict.fromkeys(event.held)
        if id(lock) in colors
    )
    site = event.site
    where = html.escape(site.text()) if site else "?"
    source = html.escape(site.source()) if site else ""
    classes = "ev" + (" key" if key else "") + (" pre" if event.preempted else "")
    return (
        f'<div class="bars">{bars}</div>'
        f'<div class="{classes}" style="margin-left:{6 * len(event.held)}px">'
        f'<span class="site">{where}</span>\n<span class="src">{source}</span>\n'
        f'<span class="acc">[{html.escape(_access_text(event))}]</span></div>'
    )


def render_report(*, title: str, explanation: Explanation, trace: Recorder, replay: str) -> str:
    """The HTML page for one explained failure (a string; nothing is written)."""
    events = trace.events
    if len(events) > MAX_ROWS:
        events = events[: MAX_ROWS // 2] + events[-MAX_ROWS // 2 :]
    workers = sorted({event.worker for event in trace.events})
    keys = {step.index for step in explanation.steps if step.key}
    locks: dict[int, object] = {}
    for event in trace.events:
        for lock in event.held:
            locks.setdefault(id(lock), lock)
        if event.kind in ("acquire", "release"):
            locks.setdefault(id(event.target), event.target)
    colors = {
        key: (lock_name(lock), _color(number)) for number, (key, lock) in enumerate(locks.items())
    }
    rows: list[str] = []
    shown = {id(event) for event in events}
    hidden = _quiet_stretches(events, keys)
    current: dict[int, tuple[object, ...]] = {}
    skipped = 0
    for event in trace.events:
        current[event.worker] = event.held
        if id(event) not in shown:
            continue
        if id(event) in hidden:
            skipped += 1
            continue
        if skipped:
            rows.append(
                f'<tr class="gap"><td></td><td colspan="{len(workers)}">... {skipped} more '
                "steps of the same worker ...</td></tr>"
            )
            skipped = 0
        cells = [f'<td class="step">{event.index}</td>']
        for worker in workers:
            if worker == event.worker:
                cells.append(f'<td class="lane">{_cell(event, event.index in keys, colors)}</td>')
            else:
                held = current.get(worker, ())
                bars = "".join(
                    f'<span class="bar" style="background:{colors[id(lock)][1]}"></span>'
                    for lock in held
                    if id(lock) in colors
                )
                cells.append(f'<td class="lane"><div class="bars">{bars}</div></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    legend = "".join(
        f'<span style="background:{color}">{html.escape(name)}</span>'
        for name, color in colors.values()
    )
    header = "".join(f'<th class="lane">{explanation.unit} {worker}</th>' for worker in workers)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p><strong>{html.escape(explanation.kind or "failure")}</strong>:
{html.escape(explanation.summary)}</p>
<pre class="explanation">{html.escape(explanation.text())}</pre>
<p>Replay: <code>{html.escape(replay)}</code></p>
<h2>Minimized interleaving ({explanation.preemptions} preemption(s), {len(trace.events)} steps)</h2>
<p class="legend">Locks held: {legend or "none"}. Highlighted steps are the ones the bug is
made of (the racing pair, the deadlock cycle); a dashed line marks a step right after a
preemption.</p>
<table class="lanes"><thead><tr><th class="step">step</th>{header}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""


def _quiet_stretches(events: list[Event], keys: set[int]) -> set[int]:
    """Events inside long runs of one worker away from the key steps: drawn as one gap row."""
    hidden: set[int] = set()
    start = 0
    for end in range(1, len(events) + 1):
        if end < len(events) and events[end].worker == events[start].worker:
            continue
        run = events[start:end]
        if len(run) > 6:
            for event in run[2:-2]:
                if event.index not in keys and not event.preempted:
                    hidden.add(id(event))
        start = end
    return hidden


def write_report(
    directory: str,
    *,
    name: str,
    title: str,
    explanation: Explanation,
    trace: Recorder,
    replay: str,
) -> str:
    """Write the page into ``directory`` (created if needed); return the file's path."""
    os.makedirs(directory, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:150] or "failure"
    path = os.path.join(directory, f"{safe}.html")
    text = render_report(title=title, explanation=explanation, trace=trace, replay=replay)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
