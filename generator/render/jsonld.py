"""Data for machines: schema.org ClaimReview, claims.json and claimreview.json.

The verdict is rated on VERDICT_SCALE (vocab.py): supported 5 ...
contradicted 1, with the verdict's label as alternateName. A claim's
`claimant` is the author of the Claim reviewed; when it names one of the
sources (it begins with the source's id or outlet), that article is the
Claim's appearance.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from generator.load.extract import page_of
from generator.model import Claim, Evidence, Project, Source
from generator.render import urls
from generator.render.options import SiteOptions
from generator.render.vocab import BEST_RATING, VERDICT_SCALE, WORST_RATING, verdict

SCHEMA_ORG = "https://schema.org"
# schema.org wants a Person or an Organization as a Claim's author; the
# claimants here are outlets and their articles.
CLAIMANT_TYPE = "Organization"
# The version of the claims.json layout; bumped on an incompatible change.
CLAIMS_FORMAT = "factsite-claims/2"  # 2: a source's provenance and format, an excerpt's PDF page
# In a <script> element "</script" or "<!--" would end or confuse it: escape <, > and &.
_SCRIPT_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def claim_review(claim: Claim, project: Project, options: SiteOptions) -> dict[str, Any]:
    """The ClaimReview of one claim."""
    rating = verdict(claim.verdict)
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": options.absolute(urls.claim_path(claim.slug)),
        "claimReviewed": claim.claim,
        "datePublished": claim.reviewed,
        "author": _publisher(options),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.rating,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating.label,
        },
        "itemReviewed": _item_reviewed(claim, project),
    }


def _publisher(options: SiteOptions) -> dict[str, str]:
    found = {"@type": "Organization", "name": options.site_name}
    return found | ({"url": options.site_url} if options.site_url else {})


def _item_reviewed(claim: Claim, project: Project) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = {"@type": CLAIMANT_TYPE, "name": claim.claimant}
        source = claimant_source(claim.claimant, project.sources)
        item |= {"appearance": _creative_work(source)} if source else {}
    item |= {"datePublished": claim.date} if claim.date else {}
    return item


def claimant_source(claimant: str, sources: dict[str, Source]) -> Source | None:
    """The one source the claimant names at its start (by its title, label, outlet or id), if exactly one.

    A name counts when the claimant is the name, or the name followed by
    whitespace, '(', ',' or ':'; the claimant's few such prefixes are looked
    up in an index of the names (a scan of every source per claim would make
    a site of thousands of claims and sources quadratic).
    """
    names = _names(sources)
    prefixes = [claimant, *(claimant[: m.start()] for m in _NAME_END.finditer(claimant))]
    found = {s.id: s for prefix in prefixes for s in names.get(prefix, ())}
    return next(iter(found.values())) if len(found) == 1 else None


_NAME_END = re.compile(r"[\s(,:]")
# The last registry indexed and its index (the registry is kept, so its id is never reused).
_LAST_NAMES: list[tuple[dict[str, Source], dict[str, list[Source]]]] = []


def _names(sources: dict[str, Source]) -> dict[str, list[Source]]:
    """Every source by its id, outlet, title and label (registries are not changed once loaded)."""
    if not _LAST_NAMES or _LAST_NAMES[0][0] is not sources:
        index: dict[str, list[Source]] = {}
        for source in sources.values():
            for name in dict.fromkeys(n for n in (source.id, source.outlet, source.title, source.given_label) if n):
                index.setdefault(name, []).append(source)
        _LAST_NAMES[:] = [(sources, index)]
    return _LAST_NAMES[0][1]


def _creative_work(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": source.label}
    work |= {"url": source.url} if urls.is_web_url(source.url) else {}
    work |= {"datePublished": source.published} if source.published else {}
    return work | ({"publisher": {"@type": "Organization", "name": source.outlet}} if source.outlet else {})


def script_json(value: Any) -> str:
    """JSON that is safe inside <script type="application/ld+json"> (one line, sorted)."""
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in _SCRIPT_UNSAFE:  # three str.replace: far faster than str.translate
        encoded = encoded.replace(char, escaped)
    return encoded


Encoded = Callable[[Claim], str]  # a claim's item of a data file, already encoded (see _list)


def claimreview_json(project: Project, options: SiteOptions, review: Encoded | None = None) -> str:
    """claimreview.json: the list of every claim's ClaimReview (`review`: each one, encoded)."""
    review = review or (lambda c: review_item(c, project, options))
    return _list([review(c) for c in project.claims]) + "\n"


def review_item(claim: Claim, project: Project, options: SiteOptions) -> str:
    return _item(claim_review(claim, project, options))


def claims_json(project: Project, options: SiteOptions, entry: Encoded | None = None) -> str:
    """claims.json: every claim, its evidence with resolved offsets, and the sources (`entry`: a claim, encoded)."""
    entry = entry or (lambda c: claim_item(c, project, options))
    head = _item(
        {
            "format": CLAIMS_FORMAT,
            "offsets": "start, end and parts are Unicode code point offsets into the source's text, end "
            "exclusive: the file decoded as UTF-8 for a text source (the file whose sha256 is given), the "
            "extracted text for a web page or PDF (whose text_sha256 is given); pdfPage is the page a quote "
            "starts on",
            "verdicts": [
                {
                    "verdict": k,
                    "label": v.label,
                    "ratingValue": v.rating,
                    "bestRating": BEST_RATING,
                    "worstRating": WORST_RATING,
                }
                for k, v in VERDICT_SCALE.items()
            ],
        }
    )
    sources = _list([_item(_source(project.sources[k], options)) for k in sorted(project.sources)])
    claims = _list([entry(c) for c in project.claims])
    return "".join([head.removesuffix("}"), ',\n"sources":', sources, ',\n"claims":', claims, "}\n"])  # one copy


def claim_item(claim: Claim, project: Project, options: SiteOptions) -> str:
    return _item(_claim(claim, project, options))


def _source(source: Source, options: SiteOptions) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "outlet": source.outlet,
        "url": source.url,
        "published": source.published,
        "notes": source.notes,
        "file": f"seeds/{source.file}",
        "sha256": source.sha256,
        "page": options.absolute(urls.source_path(source.id)),
        "label": source.label,
        "author": source.author,
        "archiveUrl": source.archive_url,
        "retrieved": source.retrieved,
        "format": source.format,
        "extractor": source.extracted_by,
        "textSha256": source.actual_text_sha256,
        "pages": len(source.pages),
        "original": options.absolute(urls.original_path(source.id, source.file)),
    }


def _claim(claim: Claim, project: Project, options: SiteOptions) -> dict[str, Any]:
    return {
        "slug": claim.slug,
        "page": options.absolute(urls.claim_path(claim.slug)),
        "claim": claim.claim,
        "claimant": claim.claimant,
        "date": claim.date,
        "verdict": claim.verdict,
        "verdictLabel": verdict(claim.verdict).label,
        "ratingValue": verdict(claim.verdict).rating,
        "summary": claim.summary,
        "tags": claim.tags,
        "reviewed": claim.reviewed,
        "evidence": [_evidence(claim, e, project.sources[e.source], options) for e in claim.evidence],
    }


def _evidence(claim: Claim, evidence: Evidence, source: Source, options: SiteOptions) -> dict[str, Any]:
    span = evidence.span
    anchor = urls.highlight_id(claim.slug, evidence.index)
    found: dict[str, Any] = {
        "index": evidence.index,
        "source": evidence.source,
        "stance": evidence.stance,
        "quote": evidence.quote,
        "note": evidence.note,
        "page": options.absolute(urls.source_path(source.id), anchor),
    }
    if span is not None and source.text is not None:
        found |= {
            "start": span.start,
            "end": span.end,
            "parts": [list(p) for p in span.parts],
            "text": source.text[span.start : span.end],
        }
        page = page_of(source.pages, span.start)
        found |= {"pdfPage": page} if page is not None else {}
    return found


def _item(value: Any) -> str:
    """One item of a data file: compact JSON, one line (json's C encoder writes it)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _list(items: list[str]) -> str:
    """The JSON list of the encoded `items`, one item per line.

    The data files are put together from their items, so that `mkdocs serve`
    encodes again only the items of the claims that changed; and one line per
    item keeps a diff of two data files to the items that changed.
    """
    if not items:
        return "[]"
    return "".join(["[\n", ",\n".join(items), "\n]"])
