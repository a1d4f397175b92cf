"""`factsite generate --out DIR`: the generated Markdown and JSON, written to a folder.

The same files the MkDocs plugin adds to a build, for inspection and for
the golden tests. The site options come from the project's mkdocs.yml
when it has one (so the Markdown is the build's), else the defaults.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from generator.anchor.project import build_project
from generator.cli.report import as_text
from generator.cli.usage import UsageError, project_folder
from generator.errors import FactsiteError
from generator.load.claims import find_claim_files
from generator.render.options import SiteOptions
from generator.render.plan import build_site

# Written into DIR so that a later run may replace DIR: nothing else is ever deleted.
STAMP = ".factsite-generated"
# The home page's generated part, written next to the pages for inspection.
OVERVIEW_FILE = "_overview.md"


class NotOursError(Exception):
    """DIR exists, is not empty and was not written by `factsite generate`."""


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    try:
        written = generate(root, Path(args.out))
    except FactsiteError as exc:
        sys.stderr.write(as_text(exc.diagnostics, len(find_claim_files(root)[0])))
        return 1
    except NotOursError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {len(written)} files to {args.out}")
    return 0


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
            raise NotOursError(
                f"{out} is not empty and was not written by `factsite generate`; give an empty or new folder"
            )
        shutil.rmtree(out)


def options_for(root: Path) -> SiteOptions:
    """The options of root/mkdocs.yml, or the defaults when there is none (drafts: FACTSITE_DRAFTS, as a build)."""
    from generator.plugin.config import shows_drafts, site_options

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return SiteOptions(drafts=shows_drafts())
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins.get("factsite")
    return site_options(config, plugin.config if plugin is not None else None)  # type: ignore[attr-defined]
