"""The shipped .pre-commit-hooks.yaml, run by the real ``pre-commit try-repo``.

pre-commit installs a ``language: python`` hook with pip into a fresh virtualenv. The network is
not available to the test suite, so the test gives pip a local wheelhouse: a wheel of this
checkout's ``admf_tsan`` package and the installed libcst and PyYAML repacked as wheels. The hook
repository is a temporary git repository holding the real ``.pre-commit-hooks.yaml`` (byte for
byte) and a tiny setuptools project that depends on ``admf-tsan``; everything else (hook id,
entry, file selection, exit status) is pre-commit's real behaviour.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.timeout(600),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is needed by pre-commit"),
]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _write_wheel(path: Path, files: dict[str, bytes], dist_info: str) -> None:
    records = [_record_line(name, data) for name, data in files.items()]
    records.append(f"{dist_info}/RECORD,,")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
        wheel.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")


def _admf_wheel(directory: Path) -> None:
    dist_info = "admf_tsan-0.1.0.dist-info"
    files = {
        path.relative_to(REPO).as_posix(): path.read_bytes()
        for path in sorted((REPO / "admf_tsan").rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    files[f"{dist_info}/METADATA"] = (
        b"Metadata-Version: 2.1\nName: admf-tsan\nVersion: 0.1.0\nRequires-Dist: libcst>=1.4\n"
    )
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: admf-tsan-tests\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    files[f"{dist_info}/entry_points.txt"] = b"[console_scripts]\nadmf-tsan = admf_tsan.cli:main\n"
    _write_wheel(directory / "admf_tsan-0.1.0-py3-none-any.whl", files, dist_info)


def _repack_installed(distribution: str, directory: Path) -> None:
    dist = importlib.metadata.distribution(distribution)
    base = Path(str(dist.locate_file("")))
    dist_info = next(
        p.parent.name for p in map(Path, (str(f) for f in dist.files or [])) if p.name == "METADATA"
    )
    files = {}
    for entry in dist.files or []:
        name = str(entry)
        if name.endswith("RECORD") or "__pycache__" in name or name.startswith(".."):
            continue
        source = base / name
        if source.is_file():
            files[name] = source.read_bytes()
    tag = next(
        line.split(": ", 1)[1]
        for line in files[f"{dist_info}/WHEEL"].decode().splitlines()
        if line.startswith("Tag: ")
    )
    name, version = dist_info.removesuffix(".dist-info").rsplit("-", 1)
    _write_wheel(directory / f"{name}-{version}-{tag}.whl", files, dist_info)


def _git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env, timeout=60)


def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheels"
    wheelhouse.mkdir()
    _admf_wheel(wheelhouse)
    _repack_installed("libcst", wheelhouse)
    _repack_installed("PyYAML", wheelhouse)
    import virtualenv  # noqa: F401 - pre-commit's dependency; its embedded wheels seed the build

    virtualenv_file = sys.modules["virtualenv"].__file__
    assert virtualenv_file is not None
    embedded = Path(virtualenv_file).parent / "seed" / "wheels" / "embed"
    for wheel in embedded.glob("setuptools-*.whl"):
        shutil.copy(wheel, wheelhouse)

    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    shutil.copy(REPO / ".pre-commit-hooks.yaml", hook_repo / ".pre-commit-hooks.yaml")
    (hook_repo / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "admf-tsan-hook"\nversion = "0.1.0"\ndependencies = ["admf-tsan"]\n\n'
        "[tool.setuptools]\npy-modules = []\n"
    )
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", ".")
    _git(hook_repo, "commit", "-q", "-m", "hook")

    target = tmp_path / "target"
    target.mkdir()
    (target / "pyproject.toml").write_text('[tool.admf-tsan]\nexclude = ["vendored"]\n')
    (target / "svc.py").write_text("import time\n\nasync def poll():\n    time.sleep(1)\n")
    (target / "ok.py").write_text(
        "import asyncio\n\nasync def poll():\n    await asyncio.sleep(1)\n"
    )
    (target / "vendored").mkdir()
    (target / "vendored" / "lib.py").write_text(
        "import time\n\nasync def f():\n    time.sleep(1)\n"
    )
    _git(target, "init", "-q")
    _git(target, "add", ".")

    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_DOWNLOAD": "1",
    }
    pre_commit = Path(sys.executable).parent / "pre-commit"

    def try_repo(*extra: str, hook: str = "admf-tsan") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(pre_commit), "try-repo", str(hook_repo), hook, "--verbose", *extra],
            cwd=target,
            env=env,
            capture_output=True,
            text=True,
            timeout=540,
        )

    failing = try_repo("--all-files")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "admf-tsan lint" in output and "Failed" in output
    assert "svc.py:4:5: ADMF101" in output
    assert "vendored" not in output.split("hook id: admf-tsan")[-1]  # excluded by the config

    (target / "svc.py").write_text(
        "import asyncio\n\nasync def poll():\n    await asyncio.sleep(1)\n"
    )
    _git(target, "add", ".")
    passing = try_repo("--all-files")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
