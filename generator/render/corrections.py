"""corrections.md: every correction, update and clarification on the site, newest first.

The IFCN code asks for corrections that readers can find: each entry is
also on its claim page (record.corrections_box); this page lists them all,
with a link to each claim, and every page's footer links here.
"""

from __future__ import annotations

import posixpath
from functools import partial

from generator.model import Claim, Correction, Project
from generator.render import markup, mdpage, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.record import KIND_LABELS
from generator.render.widgets import claim_link

# The hand-written page that says how corrections are made (load/sitecheck.py requires it).
POLICY_PAGE = "corrections-policy.md"
INTRO = (
    "Every correction, update and clarification made to a fact-check after it was published, newest first. "
    "Each is also shown on the fact-check itself."
)
NONE_YET = "No fact-check has been corrected or updated since it was published."


def corrections_page(project: Project, options: SiteOptions) -> str:
    src = urls.CORRECTIONS
    entries = _newest_first(project.claims)
    policy = element("a", "How we correct", href=options.link(src, POLICY_PAGE))
    items = "".join(_entry(correction, claim, options, src) for correction, claim in entries)
    body = element("ol", items, class_="fs-corrections-list") if items else element("p", NONE_YET, class_="fs-empty")
    meta = {mdpage.TITLE: "Corrections", mdpage.DESCRIPTION: mdpage.title(INTRO)}
    return mdpage.page(
        meta,
        mdpage.raw("fs-corrections-page", element("h1", "Corrections"), element("p", text(INTRO) + " " + policy), body),
    )


def _newest_first(claims: list[Claim]) -> list[tuple[Correction, Claim]]:
    """Every correction with its claim: newest first; one day's in claim order, then as listed."""
    found = [(c, claim) for claim in claims for c in claim.corrections]  # claims are sorted by slug
    return sorted(found, key=lambda pair: pair[0].date, reverse=True)


def _entry(correction: Correction, claim: Claim, options: SiteOptions, src: str) -> str:
    kind = element(
        "span", text(KIND_LABELS.get(correction.kind, correction.kind)), class_=f"fs-kind fs-{correction.kind}"
    )
    head = element(
        "p",
        kind + " " + markup.date(correction.date) + " · " + claim_link(claim, options, src),
        class_="fs-correction-head",
    )
    # The text was written on the claim page: its relative links resolve from there.
    link = partial(_from_claim, options, src)
    return "<li>" + head + " " + markup.markdown(correction.text, link) + " </li>"


def _from_claim(options: SiteOptions, src: str, path: str) -> str:
    return options.link(src, posixpath.normpath(posixpath.join("claims", path)))
