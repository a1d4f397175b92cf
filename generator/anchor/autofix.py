"""Whether a quote that is not found can be replaced by the source's text
without changing what it says, and the replacement.

`factsite fix` writes a replacement only when all of these hold, and
otherwise says which one failed (`Proposal.skipped`):

* every part of the quote is accounted for: found, or a near miss in place
  (for a quote with gaps, gapparts.py; the replacement keeps the gaps and
  replaces each part by the source's text);
* each part is at least AUTO_FIX_MIN_SIMILARITY similar to its passage;
* only spelling differs: word for word, no word is added, dropped (at
  either end or inside) or replaced by another word (SPELLING_MIN_SIMILARITY);
* the replacement leaves no quotation mark unmatched that the quote had
  matched (a passage cut inside the source's quotation is widened to take
  in the mark just outside it, if that matches it);
* the replacement is found, once, where the quote's prefix, suffix and
  occurrence say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from generator.anchor.gapparts import gap_markers, part_problems, part_ranges
from generator.anchor.locate import Ambiguous, ContextMismatch, Match, NotFound, locate
from generator.anchor.text import SourceText
from generator.anchor.textnorm import normalize_quote

# A near miss is *suggested* from 0.7 (nearmiss.py); it is *applied* only
# from this. Measured on every seed sentence of 4+ words
# (tests/anchor/test_autofix.py): with one typo (a letter changed, added or
# dropped) it scores 0.955 or more, with two 0.909 or more, so no misspelt
# sentence is held back by it. A part of one or two words with a typo
# ("frendly", 0.875) is below it: so little text may be the near miss of
# another place. It is a backstop, not the guard against a changed word:
# with one word replaced by another, most seed sentences still score 0.87
# to 0.98; the word check below holds those back.
AUTO_FIX_MIN_SIMILARITY = 0.9
# Two words are the same word spelt differently from this similarity on:
# one letter more, less or changed in a word of 5+ letters ("hours" /
# "hour", "agression" / "aggression", "labelled" / "labeled"); in shorter
# words one letter often makes another word ("sad" / "said" 0.75, "form" /
# "from" 0.5, "is" / "it" 0.5), and "37" / "27" is never a spelling.
SPELLING_MIN_SIMILARITY = 0.8
# Characters after a passage that may stand between it and the closing
# quotation mark it is taken to include ("…in Ukraine,”").
CLOSING_PUNCTUATION = ",.;:!?"

# Proposal.kind: why a replacement is not applied, in a few words.
NO_PASSAGE = "no similar passage"
PARTS = "a part not in place"
DISSIMILAR = f"below {AUTO_FIX_MIN_SIMILARITY:.0%} similar"
WORDS = "words would change"
MARKS = "a quotation mark left unmatched"
NOT_ONCE = "not found once after the change"

_WORD_RE = re.compile(r"\w+")
_OPENERS = {"\u201c": "d", "\u201e": "d", "\u201f": "d", "\u00ab": "d", "\u2018": "s", "\u201a": "s", "\u2039": "s"}
_CLOSERS = {"\u201d": "d", "\u00bb": "d", "\u2019": "s", "\u203a": "s"}
_TOGGLES = {'"': "d", "'": "s"}


@dataclass(frozen=True, slots=True)
class Proposal:
    """What `fix` would do with one quote that is not found."""

    old: str  # the quote as the editor wrote it
    new: str | None  # the source's text to put in its place, if there is a candidate
    similarity: float  # the lowest of its parts'
    skipped: str | None  # why it is not applied; None: it is safe to apply
    kind: str = ""  # the reason in a few words, for a summary ("" when safe)


def propose(
    src: SourceText,
    quote: str,
    result: NotFound,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    occurrence: int | None = None,
) -> Proposal:
    """The replacement for a quote that `locate` did not find, and whether it is safe."""
    nq = normalize_quote(quote)
    if result.parts:
        problems = part_problems(result.parts, "the source") if len(result.parts) > 1 else []
        unplaced = [p for p in result.parts if not p.accounted_for or p.span is None]
        if problems and unplaced:
            return Proposal(quote, None, 0.0, problems[0][1], PARTS)
        if unplaced:
            return Proposal(quote, None, 0.0, "no similar passage in the source", NO_PASSAGE)
        spans = [p.span for p in result.parts if p.span is not None]
        similarities = [p.near.similarity if p.near else 1.0 for p in result.parts]
        ranges = part_ranges(nq, gap_markers(nq))
    elif result.nearest is not None:
        spans, similarities, ranges = [result.nearest.span], [result.nearest.similarity], [(0, len(nq))]
    else:
        return Proposal(quote, None, 0.0, "no similar passage in the source", NO_PASSAGE)
    pieces = [_balanced(src.text, nq[a:b], span.start, span.end) for (a, b), span in zip(ranges, spans)]
    new = _rebuild(src, quote, nq, ranges, pieces)
    similarity = min(similarities)
    reason, kind = _check(src, nq, ranges, pieces, similarity)
    if reason is None and _unmatched(new) > _unmatched(quote):
        reason, kind = "it would leave a quotation mark unmatched", MARKS
    if reason is None:
        reason = _not_found_again(locate(src, new, prefix=prefix, suffix=suffix, occurrence=occurrence))
        kind = NOT_ONCE if reason else ""
    return Proposal(quote, new, similarity, reason, kind)


def _rebuild(src: SourceText, quote: str, nq: str, ranges: list[tuple[int, int]], pieces: list[tuple[int, int]]) -> str:
    """The quote with each part replaced by the source's text; gaps as the editor wrote them."""
    ellipsis = "\u2026" in quote and "..." not in quote
    out, at = [], 0
    for (a, b), (start, end) in zip(ranges, pieces):
        between = nq[at:a]
        out += [between.replace("...", "\u2026") if ellipsis else between, src.text[start:end]]
        at = b
    tail = nq[at:]
    out.append(tail.replace("...", "\u2026") if ellipsis else tail)
    return " ".join("".join(out).split())


def _balanced(text: str, quoted: str, start: int, end: int) -> tuple[int, int]:
    """The piece [start, end) of the source, widened by the quotation mark
    just outside it if that matches a mark that it leaves unmatched and
    that the quoted part had matched ("work to “contribute … Ukraine,”")."""
    if _unmatched(text[start:end]) <= _unmatched(quoted):
        return start, end
    closing = end
    while closing < len(text) and closing - end < 2 and text[closing] in CLOSING_PUNCTUATION:
        closing += 1
    closes = closing < len(text) and (text[closing] in _CLOSERS or text[closing] in _TOGGLES)
    opens = start > 0 and (text[start - 1] in _OPENERS or text[start - 1] in _TOGGLES)
    wider_start, wider_end = start - 1 if opens else start, closing + 1 if closes else end
    for candidate in ((start, wider_end), (wider_start, end), (wider_start, wider_end)):
        if candidate != (start, end) and _unmatched(text[candidate[0] : candidate[1]]) <= _unmatched(quoted):
            return candidate
    return start, end


def _unmatched(text: str) -> int:
    """How many quotation marks in `text` have no partner (apostrophes aside)."""
    stack: list[tuple[str, str]] = []  # (family, opening char)
    alone = 0
    for i, char in enumerate(text):
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        family = _OPENERS.get(char) or _CLOSERS.get(char) or _TOGGLES.get(char)
        if family is None:
            continue
        if family == "s" and before.isalnum() and (after.isalnum() or not stack or stack[-1][0] != "s"):
            continue  # an apostrophe: Russia’s, it's, countries’
        if char in _OPENERS or (char in _TOGGLES and not (stack and stack[-1] == (family, char))):
            stack.append((family, char))
        elif stack and stack[-1][0] == family:
            stack.pop()
        else:
            alone += 1
    return alone + len(stack)


def _check(
    src: SourceText, nq: str, ranges: list[tuple[int, int]], pieces: list[tuple[int, int]], similarity: float
) -> tuple[str | None, str]:
    for (a, b), (start, end) in zip(ranges, pieces):
        reason = word_changes(nq[a:b], src.text[start:end])
        if reason:
            return reason, WORDS
    if similarity < AUTO_FIX_MIN_SIMILARITY:
        return f"fix applies only {AUTO_FIX_MIN_SIMILARITY:.0%} similar or more", DISSIMILAR
    return None, ""


def word_changes(quoted: str, passage: str) -> str | None:
    """What the passage changes in the quote's words, beyond their spelling
    (None if nothing): a word dropped at either end, a word added, dropped
    or replaced by another."""
    was = [w.casefold() for w in _WORD_RE.findall(normalize_quote(quoted))]
    now = [w.casefold() for w in _WORD_RE.findall(normalize_quote(passage))]
    for (a0, a1), (b0, b1) in _changes(was, now):
        old, new = was[a0:a1], now[b0:b1]
        if old and new and _spelling(old, new):
            continue
        if not new:
            lost = " ".join(old)
            if a1 == len(was):
                return f"it drops '{lost}' from the end of the quote"
            if a0 == 0:
                return f"it drops '{lost}' from the start of the quote"
            return f"it drops '{lost}'"
        if not old:
            return f"it adds '{' '.join(new)}'"
        return f"it changes '{' '.join(old)}' to '{' '.join(new)}'"
    return None


def _changes(was: list[str], now: list[str]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The word ranges that differ, adjacent edits joined ("cease fire" /
    "ceasefire" is one change, not a change and a drop)."""
    found: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for op in Levenshtein.opcodes(was, now):
        if op.tag == "equal":
            continue
        if found and found[-1][0][1] == op.src_start and found[-1][1][1] == op.dest_start:
            (a0, _), (b0, _) = found.pop()
            found.append(((a0, op.src_end), (b0, op.dest_end)))
        else:
            found.append(((op.src_start, op.src_end), (op.dest_start, op.dest_end)))
    return found


def _spelling(old: list[str], new: list[str]) -> bool:
    """The same words spelt differently, or written together or apart.

    Never a change of number (any word with a digit must stay as it is) or
    a negating prefix put on or taken off ("alienable" / "inalienable"):
    those are other words, however alike their letters.
    """
    joined_old, joined_new = "".join(old), "".join(new)
    if _digits(joined_old) != _digits(joined_new) or any(_negated(a, b) for a, b in zip(old, new)):
        return False
    if len(old) == len(new):
        return all(Levenshtein.normalized_similarity(a, b) >= SPELLING_MIN_SIMILARITY for a, b in zip(old, new))
    return Levenshtein.normalized_similarity(joined_old, joined_new) >= SPELLING_MIN_SIMILARITY


# Prefixes that turn a word into its opposite (English): "alienable" and "inalienable" are
# one letter pair apart, and mean the opposite.
NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "a")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _negated(a: str, b: str) -> bool:
    """Whether one word is the other with a negating prefix."""
    a, b = a.lower(), b.lower()
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long == prefix + short for prefix in NEGATING_PREFIXES)


def _not_found_again(result: object) -> str | None:
    if isinstance(result, Match):
        return None
    if isinstance(result, Ambiguous):
        return f"the source's text occurs {len(result.spans)} times: add a prefix by hand"
    if isinstance(result, ContextMismatch):
        return f"the source's text does not fit the given prefix, suffix or occurrence ({result.reason})"
    return "the source's text would not be found either"
