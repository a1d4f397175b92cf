"""The MkDocs plugin `factsite`: a thin adapter over the generator.

Once per build (`on_pre_build`, before MkDocs cleans the site folder) it
loads and resolves the project and generates every page in memory; a
content error prints the diagnostics as `factsite check` does and stops
the build before anything is written. `on_files` adds the pages as
generated files (nothing is written into docs/), `on_page_markdown` fills
the overview into the home page, `on_serve` watches claims/ and seeds/.

Under `mkdocs build` the pages are rendered in a second process while
MkDocs works (parallel.py), when there is a core for it.

Under `mkdocs serve` the plugin instance lives across rebuilds (it has
`on_startup`): a rebuild re-checks only the claim files that changed
(ProjectCache) and re-renders only the pages made from them (PageCache).
A content error is printed as `factsite check` prints it, and never stops
the preview: the claims with errors are left out, their addresses show
their problems, and every page shows a banner while there are any
(preview.py).
With `mkdocs serve --dirty` (`make serve`) every generated file whose
content is unchanged is marked unmodified, so MkDocs rebuilds only the
pages the change touches. The pages served are those a full build makes.

At the end of every build Pagefind indexes the site for search
(searchindex.py): the generated pages from the generator's own records
(render/search.py), the hand-written pages from their HTML. Under
`mkdocs serve` it runs in a thread after the rebuild, so search may lag
an edit by a few seconds, never the page.

MkDocs turns each generated page into HTML without parsing its raw HTML
(htmlpage.py): the HTML Python-Markdown would make, byte for byte, made
directly (`on_pre_page` gives each generated page that render).

Every hook passes keyword arguments to a plain function that the tests
call directly. Diagnostics and notices go to the logger
`mkdocs.plugins.factsite`, so that MkDocs prints and counts them as its
own. What MkDocs and mkdocs-material do not document is touched only in
mkdocs_private.py.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.anchor.project import NON_BLOCKING_CODES, ProjectCache, load_project
from generator.errors import Diagnostic
from generator.load.sitecheck import site_problems
from generator.model import Project
from generator.plugin import htmlpage, parallel, preview
from generator.plugin.config import FactsiteConfig, project_root, site_options
from generator.plugin.mkdocs_private import LazyFile, add_link_places, replace_render
from generator.plugin.searchindex import Indexer, SearchIndexError
from generator.render import urls
from generator.render.options import SiteOptions
from generator.render.plan import PageCache, Plan, Site, plan_site, with_overview
from generator.render.search import SearchRecord, search_records

# Generated pages the nav may list; every other generated page is reached
# through them and search, and is marked "not in nav" (no MkDocs notice).
NAV_PAGES = frozenset({urls.CLAIMS_INDEX, urls.SOURCES_INDEX, urls.MATRIX, urls.TAGS, urls.CORRECTIONS})
# The folders whose changes rebuild the site under `mkdocs serve`.
WATCHED = ("claims", "seeds")
# The plugin's logger: MkDocs prints its records and counts its warnings (strict mode).
log = logging.getLogger("mkdocs.plugins.factsite")


def hand_written(page: Page) -> bool:
    """A page of docs/ that search indexes from its HTML: not a generated page, not the home page
    (its overview lists the claims, which search finds on their own pages)."""
    return not isinstance(page.file, LazyFile) and page.file.src_uri != urls.HOME


def checked_project(root: Path, docs: Path | None = None, site_url: str = "") -> Project:
    """The checked project, or Abort after logging every diagnostic (the warnings too), with what the
    site in `docs` needs besides its content (sitecheck.py)."""
    project, diagnostics = load_project(root)
    report(sorted(diagnostics + site_problems(root, docs, site_url)))
    errors = sum(d.is_error for d in diagnostics)
    if errors:
        raise Abort(
            f"factsite: {errors} error{'s' * (errors != 1)} in the claims or sources; "
            "nothing was built (run `factsite check` for the same list)"
        )
    return project


def report(diagnostics: list[Diagnostic]) -> None:
    """Each diagnostic logged in `factsite check`'s text format: an error as an error, a warning
    as a warning (which a strict build counts), a warning that leaves the site right
    (NON_BLOCKING_CODES: a changed source whose quotes all hold) as a notice."""
    for d in diagnostics:
        level = logging.ERROR if d.is_error else logging.INFO if d.code in NON_BLOCKING_CODES else logging.WARNING
        log.log(level, str(d))


def add_files(
    files: Files, site: Site | Plan, config: MkDocsConfig, previous: Site | None = None, seeds: Path | None = None
) -> Files:
    """`files` with every generated file added (and a home page if docs/ has none), and each
    source's stored original copied from `seeds` (the seeds/ folder) as a download.

    A Plan's files are rendered when MkDocs reads them. With the `previous`
    build's site, a file whose content is the same is marked unmodified.
    """
    for path, file in site.originals.items() if seeds is not None else ():
        files.append(File.generated(config, path, abs_src_path=str(seeds / file), inclusion=InclusionLevel.NOT_IN_NAV))
    before = previous.files if previous else {}
    for path, content in site.files.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is a generated page: remove the hand-written file")
        level = InclusionLevel.UNDEFINED if path in NAV_PAGES else InclusionLevel.NOT_IN_NAV
        files.append(_generated(config, path, content, level, before.get(path)))
    home = files.get_file_from_path(urls.HOME)
    if home is None:
        files.append(
            _generated(config, urls.HOME, site.home, InclusionLevel.UNDEFINED, previous.home if previous else None)
        )
    elif previous is not None and previous.overview != site.overview:
        home.is_modified = lambda: True  # type: ignore[method-assign]  # its overview changed
    return files


def _generated(
    config: MkDocsConfig, path: str, content: str | Callable[[], str], level: InclusionLevel, before: str | None
) -> File:
    if callable(content):
        file = LazyFile.generated(config, path, content="", inclusion=level)
        file.pending = content
        return file
    file = LazyFile.generated(config, path, content=content, inclusion=level)
    file.modified = before is None or (before is not content and before != content)
    return file


def stale(previous: Site | None, site: Site) -> list[str]:
    """The generated paths of the previous build that this one no longer has."""
    return sorted(set(previous.files) - set(site.files)) if previous else []


def page_markdown(markdown: str, src_uri: str, site: Site | Plan) -> str:
    """The home page gets the overview in place of its marker; other pages are unchanged."""
    return with_overview(markdown, site.overview) if src_uri == urls.HOME else markdown


def markdown_convert(config: MkDocsConfig) -> htmlpage.Convert:
    """The site's Markdown, as Page.render sets it up: text to (HTML, toc tokens)."""

    def convert(text: str) -> tuple[str, list[Any]]:
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        html = md.convert(text)
        return html, getattr(md, "toc_tokens", [])

    return convert


def render_generated(page: Page, converter: htmlpage.Converter, config: MkDocsConfig, files: Files) -> None:
    """Page.render for a generated page: its HTML made directly (htmlpage.py); Page.render itself for a
    page whose Markdown is not in the generated form (another plugin may have changed it)."""
    made = converter.page(page.markdown) if page.markdown is not None and "title" in page.meta else None
    if made is None:
        return Page.render(page, config, files)
    page.content = made.content
    page.toc = get_toc(made.toc_tokens)
    page.present_anchor_ids = made.anchor_ids
    page.links_to_anchors = {}  # a generated page links to anchors in raw HTML only, which MkDocs does not check
    return None


def watched(root: Path) -> list[str]:
    return [str(root / name) for name in WATCHED if (root / name).is_dir()]


class FactsitePlugin(BasePlugin[FactsiteConfig]):
    def __init__(self) -> None:
        self.site: Site | Plan | None = None
        self.serving = self.dirty = self.one_build = False
        self.renderer: parallel.Renderer | None = None
        self.built: Site | None = None  # the last site written (mkdocs serve)
        self.caches = (ProjectCache(), PageCache())
        self.indexer = Indexer()
        self.records: Callable[[], list[SearchRecord]] | None = None  # the search records of this build
        self.pages: list[str] = []
        self.urls: list[str] = []
        self.writing = False  # whether this build got as far as writing files
        self.converter: htmlpage.Converter | None = None
        self.shown: preview.Preview | None = None  # what the preview serves and why (mkdocs serve)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.dirty = command == "serve", dirty
        self.one_build = command in ("build", "gh-deploy")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs' warnings about dead links in hand-written pages get their file:line:column.
        root = project_root(config, self.config)
        add_link_places(config.docs_dir, os.path.relpath(config.docs_dir, root))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.writing = False
        self.indexer.stop()  # an index of the last build still being made gives way to this one
        root, options = project_root(config, self.config), site_options(config, self.config)
        if self.serving:  # the editor's preview shows the drafts, as the PR previews do
            self.site = self._preview(root, replace(options, drafts=True), Path(config.docs_dir))
            return
        project = checked_project(root, Path(config.docs_dir), options.site_url)
        plan = plan_site(project, options)
        self.records = partial(search_records, project, options)
        if self.one_build and self.config.parallel and parallel.available():
            self.renderer = parallel.Renderer(plan)
            rendered = {path: partial(self.renderer.get, path) for path in plan.files}
            plan = Plan(rendered, plan.overview, plan.home, plan.originals)
        self.site = plan

    def _preview(self, root: Path, options: SiteOptions, docs: Path | None = None) -> Site:
        """The site to serve: every claim that can be built, and a problem page for each other one."""
        project, diagnostics = self.caches[0].load(root)
        diagnostics = sorted(diagnostics + site_problems(root, docs, options.site_url))
        report(diagnostics)
        self.shown = preview.preview(project, diagnostics)
        if self.shown.left_out:
            count = len(self.shown.left_out)
            log.info(
                f"factsite: {count} claim{'s' * (count != 1)} left out of the preview; "
                "their pages and the banner on every page show why"
            )
        self.records = partial(search_records, self.shown.project, options)
        return preview.preview_site(self.shown, options, self.caches[1])

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.writing = True
        seeds = project_root(config, self.config) / "seeds"
        files = add_files(files, self.site, config, self.built if self.serving and self.dirty else None, seeds)
        # Made anew each build: mkdocs.yml's Markdown settings may have changed under `mkdocs serve`.
        self.converter = htmlpage.Converter(markdown_convert(config)) if self.config.direct_html else None
        return files

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if self.converter is not None and isinstance(page.file, LazyFile):
            replace_render(page, partial(render_generated, page, self.converter))
        return page

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        documents = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self.pages = [f.src_uri for f in documents]
        self.urls = ["/" + f.url for f in documents]  # as MkDocs makes them (on_post_page's page.url)
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        return page_markdown(markdown, page.file.src_uri, self.site)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if hand_written(page):
            self.indexer.add_page("/" + page.url, output)
        return preview.with_script(output, page.url) if self.serving else output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        if not (self.serving and template_name == "404.html"):
            return output_content
        return preview.with_script(output_content, "", urlsplit(config.site_url or "/").path)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:
            preview.write_preview_files(config.site_dir, self.shown)
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
        if self.serving and self.dirty:
            _remove(config, stale(self.built, self.site))  # type: ignore[arg-type]
        self.built = self.site if self.serving else None  # type: ignore[assignment]
        self._index(config)

    def _index(self, config: MkDocsConfig) -> None:
        """The search index of this build (a thread's work under `mkdocs serve`)."""
        assert self.records is not None
        self.indexer.keep_only(self.urls)
        if self.serving:
            self.indexer.write_later(config.site_dir, self.records, log)
            return
        try:
            self.indexer.write(config.site_dir, self.records)
        except SearchIndexError as error:
            raise PluginError(f"factsite: the search index could not be made: {error}") from error

    def on_build_error(self, *, error: Exception) -> None:
        if self.renderer is not None:
            self.renderer.stop()
            self.renderer = None
        if self.writing:  # the site folder may be half written: the next build writes every page
            self.built = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in watched(project_root(config, self.config)):
            server.watch(path)
        return server


def _remove(config: MkDocsConfig, paths: list[str]) -> None:
    """Delete what the given generated files were built into (a dirty build keeps everything)."""
    for path in paths:
        dest = File(path, None, config.site_dir, config.use_directory_urls).abs_dest_path
        if os.path.isfile(dest):
            os.remove(dest)
