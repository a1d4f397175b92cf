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


class Coverage:
    """Which claims cover an excerpt set: every claim's resolved spans, by source, looked up once.

    Asking each lead against every claim's evidence is leads x claims: at 5,000 claims and as many
    leads, tens of seconds on each rebuild of the preview. Indexed by source, an excerpt meets only
    the spans of its own source.
    """

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.spans: dict[str, list[tuple[int, int, int]]] = {}  # source -> (start, end, claim number)
        self.slugs = [claim.slug for claim in claims]
        for number, claim in enumerate(claims):
            for evidence in claim.evidence:
                if evidence.span is not None:
                    self.spans.setdefault(evidence.source, []).append((evidence.span.start, evidence.span.end, number))

    def covered_by(self, excerpts: Sequence[Excerpt]) -> tuple[str, ...]:
        """Slugs of the claims whose resolved evidence overlaps the excerpts in COVERING_SOURCES sources or more."""
        hits: dict[int, set[str]] = {}
        for excerpt in excerpts:
            for start, end, number in self.spans.get(excerpt.source, ()):
                if start < excerpt.end and excerpt.start < end:
                    hits.setdefault(number, set()).add(excerpt.source)
        need = min(COVERING_SOURCES, len({e.source for e in excerpts}))
        return tuple(sorted(self.slugs[n] for n in hits if len(hits[n]) >= need))


def covering(excerpts: Sequence[Excerpt], claims: Sequence[Claim]) -> tuple[str, ...]:
    """Slugs of the claims whose resolved evidence overlaps the excerpts in COVERING_SOURCES sources or more
    (one question; for many, build a Coverage once)."""
    return Coverage(claims).covered_by(excerpts)


def rank_leads(leads: Sequence[Lead]) -> list[Lead]:
    """Uncovered leads first, by score descending, then covered ones; ties by kind, then excerpts."""

    def key(lead: Lead) -> tuple:
        order = KINDS.index(lead.kind) if lead.kind in KINDS else len(KINDS)
        return (lead.covered, -lead.score, order, [(e.source, e.start, e.end) for e in lead.excerpts])

    return sorted(leads, key=key)
