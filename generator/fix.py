"""`factsite fix`: replace near-miss quotes with the source's exact text.

Only quotes that are not found but have a close passage (a near miss,
above the similarity threshold of nearmiss.py) are fixed; everything else
is `factsite check`'s to report. Files are rewritten value by value
(yamledit.py), so comments, order and quoting style stay as they were,
and a second run finds nothing to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .anchor import NotFound, resolve
from .claims import find_claim_files, load_claim, read_claim
from .errors import Pos
from .model import Source
from .registry import load_registry
from .yamledit import one_line, replace_scalar
from .yamlsafe import Scalar, node_at


@dataclass(frozen=True)
class Fix:
    path: str
    pos: Pos
    index: int  # the evidence item, 0-based
    source: str
    old: str
    new: str
    similarity: float


def find_fixes(root: Path, only: list[str] | None = None) -> list[Fix]:
    """Every near-miss quote in the claim files, with its replacement."""
    sources = load_registry(root)[0] or {}
    files = only if only is not None else find_claim_files(root)[0]
    return [fix for rel in files for fix in _fixes_in(root, rel, sources)]


def _fixes_in(root: Path, rel: str, sources: dict[str, Source]) -> list[Fix]:
    claim, _ = load_claim(root, rel, sources)
    found = []
    for evidence in claim.evidence if claim else []:
        text = sources[evidence.source].text if evidence.source in sources else None
        if text is None:
            continue
        result = resolve(text, evidence.quote, prefix=evidence.prefix, suffix=evidence.suffix,
                         occurrence=evidence.occurrence)
        if isinstance(result, NotFound) and result.nearest is not None:
            found.append(Fix(rel, evidence.quote_pos, evidence.index - 1, evidence.source,
                             evidence.quote, one_line(result.nearest.text), result.nearest.similarity))
    return found


def apply_fixes(root: Path, fixes: list[Fix]) -> list[str]:
    """Rewrite the files; return the paths changed."""
    changed = []
    for rel in sorted({f.path for f in fixes}):
        doc = read_claim(root, rel)
        text = doc.text
        for fix in sorted((f for f in fixes if f.path == rel), key=lambda f: -f.index):
            node = node_at(doc.root, ("evidence", fix.index, "quote"))
            assert isinstance(node, Scalar)
            text = replace_scalar(text, node, fix.new)
        (root / rel).write_bytes((("\ufeff" if doc.bom else "") + text).encode("utf-8"))
        changed.append(rel)
    return changed


def describe(fix: Fix) -> str:
    return (f"{fix.path}:{fix.pos.line}:{fix.pos.column}: quote not in {fix.source} "
            f"({fix.similarity:.0%} similar); the source's text:\n"
            f"    - {one_line(fix.old)}\n    + {fix.new}")
