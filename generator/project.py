"""The whole project: registry, claims, resolved quotes, checksums.

`load_project` collects every diagnostic of every file; `build_project`
is what the site generator calls: it raises FactsiteError when there is
any error, so nothing is built from broken content.
"""

from __future__ import annotations

from pathlib import Path

from .claims import find_claim_files, load_claim
from .errors import Diagnostic, FactsiteError
from .model import Claim, Project, Source
from .registry import REGISTRY, load_registry, valid_sha256
from .resolve import resolve_claim


def load_project(root: Path, only: list[str] | None = None) -> tuple[Project, list[Diagnostic]]:
    """Load everything under `root` (or only the claim files `only`, relative paths)."""
    sources, diagnostics = load_registry(root)
    files, misplaced = find_claim_files(root)
    diagnostics += misplaced if only is None else []
    claims: list[Claim] = []
    for rel in files if only is None else only:
        claim, problems = load_claim(root, rel, sources)
        diagnostics += problems
        if claim is not None:
            diagnostics += resolve_claim(claim, sources)
            claims.append(claim)
    claims.sort(key=lambda c: c.slug)
    diagnostics += _checksums(sources or {}, claims)
    return Project(str(root), sources or {}, claims), sorted(diagnostics)


def build_project(root: Path) -> Project:
    """The loaded project, or FactsiteError carrying every diagnostic."""
    project, diagnostics = load_project(root)
    if any(d.is_error for d in diagnostics):
        raise FactsiteError(diagnostics)
    return project


def _checksums(sources: dict[str, Source], claims: list[Claim]) -> list[Diagnostic]:
    found = []
    for source in sources.values():
        if source.actual_sha256 and valid_sha256(source.sha256) and source.actual_sha256 != source.sha256:
            citing = [c.path for c in claims if any(e.source == source.id for e in c.evidence)]
            found.append(Diagnostic.at(
                REGISTRY, source.sha_pos, "checksum-mismatch",
                f"seeds/{source.file} has changed since its checksum was recorded",
                (f"re-check the quotes of {', '.join(citing)}; then " if citing else "")
                + f"set sha256: {source.actual_sha256}"))
    return found
