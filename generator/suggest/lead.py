"""A lead: a place where two or more sources seem to disagree, for an editor to check.

A lead is never a verdict. It says what kind of difference was found
("number", "date", "weekday", "duration", "count", "attribution",
"rendering"), describes it in a few words, and gives the exact excerpts,
each a quote that `factsite check` resolves as it stands (with
`occurrence` when the words occur more than once in the source).
`suggest/find.py` makes them; the CLI prints them, `factsite new
--from-lead` turns one into a claim file, and the previews list them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# The kinds of lead, in the order the documentation lists them.
KINDS = ("number", "date", "weekday", "duration", "count", "attribution", "rendering")


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One side of a lead: exact words of one source and where they are."""

    source: str  # the source id (seeds/sources.yml)
    quote: str  # the source's exact words, as `factsite check` resolves them
    start: int  # code point offsets of the quote in the source's text
    end: int
    occurrence: int | None = None  # set only when the quote's words occur more than once
    value: str = ""  # the fact compared, as the source gives it ("four hours", "May 8")


@dataclass(frozen=True, slots=True)
class Lead:
    """A disagreement proposed for checking, with its excerpts (two or more, in source-id order)."""

    kind: str  # one of KINDS
    description: str  # "4 h vs 3.5 h: length of the talks"
    score: float  # higher first; in [0, 1]
    excerpts: tuple[Excerpt, ...]
    covered_by: tuple[str, ...] = ()  # slugs of claims citing these excerpts (or overlapping spans)

    @property
    def id(self) -> str:
        """A stable name for the lead: the same sources and spans give the same id, whatever the ranking."""
        key = self.kind + "|" + "|".join(f"{e.source}:{e.start}:{e.end}" for e in self.excerpts)
        return "L" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:7]

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)
