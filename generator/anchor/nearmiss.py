"""The passage of a source closest to a quote that was not found.

`nearest(source, quote)` runs an approximate substring search on the
normalised texts (rapidfuzz's `partial_ratio_alignment`, an Indel-distance
sliding alignment in C++; in huge texts within regions picked first, see
DIRECT_ALIGNMENT_WORK), moves the passage's edges to word boundaries,
and scores it by normalised Levenshtein similarity:
``1 - distance(quote, passage) / max(len(quote), len(passage))``, both
normalised (textnorm.py), so curly-vs-straight quotes or line breaks never
count as differences. A passage below NEAR_MISS_MIN_SIMILARITY is not
suggested. A near miss is a suggestion only: locate() never turns it into
a Match.

The diff (`NearMiss.diff`) goes from the editor's quote to the source's
passage, character by character, on the normalised texts: ``[-x-]`` is in
the quote but not in the source, ``{+y+}`` is in the source but not in the
quote, e.g. ``…and fruitful{+ly+} [-said-]{+added+} Xi…``. Changes closer
than DIFF_MERGE_EQUAL_CHARS are shown as one; unchanged stretches are cut to
DIFF_CONTEXT_CHARS characters around each change, "…" marking the cut (the
normalised texts never contain "…": it is folded to "..."). An empty diff
means the two are equal under normalisation.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel, Levenshtein
from rapidfuzz.fuzz import partial_ratio_alignment
from rapidfuzz.process import extract

from generator.anchor.text import SourceText, Span
from generator.anchor.textnorm import normalize_quote

# Below this, a passage is only vaguely similar and is not suggested.
# Calibrated on the seeds (tests/anchor/test_nearmiss.py): a typo in any seed
# sentence of 4+ words scores 0.95 or more, one word replaced by another in
# a sentence of 5+ words 0.72 or more (in a 3-4 word sentence it can fall
# to 0.58: too little is left to recognise it by); unrelated prose of the
# same length scores at most 0.41, and even a sentence from another seed
# (the same story, often the same statement reworded) at most 0.67.
NEAR_MISS_MIN_SIMILARITY = 0.7
# Longer quotes (some 170 words: an excerpt, not a quote) get no
# suggestion: the alignment's cost grows with the square of the length.
MAX_NEAR_MISS_QUOTE_CHARS = 1_000
# rapidfuzz aligns quotes up to 64 characters bit-parallel, in time linear
# in the text; longer ones first pick a region of the text (below).
SHORT_QUOTE_CHARS = 64
# Up to this much len(text) * len(quote) (a 1,000-char quote in a 30 KB
# text, a 200-char one in 150 KB), the alignment runs on the whole text:
# about 20 ms on real prose, under a second on adversarially repetitive
# text. Beyond it, a longer quote is aligned within 3 quote lengths around
# each of the 5 best windows of its length (one starting every eighth of a
# length), which keeps the cost flat in huge texts; the price is that among
# many near-identical passages the best may be missed for a near one.
DIRECT_ALIGNMENT_WORK = 30_000_000
REGION_QUOTE_LENGTHS = 3
REGION_CANDIDATES = 5
WINDOW_STEPS_PER_QUOTE = 8
# At most this many windows (a window is then longer than the quote by the
# step, so that windows still cover the text): bounds time and memory in a
# text of many megabytes.
MAX_WINDOWS = 50_000
# How far a passage edge may move to reach a word boundary: longer than
# any real word, short enough to stay near the alignment.
SNAP_MAX_CHARS = 40
# Boundaries tried on each side of an aligned edge: 3 reach past a word
# and the punctuation after it ("fruitful" / "fruitful”" / "fruitful”.").
SNAP_BOUNDARIES = 3
# How many words beyond the best passage are searched for the quote's own
# first or last word (see _keep_end_words): one inserted word ("continue
# [through] Friday") or two ("[last month] publicly"); further away, the
# word is more likely another occurrence than the editor's.
KEEP_END_WORDS = 3
# Only a word of this many characters, missing from the passage, is looked
# for: a shorter one ("a", "s" of "Xi's") is too likely to occur nearby by chance.
KEEP_END_WORD_MIN_CHARS = 3
_WORD_RE = re.compile(r"\w+")
# Two changes separated by fewer unchanged characters read better as one
# ("[-warm-]{+cold+}" rather than "[-wa-]{+co+}r[-m-]{+ld+}").
DIFF_MERGE_EQUAL_CHARS = 3
# Unchanged characters kept on each side of a change: enough to recognise
# the place, short enough for one terminal line per change.
DIFF_CONTEXT_CHARS = 20
ELISION = "\u2026"


@dataclass(frozen=True)
class NearMiss:
    span: Span  # the passage, original offsets
    text: str  # the source's exact text of that span
    similarity: float  # in [0, 1], see the module docstring
    diff: str  # from the quote to the passage, see the module docstring


def nearest(source: SourceText | str, quote: str, within: tuple[int, int] | None = None) -> NearMiss | None:
    """The closest passage to `quote`, or None if none is similar enough.

    `within` limits the search to a range of the normalised text (the part
    of a paragraph where one part of a gapped quote should be).
    """
    src = source if isinstance(source, SourceText) else SourceText(source)
    nq = normalize_quote(quote)
    low, high = within if within is not None else (0, len(src.norm.text))
    low, high = max(low, 0), min(high, len(src.norm.text))
    text = src.norm.text[low:high]
    if not nq or not text.strip() or len(nq) > MAX_NEAR_MISS_QUOTE_CHARS:
        return None
    start, end, _ = _align(nq, text)
    start, end, similarity = _snap(nq, text, start, end)
    start, end, similarity = _keep_end_words(nq, text, start, end, similarity)
    if similarity < NEAR_MISS_MIN_SIMILARITY:
        return None
    span = src.span(((low + start, low + end),))
    return NearMiss(span, src.text[span.start : span.end], similarity, char_diff(nq, text[start:end]))


def _keep_end_words(nq: str, text: str, start: int, end: int, similarity: float) -> tuple[int, int, float]:
    """Widen the passage to the quote's first and last words when the
    source has them just outside it.

    The best-scoring passage may stop short of a word the editor quoted:
    for "…continue Friday" the source's "…continue through Friday" scores
    better cut after "through" (one word replaced) than with "Friday" (one
    word inserted). A suggestion that drops a quoted word changes what the
    quote says, so the passage takes in that word if it is among the next
    (or previous) KEEP_END_WORDS words and not in the passage, as long as
    it stays a near miss.
    """
    words = _WORD_RE.findall(nq)
    if not words:
        return start, end, similarity
    new_start, new_end = start, end
    inside = {w.casefold() for w in _WORD_RE.findall(text[start:end])}
    if len(words[-1]) >= KEEP_END_WORD_MIN_CHARS and words[-1].casefold() not in inside:
        for m in itertools.islice(_WORD_RE.finditer(text, end), KEEP_END_WORDS):
            if m.group().casefold() == words[-1].casefold():
                new_end = m.end()
                break
    if len(words[0]) >= KEEP_END_WORD_MIN_CHARS and words[0].casefold() not in inside:
        before = list(_WORD_RE.finditer(text, max(start - KEEP_END_WORDS * SNAP_MAX_CHARS, 0), start))
        before = before[-KEEP_END_WORDS:]
        for m in reversed(before):
            if m.group().casefold() == words[0].casefold():
                new_start = m.start()
                break
    if (new_start, new_end) == (start, end):
        return start, end, similarity
    widened = Levenshtein.normalized_similarity(nq, text[new_start:new_end])
    return (new_start, new_end, widened) if widened >= NEAR_MISS_MIN_SIMILARITY else (start, end, similarity)


def _align(nq: str, text: str) -> tuple[int, int, float]:
    """The best alignment of `nq` in `text`: (start, end, Indel score)."""
    best = (0, min(len(nq), len(text)), -1.0)
    for low, high in _regions(nq, text):
        found = partial_ratio_alignment(nq, text[low:high])
        if found is not None and found.dest_end > found.dest_start and found.score > best[2]:
            best = (low + found.dest_start, low + found.dest_end, found.score)
    return best


def _regions(nq: str, text: str) -> list[tuple[int, int]]:
    """Where in `text` to align a quote precisely."""
    size = len(nq)
    if size <= SHORT_QUOTE_CHARS or len(text) * size <= DIRECT_ALIGNMENT_WORK:
        return [(0, len(text))]
    step = max(size // WINDOW_STEPS_PER_QUOTE, -(-len(text) // MAX_WINDOWS), 1)
    windows = [text[i : i + size + step] for i in range(0, len(text) - step, step)]
    ranked = extract(nq, windows, scorer=Indel.normalized_similarity, limit=REGION_CANDIDATES)
    middle = (REGION_QUOTE_LENGTHS - 1) * size // 2
    return [(max(k * step - middle, 0), min(k * step + size + step + middle, len(text))) for _, _, k in ranked]


def _snap(nq: str, text: str, start: int, end: int) -> tuple[int, int, float]:
    """The best-scoring passage whose edges are boundaries near the alignment."""
    best = (start, end, -1.0)
    for s in _nearby_boundaries(text, start, 0, end):
        for e in _nearby_boundaries(text, end, s + 1, len(text)):
            s2, e2 = _trim(text, s, e)
            if e2 > s2:
                score = Levenshtein.normalized_similarity(nq, text[s2:e2])
                best = max(best, (s2, e2, score), key=lambda c: c[2])
    return best if best[2] >= 0 else (start, end, 0.0)


def _nearby_boundaries(text: str, p: int, low: int, high: int) -> list[int]:
    """Up to SNAP_BOUNDARIES boundaries on each side of `p`, within [low, high]."""
    found = []
    for step in (-1, 1):
        q, count = p, 0
        while low <= q <= high and abs(q - p) <= SNAP_MAX_CHARS and count < SNAP_BOUNDARIES:
            if _is_boundary(text, q) and q not in found:
                found.append(q)
                count += 1
            q += step
    return found or [min(max(p, low), high)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def _is_boundary(text: str, p: int) -> bool:
    """Not inside a word: words are runs of letters and digits."""
    return p <= 0 or p >= len(text) or not (text[p - 1].isalnum() and text[p].isalnum())


# --- the diff ----------------------------------------------------------------

Hunk = tuple[bool, int, int, int, int]  # (changed, a_start, a_end, b_start, b_end)


def char_diff(a: str, b: str) -> str:
    """A compact character diff from `a` (the quote) to `b` (the source)."""
    hunks = _merge(_hunks(a, b))
    if not any(changed for changed, *_ in hunks):
        return ""
    out = []
    for k, (changed, a0, a1, b0, b1) in enumerate(hunks):
        if changed:
            out.append((f"[-{a[a0:a1]}-]" if a1 > a0 else "") + (f"{{+{b[b0:b1]}+}}" if b1 > b0 else ""))
        else:
            out.append(_elide(a[a0:a1], first=k == 0, last=k == len(hunks) - 1))
    return "".join(out)


def _hunks(a: str, b: str) -> list[Hunk]:
    return [
        (op.tag != "equal", op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Levenshtein.opcodes(a, b)
    ]


def _merge(hunks: list[Hunk]) -> list[Hunk]:
    """Join adjacent changes, and changes separated by a short unchanged run."""
    merged: list[Hunk] = []
    for k, hunk in enumerate(hunks):
        changed = hunk[0] or (0 < k < len(hunks) - 1 and hunk[2] - hunk[1] < DIFF_MERGE_EQUAL_CHARS)
        if merged and changed and merged[-1][0]:
            merged[-1] = (True, merged[-1][1], hunk[2], merged[-1][3], hunk[4])
        else:
            merged.append((changed, *hunk[1:]))
    return merged


def _elide(same: str, *, first: bool, last: bool) -> str:
    keep = DIFF_CONTEXT_CHARS
    if first and len(same) > keep:
        return ELISION + same[-keep:]
    if last and len(same) > keep:
        return same[:keep] + ELISION
    if len(same) > 2 * keep:
        return same[:keep] + ELISION + same[-keep:]
    return same
