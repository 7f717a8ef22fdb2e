"""ADMF404: a dict or a counter changed by a function that runs in several threads at once,
with no lock."""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from admf_tsan.lint.analysis.scopes import bound_names
from admf_tsan.lint.analysis.syntax import NESTED_SCOPES, child_nodes, scope_nodes
from admf_tsan.lint.rule import FileContext, FileRule, Invalid

_THREAD = frozenset({"threading.Thread"})
_THREAD_POOLS = frozenset(
    {
        "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.thread.ThreadPoolExecutor",
        "multiprocessing.pool.ThreadPool",
        "multiprocessing.dummy.Pool",
    }
)
_DICTS = frozenset(
    {
        "dict",
        "builtins.dict",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.Counter",
    }
)
_DICT_MUTATORS = frozenset({"setdefault", "update", "pop", "popitem", "clear", "__setitem__"})
_STARTERS = frozenset({"submit", "map", "imap", "imap_unordered", "apply_async", "starmap"})
#: The method names of a call that may start threads (``visit_Call``'s first test).
_STARTING_METHODS = _STARTERS | {"Thread"}
_AUGMENTED: dict[type[ast.operator], str] = {
    ast.Add: "+=",
    ast.Sub: "-=",
    ast.Mult: "*=",
    ast.Div: "/=",
    ast.FloorDiv: "//=",
    ast.Mod: "%=",
    ast.Pow: "**=",
    ast.BitOr: "|=",
    ast.BitAnd: "&=",
    ast.BitXor: "^=",
    ast.LShift: "<<=",
    ast.RShift: ">>=",
}
_LOOPS = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.GeneratorExp,
    ast.DictComp,
)

Function = ast.FunctionDef | ast.AsyncFunctionDef
#: ``("g", name)`` for a module variable, ``("self", class name, attr)`` for an instance attribute.
DictKey = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThreadStart:
    """A place that runs ``entry`` in other threads: ``Thread(target=...)``, ``pool.submit``."""

    call: ast.Call
    entry: Function
    text: str
    starter: Function | None
    several: bool


@dataclass(frozen=True, slots=True)
class SharedDictRace:
    start: ThreadStart
    mutation: ast.AST
    name: str
    #: ``"dict"``, or ``"counter"`` for a number changed with ``+=`` (``n += 1``).
    kind: str = "dict"


def _is_number(value: ast.expr | None) -> bool:
    """A number literal (``0``, ``-1``, ``0.0``): what a counter starts from."""
    if type(value) is ast.UnaryOp and type(value.op) is ast.USub:
        value = value.operand
    return (
        type(value) is ast.Constant
        and type(value.value) in (int, float)
        and type(value.value) is not bool
    )


def _is_dict_value(value: ast.expr | None, ctx: FileContext) -> bool:
    if type(value) is ast.Dict or type(value) is ast.DictComp:
        return True
    if type(value) is ast.Call:
        func = value.func
        if type(func) is ast.Name and func.id == "dict":
            return True
        return ctx.dotted(func) in _DICTS
    return False


class _Module:
    """The thread starts of one module and the dicts their entry functions change unlocked."""

    def __init__(self, tree: ast.Module, ctx: FileContext) -> None:
        self.ctx = ctx
        self.functions: dict[str, Function] = {}
        self.methods: dict[tuple[str, str], Function] = {}
        self.class_of: dict[int, str] = {}
        self.module_dicts: set[str] = set()
        self.instance_dicts: set[tuple[str, str]] = set()
        # Numbers (a module variable or an attribute ``__init__`` sets to a number literal):
        # changed with ``+=`` by several threads, they lose updates as a dict does.
        self.module_counters: set[str] = set()
        self.instance_counters: set[tuple[str, str]] = set()
        # Per function (by id): whether it calls ``.acquire()``, and the names it declares
        # global and binds locally (its parameters and stores).
        self._acquires: dict[int, bool] = {}
        self._bindings: dict[int, tuple[set[str], set[str]]] = {}
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names = [t.id for t in targets if type(t) is ast.Name]
                if _is_dict_value(stmt.value, ctx):
                    self.module_dicts.update(names)
                elif _is_number(stmt.value):
                    self.module_counters.update(names)
        # One breadth-first pass (ast.walk's order) records every node's parent, the
        # functions and classes, and the calls that may start threads.
        self.parents: dict[int, ast.AST] = {}
        self.all_functions: list[Function] = []
        candidates: list[ast.Call] = []
        parents = self.parents
        queue: deque[ast.AST] = deque([tree])
        while queue:
            node = queue.popleft()
            # Contexts and operators are left out: no parent look-up starts at one.
            for child in child_nodes(node):
                parents[id(child)] = node
                queue.append(child)
            if type(node) is ast.Call:
                if self._may_start(node):
                    candidates.append(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.all_functions.append(node)
                self.functions.setdefault(node.name, node)
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        self.methods[(node.name, item.name)] = item
                        self.class_of[id(item)] = node.name
                        self._instance_containers(node.name, item)
        self.starts = list(self._starts(candidates))

    @cached_property
    def locked(self) -> set[DictKey]:
        return self._locked_dicts()

    def _instance_containers(self, cls: str, method: Function) -> None:
        """The dicts and counters ``__init__`` (``method``) of ``cls`` sets on ``self``."""
        if method.name != "__init__" or not method.args.args:
            return
        this = method.args.args[0].arg
        for node in scope_nodes(method.body):
            if type(node) is ast.Assign:
                if _is_dict_value(node.value, self.ctx):
                    found = self.instance_dicts
                elif _is_number(node.value):
                    found = self.instance_counters
                else:
                    continue
                for target in node.targets:
                    key = self._self_attr(target, this)
                    if key is not None:
                        found.add((cls, key))

    @staticmethod
    def _self_attr(node: ast.AST, this: str) -> str | None:
        if type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == this:
            return node.attr
        return None

    def enclosing(self, node: ast.AST) -> Function | None:
        current = self.parents.get(id(node))
        while current is not None:
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
                return current
            current = self.parents.get(id(current))
        return None

    def _in_loop(self, node: ast.AST) -> bool:
        current = self.parents.get(id(node))
        while current is not None and not isinstance(current, NESTED_SCOPES):
            if isinstance(current, _LOOPS):
                return True
            current = self.parents.get(id(current))
        return False

    def _joined_after(self, node: ast.AST) -> bool:
        """Whether the thread ``node`` builds (``t = Thread(target=f)``) is joined later in the
        same block (``t.join()``, no timeout): a loop that starts one thread and joins it each
        round runs ``f`` in one thread at a time."""
        assign = self.parents.get(id(node))
        if (
            type(assign) is not ast.Assign
            or len(assign.targets) != 1
            or type(assign.targets[0]) is not ast.Name
        ):
            return False
        name = assign.targets[0].id
        block = self.parents.get(id(assign))
        for statements in _blocks(block):
            if not any(stmt is assign for stmt in statements):
                continue
            for stmt in statements[statements.index(assign) + 1 :]:
                if _joins(stmt, name):
                    return True
                if _leaves_round(stmt) or bound_names([stmt], (name,), into_scopes=False):
                    return False  # a round that can skip the join, or another thread by the name
            return False
        return False

    def _under_lock(self, node: ast.AST) -> bool:
        """Inside ``with <name>:`` (a lock held, not a resource built by the ``with``)."""
        current = self.parents.get(id(node))
        while current is not None and not isinstance(current, NESTED_SCOPES):
            if isinstance(current, ast.With | ast.AsyncWith) and any(
                type(item.context_expr) is not ast.Call for item in current.items
            ):
                return True
            current = self.parents.get(id(current))
        function = self.enclosing(node)
        if function is None:
            return False
        acquires = self._acquires.get(id(function))
        if acquires is None:
            acquires = any(
                type(n) is ast.Call and type(n.func) is ast.Attribute and n.func.attr == "acquire"
                for n in scope_nodes(function.body)
            )
            self._acquires[id(function)] = acquires
        return acquires

    # --- dict mutations ------------------------------------------------------------------------

    def _dict_key(self, expr: ast.expr, function: Function) -> DictKey | None:
        if type(expr) is ast.Name and expr.id in self.module_dicts:
            if not self._binds_locally(function, expr.id):
                return ("g", expr.id)
        return self._instance_key(expr, function, self.instance_dicts)

    def _instance_key(
        self, expr: ast.expr, function: Function, known: set[tuple[str, str]]
    ) -> DictKey | None:
        """``("self", class, attr)`` for ``self.<attr>`` in a method, when ``known`` has it."""
        cls = self.class_of.get(id(function))
        if cls is not None and function.args.args:
            attr = self._self_attr(expr, function.args.args[0].arg)
            if attr is not None and (cls, attr) in known:
                return ("self", cls, attr)
        return None

    def _counter_key(self, expr: ast.expr, function: Function) -> DictKey | None:
        """The counter ``expr`` names in ``function``: a module variable it declares
        ``global``, or an attribute of ``self`` that ``__init__`` sets to a number."""
        if type(expr) is ast.Name and expr.id in self.module_counters:
            bindings = self._bindings.get(id(function))
            if bindings is None:
                bindings = _bindings(function)
                self._bindings[id(function)] = bindings
            if expr.id in bindings[0]:
                return ("g", expr.id)
            return None
        return self._instance_key(expr, function, self.instance_counters)

    def _binds_locally(self, function: Function, name: str) -> bool:
        bindings = self._bindings.get(id(function))
        if bindings is None:
            bindings = _bindings(function)
            self._bindings[id(function)] = bindings
        declared_global, local = bindings
        return name not in declared_global and name in local

    def mutations(self, function: Function) -> Iterator[tuple[DictKey, ast.AST]]:
        for node in scope_nodes(function.body):
            targets: list[ast.expr] = []
            if type(node) is ast.Assign:
                targets = node.targets
            elif type(node) is ast.AugAssign or type(node) is ast.AnnAssign:
                targets = [node.target]
            elif type(node) is ast.Delete:
                targets = node.targets
            for target in targets:
                if type(target) is ast.Subscript:
                    key = self._dict_key(target.value, function)
                    if key is not None:
                        yield key, node
            if type(node) is ast.AugAssign:
                key = self._counter_key(node.target, function)
                if key is not None:
                    yield key, node
            if type(node) is ast.Call and type(node.func) is ast.Attribute:
                if node.func.attr in _DICT_MUTATORS:
                    key = self._dict_key(node.func.value, function)
                    if key is not None:
                        yield key, node

    def _kind(self, key: DictKey) -> str:
        if key[0] == "g":
            return "counter" if key[1] in self.module_counters else "dict"
        return "counter" if (key[1], key[2]) in self.instance_counters else "dict"

    def _locked_dicts(self) -> set[DictKey]:
        """Dicts changed under a lock somewhere: their discipline is ADMF401's business."""
        locked: set[DictKey] = set()
        for node in self.all_functions:
            for key, mutation in self.mutations(node):
                if self._under_lock(mutation):
                    locked.add(key)
        return locked

    # --- thread starts -------------------------------------------------------------------------

    def _may_start(self, call: ast.Call) -> bool:
        """Whether :meth:`_start` can accept ``call`` (cheap: no enclosing function needed)."""
        func = call.func
        return bool(
            (type(func) is ast.Attribute and func.attr in _STARTERS and call.args)
            or self.ctx.dotted(func) in _THREAD
        )

    def _starts(self, calls: list[ast.Call]) -> Iterator[ThreadStart]:
        for node in calls:
            starter = self.enclosing(node)
            found = self._start(node, starter)
            if found is not None:
                entry_expr, text, several = found
                entry = self._resolve(entry_expr, starter)
                if entry is not None:
                    several = several or (self._in_loop(node) and not self._joined_after(node))
                    yield ThreadStart(node, entry, text, starter, several)

    def _start(self, call: ast.Call, starter: Function | None) -> tuple[ast.expr, str, bool] | None:
        func = call.func
        if self.ctx.dotted(func) in _THREAD:
            for keyword in call.keywords:
                if keyword.arg == "target":
                    return keyword.value, "threading.Thread(target=...)", False
            return None
        if type(func) is ast.Attribute and func.attr in _STARTERS and call.args:
            if self._is_thread_pool(func.value, starter):
                several = func.attr != "submit" and func.attr != "apply_async"
                return call.args[0], f"{ast.unparse(func)}(...)", several
        return None

    def _is_thread_pool(self, receiver: ast.expr, starter: Function | None) -> bool:
        if type(receiver) is ast.Call:
            return self.ctx.dotted(receiver.func) in _THREAD_POOLS
        if starter is None or type(receiver) is not ast.Name:
            return False
        for node in scope_nodes(starter.body):
            if isinstance(node, ast.With | ast.AsyncWith):
                for item in node.items:
                    var = item.optional_vars
                    if type(var) is ast.Name and var.id == receiver.id:
                        expr = item.context_expr
                        if type(expr) is ast.Call and self.ctx.dotted(expr.func) in _THREAD_POOLS:
                            return True
            if type(node) is ast.Assign and type(node.value) is ast.Call:
                names = [t.id for t in node.targets if type(t) is ast.Name]
                if receiver.id in names and self.ctx.dotted(node.value.func) in _THREAD_POOLS:
                    return True
        return False

    def _resolve(self, expr: ast.expr, starter: Function | None) -> Function | None:
        if type(expr) is ast.Name:
            return self.functions.get(expr.id)
        if (
            type(expr) is ast.Attribute
            and type(expr.value) is ast.Name
            and starter is not None
            and starter.args.args
            and expr.value.id == starter.args.args[0].arg
        ):
            cls = self.class_of.get(id(starter))
            if cls is not None:
                return self.methods.get((cls, expr.attr))
        return None

    def races(self) -> list[SharedDictRace]:
        by_entry: dict[int, list[ThreadStart]] = {}
        for start in self.starts:
            by_entry.setdefault(id(start.entry), []).append(start)
        found: list[SharedDictRace] = []
        for starts in by_entry.values():
            first = min(starts, key=lambda s: (s.call.lineno, s.call.col_offset))
            several = len(starts) > 1 or any(s.several for s in starts)
            if not several:
                continue
            seen: set[DictKey] = set()
            for key, mutation in self.mutations(first.entry):
                if key in seen or key in self.locked or self._under_lock(mutation):
                    continue
                seen.add(key)
                name = key[1] if key[0] == "g" else f"self.{key[2]}"
                kind = "dict" if type(mutation) is not ast.AugAssign else self._kind(key)
                found.append(SharedDictRace(first, mutation, name, kind))
        return found


def _bindings(function: Function) -> tuple[set[str], set[str]]:
    """The names ``function`` declares global, and those it binds locally: its parameters
    and the names it stores (a name declared global is not local, whatever it stores)."""
    declared_global: set[str] = set()
    local: set[str] = set()
    arguments = function.args
    local.update(a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs))
    for node in scope_nodes(function.body):
        if type(node) is ast.Global:
            declared_global.update(node.names)
        elif type(node) is ast.Name and type(node.ctx) is ast.Store:
            local.add(node.id)
    return declared_global, local


class SharedDictFromThreads(FileRule):
    """ADMF404: a dict or a counter is changed by a function that runs in several threads,
    and no lock guards it anywhere.

    A module-level dict (or one an object creates in `__init__`) that a thread entry point changes
    (`d[k] = v`, `d[k] += 1`, `del d[k]`, `d.setdefault()`, `d.update()`, `d.pop()`) while that
    entry point runs in several threads at once: `threading.Thread(target=fn)` created in a loop
    (unless each round joins it, `t.join()` later in the same block, before the next round starts
    another) or more than once, `pool.submit(fn, ...)` in a loop or `pool.map(fn, ...)` on a
    `ThreadPoolExecutor`. A read-modify-write such as `d[k] += 1` or `d[k] = d.get(k, 0) + 1` loses
    updates when two threads interleave, and a thread that iterates the dict while another adds a
    key fails with `RuntimeError: dictionary changed size during iteration`. The same holds for a
    counter: a module variable set to a number (`hits = 0`) that the entry point changes with
    `global hits; hits += 1`, or an attribute `__init__` sets to a number changed with `self.done +=
    1`: `+=` loads, adds and stores in separate steps, and two threads that load the same value lose
    one increment.

    Not flagged: dicts and counters changed under a lock anywhere (`with lock:`; whether every
    access holds it is ADMF401/402's business), a function that runs in one thread only, and
    what the starting thread does after `join()` or after leaving `with ThreadPoolExecutor()`
    (only the entry point's own body is checked). Process pools do not share the state and
    are not flagged. Helpers called by the entry point are not followed.

    Fix: create a `threading.Lock()` next to the dict or counter and hold it around each
    change, or let each thread return its result (`results = dict(zip(urls, pool.map(fetch,
    urls)))`, `hits = sum(pool.map(visit, urls))`).
    """

    code = "ADMF404"
    name = "shared-dict-from-threads"
    VALID: ClassVar[list[str]] = [
        "import threading\nfrom concurrent.futures import ThreadPoolExecutor\n\n"
        "counts = {}\nlock = threading.Lock()\n\ndef count(word):\n    with lock:\n"
        "        counts[word] = counts.get(word, 0) + 1\n\ndef count_all(words):\n"
        "    with ThreadPoolExecutor() as pool:\n        list(pool.map(count, words))\n"
        "    return counts\n",
        "from concurrent.futures import ThreadPoolExecutor\n\ndef size(path):\n"
        "    return len(path)\n\ndef sizes(paths):\n    with ThreadPoolExecutor() as pool:\n"
        "        return dict(zip(paths, pool.map(size, paths)))\n",
        "from concurrent.futures import ThreadPoolExecutor\n\ndef visit(url):\n"
        "    return 1\n\ndef crawl(urls):\n    with ThreadPoolExecutor() as pool:\n"
        "        return sum(pool.map(visit, urls))\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nhits = {}\n\ndef fetch(url):\n"
            "    hits[url] = hits.get(url, 0) + 1\n\ndef crawl(urls):\n"
            "    threads = [threading.Thread(target=fetch, args=(u,)) for u in urls]\n"
            "    for t in threads:\n        t.start()\n    for t in threads:\n        t.join()\n",
            message="`hits` is changed in `fetch()`, which runs in several threads at once",
        ),
        Invalid(
            "from concurrent.futures import ThreadPoolExecutor\n\nclass Crawler:\n"
            "    def __init__(self):\n        self.seen = {}\n\n    def _visit(self, url):\n"
            "        self.seen[url] = True\n\n    def run(self, urls):\n"
            "        with ThreadPoolExecutor() as pool:\n            pool.map(self._visit, urls)\n",
        ),
        Invalid(
            "import threading\n\nhits = 0\n\ndef visit(url):\n    global hits\n"
            "    hits += 1\n\ndef crawl(urls):\n"
            "    threads = [threading.Thread(target=visit, args=(u,)) for u in urls]\n"
            "    for t in threads:\n        t.start()\n    for t in threads:\n        t.join()\n"
            "    return hits\n",
            message="`hits += ...` in `visit()`, which runs in several threads at once",
        ),
    ]

    _memo: ClassVar[dict[tuple[str, int], list[SharedDictRace]]] = {}

    def visit_Call(self, node: ast.Call, ctx: FileContext) -> None:
        func = node.func
        if not (
            (type(func) is ast.Attribute and func.attr in _STARTING_METHODS)
            or (type(func) is ast.Name and func.id == "Thread")
        ):
            return
        for race in self._races(ctx):
            start = race.start
            if (start.call.lineno, start.call.col_offset) != (node.lineno, node.col_offset):
                continue
            where = f" in `{start.starter.name}()`" if start.starter is not None else ""
            runs = (
                f"`{start.entry.name}()`, which runs in several threads at once "
                f"(`{start.text}`{where}, line {start.call.lineno}), and no lock guards it"
            )
            if race.kind == "counter":
                mutation = race.mutation
                op = "+="
                if type(mutation) is ast.AugAssign:
                    op = _AUGMENTED.get(type(mutation.op), op)
                ctx.report(
                    mutation,
                    f"`{race.name} {op} ...` in {runs}: it reads, computes and stores in separate "
                    "steps, so two threads can read the same value and one update is lost; "
                    "hold a `threading.Lock()` around it, or have each thread return its "
                    "count and add them up after the join",
                )
                continue
            ctx.report(
                race.mutation,
                f"`{race.name}` is changed in {runs}: concurrent read-modify-writes lose "
                "updates and a thread iterating it fails with `dictionary changed size during "
                "iteration`; hold a `threading.Lock()` around each change, or have each thread "
                "return its result",
            )

    def _races(self, ctx: FileContext) -> list[SharedDictRace]:
        key = (ctx.path, hash(ctx.text))
        races = self._memo.get(key)
        if races is None:
            if len(self._memo) > 64:
                self._memo.clear()
            if "Thread" in ctx.text or "dummy" in ctx.text:
                races = _Module(ctx.tree, ctx).races()
            else:
                # Every thread start names threading.Thread, a ThreadPool(Executor) or
                # multiprocessing.dummy somewhere in the file: without them there is none.
                races = []
            self._memo[key] = races
        return races


def _blocks(node: ast.AST | None) -> list[list[ast.stmt]]:
    """The statement lists directly inside ``node`` (a body, an ``else``, a ``finally``)."""
    if node is None:
        return []
    return [
        value
        for field in ("body", "orelse", "finalbody")
        if isinstance(value := getattr(node, field, None), list)
    ]


def _joins(stmt: ast.stmt, name: str) -> bool:
    """``name.join()`` with no timeout, as a statement of its own."""
    call = stmt.value if type(stmt) is ast.Expr else None
    return (
        type(call) is ast.Call
        and type(call.func) is ast.Attribute
        and call.func.attr == "join"
        and type(call.func.value) is ast.Name
        and call.func.value.id == name
        and not call.args
        and not call.keywords
    )


def _leaves_round(stmt: ast.stmt) -> bool:
    """Whether ``stmt`` can end the loop round early (``continue`` or ``break`` of this loop;
    ``return``, ``raise``, ``yield`` or ``await`` anywhere outside nested functions)."""
    stack: list[tuple[ast.AST, bool]] = [(stmt, False)]
    while stack:
        node, nested_loop = stack.pop()
        if isinstance(node, ast.Continue | ast.Break) and not nested_loop:
            return True
        if isinstance(node, ast.Return | ast.Raise | ast.Yield | ast.YieldFrom | ast.Await):
            return True
        if isinstance(node, NESTED_SCOPES):
            continue
        inner = nested_loop or isinstance(node, _LOOPS)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return False
