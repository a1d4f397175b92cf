"""No date in the files may be later than today: what "today" is, and the diagnostic.

A review, a claim or a publication cannot have happened tomorrow; a date
in the future is a typo (2027 for 2026) that would otherwise reach the
site and its ClaimReview data. schema.py checks every value the schemas
give the `date` format, so a date field added to a format is covered.

"Today" is the latest calendar date anywhere on Earth at the moment of the
check, that is the date in UTC+14: an editor east of the machine that runs
the check (a CI runner keeps UTC) writes their own date, which is already
tomorrow there; a stricter today would fail their review for some hours.
So a date one day ahead of the checker's own may pass; two never do.

The moment is SOURCE_DATE_EPOCH when it is set, and the clock otherwise.
SOURCE_DATE_EPOCH is the project's way to fix every date of a build (see
the Makefile): by its definition it is the time of the last change of the
content, so no date in the content can be later, and a build or test run
with it gives the same diagnostics on any day. A value that is not a whole
number of seconds is ignored (the clock is used), as MkDocs ignores it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from generator.errors import Diagnostic, Pos

# The time zone furthest ahead of UTC (the Line Islands of Kiribati): at any moment,
# the date there is the latest calendar date anywhere.
LATEST_ZONE = dt.timezone(dt.timedelta(hours=14))
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"

# What each date of the formats records, to say why it cannot be later than today.
_WHAT = {
    "reviewed": "a review date cannot be in the future: write the date the review was done",
    "date": "a claim cannot have been made in the future: write the date it was made",
    "published": "a publication date cannot be in the future: write the date the document gives",
    "fact-check published": "a fact-check cannot be published in the future: write the day it is published, "
    "or keep it `status: draft` until then",
    "updated": "an update cannot be in the future: write the day of the update",
    "correction": "a correction cannot be dated in the future: write the day it is made",
}


def today(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The latest date a file may give: see the module's docstring."""
    moment = _epoch(environ) or dt.datetime.now(dt.UTC)
    return moment.astimezone(LATEST_ZONE).date()


def _epoch(environ: Mapping[str, str]) -> dt.datetime | None:
    value = environ.get(EPOCH_VARIABLE, "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (OverflowError, OSError, ValueError):  # beyond the years datetime can hold
        return None


def future_date(
    path: str, pos: Pos, field: str, value: str, latest: dt.date, environ: Mapping[str, str] = os.environ
) -> Diagnostic | None:
    """A future-date diagnostic when `value` (a real YYYY-MM-DD date, else None) is later than `latest`."""
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return None  # not a date: the schema's pattern and format report it
    if len(value) != len("YYYY-MM-DD") or date <= latest:
        return None
    hint = _WHAT.get(field, "a date cannot be in the future: write the date it happened")
    if _epoch(environ):  # a fixed today can surprise: say where it comes from
        hint += f" (today is {latest.isoformat()}, set by {EPOCH_VARIABLE})"
    return Diagnostic.at(path, pos, "future-date", f"'{value}' is in the future", hint)
