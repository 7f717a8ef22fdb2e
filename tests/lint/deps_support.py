"""Fake installed packages for the dependency tests: a venv without pip, files written into its
site-packages with ``*.dist-info`` metadata, and a lint run with the dependency rules enabled.

No network: nothing is downloaded, the packages are written by the tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from admf_tsan.lint.engine import analyse_project, extract_module
from admf_tsan.lint.files import discover
from admf_tsan.lint.ftypes import Finding, LintConfig
from admf_tsan.lint.rules import ALL_RULES
from admf_tsan.lint.rules.blocking_in_dependency import BlockingInDependency, MayBlockInDependency

#: Every rule, the dependency rules included (whether or not ALL_RULES lists them yet).
RULES = tuple(dict.fromkeys((*ALL_RULES, BlockingInDependency, MayBlockInDependency)))

SLOWCLIENT = {
    "slowclient/__init__.py": "from ._client import Base, Client, Lazy, connect\n",
    "slowclient/_client.py": """
        import os
        import ssl


        def _context(verify=True):
            if verify is True:
                return ssl.create_default_context()
            return None


        def _maybe_context():
            if os.environ.get("SLOW_CA"):
                return ssl.create_default_context()
            return None


        class Base:
            def __init__(self, verify=True):
                self._ssl = _context(verify=verify)


        class Client(Base):
            def __init__(self, timeout=5, **kwargs):
                super().__init__(**kwargs)
                self.timeout = timeout

            async def login(self, path):
                return os.listdir(path)


        class Lazy:
            def __init__(self):
                self._ssl = _maybe_context()


        def connect(url):
            return Client()
        """,
}


def make_venv(directory: Path) -> tuple[Path, Path]:
    """A venv without pip at ``directory``: (its interpreter, its site-packages)."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(directory)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    python = directory / "bin" / "python"
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return python, directory / "lib" / version / "site-packages"


def site_packages(python: Path) -> Path:
    """The site-packages of the venv whose interpreter is ``python`` (see :func:`make_venv`)."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return python.parent.parent / "lib" / version / "site-packages"


def install(site: Path, name: str, version: str, files: dict[str, str]) -> None:
    """Write a distribution ``name`` ``version`` (its files and its dist-info) into ``site``."""
    for old in site.glob(f"{name}-*.dist-info"):
        shutil.rmtree(old)
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    info = site / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n", encoding="utf-8"
    )
    tops = sorted({relative.split("/")[0].removesuffix(".py") for relative in files})
    (info / "top_level.txt").write_text("\n".join(tops) + "\n", encoding="utf-8")


def write_project(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def lint_project(root: Path, config: LintConfig) -> list[Finding]:
    """Lint every file under ``root`` with ``config`` and the dependency rules."""
    config = replace(config, root=str(root))
    modules = []
    for source in discover([str(root)], root, ()):
        modules.append(extract_module(source.absolute.read_bytes(), source.path, source.module))
    return analyse_project(modules, config, RULES)
