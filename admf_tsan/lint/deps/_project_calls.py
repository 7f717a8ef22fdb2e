"""The outline node of a project call into a library: the shape of its arguments.

A project call is followed into the library with the values its arguments show (literals, names
of parameters); those come from the call's outline node (``flow.py``). Project files are not
outlined when they are extracted (few of their calls reach a library), so the node is built
here, on request, from the source file: only the calling function's lines are parsed, padded so
that lines and columns stay those of the file, and only that function is outlined. The whole
file is parsed and outlined instead (what :func:`project_call_nodes` gives) where one function
could answer differently: a function defined again later under the same name (``@overload``; the
file keeps the last definition), a file read with a newer grammar (it does not parse here), tabs,
form feeds or unusual line breaks, or a site the function's outline does not hold (a call in a
lambda).
"""

from __future__ import annotations

import ast
import os

from admf_tsan.lint.analysis.facts import CallSite, FunctionFacts, ModuleFacts
from admf_tsan.lint.deps.flow import Node, outline_function, outline_module

__all__ = ["ProjectCallNodes", "project_call_nodes"]

Position = tuple[int, int, int, int]
#: Line breaks ``str.splitlines`` knows and the tokenizer does not (or counts differently).
_ODD_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


class ProjectCallNodes:
    """Outline nodes of the project's call sites, by function, built when first asked for."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._texts: dict[str, tuple[str, list[str]] | None] = {}
        self._by_function: dict[tuple[str, str], dict[Position, Node] | None] = {}
        self._by_file: dict[str, dict[Position, Node]] = {}
        self._last_lines: dict[str, dict[str, int]] = {}

    def node(self, module: ModuleFacts, fn: FunctionFacts, site: CallSite) -> Node | None:
        """The outline node of ``site`` (a call in ``fn``), or ``None`` when it has none."""
        position = (site.line, site.column, site.end_line, site.end_column)
        key = (module.path, fn.qualname)
        if key not in self._by_function:
            self._by_function[key] = self._function_calls(module, fn)
        calls = self._by_function[key]
        node = calls.get(position) if calls is not None else None
        if node is None:
            node = self._file_calls(module).get(position)
        return node

    def read(self) -> dict[str, dict[Position, Node]]:
        """Per project file read, the call nodes found in what was outlined of it."""
        read: dict[str, dict[Position, Node]] = {}
        for (path, _), calls in self._by_function.items():
            read.setdefault(path, {}).update(calls or {})
        for path, calls in self._by_file.items():
            read.setdefault(path, {}).update(calls)
        return read

    def _source(self, module: ModuleFacts) -> tuple[str, list[str]] | None:
        if module.path not in self._texts:
            try:
                with open(os.path.join(self.root, module.path), "rb") as file:
                    data = file.read()
                # Imported here: the engine imports every rule, and a rule imports this module.
                from admf_tsan.lint.engine import decode_source

                text = decode_source(data)
            except (OSError, SyntaxError, ValueError):
                self._texts[module.path] = None
            else:
                # Line and column numbers do not change when CRLF ends lines.
                unified = text.replace("\r\n", "\n")
                simple = not any(mark in unified for mark in _ODD_BREAKS)
                self._texts[module.path] = (text, unified.split("\n") if simple else [])
        return self._texts[module.path]

    def _function_calls(
        self, module: ModuleFacts, fn: FunctionFacts
    ) -> dict[Position, Node] | None:
        """Call nodes of ``fn``'s outline from its own lines (``None``: ask the whole file)."""
        source = self._source(module)
        if source is None or not source[1] or module.grammar is not None:
            return None
        if self._last_definitions(module).get(fn.qualname) != fn.line:
            return None
        lines = source[1]
        segment = _function_lines(lines, fn.line)
        if segment is None:
            return None
        first = lines[fn.line - 1]
        indented = first != first.lstrip()
        # Blank lines keep the line numbers; ``if 1:`` makes an indented ``def`` parse.
        padding = "\n" * (fn.line - 2) + "if 1:\n" if indented else "\n" * (fn.line - 1)
        text = padding + "\n".join(segment)
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        top = tree.body[0] if tree.body else None
        node = top.body[0] if indented and isinstance(top, ast.If) and top.body else top
        if not (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name == fn.name
            and node.lineno == fn.line
        ):
            return None
        try:
            outline = outline_function(node, text)
        except RecursionError:
            return None
        return _by_position(outline.body)

    def _last_definitions(self, module: ModuleFacts) -> dict[str, int]:
        """Function name -> line of its last definition (the one the file's outline keeps)."""
        lines = self._last_lines.get(module.path)
        if lines is None:
            lines = {}
            for other in module.functions:
                lines[other.qualname] = max(other.line, lines.get(other.qualname, 0))
            self._last_lines[module.path] = lines
        return lines

    def _file_calls(self, module: ModuleFacts) -> dict[Position, Node]:
        """Call nodes of every function's outline in the file."""
        calls = self._by_file.get(module.path)
        if calls is None:
            source = self._source(module)
            calls = {} if source is None else _outline_calls(source[0], module.module)
            self._by_file[module.path] = calls
        return calls


def project_call_nodes(root: str, path: str, module: str) -> dict[Position, Node]:
    """The outline call nodes of every function of a project file, by ``(line, column, end_line,
    end_column)`` (none for a file that cannot be read or parsed)."""
    try:
        with open(os.path.join(root, path), "rb") as file:
            data = file.read()
        from admf_tsan.lint.engine import decode_source

        text = decode_source(data)
    except (OSError, SyntaxError, ValueError):
        return {}
    return _outline_calls(text, module)


def _outline_calls(text: str, module: str) -> dict[Position, Node]:
    calls: dict[Position, Node] = {}
    try:
        outlines = outline_module(ast.parse(text), module, text)
    except (SyntaxError, ValueError, RecursionError):
        return calls
    for outline in outlines.values():
        calls.update(_by_position(outline.body))
    return calls


def _function_lines(lines: list[str], line: int) -> list[str] | None:
    """The lines of the ``def`` on ``line`` up to the next statement indented no deeper.

    A cut inside a string or brackets does not parse, which sends the caller to the whole file.
    ``None`` when tabs or form feeds make indentation widths uncertain.
    """
    first = lines[line - 1]
    indent = len(first) - len(first.lstrip(" \t\f"))
    if "\t" in first[:indent] or "\f" in first[:indent]:
        return None
    end = len(lines)
    for number in range(line, len(lines)):
        text = lines[number]
        stripped = text.lstrip(" \t\f")
        if not stripped or stripped.startswith(("#", ")", "]", "}")):
            continue  # a closing bracket never starts a statement (``):`` ends a long ``def``)
        width = len(text) - len(stripped)
        if "\t" in text[:width] or "\f" in text[:width]:
            return None
        if width <= indent:
            end = number
            break
    return lines[line - 1 : end]


def _by_position(body: list[Node]) -> dict[Position, Node]:
    calls: dict[Position, Node] = {}
    for node in _call_nodes(body):
        calls[(node[1], node[2], node[7], node[8])] = node
    return calls


def _call_nodes(body: list[Node]) -> list[Node]:
    found: list[Node] = []
    for node in body:
        tag = node[0]
        if tag == "call":
            found.append(node)
        elif tag == "if":
            found.extend(_call_nodes(node[2]))
            found.extend(_call_nodes(node[3]))
        elif tag == "loop":
            found.extend(_call_nodes(node[1]))
        elif tag == "try":
            for block in (node[1], *node[2], node[3], node[4]):
                found.extend(_call_nodes(block))
    return found
