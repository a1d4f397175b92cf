"""Golden files: the generated Markdown and JSON of tests/fixture, byte for byte.

After a deliberate change, regenerate with
    FACTSITE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_generate_golden.py
and review the diff of tests/golden/site/ by hand before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURE, GOLDEN, files_under

from generator.cli.generate import OVERVIEW_FILE, STAMP
from generator.cli.main import main

UPDATE = os.environ.get("FACTSITE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("generated") / "out"
    assert main(["generate", "--root", str(FIXTURE), "--out", str(out)]) == 0
    found = files_under(out)
    del found[STAMP]
    if UPDATE:
        for rel, content in found.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(content)
    return found


def test_the_same_files_are_generated(generated: dict[str, bytes]) -> None:
    assert sorted(generated) == sorted(files_under(GOLDEN))
    assert OVERVIEW_FILE in generated


@pytest.mark.parametrize("rel", sorted(files_under(GOLDEN)))
def test_each_file_matches_its_golden_copy(generated: dict[str, bytes], rel: str) -> None:
    assert generated.get(rel, b"").decode() == (GOLDEN / rel).read_text(encoding="utf-8")


def test_generating_twice_gives_the_same_bytes(generated: dict[str, bytes], tmp_path: Path) -> None:
    assert main(["generate", "--root", str(FIXTURE), "--out", str(tmp_path / "again")]) == 0
    again = files_under(tmp_path / "again")
    del again[STAMP]
    assert again == generated


def test_generate_replaces_its_own_output_only(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--root", str(project), "--out", str(out)]) == 0
    (out / "stale.md").write_text("from an earlier run")
    assert main(["generate", "--root", str(project), "--out", str(out)]) == 0
    assert not (out / "stale.md").exists()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not ours")
    assert main(["generate", "--root", str(project), "--out", str(foreign)]) == 2
    assert (foreign / "keep.txt").read_text() == "not ours"
    assert "is not empty" in capsys.readouterr().err


def test_generate_reports_content_errors_like_check(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claim = project / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    assert main(["generate", "--root", str(project), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("claims/death-toll.yml:8:12: error[quote-not-found]: the quote is not in ")
    assert err.rstrip().endswith("checked 2 claims: 1 error, 0 warnings")
    assert not (tmp_path / "out").exists()
