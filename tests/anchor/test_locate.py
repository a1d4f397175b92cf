"""Resolution rules (generator/anchor/locate.py), on real sentences of the seeds."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import SEEDS

from generator.anchor.locate import Ambiguous, ContextMismatch, Match, NotFound, locate
from generator.anchor.text import SourceText, Span

XI = "xi-putin-warm-words-kremlin"  # curly quotes, one paragraph per line, "…"
BAD_NEWS = "bad-news-for-russias-adversaries"  # «guillemets», en dash, blank lines
MOSCOW = "moscow-times-2025-05-08"  # straight ASCII
CAPITAL = "capital-news-high-level-talks"  # em dashes without spaces
STEEL = "friends-of-steel"  # the headline three times


@cache
def source(name: str) -> SourceText:
    return SourceText((SEEDS / f"{name}.txt").read_text(encoding="utf-8"))


def matched(name: str, quote: str, **context: object) -> str:
    """The original text of the span `quote` resolves to (it must be a Match)."""
    result = locate(source(name), quote, **context)  # type: ignore[arg-type]
    assert isinstance(result, Match), result
    span = result.span
    return source(name).text[span.start : span.end]


def pieces(name: str, quote: str) -> list[str]:
    result = locate(source(name), quote)
    assert isinstance(result, Match), result
    return [source(name).text[a:b] for a, b in result.span.parts]


# --- exact after normalisation ------------------------------------------------


def test_straight_quotes_find_curly_ones() -> None:
    assert (
        matched(XI, 'Calling Xi a "dear friend", Putin said the talks were "warm and substantive"')
        == "Calling Xi a \u201cdear friend\u201d, Putin said the talks were \u201cwarm and substantive\u201d"
    )


def test_nested_single_quotes() -> None:
    assert (
        matched(XI, "Washington's course of 'dual containment' of Russia and China\"")
        == "Washington\u2019s course of \u2018dual containment\u2019 of Russia and China\u201d"
    )


def test_guillemets() -> None:
    assert matched(BAD_NEWS, '"special guest" in Moscow') == "\u00abspecial guest\u00bb in Moscow"
    assert matched(BAD_NEWS, "\u201cnew circumstances\u201d as anything") == "\u00abnew circumstances\u00bb as anything"


def test_curly_quotes_find_straight_ones() -> None:
    assert (
        matched(MOSCOW, "against \u201chegemonic bullying\u201d during a visit")
        == 'against "hegemonic bullying" during a visit'
    )


def test_dashes() -> None:
    assert matched(BAD_NEWS, "from May 7-10, the two leaders") == "from May 7\u201310, the two leaders"
    assert (
        matched(CAPITAL, "key WWII victories\u2013including China's War")
        == "key WWII victories\u2014including China\u2019s War"
    )


def test_whitespace_and_line_breaks() -> None:
    quote = "said Vladimir Putin in his final statement\u00a0to the  press.\nSpecifically,\tduring"
    assert (
        matched(BAD_NEWS, quote) == "said Vladimir Putin in his final statement to the press.\n\nSpecifically, during"
    )


def test_zero_width_and_soft_hyphens_in_the_quote() -> None:
    assert (
        matched(MOSCOW, "Chinese Presi\u00addent Xi\u200b Jin\u200cping pledged")
        == "Chinese President Xi Jinping pledged"
    )


def test_decomposed_quote_finds_composed_source() -> None:
    assert matched(XI, "Aleksandar Vuc\u030ci\u0107, was rerouted") == "Aleksandar Vu\u010di\u0107, was rerouted"


def test_case_sensitive() -> None:
    assert isinstance(locate(source(MOSCOW), "chinese president xi jinping pledged"), NotFound)


def test_plain_ascii_source() -> None:
    quote = "Beijing has portrayed itself as a neutral actor in the conflict"
    result = locate(source(MOSCOW), quote)
    assert isinstance(result, Match)
    assert result.span == Span(result.span.start, result.span.start + len(quote))
    assert result.span.parts == ((result.span.start, result.span.start + len(quote)),)
    assert source(MOSCOW).text[result.span.start : result.span.end] == quote


def test_offsets_are_code_points() -> None:
    text = "\U0001f600 caf\u00e9 \u201cVu\u010di\u0107\u201d"
    result = locate(SourceText(text), '"Vu\u010di\u0107"')
    assert isinstance(result, Match)
    assert (result.span.start, result.span.end) == (7, 14)


def test_plain_string_source_is_accepted() -> None:
    assert isinstance(locate("a \u201cquoted\u201d word", '"quoted"'), Match)


@pytest.mark.parametrize("quote", ["", "   ", "\n\u00a0\u200b"])
def test_empty_quote(quote: str) -> None:
    assert locate(source(XI), quote) == NotFound(None)


# --- several occurrences --------------------------------------------------------


def test_ambiguous_lists_every_occurrence_in_order() -> None:
    result = locate(source(XI), "Putin")
    assert isinstance(result, Ambiguous)
    text = source(XI).text
    assert [s.start for s in result.spans] == [i for i in range(len(text)) if text.startswith("Putin", i)]
    assert result.candidates == tuple(range(len(result.spans)))
    assert source(XI).line_col(result.spans[0].start) == (2, 25)


def test_prefix_hint_makes_each_occurrence_unique() -> None:
    result = locate(source(XI), "Putin")
    assert isinstance(result, Ambiguous)
    assert result.prefix_hint(source(XI), 0) == "Vladimir"
    for index, span in enumerate(result.spans):
        hint = result.prefix_hint(source(XI), index)
        assert hint is not None
        again = locate(source(XI), "Putin", prefix=hint)
        assert isinstance(again, Match) and again.span == span


def test_prefix_hint_none_when_no_prefix_can_help() -> None:
    result = locate(SourceText("na na"), "na")
    assert isinstance(result, Ambiguous)
    assert result.prefix_hint(SourceText("na na"), 0) is None
    assert result.prefix_hint(SourceText("na na"), 1) == "na"
    assert result.prefix_hint(SourceText("na na"), 7) is None


def test_prefix_picks_and_junction_whitespace_is_ignored() -> None:
    first = matched(STEEL, "Friends of Steel", prefix="Homepage News \u201c")
    assert first == "Friends of Steel"
    for prefix in ('Ahead... "', 'Ahead...\n\n"', "Ahead\u2026 \u201c "):
        result = locate(source(STEEL), "Friends of Steel", prefix=prefix)
        assert isinstance(result, Match) and result.span.start == 77
    # Inside the prefix, whitespace still separates: "..." is followed by a break.
    assert isinstance(locate(source(STEEL), "Friends of Steel", prefix='Ahead..."'), ContextMismatch)


def test_suffix_picks() -> None:
    result = locate(
        source(STEEL), "Friends of Steel", suffix='": Xi and Putin Pledge Closer Ties Ahead of Victory Day Kremlin.ru'
    )
    assert isinstance(result, Match)
    assert source(STEEL).line_col(result.span.start) == (5, 2)


def test_occurrence_picks() -> None:
    result = locate(source(STEEL), "Friends of Steel", occurrence=2)
    assert isinstance(result, Match) and source(STEEL).line_col(result.span.start) == (3, 2)


def test_undecided_context_is_ambiguous_with_candidates() -> None:
    result = locate(source(STEEL), "Friends of Steel", suffix='": Xi and Putin Pledge Closer Ties Ahead')
    assert isinstance(result, Ambiguous)
    assert len(result.spans) == 3 and result.candidates == (0, 1, 2)
    result = locate(source(STEEL), "Friends of Steel", suffix='": Xi and Putin Pledge Closer Ties Ahead of')
    assert isinstance(result, Ambiguous) and result.candidates == (1, 2)


def test_occurrence_out_of_range() -> None:
    result = locate(source(STEEL), "Friends of Steel", occurrence=4)
    assert isinstance(result, ContextMismatch)
    assert len(result.spans) == 3 and "occurrence 4" in result.reason and "3 times" in result.reason
    assert isinstance(locate(source(STEEL), "Friends of Steel", occurrence=0), ContextMismatch)


def test_stale_prefix_on_a_unique_quote_is_a_mismatch() -> None:
    result = locate(source(MOSCOW), "Beijing has portrayed itself", prefix="Moscow says")
    assert isinstance(result, ContextMismatch) and len(result.spans) == 1
    assert "prefix" in result.reason


def test_conflicting_prefix_and_occurrence() -> None:
    result = locate(source(STEEL), "Friends of Steel", prefix="Homepage News", occurrence=3)
    assert isinstance(result, ContextMismatch) and "occurrence 3" in result.reason


def test_unique_quote_with_matching_context() -> None:
    assert matched(MOSCOW, "By AFP", occurrence=1, prefix="Kremlin Visit", suffix="May 08") == "By AFP"


# --- gaps ---------------------------------------------------------------------


def test_gap_parts_and_span() -> None:
    quote = "\u201cWe must learn from history ... and jointly create a better future for mankind.\u201d"
    assert pieces(XI, quote) == [
        "\u201cWe must learn from history",
        "and jointly create a better future for mankind.\u201d",
    ]
    assert matched(XI, quote).startswith("\u201cWe must learn from history \u2026 [and] resolutely")


@pytest.mark.parametrize("marker", ["...", "\u2026", "[...]", "[\u2026]", "[ ... ]"])
def test_gap_markers(marker: str) -> None:
    quote = f"Xi Jinping and Vladimir Putin exchanged warm words {marker} welcoming the Chinese leader"
    assert pieces(XI, quote) == ["Xi Jinping and Vladimir Putin exchanged warm words", "welcoming the Chinese leader"]


def test_literal_ellipsis_wins() -> None:
    quote = '"We must learn from history ... [and] resolutely oppose'
    assert pieces(XI, quote) == ["\u201cWe must learn from history \u2026 [and] resolutely oppose"]
    assert pieces(STEEL, "Pledge Closer Ties Ahead...") == ["Pledge Closer Ties Ahead..."]


def test_literal_and_gap_markers_mixed() -> None:
    quote = "We must learn from history \u2026 [and] resolutely oppose all forms ... jointly create"
    assert pieces(XI, quote) == [
        "We must learn from history \u2026 [and] resolutely oppose all forms",
        "jointly create",
    ]


def test_period_before_a_gap_is_kept() -> None:
    assert pieces(XI, "Sybiha said.... He added that Ukraine") == ["Sybiha said.", "He added that Ukraine"]
    assert pieces(XI, "Sybiha said.\u2026added that Ukraine") == ["Sybiha said.", "added that Ukraine"]


def test_leading_and_trailing_markers_are_ignored() -> None:
    assert pieces(MOSCOW, "... pledged solidarity with Russia [...]") == ["pledged solidarity with Russia"]


def test_gap_parts_must_be_in_order() -> None:
    assert isinstance(locate(source(XI), "welcoming the Chinese leader ... exchanged warm words"), NotFound)


def test_gap_stays_within_a_paragraph_of_blank_lines() -> None:
    quote = "said Vladimir Putin in his final statement ... signed a comprehensive package"
    assert isinstance(locate(source(BAD_NEWS), quote), NotFound)


def test_gap_stays_within_a_line_in_line_paragraph_sources() -> None:
    quote = "ahead of a military parade ... After nearly four hours of talks"
    assert isinstance(locate(source(XI), quote), NotFound)
    assert pieces(XI, "ahead of a military parade to mark ... the second world war") == [
        "ahead of a military parade to mark",
        "the second world war",
    ]


def test_single_line_break_in_blank_line_source_is_not_a_paragraph() -> None:
    quote = "Pledge Closer Ties Ahead of Victory Day ... via Wikimedia Commons"
    assert pieces(STEEL, quote) == ["Pledge Closer Ties Ahead of Victory Day", "via Wikimedia Commons"]


def test_gapped_quote_with_several_occurrences() -> None:
    result = locate(source(STEEL), "Friends of Steel ... Pledge Closer Ties")
    assert isinstance(result, Ambiguous) and len(result.spans) == 3
    assert all(len(span.parts) == 2 for span in result.spans)
    hint = result.prefix_hint(source(STEEL), 2)
    assert hint is not None
    again = locate(source(STEEL), "Friends of Steel ... Pledge Closer Ties", prefix=hint)
    assert isinstance(again, Match) and again.span == result.spans[2]


# --- display helpers ----------------------------------------------------------


def test_line_col_and_context() -> None:
    src = source(XI)
    result = locate(src, "Putin announced plans")
    assert isinstance(result, Match)
    assert src.line_col(result.span.start) == (5, 1)
    assert src.line_col(0) == (1, 1)
    before, after = src.context(result.span, 10)
    assert (before, after) == ("ger than ever before.\n"[-10:], " to visit ")


def test_sentence_bounds_within_a_line_paragraph() -> None:
    src = source(XI)
    result = locate(src, "Putin said the talks were")
    assert isinstance(result, Match)
    start, end = src.sentence_bounds(result.span)
    assert src.text[start:end] == (
        "Calling Xi a \u201cdear friend\u201d, Putin said the talks were "
        "\u201cwarm and substantive\u201d and ties between Russia and China "
        "were stronger than ever before."
    )


def test_sentence_bounds_skip_abbreviations_and_keep_closing_quotes() -> None:
    src = source(STEEL)
    result = locate(src, "President Donald Trump has expressed frustration")
    assert isinstance(result, Match)
    start, end = src.sentence_bounds(result.span)
    assert src.text[start:end].startswith("U.S. President Donald Trump")
    assert src.text[start:end].endswith("\u201ctapping me along\u201d in negotiations.")
    result = locate(src, "the truth about the history of World War II.")
    assert isinstance(result, Match)
    start, end = src.sentence_bounds(result.span)
    assert src.text[start:end] == (
        "Xi expressed satisfaction at participating in the Victory Day "
        "commemorations, saying, \u201cChina and Russia are ready to defend "
        "the truth about the history of World War II.\u201d"
    )


def test_sentence_bounds_never_cross_a_paragraph() -> None:
    src = source(STEEL)
    result = locate(src, "Others are reading")
    assert isinstance(result, Match)
    assert src.sentence_bounds(result.span) == (result.span.start, result.span.start + len("Others are reading now"))


# --- a gapped quote that is not found: what became of each part -----------------


def parts(name: str, quote: str) -> list[tuple[int, str, str | None]]:
    """(part number, status, the source's text where it is) for each part."""
    result = locate(source(name), quote)
    assert isinstance(result, NotFound) and result.nearest is None, result
    text = source(name).text
    return [(p.number, p.status.value, text[p.span.start : p.span.end] if p.span else None) for p in result.parts]


def test_part_with_a_typo_gets_its_own_closest_passage() -> None:
    quote = "Kremlin spokesman Dmitry Peskov said ... bilateral talk with Putin"
    assert parts(STEEL, quote) == [
        (1, "found", "Kremlin spokesman Dmitry Peskov said"),
        (2, "near", "bilateral talks with Putin"),
    ]


def test_part_not_in_the_source() -> None:
    quote = "Kremlin spokesman Dmitry Peskov said ... a summit in Beijing next spring"
    assert parts(STEEL, quote) == [(1, "found", "Kremlin spokesman Dmitry Peskov said"), (2, "missing", None)]


def test_parts_in_the_wrong_order() -> None:
    quote = "citing the 27 million Soviet ... Putin used the Kremlin meeting"
    assert parts(MOSCOW, quote) == [
        (1, "found", "citing the 27 million Soviet"),
        (2, "before", "Putin used the Kremlin meeting"),
    ]


def test_parts_in_different_paragraphs() -> None:
    quote = "Putin used the Kremlin meeting with Xi ... we firmly stand on the side of historical truth"
    assert parts(MOSCOW, quote) == [
        (1, "found", "Putin used the Kremlin meeting with Xi"),
        (2, "elsewhere", "we firmly stand on the side of historical truth"),
    ]


def test_part_near_miss_is_looked_for_after_the_previous_part() -> None:
    # QuotePart 2 is looked for in the rest of part 1's paragraph first.
    quote = "Xi described his meeting ... as in-depth, frendly and fruitful"
    assert parts(XI, quote)[1][1:] == ("near", "as \u201cin-depth, friendly and fruitful")
