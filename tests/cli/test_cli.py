"""The `factsite` command as a user meets it: exit codes, usage errors, real content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, claim_files, run_factsite

from generator.load.schema import load_schema


def factsite(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_the_real_claims_pass_with_no_warnings() -> None:
    run = factsite("check", "--format", "json")
    report = json.loads(run.stdout)
    assert run.returncode == 0, run.stdout
    assert report["errors"] == 0 and report["warnings"] == 0 and report["diagnostics"] == []
    assert report["claims"] == len(claim_files(REPO)) >= 20


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--root", "/nonexistent"], "is not a factsite project"),
        (["check", "claims/no-such-claim.yml"], "no such file or folder"),
        (["check", "--format", "xml"], "invalid choice"),
        (["quote", "friends-of-stel", "Xi"], "did you mean 'friends-of-steel'?"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line_and_no_traceback(args: list[str], message: str) -> None:
    run = factsite(*args)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr + run.stdout


def test_root_option_and_paths(project: Path) -> None:
    run = factsite("check", "--root", str(project), cwd=project.parent)
    assert (run.returncode, run.stdout) == (0, "checked 2 claims: 0 errors, 0 warnings\n")


def test_content_errors_exit_1_and_report_every_file(project: Path) -> None:
    (project / "claims" / "a.yml").write_text("claim: [\n")
    (project / "claims" / "b.yml").write_text("verdict: no\n")
    run = factsite("check", cwd=project)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert "claims/a.yml:2:1: error[yaml-syntax]" in run.stdout
    assert "claims/b.yml:1:10: error[bad-value]: 'no' is not a valid verdict" in run.stdout


def test_python_m_generator_is_the_same_command() -> None:
    run = subprocess.run([str(Path(sys.executable).parent / "factsite"), "--version"], capture_output=True, text=True)
    assert run.stdout.startswith("factsite ") and factsite("--version").stdout == run.stdout


def test_the_shipped_schemas_are_valid_and_no_claim_names_one() -> None:
    """The editor settings (.vscode/settings.json) give claim files the project's schema; a
    `$schema=` line in a file would win over them and hide the source ids and tags."""
    for name in ("claim", "sources", "tags", "people"):
        jsonschema.Draft202012Validator.check_schema(load_schema(name))
    for path in (REPO / "claims").glob("*.yml"):
        if path.name not in ("tags.yml", "people.yml"):
            assert "yaml-language-server" not in path.read_text("utf-8"), path.name


def test_registry_checksums_match_the_committed_seeds() -> None:
    run = factsite("check", "--format", "json")
    assert not [d for d in json.loads(run.stdout)["diagnostics"] if d["path"].startswith("seeds/")]


def test_quote_finds_ambiguous_and_near_misses() -> None:
    found = factsite("quote", "moscow-times-2025-05-08", "military parade")
    assert found.returncode == 0 and "found 2 times" in found.stdout and "prefix: 'annual'" in found.stdout
    once = factsite("quote", "friends-of-steel", 'NATO has labeled China a "decisive enabler"')
    assert once.returncode == 0 and "found once" in once.stdout and "“decisive enabler”" in once.stdout
    near = factsite("quote", "friends-of-steel", "During a three-and-a-half hours meeting")
    assert near.returncode == 1 and "closest passage" in near.stdout and "[-s-]" in near.stdout


@pytest.mark.parametrize(
    "command, path, message",
    [
        ("check", "README.md", "README.md is not a claim file: claims are claims/<slug>.yml"),
        ("check", "seeds/", "seeds/ holds no claim files: claims are claims/<slug>.yml"),
        ("check", "seeds/sources.yml", "seeds/sources.yml is not a claim file: claims are claims/<slug>.yml"),
        ("check", "claims/notes.txt", "claims/notes.txt is not a claim file: claims are claims/<slug>.yml"),
        ("check", "claims/drafts/x.yml", "claims/drafts/x.yml is not a claim file: claims are claims/<slug>.yml"),
        ("check", "claims/drafts", "claims/drafts holds no claim files: claims are claims/<slug>.yml"),
        ("check", "docs", "docs holds no claim files: claims are claims/<slug>.yml"),
        ("fix", "README.md", "README.md is not a claim file: claims are claims/<slug>.yml"),
        ("fix", "docs", "docs holds no claim files: claims are claims/<slug>.yml"),
    ],
)
def test_a_path_that_is_not_a_claim_file_is_a_usage_error(project: Path, command: str, path: str, message: str) -> None:
    """Checking nothing and saying "checked 0 claims" would pass a mistyped path."""
    (project / "README.md").write_text("# A project\n")
    (project / "docs").mkdir()
    (project / "claims" / "notes.txt").write_text("notes\n")
    (project / "claims" / "drafts").mkdir()
    (project / "claims" / "drafts" / "x.yml").write_text("claim: x\n")
    status, out, err = run_factsite(project, command, path)
    assert (status, out) == (2, "")
    assert err == f"factsite {command}: error: {message}\n"


def test_claim_files_and_the_claims_folder_are_still_checked(project: Path) -> None:
    (project / "claims" / "folder.yml").mkdir()
    assert run_factsite(project, "check", "claims") == (
        1,
        "claims/folder.yml:1:1: error[not-a-file]: this is a folder, not a claim file\n"
        "    hint: claims/*.yml must be plain text files; rename or remove it\n"
        "checked 3 claims: 1 error, 0 warnings\n",
        "",
    )
    assert run_factsite(project, "check", "claims/death-toll.yml", "claims/talks-duration.yml") == (
        0,
        "checked 2 claims: 0 errors, 0 warnings\n",
        "",
    )
    status, out, _ = run_factsite(project, "check", "claims/folder.yml")
    assert status == 1 and "error[not-a-file]" in out and out.endswith("checked 1 claim: 1 error, 0 warnings\n")
