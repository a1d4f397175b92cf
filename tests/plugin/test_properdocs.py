"""ProperDocs, the maintained fork of MkDocs 1.x, builds the same site from the same mkdocs.yml.

MkDocs 1.6.1 is the last release of MkDocs 1.x and mkdocs-material 9 ends in May 2027; the
desk must be able to move. ProperDocs runs the factsite plugin and the theme unchanged (it
aliases the `mkdocs` modules to its own): the site it builds is the MkDocs build, byte for byte,
but for the generator tag in each page's <head>.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE, files_under, make_env, site_project

# The one difference: each page names the engine that built it.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(engine: list[str], root: Path, site: Path) -> None:
    done = subprocess.run(
        [*engine, "build", "--strict", "-q", "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env=make_env(SOURCE_DATE_EPOCH="1795305600"),
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(
    importlib.util.find_spec("properdocs") is None, reason="ProperDocs is not installed (make test installs it)"
)
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    build([sys.executable, "-m", "mkdocs"], root, tmp_path / "mkdocs")
    build([str(Path(sys.executable).parent / "properdocs")], root, tmp_path / "properdocs")
    mkdocs, properdocs = files_under(tmp_path / "mkdocs"), files_under(tmp_path / "properdocs")
    assert sorted(mkdocs) == sorted(properdocs)
    differ = [rel for rel in mkdocs if GENERATOR.sub(b"", mkdocs[rel]) != GENERATOR.sub(b"", properdocs[rel])]
    assert differ == []
    page = properdocs[os.path.join("claims", "talks-duration", "index.html")]
    assert b"ProperDocs" in page and b"Xi and Putin met for three and a half hours." in page
