"""`factsite check [PATH ...]`: validate the registry and claims, and locate every quote."""

from __future__ import annotations

import argparse
import sys

from generator.anchor.project import load_project
from generator.cli.report import RENDERERS, counts
from generator.cli.usage import claim_paths, project_folder
from generator.load.claims import find_claim_files
from generator.load.sitecheck import docs_folder, is_publish_build, site_problems, site_url_of


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    only = claim_paths(root, args.paths)
    _, diagnostics = load_project(root, only)
    if only is None:
        publish = args.publish or is_publish_build()
        diagnostics = sorted(diagnostics + site_problems(root, docs_folder(root), site_url_of(root), publish))
    checked = len(only) if only is not None else len(find_claim_files(root)[0])
    sys.stdout.write(RENDERERS[args.format](diagnostics, checked, None))
    return 1 if counts(diagnostics)[0] else 0
