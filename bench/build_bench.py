"""Build benchmark: the generator's stages, `mkdocs build`, and MkDocs alone on the same pages.

    .venv/bin/python bench/build_bench.py                       # 1,000, 5,000 and 10,000 claims, 3 runs
    .venv/bin/python bench/build_bench.py --sizes 1000 --runs 1  # a quick look
    .venv/bin/python bench/build_bench.py --profile 10000        # where a build's time goes

For each size M it writes (once, under --work) a synthetic project of M
claims and M/5 documents (bench/synth.py), and, as the baseline, the very
same pages as plain Markdown files: `factsite generate`'s output (with the
overview put into the home page) in docs/, the same mkdocs.yml without the
factsite plugin. Then, medians of --runs runs, interleaved:

* the generator's stages in a fresh interpreter: load (registry, seeds,
  claim files: read, parse, validate), resolve (every quote), render
  (every page and data file); CPU seconds;
* `mkdocs build` of the project, and of the baseline: wall and CPU
  seconds (user + system), peak memory (max RSS);
* the built site: total HTML, the largest page (overall, claim, source,
  index), the search index (total and per claim); and that the two sites
  are the same files, byte for byte.

A run is a separate process each time (a cold interpreter, as `make site`
is). Other processes on the machine slow the wall clock; CPU time is what
the build itself spends, so the ratios are given for both.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402

SIZES = (1_000, 5_000, 10_000)
RUNS = 3
WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "factsite-bench"
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795305600", "PYTHONHASHSEED": "0"}
# The targets of the issue.
MAX_GENERATOR_SHARE = 0.05
MAX_LINEAR = 10.5
MAX_PEAK_MB = 1536
MAX_SEARCH_PER_CLAIM = 3 * 1024
MAX_CLAIM_PAGE_GROWTH = 1.10


@dataclass
class Build:
    wall: float
    cpu: float  # user + system, of the build and the processes it waited for
    peak_mb: float  # the build process's max RSS; with `sampled`, the larger of it and the processes' PSS


class TreeMemory:
    """The proportional set size (PSS) of a process and its descendants, sampled: the peak in MB.

    wait4's max RSS is one process's; the page renderer is a second process
    sharing most of its memory with the build, which PSS counts once.
    """

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid, self.every, self.peak = pid, every, 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(self.every):
            self.peak = max(self.peak, sum(_pss_kb(p) for p in _tree(self.pid)) / 1024)

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except OSError:
            pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


def project(work: Path, claims: int) -> Path:
    """The synthetic project of `claims` claims (written once) and its baseline beside it."""
    root = work / f"claims-{claims}"
    if not (root / "ready").is_file():
        shutil.rmtree(root, ignore_errors=True)
        synth.write_project(root / "project", claims)
        write_baseline(root / "project", root / "baseline")
        (root / "ready").write_text("")
    return root


def write_baseline(project_root: Path, out: Path) -> None:
    """The project's generated pages as hand-written files, built by MkDocs without the plugin."""
    from generator.anchor.project import build_project
    from generator.cli.generate import options_for
    from generator.render.plan import build_site, with_overview

    site = build_site(build_project(project_root), options_for(project_root))
    shutil.copytree(project_root / "docs", out / "docs")
    for rel, content in site.files.items():
        (out / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / "docs" / rel).write_text(content, encoding="utf-8")
    for rel, seed in site.originals.items():  # the stored originals, as the plugin copies them
        (out / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project_root / "seeds" / seed, out / "docs" / rel)
    home = out / "docs" / "index.md"
    home.write_text(with_overview(home.read_text(encoding="utf-8"), site.overview), encoding="utf-8")
    config = (project_root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - factsite\n" in config
    (out / "mkdocs.yml").write_text(config.replace("\n  - factsite\n", "\n"), encoding="utf-8")


def mkdocs_build(
    root: Path, site: Path, sampled: bool = False, command: list[str] | None = None, env: dict[str, str] | None = None
) -> Build:
    """One `mkdocs build` in a child process (`command` in place of `python -m mkdocs`, with `env`):
    wall and CPU seconds of it and every child it waits for, peak memory.

    Sampling the memory costs CPU (the kernel walks the page tables): it is
    done in a run of its own, not in the timed runs.
    """
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    child = subprocess.Popen(
        [*(command or MKDOCS), "build", "-q", "-d", str(site)],
        cwd=root,
        env=env or ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    memory = TreeMemory(child.pid) if sampled else None
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    stderr = child.stderr.read().decode() if child.stderr else ""
    assert os.waitstatus_to_exitcode(status) == 0, stderr
    return Build(wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss / 1024, memory.stop() if memory else 0))


def stages(root: Path) -> dict[str, float]:
    """The generator's stages, as `factsite generate` and the plugin run them, in CPU seconds."""
    out = subprocess.run(
        [sys.executable, __file__, "--stages", str(root)], env=ENV, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def _stages_here(root: Path) -> None:
    """Print the stage times of one load + render of `root` (run in a fresh interpreter)."""
    from generator.anchor.evidence import anchor_claim
    from generator.anchor.project import _checksums
    from generator.anchor.text import SourceText
    from generator.cli.generate import options_for
    from generator.load.claims import find_claim_files, load_claim
    from generator.load.registry import load_registry
    from generator.load.tags import load_tags
    from generator.model import Project
    from generator.render.plan import build_site

    options = options_for(root)
    clock = time.process_time
    t0 = clock()
    sources, _ = load_registry(root)
    vocabulary, _ = load_tags(root)
    files, _ = find_claim_files(root)
    claims = [load_claim(root, rel, sources, vocabulary)[0] for rel in files]
    t1 = clock()
    for source in (sources or {}).values():
        source.body = SourceText(source.text) if source.text is not None else None
    problems = [d for c in claims if c for d in anchor_claim(c, sources)]
    t2 = clock()
    claims = sorted((c for c in claims if c), key=lambda c: c.slug)
    problems += [d for d in _checksums(sources or {}, claims, True) if d.is_error]
    assert not problems, problems[:3]
    site = build_site(Project(str(root), sources or {}, claims, vocabulary or {}), options)
    t3 = clock()
    print(json.dumps({"load": t1 - t0, "resolve": t2 - t1, "render": t3 - t2, "files": len(site.files)}))


def site_stats(site: Path, claims: int) -> dict[str, object]:
    """Sizes of the built site: HTML in all, the largest pages, the search index."""
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}

    def largest(prefix: str, exclude: tuple[str, ...] = ()) -> tuple[str, int]:
        found = [
            (size, path)
            for path, size in pages.items()
            if path.startswith(prefix) and not any(path.startswith(x) for x in exclude)
        ]
        size, path = max(found) if found else (0, "")
        return path, size

    search = (site / "search" / "search_index.json").stat().st_size
    return {
        "pages": len(pages),
        "html": sum(pages.values()),
        "largest": largest(""),
        "largest_claim": largest("claims/", ("claims/index.html", "claims/page/")),
        "largest_source": largest("sources/", ("sources/index.html", "sources/page/")),
        "largest_index": max(
            (
                largest(p)
                for p in (
                    "claims/index",
                    "claims/page/",
                    "verdicts/",
                    "matrix/",
                    "tags/",
                    "sources/index",
                    "sources/page/",
                )
            ),
            key=lambda t: t[1],
        ),
        "search": search,
        "search_per_claim": search / claims,
        "data": sum((site / f).stat().st_size for f in ("claims.json", "claimreview.json")),
    }


def differing(a: Path, b: Path) -> list[str]:
    """Files that are not byte-identical in the two sites (or in one only)."""

    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    fa, fb = files(a), files(b)
    return sorted(
        k for k in fa.keys() | fb.keys() if k not in fa or k not in fb or fa[k].read_bytes() != fb[k].read_bytes()
    )


def measure(work: Path, claims: int, runs: int) -> dict[str, object]:
    root = project(work, claims)
    full, alone, stage_runs = [], [], []
    for _ in range(runs):  # interleaved, so that the machine's state affects each alike
        stage_runs.append(stages(root / "project"))
        full.append(mkdocs_build(root / "project", root / "site"))
        alone.append(mkdocs_build(root / "baseline", root / "site-baseline"))
    memory = [
        mkdocs_build(root / "project", root / "site", sampled=True),
        mkdocs_build(root / "baseline", root / "site-baseline", sampled=True),
    ]
    median = statistics.median
    row = {
        "claims": claims,
        "documents": max(1, claims // synth.CLAIMS_PER_DOCUMENT),
        **{k: median(s[k] for s in stage_runs) for k in ("load", "resolve", "render")},
        "full_wall": median(b.wall for b in full),
        "full_cpu": median(b.cpu for b in full),
        "alone_wall": median(b.wall for b in alone),
        "alone_cpu": median(b.cpu for b in alone),
        "full_peak_mb": memory[0].peak_mb,
        "alone_peak_mb": memory[1].peak_mb,
        "full_runs": [round(b.wall, 1) for b in full],
        "alone_runs": [round(b.wall, 1) for b in alone],
        "runs": runs,
        "differing": differing(root / "site", root / "site-baseline"),
    }
    row["generator"] = row["load"] + row["resolve"] + row["render"]
    return row | site_stats(root / "site", claims)


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def report(rows: list[dict], command: str) -> str:
    lines = [
        f"{date.today().isoformat()}, {platform.node() or 'this machine'}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"medians of {rows[0]['runs']} runs",
        f"    {command}",
        "",
        "| claims (docs) | load | resolve | render | full build | MkDocs alone | ratio "
        "| generator share | peak memory | HTML | largest page | largest claim page | search index |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['claims']:,} ({r['documents']:,}) | {r['load']:.2f} s | {r['resolve']:.2f} s | {r['render']:.2f} s "
            f"| {r['full_wall']:.1f} s ({r['full_cpu']:.1f} s CPU) "
            f"| {r['alone_wall']:.1f} s ({r['alone_cpu']:.1f} s CPU) "
            f"| {r['full_wall'] / r['alone_wall']:.3f} ({r['full_cpu'] / r['alone_cpu']:.3f} CPU) "
            f"| {wall_share(r):.1%} ({r['generator'] / r['full_cpu']:.1%} CPU) "
            f"| {r['full_peak_mb']:,.0f} MB ({r['alone_peak_mb']:,.0f} MB alone) "
            f"| {kb(r['html'])}, {r['pages']:,} pages | {kb(r['largest'][1])} ({r['largest'][0]}) "
            f"| {kb(r['largest_claim'][1])} | {kb(r['search'])}, {r['search_per_claim'] / 1024:.2f} KB/claim |"
        )
    lines += [
        "",
        "Times are wall-clock seconds, CPU seconds (user + system, all the build's processes) "
        "in brackets; load, resolve and render are CPU seconds of the generator alone. The generator "
        "share is (full build - MkDocs alone) / full build, and the generator's CPU over the full build's CPU.",
        "",
        *checks(rows),
    ]
    return "\n".join(lines)


def wall_share(r: dict) -> float:
    return (r["full_wall"] - r["alone_wall"]) / r["full_wall"]


def checks(rows: list[dict]) -> list[str]:
    """Each target, met or not, with its figure."""
    found = []
    for r in rows:
        same = "the same files" if not r["differing"] else f"{len(r['differing'])} files differ: {r['differing'][:5]}"
        found.append(
            f"- {r['claims']:,} claims: the full build and MkDocs alone give {same}; largest index page "
            f"{kb(r['largest_index'][1])} ({r['largest_index'][0]}), largest source page "
            f"{kb(r['largest_source'][1])}, claims.json + claimreview.json {kb(r['data'])}; "
            f"every run (wall s): full {r['full_runs']}, alone {r['alone_runs']}"
        )
    last, first = rows[-1], rows[0]
    wall, cpu = last["full_wall"] / last["alone_wall"], last["full_cpu"] / last["alone_cpu"]
    found.append(
        _target(
            f"full build / MkDocs alone at {last['claims']:,} claims: {wall:.3f} (generator share "
            f"{wall_share(last):.1%})",
            wall <= 1 + MAX_GENERATOR_SHARE,
        )
    )
    found.append(
        _target(
            f"the same in CPU time, as on one core: {cpu:.3f} (generator CPU "
            f"{last['generator'] / last['full_cpu']:.1%} of the build's)",
            cpu <= 1 + MAX_GENERATOR_SHARE,
        )
    )
    if len(rows) > 1:
        scale = last["claims"] / first["claims"]
        limit = MAX_LINEAR * scale / 10
        times = last["full_wall"] / first["full_wall"], last["full_cpu"] / first["full_cpu"]
        memory = last["full_peak_mb"] / first["full_peak_mb"]
        growth = last["largest_claim"][1] / first["largest_claim"][1]
        found.append(
            _target(
                f"{scale:g}x the claims: {times[0]:.2f}x the time ({times[1]:.2f}x the CPU time), limit {limit:.2f}x",
                max(times) <= limit,
            )
        )
        found.append(
            _target(f"{scale:g}x the claims: {memory:.2f}x the peak memory, limit {limit:.2f}x", memory <= limit)
        )
        found.append(
            _target(
                f"largest claim page {kb(last['largest_claim'][1])} vs {kb(first['largest_claim'][1])} "
                f"({growth - 1:+.1%}); largest page {kb(last['largest'][1])} vs "
                f"{kb(first['largest'][1])}",
                growth <= MAX_CLAIM_PAGE_GROWTH,
            )
        )
    found.append(
        _target(
            f"peak memory at {last['claims']:,} claims {last['full_peak_mb']:,.0f} MB",
            last["full_peak_mb"] < MAX_PEAK_MB,
        )
    )
    found.append(
        _target(
            f"search index {last['search_per_claim'] / 1024:.2f} KB per claim",
            last["search_per_claim"] <= MAX_SEARCH_PER_CLAIM,
        )
    )
    return found


def _target(text: str, met: bool) -> str:
    return f"- {'MET' if met else 'NOT MET'}: {text}"


def profile(work: Path, claims: int, top: int = 40) -> None:
    """cProfile of one in-process `mkdocs build` of the project (the profiler slows Python code alike)."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = project(work, claims) / "project"
    os.chdir(root)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root.parent / "site-profile"))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does: pages rendered alongside
    profiler = cProfile.Profile()
    start = time.process_time()
    profiler.runcall(build, config)
    total = time.process_time() - start
    stats = pstats.Stats(profiler)
    print(
        f"profiled build of {claims:,} claims: {total:.1f} s CPU in the build's own process "
        "(with the profiler's overhead; the page renderer's process is not profiled)"
    )
    for name, seconds in groups(stats):
        print(f"  {name:<58} {seconds:7.1f} s  {seconds / total:6.1%}")
    stats.sort_stats("cumulative").print_stats(top)


# Where a build's time goes: the cumulative time of these functions (nested ones are inside their parents).
GROUPS = [
    ("factsite: load, resolve and render (on_pre_build)", "generator/plugin/plugin.py", "on_pre_build"),
    ("  of which load + resolve (ProjectCache/build_project)", "generator/anchor/project.py", "build_project"),
    ("  of which render (build_site)", "generator/render/plan.py", "build_site"),
    ("factsite: the files added to MkDocs (on_files)", "generator/plugin/plugin.py", "on_files"),
    (
        "factsite: generated pages to HTML (htmlpage.py, in place of Page.render)",
        "generator/plugin/plugin.py",
        "render_generated",
    ),
    ("MkDocs: Markdown to HTML (Page.render: the hand-written pages)", "mkdocs/structure/pages.py", "render"),
    ("MkDocs: pages through the theme (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    (
        "  of which search indexing (material search on_page_context)",
        "material/plugins/search/plugin.py",
        "on_page_context",
    ),
    ("  of which the theme's templates (jinja2 render)", "jinja2/environment.py", "render"),
    ("MkDocs: reading the Markdown (read_source)", "mkdocs/structure/pages.py", "read_source"),
    ("MkDocs: static files, sitemap (copy_static_files)", "mkdocs/structure/files.py", "copy_static_files"),
    ("MkDocs: nav (get_navigation)", "mkdocs/structure/nav.py", "get_navigation"),
    ("MkDocs: anchor links checked (validate_anchor_links)", "mkdocs/structure/pages.py", "validate_anchor_links"),
    ("search index written (material search on_post_build)", "material/plugins/search/plugin.py", "on_post_build"),
]


def groups(stats: pstats.Stats) -> list[tuple[str, float]]:
    found = []
    for name, path, function in GROUPS:
        seconds = max(
            (
                v[3]
                for (file, _, func), v in stats.stats.items()  # type: ignore[attr-defined]
                if file.endswith(path) and func == function
            ),
            default=0.0,
        )
        found.append((name, seconds))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--profile", type=int, metavar="CLAIMS")
    parser.add_argument("--stages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.stages:
        return _stages_here(args.stages)
    if args.profile:
        return profile(args.work, args.profile)
    rows = []
    for claims in args.sizes:
        rows.append(measure(args.work, claims, args.runs))
        print(f"{claims:,} claims measured", file=sys.stderr, flush=True)
    print(report(rows, "python bench/build_bench.py " + " ".join(sys.argv[1:])))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str))


if __name__ == "__main__":
    main()
