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
from typing import Any

from . import urls
from .model import Claim, Evidence, Project, Source
from .options import SiteOptions
from .vocab import BEST_RATING, VERDICT_SCALE, WORST_RATING, verdict

SCHEMA_ORG = "https://schema.org"
# schema.org wants a Person or an Organization as a Claim's author; the
# claimants here are outlets and their articles.
CLAIMANT_TYPE = "Organization"
# The version of the claims.json layout; bumped on an incompatible change.
CLAIMS_FORMAT = "factsite-claims/1"
# In a <script> element "</script" or "<!--" would end or confuse it: escape <, > and &.
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def claim_review(claim: Claim, project: Project, options: SiteOptions) -> dict[str, Any]:
    """The ClaimReview of one claim."""
    rating = verdict(claim.verdict)
    return {
        "@context": SCHEMA_ORG, "@type": "ClaimReview",
        "url": options.absolute(urls.claim_page(claim.slug)),
        "claimReviewed": claim.claim,
        "datePublished": claim.reviewed,
        "author": _publisher(options),
        "reviewRating": {"@type": "Rating", "ratingValue": rating.rating, "bestRating": BEST_RATING,
                         "worstRating": WORST_RATING, "alternateName": rating.label},
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
    """The one source the claimant names by its id or outlet at its start, if exactly one."""
    def names(s: Source) -> bool:
        return any(n and re.match(re.escape(n) + r"(?:$|[\s(,:])", claimant) for n in (s.id, s.outlet))
    found = [s for s in sources.values() if names(s)]
    return found[0] if len(found) == 1 else None


def _creative_work(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": source.label}
    work |= {"url": source.url} if urls.is_web_url(source.url) else {}
    work |= {"datePublished": source.published} if source.published else {}
    return work | ({"publisher": {"@type": "Organization", "name": source.outlet}} if source.outlet else {})


def script_json(value: Any) -> str:
    """JSON that is safe inside <script type="application/ld+json"> (one line, sorted)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(_SCRIPT_UNSAFE)


def claimreview_json(project: Project, options: SiteOptions) -> str:
    """claimreview.json: the list of every claim's ClaimReview."""
    return _dump([claim_review(c, project, options) for c in project.claims])


def claims_json(project: Project, options: SiteOptions) -> str:
    """claims.json: every claim, its evidence with resolved offsets, and the sources."""
    return _dump({
        "format": CLAIMS_FORMAT,
        "offsets": "start, end and parts are Unicode code point offsets into the source file decoded "
                   "as UTF-8 (the file whose sha256 is given), end exclusive",
        "verdicts": [{"verdict": k, "label": v.label, "ratingValue": v.rating, "bestRating": BEST_RATING,
                      "worstRating": WORST_RATING} for k, v in VERDICT_SCALE.items()],
        "sources": [_source(project.sources[k], options) for k in sorted(project.sources)],
        "claims": [_claim(c, project, options) for c in project.claims],
    })


def _source(source: Source, options: SiteOptions) -> dict[str, Any]:
    return {"id": source.id, "title": source.title, "outlet": source.outlet, "url": source.url,
            "published": source.published, "notes": source.notes, "file": f"seeds/{source.file}",
            "sha256": source.sha256, "page": options.absolute(urls.source_page(source.id))}


def _claim(claim: Claim, project: Project, options: SiteOptions) -> dict[str, Any]:
    return {"slug": claim.slug, "page": options.absolute(urls.claim_page(claim.slug)),
            "claim": claim.claim, "claimant": claim.claimant, "date": claim.date,
            "verdict": claim.verdict, "verdictLabel": verdict(claim.verdict).label,
            "ratingValue": verdict(claim.verdict).rating, "summary": claim.summary, "tags": claim.tags,
            "reviewed": claim.reviewed,
            "evidence": [_evidence(claim, e, project.sources[e.source], options) for e in claim.evidence]}


def _evidence(claim: Claim, evidence: Evidence, source: Source, options: SiteOptions) -> dict[str, Any]:
    span = evidence.span
    anchor = urls.highlight_id(claim.slug, evidence.index)
    found: dict[str, Any] = {"index": evidence.index, "source": evidence.source, "stance": evidence.stance,
                             "quote": evidence.quote, "note": evidence.note,
                             "page": options.absolute(urls.source_page(source.id), anchor)}
    if span is not None and source.text is not None:
        found |= {"start": span.start, "end": span.end, "parts": [list(p) for p in span.parts],
                  "text": source.text.text[span.start:span.end]}
    return found


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
