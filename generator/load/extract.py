"""The text of a source document, whatever its format: what quotes are matched against.

A source is plain text (.txt), a saved web page (.html, .htm: the article
text, htmltext.py) or a PDF (.pdf: the text page by page, pdftext.py). The
format is the extension's, and the content must agree with it: a PDF named
.html or .txt, or a ZIP archive named anything, is refused with the right
extension in the hint rather than quoted as garbage.

The text is derived, never stored in the project: the same bytes and the
same extractor version give the same text, byte for byte, so it can be made
again at every build, and kept in a cache (textcache.py) by the original's
sha256 and the extractor's version. Plain text is decoded as it is, never
cached: it is as fast to decode as to read from a cache.

Nothing raised while reading an untrusted file escapes as a traceback: the
libraries' known errors are reported with their own codes, and anything
else they raise on a hostile file is a `corrupt-file` problem.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.load.textcache import read_entry, write_entry

# Source formats by file extension (lowercase); anything else is not a source document.
FORMATS: dict[str, str] = {".txt": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
# Under this many characters, a web page's extraction is navigation, a cookie
# wall or a page that builds its article with JavaScript: nothing to quote.
MIN_HTML_TEXT_CHARS = 200
# A PDF's header may follow some bytes of junk; readers look this far for it.
PDF_MAGIC_WINDOW = 1024
# How much of a file is looked at to tell binary content from text.
SNIFF_BYTES = 4096

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document's text (paragraphs separated by one blank line) and what came with it."""

    text: str
    format: str  # "text" | "html" | "pdf"
    extractor: str  # "text", or "<library> <version>"
    pages: tuple[int, ...] = ()  # PDF only: where each page starts in `text`
    metadata: tuple[tuple[str, str], ...] = ()  # title, author, date, url, sitename


@dataclass(frozen=True, slots=True)
class ExtractionProblem:
    """Why a document has no text: a diagnostic code, a message naming seeds/<name>, a hint."""

    code: str
    message: str
    hint: str


def extract(data: bytes, name: str, cache: Path | None = None) -> Extracted | ExtractionProblem:
    """The text of the document `data`, whose file name (relative to seeds/) is `name`; the format
    is the extension's. `cache`: a folder where extracted text may be kept by the original's sha256
    and the extractor's version (None: no cache)."""
    shown = f"seeds/{name}"
    extension = Path(name).suffix.lower()
    kind = FORMATS.get(extension)
    if kind is None:
        return ExtractionProblem(
            "unsupported-format",
            f"{shown} is not a supported format ({extension or 'no extension'})",
            "a source is a .txt, .html, .htm or .pdf file",
        )
    mismatch = _mismatch(data, kind, shown)
    if mismatch:
        return mismatch
    if kind == "text":
        return _plain(data, shown)
    # The extractors are imported only when a web page or PDF is read: trafilatura and pdfminer.six
    # take a third of a second to import, which a project of text files would pay on every build.
    from generator.load import htmltext, pdftext

    extractor = htmltext.html_extractor() if kind == "html" else pdftext.pdf_extractor()
    sha256 = hashlib.sha256(data).hexdigest() if cache is not None else ""
    if cache is not None:
        entry = read_entry(cache, sha256, extractor)
        cached = _from_cache(entry, kind, extractor) or _problem_from_cache(entry, shown)
        if cached:
            return cached
    result = _html(data, shown, extractor) if kind == "html" else _pdf(data, shown, extractor)
    if cache is not None and isinstance(result, Extracted):
        write_entry(cache, sha256, extractor, asdict(result))
    elif cache is not None and result.code in CACHED_PROBLEMS:
        detail = result.message.removeprefix(f"{shown} ")
        write_entry(cache, sha256, extractor, {"problem": [result.code, detail, result.hint]})
    return result


def page_of(pages: tuple[int, ...], offset: int) -> int | None:
    """The 1-based page number holding `offset`, or None when there are no pages."""
    if not pages:
        return None
    return max(bisect_right(pages, offset), 1)


def _mismatch(data: bytes, kind: str, shown: str) -> ExtractionProblem | None:
    """A problem when the content is not what the extension says."""
    head = data[:SNIFF_BYTES]
    is_pdf = _PDF_MAGIC in data[:PDF_MAGIC_WINDOW]
    if kind == "pdf":
        if is_pdf:
            return None
        if not data:
            return ExtractionProblem("corrupt-file", f"{shown} is empty", "save the PDF again")
        if head.lstrip()[:1] == b"<" and b"\x00" not in head:
            return ExtractionProblem(
                "format-mismatch", f"{shown} is a web page, not a PDF", "rename it with the extension .html"
            )
        return ExtractionProblem(
            "format-mismatch", f"{shown} is not a PDF (it does not start with %PDF-)", _other_format_hint(head)
        )
    if data.startswith(_PDF_MAGIC):
        return ExtractionProblem("format-mismatch", f"{shown} is a PDF", "rename it with the extension .pdf")
    if data.startswith(_ZIP_MAGIC):
        return ExtractionProblem("format-mismatch", f"{shown} is a ZIP archive (a .docx, .epub or .zip?)", _ZIP_HINT)
    if kind == "html" and b"\x00" in head and not head.startswith(_UTF16_BOMS):
        return ExtractionProblem("format-mismatch", f"{shown} is binary, not a web page", _other_format_hint(head))
    return None


_ZIP_HINT = "export the document's text as .txt, or print it to PDF"


def _other_format_hint(head: bytes) -> str:
    if head.startswith(_ZIP_MAGIC):
        return _ZIP_HINT
    return "register it with the extension of what it is: .txt, .html or .pdf"


def _plain(data: bytes, shown: str) -> Extracted | ExtractionProblem:
    """A .txt source, exactly as the registry has always read it: UTF-8, no NUL byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ExtractionProblem(
            "encoding", f"{shown} is not UTF-8 text (at byte offset {exc.start:,})", "convert the document to UTF-8"
        )
    if "\x00" in text:
        return ExtractionProblem("encoding", f"{shown} is binary (it has a NUL byte)", "sources are plain UTF-8 text")
    return Extracted(text, "text", "text")


def _html(data: bytes, shown: str, extractor: str) -> Extracted | ExtractionProblem:
    from generator.load.htmltext import HtmlTextError, decode_html, html_text
    from generator.load.pdftext import PdfTextError
    from generator.load.sandbox import CHILD_HTML_BYTES, limited_html_text

    try:
        if len(data) > CHILD_HTML_BYTES:  # a large page is read within limits (sandbox.py)
            text, metadata = limited_html_text(data)
        else:
            text, metadata = html_text(decode_html(data))
    except (HtmlTextError, PdfTextError) as problem:
        return ExtractionProblem(problem.code, f"{shown} {problem.detail}", problem.hint)
    except Exception as exc:  # a hostile page must not crash the build: any library error is reported
        return ExtractionProblem(
            "corrupt-file",
            f"{shown} could not be read as a web page ({type(exc).__name__})",
            "save the page again from the browser, or copy its text into a .txt file",
        )
    if len(text) < MIN_HTML_TEXT_CHARS:
        return ExtractionProblem(
            "too-little-text",
            f"{shown} has almost no article text ({len(text)} characters; at least {MIN_HTML_TEXT_CHARS} expected)",
            "save the article's own page (not a front page, or a page that needs JavaScript), "
            "or copy the article's text into a .txt file",
        )
    return Extracted(text, "html", extractor, (), metadata)


def _pdf(data: bytes, shown: str, extractor: str) -> Extracted | ExtractionProblem:
    from generator.load.pdftext import PdfTextError
    from generator.load.sandbox import limited_pdf_text

    try:
        text, pages, metadata = limited_pdf_text(data)
    except PdfTextError as problem:
        return ExtractionProblem(problem.code, f"{shown} {problem.detail}", problem.hint)
    except Exception as exc:  # pdfminer's errors on a broken or hostile file are many: all are reported
        return ExtractionProblem(
            "corrupt-file",
            f"{shown} is truncated or corrupt ({type(exc).__name__})",
            "download or save the PDF again, and check that it opens in a PDF viewer",
        )
    if not pages:
        return ExtractionProblem(
            "corrupt-file", f"{shown} has no pages", "download or save the PDF again, and check that it opens"
        )
    if not text.strip():
        return ExtractionProblem(
            "no-text",
            f"{shown} has no text layer (a scan?): "
            + ("its one page has no text" if len(pages) == 1 else f"no text on any of its {len(pages):,} pages"),
            "OCR is not supported: convert it with an OCR tool and register the OCR'd text as a .txt, "
            "or quote from another copy",
        )
    return Extracted(text, "pdf", extractor, pages, metadata)


# Problems that the same bytes and the same extractor always give, kept in the cache like a text (a
# hostile file does not cost its time again on every build); not `too-large`, whose limits of time
# can be reached on a busy machine and not on a quiet one.
CACHED_PROBLEMS = frozenset({"no-text", "encrypted", "corrupt-file", "too-little-text"})


def _problem_from_cache(entry: dict[str, object] | None, shown: str) -> ExtractionProblem | None:
    """The problem a cache entry holds (CACHED_PROBLEMS), named for this file, or None."""
    found = entry.get("problem") if entry is not None else None
    if not (isinstance(found, list) and len(found) == 3 and all(isinstance(v, str) for v in found)):
        return None
    code, detail, hint = found
    return ExtractionProblem(code, f"{shown} {detail}", hint) if code in CACHED_PROBLEMS else None


def _from_cache(entry: dict[str, object] | None, kind: str, extractor: str) -> Extracted | None:
    """The Extracted a cache entry holds, or None when it is not a well-formed one."""
    if entry is None:
        return None
    text, pages, metadata = entry.get("text"), entry.get("pages"), entry.get("metadata")
    if (
        entry.get("format") != kind
        or not isinstance(text, str)
        or not isinstance(pages, list)
        or not all(isinstance(p, int) and 0 <= p <= len(text) for p in pages)
        or not isinstance(metadata, list)
        or not all(isinstance(m, list) and len(m) == 2 and all(isinstance(v, str) for v in m) for m in metadata)
    ):
        return None
    return Extracted(text, kind, extractor, tuple(pages), tuple((k, v) for k, v in metadata))
