"""Files written for a newer Python than the one running the linter are still analysed."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.lint.api import lint_paths
from admf_tsan.lint.config import find_config
from admf_tsan.lint.parse import parse_module
from tests.lint.conftest import CliResult

OLD_INTERPRETER = sys.version_info < (3, 12)

NEWER = {
    "type alias": "import time\ntype Pairs[T] = list[tuple[T, T]]\n\nasync def f():\n"
    "    time.sleep(1)\n",
    "generic class": "import time\n\nclass Box[T: int](object):\n"
    "    async def get[U](self, x: U) -> T:\n        time.sleep(1)\n",
    "multi-line type parameters": "import time\n\ndef g[\n    *Ts,\n    **P,\n](): pass\n\n"
    "async def f():\n    time.sleep(1)\n",
    "nested quotes": 'import time\n\nasync def f(d):\n    return f"{d["k"]} {time.sleep(1)}"\n',
    "backslash in an expression": "import time\n\nasync def f(items):\n"
    "    return f\"{'\\n'.join(items)}: {time.sleep(1)}\"\n",
    "comment in an expression": 'import time\n\nasync def f(x):\n    return f"{x # why\n'
    '    } {time.sleep(1)}" "tail"\n',
    "nested f-string, non-ASCII text": "import time\n\nasync def f(x):\n"
    '    return f"héllo {f"{time.sleep(1)}"} {(a for a in x)}"\n',
}


def _calls(tree: ast.Module) -> list[tuple[str, int, int]]:
    return sorted(
        (ast.unparse(node.func), node.lineno, node.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    )


def _character_column(text: str, line: int, byte_offset: int) -> int:
    return len(text.splitlines()[line - 1].encode("utf-8")[:byte_offset].decode("utf-8"))


@pytest.mark.parametrize("source", NEWER.values(), ids=list(NEWER))
def test_newer_syntax_parses_with_every_call_where_it_was(source: str) -> None:
    parsed = parse_module(source, "new.py")
    assert parsed.grammar == ("3.12" if OLD_INTERPRETER else None)
    assert parsed.text.count("\n") == source.count("\n")
    calls = _calls(parsed.tree)
    assert ("time.sleep", calls[-1][1], calls[-1][2]) in calls
    for name, line, byte_offset in calls:
        column = _character_column(parsed.text, line, byte_offset)
        # Every call is at the same line and character column as in the original source.
        original_line = source.splitlines()[line - 1]
        assert original_line[column:].startswith(name), (name, original_line)


def test_a_file_the_interpreter_reads_is_not_rewritten() -> None:
    source = 'x = f"{1}"\n\nclass C(object):\n    pass\n'
    parsed = parse_module(source, "old.py")
    assert parsed.grammar is None and parsed.text is source


@pytest.mark.parametrize(
    "source",
    ["def f(:\n    pass\n", "x = (1,\n", 'x = f"{"\n', "class C[T:\n    pass\n"],
)
def test_bad_input_still_raises_the_interpreters_syntax_error(source: str) -> None:
    with pytest.raises(SyntaxError) as raised:
        parse_module(source, "bad.py")
    assert raised.value.filename == "bad.py"


def test_a_newer_file_is_analysed_and_named_on_stderr(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {
            "new.py": "import time\n\ntype Ids = list[int]\n\nclass Box[T]:\n"
            "    async def get(self) -> T:\n        time.sleep(1)\n",
            "old.py": "import time\n\nasync def f():\n    time.sleep(1)\n",
        }
    )
    result = cli(".", "--format", "json", "--no-cache")
    assert result.code == 1
    assert sorted((f["path"], f["code"], f["line"], f["column"]) for f in result.json()) == [
        ("new.py", "ADMF101", 7, 9),
        ("old.py", "ADMF101", 4, 5),
    ]
    notes = [line for line in result.err.splitlines() if line.startswith("note:")]
    if OLD_INTERPRETER:
        assert notes == [
            f"note: new.py: uses Python 3.12 syntax, newer than this Python "
            f"{sys.version_info[0]}.{sys.version_info[1]}; analysed through an equivalent "
            f"{sys.version_info[0]}.{sys.version_info[1]} rewrite"
        ]
    else:
        assert notes == []


def test_a_file_no_grammar_reads_is_still_admf001(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"bad.py": "class C[T:\n    pass\n"})
    result = cli("bad.py", "--format", "json", "--no-cache")
    assert result.code == 1
    assert [f["code"] for f in result.json()] == ["ADMF001"]
    assert "Traceback" not in result.err


def test_the_note_is_printed_when_the_result_comes_from_the_cache(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project(
        {
            "new.py": "type Ids = list[int]\n",
            "old.py": "import time\n\nasync def f():\n    time.sleep(1)\n",
        }
    )
    cold = cli(".", "--format", "json")
    warm = cli(".", "--format", "json")
    assert warm.code == cold.code == 1 and warm.json() == cold.json()
    cold_notes = [line for line in cold.err.splitlines() if line.startswith("note:")]
    warm_notes = [line for line in warm.err.splitlines() if line.startswith("note:")]
    assert warm_notes == cold_notes
    assert len(warm_notes) == (1 if OLD_INTERPRETER else 0)
    # The warm run was answered by the stored result of the cold one, not by analysing again.
    report = lint_paths(["."], find_config(root))
    assert report.statistics.result_from_cache
    expected = (("new.py", "3.12"),) if OLD_INTERPRETER else ()
    assert report.newer_grammar == expected
