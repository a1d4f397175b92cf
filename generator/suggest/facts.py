"""The checkable facts of a sentence: counts, other numbers, durations, dates, weekdays.

Each `Fact` carries its value normalised (durations in hours, dates as
month and day, weekdays as 0-6 or, when the article's date is known, as
the date they name), the interval of values its wording allows (amounts.py),
where it is, and the words that say what it is a fact about (`about`: the
counted noun, "of talks" after a duration, or the words around a date),
so that only like is compared with like (compare.py).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from generator.suggest.amounts import Amount, parse_amount
from generator.suggest.dating import DATE_RES, MONTH_NUMBERS, WEEKDAY_RE, WEEKDAYS, day_of_month, resolved, until
from generator.suggest.measures import rate_after, sign_before, unit_after, unit_words
from generator.suggest.sentences import Sentence
from generator.suggest.terms import STOP_WORDS, is_content, stem, tokens

# Durations, in hours.
DURATION_UNITS = {
    "second": 1 / 3600, "minute": 1 / 60, "hour": 1.0, "day": 24.0, "night": 24.0, "week": 168.0,
    "fortnight": 336.0, "month": 730.0, "year": 8766.0, "decade": 87660.0,
}  # fmt: skip
# Words after an amount that make it no count of a thing: the noun is elsewhere.
_NOT_NOUNS = STOP_WORDS | {"percent", "per", "cent", "times", "fold", "km", "kilometres", "miles"}
# The counted noun is among the first this many words after an amount ("37 million Chinese deaths").
MAX_NOUN_WORDS = 2
# A date's or weekday's subject: the content words within this many tokens either side.
CONTEXT_TOKENS = 6
# "the two leaders", "its three": a small number after a determiner names a group already known, no count claimed.
_DETERMINERS = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our", "all"})
MAX_REFERENCE_COUNT = 10
# Ordinals that are mostly idiom, no count ("third parties", "second world war", "first time").
IDIOM_ORDINALS = frozenset({"first", "second", "third"})
# Characters that glue a number to a code or an address rather than a count.
_GLUE = frozenset("/_=#@:")
# What ends a clause, looking back from a date for its event word.
_CLAUSE_STOP_RE = re.compile(r"[,;:()\u2013\u2014]")
# Unit, rate and money words: what a figure is measured in, not what it is about.
_UNIT_WORDS = unit_words()


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of one sentence."""

    kind: str  # "count", "number", "duration", "date", "weekday"
    low: float  # the interval the wording allows (durations in hours; dates as ordinals)
    high: float
    qualifier: str  # amounts.py's qualifier kind, "" when exact
    unit: str  # "%", "ordinal", a counted noun's stem, "h" for durations, "" else
    about: frozenset[str]  # stems of the words saying what the fact is about
    start: int  # original offsets of the fact's words in the source
    end: int
    label: str  # the value normalised, for descriptions ("3.5 h", "Thursday", "May 8")
    sentence: Sentence
    context: bool = False  # `about` is the words around the fact (a date's event), not a named thing
    plain: frozenset[str] = frozenset()  # stems of the sentence's words written in lower case (no names)
    near: frozenset[str] = frozenset()  # stems of the words right around the fact (== about unless widened)
    assumed: bool = False  # a weekday's date is the project calendar's guess (dating.py), not the source's date
    head: str = ""  # a date's or weekday's event word: the nearest word in lower case before it ("resume")


def extract_facts(sentence: Sentence, published: str = "", assumed: bool = False) -> list[Fact]:
    """Every fact of one sentence, in order. `published` (YYYY-MM-DD or "") resolves weekdays to dates;
    `assumed` says that date is the project calendar's guess (dating.reference_dates)."""
    text, base = sentence.text, sentence.start
    toks = tokens(text)
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    year = int(published[:4]) if re.fullmatch(r"\d{4}-\d\d-\d\d", published) else 0
    for pattern in DATE_RES:
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < z for a, z in taken):
                fact = _date(sentence, toks, m, year)
                if fact is not None:
                    facts.append(fact)
                    taken.append((m.start(), m.end()))
    for m in WEEKDAY_RE.finditer(text):
        day = WEEKDAYS.index(m.group(1).lower())
        about = _context(toks, m.start(), m.end())
        label = m.group(1)
        facts.append(
            Fact(
                "weekday",
                day,
                day,
                until(text, m.start()),
                resolved(day, published),
                about,
                base + m.start(),
                base + m.end(),
                label,
                sentence,
                context=True,
                assumed=assumed,
            )
        )
    i = 0
    while i < len(toks):
        amount = parse_amount(toks, i, text) if _free(text, toks[i], taken) else None
        if amount is None:
            i += 1
            continue
        fact = _quantity(sentence, toks, amount)
        if fact is not None:
            facts.append(fact)
        i = max(amount.next_token, i + 1)
    return _with_subjects(toks, sorted(facts, key=lambda f: (f.start, f.kind)))


def _with_subjects(toks: list[tuple[str, int, int]], facts: list[Fact]) -> list[Fact]:
    """Each fact's `plain` words; and a date, weekday or measured figure that is the only one of its
    sort in its sentence takes the whole sentence as its subject (the event it dates or measures),
    since the words that name the event ("pledged", "the line") may stand far from it."""
    if not facts:
        return facts
    plain = frozenset(stem(w) for w, _, _ in toks if is_content(w) and not w[:1].isupper())
    sorts = [("time" if f.kind in ("date", "weekday") else f.kind) if f.context else "" for f in facts]
    whole = frozenset(stem(w) for w, _, _ in toks if is_content(w))
    out = []
    for fact, sort in zip(facts, sorts, strict=True):
        about = fact.about
        if sort and sorts.count(sort) == 1:
            about = whole - _UNIT_WORDS if fact.kind == "number" else whole
        head = _head(fact.sentence.text, toks, fact.start - fact.sentence.start) if sort == "time" else ""
        out.append(dataclasses.replace(fact, about=about, plain=plain, near=fact.about, head=head))
    return out


def _head(text: str, toks: list[tuple[str, int, int]], at: int) -> str:
    """The stem of the word in lower case nearest before offset `at` in its clause ("resume" of "talks resume
    on Friday"), else nearest after it: the event a time expression dates, as far as rules can tell."""
    k = _token_at(toks, at)
    if text[toks[k][2] : toks[k][2] + 2] in ("’s", "'s") if k < len(toks) else False:  # "Friday's parade"
        return next((stem(w) for w, _, _ in toks[k + 1 :] if is_content(w) and not w[:1].isupper()), "")
    for j in range(k - 1, -1, -1):
        word, _, z = toks[j]
        if _CLAUSE_STOP_RE.search(text, z, toks[j + 1][1] if j + 1 < len(toks) else len(text)):
            break
        if is_content(word) and not word[:1].isupper():
            return stem(word)
    return next((stem(w) for w, _, _ in toks[k + 1 :] if is_content(w) and not w[:1].isupper()), "")


def _free(text: str, tok: tuple[str, int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether a token may start an amount: not in a date, no part of a code or an address ("a89013", "/2025/")."""
    word, a, z = tok
    if any(x <= a < y for x, y in taken) or word.lower() in IDIOM_ORDINALS:
        return False
    before, after = text[a - 1 : a], text[z : z + 1]
    glued_hyphen = before == "-" and text[a - 2 : a - 1].isalnum()  # "COVID-19"
    return not (before.isalnum() or before in _GLUE or after in _GLUE or glued_hyphen)


def _quantity(sentence: Sentence, toks: list[tuple[str, int, int]], amount: Amount) -> Fact | None:
    text = sentence.text
    j = amount.next_token
    nxt = toks[j][0].lower() if j < len(toks) else ""
    unit = stem(nxt) if nxt else ""
    if unit in DURATION_UNITS and not amount.ordinal:
        return _duration(sentence, toks, amount, DURATION_UNITS[unit])
    before = toks[_token_at(toks, amount.start) - 1][0].lower() if _token_at(toks, amount.start) > 0 else ""
    if before in _DETERMINERS and amount.high <= MAX_REFERENCE_COUNT and not amount.qualifier:
        return None
    if amount.value == 1 and amount.spelled and not amount.ordinal:
        return None  # "one of", "a": no count a report states
    rest = text[amount.end : amount.end + 12].lstrip()
    if rest.startswith(("%", "percent", "per cent")):
        return _fact(sentence, "number", amount, "%", _context(toks, amount.start, amount.end), "%", context=True)
    measured = _measured(sentence, toks, amount)
    if measured is not None:
        return measured
    nouns = [stem(w) for w in _run(text, toks, j, MAX_NOUN_WORDS)]
    if amount.ordinal:
        return _fact(
            sentence, "number", amount, "ordinal", frozenset(nouns) or _context(toks, amount.start, amount.end), "th"
        )
    if nouns and not text[amount.end : toks[j][1]].strip():
        return _fact(sentence, "count", amount, nouns[-1], frozenset(nouns), "")
    return _fact(sentence, "number", amount, "", _context(toks, amount.start, amount.end), "", context=True)


def _measured(sentence: Sentence, toks: list[tuple[str, int, int]], amount: Amount) -> Fact | None:
    """Money or a measure: "2.4 billion euros", "$3 million", "2.5 million tonnes of freight a year".
    Its subject is what follows "of" ("of freight"), else the words around it without the unit's own."""
    text = sentence.text
    sign = sign_before(text, amount.start)
    found = unit_after(toks, amount.next_token)
    if not sign and found is None:
        return None
    unit, k = found if found is not None else (sign, amount.next_token)
    if k < len(toks) and toks[k][0].lower() == "of":
        nouns = [stem(w) for w in _run(text, toks, k + 1, MAX_NOUN_WORDS)]
        rate, _ = rate_after(toks, k + 1 + len(nouns))
    else:
        nouns, (rate, _) = [], rate_after(toks, k)
    unit += rate
    if nouns:
        return _fact(sentence, "number", amount, unit, frozenset(nouns), " " + unit)
    about = _context(toks, amount.start, amount.end) - _UNIT_WORDS
    return _fact(sentence, "number", amount, unit, about, " " + unit, context=True)


def _duration(sentence: Sentence, toks: list[tuple[str, int, int]], amount: Amount, hours: float) -> Fact:
    """A duration: "four hours of talks", "three-and-a-half hour meeting", "72-hour ceasefire"."""
    j = amount.next_token + 1
    of = j < len(toks) and toks[j][0].lower() == "of" and not sentence.text[toks[j - 1][2] : toks[j][1]].strip()
    about = [stem(w) for w in _run(sentence.text, toks, j + 1 if of else j, 1 if of else MAX_NOUN_WORDS)]
    span_end = toks[amount.next_token][2]
    low, high = amount.low * hours, amount.high * hours
    fact = Fact(
        "duration",
        low,
        high,
        amount.qualifier,
        "h",
        frozenset(about) or _context(toks, amount.start, span_end),
        sentence.start + amount.start,
        sentence.start + span_end,
        _hours(amount.value * hours, amount.words),
        sentence,
    )
    return fact


def _fact(
    sentence: Sentence, kind: str, amount: Amount, unit: str, about: frozenset[str], suffix: str, context: bool = False
) -> Fact:
    label = (amount.words + " " if amount.words else "") + _number(amount.value) + suffix
    return Fact(kind, amount.low, amount.high, amount.qualifier, unit, about,
                sentence.start + amount.start, sentence.start + amount.end, label, sentence, context)  # fmt: skip


def _date(sentence: Sentence, toks: list[tuple[str, int, int]], m: re.Match[str], year: int) -> Fact | None:
    groups = m.groupdict()
    month = MONTH_NUMBERS.get(groups["m"].lower().rstrip("."))
    first = day_of_month(groups["d"])
    last = day_of_month(groups["d2"]) if groups.get("d2") else first
    month2 = MONTH_NUMBERS.get((groups.get("m2") or groups["m"]).lower().rstrip("."))
    if month is None or month2 is None or not 1 <= first <= 31 or not first <= last <= 31 and month2 == month:
        return None
    y = int(groups["y"]) if groups.get("y") else year
    low, high = month * 100 + first, month2 * 100 + last
    label = f"{groups['m'][:3].capitalize()} {first}" + (f"-{last}" if high != low else "")
    label += f" {groups['y']}" if groups.get("y") else ""
    about = _context(toks, m.start(), m.end())
    unit = str(y) if y else ""
    return Fact("date", low, high, until(sentence.text, m.start()), unit, about, sentence.start + m.start(),
                sentence.start + m.end(), label, sentence, context=True)  # fmt: skip


def _run(text: str, toks: list[tuple[str, int, int]], j: int, most: int) -> list[str]:
    """Up to `most` content words from token j on, stopping at a function word or punctuation."""
    words: list[str] = []
    for k in range(j, min(j + most, len(toks))):
        word = toks[k][0]
        gap = text[toks[k - 1][2] : toks[k][1]] if k > 0 else ""
        if gap.strip(" -") or not is_content(word) or word.lower() in _NOT_NOUNS:
            break
        words.append(word)
    return words


def _context(toks: list[tuple[str, int, int]], start: int, end: int) -> frozenset[str]:
    k = _token_at(toks, start)
    window = (
        toks[max(k - CONTEXT_TOKENS, 0) : k]
        + [t for t in toks[k : k + CONTEXT_TOKENS + 4] if t[1] >= end][:CONTEXT_TOKENS]
    )
    return frozenset(stem(w) for w, _, _ in window if is_content(w))


def _token_at(toks: list[tuple[str, int, int]], offset: int) -> int:
    for k, (_, _, z) in enumerate(toks):
        if z > offset:
            return k
    return len(toks)


def _number(value: float) -> str:
    if value >= 1e9 and value % 1e8 == 0:
        return f"{value / 1e9:g} billion"
    if value >= 1e6 and value % 1e5 == 0:
        return f"{value / 1e6:g} million"
    return f"{value:g}" if value < 1e6 else f"{value:,.0f}"


def _hours(hours: float, words: str) -> str:
    prefix = words + " " if words else ""
    if hours >= 8766 and hours % 8766 < 1:
        return f"{prefix}{hours / 8766:g} years"
    if hours >= 48 and hours % 24 == 0:
        return f"{prefix}{hours / 24:g} days ({hours:g} h)"
    if hours < 1:
        return f"{prefix}{hours * 60:g} min"
    return f"{prefix}{hours:g} h"
