"""The built site in a real browser: Chromium, driven by Playwright, as a reader uses it.

Two sites are built once per module with `mkdocs build --strict`: the
repository's own (its claims, seeds and docs) and a hostile one whose
every text field (claim, registry and seed text) carries an injection
payload. Each is served by Python's http.server on 127.0.0.1 and read in
Debian's Chromium (no browser is downloaded: Playwright is given its
path), headless, with a fresh profile and every request that would leave
127.0.0.1 blocked and recorded.

A reader's path: search for the words of a claim and of an excerpt,
read a claim page (verdict, excerpts for and against, quotes
highlighted), follow an excerpt to its source page (the span highlighted
and in view) and back, follow every link of the home and index pages;
no console error on any page. Accessibility: axe-core (pinned in
tools/axe/) on the home, a claim, a source and the index pages, no
serious or critical violation; verdicts and stances are never told by
colour alone. Screenshots of a claim page and a source page at desktop
and phone widths go to test-artifacts/screenshots/, the axe reports to
test-artifacts/axe/.

No Chromium (or no Playwright) on this machine: every test here is
skipped with a reason starting "NO BROWSER:" (pytest -ra lists it in the
summary); with FACTSITE_REQUIRE_BROWSER=1 (set by .ci/run once Playwright
is pinned in requirements.lock) they fail instead.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import DRAFT_CLAIM, FIXTURE, REPO, as_checked, site_project

from generator.load import mdsafe

ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LOCAL = "127.0.0.1"


# --- the browser, or a loud reason why there is none ------------------------------------


def chromium_path() -> str | None:
    wanted = os.environ.get("FACTSITE_CHROMIUM")
    candidates = (
        [wanted] if wanted else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    )
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def no_browser_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "NO BROWSER: Playwright for Python is not installed (pip install playwright, pinned in "
            "requirements.lock): the browser tests did NOT run"
        )
    if chromium_path() is None:
        return (
            "NO BROWSER: no Chromium at /usr/bin/chromium (or $FACTSITE_CHROMIUM): apt-get install chromium; "
            "the browser tests did NOT run"
        )
    return None


def unavailable(request: pytest.FixtureRequest, reason: str) -> None:
    """Say it loudly, then skip (or fail where a browser is required)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nWARNING: {reason}", red=True, bold=True)
    warnings.warn(reason, stacklevel=1)
    if os.environ.get("FACTSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (FACTSITE_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


# --- sites, served -------------------------------------------------------------------------


def mkdocs_build(root: Path, site: Path, **extra: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"NO_MKDOCS_2_WARNING": "1"} | extra
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Served:
    """A built site on http://127.0.0.1:<free port>/ (a thread of this process)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.server = ThreadingHTTPServer((LOCAL, 0), functools.partial(Quiet, directory=str(site)))
        self.base = f"http://{LOCAL}:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return self.base + path

    def pages(self) -> list[str]:
        """Every page of the site, as a path relative to its root ('' for the home page)."""
        found = []
        for page in sorted(self.site.rglob("*.html")):
            rel = page.relative_to(self.site).as_posix()
            found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return found

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The repository's own site (claims/, seeds/, docs/), built strictly and served."""
    site = tmp_path_factory.mktemp("real") / "site"
    mkdocs_build(REPO, site)
    served = Served(site)
    yield served
    served.close()


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The fixture project as a preview with drafts, in a git repository of its own: a claim with
    every field of the record, its corrections and its revision history, and a draft."""
    root = tmp_path_factory.mktemp("record") / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    (root / "claims" / "arrival-wednesday.yml").write_text(DRAFT_CLAIM, "utf-8")
    git = {"GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "d@example.org", "GIT_COMMITTER_NAME": "Desk"}
    git |= {"GIT_COMMITTER_EMAIL": "d@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}
    git |= {"GIT_AUTHOR_DATE": "2026-11-21T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-21T10:00:00Z"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Claims: <first> & two"]):
        subprocess.run(["git", *args], cwd=root, env=os.environ | git, check=True, capture_output=True)
    site = root.parent / "site"
    mkdocs_build(root, site, FACTSITE_DRAFTS="1", FACTSITE_HISTORY="on")
    served = Served(site)
    yield served
    served.close()


@pytest.fixture(scope="module")
def claims(real: Served) -> dict[str, dict]:
    return {c["slug"]: c for c in json.loads((real.site / "claims.json").read_text())["claims"]}


class Browser:
    """One Chromium with a fresh profile; every request leaving 127.0.0.1 is blocked and recorded."""

    def __init__(self, playwright: Any, profile: Path) -> None:
        self.context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS, viewport=DESKTOP
        )
        self.context.set_default_timeout(15_000)
        self.external: list[str] = []
        self.context.route(re.compile(rf"^(?!https?://{re.escape(LOCAL)}[:/])"), self._block)

    def _block(self, route: Any) -> None:
        self.external.append(route.request.url)
        route.abort("blockedbyclient")

    def page(self) -> Page:
        return Page(self.context.new_page())


class Page:
    """A tab that records console errors, uncaught exceptions, dialogs and failed requests."""

    def __init__(self, page: Any) -> None:
        self.tab = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: uncaught {exc}"))
        page.on("dialog", self._dialog)
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{page.url}: HTTP {r.status} {r.url}"))

    def _console(self, message: Any) -> None:
        where = message.location.get("url", "") if message.location else ""
        # A blocked third-party request is reported by its own test (test_nothing_is_loaded_from_another_host).
        if message.type == "error" and (not where or urlsplit(where).hostname == LOCAL):
            self.errors.append(f"{self.tab.url}: console: {message.text} ({where})")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{self.tab.url}: {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _failed(self, request: Any) -> None:
        # ERR_ABORTED: the next navigation cancelled a load still under way (the search index, an icon).
        if urlsplit(request.url).hostname == LOCAL and "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"{self.tab.url}: request failed: {request.url} {request.failure}")

    def goto(self, url: str) -> Page:
        response = self.tab.goto(url, wait_until="load")
        assert response is not None and response.ok, url
        return self

    def close(self) -> None:
        self.tab.close()


@pytest.fixture(scope="module", autouse=True)
def browser_available(request: pytest.FixtureRequest) -> None:
    """First of all: no browser, no site builds either; just the loud skip."""
    reason = no_browser_reason()
    if reason:
        unavailable(request, reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        started = Browser(playwright, tmp_path_factory.mktemp("chromium-profile"))
        yield started
        started.context.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    page = browser.page()
    yield page
    page.close()


# --- page facts, read in the browser ---------------------------------------------------------


def in_view(page: Page, selector: str) -> dict:
    """Where the element is: below the sticky header and inside the window, or not."""
    box = page.tab.evaluate(
        """selector => {
        const el = document.querySelector(selector);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return {top: r.top, bottom: r.bottom, header, height: window.innerHeight,
                visible: r.top >= header - 1 && r.top < window.innerHeight && r.height > 0};
    }""",
        selector,
    )
    assert box is not None, selector
    return box


def background(page: Page, selector: str) -> str:
    return page.tab.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")


TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")


def squash(text: str) -> str:
    return " ".join(text.split())


def path_of(url: str) -> str:
    return urlsplit(url).path


# --- a reader's path through the real site --------------------------------------------------


def page_words(site: Path) -> dict[str, int]:
    """How many pages of the site each word is on (the text of every built page)."""
    counts: dict[str, int] = {}
    for page in site.rglob("*.html"):
        text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text("utf-8")))
        for word in set(re.findall(r"[a-z0-9']+", text.lower())):
            counts[word] = counts.get(word, 0) + 1
    return counts


def words_of(text: str, counts: dict[str, int], count: int = 4) -> str:
    """The `count` rarest words of `text` on the site, in their order: what a reader would type."""
    words = [w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9']+", text) if len(w) >= 4]
    rarest = sorted(set(words), key=lambda w: (counts.get(w.lower(), 0), words.index(w)))[:count]
    return " ".join(w for w in dict.fromkeys(words) if w in rarest)


def search(page: Page, words: str) -> list[str]:
    """Type `words` into the site's search box; the paths of the results listed."""
    box = page.tab.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(words, delay=10)
    links = page.tab.locator(".md-search-result__list > li > a.md-search-result__link")
    meta = page.tab.locator(".md-search-result__meta")
    previous = None
    for _ in range(60):  # until the results for the whole query are listed and stay the same
        page.tab.wait_for_timeout(150)
        current = (meta.inner_text(), links.evaluate_all("els => els.map(a => a.href)"))
        if re.match(r"(\d+|No) results? for", current[0]) and current == previous:
            return [path_of(href) for href in current[1]]
        previous = current
    raise AssertionError(f"no search results for {words!r}: {previous}")


def sample_claims(claims: dict[str, dict]) -> list[dict]:
    """A few claims to search for: one per verdict that has claims (deterministic)."""
    by_verdict: dict[str, dict] = {}
    for slug in sorted(claims):
        by_verdict.setdefault(claims[slug]["verdict"], claims[slug])
    return list(by_verdict.values())


def test_search_finds_a_claim_by_its_words_and_by_an_excerpts_words(real: Served, claims: dict, tab: Page) -> None:
    """Among the first screen of results (the first ten pages listed)."""
    counts = page_words(real.site)
    tab.goto(real.url())
    checked = []
    for claim in sample_claims(claims):
        page = "/" + claim["page"]
        excerpt = max(claim["evidence"], key=lambda e: len(e["text"]))
        for text in (claim["claim"], excerpt["text"]):
            words = words_of(text, counts)
            found = search(tab, words)
            assert page in found[:10], (words, found[:10])
            checked.append(words)
    assert len(checked) >= 6
    assert tab.errors == [] and tab.dialogs == []


def disputed(claims: dict[str, dict]) -> dict:
    """The first claim with excerpts both for and against."""
    return next(
        c for _, c in sorted(claims.items()) if {"supports", "contradicts"} <= {e["stance"] for e in c["evidence"]}
    )


def test_a_claim_page_shows_its_verdict_and_both_groups_with_the_quotes_highlighted(
    real: Served, claims: dict, tab: Page
) -> None:
    claim = disputed(claims)
    tab.goto(real.url(claim["page"]))
    t = tab.tab
    assert squash(t.locator("article h1").inner_text()) == squash(claim["claim"])
    verdict = t.locator(".fs-verdict-line .fs-badge")
    assert verdict.is_visible() and claim["verdictLabel"] in verdict.inner_text()
    for name in ("Supporting excerpts", "Contradicting excerpts"):
        assert t.get_by_role("heading", name=name).is_visible(), name
    for stance in ("supports", "contradicts"):
        expected = [e for e in claim["evidence"] if e["stance"] == stance]
        excerpts = t.locator(f".fs-excerpts.fs-{stance} article.fs-excerpt")
        assert excerpts.count() == len(expected) >= 1, stance
        for n, evidence in enumerate(expected):
            marks = excerpts.nth(n).locator("blockquote mark")
            assert squash(" ".join(marks.all_inner_texts())) == squash(evidence["text"]), evidence
            assert marks.first.is_visible()
            assert marks.first.evaluate("el => getComputedStyle(el).backgroundColor") not in TRANSPARENT
    assert tab.errors == [] and tab.dialogs == []


def test_an_excerpt_leads_to_its_span_in_the_source_and_the_highlight_leads_back(
    real: Served, claims: dict, tab: Page
) -> None:
    claim = disputed(claims)
    evidence = next(e for e in claim["evidence"] if e["stance"] == "contradicts")
    anchor = f"{claim['slug']}-{evidence['index']}"
    tab.goto(real.url(claim["page"]))
    t = tab.tab
    t.locator(f"article#excerpt-{evidence['index']}").get_by_role("link", name="Show in the source text").click()
    t.wait_for_url(f"**/sources/{evidence['source']}/#{anchor}")
    t.wait_for_timeout(300)  # let the browser finish scrolling to the fragment
    mark = f'mark.fs-hl[data-pin="{anchor}"]'
    # The passage may be highlighted in pieces (a sentence each, another claim's span): the marks hold
    # all of its characters, in order; the spaces between two pieces are not marked.
    marked = "".join(t.locator(mark).all_inner_texts())
    assert "".join(marked.split()) == "".join(evidence["text"].split())
    assert background(tab, mark) not in TRANSPARENT
    assert in_view(tab, mark)["visible"], in_view(tab, mark)
    assert in_view(tab, f"#{anchor}")["visible"], in_view(tab, f"#{anchor}")
    t.locator(f"a#{anchor}").click()
    t.wait_for_url(f"**/{claim['page']}#excerpt-{evidence['index']}")
    t.wait_for_timeout(300)
    assert in_view(tab, f"#excerpt-{evidence['index']}")["visible"], in_view(tab, f"#excerpt-{evidence['index']}")
    assert tab.errors == [] and tab.dialogs == []


INDEX_PAGES = [
    "",
    "claims/",
    "sources/",
    "matrix/",
    "tags/",
    "verdicts/supported/",
    "verdicts/mostly-supported/",
    "verdicts/disputed/",
    "verdicts/unverified/",
    "verdicts/contradicted/",
]


def ids_in(markup: str) -> set[str]:
    return {html.unescape(m) for m in re.findall(r'\sid="([^"]*)"', markup)}


def test_every_link_of_the_home_and_index_pages_resolves(real: Served, browser: Browser, tab: Page) -> None:
    fetched: dict[str, tuple[int, set[str]]] = {}
    checked, external = 0, set()
    broken = []
    for index in INDEX_PAGES:
        tab.goto(real.url(index))
        hrefs = tab.tab.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        assert len(hrefs) > 10, index
        for href in hrefs:
            parts = urlsplit(href)
            if parts.hostname != LOCAL:
                external.add(href)
                continue
            page = href.split("#")[0].split("?")[0]
            if page not in fetched:
                response = browser.context.request.get(page)
                fetched[page] = (response.status, ids_in(response.text()) if response.ok else set())
            status, ids = fetched[page]
            fragment = parts.fragment
            if status != 200 or (fragment and fragment not in ids and html.unescape(fragment) not in ids):
                broken.append((index, href, status))
            checked += 1
    assert broken == []
    assert checked > 300 and len(fetched) > 40
    assert all(urlsplit(h).scheme == "https" for h in external), external


def test_no_page_has_a_console_error(real: Served, tab: Page) -> None:
    pages = real.pages()
    assert len(pages) > 50
    for path in pages:
        tab.goto(real.url(path))
    assert tab.errors == []
    assert tab.dialogs == []


def test_nothing_is_loaded_from_another_host(real: Served, browser: Browser, tab: Page) -> None:
    """A reader's browser asks 127.0.0.1 only: no fonts, scripts or styles from third parties.

    (A request to another host tells that host who reads the site, and where
    it is blocked, as in China for Google's, the page waits for it.)
    """
    browser.external.clear()
    for path in ("", "claims/", disputed_page(real)):
        tab.goto(real.url(path))
    assert sorted(set(browser.external)) == []


def disputed_page(real: Served) -> str:
    data = json.loads((real.site / "claims.json").read_text())
    return disputed({c["slug"]: c for c in data["claims"]})["page"]


# --- verdicts and stances are not colour alone ------------------------------------------------


def test_verdicts_and_stances_are_told_in_words_and_signs_not_only_colour(
    real: Served, claims: dict, tab: Page
) -> None:
    labels = {c["verdict"]: c["verdictLabel"] for c in claims.values()}
    tab.goto(real.url("claims/"))
    badges = tab.tab.locator("article .fs-badge")
    assert badges.count() >= len(claims)
    for badge in badges.all():
        verdict = next(
            c.removeprefix("fs-verdict-") for c in badge.get_attribute("class").split() if c.startswith("fs-verdict-")
        )
        text = squash(badge.inner_text())
        assert verdict in labels and text.endswith(labels[verdict]) and text[0] in "✔◕⇄?✘", text
    source = claims[disputed(claims)["slug"]]["evidence"][0]["source"]
    tab.goto(real.url(f"sources/{source}/"))
    names = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}
    pins = tab.tab.locator(".fs-source-text a.fs-pin")
    assert pins.count() >= 3
    for pin in pins.all():
        stance = next(
            c.removeprefix("fs-") for c in pin.get_attribute("class").split() if c.removeprefix("fs-") in names
        )
        assert pin.get_attribute("aria-label").startswith(names[stance] + " claim "), pin.get_attribute("aria-label")
        assert pin.inner_text()[0] == {"supports": "✔", "contradicts": "✘", "context": "○"}[stance]
    tab.goto(real.url("matrix/"))
    cells = tab.tab.locator(".fs-matrix a.fs-cell")
    assert cells.count() > len(claims)
    assert set(cells.evaluate_all("els => els.map(a => a.textContent.trim())")) <= {
        "✔Supports",
        "✘Contradicts",
        "○Context",
    }


# --- accessibility: axe-core --------------------------------------------------------------------

AXE_PAGES = {
    "home": "",
    "claim": None,
    "source": None,
    "claims-index": "claims/",
    "sources-index": "sources/",
    "matrix": "matrix/",
    "verdict": "verdicts/disputed/",
    "tags": "tags/",
    "corrections": "corrections/",
    "transparency": "corrections-policy/",
    "claim-with-corrections-and-history": None,  # on the record site (a preview with drafts)
    "draft": None,
}


def axe_run(page: Page) -> dict:
    page.tab.add_script_tag(path=str(AXE))
    return page.tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")


def axe_summary(results: dict) -> list[str]:
    return [f"{v['impact']}: {v['id']} ({len(v['nodes'])} nodes): {v['help']}" for v in results["violations"]]


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_serious_or_critical_violation(
    real: Served, record: Served, claims: dict, tab: Page, name: str
) -> None:
    if not AXE.is_file():
        pytest.skip(
            "NO AXE: tools/axe/node_modules/axe-core is not installed (make test runs npm ci there; "
            "needs npm): the accessibility checks did NOT run"
        )
    claim = disputed(claims)
    path = {"claim": claim["page"], "source": f"sources/{claim['evidence'][0]['source']}/"}.get(name, AXE_PAGES[name])
    on_record = {"claim-with-corrections-and-history": "claims/talks-duration/", "draft": "claims/arrival-wednesday/"}
    if name in on_record:
        path = on_record[name]
        tab.goto(record.url(path))
        expected = {"draft": ".fs-draft", "claim-with-corrections-and-history": ".fs-revisions li"}[name]
        assert tab.tab.locator(expected).count() >= 1, f"{path} has no {expected}"
    else:
        tab.goto(real.url(path))
    results = axe_run(tab)
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(
        json.dumps(
            {"url": path, "axe": results["testEngine"]["version"], "violations": results["violations"]}, indent=1
        )
    )
    serious = [line for line in axe_summary(results) if line.startswith(("serious", "critical"))]
    assert serious == [], "\n".join(axe_summary(results))
    assert tab.errors == []


# --- looks: screenshots at desktop and phone widths ---------------------------------------------


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_of_a_claim_page_and_a_source_page(real: Served, claims: dict, tab: Page, width: str) -> None:
    claim = disputed(claims)
    evidence = next(e for e in claim["evidence"] if e["stance"] == "contradicts")
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tab.tab.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    for name, path in (
        ("claim", claim["page"]),
        ("source", f"sources/{evidence['source']}/#{claim['slug']}-{evidence['index']}"),
    ):
        tab.goto(real.url(path))
        tab.tab.wait_for_timeout(300)
        overflow = tab.tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} width scrolls sideways by {overflow}px"
        tab.tab.screenshot(path=str(out / f"{name}-{width}.png"))
        tab.tab.screenshot(path=str(out / f"{name}-{width}-full.png"), full_page=True)
        assert (out / f"{name}-{width}.png").stat().st_size > 10_000
    assert tab.errors == []


# --- hostile input, in the browser ----------------------------------------------------------------

# Every field of a claim, of the registry and a seed's text carries one of these.
RAW_PAYLOADS = [
    '<script>window.__pwned = "script"; alert("script")</script>',
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">",
    '"><svg/onload=alert("svg")>',
    "javascript:alert('bare')",
    "[click me](javascript:alert('md-link'))",
    "[entity link](&#106;avascript:alert('entity')) &#106;avascript:alert('entity-text')",
    "<a href=\"&#106;avascript:alert('a-entity')\">an a element</a>",
    "{: onclick=\"alert('attr-list')\" } **bold** {: .pwned #pwned }",
    '--8<-- ".env"',
    "# A heading\n\n## Another [link](https://evil.example/md) <https://evil.example/auto>",
    '</mark></blockquote></article></div><script>alert("close")</script>',
    "' onmouseover='alert(\"quote\")' data-x='",
    "<iframe srcdoc=\"<script>parent.alert('iframe')</script>\"></iframe>",
    "{{ config.site_name }} {% include 'x' %} ${alert('template')}",
    "<style>body { display: none }</style>",
    '<details open ontoggle=alert("details")>',
    "&lt;script&gt;alert('escaped')&lt;/script&gt; &amp;lt;",
    "\u202eevil\u202c zero\u200bwidth",
]
# As claim and registry files hold them (check refuses bidirectional controls there); a seed holds the raw one.
PAYLOADS = [as_checked(p) for p in RAW_PAYLOADS]
# A registry URL must be http(s) (check refuses any other); these try to break out of the attribute.
URLS = [
    'https://evil.example/"><script>alert("url")</script>',
    "https://evil.example/'onmouseover='alert(1)",
    "https://evil.example/#&#106;avascript:alert(1)",
    "https://evil.example/{:onclick=alert(1)}?a=<b>&c=--8<--",
]
SECRET = "hunter2-from-the-dot-env-file"


def passage(n: int) -> str:
    return f"Passage {n:02} reads: {PAYLOADS[n]}"


def hostile_project(root: Path) -> None:
    """A project whose claims, registry and seeds carry every payload in every text field (each seed
    starts with its payload as written, bidirectional controls and all)."""
    (root / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / ".env").write_text(f"SECRET={SECRET}\n")
    sources = []
    for n, payload in enumerate(PAYLOADS):
        seed = f"{RAW_PAYLOADS[n]}\n\n{passage(n)}\n\nThe end of source {n:02}.\n".encode()
        (root / "seeds" / f"evil-{n:02}.txt").write_bytes(seed)
        sources.append(
            {
                "id": f"evil-{n:02}",
                "file": f"evil-{n:02}.txt",
                "title": payload,
                "outlet": payload,
                "url": URLS[n % len(URLS)],
                "published": "2025-05-08",
                "sha256": hashlib.sha256(seed).hexdigest(),
                "notes": payload,
            }
        )
        markdown = payload if not mdsafe.problems(payload) else f"Refused by check: payload {n:02}."
        claim = {
            "claim": payload,
            "claimant": payload,
            "date": "2025-05-08",
            "verdict": "supported",
            "summary": markdown,
            "tags": ["hostile"],
            "reviewed": "2026-11-22",
            "evidence": [{"source": f"evil-{n:02}", "stance": "supports", "quote": passage(n), "note": markdown}],
        }
        (root / "claims" / f"hostile-{n:02}.yml").write_text(yaml.safe_dump(claim, allow_unicode=True))
    (root / "seeds" / "sources.yml").write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True))
    # The tag's label and description, shown on the tag pages and every claim page, carry payloads too.
    hostile_tag = {"label": PAYLOADS[1], "description": PAYLOADS[5]}
    (root / "claims" / "tags.yml").write_text(yaml.safe_dump({"tags": {"hostile": hostile_tag}}, allow_unicode=True))
    site_project(root)
    (root / "docs" / ".env").write_text(f"SECRET={SECRET}\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("hostile")
    hostile_project(tmp / "project")
    mkdocs_build(tmp / "project", tmp / "site")
    served = Served(tmp / "site")
    yield served
    served.close()


# Anything on the page that a payload could have made: handlers, script URLs, its own ids and classes,
# frames, images, styles or scripts carrying its words.
INJECTED = """() => {
    const found = [];
    const unsafe = /^\\s*(javascript|data|vbscript):/i;
    const decode = v => { try { return decodeURIComponent(v); } catch (e) { return v; } };
    for (const el of document.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        for (const a of el.attributes) {
            if (/^on/i.test(a.name)) found.push(`${tag}[${a.name}]`);
            if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && unsafe.test(decode(a.value)))
                found.push(`${tag}[${a.name}=${a.value}]`);
            if (a.name === 'srcdoc') found.push(`${tag}[srcdoc]`);
        }
        if (['iframe', 'object', 'embed', 'img', 'details'].includes(tag)) found.push(tag);
        if (tag === 'form' && !/^md-/.test(el.className)) found.push(tag);  // the theme's search and palette forms
        if (el.id === 'pwned' || el.classList.contains('pwned')) found.push(`${tag}#pwned`);
        if ((tag === 'script' && el.type !== 'application/ld+json') || tag === 'style') {
            if (/alert\\(|__pwned|display: none/.test(el.textContent))
                found.push(`${tag}: ${el.textContent.slice(0, 60)}`);
        }
    }
    if (window.__pwned !== undefined) found.push(`window.__pwned = ${window.__pwned}`);
    return found;
}"""


def test_the_injection_check_sees_what_it_is_looking_for(browser: Browser, tab: Page) -> None:
    """The check above, on a page that has every kind of injected markup, finds each one."""
    tab.tab.set_content(
        '<div class="md-header"></div><img src=x onerror="1"><a href=" javascript:x">a</a>'
        '<p id="pwned" onclick="1">x</p><iframe srcdoc="x"></iframe><style>p{display: none}</style>'
        "<script>window.__pwned = 1</script>"
    )
    found = tab.tab.evaluate(INJECTED)
    assert found == [
        "img[onerror]",
        "img",
        "a[href= javascript:x]",
        "p[onclick]",
        "p#pwned",
        "iframe[srcdoc]",
        "iframe",
        "style: p{display: none}",
        "script: window.__pwned = 1",
        "window.__pwned = 1",
    ]


# What a reader sees of the fields on a page, read in one go.
FACTS = """() => {
    const visible = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const h1 = document.querySelector('article h1');
    const facts = {};
    for (const row of document.querySelectorAll('.fs-facts > div')) {
        const dd = row.querySelector('dd');
        facts[row.querySelector('dt').innerText.trim()] = {
            text: dd.innerText, elements: [...dd.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
            links: [...dd.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.innerText])};
    }
    const claimant = document.querySelector('.fs-said .fs-claimant');
    if (claimant) facts['Claimant'] = {text: claimant.innerText,
        elements: [...claimant.querySelectorAll('*')].map(e => e.tagName.toLowerCase()), links: []};
    const marks = [...document.querySelectorAll('article.fs-excerpt blockquote mark')];
    const source = document.querySelector('.fs-source-text');
    return {h1: h1 && h1.innerText, h1Visible: visible(h1), h1Elements: h1 ? h1.querySelectorAll('*').length : 0,
            facts, quote: marks.map(m => m.innerText).join(' '), quoteVisible: visible(marks[0]),
            sourceText: source && source.innerText, sourceVisible: visible(source && source.querySelector('p')),
            bodyVisible: visible(document.body), html: document.documentElement.outerHTML};
}"""


@pytest.fixture(scope="module")
def hostile_visits(hostile: Served, browser: Browser) -> dict:
    """Every page of the hostile site, opened once, the pointer moved over it: what was found on each."""
    page = browser.page()
    visits = {}
    for path in hostile.pages():
        page.goto(hostile.url(path))
        page.tab.mouse.move(300, 300)  # a reader's pointer over the text (onmouseover)
        visits[path] = page.tab.evaluate(FACTS) | {"injected": page.tab.evaluate(INJECTED)}
    page.close()
    return {"pages": visits, "dialogs": page.dialogs, "errors": page.errors}


def test_no_payload_runs_or_becomes_markup_on_any_page(hostile_visits: dict) -> None:
    pages = hostile_visits["pages"]
    assert len(pages) >= 2 * len(PAYLOADS)
    assert {path: found["injected"] for path, found in pages.items() if found["injected"]} == {}
    assert [path for path, found in pages.items() if not found["bodyVisible"]] == []
    assert [path for path, found in pages.items() if SECRET in found["html"]] == []
    assert hostile_visits["dialogs"] == []
    assert hostile_visits["errors"] == []


def test_every_payload_is_visible_as_text_where_it_was_written(hostile_visits: dict) -> None:
    pages = hostile_visits["pages"]
    for n, payload in enumerate(PAYLOADS):
        claim = pages[f"claims/hostile-{n:02}/"]
        assert claim["h1Visible"] and claim["h1Elements"] == 0 and squash(claim["h1"]) == squash(payload), n
        claimant = claim["facts"]["Claimant"]
        assert claimant["elements"] == [] and squash(claimant["text"]) == squash(payload), n
        assert claim["quoteVisible"] and squash(claim["quote"]) == squash(passage(n)), n
        source = pages[f"sources/evil-{n:02}/"]
        assert source["h1Visible"] and source["h1Elements"] == 0 and squash(source["h1"]) == squash(payload), n
        for field in ("Outlet", "Notes"):
            fact = source["facts"][field]
            assert fact["elements"] == [] and squash(fact["text"]) == squash(payload), (n, field)
        url = URLS[n % len(URLS)]
        assert source["facts"]["Original"]["links"] == [[url, url]], n
        assert source["sourceVisible"], n
        assert squash(source["sourceText"]).startswith(squash(RAW_PAYLOADS[n]) + " "), n
        assert squash(passage(n)) in squash(source["sourceText"]), n


def test_markdown_headings_and_links_are_text_in_plain_fields_and_safe_markdown_in_the_editors(
    hostile: Served, tab: Page
) -> None:
    n = next(i for i, p in enumerate(PAYLOADS) if p.startswith("# A heading"))
    t = tab.tab
    tab.goto(hostile.url(f"claims/hostile-{n:02}/"))
    article = t.locator("article")
    assert article.locator("h1").count() == 1 and article.locator("h1 *").count() == 0
    assert article.locator("h1").inner_text().startswith("# A heading")
    for field in (".fs-summary", ".fs-note"):  # the editors' Markdown: headings demoted below the page's
        rendered = article.locator(field)
        assert rendered.locator("h3").all_inner_texts() == ["A heading"], field
        assert [squash(h) for h in rendered.locator("h4").all_inner_texts()] == [
            "Another link https://evil.example/auto"
        ]
        links = rendered.locator("a").evaluate_all("els => els.map(a => [a.href, a.rel])")
        assert links == [
            ["https://evil.example/md", "nofollow noopener noreferrer"],
            ["https://evil.example/auto", "nofollow noopener noreferrer"],
        ], field
    tab.goto(hostile.url(f"sources/evil-{n:02}/"))
    assert t.locator("article h1").count() == 1 and t.locator("article h1 *").count() == 0
    assert t.locator(".fs-source-text a[href*='evil.example']").count() == 0
    assert tab.dialogs == [] and tab.errors == []
