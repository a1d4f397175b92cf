"""Search (Pagefind, issue 20) in Chromium, as a reader uses it: the header's search box and its dialog.

- Nothing of the index is fetched until the reader opens the search: a
  page load fetches no pagefind/ file and no whole-site search_index.json;
  the first query then fetches pieces of pagefind/, far fewer bytes than
  the whole folder (measured: test-artifacts/search/first-query.json).
- Facets (verdict, source, tag, claimant, year) list the values of the
  results with their counts; ticking values leaves exactly the results
  that have them (checked against claims.json), and the status line says
  how many results and which filters.
- A claim's result shows the claim, its verdict, its bottom line and the
  sources it cites; an excerpt's words find its claim and its source.
- Keyboard only: "/" opens the dialog in the box, the arrows reach the
  results, Enter follows one, Escape closes, Tab reaches the facets and
  Space ticks one.
- Hostile queries, and a site whose every field is an injection payload:
  everything is shown as text, nothing runs, no element is made.
- axe-core on the open dialog at desktop and phone widths, and screenshots
  (test-artifacts/axe/search-dialog-*.json, test-artifacts/search/).

The sites, the browser and the helpers are test_browser's (each module
builds its own copy of a module fixture).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from conftest import REPO
from test_browser import (
    ARTIFACTS,
    AXE,
    DESKTOP,
    INJECTED,
    PAYLOADS,
    PHONE,
    Page,
    Served,
    axe_run,
    axe_summary,
    page_words,
    passage,
    path_of,
    search,
    squash,
    words_of,
)
from test_browser import browser as browser  # noqa: F401 (a module fixture: this module's own Chromium)
from test_browser import browser_available as browser_available  # noqa: F401 (the module's loud skip)
from test_browser import claims as claims  # noqa: F401 (claims.json of the real site, by slug)
from test_browser import hostile as hostile  # noqa: F401 (the site whose every field is a payload)
from test_browser import real as real  # noqa: F401 (the repository's site, built for this module)
from test_browser import tab as tab  # noqa: F401 (a fresh tab of that Chromium)

OUT = ARTIFACTS / "search"
# The dialog's own limit on a query (fs-search.js MAX_QUERY, the input's maxlength): longer is cut.
MAX_QUERY = 200
# fs-search.js shows this many facet values before an "All N" button.
FACET_VALUES = 8
# The facets, in the order the dialog shows them, as (filter key, legend).
FACETS = [("verdict", "Verdict"), ("source", "Source"), ("tag", "Tag"), ("claimant", "Claimant"), ("year", "Year")]
# Polling for the dialog to settle: every POLL_MS, at most POLLS times (12 s in all).
POLL_MS = 150
POLLS = 80
# The only elements fs-search.js makes in the results, the facets and the status: anything else
# there was made by the text it shows.
OURS = {"li", "a", "article", "p", "span", "h2", "mark", "fieldset", "legend", "label", "input", "button"}
# A status that reports a finished search (not "Searching…" nor the invitation to type).
DONE = re.compile(r"^(\d+ results?|No results)\b")

# What the dialog shows, read in one go: the status, the results, the facets, stray elements.
STATE = """() => {
    const q = s => document.querySelector(s);
    const text = (root, s) => { const e = root.querySelector(s); return e ? e.innerText : null; };
    const results = [...document.querySelectorAll('#fs-search-results > li > a.md-search-result__link')].map(a => ({
        href: a.getAttribute('href'), kind: text(a, '.fs-search-kind'), badge: text(a, '.fs-badge'),
        title: text(a, '.fs-search-title'), line: text(a, '.fs-search-line'), sources: text(a, '.fs-search-sources'),
        excerpt: text(a, '.fs-search-excerpt')}));
    const facets = [...document.querySelectorAll('#fs-search-facets fieldset')].map(set => ({
        legend: set.querySelector('legend').innerText,
        all: set.querySelector('button.fs-search-all') ? set.querySelector('button.fs-search-all').innerText : null,
        values: [...set.querySelectorAll('label')].map(label => {
            const count = label.querySelector('.fs-search-count').textContent;
            const box = label.querySelector('input[type=checkbox]');
            return {shown: label.textContent.slice(0, label.textContent.length - count.length),
                    count, value: box.value, checked: box.checked, visible: label.getClientRects().length > 0};
        })}));
    const stray = [];
    for (const root of ['#fs-search-results', '#fs-search-facets', '#fs-search-status'])
        for (const el of q(root).querySelectorAll('*')) {
            const tag = el.tagName.toLowerCase();
            if (!OURS.includes(tag)) stray.push(tag);
            for (const a of el.attributes) {
                if (/^on/i.test(a.name) || a.name === 'srcdoc' || a.name === 'style') stray.push(`${tag}[${a.name}]`);
                if (['href', 'src', 'action', 'formaction'].includes(a.name) && !/^\\/[^/]/.test(a.value))
                    stray.push(`${tag}[${a.name}=${a.value}]`);
            }
            if (tag === 'a' && !el.classList.contains('md-search-result__link')) stray.push('a (not a result link)');
            if (tag === 'input' && el.type !== 'checkbox') stray.push(`input[type=${el.type}]`);
        }
    return {status: q('#fs-search-status').innerText, results, facets, stray,
            more: !!q('.fs-search-more button'), open: q('#__search').checked,
            query: q('#fs-search-query').value, facetsHidden: q('#fs-search-facets').hidden};
}""".replace("OURS", json.dumps(sorted(OURS)))


def state(page: Page) -> dict:
    return page.tab.evaluate(STATE)


def settle(page: Page, until: Callable[[dict], bool] = lambda s: True) -> dict:
    """The dialog once a search has finished, `until` holds and nothing changes for one poll."""
    previous = None
    for _ in range(POLLS):
        page.tab.wait_for_timeout(POLL_MS)
        current = state(page)
        done = DONE.match(current["status"])
        # The status comes first, then the results (each one's fragment fetched): wait for both.
        listed = done and (done.group(1) == "No results") == (current["results"] == [])
        if listed and until(current) and current == previous:
            return current
        previous = current
    raise AssertionError(f"the search did not settle: {previous}")


def quoted(query: str) -> str:
    """How the status quotes a query: cut to the dialog's limit, trimmed."""
    return f"“{query[:MAX_QUERY].strip()}”"


def ask(page: Page, query: str) -> dict:
    """Put `query` in the open dialog's box at once (as a paste does) and wait for its results."""
    page.tab.locator("#fs-search-query").fill(query)
    return settle(page, lambda s: quoted(s["query"]) in s["status"])


def all_results(page: Page, now: dict) -> dict:
    """Press "More results" until every result is listed."""
    while now["more"]:
        listed = len(now["results"])
        page.tab.locator(".fs-search-more button").click()
        now = settle(page, lambda s, listed=listed: len(s["results"]) > listed)
    return now


def tick(page: Page, legend: str, value: str) -> dict:
    """Tick a facet's value with the mouse; the dialog once it says it filters by it."""
    box = facet_box(page, legend, value)
    assert not box.is_checked()
    box.click()  # (not check(): the facets are made anew as the results come, the box with them)
    return settle(page, lambda s: f"{legend}: {value}" in s["status"])


def facet_box(page: Page, legend: str, value: str) -> Any:
    """The checkbox of a facet's value (found by its value: a payload is no CSS selector)."""
    fieldset = page.tab.locator("#fs-search-facets fieldset", has=page.tab.locator("legend", has_text=legend))
    boxes = fieldset.locator("input[type=checkbox]")
    values = boxes.evaluate_all("els => els.map(e => e.value)")
    assert value in values, (legend, value, values)
    return boxes.nth(values.index(value))


def facet(now: dict, legend: str) -> dict[str, int]:
    """A facet's values as shown (text) and their counts."""
    found = next((f for f in now["facets"] if f["legend"] == legend), None)
    assert found is not None, (legend, [f["legend"] for f in now["facets"]])
    return {squash(v["shown"]): int(v["count"].strip("()")) for v in found["values"]}


# --- what claims.json says each result is -------------------------------------------------------


class Truth:
    """The real site's claims, sources and tags (claims.json, claims/tags.yml): what each result is,
    and the facet values a result should have."""

    def __init__(self, site: Served) -> None:
        data = json.loads((site.site / "claims.json").read_text("utf-8"))
        self.claims = {"/" + c["page"]: c for c in data["claims"]}
        self.sources = {s["id"]: s for s in data["sources"]}
        self.passages = {"/" + e["page"]: (c, e) for c in data["claims"] for e in c["evidence"]}
        tags = yaml.safe_load((REPO / "claims" / "tags.yml").read_text("utf-8"))["tags"]
        self.tags = {tag: entry["label"] for tag, entry in tags.items()}

    def kind(self, href: str) -> str:
        if href in self.claims:
            return "claim"
        if href in self.passages:
            return "passage"
        match = re.fullmatch(r"/sources/([^/]+)/", href)
        return "source" if match and match.group(1) in self.sources else "page"

    def facets(self, href: str) -> dict[str, set[str]]:
        """The facet values of the thing at `href` (a claim, a cited passage, a source or a page)."""
        kind = self.kind(href)
        if kind == "source":
            source = self.sources[href.split("/")[2]]
            year = source["published"][:4]
            return {"source": {source["label"]}} | ({"year": {year}} if year.isdigit() else {})
        if kind == "page":
            return {}
        claim, evidence = (self.claims[href], None) if kind == "claim" else self.passages[href]
        cited = [evidence] if evidence else claim["evidence"]
        values = {
            "verdict": {claim["verdictLabel"]},
            "source": {self.sources[e["source"]]["label"] for e in cited},
            "tag": {self.tags.get(t, t) for t in claim["tags"]},
            "claimant": {claim["claimant"]["name"]} if claim.get("claimant") and claim["claimant"]["name"] else set(),
            "year": {claim["published"][:4]},
        }
        return {key: found for key, found in values.items() if found}


def common_word(claims: dict[str, dict]) -> str:
    """The word (five letters or more) in the most claims: what a reader exploring types."""
    counts: dict[str, int] = {}
    for claim in claims.values():
        for word in {w.lower() for w in re.findall(r"[A-Za-z]{5,}", claim["claim"])}:
            counts[word] = counts.get(word, 0) + 1
    return max(sorted(counts), key=lambda w: counts[w])


def open_search(page: Page, filters: bool = True) -> None:
    """Open the dialog with "/", and (`filters`) its filters with their button (closed at first)."""
    page.tab.locator("body").press("/")
    page.tab.wait_for_function("() => document.getElementById('__search').checked")
    if filters:
        toggle = page.tab.locator("#fs-search-filter-toggle")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        page.tab.locator("#fs-search-query").focus()


# --- 1. nothing is fetched before a search -------------------------------------------------------


def test_no_index_is_fetched_until_the_reader_searches_and_then_only_pieces(
    real: Served, claims: dict, tab: Page
) -> None:
    t = tab.tab
    requests: list[str] = []
    responses: list = []
    t.on("request", lambda r: requests.append(path_of(r.url)))
    t.on("response", lambda r: "/pagefind/" in r.url and responses.append(r))
    claim = sorted(claims.values(), key=lambda c: c["slug"])[0]
    for path in (claim["page"], ""):
        tab.goto(real.url(path))
        t.wait_for_load_state("networkidle")
        t.mouse.move(200, 200)  # a reader's pointer over the page: nothing is preloaded on hover either
        t.wait_for_timeout(300)
    before = list(requests)
    assert before, "no request recorded"
    assert [p for p in before if p.startswith("/pagefind/") or p.endswith("search_index.json")] == []
    assert not (real.site / "search" / "search_index.json").exists(), "the theme's whole-site index is built"
    word = common_word(claims)
    open_search(tab, filters=False)
    t.keyboard.type(word, delay=20)
    now = settle(tab, lambda s: quoted(word) in s["status"])
    assert now["results"], now["status"]
    fetched = [p for p in requests[len(before) :] if p.startswith("/pagefind/")]
    assert "/pagefind/pagefind.js" in fetched
    sizes = {}
    for response in responses:
        try:
            sizes[path_of(response.url)] = len(response.body())
        except Exception as error:  # a response whose body is gone: its declared length
            sizes[path_of(response.url)] = int(response.headers.get("content-length", 0))
            assert path_of(response.url) in sizes, error
    bundle = {p.relative_to(real.site).as_posix(): p.stat().st_size for p in (real.site / "pagefind").rglob("*")}
    bundle_bytes = sum(size for size in bundle.values())
    first = sum(sizes.values())
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "first-query.json").write_text(
        json.dumps(
            {
                "site": "the repository's (claims/, seeds/)",
                "query": word,
                "results": len(now["results"]) if not now["more"] else f"{len(now['results'])} shown",
                "status": now["status"],
                "first_query_bytes": first,
                "pagefind_folder_bytes": bundle_bytes,
                "pagefind_folder_files": len([p for p in bundle if "." in p.rsplit("/", 1)[-1]]),
                "fetched": dict(sorted(sizes.items())),
            },
            indent=1,
            ensure_ascii=False,
        )
    )
    assert 0 < first < bundle_bytes, (first, bundle_bytes)
    assert len(sizes) < len(bundle), "every file of pagefind/ was fetched"
    assert tab.errors == [] and tab.dialogs == []


# --- 2. facets ------------------------------------------------------------------------------------------


def test_facets_list_the_results_values_and_ticking_them_leaves_exactly_the_matching_results(
    real: Served, claims: dict, tab: Page
) -> None:
    truth = Truth(real)
    word = common_word(claims)
    tab.goto(real.url())
    open_search(tab)
    everything = all_results(tab, ask(tab, word))
    hrefs = [r["href"] for r in everything["results"]]
    assert len(hrefs) == len(set(hrefs)) >= 2, hrefs
    assert everything["status"] == f"{len(hrefs)} results for {quoted(word)}."
    # Each facet lists the values of the results, each with how many results have it.
    expected: dict[str, dict[str, int]] = {}
    for href in hrefs:
        for key, values in truth.facets(href).items():
            for value in values:
                expected.setdefault(key, {})[value] = expected.setdefault(key, {}).get(value, 0) + 1
    legends = [legend for key, legend in FACETS if key in expected]
    assert [f["legend"] for f in everything["facets"]] == legends
    assert "Verdict" in legends and "Source" in legends
    for key, legend in FACETS:
        if key in expected:
            assert facet(everything, legend) == {squash(v): n for v, n in expected[key].items()}, legend
    for found in everything["facets"]:  # the first values shown, the rest behind "All N"
        visible = [v["visible"] for v in found["values"]]
        assert visible == [i < FACET_VALUES for i in range(len(visible))], found["legend"]
        assert found["all"] == (f"All {len(visible)}" if len(visible) > FACET_VALUES else None), found["legend"]

    # A verdict that some results have and others not: only those are left, each with its badge.
    verdicts = expected["verdict"]
    verdict = max(sorted(v for v in verdicts if verdicts[v] < len(hrefs)), key=lambda v: verdicts[v])
    by_verdict = all_results(tab, tick(tab, "Verdict", verdict))
    kept = [r["href"] for r in by_verdict["results"]]
    assert set(kept) == {h for h in hrefs if verdict in truth.facets(h).get("verdict", set())}, verdict
    assert len(kept) == verdicts[verdict]
    assert {r["badge"] for r in by_verdict["results"]} == {verdict}
    count = "1 result" if len(kept) == 1 else f"{len(kept)} results"
    assert by_verdict["status"] == f"{count} for {quoted(word)}, filtered by Verdict: {verdict}."

    # And a source these have: the claims citing it (and its own page, had it the verdict).
    sources = facet(by_verdict, "Source")
    source = max(sorted(s for s in sources if sources[s] < len(kept)) or sorted(sources), key=lambda s: sources[s])
    both = all_results(tab, tick(tab, "Source", source))
    left = [r["href"] for r in both["results"]]
    assert left and set(left) == {
        h for h in kept if source in {squash(s) for s in truth.facets(h).get("source", set())}
    }, source
    for href in left:
        facets = truth.facets(href)
        assert verdict in facets["verdict"] and source in {squash(s) for s in facets["source"]}, href
        if truth.kind(href) == "passage":
            assert truth.sources[href.split("/")[2]]["label"] == source, href
    count = "1 result" if len(left) == 1 else f"{len(left)} results"
    assert both["status"] == f"{count} for {quoted(word)}, filtered by Verdict: {verdict}; Source: {source}."
    ticked = [(f["legend"], squash(v["shown"])) for f in both["facets"] for v in f["values"] if v["checked"]]
    assert ticked == [("Verdict", verdict), ("Source", source)]

    # Unticking both gives every result back.
    for legend, value in ticked:
        facet_box(tab, legend, value).uncheck()
        tab.tab.wait_for_timeout(POLL_MS)
    back = all_results(tab, settle(tab, lambda s: "filtered by" not in s["status"]))
    assert [r["href"] for r in back["results"]] == hrefs
    assert tab.errors == [] and tab.dialogs == []


# --- 3. what a result shows ---------------------------------------------------------------------------


def expected_line(claim: dict) -> str:
    """A claim result's line: its bottom line, else its summary's first sentence."""
    if claim["bottomLine"].strip():
        return squash(claim["bottomLine"])
    summary = squash(claim["summary"])
    match = re.match(r"^(.+?[.!?])(?:\s|$)", summary)
    return match.group(1) if match else summary


def test_a_claim_result_shows_the_claim_its_verdict_bottom_line_and_sources_and_an_excerpt_finds_both(
    real: Served, claims: dict, tab: Page
) -> None:
    truth = Truth(real)
    counts = page_words(real.site)
    tab.goto(real.url())
    open_search(tab)
    checked = 0
    for claim in sorted(claims.values(), key=lambda c: c["slug"])[:4]:
        now = all_results(tab, ask(tab, words_of(claim["claim"], counts)))
        result = next((r for r in now["results"] if r["href"] == "/" + claim["page"]), None)
        assert result is not None, (claim["slug"], [r["href"] for r in now["results"]])
        assert squash(result["title"]) == squash(claim["claim"])
        assert result["badge"] == claim["verdictLabel"]
        assert squash(result["kind"]) == f"Claim · {claim['verdictLabel']}"
        line = expected_line(claim)
        shown = squash(result["line"] or "")
        assert shown == line or (shown.endswith(" …") and line.startswith(shown[:-2])), (shown, line)

        cited = sorted({truth.sources[e["source"]]["label"] for e in claim["evidence"]})
        assert squash(result["sources"] or "") == squash("Sources: " + "; ".join(cited))

        # An excerpt's words find its claim and the source it is quoted from.
        evidence = max(claim["evidence"], key=lambda e: len(e["text"]))
        now = all_results(tab, ask(tab, words_of(evidence["text"], counts)))
        found = {r["href"]: r for r in now["results"]}
        source = truth.sources[evidence["source"]]
        assert {"/" + claim["page"], "/" + source["page"]} <= set(found), (evidence["text"], list(found))
        assert squash(found["/" + source["page"]]["kind"]) == "Source"
        assert squash(found["/" + source["page"]]["title"]) == squash(source["label"])
        assert found["/" + source["page"]]["badge"] is None
        checked += 1
    assert checked == 4
    assert tab.errors == [] and tab.dialogs == []


# --- 4. keyboard only ----------------------------------------------------------------------------------


def focused(page: Page) -> dict:
    return page.tab.evaluate(
        """() => { const a = document.activeElement;
            return {id: a.id, tag: a.tagName.toLowerCase(), type: a.type || null, href: a.getAttribute('href'),
                    value: a.type === 'checkbox' ? a.value : null,
                    inFacets: !!a.closest('#fs-search-facets'), checked: a.checked === true,
                    open: document.getElementById('__search').checked}; }"""
    )


def test_the_keyboard_alone_opens_searches_follows_a_result_closes_and_ticks_a_facet(
    real: Served, claims: dict, tab: Page
) -> None:
    t = tab.tab
    claim = sorted(claims.values(), key=lambda c: c["slug"])[-1]
    word = common_word(claims)
    tab.goto(real.url(claim["page"]))
    t.keyboard.press("/")
    t.wait_for_timeout(POLL_MS)
    assert focused(tab) | {"href": None} == focused(tab) | {
        "id": "fs-search-query",
        "tag": "input",
        "type": "search",
        "open": True,
        "href": None,
    }
    t.keyboard.type(word, delay=20)
    now = settle(tab, lambda s: quoted(word) in s["status"])
    first = now["results"][0]["href"]
    t.keyboard.press("ArrowDown")
    assert focused(tab)["href"] == first
    if len(now["results"]) > 1:  # down and up again
        t.keyboard.press("ArrowDown")
        assert focused(tab)["href"] == now["results"][1]["href"]
        t.keyboard.press("ArrowUp")
        assert focused(tab)["href"] == first
    t.keyboard.press("Enter")
    t.wait_for_url(re.compile(re.escape(real.url(first.lstrip("/"))) + "$"))
    t.wait_for_load_state("load")
    assert path_of(t.url) + (f"#{t.url.split('#', 1)[1]}" if "#" in t.url else "") == first

    # On the next page: "s" opens, Escape closes and leaves the box.
    t.keyboard.press("s")
    t.wait_for_timeout(POLL_MS)
    assert focused(tab)["id"] == "fs-search-query" and focused(tab)["open"]
    t.keyboard.press("Escape")
    t.wait_for_timeout(POLL_MS)
    assert not focused(tab)["open"] and focused(tab)["id"] != "fs-search-query"

    # "f" opens it again; Tab goes from the box on to the facets, and Space ticks one.
    t.keyboard.press("f")
    t.wait_for_timeout(POLL_MS)
    assert focused(tab)["id"] == "fs-search-query"
    t.keyboard.type(word, delay=20)
    settle(tab, lambda s: quoted(word) in s["status"] and not s["facets"])  # the filters are closed
    path = []
    for _ in range(10):
        t.keyboard.press("Tab")
        path.append(focused(tab))
        if path[-1]["id"] == "fs-search-filter-toggle":
            t.keyboard.press("Enter")  # opens the filters: the facets come with their counts
            settle(tab, lambda s: quoted(word) in s["status"] and bool(s["facets"]))
        if path[-1]["inFacets"]:
            break
    box = path[-1]
    assert box["inFacets"] and box["type"] == "checkbox" and not box["checked"], path
    t.keyboard.press("Space")
    ticked = settle(tab, lambda s: "filtered by " in s["status"])
    # The facets are made anew with the results: the keyboard is still on the box just ticked.
    assert focused(tab) | {"checked": True} == focused(tab) == box | {"checked": True}
    legend = t.evaluate("() => document.activeElement.closest('fieldset').querySelector('legend').innerText")
    assert f"filtered by {legend}: {box['value']}." in ticked["status"] and ticked["open"]
    t.keyboard.press("Space")  # and untick it
    unticked = settle(tab, lambda s: "filtered by" not in s["status"])
    assert focused(tab) == box and unticked["open"]
    assert tab.errors == [] and tab.dialogs == []


# --- 5. hostile queries -----------------------------------------------------------------------------------

HOSTILE_QUERIES = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    ".*(a+)+$[",
    "ceasefire " + "a" * 9990,  # 10,000 characters: searched as its first 200
    "\u202eevil\u202c zero\u200djoiner \U0001f600 e\u0301\u0302\u0303 \U0001d518\U0001d52b\U0001d526",
    "x" + "\U0001f600" * 4999,  # astral characters from an odd place: the cut never splits one
    "${alert(1)} {{ 7*7 }} %s %n \\u0000 &lt;b&gt; &amp; '; DROP TABLE--",
]


def test_hostile_queries_are_searched_as_text_and_nothing_runs(real: Served, tab: Page) -> None:
    tab.goto(real.url())
    open_search(tab)
    for query in HOSTILE_QUERIES:
        now = ask(tab, query)
        assert now["stray"] == [], (query[:40], now["stray"])
        shown = now["query"][:MAX_QUERY]
        assert len(shown) <= MAX_QUERY and query.startswith(shown), query[:40]
        assert "\ufffd" not in now["status"], query[:40]
        assert quoted(shown) in now["status"], (query[:40], now["status"][:300])
        assert len(now["status"]) < MAX_QUERY + 100
    assert tab.tab.evaluate(INJECTED) == []
    assert tab.errors == [] and tab.dialogs == []


# --- 6. the hostile site ----------------------------------------------------------------------------------


def test_on_the_hostile_site_results_and_facet_values_are_the_payloads_as_text(hostile: Served, tab: Page) -> None:
    t = tab.tab
    tab.goto(hostile.url())
    open_search(tab)
    n = 3
    now = all_results(tab, ask(tab, f"Passage {n:02} reads"))
    assert now["stray"] == []
    found = {r["href"]: r for r in now["results"]}
    assert {f"/claims/hostile-{n:02}/", f"/sources/evil-{n:02}/"} <= set(found), list(found)
    own = found[f"/claims/hostile-{n:02}/"]
    assert squash(own["title"]) == squash(PAYLOADS[n])
    assert squash(own["sources"]) == squash(f"Sources: {PAYLOADS[n]}")
    source = found[f"/sources/evil-{n:02}/"]
    assert squash(source["title"]) == squash(PAYLOADS[n]) and squash(source["kind"]) == "Source"
    assert squash(passage(n)) in squash(own["excerpt"]) + squash(source["excerpt"]), (own, source)

    # Every passage: every payload in the facets, as written.
    now = all_results(tab, ask(tab, "passage reads"))
    every = t.locator("#fs-search-facets button.fs-search-all")
    assert every.count() >= 2  # the sources' and the claimants' (more than FACET_VALUES each)
    while every.count():
        every.first.click()
    now = settle(tab, lambda s: not any(f["all"] for f in s["facets"]))
    assert now["stray"] == []
    payloads = {squash(p) for p in PAYLOADS}
    assert set(facet(now, "Source")) == payloads
    assert set(facet(now, "Claimant")) == payloads
    assert set(facet(now, "Tag")) == {squash(PAYLOADS[1])}
    assert set(facet(now, "Verdict")) == {"Supported"}
    values = [v["value"] for f in now["facets"] if f["legend"] == "Source" for v in f["values"]]
    assert {squash(v) for v in values} == payloads  # the boxes' values are the payloads too
    assert {squash(r["title"]) for r in now["results"] if r["href"].startswith("/claims/")} <= payloads
    assert t.locator("#fs-search-facets label:visible").count() > 2 * len(PAYLOADS)

    # Ticking a payload (the <img onerror> one) filters by it: shown as text in the status too.
    img = next(p for p in PAYLOADS if p.startswith("<img"))
    ticked = tick(tab, "Source", img)
    assert ticked["stray"] == []
    # Pagefind reads a filter value from its JSON text without unescaping it: a value with a quote, a
    # backslash or a line break finds nothing unless the index holds it JSON-escaped (fs-search.js).
    assert ticked["results"], f"ticking {img!r} finds nothing: {ticked['status']}"
    assert {r["href"].split("#")[0] for r in ticked["results"]} <= {
        f"/sources/evil-{PAYLOADS.index(img):02}/",
        f"/claims/hostile-{PAYLOADS.index(img):02}/",
    }

    # The payloads' own words as queries.
    for query in ("onerror alert", "javascript", "script", "<script>", PAYLOADS[2]):
        now = ask(tab, query)
        assert now["stray"] == [], (query, now["stray"])
    assert t.evaluate(INJECTED) == []
    assert t.evaluate("() => window.__pwned") is None
    assert tab.errors == [] and tab.dialogs == []


# --- 7. accessibility ------------------------------------------------------------------------------------------


def axe_dialog(page: Page) -> dict:
    """axe-core on the search dialog alone (every impact is reported)."""
    return page.tab.evaluate(
        "async () => await axe.run({include: [['[data-fs-search]']]}, {resultTypes: ['violations']})"
    )


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_axe_finds_no_violation_in_the_open_dialog_and_the_status_is_announced(
    real: Served, claims: dict, tab: Page, width: str
) -> None:
    if not AXE.is_file():
        pytest.skip("NO AXE: tools/axe/node_modules/axe-core is not installed: the accessibility checks did NOT run")
    t = tab.tab
    t.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    tab.goto(real.url())
    status = t.locator("#fs-search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    open_search(tab)
    before = status.inner_text()
    word = common_word(claims)
    first = ask(tab, word)
    assert first["status"] != before and first["facets"] and first["results"]
    page = axe_run(tab)
    dialog = axe_dialog(tab)
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"search-dialog-{width}.json").write_text(
        json.dumps(
            {
                "url": "/ with the search dialog open, results and facets for " + word,
                "viewport": DESKTOP if width == "desktop" else PHONE,
                "axe": page["testEngine"]["version"],
                "dialog_violations": dialog["violations"],
                "page_violations": page["violations"],
            },
            indent=1,
        )
    )
    assert axe_summary(dialog) == []
    serious = [line for line in axe_summary(page) if line.startswith(("serious", "critical"))]
    assert serious == [], "\n".join(axe_summary(page))
    # The status changes with the results (a screen reader hears the new count).
    verdict = next(v["value"] for f in first["facets"] if f["legend"] == "Verdict" for v in f["values"])
    second = tick(tab, "Verdict", verdict)
    assert status.inner_text() == second["status"] != first["status"]
    assert tab.errors == [] and tab.dialogs == []


# The colour of an element's text and of the first background behind it that is not transparent.
INK = """selector => {
    const el = document.querySelector(selector);
    let back = null;
    for (let e = el; e && !back; e = e.parentElement) {
        const b = getComputedStyle(e).backgroundColor;
        if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') back = b;
    }
    return [getComputedStyle(el).color, back || 'rgb(255, 255, 255)'];
}"""


# --- 8. looks --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_of_the_open_dialog_with_facets_and_results(
    real: Served, claims: dict, tab: Page, width: str
) -> None:
    t = tab.tab
    t.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    claim = sorted(claims.values(), key=lambda c: c["slug"])[0]
    tab.goto(real.url(claim["page"]))
    open_search(tab)
    now = ask(tab, common_word(claims))
    assert now["facets"] and now["results"]
    t.wait_for_timeout(300)
    overflow = t.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the dialog at {width} width scrolls sideways by {overflow}px"
    for name in ("#fs-search-query", "#fs-search-facets legend", "#fs-search-results a"):
        assert t.locator(name).first.is_visible(), name
    # Not written in the background's colour (the dialog is inside the header, whose text is white).
    for name in ("#fs-search-facets legend", "#fs-search-facets label", "#fs-search-status", ".fs-search-title"):
        ink, back = t.evaluate(INK, name)
        assert ink != back, (name, ink, back)
    OUT.mkdir(parents=True, exist_ok=True)
    shot = OUT / f"search-dialog-{width}.png"
    t.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert tab.errors == [] and tab.dialogs == []


def test_the_shared_search_helper_still_finds_a_claim(real: Served, claims: dict, tab: Page) -> None:
    """test_browser's search() (the theme's classes) works on this dialog too: its results are links."""
    claim = sorted(claims.values(), key=lambda c: c["slug"])[0]
    tab.goto(real.url())
    found = search(tab, words_of(claim["claim"], page_words(real.site)))
    assert "/" + claim["page"] in found
