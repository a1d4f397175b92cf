"""The design that keeps big sites fast, checked for correctness (nothing here is timed).

Index pages cut into series of fixed size; the fast paths (schema check,
escaping, links, claimant lookup, data files) give what the slow ones gave;
`mkdocs serve` rebuilds only what changed and ends with the site a full
build makes; the page renderer process hands over every page, and its errors.
The timings are bench/'s business (bench/README.md).
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import shutil
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_site_build import FIXTURE
from test_site_golden import files_under
from test_site_html import site_project

from generator import html, indexes, jsonld, parallel, plugin, urls
from generator.errors import FactsiteError
from generator.options import SiteOptions
from generator.project import ProjectCache, build_project, load_project
from generator.schema import _fast_check, _validator
from generator.site import PageCache, build_site, plan_site

CLAIM = (FIXTURE / "claims" / "death-toll.yml").read_text()


def add_claims(root: Path, count: int, tags: str = "[extra]") -> None:
    """`count` more claims, claims/extra-NNN.yml, each a copy of death-toll with its own text."""
    for n in range(count):
        text = CLAIM.replace("37 million Chinese died", f"Claim {n:03} says").replace(
            "reviewed:", f"tags: {tags}\nreviewed:")
        (root / "claims" / f"extra-{n:03}.yml").write_text(text)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(indexes, "PAGE_SIZE", 3)
    return 3


# --- series of index pages ---------------------------------------------------------------

def test_a_series_keeps_its_first_path_and_numbers_the_rest() -> None:
    assert [urls.paged("claims/index.md", n) for n in (1, 2)] == ["claims/index.md", "claims/page/2.md"]
    assert urls.paged("verdicts/disputed.md", 3) == "verdicts/disputed/page/3.md"
    assert urls.paged("matrix.md", 2) == "matrix/page/2.md" and urls.paged("tags/x.md", 2) == "tags/x/page/2.md"
    assert urls.page_url(urls.paged("claims/index.md", 2)) == "claims/page/2/"


def test_every_list_is_cut_into_pages_that_list_each_claim_once(project: Path, small_pages: int) -> None:
    add_claims(project, 9)
    site = build_site(build_project(project), SiteOptions())
    pages = [p for p in site.files if p == "claims/index.md" or p.startswith("claims/page/")]
    assert pages == ["claims/index.md", "claims/page/2.md", "claims/page/3.md", "claims/page/4.md"]
    listed = [re.findall(r'<td><a href="[^"]*">([^<]*)</a>', site.files[p]) for p in pages]
    assert all(len(rows) <= small_pages for rows in listed)
    names = [name for rows in listed for name in rows]
    assert len(names) == 11 and names == sorted(names, key=str.casefold)
    assert "11 claims, in alphabetical order; 4–6 on this page." in site.files["claims/page/2.md"]
    for first in ("verdicts/supported.md", "matrix.md", "tags/extra.md"):
        assert urls.paged(first, 2) in site.files, first
    assert "verdicts/supported/page/5.md" not in site.files and "verdicts/supported/page/4.md" in site.files


def test_the_pager_links_pages_that_exist_and_no_page_is_searched(project: Path, small_pages: int) -> None:
    add_claims(project, 30)
    site = build_site(build_project(project), SiteOptions())
    src = "claims/page/6.md"
    nav = re.search(r'<nav class="fs-pager".*?</nav>', site.files[src])
    assert nav is not None
    labels = re.findall(r">([^<>]+)</(?:a|span|li)>", nav[0])
    assert labels == ["‹ Previous", "1", "…", "4", "5", "6", "7", "8", "…", "11", "Next ›"]
    for href in re.findall(r'href="([^"]+)"', nav[0]):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(urls.page_url(src)), href))
        assert any(urls.page_url(p).rstrip("/") == target for p in site.files), href
    for path in site.files:
        if path.startswith(("claims/index", "claims/page/", "verdicts/", "matrix", "tags", "sources/index")):
            assert "\nsearch:\n  exclude: true\n" in site.files[path], path


def test_no_page_grows_with_the_number_of_claims(project: Path, small_pages: int, tmp_path: Path) -> None:
    """(A source page grows with the claims that cite it, here all of them: not with the others.)"""
    bigger = tmp_path / "bigger"
    shutil.copytree(project, bigger)
    add_claims(project, 10)
    add_claims(bigger, 40)
    sizes = [max(len(c) for p, c in build_site(build_project(r), SiteOptions()).files.items()
                 if p.endswith(".md") and not re.match(r"sources/(?!index)", p)) for r in (project, bigger)]
    assert sizes[1] <= sizes[0] * 1.05, sizes


def test_with_many_sources_the_matrix_lists_only_the_cited_ones(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexes, "MATRIX_GRID_SOURCES", 1)
    page = build_site(build_project(project), SiteOptions()).files["matrix.md"]
    assert "fs-vertical" not in page and "<th>Sources cited</th>" in page
    row = next(r for r in page.split("<tr>") if "death-toll/" in r)
    assert "moscow-times-2025-05-08" in row and "friends-of-steel" not in row


def test_tag_pages_list_their_claims_and_keep_the_old_anchors(project: Path) -> None:
    site = build_site(build_project(project), SiteOptions())
    assert '<li id="tag:talks"><a href="talks/" class="fs-tag">talks</a> 1 claim</li>' in site.files["tags.md"]
    assert 'href="../../claims/talks-duration/"' in site.files["tags/talks.md"]
    assert "death-toll" not in site.files["tags/talks.md"]


# --- fast paths give what the slow ones gave -----------------------------------------------

@given(st.lists(st.sampled_from(["claims", "sources", "a", "b", "page", "2", "x.json", ".."]), max_size=4),
       st.lists(st.sampled_from(["claims", "sources", "a", "b", "page", "2"]), max_size=4))
def test_relative_paths_are_posixpaths(target: list[str], base: list[str]) -> None:
    t, b = "/".join(target), "/".join(base)
    if ".." not in target:
        assert urls._relpath(t, b) == posixpath.relpath(t or ".", b or ".")


PAGE_PATHS = st.lists(st.sampled_from(["claims", "sources", "tags", "a", "page", "2", "index"]), min_size=1,
                      max_size=4).map(lambda parts: "/".join(parts) + ".md")


@given(PAGE_PATHS, st.one_of(PAGE_PATHS, st.sampled_from(["claims.json", "assets/x.css", "index.md"])),
       st.sampled_from(["", "excerpt-1"]), st.booleans())
def test_links_are_relative_paths(from_src: str, to_src: str, fragment: str, directory_urls: bool) -> None:
    base = posixpath.dirname(urls.page_url(from_src, directory_urls))
    target = urls.page_url(to_src, directory_urls)
    expected = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or not target:
        expected = "./" if expected == "." else expected + "/"
    assert urls.href(from_src, to_src, fragment, directory_urls) == expected + (f"#{fragment}" if fragment else "")


@given(st.text(alphabet=st.sampled_from(list("ab -,&#%~\n\t\u00a0’—é\U0001f600")), max_size=40))
def test_text_fragments_encoded_word_by_word(passage: str) -> None:
    words = passage.split()
    def whole(part: list[str]) -> str:
        return urllib.parse.quote(" ".join(part), safe="").replace("-", "%2D")
    edges = (whole(words) if len(words) <= urls.FRAGMENT_WHOLE_WORDS else
             whole(words[:urls.FRAGMENT_EDGE_WORDS]) + "," + whole(words[-urls.FRAGMENT_EDGE_WORDS:]))
    assert urls.text_fragment("https://example.org/a", passage) == "https://example.org/a#:~:text=" + edges


@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'`*_{}[]\\|~^=\n\r\t\x00\x07\x85\x9f’—é")), max_size=12))
def test_text_escaping_fast_path(value: str) -> None:
    slow = html._CONTROL.sub("\ufffd", value).translate(html._INERT)
    assert html.text(value) == slow


def old_claimant_source(claimant: str, sources: dict) -> Any:
    def names(s: Any) -> bool:
        return any(n and re.match(re.escape(n) + r"(?:$|[\s(,:])", claimant) for n in (s.id, s.outlet))
    found = [s for s in sources.values() if names(s)]
    return found[0] if len(found) == 1 else None


def test_claimant_lookup_is_the_scan_it_replaces(project: Path) -> None:
    sources = build_project(project).sources
    outlet = sources["moscow-times-2025-05-08"].outlet
    for claimant in [outlet, outlet + " (AFP)", outlet + "s", "friends-of-steel", "friends-of-steel: x",
                     "friends-of-steel,", " friends-of-steel", "friends-of-steel\n", "The", "", "x (The Moscow Times)"]:
        assert jsonld.claimant_source(claimant, sources) is old_claimant_source(claimant, sources), claimant


def test_data_files_put_together_from_items_are_one_item_per_line(project: Path) -> None:
    built = build_project(project)
    for options in (SiteOptions(), SiteOptions(site_url="https://f.example/")):
        claims = jsonld.claims_json(built, options)
        data = json.loads(claims)
        assert list(data) == ["format", "offsets", "verdicts", "sources", "claims"]
        lines = {line.removesuffix(",") for line in claims.splitlines()}
        for item in data["sources"] + data["claims"]:  # each item is one line of the file
            assert json.dumps(item, ensure_ascii=False, separators=(",", ":")) in lines
        assert [c["slug"] for c in data["claims"]] == [c.slug for c in built.claims]
        reviews = jsonld.claimreview_json(built, options)
        expected = [jsonld.claim_review(c, built, options) for c in built.claims]
        assert json.loads(reviews) == expected
        assert reviews.splitlines()[1:-1] == [json.dumps(r, ensure_ascii=False, separators=(",", ":"))
                                              + ("," if k < len(expected) - 1 else "") for k, r in enumerate(expected)]
    empty = type(built)(built.root, built.sources, [])
    assert json.loads(jsonld.claims_json(empty, SiteOptions()))["claims"] == []
    assert jsonld.claimreview_json(empty, SiteOptions()) == "[]\n"


VALID = {"claim": "C.", "verdict": "disputed", "summary": "S.", "reviewed": "2026-11-22", "tags": ["a", "b-c"],
         "claimant": "X", "date": "2025-05-08",
         "evidence": [{"source": "s", "stance": "supports", "quote": "q", "occurrence": 1, "prefix": "p"},
                      {"source": "t", "stance": "contradicts", "quote": "r", "note": "n"}]}
ODD = st.one_of(st.none(), st.booleans(), st.integers(-2, 3), st.sampled_from(
    ["", "x", "2025-02-30", "2025-13-01", "25-05-08", "Bad Slug", "supports", "a" * 1001, "a" * 61]),
    st.lists(st.sampled_from(["a", "a", "B", ""]), max_size=3), st.just({}), st.just({"unknown": 1}))


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    value = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        items = [e for e in value.get("evidence", []) if isinstance(e, dict)] if isinstance(
            value.get("evidence"), list) else []
        target = draw(st.sampled_from(items)) if items and draw(st.booleans()) else value
        key = draw(st.sampled_from(sorted(target) + ["unknown", "evidence", "tags"]))
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(ODD)
    return value


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_fast_schema_check_never_passes_what_jsonschema_rejects(value: Any) -> None:
    fast = _fast_check("claim")
    assert fast is not None
    if fast(value):
        assert _validator("claim").is_valid(value), value


def test_the_fast_schema_check_passes_the_real_files() -> None:
    from generator.yamlsafe import load_bytes
    from generator.schema import to_plain, load_schema

    repo = Path(__file__).resolve().parent.parent
    for path in sorted((repo / "claims").glob("*.yml")) + sorted((FIXTURE / "claims").glob("*.yml")):
        value = to_plain(load_bytes(path.name, path.read_bytes()).root, load_schema("claim"), load_schema("claim"))
        assert _fast_check("claim")(value), path.name
    assert _fast_check("claim")(VALID) and _fast_check("sources") is not None


# --- mkdocs serve: only what changed, and the same result -----------------------------------

def test_the_project_cache_loads_what_load_project_loads(project: Path) -> None:
    cache = ProjectCache()
    first, _ = cache.load(project)
    add_claims(project, 2)
    (project / "claims" / "broken.yml").write_text(CLAIM.replace("37 million Chinese deaths", "38 million"))
    again, diagnostics = cache.load(project)
    expected, expected_diagnostics = load_project(project)
    assert diagnostics == expected_diagnostics and [d.code for d in diagnostics] == ["quote-not-found"]
    assert [c.slug for c in again.claims] == [c.slug for c in expected.claims]
    kept = {c.slug: c for c in first.claims}
    assert all(c is kept[c.slug] for c in again.claims if c.slug in kept)
    seed = project / "seeds" / "friends-of-steel.txt"
    seed.write_text(seed.read_text() + "\n")
    reloaded, diagnostics = cache.load(project)
    assert not any(c is kept.get(c.slug) for c in reloaded.claims) and "checksum-mismatch" in {d.code for d in diagnostics}


def test_the_page_cache_renders_only_changed_pages_and_the_same_bytes(project: Path) -> None:
    projects, pages = ProjectCache(), PageCache()
    before = build_site(projects.build(project), SiteOptions(), pages)
    claim = project / "claims" / "talks-duration.yml"
    claim.write_text(claim.read_text().replace("Only one of the two", "Just one of the two"))
    after = build_site(projects.build(project), SiteOptions(), pages)
    assert after == build_site(build_project(project), SiteOptions())
    same = {p for p in after.files if after.files[p] is before.files[p]}
    assert "claims/death-toll.md" in same and "claims/talks-duration.md" not in same
    assert "claims.json" not in same and "sources/friends-of-steel.md" not in same


def test_a_dirty_rebuild_marks_what_changed_and_forces_the_home_page(project: Path, tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    site_project(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "factsite"  # as during the plugin's on_files
    previous = build_site(build_project(project), SiteOptions())
    claim = project / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("verdict: supported", "verdict: unverified").replace(
        "stance: supports", "stance: context"))
    site = build_site(build_project(project), SiteOptions())
    files = plugin.add_files(get_files(config), site, config, previous)
    modified = {f.src_uri for f in files if f.is_modified()}
    assert {"claims/death-toll.md", "verdicts/supported.md", "verdicts/unverified.md", "index.md"} <= modified
    assert "claims/talks-duration.md" not in modified and "tags/talks.md" not in modified
    assert plugin.stale(previous, site) == []


def test_search_entries_follow_the_pages(tmp_path: Path) -> None:
    entries = plugin.SearchEntries()
    index = [{"location": "a/"}]
    entries.collect("a.md", index)
    index += [{"location": "b/"}, {"location": "b/#x"}]
    entries.collect("b.md", index)
    assert entries.ordered(["b.md", "a.md"]) == [{"location": "b/"}, {"location": "b/#x"}, {"location": "a/"}]
    entries.begin()
    entries.collect("a.md", [{"location": "a/", "text": "new"}])
    assert entries.ordered(["a.md"]) == [{"location": "a/", "text": "new"}]


@pytest.fixture
def fresh_plugins() -> Any:
    """MkDocs keeps plugin instances with on_startup for the process (for `mkdocs serve`): start clean."""
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()
    yield
    MkDocsConfig.plugins.plugin_cache.clear()


def serve_build(root: Path, site: Path) -> None:
    """One rebuild of `mkdocs serve --dirty` (the plugin instance is the one kept since on_startup)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=False)
    config.site_url = "http://127.0.0.1:8000/"
    build(config, serve_url=config.site_url, dirty=True)


def test_mkdocs_serve_dirty_rebuilds_end_with_the_full_build(project: Path, tmp_path: Path, fresh_plugins: None,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    site_project(project)
    served = tmp_path / "served"
    load_config(str(project / "mkdocs.yml")).plugins.on_startup(command="serve", dirty=True)
    serve_build(project, served)
    summary = project / "claims" / "talks-duration.yml"
    summary.write_text(summary.read_text().replace("Only one", "Only one, said the editor,"))
    serve_build(project, served)
    (project / "claims" / "death-toll.yml").rename(project / "claims" / "death-toll-renamed.yml")
    add_claims(project, 1)
    serve_build(project, served)
    broken = project / "claims" / "extra-000.yml"
    good = broken.read_text()
    broken.write_text(good.replace("37 million Chinese deaths", "38 million Chinese deaths"))
    serve_build(project, served)  # a content error: reported, and the last good site stays
    assert re.search(r"claims/extra-000.yml:\d+:\d+: error\[quote-not-found\]", capsys.readouterr().err)
    broken.write_text(good)
    serve_build(project, served)
    MkDocsConfig.plugins.plugin_cache.clear()  # a new process: `mkdocs build`
    full = tmp_path / "full"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(full), strict=False)
    config.site_url = "http://127.0.0.1:8000/"
    build(config)
    assert files_under(served) == files_under(full)


def test_a_content_error_in_the_first_preview_build_stops_the_server(project: Path, fresh_plugins: None) -> None:
    from mkdocs.exceptions import Abort

    served = FactsitePluginFor(project, serving=True)
    claim = project / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    with pytest.raises(Abort):
        served._preview(project, SiteOptions())
    stream = io.StringIO()
    with pytest.raises(Abort):
        plugin.load_site(project, SiteOptions(), stream)
    assert "error[quote-not-found]" in stream.getvalue()


def FactsitePluginFor(root: Path, serving: bool) -> plugin.FactsitePlugin:  # noqa: N802
    found = plugin.FactsitePlugin()
    found.load_config({})
    found.on_startup(command="serve" if serving else "build", dirty=serving)
    return found


# --- the page renderer process ----------------------------------------------------------------

needs_fork = pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                                reason="no fork on this platform")


@needs_fork
def test_the_renderer_hands_over_every_file_as_rendered_here(project: Path) -> None:
    plan = plan_site(build_project(project), SiteOptions())
    renderer = parallel.Renderer(plan)
    got = {path: renderer.get(path) for path in parallel.order(plan)}
    assert renderer.get("claims/death-toll.md") == got["claims/death-toll.md"]  # asked again: rendered again
    renderer.close()
    assert got == plan.site().files and renderer.child.exitcode == 0


@needs_fork
def test_an_error_in_the_renderer_is_raised_in_the_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.site

    def broken(*args: Any) -> str:
        raise ValueError("the claim page renderer broke")

    monkeypatch.setattr(generator.site, "claim_page", broken)
    renderer = parallel.Renderer(plan_site(build_project(project), SiteOptions()))
    with pytest.raises(ValueError, match="the claim page renderer broke") as raised:
        renderer.get("claims/death-toll.md")
    assert "raised in the factsite page renderer" in "".join(getattr(raised.value, "__notes__", []))
    renderer.stop()


def test_a_generated_file_is_rendered_when_read(project: Path) -> None:
    from mkdocs.config import load_config

    site_project(project)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins._current_plugin = "factsite"  # as during the plugin's on_files
    calls: list[int] = []
    plan = plan_site(build_project(project), SiteOptions())
    lazy = type(plan)({p: (lambda r=r: calls.append(1) or r()) for p, r in plan.files.items()}, plan.overview,
                      plan.home)
    from mkdocs.structure.files import Files
    files = plugin.add_files(Files([]), lazy, config)
    assert calls == []
    assert files.get_file_from_path("claims/death-toll.md").content_string == plan.files["claims/death-toll.md"]()
    assert calls == [1]


def test_build_project_raises_what_the_cache_raises(project: Path) -> None:
    claim = project / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    with pytest.raises(FactsiteError) as plain:
        build_project(project)
    with pytest.raises(FactsiteError) as cached:
        ProjectCache().build(project)
    assert plain.value.diagnostics == cached.value.diagnostics


def test_listing_the_claims_folder_finds_what_the_recursive_walk_finds(project: Path) -> None:
    from generator.claims import _find_nested, find_claim_files

    for name in ("x.yaml", ".yml", "b.yml.txt", "UPPER.yml", "a.b.yml"):
        (project / "claims" / name).write_text(CLAIM)
    fast = find_claim_files(project)
    assert fast == _find_nested(project, project / "claims")
    (project / "claims" / "sub").mkdir()
    (project / "claims" / "sub" / "y.yml").write_text(CLAIM)
    nested = find_claim_files(project)
    assert [d.path for d in nested[1]] == ["claims/sub/y.yml", "claims/x.yaml"] and nested[0] == fast[0]
