"""One JSON codec for every frozen dataclass of the facts, derived from the dataclass fields.

A dataclass is written as the list of its field values in declaration order, with trailing fields
that equal their default left out (most call sites hold no lock and pass no literal, so their
rows stop early); tuples, lists and sets become lists (sets sorted), dicts become lists of
``[key, value]`` pairs (keys need not be strings). Decoding reads each field's annotation
(``typing.get_type_hints``) once per class and builds a decoder for it, so a new fact is encoded
by adding the field: there is no per-class code to keep in step.

A tagged union of dataclasses (``GlobalRef | SelfRef | ...``) is decoded by its tag: each member
has one field that ``__init__`` does not take (``init=False``), annotated ``Literal["g"]`` with
that value as its default. The tag is always written, even when the other fields are defaults,
and every member of one union must keep it at the same position (the facts put it first), so
the decoder reads it and hands the row to that member's decoder.

Supported annotations: dataclasses, ``tuple[X, ...]``, fixed ``tuple[X, Y]``, ``dict[K, V]``,
``frozenset[X]``, unions of ``None``, scalars and tagged dataclasses (``X | None`` included),
``str``/``int``/``bool``/``float``, and ``Any`` (nested lists come back as tuples).
"""

from __future__ import annotations

import dataclasses
import operator
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
Decoder = Callable[[Any], Any]

_MISSING = dataclasses.MISSING


def encode(value: Any) -> Any:
    """``value`` as plain JSON data (lists, numbers, strings, ``None``)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is tuple or kind is list:
        return [encode(item) for item in value]
    if kind is frozenset or kind is set:
        return sorted(encode(item) for item in value)
    if kind is dict:
        return [[encode(key), encode(item)] for key, item in value.items()]
    fields = _fields_of(kind)
    values = fields.get(value)
    end = len(values)
    defaults = fields.defaults
    keep = fields.keep
    while end > keep and _is_default(values[end - 1], defaults[end - 1]):
        end -= 1
    return [encode(item) for item in values[:end]]


def decode(kind: type[T], data: Any) -> T:
    """Rebuild a ``kind`` written by :func:`encode`.

    Raises ``TypeError``, ``ValueError`` or ``IndexError`` when ``data`` does not have the shape
    of ``kind`` (the cache treats that as a miss).
    """
    decoded: T = _decoder(typing.cast(Any, kind))(data)
    return decoded


_DEFAULTS: dict[type, tuple[tuple[str, Any], ...]] = {}
_TAGS: dict[type, tuple[int, str] | None] = {}


def _defaults(kind: type) -> tuple[tuple[str, Any], ...]:
    """``(name, default)`` of each field of dataclass ``kind``; ``_MISSING`` for none."""
    known = _DEFAULTS.get(kind)
    if known is not None:
        return known
    if not dataclasses.is_dataclass(kind):
        raise TypeError(f"can't encode a {kind.__name__}: not a dataclass or a JSON value")
    result = []
    for field in dataclasses.fields(kind):
        default: Any = field.default
        if default is _MISSING and callable(field.default_factory):
            default = field.default_factory()
        result.append((field.name, default))
    _DEFAULTS[kind] = tuple(result)
    return _DEFAULTS[kind]


def _tag(kind: type) -> tuple[int, str] | None:
    """``(position, value)`` of the tag field of dataclass ``kind``, or ``None`` without one.

    The tag is the field ``__init__`` does not take, annotated with a one-value ``Literal``.
    """
    if kind in _TAGS:
        return _TAGS[kind]
    _defaults(kind)  # raises for a non-dataclass
    hints = typing.get_type_hints(kind)
    found = None
    for position, field in enumerate(dataclasses.fields(kind)):
        annotation = hints[field.name]
        if field.init or typing.get_origin(annotation) is not typing.Literal:
            continue
        values = typing.get_args(annotation)
        if len(values) != 1 or field.default != values[0]:
            raise TypeError(f"{kind.__name__}.{field.name}: a tag is one Literal, its default")
        found = (position, values[0])
    _TAGS[kind] = found
    return found


@dataclasses.dataclass(frozen=True, slots=True)
class _Fields:
    """How to read a dataclass's field values at once, their defaults, and how many to keep.

    ``keep`` is the number of leading fields always written (up to and including the tag).
    """

    get: Callable[[Any], tuple[Any, ...]]
    defaults: tuple[Any, ...]
    keep: int


_FIELDS: dict[type, _Fields] = {}


def _fields_of(kind: type) -> _Fields:
    known = _FIELDS.get(kind)
    if known is None:
        names = [name for name, _ in _defaults(kind)]
        getter = operator.attrgetter(*names)
        get = getter if len(names) > 1 else (lambda value: (getter(value),))
        tag = _tag(kind)
        known = _FIELDS[kind] = _Fields(
            get,
            tuple(default for _, default in _defaults(kind)),
            0 if tag is None else tag[0] + 1,
        )
    return known


def _is_default(value: Any, default: Any) -> bool:
    return default is not _MISSING and type(value) is type(default) and value == default


def _tuplify(value: Any) -> Any:
    if type(value) is list:
        return tuple(_tuplify(item) for item in value)
    return value


def _identity(value: Any) -> Any:
    return value


@cache
def _decoder(annotation: Any) -> Decoder:  # noqa: C901 - one case per supported annotation
    if annotation is Any:
        return _tuplify
    if annotation in (str, int, bool, float, type(None)):
        return _identity
    if typing.get_origin(annotation) is typing.Literal:
        return _identity
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _dataclass_decoder(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(map(item, data))
        items = tuple(_decoder(arg) for arg in args)
        return lambda data: tuple(d(v) for d, v in zip(items, data, strict=True))
    if origin is frozenset:
        item = _decoder(args[0])
        return lambda data: frozenset(map(item, data))
    if origin is dict:
        key, value = _decoder(args[0]), _decoder(args[1])
        return lambda data: {key(k): value(v) for k, v in data}
    if origin is typing.Union or origin is types.UnionType:
        return _union_decoder(args)
    raise TypeError(f"the facts codec can't decode {annotation!r}")


_SCALARS = (str, int, bool, float, type(None))


def _union_decoder(args: tuple[Any, ...]) -> Decoder:
    """A union of scalars, ``None`` and dataclasses: scalars as they are, rows by their tag."""
    scalars = frozenset(arg for arg in args if arg in _SCALARS)
    others = [arg for arg in args if arg not in _SCALARS]
    if not others:
        return _identity
    if len(others) == 1:
        inner = _decoder(others[0])
        return lambda data: data if type(data) in scalars else inner(data)
    tags = [
        _tag(arg) if isinstance(arg, type) and dataclasses.is_dataclass(arg) else None
        for arg in others
    ]
    positions = {tag[0] for tag in tags if tag is not None}
    if None in tags or len(positions) != 1:
        raise TypeError(f"the facts codec can't decode a union without one tag field: {args!r}")
    position = positions.pop()
    by_tag = {tag[1]: _decoder(arg) for tag, arg in zip(tags, others, strict=True) if tag}

    def decode_tagged(data: Any) -> Any:
        if type(data) in scalars:
            return data
        if type(data) is not list or len(data) <= position or data[position] not in by_tag:
            raise ValueError(f"not one of {[arg.__name__ for arg in others]}: {data!r:.80}")
        return by_tag[data[position]](data)

    return decode_tagged


def _dataclass_decoder(kind: type) -> Decoder:
    # Field decoders are built on first use, so a dataclass may contain itself (a tree).
    # Only the fields ``__init__`` takes: the tag is checked, then left out of the row.
    fields: list[tuple[Decoder, Any]] = []
    tag = _tag(kind)

    def decode_row(row: Any) -> Any:
        if not fields:
            hints = typing.get_type_hints(kind)
            fields.extend(
                (_decoder(hints[name]), default)
                for field, (name, default) in zip(
                    dataclasses.fields(kind), _defaults(kind), strict=True
                )
                if field.init
            )
        if type(row) is not list:
            raise ValueError(f"not a {kind.__name__}: {row!r:.80}")
        if tag is not None:
            position, value = tag
            if len(row) <= position or row[position] != value:
                raise ValueError(f"not a {kind.__name__} (tag {value!r}): {row!r:.80}")
            row = row[:position] + row[position + 1 :]
        if len(row) > len(fields):
            raise ValueError(f"not a {kind.__name__}: {row!r:.80}")
        return _build(kind, fields, row)

    return decode_row


def _build(kind: type, fields: list[tuple[Decoder, Any]], row: list[Any]) -> Any:
    """``kind`` from the decoded values of ``row``, missing trailing fields at their defaults."""
    values = [decode_field(value) for (decode_field, _), value in zip(fields, row, strict=False)]
    for _, default in fields[len(row) :]:
        if default is _MISSING:
            raise ValueError(f"{kind.__name__} misses a field: {row!r:.80}")
        # A fresh copy of a mutable default (``dict``), as its default factory would give.
        values.append(default.copy() if type(default) is dict else default)
    return kind(*values)
