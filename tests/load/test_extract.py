"""Text extraction (generator/load/extract.py): goldens, error codes, the cache, page numbers.

The goldens in tests/fixture-sources/expected/ were reviewed by reading each
fixture: navigation, ads, cookie banners, comments and scripts gone,
paragraphs kept, hyphenated words rejoined, running headers and footers
gone, two columns read one after the other.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import REPO

from generator.anchor.locate import Match, locate
from generator.anchor.text import SourceText
from generator.load.extract import FORMATS, Extracted, ExtractionProblem, extract, page_of

FIXTURES = REPO / "tests" / "fixture-sources"
GOLDEN = sorted(p.stem for p in (FIXTURES / "expected").glob("*.txt"))
ORIGINALS = {p.stem: p for p in FIXTURES.iterdir() if p.suffix in (".html", ".pdf")}


def _text(name: str, cache: Path | None = None) -> Extracted:
    result = extract((FIXTURES / name).read_bytes(), name, cache)
    assert isinstance(result, Extracted), result
    return result


def _problem(data: bytes, name: str) -> ExtractionProblem:
    result = extract(data, name)
    assert isinstance(result, ExtractionProblem), result
    return result


@pytest.mark.parametrize("stem", GOLDEN)
def test_golden(stem: str) -> None:
    original = ORIGINALS[stem]
    result = _text(original.name)
    assert result.text + "\n" == (FIXTURES / "expected" / f"{stem}.txt").read_text("utf-8")
    assert result.format == FORMATS[original.suffix]


def test_every_fixture_has_a_golden_or_is_an_error_case() -> None:
    errors = {"encrypted-password", "scanned", "truncated"}
    assert set(ORIGINALS) == set(GOLDEN) | errors


def test_web_page_drops_everything_but_the_article() -> None:
    result = _text("bridge-repairs.html")
    for leak in ("LEAK", "cookies", "Subscribe", "Summer sale", "Related stories", "All rights reserved", "trackView"):
        assert leak not in result.text
    assert "\n\nWork to start in the autumn\n\n" in result.text  # a heading is a paragraph of its own
    assert dict(result.metadata) == {
        "title": "Council approves Harbour Bridge repairs after two-year delay",
        "author": "Maria Okafor",
        "date": "2024-03-14",
        "url": "https://courier.example.com/news/2024/03/harbour-bridge-repairs",
        "sitename": "The Riverside Courier",
    }
    assert result.extractor.startswith("trafilatura ")


def test_declared_charsets_are_honoured() -> None:
    cafes = _text("cafes-winter.html")  # windows-1252 in an http-equiv
    assert "François Lefèvre, who has run a crêperie near the métro" in cafes.text
    assert "“In January we lost almost a third of our customers,” she says." in cafes.text
    assert "PUBLICITÉ" not in cafes.text and "témoins" not in cafes.text
    festival = _text("festival-latin1.html")  # "ISO-8859-1" is read as windows-1252, as browsers do
    assert "“Nous voulions une édition généreuse et accessible”" in festival.text


def _article(meta: str, words: str) -> str:
    """A page of six paragraphs, ASCII but for `words`, with `meta` in its head."""
    return (
        f"<html><head>{meta}</head><body><article><h1>The title</h1>"
        + "".join(f"<p>{words}, paragraph number {i} of the article, long enough to count.</p>" for i in range(6))
        + "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("meta", "charset", "words"),
    [
        ('<meta charset="iso-8859-15">', "iso-8859-15", "Élan, € 5, déjà"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8-r", "Привет"),
        ("", "windows-1252", "“Déjà vu” — café"),  # not UTF-8: the documented fallback
    ],
)
def test_charsets(meta: str, charset: str, words: str) -> None:
    result = extract(_article(meta, words).encode(charset), "page.html")
    assert isinstance(result, Extracted), result
    assert f"{words}, paragraph number 3 of the article" in result.text


def test_byte_order_mark_wins_over_meta() -> None:
    page = "\ufeff" + _article('<meta charset="windows-1252">', "Grüße aus Köln")
    result = extract(page.encode("utf-16-le"), "page.html")
    assert isinstance(result, Extracted) and "Grüße aus Köln, paragraph" in result.text


def test_a_page_that_lies_about_its_charset() -> None:
    page = _article('<meta charset="utf-8">', "текст")
    problem = _problem(page.encode("cp1251"), "x.html")
    assert problem.code == "encoding"
    assert problem.message.startswith("seeds/x.html cannot be decoded as utf-8, its declared charset utf-8 (at byte")


def test_pdf_two_columns_are_read_column_by_column() -> None:
    result = _text("two-columns.pdf")
    order = [result.text.index(f"{side}-{n}.") for side in ("LEFT", "RIGHT") for n in ("ONE", "TWO", "THREE")]
    assert order == sorted(order)
    # paragraphs broken by a column break are whole again (on page 1, and on page 2)
    assert "with pest damage in the autumn forcing" in result.text
    assert "published in November, after the last of the maize" in result.text
    assert result.text[result.pages[1] :].startswith("RIGHT-THREE.")
    assert page_of(result.pages, result.text.index("RIGHT-TWO")) == 1


def test_pdf_hyphenation() -> None:
    text = _text("hyphenation.pdf").text
    assert "investigation into the procurement of" in text  # "investi-" / "gation", "procure-" / "ment"
    assert "three-and-a-half years" in text  # hyphens inside a line are kept
    assert "post-Brexit review" in text  # a hyphen before a capital is a real one
    assert "five-year average" in _text("two-columns.pdf").text  # written so elsewhere: kept


def test_pdf_running_header_footer_and_page_break() -> None:
    result = _text("running-header.pdf")
    assert "Annual Review 2023" not in result.text and "Page " not in result.text and " of 3" not in result.text
    assert len(result.pages) == 3 and result.pages[0] == 0
    assert result.text[result.pages[1] :].startswith("come back to public transport")
    assert result.text[result.pages[2] :].startswith("The ferry services")
    quote = "when services are frequent and reliable, people come back to public transport in large numbers"
    found = locate(SourceText(result.text), quote)
    assert isinstance(found, Match)
    assert page_of(result.pages, found.start) == 1 and page_of(result.pages, found.end - 1) == 2


def test_quote_across_a_pdf_line_break_resolves_once() -> None:
    result = _text("statement.pdf")
    found = locate(SourceText(result.text), "engineering work between Alderford and Kingsmere")
    assert isinstance(found, Match)  # "...between Alderford" / "and Kingsmere." are two lines of the PDF
    assert result.text[found.start : found.end] == "engineering work between Alderford and Kingsmere"
    assert "confirms" in result.text  # the "ﬁ" ligature is written as two letters


@pytest.mark.parametrize(
    ("name", "data", "code", "hint"),
    [
        ("a.txt", "caf\xe9".encode("latin-1"), "encoding", "convert the document to UTF-8"),
        ("a.txt", b"text\x00more", "encoding", "sources are plain UTF-8 text"),
        ("a.txt", b"%PDF-1.7\n...", "format-mismatch", "rename it with the extension .pdf"),
        ("a.txt", b"PK\x03\x04zip", "format-mismatch", "export the document's text as .txt, or print it to PDF"),
        ("a.html", b"%PDF-1.4\n...", "format-mismatch", "rename it with the extension .pdf"),
        ("a.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "format-mismatch", None),
        (
            "a.pdf",
            b"<!DOCTYPE html><html><body>hi</body></html>",
            "format-mismatch",
            "rename it with the extension .html",
        ),
        ("a.pdf", b"hello", "format-mismatch", None),
        ("a.pdf", b"", "corrupt-file", None),
        ("a.docx", b"PK\x03\x04", "unsupported-format", "a source is a .txt, .html, .htm or .pdf file"),
        ("a.html", b"<html><body><nav><a href='/'>Home</a></nav><p>Short.</p></body></html>", "too-little-text", None),
        ("a.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "corrupt-file", None),
    ],
)
def test_problems(name: str, data: bytes, code: str, hint: str | None) -> None:
    problem = _problem(data, name)
    assert problem.code == code
    assert problem.message.startswith(f"seeds/{name} ")
    if hint:
        assert problem.hint == hint


def test_plain_text_keeps_todays_messages() -> None:
    assert _problem(b"ab\xffcd", "x.txt").message == "seeds/x.txt is not UTF-8 text (at byte offset 2)"
    assert _problem(b"a\x00", "x.txt").message == "seeds/x.txt is binary (it has a NUL byte)"
    assert extract(b"Line one\n\nLine two\n", "x.txt") == Extracted("Line one\n\nLine two\n", "text", "text")


def test_pdf_file_problems() -> None:
    assert _problem((FIXTURES / "encrypted-password.pdf").read_bytes(), "e.pdf").code == "encrypted"
    assert _problem((FIXTURES / "truncated.pdf").read_bytes(), "t.pdf").code == "corrupt-file"
    scanned = _problem((FIXTURES / "scanned.pdf").read_bytes(), "s.pdf")
    assert scanned.code == "no-text" and "OCR is not supported" in scanned.hint
    # an empty user password opens the file, as every viewer does
    assert "encrypted with an empty user password" in _text("encrypted-open.pdf").text


def test_page_of() -> None:
    assert page_of((), 5) is None
    pages = (0, 10, 10, 25)  # the third page is empty
    assert [page_of(pages, o) for o in (0, 9, 10, 24, 25, 1000)] == [1, 1, 3, 3, 4, 4]


def test_deterministic_with_and_without_cache(tmp_path: Path) -> None:
    for stem in ("bridge-repairs", "running-header"):
        name = ORIGINALS[stem].name
        first, second = _text(name), _text(name)
        cached_once, cached_twice = _text(name, tmp_path), _text(name, tmp_path)
        assert first == second == cached_once == cached_twice
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_cache_is_used_and_a_corrupt_entry_is_rewritten(tmp_path: Path) -> None:
    name = "bridge-repairs.html"
    fresh = _text(name, tmp_path)
    (entry,) = tmp_path.glob("*.json")
    stored = json.loads(entry.read_text("utf-8"))
    stored["text"] = "From the cache."
    entry.write_text(json.dumps(stored), "utf-8")
    assert _text(name, tmp_path).text == "From the cache."  # read from the cache, not extracted again
    entry.write_text("{not json", "utf-8")
    assert _text(name, tmp_path) == fresh
    assert json.loads(entry.read_text("utf-8"))["text"] == fresh.text  # rewritten
    assert not list(tmp_path.glob(".entry-*"))  # no temporary file left behind


def test_cache_never_follows_a_symlink(tmp_path: Path) -> None:
    name = "statement.pdf"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "cache").symlink_to(elsewhere)
    assert _text(name, tmp_path / "cache") == _text(name)
    assert not list(elsewhere.iterdir())
    real = tmp_path / "real"
    _text(name, real)
    (entry,) = real.glob("*.json")
    target = tmp_path / "outside.json"
    target.write_text(entry.read_text("utf-8").replace("Statement on the", "Forged"), "utf-8")
    entry.unlink()
    os.symlink(target, entry)
    assert _text(name, real) == _text(name)  # the link is not read, nor written through
    assert "Forged" in target.read_text("utf-8")


def test_plain_text_is_never_cached(tmp_path: Path) -> None:
    extract(b"Some text.", "a.txt", tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_problem_is_cached_too_and_named_for_the_file_that_has_it(tmp_path: Path) -> None:
    """A scanned PDF is not read again on every build: its `no-text` comes from the cache, named for its file."""
    from generator.load import sandbox

    data = (FIXTURES / "scanned.pdf").read_bytes()
    first = extract(data, "scan.pdf", tmp_path)
    assert isinstance(first, ExtractionProblem) and first.code == "no-text"
    calls: list[bytes] = []
    real = sandbox.limited_pdf_text
    sandbox.limited_pdf_text = lambda d, *a, **k: calls.append(d) or real(d, *a, **k)  # type: ignore[assignment]
    try:
        again = extract(data, "copy-of-scan.pdf", tmp_path)
    finally:
        sandbox.limited_pdf_text = real  # type: ignore[assignment]
    assert calls == []  # not read again
    assert isinstance(again, ExtractionProblem) and again.code == "no-text"
    assert again.message == first.message.replace("seeds/scan.pdf", "seeds/copy-of-scan.pdf")
