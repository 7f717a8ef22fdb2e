"""Type knowledge the analysis has without reading a library: what calls return, what
attributes and operators give, what containers hold, and which spellings name the same thing.

The extractor turns annotations, assignments and ``with`` targets into symbolic
:data:`~admf_tsan.lint.analysis.facts.TypeRef` values; :class:`~admf_tsan.lint.analysis.index.
ProjectIndex` resolves them with the project's own classes and functions (their bases, the
annotated return values of their methods and properties) and with these tables for everything
outside the project. A value the tables do not describe has no type: rules never guess from a
method's name.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from admf_tsan.catalogue import (
    BLOCKING_CLASSES,
    BUILT_VARIANTS,
    CATALOGUE,
    NOT_GIVEN,
    PIPE_ATTRIBUTES,
    BuiltVariant,
    argument_matches,
    is_ip_address,
)

_PATH = "pathlib.Path"
_PURE = "pathlib.PurePath"
#: Methods of a path that return another path of the same kind (pure ones included).
_PATH_RETURNING = (
    "joinpath",
    "with_name",
    "with_stem",
    "with_suffix",
    "relative_to",
    "__truediv__",
    "__rtruediv__",
)
_PATH_ONLY_RETURNING = ("resolve", "absolute", "expanduser", "readlink")

#: callee -> class of the object it returns, in addition to ``known.RETURNS``.
RETURNS: dict[str, str] = {
    **{f"{_PATH}.{method}": _PATH for method in (*_PATH_RETURNING, *_PATH_ONLY_RETURNING)},
    **{f"{_PURE}.{method}": _PURE for method in _PATH_RETURNING},
    f"{_PATH}.open": "io.TextIOWrapper",
    "pathlib.PosixPath": _PATH,
    "pathlib.WindowsPath": _PATH,
    "os.fdopen": "io.TextIOWrapper",
    "io.open_code": "io.BufferedReader",
    "codecs.open": "codecs.StreamReaderWriter",
    "ssl.create_default_context": "ssl.SSLContext",
    "ssl._create_unverified_context": "ssl.SSLContext",
    "ssl.SSLContext.wrap_socket": "ssl.SSLSocket",
    "socket.socket.makefile": "io.BufferedReader",
    "urllib3.connection_from_url": "urllib3.HTTPConnectionPool",
    "urllib3.PoolManager.connection_from_url": "urllib3.HTTPConnectionPool",
    "urllib3.PoolManager.connection_from_host": "urllib3.HTTPConnectionPool",
    "requests.session": "requests.Session",
    "sqlite3.Cursor.executemany": "sqlite3.Cursor",
    "sqlite3.Connection.executemany": "sqlite3.Cursor",
    "sqlite3.Connection.executescript": "sqlite3.Cursor",
}

#: ``class.attribute`` -> class of the attribute's value (properties and data attributes).
ATTRIBUTES: dict[str, str] = {
    f"{_PATH}.parent": _PATH,
    f"{_PURE}.parent": _PURE,
    # A child's pipes: their reads and writes wait for the child (ADMF103), not the disk.
    **PIPE_ATTRIBUTES,
    "http.client.HTTPResponse.fp": "io.BufferedReader",
}

#: Binary operators typed as a call of the left operand's method (``p / "x"`` is
#: ``p.__truediv__("x")``): the operator's node type name -> the method.
OPERATOR_METHODS: dict[str, str] = {"Div": "__truediv__"}

#: Containers by how their elements are reached: ``for x in c`` gives the type argument at
#: ``ITERATES[c]``, ``c[k]`` the one at ``SUBSCRIPTS[c]`` (``dict[K, V]``: keys, values).
_SEQUENCES = (
    "builtins.list",
    "builtins.set",
    "builtins.frozenset",
    "collections.deque",
    "typing.List",
    "typing.Set",
    "typing.FrozenSet",
    "typing.Deque",
    "typing.Sequence",
    "typing.MutableSequence",
    "typing.Iterable",
    "typing.Iterator",
    "typing.Collection",
    "typing.AbstractSet",
    "typing.MutableSet",
    "collections.abc.Sequence",
    "collections.abc.MutableSequence",
    "collections.abc.Iterable",
    "collections.abc.Iterator",
    "collections.abc.Collection",
    "collections.abc.Set",
    "collections.abc.MutableSet",
    "weakref.WeakSet",
)
_MAPPINGS = (
    "builtins.dict",
    "typing.Dict",
    "typing.Mapping",
    "typing.MutableMapping",
    "typing.DefaultDict",
    "typing.OrderedDict",
    "collections.OrderedDict",
    "collections.defaultdict",
    "collections.abc.Mapping",
    "collections.abc.MutableMapping",
    "weakref.WeakValueDictionary",
    "weakref.WeakKeyDictionary",
)
ITERATES: dict[str, int] = {**dict.fromkeys(_SEQUENCES, 0), **dict.fromkeys(_MAPPINGS, 0)}
SUBSCRIPTS: dict[str, int] = {
    **{name: 0 for name in _SEQUENCES if not name.lower().endswith("set")},
    **dict.fromkeys(_MAPPINGS, 1),
}
#: Methods of a mapping whose iteration gives its values (``for v in d.values()``).
VALUE_VIEWS = frozenset({"values"})
#: ``tuple[X, ...]``: iterated and subscripted, its first argument.
TUPLES = frozenset({"builtins.tuple", "typing.Tuple"})

#: Annotation wrappers whose meaning is their one argument that is not ``None``. Written without
#: an import (``Optional[X]`` in a file that never imports ``typing``: the annotation is never
#: evaluated) they mean the same.
WRAPPERS = frozenset({"Optional", "Union", "Annotated", "ClassVar", "Final"})

#: Spellings of one external thing: a module's private home -> its public name (prefixes).
CANONICAL: dict[str, str] = {
    "requests.sessions.Session": "requests.Session",
    "requests.api": "requests",
    "httpx._client.Client": "httpx.Client",
    "httpx._api": "httpx",
    "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
    "urllib3.poolmanager.ProxyManager": "urllib3.ProxyManager",
    "_io": "io",
    "posixpath": "os.path",
    "ntpath": "os.path",
    "genericpath": "os.path",
    "pathlib.PosixPath": _PATH,
    "pathlib.WindowsPath": _PATH,
}
_CANONICAL_PREFIXES = tuple(sorted(CANONICAL, key=len, reverse=True))


def canonical(dotted: str) -> str:
    """The public spelling of an external dotted name (``_io.TextIOWrapper`` -> ``io.``...)."""
    if not dotted.startswith(_CANONICAL_PREFIXES):
        return dotted
    for prefix in _CANONICAL_PREFIXES:
        if dotted == prefix or dotted.startswith(prefix + "."):
            return CANONICAL[prefix] + dotted[len(prefix) :]
    return dotted


#: The top-level modules of the blocking-call catalogue. A name spelled like one that the file
#: never binds (``requests.get(u)`` with no ``import requests``: code that only runs where
#: something else provides the name) is read as that module; any other unbound name stays unknown.
CATALOGUE_MODULES = frozenset(
    name.partition(".")[0]
    for name in (*(call.name for call in CATALOGUE), *(cls.name for cls in BLOCKING_CLASSES))
) - {"builtins"}

#: Modules every interpreter has loaded before any user code runs: importing one in a coroutine
#: reads no file.
ALWAYS_LOADED = frozenset(
    {
        "sys",
        "builtins",
        "os",
        "os.path",
        "posixpath",
        "io",
        "abc",
        "codecs",
        "stat",
        "time",
        "marshal",
        "errno",
        "itertools",
        "types",
        "_thread",
        "_io",
        "_weakref",
        "_warnings",
        "gc",
    }
)


#: Decorators that turn an ``async def`` into a plain function: calling it runs the coroutine to
#: completion on an event loop the decorator drives and returns its result (tornado's test
#: decorator runs it with ``IOLoop.run_sync``; asgiref's and asyncer's on a loop of their own).
#: ``pytest.mark.asyncio`` is not one: the plugin awaits the coroutine function it marks.
SYNC_RUNNERS = frozenset(
    {
        "tornado.testing.gen_test",
        "asgiref.sync.async_to_sync",
        "asgiref.sync.AsyncToSync",
        "asyncer.syncify",
    }
)

#: Decorators known to leave an ``async def`` a function whose call gives a coroutine: they
#: return it (``staticmethod``, ``abc.abstractmethod``, ``typing.overload``, pytest's marks) or a
#: wrapper whose call returns the coroutine (``functools.lru_cache``; ``unittest.mock.patch``
#: wraps a coroutine function in one). ``functools.wraps(f)`` only copies names onto the wrapper
#: it decorates. Any other decorator (``contextlib.asynccontextmanager``, a project's own, such
#: as textual's ``@work``, whose plain wrapper starts the coroutine as a worker) may return
#: anything, unless the project's decorator is read (see :func:`may_change_coroutine`).
COROUTINE_KEEPERS = frozenset(
    {
        "builtins.staticmethod",
        "builtins.classmethod",
        "abc.abstractmethod",
        "abc.abstractclassmethod",
        "abc.abstractstaticmethod",
        "typing.overload",
        "typing.override",
        "typing.final",
        "typing.no_type_check",
        "typing_extensions.overload",
        "typing_extensions.override",
        "typing_extensions.final",
        "typing_extensions.deprecated",
        "warnings.deprecated",
        "functools.wraps",
        "functools.cache",
        "functools.lru_cache",
        "types.coroutine",
        "unittest.mock.patch",
        "unittest.mock.patch.object",
        "unittest.mock.patch.dict",
        "unittest.mock.patch.multiple",
        "mock.patch",
        "mock.patch.object",
        "mock.patch.dict",
        "mock.patch.multiple",
    }
)
_KEEPER_PREFIXES = ("pytest.mark.",)

_Def = ast.FunctionDef | ast.AsyncFunctionDef


def _returned_def(function: _Def) -> _Def | None:
    """The function nested in ``function``'s body that every ``return`` of it returns (``def
    decorator(f): ... def wrapper(...): ...; return wrapper``), if there is one; ``function``
    itself when every ``return`` gives its first parameter back (``return f``)."""
    nested = {stmt.name: stmt for stmt in function.body if isinstance(stmt, _Def)}
    params = function.args.posonlyargs + function.args.args
    returned: set[str] = set()
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue  # a nested function's returns are its own
        if type(node) is ast.Return:
            if type(node.value) is not ast.Name:
                return None
            returned.add(node.value.id)
        todo.extend(ast.iter_child_nodes(node))
    if len(returned) != 1:
        return None
    (name,) = returned
    if params and name == params[0].arg and name not in nested:
        return function
    return nested.get(name)


def may_change_coroutine(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    dotted: Callable[[ast.expr], str | None],
    module: str,
    tree: ast.Module,
) -> bool:
    """Whether a decorator of ``node`` may make calling it give something else than a coroutine.

    Known keepers (:data:`COROUTINE_KEEPERS`) keep it; the runners of :data:`SYNC_RUNNERS` are
    recorded apart. A decorator defined at the top of the same module is read: it keeps the
    coroutine when it returns the function it gets, or a nested ``async def``, and so does a
    decorator factory (``@retry(3)``) whose nested decorator does; a nested plain ``def`` (a
    wrapper that starts the coroutine itself and returns something else), or anything else,
    may change it, and so may every other decorator.
    """
    defs = {stmt.name: stmt for stmt in tree.body if isinstance(stmt, _Def)}
    for decorator in node.decorator_list:
        factory = type(decorator) is ast.Call
        name = dotted(decorator.func if type(decorator) is ast.Call else decorator)
        if name is None:
            return True
        if name in SYNC_RUNNERS or name in COROUTINE_KEEPERS or name.startswith(_KEEPER_PREFIXES):
            continue
        owner, _, local = name.rpartition(".")
        found = defs.get(local) if owner == module else None
        if type(found) is not ast.FunctionDef:
            return True
        if factory:  # ``@retry(3)``: the factory returns the decorator
            inner = _returned_def(found)
            if inner is found or type(inner) is not ast.FunctionDef:
                return True
            found = inner
        wrapper = _returned_def(found)
        if wrapper is found:
            continue  # ``return f``: the function itself
        if type(wrapper) is not ast.AsyncFunctionDef:
            return True
    return False


# --- arguments and the objects they build -----------------------------------------------------

_LITERALS = (bool, int, float, type(None))
#: OR-ed constants followed through module constants (``_NUMERIC = A | B``) at most this deep.
_CONSTANT_DEPTH = 4
#: At most this many constants OR-ed in one argument are recorded.
_MAX_FLAGS = 16


def read_argument(
    node: ast.expr,
    dotted: Callable[[ast.expr], str | None],
    module_constant: Callable[[str], ast.expr | None],
) -> Any:
    """What the facts record of an argument (see ``catalogue.argument_matches``).

    A literal (``bool``, ``int``, ``float``, ``None``, a negative number) as itself; a string
    or bytes literal only when it is an IP address, as a string (a lookup of it returns at once;
    other strings would only fill the cache); constants named in upper case, alone or OR-ed
    (``socket.AI_NUMERICHOST | AI_NUMERICSERV``, or a constant of this module assigned such an
    expression), as the tuple of their dotted names; anything else as ``NOT_GIVEN``.
    ``dotted`` names an expression, ``module_constant`` gives the value assigned to a
    module-level name of this file.
    """
    if isinstance(node, ast.Name):
        if not node.id.isupper():
            return NOT_GIVEN
    elif isinstance(node, ast.Attribute):
        if not node.attr.isupper():
            return NOT_GIVEN
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, _LITERALS):
            return value
        if type(value) is bytes:
            # ``getaddrinfo(b"::1", ...)``: only whether it is an address matters.
            value = value.decode("latin-1")
        if type(value) is str and _may_be_ip_address(value) and is_ip_address(value):
            return value
        return NOT_GIVEN
    elif isinstance(node, ast.UnaryOp):
        operand = node.operand
        if type(node.op) is ast.USub and isinstance(operand, ast.Constant):
            number = operand.value
            if type(number) is int or type(number) is float:
                return -number
        return NOT_GIVEN
    elif not isinstance(node, ast.BinOp) or type(node.op) is not ast.BitOr:
        return NOT_GIVEN
    names = _constant_names(node, dotted, module_constant, _CONSTANT_DEPTH)
    return names if names else NOT_GIVEN


_IP_CHARACTERS = frozenset("0123456789abcdefABCDEF.:")


def _may_be_ip_address(text: str) -> bool:
    """A cheap test before parsing: most string arguments are not addresses (and a failed
    parse raises)."""
    return 2 < len(text) <= 45 and (":" in text or "." in text) and set(text) <= _IP_CHARACTERS


def _constant_names(
    node: ast.expr,
    dotted: Callable[[ast.expr], str | None],
    module_constant: Callable[[str], ast.expr | None],
    depth: int,
) -> tuple[str, ...]:
    """The dotted names of the upper-case constants OR-ed in ``node`` (empty: not only those).

    Iterative, and at most :data:`_MAX_FLAGS` of them: an argument is never a deep tree here.
    """
    names: list[str] = []
    stack: list[tuple[ast.expr, int]] = [(node, depth)]
    while stack:
        if len(names) + len(stack) > _MAX_FLAGS:
            return ()
        current, left = stack.pop()
        if isinstance(current, ast.BinOp):
            if type(current.op) is not ast.BitOr:
                return ()
            stack.append((current.right, left))
            stack.append((current.left, left))
            continue
        if isinstance(current, ast.Attribute):
            short = current.attr
        elif isinstance(current, ast.Name):
            short = current.id
            value = module_constant(short) if left > 0 and short.isupper() else None
            if value is not None:
                stack.append((value, left - 1))
                continue
        else:
            return ()
        name = dotted(current) if short.isupper() else None
        if name is None:
            return ()
        names.append(name)
    return tuple(names)


def _built_by() -> dict[str, tuple[BuiltVariant, ...]]:
    table: dict[str, tuple[BuiltVariant, ...]] = {}
    for built in BUILT_VARIANTS:
        for cls in built.classes:
            table[cls] = (*table.get(cls, ()), built)
    return table


#: Constructor -> the catalogue's objects it may build that differ from its plain instances.
_BUILT_BY = _built_by()
#: ``variant`` -> the methods whose blocking depends on it (they keep the variant's name).
_VARIANT_METHODS = {built.variant: frozenset(built.methods) for built in BUILT_VARIANTS}
#: Variant classes with entries of their own for all their methods (a pipe's file object).
_VARIANT_CLASSES = frozenset(c.name for c in BLOCKING_CLASSES if c.name.endswith(">"))


def built_variant(constructor: str, call: ast.Call, read: Callable[[ast.expr], Any]) -> str | None:
    """The variant the catalogue gives what ``call`` of ``constructor`` builds, if any.

    ``socket.socket(AF_INET, SOCK_DGRAM)`` -> ``"SOCK_DGRAM"``, ``queue.Queue(10)`` ->
    ``"bounded"``; ``None`` when the arguments do not say (``*args``, ``**kwargs``, a value
    the linter cannot read) or the constructor has no variants.
    """
    variants = _BUILT_BY.get(constructor)
    if variants is None:
        return None
    if any(type(arg) is ast.Starred for arg in call.args) or any(
        keyword.arg is None for keyword in call.keywords
    ):
        return None
    for built in variants:
        given: Any = NOT_GIVEN
        if built.position < len(call.args):
            given = read(call.args[built.position])
        else:
            for keyword in call.keywords:
                if keyword.arg == built.keyword:
                    given = read(keyword.value)
        if any(argument_matches(expected, given) for expected in built.values):
            if given is NOT_GIVEN and _given(call, built.position, built.keyword):
                continue  # given, but not readable: not known to be the variant
            return str(built.variant)
    return None


def _given(call: ast.Call, position: int, keyword: str) -> bool:
    return position < len(call.args) or any(k.arg == keyword for k in call.keywords)


def variant_class(cls: str, variant: str) -> str | None:
    """The class name of ``cls`` instances of ``variant`` (``socket.socket<SOCK_DGRAM>``), or
    ``None`` when the catalogue gives ``cls`` no such variant."""
    for built in _BUILT_BY.get(cls, ()):
        if built.variant == variant:
            return f"{cls}<{variant}>"
    return None


def variant_member(cls: str, attr: str) -> str:
    """The dotted name of method ``attr`` of a variant class ``cls`` (``socket.socket<...>``):
    the plain class's method, except the ones whose blocking the variant decides, which keep
    the variant's name (``queue.Queue<bounded>.put``: only the entries filed under that name
    match them). A variant the catalogue lists as a class of its own (a child's pipe,
    ``io.BufferedReader<pipe>``) keeps its name for every method."""
    if cls in _VARIANT_CLASSES:
        return f"{cls}.{attr}"
    base, _, variant = cls.partition("<")
    if attr in _VARIANT_METHODS.get(variant[:-1], ()):
        return f"{cls}.{attr}"
    return f"{base}.{attr}"
