"""Excerpts that `factsite check` resolves as they stand, and the claims that already cover a lead.

An excerpt is the source's own words at known offsets. When those words
occur more than once in the source, `occurrence` says which one, exactly
as a claim's evidence would (anchor/locate.py): the excerpt is kept only
if check's matcher, given the quote and that occurrence, answers with its
very span.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.anchor.locate import Ambiguous, Match, locate
from generator.anchor.text import SourceText
from generator.model import Claim
from generator.suggest.lead import KINDS, Excerpt, Lead

# A lead is covered by a claim whose evidence overlaps its excerpts in at least this many of its sources.
COVERING_SOURCES = 2


def make_excerpt(source: str, body: SourceText, start: int, end: int, value: str) -> Excerpt | None:
    """The excerpt text[start:end] of a source, with `occurrence` when needed; None if check would not find it there."""
    quote = body.text[start:end]
    result = locate(body, quote)
    if isinstance(result, Match):
        return Excerpt(source, quote, start, end, None, value) if (result.start, result.end) == (start, end) else None
    if not isinstance(result, Ambiguous):
        return None
    for k, span in enumerate(result.spans):
        if (span.start, span.end) == (start, end):
            again = locate(body, quote, occurrence=k + 1)
            if isinstance(again, Match) and (again.start, again.end) == (start, end):
                return Excerpt(source, quote, start, end, k + 1, value)
    return None


def covering(excerpts: Sequence[Excerpt], claims: Sequence[Claim]) -> tuple[str, ...]:
    """Slugs of the claims whose resolved evidence overlaps the excerpts in COVERING_SOURCES sources or more."""
    slugs = []
    for claim in claims:
        hit = set()
        for excerpt in excerpts:
            for evidence in claim.evidence:
                span = evidence.span
                if evidence.source == excerpt.source and span is not None:
                    if span.start < excerpt.end and excerpt.start < span.end:
                        hit.add(excerpt.source)
        if len(hit) >= min(COVERING_SOURCES, len({e.source for e in excerpts})):
            slugs.append(claim.slug)
    return tuple(sorted(slugs))


def rank_leads(leads: Sequence[Lead]) -> list[Lead]:
    """Uncovered leads first, by score descending, then covered ones; ties by kind, then excerpts."""

    def key(lead: Lead) -> tuple:
        order = KINDS.index(lead.kind) if lead.kind in KINDS else len(KINDS)
        return (lead.covered, -lead.score, order, [(e.source, e.start, e.end) for e in lead.excerpts])

    return sorted(leads, key=key)
