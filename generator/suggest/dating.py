"""Time expressions, datelines, and the date each source's weekdays are read from.

"May 8", "8 May 2025", "May 7–10", "the ninth of June" are dates;
"Thursday", "Friday's parade" weekdays; "through Friday" and "until May
10" end a span. A weekday names a date only given the article's date: the
registry's `published`, else a dateline the text opens with ("May 8 –
…", a line "May 08, 2025"). A source with neither takes its weekdays from
the project's calendar when every dated source of the project falls within
a few days (`STORY_SPAN_DAYS`): a set of reports of one story, whose
"Friday" is the Friday of that week. That date is an assumption, and the
lead says so ("≈").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.suggest.amounts import ORDINALS

MONTH_NUMBERS = {
    name: k + 1
    for k, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
         "august aug", "september sep sept", "october oct", "november nov", "december dec")
    )
    for name in names.split()
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?P<{0}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_RANGE = (
    r"(?:\s*(?:[\u2013\u2014-]|to|through|until|and)\s*(?:" + _MONTH.format("m2") + r"\s+)?" + _DAY.format("d2") + ")?"
)
_YEAR = r"(?:,?\s+(?P<y>(?:18|19|20)\d\d)\b)?"
# Days of the month in words, for "the ninth of June": "first" to "thirty-first".
DAY_WORDS = {
    **{w: n for w, n in ORDINALS.items() if n <= 31},
    **{f"{t}-{w}": 10 * k + n for k, t in ((2, "twenty"), (3, "thirty")) for w, n in ORDINALS.items() if n < 10},
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_DAY_WORD = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
# "May 8", "May 08, 2025", "May 7–10", "May 7 to 10"; "8 May 2025", "7-10 May"; "the ninth of June", "9th of June".
DATE_RES = (
    re.compile(r"\b" + _MONTH.format("m") + r"\s+" + _DAY.format("d") + _RANGE + _YEAR),
    re.compile(r"\b" + _DAY.format("d") + r"(?:\s*[\u2013-]\s*(?P<d2>[0-3]?\d))?\s+" + _MONTH.format("m") + _YEAR),
    re.compile(
        r"\b(?:the\s+)?(?P<d>" + _DAY_WORD + r"|[0-3]?\d(?:st|nd|rd|th))\s+of\s+" + _MONTH.format("m") + _YEAR,
        re.IGNORECASE,
    ),
)
WEEKDAY_RE = re.compile(r"\b(" + "|".join(w.capitalize() for w in WEEKDAYS) + r")(?:[’']s)?\b")
# "through Friday", "until May 10": the time named is where something ends.
_UNTIL_RE = re.compile(r"\b(?:through|thru|until|till)\s+(?:the\s+)?$", re.IGNORECASE)
_UNTIL_LOOKBACK = 12
# A weekday named without a date is taken to be within this many days of the article's date
# (before or after: a report says "on Wednesday" of the days around it; 3 either side covers the week).
WEEKDAY_REACH = 3
# A dateline is looked for in the first this many paragraphs (headline, outlet, byline come first).
DATELINE_PARAGRAPHS = 6
# A paragraph that is a date and nothing else, or that opens with a date and a dash ("May 8 – …").
_DATELINE_TAIL_RE = re.compile(r"\s*(?:$|[\u2013\u2014-]\s|:\s)")
# The dated sources of a project are one story's when they all fall within this many days: then a
# source with no date of its own is read as of the middle of that span (its "Friday" is that week's).
STORY_SPAN_DAYS = 3


@dataclass(frozen=True, slots=True)
class Reference:
    """The date a source's weekdays are read from, and whether it is assumed from the other sources."""

    date: str  # YYYY-MM-DD, or "" when unknown
    assumed: bool = False
    dateline: tuple[int, int] | None = None  # the dateline's offsets in the text, not a fact of the story


def until(text: str, start: int) -> str:
    """ "until" when the time at `start` ends a span ("through Friday"), else ""."""
    return "until" if _UNTIL_RE.search(text, max(start - _UNTIL_LOOKBACK, 0), start) else ""


def day_of_month(word: str) -> int:
    """A day of the month: "8", "08", "9th", "ninth"."""
    word = word.lower()
    return DAY_WORDS.get(word) or int(re.sub(r"\D", "", word) or 0)


def resolved(day: int, published: str) -> str:
    """The date a weekday names in an article of that date ("" when the date is unknown)."""
    try:
        base = dt.date.fromisoformat(published)
    except ValueError:
        return ""
    for delta in sorted(range(-WEEKDAY_REACH, WEEKDAY_REACH + 1), key=lambda d: (abs(d), -d)):
        when = base + dt.timedelta(days=delta)
        if when.weekday() == day:
            return when.isoformat()
    return ""


def dateline(text: str, paragraphs: list[tuple[int, int]]) -> tuple[int, int, int, int, int] | None:
    """(year or 0, month, day, start, end) of the date a text opens with, or None.

    Only a date alone in its paragraph ("May 08, 2025") or opening a paragraph before a dash
    ("May 8 – Chinese President …"), among the first DATELINE_PARAGRAPHS: a date inside a
    sentence is a fact of the story, not the article's date."""
    for start, end in paragraphs[:DATELINE_PARAGRAPHS]:
        for pattern in DATE_RES[:2]:
            m = pattern.match(text, start, end)
            if m is None or m.groupdict().get("d2") or not _DATELINE_TAIL_RE.match(text, m.end(), end):
                continue
            month = MONTH_NUMBERS.get(m.group("m").lower().rstrip("."))
            year = int(m.group("y")) if m.group("y") else 0
            if month and _valid(year or 2000, month, day_of_month(m.group("d"))):
                return year, month, day_of_month(m.group("d")), m.start(), m.end()
    return None


def reference_dates(
    published: Mapping[str, str], datelines: Mapping[str, tuple[int, int, int, int, int] | None]
) -> dict[str, Reference]:
    """Each source's reference date: `published`, else its dateline (a year-less one takes the year
    of the project's other dates when they all have one year), else the middle of the project's
    dates when they span at most STORY_SPAN_DAYS (assumed), else none."""
    known: dict[str, dt.date] = {}
    for sid, date in published.items():
        try:
            known[sid] = dt.date.fromisoformat(date)
        except ValueError:
            line = datelines.get(sid)
            if line and line[0] and _valid(*line[:3]):
                known[sid] = dt.date(*line[:3])
    years = {d.year for d in known.values()}
    for sid, line in datelines.items():
        if sid not in known and line and not line[0] and len(years) == 1 and _valid(min(years), *line[1:3]):
            known[sid] = dt.date(min(years), *line[1:3])
    story = None
    if known and (max(known.values()) - min(known.values())).days <= STORY_SPAN_DAYS:
        story = min(known.values()) + (max(known.values()) - min(known.values())) / 2
    refs = {}
    for sid in published:
        line = datelines.get(sid)
        span = (line[3], line[4]) if line else None
        if sid in known:
            refs[sid] = Reference(known[sid].isoformat(), False, span)
        else:
            refs[sid] = Reference(story.isoformat() if story else "", story is not None, span)
    return refs


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
