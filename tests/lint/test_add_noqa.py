"""``admf-tsan lint --add-noqa``: every line with a finding gets ``# noqa: CODE``, and nothing
else in the file changes; what cannot be marked is named, and it still fails."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from admf_tsan.lint.add_noqa import add_noqa
from admf_tsan.lint.analysis.scopes import noqa_lines

from .conftest import CliResult

SOURCE = (
    "import time\n"
    "import requests\n\n\n"
    "async def poll():\n"
    "    time.sleep(1)  # why we wait\n"
    '    requests.get("u")  # noqa: E501\n'
    '    requests.get("""a""",\n'
    "                 timeout=1)\n"
    "    time.sleep(2)\n"
)

#: The comments --add-noqa writes, to take them out again.
_ADDED = re.compile(r"  # noqa: ADMF\d+(, ADMF\d+)*|, ADMF\d+")


def test_every_finding_is_marked_and_the_rest_of_the_file_is_kept(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"a.py": SOURCE})
    before = cli("--format", "json")
    assert before.code == 1
    assert len(before.json()) == 4

    result = cli("--add-noqa")
    assert result.code == 0, result.err
    assert "Added 4 noqa directive(s) in 1 file(s)." in result.err
    text = (root / "a.py").read_text()
    assert text.splitlines()[5:9] == [
        "    time.sleep(1)  # why we wait  # noqa: ADMF101",
        '    requests.get("u")  # noqa: E501, ADMF102',
        '    requests.get("""a""",  # noqa: ADMF102',
        "                 timeout=1)",
    ]
    assert _ADDED.sub("", text) == SOURCE

    after = cli()
    assert after.code == 0 and after.out.count("ADMF") == 0


def test_a_second_run_changes_nothing(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"a.py": SOURCE})
    assert cli("--add-noqa").code == 0
    marked = (root / "a.py").read_bytes()
    again = cli("--add-noqa")
    assert again.code == 0
    assert "Added 0 noqa directive(s) in 0 file(s)." in again.err
    assert (root / "a.py").read_bytes() == marked


def test_lines_that_cannot_take_a_comment_are_named_and_still_fail(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    source = (
        "import time\nimport requests\n\n\nasync def poll():\n"
        "    x = time.sleep(2) + \\\n        1\n"
        '    requests.get("""http://x\n""")\n'
        "    return x\n"
    )
    root = project({"a.py": source})
    result = cli("--add-noqa")
    assert result.code == 1
    assert "not marked: a.py:6: ADMF101: the line continues with a backslash" in result.err
    assert "not marked: a.py:8: ADMF102: the line ends inside a multi-line string" in result.err
    assert (root / "a.py").read_text() == source
    assert cli("--add-noqa", "--exit-zero").code == 0
    assert cli().code == 1


def test_selection_decides_what_is_marked(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"a.py": SOURCE})
    assert cli("--add-noqa", "--select", "ADMF101").code == 0
    text = (root / "a.py").read_text()
    assert text.count("ADMF101") == 2 and "ADMF102" not in text
    assert cli("--select", "ADMF102").code == 1


def test_line_endings_and_a_byte_order_mark_are_kept(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    crlf = b"import time\r\n\r\n\r\nasync def poll():\r\n    time.sleep(1)\r\n    return 1\r\n"
    root = project({"crlf.py": crlf, "bom.py": b"\xef\xbb\xbf" + crlf.replace(b"\r\n", b"\n")})
    assert cli("--add-noqa").code == 0
    assert (root / "crlf.py").read_bytes() == crlf.replace(
        b"time.sleep(1)\r\n", b"time.sleep(1)  # noqa: ADMF101\r\n"
    )
    bom = (root / "bom.py").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf") and bom.count(b"\xef\xbb\xbf") == 1
    assert b"    time.sleep(1)  # noqa: ADMF101\n" in bom


def test_cannot_be_combined_with_fix(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"a.py": SOURCE})
    result = cli("--add-noqa", "--fix")
    assert result.code == 2
    assert "--add-noqa cannot be combined with --fix or --diff" in result.err
    assert (root / "a.py").read_text() == SOURCE


def test_a_bare_noqa_and_a_backslash_in_a_comment() -> None:
    source = b"a = 1  # noqa\nb = 2  # see C:\\\nc = 3\n"
    edit = add_noqa(source, {1: ["ADMF101"], 2: ["ADMF101"], 3: ["ADMF102", "ADMF101"]})
    assert edit.unplaced == ()
    assert edit.text == (
        b"a = 1  # noqa\nb = 2  # see C:\\  # noqa: ADMF101\nc = 3  # noqa: ADMF101, ADMF102\n"
    )
    assert edit.added == 2


_LINE = st.sampled_from(
    [
        "x = 1",
        "x = 1  # a comment",
        "x = 1  # noqa: E501",
        "x = f(1,",
        "      2)",
        "s = '''a",
        "b'''",
        "y = 2 + \\",
        "    3",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=12), st.data())
def test_a_placed_directive_suppresses_its_code_and_changes_nothing_else(
    lines: list[str], data: st.DataObject
) -> None:
    source = "\n".join(lines) + "\n"
    try:
        compile(source, "m.py", "exec")
    except SyntaxError:
        return  # only files that parse are linted
    wanted = data.draw(
        st.dictionaries(
            st.integers(1, len(lines)), st.sets(st.sampled_from(["ADMF101", "ADMF120"]), min_size=1)
        )
    )
    edit = add_noqa(source.encode(), wanted)
    text = edit.text.decode()
    compile(text, "m.py", "exec")  # still parses
    directives = noqa_lines(edit.text)
    unplaced = {u.line for u in edit.unplaced}
    for line, codes in wanted.items():
        if line in unplaced:
            assert text.splitlines()[line - 1] == lines[line - 1]
        else:
            have = directives.get(line, frozenset())
            assert have is None or set(codes) <= have
    assert _ADDED.sub("", text) == source
    assert len(text.splitlines()) == len(lines)


@pytest.mark.parametrize("line", ["s = '''a", "y = 2 + \\"])
def test_the_reason_is_given_for_each_kind_of_line(line: str) -> None:
    source = (line + "\n" + ("b'''" if "'''" in line else "    3") + "\n").encode()
    edit = add_noqa(source, {1: ["ADMF101"]})
    assert edit.text == source and edit.added == 0
    [unplaced] = edit.unplaced
    assert unplaced.line == 1 and unplaced.codes == ("ADMF101",)


def test_lone_carriage_returns_are_refused(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # The parser ends a line at "\r", the tokenizer does not: a directive placed by one's
    # numbering could land inside the other's string.
    source = (
        b"import time\r\r\n\r\r\n\r\r\nasync def f():\r\r\n"
        b'    time.sleep(1); s = """a\r\r\nb"""\r\r\n'
    )
    root = project({"a.py": source})
    result = cli("--add-noqa")
    assert result.code == 1
    assert "the file ends lines with a lone carriage return" in result.err
    assert (root / "a.py").read_bytes() == source


def test_noqa_text_the_linter_reads_first_is_named_and_the_line_kept(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    source = (
        'import time\n\n\nasync def f():\n    time.sleep(1); s = "# noqa: E501"\n    return s\n'
    )
    root = project({"a.py": source})
    result = cli("--add-noqa")
    assert result.code == 1
    assert "a.py:5: ADMF101: the linter reads other `noqa` text on the line" in result.err
    assert (root / "a.py").read_text() == source


def test_a_directive_in_any_case_is_merged_and_counts(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"a.py": "import time\n\n\nasync def f():\n    time.sleep(1)  # NoQA: E501\n"})
    assert cli("--add-noqa").code == 0
    assert (root / "a.py").read_text().endswith("time.sleep(1)  # NoQA: E501, ADMF101\n")
    assert cli().code == 0


def test_file_problems_and_read_only_files_are_named_not_marked(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project(
        {"bad.py": "x = = 1\n", "ro.py": "import time\n\n\nasync def f():\n    time.sleep(1)\n"}
    )
    (root / "ro.py").chmod(0o444)
    result = cli("--add-noqa")
    assert result.code == 1
    assert "bad.py:1: ADMF001: a problem with the file itself" in result.err
    assert "ro.py:5: ADMF101: cannot read or change it: the file is read-only" in result.err
    assert (root / "bad.py").read_text() == "x = = 1\n"
    assert "noqa" not in (root / "ro.py").read_text()


def test_a_link_stays_a_link_and_its_file_is_marked(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    root = project({"real.py": "import time\n\n\nasync def f():\n    time.sleep(1)\n"})
    (root / "pkg").mkdir()
    (root / "pkg" / "link.py").symlink_to(root / "real.py")
    assert cli("--add-noqa", "pkg").code == 0
    assert (root / "pkg" / "link.py").is_symlink()
    assert (root / "real.py").read_text().endswith("time.sleep(1)  # noqa: ADMF101\n")


def test_a_failed_save_leaves_the_file_whole(
    project: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    source = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
    root = project({"a.py": source})

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = cli("--add-noqa")
    assert result.code == 1
    assert "a.py: not changed, cannot save the directives: No space left on device" in result.err
    assert (root / "a.py").read_text() == source
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".a.py.")) == []
