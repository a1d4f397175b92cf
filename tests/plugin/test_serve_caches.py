"""`mkdocs serve` and `mkdocs build` kept fast, checked for correctness (nothing here is timed).

Under `mkdocs serve` the project and page caches rebuild only what changed
and the site served is the one a full build makes (with the preview's
banner script); a content error is logged, the claim is left out and its
address shows its problems. Under `mkdocs build` the page renderer process hands
over every page, and its errors; a generated file (LazyFile) is rendered
only when MkDocs reads it. The timings are bench/'s business
(bench/README.md).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE, add_claims, files_under, site_project

from generator.anchor.project import ProjectCache, build_project, load_project
from generator.errors import FactsiteError
from generator.plugin import parallel, plugin
from generator.plugin.mkdocs_private import LazyFile
from generator.render.options import SiteOptions
from generator.render.plan import PageCache, build_site, plan_site

CLAIM = (FIXTURE / "claims" / "death-toll.yml").read_text()
FACTSITE_LOGGER = "mkdocs.plugins.factsite"


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
    assert not any(c is kept.get(c.slug) for c in reloaded.claims) and "source-changed" in {d.code for d in diagnostics}


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
    claim.write_text(
        claim.read_text()
        .replace("verdict: supported", "verdict: unverified")
        .replace("stance: supports", "stance: context")
    )
    site = build_site(build_project(project), SiteOptions())
    files = plugin.add_files(get_files(config), site, config, previous)
    modified = {f.src_uri for f in files if f.is_modified()}
    assert {"claims/death-toll.md", "verdicts/supported.md", "verdicts/unverified.md", "index.md"} <= modified
    assert "claims/talks-duration.md" not in modified and "tags/talks.md" not in modified
    assert plugin.stale(previous, site) == []


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


def test_mkdocs_serve_dirty_rebuilds_end_with_the_full_build(
    project: Path,
    tmp_path: Path,
    fresh_plugins: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
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
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=FACTSITE_LOGGER):
        serve_build(project, served)  # a content error: logged, the claim left out, its page shows why
    logged = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == FACTSITE_LOGGER]
    assert [level for level, _ in logged] == [logging.ERROR, logging.INFO], logged
    assert re.match(r"claims/extra-000.yml:\d+:\d+: error\[quote-not-found\]", logged[0][1])
    assert logged[1][1].startswith("factsite: 1 claim left out of the preview")
    problems = json.loads((served / "_factsite" / "problems.json").read_text())
    assert (problems["errors"], problems["left_out"], problems["shown"][0]["code"]) == (1, 1, "quote-not-found")
    assert "Claim with errors: claims/extra-000.yml" in (served / "claims" / "extra-000" / "index.html").read_text()
    broken.write_text(good)
    serve_build(project, served)
    assert json.loads((served / "_factsite" / "problems.json").read_text())["errors"] == 0
    # The search index follows each rebuild in a thread (the page is served first): the last one's.
    load_config(str(project / "mkdocs.yml")).plugins["factsite"].indexer.wait()
    MkDocsConfig.plugins.plugin_cache.clear()  # a new process: `mkdocs build`
    monkeypatch.setenv("FACTSITE_DRAFTS", "1")  # the preview's site: drafts and the editors' pages
    full = tmp_path / "full"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(full), strict=False)
    config.site_url = "http://127.0.0.1:8000/"
    build(config)
    assert without_preview(files_under(served)) == files_under(full)


def without_preview(files: dict[str, bytes]) -> dict[str, bytes]:
    """The served site without what only the preview adds: its folder, and its script on each page."""
    script = re.compile(rb'<script src="(?:\.\./)*/?_factsite/preview\.js" defer></script>')
    kept = {rel: content for rel, content in files.items() if not rel.startswith("_factsite/")}
    stripped = {rel: script.sub(b"", content) for rel, content in kept.items() if rel.endswith(".html")}
    missing = [rel for rel in stripped if stripped[rel] == kept[rel]]
    assert missing == [], "every page loads the preview script"
    return {**kept, **stripped}


def test_a_content_error_in_the_first_preview_build_leaves_out_the_claim_and_serves_the_rest(
    project: Path, fresh_plugins: None, caplog: pytest.LogCaptureFixture
) -> None:
    served = FactsitePluginFor(project, serving=True)
    claim = project / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    with caplog.at_level(logging.WARNING, logger=FACTSITE_LOGGER):
        site = served._preview(project, SiteOptions())
    ((name, level, message),) = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert (name, level) == (FACTSITE_LOGGER, logging.ERROR)
    assert message.startswith("claims/death-toll.yml:8:12: error[quote-not-found]: the quote is not in ")
    page = site.files["claims/death-toll.md"]
    assert "Claim with errors: claims/death-toll.yml" in page and "quote-not-found" in page
    assert "death-toll" not in site.files["claims/index.md"]  # left out of the indexes
    assert "Xi and Putin met for three and a half hours." in site.files["claims/talks-duration.md"]


def FactsitePluginFor(root: Path, serving: bool) -> plugin.FactsitePlugin:  # noqa: N802
    found = plugin.FactsitePlugin()
    found.load_config({})
    found.on_startup(command="serve" if serving else "build", dirty=serving)
    return found


# --- the page renderer process and lazy files ----------------------------------------------

needs_fork = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork on this platform"
)


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
    import generator.render.plan

    def broken(*args: Any) -> str:
        raise ValueError("the claim page renderer broke")

    monkeypatch.setattr(generator.render.plan, "claim_page", broken)
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
    lazy = type(plan)(
        {p: (lambda r=r: calls.append(1) or r()) for p, r in plan.files.items()}, plan.overview, plan.home
    )
    from mkdocs.structure.files import Files

    files = plugin.add_files(Files([]), lazy, config)
    assert calls == []
    file = files.get_file_from_path("claims/death-toll.md")
    assert isinstance(file, LazyFile) and file.generated_by == "factsite"
    assert file.content_string == plan.files["claims/death-toll.md"]()
    assert calls == [1]


def test_build_project_raises_what_the_cache_raises(project: Path) -> None:
    claim = project / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    with pytest.raises(FactsiteError) as plain:
        build_project(project)
    with pytest.raises(FactsiteError) as cached:
        ProjectCache().build(project)
    assert plain.value.diagnostics == cached.value.diagnostics


@pytest.mark.parametrize(
    ("name", "broken"),
    [("tags", "tags:\n  talks:\n    label: The talks\n"), ("people", "people:\n  jane-roe:\n    name: Jane Roe\n")],
)
def test_an_error_in_the_tag_vocabulary_or_the_people_is_no_claim_page(project: Path, name: str, broken: str) -> None:
    """Found in review: claims/tags.yml with an error made a page "Claim with errors: claims/tags.yml"."""
    from generator.plugin.preview import preview, preview_site

    (project / "claims" / f"{name}.yml").write_text(broken, "utf-8")
    shown = preview(*load_project(project))
    assert name not in shown.left_out and any(d.code == "missing-field" for d in shown.diagnostics)
    assert f"claims/{name}.md" not in preview_site(shown, SiteOptions(), None).files


def test_a_claim_left_out_for_its_source_says_so(project: Path) -> None:
    from generator.plugin.preview import preview, preview_site

    (project / "seeds" / "friends-of-steel.txt").unlink()
    shown = preview(*load_project(project))
    page = preview_site(shown, SiteOptions(), None).files["claims/talks-duration.md"]
    assert "Claim left out for its sources: claims/talks-duration.yml" in page
    assert "source-missing" in page
