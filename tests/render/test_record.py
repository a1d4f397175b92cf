"""The editorial record on a claim page, and the corrections page: what a reader sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, parse, squash

from generator.anchor.project import build_project
from generator.errors import START
from generator.model import Appearance, Claimant, Correction, Person
from generator.render.claimpage import claim_page
from generator.render.corrections import NONE_YET, corrections_page
from generator.render.options import SiteOptions
from generator.render.vocab import VERDICT_SCALE


@pytest.fixture
def built(project: Path):  # type: ignore[no-untyped-def]
    return build_project(project)


def talks(project):  # type: ignore[no-untyped-def]
    return next(c for c in project.claims if c.slug == "talks-duration")


def body(markdown: str) -> str:
    """The page's text as a reader reads it (front matter and tags dropped)."""
    return squash(parse(markdown.split("---\n", 2)[2]).text())


def test_each_verdicts_meaning_is_the_methodologys() -> None:
    methodology = " ".join((REPO / "docs" / "methodology.md").read_text("utf-8").split())
    for name, verdict in VERDICT_SCALE.items():
        assert verdict.meaning and verdict.meaning in methodology, name


def test_the_claim_page_reads_top_to_bottom(built) -> None:  # type: ignore[no-untyped-def]
    text = body(claim_page(talks(built), built, SiteOptions()))
    order = [
        "Xi and Putin met for three and a half hours.",
        "Claimed by “Friends of Steel”: Xi and Putin Pledge Closer Ties Ahead of Victory Day, "
        "in an online article, “Friends of Steel”, on 8 May 2025",
        "Verdict ? Unverified",
        "Only one article states it; no other confirms or refutes it.",
        "Bottom line: Only one article puts a length on the meeting, so the figure stands unconfirmed.",
        "Published 20 November 2026 · Updated 22 November 2026 · Checked by Jane Roe (Fact-checker) · "
        "Reviewed by Sam Poe (Editor) and Ada Loe (Standards editor)",
        "This rating rests only on the 2 sources this site holds; 2 of them speak to this claim. It says what "
        "they report, not what else may be true. Single source: only ““Friends of Steel”: Xi and Putin Pledge "
        "Closer Ties Ahead of Victory Day” states it.",
        "Summary",
        "Supporting excerpts",
        "What we don’t know Neither article says which sessions the length counts:",
        "Corrections",
        "Correction 22 November 2026 The claim first said the talks lasted four hours; "
        "the article says three and a half.",
        "Clarification 21 November 2026 The context excerpt gives the day of the meeting, not its length.",
    ]
    at = [text.find(part) for part in order]
    assert -1 not in at, [p for p, i in zip(order, at) if i < 0]
    assert at == sorted(at)
    assert "Revision history" not in text  # no git here: no list, and no heading for one


def test_the_byline_links_a_person_with_an_address_only(built) -> None:  # type: ignore[no-untyped-def]
    page = claim_page(talks(built), built, SiteOptions())
    assert '<a href="https://example.org/people/jane-roe" rel="author noopener noreferrer">Jane Roe</a>' in page
    assert "Sam Poe" in page and 'href="https://example.org/people/sam' not in page


def test_a_v1_claim_shows_what_it_has_and_no_empty_byline(built) -> None:  # type: ignore[no-untyped-def]
    death = next(c for c in built.claims if c.slug == "death-toll")
    text = body(claim_page(death, built, SiteOptions()))
    assert "Published 22 November 2026" in text
    assert "Checked by" not in text and "Bottom line" not in text and "Claimed by" not in text


def test_untrusted_record_text_is_inert(built) -> None:  # type: ignore[no-untyped-def]
    claim = talks(built)
    claim.claimant = Claimant('<script>alert(1)</script> "Name"', role="*role* [x](y)")
    claim.said = Appearance(where="<b>a speech</b>", url="javascript:alert(1)")
    claim.bottom_line = "<img src=x onerror=alert(1)>"
    built.people["jane-roe"] = Person("jane-roe", "<i>Jane</i>", "Fact-checker", "javascript:alert(1)", START)
    page = claim_page(claim, built, SiteOptions())
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "javascript:" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page


def test_the_corrections_page_lists_every_correction_newest_first(built) -> None:  # type: ignore[no-untyped-def]
    death = next(c for c in built.claims if c.slug == "death-toll")
    death.corrections = [Correction("2026-11-23", "update", "A newer update.", START)]
    page = corrections_page(built, SiteOptions())
    text = body(page)
    dates = re.findall(r'<time datetime="([0-9-]+)">', page)
    assert dates == ["2026-11-23", "2026-11-22", "2026-11-21"]
    assert "Update 23 November 2026 · 37 million Chinese died in the Second World War." in text
    assert '<a href="../claims/talks-duration/">Xi and Putin met for three and a half hours.</a>' in page
    assert '<a href="../corrections-policy/">How we correct</a>' in page


def test_a_site_without_corrections_says_so(built) -> None:  # type: ignore[no-untyped-def]
    for claim in built.claims:
        claim.corrections = []
    assert NONE_YET in body(corrections_page(built, SiteOptions()))
