"""Operations, scenarios, and the hypothesis strategy that draws (and shrinks) scenarios."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ._errors import InvalidOperation, LincheckUsageError

__all__ = ["Operation", "OperationsSpec", "Scenario", "scenarios"]


def _tuple(items: Sequence[object]) -> str:
    """``repr`` of a tuple of ``items``, with each item's own ``repr``."""
    if len(items) == 1:
        return f"({items[0]!r},)"
    return "(" + ", ".join(repr(item) for item in items) + ")"


@dataclass(frozen=True, repr=False)
class Operation:
    """One call of a method by name with positional arguments: ``Operation("put", (3,))``."""

    name: str
    args: tuple[object, ...] = ()

    def __str__(self) -> str:
        return f"{self.name}({', '.join(repr(arg) for arg in self.args)})"

    def __repr__(self) -> str:
        if not self.args:
            return f"Operation({self.name!r})"
        return f"Operation({self.name!r}, {_tuple(self.args)})"


@dataclass(frozen=True, repr=False)
class Scenario:
    """What one example runs: a sequential prefix, parallel columns (one per thread), a suffix.

    ``schedule_seed`` is the base seed of the interleavings the scenario runs under. The
    ``repr`` is valid Python, so a failure message can print it for an exact replay with
    ``check_linearizable(..., replay=Scenario(...))``.
    """

    prefix: tuple[Operation, ...]
    parallel: tuple[tuple[Operation, ...], ...]
    suffix: tuple[Operation, ...]
    schedule_seed: int = 0

    def operations(self) -> list[Operation]:
        """Every operation in scenario order: prefix, each column in turn, suffix."""
        ops = list(self.prefix)
        for column in self.parallel:
            ops.extend(column)
        ops.extend(self.suffix)
        return ops

    def __repr__(self) -> str:
        columns = "(" + ", ".join(_tuple(column) for column in self.parallel)
        columns += ",)" if len(self.parallel) == 1 else ")"
        return (
            f"Scenario(prefix={_tuple(self.prefix)}, parallel={columns}, "
            f"suffix={_tuple(self.suffix)}, schedule_seed={self.schedule_seed})"
        )


ArgumentsSpec = None | SearchStrategy[object] | tuple[SearchStrategy[object], ...]


@dataclass(frozen=True)
class OperationsSpec:
    """The checked form of the ``operations`` mapping: name -> argument strategies."""

    arguments: tuple[tuple[str, tuple[SearchStrategy[object], ...]], ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The operation names, in the order the user gave them."""
        return tuple(name for name, _ in self.arguments)

    def arity(self, name: str) -> int:
        """How many positional arguments ``name`` takes."""
        return len(dict(self.arguments)[name])

    @classmethod
    def parse(cls, operations: Mapping[str, ArgumentsSpec]) -> OperationsSpec:
        """Check ``operations`` and normalise each value to a tuple of strategies.

        Raises InvalidOperation for a non-string or private name, or a value that is not None,
        a strategy or a tuple of strategies; LincheckUsageError for an empty mapping.
        """
        if not isinstance(operations, Mapping) or not operations:
            raise LincheckUsageError(
                "operations must be a non-empty mapping of method name to None, a strategy or a "
                f"tuple of strategies, got {operations!r}"
            )
        parsed = []
        for name, spec in operations.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise InvalidOperation(f"operation name {name!r} is not a method name")
            if spec is None:
                strategies: tuple[SearchStrategy[object], ...] = ()
            elif isinstance(spec, SearchStrategy):
                strategies = (spec,)
            elif isinstance(spec, tuple) and all(isinstance(s, SearchStrategy) for s in spec):
                strategies = spec
            else:
                raise InvalidOperation(
                    f"operation {name!r}: expected None (no argument), a hypothesis strategy "
                    f"(one argument) or a tuple of strategies, got {spec!r}"
                )
            parsed.append((name, strategies))
        return cls(tuple(parsed))


def _operation(spec: OperationsSpec) -> SearchStrategy[Operation]:
    def named(
        name: str, strategies: tuple[SearchStrategy[object], ...]
    ) -> SearchStrategy[Operation]:
        return st.tuples(*strategies).map(lambda args: Operation(name, tuple(args)))

    return st.one_of([named(name, strategies) for name, strategies in spec.arguments])


def scenarios(
    spec: OperationsSpec,
    *,
    threads: int,
    max_ops: int,
    prefix_ops: int,
    suffix_ops: int,
    max_seed: int = 2**16 - 1,
) -> SearchStrategy[Scenario]:
    """A strategy of scenarios; hypothesis shrinks by dropping operations and simplifying args."""
    operation = _operation(spec)
    return st.builds(
        Scenario,
        prefix=st.lists(operation, max_size=prefix_ops).map(tuple),
        parallel=st.lists(
            st.lists(operation, min_size=1, max_size=max_ops).map(tuple),
            min_size=threads,
            max_size=threads,
        ).map(tuple),
        suffix=st.lists(operation, max_size=suffix_ops).map(tuple),
        schedule_seed=st.integers(0, max_seed),
    )
