"""The branch structure of a function, and which of its calls a given set of arguments reaches.

The facts the linter extracts per function (``analysis/facts.py``) list its calls but not the
branches around them, and library code is full of branches: ``httpx.create_ssl_context`` loads
certificates when ``verify is True`` and does not when ``verify is False``. This module keeps,
per function, a small outline of its body: calls (with the shape of their arguments), simple
assignments, ``if`` tests, loops, ``try`` and the statements that leave the function. The
outline is plain JSON (cached with the facts of its file).

:func:`walk` runs an outline with the values known for the parameters (literal arguments and
defaults, passed down the chain) and answers, for the first blocking call, whether it is reached
on every path the known values allow (*definite*) or only on some (*may*). A test the values do
not decide (``if os.environ.get(...)``) makes both branches possible: a call is still definite
when both branches reach one.

Outline nodes are tagged lists (``["call", line, column, args, keywords, star, dstar,
end_line, end_column]``,
``["set", name, value]``, ``["if", test, body, orelse]``, ``["loop", body]``, ``["try", body,
handlers, orelse, final]``, ``["end"]`` (return), ``["raise"]``); values are ``["c",
constant]``, ``["n", name]``, ``["u"]`` (unknown), ``["not", v]``, ``["is", a, b, negated]``,
``["eq", a, b, negated]``, ``["and", [v...]]``, ``["or", [v...]]``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from admf_tsan.lint.analysis.extract import library_test_truth

__all__ = [
    "FLOW_VERSION",
    "FunctionOutline",
    "KwArgs",
    "Reach",
    "UNKNOWN",
    "bind",
    "evaluate",
    "module_aliases",
    "outline_function",
    "outline_module",
    "walk",
]

#: Bump when the outline format or what is outlined changes (part of the dependency cache key).
#: 6: a library's ``sys.version_info`` branches are decided for its interpreter.
#: 7: and its platform tests (``sys.platform``, ``os.name``) for this machine.
#: 8: the calls of opt-in rules that are off are not followed (``shutil.rmtree``).
#: 9: nor those of ignored rules; nor a project's call made only on another platform.
FLOW_VERSION = 9

_LITERALS = (bool, int, float, str, type(None))
Node = list[Any]


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


#: A value the analysis cannot tell.
UNKNOWN: Any = _Unknown()


@dataclass(frozen=True, slots=True)
class KwArgs:
    """The keywords a ``**kwargs`` parameter received (known values or :data:`UNKNOWN`)."""

    values: tuple[tuple[str, Any], ...]
    complete: bool = True


@dataclass(frozen=True, slots=True)
class FunctionOutline:
    """A function's parameters and the outline of its body (see the module docstring)."""

    params: tuple[str, ...]
    defaults: dict[str, Any]
    bound: bool
    vararg: str | None
    kwarg: str | None
    body: list[Any] = field(default_factory=list)

    def to_json(self) -> Any:
        return [list(self.params), self.defaults, self.bound, self.vararg, self.kwarg, self.body]

    @classmethod
    def from_json(cls, data: Any) -> FunctionOutline:
        params, defaults, bound, vararg, kwarg, body = data
        return cls(tuple(params), dict(defaults), bool(bound), vararg, kwarg, body)


# --- building outlines ---------------------------------------------------------------------------


def outline_module(
    tree: ast.Module, module: str, text: str, python_version: tuple[int, ...] | None = None
) -> dict[str, FunctionOutline]:
    """Qualified name -> outline, for every function of the module (same names as the facts);
    with ``python_version``, a ``sys.version_info`` test's other branch is not read, as the
    extractor does for library modules."""
    builder = _OutlineBuilder(text, python_version)
    builder.scope(tree.body, module, in_function=False)
    return builder.outlines


def outline_function(
    node: ast.FunctionDef | ast.AsyncFunctionDef, text: str, *, is_method: bool = False
) -> FunctionOutline:
    """The outline of one function as :func:`outline_module` gives it (``text``: the source the
    node was parsed from, for character columns)."""
    return _OutlineBuilder(text).outline(node, is_method)


def module_aliases(
    tree: ast.Module, python_version: tuple[int, ...] | None = None
) -> dict[str, list[str]]:
    """Module-level names bound to another name: ``Default = _DefaultClient`` -> its path.

    Conditional bindings are read as the program runs them: the ``else`` of ``if TYPE_CHECKING:``
    (the body is for type checkers only), the last binding otherwise. The facts' symbol table
    gives up on a name bound twice; libraries bind their public aliases exactly this way.
    """
    aliases: dict[str, list[str]] = {}

    def visit(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, path = stmt.targets[0], _name_path(stmt.value)
                if isinstance(target, ast.Name):
                    if path is not None:
                        aliases[target.id] = path
                    else:
                        aliases.pop(target.id, None)
            elif isinstance(stmt, ast.If):
                live = _live_version_branch(stmt, python_version)
                if live is not None:
                    visit(live)
                elif _name_path(stmt.test) in (["TYPE_CHECKING"], ["typing", "TYPE_CHECKING"]):
                    visit(stmt.orelse)
                else:
                    visit(stmt.body)
                    visit(stmt.orelse)
            elif isinstance(stmt, (ast.Try, ast.TryStar)):
                visit(stmt.body)
                visit(stmt.orelse)

    visit(tree.body)
    return aliases


def _name_path(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _live_version_branch(
    stmt: ast.stmt, python_version: tuple[int, ...] | None
) -> list[ast.stmt] | None:
    """The branch of ``if sys.version_info <op> (...):`` that runs under ``python_version``, or
    of a platform test (``if os.name == "nt":``) on this machine; None for any other statement,
    or without a version."""
    if python_version is None or type(stmt) is not ast.If:
        return None
    truth = library_test_truth(stmt.test, python_version)
    if truth is None:
        return None
    return stmt.body if truth else stmt.orelse


class _OutlineBuilder:
    def __init__(self, text: str, python_version: tuple[int, ...] | None = None) -> None:
        self.lines = text.splitlines()
        self.outlines: dict[str, FunctionOutline] = {}
        self.python_version = python_version

    def _bodies(self, stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
        live = _live_version_branch(stmt, self.python_version)
        if live is not None:
            yield live
        else:
            yield from _nested_bodies(stmt)

    def column(self, line: int, offset: int) -> int:
        """1-based character column of UTF-8 byte ``offset`` on ``line`` (as the facts count)."""
        if line <= len(self.lines) and not self.lines[line - 1].isascii():
            raw = self.lines[line - 1].encode("utf-8")[:offset]
            return len(raw.decode("utf-8", "replace")) + 1
        return offset + 1

    def scope(self, body: list[ast.stmt], prefix: str, in_function: bool) -> None:
        """Outline the functions defined in ``body`` (named as the extractor names them)."""
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qualname = (
                    f"{prefix}.<locals>.{stmt.name}" if in_function else f"{prefix}.{stmt.name}"
                )
                self.function(stmt, qualname, is_method=False)
            elif isinstance(stmt, ast.ClassDef):
                qualname = (
                    f"{prefix}.<locals>.{stmt.name}" if in_function else f"{prefix}.{stmt.name}"
                )
                self.class_body(stmt.body, qualname)
            else:
                for child in self._bodies(stmt):
                    self.scope(child, prefix, in_function)

    def class_body(self, body: list[ast.stmt], qualname: str) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.function(stmt, f"{qualname}.{stmt.name}", is_method=True)
            elif isinstance(stmt, ast.ClassDef):
                self.class_body(stmt.body, f"{qualname}.{stmt.name}")
            else:
                for child in self._bodies(stmt):
                    self.class_body(child, qualname)

    def function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str, is_method: bool
    ) -> None:
        self.outlines[qualname] = self.outline(node, is_method)
        self.scope(node.body, qualname, in_function=True)

    def outline(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool
    ) -> FunctionOutline:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        decorators = {
            d.id if isinstance(d, ast.Name) else d.attr if isinstance(d, ast.Attribute) else ""
            for d in node.decorator_list
        }
        bound = is_method and "staticmethod" not in decorators and bool(positional)
        defaults: dict[str, Any] = {}
        for arg, default in zip(reversed(positional), reversed(args.defaults), strict=False):
            defaults[arg.arg] = self.value(default)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if kw_default is not None:
                defaults[arg.arg] = self.value(kw_default)
        params = tuple(a.arg for a in (*positional, *args.kwonlyargs))
        return FunctionOutline(
            params,
            defaults,
            bound,
            args.vararg.arg if args.vararg else None,
            args.kwarg.arg if args.kwarg else None,
            self.statements(node.body),
        )

    # Values and calls.

    def value(self, node: ast.expr) -> Node:
        if isinstance(node, ast.Constant) and isinstance(node.value, _LITERALS):
            return ["c", node.value]
        if isinstance(node, ast.Name):
            return ["n", node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ["not", self.value(node.operand)]
        if isinstance(node, ast.BoolOp):
            return [
                "and" if isinstance(node.op, ast.And) else "or",
                [self.value(v) for v in node.values],
            ]
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            op = node.ops[0]
            left, right = self.value(node.left), self.value(node.comparators[0])
            if isinstance(op, (ast.Is, ast.IsNot)):
                return ["is", left, right, isinstance(op, ast.IsNot)]
            if isinstance(op, (ast.Eq, ast.NotEq)):
                return ["eq", left, right, isinstance(op, ast.NotEq)]
        return ["u"]

    def calls(self, node: ast.AST | None) -> list[Node]:
        """Outline nodes for the calls made while evaluating ``node``, in evaluation order.

        Calls that only some evaluations make are put under the ``if`` that decides them:
        ``a or b()`` calls ``b`` when ``not a``, ``x() if c else y()`` calls one of them; a call
        in a comprehension runs once per element (an undecided ``if``).
        """
        if node is None or isinstance(
            node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        ):
            return []
        if isinstance(node, ast.BoolOp):
            result = self.calls(node.values[0])
            test = self.value(node.values[0])
            for operand in node.values[1:]:
                later = self.calls(operand)
                if later:
                    runs = test if isinstance(node.op, ast.And) else ["not", test]
                    result.append(["if", runs, later, []])
                test = ["u"]
            return result
        if isinstance(node, ast.IfExp):
            return [
                *self.calls(node.test),
                ["if", self.value(node.test), self.calls(node.body), self.calls(node.orelse)],
            ]
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            inner = [c for child in ast.iter_child_nodes(node) for c in self.calls(child)]
            return [["if", ["u"], inner, []]] if inner else []
        result = [c for child in ast.iter_child_nodes(node) for c in self.calls(child)]
        if isinstance(node, ast.Call):
            result.append(self.call(node))
        return result

    def call(self, node: ast.Call) -> Node:
        args: list[Node] = []
        star = False
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                star = True
            else:
                args.append(self.value(arg))
        keywords: dict[str, Node] = {}
        dstar: str | None = None
        for keyword in node.keywords:
            if keyword.arg is None:
                if isinstance(keyword.value, ast.Name) and dstar is None:
                    dstar = keyword.value.id
                else:
                    star = True
            else:
                keywords[keyword.arg] = self.value(keyword.value)
        end_line = node.end_lineno or node.lineno
        end_column = self.column(end_line, node.end_col_offset or 0)
        column = self.column(node.lineno, node.col_offset)
        return ["call", node.lineno, column, args, keywords, star, dstar, end_line, end_column]

    # Statements.

    def statements(self, body: list[ast.stmt]) -> list[Node]:
        result: list[Node] = []
        for stmt in body:
            result.extend(self.statement(stmt))
        return result

    def statement(self, stmt: ast.stmt) -> list[Node]:  # noqa: C901 - one dispatch over kinds
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return []
        if isinstance(stmt, ast.If):
            return [
                *self.calls(stmt.test),
                [
                    "if",
                    self.value(stmt.test),
                    self.statements(stmt.body),
                    self.statements(stmt.orelse),
                ],
            ]
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            body = [*self.statements(stmt.body), *self.statements(stmt.orelse)]
            return [*self.calls(stmt.iter), ["loop", body]]
        if isinstance(stmt, ast.While):
            return [["loop", [*self.calls(stmt.test), *self.statements(stmt.body)]]]
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            result: list[Node] = []
            for item in stmt.items:
                result.extend(self.calls(item.context_expr))
            return [*result, *self.statements(stmt.body)]
        if isinstance(stmt, (ast.Try, ast.TryStar)):
            handlers = [self.statements(h.body) for h in stmt.handlers]
            return [
                [
                    "try",
                    self.statements(stmt.body),
                    handlers,
                    self.statements(stmt.orelse),
                    self.statements(stmt.finalbody),
                ]
            ]
        if isinstance(stmt, ast.Match):
            result = self.calls(stmt.subject)
            cases: list[Node] = []
            for case in reversed(stmt.cases):
                cases = [["if", ["u"], self.statements(case.body), cases]]
            return [*result, *cases]
        if isinstance(stmt, ast.Return):
            return [*self.calls(stmt.value), ["end"]]
        if isinstance(stmt, ast.Raise):
            return [*self.calls(stmt.exc), ["raise"]]
        if isinstance(stmt, ast.Assign):
            result = self.calls(stmt.value)
            for target in stmt.targets:
                result.extend(self.bindings(target, stmt.value))
            return result
        if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            result = self.calls(stmt.value)
            if isinstance(stmt.target, ast.Name):
                value = stmt.value if isinstance(stmt, ast.AnnAssign) else None
                result.extend(self.bindings(stmt.target, value))
            return result
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            return [["set", (a.asname or a.name).partition(".")[0], ["u"]] for a in stmt.names]
        result = []
        for child in ast.iter_child_nodes(stmt):
            if isinstance(child, ast.expr):
                result.extend(self.calls(child))
        return result

    def bindings(self, target: ast.expr, value: ast.expr | None) -> list[Node]:
        if isinstance(target, ast.Name):
            return [["set", target.id, self.value(value) if value is not None else ["u"]]]
        if isinstance(target, (ast.Tuple, ast.List)):
            return [b for element in target.elts for b in self.bindings(element, None)]
        if isinstance(target, ast.Starred):
            return self.bindings(target.value, None)
        return []


def _nested_bodies(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        body = getattr(stmt, name, None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            yield body
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    for case in getattr(stmt, "cases", ()):
        yield case.body


# --- running outlines ----------------------------------------------------------------------------

Env = dict[str, Any]


def evaluate(value: Node, env: Env) -> Any:
    """The value of an outline value under ``env``, or :data:`UNKNOWN`."""
    tag = value[0]
    if tag == "c":
        return value[1]
    if tag == "n":
        known = env.get(value[1], UNKNOWN)
        return UNKNOWN if isinstance(known, KwArgs) else known
    if tag == "not":
        inner = _truth(evaluate(value[1], env))
        return UNKNOWN if inner is None else not inner
    if tag in ("is", "eq"):
        left, right = evaluate(value[1], env), evaluate(value[2], env)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if tag == "is":
            same = type(left) is type(right) and left == right
        else:
            same = left == right
        return same != value[3]
    if tag in ("and", "or"):
        unknown = False
        result: Any = UNKNOWN
        for operand in value[1]:
            result = evaluate(operand, env)
            truth = _truth(result)
            if truth is None:
                unknown = True
            elif truth is (tag == "or"):
                return UNKNOWN if unknown else result
        return UNKNOWN if unknown else result
    return UNKNOWN


def _truth(value: Any) -> bool | None:
    if value is UNKNOWN:
        return None
    return bool(value)


def bind(outline: FunctionOutline, call: Node, env: Env, skip_first: bool) -> Env:
    """The callee's parameter values for ``call`` (an outline ``call`` node) made under ``env``."""
    args, keywords, star, dstar = call[3:7]
    params = list(outline.params)
    if skip_first and outline.bound and params:
        params = params[1:]
    bound: Env = {}
    for name, value in zip(params, args, strict=False):
        bound[name] = evaluate(value, env)
    extra: dict[str, Any] = {}
    complete = not star
    passed = dict(keywords)
    for name, value in passed.items():
        if name in params:
            bound[name] = evaluate(value, env)
        else:
            extra[name] = evaluate(value, env)
    if dstar is not None:
        forwarded = env.get(dstar)
        if isinstance(forwarded, KwArgs):
            complete = complete and forwarded.complete
            for name, known in forwarded.values:
                if name in params:
                    bound.setdefault(name, known)
                else:
                    extra.setdefault(name, known)
        else:
            complete = False
    for name in params:
        if name not in bound:
            default = outline.defaults.get(name)
            # An argument hidden in ``*args`` / ``**kw`` may be any value.
            bound[name] = evaluate(default, {}) if default is not None and complete else UNKNOWN
    if outline.kwarg is not None:
        bound[outline.kwarg] = KwArgs(tuple(sorted(extra.items())), complete)
    return bound


@dataclass(frozen=True, slots=True)
class Reach:
    """What a block reaches: a result found on every path (``definite``), on some (``may``)."""

    definite: Any = None
    may: Any = None
    #: Whether the block leaves the function: "never", "maybe", "always" (returns on every
    #: path), "raise" (raises on every path: the call fails, so it is not the path taken).
    ends: str = "never"


#: Called for each outline ``call`` reached: (call node, env) -> (definite, may) results.
CallOracle = Callable[[Node, Env], tuple[Any, Any]]


def walk(body: list[Node], env: Env, oracle: CallOracle) -> Reach:
    """Run ``body`` under ``env``; the first result the oracle gives on every / some path."""
    may: Any = None
    ends_maybe = False
    for node in body:
        tag = node[0]
        if tag == "call":
            definite, maybe = oracle(node, env)
            may = may or maybe or definite
            if definite is not None and not ends_maybe:
                return Reach(definite, may, "never")
            continue
        if tag == "set":
            env[node[1]] = evaluate(node[2], env)
            continue
        if tag == "end":
            return Reach(None, may, "maybe" if ends_maybe else "always")
        if tag == "raise":
            return Reach(None, may, "maybe" if ends_maybe else "raise")
        reach = _compound(node, env, oracle)
        may = may or reach.may
        if reach.definite is not None and not ends_maybe:
            return Reach(reach.definite, may, "never")
        if reach.ends == "raise":
            return Reach(None, may, "maybe" if ends_maybe else "raise")
        if reach.ends == "always":
            return Reach(None, may, "maybe" if ends_maybe else "always")
        if reach.ends == "maybe":
            ends_maybe = True
    return Reach(None, may, "maybe" if ends_maybe else "never")


def _compound(node: Node, env: Env, oracle: CallOracle) -> Reach:
    tag = node[0]
    if tag == "if":
        truth = _truth(evaluate(node[1], env))
        if truth is not None:
            return walk(node[2] if truth else node[3], env, oracle)
        body_env, else_env = dict(env), dict(env)
        body, orelse = walk(node[2], body_env, oracle), walk(node[3], else_env, oracle)
        # A branch that raises is not the path a call that succeeds takes.
        if body.ends == "raise" or orelse.ends == "raise":
            taken, taken_env = (orelse, else_env) if body.ends == "raise" else (body, body_env)
            env.clear()
            env.update(taken_env)
            return Reach(taken.definite, body.may or orelse.may, taken.ends)
        _merge(
            env,
            body_env if body.ends != "always" else None,
            else_env if orelse.ends != "always" else None,
        )
        definite = (
            body.definite if body.definite is not None and orelse.definite is not None else None
        )
        ends = _join_ends(body.ends, orelse.ends)
        return Reach(definite, body.may or orelse.may, ends)
    if tag == "loop":
        inner = walk(node[1], dict(env), oracle)
        _forget_assigned(env, node[1])
        ends = "maybe" if inner.ends in ("maybe", "always") else "never"
        return Reach(None, inner.may or inner.definite, ends)
    if tag == "try":
        _, body, handlers, orelse, final = node
        first = walk(body, env, oracle)
        may = first.may
        ends = "maybe" if first.ends == "raise" and handlers else first.ends
        for handler in handlers:
            reach = walk(handler, dict(env), oracle)
            may = may or reach.may or reach.definite
            if reach.ends in ("maybe", "always"):
                ends = "maybe" if ends != "always" else ends
        if first.definite is not None:
            return Reach(first.definite, may, "never")
        for block in (orelse, final):
            if ends == "always" and block is orelse:
                continue
            reach = walk(block, env, oracle)
            may = may or reach.may
            if reach.definite is not None and ends == "never":
                return Reach(reach.definite, may, "never")
            if reach.ends in ("always", "raise"):
                return Reach(None, may, reach.ends)
        return Reach(None, may, ends)
    return Reach()


def _join_ends(left: str, right: str) -> str:
    if left == right:
        return left
    return "maybe"


def _merge(env: Env, left: Env | None, right: Env | None) -> None:
    """After an undecided ``if``: keep the values both branches agree on."""
    if left is None and right is None:
        return
    if left is None or right is None:
        merged = dict(left if left is not None else right or {})
    else:
        merged = {
            k: v
            for k, v in left.items()
            if k in right and right[k] == v and type(right[k]) is type(v)
        }
        for key in set(left) | set(right):
            merged.setdefault(key, UNKNOWN)
    env.clear()
    env.update(merged)


def _forget_assigned(env: Env, body: list[Node]) -> None:
    for node in body:
        if node[0] == "set":
            env[node[1]] = UNKNOWN
        elif node[0] == "if":
            _forget_assigned(env, node[2])
            _forget_assigned(env, node[3])
        elif node[0] == "loop":
            _forget_assigned(env, node[1])
        elif node[0] == "try":
            for block in (node[1], *node[2], node[3], node[4]):
                _forget_assigned(env, block)
