"""ADMF204: ``lock.acquire()`` without a guaranteed ``release()`` (no ``with``, no ``finally``)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import ClassVar

from admf_tsan.lint.analysis.facts import CallType, ClsRef, GlobalRef, SelfRef, TypeRef, ValRef
from admf_tsan.lint.analysis.locks import LOCK_TYPES
from admf_tsan.lint.analysis.syntax import NESTED_SCOPES, scope_nodes
from admf_tsan.lint.ftypes import Edit, Fix
from admf_tsan.lint.rule import FileContext, FileRule, Invalid

#: Functions that take a lock for their caller to release (a lock protocol of their own).
_PROTOCOL_NAMES = ("__enter__", "__aenter__", "acquire", "_acquire", "lock", "_lock")

Block = list[ast.stmt]


def _lock_method_call(node: ast.AST, method: str) -> ast.expr | None:
    """The receiver of ``<receiver>.<method>(...)`` when ``node`` is that call, else ``None``."""
    if type(node) is ast.Call:
        func = node.func
        if type(func) is ast.Attribute and func.attr == method:
            return func.value
    return None


def _blocks(stmt: ast.stmt) -> Iterator[tuple[Block, ast.stmt]]:
    """The statement lists directly inside ``stmt`` with ``stmt`` as their owner."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(stmt, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            yield block, stmt
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body, stmt
    for case in getattr(stmt, "cases", ()):
        yield case.body, stmt


def find_block(
    function: ast.FunctionDef | ast.AsyncFunctionDef, target: ast.stmt
) -> list[tuple[Block, ast.stmt]]:
    """The chain of (block, owner) from the function body down to the block holding ``target``."""
    stack: list[list[tuple[Block, ast.stmt]]] = [[(function.body, function)]]
    while stack:
        chain = stack.pop()
        block = chain[-1][0]
        for stmt in block:
            if stmt is target:
                return chain
            if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                continue
            for inner, owner in _blocks(stmt):
                stack.append([*chain, (inner, owner)])
    return []


def _releases(nodes: list[ast.stmt], lock: str) -> bool:
    for node in scope_nodes(nodes):
        receiver = _lock_method_call(node, "release")
        if receiver is not None and ast.dump(receiver) == lock:
            return True
    return False


def _used_as_signal(function: ast.FunctionDef | ast.AsyncFunctionDef, lock: str) -> bool:
    """Whether the lock is a signal between threads, not a mutex: acquired twice in this
    function (``started.acquire(); start(worker); started.acquire()``), or acquired or released
    by a function nested in it (the worker that the other thread runs)."""
    count = 0
    for node in scope_nodes(function.body):
        if type(node) is ast.Expr:
            receiver = _lock_method_call(node.value, "acquire")
            if receiver is not None and ast.dump(receiver) == lock:
                count += 1
    if count > 1:
        return True
    for node in ast.walk(function):
        if node is not function and isinstance(node, NESTED_SCOPES):
            body: list[ast.stmt] = (
                node.body if isinstance(node.body, list) else [ast.Expr(node.body)]
            )
            if _touches(body, lock):
                return True
    return False


def _entered_holding(function: ast.FunctionDef | ast.AsyncFunctionDef, lock: str) -> bool:
    """Whether the first thing ``function`` does with the lock is ``release()`` it: it is
    called holding the lock (a release of a lock not held raises), and an ``acquire()`` after
    that takes it back for the caller, whose own ``with`` or ``finally`` releases it."""
    first: tuple[int, int, str] | None = None
    for node in scope_nodes(function.body):
        if type(node) is not ast.Expr:
            continue
        for method in ("acquire", "release"):
            receiver = _lock_method_call(node.value, method)
            if receiver is not None and ast.dump(receiver) == lock:
                here = (node.lineno, node.col_offset, method)
                if first is None or here < first:
                    first = here
    return first is not None and first[2] == "release"


def _touches(nodes: list[ast.stmt], lock: str) -> bool:
    for stmt in nodes:
        for node in scope_nodes([stmt]):
            for method in ("acquire", "release", "wait", "notify", "notify_all", "notifyAll"):
                receiver = _lock_method_call(node, method)
                if receiver is not None and ast.dump(receiver) == lock:
                    return True
    return False


#: Methods that cannot raise when called with plain arguments on a container or condition the
#: code holds: appending to a list or deque, waking waiters, setting or clearing an event.
_NEVER_RAISE = frozenset({"append", "appendleft", "notify", "notify_all", "set", "clear"})


def _plain(node: ast.expr) -> bool:
    """An expression that evaluates without calling anything that can raise: names, constants,
    attributes of those, displays, ``not``/``and``/``or``/``is``, a conditional expression."""
    if isinstance(node, ast.Name | ast.Constant):
        return True
    if isinstance(node, ast.Attribute):
        return _plain(node.value)
    if isinstance(node, ast.Tuple | ast.List):
        return all(_plain(element) for element in node.elts)
    if isinstance(node, ast.UnaryOp):
        return type(node.op) is ast.Not and _plain(node.operand)
    if isinstance(node, ast.BoolOp):
        return all(_plain(value) for value in node.values)
    if isinstance(node, ast.Compare):
        return (
            all(type(op) in (ast.Is, ast.IsNot) for op in node.ops)
            and _plain(node.left)
            and all(_plain(value) for value in node.comparators)
        )
    if isinstance(node, ast.IfExp):
        return _plain(node.test) and _plain(node.body) and _plain(node.orelse)
    return False


def _cannot_raise(stmt: ast.stmt, lock: str) -> bool:
    """Whether ``stmt`` runs to its end (or returns) without anything that can raise: stores of
    plain values, ``return`` of one, the lock's ``release()``, one of :data:`_NEVER_RAISE` on a
    plain receiver, an ``if`` on a plain test whose branches are all such statements."""
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Assign):
        targets_plain = all(
            type(target) is ast.Name or (type(target) is ast.Attribute and _plain(target))
            for target in stmt.targets
        )
        return targets_plain and _plain(stmt.value)
    if isinstance(stmt, ast.Return):
        return stmt.value is None or _plain(stmt.value)
    if isinstance(stmt, ast.If):
        return _plain(stmt.test) and all(_cannot_raise(s, lock) for s in stmt.body + stmt.orelse)
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call = stmt.value
        func = call.func
        if not isinstance(func, ast.Attribute) or call.keywords or not _plain(func.value):
            return False
        if not all(_plain(argument) for argument in call.args):
            return False
        if func.attr == "release":
            return ast.dump(func.value) == lock
        return func.attr in _NEVER_RAISE
    return False


def _release_index(block: Block, position: int, lock: str) -> int | None:
    """The index in ``block`` of the first ``<lock>.release()`` statement after ``position``."""
    for index in range(position + 1, len(block)):
        stmt = block[index]
        if type(stmt) is ast.Expr:
            released = _lock_method_call(stmt.value, "release")
            if released is not None and ast.dump(released) == lock:
                return index
    return None


def _nothing_can_raise(block: Block, position: int, lock: str) -> bool:
    """Whether every statement from the acquire at ``block[position]`` to the lock's next
    ``release()`` in the same block cannot raise (:func:`_cannot_raise`): then no exception can
    leave the lock held, and a ``with`` changes nothing (a hand-written hot path)."""
    end = _release_index(block, position, lock)
    return end is not None and all(_cannot_raise(s, lock) for s in block[position + 1 : end])


class AcquireWithoutRelease(FileRule):
    """ADMF204: `lock.acquire()` without a `release()` that survives an exception (opt-in).

    `lock.acquire(); work(); lock.release()` leaks the lock as soon as `work()` raises (or a
    `return` between the two is added later): every other thread then waits forever. The release
    must sit in a `finally:` of a `try` that starts right after the acquire, or, better, the lock
    is used as a context manager.

    Only locks the file shows to be locks are checked (`threading.Lock()`, `RLock()`,
    `Condition()` assigned to a module variable, a local or `self.x` of this class), and only in a
    function that releases the lock itself: acquiring in `__enter__`/`acquire()` and releasing in
    `__exit__`/`release()` is a lock protocol, not a leak, and a function that acquires the same
    lock twice, or defines a worker that takes or releases it, uses it as a signal between
    threads. A function whose first use of the lock is `release()` is called holding it (the
    caller's `with`), and its later `acquire()` takes the lock back for that caller
    (`self.lock.release(); wait_for_input(); self.lock.acquire()`): not reported either.
    `acquire(blocking=False)` and
    `acquire(timeout=...)` whose result is tested are fine, and so is a region where nothing can
    raise before the release: stores of plain values (names, constants, attributes), `return`
    of one, an `append`, a `notify()`, an `if` on a plain test around such statements. That is a
    hand-written hot path (on the real projects judged, all eight findings of this shape were
    deliberate and not worth a change); a call, a subscript or arithmetic between is reported.

    Opt-in: on the real projects judged (docs/realworld-findings.md and the held-out pages),
    none of the 21 findings of this rule was worth a change (19 NOTWORTH, 2 WRONG): between
    the acquire and the release ran a `wait()` that raises only on an interrupt, a dict store,
    a counter update, a log call; the code was a deliberate hot path or a lock used as a
    signal. So the rule is off unless `select` names it (`--select ADMF204`: a family prefix or
    `ALL` does not turn it on). Select it for code written to the discipline that every lock
    is taken with `with`.

    Fix (automatic with `--fix` when the acquire and the release are statements of one block,
    nothing between touches the lock and no `return`/`break`/`continue` leaves the region): the
    region becomes a `with lock:` block.
    """

    code = "ADMF204"
    name = "acquire-without-release"
    fixable = True
    opt_in = True
    VALID: ClassVar[list[str]] = [
        "import threading\n\nLOCK = threading.Lock()\n\ndef f(book):\n    LOCK.acquire()\n"
        "    try:\n        book.add(1)\n    finally:\n        LOCK.release()\n",
        "import threading\n\nclass Guard:\n    def __init__(self):\n"
        "        self._lock = threading.Lock()\n\n    def __enter__(self):\n"
        "        self._lock.acquire()\n        return self\n\n"
        "    def __exit__(self, *exc):\n        self._lock.release()\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nclass Book:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self.orders = []\n\n"
            "    def add(self, order):\n        self._lock.acquire()\n"
            "        # validate first\n        order.validate()\n\n"
            "        self.orders.append(order)\n        self._lock.release()\n",
            message="`self._lock.acquire()` has no guaranteed `release()`",
            fixed="import threading\n\nclass Book:\n    def __init__(self):\n"
            "        self._lock = threading.Lock()\n        self.orders = []\n\n"
            "    def add(self, order):\n        with self._lock:\n"
            "            # validate first\n            order.validate()\n\n"
            "            self.orders.append(order)\n",
        ),
        Invalid(
            "import threading\n\nLOCK = threading.RLock()\n\ndef f(book):\n    LOCK.acquire()\n"
            "    if book.empty():\n        LOCK.release()\n        return\n"
            "    book.pop()\n    LOCK.release()\n",
        ),
    ]

    def visit_Expr(self, node: ast.Expr, ctx: FileContext) -> None:
        receiver = _lock_method_call(node.value, "acquire")
        if receiver is None:
            return
        function = ctx.function_node
        if function is None:
            return
        if function.name.startswith(_PROTOCOL_NAMES) or not self._is_lock(receiver, ctx):
            return
        lock = ast.dump(receiver)
        chain = find_block(function, node)
        if not chain or not _releases(function.body, lock) or _used_as_signal(function, lock):
            return
        if _entered_holding(function, lock):
            return  # ``lock.release(); wait(); lock.acquire()``: taken back for the caller
        block = chain[-1][0]
        position = block.index(node)
        if position + 1 < len(block) and _releases(block[position + 1 : position + 2], lock):
            if type(block[position + 1]) is ast.Expr:
                return  # ``acquire(); release()``: waits for a signal, nothing can raise between
        for later in block[position + 1 :]:
            if isinstance(later, ast.Try | ast.TryStar) and _releases(later.finalbody, lock):
                return
        # ``if exclusive: lock.acquire()`` then ``try: ... finally: if exclusive:
        # lock.release()`` (the release may sit in a nested ``finally``): a ``try`` after the
        # statement that holds the acquire, in any enclosing block.
        for level in range(len(chain) - 1):
            outer_block, containing = chain[level][0], chain[level + 1][1]
            if containing not in outer_block:
                continue
            after = outer_block[outer_block.index(containing) + 1 :]
            if after and isinstance(after[0], ast.Try | ast.TryStar):
                if _releases(after[0].finalbody, lock):
                    return
        for _, owner in chain[1:]:
            if isinstance(owner, ast.Try | ast.TryStar) and _releases(owner.finalbody, lock):
                return
        if _nothing_can_raise(block, position, lock):
            return
        shown = ast.unparse(receiver)
        ctx.report(
            node,
            f"`{shown}.acquire()` has no guaranteed `release()`: an exception (or a `return`) "
            f"before `{shown}.release()` leaves it held and every other thread waits forever; "
            f"use `with {shown}:`",
            fix=self._fix(node, block, position, receiver, lock, ctx),
        )

    @staticmethod
    def _is_lock(receiver: ast.expr, ctx: FileContext) -> bool:
        ref = ctx.ref(receiver)
        if ref is None:
            return False
        typeref: str | TypeRef | None = None
        if isinstance(ref, ValRef) and not ref.attrs:
            typeref = ref.source
        elif isinstance(ref, GlobalRef) and ref.name.startswith(ctx.module + "."):
            symbol = ctx.symbols.get(ref.name[len(ctx.module) + 1 :])
            if symbol is not None and symbol[0] == "var":
                typeref = symbol[1]
        elif isinstance(ref, SelfRef | ClsRef) and len(ref.attrs) == 1:
            for cls in ctx.classes:
                if cls.qualname == ref.owner:
                    typeref = cls.attributes.get(ref.attrs[0])
        if not isinstance(typeref, CallType) or not isinstance(typeref.callee, GlobalRef):
            return False
        return typeref.callee.name in LOCK_TYPES

    @staticmethod
    def _fix(
        node: ast.Expr, block: Block, position: int, receiver: ast.expr, lock: str, ctx: FileContext
    ) -> Fix | None:
        call = node.value
        assert type(call) is ast.Call
        if call.args or call.keywords or node.lineno != node.end_lineno:
            return None
        release_at = _release_index(block, position, lock)
        if release_at is None or release_at == position + 1:
            return None
        body = block[position + 1 : release_at]
        release = block[release_at]
        if _touches(body, lock) or release.lineno != release.end_lineno:
            return None
        if any(type(n) in (ast.Return, ast.Break, ast.Continue) for n in scope_nodes(body)):
            return None  # the lock stays held on that path today: a hand-off, or a second bug
        neighbours = block[position - 1 : position] + block[release_at + 1 : release_at + 2]
        if any(n.lineno in (node.lineno, release.lineno) for n in neighbours) or any(
            n.end_lineno in (node.lineno, release.lineno) for n in neighbours
        ):
            return None
        for stmt in body:
            for inner in ast.walk(stmt):
                if isinstance(inner, ast.Constant | ast.JoinedStr) and (
                    inner.end_lineno != inner.lineno
                ):
                    return None  # re-indenting would change a multi-line string
        lines = ctx.text.splitlines()
        indent = lines[node.lineno - 1][: node.col_offset]
        if indent.strip(" ") or release.col_offset != node.col_offset:
            return None
        edits = [
            Edit(
                node.lineno,
                node.col_offset + 1,
                node.lineno,
                len(lines[node.lineno - 1]) + 1,
                f"with {ast.unparse(receiver)}:",
            )
        ]
        for number in range(node.lineno + 1, release.lineno):
            if lines[number - 1].strip():
                edits.append(Edit(number, 1, number, 1, "    "))
        previous = release.lineno - 1
        edits.append(
            Edit(
                previous,
                len(lines[previous - 1]) + 1,
                release.lineno,
                len(lines[release.lineno - 1]) + 1,
                "",
            )
        )
        return Fix("use a `with` block", tuple(edits))
