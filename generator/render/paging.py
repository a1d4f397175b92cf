"""Index pages in series: every list cut into pages of PAGE_SIZE entries, with a pager.

No index page grows with the number of claims: urls.paged names the pages
of a series, and each is rendered when it is wanted (Pending).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.render import mdpage, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions

# Entries (claims, sources, tags) per index page: the largest index page is
# the same size at 1,000 claims and at 100,000.
PAGE_SIZE = 100
# Page numbers the pager links on each side of the current page (besides the first and last).
PAGER_WINDOW = 2
# Front matter that keeps a page out of the search index (mkdocs-material).
NOT_SEARCHED = {"search": {"exclude": True}}

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
        pages[paging.src] = Pending(paging, items[start : start + PAGE_SIZE], page)
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


def shown_range(paging: Paging, shown: int) -> str:
    """'; 201–400 on this page' when the list has several pages."""
    return "" if paging.count == 1 else f"; {paging.start + 1:,}–{paging.start + shown:,} on this page"


def table_row(cells: list[str], header: bool = False) -> str:
    if header:
        return element("tr", "".join(element("th", c) for c in cells))
    return "<tr><td>" + "</td><td>".join(cells) + "</td></tr>"  # element("tr", ...) of "td"s, written out: every row


def index_table(head: list[str], rows: list[str], class_: str) -> str:
    """A table in a classed <div>: the theme styles only tables without a class."""
    table = element("table", element("thead", table_row(head, header=True)) + element("tbody", "".join(rows)))
    return element("div", table, class_=class_)


def index_page(title: str, paging: Paging, options: SiteOptions, *lines: str, class_: str = "fs-index") -> str:
    """An index page: its title (with the page number), `lines`, the pager; not searched."""
    meta = {mdpage.TITLE: mdpage.title(paging.title(title)), **NOT_SEARCHED}
    nav = pager(paging, options)
    return mdpage.page(meta, mdpage.raw(class_, element("h1", text(paging.title(title))), *lines, nav))
