"""Extraction benchmark: adding and building web pages and PDFs, extraction per MB, the text cache.

    .venv/bin/python bench/extract_bench.py                     # the issue's size: 200 pages, 50 PDFs, 1,000 claims
    .venv/bin/python bench/extract_bench.py --html 40 --pdf 10 --claims 200 --runs 1   # a quick look

Issue 17: "adding and building 200 HTML and 50 PDF sources, time per MB of
extraction, and the build with and without the cache". Each run of the
script, under --work:

* the inputs, deterministic (--seed): --html saved news pages, each an
  article of bench/synth.py's prose inside what a real page has around it
  (a head of metadata, a large inline style and script, a cookie banner,
  navigation, adverts between paragraphs, related stories, comments, a
  footer); and --pdf reports of 1-6 pages with a running header and footer,
  printed from HTML by Chromium (/usr/bin/chromium through Playwright) once
  and kept under --work. No Chromium: the PDF part is skipped, and said so;
* a fresh project (the repository's docs and mkdocs.yml, synth's tags):
  every document registered by `factsite add-source`, one command each, as
  an editor would (wall seconds per source; the command reloads the whole
  registry to check the new entry, so the first and last tenth are shown);
* extraction alone, in this process, without the cache: MB of original
  per second for pages and PDFs (medians of --runs passes), and the same
  read back from the cache;
* --claims claims (synth.py's claim writer) quoting the extracted texts,
  checked by `factsite check`;
* `mkdocs build` with a cold cache (the text cache, FACTSITE_CACHE_DIR, removed first: every
  text extracted in the build) and a warm one, interleaved, --runs each;
  medians of wall and CPU seconds, and both sites compared byte for byte.

The issue's rule: cache the text where extraction at build time would cost
more than 5% of a full build (1,000 claims, 200 pages). The verdict line
says whether the cold build's extra time is above that.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import build_bench  # noqa: E402
import synth  # noqa: E402

from generator.load.extract import Extracted, extract  # noqa: E402

HTML_PAGES, PDFS, CLAIMS, RUNS = 200, 50, 1_000, 3
SEED = 20261122
WORK = build_bench.WORK / "extract"
FACTSITE = Path(sys.executable).parent / "factsite"
CHROMIUM = "/usr/bin/chromium"
ENV = build_bench.ENV


def text_cache(root: Path) -> Path:
    """The project's text cache for the bench: FACTSITE_CACHE_DIR, beside the project (set in ENV)."""
    folder = root.parent / "text-cache"
    ENV["FACTSITE_CACHE_DIR"] = os.environ["FACTSITE_CACHE_DIR"] = str(folder)
    return folder


# The threshold: extraction worth caching when it costs more than this share of a full build.
MAX_EXTRACTION_SHARE = 0.05
# The day every copy was "saved" (before build_bench's SOURCE_DATE_EPOCH, so never in the future).
RETRIEVED = "2025-06-01"
# A real news page is mostly not its article: these make a page of 30-80 KB around 2-8 KB of text.
NAV_LINKS = (40, 90)
STYLE_RULES = (150, 400)
SCRIPT_STATEMENTS = (300, 900)
ADVERT_EVERY = 3  # paragraphs between adverts
RELATED, COMMENTS, FOOTER_LINKS = 12, 6, 40
# A PDF report: this many synth documents, one after another (1-6 A4 pages with its header and footer).
PDF_PARTS = (1, 3)
# Bump when the PDFs' making changes: the kept PDFs are made again.
PDF_VERSION = 1


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(synth.WORDS) for _ in range(count))


def html_page(rng: random.Random, doc: synth.Document) -> bytes:
    """A saved news page: `doc`'s paragraphs as the article, a page's furniture all around it."""
    e = html.escape
    author = f"{rng.choice(synth.NAMES)} {words(rng, 1).capitalize()}"
    style = "\n".join(
        f".c{n} {{ margin: {n % 17}px; color: #{rng.randrange(0xFFFFFF):06x}; }}"
        for n in range(rng.randint(*STYLE_RULES))
    )
    script = "\n".join(
        f'var cfg{n} = {{"slot": "{words(rng, 1)}", "size": [{rng.randint(1, 999)}, {rng.randint(1, 999)}]}};'
        for n in range(rng.randint(*SCRIPT_STATEMENTS))
    )
    nav = "".join(
        f'<li><a href="/{w}">{w.capitalize()}</a></li>' for w in rng.sample(synth.WORDS, rng.randint(*NAV_LINKS))
    )
    body = []
    for n, paragraph in enumerate(doc.text.strip().split("\n\n")):
        body.append(f"<p>{e(paragraph)}</p>")
        if n % ADVERT_EVERY == ADVERT_EVERY - 1:
            body.append(f'<div class="advertisement"><span>Advertisement</span><p>{e(words(rng, 12))}</p></div>')
    related = "".join(f'<li><a href="/story/{n}">{e(words(rng, 7))}</a></li>' for n in range(RELATED))
    comments = "".join(f'<div class="comment"><p>{e(synth.sentence(rng))}</p></div>' for _ in range(COMMENTS))
    footer = " · ".join(f'<a href="/{w}">{w}</a>' for w in rng.sample(synth.WORDS, FOOTER_LINKS))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(doc.title)} | {e(doc.outlet)}</title>
<meta name="author" content="{e(author)}">
<meta property="og:site_name" content="{e(doc.outlet)}">
<meta property="og:title" content="{e(doc.title)}">
<meta property="article:published_time" content="{doc.published}T08:00:00+00:00">
<link rel="canonical" href="https://news.example/{doc.id}">
<style>{style}</style>
<script>{script}</script>
</head><body onload="start()">
<div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept all</button></div>
<header><a href="/">{e(doc.outlet)}</a><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{e(doc.title)}</h1><p class="byline">By {e(author)}</p>
{chr(10).join(body)}
</article><aside><h3>Related stories</h3><ul>{related}</ul></aside>
<section class="comments"><h3>Comments</h3>{comments}</section></main>
<footer><p>© {doc.published[:4]} {e(doc.outlet)}. {footer}</p></footer>
<script>start(); track("{doc.id}");</script>
</body></html>
"""
    return page.encode("utf-8")


def pdf_document(rng: random.Random, n: int) -> synth.Document:
    """A report: a title and a few documents' paragraphs in a row."""
    parts = [synth.document_text(rng) for _ in range(rng.randint(*PDF_PARTS))]
    title = words(rng, rng.randint(4, 8)).capitalize()
    return synth.Document(f"report-{n:03}", "\n\n".join(p.strip() for p in parts), title, "", "")


def make_pdfs(work: Path, docs: list[synth.Document], seed: int) -> list[Path] | str:
    """The reports printed to PDF by Chromium, made once and kept under `work`; or why there are none."""
    folder = work / f"pdfs-v{PDF_VERSION}-seed{seed}"
    paths = [folder / f"{d.id}.pdf" for d in docs]
    if all(p.is_file() for p in paths):
        return paths
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM}"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "Playwright for Python is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    header = '<div style="font-size: 8px; width: 100%; text-align: center;">{} — Annual report</div>'
    footer = '<div style="font-size: 8px; width: 100%; text-align: center;">Page <span class="pageNumber"></span></div>'
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page()
        for doc, path in zip(docs, paths):
            paragraphs = "".join(f"<p>{html.escape(t)}</p>" for t in doc.text.split("\n\n"))
            tab.set_content(
                f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(doc.title)}</title>'
                "<style>body { font: 11pt 'DejaVu Serif', serif; } p { margin: 0 0 0.8em; }</style></head>"
                f"<body><h1>{html.escape(doc.title)}</h1>{paragraphs}</body></html>"
            )
            tab.pdf(
                path=str(path),
                format="A4",
                margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
                display_header_footer=True,
                header_template=header.format(html.escape(doc.title)),
                footer_template=footer,
            )
        browser.close()
    return paths


def inputs(work: Path, pages: int, pdfs: int, seed: int) -> tuple[list[Path], list[Path], str]:
    """The saved pages (written each time: cheap) and the PDFs (kept); a note when there are no PDFs."""
    rng = random.Random(seed)
    folder = work / "pages"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    html_files = []
    for doc in synth.documents(rng, pages):
        path = folder / f"{doc.id.replace('doc', 'page')}.html"
        path.write_bytes(html_page(rng, doc))
        html_files.append(path)
    made = make_pdfs(work, [pdf_document(rng, n) for n in range(pdfs)], seed) if pdfs else []
    if isinstance(made, str):
        return html_files, [], f"PDF part SKIPPED: {made}"
    return html_files, made, ""


def add_sources(root: Path, files: list[Path]) -> list[float]:
    """`factsite add-source` for each file, one process each as an editor runs it: wall seconds each."""
    times = []
    for path in files:
        start = time.perf_counter()
        done = subprocess.run(
            [str(FACTSITE), "add-source", str(path), "--id", path.stem, "--retrieved", RETRIEVED],
            cwd=root,
            env=ENV,
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - start)
        assert done.returncode == 0, f"add-source {path.name}:\n{done.stdout}{done.stderr}"
    return times


def rates(files: list[Path], runs: int, cache: Path | None) -> dict[str, float]:
    """Extraction of `files` in this process: MB/s of original (wall and CPU), median of `runs` passes."""
    data = [(p.read_bytes(), p.name) for p in files]
    size = sum(len(d) for d, _ in data) / 1e6
    if not data:
        return {"mb": 0.0, "files": 0, "pages": 0, "wall": 0.0, "cpu": 0.0, "mb_s": 0.0, "mb_s_cpu": 0.0}
    wall_times, cpu_times, pages = [], [], 0
    for _ in range(runs):
        wall, cpu, pages = time.perf_counter(), time.process_time(), 0
        for content, name in data:
            found = extract(content, name, cache)
            assert isinstance(found, Extracted), name
            pages += len(found.pages)
        wall_times.append(time.perf_counter() - wall)
        cpu_times.append(time.process_time() - cpu)
    wall, cpu = statistics.median(wall_times), statistics.median(cpu_times)
    return {
        "mb": size,
        "files": len(files),
        "pages": pages,
        "wall": wall,
        "cpu": cpu,
        "mb_s": size / wall,
        "mb_s_cpu": size / cpu,
    }


def quotable(root: Path, files: list[Path]) -> list[synth.Document]:
    """The registered sources as synth documents of their extracted text, each paragraph on one line
    (synth draws a quote as words joined by spaces, unique in the text; the anchor folds the line breaks)."""
    docs = []
    for path in files:
        name = f"{path.stem}{path.suffix.lower()}"
        found = extract((root / "seeds" / name).read_bytes(), name, None)
        assert isinstance(found, Extracted), name
        text = "\n\n".join(" ".join(p.split()) for p in found.text.split("\n\n") if p.strip())
        docs.append(synth.Document(path.stem, text, "", "", ""))
    return docs


def write_project(root: Path, seed: int) -> list[str]:
    """A project without sources: the repository's docs and mkdocs.yml, synth's tag vocabulary."""
    shutil.rmtree(root.parent, ignore_errors=True)
    (root / "claims").mkdir(parents=True)
    synth.write_docs(root)
    rng = random.Random(seed)
    picked = {"-".join(rng.sample(synth.WORDS[40:], 2)) for _ in range(synth.TAG_VOCABULARY * 2)}
    tags = sorted(picked)[: synth.TAG_VOCABULARY]
    (root / "claims" / "tags.yml").write_text(synth.vocabulary(tags), encoding="utf-8")
    return tags


def write_claims(root: Path, docs: list[synth.Document], count: int, tags: list[str], seed: int) -> str:
    """`count` claims quoting `docs` (synth's claim writer); `factsite check`'s summary line."""
    rng = random.Random(seed + 1)
    for n in range(count):
        slug, text = synth.claim_file(rng, n, docs, tags)
        (root / "claims" / f"{slug}.yml").write_text(text, encoding="utf-8")
    done = subprocess.run([str(FACTSITE), "check"], cwd=root, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    return done.stdout.strip().splitlines()[-1]


def builds(root: Path, runs: int) -> tuple[list[build_bench.Build], list[build_bench.Build], list[str]]:
    """`mkdocs build` with a cold text cache and a warm one, interleaved (the order alternating)."""
    cold, warm = [], []
    for n in range(runs):
        for kind in ("cold", "warm") if n % 2 == 0 else ("warm", "cold"):
            if kind == "cold":
                shutil.rmtree(text_cache(root), ignore_errors=True)
            site = root.parent / f"site-{kind}"
            (cold if kind == "cold" else warm).append(build_bench.mkdocs_build(root, site))
    return cold, warm, build_bench.differing(root.parent / "site-cold", root.parent / "site-warm")


def per_source(times: list[float]) -> str:
    if not times:
        return "none"
    tenth = max(1, len(times) // 10)
    median = statistics.median
    return (
        f"median {median(times):.2f} s (first tenth {median(times[:tenth]):.2f} s, last tenth "
        f"{median(times[-tenth:]):.2f} s), {sum(times):.0f} s in all"
    )


def walls(runs: list[build_bench.Build]) -> list[float]:
    return [round(b.wall, 1) for b in runs]


def report(args: argparse.Namespace, figures: dict) -> str:
    cold, warm = figures["cold"], figures["warm"]
    med = statistics.median
    cold_wall, warm_wall = med(b.wall for b in cold), med(b.wall for b in warm)
    cold_cpu, warm_cpu = med(b.cpu for b in cold), med(b.cpu for b in warm)
    share, share_cpu = (cold_wall - warm_wall) / cold_wall, (cold_cpu - warm_cpu) / cold_cpu
    extracting = figures["html"]["cpu"] + figures["pdf"]["cpu"]
    lines = [
        f"{date.today().isoformat()}, {platform.node() or 'this machine'}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; medians of {args.runs} runs",
        f"    python bench/extract_bench.py {' '.join(sys.argv[1:])}",
    ]
    if figures["note"]:
        lines.append(f"NOTE: {figures['note']}")
    for kind in ("html", "pdf"):
        r, c = figures[kind], figures[f"{kind}_cached"]
        if r["files"]:
            lines.append(
                f"- extraction, {kind.upper()}: {r['files']} files, {r['mb']:.1f} MB: {r['mb_s']:.2f} MB/s "
                f"({r['mb_s_cpu']:.2f} MB/s CPU), {1000 * r['wall'] / r['files']:.0f} ms a file"
                + (f", {1000 * r['wall'] / r['pages']:.0f} ms a page ({r['pages']} pages)" if r["pages"] else "")
                + "; "
                f"from the cache {c['mb_s']:.0f} MB/s"
            )
    lines += [
        f"- add-source, one process a source: {len(figures['html_added'])} pages, {per_source(figures['html_added'])}",
        f"- add-source, one process a source: {len(figures['pdf_added'])} PDFs, {per_source(figures['pdf_added'])}",
        f"- {args.claims:,} claims: {figures['check']}",
        f"- mkdocs build, cold cache: {cold_wall:.1f} s ({cold_cpu:.1f} s CPU); runs {walls(cold)}",
        f"- mkdocs build, warm cache: {warm_wall:.1f} s ({warm_cpu:.1f} s CPU); runs {walls(warm)}",
        f"- cold / warm: {cold_wall / warm_wall:.3f} ({cold_cpu / warm_cpu:.3f} CPU); the cache saves "
        f"{share:.1%} of a cold build ({share_cpu:.1%} of its CPU)",
        f"- extracting every source in this process: {extracting:.1f} s CPU, {extracting / cold_cpu:.1%} of a cold "
        "build's CPU",
        f"- the two sites: {'the same files' if not figures['differing'] else figures['differing'][:5]}",
        f"- {'NEEDED' if max(share, share_cpu) > MAX_EXTRACTION_SHARE else 'NOT NEEDED'}: the cache "
        f"(extraction at build time costs {share:.1%} of a full build; the issue caches above "
        f"{MAX_EXTRACTION_SHARE:.0%})",
    ]
    return "\n".join(lines)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=int, default=HTML_PAGES, help="saved web pages")
    parser.add_argument("--pdf", type=int, default=PDFS, help="PDF reports")
    parser.add_argument("--claims", type=int, default=CLAIMS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args()
    html_files, pdf_files, note = inputs(args.work, args.html, args.pdf, args.seed)
    if note:
        say(note)
    root = args.work / "run" / "project"
    shutil.rmtree(text_cache(root), ignore_errors=True)  # sets FACTSITE_CACHE_DIR for every step; starts cold
    tags = write_project(root, args.seed)
    say(f"adding {len(html_files)} pages and {len(pdf_files)} PDFs")
    figures: dict = {
        "note": note,
        "html_added": add_sources(root, html_files),
        "pdf_added": add_sources(root, pdf_files),
    }
    say("extraction alone")
    for kind, files in (("html", html_files), ("pdf", pdf_files)):
        figures[kind] = rates(files, args.runs, None)
        figures[f"{kind}_cached"] = rates(files, args.runs, text_cache(root))
    say(f"writing {args.claims} claims")
    figures["check"] = write_claims(root, quotable(root, html_files + pdf_files), args.claims, tags, args.seed)
    say("building")
    figures["cold"], figures["warm"], figures["differing"] = builds(root, args.runs)
    print(report(args, figures))


if __name__ == "__main__":
    main()
