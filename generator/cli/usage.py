"""What every command checks of its arguments: the project folder and the claim paths.

A mistake here is a usage error (exit 2, one line on stderr), never a
content diagnostic: main.py turns UsageError into that line.
"""

from __future__ import annotations

from pathlib import Path

from generator.load.claims import find_claim_files


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
    """The claim files named by `given` (files or folders), relative to root; None for all.

    A path must be a claim file (claims/<slug>.yml, whatever it turns out to
    hold: a folder or a link there is a content diagnostic, not-a-file or
    unsafe-path), or a folder under claims/ that holds some. Anything else
    (README.md, seeds/, a claims/x.txt, an empty folder) is a usage error:
    checking nothing and reporting "0 claims" would pass a mistyped path.
    """
    if not given:
        return None
    claims = set(find_claim_files(root)[0])  # the one definition of a claim file
    found: list[str] = []
    for item in given:
        path = _unresolved(Path(item))
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"no such file or folder: {item}")
        if not path.is_relative_to(root):
            raise UsageError(f"{item} is outside the project {root}")
        rel = path.relative_to(root).as_posix()
        if rel in claims:
            found.append(rel)
            continue
        if not (path.is_dir() and claims and (root / "claims").is_relative_to(path)):
            what = "holds no claim files" if path.is_dir() else "is not a claim file"
            raise UsageError(f"{item} {what}: claims are claims/<slug>.yml")
        found += claims  # claims/ or a folder above it: every claim file
    return sorted(set(found))


def _unresolved(path: Path) -> Path:
    """`path` made absolute with its folders resolved but not its last part: a link named
    claims/x.yml stays claims/x.yml, for the loader to refuse, and is not followed."""
    absolute = path.absolute()
    if absolute.name in ("", ".", ".."):
        return absolute.resolve()
    return absolute.parent.resolve() / absolute.name
