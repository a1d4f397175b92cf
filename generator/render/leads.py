"""editors/leads.md: the places where the sources seem to disagree, for the editors, in previews only.

The page lists what `factsite suggest` lists (suggest/find.py): the open
leads, then those a claim already covers, each with its kind, score and
description, and each excerpt quoted with a link to its place in its
source page. A passage a claim cites has an anchor there (the claim's
pin, `<slug>-<n>`); the link names it, and adds a text fragment
(`#:~:text=`) that makes the browser scroll to the very words, which is
all an uncited passage has. Everything a lead carries comes from the
sources and goes through markup.text.

plan.py puts the page in a build that shows drafts (`mkdocs serve`, the
pull request previews), never in the published site: a lead is a place
to check, not a finding. It is left out of the search index, and the
plugin keeps generated pages out of the readers' menu.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from generator.model import Claim, Project
from generator.render import mdpage, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.paging import NOT_SEARCHED
from generator.render.widgets import claim_link
from generator.suggest import find
from generator.suggest.excerpts import Coverage, rank_leads
from generator.suggest.lead import Excerpt, Lead

TITLE = "Leads: where the sources disagree"
INTRO = (
    "Places where the sources seem to disagree: numbers, dates, weekdays, durations and counts that differ, "
    "the same words given to other speakers, one remark in two renderings. Each is a lead to check, never "
    "a finding; this page is in the previews only, never in the published site. A lead becomes a claim file "
    "with the command under it; the command factsite suggest lists the same leads in a terminal."
)
NO_OPEN = "No open lead: every disagreement found is covered by a claim, or none was found."
NO_COVERED = "No claim covers a lead yet."
# How much of a quote the page shows; the link still leads to the whole passage.
SHOWN_QUOTE_CHARS = 400

Cited = dict[str, list[tuple[int, int, str]]]  # source id -> (start, end, pin id) of each cited span


def leads_page(project: Project, options: SiteOptions, leads: Sequence[Lead] | None = None) -> str:
    """The Markdown of editors/leads.md; `leads` are the engine's, ranked (found here when None)."""
    if leads is None:
        leads = _leads(project)
    src = urls.LEADS
    cited = cited_spans(project.claims)
    # What the page is made of; the same as last time (an edit to a claim's summary), the same page
    # (the very string: the preview then leaves the page as it is, a second saved on each rebuild).
    labels = tuple((s.id, s.label) for s in project.sources.values())  # the names the excerpts show
    key = (tuple(leads), cited, options, tuple((c.slug, c.claim) for c in project.claims), labels)
    global _made
    if _made is not None and _made[0] == key:
        return _made[1]
    claims = {c.slug: c for c in project.claims}
    ranked = list(enumerate(leads, 1))
    items = {
        covered: [
            _lead(rank, lead, project, claims, cited, options, src) for rank, lead in ranked if lead.covered == covered
        ]
        for covered in (False, True)
    }
    meta = {mdpage.TITLE: TITLE, mdpage.DESCRIPTION: mdpage.title(INTRO), **NOT_SEARCHED}
    page = mdpage.page(
        meta,
        mdpage.raw("fs-leads-head", element("h1", TITLE), element("p", text(INTRO))),
        mdpage.heading(2, "Open leads"),
        _listing(items[False], NO_OPEN),
        mdpage.heading(2, "Covered by a claim"),
        _listing(items[True], NO_COVERED),
    )
    _made = (key, page)
    return page


# The last sources the finder ran on, and its leads: under `mkdocs serve` an edit to a claim makes
# this page again, and the leads depend on the sources alone (a claim only covers them), so the
# finder, seconds on a large project, runs again only when a source changed (a new Source object).
_found: tuple[tuple[object, ...], list[Lead]] | None = None
# The last page made, and what it was made of (leads_page).
_made: tuple[tuple[object, ...], str] | None = None


def _leads(project: Project) -> list[Lead]:
    """find_leads' answer, the sources' leads kept while the sources are the same objects."""
    global _found
    sources = tuple(project.sources.values())
    if _found is None or len(_found[0]) != len(sources) or any(a is not b for a, b in zip(_found[0], sources)):
        _found = (sources, find.find_leads(project))
    coverage = Coverage(project.claims)
    return rank_leads([replace(lead, covered_by=coverage.covered_by(lead.excerpts)) for lead in _found[1]])


def cited_spans(claims: list[Claim]) -> Cited:
    """Every resolved excerpt of `claims`, by source: where it is and the id of its pin on the source page."""
    found: Cited = {}
    for claim in claims:
        for e in claim.evidence:
            if e.span is not None:
                found.setdefault(e.source, []).append(
                    (e.span.start, e.span.end, urls.highlight_id(claim.slug, e.index))
                )
    for spans in found.values():
        spans.sort()
    return found


def excerpt_link(excerpt: Excerpt, cited: Cited, options: SiteOptions, src: str) -> str:
    """The address of the excerpt's place in its source page: the pin of a cited span it overlaps
    (the first), if any, and a text fragment naming its words."""
    pin = next((key for a, b, key in cited.get(excerpt.source, ()) if a < excerpt.end and excerpt.start < b), "")
    return urls.text_fragment(options.link(src, urls.source_path(excerpt.source), pin), excerpt.quote)


def _listing(items: list[str], empty: str) -> str:
    if not items:
        return mdpage.raw("fs-leads", element("p", empty, class_="fs-empty"))
    return mdpage.raw("fs-leads", element("ol", "".join(items), class_="fs-leads-list"))


def _lead(
    rank: int,
    lead: Lead,
    project: Project,
    claims: dict[str, Claim],
    cited: Cited,
    options: SiteOptions,
    src: str,
) -> str:
    head = (
        element("span", text(lead.kind), class_="fs-lead-kind")
        + " "
        + element("strong", text(lead.description))
        + " "
        + element("span", f"score {lead.score:.2f} · {text(lead.id)}", class_="fs-lead-score")
    )
    lines = [element("p", head, class_="fs-lead-head")]
    if lead.covered:
        covering = [claim_link(claims[s], options, src) if s in claims else text(s) for s in lead.covered_by]
        lines.append(element("p", "Covered by: " + "; ".join(covering), class_="fs-lead-covered"))
    excerpts = "".join(_excerpt(e, project, cited, options, src) for e in lead.excerpts)
    lines.append(element("ul", excerpts, class_="fs-lead-excerpts"))
    command = f"factsite new SLUG --from-lead {rank}"
    lines.append(element("p", "Start a claim from it: " + element("code", command), class_="fs-lead-start"))
    return element("li", "".join(lines), value=str(rank), id=f"lead-{lead.id}", class_="fs-lead")


def _excerpt(excerpt: Excerpt, project: Project, cited: Cited, options: SiteOptions, src: str) -> str:
    source = project.sources.get(excerpt.source)
    label = source.label if source is not None else excerpt.source
    quote = " ".join(excerpt.quote.split())
    if len(quote) > SHOWN_QUOTE_CHARS:
        quote = quote[: SHOWN_QUOTE_CHARS - 1].rstrip() + "…"
    link = element("a", text(label), href=excerpt_link(excerpt, cited, options, src))
    value = f" {element('span', '(' + text(excerpt.value) + ')', class_='fs-lead-value')}" if excerpt.value else ""
    return "<li>" + link + ": “" + text(quote) + "”" + value + "</li>"
