"""The MkDocs plugin `factsite`: a thin adapter over the generator.

Once per build (`on_pre_build`, before MkDocs cleans the site folder) it
loads and resolves the project and generates every page in memory; a
content error prints the diagnostics as `factsite check` does and stops
the build before anything is written. `on_files` adds the pages as
generated files (nothing is written into docs/), `on_page_markdown` fills
the overview into the home page, `on_serve` watches claims/ and seeds/.

Every hook passes keyword arguments to a plain function that the tests
call directly.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import urls
from .config import FactsiteConfig, project_root, site_options
from .errors import Diagnostic, FactsiteError
from .options import SiteOptions
from .project import build_project
from .report import text_line
from .site import Site, build_site, with_overview

# Generated pages the nav may list; every other generated page is reached
# through them and search, and is marked "not in nav" (no MkDocs notice).
NAV_PAGES = frozenset({urls.CLAIMS_INDEX, urls.SOURCES_INDEX, urls.MATRIX, urls.TAGS})
# The folders whose changes rebuild the site under `mkdocs serve`.
WATCHED = ("claims", "seeds")


def load_site(root: Path, options: SiteOptions, stream: TextIO | None = None) -> Site:
    """The generated site, or Abort after printing every diagnostic to `stream` (stderr)."""
    try:
        return build_site(build_project(root), options)
    except FactsiteError as exc:
        report(exc.diagnostics, stream or sys.stderr)
        errors = sum(d.is_error for d in exc.diagnostics)
        raise Abort(f"factsite: {errors} error{'s' * (errors != 1)} in the claims or sources; "
                    "nothing was built (run `factsite check` for the same list)") from None


def report(diagnostics: list[Diagnostic], stream: TextIO) -> None:
    """The diagnostics in `factsite check`'s text format."""
    stream.write("".join(text_line(d) + "\n" for d in diagnostics))
    stream.flush()


def add_files(files: Files, site: Site, config: MkDocsConfig) -> Files:
    """`files` with every generated file added in memory (and a home page if docs/ has none)."""
    for path, content in site.files.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is a generated page: remove the hand-written file")
        level = InclusionLevel.UNDEFINED if path in NAV_PAGES else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=content, inclusion=level))
    if files.get_file_from_path(urls.HOME) is None:
        files.append(File.generated(config, urls.HOME, content=site.home))
    return files


def page_markdown(markdown: str, src_uri: str, site: Site) -> str:
    """The home page gets the overview in place of its marker; other pages are unchanged."""
    return with_overview(markdown, site.overview) if src_uri == urls.HOME else markdown


def watched(root: Path) -> list[str]:
    return [str(root / name) for name in WATCHED if (root / name).is_dir()]


class FactsitePlugin(BasePlugin[FactsiteConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.site = load_site(project_root(config, self.config), site_options(config, self.config))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        return add_files(files, self.site, config)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        return page_markdown(markdown, page.file.src_uri, self.site)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in watched(project_root(config, self.config)):
            server.watch(path)
        return server
