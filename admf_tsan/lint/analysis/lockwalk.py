"""Lock facts of the walk: ``with lock:``, ``lock.acquire()``/``release()``, try-locks, and the
evidence that a function's caller holds a lock (``cond.wait()`` with no ``acquire``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from admf_tsan.lint.analysis.facts import (
    CONTEXT_CALL,
    Acquisition,
    AsyncBody,
    CallType,
    GlobalRef,
    Held,
    Ref,
    SelfRef,
    TypeRef,
    evolve,
    with_attrs,
)
from admf_tsan.lint.analysis.handoffs import FORK_CHILD, NO_RUNNING_LOOP
from admf_tsan.lint.analysis.locks import absent_mark, tried_mark
from admf_tsan.lint.analysis.scopes import (
    TASK_SPAWNERS,
    FunctionScope,
    TrySpans,
    called_name,
    caught_names,
    receiver_key,
    ref_extend,
)
from admf_tsan.lint.analysis.statefacts import (
    exits_block,
    lazy_check_subjects,
    recheck_subjects,
    trylock_test,
)
from admf_tsan.lint.analysis.statewalk import StateWalker
from admf_tsan.lint.analysis.syntax import scope_nodes
from admf_tsan.lint.analysis.typetests import COROUTINE_TESTS

#: Functions whose unpaired ``release()`` ends a lock protocol begun by their caller.
#: Names of the closing half of a bracket (``open_buffer()`` acquires, ``close_buffer()``
#: releases): a release there that the function did not take is the caller's lock.
_RELEASERS = tuple(
    f"{underscore}{verb}"
    for underscore in ("", "_")
    for verb in ("release", "unlock", "close", "end", "finish", "leave", "exit")
) + ("__exit__", "__aexit__")
#: Methods that require the caller to hold the lock (Condition): evidence it is held on entry.
#: ``notifyAll`` is ``threading.Condition``'s old spelling of ``notify_all``, still in use.
NEEDS_OWNER = frozenset({"wait", "wait_for", "notify", "notify_all", "notifyAll"})


#: Last attribute of a held reference that marks a queue seen non-empty: after ``while
#: q.empty(): ...`` (a loop with no ``break``) the rest of the block holds ``nonempty_mark(q)``.
#: It never resolves to a lock; a rule that knows the queue has one consumer may use it.
NONEMPTY = "<nonempty>"


def nonempty_mark(queue: Ref) -> Ref:
    """The held mark of a queue that a ``while q.empty():`` loop left non-empty."""
    if isinstance(queue, GlobalRef):
        return GlobalRef(f"{queue.name}.{NONEMPTY}")
    return with_attrs(queue, (*queue.attrs, NONEMPTY))


_FORK = GlobalRef("os.fork")
#: ``0 < pid`` read as ``pid > 0``: the comparison seen from the other side.
_MIRRORED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.Eq,
    ast.NotEq: ast.NotEq,
    ast.Lt: ast.Gt,
}


def _is_zero(node: ast.expr) -> bool:
    return type(node) is ast.Constant and type(node.value) is int and node.value == 0


def _fork_child_branch(test: ast.expr, scope: FunctionScope) -> bool | None:
    """For an ``if`` testing what ``os.fork()`` returned to a local of this function: ``True``
    when its body runs in the child (``pid == 0``, ``not pid``), ``False`` when its ``else``
    does (``pid``, ``pid != 0``, ``pid > 0``); ``None`` for any other test. The child's code is
    held under :data:`~admf_tsan.lint.analysis.handoffs.FORK_CHILD`, and so is the rest of the
    function after ``if pid != 0: return pid`` at its top level."""
    child_in_body = False
    subject = test
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        subject, child_in_body = test.operand, True
    elif type(test) is ast.Compare and len(test.ops) == 1:
        left, right = test.left, test.comparators[0]
        op: type[ast.cmpop] | None = type(test.ops[0])
        if _is_zero(left):
            left, right, op = right, left, _MIRRORED.get(type(test.ops[0]))
        if not _is_zero(right) or op not in (ast.Eq, ast.NotEq, ast.Gt):
            return None
        subject, child_in_body = left, op is ast.Eq
    if type(subject) is not ast.Name:
        return None
    made = scope.locals.get(subject.id)
    if type(made) is not CallType or made.callee != _FORK:
        return None
    return child_in_body


#: Calls that give the loop running in this thread: ``get_running_loop()`` raises
#: ``RuntimeError`` when there is none, ``_get_running_loop()`` returns ``None``.
RUNNING_LOOP_PROBES = frozenset(
    {
        "asyncio.get_running_loop",
        "asyncio.events.get_running_loop",
        "asyncio._get_running_loop",
        "asyncio.events._get_running_loop",
    }
)
_RETURNS_NONE_PROBES = frozenset({"asyncio._get_running_loop", "asyncio.events._get_running_loop"})
#: The probes that raise ``RuntimeError`` when no loop runs in the thread.
RAISING_PROBES = frozenset({"asyncio.get_running_loop", "asyncio.events.get_running_loop"})
#: Inside a coroutine or a loop callback, ``get_event_loop()`` is the running loop.
EVENT_LOOP_GETTERS = frozenset({"asyncio.get_event_loop", "asyncio.events.get_event_loop"})


def probe_call(
    node: ast.expr | None, callees: frozenset[str], dotted: Callable[[ast.expr], str | None]
) -> bool:
    """Whether ``node`` is a call of one of ``callees`` without arguments."""
    return (
        type(node) is ast.Call
        and not node.args
        and not node.keywords
        and dotted(node.func) in callees
    )


def _bound_only_to(
    scope: FunctionScope,
    name: str,
    callees: frozenset[str],
    dotted: Callable[[ast.expr], str | None],
) -> bool:
    """Whether every binding of the local ``name`` anywhere in the function (the walk has not
    seen the later ones yet) is a call of one of ``callees`` without arguments, or a ``None``
    that an ``except RuntimeError:`` handler sets for a ``try`` whose body binds ``name`` to
    ``asyncio.get_running_loop()``; and there is one such call. A parameter, a name declared
    global, a loop target, a ``None`` set anywhere else: not known to be the running loop."""
    # The walk has bound it to such a call before the test, or it is no probe: most tested
    # names are not, and the whole function is walked only for those that may be.
    if not any(
        type(typeref) is CallType
        and type(typeref.callee) is GlobalRef
        and typeref.callee.name in callees
        for typeref in scope.bound.get(name, ())
    ):
        return False
    func = scope.node
    args = func.args
    parameters = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    parameters.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    if name in parameters:
        return False
    parents: dict[int, ast.AST] = {}
    called = False
    stack: list[ast.AST] = list(func.body)
    for top in func.body:
        parents[id(top)] = func
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in (ast.Global, ast.Nonlocal) and name in node.names:  # type: ignore[attr-defined]
            return False
        if kind is ast.ExceptHandler and node.name == name:  # type: ignore[attr-defined]
            return False
        if kind in (ast.Import, ast.ImportFrom) and any(
            (alias.asname or alias.name.partition(".")[0]) == name
            for alias in node.names  # type: ignore[attr-defined]
        ):
            return False
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            if node.name == name:  # type: ignore[attr-defined]
                return False
            continue  # another scope
        if kind is ast.Lambda:
            continue
        if kind is ast.Name and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            if node.id != name:  # type: ignore[attr-defined]
                continue
            parent = parents.get(id(node))
            value = None
            if type(parent) is ast.Assign and len(parent.targets) == 1:
                value = parent.value
            elif type(parent) is ast.AnnAssign:
                value = parent.value
            if probe_call(value, callees, dotted):
                called = True
                continue
            if (
                type(value) is ast.Constant
                and value.value is None
                and _none_for_missing_loop(parent, parents, name, dotted)
            ):
                continue
            return False
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
            stack.append(child)
    return called


def _none_for_missing_loop(
    assign: ast.AST | None,
    parents: dict[int, ast.AST],
    name: str,
    dotted: Callable[[ast.expr], str | None],
) -> bool:
    """Whether ``assign`` (``name = None``) is a statement of an ``except RuntimeError:``
    handler of a ``try`` whose body binds ``name`` to ``asyncio.get_running_loop()`` and does
    nothing else (nothing else in it can raise the ``RuntimeError``)."""
    handler = parents.get(id(assign)) if assign is not None else None
    if type(handler) is not ast.ExceptHandler or assign not in handler.body:
        return False
    if "RuntimeError" not in caught_names(handler):
        return False
    statement = parents.get(id(handler))
    if type(statement) is not ast.Try:
        return False
    return all(
        type(stmt) is ast.Assign
        and len(stmt.targets) == 1
        and type(stmt.targets[0]) is ast.Name
        and stmt.targets[0].id == name
        and probe_call(stmt.value, RAISING_PROBES, dotted)
        for stmt in statement.body
    )


def no_running_loop_branch(
    test: ast.expr, scope: FunctionScope, dotted: Callable[[ast.expr], str | None]
) -> bool | None:
    """For an ``if`` that tests whether an event loop runs in this thread: ``True`` when its body
    runs only where none does, ``False`` when its ``else`` does; ``None`` for any other test
    (see :data:`~admf_tsan.lint.analysis.handoffs.NO_RUNNING_LOOP`)."""
    negated = False
    subject = test
    if type(subject) is ast.UnaryOp and type(subject.op) is ast.Not:
        subject, negated = subject.operand, True
    if (
        type(subject) is ast.Compare
        and len(subject.ops) == 1
        and type(subject.ops[0]) in (ast.Is, ast.IsNot)
        and type(subject.comparators[0]) is ast.Constant
        and subject.comparators[0].value is None
    ):
        if not _running_loop_value(subject.left, scope, dotted):
            return None
        body_has_none = type(subject.ops[0]) is ast.Is
        return body_has_none is not negated
    if _running_loop_value(subject, scope, dotted):
        return negated  # ``if running:`` a loop runs in the body; ``if not running:`` none does
    if (
        type(subject) is ast.Call
        and not subject.args
        and type(subject.func) is ast.Attribute
        and subject.func.attr == "is_running"
        and type(subject.func.value) is ast.Name
        and _bound_only_to(scope, subject.func.value.id, EVENT_LOOP_GETTERS, dotted)
    ):
        return negated
    return None


def _running_loop_value(
    node: ast.expr, scope: FunctionScope, dotted: Callable[[ast.expr], str | None]
) -> bool:
    """``asyncio._get_running_loop()``, or a local bound only to a running-loop probe or None."""
    if type(node) is ast.Call:
        return not node.args and dotted(node.func) in _RETURNS_NONE_PROBES
    return type(node) is ast.Name and _bound_only_to(scope, node.id, RUNNING_LOOP_PROBES, dotted)


#: Where a ``break`` belongs to another loop (or another function).
_BREAK_SCOPES = (
    *(ast.For, ast.AsyncFor, ast.While),
    *(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef),
)


def _coroutine_test(
    test: ast.expr, dotted: Callable[[ast.expr], str | None]
) -> tuple[str, bool] | None:
    """``(f, True)`` for ``if iscoroutinefunction(f):`` (``asyncio`` or ``inspect``'s) on a
    plain name, ``(f, False)`` for ``if not iscoroutinefunction(f):``; None for other tests."""
    positive = True
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        test, positive = test.operand, False
    if (
        type(test) is ast.Call
        and len(test.args) == 1
        and not test.keywords
        and type(test.args[0]) is ast.Name
        and dotted(test.func) in COROUTINE_TESTS
    ):
        return test.args[0].id, positive
    return None


def _breaks_out(stmt: ast.While) -> bool:
    """Whether the body of ``stmt`` has a ``break`` that leaves it (in this function)."""
    stack: list[ast.AST] = list(stmt.body)
    while stack:
        node = stack.pop()
        if type(node) is ast.Break:
            return True
        if isinstance(node, _BREAK_SCOPES):
            continue  # a ``break`` there leaves that loop, not this one
        stack.extend(ast.iter_child_nodes(node))
    return False


def bare_call_receiver(node: ast.expr, method: str) -> ast.expr | None:
    """``x`` for ``x.<method>()`` called with no arguments; None for anything else."""
    if (
        type(node) is ast.Call
        and type(node.func) is ast.Attribute
        and node.func.attr == method
        and not node.args
        and not node.keywords
    ):
        return node.func.value
    return None


def _emptiness_loop_subject(stmt: ast.While) -> ast.expr | None:
    """``q`` for ``while q.empty():`` whose body never ``break``s out of it (in this function)."""
    subject = bare_call_receiver(stmt.test, "empty")
    if subject is None or _breaks_out(stmt):
        return None
    return subject


#: ``q.qsize() OP n`` that holds exactly when ``q.qsize() > 0`` does (``qsize()`` is a
#: non-negative int): ``> 0``, ``!= 0``, ``>= 1``; and mirrored, ``n OP q.qsize()``.
_NONEMPTY_BOUNDS = {ast.Gt: 0, ast.NotEq: 0, ast.GtE: 1}
_NONEMPTY_MIRRORED = {ast.Lt: 0, ast.NotEq: 0, ast.LtE: 1}


def _nonempty_test_subject(test: ast.expr) -> ast.expr | None:
    """``q`` for a test that holds only while ``q`` has an item: ``not q.empty()``,
    ``q.qsize()``, ``q.qsize() > 0`` (or ``!= 0``, ``>= 1``, ``0 < q.qsize()``, ...); None for
    any other test."""
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        call, method = test.operand, "empty"
    elif type(test) is ast.Compare and len(test.ops) == 1:
        op = type(test.ops[0])
        left, right = test.left, test.comparators[0]
        if type(right) is ast.Constant and _NONEMPTY_BOUNDS.get(op, -1) == right.value:
            call = left
        elif type(left) is ast.Constant and _NONEMPTY_MIRRORED.get(op, -1) == left.value:
            call = right
        else:
            return None
        method = "qsize"
    else:
        call, method = test, "qsize"
    return bare_call_receiver(call, method)


def _trylock_in_test(test: ast.expr, results: dict[str, ast.expr]) -> tuple[ast.expr, bool] | None:
    """``(lock, negated)`` for a try-lock test (see ``trylock_test``), also as one operand of an
    ``and`` (``if ready and lock.acquire(False):``: the body runs only if the try succeeded)."""
    found = trylock_test(test, results)
    if found is None and type(test) is ast.BoolOp and type(test.op) is ast.And:
        for operand in test.values:
            found = trylock_test(operand, results)
            if found is not None and not found[1]:
                return found
        return None
    return found


def _done_test(test: ast.expr) -> str | None:
    """``f`` for an ``if f.done():`` test, ``p`` for ``if p.poll() is not None:`` (the process
    has exited: ``p.wait()`` returns its status at once); also one operand of an ``and``."""
    tests = test.values if type(test) is ast.BoolOp and type(test.op) is ast.And else [test]
    for operand in tests:
        future = bare_call_receiver(operand, "done")
        if future is not None:
            return receiver_key(future)
        polled = _poll_compared(operand, ast.IsNot)
        if polled is not None:
            return polled
    return None


def _poll_compared(test: ast.expr, op: type[ast.cmpop]) -> str | None:
    """``p`` for ``p.poll() is None`` (``op`` ``ast.Is``) or ``is not None`` (``ast.IsNot``)."""
    if not (
        type(test) is ast.Compare
        and len(test.ops) == 1
        and type(test.ops[0]) is op
        and type(test.comparators[0]) is ast.Constant
        and test.comparators[0].value is None
    ):
        return None
    process = bare_call_receiver(test.left, "poll")
    return None if process is None else receiver_key(process)


def exited_after(stmt: ast.stmt) -> str | None:
    """``p`` after ``while p.poll() is None: ...`` whose body never ``break``s: the loop ended
    because the process exited, so ``p.wait()`` after it returns at once."""
    if type(stmt) is not ast.While:
        return None
    polled = _poll_compared(stmt.test, ast.Is)
    if polled is None or _breaks_out(stmt):
        return None
    return polled


#: Comparisons a predicate may make, with their negation.
_NEGATED_OPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}


def _predicate_body(method: ast.stmt) -> ast.expr | None:
    """What a small predicate method returns: ``def _is_ready(self, write): return
    self._session is not None and (self._ready or not write)``, a plain method (no decorator)
    whose body is one ``return`` (after a docstring) of an expression that only reads
    ``self.<attr>``, its parameters and constants through ``and``/``or``/``not`` and
    comparisons: no call, no subscript, no write. ``None`` for anything else."""
    if type(method) is not ast.FunctionDef or method.decorator_list or not method.args.args:
        return None
    body = method.body
    if body and type(body[0]) is ast.Expr and type(body[0].value) is ast.Constant:
        body = body[1:]
    if len(body) != 1 or type(body[0]) is not ast.Return or body[0].value is None:
        return None
    this = method.args.args[0].arg
    expr = body[0].value
    stack: list[ast.expr] = [expr]
    while stack:
        node = stack.pop()
        if type(node) is ast.BoolOp:
            stack.extend(node.values)
        elif type(node) is ast.UnaryOp and type(node.op) is ast.Not:
            stack.append(node.operand)
        elif type(node) is ast.Compare:
            if not all(type(op) in _NEGATED_OPS for op in node.ops):
                return None
            stack.append(node.left)
            stack.extend(node.comparators)
        elif type(node) is ast.Attribute:
            if type(node.value) is not ast.Name or node.value.id != this:
                return None
        elif type(node) is not ast.Name and type(node) is not ast.Constant:
            return None
    return expr


def _relocated(expr: ast.expr, this: str, caller_self: str, at: ast.expr) -> ast.expr:
    """A copy of a predicate's expression as the caller would spell it, at the call's position:
    ``self`` renamed to the caller's, any other name (a parameter) a constant that names no
    state."""
    if type(expr) is ast.Name:
        if expr.id == this:
            new: ast.expr = ast.Name(caller_self, ast.Load())
        else:
            new = ast.Constant(None)
    elif type(expr) is ast.Attribute:
        new = ast.Attribute(_relocated(expr.value, this, caller_self, at), expr.attr, ast.Load())
    elif type(expr) is ast.BoolOp:
        new = ast.BoolOp(expr.op, [_relocated(v, this, caller_self, at) for v in expr.values])
    elif type(expr) is ast.UnaryOp:
        new = ast.UnaryOp(expr.op, _relocated(expr.operand, this, caller_self, at))
    elif type(expr) is ast.Compare:
        new = ast.Compare(
            _relocated(expr.left, this, caller_self, at),
            list(expr.ops),
            [_relocated(c, this, caller_self, at) for c in expr.comparators],
        )
    else:
        new = ast.Constant(getattr(expr, "value", None))
    return ast.copy_location(new, at)


def _negated(expr: ast.expr) -> ast.expr:
    """``not expr`` pushed inwards (``x is not None`` -> ``x is None``, De Morgan for
    ``and``/``or``), so the lazy-check tests read it as if written that way."""
    if type(expr) is ast.UnaryOp and type(expr.op) is ast.Not:
        return expr.operand
    if type(expr) is ast.Compare and len(expr.ops) == 1:
        op = _NEGATED_OPS[type(expr.ops[0])]()
        return ast.copy_location(ast.Compare(expr.left, [op], expr.comparators), expr)
    if type(expr) is ast.BoolOp:
        swapped: ast.boolop = ast.Or() if type(expr.op) is ast.And else ast.And()
        return ast.copy_location(ast.BoolOp(swapped, [_negated(v) for v in expr.values]), expr)
    return ast.copy_location(ast.UnaryOp(ast.Not(), expr), expr)


def _recheck_subjects(test: ast.expr) -> list[ast.expr]:
    """``recheck_subjects`` also through ``and``/``or``: after ``if a is not None and b:
    return`` the rest runs with ``a`` or ``b`` not set (as ``if a is None or b:`` tests ``a``
    for a lazy init), after ``if a or b: return`` with neither."""
    if type(test) is ast.BoolOp:
        return [subject for value in test.values for subject in _recheck_subjects(value)]
    return recheck_subjects(test)


#: Statements that hold statement lists, and those of them with a ``body`` and an ``orelse``.
_BLOCK_STATEMENTS = frozenset(
    {
        *(ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith),
        *(ast.Try, ast.TryStar, ast.Match, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef),
    }
)
_WITH_ELSE = frozenset({ast.If, ast.For, ast.AsyncFor, ast.While})


def may_take_locks(body: list[ast.stmt], text: str) -> bool:
    """Whether a module (its statements ``body``, its source ``text``) may record an
    :class:`Acquisition`: it has a ``with`` of a name or an attribute (``with self._lock:``), or
    says ``acquire`` (``lock.acquire()``). Statements only: expressions hold none."""
    if "acquire" in text:
        return True
    stack = [body]
    push = stack.append
    while stack:
        for stmt in stack.pop():
            kind = type(stmt)
            if kind not in _BLOCK_STATEMENTS:
                continue
            if kind is ast.With or kind is ast.AsyncWith:
                for item in stmt.items:  # type: ignore[attr-defined]
                    expr = item.context_expr
                    if type(expr) is ast.Name or type(expr) is ast.Attribute:
                        return True
            elif kind is ast.Try or kind is ast.TryStar:
                push(stmt.orelse)  # type: ignore[attr-defined]
                push(stmt.finalbody)  # type: ignore[attr-defined]
                for handler in stmt.handlers:  # type: ignore[attr-defined]
                    push(handler.body)
            elif kind is ast.Match:
                for case in stmt.cases:  # type: ignore[attr-defined]
                    push(case.body)
                continue
            elif kind in _WITH_ELSE:
                push(stmt.orelse)  # type: ignore[attr-defined]
            push(stmt.body)  # type: ignore[attr-defined]
    return False


class LockWalker(StateWalker):
    """Tracks the lock-like contexts held at each point of a function."""

    #: The class of each method of the module, by ``id`` of its ``def``: filled by
    #: ``note_methods()`` as each class body is entered, before its methods are walked.
    _method_classes: dict[int, ast.ClassDef] | None = None

    def note_methods(self, node: ast.ClassDef) -> None:
        """Record ``node`` as the class of the functions defined directly in its body."""
        classes = self._method_classes
        if classes is None:
            classes = self._method_classes = {}
        for stmt in node.body:
            if type(stmt) is ast.FunctionDef or type(stmt) is ast.AsyncFunctionDef:
                classes[id(stmt)] = node

    def _inlined_test(self, test: ast.expr, scope: FunctionScope) -> ast.expr:
        """``test`` with each call of a small private predicate of this class on ``self``
        (``if not self._is_ready():``, see ``_predicate_body``) replaced by what it returns,
        so a double-checked initialisation tested through a helper is read as the same test
        written inline. Any other test is returned as it is."""
        caller_self = scope.self_name
        if caller_self is None or scope.class_qualname is None:
            return test
        return self._inline(test, caller_self, scope)

    def _inline(self, node: ast.expr, caller_self: str, scope: FunctionScope) -> ast.expr:
        """``_inlined_test``'s recursion (a method, not a nested function that calls itself:
        that closure would be a reference cycle holding the walker and its tree until the
        cyclic collector runs, which is off while files are extracted)."""
        if type(node) is ast.BoolOp:
            values = [self._inline(v, caller_self, scope) for v in node.values]
            if all(new is old for new, old in zip(values, node.values, strict=True)):
                return node
            return ast.copy_location(ast.BoolOp(node.op, values), node)
        if type(node) is ast.UnaryOp and type(node.op) is ast.Not:
            inner = self._inline(node.operand, caller_self, scope)
            return node if inner is node.operand else _negated(inner)
        if (
            type(node) is ast.Call
            and type(node.func) is ast.Attribute
            and type(node.func.value) is ast.Name
            and node.func.value.id == caller_self
            and node.func.attr.startswith("_")
            and not node.func.attr.startswith("__")
            and not any(type(a) is ast.Starred for a in node.args)
        ):
            method = self._own_method(scope, node.func.attr)
            expr = None if method is None else _predicate_body(method)
            if method is not None and expr is not None:
                return _relocated(expr, method.args.args[0].arg, caller_self, node)
        return node

    def _own_method(self, scope: FunctionScope, name: str) -> ast.FunctionDef | None:
        """The method ``name`` defined in the body of the class whose method ``scope`` is."""
        classes = self._method_classes
        owner = None if classes is None else classes.get(id(scope.node))
        if owner is None:
            return None
        found = [s for s in owner.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
        named = [s for s in found if s.name == name]
        if len(named) != 1 or type(named[0]) is not ast.FunctionDef:
            return None  # redefined (a property's setter, a conditional twin): not one body
        return named[0]

    def _if(self, stmt: ast.If, scope: FunctionScope) -> None:
        """An ``if`` in a function: lazy-init tests, guard clauses, ``if lock.acquire(False)``."""
        self._expr(stmt.test)
        if self._lock_free:
            tested, pushed = stmt.test, 0  # no access to check
        else:
            tested = self._inlined_test(stmt.test, scope)
            pushed = self._push_lazy_checks(stmt.test, lazy_check_subjects(tested))
        saved = scope.held
        # A module without locks (``may_take_locks``) tries none and tests none for absence.
        taken: tuple[Held, ...] = ()
        negated = False
        if not self._lock_free:
            taken, negated = self._trylock_taken(stmt.test, scope.trylocks)
        if taken and not negated:
            scope.held = (*saved, *taken)
        child = _fork_child_branch(stmt.test, scope)
        in_child: Held = (FORK_CHILD, 0, 0)
        if child is not None:
            in_child = (FORK_CHILD, *self.position(stmt.test))
        if child:
            scope.held = (*saved, in_child)
        done = _done_test(stmt.test)
        if done is not None:
            scope.done_futures.add(done)  # ``if f.done():``: ``f.result()`` returns at once
        absent = None if self._lock_free else self._absent_lock(stmt)
        if absent is not None and absent[1]:
            scope.held = (*scope.held, absent[0])
        off = no_running_loop_branch(stmt.test, scope, self.dotted)
        no_loop: Held = (NO_RUNNING_LOOP, 0, 0)
        if off is not None:
            no_loop = (NO_RUNNING_LOOP, *self.position(stmt.test))
        if off:
            scope.held = (*scope.held, no_loop)
        coroutine = _coroutine_test(stmt.test, self.dotted)
        sync_saved = scope.sync_names
        if coroutine is not None and not coroutine[1]:
            scope.sync_names = sync_saved | {coroutine[0]}
        self._nonempty_body(stmt, scope)
        scope.sync_names = sync_saved
        scope.held = saved
        if done is not None:
            scope.done_futures.discard(done)
        if pushed:
            del scope.lazy_checks[-pushed:]
        exits = exits_block(stmt.body)
        if taken and negated:
            scope.held = (*saved, *taken)  # ``if not lock.acquire(False): ...`` else-path holds it
        waits = bool(taken) and negated and not stmt.orelse and _waits_for_it(stmt, scope.trylocks)
        if waits:
            # ``if not lock.acquire(False): log(...); lock.acquire()``: held on both paths.
            scope.held = (*saved, taken[0])
        if child is False:
            scope.held = (*saved, in_child)
        if absent is not None and not absent[1]:
            scope.held = (*scope.held, absent[0])
        if off is False:
            scope.held = (*scope.held, no_loop)
        if coroutine is not None and coroutine[1]:
            scope.sync_names = sync_saved | {coroutine[0]}
        self._statements(stmt.orelse)
        scope.sync_names = sync_saved
        if not (taken and negated and (exits or waits)):
            scope.held = saved
        if child is False and exits and any(stmt is top for top in scope.node.body):
            # ``if pid != 0: return pid`` at the function's top level: the rest is the child's.
            scope.held = (*saved, in_child)
        if off is False and exits and any(stmt is top for top in scope.node.body):
            # ``if running is not None: return ...`` at the top level: no loop in the rest.
            scope.held = (*scope.held, no_loop)
        if exits and not stmt.orelse and not self._lock_free:
            # ``if x is not None: return x`` re-checks ``x`` for the rest of the block.
            self._push_lazy_checks(stmt.test, _recheck_subjects(tested))

    def _absent_lock(self, stmt: ast.If) -> tuple[Held, bool] | None:
        """The held mark of the branch where a lock-like object tested absent, and whether that
        branch is the body: ``if self._lock: with self._lock: ... else: ...`` (or ``is not
        None``) marks the ``else``, ``if self._lock is None:`` (or ``not self._lock``) the body.
        Only when one of the other branch's own statements takes it (``with`` it, or
        ``acquire()`` it): the idiom of a class that builds its lock only for the threaded
        mode."""
        test, present_in_body = stmt.test, True
        if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
            test, present_in_body = test.operand, False
        elif (
            type(test) is ast.Compare
            and len(test.ops) == 1
            and type(test.comparators[0]) is ast.Constant
            and test.comparators[0].value is None
            and type(test.ops[0]) in (ast.Is, ast.IsNot)
        ):
            present_in_body = type(test.ops[0]) is ast.IsNot
            test = test.left
        if type(test) is not ast.Attribute and type(test) is not ast.Name:
            return None
        present = stmt.body if present_in_body else stmt.orelse
        key = receiver_key(test) if present else None
        if key is None or not _takes(present, key):
            return None
        ref = self.ref(test)
        if ref is None:
            return None
        return (absent_mark(ref), *self.position(test)), not present_in_body

    def _trylock_taken(
        self, test: ast.expr, trylocks: dict[str, ast.expr]
    ) -> tuple[tuple[Held, ...], bool]:
        """What a try-lock in ``test`` holds where it succeeded, and whether the test is negated
        (``if not lock.acquire(False):``): the lock, and the mark that it was free when this
        thread tried it, which outlives an early ``release()`` in the branch (see
        ``tried_mark``). Nothing when ``test`` tries no lock the walk can name."""
        trylock = _trylock_in_test(test, trylocks)
        if trylock is None:
            return (), False
        lock_expr, negated = trylock
        lock = self.ref(lock_expr)
        if lock is None:
            return (), negated
        position = self.position(lock_expr)
        return ((lock, *position), (tried_mark(lock), *position)), negated

    def _while(self, stmt: ast.While, scope: FunctionScope) -> None:
        """A ``while`` in a function; ``while q.empty(): ...`` marks ``q`` non-empty after it.

        A try-lock in the condition: ``while pending and lock.acquire(False):`` runs its body
        holding the lock (as ``if`` would); after ``while not lock.acquire(False): ...`` whose
        body never ``break``s the lock is held, in the ``else`` and after the loop, since the
        loop only ends once the acquire returned True. Only a call made in the condition
        counts (a name bound to a result may be rebound by the body)."""
        self._expr(stmt.test)
        saved = scope.held
        taken: tuple[Held, ...] = ()
        negated = False
        if not self._lock_free:
            taken, negated = self._trylock_taken(stmt.test, {})
        if taken and not negated:
            scope.held = (*saved, *taken)
        self._nonempty_body(stmt, scope)
        if taken and not negated:
            scope.held = saved
        if taken and negated and not _breaks_out(stmt):
            scope.held = (*saved, *taken)
        self._statements(stmt.orelse)
        subject = _emptiness_loop_subject(stmt)
        if subject is None:
            return
        queue = self.ref(subject)
        if queue is not None:
            scope.held = (*scope.held, (nonempty_mark(queue), *self.position(subject)))

    def _nonempty_body(self, stmt: ast.If | ast.While, scope: FunctionScope) -> None:
        """Walk the body of ``stmt``; under ``if not q.empty():`` / ``while q.qsize() > 0:`` it
        holds ``nonempty_mark(q)`` (the queue had an item when tested), as the rest of a block
        after ``while q.empty(): ...`` does. Whether anything else can take the item in
        between is the rules' business (see ``nonempty_queue_get``)."""
        subject = _nonempty_test_subject(stmt.test)
        queue = None if subject is None else self.ref(subject)
        if queue is None or subject is None:
            self._statements(stmt.body)
            return
        mark = (nonempty_mark(queue), *self.position(subject))
        scope.held = (*scope.held, mark)
        self._statements(stmt.body)
        scope.held = tuple(held for held in scope.held if held is not mark)

    def _with(self, stmt: ast.With | ast.AsyncWith) -> None:
        scope = self._scope
        is_async = type(stmt) is ast.AsyncWith
        saved = scope.held if scope is not None else ()
        own = _ordered_pair_items(stmt, scope) if scope is not None and not is_async else {}
        for item in stmt.items:
            expr = own.get(id(item.context_expr), item.context_expr)
            if type(expr) is ast.Call and called_name(expr) in TASK_SPAWNERS:
                self._discarded.add(id(expr))  # a task is no context manager: it is lost
            self._expr(expr)
            if item.optional_vars is not None:
                self._assign(item.optional_vars, None, typeref=self._entered(expr, is_async))
            if scope is None:
                continue
            if is_async:
                self._await_site(stmt)
                if (
                    type(expr) is ast.Attribute
                    and type(expr.value) is ast.Name
                    and expr.value.id == scope.self_name
                    and stmt.body
                ):
                    last = stmt.end_lineno or stmt.body[-1].lineno
                    scope.async_bodies.append(AsyncBody(expr.attr, stmt.body[0].lineno, last))
            elif type(expr) is ast.Name or type(expr) is ast.Attribute:
                lock = self.ref(expr)
                if lock is not None:
                    line, column = self.position(item.context_expr)
                    scope.acquisitions.append(
                        Acquisition(lock, "with", line, column, scope.held, False, True)
                    )
                    scope.held = (*scope.held, (lock, line, column))
            elif type(expr) is ast.Call:
                # ``with self.sending():``: a context-manager method that may hold a lock
                # around its ``yield`` (the lock model decides; anything else resolves to no
                # lock and is ignored).
                helper = self.ref(expr.func)
                if isinstance(helper, SelfRef) and len(helper.attrs) == 1:
                    line, column = self.position(expr)
                    held = SelfRef(helper.owner, (*helper.attrs, CONTEXT_CALL))
                    scope.held = (*scope.held, (held, line, column))
        self._statements(stmt.body)
        if scope is not None:
            scope.held = saved

    def _assert_held(self, stmt: ast.Assert, scope: FunctionScope) -> None:
        """``assert self._lock.locked()`` (or ``_is_owned()``): the caller holds the lock from
        here on, as the assertion checks.

        ``assert self._deadline is None`` checks "not yet set" for the rest of the block, as
        ``if self._deadline is None:`` would around it: a write after it initialises the state."""
        test = stmt.test
        if not self._lock_free:
            self._push_lazy_checks(test, lazy_check_subjects(test))
        if not (
            type(test) is ast.Call
            and type(test.func) is ast.Attribute
            and test.func.attr in ("locked", "_is_owned")
        ):
            return
        lock = self.ref(test.func.value)
        if lock is None or any(held[0] == lock for held in scope.held):
            return
        entry: Held = (lock, *self.position(test.func.value))
        if entry not in scope.assumed:
            scope.assumed = (*scope.assumed, entry)

    def _entered(self, expr: ast.expr, is_async: bool) -> TypeRef | None:
        """What ``with expr as x`` binds: what ``expr.__enter__()`` returns (see the index).

        ``async with`` binds the manager itself when it is a call (``async with Session() as s``).
        """
        if is_async:
            return self.typeref(expr) if type(expr) is ast.Call else None
        manager = self.ref(expr)
        return None if manager is None else CallType(ref_extend(manager, "__enter__"))

    def _entry_held_evidence(
        self, scope: FunctionScope, func: ast.Attribute, line: int, column: int
    ) -> None:
        """``lock.release()`` / ``cond.wait()`` with no ``acquire`` before it in this function: the
        caller holds the lock (``__exit__``, ``release_for``), so the shared-state accesses made
        so far (and, for waits and notifies, those after) were made under it. A wait or notify
        made while this function holds a lock it took itself is no such evidence: the Condition
        may be built on that lock (``threading.Condition(self.lock)``)."""
        if func.attr in ("acquire", "lock"):
            return
        giving = func.attr in ("release", "unlock")
        if giving and not scope.node.name.startswith(_RELEASERS):
            return  # elsewhere an unpaired release is a lock used as a signal, not evidence
        lock = self.ref(func.value)
        if lock is None or any(held[0] == lock for held in scope.held):
            return
        if any(taken.lock == lock for taken in scope.acquisitions):
            return
        if not giving and self._holds_own_lock(scope):
            return  # ``with self.lock: self.cv.notify()``: a Condition on the lock taken here
        entry: Held = (lock, line, column)
        scope.accesses = [
            evolve(a, held=(*a.held, entry)) if entry not in a.held else a for a in scope.accesses
        ]
        if not giving and entry not in scope.assumed:
            scope.assumed = (*scope.assumed, entry)

    @staticmethod
    def _holds_own_lock(scope: FunctionScope) -> bool:
        """Whether a lock this function took itself (``with`` or ``acquire()``) is held now."""
        taken = {(a.line, a.column) for a in scope.acquisitions}
        return any((held[1], held[2]) in taken for held in scope.held)

    def _explicit_lock_call(
        self, scope: FunctionScope, func: ast.Attribute, line: int, column: int, *, acquire: bool
    ) -> None:
        lock = self.ref(func.value)
        if lock is None:
            return
        if acquire:
            # Re-taking a lock an enclosing ``with`` held and this function released (``release();
            # try: await cond.wait() finally: acquire()``): that ``with`` releases it again.
            again = lock in scope.given_back
            if again:
                scope.given_back.remove(lock)
            scope.acquisitions.append(
                Acquisition(lock, "acquire", line, column, scope.held, again, again)
            )
            scope.held = (*scope.held, (lock, line, column))
            return
        for index in range(len(scope.held) - 1, -1, -1):
            held_lock, held_line, held_column = scope.held[index]
            if held_lock == lock:
                scope.held = scope.held[:index] + scope.held[index + 1 :]
                if any(
                    taken.kind == "with" and (taken.line, taken.column) == (held_line, held_column)
                    for taken in scope.acquisitions
                ):
                    scope.given_back.append(lock)
                break
        if scope.finally_from and _one_per_way(scope, lock, scope.finally_from[-1]):
            return
        for index in range(len(scope.acquisitions) - 1, -1, -1):
            taken = scope.acquisitions[index]
            if taken.lock == lock and taken.kind == "acquire" and not taken.released:
                scope.acquisitions[index] = Acquisition(
                    taken.lock,
                    taken.kind,
                    taken.line,
                    taken.column,
                    taken.held,
                    scope.finally_depth > 0,
                    True,
                )
                break


def _waits_for_it(stmt: ast.If, trylocks: dict[str, ast.expr]) -> bool:
    """Whether the body of ``if not lock.acquire(False):`` ends by waiting for the same lock
    (``lock.acquire()``, ``acquire(True)``, ``acquire(blocking=True)``, no timeout) and releases
    nothing before: after the ``if`` the lock is held on both paths."""
    trylock = _trylock_in_test(stmt.test, trylocks)
    key = receiver_key(trylock[0]) if trylock is not None else None
    last = stmt.body[-1]
    if key is None or type(last) is not ast.Expr:
        return False
    call = last.value
    if not (
        type(call) is ast.Call
        and type(call.func) is ast.Attribute
        and call.func.attr == "acquire"
        and receiver_key(call.func.value) == key
    ):
        return False
    blocking = all(type(arg) is ast.Constant and arg.value is True for arg in call.args[:1])
    if len(call.args) > 1 or not blocking:
        return False
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg != "blocking" or not (type(value) is ast.Constant and value.value is True):
            return False
    return not any(
        type(node) is ast.Call
        and type(node.func) is ast.Attribute
        and node.func.attr == "release"
        and receiver_key(node.func.value) == key
        for top in stmt.body
        for node in ast.walk(top)
    )


def _ordered_pair_items(
    stmt: ast.With | ast.AsyncWith, scope: FunctionScope
) -> dict[int, ast.expr]:
    """``first, second = order(self, other)`` then ``with first._lock, second._lock:``: the
    objects of an ordered pair (the deadlock-free way to take two objects' locks: by ``id()``)
    are ``self`` and another, so once the statement has entered both items ``self._lock`` is
    held. Maps the first such item to ``self._lock`` (the other object's lock is not modelled).

    The pair is two names bound once each in the function, together, by unpacking a call whose
    only arguments are ``self`` and one other name (``ISync._acquire_two(self, other)``), a
    conditional that swaps them (``(self, other) if id(self) < id(other) else (other, self)``)
    or ``sorted((self, other), key=id)``; and the statement enters the same attribute of each.
    """
    items: list[tuple[str, str, ast.expr]] = []
    for item in stmt.items:
        expr = item.context_expr
        if type(expr) is ast.Attribute and type(expr.value) is ast.Name:
            items.append((expr.value.id, expr.attr, expr))
    if len(items) < 2 or scope.self_name is None:
        return {}
    pairs = _ordered_pairs(scope.node, scope.self_name)
    for position, (name, attr, expr) in enumerate(items):
        partner = pairs.get(name)
        if partner is not None and (partner, attr) in {(n, a) for n, a, _ in items[position:]}:
            own = ast.Attribute(ast.Name(scope.self_name, ast.Load()), attr, ast.Load())
            return {id(expr): ast.copy_location(own, expr)}
    return {}


def _ordered_pairs(func: ast.AST, self_name: str) -> dict[str, str]:
    """The names of the ordered pairs of ``self`` and another object in ``func`` (see
    :func:`_ordered_pair_items`), each mapped to its partner."""
    stores: dict[str, int] = {}
    candidates: list[tuple[str, str]] = []
    for node in scope_nodes(ast.iter_child_nodes(func)):
        if type(node) is ast.Name and type(node.ctx) is ast.Store:
            stores[node.id] = stores.get(node.id, 0) + 1
        elif type(node) is ast.Assign and len(node.targets) == 1:
            target = node.targets[0]
            if (
                type(target) is ast.Tuple
                and len(target.elts) == 2
                and all(type(elt) is ast.Name for elt in target.elts)
                and _permutes_self(node.value, self_name)
            ):
                a, b = (elt.id for elt in target.elts)  # type: ignore[attr-defined]
                candidates.append((a, b))
    pairs: dict[str, str] = {}
    for a, b in candidates:
        if a != b and stores.get(a) == 1 and stores.get(b) == 1:
            pairs[a], pairs[b] = b, a
    return pairs


#: Words in the name of a function that orders two objects for locking (the call form of
#: :func:`_ordered_pair_items`): ``_acquire_two``, ``lock_order``, ``sort_by_id``.
_ORDERING_WORDS = ("order", "sort", "acquire", "lock")


def _names(node: ast.expr) -> tuple[str, ...] | None:
    if type(node) in (ast.Tuple, ast.List) and all(
        type(elt) is ast.Name
        for elt in node.elts  # type: ignore[attr-defined]
    ):
        return tuple(elt.id for elt in node.elts)  # type: ignore[attr-defined]
    return None


def _permutes_self(value: ast.expr, self_name: str) -> bool:
    """Whether ``value`` gives ``self`` and one other name in some order (see
    :func:`_ordered_pair_items`)."""
    if type(value) is ast.Call:
        if (
            type(value.func) is ast.Name
            and value.func.id == "sorted"
            and len(value.args) == 1
            and all(keyword.arg == "key" for keyword in value.keywords)
        ):
            names = _names(value.args[0])
        elif not value.keywords and any(
            word in (called_name(value) or "").lower() for word in _ORDERING_WORDS
        ):
            # ``_acquire_two(self, other)``, ``lock_order(a, b)``: named for what it does
            names = _names(ast.Tuple(value.args, ast.Load()))
        else:
            return False
    elif type(value) is ast.IfExp:
        names = _names(value.body)
        swapped = _names(value.orelse)
        if names is None or swapped is None or names[::-1] != swapped:
            return False
    else:
        return False
    return names is not None and len(names) == 2 and self_name in names and names[0] != names[1]


def _takes(body: list[ast.stmt], subject: str) -> bool:
    """Whether one of the statements of ``body`` (not nested ones: the idiom puts it first)
    takes the object named ``subject`` (a :func:`receiver_key`): ``with`` it, or
    ``acquire()`` it."""
    for stmt in body:
        kind = type(stmt)
        if kind is ast.With or kind is ast.AsyncWith:
            for item in stmt.items:  # type: ignore[attr-defined]
                if receiver_key(item.context_expr) == subject:
                    return True
        elif kind is ast.Expr:
            call = stmt.value  # type: ignore[attr-defined]
            if (
                type(call) is ast.Call
                and type(call.func) is ast.Attribute
                and call.func.attr == "acquire"
                and receiver_key(call.func.value) == subject
            ):
                return True
    return False


def _one_per_way(scope: FunctionScope, lock: Ref, spans: TrySpans) -> bool:
    """A ``release()`` of ``lock`` in the ``finally`` of the ``try`` whose blocks ``spans``
    gives, when the ``try`` takes it with ``acquire()`` once on each of several ways through it
    (``except E: lock.acquire() ... else: lock.acquire() ... finally: lock.release()``): at most
    once in each handler and once in the ``else`` clause, never in the ``try`` body (what the
    body takes may be taken again by a handler). Each of those takes is released here, and
    dropped from what is held; then ``True``. Otherwise nothing changes (``False``): the
    release pairs with the latest take, as anywhere else."""
    found = [
        index
        for index, taken in enumerate(scope.acquisitions)
        if taken.lock == lock
        and taken.kind == "acquire"
        and not taken.released
        and spans.start <= taken.line < spans.final
    ]
    if len(found) < 2:
        return False
    lines = [scope.acquisitions[index].line for index in found]
    blocks = [spans.orelse, *spans.handlers]
    if any(spans.body[0] <= line <= spans.body[1] for line in lines):
        return False
    if any(sum(first <= line <= last for line in lines) > 1 for first, last in blocks):
        return False
    if any(not any(first <= line <= last for first, last in blocks) for line in lines):
        return False
    where = set()
    for index in found:
        taken = scope.acquisitions[index]
        where.add((taken.line, taken.column))
        scope.acquisitions[index] = Acquisition(
            taken.lock, taken.kind, taken.line, taken.column, taken.held, True, True
        )
    scope.held = tuple(
        entry for entry in scope.held if entry[0] != lock or (entry[1], entry[2]) not in where
    )
    return True
