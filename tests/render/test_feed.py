"""feed.xml, the Atom feed of fact-checks, read as a feed reader reads it (feedparser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from generator.anchor.project import build_project
from generator.errors import START
from generator.model import Claim, Claimant, Person, Project, Tag
from generator.render import urls
from generator.render.feed import feed_xml
from generator.render.options import SiteOptions
from generator.render.plan import plan_site

SITE = SiteOptions(site_name="The Desk", site_url="https://f.example/", site_description="Claims, checked.")
ATOM = "{http://www.w3.org/2005/Atom}"
# Text that would break a feed written by string concatenation: markup, a CDATA end, an entity start.
HOSTILE = '<script>alert("x")</script> ]]> AT&T &amp; <b>bold</b>'


def claim(slug: str, published: str, **fields: object) -> Claim:
    values: dict = {"claim": f"Claim {slug}.", "verdict": "supported", "summary": "", "evidence": []}
    return Claim(slug=slug, path=f"claims/{slug}.yml", published=published, **(values | fields))


def desk(*claims: Claim) -> Project:
    people = {
        "jane-doe": Person("jane-doe", "Jane Doe", "Fact-checker", "https://example.org/jane", START),
        "john-roe": Person("john-roe", "John Roe", "Editor", "", START),
    }
    tags = {"talks": Tag("talks", "The Kremlin talks", "What was said.", START)}
    return Project(root=".", sources={}, claims=sorted(claims, key=lambda c: c.slug), tags=tags, people=people)


def parsed(project: Project, options: SiteOptions = SITE) -> feedparser.FeedParserDict:
    feed = feedparser.parse(feed_xml(project, options))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_entries_are_newest_first_with_verdict_bottom_line_byline_and_tags() -> None:
    project = desk(
        claim("old", "2026-10-01"),
        claim(
            "updated-late",
            "2026-09-01",
            updated="2026-12-04",
            verdict="contradicted",
            bottom_line="The talks lasted three hours.",
            author="jane-doe",
            reviewers=["john-roe"],
            tags=["talks"],
            claimant=Claimant("Vladimir Putin", "President of Russia"),
        ),
        claim("same-day-b", "2026-11-22"),
        claim("same-day-a", "2026-11-22"),
    )
    feed = parsed(project)
    assert [e.link for e in feed.entries] == [
        "https://f.example/claims/updated-late/",
        "https://f.example/claims/same-day-a/",
        "https://f.example/claims/same-day-b/",
        "https://f.example/claims/old/",
    ]
    first = feed.entries[0]
    assert first.title == "Claim updated-late."
    assert first.id == "https://f.example/claims/updated-late/"
    assert first.published == "2026-09-01T00:00:00Z" and first.updated == "2026-12-04T00:00:00Z"
    assert first.summary == "Verdict: Contradicted. The talks lasted three hours."
    assert [(a.name, a.get("href")) for a in first.authors] == [("Jane Doe", "https://example.org/jane")]
    assert [c.name for c in first.contributors] == ["John Roe"]
    assert [(t.term, t.label) for t in first.tags] == [("talks", "The Kremlin talks")]
    assert feed.entries[1].summary == "Verdict: Supported." and feed.entries[1].updated == "2026-11-22T00:00:00Z"
    assert feed.feed.title == "The Desk" and feed.feed.subtitle == "Claims, checked."
    assert feed.feed.updated == "2026-12-04T00:00:00Z"  # the newest entry's, not the clock's
    assert feed.feed.id == "https://f.example/feed.xml"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": "https://f.example/feed.xml", "alternate": "https://f.example/"}
    assert feed.feed.author_detail.name == "The Desk"  # the byline of entries without one


def test_without_a_site_address_links_are_relative_to_the_site_root_and_ids_are_stable_urns() -> None:
    feed = parsed(desk(claim("talks", "2026-11-22")), SiteOptions(site_name="The Desk"))
    (entry,) = feed.entries
    assert entry.link == "claims/talks/" and entry.id == "urn:factsite:claim:talks"
    assert {link.rel: link.href for link in feed.feed.links} == {"self": "feed.xml", "alternate": "./"}
    assert feed.feed.id == "urn:factsite:feed"


def test_hostile_text_round_trips_as_text() -> None:
    project = desk(claim("evil", "2026-11-22", claim=HOSTILE, bottom_line=HOSTILE, author="evil", tags=["evil"]))
    project.people["evil"] = Person("evil", HOSTILE, "", "javascript:alert(1)", START)
    project.tags["evil"] = Tag("evil", HOSTILE, "", START)
    text = feed_xml(project, SiteOptions(site_name=HOSTILE, site_description=HOSTILE))
    assert "<script>" not in text and "]]>" not in text
    feed = parsed(project, SiteOptions(site_name=HOSTILE, site_description=HOSTILE))
    (entry,) = feed.entries
    assert entry.title == HOSTILE and entry.summary == f"Verdict: Supported. {HOSTILE}"
    assert [a.name for a in entry.authors] == [HOSTILE] and "href" not in entry.authors[0]  # no script address
    assert entry.tags[0].label == HOSTILE
    assert feed.feed.title == HOSTILE and feed.feed.subtitle == HOSTILE
    # An XML parser reads back the very same text (feedparser aside).
    root = ET.fromstring(text.encode("utf-8"))
    assert root.find(f"{ATOM}entry/{ATOM}title").text == HOSTILE


def test_characters_xml_cannot_hold_are_replaced_not_written() -> None:
    feed = parsed(desk(claim("bell", "2026-11-22", claim="A\x07B\x00C", bottom_line="D\x1bE")))
    (entry,) = feed.entries
    assert entry.title == "A\ufffdB\ufffdC" and entry.summary == "Verdict: Supported. D\ufffdE"


def test_same_input_same_bytes_and_no_clock() -> None:
    project = desk(claim("a", "2026-11-22"), claim("b", "2026-11-23"))
    assert feed_xml(project, SITE) == feed_xml(project, SITE)
    empty = parsed(desk())
    assert empty.entries == [] and empty.feed.updated == "1970-01-01T00:00:00Z"


def test_a_draft_is_never_in_the_feed_even_in_a_preview() -> None:
    project = desk(claim("done", "2026-11-22"), claim("wip", "", status="draft"))
    feed = parsed(project, SiteOptions(site_name="P", drafts=True))
    assert [e.id for e in feed.entries] == ["urn:factsite:claim:done"]


def test_the_site_serves_the_feed_of_its_claims(project: Path) -> None:
    built = build_project(project)
    feed = feedparser.parse(plan_site(built, SITE).files[urls.FEED]())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert sorted(e.link for e in feed.entries) == sorted(f"https://f.example/claims/{c.slug}/" for c in built.claims)
    for entry in feed.entries:
        assert entry.summary.startswith("Verdict: ")
