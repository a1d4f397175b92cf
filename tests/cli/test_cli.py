"""The `factsite` command as a user meets it: exit codes, usage errors, real content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO

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
    assert report["claims"] == len(list((REPO / "claims").glob("*.yml"))) >= 20


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


def test_the_shipped_schemas_are_valid_and_every_claim_points_at_one() -> None:
    for name in ("claim", "sources"):
        jsonschema.Draft202012Validator.check_schema(load_schema(name))
    comment = "# yaml-language-server: $schema=../generator/schemas/claim.schema.json"
    for path in (REPO / "claims").glob("*.yml"):
        assert path.read_text("utf-8").splitlines()[0] == comment, path.name
    assert (REPO / "claims" / "../generator/schemas/claim.schema.json").resolve().is_file()


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
