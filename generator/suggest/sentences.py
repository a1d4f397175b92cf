"""A source's text cut into sentences and clauses, every piece at its original offsets.

Paragraphs follow the anchor stage's rule (anchor/text.py): when the text
has a blank line, paragraphs are separated by blank lines; otherwise every
line break separates them. A sentence ends at . ! ? or … followed by
closing quotes or brackets and a space, unless the period ends an initial
or a common abbreviation ("U.S.", "Mr."). Offsets are those of the
original text, so an excerpt cut from a sentence is the source's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")
_BLANK_MODE_BREAK_RE = re.compile(r"\n[^\S\n]*\n+|\u2029")
_LINE_MODE_BREAK_RE = re.compile(r"[\n\u2029]+")
_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb\u203a)\]]*(?=\s)")
# A period after these is no sentence end: initials and initialisms, titles, months.
_ABBREVIATION_RE = re.compile(
    r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|"
    r"Inc|Ltd|Co|Corp|vs|No|Vol|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|e\.g|i\.e)\.$"
)
_ABBREVIATION_LOOKBACK = 12
# Clause boundaries inside a sentence: a comma, semicolon, colon or dash with space around.
_CLAUSE_BREAK_RE = re.compile(r"[,;:]\s+|\s+[\u2013\u2014-]\s+")

# A sentence longer than this is cut into pieces of about this size at a
# space: nothing a reader calls a sentence is longer, and the fact and
# speech rules are linear per piece, so a 10,000-character "sentence"
# (a table flattened into one line) costs no more than a few sentences.
MAX_SENTENCE_CHARS = 600
# Only the first this many sentences of a source are read: about 1 MB of
# news prose. A 16 MB source (a book, a dump) is read as far as this and
# no further, so one source cannot take the whole time budget.
MAX_SENTENCES_PER_SOURCE = 8_000
# A clause shorter than this many characters does not carry a fact with
# what it is about ("in 2025"): the excerpt takes its neighbours too.
MIN_CLAUSE_CHARS = 25


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or piece of an overlong one) of one source."""

    source: str
    index: int  # its place among the source's sentences
    start: int  # original offsets, end exclusive
    end: int
    text: str  # the source's text[start:end]
    paragraph: int  # the index of its paragraph in the source


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Original (start, end) of each non-blank paragraph."""
    stripped_start = len(text) - len(text.lstrip())
    blank = _BLANK_LINE_RE.search(text, stripped_start, len(text.rstrip())) is not None
    pattern = _BLANK_MODE_BREAK_RE if blank else _LINE_MODE_BREAK_RE
    bounds, pos = [], 0
    for m in pattern.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return [b for b in (_trim(text, a, z) for a, z in bounds) if b[1] > b[0]]


def split_sentences(source: str, text: str) -> list[Sentence]:
    """The sentences of a source's text, in order, at most MAX_SENTENCES_PER_SOURCE."""
    found: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(split_paragraphs(text)):
        for s_start, s_end in _sentences_in(text, p_start, p_end):
            for a, z in _pieces(text, s_start, s_end):
                if len(found) >= MAX_SENTENCES_PER_SOURCE:
                    return found
                found.append(Sentence(source, len(found), a, z, text[a:z], number))
    return found


def clause_bounds(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The shortest clause of the sentence holding original [start, end), widened to MIN_CLAUSE_CHARS.

    Offsets in and out are the source's. The clause is trimmed of spaces
    and of the commas and dashes that separate it from its neighbours.
    """
    text, base = sentence.text, sentence.start
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK_RE.finditer(text)] + [len(text)]
    breaks = [(0, 0)] + [(m.start(), m.end()) for m in _CLAUSE_BREAK_RE.finditer(text)] + [(len(text), len(text))]
    rel_a, rel_z = start - base, end - base
    first = max(k for k in range(len(breaks)) if breaks[k][1] <= rel_a)
    last = min(k for k in range(len(breaks)) if breaks[k][0] >= rel_z)
    a, z = cuts[first], breaks[last][0]
    while z - a < MIN_CLAUSE_CHARS and (first > 0 or last < len(breaks) - 1):
        if last < len(breaks) - 1:
            last += 1
        else:
            first -= 1
        a, z = cuts[first], breaks[last][0]
    a, z = _trim(text, a, z)
    return base + min(a, rel_a), base + max(z, rel_z)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds, pos = [], start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        if _is_abbreviation(text, m.start()):
            continue
        bounds.append(_trim(text, pos, m.end()))
        pos = m.end()
    bounds.append(_trim(text, pos, end))
    return [b for b in bounds if b[1] > b[0]]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An overlong sentence cut at spaces into pieces of at most about MAX_SENTENCE_CHARS."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append(_trim(text, start, cut))
        start = cut
    pieces.append(_trim(text, start, end))
    return [p for p in pieces if p[1] > p[0]]


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    return _ABBREVIATION_RE.search(text[max(dot - _ABBREVIATION_LOOKBACK, 0) : dot + 1]) is not None
