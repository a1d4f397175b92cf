"""Small pieces of HTML several pages share: badges, stance labels, citations.

Every function returns one line of HTML with all untrusted text escaped.
"""

from __future__ import annotations

from . import html, urls
from .html import element, text
from .model import Claim, Source
from .options import SiteOptions
from .vocab import STANCES, verdict

# Attributes that keep an element's text out of the search index (mkdocs-material; its
# search plugin removes them from the page). Only on elements with no descendant of
# the same tag: the theme's parser matches the element to skip by its tag name.
UNSEARCHED: dict[str, str | None] = {"data_search_exclude": "true"}


def sign(symbol: str) -> str:
    """A decorative sign next to a word that says the same (hidden from screen readers)."""
    return element("span", text(symbol), class_="fs-sign", aria_hidden="true")


def badge(name: str, href: str | None = None) -> str:
    """The verdict as a badge: sign and words, coloured by class, a link when `href` is given."""
    content = sign(verdict(name).sign) + " " + element("span", text(verdict(name).label))
    cls = f"fs-badge fs-verdict-{name}"
    return element("a", content, class_=cls, href=href) if href else element("span", content, class_=cls)


def stance_label(stance: str) -> str:
    """'✔ Supports' as a label whose words carry the meaning, not its colour."""
    entry = STANCES[stance]
    return element("span", sign(entry.sign) + " " + text(entry.label), class_=f"fs-stance fs-{stance}")


def source_citation(source: Source, href: str) -> str:
    """The source's title (a link to its page), outlet and date, as far as they are known."""
    title = element("cite", element("a", text(source.label), href=href))
    extra = [text(source.outlet)] if source.outlet else []
    extra += [html.date(source.published)] if source.published else []
    return title + "".join(element("span", " · " + item, class_="fs-source-detail") for item in extra)


def claim_link(claim: Claim, options: SiteOptions, from_src: str, fragment: str = "") -> str:
    """The claim's text as a link to its page."""
    return element("a", text(claim.claim), href=options.link(from_src, urls.claim_page(claim.slug), fragment))


def stance_counts(claim: Claim) -> dict[str, int]:
    """How many distinct sources support, contradict or give context to the claim."""
    return {s: len({e.source for e in claim.excerpts(s)}) for s in STANCES}
