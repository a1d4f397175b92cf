"""Property tests: spans of the real seeds, perturbed as editors perturb them.

The oracle is a deliberately naive reference normaliser written here from
the requirements (char by char, no regex, no offset segments), so these
tests check the engine against an independent reading of the rules.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from conftest import SEEDS
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.anchor.locate import Ambiguous, ContextMismatch, Match, NotFound, locate
from generator.anchor.nearmiss import nearest
from generator.anchor.text import SourceText, span_of
from generator.anchor.textnorm import normalize, normalize_quote

NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The folds, as the issue lists them.
REF_FOLD = {
    **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u2039\u203a", "'"),
    **dict.fromkeys("\u2010\u2011\u2013\u2014\u2015\u2212", "-"),
}
REF_DROPPED = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

# Characters editors' copies differ in, for random texts.
TRICKY = list("ab e.\n “”«»‘’—–-…[]") + [
    "\u00a0",
    "\u200b",
    "\u00ad",
    "\u0301",
    "\u0323",
    "\u00e9",
    "\r",
    "\t",
    "\x1c",
    "\x85",
    "\u2029",
    "\ud800",
    "\x00",
    "\u1100",
    "\u1161",
]


def ref_normalize(text: str) -> tuple[str, list[int], list[int]]:
    """Normalised text and, per normalised char, its original start and end."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and (text[j].isspace() or text[j] in REF_DROPPED):
            j += 1
        if j > i:
            if any(c.isspace() for c in text[i:j]):
                out.append(" ")
                starts.append(i)
                ends.append(j)
            i = j
            continue
        folded = "..." if text[i] == "\u2026" else REF_FOLD.get(text[i], text[i])
        out += folded
        starts += [i] * len(folded)
        ends += [i + 1] * len(folded)
        i += 1
    return "".join(out), starts, ends


def ref_quote(text: str) -> str:
    """A quote's normalised form (the seeds are in NFC, which the tests check)."""
    return unicodedata.normalize("NFC", ref_normalize(text)[0].strip(" "))


def occurrences(haystack: str, needle: str) -> list[int]:
    return [i for i in range(len(haystack)) if haystack.startswith(needle, i)]


@cache
def seed(name: str) -> tuple[SourceText, tuple[str, list[int], list[int]], list[tuple[int, int]]]:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    return SourceText(text), ref_normalize(text), [m.span() for m in re.finditer(r"\S+", text)]


@cache
def paragraphs(name: str) -> list[list[tuple[int, int]]]:
    """Word spans grouped by paragraph, under the documented rule."""
    text = seed(name)[0].text
    blank = re.search(r"\n[^\S\n]*\n", text.strip()) is not None
    ends = [m.start() for m in re.finditer(r"\n[^\S\n]*\n" if blank else r"\n", text)] + [len(text)]
    groups: list[list[tuple[int, int]]] = [[] for _ in ends]
    for span in seed(name)[2]:
        groups[next(k for k, e in enumerate(ends) if span[0] < e)].append(span)
    return [g for g in groups if len(g) >= 5]


@st.composite
def perturbed(draw: st.DrawFn, original: str) -> str:
    """`original` as an editor might have typed or pasted it."""
    text = original
    if draw(st.booleans()):
        text = text.translate(str.maketrans("\u201c\u201d\u00ab\u00bb\u2018\u2019", '""""\'\''))
    if draw(st.booleans()):
        text = re.sub("[\u2013\u2014]", "-", text)
    if draw(st.booleans()):
        text = text.replace("\u2026", "...")
    if draw(st.booleans()):
        spaces = st.sampled_from([" ", "  ", "\n", "\u00a0", "\t", " \n ", "\r\n"])
        text = re.sub(r"\s+", lambda _: draw(spaces), text)
    if draw(st.booleans()):
        words = text.split(" ")
        at = draw(st.integers(0, len(words) - 1))
        if len(words[at]) > 2:
            words[at] = words[at][:1] + draw(st.sampled_from(["\u00ad", "\u200b"])) + words[at][1:]
        text = " ".join(words)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", " ", "\n"]))


@st.composite
def seed_spans(draw: st.DrawFn, min_words: int = 1, max_words: int = 25) -> tuple[str, int, int]:
    name = draw(st.sampled_from(NAMES))
    words = seed(name)[2]
    first = draw(st.integers(0, len(words) - min_words))
    last = min(first + draw(st.integers(min_words - 1, max_words - 1)), len(words) - 1)
    return name, words[first][0], words[last][1]


@EXAMPLES
@given(data=st.data(), picked=seed_spans())
def test_perturbed_span_resolves_to_the_original_span(data: st.DataObject, picked: tuple[str, int, int]) -> None:
    name, start, end = picked
    src, (ref_text, _, _), _ = seed(name)
    quote = data.draw(perturbed(src.text[start:end]))
    result = locate(src, quote)
    count = len(occurrences(ref_text, ref_quote(quote)))
    if count == 1:
        assert isinstance(result, Match)
        assert (result.span.start, result.span.end) == (start, end)
        assert result.span.parts == ((start, end),)
    else:
        assert isinstance(result, Ambiguous) and len(result.spans) == count
        assert (start, end) in [(s.start, s.end) for s in result.spans]


@EXAMPLES
@given(data=st.data(), name=st.sampled_from(NAMES))
def test_omitted_middle_resolves_to_the_original_parts(data: st.DataObject, name: str) -> None:
    words = data.draw(st.sampled_from(paragraphs(name)))
    a = data.draw(st.integers(0, len(words) - 4))
    b = data.draw(st.integers(a, len(words) - 3))  # last word of the first part
    c = data.draw(st.integers(b + 2, len(words) - 1))  # first word of the second part
    d = data.draw(st.integers(c, min(c + 8, len(words) - 1)))
    src, (ref_text, ref_starts, _), _ = seed(name)
    first, second = (words[a][0], words[b][1]), (words[c][0], words[d][1])
    one, two = src.text[first[0] : first[1]], src.text[second[0] : second[1]]
    assume(not any(m in one + two for m in ("\u2026", "...")))
    marker = data.draw(st.sampled_from(["...", " ... ", "\u2026", " [...] ", " [\u2026] "]))
    quote = data.draw(perturbed(one)) + marker + data.draw(perturbed(two))
    # The greedy reading must land where the editor cut: the second part's
    # first occurrence after the first part is the original one.
    n_one_end = ref_starts.index(first[1] - 1) + 1
    assume(ref_text.find(ref_quote(two), n_one_end) == ref_starts.index(second[0]))
    result = locate(src, quote)
    expected = span_of((first, second))
    if len(occurrences(ref_text, ref_quote(one))) == 1:
        assert isinstance(result, Match) and result.span == expected and result.parts == (first, second)
    else:
        assert isinstance(result, (Match, Ambiguous))
        spans = [result.span] if isinstance(result, Match) else list(result.spans)
        assert expected in spans


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from(TRICKY), max_size=60))
def test_source_and_quote_pipelines_agree(text: str) -> None:
    assert normalize(text).text.strip(" ") == normalize_quote(text)
    assert normalize_quote(text) == " ".join(ref_quote(text).split())


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(
        st.sampled_from(
            [
                c
                for c in TRICKY
                if unicodedata.is_normalized("NFC", c) and not unicodedata.combining(c) and c not in "\u1100\u1161"
            ]
        ),
        max_size=60,
    )
)
def test_offset_map_equals_the_reference(text: str) -> None:
    """Char for char, whichever of normalize's paths the text takes (plain
    whitespace or not, ASCII or not): the reference's text and map."""
    norm = normalize(text)
    assert (
        norm.text,
        [norm.orig_start(i) for i in range(len(norm.text))],
        [norm.orig_end(i + 1) for i in range(len(norm.text))],
    ) == ref_normalize(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from(TRICKY), max_size=60))
def test_offset_map_is_monotone_and_in_bounds(text: str) -> None:
    norm = normalize(text)
    starts = [norm.orig_start(i) for i in range(len(norm.text))]
    ends = [norm.orig_end(i + 1) for i in range(len(norm.text))]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends))
    for i, (s, e) in enumerate(zip(starts, ends)):
        assert norm.text[i] in normalize(text[s:e]).text
        assert norm.norm_offset(s) <= i


ANY_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(TRICKY)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(
    text=ANY_TEXT,
    quote=ANY_TEXT,
    prefix=st.none() | ANY_TEXT,
    suffix=st.none() | ANY_TEXT,
    occurrence=st.none() | st.integers(-2, 5),
)
def test_never_raises_and_spans_map_into_the_original(
    text: str, quote: str, prefix: str | None, suffix: str | None, occurrence: int | None
) -> None:
    src = SourceText(text)
    result = locate(src, quote, prefix=prefix, suffix=suffix, occurrence=occurrence)
    assert isinstance(result, (Match, Ambiguous, ContextMismatch, NotFound))
    if isinstance(result, Match):
        spans = [result.span]
    elif isinstance(result, NotFound):
        spans = [result.nearest.span] if result.nearest else []
    else:
        spans = list(result.spans)
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert span.parts[0][0] == span.start and span.parts[-1][1] == span.end
        assert all(a < b for a, b in span.parts)
        assert all(x[1] <= y[0] for x, y in zip(span.parts, span.parts[1:]))
        line, column = src.line_col(span.start)
        assert line >= 1 and column >= 1
        start, end = src.sentence_bounds(span)
        assert 0 <= start <= span.start and span.end <= end <= len(text)
    if isinstance(result, Match) and len(result.span.parts) == 1 and "..." not in normalize_quote(quote):
        assert normalize_quote(quote) in normalize_quote(text[result.span.start : result.span.end])
    if isinstance(result, Ambiguous):
        for index in range(len(result.spans)):
            hint = result.prefix_hint(src, index)
            if hint is not None:
                again = locate(src, quote, prefix=hint)
                assert isinstance(again, Match) and again.span == result.spans[index]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(picked=seed_spans(max_words=1))
def test_prefix_hints_pick_each_occurrence_in_the_seeds(picked: tuple[str, int, int]) -> None:
    name, start, end = picked
    src = seed(name)[0]
    quote = src.text[start:end]
    result = locate(src, quote)
    assume(isinstance(result, Ambiguous))
    assert isinstance(result, Ambiguous)
    count = len(result.spans)
    for index in sorted({*range(0, count, max(count // 8, 1)), count - 1}):
        span = result.spans[index]
        hint = result.prefix_hint(src, index)
        if hint is None:  # only when every other occurrence has the same words before it
            continue
        again = locate(src, quote, prefix=hint)
        assert isinstance(again, Match) and again.span == span
        assert len(hint.split()) <= 12
        again = locate(src, quote, occurrence=index + 1)
        assert isinstance(again, Match) and again.span == span


@settings(max_examples=60, deadline=None)
@given(data=st.data(), picked=seed_spans(min_words=10, max_words=20))
def test_near_miss_similarity_falls_as_the_quote_degrades(data: st.DataObject, picked: tuple[str, int, int]) -> None:
    name, start, end = picked
    src = seed(name)[0]
    original = src.text[start:end]
    letters = [i for i, c in enumerate(original) if c.isalnum()]
    assume(len(original) >= 50 and len(letters) >= 30)
    order = data.draw(st.permutations(letters))
    similarities = []
    for edits in (1, 3, 6, 10, 15):
        chars = list(original)
        for i in order[:edits]:
            chars[i] = "#"  # in no seed, so each edit costs exactly one
        near = nearest(src, "".join(chars))
        similarities.append(near.similarity if near else 0.0)
    assert similarities[0] >= 1 - 1.5 / len(original)
    assert all(later <= earlier + 1e-9 for earlier, later in zip(similarities, similarities[1:]))
    assert similarities[-1] < similarities[0]
