"""feed.xml: the Atom 1.0 feed (RFC 4287) of the site's fact-checks.

Readers follow a desk in a feed reader; each entry says the verdict and the
bottom line, so the feed is useful without opening the page. The feed is a
function of the project alone: its `updated` is the newest entry's date,
never the clock (same input, same bytes). ElementTree escapes the text; the
characters XML 1.0 cannot hold at all are replaced first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.model import Claim, Person, Project
from generator.render import urls
from generator.render.options import SiteOptions
from generator.render.vocab import verdict

ATOM = "http://www.w3.org/2005/Atom"
# An entry's id without a site address: stable across builds and never a URL
# that could point elsewhere (RFC 4287 wants an IRI that never changes).
CLAIM_URN = "urn:factsite:claim:"
FEED_URN = "urn:factsite:feed"
# The date of a feed without entries (Atom requires <updated>; the clock would break same input, same bytes).
EPOCH = "1970-01-01"
# What XML 1.0 allows in a document (its `Char` production): anything else cannot be escaped, only replaced.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def feed_xml(project: Project, options: SiteOptions) -> str:
    """The Atom feed of the published fact-checks, newest first."""
    claims = _newest_first([c for c in project.claims if not c.is_draft])
    feed = ET.Element("feed", {"xmlns": ATOM})
    _text(feed, "title", options.site_name)
    if options.site_description:
        _text(feed, "subtitle", options.site_description)
    _text(feed, "id", options.absolute(urls.FEED) if options.site_url else FEED_URN)
    _text(feed, "updated", _rfc3339(_changed(claims[0]) if claims else EPOCH))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": options.absolute(urls.FEED)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": _home(options)})
    # The feed's author stands for every entry without a byline (Atom requires one or the other).
    _person(feed, "author", options.site_name, options.site_url)
    _text(feed, "generator", "factsite")
    for claim in claims:
        _entry(feed, claim, project, options)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _newest_first(claims: list[Claim]) -> list[Claim]:
    """The claims by their latest date (published or updated), newest first; a tie by slug."""
    return sorted(sorted(claims, key=_slug), key=_changed, reverse=True)


def _changed(claim: Claim) -> str:
    """The day the fact-check last changed: its last update, else its publication."""
    return max(claim.published, claim.last_updated)


def _rfc3339(day: str) -> str:
    """'2026-11-22' as an RFC 3339 date-time (midnight UTC); a malformed day (never after `check`) as EPOCH."""
    return f"{day if _ISO_DATE.match(day) else EPOCH}T00:00:00Z"


def _summary(claim: Claim) -> str:
    """What an entry says: the verdict and the bottom line."""
    line = f"Verdict: {verdict(claim.verdict).label}."
    return f"{line} {claim.bottom_line}" if claim.bottom_line else line


def _entry(feed: ET.Element, claim: Claim, project: Project, options: SiteOptions) -> None:
    entry = ET.SubElement(feed, "entry")
    page = options.absolute(urls.claim_path(claim.slug))
    _text(entry, "title", claim.claim)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": page})
    _text(entry, "id", page if options.site_url else CLAIM_URN + claim.slug)
    if claim.published:
        _text(entry, "published", _rfc3339(claim.published))
    _text(entry, "updated", _rfc3339(_changed(claim)))
    # The author of the fact-check is its author; its reviewers contributed (RFC 4287 4.2.3).
    for person in _people(project, [claim.author] if claim.author else []):
        _person(entry, "author", person.name, person.url)
    for person in _people(project, claim.reviewers):
        _person(entry, "contributor", person.name, person.url)
    _text(entry, "summary", _summary(claim))
    for tag in claim.tags:
        found = project.tags.get(tag)
        attrs = {"term": tag} | ({"label": _clean(found.label)} if found else {})
        ET.SubElement(entry, "category", attrs)


def _people(project: Project, ids: list[str]) -> list[Person]:
    """The desk's people of `ids` (an unknown id, an error of `check`, is left out)."""
    return [project.people[i] for i in ids if i in project.people]


def _person(parent: ET.Element, tag: str, name: str, uri: str) -> None:
    person = ET.SubElement(parent, tag)
    _text(person, "name", name)
    if urls.is_web_url(uri):
        _text(person, "uri", uri)


def _home(options: SiteOptions) -> str:
    """The home page: the site's address, else the folder of feed.xml (the site root)."""
    return options.absolute(urls.HOME) or "./"


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = _clean(value)


def _clean(value: str) -> str:
    """`value` with what XML 1.0 cannot hold (C0 controls, lone surrogates) as U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def _slug(claim: Claim) -> str:
    return claim.slug
