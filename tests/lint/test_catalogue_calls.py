"""The linter resolves the call forms of the catalogue's newer entries (and which it cannot yet)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from admf_tsan.catalogue import BLOCKING_PRESETS, by_name
from admf_tsan.lint.engine import lint_source
from admf_tsan.lint.ftypes import LintConfig
from tests.lint.conftest import CliResult

#: Every ADMF1xx rule, with the opt-in ADMF127 (imports), ADMF128 (brief file-system calls) and
#: ADMF130 (reading and writing one file)
#: named so that they run too.
_ALL_BLOCKING = LintConfig(select=frozenset({"ADMF1", "ADMF127", "ADMF128", "ADMF130", "ADMF131"}))


def _flagged(source: str, config: LintConfig = _ALL_BLOCKING) -> list[tuple[str, str]]:
    """(code, called name) of every ADMF1xx finding in ``source``."""
    found = []
    for finding in lint_source(source, config=config):
        if finding.code.startswith("ADMF1"):
            name = finding.message.split("`", 2)[1].removesuffix("()")
            found.append((finding.code, name))
    return found


RESOLVED = {
    "from urllib import request\n\nasync def f():\n    request.urlopen('u')\n": (
        "urllib.request.urlopen"
    ),
    "from importlib import import_module\n\nasync def f():\n    import_module('x')\n": (
        "importlib.import_module"
    ),
    "from importlib import metadata\n\nasync def f():\n    metadata.version('x')\n": (
        "importlib.metadata.version"
    ),
    "from importlib.metadata import distribution\n\nasync def f():\n    distribution('x')\n": (
        "importlib.metadata.distribution"
    ),
    "from ssl import create_default_context\n\nasync def f():\n    create_default_context()\n": (
        "ssl.create_default_context"
    ),
    "import ssl\n\nasync def f(ctx: ssl.SSLContext):\n    ctx.load_cert_chain('c')\n": (
        "ssl.SSLContext.load_cert_chain"
    ),
    "import ssl\n\nasync def f(ctx: ssl.SSLContext):\n    ctx.set_default_verify_paths()\n": (
        "ssl.SSLContext.set_default_verify_paths"
    ),
    "from os.path import exists\n\nasync def f():\n    exists('x')\n": "os.path.exists",
    "import os\n\nasync def f():\n    os.path.islink('x')\n": "os.path.islink",
    "import os\n\nasync def f():\n    os.scandir('.')\n": "os.scandir",
    "import os\n\nasync def f():\n    os.stat('.')\n": "os.stat",
    "from glob import iglob\n\nasync def f():\n    list(iglob('*'))\n": "glob.iglob",
    "from pathlib import Path\n\nasync def f(p: Path):\n    p.read_bytes()\n": (
        "pathlib.Path.read_bytes"
    ),
    "from pathlib import Path\n\nasync def f():\n    Path('x').is_file()\n": "pathlib.Path.is_file",
    "from pathlib import Path\n\nasync def f():\n    Path.cwd().exists()\n": "pathlib.Path.exists",
    "from pathlib import Path\n\nasync def f(p: Path):\n    list(p.rglob('*'))\n": (
        "pathlib.Path.rglob"
    ),
    "from pathlib import Path\n\nasync def f(p: Path):\n    p.touch()\n": "pathlib.Path.touch",
    "from pathlib import Path\n\nasync def f(p: Path):\n    p.unlink()\n": "pathlib.Path.unlink",
    "import zoneinfo\n\nasync def f():\n    zoneinfo.ZoneInfo('UTC')\n": "zoneinfo.ZoneInfo",
    "from logging import FileHandler\n\nasync def f():\n    FileHandler('x')\n": (
        "logging.FileHandler"
    ),
    "import os\n\nasync def f():\n    os.popen('ls')\n": "os.popen",
    "import os\n\nasync def f():\n    os.spawnv(os.P_WAIT, 'ls', ['ls'])\n": "os.spawnv",
    "import os\n\nasync def f():\n    os.wait3(0)\n": "os.wait3",
    "import io\n\nasync def f():\n    io.open_code('x')\n": "io.open_code",
    "import httpx\n\nasync def f():\n    httpx.stream('GET', 'u')\n": "httpx.stream",
    "import httpx\n\nasync def f():\n    httpx.post('u')\n": "httpx.post",
}


@pytest.mark.parametrize("source", sorted(RESOLVED), ids=lambda s: RESOLVED[s])
def test_the_form_is_flagged_under_the_catalogue_code(source: str) -> None:
    name = RESOLVED[source]
    assert _flagged(source) == [(by_name(name).code, name)]


def test_imports_are_flagged_only_when_admf127_is_selected() -> None:
    source = (
        "import importlib\n\nasync def f():\n    import json\n    importlib.import_module('x')\n"
    )
    assert _flagged(source, LintConfig()) == []
    assert _flagged(source, LintConfig(select=frozenset({"ADMF1"}))) == []
    assert [code for code, _ in _flagged(source)] == ["ADMF127", "ADMF127"]


NOT_BLOCKING = [
    "import logging\n\nasync def f():\n    logging.FileHandler('x', delay=True)\n",
    "import logging\n\nasync def f():\n    logging.FileHandler('x', 'a', None, True)\n",
    "import os\n\nasync def f():\n    os.write(2, b'x')\n",
    "import select\n\nasync def f(r):\n    select.select(r, [], [], 0)\n",
    "import concurrent.futures\n\nasync def f(fs):\n    concurrent.futures.wait(fs, timeout=0)\n",
    "import os, importlib\n\ndef f():\n    os.listdir('.')\n    importlib.import_module('x')\n",
]


@pytest.mark.parametrize("source", NOT_BLOCKING)
def test_calls_that_return_at_once_are_not_flagged(source: str) -> None:
    assert _flagged(source) == []


# Receivers typed by what a function returns, an operator makes or a property holds.
TYPED_BY_RESULT = {
    # (a context from create_default_context(), itself blocking, is part of that call's finding)
    "import ssl\n\nasync def f():\n    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n"
    "    ctx.load_cert_chain('c')\n": "ssl.SSLContext.load_cert_chain",
    "from pathlib import Path\n\nasync def f(p: Path):\n    (p / 'x').read_text()\n": (
        "pathlib.Path.read_text"
    ),
    "from pathlib import Path\n\nasync def f(p: Path):\n    p.parent.exists()\n": (
        "pathlib.Path.exists"
    ),
    "from pathlib import Path\n\nasync def f(p: Path):\n    p.with_suffix('.x').stat()\n": (
        "pathlib.Path.stat"
    ),
}


@pytest.mark.parametrize("source", sorted(TYPED_BY_RESULT), ids=lambda s: TYPED_BY_RESULT[s])
def test_receivers_typed_by_a_result_are_resolved(source: str) -> None:
    name = TYPED_BY_RESULT[source]
    assert (by_name(name).code, name) in _flagged(source)


# -- presets: named sets of blocking calls for common libraries ------------------------------


def test_a_preset_makes_its_library_calls_blocking(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project(
        {
            "app.py": "import redis, smtplib\n\nasync def f(r: redis.Redis):\n    r.get('k')\n"
            "    mail = smtplib.SMTP('h')\n    mail.sendmail('a', 'b', 'm')\n",
        },
        config='blocking-presets = ["redis", "stdlib-network"]\n',
    )
    result = cli("app.py", "--format", "json", "--no-cache")
    assert result.code == 1
    findings = result.json()
    assert [(f["code"], f["line"]) for f in findings] == [("ADMF113", 4), ("ADMF113", 5)]
    # sendmail() on the SMTP object of line 5 is part of that finding (one operation).
    assert [r["line"] for r in findings[1]["related"]] == [6]


def test_without_the_preset_the_library_is_not_guessed(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"app.py": "import redis\n\nasync def f(r: redis.Redis):\n    r.get('k')\n"})
    assert cli("app.py", "--format", "json", "--no-cache").json() == []


def test_an_unknown_preset_is_a_config_error_naming_the_close_one(
    project: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    project({"app.py": ""}, config='blocking-presets = ["reddis"]\n')
    result = cli("app.py")
    assert result.code == 2
    assert "unknown blocking preset 'reddis' (did you mean 'redis'?)" in result.err


def test_every_preset_is_well_formed() -> None:
    for name, calls in BLOCKING_PRESETS.items():
        assert name == name.lower() and calls, name
        for call in calls:
            assert re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+(\.\*)?", call), call
