"""`factsite fix`: replace near-miss quotes with the source's exact text.

Only quotes that are not found but have a close passage (a near miss,
above the similarity threshold of nearmiss.py) are fixed; everything else
is `factsite check`'s to report. Files are rewritten value by value
(yamledit.py), so comments, order and quoting style stay as they were,
and a second run finds nothing to change.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from generator.anchor.locate import NotFound, locate
from generator.anchor.project import load_sources
from generator.cli.usage import claim_paths, project_folder
from generator.cli.yamledit import folded, replace_scalar
from generator.errors import Pos
from generator.load.claims import find_claim_files, load_claim, read_claim
from generator.load.yamlsafe import Scalar, node_at
from generator.model import Source


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    fixes = find_fixes(root, claim_paths(root, args.paths))
    for fix in fixes:
        print(describe(fix))
    if not fixes:
        print("no near-miss quotes to fix")
        return 0
    if not args.write:
        print(f"{len(fixes)} quote{'s' if len(fixes) != 1 else ''} to fix: run with --write to apply")
        return 1
    changed = apply_fixes(root, fixes)
    print(
        f"fixed {len(fixes)} quote{'s' if len(fixes) != 1 else ''} in {len(changed)} "
        f"file{'s' if len(changed) != 1 else ''}"
    )
    return 0


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
    sources = load_sources(root)[0] or {}
    files = only if only is not None else find_claim_files(root)[0]
    return [fix for rel in files for fix in _fixes_in(root, rel, sources)]


def _fixes_in(root: Path, rel: str, sources: dict[str, Source]) -> list[Fix]:
    claim, _ = load_claim(root, rel, sources)
    found = []
    for evidence in claim.evidence if claim else []:
        text = sources[evidence.source].body if evidence.source in sources else None
        if text is None:
            continue
        result = locate(
            text, evidence.quote, prefix=evidence.prefix, suffix=evidence.suffix, occurrence=evidence.occurrence
        )
        if isinstance(result, NotFound) and result.nearest is not None:
            found.append(
                Fix(
                    rel,
                    evidence.quote_pos,
                    evidence.index - 1,
                    evidence.source,
                    evidence.quote,
                    folded(result.nearest.text),
                    result.nearest.similarity,
                )
            )
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
    return (
        f"{fix.path}:{fix.pos.line}:{fix.pos.column}: quote not in {fix.source} "
        f"({fix.similarity:.0%} similar); the source's text:\n"
        f"    - {folded(fix.old)}\n    + {fix.new}"
    )
