"""Every reference in the project's own docs resolves inside the repository.

Relative markdown links in README.md, CHANGELOG.md, CONTRIBUTING.md and docs/**/*.md must name
a file or directory that exists (and, for ``page.md#anchor``, a heading of that page). The code
and docs cite only the project's own documents.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [ROOT / name for name in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md")]
    + list((ROOT / "docs").rglob("*.md"))
)
# [text](target) and [text]: target; images too. Code spans and fenced blocks are skipped.
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:, ...


def _prose(text: str) -> str:
    return CODE_SPAN.sub("", FENCE.sub("", text))


def _links(page: Path) -> list[str]:
    text = _prose(page.read_text(encoding="utf-8"))
    return INLINE_LINK.findall(text) + REFERENCE_LINK.findall(text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    heading = CODE_SPAN.sub(lambda match: match.group(0).strip("`"), heading.strip())
    heading = re.sub(r"[^\w\- ]", "", heading.lower())
    return heading.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE):
        slug = _slug(heading)
        candidate, n = slug, 0
        while candidate in anchors:  # GitHub numbers repeated headings: x, x-1, x-2
            n += 1
            candidate = f"{slug}-{n}"
        anchors.add(candidate)
    return anchors


def test_the_pages_exist() -> None:
    names = {page.relative_to(ROOT).as_posix() for page in PAGES}
    required = {"README.md", "CHANGELOG.md", "CONTRIBUTING.md", "docs/architecture.md"}
    assert required <= names, required - names


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    broken = []
    for target in _links(page):
        if EXTERNAL.match(target) or target.startswith("#") and not target[1:]:
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (page.parent / unquote(path_part)).resolve() if path_part else page
        if not resolved.exists():
            broken.append(f"{target}: no such file")
            continue
        if not resolved.is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository")
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(f"{target}: no heading with anchor #{anchor}")
    assert not broken, broken


def test_the_link_checker_sees_broken_links(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n[ok](page.md#title) [gone](missing.md) `[code](not-a-link.md)`\n"
        "```\n[fenced](also-not.md)\n```\n[ref]: other.md\n",
        encoding="utf-8",
    )
    assert _links(page) == ["page.md#title", "missing.md", "other.md"]
    assert _anchors(page) == {"title"}


def _tracked_text_files() -> list[Path]:
    result = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    suffixes = {".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".txt", ""}
    return [
        ROOT / name
        for name in result.stdout.splitlines()
        if Path(name).suffix in suffixes and (ROOT / name).is_file()
    ]


def test_nothing_cites_documents_outside_the_repository() -> None:
    # Design notes that are not part of the repository must not be cited: what a reader needs
    # is in docs/ (architecture.md for the parts and the import direction).
    outside = re.compile(r"\b(?:DESIGN|STYLE)\.md\b|\.\./shared/|\bshared/(?:seed|hooks)\b")
    this_file = Path(__file__).resolve()
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _tracked_text_files()
        if path.resolve() != this_file
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        )
        if outside.search(line)
    ]
    assert not offenders, offenders


def test_docs_pages_named_in_code_and_docs_exist() -> None:
    # Docstrings and comments send readers to "docs/<page>.md": the page must be there.
    mention = re.compile(r"\bdocs/[\w./-]+?\.md\b")
    placeholders = {"docs/rules/CODE.md"}  # how CONTRIBUTING.md spells "the rule's page"
    missing = sorted(
        {
            f"{path.relative_to(ROOT)}: {name}"
            for path in _tracked_text_files()
            if not path.relative_to(ROOT).as_posix().startswith("fixtures/")
            for name in mention.findall(path.read_text(encoding="utf-8", errors="replace"))
            if name not in placeholders and not (ROOT / name).exists()
        }
    )
    assert not missing, missing
