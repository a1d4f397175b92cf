"""Normalisation and its offset map (generator/anchor/textnorm.py)."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from generator.anchor.textnorm import normalize, normalize_quote


def seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def original_of(text: str, start: int, end: int) -> str:
    """The original text behind normalised [start, end)."""
    norm = normalize(text)
    return text[norm.orig_start(start) : norm.orig_end(end)]


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("\u201cA\u201d \u201eB\u201f", '"A" "B"'),
        ("\u00abA\u00bb", '"A"'),
        ("\u2018a\u2019 \u201ab\u201b \u2039c\u203a Ukraine\u02bcs", "'a' 'b' 'c' Ukraine's"),
        ("a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h", "a-b-c-d-e-f-g-h"),
        ("a \t\n\n  b\u00a0c\u202fd\u2028e\u2029f\r\ng", "a b c d e f g"),
        ("zero\u200bwidth soft\u00adhyphen join\u2060ed bom\ufeff", "zerowidth softhyphen joined bom"),
        ("a \u200b b", "a b"),
        ("wait\u2026 what", "wait... what"),
        ("cafe\u0301", "caf\u00e9"),
        ("Vuc\u030ci\u0107", "Vu\u010di\u0107"),
        ("Case Stays", "Case Stays"),
    ],
)
def test_folds(raw: str, folded: str) -> None:
    assert normalize(raw).text.strip() == folded
    assert normalize_quote(raw) == folded


def test_quote_is_stripped_and_source_is_not() -> None:
    assert normalize_quote("  \u201chi\u201d \n") == '"hi"'
    assert normalize("  \u201chi\u201d \n").text == ' "hi" '


def test_plain_text_is_identity() -> None:
    norm = normalize("Plain ASCII prose, single spaces.")
    assert norm.identity and norm.text == norm.original
    assert norm.orig_start(3) == 3 and norm.orig_end(7) == 7 and norm.norm_offset(5) == 5


def test_one_to_one_folds_keep_identity_offsets() -> None:
    text = "\u201cdear friend\u201d \u2014 said"
    norm = normalize(text)
    assert norm.text == '"dear friend" - said'
    assert [norm.orig_start(i) for i in range(len(norm.text))] == list(range(len(text)))


def test_whitespace_run_maps_to_whole_run() -> None:
    text = "end.\n\n  Next"
    norm = normalize(text)
    assert norm.text == "end. Next"
    assert (norm.orig_start(4), norm.orig_end(5)) == (4, 8)
    assert original_of(text, 0, len(norm.text)) == text


def test_ellipsis_expands_and_maps_to_one_char() -> None:
    text = "history \u2026 [and] resolutely"
    norm = normalize(text)
    assert norm.text == "history ... [and] resolutely"
    assert {(norm.orig_start(i), norm.orig_end(i + 1)) for i in (8, 9, 10)} == {(8, 9)}
    assert original_of(text, 8, 11) == "\u2026"


def test_dropped_chars_are_inside_spans_but_never_at_edges() -> None:
    text = "\u200bVla\u00addimir\u200b"
    norm = normalize(text)
    assert norm.text == "Vladimir"
    assert original_of(text, 0, 8) == "Vla\u00addimir"
    assert norm.norm_offset(4) == 3  # the soft hyphen maps to the next char


def test_decomposed_source_maps_clusters_back() -> None:
    text = "Aleksandar Vuc\u030ci\u0107, was"
    norm = normalize(text)
    assert norm.text == "Aleksandar Vu\u010di\u0107, was"
    start = norm.text.index("Vu")
    assert original_of(text, start, start + 5) == "Vuc\u030ci\u0107"


def test_soft_hyphen_between_base_and_mark_still_composes() -> None:
    assert normalize("e\u00ad\u0301").text == normalize_quote("\u00e9") == "\u00e9"


def test_norm_offset_inverts_orig_start() -> None:
    text = seed("bad-news-for-russias-adversaries")
    norm = normalize(text)
    for i in range(0, len(norm.text), 7):
        assert norm.norm_offset(norm.orig_start(i)) == i


def test_seed_guillemets_map_back_exactly() -> None:
    text = seed("bad-news-for-russias-adversaries")
    norm = normalize(text)
    i = norm.text.index('"special guest"')
    assert original_of(text, i, i + len('"special guest"')) == "\u00abspecial guest\u00bb"


def test_seed_normalises_like_its_quotes() -> None:
    for name in ("xi-putin-warm-words-kremlin", "capital-news-high-level-talks", "friends-of-steel"):
        text = seed(name)
        assert normalize(text).text.strip() == normalize_quote(text)
