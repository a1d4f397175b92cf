"""The live preview (`mkdocs serve`): it always starts, and it always says what is wrong.

A published build stops at the first content error (plugin.py). The
preview instead builds what can be built: a claim whose file has an error,
or whose excerpts cannot be placed (its source has an error), is left out,
and its address shows its diagnostics (render/problems.py) instead of a
404. Every served page then carries a banner with the number of problems
and the first few diagnostics; fixing the file removes it on the next
reload.

The banner is drawn in the browser by preview.js from the JSON file the
plugin writes after each build (PROBLEMS_FILE): with `mkdocs serve --dirty`
a rebuild writes only the pages a change touches, so a banner written into
each page's HTML would stay on pages that were not rebuilt, or be missing
from them. Every page loads the script; the script reads the file
(uncached) on each load, and livereload reloads the page after each build.
The script inserts the text with textContent only: nothing in a
diagnostic is ever HTML.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from importlib import resources
from pathlib import Path

from generator.errors import Diagnostic
from generator.load.claims import SLUG
from generator.load.desk import DESK_FILES
from generator.model import Project
from generator.render import urls
from generator.render.options import SiteOptions
from generator.render.plan import PageCache, Site, build_site
from generator.render.problems import problem_page

# Where the preview's files go in the served site (a folder no page can take: slugs start with a letter or digit).
PREVIEW_FOLDER = "_factsite"
PROBLEMS_FILE = f"{PREVIEW_FOLDER}/problems.json"
SCRIPT_FILE = f"{PREVIEW_FOLDER}/preview.js"
# Diagnostics the banner lists; the rest are counted ("and N more"): the banner
# must not push the page out of sight, and the first problems are what to fix first.
BANNER_SHOWN = 5


@dataclass(slots=True)
class Preview:
    """What the preview serves: the claims that can be built, and every problem."""

    project: Project  # the project without the claims left out
    diagnostics: list[Diagnostic]  # every diagnostic, sorted
    left_out: dict[str, list[Diagnostic]] = field(default_factory=dict)  # claim slug -> what its page shows
    # The claims left out for their sources' errors, not their own file's (their pages say so).
    for_sources: frozenset[str] = frozenset()


def preview(project: Project, diagnostics: list[Diagnostic]) -> Preview:
    """The project with every claim that cannot be built left out, and why each was."""
    errors: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.is_error:
            errors.setdefault(d.path, []).append(d)
    claim_files = {path: _slug(path) for path in errors if _slug(path)}
    elsewhere = [d for path, found in errors.items() if path not in claim_files for d in found]
    kept, left_out, for_sources = [], {}, set()
    for claim in project.claims:
        if claim.path not in errors and all(e.span is not None for e in claim.evidence):
            kept.append(claim)
        elif claim.path not in errors:
            left_out[claim.slug] = elsewhere  # its quotes could not be placed: its sources have errors
            for_sources.add(claim.slug)
    for path, slug in claim_files.items():
        left_out[slug] = [d for d in diagnostics if d.path == path]
    lenient = replace(project, claims=kept)  # every other part of the project as loaded
    return Preview(lenient, diagnostics, dict(sorted(left_out.items())), frozenset(for_sources))


def _slug(path: str) -> str | None:
    """The slug of a claim file's path (claims/<slug>.yml, not the tag vocabulary or the people), else None."""
    stem = path.removeprefix("claims/").removesuffix(".yml")
    if path in DESK_FILES or f"claims/{stem}.yml" != path or not SLUG.match(stem):
        return None
    return stem


def preview_site(shown: Preview, options: SiteOptions, cache: PageCache | None) -> Site:
    """The site of the claims that can be built, with a problem page for each claim left out."""
    site = build_site(shown.project, options, cache)
    pages = {
        urls.claim_path(slug): problem_page(f"claims/{slug}.yml", found, slug in shown.for_sources)
        for slug, found in shown.left_out.items()
    }
    return Site(dict(sorted({**site.files, **pages}.items())), site.overview, site.home, site.originals)


def problems_json(shown: Preview | None) -> str:
    """The banner's data: counts, the first diagnostics and how many more (no problems: zero counts)."""
    found = shown.diagnostics if shown is not None else []
    errors = sum(d.is_error for d in found)
    data = {
        "errors": errors,
        "warnings": len(found) - errors,
        "left_out": len(shown.left_out) if shown is not None else 0,
        "shown": [d.as_data() for d in found[:BANNER_SHOWN]],
        "more": max(0, len(found) - BANNER_SHOWN),
    }
    return json.dumps(data, ensure_ascii=True, sort_keys=True, indent=1) + "\n"


def script_tag(page_url: str, site_path: str | None = None) -> str:
    """The <script> element that loads preview.js: relative to a page at `page_url`, or from
    `site_path` (the site's path on the server) for the 404 page, which any address may show."""
    depth = page_url.count("/") if page_url not in ("", "/") else 0
    prefix = "../" * depth if site_path is None else site_path.rstrip("/") + "/"
    return f'<script src="{html_escape(prefix)}{SCRIPT_FILE}" defer></script>'


def with_script(html: str, page_url: str, site_path: str | None = None) -> str:
    """The page's HTML with the preview script before its closing </body>."""
    end = html.rfind("</body>")
    return html if end < 0 else html[:end] + script_tag(page_url, site_path) + html[end:]


def write_preview_files(site_dir: str, shown: Preview | None) -> None:
    """Write preview.js and the current problems into the served site folder."""
    folder = Path(site_dir) / PREVIEW_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    script = resources.files("generator.plugin").joinpath("preview.js").read_text("utf-8")
    _replace(folder / "preview.js", script)
    _replace(Path(site_dir) / PROBLEMS_FILE, problems_json(shown))


def _replace(path: Path, content: str) -> None:
    """Write the file whole and at once: a page loading meanwhile reads the old one or the new one."""
    scratch = path.with_name(f".{path.name}.tmp")
    scratch.write_text(content, encoding="utf-8")
    os.replace(scratch, path)
