"""The parts of a quote with gaps ("...", "…", "[...]"), and what became of each.

A gapped quote that is not found fails for a reason that concerns one
part: a part is not in the source (a typo in it, or words from elsewhere),
a part is found before the part that should precede it, or parts are in
different paragraphs. `explain_parts` tells which, part by part, so that
an editor is told "part 2 of 3 is not in the source" with that part's
closest passage rather than one vague "no similar passage", and so that
`factsite fix` can replace each part by the source's text and keep the gaps.

How: the paragraph holding the most parts exactly is the quote's paragraph
(the earliest, on a tie). Each part is then looked for there, in order
after the previous one: exactly, else as a near miss (nearmiss.py) in the
rest of the paragraph, else anywhere in the paragraph (then it is found
before the previous part), else anywhere in the source (exactly: it is in
another paragraph; as a near miss: it is not in the source, and that is
its closest passage). With no part found exactly, the paragraph of the
longest part's near miss is the quote's paragraph.

This module also holds the gap syntax, which locate.py reads the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from generator.anchor.nearmiss import NearMiss, nearest
from generator.anchor.text import SourceText, Span

# A gap marker: "[...]" (with optional inner spaces) or the last three dots
# of a run, so "said...." keeps its period ("…" is "..." by now).
GAP_RE = re.compile(r"\[ ?\.{3,} ?\]|\.{3}(?!\.)")
# Occurrences of one part counted when picking the quote's paragraph: a
# part this common ("the") says nothing about where the quote is, and the
# count bounds the work.
MAX_PART_OCCURRENCES = 1_000

Ranges = list[tuple[int, int]]


def gap_markers(nq: str) -> Ranges:
    """Where the gap markers are in a normalised quote."""
    return [m.span() for m in GAP_RE.finditer(nq)]


def part_ranges(nq: str, gaps: Ranges | tuple[tuple[int, int], ...]) -> Ranges:
    """The non-empty parts between `gaps`, without their edge spaces."""
    bounds = [0] + [x for gap in gaps for x in gap] + [len(nq)]
    found = []
    for a, b in zip(bounds[::2], bounds[1::2]):
        piece = nq[a:b]
        stripped = piece.strip()
        if stripped:
            start = a + len(piece) - len(piece.lstrip())
            found.append((start, start + len(stripped)))
    return found


class PartStatus(Enum):
    FOUND = "found"  # exactly, in place
    NEAR = "near"  # not exactly: its near miss is in place
    MISSING = "missing"  # not in the paragraph; `near` is its closest passage anywhere, if any
    BEFORE = "before"  # in the paragraph, but before the previous part
    ELSEWHERE = "elsewhere"  # exactly, but in another paragraph


@dataclass(frozen=True, slots=True)
class QuotePart:
    """One part of a gapped quote and where it is in the source."""

    number: int  # 1-based
    text: str  # as quoted, normalised
    status: PartStatus
    span: Span | None  # where it is (exactly or its near miss); None if nowhere
    near: NearMiss | None = None  # its near miss, when it is not found exactly

    @property
    def accounted_for(self) -> bool:
        """Found in place, exactly or as a near miss."""
        return self.status in (PartStatus.FOUND, PartStatus.NEAR)


def explain_parts(src: SourceText, nq: str, ranges: Ranges) -> tuple[QuotePart, ...]:
    """What became of each part of the normalised quote `nq` (see the module docstring)."""
    texts = [nq[a:b] for a, b in ranges]
    if not texts:
        return ()
    occurrences = [_occurrences(src.norm.text, t) for t in texts]
    paragraph = _quote_paragraph(src, texts, occurrences)
    if paragraph is None:
        return tuple(_nowhere(src, k, t) for k, t in enumerate(texts, 1))
    low, high = paragraph
    parts: list[QuotePart] = []
    previous_end = low
    for k, text in enumerate(texts, 1):
        part = _in_paragraph(src, k, text, occurrences[k - 1], low, high, previous_end)
        parts.append(part)
        if part.status in (PartStatus.FOUND, PartStatus.NEAR) and part.span is not None:
            previous_end = src.norm.norm_offset(part.span.end)
    return tuple(parts)


def _occurrences(text: str, part: str) -> list[int]:
    found: list[int] = []
    i = text.find(part)
    while i >= 0 and len(found) < MAX_PART_OCCURRENCES:
        found.append(i)
        i = text.find(part, i + 1)
    return found


def _paragraph(src: SourceText, n: int) -> tuple[int, int]:
    """Normalised start and end of the paragraph holding normalised offset `n`."""
    breaks = src.paragraph_breaks()
    k = bisect_left(breaks, n)
    return (breaks[k - 1] + 1 if k > 0 else 0), (breaks[k] if k < len(breaks) else len(src.norm.text))


def _quote_paragraph(src: SourceText, texts: list[str], occurrences: list[list[int]]) -> tuple[int, int] | None:
    counts: Counter[tuple[int, int]] = Counter()
    for found in occurrences:
        counts.update({_paragraph(src, i) for i in found})
    if counts:
        return min(counts, key=lambda p: (-counts[p], p))
    longest = max(texts, key=len)
    near = nearest(src, longest)
    return _paragraph(src, src.norm.norm_offset(near.span.start)) if near else None


def _in_paragraph(
    src: SourceText, k: int, text: str, found: list[int], low: int, high: int, previous_end: int
) -> QuotePart:
    here = [i for i in found if low <= i and i + len(text) <= high]
    after = [i for i in here if i >= previous_end]
    if after:
        return QuotePart(k, text, PartStatus.FOUND, src.span(((after[0], after[0] + len(text)),)))
    if here:
        return QuotePart(k, text, PartStatus.BEFORE, src.span(((here[0], here[0] + len(text)),)))
    if found:
        return QuotePart(k, text, PartStatus.ELSEWHERE, src.span(((found[0], found[0] + len(text)),)))
    near = nearest(src, text, within=(previous_end, high)) if previous_end < high else None
    if near is not None:
        return QuotePart(k, text, PartStatus.NEAR, near.span, near)
    near = nearest(src, text, within=(low, high))
    if near is not None:
        return QuotePart(k, text, PartStatus.BEFORE, near.span, near)
    near = nearest(src, text)
    return QuotePart(k, text, PartStatus.MISSING, near.span if near else None, near)


def _nowhere(src: SourceText, k: int, text: str) -> QuotePart:
    near = nearest(src, text)
    return QuotePart(k, text, PartStatus.MISSING, near.span if near else None, near)


def part_problems(parts: tuple[QuotePart, ...], source_id: str) -> list[tuple[QuotePart, str]]:
    """Each part that keeps the quote from being found, with what is wrong:
    "part 2 of 3 is not in SOURCE", "part 2 is found before part 1",
    "parts 1 and 2 are in different paragraphs"."""
    found = []
    for part in parts:
        other = neighbour(parts, part)
        if part.status in (PartStatus.NEAR, PartStatus.MISSING):
            found.append((part, f"part {part.number} of {len(parts)} is not in {source_id}"))
        elif part.status is PartStatus.BEFORE:
            before = f"part {other}" if other else "the part before it"
            found.append((part, f"part {part.number} is found before {before}"))
        elif part.status is PartStatus.ELSEWHERE:
            pair = sorted((part.number, other)) if other else None
            found.append(
                (part, f"parts {pair[0]} and {pair[1]} are in different paragraphs")
                if pair
                else (part, f"part {part.number} is in another paragraph than the rest of the quote")
            )
    return found


def neighbour(parts: tuple[QuotePart, ...], part: QuotePart) -> int | None:
    """The closest part, earlier ones first, that is where it should be."""
    earlier = [p.number for p in parts[: part.number - 1] if p.accounted_for]
    later = [p.number for p in parts[part.number :] if p.accounted_for]
    return earlier[-1] if earlier else (later[0] if later else None)
