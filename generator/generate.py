"""`factsite generate --out DIR`: the generated Markdown and JSON, written to a folder.

The same files the MkDocs plugin adds to a build, for inspection and for
the golden tests. The site options come from the project's mkdocs.yml
when it has one (so the Markdown is the build's), else the defaults.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .options import SiteOptions
from .project import build_project
from .site import build_site

# Written into DIR so that a later run may replace DIR: nothing else is ever deleted.
STAMP = ".factsite-generated"
# The home page's generated part, written next to the pages for inspection.
OVERVIEW_FILE = "_overview.md"


class NotOurs(Exception):
    """DIR exists, is not empty and was not written by `factsite generate`."""


def generate(root: Path, out: Path, options: SiteOptions | None = None) -> list[str]:
    """Write every generated file of the project at `root` under `out`; the paths written.

    Raises FactsiteError (nothing written) when the content has errors.
    """
    site = build_site(build_project(root), options or options_for(root))
    _clear(out)
    files = site.files | {OVERVIEW_FILE: site.overview, STAMP: ""}
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
    return sorted(files)


def _clear(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / STAMP).is_file():
            raise NotOurs(f"{out} is not empty and was not written by `factsite generate`; "
                          "give an empty or new folder")
        shutil.rmtree(out)


def options_for(root: Path) -> SiteOptions:
    """The options of root/mkdocs.yml, or the defaults when there is none."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return SiteOptions()
    from mkdocs.config import load_config

    from .config import site_options

    config = load_config(str(config_file))
    plugin = config.plugins.get("factsite")
    return site_options(config, plugin.config if plugin is not None else None)  # type: ignore[attr-defined]
