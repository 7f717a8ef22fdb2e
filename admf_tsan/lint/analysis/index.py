"""The project index: every module's facts joined, and symbolic references resolved.

A resolved :data:`Value` is one of

* ``("func", qualname)``: a function or method of the project (``FunctionFacts`` known);
* ``("class", qualname)``: a class of the project;
* ``("module", name)``: a module of the project;
* ``("ext", dotted)``: something outside the project, named as imported (``requests.get``,
  ``sqlite3.Connection.execute``);
* ``("inst", value)``: an instance of a ``class`` or ``ext`` value;
* ``None``: not resolvable (dynamic dispatch, unknown receivers). Rules never report on ``None``.

Resolution is memoised per reference, so resolving every call of a large project costs a dict
lookup per call after the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from admf_tsan.lint.analysis.facts import (
    AnnotType,
    CallSite,
    CallType,
    ClassFacts,
    ClsRef,
    FunctionFacts,
    GlobalRef,
    ModuleFacts,
    Ref,
    SameAs,
    SelfRef,
    SuperRef,
    TypeRef,
    ValRef,
)
from admf_tsan.lint.analysis.known import EXTERNAL_NAMES, RETURNS

Value = tuple[Any, ...] | None
_IN_PROGRESS: Any = object()


class ProjectIndex:
    """All modules of one lint run, with name resolution across them.

    ``external`` adds names that must be treated as outside the project (the rules' catalogues).
    Not thread-safe: one index belongs to one lint run.
    """

    def __init__(self, modules: Iterable[ModuleFacts], external: Iterable[str] = ()) -> None:
        self.modules: dict[str, ModuleFacts] = {}
        self.functions: dict[str, FunctionFacts] = {}
        self.function_module: dict[str, ModuleFacts] = {}
        self.classes: dict[str, ClassFacts] = {}
        for facts in modules:
            self.modules[facts.module] = facts
            for fn in facts.functions:
                self.functions[fn.qualname] = fn
                self.function_module[fn.qualname] = facts
            for cls in facts.classes:
                self.classes[cls.qualname] = cls
        self._external = EXTERNAL_NAMES | frozenset(external)
        self._external_prefixes = tuple(name[:-1] for name in self._external if name.endswith(".*"))
        self._memo: dict[Ref, Value] = {}
        self._mro_memo: dict[str, tuple[Value, ...]] = {}
        self._resolving: set[Ref] = set()
        self._top_level_packages = frozenset(name.partition(".")[0] for name in self.modules)

    # --- public ------------------------------------------------------------------------------

    def resolve(self, ref: Ref) -> Value:
        """What ``ref`` denotes, or ``None`` when the analysis cannot tell."""
        memo = self._memo
        value: Value = memo.get(ref, _IN_PROGRESS)
        if value is not _IN_PROGRESS:
            return value
        if ref in self._resolving:
            return None
        self._resolving.add(ref)
        try:
            value = self._resolve(ref)
        finally:
            self._resolving.discard(ref)
        memo[ref] = value
        return value

    def callee(self, call: CallSite) -> Value:
        """What a call site calls."""
        return self.resolve(call.callee)

    def callee_function(self, call: CallSite) -> FunctionFacts | None:
        """The project function a call site runs, if it runs one (constructors run __init__)."""
        value = self.resolve(call.callee)
        if value is None:
            return None
        if value[0] == "func":
            return self.functions.get(value[1])
        if value[0] == "class":
            init = self._class_member(value[1], "__init__")
            if init is not None and init[0] == "func":
                return self.functions.get(init[1])
        return None

    def value_type(self, ref: Ref) -> str | None:
        """The dotted class name of the object ``ref`` denotes, when known."""
        value = self.resolve(ref)
        if value is None or value[0] != "inst":
            return None
        inner = value[1]
        return str(inner[1]) if inner is not None else None

    def class_ancestors(self, qualname: str) -> Iterator[str]:
        """Dotted names of ``qualname`` and its known base classes, nearest first."""
        for value in self._mro(qualname):
            if value is not None:
                yield value[1]

    def name_of(self, value: Value) -> str | None:
        """The dotted name rules match against: a function's qualname or an external name."""
        if value is None:
            return None
        if value[0] in ("func", "ext", "class"):
            name: str = value[1]
            return name
        return None

    def iter_functions(self) -> Iterator[tuple[ModuleFacts, FunctionFacts]]:
        """Every function of the project with its module, in a stable order."""
        for module in self.modules.values():
            for fn in module.functions:
                yield module, fn

    # --- resolution ----------------------------------------------------------------------------

    def _resolve(self, ref: Ref) -> Value:
        value: Value
        attrs: Sequence[str]
        match ref:
            case GlobalRef(name=name):
                return self._dotted(name)
            case SelfRef(owner=owner, attrs=attrs):
                value = ("inst", ("class", owner))
            case ClsRef(owner=owner, attrs=attrs):
                value = ("class", owner)
            case SuperRef(owner=owner, attrs=attrs):
                if not attrs:
                    return None
                value = None
                for base in self._mro(owner)[1:]:
                    value = self._member_of_class_value(base, attrs[0])
                    if value is not None:
                        break
                attrs = attrs[1:]
            case ValRef(source=source, attrs=attrs):
                value = self._typeref_value(source)
        for attr in attrs:
            if value is None:
                return None
            value = self._attr(value, attr)
        return value

    def _is_external(self, dotted: str) -> bool:
        if dotted in self._external:
            return True
        return bool(self._external_prefixes) and dotted.startswith(self._external_prefixes)

    def _dotted(self, dotted: str) -> Value:
        if dotted in self.functions:
            return ("func", dotted)
        if self._is_external(dotted):
            return ("ext", dotted)
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if module in self.modules:
                value: Value = ("module", module)
                for attr in parts[cut:]:
                    if value is None:
                        return None
                    value = self._attr(value, attr)
                return value
        if parts[0] == "builtins" or parts[0] not in self._top_level_packages:
            return ("ext", dotted)
        return None

    def _typeref_value(self, typeref: TypeRef | None) -> Value:
        if typeref is None:
            return None
        if type(typeref) is SameAs:
            return self.resolve(typeref.ref)
        if type(typeref) is AnnotType:
            value = self.resolve(typeref.cls)
            if value is not None and value[0] in ("class", "ext"):
                return ("inst", value)
            return None
        if type(typeref) is CallType:
            return self._call_result(self.resolve(typeref.callee))
        return None

    def _call_result(self, callee: Value) -> Value:
        if callee is None:
            return None
        kind = callee[0]
        if kind == "class":
            return ("inst", callee)
        if kind == "ext":
            dotted: str = callee[1]
            if dotted in RETURNS:
                return ("inst", ("ext", RETURNS[dotted]))
            if dotted.rpartition(".")[2][:1].isupper():
                return ("inst", callee)
            return None
        if kind == "func" and callee[1] in RETURNS:
            return ("inst", ("ext", RETURNS[callee[1]]))
        return None

    def _attr(self, value: Value, attr: str) -> Value:
        assert value is not None
        kind = value[0]
        if kind == "ext":
            return self._dotted_ext(f"{value[1]}.{attr}")
        if kind == "module":
            return self._module_member(value[1], attr)
        if kind == "class":
            return self._class_member(value[1], attr)
        if kind == "inst":
            inner = value[1]
            if inner[0] == "ext":
                return self._dotted_ext(f"{inner[1]}.{attr}")
            if inner[0] == "class":
                return self._class_member(inner[1], attr)
        return None

    def _dotted_ext(self, dotted: str) -> Value:
        return ("ext", dotted)

    def _module_member(self, module: str, name: str, seen: frozenset[str] = frozenset()) -> Value:
        full = f"{module}.{name}"
        if self._is_external(full):
            return ("ext", full)
        facts = self.modules[module]
        symbol = facts.symbols.get(name)
        if symbol is not None:
            kind, payload = symbol
            if kind == "def":
                return ("func", payload) if payload in self.functions else None
            if kind == "class":
                return ("class", payload) if payload in self.classes else None
            if kind == "import":
                if payload == full:
                    return None
                return self.resolve(GlobalRef(payload)) if isinstance(payload, str) else None
            if kind == "var" and not isinstance(payload, str):
                return self._typeref_value(payload)
            return None
        if full in self.modules:
            return ("module", full)
        for star in facts.star_imports:
            if star in self.modules and star not in seen:
                value = self._module_member(star, name, seen | {module})
                if value is not None:
                    return value
        return None

    def _mro(self, qualname: str) -> tuple[Value, ...]:
        memo = self._mro_memo.get(qualname)
        if memo is not None:
            return memo
        self._mro_memo[qualname] = (("class", qualname),)  # cycle guard
        order: list[Value] = [("class", qualname)]
        cls = self.classes.get(qualname)
        if cls is not None:
            for base_ref in cls.bases:
                base = self.resolve(base_ref)
                if base is None:
                    continue
                if base[0] == "class":
                    chain: Sequence[Value] = self._mro(base[1])
                elif base[0] == "ext":
                    chain = (base,)
                else:
                    continue
                for item in chain:
                    if item not in order:
                        order.append(item)
        result = tuple(order)
        self._mro_memo[qualname] = result
        return result

    def _class_member(self, qualname: str, name: str) -> Value:
        for owner in self._mro(qualname):
            value = self._member_of_class_value(owner, name)
            if value is not None:
                return value
        return None

    def _member_of_class_value(self, owner: Value, name: str) -> Value:
        if owner is None:
            return None
        if owner[0] == "ext":
            return ("ext", f"{owner[1]}.{name}")
        cls = self.classes.get(owner[1])
        if cls is None:
            return None
        if name in cls.methods:
            qualname = f"{cls.qualname}.{name}"
            return ("func", qualname) if qualname in self.functions else None
        if name in cls.attributes:
            return self._typeref_value(cls.attributes[name])
        return None
