"""A saved web page and a PDF, added with `factsite add-source`, cited by one claim, built and read.

Issue 17's proof, as a new editor would go: the fixture project, then
`factsite add-source` for tests/fixture-sources/bridge-repairs.html (a news
page wrapped in a cookie banner, navigation, an advert, comments and
scripts; given its address and an archived copy) and running-header.pdf
(three pages, a running header and footer, a quoted sentence broken across
the first page break; given no address), one claim quoting both, and
`mkdocs build --strict`. The built HTML is read for what the reader sees
(the excerpts in the sources' words, the page number of a PDF excerpt, the
ways to the original, the provenance of each source, the stored originals);
then Chromium follows an excerpt to its page of the PDF's text and opens the
stored originals as a reader's browser would.

Every assertion's message starts with READER MISSES: what a reader of the
site would not get if it failed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURE, TESTS, Node, mkdocs_build, page, run_factsite, search_fragments, site_project, squash
from test_browser import TRANSPARENT, Browser, Page, Served, background, in_view, no_browser_reason, unavailable

from generator.load.htmltext import html_extractor
from generator.load.pdftext import pdf_extractor

SOURCES = TESTS / "fixture-sources"
HTML_FILE, PDF_FILE = SOURCES / "bridge-repairs.html", SOURCES / "running-header.pdf"
HTML_ID, PDF_ID, SLUG = "harbour-bridge", "transport-review", "bridge-and-trains"
URL = "https://courier.example.com/news/2024/03/harbour-bridge-repairs"
ARCHIVE = f"https://web.archive.org/web/20240315000000/{URL}"
# The page's "&pound;" is a pound sign in the text and on the site.
HTML_QUOTE = (
    "The city council voted seven to two on Wednesday night to spend £4.2 million on repairs to the Harbour Bridge"
)
PDF_QUOTE = (
    "Only 84 per cent of trains on the southern line arrived within five minutes of their scheduled time"  # p. 2
)
# Starts at the foot of page 1 ("... people") and ends on page 2 ("come back ...").
ACROSS_PAGES = "when services are frequent and reliable, people come back to public transport in large numbers"
CLAIM = f"""claim: The council approved the bridge repairs, and trains on the southern line ran late.
claimant: Councillor Priya Raman
date: '2024-03-14'
verdict: supported
summary: |
  The newspaper reports the vote; the board's annual review gives the punctuality figure.
tags: [transport]
reviewed: '2024-04-01'
evidence:
  - source: {HTML_ID}
    stance: supports
    quote: {HTML_QUOTE}
  - source: {PDF_ID}
    stance: supports
    quote: {PDF_QUOTE}
  - source: {PDF_ID}
    stance: context
    quote: {ACROSS_PAGES}
"""
TAG = "  transport:\n    label: Transport\n    description: Bridges, trains and ferries.\n"
# What bridge-repairs.html has around its article, each written once in it: scripts and a style,
# event handlers and a javascript: link, the cookie banner, navigation, the advert, related
# stories, the comments, the footer and a tracking pixel.
OUTSIDE_THE_ARTICLE = [
    "SCRIPT-LEAK-MARKER",
    "trackView",
    "dataLayer",
    "STYLE-LEAK-MARKER",
    "JS-LINK-LEAK",
    "EVENT-HANDLER-LEAK",
    "acceptCookies",
    "We use cookies",
    "Greenway Home",
    "Related stories",
    "Ferry timetable cut for winter",
    "COMMENT-LEAK-MARKER",
    "All rights reserved",
    "NOSCRIPT-LEAK-MARKER",
    "tracker.example.com",
]


def misses(what: str) -> str:
    return f"READER MISSES: {what}"


@dataclass(frozen=True)
class Built:
    root: Path
    site: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture project with the two sources added by `factsite add-source`, the claim, built strictly."""
    root = tmp_path_factory.mktemp("sources") / "project"
    shutil.copytree(FIXTURE, root)
    html_options = ("--url", URL, "--archive-url", ARCHIVE, "--retrieved", "2024-03-15")
    pdf_options = ("--outlet", "Regional Transport Board", "--retrieved", "2024-02-01")  # and no address
    added = [
        run_factsite(root, "add-source", str(HTML_FILE), "--id", HTML_ID, *html_options),
        run_factsite(root, "add-source", str(PDF_FILE), "--id", PDF_ID, *pdf_options),
    ]
    for status, out, err in added:
        assert status == 0, misses(f"a source an editor added with one command:\n{out}{err}")
    with (root / "claims" / "tags.yml").open("a", encoding="utf-8") as tags:
        tags.write(TAG)
    (root / "claims" / f"{SLUG}.yml").write_text(CLAIM, encoding="utf-8")
    site_project(root)
    site = root.parent / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, misses(f"the whole site (strict build failed):\n{result.stdout}{result.stderr}")
    return Built(root, site)


def excerpt(built: Built, index: int) -> Node:
    claim = page(built.site, f"claims/{SLUG}/")
    return claim.by_id()[f"excerpt-{index}"]


def links(node: Node) -> dict[str, str]:
    """The excerpt's links: their text (squashed) -> href."""
    return {squash(a.text()): a.attrs.get("href", "") for a in node.one("p", "fs-excerpt-links").all("a")}


def facts(built: Built, source_id: str) -> dict[str, Node]:
    """The source page's provenance rows: name -> the value's element."""
    head = page(built.site, f"sources/{source_id}/").one("dl", "fs-facts")
    return {row.one("dt").text(): row.one("dd") for row in head.all("div")}


# --- the claim page -----------------------------------------------------------------------------


@pytest.mark.parametrize(("index", "quote"), [(1, HTML_QUOTE), (2, PDF_QUOTE), (3, ACROSS_PAGES)])
def test_each_excerpt_is_shown_in_its_sources_own_words(built: Built, index: int, quote: str) -> None:
    marks = excerpt(built, index).all("mark")
    assert squash(" ".join(m.text() for m in marks)) == quote, misses(f"excerpt {index} as the source says it")


def test_a_pdf_excerpt_names_its_page_and_says_there_is_no_original_to_link_to(built: Built) -> None:
    for index, number in ((2, 2), (3, 1)):  # the quote across the page break starts on page 1
        shown = links(excerpt(built, index))
        assert f"Show in the source text, p. {number}" in shown, misses(f"the page of PDF excerpt {index}: {shown}")
        assert shown[f"Show in the source text, p. {number}"] == f"../../sources/{PDF_ID}/#{SLUG}-{index}"
        assert not any(href.startswith("http") for href in shown.values()), misses("that the PDF has no address")
        stored = shown.get(f"Open the stored PDF at p. {number}")
        assert stored == f"../../originals/{PDF_ID}.pdf#page={number}", misses(f"the stored PDF at the page: {shown}")
        said = squash(excerpt(built, index).one("span", "fs-no-original").text())
        assert said.startswith("No link to the original"), misses("why a PDF excerpt has no link to the original")


def test_a_web_page_excerpt_links_to_the_original_at_the_passage_and_to_the_archived_copy(built: Built) -> None:
    shown = links(excerpt(built, 1))
    assert shown.get("Show in the source text") == f"../../sources/{HTML_ID}/#{SLUG}-1", misses(f"our copy: {shown}")
    original = shown.get("Open the original article at this passage", "")
    fragment = "#:~:text=The%20city%20council%20voted%20seven,repairs%20to%20the%20Harbour%20Bridge"
    assert original == URL + fragment, misses(f"the passage in the original article: {shown}")
    assert shown.get("Archived copy") == ARCHIVE + fragment, misses(f"the passage in the archived copy: {shown}")
    assert excerpt(built, 1).all("span", "fs-no-original") == [], misses("a true word on the original's link")


# --- the source pages ---------------------------------------------------------------------------


def test_the_web_pages_source_page_says_where_it_came_from_and_how_it_was_captured(built: Built) -> None:
    rows = {name: squash(value.text()) for name, value in facts(built, HTML_ID).items()}
    expected = {
        "Outlet": "The Riverside Courier",  # og:site_name
        "Byline": "Maria Okafor",  # <meta name="author">
        "Published": "14 March 2024",  # article:published_time
        "Original": URL,
        "Archived copy": ARCHIVE,
        "Retrieved": "15 March 2024",
        "Format": f"Web page (HTML); text extracted by {html_extractor()}",
        "Stored copy": f"{HTML_ID}.html.txt (the saved page's HTML, as text)",
    }
    assert {k: rows.get(k) for k in expected} == expected, misses(f"the web page's provenance: {rows}")
    link = facts(built, HTML_ID)["Stored copy"].one("a")
    assert link.attrs == {
        "href": f"../../originals/{HTML_ID}.html.txt",
        "download": f"{HTML_ID}.html.txt",
    }, misses(f"a download of the saved page: {link.attrs}")


def test_the_pdfs_source_page_says_what_it_is_and_what_is_not_known(built: Built) -> None:
    rows = {name: squash(value.text()) for name, value in facts(built, PDF_ID).items()}
    assert rows.get("Outlet") == "Regional Transport Board", misses(f"the PDF's outlet: {rows}")
    assert rows.get("Byline") == rows.get("Published") == "not stated", misses(f"what is not known: {rows}")
    assert rows.get("Original") == "no address given" and "Archived copy" not in rows, misses(f"no address: {rows}")
    assert rows.get("Retrieved") == "1 February 2024", misses(f"the day the PDF was saved: {rows}")
    expected = f"PDF, 3 pages; text extracted by {pdf_extractor()}"
    assert rows.get("Format") == expected, misses(f"the PDF's format and extractor: {rows}")
    assert rows.get("Stored copy") == f"{PDF_ID}.pdf", misses(f"the stored PDF: {rows}")
    link = facts(built, PDF_ID)["Stored copy"].one("a")
    assert link.attrs == {"href": f"../../originals/{PDF_ID}.pdf", "download": f"{PDF_ID}.pdf"}, misses(
        f"a download of the PDF: {link.attrs}"
    )
    listed = squash(page(built.site, f"sources/{PDF_ID}/").one("ol", "fs-citing-list").text())
    assert "(p. 2)" in listed and "(p. 1)" in listed, misses(f"the pages in the list of citing claims: {listed}")


# --- the stored originals -----------------------------------------------------------------------


def test_the_originals_are_stored_byte_for_byte_and_the_web_page_never_as_html(built: Built) -> None:
    stored = built.site / "originals"
    assert (stored / f"{PDF_ID}.pdf").read_bytes() == PDF_FILE.read_bytes(), misses("the PDF as published")
    saved = HTML_FILE.read_bytes()
    assert (stored / f"{HTML_ID}.html.txt").read_bytes() == saved, misses("the saved web page as captured")
    pages = [p for p in built.site.rglob("*") if p.is_file() and p.suffix.lower() in (".html", ".htm")]
    as_pages = [p.relative_to(built.site).as_posix() for p in pages if p.read_bytes() == saved or HTML_ID in p.name]
    assert len(pages) > 10 and as_pages == [], misses(f"safety: the untrusted page is a page of the site: {as_pages}")


def test_nothing_from_around_the_article_reaches_any_page(built: Built) -> None:
    """Not in a page's text, its attributes or its search index entry (the script blocks of the
    theme are MkDocs' own: checked by marker words the page's scripts use)."""
    found = {}
    pages = sorted(built.site.rglob("*.html"))
    texts = {path.relative_to(built.site).as_posix(): path.read_text(encoding="utf-8") for path in pages}
    texts |= {f"search index: {f['url']}": json.dumps(f, ensure_ascii=False) for f in search_fragments(built.site)}
    for name, content in texts.items():
        hits = [word for word in OUTSIDE_THE_ARTICLE if word in content]
        if hits:
            found[name] = hits
    assert len(pages) > 10 and found == {}, misses(f"a clean article: the page's furniture is on the site: {found}")
    text = squash(page(built.site, f"sources/{HTML_ID}/").one("div", "fs-source-text").text())
    assert text.startswith("Council approves Harbour Bridge repairs"), misses(f"the article's text: {text[:80]}")
    assert text.endswith("Read the report."), misses(f"the article's last paragraph: {text[-80:]}")


# --- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built: Built, request: pytest.FixtureRequest) -> Iterator[Served]:
    reason = no_browser_reason()
    if reason:
        unavailable(request, reason)
    site = Served(built.site)
    yield site
    site.close()


@pytest.fixture(scope="module")
def chromium(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        started = Browser(playwright, tmp_path_factory.mktemp("chromium-sources"))
        yield started
        started.context.close()


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Page]:
    opened = chromium.page()
    yield opened
    opened.close()


def test_a_pdf_excerpt_leads_to_its_passage_in_the_pdfs_text(served: Served, tab: Page) -> None:
    tab.goto(served.url(f"claims/{SLUG}/"))
    t = tab.tab
    t.locator("article#excerpt-2").get_by_role("link", name="Show in the source text, p. 2").click()
    t.wait_for_url(f"**/sources/{PDF_ID}/#{SLUG}-2")
    t.wait_for_timeout(300)  # let the browser finish scrolling to the fragment
    mark = f'mark.fs-hl[data-pin="{SLUG}-2"]'
    shown = squash(" ".join(t.locator(mark).all_inner_texts()))
    assert shown == PDF_QUOTE, misses(f"the passage highlighted in the PDF's text: {shown!r}")
    assert background(tab, mark) not in TRANSPARENT, misses("the highlight's colour")
    assert in_view(tab, mark)["visible"], misses(f"the passage on screen: {in_view(tab, mark)}")
    across = squash(" ".join(t.locator(f'mark.fs-hl[data-pin="{SLUG}-3"]').all_inner_texts()))
    assert across == ACROSS_PAGES, misses(f"the quote across the page break, whole: {across!r}")
    assert tab.errors == [] and tab.dialogs == [], misses(f"a page without errors: {tab.errors + tab.dialogs}")


def test_the_saved_web_page_opens_as_text_and_nothing_in_it_runs(served: Served, tab: Page) -> None:
    response = tab.tab.goto(served.url(f"originals/{HTML_ID}.html.txt"), wait_until="load")
    assert response is not None and response.ok
    kind = response.headers.get("content-type", "")
    assert kind.startswith("text/plain"), misses(f"safety: the saved page is served as {kind}")
    seen = tab.tab.evaluate(
        "() => ({text: document.body.innerText, scripts: document.scripts.length, title: document.title,"
        " dataLayer: typeof window.dataLayer, images: document.images.length})"
    )
    assert seen["scripts"] == seen["images"] == 0 and seen["dataLayer"] == "undefined", misses(f"safety: {seen}")
    assert seen["title"] != "SCRIPT-LEAK-MARKER", misses("safety: the saved page's script ran")
    assert "<script>trackView(); /* SCRIPT-LEAK-MARKER */</script>" in seen["text"], misses("the markup, as text")
    assert tab.errors == [] and tab.dialogs == [], misses(f"safety: {tab.errors + tab.dialogs}")


@pytest.mark.parametrize(
    ("source_id", "name", "original"),
    [(PDF_ID, f"{PDF_ID}.pdf", PDF_FILE), (HTML_ID, f"{HTML_ID}.html.txt", HTML_FILE)],
)
def test_the_stored_copy_link_downloads_the_original(
    served: Served, tab: Page, source_id: str, name: str, original: Path
) -> None:
    tab.goto(served.url(f"sources/{source_id}/"))
    with tab.tab.expect_download() as download:
        tab.tab.locator(".fs-facts").get_by_role("link", name=name).click()
    got = download.value
    assert got.suggested_filename == name, misses(f"the file's name on download: {got.suggested_filename}")
    assert Path(got.path()).read_bytes() == original.read_bytes(), misses("the original, byte for byte")
    assert tab.errors == [] and tab.dialogs == [], misses(f"a page without errors: {tab.errors + tab.dialogs}")


def test_the_pdf_is_served_as_a_pdf(served: Served, tab: Page) -> None:
    response = tab.tab.request.get(served.url(f"originals/{PDF_ID}.pdf"))
    kind = response.headers.get("content-type", "")
    assert response.ok and kind == "application/pdf", misses(f"the PDF, opened by the browser's viewer: {kind}")
    assert response.body() == PDF_FILE.read_bytes(), misses("the PDF as published")


def test_claims_json_carries_each_sources_provenance_and_each_pdf_excerpts_page(built: Built) -> None:
    import json

    data = json.loads((built.site / "claims.json").read_text("utf-8"))
    sources = {s["id"]: s for s in data["sources"]}
    assert sources[PDF_ID]["format"] == "pdf" and sources[PDF_ID]["pages"] == 3, misses("the PDF's format in the data")
    assert sources[PDF_ID]["original"].endswith(f"originals/{PDF_ID}.pdf"), misses("the stored PDF in the data")
    assert sources[HTML_ID]["original"].endswith(f"originals/{HTML_ID}.html.txt")
    assert sources[HTML_ID]["extractor"].startswith("trafilatura "), misses("the extractor in the data")
    (claim,) = [c for c in data["claims"] if c["slug"] == SLUG]
    pages = [e.get("pdfPage") for e in claim["evidence"]]
    assert pages == [None, 2, 1], misses(f"the PDF pages of the excerpts in the data: {pages}")
