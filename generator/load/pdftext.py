"""The text of a PDF, page by page, in reading order, as paragraphs.

pdfminer.six's layout analysis groups the characters of a page into lines
and the lines into text boxes, and orders the boxes for reading (LAParams:
a page of two columns is read column by column). Here:

* a text box is a paragraph; its lines are joined with a space, except that
  a word broken across lines at a hyphen is rejoined: a line ending in a
  letter and "-" (or U+2010, or a soft hyphen), followed by a line starting
  with a lowercase letter, is joined without the hyphen ("investi-" /
  "gation" → "investigation"). The hyphen is kept, without a space, when
  the next line starts otherwise ("post-" / "Brexit" → "post-Brexit") or
  when the document writes the hyphenated word elsewhere inside a line
  ("well-known" somewhere keeps "well-" / "known" as "well-known").
  A hyphen inside a line is never touched ("three-and-a-half").
* running headers and footers are left out: a line among the top or the
  bottom EDGE_LINES of a page that recurs, digits aside, at the same edge
  of at least RUNNING_SHARE of the pages (and of two pages at least).
  A page number alone on such an edge line ("3", "Page 3 of 12", "- 3 -")
  is left out on any page.
* paragraphs are separated by a blank line. Two are joined into one when a
  sentence runs on: across a page break, when the last paragraph of a page
  does not end a sentence (".", "!", "?" or "…", possibly followed by a
  closing quote or bracket); within a page (a column break), when besides
  the next paragraph starts with a lowercase letter, so that a heading is
  not run into the text after it.
* typographic ligatures (ﬁ, ﬂ...) are written as their letters, so that a
  quote typed as "confirms" matches a PDF's "conﬁrms"; control characters
  are dropped. Nothing else is rewritten.

Only the page contents' text is read: actions, JavaScript, annotations,
attachments and forms are never looked at.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from io import BytesIO
from itertools import islice

import pdfminer
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

# A 2,000-page document is a book or a court record: beyond it, extraction
# would take minutes at each build (about 0.1 s a page).
MAX_PDF_PAGES = 2000
# A document information value longer than this is not a title or a name.
MAX_METADATA_CHARS = 500
# How many lines at the top and at the bottom of a page may be a running
# header or footer (a title line and a date or page line, say).
EDGE_LINES = 2
# A line recurring at a page edge on this share of the pages is a running
# header or footer: "most pages", leaving room for a title page without one.
RUNNING_SHARE = 0.6
# ...and on at least this many pages: one page cannot show that a line recurs.
MIN_RUNNING_PAGES = 2

# pdfminer reports what it tolerates in a file through logging; without a
# handler Python would print its warnings on the terminal, next to our diagnostics.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)
# What some PDF makers write when the document had no title (Chromium: "about:blank").
_PLACEHOLDER_TITLES = frozenset({"about:blank", "untitled"})
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DIGITS_RE = re.compile(r"\d+")
_PAGE_NUMBER_RE = re.compile(
    r"(?:page\s+)?(?:\d+|[ivxlcdm]+)(?:\s*(?:/|of)\s*\d+)?|[-\u2013\u2014]\s*\d+\s*[-\u2013\u2014]", re.IGNORECASE
)
_HYPHENS = "-\u2010\u00ad"
_BROKEN_WORD_RE = re.compile(r"(\w+)[" + _HYPHENS + r"]$")
_FIRST_WORD_RE = re.compile(r"\w+")
_HYPHENATED_RE = re.compile(r"\b\w+(?:-\w+)+\b")
_SENTENCE_END_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")


class PdfTextError(Exception):
    """A PDF that cannot be read: `code`, `detail` and `hint` for the diagnostic."""

    def __init__(self, code: str, detail: str, hint: str) -> None:
        super().__init__(detail)
        self.code, self.detail, self.hint = code, detail, hint


def pdf_extractor() -> str:
    """The extractor string recorded with the text: library and version."""
    return f"pdfminer.six {pdfminer.__version__}"


Line = tuple[float, str]  # (top of the line on the page, its text)
Box = list[Line]


def pdf_text(data: bytes) -> tuple[str, tuple[int, ...], tuple[tuple[str, str], ...]]:
    """The text of the PDF `data`, the offset at which each page starts, and its metadata.

    Raises PdfTextError (encrypted, too-large); pdfminer's own exceptions for a
    broken file pass through, for the caller to report as a corrupt file.
    """
    try:
        document = PDFDocument(PDFParser(BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfTextError(
            "encrypted",
            "is encrypted with a password",
            "save an unprotected copy (print to PDF from a viewer that has the password), or quote another copy",
        ) from None
    pages = list(islice(PDFPage.create_pages(document), MAX_PDF_PAGES + 1))
    if len(pages) > MAX_PDF_PAGES:
        raise PdfTextError(
            "too-large", f"has more than {MAX_PDF_PAGES:,} pages", "register the part you quote from as its own PDF"
        )
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    boxes_per_page = []
    for page in pages:
        interpreter.process_page(page)
        boxes_per_page.append(_boxes(device.get_result()))
    _drop_running_lines(boxes_per_page)
    compounds = _hyphenated_words(boxes_per_page)
    text, offsets = _assemble([[_paragraph(box, compounds) for box in boxes if box] for boxes in boxes_per_page])
    return text, offsets, _metadata(document)


def _boxes(layout: object) -> list[Box]:
    """The text boxes of a page in reading order, each a list of (top, text) lines."""
    boxes = []
    for item in layout:  # type: ignore[attr-defined]
        if isinstance(item, LTTextBox):
            lines = [(line.y1, _clean(line.get_text())) for line in item if isinstance(line, LTTextLine)]
            boxes.append([line for line in lines if line[1]])
    return boxes


def _clean(text: str) -> str:
    return " ".join(_CONTROL_RE.sub("", text.translate(_LIGATURES)).split())


def _edges(boxes: list[Box]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Where the top and the bottom EDGE_LINES lines of a page are, as (box, line) indexes."""
    places = sorted(((top, b, i) for b, box in enumerate(boxes) for i, (top, _) in enumerate(box)), reverse=True)
    top = {(b, i) for _, b, i in places[:EDGE_LINES]}
    bottom = {(b, i) for _, b, i in places[-EDGE_LINES:]}
    return top, bottom


def _drop_running_lines(pages: list[list[Box]]) -> None:
    """Leave out running headers and footers and lone page numbers (see the module's docstring)."""
    edges = [_edges(boxes) for boxes in pages]
    seen: Counter[tuple[str, str]] = Counter()
    for boxes, (top, bottom) in zip(pages, edges):
        keys = {("top", _DIGITS_RE.sub("#", boxes[b][i][1])) for b, i in top}
        keys |= {("bottom", _DIGITS_RE.sub("#", boxes[b][i][1])) for b, i in bottom}
        seen.update(keys)
    needed = max(MIN_RUNNING_PAGES, RUNNING_SHARE * len(pages))
    running = {key for key, count in seen.items() if count >= needed}
    for boxes, (top, bottom) in zip(pages, edges):
        dropped = set()
        for where, places in (("top", top), ("bottom", bottom)):
            for b, i in places:
                line = boxes[b][i][1]
                if (where, _DIGITS_RE.sub("#", line)) in running or _PAGE_NUMBER_RE.fullmatch(line):
                    dropped.add((b, i))
        for b, box in enumerate(boxes):
            box[:] = [line for i, line in enumerate(box) if (b, i) not in dropped]


def _hyphenated_words(pages: list[list[Box]]) -> frozenset[str]:
    """The hyphenated words the document writes inside its lines, lowercased."""
    return frozenset(
        word.lower()
        for boxes in pages
        for box in boxes
        for _, line in box
        for word in _HYPHENATED_RE.findall(line.rstrip(_HYPHENS))
    )


def _paragraph(box: Box, compounds: frozenset[str]) -> str:
    text = box[0][1]
    for _, line in box[1:]:
        text = _join(text, line, compounds)
    return text


def _join(before: str, after: str, compounds: frozenset[str]) -> str:
    """Two pieces of one paragraph, split at a line end (see the module's docstring for the hyphen)."""
    broken = _BROKEN_WORD_RE.search(before)
    if not broken or not broken.group(1)[-1].isalpha():
        return f"{before} {after}"
    first = _FIRST_WORD_RE.match(after)
    if before.endswith("\u00ad") or (
        after[:1].islower() and (first is None or f"{broken.group(1)}-{first.group()}".lower() not in compounds)
    ):
        return before[:-1] + after
    return before + after


def _assemble(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """The paragraphs of all pages as one text, and each page's start in it."""
    parts: list[str] = []
    length = 0
    offsets = []
    for paragraphs in pages:
        offsets.append(length + 2 if parts and paragraphs else length)
        for index, paragraph in enumerate(paragraphs):
            if parts and _runs_on(parts[-1], paragraph, page_break=index == 0):
                joined = _join(parts[-1], paragraph, frozenset())
                start = len(joined) - len(paragraph)
                if index == 0:
                    offsets[-1] = length - len(parts[-1]) + start
                length += len(joined) - len(parts[-1])
                parts[-1] = joined
                continue
            length += len(paragraph) + (2 if parts else 0)
            parts.append(paragraph)
    return "\n\n".join(parts), tuple(offsets)


def _runs_on(before: str, after: str, page_break: bool) -> bool:
    """Whether `after` continues the sentence `before` leaves unfinished (see the module's docstring)."""
    if _SENTENCE_END_RE.search(before):
        return False
    return page_break or after[:1].islower()


def _metadata(document: PDFDocument) -> tuple[tuple[str, str], ...]:
    """The title and author of the PDF's document information, when it has them.

    Its CreationDate is left out: it is when the file was made (often when a
    web page was printed), not when the document was published.
    """
    info = document.info[0] if document.info and isinstance(document.info[0], dict) else {}
    found: list[tuple[str, str]] = []
    for key, name in (("title", "Title"), ("author", "Author")):
        value = resolve1(info.get(name))
        if isinstance(value, bytes):
            text = " ".join(_CONTROL_RE.sub(" ", decode_text(value)).split())[:MAX_METADATA_CHARS]
            if text and text.lower() not in _PLACEHOLDER_TITLES:
                found.append((key, text))
    return tuple(found)
