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
    AwaitedType,
    CallSite,
    CallType,
    ClassFacts,
    ClsRef,
    ElementOf,
    FunctionFacts,
    GlobalRef,
    ModuleFacts,
    Ref,
    SameAs,
    SelfRef,
    SuperRef,
    TypeRef,
    ValRef,
    with_attrs,
)
from admf_tsan.lint.analysis.known import EXTERNAL_NAMES, RETURNS
from admf_tsan.lint.analysis.types import (
    ATTRIBUTES,
    ITERATES,
    SUBSCRIPTS,
    TUPLES,
    canonical,
    variant_class,
    variant_member,
)

Value = tuple[Any, ...] | None
_IN_PROGRESS: Any = object()
_MISSING: Any = object()


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
        # The same answers by the reference object's identity (the object is kept, so its id
        # is not reused): a call site's ref is resolved by several rules, and hashing a
        # dataclass reference (recursively, in Python) costs more than the lookup.
        self._memo_by_id: dict[int, tuple[Ref, Value]] = {}
        self._mro_memo: dict[str, tuple[Value, ...]] = {}
        self._returning: set[str] = set()
        self._top_level_packages = frozenset(name.partition(".")[0] for name in self.modules)
        self._function_pairs: list[tuple[ModuleFacts, FunctionFacts]] | None = None
        self._imports_trio: bool | None = None
        self._receivers: dict[str, tuple[tuple[Ref, str, int, int], ...]] = {}

    # --- public ------------------------------------------------------------------------------

    @property
    def imports_trio(self) -> bool:
        """Whether a module of the project imports ``trio`` at its top level: its coroutines
        may run on trio, where ``asyncio.get_running_loop()`` raises on the loop's own thread."""
        if self._imports_trio is None:
            self._imports_trio = any(
                kind == "import"
                and isinstance(payload, str)
                and (payload == "trio" or payload.startswith("trio."))
                for facts in self.modules.values()
                for kind, payload in facts.symbols.values()
            )
        return self._imports_trio

    def receivers_of(self, name: str) -> tuple[tuple[Ref, str, int, int], ...]:
        """The calls of the method ``name`` (a dotted library or project name,
        ``paho.mqtt.client.Client.loop_start``) the project makes through an object: the object
        (``self.client`` of ``self.client.loop_start()``), the calling function, the line and
        the column. Only calls whose last attribute is ``name``'s are resolved."""
        known = self._receivers.get(name)
        if known is None:
            last = name.rpartition(".")[2]
            found: list[tuple[Ref, str, int, int]] = []
            for _, fn in self.iter_functions():
                for site in fn.calls:
                    receiver = _receiver(site.callee, last)
                    if receiver is not None and self.name_of(self.callee(site)) == name:
                        found.append((receiver, fn.qualname, site.line, site.column))
            known = self._receivers[name] = tuple(found)
        return known

    def resolve(self, ref: Ref) -> Value:
        """What ``ref`` denotes, or ``None`` when the analysis cannot tell (also for a
        reference met again while it is being resolved: a cycle)."""
        known = self._memo_by_id.get(id(ref))
        if known is not None and known[0] is ref:
            return known[1]
        memo = self._memo
        # A reference being resolved is in the memo as _IN_PROGRESS: each dict operation
        # hashes the reference again, in Python (a dataclass's ``__hash__``).
        value: Value = memo.get(ref, _MISSING)
        if value is _IN_PROGRESS:
            return None
        if value is not _MISSING:
            self._memo_by_id[id(ref)] = (ref, value)
            return value
        memo[ref] = _IN_PROGRESS
        try:
            value = self._resolve(ref)
        except BaseException:
            del memo[ref]
            raise
        memo[ref] = value
        self._memo_by_id[id(ref)] = (ref, value)
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
        """Every function of the project with its module, in a stable order.

        The pairs are listed once: the analyses and rules go over every function some twenty
        times a run, and a list is read without resuming a generator for each function."""
        pairs = self._function_pairs
        if pairs is None:
            pairs = self._function_pairs = [
                (module, fn) for module in self.modules.values() for fn in module.functions
            ]
        return iter(pairs)

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
            return ("ext", canonical(dotted))
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
            return ("ext", canonical(dotted))
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
            callee = typeref.callee
            if (
                not isinstance(callee, GlobalRef)
                and callee.attrs
                and callee.attrs[-1] == "__enter__"
            ):
                return self._entered(with_attrs(callee, callee.attrs[:-1]))
            result = self._call_result(self.resolve(callee))
            if typeref.variant is not None and result is not None and result[0] == "inst":
                variant = variant_class(result[1][1], typeref.variant)
                if variant is not None:
                    return ("inst", ("ext", variant))
            return result
        if type(typeref) is AwaitedType:
            function = self.resolve(typeref.callee)
            if function is not None and function[0] == "func":
                return self._returned(function[1], awaited=True)
            return None
        if type(typeref) is ElementOf:
            return self._element(typeref)
        return None

    def _entered(self, manager: Ref) -> Value:
        """What ``with manager as x`` binds: what its ``__enter__`` returns.

        A project ``__enter__`` says so by its annotation or its ``return``; a library class's
        ``__enter__`` returns the object itself (files, sockets, sessions, executors), unless
        :data:`RETURNS` says otherwise.
        """
        value = self.resolve(manager)
        if value is None or value[0] != "inst":
            return None
        enter = self._attr(value, "__enter__")
        if enter is None:
            return None
        if enter[0] == "func":
            return self._returned(enter[1], awaited=False)
        if enter[0] == "ext":
            name: str = enter[1]
            return ("inst", ("ext", RETURNS[name])) if name in RETURNS else value
        return None

    def _returned(self, qualname: str, *, awaited: bool) -> Value:
        """What calling (or, for a coroutine function, awaiting) project function ``qualname``
        gives, from its return annotation or its ``return`` statements."""
        function = self.functions.get(qualname)
        if function is None or function.is_generator:
            return None
        if (function.is_async and not function.sync_wrapper) != awaited:
            return None
        if qualname in self._returning:
            return None
        self._returning.add(qualname)
        try:
            return self._typeref_value(function.returns)
        finally:
            self._returning.discard(qualname)

    def _element(self, element: ElementOf) -> Value:
        """An element of a container whose annotation names its element class."""
        declared = self._declared(element.container)
        if declared is None or not declared.args:
            return None
        container = self.resolve(declared.cls)
        if container is None or container[0] != "ext":
            return None
        name: str = container[1]
        args = declared.args
        position: int | None
        if element.via == "values":
            position = 1 if SUBSCRIPTS.get(name) == 1 else None
        elif element.via == "item":
            position = SUBSCRIPTS.get(name)
        elif name in TUPLES:
            position = 0 if len(args) == 2 and args[1] is None else None
        else:
            position = ITERATES.get(name)
        if position is None or position >= len(args):
            return None
        arg = args[position]
        if arg is None:
            return None
        value = self.resolve(arg)
        if value is not None and value[0] in ("class", "ext"):
            return ("inst", value)
        return None

    def _declared(self, ref: Ref, depth: int = 0) -> AnnotType | None:
        """The annotation that declares what ``ref`` holds (parameter, variable or attribute)."""
        if depth > 8:
            return None
        typeref: TypeRef | None = None
        if isinstance(ref, GlobalRef):
            module, _, name = ref.name.rpartition(".")
            facts = self.modules.get(module)
            symbol = None if facts is None else facts.symbols.get(name)
            if symbol is not None and symbol[0] == "var" and not isinstance(symbol[1], str):
                typeref = symbol[1]
        elif not ref.attrs:
            typeref = ref.source if type(ref) is ValRef else None
        else:
            owner = self.resolve(with_attrs(ref, ref.attrs[:-1]))
            if owner is not None and owner[0] in ("inst", "class") and owner[0] != "ext":
                inner = owner[1] if owner[0] == "inst" else owner
                if inner[0] == "class":
                    typeref = self._attribute_typeref(inner[1], ref.attrs[-1])
        if type(typeref) is SameAs:
            return self._declared(typeref.ref, depth + 1)
        return typeref if type(typeref) is AnnotType else None

    def _attribute_typeref(self, qualname: str, attr: str) -> TypeRef | None:
        for ancestor in self._mro(qualname):
            if ancestor is None or ancestor[0] != "class":
                continue
            cls = self.classes.get(ancestor[1])
            if cls is not None and attr in cls.attributes:
                return cls.attributes[attr]
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
        if kind == "func":
            return self._returned(callee[1], awaited=False)
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
                dotted = f"{inner[1]}.{attr}"
                if inner[1][-1] == ">":
                    dotted = variant_member(inner[1], attr)
                if dotted in ATTRIBUTES:
                    return ("inst", ("ext", ATTRIBUTES[dotted]))
                return self._dotted_ext(dotted)
            if inner[0] == "class":
                return self._class_member(inner[1], attr)
        return None

    def rebound_on_instance(self, qualname: str, name: str) -> bool:
        """Whether ``name`` is a method of the class (or a base) that the classes also assign
        something else to (``self._send = self.context.send``): from then on the instance's
        attribute hides the method, so ``self._send()`` may call either. Resolution still
        gives the method (it may run); a rule that needs it to run for sure asks this."""
        classes = [
            cls
            for owner in self._mro(qualname)
            if owner and owner[0] == "class" and (cls := self.classes.get(owner[1])) is not None
        ]
        method = self._class_member(qualname, name)
        if method is None or method[0] != "func":
            return False
        for cls in classes:
            if name in cls.attributes and name not in cls.properties:
                typeref = cls.attributes[name]
                if typeref is None or self._typeref_value(typeref) != method:
                    return True
        return False

    def _dotted_ext(self, dotted: str) -> Value:
        return ("ext", canonical(dotted))

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
            if name in cls.properties:
                return self._returned(qualname, awaited=False)
            return ("func", qualname) if qualname in self.functions else None
        if name in cls.attributes:
            return self._typeref_value(cls.attributes[name])
        return None


def _receiver(callee: Ref, method: str) -> Ref | None:
    """The object ``callee`` calls ``method`` on: ``self.client`` of ``self.client.m``,
    ``mod.CLIENT`` of ``mod.CLIENT.m``; None when it calls another name."""
    if isinstance(callee, GlobalRef):
        owner, _, last = callee.name.rpartition(".")
        return GlobalRef(owner) if owner and last == method else None
    attrs = callee.attrs
    if not attrs or attrs[-1] != method:
        return None
    return with_attrs(callee, attrs[:-1])
