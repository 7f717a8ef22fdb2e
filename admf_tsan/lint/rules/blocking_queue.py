"""ADMF106: ``queue.Queue.get()`` / ``put()`` (and multiprocessing queues) inside a coroutine."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import ClassVar

from admf_tsan.catalogue import BUILT_BLOCKING
from admf_tsan.lint.analysis.facts import SelfRef
from admf_tsan.lint.blocking import BlockingCallRule, BlockingEntry, DirectBlocking
from admf_tsan.lint.rule import Invalid, ProjectContext
from admf_tsan.lint.rules.transitive_blocking import QUEUE_GETS, nonempty_queue_get

#: ``queue.Queue.put`` -> ``queue.Queue<bounded>.put``: the catalogue's calls that wait only on
#: an object built so, filed under the variant's name, which the linter gives a method of an
#: object whose constructor call it reads (``types.variant_member``).
_ON_VARIANT_ONLY = {
    f"{cls}.{method}": f"{cls}<{built.variant}>.{method}"
    for built in BUILT_BLOCKING
    for cls in built.classes
    for method in built.methods
}


class BlockingQueue(BlockingCallRule):
    """ADMF106: a blocking `queue.Queue` call inside a coroutine blocks the event loop.

    `queue.Queue.get()` waits for another thread to put an item; `join()` waits for every item
    to be processed; `put()` on a bounded queue waits for room. In a coroutine they wait on the
    event-loop thread. Queues are resolved from constructor calls (`q = queue.Queue()`,
    `self.q = queue.Queue()`) and annotations (`q: queue.Queue`).

    `put()` is reported only on a queue whose construction the linter reads and which is
    bounded: `maxsize` a positive literal (`queue.Queue(maxsize=10)`, `LifoQueue(5)`,
    `multiprocessing.Queue(8)`). Most queues are unbounded (no `maxsize`, or `maxsize <= 0`, and
    every `SimpleQueue`): their `put()` never waits for room, and a `multiprocessing.Queue`
    hands the item to its feeder thread. Where the bound is not known (a queue known only by
    its annotation, one made by a factory or a context's `Queue()`, `maxsize` from a variable
    or a named constant), `put()` is not reported either. `get()` and `join()` are reported on
    every queue, but for a `self.q.get()` right after `while self.q.empty(): await ...` in the
    same coroutine, or inside `while not self.q.empty():`, `if self.q.qsize():` or `if
    self.q.qsize() > 0:` (or `!= 0`, `>= 1`, `0 < self.q.qsize()`), when no function that takes
    from `self.q` runs in a thread the project starts: nothing else takes the item in between,
    so it returns at once (as for ADMF120's chains). An `await` between the test and the `get()`
    is not looked for: another coroutine taking from the same thread queue there could empty it.

    Fix: `get_nowait()` / `put_nowait()` when the call must not wait, an `asyncio.Queue` between
    coroutines, or `await asyncio.to_thread(q.get)` to wait for a thread.
    """

    code = "ADMF106"
    name = "blocking-queue"
    VALID: ClassVar[list[str]] = [
        "import queue\n\nasync def drain(q: queue.Queue):\n    return q.get_nowait()\n",
        "import queue\n\nasync def drain(q: queue.Queue):\n    return q.get(block=False)\n",
        "import asyncio\n\nasync def drain(q: asyncio.Queue):\n    return await q.get()\n",
        "import multiprocessing\n\nclass Pipe:\n    def __init__(self):\n"
        "        self.results = multiprocessing.Queue()\n\n"
        "    async def report(self, r):\n        self.results.put(r)\n",
        "import multiprocessing\n\n"
        "async def report(results: multiprocessing.Queue, r):\n    results.put(r)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import queue\n\nasync def drain(q: queue.Queue):\n    return q.get()\n",
            message="`queue.Queue.get()` blocks the event loop",
        ),
        Invalid(
            "import queue\n\nclass Pipe:\n    def __init__(self):\n"
            "        self.orders = queue.Queue(maxsize=10)\n\n"
            "    async def send(self, o):\n        self.orders.put(o)\n"
        ),
    ]

    def mine(self, project: ProjectContext) -> list[DirectBlocking]:
        """The catalogue's queue calls, but a ``self.q.get()`` right after ``while
        self.q.empty(): await ...`` with no other consumer in a thread: it returns at once."""
        return [found for found in super().mine(project) if not _after_empty_wait(project, found)]

    @classmethod
    def entries(cls) -> Iterator[BlockingEntry]:
        """The catalogue's calls; a `put()` only under the bounded variant's name."""
        for entry in super().entries():
            pattern = _ON_VARIANT_ONLY.get(entry.pattern)
            yield entry if pattern is None else dataclasses.replace(entry, pattern=pattern)

    def message(self, found: DirectBlocking) -> str:
        """`queue.Queue.put()` on a bounded queue: the plain name, and why it waits."""
        cls, variant, method = _split_variant(found.call.name)
        if not variant:
            return super().message(found)
        plain = f"{cls}.{method}"
        shown = dataclasses.replace(found, call=dataclasses.replace(found.call, name=plain))
        text = super().message(shown)
        return text.replace(f"`{plain}()`", f"`{plain}()` on a {variant} queue", 1)


def _split_variant(name: str) -> tuple[str, str, str]:
    """``queue.Queue<bounded>.put`` -> ``("queue.Queue", "bounded", "put")``; a name without a
    variant -> ``(name, "", "")``."""
    cls, bracket, rest = name.partition("<")
    if not bracket:
        return name, "", ""
    variant, _, method = rest.partition(">.")
    return cls, variant, method


def _after_empty_wait(project: ProjectContext, found: DirectBlocking) -> bool:
    leaf = found.site.callee
    if found.call.name not in QUEUE_GETS or type(leaf) is not SelfRef or len(leaf.attrs) < 2:
        return False
    return nonempty_queue_get(project, found.site, leaf.attrs[:-1], leaf, found.function.qualname)
