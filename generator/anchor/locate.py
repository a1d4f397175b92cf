"""Quote matching: locate an editor's quote at exact offsets in its source.

A pure library: no I/O and no user-facing errors. `locate` answers with
one of four results and the caller decides what the editor is told:

* `Match`: one span (the quote occurs once, or prefix/suffix/occurrence
  picked exactly one occurrence);
* `Ambiguous`: several occurrences fit; `spans` lists every occurrence,
  `candidates` those still consistent with the context given, and
  `prefix_hint(source, i)` suggests a prefix that makes occurrence i unique;
* `ContextMismatch`: the quote occurs, but the given prefix/suffix/occurrence
  fit none of its occurrences (also when the quote occurs once: a stale
  prefix is worth reporting);
* `NotFound`: with the closest passage (nearmiss.py), or None; for a quote
  with gaps, `parts` says what became of each part instead (gapparts.py).

Matching is exact after normalisation (textnorm.py), case-sensitive. All
offsets are Python str indices (Unicode code points) into the original
text, end exclusive, as in the W3C TextPositionSelector.

Gaps: "...", "…", "[...]" or "[…]" in a quote mean "text omitted here"
unless the quote with them is found literally (after normalisation; "…" and
"..." are the same there). With several markers, readings that keep more of
them literal are tried first. Under a gap reading the parts must occur in
order (each searched greedily, leftmost, after the previous one) within one
paragraph; every occurrence of the first part that completes such a chain is
one occurrence of the quote. Empty parts (a quote starting or ending with a
marker) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from generator.anchor.gapparts import QuotePart, explain_parts, gap_markers, part_ranges
from generator.anchor.nearmiss import NearMiss, nearest
from generator.anchor.text import NormParts, SourceText, Span
from generator.anchor.textnorm import normalize_quote

_new_tuple = tuple.__new__  # builds a named tuple without its __new__'s argument handling
_NO_GAPS: tuple[tuple[int, int], ...] = ()

# With up to this many gap markers every literal/gap combination is tried
# (2**4 - 1 = 15 readings); beyond it only "every marker is a gap", so a
# quote full of dots cannot make the search exponential.
MAX_MIXED_GAP_MARKERS = 4
# A quote with more gap markers than this is only ever read literally: no
# real quote omits text that often, and each occurrence of a gapped quote
# costs memory in proportion to its parts.
MAX_GAP_MARKERS = 16
# A prefix hint longer than this many words is no help to an editor:
# `occurrence` is then the better tool.
MAX_PREFIX_HINT_WORDS = 12

# --- results ----------------------------------------------------------------


class Match(Span):
    """The quote's one span; a Span itself (`match.span` is the match), so
    that a resolution builds a single object."""

    __slots__ = ()

    @property
    def span(self) -> Span:
        return self


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several occurrences; `spans` lists them all in document order.

    `candidates` are the indices into `spans` still consistent with the
    prefix/suffix given (all of them when none was). `norm_starts` are the
    occurrences' normalised offsets, kept for `prefix_hint`.
    """

    spans: tuple[Span, ...]
    candidates: tuple[int, ...] = ()
    norm_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def prefix_hint(self, source: SourceText, index: int) -> str | None:
        """The shortest run of words (normalised) right before occurrence
        `index` that precedes no other occurrence, or None if there is none
        within MAX_PREFIX_HINT_WORDS words. Computed on demand (it is only
        needed for the occurrences a caller shows)."""
        if not 0 <= index < len(self.spans):
            return None
        starts = self.norm_starts or tuple(source.norm.norm_offset(s.start) for s in self.spans)
        others = [s for k, s in enumerate(starts) if k != index]
        return _prefix_hint(source.norm.text, starts[index], others)


@dataclass(frozen=True, slots=True)
class ContextMismatch:
    spans: tuple[Span, ...]  # every occurrence of the quote
    reason: str


@dataclass(frozen=True, slots=True)
class NotFound:
    """`nearest` is the closest passage to the whole quote. For a quote with
    gap markers, `parts` (one per part, every marker read as a gap) says
    which part failed and how, and `nearest` is None: a passage close to
    the whole quote, gaps and all, would drop or merge its parts."""

    nearest: NearMiss | None
    parts: tuple[QuotePart, ...] = ()


Result = Match | Ambiguous | ContextMismatch | NotFound


# --- matching -------------------------------------------------------------


def locate(
    source: SourceText | str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    occurrence: int | None = None,
) -> Result:
    """Locate `quote` in `source` (a str is prepared on the fly, uncached)."""
    src = source if isinstance(source, SourceText) else SourceText(source)
    nq = normalize_quote(quote)
    if not nq:
        return NotFound(None)
    norm = src.norm
    text = norm.text
    i = text.find(nq)
    if (
        i >= 0 and prefix is None and suffix is None and occurrence is None and text.find(nq, i + 1) < 0
    ):  # the common case, kept lean: one occurrence
        start, end = norm.orig_span(i, i + len(nq))
        return _new_tuple(Match, (start, end, _NO_GAPS))
    found = _literal(text, nq, i) if i >= 0 else _gapped(src, nq)
    if not found:
        return _not_found(src, quote, nq)
    return _decide(src, found, _context(prefix), _context(suffix), occurrence)


def _not_found(src: SourceText, quote: str, nq: str) -> NotFound:
    markers = gap_markers(nq)
    if not markers or len(markers) > MAX_GAP_MARKERS:
        return NotFound(nearest(src, quote))
    parts = explain_parts(src, nq, part_ranges(nq, markers))
    # With one part (markers only at the ends) nothing can be dropped or
    # merged: that part's near miss is the quote's.
    return NotFound(parts[0].near if len(parts) == 1 else None, parts)


def _context(value: str | None) -> str | None:
    normalised = normalize_quote(value) if value is not None else ""
    return normalised or None


def _literal(text: str, nq: str, first: int) -> list[NormParts]:
    found: list[NormParts] = []
    i = first
    while i >= 0:
        found.append(((i, i + len(nq)),))
        i = text.find(nq, i + 1)
    return found


def _gapped(src: SourceText, nq: str) -> list[NormParts]:
    for parts in _gap_readings(nq):
        found = _chains(src, parts)
        if found:
            return found
    return []


def _gap_readings(nq: str) -> Iterator[list[str]]:
    """QuotePart lists, from the most literal reading to "every marker is a gap"."""
    markers = gap_markers(nq)
    k = len(markers)
    if k > MAX_GAP_MARKERS:
        return
    sizes = range(1, k + 1) if k <= MAX_MIXED_GAP_MARKERS else (k,)
    for size in sizes:
        for chosen in combinations(markers, size):
            parts = [nq[a:b] for a, b in part_ranges(nq, chosen)]
            if parts:
                yield parts


def _chains(src: SourceText, parts: list[str]) -> list[NormParts]:
    """Every occurrence of the first part that completes a chain."""
    text = src.norm.text
    found: list[NormParts] = []
    seen: list[tuple[int, int]] = [(0, -1)] * len(parts)  # per part: (searched from, found at)
    i = text.find(parts[0])
    while i >= 0:
        chain = _chain_from(src, parts, i, seen)
        found += [chain] if chain else []
        # A chain that fails fails for every later start in its paragraph
        # (each later part would be searched for in less text).
        after = i + 1 if chain or len(parts) == 1 else src.paragraph_limit(i) + 1
        i = text.find(parts[0], after)
    return found


def _chain_from(src: SourceText, parts: list[str], start: int, seen: list[tuple[int, int]]) -> NormParts | None:
    """Greedy leftmost in-order match of `parts` within one paragraph.

    `seen` remembers each part's last search, so that chains from nearby
    starts do not search the same text again (no quadratic blow-up)."""
    text = src.norm.text
    pieces = [(start, start + len(parts[0]))]
    limit = src.paragraph_limit(start) if len(parts) > 1 else len(text)
    for k in range(1, len(parts)):
        pos = pieces[-1][1]
        searched_from, at = seen[k]
        j = at if searched_from <= pos <= at else text.find(parts[k], pos, limit)
        if j < 0:
            return None
        seen[k] = (pos, j)
        pieces.append((j, j + len(parts[k])))
    return tuple(pieces)


def _decide(
    src: SourceText, found: list[NormParts], prefix: str | None, suffix: str | None, occurrence: int | None
) -> Result:
    text = src.norm.text
    spans = tuple(src.span(parts) for parts in found)
    fits = tuple(
        k
        for k, parts in enumerate(found)
        if (occurrence is None or occurrence == k + 1)
        and (prefix is None or prefix_fits(text, parts[0][0], prefix))
        and (suffix is None or suffix_fits(text, parts[-1][1], suffix))
    )
    if len(fits) == 1:
        return Match._make(spans[fits[0]])
    if not fits:
        return ContextMismatch(spans, _reason(len(spans), prefix, suffix, occurrence))
    return Ambiguous(spans, fits, tuple(parts[0][0] for parts in found))


def prefix_fits(text: str, start: int, prefix: str) -> bool:
    """Whether normalised `text` ends with `prefix` right where `start` is
    (one space at the junction is ignored)."""
    end = start - 1 if start > 0 and text[start - 1] == " " else start
    return text.endswith(prefix, 0, end)


def suffix_fits(text: str, end: int, suffix: str) -> bool:
    """Whether normalised `text` continues with `suffix` right after `end`."""
    begin = end + 1 if text[end : end + 1] == " " else end
    return text.startswith(suffix, begin)


def _reason(count: int, prefix: str | None, suffix: str | None, occurrence: int | None) -> str:
    times = "once" if count == 1 else f"{count} times"
    if occurrence is not None and not 1 <= occurrence <= count:
        return f"occurrence {occurrence} was asked for, but the quote occurs {times}"
    given = " and ".join(name for name, value in (("prefix", prefix), ("suffix", suffix)) if value)
    if occurrence is not None:
        return f"occurrence {occurrence} of the quote (which occurs {times}) lacks the given {given}"
    return f"the quote occurs {times}, but never with the given {given}"


def _prefix_hint(text: str, start: int, others: list[int]) -> str | None:
    end = start - 1 if start > 0 and text[start - 1] == " " else start
    pos = end
    for _ in range(MAX_PREFIX_HINT_WORDS):
        previous = _previous_word_start(text, pos)
        if previous is None:
            return None
        pos = previous
        hint = text[pos:end]
        if not any(prefix_fits(text, s, hint) for s in others):
            return hint
    return None


def _previous_word_start(text: str, pos: int) -> int | None:
    """Start of the word that ends at `pos` or at the space before it."""
    if pos > 0 and text[pos - 1] == " ":
        pos -= 1
    return text.rfind(" ", 0, pos) + 1 if pos > 0 else None
