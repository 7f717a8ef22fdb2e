"""How a finding's path is shown: relative to the working directory when below it."""

from __future__ import annotations

import os
from pathlib import Path


def absolute(path: str, root: Path) -> Path:
    """The file a finding's ``path`` (root-relative or absolute) names."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else root / candidate


def display(path: str, root: Path) -> str:
    """``path`` relative to the current directory if the file is below it, else absolute."""
    full = absolute(path, root)
    try:
        return full.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return full.as_posix() if not os.path.isabs(path) else path
