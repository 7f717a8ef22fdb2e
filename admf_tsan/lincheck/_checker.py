"""Wing & Gong's linearizability search with memoization, and P-compositionality.

Wing and Gong (1993): repeatedly pick an operation that can go first (none of the remaining
operations responded before it was invoked), apply it to a copy of the model, and keep going
while the model's answer equals the observed one; backtrack otherwise. Lowe (2017) adds the
memo used here: a pair (model state, set of operations done) that was explored once cannot
succeed the second time. Horn and Kroening's P-compositionality: when operations on different
keys commute, the history is linearizable exactly when each key's sub-history is, which turns
one exponential search into several small ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from ._history import HistoryEntry, Outcome
from ._model import apply, branch, state_key

__all__ = ["Refusal", "Verdict", "check_history"]

Partition = Callable[[str, tuple[object, ...]], Hashable]


@dataclass(frozen=True)
class Refusal:
    """An operation that could have gone next, and what the model would have answered."""

    entry: HistoryEntry
    model_outcome: Outcome


@dataclass(frozen=True)
class Verdict:
    """The result of the search.

    When ``linearizable``, ``order`` is a witness: a sequential order the model accepts. When
    not, ``order`` is the longest prefix the model accepts and ``refusals`` the operations that
    could have gone next, each with the model's answer (which differs from the observed one).
    ``partition`` names the key whose sub-history failed, when the history was split.
    """

    linearizable: bool
    order: tuple[HistoryEntry, ...]
    refusals: tuple[Refusal, ...]
    explored: int
    total: int
    partition: Hashable | None = None


class _Search:
    def __init__(self, entries: Sequence[HistoryEntry], make_model: Callable[[], object]) -> None:
        self.entries = list(entries)
        self.make_model = make_model
        self.visited: set[tuple[object, int]] = set()
        self.order: list[int] = []
        self.best_order: list[int] = []
        self.best_refusals: list[Refusal] = []
        self.best_depth = -1
        self.explored = 0
        # Indexes by response rank: the first one not done gives the earliest pending response.
        self.by_response = sorted(
            range(len(self.entries)), key=lambda i: self.entries[i].responded or 0
        )

    def candidates(self, done: int) -> list[int]:
        """Operations that may go next: invoked before any remaining operation responded."""
        first_response = next(
            self.entries[i].responded or 0 for i in self.by_response if not done >> i & 1
        )
        return [
            i
            for i, entry in enumerate(self.entries)
            if not done >> i & 1 and entry.invoked < first_response
        ]

    def run(self) -> bool:
        full = (1 << len(self.entries)) - 1
        stack: list[tuple[object, int, list[int], list[Refusal]]] = []
        model = self.make_model()
        if full == 0:
            return True
        stack.append((model, 0, self.candidates(0), []))
        while stack:
            model, done, pending, refusals = stack[-1]
            if not pending:
                if len(self.order) > self.best_depth:
                    self.best_depth = len(self.order)
                    self.best_order = list(self.order)
                    self.best_refusals = list(refusals)
                stack.pop()
                if self.order:
                    self.order.pop()
                continue
            index = pending.pop(0)
            entry = self.entries[index]
            # A frame owns its model; its last candidate may use it up instead of a copy, which
            # makes runs of sequential operations (prefix, suffix, one thread left) copy-free.
            trial = branch(model) if pending else model
            answer = apply(trial, entry.operation)
            self.explored += 1
            assert entry.outcome is not None
            if not answer.matches(entry.outcome):
                refusals.append(Refusal(entry, answer))
                continue
            now_done = done | 1 << index
            if now_done == full:
                self.order.append(index)
                return True
            key = (state_key(trial), now_done)
            if key in self.visited:
                continue
            self.visited.add(key)
            self.order.append(index)
            stack.append((trial, now_done, self.candidates(now_done), []))
        return False


def _check_one(
    entries: Sequence[HistoryEntry], make_model: Callable[[], object], key: Hashable | None
) -> Verdict:
    search = _Search(entries, make_model)
    if search.run():
        order = tuple(search.entries[i] for i in search.order)
        return Verdict(True, order, (), search.explored, len(entries), key)
    return Verdict(
        False,
        tuple(search.entries[i] for i in search.best_order),
        tuple(search.best_refusals),
        search.explored,
        len(entries),
        key,
    )


def check_history(
    entries: Sequence[HistoryEntry],
    make_model: Callable[[], object],
    partition: Partition | None = None,
) -> Verdict:
    """Decide whether the complete history ``entries`` is linearizable against the model.

    With ``partition``, operations are grouped by ``partition(name, args)`` and each group is
    checked on its own fresh model; a key of None means "touches every key", and then the
    history is checked whole. Raises UnhashableModelState when the model's state has no key.
    """
    if partition is not None:
        groups: dict[Hashable, list[HistoryEntry]] = defaultdict(list)
        for entry in entries:
            group = partition(entry.operation.name, entry.operation.args)
            if group is None:
                break
            groups[group].append(entry)
        else:
            explored = 0
            for group, members in groups.items():
                verdict = _check_one(members, make_model, group)
                explored += verdict.explored
                if not verdict.linearizable:
                    return verdict
            return Verdict(True, tuple(entries), (), explored, len(entries))
    return _check_one(entries, make_model, None)
