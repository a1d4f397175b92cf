"""The article text of a saved web page, and what the page says of itself.

A saved page is mostly not the article: navigation, cookie banners, ads,
related links, comments, scripts and styles surround it. trafilatura finds
the article and drops the rest; this module decodes the bytes first (the
page's declared character set, see `decode_html`), hands the text to
trafilatura, and turns its result into paragraphs:

* every block trafilatura keeps (a paragraph, a heading, a block quote, a
  list, a table) is one paragraph of the text, separated from the next by a
  blank line. A heading is a paragraph of its own; a list is one paragraph
  with one line per item, each item marked "- " as trafilatura writes it; a
  table is one paragraph with one line per row, cells between "|".
* a line break inside a block (<br>) stays a single line break.
* whitespace: trafilatura already turns runs of spaces into one space and
  trims lines; here only trailing and leading blank lines of a block go.
  No other character is rewritten (quotes and dashes are folded by the
  anchor stage when matching, not here).

Nothing of a <script>, <style>, <noscript>, comment or attribute can reach
the text: trafilatura removes those elements before it looks for the
article, and only element text of the blocks above is read.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from urllib.parse import urlsplit

import trafilatura
from trafilatura.xml import xmltotxt

# Where the HTML standard's prescan looks for a <meta charset> is the first
# 1,024 bytes; pages saved by some tools put long comments or scripts first,
# so a few kilobytes are searched.
CHARSET_PRESCAN_BYTES = 4096
# The HTML standard's fallback for pages that declare nothing and are not UTF-8 is
# windows-1252 in most locales: what browsers would show.
FALLBACK_CHARSET = "windows-1252"
# Labels browsers read as windows-1252 (the HTML standard, "Encoding" section):
# a page saying iso-8859-1 with curly quotes at 0x93/0x94 shows them as quotes.
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"})
# Ad blocks trafilatura's own list misses (it knows "ad-", " ad ", "dfpAd"...,
# not the common "advert..." and "sponsor..." names): removed before extraction.
AD_XPATH = (
    "//*[contains(translate(@class, 'ADVERTSPONS', 'advertspons'), 'advert')"
    " or contains(translate(@id, 'ADVERTSPONS', 'advertspons'), 'advert')"
    " or contains(translate(@class, 'ADVERTSPONS', 'advertspons'), 'sponsor')]"
)
# Markup a browser never shows, that trafilatura does not remove by itself.
INERT_XPATH = "//template"
# A metadata value longer than this is not a title or a name.
MAX_METADATA_CHARS = 500

_META_CHARSET_RE = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BLANK_LINES_RE = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Block elements of trafilatura's output that hold other blocks; their
# children are paragraphs of their own (a <div> it keeps, for one).
_CONTAINERS = frozenset({"div", "body", "main", "article", "section"})


class HtmlTextError(Exception):
    """A page that cannot be read: `code` and `detail` for the diagnostic."""

    def __init__(self, code: str, detail: str, hint: str) -> None:
        super().__init__(detail)
        self.code, self.detail, self.hint = code, detail, hint


def html_extractor() -> str:
    """The extractor string recorded with the text: library and version."""
    return f"trafilatura {trafilatura.__version__}"


def decode_html(data: bytes) -> str:
    """The page's text: a byte order mark, else the charset its <meta> declares
    in the first few kilobytes, else UTF-8, else windows-1252 (see the constants).

    A declared charset the bytes do not follow is an `encoding` problem: a
    page that lies about its charset would be quoted wrongly, not fail later.
    """
    for bom, charset in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], charset, "its byte order mark")
    declared = _declared_charset(data[:CHARSET_PRESCAN_BYTES])
    if declared:
        return _decode(data, declared, f"its declared charset {declared}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # windows-1252 leaves five bytes undefined; browsers show them as the
    # C1 control of the same number, which trafilatura then drops.
    return data.decode(FALLBACK_CHARSET, errors="surrogateescape").translate(_SURROGATE_TO_C1)


_SURROGATE_TO_C1 = {0xDC00 + b: b for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _declared_charset(head: bytes) -> str | None:
    """The Python codec for the page's <meta charset> or http-equiv declaration, or None."""
    found = _META_CHARSET_RE.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    if label in _WINDOWS_1252_LABELS:
        return "windows-1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label is ignored, as browsers do
    # A page read as bytes cannot be UTF-16 because its <meta> said so in ASCII.
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def _decode(data: bytes, charset: str, why: str) -> str:
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        raise HtmlTextError(
            "encoding",
            f"cannot be decoded as {charset}, {why} (at byte offset {exc.start:,})",
            "save the page again from the browser, or convert it to UTF-8",
        ) from None
    return text


def html_text(page: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The article text of `page` (paragraphs separated by blank lines) and its metadata.

    The text is empty when trafilatura finds no article.
    """
    document = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        # The date the page states (its metadata, a dated element), never one guessed from the
        # article's text ("in 2021"): the registry records only what the document says of itself.
        date_extraction_params={"extensive_search": False, "original_date": True},
        deduplicate=False,  # a module-wide cache would make the text depend on earlier pages
        prune_xpath=[AD_XPATH, INERT_XPATH],
    )
    if document is None or document.body is None:
        return "", ()
    paragraphs: list[str] = []
    _paragraphs(document.body, paragraphs)
    return "\n\n".join(paragraphs), _metadata(document)


def _paragraphs(element: object, out: list[str]) -> None:
    for child in element:  # type: ignore[attr-defined]
        if child.tag in _CONTAINERS:
            _paragraphs(child, out)
            continue
        block = _BLANK_LINES_RE.sub("\n", xmltotxt(child, False)).strip()
        if block:
            out.append(block)


def _metadata(document: object) -> tuple[tuple[str, str], ...]:
    """The title, author, date, canonical URL and site name trafilatura found, checked."""
    found: list[tuple[str, str]] = []
    for key in ("title", "author", "date", "url", "sitename"):
        value = getattr(document, key, None)
        if not isinstance(value, str):
            continue
        value = " ".join(_CONTROL_RE.sub(" ", value).split())
        if not value or len(value) > MAX_METADATA_CHARS:
            continue
        if key == "date" and not _is_date(value):
            continue
        if key == "url" and not _is_web_url(value):
            continue
        found.append((key, value))
    return tuple(found)


def _is_date(value: str) -> bool:
    if not _DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value
