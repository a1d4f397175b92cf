"""Issue 18's reader fixes, in Chromium at a desktop's size (1366x900) and a phone's (390x844).

- The source x claim matrix fits its column (nothing scrolls sideways, not
  the page nor the matrix) and every source's name is on screen, written
  across: the table on a desktop, one card per claim on a phone.
- A jump to a passage on a source page lands with the passage's pin and
  the start of its sentence below the sticky header, the pin focused and
  marked in words and a frame (not by colour alone), and the passage's
  highlights framed.
- The claims tables (all claims, verdicts, tags, the home page) keep every
  verdict badge in view on a phone, none cut off by a scrolling box, and
  stay tables for a screen reader.
- The first Tab on any kind of page focuses a visible skip link whose
  target exists, and following it moves on into the page's content.

The repository's own site is built once for this module (test_browser's
build and browser); screenshots and measurements go to test-artifacts/reader/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from test_browser import ARTIFACTS, AXE, Browser, Page, Served, axe_run, axe_summary, disputed
from test_browser import browser as browser  # noqa: F401 (a module fixture: this module's own Chromium)
from test_browser import browser_available as browser_available  # noqa: F401 (the module's loud skip)
from test_browser import real as real  # noqa: F401 (a module fixture: the site built once for this module)

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
OUT = ARTIFACTS / "reader"
# A pixel's rounding either way in the comparisons of boxes.
SLACK = 0.5

# Functions every check below uses, in the page: whether an element is on screen horizontally and
# not cut off by a box that clips (an ancestor whose overflow is not `visible`).
HELPERS = f"const SLACK = {SLACK};\n" + (
    """
const clippers = el => { const found = []; for (let a = el.parentElement; a; a = a.parentElement)
  if (getComputedStyle(a).overflowX !== 'visible') found.push(a); return found; };
const across = el => { const r = el.getBoundingClientRect();
  return {left: r.left, right: r.right, width: r.width,
          inView: r.width > 0 && r.left >= -SLACK && r.right <= innerWidth + SLACK,
          clipped: clippers(el).some(a => { const b = a.getBoundingClientRect();
            return r.left < b.left - SLACK || r.right > b.right + SLACK; })}; };
const pageOverflow = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;
const headerBottom = () => document.querySelector('.md-header').getBoundingClientRect().bottom;
"""
)


@pytest.fixture(scope="module")
def data(real: Served) -> dict:
    return json.loads((real.site / "claims.json").read_text())


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    """A tab at one of the two sizes."""
    page = browser.page()
    page.tab.set_viewport_size(SIZES[request.param])
    yield request.param, page
    page.close()


def check(page: Page, body: str, arg: object = None) -> dict:
    """Run `body` (JavaScript, with HELPERS and `arg` in scope) in the page; what it returns."""
    return page.tab.evaluate(f"arg => {{ {HELPERS}\n{body} }}", arg)


def record(name: str, found: object) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(found, indent=1, ensure_ascii=False))


def fresh(page: Page, url: str) -> None:
    """Load `url` as a new document (a reader arriving from another page), fragment and all."""
    page.tab.goto("about:blank")
    page.goto(url)
    page.tab.wait_for_timeout(400)  # the scroll to the fragment, the skip link's fade-in


# --- 1. the matrix ---------------------------------------------------------------------------

# Which rendering of the matrix shows; every box in it that could scroll or clip (but the words kept
# for screen readers only, .fs-sr, which are clipped on purpose); every source name
# in it (links to a source page other than the stance signs); how many sources each card names.
MATRIX = r"""
const shown = [...document.querySelectorAll('.fs-matrix, .fs-matrix-cards')]
  .filter(e => getComputedStyle(e).display !== 'none');
const root = shown[0];
const boxes = [root, ...root.querySelectorAll('*')]
  .filter(e => e === root || (getComputedStyle(e).overflowX !== 'visible' && !e.matches('.fs-sr')))
  .map(e => ({box: e.tagName + '.' + e.className, scrollWidth: e.scrollWidth, clientWidth: e.clientWidth}));
const upright = el => { for (let a = el; a && a !== root; a = a.parentElement) {
  const style = getComputedStyle(a);
  if (style.writingMode !== 'horizontal-tb' || style.transform !== 'none') return false; } return true; };
const names = [...root.querySelectorAll('a[href*="sources/"]:not(.fs-cell)')].map(a => {
  const cell = a.closest('th, td, dt');
  return {id: a.getAttribute('href').match(/sources\/([^/#]+)\//)[1], text: a.innerText.trim(),
          horizontal: upright(a), overflowsCell: cell.scrollWidth > cell.clientWidth + 1, ...across(a)}; });
return {shown: shown.map(e => e.classList.contains('fs-matrix-cards') ? 'cards' : 'table').join('+'),
        page: {scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth},
        boxes, names, cards: root.matches('ul') ? root.children.length : 0,
        perCard: root.matches('ul') ? [...root.children].map(li => li.querySelectorAll('dt a').length) : []};
"""


def test_the_matrix_fits_its_column_and_shows_every_source_by_name(
    real: Served, data: dict, sized: tuple[str, Page]
) -> None:
    size, page = sized
    fresh(page, real.url("matrix/"))
    found = check(page, MATRIX)
    record(f"matrix-{size}", found)
    page.tab.screenshot(path=str(OUT / f"matrix-{size}.png"))
    assert found["page"]["scrollWidth"] <= found["page"]["clientWidth"], found["page"]
    assert found["shown"] == ("table" if size == "desktop" else "cards"), found["shown"]
    assert all(b["scrollWidth"] <= b["clientWidth"] for b in found["boxes"]), found["boxes"]
    labels = {s["id"]: s["label"] for s in data["sources"]}
    assert {n["id"] for n in found["names"]} == set(labels), found["names"]
    for name in found["names"]:
        shown = name["text"].removesuffix("…")
        assert len(shown) >= 10 and labels[name["id"]].startswith(shown), name
        assert name["horizontal"] and name["inView"] and not name["clipped"] and not name["overflowsCell"], name
    if size == "phone":  # a card per claim, naming every source (with its stance or "not cited")
        assert found["cards"] == len(data["claims"]) and set(found["perCard"]) == {len(labels)}, found
    assert page.errors == []


# --- 2. a jump to a passage ------------------------------------------------------------------

# Where the passage's pin (arg) and the start of its sentence are, against the header; how the pin
# is marked beside another pin; which highlights are framed.
JUMP = r"""
const pin = document.getElementById(arg);
const box = pin.getBoundingClientRect();
const other = [...document.querySelectorAll('.fs-source-text a.fs-pin')].find(a => a !== pin);
const look = a => ({label: getComputedStyle(a, '::before').content,
  outline: getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth});
const sentence = () => {  // the top of the first character of the sentence the passage starts in
  const texts = [], walk = document.createTreeWalker(pin.closest('p'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n && (pin.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_PRECEDING);
       n = walk.nextNode()) if (!n.parentElement.closest('a.fs-pin')) texts.push(n);
  const before = texts.map(n => n.data).join('');
  let start = 0;
  for (const m of before.matchAll(/[.!?]["'\u201d\u2019)\]]*\s+/g)) start = m.index + m[0].length;
  for (const n of texts) {
    if (start < n.data.length && n.data.slice(start).trim()) {
      const range = document.createRange(); range.setStart(n, start); range.setEnd(n, start + 1);
      return range.getBoundingClientRect().top; }
    start = Math.max(0, start - n.data.length); }
  return box.top; };
const marks = [...document.querySelectorAll('mark.fs-hl')];
const framed = m => getComputedStyle(m).boxShadow !== 'none';
const own = marks.filter(m => m.dataset.pin === arg);
return {id: arg, top: box.top, bottom: box.bottom, height: innerHeight, header: headerBottom(),
        sentence: sentence(), isTarget: document.querySelector(':target') === pin,
        focused: document.activeElement === pin, ...look(pin),
        outlineWidth: parseFloat(getComputedStyle(pin).outlineWidth),
        others: look(other), marks: own.length, framed: own.filter(framed).length,
        strayFrames: marks.filter(m => m.dataset.pin !== arg && framed(m)).length, overflow: pageOverflow()};
"""


def test_a_jump_to_a_passage_lands_below_the_header_marked_and_focused(
    real: Served, data: dict, sized: tuple[str, Page]
) -> None:
    """Every passage of the page that the disputed claim's contradicting excerpt is in."""
    size, page = sized
    claim = disputed({c["slug"]: c for c in data["claims"]})
    evidence = next(e for e in claim["evidence"] if e["stance"] == "contradicts")
    fresh(page, real.url(f"sources/{evidence['source']}/"))
    anchors = page.tab.eval_on_selector_all(".fs-source-text a.fs-pin", "els => els.map(a => a.id)")
    assert len(anchors) >= 5
    landed = []
    for anchor in anchors:
        fresh(page, real.url(f"sources/{evidence['source']}/#{anchor}"))
        found = check(page, JUMP, anchor)
        landed.append(found)
        assert found["isTarget"] and found["focused"] and found["overflow"] <= 0, found
        assert found["header"] <= min(found["sentence"], found["top"]), found  # its sentence starts in view
        assert found["bottom"] <= found["height"], found
        assert "Cited passage" in found["label"] and found["others"]["label"] in ("none", "normal"), found
        assert found["outlineWidth"] >= 3 and found["outline"] != found["others"]["outline"], found
        assert found["framed"] == found["marks"] >= 1 and found["strayFrames"] == 0, found
    record(f"jump-{size}", landed)
    fresh(page, real.url(f"sources/{evidence['source']}/#{claim['slug']}-{evidence['index']}"))
    page.tab.screenshot(path=str(OUT / f"source-jump-{size}.png"))
    assert page.errors == []


# --- 3. the claims tables ---------------------------------------------------------------------

# Each row's verdict badge: on screen horizontally, not cut off by a scrolling box.
BADGES = """
const rows = [...document.querySelectorAll('.fs-claims tbody tr')];
const badges = rows.map(r => r.querySelector('.fs-badge')).filter(Boolean);
return {rows: rows.length, badges: badges.length, overflow: pageOverflow(),
        outside: badges.map(b => ({badge: b.innerText, ...across(b)})).filter(b => !b.inView || b.clipped)};
"""


def test_the_claims_tables_keep_every_verdict_in_view(real: Served, data: dict, sized: tuple[str, Page]) -> None:
    size, page = sized
    verdicts = sorted({c["verdict"] for c in data["claims"]})
    tag = data["claims"][0]["tags"][0]
    seen = {}
    for path in ["", "claims/", *(f"verdicts/{v}/" for v in verdicts), f"tags/{tag}/"]:
        fresh(page, real.url(path))
        found = seen[path] = check(page, BADGES)
        assert found["rows"] >= 1 and found["badges"] == found["rows"], (path, found)
        assert found["outside"] == [] and found["overflow"] <= 0, (path, found)
    record(f"claims-tables-{size}", seen)
    fresh(page, real.url("claims/"))
    page.tab.screenshot(path=str(OUT / f"claims-{size}.png"))
    roles = table_roles(page, ".fs-claims table")
    assert roles["table"] == 1 and roles["row"] == len(data["claims"]) + 1, roles
    assert roles["columnheader"] == 5 and roles["cell"] == 5 * len(data["claims"]), roles
    assert page.errors == []


def table_roles(page: Page, selector: str) -> dict[str, int]:
    """How many nodes of each table role Chromium's accessibility tree (a screen reader's view) has there."""
    session = page.tab.context.new_cdp_session(page.tab)
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    roles = {
        role: len(session.send("Accessibility.queryAXTree", {"nodeId": node, "role": role})["nodes"])
        for role in ("table", "row", "columnheader", "cell")
    }
    session.detach()
    return roles


# --- 4. the skip link ---------------------------------------------------------------------------

SKIP = """
const link = document.activeElement;
const target = link.hash && document.getElementById(decodeURIComponent(link.hash.slice(1)));
const box = link.getBoundingClientRect();
return {tag: link.tagName, text: link.innerText.trim(), targetExists: !!target,
        opacity: +getComputedStyle(link).opacity,
        inView: box.width > 0 && box.top >= 0 && box.bottom <= innerHeight && across(link).inView,
        skipLinks: [...document.querySelectorAll('a.md-skip')].filter(a => a.checkVisibility()).length};
"""


def skip_pages(real: Served, data: dict) -> list[str]:
    claim = disputed({c["slug"]: c for c in data["claims"]})
    pages = ["", "claims/", claim["page"], f"sources/{claim['evidence'][0]['source']}/", "matrix/"]
    return pages + ["corrections/"] * (real.site / "corrections" / "index.html").is_file()


def test_the_first_tab_focuses_a_visible_skip_link_into_the_content(
    real: Served, data: dict, sized: tuple[str, Page]
) -> None:
    size, page = sized
    for path in skip_pages(real, data):
        fresh(page, real.url(path))
        page.tab.keyboard.press("Tab")
        page.tab.wait_for_timeout(400)  # the theme fades the link in
        found = check(page, SKIP)
        assert found["text"] == "Skip to content" and found["targetExists"], (path, found)
        assert found["opacity"] == 1 and found["inView"] and found["skipLinks"] == 1, (path, found)
        if path == "":
            page.tab.screenshot(path=str(OUT / f"skip-link-{size}.png"))
        page.tab.keyboard.press("Enter")
        page.tab.keyboard.press("Tab")
        assert check(page, "return !!document.activeElement.closest('.md-content');"), path
    assert page.errors == []


# --- accessibility at a phone's size (test_browser checks the desktop's) -------------------------


@pytest.mark.parametrize("path", ["matrix/", "claims/"])
def test_axe_finds_no_serious_violation_in_the_phone_layouts(real: Served, browser: Browser, path: str) -> None:
    if not AXE.is_file():
        pytest.skip("NO AXE: tools/axe/node_modules/axe-core is not installed: the accessibility check did NOT run")
    page = browser.page()
    page.tab.set_viewport_size(SIZES["phone"])
    fresh(page, real.url(path))
    serious = [line for line in axe_summary(axe_run(page)) if line.startswith(("serious", "critical"))]
    page.close()
    assert serious == []
