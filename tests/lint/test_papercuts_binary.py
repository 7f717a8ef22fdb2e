"""A binary or undecodable ``.py`` file: reported where its first bad byte is, printed safely."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.lint.formats.text import printable

from .conftest import CliResult

#: Anything a terminal would act on instead of printing: C0/C1 controls except newline.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_text_output_never_prints_control_characters(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {
            "elf.py": b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe\x1b[2J\n",
            "latin.py": b'a = 1\nb = "caf\xe9" # \x1b[31mred\n',
            "bidi.py": "import time\n\nasync def f():\n    time.sleep(1)  # \u202e\x07\n",
        }
    )
    result = cli()
    assert result.code == 1
    assert not _CONTROL.search(result.out), result.out
    assert "1 | \\x7fELF\\x02\\x01\\x01\\x00\\x00\\xff\\xfe\\x1b[2J" in result.out
    assert '2 | b = "caf\\xe9" # \\x1b[31mred' in result.out
    assert "4 |     time.sleep(1)  # \\u202e\\x07" in result.out


def test_caret_stays_under_the_span_after_escapes() -> None:
    text = "\x1b\x00x = time.sleep(1)"
    shown, start, end = printable(text, 6, 19)
    assert shown == "\\x1b\\x00x = time.sleep(1)"
    assert shown[start:end] == "time.sleep(1)"
    assert printable("a\udce9b", 1, 2) == ("a\\xe9b", 1, 5)
    assert printable("\tx", 1, 2) == (" x", 1, 2)


def test_excerpt_lines_follow_the_parser_across_form_feeds(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"a.py": "import time\n\x0c\nasync def f():\n    time.sleep(1)\n"})
    result = cli()
    assert result.code == 1
    assert "a.py:4:5: ADMF101" in result.out
    assert "4 |     time.sleep(1)\n  |     ^^^^^^^^^^^^^" in result.out


@pytest.mark.parametrize(
    ("content", "position", "reason"),
    [
        (b'a = 1\nb = "caf\xe9"\n', (2, 9), "not valid UTF-8 (byte 0xe9)"),
        (b'x = 1\ny = "ab\x00"\n', (2, 8), "NUL"),
        # a binary: the NUL at offset 7 comes before the first invalid UTF-8 byte
        (b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe\n", (1, 8), "NUL"),
        (b"a = 1\r\nb = '\xff'\r\n", (2, 6), "not valid UTF-8 (byte 0xff)"),
        (b"\xef\xbb\xbfa = '\xff'\n", (1, 6), "not valid UTF-8 (byte 0xff)"),
        (b"# coding: latin-1\nb = '\xe9\x00'\n", (2, 7), "NUL"),
    ],
)
def test_undecodable_file_is_reported_at_its_first_bad_byte(
    project: Callable[..., Path],
    cli: Callable[..., CliResult],
    content: bytes,
    position: tuple[int, int],
    reason: str,
) -> None:
    project({"bad.py": content})
    [finding] = cli("--format", "json").json()
    assert finding["code"] == "ADMF002"
    assert (finding["line"], finding["column"]) == position
    assert reason in finding["message"]
