"""What the plugin assumes of MkDocs' and mkdocs-material's undocumented insides still holds.

generator/plugin/mkdocs_private.py holds every touch of a private attribute
and a `check()` of each assumption; an upgrade of MkDocs or mkdocs-material
that breaks one fails here with a message that names it, not with a wrong
site. The generated files of a real build are marked as the factsite
plugin's (MkDocs' File.generated names the plugin whose event runs).
"""

from __future__ import annotations

import json
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import FIXTURE, mkdocs_build, site_project

from generator.anchor.project import build_project
from generator.plugin import mkdocs_private
from generator.render.options import SiteOptions
from generator.render.plan import build_site


def test_mkdocs_and_material_still_work_as_the_plugin_assumes() -> None:
    problems = mkdocs_private.check()
    assert problems == [], (
        f"MkDocs {version('mkdocs')} / mkdocs-material {version('mkdocs-material')} no longer work as the "
        "factsite plugin assumes:\n  - " + "\n  - ".join(problems) + "\n"
        "When MkDocs or mkdocs-material is upgraded, update generator/plugin/mkdocs_private.py "
        "(each touch there says why it is needed) and its check()."
    )


def test_the_check_names_an_assumption_that_no_longer_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.pages import Page

    monkeypatch.delattr(Page, "render")
    assert any("replace_render" in problem for problem in mkdocs_private.check())


# A hook that runs after every plugin's on_files and records who generated each file.
RECORD_FILES = """
import json
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-100)
def on_files(files, config):
    found = {f.src_uri: f.generated_by for f in files}
    (Path(config.config_file_path).parent / "files.json").write_text(json.dumps(found))
    return files
"""


def test_a_real_build_marks_its_generated_files_as_the_plugins(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    (root / "hooks").mkdir()
    (root / "hooks" / "record.py").write_text(RECORD_FILES)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - hooks/record.py\n")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    found = json.loads((root / "files.json").read_text())
    site = build_site(build_project(root), SiteOptions())
    generated = sorted([*site.files, *site.originals])  # the pages, and the sources' stored originals
    assert len(generated) > 10 and "claims/death-toll.md" in generated and "originals/friends-of-steel.txt" in generated
    assert {path: found.get(path) for path in generated} == dict.fromkeys(generated, "factsite")
    by_hand = {path: by for path, by in found.items() if path not in generated}
    assert by_hand["index.md"] is None and by_hand["methodology.md"] is None
    assert set(by_hand.values()) == {None}, by_hand
