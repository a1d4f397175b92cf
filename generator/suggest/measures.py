"""Money and measures: the unit an amount is given in, so that only like is compared with like.

"2.4 billion euros", "$3 million", "2.5 million tonnes of freight a year",
"160 kilometres per hour": an amount followed (or, for a currency sign,
preceded) by a unit is a `number` in that unit, not a count of things.
Units are compared by a canonical name ("km" for "kilometres" and "km")
and never converted: a figure in miles against one in kilometres gives no
lead rather than a wrong one. General vocabulary of news prose, nothing
taken from any one project.
"""

from __future__ import annotations

from generator.suggest.terms import stem

# The stem of a unit word (terms.stem) and its canonical name.
UNIT_NAMES: dict[str, str] = {
    **dict.fromkeys(("euro", "eur"), "EUR"),
    **dict.fromkeys(("dollar", "usd"), "USD"),
    **dict.fromkeys(("sterling", "gbp"), "GBP"),
    **dict.fromkeys(("yuan", "renminbi", "cny"), "CNY"),
    **dict.fromkeys(("yen", "jpy"), "JPY"),
    **dict.fromkeys(("roubl", "rouble", "ruble", "rub"), "RUB"),
    **dict.fromkeys(("crown", "krona", "kronor", "krone", "kroner"), "crowns"),
    **dict.fromkeys(("franc", "chf"), "CHF"),
    **dict.fromkeys(("rupee", "inr"), "INR"),
    **dict.fromkeys(("tonne", "ton"), "t"),
    **dict.fromkeys(("kilogram", "kg", "kilo"), "kg"),
    **dict.fromkeys(("kilometr", "kilometre", "kilometer", "km"), "km"),
    **dict.fromkeys(("mile",), "mi"),
    **dict.fromkeys(("metre", "meter"), "m"),
    **dict.fromkeys(("litre", "liter"), "l"),
    **dict.fromkeys(("barrel",), "barrels"),
    **dict.fromkeys(("hectar", "hectare"), "ha"),
    **dict.fromkeys(("acre",), "acres"),
    **dict.fromkeys(("megawatt", "mw"), "MW"),
    **dict.fromkeys(("gigawatt", "gw"), "GW"),
    **dict.fromkeys(("kilowatt", "kw"), "kW"),
    **dict.fromkeys(("megawatt-hour", "mwh"), "MWh"),
    **dict.fromkeys(("degre", "degree"), "°"),
}
# Currency signs written before the amount ("$3 million").
SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# "per hour", "a year" after a unit: the rate is part of the unit ("km/hour").
_RATE_WORDS = frozenset({"per", "a", "an", "each", "every"})
_RATE_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})
# Words that say how much money or how big a measure is, not what it is of: they name no subject,
# so two sentences sharing only "cost" are not about the same thing.
MEASURE_WORDS = frozenset(stem(w) for w in "cost costs price worth spent spend sum amount total value".split())


def unit_after(toks: list[tuple[str, int, int]], j: int) -> tuple[str, int] | None:
    """The canonical unit starting at token j and the index of the token after it (rate included), or None."""
    if j >= len(toks):
        return None
    name = UNIT_NAMES.get(stem(toks[j][0]))
    if name is None:
        return None
    return name, j + 1


def rate_after(toks: list[tuple[str, int, int]], k: int) -> tuple[str, int]:
    """ "/hour" for "per hour" or "a year" at token k (and the index after it), else ("", k)."""
    if k + 1 < len(toks) and toks[k][0].lower() in _RATE_WORDS and stem(toks[k + 1][0]) in _RATE_UNITS:
        return "/" + stem(toks[k + 1][0]), k + 2
    return "", k


def sign_before(text: str, start: int) -> str:
    """The currency of a sign right before offset `start` ("$3 million"), or ""."""
    return SIGNS.get(text[start - 1 : start], "") if start > 0 else ""


def unit_words() -> frozenset[str]:
    """Every stem that names a unit or a rate: no subject of the figure."""
    return frozenset(UNIT_NAMES) | _RATE_UNITS | MEASURE_WORDS | {"per"}
