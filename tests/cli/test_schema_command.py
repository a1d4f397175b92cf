"""`factsite schema`: the project's claim schema, written for the editor, the same bytes every time."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import yaml
from conftest import FIXTURE, run_factsite

from generator.cli.schema import CLAIM_SCHEMA

# The fixture's source ids and tags, read as plain YAML (not by the code under test).
IDS = sorted(s["id"] for s in yaml.safe_load((FIXTURE / "seeds" / "sources.yml").read_text("utf-8"))["sources"])
TAGS = sorted(yaml.safe_load((FIXTURE / "claims" / "tags.yml").read_text("utf-8"))["tags"])
COUNTS = f"{len(IDS)} source ids, {len(TAGS)} tags"


def source_ids(root: Path) -> list[str]:
    schema = json.loads((root / CLAIM_SCHEMA).read_text("utf-8"))
    return schema["$defs"]["evidence"]["properties"]["source"]["enum"]


def test_it_writes_the_claim_schema_into_the_project(project: Path, tmp_path: Path) -> None:
    # Run from elsewhere: --root names the project, and the file goes there.
    status, out, err = run_factsite(tmp_path, "schema", "--root", str(project))
    assert (status, out, err) == (0, f"wrote {CLAIM_SCHEMA} ({COUNTS})\n", "")
    assert sorted(p.name for p in (project / CLAIM_SCHEMA).parent.iterdir()) == ["claim.schema.json"]
    schema = json.loads((project / CLAIM_SCHEMA).read_text("utf-8"))
    assert (
        schema["$defs"]["evidence"]["properties"]["source"]["enum"]
        == IDS
        == [
            "friends-of-steel",
            "moscow-times-2025-05-08",
        ]
    )
    assert schema["properties"]["tags"]["items"]["enum"] == TAGS
    assert {"talks", "world-war-two"} <= set(TAGS)
    assert stat.S_IMODE((project / CLAIM_SCHEMA).stat().st_mode) == 0o644
    assert not (tmp_path / ".factsite").exists()


def test_a_second_run_gives_the_same_bytes_and_leaves_the_file_alone(project: Path) -> None:
    run_factsite(project, "schema")
    first = (project / CLAIM_SCHEMA).read_bytes()
    written_at = (project / CLAIM_SCHEMA).stat().st_mtime_ns
    status, out, err = run_factsite(project, "schema")
    assert (status, out, err) == (0, f"up to date: {CLAIM_SCHEMA} ({COUNTS})\n", "")
    assert (project / CLAIM_SCHEMA).read_bytes() == first
    assert (project / CLAIM_SCHEMA).stat().st_mtime_ns == written_at


def test_the_same_project_elsewhere_gives_the_same_bytes(project: Path, tmp_path: Path) -> None:
    # Nothing of the machine (a path, a time) is in the file.
    other = tmp_path / "elsewhere" / "copy"
    other.parent.mkdir()
    project.rename(other)
    run_factsite(other, "schema")
    copy = (other / CLAIM_SCHEMA).read_bytes()
    other.rename(project)
    (project / CLAIM_SCHEMA).unlink()
    run_factsite(project, "schema")
    assert (project / CLAIM_SCHEMA).read_bytes() == copy
    assert str(tmp_path).encode() not in copy


def test_a_new_source_is_listed_after_the_next_run(project: Path) -> None:
    run_factsite(project, "schema")
    text = b"A third document.\n"
    (project / "seeds" / "third.txt").write_bytes(text)
    with (project / "seeds" / "sources.yml").open("a", encoding="utf-8") as registry:
        registry.write(
            "  - id: third\n    file: third.txt\n    title: 'A third document'\n    outlet: ''\n    url: ''\n"
            f"    published: ''\n    sha256: {hashlib.sha256(text).hexdigest()}\n    notes: ''\n"
        )
    status, out, err = run_factsite(project, "schema")
    assert (status, out, err) == (0, f"wrote {CLAIM_SCHEMA} ({len(IDS) + 1} source ids, {len(TAGS)} tags)\n", "")
    assert source_ids(project) == sorted([*IDS, "third"])


def test_without_a_vocabulary_it_says_that_tags_are_not_listed(project: Path) -> None:
    (project / "claims" / "tags.yml").unlink()
    status, out, err = run_factsite(project, "schema")
    assert (status, out) == (0, f"wrote {CLAIM_SCHEMA} ({len(IDS)} source ids, 0 tags)\n")
    assert err == "factsite schema: warning: there is no claims/tags.yml: tags are not listed\n"


def test_a_broken_registry_is_a_warning_not_a_failure(project: Path) -> None:
    (project / "seeds" / "sources.yml").write_text("sources: [oops\n", encoding="utf-8")
    status, out, err = run_factsite(project, "schema")
    assert (status, out) == (0, f"wrote {CLAIM_SCHEMA} (0 source ids, {len(TAGS)} tags)\n")
    assert err == (
        "factsite schema: warning: seeds/sources.yml could not be read: "
        "source ids are not listed (run `factsite check`)\n"
    )
    schema = json.loads((project / CLAIM_SCHEMA).read_text("utf-8"))
    assert "enum" not in schema["$defs"]["evidence"]["properties"]["source"]


def test_outside_a_project_it_is_a_usage_error(tmp_path: Path) -> None:
    status, out, err = run_factsite(tmp_path, "schema")
    assert (status, out) == (2, "")
    assert err == (
        "factsite schema: error: . is not a factsite project (it has no claims/ or seeds/ folder); use --root DIR\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_folder_it_cannot_write_is_one_line_not_a_traceback(project: Path) -> None:
    (project / ".factsite").write_text("in the way\n", encoding="utf-8")
    status, out, err = run_factsite(project, "schema")
    assert (status, out) == (1, "")
    assert err == f"factsite schema: error: cannot write {CLAIM_SCHEMA}: Not a directory\n"
