"""Near-miss suggestions (generator/anchor/nearmiss.py) and their threshold, on the seeds."""

from __future__ import annotations

import random
import re
import statistics
import time
from functools import cache

import pytest
from conftest import SEEDS

from generator.anchor.locate import Match, NotFound, locate
from generator.anchor.nearmiss import NEAR_MISS_MIN_SIMILARITY, NearMiss, char_diff, nearest
from generator.anchor.text import SourceText

NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))
XI = "xi-putin-warm-words-kremlin"

# Prose on other subjects, of the seeds' sentence lengths.
UNRELATED = [
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "Stock markets rallied on Tuesday as investors cheered strong quarterly earnings reports.",
    "Add the flour slowly and stir until the batter is smooth and glossy.",
    "The museum will reopen next spring after a two-year renovation of its east wing.",
    "Heavy rain is expected across the northern coast throughout the weekend.",
    "She finished the marathon in under three hours despite a sprained ankle.",
    "Researchers found that the new battery retains most of its capacity after a thousand cycles.",
    "Our team meets every other Thursday to review the backlog and plan the next sprint.",
    "Tickets for the summer festival sold out within minutes of going on sale.",
    "A small bakery on the corner sells the best croissants in town.",
]
REPLACEMENT_WORDS = ["government", "yellow", "kitchen", "quickly", "mountain", "seven"]


@cache
def source(name: str) -> SourceText:
    return SourceText((SEEDS / f"{name}.txt").read_text(encoding="utf-8"))


def sentences(name: str, min_words: int = 4) -> list[str]:
    text = source(name).text
    return [s for s in re.split(r"(?<=[.!?\u201d])\s+", text) if len(s.split()) >= min_words]


def suggestion(name: str, quote: str) -> NearMiss:
    result = locate(source(name), quote)
    assert isinstance(result, NotFound), result
    assert result.nearest is not None, quote
    return result.nearest


def test_typo_suggests_the_exact_original_text() -> None:
    near = suggestion(XI, 'Xi described his meeting with his Russian counterpart as "in-depth, frendly and fruitful"')
    assert near.text == (
        "Xi described his meeting with his Russian counterpart as \u201cin-depth, friendly and fruitful\u201d"
    )
    assert source(XI).text[near.span.start : near.span.end] == near.text
    assert near.diff == '\u2026art as "in-depth, fr{+i+}endly and fruitful"'
    assert 0.95 < near.similarity < 1


def test_changed_word_is_shown_as_one_change() -> None:
    near = suggestion(XI, 'Putin said the talks were "cold and substantive"')
    assert near.text == "Putin said the talks were \u201cwarm and substantive\u201d"
    assert near.diff == '\u2026aid the talks were "[-cold-]{+warm+} and substantive"'


def test_suggestion_is_word_aligned() -> None:
    near = suggestion(XI, "the talks were warm and substantial")
    text = source(XI).text
    assert not text[near.span.start - 1].isalnum() and not text[near.span.end].isalnum()
    assert near.text == "the talks were \u201cwarm and substantive"


def test_fuzzy_is_never_a_match() -> None:
    assert not isinstance(locate(source(XI), "dear frend"), Match)
    assert suggestion(XI, "dear frend").text == "dear friend"


@pytest.mark.parametrize("name", NAMES)
def test_typos_and_changed_words_in_real_sentences_are_suggested(name: str) -> None:
    rng = random.Random(name)
    for sentence in sentences(name):
        at = rng.randrange(len(sentence))
        typo = sentence[:at] + "#" + sentence[at + 1 :]
        words = sentence.split()
        words[rng.randrange(len(words))] = rng.choice(REPLACEMENT_WORDS)
        changed = [" ".join(words)] if len(words) >= 5 else []
        for quote in [typo, *changed]:
            result = locate(source(name), quote)
            if isinstance(result, NotFound) and len(result.parts) > 1:  # "…" in the sentence: per part
                assert all(part.accounted_for for part in result.parts), quote
                assert all(p.near.similarity >= NEAR_MISS_MIN_SIMILARITY for p in result.parts if p.near), quote
            elif isinstance(result, NotFound):
                assert result.nearest is not None, quote
                assert result.nearest.similarity >= NEAR_MISS_MIN_SIMILARITY


@pytest.mark.parametrize("name", NAMES)
def test_unrelated_sentences_are_not_suggested(name: str) -> None:
    for quote in UNRELATED:
        assert locate(source(name), quote) == NotFound(None), quote


def test_threshold_separates_the_two_kinds_with_a_margin() -> None:
    unrelated = max(nearest_similarity(name, q) for name in NAMES for q in UNRELATED)
    assert unrelated < NEAR_MISS_MIN_SIMILARITY - 0.15


def nearest_similarity(name: str, quote: str) -> float:
    """The best similarity found, whatever the threshold."""
    import generator.anchor.nearmiss as nm

    saved = nm.NEAR_MISS_MIN_SIMILARITY
    nm.NEAR_MISS_MIN_SIMILARITY = 0.0
    try:
        near = nearest(source(name), quote)
    finally:
        nm.NEAR_MISS_MIN_SIMILARITY = saved
    return near.similarity if near else 0.0


def test_similarity_in_unit_interval_and_exact_is_one() -> None:
    sentence = sentences(XI)[3]
    near = nearest(source(XI), sentence)
    assert near is not None and near.similarity == 1.0 and near.diff == ""
    for quote in ("Putn", "dear frend", sentence.upper()):
        near = nearest(source(XI), quote)
        assert near is None or 0.0 <= near.similarity <= 1.0


@pytest.mark.parametrize("quote", ["", "   ", "x" * 100_000, "\ud800\udfff lone surrogates"])
def test_degenerate_quotes(quote: str) -> None:
    assert nearest(source(XI), quote) is None


def test_empty_source() -> None:
    assert nearest(SourceText(""), "anything") is None
    assert nearest(SourceText("\n\n"), "anything") is None


def test_quote_longer_than_source() -> None:
    near = nearest(SourceText("dear friend"), "a dear friend of mine")
    assert near is None or near.text == "dear friend"


def test_near_miss_is_fast_on_a_10kb_document() -> None:
    text = (source("bad-news-for-russias-adversaries").text * 2)[:10_000]
    src = SourceText(text)
    quote = text[6000:6150].replace("e", "a", 3)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        assert nearest(src, quote) is not None
        times.append(time.perf_counter() - t0)
    assert statistics.median(times) < 0.05


@pytest.mark.parametrize(
    "text, quote",
    [
        ("ab " * 100_000, "a" * 600 + "b" * 400),  # repetitive text, long quote
        ("ab " * 100_000, "ab" * 30 + "x"),  # repetitive text, short quote
    ],
)
def test_pathological_inputs_stay_fast(text: str, quote: str) -> None:
    src = SourceText(text)
    t0 = time.perf_counter()
    locate(src, quote)
    assert time.perf_counter() - t0 < 1.0


def test_long_quote_among_near_duplicates() -> None:
    text = source("bad-news-for-russias-adversaries").text
    long_text = SourceText("\n\n".join([text.replace("Russia", "Country")] * 2 + [text]))
    quote = text[3000:3900].replace(" the ", " teh ", 3)
    near = nearest(long_text, quote)
    assert near is not None and near.text == text[3000:3900].strip()
    assert near.diff.count("t[-eh-]{+he+}") == 3


def test_long_quote_in_a_huge_text_is_found() -> None:
    rng = random.Random(7)
    words = sorted({w.strip(".,\u201c\u201d") for name in NAMES for w in source(name).text.split()})
    filler = " ".join(rng.choice(words) for _ in range(60_000))
    text = source(XI).text
    huge = SourceText(filler[: len(filler) // 2] + "\n\n" + text + "\n\n" + filler[len(filler) // 2 :])
    start = text.index("\u201cstrengthen coordination in order")
    passage = text[start : text.index("Moscow continues") + len("Moscow continues")]
    near = nearest(huge, passage.replace("e", "\u00e8", 4))
    assert near is not None and near.text == passage


# --- the diff format ------------------------------------------------------------


@pytest.mark.parametrize(
    "quote, passage, diff",
    [
        ("same", "same", ""),
        ("warm words", "cold words", "[-warm-]{+cold+} words"),
        ("dear frend", "dear friend", "dear fr{+i+}end"),
        ("fruitfull", "fruitful", "fruitful[-l-]"),
        ("abc", "", "[-abc-]"),
        ("", "abc", "{+abc+}"),
        (
            "the truth about the history of World War II and more",
            "the truth about the history of World War 2 and more",
            "\u2026istory of World War [-II-]{+2+} and more",
        ),
        (
            "a" * 30 + "X" + "b" * 50 + "Y" + "c" * 30,
            "a" * 30 + "b" * 50 + "c" * 30,
            "\u2026" + "a" * 20 + "[-X-]" + "b" * 20 + "\u2026" + "b" * 20 + "[-Y-]" + "c" * 20 + "\u2026",
        ),
    ],
)
def test_char_diff(quote: str, passage: str, diff: str) -> None:
    assert char_diff(quote, passage) == diff
