"""One JSON codec for every frozen dataclass of the facts, derived from the dataclass fields.

A dataclass is written as the list of its field values in declaration order, with trailing fields
that equal their default left out (most call sites hold no lock and pass no literal, so their
rows stop early); tuples, lists and sets become lists (sets sorted), dicts become lists of
``[key, value]`` pairs (keys need not be strings). Decoding reads each field's annotation
(``typing.get_type_hints``) once per class and generates a decoder for it, so a new fact is
encoded by adding the field: there is no per-class code to keep in step. The generated decoders
are Python source compiled once per annotation (as ``dataclasses`` builds ``__init__``): a row is
read by straight-line code that takes scalar fields as they are, which decodes the facts of a
large project about twice as fast as a generic walk over the fields. The generated source is made
from the dataclass definitions only, never from the data: a cache entry is read, never run.

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


@cache
def _hints(kind: type) -> dict[str, Any]:
    """``typing.get_type_hints(kind)``, evaluated once per class (each string annotation is
    compiled: a third of what building the decoders costs)."""
    return typing.get_type_hints(kind)


def _tag(kind: type) -> tuple[int, str] | None:
    """``(position, value)`` of the tag field of dataclass ``kind``, or ``None`` without one.

    The tag is the field ``__init__`` does not take, annotated with a one-value ``Literal``.
    """
    if kind in _TAGS:
        return _TAGS[kind]
    _defaults(kind)  # raises for a non-dataclass
    hints = _hints(kind)
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


_SCALARS = (str, int, bool, float, type(None))

# --- decoding: one generated function per annotation ---------------------------------------------
# Each supported annotation gets a function built from Python source (as ``dataclasses`` builds
# ``__init__``), so that a row is decoded by straight-line code: scalar fields are taken as they
# are, nested values go to their own function, and no per-field loop or closure runs. The
# functions live in one namespace and call each other by name, so a dataclass may contain itself
# (a tree): a name is bound before the code that calls it first runs.

_NAMESPACE: dict[str, Any] = {"_tuplify": _tuplify, "_MISSING": _MISSING}
_NAMES: dict[Any, str] = {}


@cache
def _decoder(annotation: Any) -> Decoder:
    decoder: Decoder = _NAMESPACE[_function_name(annotation)]
    return decoder


def _is_scalar(annotation: Any) -> bool:
    return annotation in _SCALARS or typing.get_origin(annotation) is typing.Literal


def _value(annotation: Any, expression: str) -> str:
    """Source that decodes ``expression`` (a name or subscript) as ``annotation``."""
    if _is_scalar(annotation):
        return expression
    if annotation is Any:
        return f"_tuplify({expression})"
    return f"{_function_name(annotation)}({expression})"


def _constant(value: Any) -> str:
    name = f"_c{len(_NAMESPACE)}"
    _NAMESPACE[name] = value
    return name


#: Sources generated for the request being served, and the annotations they were named for.
_PENDING: list[str] = []
_PENDING_NAMES: list[Any] = []


def _function_name(annotation: Any) -> str:
    """The name of the function that decodes ``annotation``, generated on first request.

    The functions a request needs are compiled together once it has them all (one ``compile``
    is much cheaper than one per function). Raises ``TypeError`` for an annotation the codec
    does not support (then none of the request's names stays).
    """
    known = _NAMES.get(annotation)
    if known is not None:
        return known
    name = _NAMES[annotation] = f"_d{len(_NAMES)}"
    outermost = not _PENDING_NAMES
    _PENDING_NAMES.append(annotation)
    try:
        _PENDING.append(_function_source(name, annotation))
    except BaseException:
        if outermost:
            for pending in _PENDING_NAMES:
                del _NAMES[pending]
            _PENDING.clear()
            _PENDING_NAMES.clear()
        raise
    if outermost:
        source = "".join(_PENDING)
        _PENDING.clear()
        _PENDING_NAMES.clear()
        exec(compile(source, f"<facts codec: {annotation!r}>", "exec"), _NAMESPACE)  # noqa: S102
    return name


def _function_source(name: str, annotation: Any) -> str:  # noqa: C901 - one case per annotation
    header = f"def {name}(data):\n"
    if _is_scalar(annotation):
        return header + "    return data\n"
    if annotation is Any:
        return header + "    return _tuplify(data)\n"
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _dataclass_source(name, annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if _is_scalar(args[0]):
            return header + "    return tuple(data)\n"
        return header + f"    return tuple([{_value(args[0], 'item')} for item in data])\n"
    if origin is tuple:
        names = [f"item{i}" for i in range(len(args))]
        unpack = ", ".join(names) + ("," if len(names) == 1 else "")
        values = ", ".join(_value(arg, item) for arg, item in zip(args, names, strict=True))
        comma = "," if len(names) == 1 else ""
        return header + f"    {unpack} = data\n    return ({values}{comma})\n"
    if origin is frozenset:
        return header + f"    return frozenset([{_value(args[0], 'item')} for item in data])\n"
    if origin is dict:
        key, value = _value(args[0], "key"), _value(args[1], "value")
        return header + f"    return {{{key}: {value} for key, value in data}}\n"
    if origin is typing.Union or origin is types.UnionType:
        return _union_source(name, args)
    raise TypeError(f"the facts codec can't decode {annotation!r}")


def _union_source(name: str, args: tuple[Any, ...]) -> str:
    """A union of scalars, ``None`` and dataclasses: scalars as they are, rows by their tag."""
    scalars = _constant(frozenset(arg for arg in args if arg in _SCALARS))
    others = [arg for arg in args if arg not in _SCALARS]
    header = f"def {name}(data):\n"
    if not others:
        return header + "    return data\n"
    if len(others) == 1:
        inner = _value(others[0], "data")
        return header + f"    return data if type(data) in {scalars} else {inner}\n"
    tags = [
        _tag(arg) if isinstance(arg, type) and dataclasses.is_dataclass(arg) else None
        for arg in others
    ]
    positions = {tag[0] for tag in tags if tag is not None}
    if None in tags or len(positions) != 1:
        raise TypeError(f"the facts codec can't decode a union without one tag field: {args!r}")
    position = positions.pop()
    lines = [
        header,
        f"    if type(data) in {scalars}:\n",
        "        return data\n",
        f"    if type(data) is list and len(data) > {position}:\n",
        f"        tag = data[{position}]\n",
    ]
    for tag, arg in zip(tags, others, strict=True):
        assert tag is not None
        lines.append(f"        if tag == {tag[1]!r}:\n            return {_value(arg, 'data')}\n")
    lines.append(_refuse(f"not one of {[arg.__name__ for arg in others]}", "    "))
    return "".join(lines)


def _refuse(message: str, indent: str) -> str:
    """Source that raises ``ValueError`` with ``message`` and the start of ``data``."""
    return f"{indent}raise ValueError({_constant(message + ': ')} + repr(data)[:80])\n"


def _dataclass_source(name: str, kind: type) -> str:
    """A row of ``kind``: its field values in order (the tag included), trailing defaults left
    out; a row that is not a list, too long, too short or with another tag raises
    ``ValueError``."""
    hints = _hints(kind)
    tag = _tag(kind)
    cls = _constant(kind)
    label = kind.__name__
    fields = dataclasses.fields(kind)
    total = len(fields)
    required = max(
        (i + 1 for i, (_, default) in enumerate(_defaults(kind)) if default is _MISSING),
        default=0,
    )
    shortest = max(required, 0 if tag is None else tag[0] + 1)
    full: list[str] = []
    short: list[str] = []
    for position, (field, (_, default)) in enumerate(zip(fields, _defaults(kind), strict=True)):
        if not field.init:
            continue
        value = _value(hints[field.name], f"data[{position}]")
        full.append(value)
        if position < shortest:
            short.append(value)
            continue
        if default is _MISSING:
            fallback = "_MISSING"  # cannot happen: shorter rows are refused first
        elif type(default) is dict:
            fallback = f"{_constant(default)}.copy()"  # a fresh copy, as its factory gives
        else:
            fallback = _constant(default)
        short.append(f"{value} if length > {position} else {fallback}")
    check_tag = ""
    if tag is not None:
        check_tag = f"    if data[{tag[0]}] != {tag[1]!r}:\n" + _refuse(
            f"not a {label} (tag {tag[1]!r})", "        "
        )
    return (
        f"def {name}(data):\n"
        "    if type(data) is not list:\n"
        + _refuse(f"not a {label}", "        ")
        + "    length = len(data)\n"
        + f"    if length > {total}:\n"
        + _refuse(f"not a {label}", "        ")
        + f"    if length < {shortest}:\n"
        + _refuse(f"{label} misses a field", "        ")
        + check_tag
        + f"    if length == {total}:\n"
        + f"        return {cls}({', '.join(full)})\n"
        + f"    return {cls}({', '.join(short)})\n"
    )
