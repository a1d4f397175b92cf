"""The source x claim matrix: which sources each claim cites, and with what stance.

With up to MATRIX_GRID_SOURCES sources it is a grid, one column per
source; with more, each row lists only the sources its claim cites.

The page holds the matrix twice, and the stylesheet shows one of them:
a table for wide screens (source names across, set horizontally and
wrapped in columns of equal width, so the table fits its column) and,
on a phone, one card per claim that names every source with its stance
(a grid of source columns cannot fit 390 px). Each is hidden with
`display: none` where the other shows, so a screen reader meets one
matrix, and where the table shows it stays a real table.
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

# With at most this many sources the matrix is a grid, one column per source; with more, each row
# lists only the sources its claim cites. Five source columns (about 80 px each), beside the claim and
# the verdict, fit the theme's 720 px content column with the sources' names readable across.
MATRIX_GRID_SOURCES = 5

# A column heading is the source's name, wrapped in a narrow column: longer names are cut (with "…") so
# that the headings do not make the table's head taller than a few lines; the whole name is in the
# link's tooltip, and the cards (phone) show it whole.
MAX_HEADING_CHARS = 40

# What a card says for a source of the grid that the claim does not cite.
NOT_CITED = "not cited"


def matrix_pages(project: Project, options: SiteOptions) -> Series:
    """Claims down; across, every source (a grid) or, with many sources, the sources each claim cites."""
    grid = sorted(project.sources) if len(project.sources) <= MATRIX_GRID_SOURCES else None
    return series(urls.MATRIX, project.claims, lambda claims, paging: _matrix(project, claims, grid, paging, options))


def _matrix(
    project: Project, claims: Sequence[Claim], grid: list[str] | None, paging: Paging, options: SiteOptions
) -> str:
    links = _SourceLinks(project, options, paging.src)
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
        _table(claims, grid, links),
        _cards(claims, grid, links),
        class_="fs-index fs-matrix-page",
    )


def _table(claims: Sequence[Claim], grid: list[str] | None, links: _SourceLinks) -> str:
    """The matrix as a table: claim, verdict, then a column per source (grid) or the sources cited."""
    options, src = links.options, links.src
    if grid is not None:
        heads = ["Claim", "Verdict"] + [links.heading(i) for i in grid]
        rows = [
            table_row([claim_link(c, options, src), badge(c.verdict)] + [_cell(c, i, links) for i in grid])
            for c in claims
        ]
    else:
        heads = ["Claim", "Verdict", "Sources cited"]
        rows = [table_row([claim_link(c, options, src), badge(c.verdict), _cited(c, links)]) for c in claims]
    grid_class = " fs-matrix-grid" if grid is not None else ""
    return index_table(heads, rows, "fs-matrix" + grid_class)


def _cards(claims: Sequence[Claim], grid: list[str] | None, links: _SourceLinks) -> str:
    """The matrix for a phone: per claim, every source of the grid (or each cited source) and its stance."""
    cards = []
    for c in claims:
        ids = grid if grid is not None else list(dict.fromkeys(e.source for e in c.evidence))
        sources = "".join(_card_source(c, i, links) for i in ids)
        head = element("p", claim_link(c, links.options, links.src), class_="fs-card-claim")
        verdict = element("p", badge(c.verdict), class_="fs-card-verdict")
        cards.append(element("li", head + verdict + element("dl", sources, class_="fs-card-sources")))
    return element("ul", "".join(cards), class_="fs-matrix-cards", aria_label="Claims and their sources")


def _card_source(claim: Claim, source_id: str, links: _SourceLinks) -> str:
    cell = _cell(claim, source_id, links)
    stance = cell or element("span", NOT_CITED, class_="fs-not-cited")
    return element("div", element("dt", links.link(source_id)) + element("dd", stance))


def _source_link(source: Source, options: SiteOptions, src: str, limit: int | None = None) -> str:
    """The source's name as a link to its page; cut to `limit` characters with the whole name in the tooltip."""
    name = source.label
    shown = name if limit is None or len(name) <= limit else _shortened(name, limit)
    title = name if shown != name else None
    return element("a", text(shown), href=options.link(src, urls.source_path(source.id)), title=title)


def _shortened(name: str, limit: int) -> str:
    """`name` cut to at most `limit` characters with "…", at a space when there is one (no word cut in two)."""
    cut = name[: limit - 1]
    whole_words = name[limit - 1] == " " or " " not in cut  # the cut falls between words, or cannot
    words = cut if whole_words else cut.rsplit(" ", 1)[0]
    return words.rstrip(" ,:;–—-") + "…"


class _SourceLinks:
    """A page's links to source pages, each made once (a matrix page names the same sources again and again)."""

    def __init__(self, project: Project, options: SiteOptions, src: str) -> None:
        self.project, self.options, self.src = project, options, src
        self.links: dict[str, str] = {}
        self.hrefs: dict[str, str] = {}

    def heading(self, source_id: str) -> str:
        """The source's name for a column heading (shortened)."""
        return _source_link(self.project.sources[source_id], self.options, self.src, MAX_HEADING_CHARS)

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
