"""Which shared location each instruction of user code touches, read from the bytecode.

A ``sys.settrace`` opcode tracer sees the instruction about to run but not the value stack, so
the object of ``STORE_ATTR hits`` is not visible when it runs. This module walks a code object's
instructions once, keeping a symbolic stack (``self``, ``self.positions``, the constant ``1``,
a global), and for every instruction that reads or writes shared memory records which symbolic
values it works on. At run time :func:`resolve` evaluates those symbols against the frame's
locals and globals (reading instance ``__dict__`` entries only, never running a property), which
names the location as the code spells it: ``BuggyHitCounter.hits``,
``PositionBook.positions['ES']``, the whole list ``EventBus._handlers`` being iterated.

What is recorded: attribute loads and stores (``Class.attr``), subscripts (the key when it is a
small constant-like value), ``in`` tests, iteration, calls of the container methods and builtins
listed below, and stores and data loads of module globals. Closure cells are not (a frame does
not expose its cells). The analysis is a linear pass with forward merges; where it cannot tell,
it records nothing rather than guess.
"""

from __future__ import annotations

import dis
import weakref
from collections import deque
from dataclasses import dataclass
from types import CodeType, FrameType, ModuleType
from typing import Any, Literal

__all__ = ["AccessSpec", "Location", "access_table", "resolve"]

AccessKind = Literal["read", "write"]


@dataclass(frozen=True)
class _Sym:
    """One symbolic stack value: how the code computed it, when that is simple enough."""

    op: Literal["local", "global", "const", "attr", "null", "method", "iter", "unknown"]
    name: str = ""
    base: _Sym | None = None
    value: object = None


_UNKNOWN = _Sym("unknown")
_NULL = _Sym("null")


@dataclass(frozen=True)
class AccessSpec:
    """What one instruction touches: ``kind`` on ``target`` (attribute ``name``, or ``key``).

    ``shape`` is ``"attr"`` (``target.name``), ``"item"`` (``target[key]``), ``"whole"`` (the
    container ``target`` as a whole: ``len``, ``append``, iteration) or ``"global"`` (the module
    global ``name``). ``iterate`` marks a read that walks the container.
    """

    kind: AccessKind
    shape: Literal["attr", "item", "whole", "global"]
    target: _Sym
    name: str = ""
    key: _Sym | None = None
    iterate: bool = False
    op: str = ""


@dataclass(frozen=True)
class Location:
    """A resolved shared location: identity for the detector, ``label`` for people."""

    key: tuple[object, ...]
    label: str
    owner: object
    container: int = 0
    whole: bool = False


_DICT_READ = {"get": True, "keys": False, "values": False, "items": False, "copy": False}
_DICT_WRITE = {"setdefault": True, "pop": True, "popitem": False, "update": False, "clear": False}
_SEQ_READ = {"index", "count", "copy"}
_SEQ_WRITE = {
    "append",
    "appendleft",
    "extend",
    "extendleft",
    "insert",
    "pop",
    "popleft",
    "remove",
    "clear",
    "sort",
    "reverse",
    "rotate",
    "add",
    "discard",
    "update",
    "difference_update",
    "intersection_update",
}
_READING_BUILTINS = {"len": False, "list": True, "tuple": True, "sorted": True, "sum": True}
_READING_BUILTINS.update(
    {"min": True, "max": True, "any": True, "all": True, "set": True, "dict": True}
)
_READING_BUILTINS.update({"enumerate": True, "iter": True, "frozenset": True})
_CONTAINERS = (dict, list, set, deque, bytearray)

# Instructions with a fixed number of stack inputs and one output, modeled precisely; any
# other instruction's inputs and outputs become unknown values.
_TWO_TO_ONE = {"BINARY_OP", "COMPARE_OP", "IS_OP", "BINARY_SLICE"}
_ONE_TO_ONE = {"UNARY_NEGATIVE", "UNARY_NOT", "UNARY_INVERT", "UNARY_POSITIVE", "FORMAT_VALUE"}
_ENDS_FLOW = {"RETURN_VALUE", "RETURN_CONST", "RERAISE", "RAISE_VARARGS", "JUMP_FORWARD"}
_ENDS_FLOW |= {"JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP"}


def _pop(stack: list[_Sym]) -> _Sym:
    return stack.pop() if stack else _UNKNOWN


def _peek(stack: list[_Sym], depth: int) -> _Sym:
    return stack[-depth] if len(stack) >= depth else _UNKNOWN


def _merge(left: list[_Sym] | None, right: list[_Sym]) -> list[_Sym]:
    if left is None:
        return list(right)
    if len(left) != len(right):
        return [_UNKNOWN] * min(len(left), len(right))
    return [a if a == b else _UNKNOWN for a, b in zip(left, right, strict=True)]


def _analyse(code: CodeType) -> dict[int, tuple[AccessSpec, ...]]:
    table: dict[int, tuple[AccessSpec, ...]] = {}
    incoming: dict[int, list[_Sym]] = {}
    stack: list[_Sym] | None = []
    for ins in dis.get_instructions(code):
        offset = ins.offset
        if ins.is_jump_target or offset in incoming:
            stack = _merge(incoming.pop(offset, None), stack) if stack is not None else None
            if stack is None:
                stack = list(incoming.pop(offset, []))
        if stack is None:
            stack = []
        name = ins.opname
        specs: list[AccessSpec] = []
        if name in ("LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_DEREF", "LOAD_CLASSDEREF"):
            stack.append(_Sym("local", str(ins.argval)))
        elif name == "LOAD_CONST":
            stack.append(_Sym("const", value=ins.argval))
        elif name == "LOAD_GLOBAL":
            if ins.arg is not None and ins.arg & 1:
                stack.append(_NULL)
            sym = _Sym("global", str(ins.argval))
            stack.append(sym)
            specs.append(AccessSpec("read", "global", sym, str(ins.argval), op=name))
        elif name == "STORE_GLOBAL":
            _pop(stack)
            sym = _Sym("global", str(ins.argval))
            specs.append(AccessSpec("write", "global", sym, str(ins.argval), op=name))
        elif name == "LOAD_ATTR":
            base = _pop(stack)
            specs.append(AccessSpec("read", "attr", base, str(ins.argval), op=name))
            stack.append(_Sym("attr", str(ins.argval), base))
        elif name == "LOAD_METHOD":
            base = _pop(stack)
            stack.append(_Sym("method", str(ins.argval), base))
            stack.append(base)
        elif name == "STORE_ATTR":
            base = _pop(stack)
            _pop(stack)
            specs.append(AccessSpec("write", "attr", base, str(ins.argval), op=name))
        elif name == "DELETE_ATTR":
            base = _pop(stack)
            specs.append(AccessSpec("write", "attr", base, str(ins.argval), op=name))
        elif name == "BINARY_SUBSCR":
            key = _pop(stack)
            base = _pop(stack)
            specs.append(AccessSpec("read", "item", base, key=key, op=name))
            stack.append(_UNKNOWN)
        elif name in ("STORE_SUBSCR", "DELETE_SUBSCR"):
            key = _pop(stack)
            base = _pop(stack)
            if name == "STORE_SUBSCR":
                _pop(stack)
            specs.append(AccessSpec("write", "item", base, key=key, op=name))
        elif name == "CONTAINS_OP":
            base = _pop(stack)
            key = _pop(stack)
            specs.append(AccessSpec("read", "item", base, key=key, op=name))
            stack.append(_UNKNOWN)
        elif name == "GET_ITER":
            base = _pop(stack)
            stack.append(_Sym("iter", base=base))
        elif name == "FOR_ITER":
            top = _peek(stack, 1)
            if top.op == "iter" and top.base is not None:
                specs.append(AccessSpec("read", "whole", top.base, iterate=True, op=name))
            after_loop = [*stack[:-1]] if stack else []
            target = ins.argval
            if isinstance(target, int):
                incoming[target] = _merge(incoming.get(target), after_loop)
            stack.append(_UNKNOWN)
        elif name == "COPY":
            stack.append(_peek(stack, int(ins.arg or 1)))
        elif name == "SWAP":
            depth = int(ins.arg or 2)
            if len(stack) >= depth:
                stack[-1], stack[-depth] = stack[-depth], stack[-1]
            else:
                stack = []
        elif name in ("PRECALL", "KW_NAMES", "NOP", "RESUME", "CACHE", "EXTENDED_ARG"):
            pass
        elif name == "PUSH_NULL":
            stack.append(_NULL)
        elif name == "CALL":
            argc = int(ins.arg or 0)
            args = [_peek(stack, argc - index) for index in range(argc)]
            func = _peek(stack, argc + 2)
            first = _peek(stack, argc + 1)
            specs.extend(_call_specs(func, first, args))
            del stack[max(0, len(stack) - argc - 2) :]
            stack.append(_UNKNOWN)
        elif name in ("STORE_FAST", "POP_TOP"):
            _pop(stack)
        elif name in _TWO_TO_ONE:
            _pop(stack)
            _pop(stack)
            stack.append(_UNKNOWN)
        elif name in _ONE_TO_ONE:
            _pop(stack)
            stack.append(_UNKNOWN)
        elif name.startswith("POP_JUMP") or name.startswith("JUMP_IF"):
            keeps = name.startswith("JUMP_IF")
            top = _pop(stack)
            if not name.endswith("NONE") and top.op in ("attr", "local", "global"):
                # ``if not self.items``: a read of the whole container, when it is one.
                specs.append(AccessSpec("read", "whole", top, "bool", op="TRUTH"))
            if isinstance(ins.argval, int):
                branch = [*stack, top] if keeps else list(stack)
                incoming[ins.argval] = _merge(incoming.get(ins.argval), branch)
        elif name in ("JUMP_FORWARD",) and isinstance(ins.argval, int):
            incoming[ins.argval] = _merge(incoming.get(ins.argval), stack)
        else:
            try:
                effect = dis.stack_effect(
                    ins.opcode, ins.arg if ins.opcode >= dis.HAVE_ARGUMENT else None
                )
            except ValueError:
                effect = 0
            depth = max(0, len(stack) + effect)
            stack = [_UNKNOWN] * depth
        if specs:
            table[offset] = tuple(specs)
        if name in _ENDS_FLOW:
            stack = None
    return table


def _call_specs(func: _Sym, first: _Sym, args: list[_Sym]) -> list[AccessSpec]:
    if func.op == "method" and func.base is not None:
        method = func.name
        if method not in _DICT_READ and method not in _DICT_WRITE and method not in _SEQ_READ:
            if method not in _SEQ_WRITE:
                return []
        key = args[0] if args else None
        kind: AccessKind = "write" if method in _SEQ_WRITE or method in _DICT_WRITE else "read"
        iterate = method in ("keys", "values", "items", "copy")
        return [AccessSpec(kind, "whole", func.base, method, key=key, iterate=iterate, op="CALL")]
    if func.op == "null" and first.op == "global" and first.name in _READING_BUILTINS and args:
        iterate = _READING_BUILTINS[first.name]
        return [AccessSpec("read", "whole", args[0], first.name, iterate=iterate, op="CALL")]
    return []


_TABLES: weakref.WeakKeyDictionary[CodeType, dict[int, tuple[AccessSpec, ...]]] = (
    weakref.WeakKeyDictionary()
)


def access_table(code: CodeType) -> dict[int, tuple[AccessSpec, ...]]:
    """Offset -> the accesses of that instruction, for ``code`` (computed once, then cached).

    Never raises: bytecode the analysis does not understand gives fewer entries.
    """
    table = _TABLES.get(code)
    if table is None:
        try:
            table = _analyse(code)
        except Exception:  # noqa: BLE001 - an unexpected bytecode shape records nothing
            table = {}
        _TABLES[code] = table
    return table


_MISSING: Any = object()
_KEY_TYPES = (int, str, bytes, bool, float, type(None))


def _evaluate(sym: _Sym, frame: FrameType) -> Any:
    op = sym.op
    if op == "local":
        return frame.f_locals.get(sym.name, _MISSING)
    if op == "global":
        value = frame.f_globals.get(sym.name, _MISSING)
        if value is _MISSING:
            builtins = frame.f_builtins
            value = builtins.get(sym.name, _MISSING)
        return value
    if op == "const":
        return sym.value
    if op == "attr" and sym.base is not None:
        base = _evaluate(sym.base, frame)
        if base is _MISSING:
            return _MISSING
        namespace = getattr(base, "__dict__", None)
        if isinstance(namespace, dict):
            return namespace.get(sym.name, _MISSING)
    return _MISSING


def _owner_label(obj: object) -> str:
    if isinstance(obj, ModuleType):
        return obj.__name__
    if isinstance(obj, type):
        return obj.__name__
    return type(obj).__name__


def _spelling(sym: _Sym, value: object, frame: FrameType) -> str:
    """How the code names a container: ``Class.attr`` when it is an attribute, else its name."""
    if sym.op == "attr" and sym.base is not None:
        owner = _evaluate(sym.base, frame)
        if owner is not _MISSING:
            return f"{_owner_label(owner)}.{sym.name}"
        return sym.name
    if sym.op in ("local", "global"):
        return sym.name
    return type(value).__name__


def _key_text(key: object) -> str | None:
    if isinstance(key, _KEY_TYPES):
        text = repr(key)
        return text if len(text) <= 24 else text[:21] + "..."
    if isinstance(key, tuple) and len(key) <= 3 and all(isinstance(k, _KEY_TYPES) for k in key):
        return repr(key)
    return None


def resolve(spec: AccessSpec, frame: FrameType) -> Location | None:
    """The location ``spec`` touches in ``frame`` now, or None when it is not shared state.

    Instances' attributes, containers (dict, list, set, deque, bytearray) and module globals
    holding data are shared state; methods, classes, functions and modules are not.
    """
    shape = spec.shape
    if shape == "global":
        value = frame.f_globals.get(spec.name, _MISSING)
        if spec.kind == "read" and (value is _MISSING or not _is_data(value)):
            return None
        module = frame.f_globals.get("__name__", "?")
        return Location(
            ("global", id(frame.f_globals), spec.name), f"{module}.{spec.name}", frame.f_globals
        )
    target = _evaluate(spec.target, frame)
    if target is _MISSING:
        return None
    if shape == "attr":
        if isinstance(target, (ModuleType, type)) and spec.kind == "read":
            return None
        namespace = getattr(target, "__dict__", None)
        if spec.kind == "read":
            if not (isinstance(namespace, dict) and spec.name in namespace):
                return None  # a method, a class attribute, a property: not instance state
            if not _is_state(namespace[spec.name]):
                return None  # a lock, a callable: synchronization or behaviour, not data
        label = f"{_owner_label(target)}.{spec.name}"
        return Location(("attr", id(target), spec.name), label, target)
    if not isinstance(target, _CONTAINERS):
        return None
    container = _spelling(spec.target, target, frame)
    if spec.op == "TRUTH" and not isinstance(target, _CONTAINERS):
        return None
    if spec.op == "CALL" and spec.name and not spec.iterate and spec.name not in _READING_BUILTINS:
        return _method_location(spec, frame, target, container)
    if shape == "item" and spec.key is not None:
        key = _evaluate(spec.key, frame)
        text = None if key is _MISSING else _key_text(key)
        if text is not None:
            return Location(("item", id(target), key), f"{container}[{text}]", target, id(target))
    return Location(("whole", id(target)), container, target, id(target), whole=True)


def _method_location(
    spec: AccessSpec, frame: FrameType, target: object, container: str
) -> Location | None:
    method = spec.name
    if isinstance(target, dict):
        keyed = _DICT_READ.get(method, _DICT_WRITE.get(method))
        if keyed is None:
            return None
        if keyed and spec.key is not None:
            key = _evaluate(spec.key, frame)
            text = None if key is _MISSING else _key_text(key)
            if text is not None:
                return Location(
                    ("item", id(target), key), f"{container}[{text}]", target, id(target)
                )
        return Location(("whole", id(target)), container, target, id(target), whole=True)
    if method in _SEQ_READ or method in _SEQ_WRITE:
        return Location(("whole", id(target)), container, target, id(target), whole=True)
    return None


def method_writes(spec: AccessSpec) -> bool:
    """True when a container-method call ``spec`` changes the container (``append``, ``pop``)."""
    return spec.name in _SEQ_WRITE or spec.name in _DICT_WRITE


def _is_state(value: object) -> bool:
    """False for what an attribute holds to act, not to remember: primitives and callables."""
    if callable(value) and not isinstance(value, (type, *_CONTAINERS)):
        return False
    return not hasattr(value, "acquire")


def _is_data(value: object) -> bool:
    return isinstance(value, (int, float, str, bytes, bool, tuple, *_CONTAINERS)) or value is None
