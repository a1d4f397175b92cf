"""Search benchmark (issue 20): Pagefind fed from the generator's records, against the theme's search.

    .venv/bin/python bench/search_bench.py                        # 1,000, 5,000 and 10,000 claims, 3 runs
    .venv/bin/python bench/search_bench.py --sizes 1000 --runs 1  # a quick look
    .venv/bin/python bench/search_bench.py --wrapper 100          # also the pagefind package's wrapper, 100 records

The baseline is the commit before the work (BASELINE, 37f0176): mkdocs-material's
search plugin, which parses every built page's HTML again and writes one
whole-site search_index.json that the theme fetches on every page load.

For each size M, the synthetic project of build_bench.py (bench/synth.py: M
claims, M/5 documents; written once under --work and kept) is laid out twice
under --work/search-M/, the same claims and seeds (hard links) with each
tree's own docs/ and mkdocs.yml (and synth's hand-written pages):

* current/: the working tree's docs and mkdocs.yml (no `search` plugin; the
  factsite plugin runs Pagefind at the end of the build), built by the
  working tree's generator;
* baseline/: the baseline commit's (its `search` plugin and overrides), built by
  the baseline's generator, unpacked with `git archive` under --work (the
  repository's git state is not touched) and run with the same virtualenv:
  each build runs `mkdocs` through a small runner that puts the tree's
  source first on sys.path and stops unless `generator` is imported from it.

Then, interleaved, --runs builds of each: wall and CPU seconds (user +
system of the build and every process it waited for: os.wait4's usage
counts the page renderer and the Pagefind service, which the build waits
for), then one build each with memory sampled (build_bench.TreeMemory: the
largest of max RSS and the processes' summed PSS). The index on disk: the
baseline's search/search_index.json, the current pagefind/ folder. The
Pagefind step alone: the project's records (render/search.py) indexed by
searchindex.write_index in a process of its own (wall, CPU of the process and
of Pagefind).

In Chromium (Playwright, Debian's /usr/bin/chromium, headless), each built
site served by http.server on 127.0.0.1, a fresh browser context (empty cache)
per trial: (a) a claim page's first load, every response's bytes (and
whether any is under /pagefind/); (b) "/" pressed, --query typed, until the
status line says "N results" and the first results are listed: the bytes of
the /pagefind/ responses (the first query's transfer); (c) the first value of
the facet Verdict ticked, then the first of Source: time from the second click
to the status line's update (and to the results listed), performance.now()
in the page. Bytes are response bodies as http.server serves them, without
compression; Pagefind's index files are gzip-compressed on disk already, so
that is what a server sends for them. The "gzip" figures are the bodies
compressed here (level 6) where that makes them smaller, as a server
compressing text would.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402
from build_bench import ENV, WORK, Build, kb, mkdocs_build, project  # noqa: E402

BASELINE = "37f0176"  # the commit before issue 20's search work: mkdocs-material's search plugin
SIZES = (1_000, 5_000, 10_000)
RUNS = 3
TRIALS = 5  # browser trials per size, each in a fresh context (empty cache)
QUERY = "government"  # a word of synth.py's prose: about one sentence in twenty has it, so most claims match
# The targets.
MAX_FIRST_QUERY_BYTES = 300 * 1024
MAX_FACETS_MS = 300
MAX_CPU_RATIO = 0.6
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL = "127.0.0.1"
# Runs `mkdocs` with a tree's source first on sys.path; stops unless `generator` (and the factsite
# plugin's entry point) is that tree's: the editable install's finder must not win.
RUNNER = """
import runpy, sys
src = sys.argv.pop(1)
sys.path.insert(0, src)
import generator
from importlib.metadata import entry_points
plugin = entry_points(group="mkdocs.plugins")["factsite"].load()
where = [generator.__file__, sys.modules[plugin.__module__].__file__]
if "--where" in sys.argv:
    print("\\n".join(where)); raise SystemExit(0)
assert all(w.startswith(src + "/") for w in where), (src, where)
sys.argv[0] = "mkdocs"
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""


# --- the two trees and their projects ----------------------------------------------------------


def baseline_source(work: Path) -> Path:
    """The baseline commit's files, unpacked once under `work` (git archive: no git state changes)."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", BASELINE], check=True, capture_output=True, text=True
    ).stdout.strip()
    out = work / f"baseline-src-{commit[:7]}"
    if not (out / ".ready").is_file():
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        archive = subprocess.Popen(["git", "-C", str(REPO), "archive", commit], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(out)], stdin=archive.stdout, check=True)
        assert archive.wait() == 0
        (out / ".ready").write_text(commit)
    return out


def where(src: Path) -> list[str]:
    """Where a build run for `src` imports the generator and the factsite plugin from."""
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, str(src), "--where"], env=_env(), check=True, capture_output=True, text=True
    )
    return out.stdout.split()


def _env() -> dict[str, str]:
    return {k: v for k, v in ENV.items() if k not in ("PYTHONPATH", "SITE_URL")}


def lay_out(work: Path, claims: int, baseline_src: Path) -> dict[str, Path]:
    """The synthetic project twice, the same claims and seeds, each tree's docs and mkdocs.yml."""
    made = project(work, claims) / "project"
    roots = {"current": work / f"search-{claims}" / "current", "baseline": work / f"search-{claims}" / "baseline"}
    for tree, root in roots.items():
        for part in ("claims", "seeds"):
            if not (root / part).is_dir():
                shutil.copytree(made / part, root / part, copy_function=os.link)
        src = REPO if tree == "current" else baseline_src
        shutil.rmtree(root / "docs", ignore_errors=True)  # the working tree's docs change: copied afresh
        shutil.copytree(src / "docs", root / "docs")
        shutil.copy(src / "mkdocs.yml", root / "mkdocs.yml")
        for name, text in synth.HAND_WRITTEN.items():
            (root / "docs" / name).write_text(text, encoding="utf-8")
    config = {t: (r / "mkdocs.yml").read_text(encoding="utf-8") for t, r in roots.items()}
    assert re.search(r"^  - search$", config["baseline"], re.M), "the baseline's mkdocs.yml has no search plugin"
    assert not re.search(r"^  - search$", config["current"], re.M), "the current mkdocs.yml still has `search`"
    return roots


def build(src: Path, root: Path, site: Path, sampled: bool = False) -> Build:
    """One `mkdocs build` of `root` by the tree `src`: wall, CPU of it and its waited-for children, peak memory."""
    return mkdocs_build(root, site, sampled, command=[sys.executable, "-c", RUNNER, str(src)], env=_env())


def folder_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# --- the Pagefind step alone -------------------------------------------------------------------


def index_alone(root: Path, site: Path, out: Path) -> dict[str, float]:
    out.mkdir(parents=True, exist_ok=True)
    text = subprocess.run(
        [sys.executable, __file__, "--index-alone", str(root), str(site), str(out)],
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(text)


def _index_alone_here(root: Path, site: Path, out: Path) -> None:
    """Print the cost of the search records and of Pagefind's index for `root` (a fresh interpreter)."""
    from generator.anchor.project import build_project
    from generator.cli.generate import options_for
    from generator.plugin.searchindex import HtmlPage, write_index
    from generator.render.search import search_records

    project_ = build_project(root)
    options = options_for(root)
    c0 = time.process_time()
    records = search_records(project_, options)
    c1 = time.process_time()
    pages = []  # the hand-written pages as the build wrote them (the plugin leaves out the home page)
    for md in sorted((root / "docs").rglob("*.md")):
        rel = md.relative_to(root / "docs").as_posix()
        if rel.startswith("overrides/") or rel == "index.md":
            continue
        url = rel[: -len("index.md")] if rel.endswith("index.md") else rel[: -len(".md")] + "/"
        if (site / url / "index.html").is_file():
            pages.append(HtmlPage("/" + url, (site / url / "index.html").read_text(encoding="utf-8")))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0, c2 = time.perf_counter(), time.process_time()
    count = write_index(out, records, pages)
    wall, own = time.perf_counter() - w0, time.process_time() - c2
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    pagefind = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    print(
        json.dumps(
            {
                "records": len(records),
                "indexed": count,
                "records_cpu": c1 - c0,
                "index_wall": wall,
                "index_cpu": own + pagefind,
                "pagefind_cpu": pagefind,
                "pagefind_peak_mb": after.ru_maxrss / 1024,
            }
        )
    )


def wrapper_compare(work: Path, claims: int, count: int) -> dict[str, float]:
    """The first `count` records indexed by the pagefind package's PagefindIndex and by write_index."""
    return json.loads(
        subprocess.run(
            [sys.executable, __file__, "--wrapper-here", str(work / f"search-{claims}" / "current"), str(count)],
            env=_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )


def _wrapper_here(root: Path, count: int) -> None:
    import asyncio

    from pagefind.index import PagefindIndex

    from generator.anchor.project import build_project
    from generator.cli.generate import options_for
    from generator.plugin.searchindex import write_index
    from generator.render.search import LANGUAGE, search_records

    records = search_records(build_project(root), options_for(root))[:count]

    async def wrapped(out: str) -> None:
        async with PagefindIndex(config={"force_language": LANGUAGE, "output_path": out}) as index:
            for r in records:
                await index.add_custom_record(
                    url=r.url, content=r.content, language=LANGUAGE, meta=r.meta, filters=r.filters
                )

    with tempfile.TemporaryDirectory() as scratch:
        t0 = time.perf_counter()
        asyncio.run(wrapped(str(Path(scratch) / "wrapped")))
        t1 = time.perf_counter()
        write_index(scratch, records, [])
        t2 = time.perf_counter()
    print(json.dumps({"records": len(records), "wrapper_wall": t1 - t0, "service_wall": t2 - t1}))


# --- in Chromium --------------------------------------------------------------------------------


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Served:
    """A built site on http://127.0.0.1:<free port>/ (a thread of this process; no compression)."""

    def __init__(self, site: Path) -> None:
        self.server = ThreadingHTTPServer((LOCAL, 0), functools.partial(Quiet, directory=str(site)))
        self.base = f"http://{LOCAL}:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def claim_page(site: Path) -> str:
    """The first claim page's path (the same slug in both sites)."""
    pages = sorted(p.parent.name for p in (site / "claims").glob("*/index.html") if p.parent.name != "page")
    return f"claims/{pages[0]}/"


# Ticks the n-th value of a facet; resolves with the time to the status line's update and to the
# results listed (performance.now(), from just before the click).
TICK = """async ({legend, index, need}) => {
  const status = document.getElementById('fs-search-status');
  const list = document.getElementById('fs-search-results');
  const set = [...document.querySelectorAll('#fs-search-facets fieldset')]
    .find(s => s.querySelector('legend').textContent.trim() === legend);
  const box = set && set.querySelectorAll('input[type=checkbox]')[index];
  if (!box) return {error: 'no value ' + index + ' in facet ' + legend};
  const text = () => status.textContent.trim();
  const done = () => /^(\\d+ results?|No results)/.test(text()) && need.every(n => text().includes(n + ':'));
  const t0 = performance.now();
  box.click();
  return await new Promise(resolve => {
    let shown = null;
    const check = () => {
      const now = performance.now();
      if (shown === null && done()) shown = now - t0;
      if (shown !== null && (list.querySelector('li') || /^No results/.test(text()))) {
        observer.disconnect();
        resolve({value: box.value, status_ms: shown, listed_ms: now - t0, status: text()});
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(status, {childList: true, characterData: true, subtree: true});
    observer.observe(list, {childList: true, subtree: true});
    check();
  });
}"""
FIRST_RESULTS = """() => /^(\\d+ results?|No results) for/.test(document.getElementById('fs-search-status')
  .textContent.trim()) && (document.querySelector('#fs-search-results li') || /^No/.test(
  document.getElementById('fs-search-status').textContent.trim()))"""


class Responses:
    """Every response of a browser context, read once the page is idle."""

    def __init__(self, context: Any) -> None:
        self.seen: list[Any] = []
        context.on("response", lambda response: self.seen.append(response))

    def since(self, start: int) -> list[dict]:
        found = []
        for response in self.seen[start:]:
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted load has no body
                body = b""
            path = urlsplit_path(response.url)
            zipped = min(len(body), len(gzip.compress(body, 6)))
            found.append({"path": path, "bytes": len(body), "gzip": zipped})
        return found


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def _context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(60_000)
    context.route(re.compile(rf"^(?!https?://{re.escape(LOCAL)}[:/])"), lambda route: route.abort("blockedbyclient"))
    return context


def page_load(browser: Any, url: str) -> list[dict]:
    """Every response of a first load of `url` (fresh context), once the network is idle."""
    context = _context(browser)
    responses = Responses(context)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    found = responses.since(0)
    context.close()
    return found


def search_trial(browser: Any, url: str, query: str) -> dict:
    """One reader: the claim page, then the query, then two facets (a fresh context: nothing cached)."""
    context = _context(browser)
    responses = Responses(context)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    load = responses.since(0)
    mark = len(responses.seen)
    page.keyboard.press("/")
    start = time.perf_counter()
    page.keyboard.type(query)
    page.wait_for_function(FIRST_RESULTS, polling="raf")
    first_ms = (time.perf_counter() - start) * 1000
    status = page.locator("#fs-search-status").inner_text().strip()
    page.wait_for_load_state("networkidle")
    query_bytes = [r for r in responses.since(mark) if "/pagefind/" in r["path"]]
    mark = len(responses.seen)
    # The filters are behind their button: opening it fetches the filter chunks (counted as the
    # facets' bytes, not the first query's), then the facets show.
    page.locator("#fs-search-filter-toggle").click()
    page.wait_for_function("() => document.querySelectorAll('#fs-search-facets fieldset').length > 0")
    page.wait_for_load_state("networkidle")
    verdict = page.evaluate(TICK, {"legend": "Verdict", "index": 0, "need": ["Verdict"]})
    both = page.evaluate(TICK, {"legend": "Source", "index": 0, "need": ["Verdict", "Source"]})
    assert "error" not in verdict and "error" not in both, (verdict, both)
    page.wait_for_load_state("networkidle")
    facet_bytes = sum(r["bytes"] for r in responses.since(mark))
    context.close()
    return {
        "load": load,
        "first_status": status,
        "first_ms": first_ms,
        "first_query": query_bytes,
        "verdict": verdict,
        "both": both,
        "facet_bytes": facet_bytes,
    }


def browse(sites: dict[str, Path], query: str, trials: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    current, baseline = Served(sites["current"]), Served(sites["baseline"])
    path = claim_page(sites["current"])
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            runs = [search_trial(browser, current.base + path, query) for _ in range(trials)]
            base_load = page_load(browser, baseline.base + path)
            browser.close()
    finally:
        current.close()
        baseline.close()
    first = runs[0]
    median = statistics.median
    return {
        "claim_page": path,
        "load_bytes": sum(r["bytes"] for r in first["load"]),
        "load_gzip": sum(r["gzip"] for r in first["load"]),
        "load_requests": len(first["load"]),
        "load_pagefind": [r["path"] for r in first["load"] if "/pagefind/" in r["path"]],
        "load_search_assets": {r["path"]: r["bytes"] for r in first["load"] if "search" in r["path"]},
        "base_load_bytes": sum(r["bytes"] for r in base_load),
        "base_load_gzip": sum(r["gzip"] for r in base_load),
        "base_load_requests": len(base_load),
        "base_search_index": sum(r["bytes"] for r in base_load if r["path"].endswith("search_index.json")),
        "base_search_index_gzip": sum(r["gzip"] for r in base_load if r["path"].endswith("search_index.json")),
        "first_status": first["first_status"],
        "first_query_bytes": median(sum(r["bytes"] for r in t["first_query"]) for t in runs),
        "first_query_gzip": median(sum(r["gzip"] for r in t["first_query"]) for t in runs),
        "first_query_requests": len(first["first_query"]),
        "first_query_files": [[r["path"].rsplit("/pagefind/", 1)[-1], r["bytes"]] for r in first["first_query"]],
        "first_query_ms": median(t["first_ms"] for t in runs),
        "verdict_ms": median(t["verdict"]["status_ms"] for t in runs),
        "facets_ms": median(t["both"]["status_ms"] for t in runs),
        "facets_listed_ms": median(t["both"]["listed_ms"] for t in runs),
        "facets_ms_runs": [round(t["both"]["status_ms"], 1) for t in runs],
        "facets_status": first["both"]["status"],
        "facet_bytes": median(t["facet_bytes"] for t in runs),
        "trials": trials,
    }


# --- one size, the report -----------------------------------------------------------------------


def measure(args: argparse.Namespace, claims: int, baseline_src: Path) -> dict[str, object]:
    roots = lay_out(args.work, claims, baseline_src)
    srcs = {"current": REPO, "baseline": baseline_src}
    sites = {tree: root.parent / f"site-{tree}" for tree, root in roots.items()}
    runs: dict[str, list[Build]] = {"current": [], "baseline": []}
    for _ in range(args.runs):  # interleaved, so that the machine's state affects both alike
        for tree in ("current", "baseline"):
            runs[tree].append(build(srcs[tree], roots[tree], sites[tree]))
    memory = {tree: build(srcs[tree], roots[tree], sites[tree], sampled=True) for tree in ("current", "baseline")}
    median = statistics.median
    row: dict[str, object] = {
        "claims": claims,
        "documents": max(1, claims // synth.CLAIMS_PER_DOCUMENT),
        "runs": args.runs,
    }
    for tree in ("current", "baseline"):
        row[f"{tree}_wall"] = median(b.wall for b in runs[tree])
        row[f"{tree}_cpu"] = median(b.cpu for b in runs[tree])
        row[f"{tree}_peak_mb"] = memory[tree].peak_mb
        row[f"{tree}_cpu_runs"] = [round(b.cpu, 1) for b in runs[tree]]
    row["cpu_ratio"] = row["current_cpu"] / row["baseline_cpu"]  # type: ignore[operator]
    row["wall_ratio"] = row["current_wall"] / row["baseline_wall"]  # type: ignore[operator]
    row["pagefind_bytes"], row["pagefind_files"] = folder_bytes(sites["current"] / "pagefind")
    row["search_index_bytes"] = (sites["baseline"] / "search" / "search_index.json").stat().st_size
    row |= {
        f"alone_{k}": v
        for k, v in index_alone(roots["current"], sites["current"], roots["current"].parent / "index-alone").items()
    }
    if args.wrapper:
        row |= wrapper_compare(args.work, claims, args.wrapper)
    if not args.no_browser:
        row |= browse(sites, args.query, args.trials)
    return row


def report(rows: list[dict], command: str) -> str:
    lines = [
        f"{date.today().isoformat()}, {platform.node() or 'this machine'}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; baseline {BASELINE} (mkdocs-material search); "
        f"medians of {rows[0]['runs']} interleaved builds",
        "",
        f"    {command}",
        "",
        "| claims | build now | baseline | CPU ratio | peak memory | index on disk | Pagefind step alone |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['claims']:,} | {r['current_wall']:.1f} s ({r['current_cpu']:.1f} s CPU) "
            f"| {r['baseline_wall']:.1f} s ({r['baseline_cpu']:.1f} s CPU) | {r['cpu_ratio']:.3f} "
            f"(wall {r['wall_ratio']:.3f}) | {r['current_peak_mb']:,.0f} MB vs {r['baseline_peak_mb']:,.0f} MB "
            f"| {kb(r['pagefind_bytes'])} in {r['pagefind_files']:,} files vs {kb(r['search_index_bytes'])} "
            f"| {r['alone_index_wall']:.1f} s ({r['alone_index_cpu']:.1f} s CPU, {r['alone_pagefind_cpu']:.1f} s "
            f"of it Pagefind's) for {r['alone_indexed']:,} records and pages; records made in "
            f"{r['alone_records_cpu']:.2f} s |"
        )
    if "load_bytes" in rows[0]:
        lines += [
            "",
            "| claims | claim page load now | baseline load (of it search_index.json) | first query "
            "| first query time | two facets: status (listed) | facet fetches |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in rows:
            lines.append(
                f"| {r['claims']:,} | {kb(r['load_bytes'])} in {r['load_requests']} responses "
                f"({kb(r['load_gzip'])} gzipped) | {kb(r['base_load_bytes'])} ({kb(r['base_search_index'])}; "
                f"{kb(r['base_load_gzip'])} and {kb(r['base_search_index_gzip'])} gzipped) "
                f"| {kb(r['first_query_bytes'])} in {r['first_query_requests']} /pagefind/ responses "
                f"({kb(r['first_query_gzip'])} gzipped) "
                f"| {r['first_query_ms']:.0f} ms | {r['facets_ms']:.0f} ms ({r['facets_listed_ms']:.0f} ms) "
                f"| {kb(r['facet_bytes'])} |"
            )
    lines += [
        "",
        "Times are wall-clock seconds, CPU (user + system of the build and every process it waited for: "
        "the page renderer, Pagefind) in brackets; the ratio is now / baseline. Peak memory: a separate "
        "sampled build each. Bytes are response bodies, uncompressed as http.server serves them (Pagefind's "
        "index files are gzip-compressed on disk: that is their transfer); gzipped is the same compressed "
        "here at level 6, as a server compressing text would send it. The first query's time runs from "
        "typing to the first results listed, with the dialog's 150 ms debounce; two facets: from the click "
        "of the second to the status line's update (and to its results listed), medians of the browser trials.",
        "",
    ]
    for r in rows:
        if "wrapper_wall" in r:
            lines.append(
                f"- {r['claims']:,} claims, the first {r['records']:,} records: the pagefind package's "
                f"PagefindIndex {r['wrapper_wall']:.1f} s, searchindex.write_index {r['service_wall']:.1f} s"
            )
        if "load_bytes" in r:
            lines.append(
                f"- {r['claims']:,} claims, {r['claim_page']}: search assets on load {r['load_search_assets']}; "
                f"first query {r['first_status']!r}, its files {r['first_query_files']}; two facets "
                f"{r['facets_status']!r}, every trial (ms) {r['facets_ms_runs']}; first facet alone "
                f"{r['verdict_ms']:.0f} ms"
            )
        lines.append(
            f"- {r['claims']:,} claims, CPU s of every build: now {r['current_cpu_runs']}, "
            f"baseline {r['baseline_cpu_runs']}"
        )
    lines += ["", *targets(rows)]
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[str]:
    found = []
    for r in rows:
        at = f"{r['claims']:,} claims"
        if "load_bytes" in r:
            found.append(
                _target(
                    f"{at}: first query {kb(r['first_query_bytes'])} from /pagefind/ "
                    f"(limit {kb(MAX_FIRST_QUERY_BYTES)})",
                    r["first_query_bytes"] <= MAX_FIRST_QUERY_BYTES,
                )
            )
            found.append(
                _target(
                    f"{at}: a claim page's first load fetches nothing of the index "
                    f"({len(r['load_pagefind'])} /pagefind/ responses: {r['load_pagefind'][:3]})",
                    not r["load_pagefind"],
                )
            )
            found.append(
                _target(
                    f"{at}: two facets in {r['facets_ms']:.0f} ms (limit {MAX_FACETS_MS} ms)",
                    r["facets_ms"] <= MAX_FACETS_MS,
                )
            )
        found.append(
            _target(
                f"{at}: build CPU {r['current_cpu']:.1f} s / baseline {r['baseline_cpu']:.1f} s = {r['cpu_ratio']:.3f} "
                f"(limit {MAX_CPU_RATIO})",
                r["cpu_ratio"] <= MAX_CPU_RATIO,
            )
        )
        found.append(
            _target(
                f"{at}: peak memory {r['current_peak_mb']:,.0f} MB, baseline {r['baseline_peak_mb']:,.0f} MB",
                r["current_peak_mb"] <= r["baseline_peak_mb"],
            )
        )
    return found


def _target(text: str, met: bool) -> str:
    return f"TARGET {'met' if met else 'NOT met'}: {text}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--trials", type=int, default=TRIALS, help="browser trials per size (fresh context each)")
    parser.add_argument("--query", default=QUERY, help="the word searched")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--no-browser", action="store_true", help="builds and index sizes only")
    parser.add_argument("--wrapper", type=int, metavar="RECORDS", help="also time the pagefind package's wrapper")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--index-alone", type=Path, nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--wrapper-here", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.index_alone:
        return _index_alone_here(*args.index_alone)
    if args.wrapper_here:
        return _wrapper_here(Path(args.wrapper_here[0]), int(args.wrapper_here[1]))
    baseline_src = baseline_source(args.work)
    for tree, src in (("current", REPO), ("baseline", baseline_src)):
        print(f"{tree}: generator and plugin from {', '.join(where(src))}", file=sys.stderr, flush=True)
    rows = []
    for claims in args.sizes:
        rows.append(measure(args, claims, baseline_src))
        print(f"{claims:,} claims measured", file=sys.stderr, flush=True)
    print(report(rows, "python bench/search_bench.py " + " ".join(sys.argv[1:])))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str))


if __name__ == "__main__":
    main()
