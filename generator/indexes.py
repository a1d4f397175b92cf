"""The index pages: all claims, one series per verdict and per tag, sources, the matrix, the overview.

Claims are reached through these pages and search, never through one nav
entry each (see plugin.py): the nav stays the same size however many
claims there are. Every list is cut into pages of PAGE_SIZE entries
(urls.paged names them), so no page grows with the number of claims; the
index pages are left out of the search index (the claim and source pages
are what search finds).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from . import html, mdpage, urls
from .html import element, text
from .model import Claim, Evidence, Project, Source
from .options import SiteOptions
from .vocab import STANCES, VERDICT_SCALE, verdict
from .widgets import badge, claim_link, sign, stance_counts

# The marker in the hand-written home page that the overview replaces.
OVERVIEW_MARKER = "<!-- factsite:overview -->"
# Entries (claims, sources, tags) per index page: the largest index page is
# the same size at 1,000 claims and at 100,000.
PAGE_SIZE = 100
# Page numbers the pager links on each side of the current page (besides the first and last).
PAGER_WINDOW = 2
# With at most this many sources the matrix is a grid, one column per source;
# with more, each row lists only the sources its claim cites.
MATRIX_GRID_SOURCES = 12
# Front matter that keeps a page out of the search index (mkdocs-material).
NOT_SEARCHED = {"search": {"exclude": True}}

Citing = dict[str, list[Claim]]  # source id -> the claims citing it, in project order
T = TypeVar("T")
Page = Callable[[Sequence[T], "Paging"], str]  # a page of a series from its entries


@dataclass(frozen=True, slots=True)
class Paging:
    first: str  # the path of the series' first page
    number: int  # this page, from 1
    count: int  # pages in the series
    total: int  # entries in the series
    start: int  # the index of this page's first entry

    @property
    def src(self) -> str:
        return urls.paged(self.first, self.number)

    def title(self, title: str) -> str:
        return title if self.count == 1 else f"{title} (page {self.number} of {self.count})"


@dataclass(frozen=True, slots=True)
class Pending:
    """A page of a series, not rendered yet: what it shows and how."""

    paging: Paging
    entries: Sequence[Any]
    page: Page[Any]

    def render(self) -> str:
        return self.page(self.entries, self.paging)


Series = dict[str, Pending]  # path -> page


def series(first: str, items: Sequence[T], page: Page[T]) -> Series:
    """The pages of a paginated list: PAGE_SIZE entries each, and always a first page."""
    count = max(1, -(-len(items) // PAGE_SIZE))
    pages = {}
    for number in range(1, count + 1):
        start = (number - 1) * PAGE_SIZE
        paging = Paging(first, number, count, len(items), start)
        pages[paging.src] = Pending(paging, items[start:start + PAGE_SIZE], page)
    return pages


def pager(paging: Paging, options: SiteOptions) -> str:
    """Links to the first, last, previous, next and nearby pages ('' for a single page)."""
    if paging.count == 1:
        return ""
    near = range(max(1, paging.number - PAGER_WINDOW), min(paging.count, paging.number + PAGER_WINDOW) + 1)
    items, shown = [_pager_link(paging, paging.number - 1, "‹ Previous", options)], 0
    for number in sorted({1, paging.count, *near}):
        items += [element("li", "…", class_="fs-pager-gap")] if number > shown + 1 else []
        items.append(_pager_link(paging, number, str(number), options))
        shown = number
    items.append(_pager_link(paging, paging.number + 1, "Next ›", options))
    return element("nav", element("ul", "".join(items)), class_="fs-pager", aria_label="Pages")


def _pager_link(paging: Paging, number: int, label: str, options: SiteOptions) -> str:
    if number == paging.number and label.isdigit():
        return element("li", element("span", label, aria_current="page"))
    if not 1 <= number <= paging.count:
        return element("li", element("span", label, class_="fs-pager-off"))
    return element("li", element("a", label, href=options.link(paging.src, urls.paged(paging.first, number))))


def _range(paging: Paging, shown: int) -> str:
    """'; 201–400 on this page' when the list has several pages."""
    return "" if paging.count == 1 else f"; {paging.start + 1:,}–{paging.start + shown:,} on this page"


def _row(cells: list[str], header: bool = False) -> str:
    if header:
        return element("tr", "".join(element("th", c) for c in cells))
    return "<tr><td>" + "</td><td>".join(cells) + "</td></tr>"  # element("tr", ...) of "td"s, written out: every row


def _table(head: list[str], rows: list[str], class_: str) -> str:
    """A table in a classed <div>: the theme styles only tables without a class."""
    table = element("table", element("thead", _row(head, header=True)) + element("tbody", "".join(rows)))
    return element("div", table, class_=class_)


def _index_page(title: str, paging: Paging, options: SiteOptions, *lines: str, class_: str = "fs-index") -> str:
    """An index page: its title (with the page number), `lines`, the pager; not searched."""
    meta = {mdpage.TITLE: mdpage.title(paging.title(title)), **NOT_SEARCHED}
    nav = pager(paging, options)
    return mdpage.page(meta, mdpage.raw(class_, element("h1", text(paging.title(title))), *lines, nav))


def claims_table(claims: Sequence[Claim], options: SiteOptions, src: str) -> str:
    """Claim, verdict, sources for and against, reviewed date: one row per claim."""
    rows = []
    for c in claims:
        counts = stance_counts(c)
        rows.append(_row([claim_link(c, options, src),
                          badge(c.verdict, options.link(src, urls.verdict_page(c.verdict))),
                          str(counts["supports"]), str(counts["contradicts"]), html.date(c.reviewed, short=True)]))
    return _table(["Claim", "Verdict", "Sources for", "Sources against", "Reviewed"], rows, "fs-claims")


def all_claims_pages(project: Project, options: SiteOptions) -> Series:
    ordered = sorted(project.claims, key=lambda c: (c.claim.casefold(), c.slug))
    return series(urls.CLAIMS_INDEX, ordered, lambda claims, paging: _all_claims(claims, paging, options))


def _all_claims(claims: Sequence[Claim], paging: Paging, options: SiteOptions) -> str:
    intro = element("p", text(f"{paging.total:,} claims, in alphabetical order{_range(paging, len(claims))}. "
                              "Search finds a claim by the words of its text, summary and excerpts."))
    return _index_page("All claims", paging, options, intro, claims_table(claims, options, paging.src))


def verdict_pages(name: str, project: Project, options: SiteOptions) -> Series:
    claims = [c for c in project.claims if c.verdict == name]
    return series(urls.verdict_page(name), claims, lambda some, paging: _verdict(name, some, paging, options))


def _verdict(name: str, claims: Sequence[Claim], paging: Paging, options: SiteOptions) -> str:
    about = (" " + element("a", "What the verdicts mean", href=options.link(paging.src, options.methodology))
             if options.methodology else "")
    count = f"{paging.total:,} claim{'s' * (paging.total != 1)}{_range(paging, len(claims))}."
    intro = element("p", badge(name) + " " + text(count) + about)
    table = claims_table(claims, options, paging.src) if claims else element(
        "p", "No claim has this verdict.", class_="fs-empty")
    return _index_page(verdict(name).label, paging, options, intro, table)


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
    table = _table(["Source", "Outlet", "Published", "Claims", *(STANCES[s].label for s in STANCES)], rows,
                   "fs-sources")
    intro = element("p", text(f"{paging.total:,} sources{_range(paging, len(sources))}.")) if paging.count > 1 else ""
    return _index_page("Sources", paging, options, intro, table)


def _source_row(source: Source, claims: list[Claim], options: SiteOptions, src: str) -> str:
    cited = [e for c in claims for e in c.evidence if e.source == source.id]
    link = element("a", text(source.label), href=options.link(src, urls.source_page(source.id)))
    counts = [str(sum(e.stance == s for e in cited)) for s in STANCES]
    published = html.date(source.published, short=True) if source.published else ""
    return _row([link, text(source.outlet), published, str(len(claims)), *counts])


def matrix_pages(project: Project, options: SiteOptions) -> Series:
    """Claims down; across, every source (a grid) or, with many sources, the sources each claim cites."""
    grid = sorted(project.sources) if len(project.sources) <= MATRIX_GRID_SOURCES else None
    return series(urls.MATRIX, project.claims, lambda claims, paging: _matrix(project, claims, grid, paging, options))


def _matrix(project: Project, claims: Sequence[Claim], grid: list[str] | None, paging: Paging,
            options: SiteOptions) -> str:
    src = paging.src
    links = _SourceLinks(project, options, src)
    if grid is not None:
        heads = ["Claim", "Verdict"] + [_source_link(project.sources[i], options, src, vertical=True) for i in grid]
        rows = [_row([claim_link(c, options, src), badge(c.verdict)] + [_cell(c, i, links) for i in grid])
                for c in claims]
    else:
        heads = ["Claim", "Verdict", "Sources cited"]
        rows = [_row([claim_link(c, options, src), badge(c.verdict), _cited(c, links)]) for c in claims]
    legend = element("p", "Each cell shows what a source says about a claim: "
                     + ", ".join(sign(STANCES[s].sign) + " " + text(STANCES[s].label.lower()) for s in STANCES)
                     + ". A sign links to the passage in the source.", class_="fs-legend")
    return _index_page("Source-by-claim matrix", paging, options, legend, _table(heads, rows, "fs-matrix"),
                       class_="fs-index fs-matrix-page")


def _source_link(source: Source, options: SiteOptions, src: str, vertical: bool = False) -> str:
    link = element("a", text(source.id), href=options.link(src, urls.source_page(source.id)), title=source.label)
    return element("span", link, class_="fs-vertical") if vertical else link


class _SourceLinks:
    """A page's links to source pages, each made once (a matrix page names the same sources again and again)."""

    def __init__(self, project: Project, options: SiteOptions, src: str) -> None:
        self.project, self.options, self.src = project, options, src
        self.links: dict[str, str] = {}
        self.hrefs: dict[str, str] = {}

    def link(self, source_id: str) -> str:
        found = self.links.get(source_id)
        if found is None:
            found = self.links[source_id] = _source_link(self.project.sources[source_id], self.options, self.src)
        return found

    def href(self, source_id: str) -> str:
        found = self.hrefs.get(source_id)
        if found is None:
            found = self.hrefs[source_id] = self.options.link(self.src, urls.source_page(source_id))
        return found


def _cited(claim: Claim, links: _SourceLinks) -> str:
    """The sources `claim` cites, each with the signs of what it does to the claim."""
    ids = dict.fromkeys(e.source for e in claim.evidence)
    return " ".join(f'<span class="fs-cited">{links.link(i)} {_cell(claim, i, links)}</span>' for i in ids)


# What follows a cell link's href, per stance: its class, title and content (the same on every page).
_CELL_REST = {stance: f' class="fs-cell fs-{stance}" title="{html.attr(entry.label)}">{sign(entry.sign)}'
              f'{element("span", text(entry.label), class_="fs-sr")}</a>' for stance, entry in STANCES.items()}


def _cell(claim: Claim, source_id: str, links: _SourceLinks) -> str:
    """The signs of what `source_id` does to `claim`, each a link to its first such passage."""
    signs = []
    for stance in STANCES:
        first = _first(claim.evidence, stance, source_id)
        if first is not None:
            href = html.attr(f"{links.href(source_id)}#{urls.highlight_id(claim.slug, first.index)}")
            signs.append(f'<a href="{href}"' + _CELL_REST[stance])
    return " ".join(signs)


def _first(evidence: list[Evidence], stance: str, source_id: str) -> Evidence | None:
    return next((e for e in evidence if e.stance == stance and e.source == source_id), None)


def tag_index(project: Project) -> dict[str, list[Claim]]:
    """Every tag and its claims (project order), tags sorted."""
    found: dict[str, list[Claim]] = {}
    for claim in project.claims:
        for tag in claim.tags:
            found.setdefault(tag, []).append(claim)
    return dict(sorted(found.items()))


def tags_pages(tags: dict[str, list[Claim]], options: SiteOptions) -> Series:
    """tags.md (every tag, with its number of claims) and one series per tag."""
    pages = series(urls.TAGS, list(tags.items()), lambda some, paging: _tags(some, paging, options))
    for tag, claims in tags.items():
        pages |= series(urls.tag_page(tag), claims, lambda some, paging, tag=tag: _tag(tag, some, paging, options))
    return pages


def _tags(tags: Sequence[tuple[str, list[Claim]]], paging: Paging, options: SiteOptions) -> str:
    items = [element("li", element("a", text(tag), href=options.link(paging.src, urls.tag_page(tag)), class_="fs-tag")
                     + " " + text(f"{len(claims):,} claim{'s' * (len(claims) != 1)}"), id=f"tag:{tag}")
             for tag, claims in tags]
    body = element("ul", "".join(items), class_="fs-tags") if items else element("p", "No claim has tags yet.",
                                                                                  class_="fs-empty")
    return _index_page("Tags", paging, options, body)


def _tag(tag: str, claims: Sequence[Claim], paging: Paging, options: SiteOptions) -> str:
    every = element("a", "All tags", href=options.link(paging.src, urls.TAGS, f"tag:{tag}"))
    intro = element("p", text(f"{paging.total:,} claim{'s' * (paging.total != 1)}{_range(paging, len(claims))}. ")
                    + every)
    return _index_page(f"Tag: {tag}", paging, options, intro, claims_table(claims, options, paging.src))


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
