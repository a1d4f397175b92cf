"""What `factsite verify` reads of a built site's HTML: each page parsed once, and its links resolved.

A built site is whatever an engine (MkDocs, ProperDocs, Zensical) wrote,
so it is read as a browser would: html.parser on every page, once, keeping
only what the checks need (the ids a #fragment may name, the links, the
highlights' pins, the excerpts' links, the JSON-LD). Links are resolved
against the list of the site's files, made once, never by a file system
call per link: a 1,000-claim site has about 90,000 links.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generator.errors import Diagnostic

# Preview files of `mkdocs serve` (plugin/preview.py's PREVIEW_FOLDER): never part of a built site,
# neither read nor linked to.
PREVIEW_PREFIX = "_factsite/"
# The folder's page when a URL names a folder (a web server's default document).
INDEX_HTML = "index.html"
# A fragment that needs no element: the top of the page (HTML's "indicated part of the document").
TOP_FRAGMENTS = frozenset({"", "top"})
# The start of a text directive (#:~:text=…): it names words in the page, not an element.
TEXT_DIRECTIVE = ":~:"
JSONLD_TYPE = "application/ld+json"
# A site with fewer pages is parsed in one process: forking would cost more than it saves.
PARALLEL_PAGES = 200
# At most this many children parse pages (the machine is shared; parsing scales to a few cores).
MAX_CHILDREN = 3


@dataclass(slots=True)
class PageFacts:
    """What the checks need of one HTML page; lines and columns are 1-based."""

    ids: set[str] = field(default_factory=set)  # every id, and every <a name> (a #fragment may name either)
    links: list[tuple[str, int, int]] = field(default_factory=list)  # each <a href>: (href, line, column)
    pins: set[str] = field(default_factory=set)  # the data-pin of every <mark>: a source page's highlights
    excerpts: dict[str, list[str]] = field(default_factory=dict)  # <article id> -> the hrefs inside it
    jsonld: list[str] = field(default_factory=list)  # the text of each <script type="application/ld+json">


class _Scanner(HTMLParser):
    """Collects a page's PageFacts as html.parser reads it (no tree: a page has hundreds of elements)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        # For each <article> open (they nest: the theme's holds the page), the hrefs of the innermost
        # one with an id, where its links go (None: no article with an id is open).
        self._articles: list[list[str] | None] = []
        self._article: list[str] | None = None
        self._script: list[str] | None = None  # the text of the JSON-LD script being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        facts = self.facts
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                facts.ids.add(value)
            elif name == "href" and tag == "a":
                line, offset = self.getpos()
                facts.links.append((value, line, offset + 1))
                if self._article is not None:
                    self._article.append(value)
            elif name == "data-pin" and tag == "mark":
                facts.pins.add(value)
        if tag == "article":
            self._start_article(attrs)
        elif tag == "script" and any(n == "type" and (v or "").strip().lower() == JSONLD_TYPE for n, v in attrs):
            self._script = []

    def _start_article(self, attrs: list[tuple[str, str | None]]) -> None:
        found = next((v for n, v in attrs if n == "id" and v), None)
        if found:
            self._article = self.facts.excerpts.setdefault(found, [])
        self._articles.append(self._article)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._articles:
            self._articles.pop()
            self._article = self._articles[-1] if self._articles else None
        elif tag == "script" and self._script is not None:
            self.facts.jsonld.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def scan_page(html: str) -> PageFacts:
    """The facts of one page's HTML."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.facts


def site_files(site: Path) -> set[str]:
    """Every regular file of the built site, as a path relative to it ('/'-separated), the preview's left
    out. A FIFO or a device is not a file a web server serves, and reading one would block or never end."""
    found: set[str] = set()
    folders = [(str(site), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, prefix + entry.name + "/"))
                elif entry.is_file():
                    found.add(prefix + entry.name)
    return {path for path in found if not path.startswith(PREVIEW_PREFIX)}


class SiteScan:
    """Every HTML page of the site, read and parsed once: started before the project is loaded.

    Parsing is nearly all of a large site's verification (html.parser reads about 10 MB a second;
    a 1,000-claim site has 40 MB of HTML), so on a machine with several cores a share of the pages
    goes to forked children (one per core but one, started here), while this process loads the
    project and then parses its own share. A small site is parsed here alone.
    """

    def __init__(self, site: Path, files: set[str]) -> None:
        self.site = site
        pages = sorted(path for path in files if path.endswith(".html"))
        children = min((os.cpu_count() or 1) - 1, MAX_CHILDREN) if len(pages) >= PARALLEL_PAGES else 0
        if "fork" not in multiprocessing.get_all_start_methods():
            children = 0
        shares = [pages[n :: children + 1] for n in range(children + 1)]
        self._own, self._pool, self._parts = shares[0], None, None
        if children > 0:
            self._pool = multiprocessing.get_context("fork").Pool(children)
            self._parts = self._pool.map_async(_scan_share, [(site, share) for share in shares[1:]], chunksize=1)

    def pages(self) -> dict[str, PageFacts]:
        """The pages' facts by path (sorted); a page that cannot be read is left out, as if missing."""
        found = _scan_share((self.site, self._own))
        for part in self._parts.get() if self._parts is not None else []:
            found.update(part)
        return dict(sorted(found.items()))

    def __enter__(self) -> SiteScan:
        return self

    def __exit__(self, *_: object) -> None:
        """The children stopped, whether their pages were asked for or not (an error while loading)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def _scan_share(job: tuple[Path, list[str]]) -> dict[str, PageFacts]:
    site, share = job
    found: dict[str, PageFacts] = {}
    for path in share:
        try:
            html = (site / path).read_text("utf-8", errors="replace")
        except OSError:
            continue
        found[path] = scan_page(html)
    return found


@dataclass(frozen=True, slots=True)
class Resolved:
    """Where a link leads in the site: a file (or None: no such file) and the #fragment it names."""

    file: str | None
    fragment: str
    shown: str  # the link's target as the problem names it: a path relative to the site root


_Split = tuple[str, str] | None  # a link's (path, fragment), percent-decoded; None: not into the site


class LinkResolver:
    """Resolves the links of a site's pages against its files, each href split once (it recurs on
    every page) and each target looked up once. A folder is its index.html (with or without its
    final '/'); the site's own address (`site_url`) is a link into the site."""

    def __init__(self, files: set[str], site_url: str = "") -> None:
        self.files = files
        self._address = site_url.strip().rstrip("/")
        # Where root-relative links start: the path the site is served from ('/' at least).
        self._base = urllib.parse.urlsplit(self._address).path.rstrip("/") + "/"
        self._splits: dict[str, _Split] = {}
        self._targets: dict[tuple[str, bool], str | None] = {}

    def resolve(self, page: str, href: str) -> Resolved | None:
        """Where the link `href` on `page` leads, or None for a link that is not into the site
        (another site, mailto:, the preview's files)."""
        split = self._splits[href] if href in self._splits else self._splits.setdefault(href, self._split(href))
        if split is None:
            return None
        path, fragment = split
        if not path:
            return Resolved(page, fragment, page)
        if path.startswith("/"):
            if not path.startswith(self._base) and path + "/" != self._base:
                return Resolved(None, fragment, path)  # outside the folder the site is served from
            joined = path[len(self._base) :]
        else:
            folder = posixpath.dirname(page)
            joined = folder + "/" + path if folder else path
        target = posixpath.normpath(joined) if joined else "."
        if target == ".." or target.startswith("../"):
            return Resolved(None, fragment, path)  # above the site's root
        target = "" if target == "." else target
        if (target + "/").startswith(PREVIEW_PREFIX):
            return None
        is_folder = path.endswith("/") or not target or posixpath.basename(path) in (".", "..")
        key = (target, is_folder)
        found = self._targets[key] if key in self._targets else self._targets.setdefault(key, self._file(*key))
        shown = found or (target + "/" if is_folder and target else target or "/")
        return Resolved(found, fragment, shown)

    def _split(self, href: str) -> _Split:
        if self._address and (href == self._address or href.startswith(self._address + "/")):
            href = self._base + href[len(self._address) + 1 :]  # the site's own address: a root-relative link
        parts = urllib.parse.urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        return urllib.parse.unquote(parts.path), urllib.parse.unquote(parts.fragment)

    def _file(self, target: str, is_folder: bool) -> str | None:
        folder = target + "/" + INDEX_HTML if target else INDEX_HTML
        return next((c for c in ((folder,) if is_folder else (target, folder)) if c in self.files), None)


def element_fragment(fragment: str) -> str | None:
    """The id a fragment names, or None when it names none (the top of the page, a text directive)."""
    named = fragment.split(TEXT_DIRECTIVE, 1)[0]
    return None if named.lower() in TOP_FRAGMENTS else named


DEAD_LINK_HINT = (
    "Point the link at a page or file the site has, or restore what it points to; in a generated page "
    "(a claim, source or index page) it is a factsite bug: please report it."
)


def dead_links(pages: dict[str, PageFacts], links: LinkResolver) -> list[Diagnostic]:
    """Every <a href> of `pages` that leads to no file of the site, or to an #id its page lacks."""
    found: list[Diagnostic] = []
    for page, facts in pages.items():
        for href, line, column in facts.links:
            problem = _link_problem(href, links.resolve(page, href), pages)
            if problem:
                found.append(Diagnostic(page, line, column, "dead-link", problem, DEAD_LINK_HINT))
    return found


def _link_problem(href: str, target: Resolved | None, pages: dict[str, PageFacts]) -> str | None:
    if target is None:
        return None
    if target.file is None:
        return f"the link {href!r} leads to {target.shown}, which is not in the site"
    wanted = element_fragment(target.fragment)
    facts = pages.get(target.file)
    if wanted is None or facts is None or wanted in facts.ids:  # not a page of the site: no anchors to check
        return None
    return f"the link {href!r} leads to #{wanted}, but {target.file} has no element with that id"
