"""A canonical Pagefind bundle, searched by Pagefind's own pagefind.js in Chromium, finds what the original finds.

canonicalise() rewrites the filter files, the metadata and the entry file
with our own CBOR, gzip and names; only the browser's script can say that
it still reads them (its own inflate, its signature check, its WASM
decoder). One Pagefind run is served twice over HTTP on 127.0.0.1, as
Pagefind wrote it and canonicalised, and the same filtered searches must
give the same pages, which are the ones the records say, with no console
error (pagefind.js logs a failed decompression there).

No Chromium or Playwright: skipped with a reason starting "NO BROWSER:";
with FACTSITE_REQUIRE_BROWSER=1 the test fails instead.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.plugin.pagefindcanon import canonicalise

CHROMIUM = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LOCAL = "127.0.0.1"
# Few records: Pagefind's Python API waits 0.1 s per record.
RECORDS = 16
VERDICTS = ["Supported", "Refuted", "Misleading", "Unproven"]
# Searches as the site's search page makes them: a word, and filters (one value, or any of several).
SEARCHES: list[tuple[str, dict[str, Any]]] = [
    ("water", {"verdict": "Supported"}),
    ("water", {"tag": "élection"}),
    ("budget", {"year": {"any": ["2019", "2020"]}, "verdict": "Refuted"}),
    ("desk", {}),
]
# Runs in the page: import one bundle's pagefind.js, run every search, return the result URLs and
# the filter counts. Each bundle's script is a separate module (a separate URL), so a separate index.
SEARCH_JS = """async ([bundle, searches]) => {
  const pagefind = await import(`/${bundle}/pagefind/pagefind.js`);
  await pagefind.options({baseUrl: "/"});  // else each URL is prefixed with the bundle's folder
  await pagefind.init();
  const found = [];
  for (const [term, filters] of searches) {
    const search = await pagefind.search(term, {filters});
    const data = await Promise.all(search.results.map((r) => r.data()));
    found.push(data.map((d) => d.url).sort());
  }
  return {found, filters: await pagefind.filters()};
}"""


def record(i: int) -> dict[str, Any]:
    verdict = VERDICTS[i % len(VERDICTS)]
    return {
        "url": f"/claims/claim-{i}/",
        "content": f"Claim {i} says the water budget rose; checked by the desk.",
        "language": "en",
        "meta": {"title": f"Claim {i}"},
        "filters": {
            "verdict": [verdict],
            "tag": ["élection" if i % 3 else "budget"],
            "year": [str(2018 + i % 4)],
        },
    }


def expected(filters: dict[str, Any]) -> list[str]:
    """The URLs whose record has every filter (a list or {"any": [...]} means any of its values)."""
    out = []
    for i in range(RECORDS):
        r = record(i)
        wanted = {k: v["any"] if isinstance(v, dict) else [v] for k, v in filters.items()}
        if all(set(r["filters"][k]) & set(values) for k, values in wanted.items()):
            out.append(r["url"])
    return sorted(out)


async def _index(out: Path) -> None:
    from pagefind.index import PagefindIndex

    async with PagefindIndex() as index:
        for i in range(RECORDS):
            await index.add_custom_record(**record(i))
        await index.write_files(output_path=str(out))


def no_browser_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "NO BROWSER: Playwright for Python is not installed: the Pagefind browser test did NOT run"
    if not os.access(CHROMIUM, os.X_OK):
        return f"NO BROWSER: no Chromium at {CHROMIUM} (or $FACTSITE_CHROMIUM): the Pagefind browser test did NOT run"
    return None


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Pagefind run at /original/pagefind/ and canonicalised at /canonical/pagefind/; the base URL."""
    reason = no_browser_reason()
    if reason:
        if os.environ.get("FACTSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (FACTSITE_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    pytest.importorskip("pagefind.index", reason="Pagefind's Python API (pip pagefind[bin]) is not installed")
    root = tmp_path_factory.mktemp("pagefind-served")
    asyncio.run(_index(root / "original" / "pagefind"))
    shutil.copytree(root / "original", root / "canonical")
    canonicalise(root / "canonical" / "pagefind")
    (root / "index.html").write_text(
        "<!doctype html><link rel=icon href='data:,'><title>search</title><p>search</p>", "utf-8"
    )
    server = ThreadingHTTPServer((LOCAL, 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{LOCAL}:{server.server_port}/"
    server.shutdown()
    server.server_close()


def search_in_chromium(base: str, bundle: str) -> tuple[dict[str, Any], list[str]]:
    """Every search in a fresh page using one bundle: the answers, and the console's errors and warnings."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(base)
            answer = page.evaluate(SEARCH_JS, [bundle, SEARCHES])
        finally:
            browser.close()
    return answer, problems


def test_the_canonical_bundle_finds_what_pagefinds_own_finds(served: str) -> None:
    original, original_problems = search_in_chromium(served, "original")
    canonical, canonical_problems = search_in_chromium(served, "canonical")
    assert (original_problems, canonical_problems) == ([], [])
    assert canonical["found"] == original["found"]
    assert canonical["found"] == [expected(filters) for _, filters in SEARCHES]
    assert all(canonical["found"])  # no search is trivially empty
    assert canonical["filters"] == original["filters"]
    assert canonical["filters"]["verdict"] == {v: RECORDS // len(VERDICTS) for v in VERDICTS}
