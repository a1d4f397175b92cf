"""Where every generated page lives, and the links between them.

Generated pages link to each other from raw HTML, which MkDocs does not
rewrite, so the URLs are computed here the way MkDocs computes them
(`use_directory_urls`: `claims/x.md` is served at `claims/x/`).
"""

from __future__ import annotations

import posixpath
import urllib.parse
from functools import lru_cache

# The generated pages (the hand-written docs link to these paths).
CLAIMS_INDEX = "claims/index.md"
SOURCES_INDEX = "sources/index.md"
MATRIX = "matrix.md"
TAGS = "tags.md"
HOME = "index.md"
CLAIMS_JSON = "claims.json"
CLAIMREVIEW_JSON = "claimreview.json"
CORRECTIONS = "corrections.md"  # every correction on the site, newest first
FEED = "feed.xml"  # the Atom feed of fact-checks
LEADS = "editors/leads.md"  # where the sources disagree: for the editors, in previews only (render/leads.py)
# A text fragment names the passage by its first and last words when it is longer than this.
FRAGMENT_WHOLE_WORDS = 10
FRAGMENT_EDGE_WORDS = 5


# Every link to another site, from the editors' Markdown or to a source's original: no
# endorsement (nofollow), no handle on this page (noopener), no Referer (noreferrer).
EXTERNAL_REL = "nofollow noopener noreferrer"


def claim_path(slug: str) -> str:
    return f"claims/{slug}.md"


def source_path(source_id: str) -> str:
    return f"sources/{source_id}.md"


def verdict_page(verdict: str) -> str:
    return f"verdicts/{verdict}.md"


def tag_page(tag: str) -> str:
    return f"tags/{tag}.md"


def paged(first: str, number: int) -> str:
    """Page `number` (from 1) of the series of index pages that starts at `first`.

    The first page keeps its own path (the one the hand-written docs link to);
    page n of `claims/index.md` is `claims/page/n.md`, of `verdicts/x.md` is
    `verdicts/x/page/n.md`. No slug can collide: slugs never contain '/'.
    """
    if number == 1:
        return first
    base = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    return f"{base}/page/{number}.md"


def original_path(source_id: str, file: str) -> str:
    """Where the site serves a source's stored original: originals/<id>.<ext>.

    A saved web page is served as text (`.html.txt`): it is untrusted HTML,
    never a page of the site.
    """
    extension = posixpath.splitext(file)[1].lower()
    return f"originals/{source_id}{'.html.txt' if extension in ('.html', '.htm') else extension}"


def highlight_id(slug: str, index: int) -> str:
    """The anchor of evidence item `index` (1-based) of claim `slug` on its source page."""
    return f"{slug}-{index}"


def excerpt_id(index: int) -> str:
    """The anchor of evidence item `index` on its claim page."""
    return f"excerpt-{index}"


@lru_cache(maxsize=16384)  # every page is linked to from many others
def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL, relative to the site root, of the page built from `src` ('' for the home page)."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def href(from_src: str, to_src: str, fragment: str = "", directory_urls: bool = True) -> str:
    """A relative link from the page of `from_src` to `to_src` (a page or a file), with a #fragment."""
    base, first, up = _base(from_src, directory_urls)
    target = page_url(to_src, directory_urls)
    if first and target and target.partition("/")[0] != first:
        rel = up + target  # the common case: no folder in common (what _relpath gives, then the "/" kept)
    else:
        rel = _relpath(target.rstrip("/"), base)
        if target.endswith("/") or not target:
            rel = "./" if rel == "." else rel + "/"
    return rel + "#" + fragment if fragment else rel


@lru_cache(maxsize=4096)
def _base(src: str, directory_urls: bool) -> tuple[str, str, str]:
    """The folder of the page of `src`, which links are relative to (a page links many times),
    its first segment, and the way up from it to the site root."""
    base = posixpath.dirname(page_url(src, directory_urls))
    return base, base.partition("/")[0], "../" * len(_segments(base))


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for two paths relative to the site root ('' for the root), without its
    system calls (it makes both absolute with the working directory): links are made by the thousand."""
    to, at = _segments(target), _segments(base)
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join((*[".."] * (len(at) - common), *to[common:])) or "."


@lru_cache(maxsize=16384)  # the same folders and pages recur in thousands of links
def _segments(path: str) -> tuple[str, ...]:
    return tuple(path.split("/")) if path else ()


def text_fragment(url: str, passage: str) -> str:
    """`url` with a text directive (#:~:text=) that makes a browser scroll to `passage`."""
    words = passage.split()
    if len(words) <= FRAGMENT_WHOLE_WORDS:
        directive = _fragment_part(words)
    else:
        directive = _fragment_part(words[:FRAGMENT_EDGE_WORDS]) + "," + _fragment_part(words[-FRAGMENT_EDGE_WORDS:])
    return url + (":~:text=" if "#" in url else "#:~:text=") + directive


def _fragment_part(words: list[str]) -> str:
    """The words, space-separated, percent-encoded for a text directive: '-', ',' and '&' are syntax there.

    Word by word (percent-encoding is per character, a space is %20): the
    words of news prose recur, and each is encoded once."""
    return "%20".join(map(_fragment_word, words))


@lru_cache(maxsize=65536)  # a desk's vocabulary; the bound keeps `mkdocs serve` from growing it without end
def _fragment_word(word: str) -> str:
    return urllib.parse.quote(word, safe="").replace("-", "%2D")


@lru_cache(maxsize=4096)  # asked for every excerpt of a source
def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL, the only kind linked as an original article."""
    parts = urllib.parse.urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
