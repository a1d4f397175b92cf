"""`factsite fix`: replace misspelt quotes with the source's exact text, and
never change what a quote says.

Every quote that is not found is looked at. Its replacement is applied only
when anchor/autofix.py finds it safe: every part accounted for, similar
enough, only the spelling changed, quotation marks still matched, and the
new quote found once. Everything else is listed as "skipped" with the
reason, and left to the editor. Each change is shown as - / + lines and a
`[-x-]{+y+}` difference. Files are rewritten value by value (yamledit.py),
so comments, order and quoting style stay as they were, and a second run
finds nothing to change.

Exit status: without --write, 1 when there is anything to fix or skipped;
with --write, 1 while a quote error remains (a skipped quote).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.anchor.autofix import Proposal, propose
from generator.anchor.locate import Ambiguous, ContextMismatch, Match, NotFound, locate
from generator.anchor.nearmiss import char_diff
from generator.anchor.project import load_project, load_sources
from generator.anchor.textnorm import normalize_quote
from generator.cli.usage import claim_paths, project_folder
from generator.cli.yamledit import folded, replace_scalar
from generator.errors import Pos
from generator.load.claims import find_claim_files, load_claim, read_claim
from generator.load.yamlsafe import Scalar, node_at
from generator.model import Evidence, Source

# Proposal.kind of a quote that is found, but not once where it should be:
# `fix` has nothing to replace, and `check` lists the occurrences.
AMBIGUOUS = "found more than once"


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    only = claim_paths(root, args.paths)
    fixes = find_fixes(root, only)
    for fix in fixes:
        print(describe(fix))
    ready = [f for f in fixes if f.proposal.skipped is None]
    if not fixes:
        print("every quote is found: nothing to fix")
        return _remaining(root, only)
    if not args.write:
        apply = f": run with --write to apply {'it' if len(ready) == 1 else 'them'}" if ready else ""
        print(f"{_quotes(len(ready))} to fix{apply}; {_skipped(fixes)}")
        return 1
    changed = apply_fixes(root, ready)
    files = f"{len(changed)} file{'s' if len(changed) != 1 else ''}"
    print(f"fixed {_quotes(len(ready))} in {files}; {_skipped(fixes)}")
    return _remaining(root, only)


def _remaining(root: Path, only: list[str] | None) -> int:
    """1, after saying so, while the files (all, or `only`) still have errors of any kind; else 0."""
    errors = sum(d.is_error for d in load_project(root, only)[1])
    if not errors:
        return 0
    print(f"{errors} error{'s remain' if errors != 1 else ' remains'}: `factsite check` lists them")
    return 1


@dataclass(frozen=True)
class Fix:
    path: str
    pos: Pos
    index: int  # the evidence item, 0-based
    source: str
    proposal: Proposal

    @property
    def new(self) -> str | None:
        return self.proposal.new


def find_fixes(root: Path, only: list[str] | None = None) -> list[Fix]:
    """Every quote that is not found in the claim files, with its proposal."""
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
        context = {"prefix": evidence.prefix, "suffix": evidence.suffix, "occurrence": evidence.occurrence}
        result = locate(text, evidence.quote, **context)
        if not isinstance(result, Match):
            proposal = (
                propose(text, evidence.quote, result, **context)
                if isinstance(result, NotFound)
                else _not_once(evidence, result)
            )
            found.append(Fix(rel, evidence.quote_pos, evidence.index - 1, evidence.source, proposal))
    return found


def _not_once(evidence: Evidence, result: Ambiguous | ContextMismatch) -> Proposal:
    why = (
        f"the quote occurs {len(result.spans)} times: add a prefix, suffix or occurrence (see `factsite check`)"
        if isinstance(result, Ambiguous)
        else result.reason
    )
    return Proposal(evidence.quote, None, 1.0, why, AMBIGUOUS)


def apply_fixes(root: Path, fixes: list[Fix]) -> list[str]:
    """Rewrite the files with the safe replacements; return the paths changed."""
    changed = []
    for rel in sorted({f.path for f in fixes if f.new is not None}):
        doc = read_claim(root, rel)
        text = doc.text
        for fix in sorted((f for f in fixes if f.path == rel and f.new is not None), key=lambda f: -f.index):
            node = node_at(doc.root, ("evidence", fix.index, "quote"))
            assert isinstance(node, Scalar) and fix.new is not None
            text = replace_scalar(text, node, fix.new)
        (root / rel).write_bytes((("\ufeff" if doc.bom else "") + text).encode("utf-8"))
        changed.append(rel)
    return changed


def describe(fix: Fix) -> str:
    """The change as - / + lines and a difference, or why it is skipped."""
    p = fix.proposal
    at = f"{fix.path}:{fix.pos.line}:{fix.pos.column}"
    if p.skipped is None:
        head = f"{at}: quote not in {fix.source} ({p.similarity:.0%} similar); the source's text:"
    else:
        similar = f", {p.similarity:.0%} similar" if p.new is not None else ""
        head = f"{at}: skipped: {p.skipped} ({fix.source}{similar})"
    if p.new is None:
        return head + ("; `factsite check` shows where" if p.kind != AMBIGUOUS else "")
    diff = char_diff(normalize_quote(p.old), normalize_quote(p.new))
    return f"{head}\n    - {folded(p.old)}\n    + {folded(p.new)}\n    difference: {diff}"


def _quotes(count: int) -> str:
    return f"{count} quote{'s' if count != 1 else ''}"


def _skipped(fixes: list[Fix]) -> str:
    kinds = Counter(f.proposal.kind for f in fixes if f.proposal.skipped is not None)
    if not kinds:
        return "skipped 0"
    reasons = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"skipped {sum(kinds.values())} ({reasons})"
