"""Which files of claims/ are claim files, and what is said of the others."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE

from generator.load.claims import find_claim_files

CLAIM = (FIXTURE / "claims" / "death-toll.yml").read_text()


def test_the_claim_files_are_the_yml_files_of_claims_and_the_others_are_named(project: Path) -> None:
    for name in ("x.yaml", ".yml", "b.yml.txt", "UPPER.yml", "a.b.yml"):
        (project / "claims" / name).write_text(CLAIM)
    (project / "claims" / "sub").mkdir()
    (project / "claims" / "sub" / "y.yml").write_text(CLAIM)
    found, misplaced = find_claim_files(project)
    assert found == ["claims/UPPER.yml", "claims/a.b.yml", "claims/death-toll.yml", "claims/talks-duration.yml"]
    assert [(d.path, d.line, d.column, d.code) for d in misplaced] == [
        ("claims/sub/y.yml", 1, 1, "bad-filename"),
        ("claims/x.yaml", 1, 1, "bad-filename"),
    ]
    assert [d.hint for d in misplaced] == ["move it to claims/y.yml", "move it to claims/x.yml"]


def test_a_project_without_a_claims_folder_has_no_claim_files(tmp_path: Path) -> None:
    assert find_claim_files(tmp_path) == ([], [])
