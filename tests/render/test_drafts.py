"""Drafts: left out of the published site and its data, shown in previews with a banner.

The draft's page is a golden file (tests/golden/record/), as are the
corrected claim and the claim with every field of the record (the
fixture's talks-duration, in tests/golden/site/).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import DRAFT_CLAIM, GOLDEN, files_under

from generator.cli.main import main

UPDATE = os.environ.get("FACTSITE_UPDATE_GOLDEN") == "1"
DRAFT_GOLDEN = GOLDEN.parent / "record" / "draft.md"


def generate(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch, drafts: bool) -> dict[str, bytes]:
    if drafts:
        monkeypatch.setenv("FACTSITE_DRAFTS", "1")
    else:
        monkeypatch.delenv("FACTSITE_DRAFTS", raising=False)
    assert main(["generate", "--root", str(root), "--out", str(out)]) == 0
    return files_under(out)


@pytest.fixture
def with_draft(project: Path) -> Path:
    (project / "claims" / "arrival-wednesday.yml").write_text(DRAFT_CLAIM, "utf-8")
    return project


def test_the_published_site_has_no_trace_of_a_draft(
    with_draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = generate(with_draft, tmp_path / "out", monkeypatch, drafts=False)
    assert "claims/arrival-wednesday.md" not in found
    for rel, content in found.items():
        assert b"arrival-wednesday" not in content and b"Xi arrived in Moscow" not in content, rel
    assert [c["slug"] for c in json.loads(found["claims.json"])["claims"]] == ["death-toll", "talks-duration"]


def test_a_preview_shows_the_draft_with_its_banner(
    with_draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = generate(with_draft, tmp_path / "out", monkeypatch, drafts=True)
    page = found["claims/arrival-wednesday.md"].decode()
    assert '<p class="fs-draft" role="note"><strong>Draft</strong>: this fact-check is not published.' in page
    assert "Published" not in page  # a draft has no publication date yet
    if UPDATE:
        DRAFT_GOLDEN.write_text(page, "utf-8")
    assert page == DRAFT_GOLDEN.read_text("utf-8")
    # A published claim's page never shows the banner, in a preview either.
    assert "fs-draft" not in found["claims/talks-duration.md"].decode()


def test_the_build_to_publish_never_shows_drafts(
    with_draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTSITE_PUBLISH", "1")  # FACTSITE_DRAFTS=1 left over in the environment
    found = generate(with_draft, tmp_path / "out", monkeypatch, drafts=True)
    assert "claims/arrival-wednesday.md" not in found
