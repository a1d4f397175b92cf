"""The index pages: all claims, one page per verdict, sources, the matrix, tags, the overview.

Claims are reached through these pages and search, never through one nav
entry each (see plugin.py): the nav stays the same size however many
claims there are.
"""

from __future__ import annotations

from . import html, mdpage, urls
from .html import element, text
from .model import Claim, Project, Source
from .options import SiteOptions
from .vocab import STANCES, VERDICT_SCALE, verdict
from .widgets import badge, claim_link, sign, stance_counts

# The marker in the hand-written home page that the overview replaces.
OVERVIEW_MARKER = "<!-- factsite:overview -->"
# The directive where mkdocs-material's tags plugin puts its listing.
TAGS_DIRECTIVE = "<!-- material/tags -->"


def _row(cells: list[str], header: bool = False) -> str:
    return element("tr", "".join(element("th" if header else "td", c) for c in cells))


def _table(head: list[str], rows: list[str], class_: str) -> str:
    """A table in a classed <div>: the theme styles only tables without a class."""
    table = element("table", element("thead", _row(head, header=True)) + element("tbody", "".join(rows)))
    return element("div", table, class_=class_)


def claims_table(claims: list[Claim], options: SiteOptions, src: str) -> str:
    """Claim, verdict, sources for and against, reviewed date: one row per claim."""
    rows = []
    for c in claims:
        counts = stance_counts(c)
        rows.append(_row([claim_link(c, options, src),
                          badge(c.verdict, options.link(src, urls.verdict_page(c.verdict))),
                          str(counts["supports"]), str(counts["contradicts"]), html.date(c.reviewed, short=True)]))
    return _table(["Claim", "Verdict", "Sources for", "Sources against", "Reviewed"], rows, "fs-claims")


def all_claims_page(project: Project, options: SiteOptions) -> str:
    src = urls.CLAIMS_INDEX
    intro = element("p", text(f"{len(project.claims)} claims, in alphabetical order. "
                              "Search finds a claim by the words of its text, summary and excerpts."))
    ordered = sorted(project.claims, key=lambda c: (c.claim.casefold(), c.slug))
    return mdpage.page({mdpage.TITLE: "All claims"},
                       mdpage.raw("fs-index", element("h1", "All claims"), intro,
                                  claims_table(ordered, options, src)))


def verdict_page(name: str, project: Project, options: SiteOptions) -> str:
    src = urls.verdict_page(name)
    claims = [c for c in project.claims if c.verdict == name]
    label = verdict(name).label
    about = (" " + element("a", "What the verdicts mean", href=options.link(src, options.methodology))
             if options.methodology else "")
    intro = element("p", badge(name) + " " + text(f"{len(claims)} claim{'s' * (len(claims) != 1)}.") + about)
    table = claims_table(claims, options, src) if claims else element("p", "No claim has this verdict.",
                                                                          class_="fs-empty")
    return mdpage.page({mdpage.TITLE: mdpage.title(label)},
                       mdpage.raw("fs-index", element("h1", text(label)), intro, table))


def sources_page(project: Project, options: SiteOptions) -> str:
    src = urls.SOURCES_INDEX
    rows = [_source_row(project.sources[k], project, options, src) for k in sorted(project.sources)]
    table = _table(["Source", "Outlet", "Published", "Claims", *(STANCES[s].label for s in STANCES)], rows,
                   "fs-sources")
    return mdpage.page({mdpage.TITLE: "Sources"}, mdpage.raw("fs-index", element("h1", "Sources"), table))


def _source_row(source: Source, project: Project, options: SiteOptions, src: str) -> str:
    cited = [e for c in project.claims for e in c.evidence if e.source == source.id]
    link = element("a", text(source.label), href=options.link(src, urls.source_page(source.id)))
    counts = [str(sum(e.stance == s for e in cited)) for s in STANCES]
    published = html.date(source.published, short=True) if source.published else ""
    return _row([link, text(source.outlet), published, str(len(project.citing(source.id))), *counts])


def matrix_page(project: Project, options: SiteOptions) -> str:
    """Claims down, sources across; each cell the signs of what that source does to that claim."""
    src, ids = urls.MATRIX, sorted(project.sources)
    heads = ["Claim", "Verdict"] + [_source_head(project.sources[i], options, src) for i in ids]
    rows = [_row([claim_link(c, options, src), badge(c.verdict)] + [_cell(c, i, options, src) for i in ids])
            for c in project.claims]
    legend = element("p", "Each cell shows what a source says about a claim: "
                     + ", ".join(sign(STANCES[s].sign) + " " + text(STANCES[s].label.lower()) for s in STANCES)
                     + ". A sign links to the passage in the source.", class_="fs-legend")
    return mdpage.page({mdpage.TITLE: "Source-by-claim matrix"},
                       mdpage.raw("fs-index fs-matrix-page", element("h1", "Source-by-claim matrix"), legend,
                                  _table(heads, rows, "fs-matrix")))


def _source_head(source: Source, options: SiteOptions, src: str) -> str:
    link = element("a", text(source.id), href=options.link(src, urls.source_page(source.id)), title=source.label)
    return element("span", link, class_="fs-vertical")


def _cell(claim: Claim, source_id: str, options: SiteOptions, src: str) -> str:
    """The signs of what `source_id` does to `claim`, each a link to its first such passage."""
    signs = []
    for stance, entry in STANCES.items():
        first = next((e for e in claim.excerpts(stance) if e.source == source_id), None)
        if first is not None:
            href = options.link(src, urls.source_page(source_id), urls.highlight_id(claim.slug, first.index))
            words = element("span", text(entry.label), class_="fs-sr")
            signs.append(element("a", sign(entry.sign) + words, href=href, class_=f"fs-cell fs-{stance}",
                                 title=entry.label))
    return " ".join(signs)


def tags_page() -> str:
    return mdpage.page({mdpage.TITLE: "Tags"}, mdpage.heading(1, "Tags"), TAGS_DIRECTIVE)


def overview(project: Project, options: SiteOptions, src: str = urls.HOME) -> str:
    """What replaces OVERVIEW_MARKER: the claims per verdict and the latest reviewed claims."""
    # Newest first; the same day in slug order (the sort is stable, project.claims is by slug).
    latest = sorted(project.claims, key=lambda c: c.reviewed, reverse=True)[:options.latest]
    every = element("a", text(f"All {len(project.claims)} claims"), href=options.link(src, urls.CLAIMS_INDEX))
    return "\n\n".join([mdpage.heading(2, "Verdicts at a glance"),
                        mdpage.raw("fs-overview", _verdict_counts(project, options, src)),
                        mdpage.heading(2, "Latest reviews"),
                        mdpage.raw("fs-overview", claims_table(latest, options, src), element("p", every))]) + "\n"


def _verdict_counts(project: Project, options: SiteOptions, src: str) -> str:
    items = []
    for name in VERDICT_SCALE:
        n = sum(c.verdict == name for c in project.claims)
        link = badge(name, options.link(src, urls.verdict_page(name)))
        items.append(element("li", link + " " + text(f"{n} claim{'s' * (n != 1)}")))
    return element("ul", "".join(items), class_="fs-verdict-counts")


def home_page(project: Project, options: SiteOptions) -> str:
    """A home page for a project whose docs/ has no index.md."""
    return mdpage.page({mdpage.TITLE: mdpage.title(options.site_name)},
                       mdpage.raw("fs-index", element("h1", text(options.site_name))), overview(project, options))
