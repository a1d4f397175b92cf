"""The source x claim matrix: which sources each claim cites, and with what stance.

With up to MATRIX_GRID_SOURCES sources it is a grid, one column per
source; with more, each row lists only the sources its claim cites.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.model import Claim, Evidence, Project, Source
from generator.render import markup, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.paging import Paging, Series, index_page, index_table, series, table_row
from generator.render.vocab import STANCES
from generator.render.widgets import badge, claim_link, sign

# With at most this many sources the matrix is a grid, one column per source;
# with more, each row lists only the sources its claim cites.
MATRIX_GRID_SOURCES = 12

# A column heading is the source's name set sideways: longer names are cut (with "…") so that the
# headings do not make the table taller than a screen; the whole name is in the link's tooltip.
MAX_HEADING_CHARS = 40


def matrix_pages(project: Project, options: SiteOptions) -> Series:
    """Claims down; across, every source (a grid) or, with many sources, the sources each claim cites."""
    grid = sorted(project.sources) if len(project.sources) <= MATRIX_GRID_SOURCES else None
    return series(urls.MATRIX, project.claims, lambda claims, paging: _matrix(project, claims, grid, paging, options))


def _matrix(
    project: Project, claims: Sequence[Claim], grid: list[str] | None, paging: Paging, options: SiteOptions
) -> str:
    src = paging.src
    links = _SourceLinks(project, options, src)
    if grid is not None:
        heads = ["Claim", "Verdict"] + [_source_link(project.sources[i], options, src, vertical=True) for i in grid]
        rows = [
            table_row([claim_link(c, options, src), badge(c.verdict)] + [_cell(c, i, links) for i in grid])
            for c in claims
        ]
    else:
        heads = ["Claim", "Verdict", "Sources cited"]
        rows = [table_row([claim_link(c, options, src), badge(c.verdict), _cited(c, links)]) for c in claims]
    legend = element(
        "p",
        "Each cell shows what a source says about a claim: "
        + ", ".join(sign(STANCES[s].sign) + " " + text(STANCES[s].label.lower()) for s in STANCES)
        + ". A sign links to the passage in the source.",
        class_="fs-legend",
    )
    return index_page(
        "Source-by-claim matrix",
        paging,
        options,
        legend,
        index_table(heads, rows, "fs-matrix"),
        class_="fs-index fs-matrix-page",
    )


def _source_link(source: Source, options: SiteOptions, src: str, vertical: bool = False) -> str:
    """The source's name (shortened for a column heading; whole in the tooltip) as a link to its page."""
    name = source.label
    shown = name if len(name) <= MAX_HEADING_CHARS else name[: MAX_HEADING_CHARS - 1].rstrip() + "…"
    title = name if shown != name else None
    link = element("a", text(shown), href=options.link(src, urls.source_path(source.id)), title=title)
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
            found = self.hrefs[source_id] = self.options.link(self.src, urls.source_path(source_id))
        return found


def _cited(claim: Claim, links: _SourceLinks) -> str:
    """The sources `claim` cites, each with the signs of what it does to the claim."""
    ids = dict.fromkeys(e.source for e in claim.evidence)
    return " ".join(f'<span class="fs-cited">{links.link(i)} {_cell(claim, i, links)}</span>' for i in ids)


# What follows a cell link's href, per stance: its class, title and content (the same on every page).
_CELL_REST = {
    stance: f' class="fs-cell fs-{stance}" title="{markup.attr(entry.label)}">{sign(entry.sign)}'
    f"{element('span', text(entry.label), class_='fs-sr')}</a>"
    for stance, entry in STANCES.items()
}


def _cell(claim: Claim, source_id: str, links: _SourceLinks) -> str:
    """The signs of what `source_id` does to `claim`, each a link to its first such passage."""
    signs = []
    for stance in STANCES:
        first = _first(claim.evidence, stance, source_id)
        if first is not None:
            href = markup.attr(f"{links.href(source_id)}#{urls.highlight_id(claim.slug, first.index)}")
            signs.append(f'<a href="{href}"' + _CELL_REST[stance])
    return " ".join(signs)


def _first(evidence: list[Evidence], stance: str, source_id: str) -> Evidence | None:
    return next((e for e in evidence if e.stance == stance and e.source == source_id), None)
