"""The whole generated site as data: every path and its content.

`build_site` is pure: the same project and options give the same files,
byte for byte (everything sorted, no timestamps). The MkDocs plugin adds
them to the build in memory; `factsite generate` writes them to a folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import indexes, jsonld, urls
from .model import Project
from .options import SiteOptions
from .pages import claim_page
from .sourcepage import source_page
from .vocab import VERDICT_SCALE


@dataclass(frozen=True, slots=True)
class Site:
    files: dict[str, str]  # path under the docs folder -> content; pages are .md, data .json
    overview: str  # the Markdown that replaces indexes.OVERVIEW_MARKER on the home page
    home: str  # a home page, used only when docs/ has no index.md


def build_site(project: Project, options: SiteOptions) -> Site:
    """Every generated page and data file of `project` (checked: see model.RESERVED_SLUGS)."""
    files = {urls.CLAIMS_INDEX: indexes.all_claims_page(project, options),
             urls.SOURCES_INDEX: indexes.sources_page(project, options),
             urls.MATRIX: indexes.matrix_page(project, options),
             urls.TAGS: indexes.tags_page(),
             urls.CLAIMS_JSON: jsonld.claims_json(project, options),
             urls.CLAIMREVIEW_JSON: jsonld.claimreview_json(project, options)}
    files |= {urls.claim_page(c.slug): claim_page(c, project, options) for c in project.claims}
    files |= {urls.source_page(i): source_page(s, project, options) for i, s in project.sources.items()}
    files |= {urls.verdict_page(v): indexes.verdict_page(v, project, options) for v in VERDICT_SCALE}
    return Site(dict(sorted(files.items())), indexes.overview(project, options),
                indexes.home_page(project, options))


def with_overview(markdown: str, overview: str) -> str:
    """The home page's Markdown with its overview marker replaced (if it has one)."""
    return markdown.replace(indexes.OVERVIEW_MARKER, "\n\n" + overview + "\n\n", 1)
