"""What every command checks of its arguments: the project folder and the claim paths.

A mistake here is a usage error (exit 2, one line on stderr), never a
content diagnostic: main.py turns UsageError into that line.
"""

from __future__ import annotations

from pathlib import Path


class UsageError(Exception):
    """A command was called wrongly (bad path, not a project): exit status 2.

    Raised by the command modules; main.py prints it.
    """


def project_folder(value: str) -> Path:
    """The project folder named by --root, or UsageError when it is not one."""
    root = Path(value).resolve()
    if not (root / "claims").is_dir() and not (root / "seeds").is_dir():
        raise UsageError(f"{value} is not a factsite project (it has no claims/ or seeds/ folder); use --root DIR")
    return root


def claim_paths(root: Path, given: list[str]) -> list[str] | None:
    """The claim files named by `given` (files or folders), relative to root; None for all."""
    if not given:
        return None
    found: list[str] = []
    for item in given:
        path = Path(item).resolve()
        if not path.exists():
            raise UsageError(f"no such file or folder: {item}")
        if not path.is_relative_to(root):
            raise UsageError(f"{item} is outside the project {root}")
        files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
        found += [f.relative_to(root).as_posix() for f in files if f.is_relative_to(root / "claims")]
    return sorted(set(found))
