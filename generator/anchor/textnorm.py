"""Text normalisation for quote matching, with a map back to the original.

`normalize(text)` folds the things an editor's copy of a quote may differ in
without changing what the quote says, and keeps, for every character of the
normalised text, the range of original characters it came from. Anything
shown to a reader is cut from the original through that map.

What is folded (the same for sources, quotes, prefixes and suffixes):

* quotation marks: “ ” „ ‟ « » and the straight ``"`` become ``"``;
  ‘ ’ ‚ ‛ ‹ › ʼ and ``'`` become ``'``;
* dashes: ‐ ‑ ‒ – — ― − ﹘ ﹣ － become ``-``;
* the ellipsis character … becomes ``...`` (so "…" and "..." match each
  other; anchor.py decides when an ellipsis in a quote is a gap);
* zero-width characters and the soft hyphen are dropped;
* every run of whitespace (anything `str.isspace` accepts: spaces,
  no-break spaces, tabs, line and paragraph breaks), together with any
  dropped characters inside it, becomes one space;
* the result is in Unicode NFC, so "e" + U+0301 equals "é".

Case is kept: matching is case-sensitive.

The offset map is compact: a sorted list of segments, each either an
*identity* run (normalised char i comes from original char start + i) or a
*block* (every normalised char in it comes from the whole original range,
e.g. a whitespace run, a "…", or an NFC cluster). Texts that normalise to
themselves use no segments at all.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2039\u203a\u02bc"  # ʼ: used as an apostrophe
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# Invisible characters that only steer line breaking or joining.
DROPPED = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
ELLIPSIS = "\u2026"

# One character in, one character out: offsets are unchanged.
_ONE_TO_ONE_FOLDS = {
    **dict.fromkeys(DOUBLE_QUOTES, '"'),
    **dict.fromkeys(SINGLE_QUOTES, "'"),
    **dict.fromkeys(DASHES, "-"),
}
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# For quotes, where no map is kept: every fold but whitespace and NFC.
# A regex with a callback only touches the characters it changes, which is
# twice as fast as str.translate on typical quotes (translate looks every
# character up in a dict).
_QUOTE_FOLDS = {**_ONE_TO_ONE_FOLDS, **dict.fromkeys(DROPPED, ""), ELLIPSIS: "..."}
_QUOTE_FOLD_RE = re.compile("[" + re.escape("".join(_QUOTE_FOLDS)) + "]")
# The folds editors' quotes need most often, tried first (see normalize_quote):
# curly quotes, apostrophes and dashes, and the no-break space that a copy
# from a web page often brings (a space here; runs of spaces are folded after).
_COMMON_QUOTE_FOLDS = (*((char, _QUOTE_FOLDS[char]) for char in "\u2019\u201c\u201d\u2014\u2013"), ("\u00a0", " "))

_D = re.escape(DROPPED)
# Everything that changes length: a run of whitespace (with dropped chars
# in it) unless it is already a single plain space; a run of dropped
# characters alone; an ellipsis. Each alternative consumes a whole run, so
# the scan stays linear.
_EVENT_RE = re.compile(rf"(?=[\s{_D}]*\s)[\s{_D}]{{2,}}|[^\S ]|[{_D}]+|{ELLIPSIS}")
# In a text whose whitespace is plain (see _fold_one_to_one): a run of
# whitespace that starts with anything but a space (str.isspace's ASCII set).
_PLAIN_RUN_RE = re.compile(r"[\t-\r\x1c-\x1f][\t-\r\x1c-\x1f ]*")

# A map segment: (normalised start, original start, original end or -1).
Segments = list[tuple[int, int, int]]

# Hangul vowel and trailing-consonant jamo compose with the preceding
# syllable although their combining class is 0.
_HANGUL_V = range(0x1161, 0x1176)
_HANGUL_T = range(0x11A8, 0x11C3)
# Planes that hold every character with a canonical decomposition.
_DECOMPOSITION_PLANES = 0x30000


def normalize_quote(text: str) -> str:
    """The normalised form of a quote, prefix or suffix (stripped)."""
    if not text.isascii():
        # Most quotes' only non-ASCII characters are curly quotes,
        # apostrophes and dashes: str.replace of each is a C loop that costs
        # nothing when the character is absent, four times cheaper than the
        # regex below; that handles whatever is left.
        for char, fold in _COMMON_QUOTE_FOLDS:
            text = text.replace(char, fold)
        if not text.isascii():
            text = _QUOTE_FOLD_RE.sub(_fold_char, text)
            if not text.isascii():
                return _nfc(" ".join(text.split()))
    # No whitespace to fold (the common case, checked cheaply): no control
    # character, no double space, nothing to strip (strip returns the very
    # same string then).
    if text.isprintable() and "  " not in text and text.strip() is text:
        return text
    return " ".join(text.split())


def _fold_char(m: re.Match[str]) -> str:
    return _QUOTE_FOLDS[m.group()]


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


class NormalizedText:
    """A normalised text and its map back to the original offsets."""

    __slots__ = ("original", "text", "identity", "_map", "_count")

    def __init__(self, original: str, text: str, segments: Segments | None) -> None:
        self.original = original
        self.text = text
        # No segments at all: the text normalised to itself.
        self.identity = segments is None
        # Segment k covers normalised chars from its normalised start to the
        # next segment's; its original end < 0 marks an identity run, else it
        # ends a block. The map is monotone: both start columns are sorted.
        # The three columns are packed in one array (normalised starts, then
        # original starts, then original ends): resolving a quote reads the
        # map once, and one contiguous object is what costs least to reach.
        found = segments or ()
        self._count = len(found)
        self._map = array("q", [seg[0] for seg in found] + [seg[1] for seg in found] + [seg[2] for seg in found])

    def orig_start(self, i: int) -> int:
        """Original offset where normalised char `i` starts (len maps to len)."""
        if self.identity:
            return i
        if i >= len(self.text):
            return len(self.original)
        m, n = self._map, self._count
        k = bisect_right(m, i, 0, n) - 1
        if m[2 * n + k] < 0:
            return m[n + k] + i - m[k]
        return m[n + k]

    def orig_span(self, i: int, j: int) -> tuple[int, int]:
        """Original [start, end) of normalised [i, j), 0 <= i < j <= len."""
        if self.identity:
            return i, j
        m, n = self._map, self._count
        k = bisect_right(m, i, 0, n) - 1
        if m[2 * n + k] < 0 and (k + 1 == n or j <= m[k + 1]):
            start = m[n + k] + i - m[k]  # inside one identity run
            return start, start + j - i
        return self.orig_start(i), self.orig_end(j)

    def orig_end(self, j: int) -> int:
        """Original (exclusive) offset where normalised char `j - 1` ends."""
        if self.identity or j <= 0:
            return max(j, 0)
        m, n = self._map, self._count
        k = bisect_right(m, j - 1, 0, n) - 1
        if m[2 * n + k] < 0:
            return m[n + k] + j - m[k]
        return m[2 * n + k]

    def norm_offset(self, o: int) -> int:
        """The normalised offset of original offset `o` (the next char if dropped)."""
        if self.identity:
            return o
        m, n = self._map, self._count
        k = bisect_left(m, o, n, 2 * n) - n
        if k == n or m[n + k] != o:
            k -= 1  # else: the first of the segments that start at o
        if k < 0:
            return 0
        nend = m[k + 1] if k + 1 < n else len(self.text)
        if m[2 * n + k] < 0:
            return min(m[k] + o - m[n + k], nend)
        return m[k] if o < m[2 * n + k] else nend


def normalize(original: str) -> NormalizedText:
    """Normalise a source text, keeping the offset map."""
    folded, plain = _fold_one_to_one(original)
    events = _plain_events(folded) if plain else _EVENT_RE.finditer(folded)
    text, segments = _fold_events(folded, events)
    if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        text, segments = _compose(NormalizedText(original, text, segments))
    return NormalizedText(original, text, segments)


def _fold_one_to_one(original: str) -> tuple[str, bool]:
    """The text with quotes and dashes folded, and whether its whitespace is
    plain: no double space, no non-ASCII space, nothing dropped, no "…".

    Replacing each distinct fold character found is ten times faster than
    str.translate, which looks every character of the text up in a dict."""
    plain = "  " not in original
    if original.isascii():
        return original, plain
    for char in set(_NON_ASCII_RE.findall(original)):
        if char in _ONE_TO_ONE_FOLDS:
            original = original.replace(char, _ONE_TO_ONE_FOLDS[char])
        elif char.isspace() or char in DROPPED or char == ELLIPSIS:
            plain = False
    return original, plain


def _plain_events(folded: str) -> Iterator[tuple[int, int]]:
    """The whitespace runs to fold in a text whose only whitespace is ASCII
    and never two spaces in a row: each run starts at a non-space (or at
    the one space right before it). A scan for one character class, which
    the regex engine does in C, several times faster than _EVENT_RE."""
    for m in _PLAIN_RUN_RE.finditer(folded):
        start = m.start()
        yield (start - 1 if start and folded[start - 1] == " " else start), m.end()


def _fold_events(folded: str, events: Iterable[tuple[int, int] | re.Match[str]]) -> tuple[str, Segments | None]:
    pieces: list[str] = []
    segments: Segments = []
    n = prev = 0
    for event in events:
        start, end = event if isinstance(event, tuple) else event.span()
        if start > prev:
            segments.append((n, prev, -1))
            pieces.append(folded[prev:start])
            n += start - prev
        out = _replacement(folded[start:end])
        if out:
            segments.append((n, start, end))
            pieces.append(out)
            n += len(out)
        prev = end
    if prev == 0:
        return folded, None  # no event at all: identity
    if prev < len(folded):
        segments.append((n, prev, -1))
        pieces.append(folded[prev:])
    return "".join(pieces), segments


def _replacement(run: str) -> str:
    if run == ELLIPSIS:
        return "..."
    return " " if any(c.isspace() for c in run) else ""


# --- NFC with a map (only for sources that are not in NFC already) ---------


def _compose(nmap: NormalizedText) -> tuple[str, Segments]:
    text = nmap.text
    starts = [nmap.orig_start(i) for i in range(len(text))]
    ends = [nmap.orig_end(i + 1) for i in range(len(text))]
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    for a, b in _clusters(text):
        chunk = text[a:b]
        out = unicodedata.normalize("NFC", chunk)
        pieces.append(out)
        if out == chunk:
            new_starts += starts[a:b]
            new_ends += ends[a:b]
        else:
            new_starts += [starts[a]] * len(out)
            new_ends += [ends[b - 1]] * len(out)
    return "".join(pieces), _compress(new_starts, new_ends)


def _clusters(text: str) -> list[tuple[int, int]]:
    """Split at positions NFC never composes or reorders across."""
    bounds = [i for i, c in enumerate(text) if i == 0 or _is_stable(c)]
    bounds.append(len(text))
    return list(zip(bounds, bounds[1:]))


def _is_stable(c: str) -> bool:
    """A starter that NFC leaves alone and that composes with nothing before it."""
    if c.isascii():
        return True
    if unicodedata.combining(c) or ord(c) in _HANGUL_V or ord(c) in _HANGUL_T:
        return False
    return unicodedata.normalize("NFC", c) == c and c not in _composing_seconds()


@lru_cache(maxsize=1)
def _composing_seconds() -> frozenset[str]:
    """Characters that are the second half of a canonical pair."""
    seconds = set()
    for cp in range(_DECOMPOSITION_PLANES):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    return frozenset(seconds)


def _compress(starts: list[int], ends: list[int]) -> Segments:
    """Per-char (start, end) back to identity runs and blocks."""
    segments: Segments = []
    i = 0
    while i < len(starts):
        j = i + 1
        while j < len(starts) and (starts[j], ends[j]) == (starts[i], ends[i]):
            j += 1
        block = j - i > 1 or ends[i] != starts[i] + 1
        if block:
            segments.append((i, starts[i], ends[i]))
        elif not _extends_identity(segments, i, starts[i]):
            segments.append((i, starts[i], -1))
        i = j
    return segments


def _extends_identity(segments: Segments, i: int, start: int) -> bool:
    if not segments or segments[-1][2] >= 0:
        return False
    n0, o0, _ = segments[-1]
    return o0 + (i - n0) == start
