"""Small pieces of HTML several pages share: badges, stance labels, citations.

Every function returns one line of HTML with all untrusted text escaped.
"""

from __future__ import annotations

from functools import lru_cache

from generator.model import Claim, Project, Source
from generator.render import markup, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.vocab import STANCES, verdict

# Attributes that keep an element's text out of the search index (mkdocs-material; its
# search plugin removes them from the page). Only on elements with no descendant of
# the same tag: the theme's parser matches the element to skip by its tag name.
UNSEARCHED: dict[str, str | None] = {"data_search_exclude": "true"}


# The fragments below depend only on their (hashable) arguments and recur on
# thousands of pages: each is built once. The bound keeps a long `mkdocs
# serve` from growing them without end.
FRAGMENT_CACHE_SIZE = 4096


@lru_cache(maxsize=FRAGMENT_CACHE_SIZE)
def sign(symbol: str) -> str:
    """A decorative sign next to a word that says the same (hidden from screen readers)."""
    return element("span", text(symbol), class_="fs-sign", aria_hidden="true")


@lru_cache(maxsize=FRAGMENT_CACHE_SIZE)
def badge(name: str, href: str | None = None) -> str:
    """The verdict as a badge: sign and words, coloured by class, a link when `href` is given."""
    content = sign(verdict(name).sign) + " " + element("span", text(verdict(name).label))
    cls = f"fs-badge fs-verdict-{name}"
    return element("a", content, class_=cls, href=href) if href else element("span", content, class_=cls)


@lru_cache(maxsize=FRAGMENT_CACHE_SIZE)
def stance_label(stance: str) -> str:
    """'✔ Supports' as a label whose words carry the meaning, not its colour."""
    entry = STANCES[stance]
    return element("span", sign(entry.sign) + " " + text(entry.label), class_=f"fs-stance fs-{stance}")


def source_citation(source: Source, href: str) -> str:
    """The source's title (a link to its page), outlet and date, as far as they are known."""
    return _citation(source.label, source.outlet, source.published, href)


@lru_cache(maxsize=FRAGMENT_CACHE_SIZE)
def _citation(label: str, outlet: str, published: str, href: str) -> str:
    title = element("cite", element("a", text(label), href=href))
    extra = [text(outlet)] if outlet else []
    extra += [markup.date(published)] if published else []
    return title + "".join(element("span", " · " + item, class_="fs-source-detail") for item in extra)


def claim_link(claim: Claim, options: SiteOptions, from_src: str, fragment: str = "") -> str:
    """The claim's text as a link to its page."""
    href = options.link(from_src, urls.claim_path(claim.slug), fragment)
    return (
        f'<a href="{markup.attr(href)}">{text(claim.claim)}</a>'  # element("a", ...), written out: it is in every index
    )


def stance_counts(claim: Claim) -> dict[str, int]:
    """How many distinct sources support, contradict or give context to the claim."""
    sources: dict[str, set[str]] = {s: set() for s in STANCES}
    for e in claim.evidence:  # one pass: every index row asks
        sources.setdefault(e.stance, set()).add(e.source)
    return {s: len(sources[s]) for s in STANCES}


def tag_label(project: Project, tag: str) -> str:
    """What readers see as a tag's name: its label in the vocabulary (claims/tags.yml)."""
    known = project.tags.get(tag)
    return known.label if known else tag
