"""A source's text prepared for anchoring, and the span of a quote in it.

`SourceText` normalises a source once (textnorm.py) and answers what
every later stage asks of it: the original span of a normalised match,
line and column of an offset, paragraphs and sentences. `Span` is where a
quote is: code point offsets of the original text, end exclusive, as in
the W3C TextPositionSelector. Both are shared by the matcher (locate.py),
the near-miss search (nearmiss.py) and the renderer: they live here, so
that neither of the first two imports the other.

Paragraphs: if the text, leading and trailing whitespace aside, contains a
blank line (a line break, optional spaces, another line break), paragraphs
are separated by blank lines and a single line break is only a wrapped line;
otherwise every line break separates paragraphs (sources such as
seeds/xi-putin-warm-words-kremlin.txt put one paragraph per line). U+2029
always separates paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from generator.anchor.textnorm import normalize

_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")
_BLANK_MODE_BREAK_RE = re.compile(r"\n[^\S\n]*\n|\u2029")
_LINE_MODE_BREAK_RE = re.compile(r"[\n\u2029]")
_LEADING_SPACE_RE = re.compile(r"\s*")
# A sentence ends with . ! ? or … (possibly several), then closing quotes
# or brackets, then whitespace or the end of the paragraph.
_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb\u203a)\]]*(?=\s|$)")
_SENTENCE_TAIL_CHARS = ".!?\u2026\"'\u201d\u2019\u00bb\u203a)]"
# A period after these is no sentence end: initials and initialisms
# ("U.S.", "J. D."), and common titles and abbreviations.
_ABBREVIATION_RE = re.compile(
    r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|"
    r"Inc|Ltd|Co|Corp|vs|No|Vol|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|e\.g|i\.e)\.$"
)
# How far back the abbreviation test looks.
_ABBREVIATION_LOOKBACK = 12

NormParts = tuple[tuple[int, int], ...]  # the pieces of one occurrence, normalised offsets


class Span(NamedTuple):
    """Where a quote is in its source: code point offsets of the original text.

    `omitted` lists the stretches inside [start, end) that a gapped quote
    leaves out ("..."), in order; it is empty for most quotes. A named tuple
    (immutable, compared by value) whose fields are all a contiguous match
    needs: resolution makes one per quote, and nothing more.
    """

    start: int  # inclusive
    end: int  # exclusive
    omitted: tuple[tuple[int, int], ...] = ()

    @property
    def parts(self) -> tuple[tuple[int, int], ...]:
        """The quoted pieces, in order: the span without its omitted stretches."""
        if not self.omitted:
            return ((self.start, self.end),)
        bounds = (self.start, *(x for gap in self.omitted for x in gap), self.end)
        return tuple(zip(bounds[::2], bounds[1::2]))


def span_of(parts: tuple[tuple[int, int], ...]) -> Span:
    """The Span made of these quoted pieces (original offsets, in order)."""
    gaps = tuple((a[1], b[0]) for a, b in zip(parts, parts[1:]))
    return Span(parts[0][0], parts[-1][1], gaps)


class SourceText:
    """A prepared source: normalise once, resolve many quotes."""

    __slots__ = ("text", "norm", "_line_starts", "_breaks")

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalize(text)
        self._line_starts: list[int] | None = None
        self._breaks: list[int] | None = None

    def span(self, parts: NormParts) -> Span:
        """The original Span of an occurrence given in normalised offsets."""
        norm = self.norm
        return span_of(tuple((norm.orig_start(a), norm.orig_end(b)) for a, b in parts))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an original offset; lines end at \\n."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        offset = min(max(offset, 0), len(self.text))
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def context(self, span: Span, chars: int = 40) -> tuple[str, str]:
        """Up to `chars` original characters before and after the span."""
        chars = max(chars, 0)
        return self.text[max(span.start - chars, 0) : span.start], self.text[span.end : span.end + chars]

    def paragraph_breaks(self) -> list[int]:
        """Normalised offsets of the spaces that stand for paragraph breaks."""
        if self._breaks is None:
            self._breaks = _paragraph_breaks(self)
        return self._breaks

    def paragraph_limit(self, n: int) -> int:
        """Normalised end of the paragraph holding normalised offset `n`."""
        breaks = self.paragraph_breaks()
        k = bisect_left(breaks, n)
        return breaks[k] if k < len(breaks) else len(self.norm.text)

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        """Original start and end of the paragraph holding original `offset`."""
        breaks, norm = self.paragraph_breaks(), self.norm
        n = norm.norm_offset(offset)
        k = bisect_left(breaks, n)
        start = norm.orig_end(breaks[k - 1] + 1) if k > 0 else 0
        end = norm.orig_start(breaks[k]) if k < len(breaks) else len(self.text)
        return start, max(end, start)

    def sentence_bounds(self, span: Span) -> tuple[int, int]:
        """Start/end of the sentence(s) holding the span, never past its paragraph(s)."""
        para_start, para_end = self.paragraph_bounds(span.start)
        if span.end > para_end:  # the span goes on into later paragraphs
            _, para_end = self.paragraph_bounds(max(span.end - 1, span.start))
        start = _sentence_start(self.text, para_start, span.start)
        end = _sentence_end(self.text, span, max(para_end, span.end))
        return min(start, span.start), max(end, span.end)


def _paragraph_breaks(source: SourceText) -> list[int]:
    text = source.text
    first = _LEADING_SPACE_RE.match(text).end()  # type: ignore[union-attr]
    last = len(text.rstrip())
    blank = _BLANK_LINE_RE.search(text, first, last) is not None
    pattern = _BLANK_MODE_BREAK_RE if blank else _LINE_MODE_BREAK_RE
    breaks: list[int] = []
    for m in pattern.finditer(text):
        n = source.norm.norm_offset(m.start())
        if not breaks or breaks[-1] != n:
            breaks.append(n)
    return breaks


def _sentence_start(text: str, para_start: int, start: int) -> int:
    begin = para_start
    for m in reversed(list(_SENTENCE_END_RE.finditer(text, para_start, start))):  # the last sentence end
        if not _is_abbreviation(text, m.start()):
            begin = m.end()
            break
    return _LEADING_SPACE_RE.match(text, begin, max(start, begin)).end()  # type: ignore[union-attr]


def _sentence_end(text: str, span: Span, para_end: int) -> int:
    pos = span.end
    while pos > span.start and text[pos - 1] in _SENTENCE_TAIL_CHARS:
        pos -= 1
    for m in _SENTENCE_END_RE.finditer(text, pos, para_end):
        if not _is_abbreviation(text, m.start()):
            return m.end()
    while para_end > span.end and text[para_end - 1].isspace():
        para_end -= 1
    return para_end


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    before = text[max(dot - _ABBREVIATION_LOOKBACK, 0) : dot + 1]
    return _ABBREVIATION_RE.search(before) is not None
