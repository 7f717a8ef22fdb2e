"""The lines of the files findings point into, as the parser numbers them, read once per run."""

from __future__ import annotations

import codecs
import io
import tokenize
from pathlib import Path

from admf_tsan.lint.formats.paths import absolute


class SourceLines:
    """Lines of the reported files (undecodable bytes kept as surrogates), cached per path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        """Every line of ``path``, without line endings; empty when it cannot be read."""
        lines = self._lines.get(path)
        if lines is None:
            try:
                lines = decoded_lines(absolute(path, self.root).read_bytes())
            except OSError:
                lines = []
            self._lines[path] = lines
        return lines

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of ``path``, or None past its end."""
        lines = self.lines(path)
        return lines[number - 1] if 0 < number <= len(lines) else None


def decoded_lines(data: bytes) -> list[str]:
    """``data`` split into lines as the parser splits them, each decoded by the file's encoding.

    ``bytes.splitlines`` breaks only at ``\\n``, ``\\r`` and ``\\r\\n``, as the parser does;
    ``str.splitlines`` would also break at form feeds and other separators and shift every line
    after them. Bytes the encoding cannot decode become surrogates (``surrogateescape``).
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        codecs.lookup(encoding)
    except (SyntaxError, LookupError):
        encoding = "utf-8"
    return [line.decode(encoding, "surrogateescape") for line in data.splitlines()]
