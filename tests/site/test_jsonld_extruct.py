"""What machines read from a built site: ClaimReview as extruct extracts it, the sharing metadata
and the feed's autodiscovery.

One real `mkdocs build --strict` of the fixture project with a published
address (SITE_URL), its talks-duration claim in the v2 format with the
whole record. The JSON-LD is taken out of the HTML by extruct (a consumer
library, as a search engine would) and checked against the fields Google's
fact-check markup documentation calls required (claimReviewed,
reviewRating with alternateName, url) and recommended (author with name
and url, datePublished, itemReviewed: Claim with author, datePublished and
appearance).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urljoin

import extruct
import feedparser
import pytest
from conftest import FIXTURE, Node, mkdocs_build, page, site_project

from generator.model import SLUG

SITE_URL = "https://factsite.example/desk/"
SITE_NAME = "Xi in Moscow, May 2025 — the accounts checked"  # the repository's mkdocs.yml
PEOPLE = """\
people:
  jane-doe:
    name: Jane Doe
    role: Fact-checker
    url: https://example.org/jane
  john-roe:
    name: John Roe
    role: Editor
"""
CLAIM = "Xi and Putin met for three and a half hours."
BOTTOM_LINE = "Only one of the two articles says how long the meeting lasted."
TALKS = f"""\
claim: {CLAIM}
claimant:
  name: Vladimir Putin
  role: President of Russia
said:
  date: '2025-05-08'
  source: moscow-times-2025-05-08
verdict: unverified
bottom_line: {BOTTOM_LINE}
summary: |
  Only one of the two articles gives a length for the meeting.
status: published
author: jane-doe
reviewers: [john-roe]
published: '2026-11-22'
updated: '2026-12-04'
tags: [talks]
evidence:
  - source: friends-of-steel
    stance: supports
    quote: During a three-and-a-half hour meeting
  - source: moscow-times-2025-05-08
    stance: context
    quote: Putin used the Kremlin meeting with Xi on Thursday
    note: Gives the day, not the length.
"""
# A hand-written page with its own description (an ampersand: escaped once, read back as text).
ABOUT = "---\ndescription: Where the sources come from & how they are kept.\n---\n\n# About the sources\n"
# One page of each kind: home, claim, source, the indexes, matrix, tags, a verdict, a tag, hand-written.
PAGE_TYPES = [
    "",
    "claims/talks-duration/",
    "sources/friends-of-steel/",
    "claims/",
    "sources/",
    "matrix/",
    "tags/",
    "verdicts/unverified/",
    "tags/talks/",
    "methodology/",
    "about-sources/",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("machines")
    root = tmp / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    (root / "claims" / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (root / "claims" / "talks-duration.yml").write_text(TALKS, encoding="utf-8")
    (root / "docs" / "about-sources.md").write_text(ABOUT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setitem(os.environ, "SITE_URL", SITE_URL)
        result = mkdocs_build(root, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def claim_review(site: Path, url: str) -> dict:
    (review,) = extruct.extract(html(site, url), base_url=SITE_URL + url, syntaxes=["json-ld"])["json-ld"]
    return review


def meta(doc: Node) -> dict[str, str]:
    """The page's <meta> by property (OpenGraph) or name (Twitter card, description)."""
    tags = doc.one("head").all("meta")
    return {m.attrs.get("property") or m.attrs.get("name", ""): m.attrs.get("content", "") for m in tags}


# --- ClaimReview ------------------------------------------------------------------------------


def test_claim_review_has_googles_required_fields(site: Path) -> None:
    review = claim_review(site, "claims/talks-duration/")
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == CLAIM
    assert review["url"] == SITE_URL + "claims/talks-duration/"
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "Unverified"
    assert "ratingValue" not in rating  # unverified: words, no number (docs/methodology.md)
    assert rating["ratingExplanation"].endswith("Rated against the 2 sources this site holds, and nothing else.")


def test_claim_review_has_googles_recommended_fields(site: Path) -> None:
    review = claim_review(site, "claims/talks-duration/")
    assert review["author"] == {"@type": "Organization", "name": SITE_NAME, "url": SITE_URL}
    assert (review["datePublished"], review["dateModified"]) == ("2026-11-22", "2026-12-04")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2025-05-08"
    assert item["author"] == {"@type": "Person", "name": "Vladimir Putin", "jobTitle": "President of Russia"}
    assert item["appearance"]["@type"] == "CreativeWork"
    assert item["appearance"]["url"].startswith("https://www.themoscowtimes.com/2025/05/08/")


def test_no_claim_review_names_a_slug_as_the_claimant(site: Path) -> None:
    for path in sorted((site / "claims").glob("*/index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        author = claim_review(site, url)["itemReviewed"].get("author")
        assert author is None or not SLUG.match(author["name"]), (url, author)


def test_only_claim_pages_carry_a_claim_review(site: Path) -> None:
    for url in PAGE_TYPES:
        found = extruct.extract(html(site, url), base_url=SITE_URL + url, syntaxes=["json-ld"])["json-ld"]
        assert len(found) == (url == "claims/talks-duration/"), url


# --- sharing metadata --------------------------------------------------------------------------


def test_a_claim_page_is_shared_as_an_article_with_its_verdict(site: Path) -> None:
    url = "claims/talks-duration/"
    found = meta(page(site, url))
    described = f"Verdict: Unverified. {BOTTOM_LINE}"
    assert found["og:type"] == "article" and found["og:title"] == CLAIM
    assert found["og:description"] == described and found["twitter:description"] == described
    assert found["og:url"] == SITE_URL + url and found["og:site_name"] == SITE_NAME
    assert found["article:published_time"] == "2026-11-22" and found["article:modified_time"] == "2026-12-04"
    assert found["twitter:card"] == "summary" and found["twitter:title"] == CLAIM
    (opengraph,) = extruct.extract(html(site, url), base_url=SITE_URL + url, syntaxes=["opengraph"])["opengraph"]
    assert dict(opengraph["properties"])["og:description"] == described  # as a consumer library reads it


def test_a_hand_written_page_is_shared_as_a_website_with_its_description(site: Path) -> None:
    found = meta(page(site, "about-sources/"))
    assert found["og:type"] == "website" and found["og:title"] == "About the sources"
    assert found["og:description"] == "Where the sources come from & how they are kept."
    assert found["twitter:description"] == found["og:description"] and found["twitter:card"] == "summary"
    assert found["og:url"] == SITE_URL + "about-sources/"
    assert "article:published_time" not in found


def test_the_home_page_is_shared_under_the_sites_name_and_description(site: Path) -> None:
    found = meta(page(site, ""))
    assert found["og:type"] == "website" and found["og:title"] == SITE_NAME == found["og:site_name"]
    assert found["og:description"] == found["description"] and found["og:description"].startswith("A fact-check")


# --- the feed ----------------------------------------------------------------------------------


def test_every_page_type_has_the_feed_autodiscovery_link(site: Path) -> None:
    for url in [*PAGE_TYPES, "404.html"]:
        links = [
            link
            for link in page(site, url).one("head").all("link")
            if link.attrs.get("rel") == "alternate" and link.attrs.get("type") == "application/atom+xml"
        ]
        assert len(links) == 1 and links[0].attrs["title"], url
        assert urljoin(SITE_URL + url, links[0].attrs["href"]) == SITE_URL + "feed.xml", url


def test_the_published_feed_is_valid_atom_with_absolute_links(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.title == SITE_NAME and feed.feed.id == SITE_URL + "feed.xml"
    assert feed.feed.subtitle.startswith("A fact-check microsite")  # mkdocs.yml's site_description
    links = {e.link: e for e in feed.entries}
    assert set(links) == {SITE_URL + "claims/talks-duration/", SITE_URL + "claims/death-toll/"}
    entry = links[SITE_URL + "claims/talks-duration/"]
    assert entry.title == CLAIM and entry.summary == f"Verdict: Unverified. {BOTTOM_LINE}"
    assert [a.name for a in entry.authors] == ["Jane Doe"] and [c.name for c in entry.contributors] == ["John Roe"]
    assert feed.entries[0] is entry  # updated 2026-12-04: the newest
