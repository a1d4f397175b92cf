"""Overlapping highlights as flat segments: the geometry of a source page.

A source text with spans cited by several claims is cut at every span
boundary (and at paragraph ends) into segments; each segment knows which
highlights cover it. Each highlight gets a level, the lowest one free
over its whole extent (greedy interval colouring), so that it keeps the
same underline position in every segment it covers and overlapping
highlights never share a level.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Highlight:
    key: str  # the anchor id, e.g. "talks-duration-2"; unique on the page
    parts: tuple[tuple[int, int], ...]  # code point ranges of the source text
    level: int = 0
    start: int = field(init=False, compare=False)  # where the first part starts
    end: int = field(init=False, compare=False)  # where the last part ends

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.parts[0][0])  # asked for in every segment: kept, not computed
        object.__setattr__(self, "end", self.parts[-1][1])


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    covering: tuple[Highlight, ...]  # by level
    starting: tuple[Highlight, ...]  # highlights whose first part starts here


def assign_levels(highlights: list[Highlight]) -> list[Highlight]:
    """The highlights in document order, each with the lowest level free over its extent."""
    ordered = sorted(highlights, key=lambda h: (h.start, -h.end, h.key))
    busy_until: list[int] = []  # per level, where its last highlight ends
    placed = []
    for h in ordered:
        level = next((n for n, end in enumerate(busy_until) if end <= h.start), len(busy_until))
        busy_until[level : level + 1] = [h.end]
        placed.append(Highlight(h.key, h.parts, level))
    return placed


def segments(start: int, end: int, highlights: list[Highlight]) -> list[Segment]:
    """The range [start, end) cut at every part boundary, with what covers each piece."""
    inside = [h for h in highlights if h.start < end and h.end > start]
    if not inside:  # most paragraphs of a source cite nothing
        return [Segment(start, end, (), ())]
    points = sorted({start, end} | {x for h in inside for part in h.parts for x in part if start < x < end})
    # Sorted once; filtering keeps the order (every key is unique on a page).
    by_level = sorted(inside, key=lambda h: (h.level, h.key))
    by_key = sorted(inside, key=lambda h: h.key)
    return [Segment(a, b, _covering(by_level, a, b), _starting(by_key, a)) for a, b in zip(points, points[1:])]


def _covering(highlights: list[Highlight], a: int, b: int) -> tuple[Highlight, ...]:
    return tuple(
        h
        for h in highlights
        if h.start <= a and b <= h.end and (len(h.parts) == 1 or any(s <= a and b <= e for s, e in h.parts))
    )


def _starting(highlights: list[Highlight], a: int) -> tuple[Highlight, ...]:
    return tuple(h for h in highlights if h.start == a)
