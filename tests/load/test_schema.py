"""The schema check: fastjsonschema's yes/no and jsonschema's messages answer alike.

A value fastjsonschema passes gets no diagnostic (jsonschema is not run), so
the two must agree on every value: on many damaged claims here, and on the
real files of both formats. No date of either format may be in the future.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from conftest import FIXTURE, REPO, claim_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.dates import LATEST_ZONE, today
from generator.load.schema import _is_valid, _validator, load_schema, to_plain, validate
from generator.load.yamlsafe import load_bytes

VALID = {
    "claim": "C.",
    "verdict": "disputed",
    "summary": "S.",
    "reviewed": "2026-11-22",
    "tags": ["a", "b-c"],
    "claimant": "X",
    "date": "2025-05-08",
    "evidence": [
        {"source": "s", "stance": "supports", "quote": "q", "occurrence": 1, "prefix": "p"},
        {"source": "t", "stance": "contradicts", "quote": "r", "note": "n"},
    ],
}
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.sampled_from(["", "x", "2025-02-30", "2025-13-01", "25-05-08", "Bad Slug", "supports", "a" * 1001, "a" * 61]),
    st.lists(st.sampled_from(["a", "a", "B", ""]), max_size=3),
    st.just({}),
    st.just({"unknown": 1}),
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """VALID with one to three fields changed to odd values, or removed."""
    value = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        items = (
            [e for e in value.get("evidence", []) if isinstance(e, dict)]
            if isinstance(value.get("evidence"), list)
            else []
        )
        target = draw(st.sampled_from(items)) if items and draw(st.booleans()) else value
        key = draw(st.sampled_from(sorted(target) + ["unknown", "evidence", "tags"]))
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(ODD)
    return value


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_fast_check_and_jsonschema_agree(value: Any) -> None:
    assert _is_valid("claim")(value) == _validator("claim").is_valid(value), value


def test_the_real_files_pass_both_checks() -> None:
    files = {
        "claim": claim_files(REPO) + claim_files(FIXTURE),
        "tags": [REPO / "claims" / "tags.yml", FIXTURE / "claims" / "tags.yml"],
        "sources": [REPO / "seeds" / "sources.yml", FIXTURE / "seeds" / "sources.yml"],
    }
    for name, paths in files.items():
        schema = load_schema(name)
        for path in paths:
            value = to_plain(load_bytes(path.name, path.read_bytes(), 16 * 1024 * 1024).root, schema, schema)
            assert _is_valid(name)(value) and _validator(name).is_valid(value), path
    assert _is_valid("claim")(VALID)


# --- no date in the future (dates.py) ------------------------------------------------------------

# 2026-12-06T22:00:00Z: already 2026-12-07 in UTC+14, the latest date anywhere.
EPOCH = "1796594400"


def claim_file(reviewed: str, date: str = "2025-05-08") -> bytes:
    return (
        f"claim: C.\ndate: '{date}'\nverdict: unverified\nsummary: S.\nreviewed: '{reviewed}'\n"
        "evidence:\n  - source: s\n    stance: context\n    quote: q\n"
    ).encode()


def problems_at(data: bytes, name: str = "claim") -> list[tuple[int, int, str, str]]:
    _, found = validate(load_bytes("x.yml", data), name)
    return [(d.line, d.column, d.code, d.message) for d in found]


def test_today_is_the_latest_date_anywhere_at_source_date_epoch() -> None:
    assert today({"SOURCE_DATE_EPOCH": EPOCH}) == dt.date(2026, 12, 7)
    assert today({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 15)  # 22:13 UTC on the 14th


@pytest.mark.parametrize("value", ["", "junk", "-5", "1e9", "9" * 30])
def test_a_malformed_source_date_epoch_leaves_the_clock(value: str) -> None:
    before = dt.datetime.now(LATEST_ZONE).date()
    assert before <= today({"SOURCE_DATE_EPOCH": value}) <= dt.datetime.now(LATEST_ZONE).date()


def test_dates_up_to_today_pass_and_later_ones_are_future_date_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert problems_at(claim_file(reviewed="2026-12-07", date="2026-12-07")) == []
    assert problems_at(claim_file(reviewed="2026-12-08", date="2027-01-01")) == [
        (2, 7, "future-date", "'2027-01-01' is in the future"),
        (5, 11, "future-date", "'2026-12-08' is in the future"),
    ]
    _, (problem,) = validate(load_bytes("x.yml", claim_file(reviewed="2999-01-01")), "claim")
    assert problem.hint == (
        "a review date cannot be in the future: write the date the review was done "
        "(today is 2026-12-07, set by SOURCE_DATE_EPOCH)"
    )


def test_a_date_that_is_not_real_is_reported_once_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert [p[2:] for p in problems_at(claim_file(reviewed="2999-02-30"))] == [
        ("bad-value", "'2999-02-30' is not a real date")
    ]


def test_a_future_date_is_found_in_an_otherwise_invalid_file_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    found = problems_at(claim_file(reviewed="2999-01-01").replace(b"verdict: unverified", b"verdict: maybe"))
    assert [p[2] for p in found] == ["bad-value", "future-date"]


def test_registry_publication_dates_may_not_be_in_the_future(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    entry = "  - id: a\n    file: a.txt\n    title: ''\n    outlet: ''\n    url: ''\n    published: '{}'\n"
    entry += "    sha256: " + "0" * 64 + "\n    notes: ''\n"
    registry = ("sources:\n" + entry.format("") + entry.format("2025-05-08") + entry.format("2999-01-01")).encode()
    _, found = validate(load_bytes("sources.yml", registry), "sources")
    assert [(d.line, d.column, d.code) for d in found] == [(23, 16, "future-date")]
    assert found[0].hint == "a publication date cannot be in the future: write the date the document gives"


def test_a_value_emptied_by_a_comment_is_explained_at_the_hash() -> None:
    _, found = validate(
        load_bytes("x.yml", claim_file("2026-11-22").replace(b"summary: S.", b"summary: #1 of 2")), "claim"
    )
    (problem,) = found
    assert (problem.line, problem.column, problem.message) == (4, 10, "'summary' must not be empty")
    assert problem.hint and problem.hint.endswith("put the value in single quotes: summary: '#1 of 2'")
