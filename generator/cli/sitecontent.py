"""What `factsite verify` expects in a built site, from the project: each check a plain function.

The project says what the build should have published (the claims, with
their excerpts; the sources, with every cited passage highlighted; the data
files); the built site's pages (sitepages.PageFacts, parsed once) say what
it has. Each function returns the problems it finds as diagnostics whose
path is relative to the site folder: `site-missing` for what is not there.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.cli.sitepages import LinkResolver, PageFacts
from generator.errors import Diagnostic
from generator.model import Claim, Project
from generator.render import feed, urls
from generator.render.options import SiteOptions

# The search indexes a site may have, any one of them: Pagefind's (what factsite builds), or
# mkdocs-material's search plugin's (a site built by another engine or an earlier factsite).
SEARCH_INDEXES = ("pagefind/pagefind-entry.json", "search/search_index.json")
# Pagefind's entry file names the index of each language: pagefind/pagefind.<hash>.pf_meta.
PAGEFIND_META = "pagefind/pagefind.{}.pf_meta"
# A feed entry's claim, from its page's address (claims/<slug>/ or claims/<slug>.html).
_FEED_CLAIM = re.compile(r"(?:^|/)claims/([^/]+?)(?:/|/index\.html|\.html)?$")

PAGE_HINT = (
    "Build the site again with the factsite plugin (`make site`); an engine without it (Zensical) "
    "leaves out every generated page. Is --root the project this site was built from?"
)
DATA_HINT = "Build the site again (`make site`): the factsite plugin writes this file with the pages."


def missing(path: str, message: str, hint: str = PAGE_HINT, line: int = 1) -> Diagnostic:
    """A `site-missing` problem in the site's file `path`."""
    return Diagnostic(path, line, 1, "site-missing", message, hint)


def page_file(src: str, directory_urls: bool = True) -> str:
    """The file a page built from `src` (a docs path, claims/x.md) is in: claims/x/index.html or claims/x.html."""
    url = urls.page_url(src, directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


def claim_page_problems(
    claims: list[Claim], pages: dict[str, PageFacts], links: LinkResolver, options: SiteOptions
) -> list[Diagnostic]:
    """Each claim's page, each with every excerpt, its link to the highlight, and its ClaimReview."""
    found: list[Diagnostic] = []
    for claim in claims:
        path = page_file(urls.claim_path(claim.slug), options.directory_urls)
        facts = pages.get(path)
        if facts is None:
            found.append(missing(path, f"no page for the claim {claim.slug!r}: {_short(claim.claim)}"))
            continue
        for evidence in claim.evidence:
            found += _excerpt_problems(claim, evidence.index, evidence.source, path, facts, links, options)
        found += _claimreview_problems(claim, path, facts)
    return found


def _excerpt_problems(
    claim: Claim, index: int, source: str, path: str, facts: PageFacts, links: LinkResolver, options: SiteOptions
) -> list[Diagnostic]:
    excerpt = urls.excerpt_id(index)
    hrefs = facts.excerpts.get(excerpt)
    if hrefs is None:
        return [missing(path, f'no excerpt {index} (<article id="{excerpt}">) on the page of {claim.slug!r}')]
    pin = urls.highlight_id(claim.slug, index)
    source_page = page_file(urls.source_path(source), options.directory_urls)
    for href in hrefs:
        target = links.resolve(path, href)
        if target is not None and target.fragment == pin and target.file in (source_page, None):
            return []  # a link to a missing page or highlight is a dead link, named once, where it is
    return [missing(path, f"excerpt {index} of {claim.slug!r} has no link to its highlight {source_page}#{pin}")]


def _claimreview_problems(claim: Claim, path: str, facts: PageFacts) -> list[Diagnostic]:
    reviewed: list[str] = []
    for text in facts.jsonld:
        try:
            data = json.loads(text)
        except ValueError as exc:
            return [missing(path, f"the page's JSON-LD does not parse: {exc}")]
        reviewed += [item.get("claimReviewed") for item in _items(data) if _is_claimreview(item)]
    if claim.claim in reviewed:
        return []
    if reviewed:
        return [missing(path, f"the ClaimReview JSON-LD reviews {_short(str(reviewed[0]))!r}, not this claim")]
    return [
        missing(path, f'no ClaimReview JSON-LD (<script type="application/ld+json">) on the page of {claim.slug!r}')
    ]


def _items(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD value: itself, the items of a list, those of an @graph."""
    for item in data if isinstance(data, list) else [data]:
        if isinstance(item, dict):
            yield item
            yield from _items(item.get("@graph", []))


def _is_claimreview(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    return kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind)


def source_page_problems(
    claims: list[Claim], project: Project, pages: dict[str, PageFacts], options: SiteOptions
) -> list[Diagnostic]:
    """Each source's page, each with the highlight (<mark data-pin>) of every passage the claims cite."""
    found: list[Diagnostic] = []
    cited: dict[str, list[str]] = {source: [] for source in project.sources}
    for claim in claims:
        for evidence in claim.evidence:
            if evidence.span is not None and evidence.source in cited:
                cited[evidence.source].append(urls.highlight_id(claim.slug, evidence.index))
    for source, pins in cited.items():
        path = page_file(urls.source_path(source), options.directory_urls)
        facts = pages.get(path)
        if facts is None:
            found.append(missing(path, f"no page for the source {source!r}"))
            continue
        found += [
            missing(path, f'no highlight <mark data-pin="{pin}"> of the passage excerpt {pin} cites')
            for pin in pins
            if pin not in facts.pins
        ]
    return found


def data_file_problems(site: Path, files: set[str], claims: list[Claim]) -> list[Diagnostic]:
    """claims.json and claimreview.json, one entry per claim published; feed.xml, one per non-draft claim."""
    found: list[Diagnostic] = []
    slugs = [c.slug for c in claims]
    data = _json_file(site, files, urls.CLAIMS_JSON, found)
    if isinstance(data, dict):
        if "format" not in data:
            found.append(missing(urls.CLAIMS_JSON, "claims.json has no `format` key", DATA_HINT))
        entries = data.get("claims")
        given = [e.get("slug") for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
        found += _compare(urls.CLAIMS_JSON, "entry", given, slugs)
    elif data is not None:
        found.append(missing(urls.CLAIMS_JSON, "claims.json is not a JSON object", DATA_HINT))
    reviews = _json_file(site, files, urls.CLAIMREVIEW_JSON, found)
    if reviews is not None:
        given = [r.get("claimReviewed") for r in _items(reviews) if _is_claimreview(r)]
        found += _compare(urls.CLAIMREVIEW_JSON, "ClaimReview", given, [c.claim for c in claims])
    return found + _feed_problems(site, files, [c.slug for c in claims if not c.is_draft])


def _json_file(site: Path, files: set[str], name: str, found: list[Diagnostic]) -> Any:
    """The parsed JSON of the site's file `name`, or None (with the problem added to `found`)."""
    if name not in files:
        found.append(missing(name, f"no {name} in the site", DATA_HINT))
        return None
    try:
        return json.loads((site / name).read_bytes())
    except ValueError as exc:
        found.append(missing(name, f"{name} does not parse as JSON: {exc}", DATA_HINT, getattr(exc, "lineno", 1)))
        return None


def _compare(name: str, what: str, given: list[Any], expected: list[str]) -> list[Diagnostic]:
    """`given` against `expected`, one problem for each expected value missing or extra
    (`what`: what file `name` has for each, "entry")."""
    have, want = Counter(given), Counter(expected)
    lacking = [f"{name} has no {what} for {_short(value)!r}" for value in sorted(want - have)]
    article = "an" if what[:1].lower() in "aeiou" else "a"
    unpublished = [
        f"{name} has {article} {what} for {_short(str(value))!r}, which the project does not publish"
        for value in have - want
    ]
    return [missing(name, message, DATA_HINT) for message in lacking + sorted(unpublished)]


def _feed_problems(site: Path, files: set[str], slugs: list[str]) -> list[Diagnostic]:
    name = urls.FEED
    if name not in files:
        return [missing(name, f"no {name} in the site", DATA_HINT)]
    try:
        root = ET.fromstring((site / name).read_bytes())
    except ET.ParseError as exc:
        return [missing(name, f"{name} does not parse as XML: {exc}", DATA_HINT, exc.position[0])]
    atom = "{" + feed.ATOM + "}"
    given = [_entry_claim(entry, atom) for entry in root.iter(atom + "entry")]
    return _compare(name, "entry", given, slugs)


def _entry_claim(entry: ET.Element, atom: str) -> str | None:
    """The slug of the claim a feed entry is about, from its id (a URN) or its link to the claim's page."""
    entry_id = (entry.findtext(atom + "id") or "").strip()
    if entry_id.startswith(feed.CLAIM_URN):
        return entry_id[len(feed.CLAIM_URN) :]
    link = entry.find(atom + "link")
    path = urllib.parse.urlsplit(link.get("href", "") if link is not None else "").path
    match = _FEED_CLAIM.search(urllib.parse.unquote(path))
    return match.group(1) if match else None


def search_index_problems(site: Path, files: set[str]) -> list[Diagnostic]:
    """One of the search indexes (SEARCH_INDEXES) is there, and parses."""
    present = [name for name in SEARCH_INDEXES if name in files]
    if not present:
        return [missing(SEARCH_INDEXES[0], f"no search index: none of {', '.join(SEARCH_INDEXES)}", DATA_HINT)]
    found: list[Diagnostic] = []
    for name in present:
        data = _json_file(site, files, name, found)
        if name == SEARCH_INDEXES[0] and isinstance(data, dict):
            for language in sorted(data.get("languages") or {}):
                meta = PAGEFIND_META.format((data["languages"][language] or {}).get("hash", ""))
                if meta not in files:
                    found.append(missing(meta, f"the search index of language {language!r} is missing", DATA_HINT))
    return found


def _short(text: str, words: int = 12) -> str:
    """The first words of a claim, enough to recognise it in a list of problems."""
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")
