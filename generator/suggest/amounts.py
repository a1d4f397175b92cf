"""Amounts written in digits or words, with their qualifiers, as intervals.

"27 million", "two dozen", "three-and-a-half", "more than 20", "nearly
four", "72" of "72-hour": each becomes an `Amount`, the value as written
and the interval of values it allows (`low`, `high`), so that "more than
two dozen" and "more than 25" are compatible while "37 million" and "38
million" are not. Own rules rather than a library (quantulum3, dateparser):
they cover what news prose writes, and they are fast enough to read every
sentence of a thousand sources in seconds (the closing note has the
figures).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100,
}  # fmt: skip
# Plurals that stand for "many": the interval a reader gives them.
VAGUE_PLURALS = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 1e3),
    "thousands": (2e3, 1e4),
    "millions": (2e6, 1e7),
}

# Qualifiers before an amount, and what each does to its interval.
# "approx": within APPROX_SHARE either side; "below": just under the value
# (within NEARLY_SHARE); "above"/"atleast"/"atmost": a bound.
QUALIFIERS = {
    "more than": "above", "over": "above", "just over": "above", "upwards of": "above",
    "at least": "atleast", "no fewer than": "atleast",
    "nearly": "below", "almost": "below", "just under": "below", "close to": "below", "not quite": "below",
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx", "some": "approx",
    "an estimated": "approx", "as many as": "approx", "up to": "atmost", "fewer than": "atmost",
    "less than": "atmost", "under": "atmost", "at most": "atmost",
}  # fmt: skip
_QUALIFIER_RE = re.compile(r"\b(" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+$", re.IGNORECASE)
# How far before an amount a qualifier is looked for (the longest qualifier and a space).
_QUALIFIER_LOOKBACK = 16
# "about 40" allows 36 to 44: a reader's "about" is within a tenth.
APPROX_SHARE = 0.1
# "nearly four hours" allows 3.6 to 4: close below, so that it still differs from 3.5.
NEARLY_SHARE = 0.1
# A 4-digit number in this range, with no scale word, is a year (dates.py reads those).
YEARS = range(1800, 2101)


@dataclass(frozen=True, slots=True)
class Amount:
    """A number as written: its value, the interval it allows, where it is."""

    value: float
    low: float
    high: float
    qualifier: str  # "" or one of QUALIFIERS' kinds ("above", "approx", ...)
    words: str  # the qualifier's words, "" if none ("more than")
    start: int  # offsets in the text given (the qualifier included)
    end: int
    next_token: int  # index of the first token after the amount
    ordinal: bool = False
    spelled: bool = False  # written in words ("four", "two dozen")

    @property
    def exact(self) -> bool:
        return self.qualifier == ""


def parse_amount(toks: list[tuple[str, int, int]], i: int, text: str) -> Amount | None:
    """The amount that starts at token i, or None. `text` is what the offsets index."""
    word = toks[i][0].lower()
    j, ordinal, spelled, vague = i + 1, False, False, None
    if word[0].isdigit():
        digits = word.rstrip("stndrh") if word[-2:] in ("st", "nd", "rd", "th") else word
        ordinal = digits != word
        try:
            value = float(digits.replace(",", "")) if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else float(digits)
        except ValueError:
            return None
        if not ordinal and int(value) in YEARS and "." not in digits and not _next_is(toks, j, SCALES):
            return None
    elif word in UNITS or word in TENS:
        value, spelled = float(UNITS.get(word, TENS.get(word, 0))), True
        if word in TENS and j < len(toks) and _joined(toks, j, text) and toks[j][0].lower() in UNITS:
            value += UNITS[toks[j][0].lower()]
            j += 1
    elif word in ORDINALS:
        value, ordinal, spelled = float(ORDINALS[word]), True, True
    elif word in VAGUE_PLURALS:
        vague, value, spelled = VAGUE_PLURALS[word], VAGUE_PLURALS[word][0], True
    elif word in ("a", "an") and _next_is(toks, j, {"dozen": 1, "hundred": 1, "thousand": 1, "million": 1}):
        value, spelled = 1.0, True
    else:
        return None
    while not ordinal and vague is None and j < len(toks) and toks[j][0].lower() in SCALES:
        value *= SCALES[toks[j][0].lower()]
        j += 1
    if not ordinal and vague is None and _next_is(toks, j, {"dozen": 1}):
        value *= 12
        j += 1
    if not ordinal and vague is None and [t[0].lower() for t in toks[j : j + 3]] == ["and", "a", "half"]:
        value += 0.5
        j += 3
        while j < len(toks) and toks[j][0].lower() in SCALES:  # "one and a half million"
            value *= SCALES[toks[j][0].lower()]
            j += 1
    start, end = toks[i][1], toks[j - 1][2]
    qualifier, words, start = _qualifier(text, start)
    low, high = vague if vague else _interval(value, qualifier, digits_of(toks, i, j))
    return Amount(value, low, high, qualifier, words, start, end, j, ordinal, spelled)


def digits_of(toks: list[tuple[str, int, int]], i: int, j: int) -> str:
    """The digits token of an amount ("27" of "27 million"), or "" for one in words."""
    first = toks[i][0]
    return first if first[0].isdigit() and j > i + 1 else ""


def overlaps(a: Amount, b: Amount) -> bool:
    """Whether two amounts can be true of one thing: their intervals share more than an end point."""
    if a.low == a.high and b.low == b.high:
        return math.isclose(a.low, b.low, rel_tol=1e-9)
    if a.low == a.high:
        return b.low <= a.low <= b.high and (a.low != b.low or b.qualifier != "above")
    if b.low == b.high:
        return overlaps(b, a)
    return a.low < b.high and b.low < a.high


def _interval(value: float, qualifier: str, scaled_digits: str) -> tuple[float, float]:
    if qualifier == "approx":
        return value * (1 - APPROX_SHARE), value * (1 + APPROX_SHARE)
    if qualifier == "below":
        return value * (1 - NEARLY_SHARE), value
    if qualifier in ("above", "atleast"):
        return value, math.inf
    if qualifier == "atmost":
        return 0.0, value
    written = float(scaled_digits.replace(",", "")) if scaled_digits else 0.0
    if written:  # "27 million": rounded to its last digit, 26.5 to 27.5 million
        decimals = len(scaled_digits.split(".")[1]) if "." in scaled_digits else 0
        unit = value / written
        half = 0.5 * unit / 10**decimals
        return value - half, value + half
    return value, value


def _qualifier(text: str, start: int) -> tuple[str, str, int]:
    """The qualifier right before `start`: its kind, its words, where it starts (else "", "", start)."""
    m = _QUALIFIER_RE.search(text, max(start - _QUALIFIER_LOOKBACK, 0), start)
    if m is None or m.end() != start:
        return "", "", start
    return QUALIFIERS[m.group(1).lower()], m.group(1), m.start()


def _next_is(toks: list[tuple[str, int, int]], j: int, words: dict) -> bool:
    return j < len(toks) and toks[j][0].lower() in words


def _joined(toks: list[tuple[str, int, int]], j: int, text: str) -> bool:
    """Whether token j follows the one before it with a hyphen only ("twenty-five")."""
    return text[toks[j - 1][2] : toks[j][1]] == "-"
