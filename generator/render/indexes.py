"""The index pages: all claims, one series per verdict and per tag, sources, the overview.

Claims are reached through these pages and search, never through one nav
entry each (see plugin.py): the nav stays the same size however many
claims there are. Every list is cut into pages of PAGE_SIZE entries
(urls.paged names them), so no page grows with the number of claims; the
index pages are left out of the search index (the claim and source pages
are what search finds).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.errors import START
from generator.model import Claim, Project, Source, Tag
from generator.render import markup, mdpage, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.paging import Paging, Series, index_page, index_table, series, shown_range, table_row
from generator.render.vocab import STANCES, VERDICT_SCALE, verdict
from generator.render.widgets import badge, claim_link, stance_counts

# The marker in the hand-written home page that the overview replaces.
OVERVIEW_MARKER = "<!-- factsite:overview -->"

Citing = dict[str, list[Claim]]  # source id -> the claims citing it, in project order


# The columns of claims_table. On a phone its rows are stacked as cards (factsite.css): the cells after the
# verdict then show their column's name from data-label (their header is out of sight there).
CLAIM_COLUMNS = ("Claim", "Verdict", "Sources for", "Sources against", "Published")
# The opening tags of those labelled cells, made once (they are in every row of every index).
_LABELLED_CELLS = tuple(markup.opening("td", data_label=name) for name in CLAIM_COLUMNS[2:])


def claims_table(claims: Sequence[Claim], options: SiteOptions, src: str) -> str:
    """Claim, verdict, sources for and against, published date: one row per claim."""
    rows = []
    for c in claims:
        counts = stance_counts(c)
        rows.append(
            _claim_row(
                claim_link(c, options, src),
                badge(c.verdict, options.link(src, urls.verdict_page(c.verdict))),
                [str(counts["supports"]), str(counts["contradicts"]), markup.date(c.published, short=True)],
            )
        )
    return index_table(list(CLAIM_COLUMNS), rows, "fs-claims")


def _claim_row(claim: str, verdict: str, labelled: list[str]) -> str:
    """A row of claims_table: the claim and its verdict, then the cells that carry their column's name."""
    cells = "".join(opening + cell + "</td>" for opening, cell in zip(_LABELLED_CELLS, labelled, strict=True))
    return f"<tr><td>{claim}</td><td>{verdict}</td>{cells}</tr>"


def all_claims_pages(project: Project, options: SiteOptions) -> Series:
    ordered = sorted(project.claims, key=lambda c: (c.claim.casefold(), c.slug))
    return series(urls.CLAIMS_INDEX, ordered, lambda claims, paging: _all_claims(claims, paging, options))


def _all_claims(claims: Sequence[Claim], paging: Paging, options: SiteOptions) -> str:
    intro = element(
        "p",
        text(
            f"{paging.total:,} claims, in alphabetical order{shown_range(paging, len(claims))}. "
            "Search finds a claim by the words of its text, summary and excerpts."
        ),
    )
    return index_page("All claims", paging, options, intro, claims_table(claims, options, paging.src))


def verdict_pages(name: str, project: Project, options: SiteOptions) -> Series:
    claims = [c for c in project.claims if c.verdict == name]
    return series(urls.verdict_page(name), claims, lambda some, paging: _verdict(name, some, paging, options))


def _verdict(name: str, claims: Sequence[Claim], paging: Paging, options: SiteOptions) -> str:
    about = (
        " " + element("a", "What the verdicts mean", href=options.link(paging.src, options.methodology))
        if options.methodology
        else ""
    )
    count = f"{paging.total:,} claim{'s' * (paging.total != 1)}{shown_range(paging, len(claims))}."
    intro = element("p", badge(name) + " " + text(count) + about)
    table = (
        claims_table(claims, options, paging.src)
        if claims
        else element("p", "No claim has this verdict.", class_="fs-empty")
    )
    return index_page(verdict(name).label, paging, options, intro, table)


def citing_index(project: Project) -> Citing:
    """Every source's citing claims, in one pass over the evidence (project order)."""
    found: Citing = {source_id: [] for source_id in project.sources}
    for claim in project.claims:
        for source_id in dict.fromkeys(e.source for e in claim.evidence):
            found.setdefault(source_id, []).append(claim)
    return found


def sources_pages(project: Project, citing: Citing, options: SiteOptions) -> Series:
    ordered = [(project.sources[k], citing.get(k, [])) for k in sorted(project.sources)]
    return series(urls.SOURCES_INDEX, ordered, lambda some, paging: _sources(some, paging, options))


def _sources(sources: Sequence[tuple[Source, list[Claim]]], paging: Paging, options: SiteOptions) -> str:
    rows = [_source_row(s, claims, options, paging.src) for s, claims in sources]
    table = index_table(
        ["Source", "Outlet", "Published", "Claims", *(STANCES[s].label for s in STANCES)], rows, "fs-sources"
    )
    intro = (
        element("p", text(f"{paging.total:,} sources{shown_range(paging, len(sources))}.")) if paging.count > 1 else ""
    )
    return index_page("Sources", paging, options, intro, table)


def _source_row(source: Source, claims: list[Claim], options: SiteOptions, src: str) -> str:
    cited = [e for c in claims for e in c.evidence if e.source == source.id]
    link = element("a", text(source.label), href=options.link(src, urls.source_path(source.id)))
    counts = [str(sum(e.stance == s for e in cited)) for s in STANCES]
    published = markup.date(source.published, short=True) if source.published else ""
    return table_row([link, text(source.outlet), published, str(len(claims)), *counts])


def tag_index(project: Project) -> dict[str, list[Claim]]:
    """Every tag and its claims (project order), tags sorted."""
    found: dict[str, list[Claim]] = {}
    for claim in project.claims:
        for tag in claim.tags:
            found.setdefault(tag, []).append(claim)
    return dict(sorted(found.items()))


def tags_pages(tags: dict[str, list[Claim]], project: Project, options: SiteOptions) -> Series:
    """tags.md (every tag used, with its description and number of claims) and one series per tag."""
    described = [(project.tags.get(tag) or Tag(tag, tag, "", START), claims) for tag, claims in tags.items()]
    pages = series(urls.TAGS, described, lambda some, paging: _tags(some, paging, options))
    for tag, claims in described:
        pages |= series(urls.tag_page(tag.slug), claims, lambda some, paging, tag=tag: _tag(tag, some, paging, options))
    return pages


def _tags(tags: Sequence[tuple[Tag, list[Claim]]], paging: Paging, options: SiteOptions) -> str:
    items = [
        element(
            "li",
            element("a", text(tag.label), href=options.link(paging.src, urls.tag_page(tag.slug)), class_="fs-tag")
            + " "
            + text(f"{len(claims):,} claim{'s' * (len(claims) != 1)}")
            + (element("p", text(tag.description), class_="fs-tag-description") if tag.description else ""),
            id=f"tag:{tag.slug}",
        )
        for tag, claims in tags
    ]
    body = (
        element("ul", "".join(items), class_="fs-tags")
        if items
        else element("p", "No claim has tags yet.", class_="fs-empty")
    )
    return index_page("Tags", paging, options, body)


def _tag(tag: Tag, claims: Sequence[Claim], paging: Paging, options: SiteOptions) -> str:
    every = element("a", "All tags", href=options.link(paging.src, urls.TAGS, f"tag:{tag.slug}"))
    about = element("p", text(tag.description), class_="fs-tag-description") if tag.description else ""
    intro = element(
        "p", text(f"{paging.total:,} claim{'s' * (paging.total != 1)}{shown_range(paging, len(claims))}. ") + every
    )
    return index_page(f"Tag: {tag.label}", paging, options, about + intro, claims_table(claims, options, paging.src))


def overview(project: Project, options: SiteOptions, src: str = urls.HOME) -> str:
    """What replaces OVERVIEW_MARKER: the claims per verdict and the latest reviewed claims."""
    # Newest first; the same day in slug order (the sort is stable, project.claims is by slug).
    latest = sorted(project.claims, key=lambda c: c.published, reverse=True)[: options.latest]
    every = element("a", text(f"All {len(project.claims)} claims"), href=options.link(src, urls.CLAIMS_INDEX))
    return (
        "\n\n".join(
            [
                mdpage.heading(2, "Verdicts at a glance"),
                mdpage.raw("fs-overview", _verdict_counts(project, options, src)),
                mdpage.heading(2, "Latest reviews"),
                mdpage.raw("fs-overview", claims_table(latest, options, src), element("p", every)),
            ]
        )
        + "\n"
    )


def _verdict_counts(project: Project, options: SiteOptions, src: str) -> str:
    items = []
    for name in VERDICT_SCALE:
        n = sum(c.verdict == name for c in project.claims)
        link = badge(name, options.link(src, urls.verdict_page(name)))
        items.append(element("li", link + " " + text(f"{n} claim{'s' * (n != 1)}")))
    return element("ul", "".join(items), class_="fs-verdict-counts")


def home_page(project: Project, options: SiteOptions) -> str:
    """A home page for a project whose docs/ has no index.md."""
    return mdpage.page(
        {mdpage.TITLE: mdpage.title(options.site_name)},
        mdpage.raw("fs-index", element("h1", text(options.site_name))),
        overview(project, options),
    )
