"""Packaging: the wheel installs admf_tsan and the top-level plugin module, nothing else."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(300)
def test_wheel_contents_and_entry_points(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=280,
    )
    if result.returncode != 0 and re.search(
        r"No matching distribution found for (hatchling|setuptools)", result.stderr
    ):
        pytest.skip("no package index reachable to fetch the build backend")
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("admf_tsan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.startswith("admf_tsan-")}
    assert top_level == {"admf_tsan", "pytest_admf"}
    assert "admf_tsan/py.typed" in names and "pytest_admf/__init__.py" in names
    # The checked locks' C hot path is compiled in when a compiler is there (the build hook
    # falls back to a pure Python wheel without one); its source is not shipped in the wheel.
    compiled = [name for name in names if name.startswith("admf_tsan/runtime/_lockfast.")]
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    assert len(compiled) == (1 if shutil.which(compiler) else 0), compiled
    assert "admf_tsan/runtime/_lockfast.c" not in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names), names[-8:]
    [entry_points] = [n for n in names if n.endswith("entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "admf-tsan = admf_tsan.cli:main" in text
    assert "[pytest11]" in text and "admf = pytest_admf" in text


def test_installed_plugin_is_the_top_level_module_and_plugins_is_not_importable() -> None:
    code = "import pytest_admf, importlib.util; print(importlib.util.find_spec('plugins'))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd="/", timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def _pyproject_version() -> str:
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def test_documented_pre_commit_rev_is_the_release_tag_of_this_version() -> None:
    # Snippets that point pre-commit at this repository pin `rev: v<version>`: the release tag.
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / ".pre-commit-hooks.yaml"]
    pages += sorted((ROOT / "docs").rglob("*.md"))
    repo_then_rev = re.compile(
        r"repo:\s*https://github\.com/admf-tsan/admf-tsan\s*\n\s*#?\s*rev:\s*(\S+)"
    )
    revs = {
        f"{page.relative_to(ROOT)}: {rev}"
        for page in pages
        if page.exists()
        for rev in repo_then_rev.findall(page.read_text(encoding="utf-8"))
    }
    assert revs, "no pre-commit snippet found: the docs must show how to use the hook"
    expected = f"v{_pyproject_version()}"
    assert {entry.rsplit(": ", 1)[1] for entry in revs} == {expected}, sorted(revs)


def test_readme_first_command_installs_the_linter_without_extras() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", readme, re.DOTALL)
    assert first_block is not None
    command = first_block.group(1)
    assert "pip install . " in command and "admf-tsan lint" in command, command


@pytest.mark.timeout(120)
def test_the_linter_imports_nothing_of_pytest_or_hypothesis() -> None:
    # `pip install admf-tsan` (no extras) must be enough for `admf-tsan lint`.
    code = (
        "import sys\n"
        "from admf_tsan.cli import main\n"
        "status = main(['lint', '--no-cache', '--format', 'json', sys.argv[1]])\n"
        "main(['rules']); main(['explain', 'ADMF201'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'pytest', '_pytest', "
        "'hypothesis', 'pluggy', 'xdist', 'pytest_admf', 'hypothesmith'})\n"
        "print('LOADED', loaded, 'STATUS', status, file=sys.stderr)\n"
    )
    example = ROOT / "fixtures" / "lint" / "example_service.py"
    result = subprocess.run(
        [sys.executable, "-c", code, str(example)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=100,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED [] STATUS 1" in result.stderr, result.stderr[-2000:]


def test_the_projects_own_pre_commit_config_runs_what_ci_runs() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    config = clientlib.load_config(str(ROOT / ".pre-commit-config.yaml"))  # validates the schema
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "mypy", "admf-tsan"} <= set(hooks)
    assert hooks["admf-tsan"]["entry"].startswith("admf-tsan lint")
    assert hooks["mypy"]["pass_filenames"] is False  # [tool.mypy] names the files


def test_hosted_ci_runs_the_local_ci_script_on_python_3_11() -> None:
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    [job] = workflow["jobs"].values()
    assert job["runs-on"].startswith("ubuntu")
    python = [step for step in job["steps"] if "setup-python" in step.get("uses", "")]
    assert python and str(python[0]["with"]["python-version"]) == "3.11"
    assert any(step.get("run", "").strip() == "bash .ci/run" for step in job["steps"])
