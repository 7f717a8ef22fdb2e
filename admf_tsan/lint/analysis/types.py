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

from admf_tsan.catalogue import BLOCKING_CLASSES, CATALOGUE

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
    "subprocess.Popen.stdout": "io.BufferedReader",
    "subprocess.Popen.stderr": "io.BufferedReader",
    "subprocess.Popen.stdin": "io.BufferedWriter",
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
