"""Data for machines: schema.org ClaimReview, claims.json and claimreview.json.

ClaimReview follows Google's fact-check markup documentation and schema.org:
the review is the site's (its author is the organisation, with its address),
rated on VERDICT_SCALE (vocab.py: supported 5 ... contradicted 1) with the
verdict's label as alternateName; the Claim reviewed has the claimant as its
author (a Person or an Organization, by name, never an id), the day it was
said, and where it appeared (the appearance's URL, or the source it appears
in). URLs are absolute when the site has an address (SITE_URL).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.load.extract import page_of
from generator.model import Appearance, Claim, Claimant, Evidence, Person, Project, Source
from generator.render import urls
from generator.render.options import SiteOptions
from generator.render.vocab import BEST_RATING, VERDICT_SCALE, WORST_RATING, verdict

SCHEMA_ORG = "https://schema.org"
# schema.org's type for each kind of claimant (model.CLAIMANT_KINDS).
CLAIMANT_TYPES = {"person": "Person", "organization": "Organization"}
# The version of the claims.json layout; bumped on an incompatible change.
# 2: a source's provenance and format, an excerpt's PDF page.
# 3: a claim's claimant {name, role, kind} (was a string), said {date, source, where, url} (was `date`),
#    bottomLine, author and reviewers {id, name, role, url}, published (was `reviewed`), updated,
#    corrections [{date, kind, text}] and status.
# 4: unverified has no ratingValue (null); the scope of every rating; a claim's sourcesCited and openQuestions.
CLAIMS_FORMAT = "factsite-claims/4"
# In a <script> element "</script" or "<!--" would end or confuse it: escape <, > and &.
_SCRIPT_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def claim_review(claim: Claim, project: Project, options: SiteOptions) -> dict[str, Any]:
    """The ClaimReview of one claim."""
    rating = verdict(claim.verdict)
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": options.absolute(urls.claim_path(claim.slug)),
        "claimReviewed": claim.claim,
    }
    if claim.published:  # a draft (shown only in a preview) has no publication day yet
        review |= {"datePublished": claim.published, "dateModified": claim.last_updated or claim.published}
    return review | {
        "author": _publisher(options),
        "reviewRating": {"@type": "Rating"}
        | _scale(rating.rating)
        | {
            "alternateName": rating.label,
            "ratingExplanation": _explanation(claim, project),
        },
        "itemReviewed": _item_reviewed(claim, project),
    }


def _scale(value: int | None) -> dict[str, int]:
    """The numeric rating, where the verdict has one (vocab.VERDICT_SCALE)."""
    return {} if value is None else {"ratingValue": value, "bestRating": BEST_RATING, "worstRating": WORST_RATING}


def scope(project: Project) -> str:
    """What every rating rests on, in words: the sources the site holds, and nothing else."""
    held = len(project.sources)
    return f"Rated against the {held} source{'s' * (held != 1)} this site holds, and nothing else."


def _explanation(claim: Claim, project: Project) -> str:
    """schema.org's ratingExplanation: the bottom line, and the scope of the rating."""
    return " ".join(part for part in (claim.bottom_line, scope(project)) if part)


def _publisher(options: SiteOptions) -> dict[str, str]:
    found = {"@type": "Organization", "name": options.site_name}
    return found | ({"url": options.site_url} if options.site_url else {})


def _item_reviewed(claim: Claim, project: Project) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    item |= {"author": _claimant(claim.claimant)} if claim.claimant else {}
    item |= {"datePublished": claim.said.date} if claim.said.date else {}
    appearance = _appearance(claim.said, project.sources)
    return item | ({"appearance": appearance} if appearance else {})


def _claimant(claimant: Claimant) -> dict[str, str]:
    """The claim's author: a Person with their job title, or an Organization with a description."""
    kind = CLAIMANT_TYPES.get(claimant.kind, "Person")
    found = {"@type": kind, "name": claimant.name}
    if claimant.role:
        found["jobTitle" if kind == "Person" else "description"] = claimant.role
    return found


def _appearance(said: Appearance, sources: dict[str, Source]) -> dict[str, Any] | None:
    """Where the claim was made, as a CreativeWork: the source it appears in and/or its address,
    else the editors' words for it; None when the claim file does not say."""
    source = sources.get(said.source) if said.source else None
    work: dict[str, Any] = _creative_work(source) if source is not None else {"@type": "CreativeWork"}
    if urls.is_web_url(said.url):
        work["url"] = said.url
    if said.where:
        work["description"] = said.where
    return work if len(work) > 1 else None


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
            "scope": scope(project),
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
    claimant, said = claim.claimant, claim.said
    return {
        "slug": claim.slug,
        "page": options.absolute(urls.claim_path(claim.slug)),
        "status": claim.status,
        "claim": claim.claim,
        "claimant": {"name": claimant.name, "role": claimant.role, "kind": claimant.kind} if claimant else None,
        "said": {"date": said.date, "source": said.source, "where": said.where, "url": said.url},
        "verdict": claim.verdict,
        "verdictLabel": verdict(claim.verdict).label,
        "ratingValue": verdict(claim.verdict).rating,
        "sourcesCited": len({e.source for e in claim.evidence}),
        "bottomLine": claim.bottom_line,
        "summary": claim.summary,
        "openQuestions": claim.open_questions,
        "tags": claim.tags,
        "author": _person(project.people.get(claim.author)) if claim.author else None,
        "reviewers": [p for r in claim.reviewers if (p := _person(project.people.get(r)))],
        "published": claim.published,
        "updated": claim.last_updated,
        "corrections": [{"date": c.date, "kind": c.kind, "text": c.text} for c in claim.corrections],
        "evidence": [_evidence(claim, e, project.sources[e.source], options) for e in claim.evidence],
    }


def _person(person: Person | None) -> dict[str, str] | None:
    """A member of the desk; None for an id claims/people.yml lacks (an error of `check`)."""
    return {"id": person.id, "name": person.name, "role": person.role, "url": person.url} if person else None


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
