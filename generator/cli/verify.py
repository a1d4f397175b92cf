"""`factsite verify SITE_DIR`: check a built site, whatever engine built it, against the project.

`make site` runs it after every build. A build can succeed and still lose
pages: an engine that ignores the factsite plugin (Zensical today) builds
the hand-written pages and silently drops every claim and source page. So
the site is checked as it is on disk, against what the project publishes
(sitecontent.py): every claim page with its excerpts, their links to the
highlights and its ClaimReview; every source page with each cited
passage's highlight; claims.json, claimreview.json, the feed and a search
index; and no link or #anchor inside the site that leads nowhere
(sitepages.py). Every HTML file is read once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.anchor.project import load_project
from generator.cli.generate import options_for
from generator.cli.report import RENDERERS
from generator.cli.sitecontent import (
    claim_page_problems,
    data_file_problems,
    search_index_problems,
    source_page_problems,
)
from generator.cli.sitepages import LinkResolver, PageFacts, SiteScan, dead_links, site_files
from generator.cli.usage import UsageError, project_folder
from generator.errors import Diagnostic
from generator.model import Claim, Project
from generator.render.options import SiteOptions
from generator.render.plan import published


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    site = Path(args.site_dir)
    if not site.is_dir():
        raise UsageError(f"{args.site_dir} is not a folder: give the folder the site was built into (site)")
    files = site_files(site)
    with SiteScan(site, files) as scan:  # the pages are parsed while the project loads
        options = options_for(root)
        project, _ = load_project(root)  # a content error fails the build itself; here, what it would publish
        # Drafts only where the build showed them (FACTSITE_DRAFTS), never in the build to publish.
        claims = project.claims if options.drafts and not args.publish else published(project).claims
        pages = scan.pages()
    problems = verify_site(site, files, pages, claims, project, options)
    hrefs = sum(len(facts.links) for facts in pages.values())
    summary = (
        f"verified {args.site_dir}: {_count(len(claims), 'claim')}, {_count(len(project.sources), 'source')}, "
        f"{_count(hrefs, 'link')} in {_count(len(pages), 'page')}: {_count(len(problems), 'problem')}"
    )
    sys.stdout.write(RENDERERS[args.format](problems, len(claims), summary))
    return 1 if problems else 0


def verify_site(
    site: Path,
    files: set[str],
    pages: dict[str, PageFacts],
    claims: list[Claim],
    project: Project,
    options: SiteOptions,
) -> list[Diagnostic]:
    """Every problem of the built site at `site` (its `files`, its HTML `pages` parsed), sorted:
    what the project publishes (`claims`: the published ones, or all in a preview) that is missing,
    and every dead link."""
    links = LinkResolver(files, options.site_url)
    problems = claim_page_problems(claims, pages, links, options)
    problems += source_page_problems(claims, project, pages, options)
    problems += data_file_problems(site, files, claims)
    problems += search_index_problems(site, files)
    problems += dead_links(pages, links)
    return sorted(problems)


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'s' if number != 1 else ''}"
