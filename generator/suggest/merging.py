"""One disagreement told by several sources is one lead, with an excerpt from each.

Two findings of one kind are the same disagreement when they share a
side (an excerpt of one source, overlapping, with the same value) and
give the same set of values: "Thursday" in one report against "Friday" in
two others is one lead with three excerpts, not two leads. The merged
finding keeps the best score and description, and every excerpt that
does not overlap another (a source may say it twice: a headline and its
story), at most MAX_SIDES.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from generator.suggest.compare import Finding, FindingSide

# A lead shows at most this many excerpts: enough for one disagreement told by a desk's sources.
MAX_SIDES = 8


def merge_findings(findings: Sequence[Finding]) -> list[Finding]:
    """The findings with each group of findings of one disagreement merged into its best one."""
    order = sorted(findings, key=lambda f: (-f.score, f.kind, [(s.source, s.start, s.end) for s in f.sides]))
    groups: list[Finding] = []
    # Candidate groups by (kind, values, source of a side): only those can share a side with a finding.
    index: dict[tuple[str, frozenset[str], str], list[int]] = {}
    for finding in order:
        values = frozenset(s.norm for s in finding.sides)
        candidates = sorted({k for s in finding.sides for k in index.get((finding.kind, values, s.source), ())})
        target = next(
            (k for k in candidates if any(_same_side(a, b) for a in groups[k].sides for b in finding.sides)), None
        )
        if target is None:
            target = len(groups)
            groups.append(finding)
            for side in finding.sides:
                index.setdefault((finding.kind, values, side.source), []).append(target)
            continue
        group = groups[target]
        sides = list(group.sides)
        for side in finding.sides:
            if len(sides) < MAX_SIDES and not any(_overlap(s, side) for s in sides):
                sides.append(side)
        groups[target] = replace(group, sides=tuple(sorted(sides, key=lambda s: (s.source, s.start, s.end))))
        for side in sides:
            if target not in index.setdefault((group.kind, values, side.source), []):
                index[(group.kind, values, side.source)].append(target)
    return groups


def _same_side(a: FindingSide, b: FindingSide) -> bool:
    return a.norm == b.norm and _overlap(a, b)


def _overlap(a: FindingSide, b: FindingSide) -> bool:
    return a.source == b.source and a.excerpt[0] < b.excerpt[1] and b.excerpt[0] < a.excerpt[1]
