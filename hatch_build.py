"""Build hook: compile the checked locks' optional C hot path, ``admf_tsan.runtime._lockfast``.

hatchling runs this for every wheel, editable or not (``[tool.hatch.build.targets.wheel.hooks.
custom]`` in pyproject.toml). A regular wheel gets the compiled module and a platform tag; an
editable install builds it next to its source (``admf_tsan/runtime/``), where the editable
import finds it. The extension is optional: without a working C compiler (``CC=false``, no
Python headers) the build prints a warning and the wheel stays pure Python; admf-tsan then runs
the same hot path in Python (``admf_tsan/runtime/_locks.py``), only slower.
``ADMF_TSAN_PURE_PYTHON=1`` at build time skips the compiler altogether.

``python hatch_build.py`` builds the extension in place in a checkout (after editing the C
source, or in an editable install made before the extension existed).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script, outside a build
    BuildHookInterface = object  # type: ignore[assignment,misc]

MODULE = "admf_tsan.runtime._lockfast"
SOURCE = Path("admf_tsan") / "runtime" / "_lockfast.c"


def build_extension(root: Path, build_dir: Path) -> Path:
    """Compile the extension under ``build_dir``; the path of the module file. Raises when
    the compiler (or setuptools, which drives it) is missing or fails."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(MODULE, [str(root / SOURCE)])
    command = build_ext(Distribution({"name": "admf-tsan", "ext_modules": [extension]}))
    command.build_lib = str(build_dir / "lib")
    command.build_temp = str(build_dir / "temp")
    command.ensure_finalized()
    command.run()
    return Path(command.get_ext_fullpath(MODULE))


def build_in_place(root: Path) -> Path:
    """Build the extension and move it next to its source (a new file, not a rewrite: a
    process that has the old one loaded keeps it)."""
    with tempfile.TemporaryDirectory(prefix="admf-tsan-build-") as build_dir:
        built = build_extension(root, Path(build_dir))
        target = root / SOURCE.parent / built.name
        staged = target.with_name(f".{target.name}.new")
        shutil.copyfile(built, staged)
        os.replace(staged, target)
    return target


def _warn(error: BaseException) -> None:
    print(
        f"admf-tsan: the C hot path of the checked locks was not built ({type(error).__name__}: "
        f"{error}); the pure Python one will run, correct but slower",
        file=sys.stderr,
    )


class LockfastBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Compile the extension into the wheel (or in place for an editable install)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get("ADMF_TSAN_PURE_PYTHON", "") not in ("", "0"):
            return
        root = Path(self.root)
        try:
            if version == "editable":
                build_in_place(root)
                return
            build_dir = Path(tempfile.mkdtemp(prefix="admf-tsan-build-"))
            self._build_dir = build_dir
            built = build_extension(root, build_dir)
        except Exception as error:  # optional: any failure leaves a pure Python wheel
            _warn(error)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"][str(built)] = f"{SOURCE.parent.as_posix()}/{built.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        build_dir = getattr(self, "_build_dir", None)
        if build_dir is not None:
            shutil.rmtree(build_dir, ignore_errors=True)


if __name__ == "__main__":
    print(build_in_place(Path(__file__).resolve().parent))
