"""Branch tests that tell what a called name is: :class:`TypeTest` facts, read by ADMF304.

``if not inspect.iscoroutinefunction(self.close): self.close()`` calls ``close`` only where it
is a plain function, and ``if isinstance(self._lock, CoopLock): self._lock.acquire()`` calls
the ``acquire`` of ``CoopLock``; in the ``else`` of ``if isinstance(resp, AsyncResponse): await
resp.close()``, ``resp.close()`` is not ``AsyncResponse``'s. Code generated as sync and async
twins of one source (neo4j's ``unasync`` build) is written so: the branch that would drop a
coroutine never runs.

A test's branch is recorded as a region of the function (like ``callwalk.ParamTest``): the
``if`` body, its ``else``, or the rest of the block after a body (or ``else``) that always
leaves it (``if inspect.iscoroutinefunction(f): return``). Only subjects whose reference names
one object wherever it is read are recorded: ``self``/``cls`` attributes and module names (also
through a local bound once to one of them), and for a negative ``isinstance`` test also a
local of a known type; a region that assigns the subject (or a name it is read through) is
dropped.
"""

from __future__ import annotations

import ast
import bisect

from admf_tsan.lint.analysis.facts import ClsRef, GlobalRef, Ref, SelfRef, TypeTest, ValRef
from admf_tsan.lint.analysis.scopes import FunctionScope, ScopeWalker, receiver_key
from admf_tsan.lint.analysis.statefacts import exits_block
from admf_tsan.lint.analysis.syntax import nested_blocks

#: Functions that tell whether their argument is a coroutine function.
COROUTINE_TESTS = frozenset(
    {
        "inspect.iscoroutinefunction",
        "asyncio.iscoroutinefunction",
        "asyncio.coroutines.iscoroutinefunction",
    }
)
_ISINSTANCE = "builtins.isinstance"
#: Test names worth resolving (the last name of the called function).
_TEST_NAMES = frozenset({"isinstance", "iscoroutinefunction"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
#: Statements with statement lists inside (nested functions and classes are not scanned).
_COMPOUND = frozenset(
    {ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.TryStar}
    | {ast.Match}
)
#: What a test implies: ``(kind, subject, classes)``.
_Implied = tuple[str, ast.expr, tuple[ast.expr, ...]]


def type_tests(
    walker: ScopeWalker, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: FunctionScope
) -> tuple[TypeTest, ...]:
    """The :class:`TypeTest` regions of one walked function (its nested functions and classes
    are theirs). References are read in ``scope``, as the walk left it. Only ADMF304 reads
    them, about a call whose result is dropped or a function handed to be called: a function
    without either gets none (most functions; the scan is skipped)."""
    if not scope.scheduled:
        for site in scope.calls:
            if site.discarded and not site.awaited:
                break
        else:
            return ()
    saved = walker._scope
    walker._scope = scope
    try:
        scan = _Scan(walker, scope)
        scan.block(node.body)
    finally:
        walker._scope = saved
    return tuple(scan.found)


class _Scan:
    def __init__(self, walker: ScopeWalker, scope: FunctionScope) -> None:
        self.walker = walker
        self.scope = scope
        self.found: list[TypeTest] = []
        #: Lines of what a test could rule out (a dropped call, a handed-over function): a
        #: region with none of them records nothing.
        self.lines = sorted(
            {site.line for site in scope.calls if site.discarded and not site.awaited}
            | {handoff.line for handoff in scope.scheduled}
        )

    def block(self, body: list[ast.stmt]) -> None:
        for index, stmt in enumerate(body):
            if type(stmt) not in _COMPOUND:
                continue
            if type(stmt) is ast.If:
                if mentions_test(stmt.test):
                    self._if(stmt, body[index + 1 :])
                self.block(stmt.body)
                self.block(stmt.orelse)
                continue
            for inner in nested_blocks(stmt):
                self.block(inner)

    def _if(self, stmt: ast.If, rest: list[ast.stmt]) -> None:
        when_true = self._implied(stmt.test, True)
        when_false = self._implied(stmt.test, False)
        self._region(stmt.body, when_true)
        self._region(stmt.orelse, when_false)
        # ``if inspect.iscoroutinefunction(f): return``: the rest of the block runs only when
        # the test was false (and after an ``else`` that always leaves, only when it was true).
        if exits_block(stmt.body):
            self._region(rest, when_false)
        elif exits_block(stmt.orelse):
            self._region(rest, when_true)

    def _implied(self, test: ast.expr, truth: bool) -> list[_Implied]:
        """What ``test`` having the value ``truth`` tells of called names."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._implied(test.operand, not truth)
        if isinstance(test, ast.BoolOp):
            # ``a and b`` true, or ``a or b`` false: every operand has that value.
            if isinstance(test.op, ast.And) is truth:
                return [implied for value in test.values for implied in self._implied(value, truth)]
            return []
        if not isinstance(test, ast.Call) or test.keywords:
            return []
        call = test
        func = self.walker.ref(call.func)
        if type(func) is not GlobalRef:
            return []
        if func.name in COROUTINE_TESTS and not truth and len(call.args) == 1:
            return [("sync", call.args[0], ())]
        if func.name == _ISINSTANCE and len(call.args) == 2:
            classes = call.args[1]
            options = classes.elts if type(classes) is ast.Tuple else [classes]
            if options and all(type(o) in (ast.Name, ast.Attribute) for o in options):
                kind = "isinstance" if truth else "notinstance"
                return [(kind, call.args[0], tuple(options))]
        return []

    def _region(self, body: list[ast.stmt], implied: list[_Implied]) -> None:
        if not body or not implied:
            return
        walker = self.walker
        line, column = walker.position(body[0])
        last = body[-1]
        end_line = last.end_lineno or line
        found = bisect.bisect_left(self.lines, line)
        if found == len(self.lines) or self.lines[found] > end_line:
            return  # nothing in the region that a test could rule out
        end_column = walker.column(end_line, last.end_col_offset or 0)
        for kind, subject_node, class_nodes in implied:
            if kind == "notinstance":
                subjects = self._bindings(subject_node, body)
            else:
                subject = self._subject(subject_node, body)
                subjects = [] if subject is None else [subject]
            if not subjects:
                continue
            classes: list[Ref] = []
            for option in class_nodes:
                ref = walker.ref(option)
                if ref is None:
                    break
                classes.append(ref)
            else:
                for subject in subjects:
                    self.found.append(
                        TypeTest(line, column, end_line, end_column, subject, kind, tuple(classes))
                    )

    def _bindings(self, node: ast.expr, region: list[ast.stmt]) -> list[Ref]:
        """The references a negatively tested name or attribute chain can have in ``region``
        (``not isinstance(resp, AsyncResponse)``): that of a unique object, or for a local, one
        per type it was bound to in the function (the calls in the region were resolved by
        one of them). The test says the object is not what that type says, so the calls the
        type resolves are not the ones made there. When another local of one of those types is
        used in the region, its calls would share the reference: nothing is recorded."""
        subject = self._subject(node, region)
        if subject is not None:
            return [subject]
        key = receiver_key(node)
        scope = self.scope
        if key is None or key.split(".")[0] not in scope.bound:
            return []
        parts = key.split(".")
        root = parts[0]
        bound = _assigned(region)
        if any(".".join(parts[: n + 1]) in bound for n in range(len(parts))):
            return []  # the region rebinds it: a later call may see another object
        types = {t for t in scope.bound[root] if t is not None}
        for stmt in region:
            for used in ast.walk(stmt):
                if type(used) is ast.Name and used.id != root:
                    if types.intersection(scope.bound.get(used.id, ())):
                        return []  # another local of that type: its calls share the reference
        current = scope.locals.get(root)
        found: list[Ref] = []
        try:
            for typeref in dict.fromkeys(scope.bound[root]):
                scope.locals[root] = typeref
                ref = self.walker.ref(node)
                if type(ref) is ValRef and ref not in found:
                    found.append(ref)
        finally:
            scope.locals[root] = current
        return found

    def _subject(self, node: ast.expr, region: list[ast.stmt]) -> Ref | None:
        """The reference of a tested name or attribute chain, when it names one object
        wherever it is read in ``region``; else None."""
        key = receiver_key(node)
        if key is None:
            return None
        parts = key.split(".")
        root = parts[0]
        scope = self.scope
        if root != scope.self_name and root != scope.cls_name:
            stores = scope.stores.get(root, 0)
            if stores > 1 or (stores and root in parameter_names(scope.node)):
                return None  # a local bound more than once: which binding is unknown
        ref = self.walker.ref(node)
        if type(ref) is not SelfRef and type(ref) is not ClsRef and type(ref) is not GlobalRef:
            return None  # a value of some type: another object of that type has the same ref
        bound = _assigned(region)
        if any(".".join(parts[: n + 1]) in bound for n in range(len(parts))):
            return None  # the region rebinds it: a later call may see another object
        return ref


def parameter_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Every parameter name of a function (``self``, ``*args`` and ``**kwargs`` included)."""
    arguments = node.args
    return frozenset(
        arg.arg
        for arg in (
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            arguments.vararg,
            arguments.kwarg,
        )
        if arg is not None
    )


def mentions_test(test: ast.expr) -> bool:
    """Whether ``test`` calls ``isinstance`` or an ``iscoroutinefunction`` (cheap pre-check)."""
    while isinstance(test, ast.UnaryOp):
        test = test.operand
    if isinstance(test, ast.BoolOp):
        return any(mentions_test(value) for value in test.values)
    if not isinstance(test, ast.Call):
        return False
    func = test.func
    if isinstance(func, ast.Name):
        return func.id in _TEST_NAMES
    return isinstance(func, ast.Attribute) and func.attr in _TEST_NAMES


def _assigned(body: list[ast.stmt]) -> set[str]:
    """The names and attribute chains (``self._lock``) that ``body`` binds anywhere."""
    found: set[str] = set()
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name | ast.Attribute):
                if not isinstance(node.ctx, ast.Load):
                    key = receiver_key(node)
                    if key is not None:
                        found.add(key)
            elif isinstance(node, _SCOPES):
                found.add(node.name)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    found.add((alias.asname or alias.name).partition(".")[0])
            elif isinstance(node, ast.ExceptHandler) and node.name:
                found.add(node.name)
    return found
