"""`factsite diff` against a real git repository with scripted commits.

The history, on the fixture project (two claims, two seeds):
  c0 the fixture as it is
  c1 a claim added (victory-parade-friday)
  c2 a verdict changed (death-toll: supported -> mostly-supported)
  c3 an excerpt added to and one removed from talks-duration
  c4 a seed changed (friends-of-steel.txt: a line added, its sha256 updated)
  c5 a claim removed (death-toll)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE, run_factsite

from generator.cli.diff import code

PREVIEW = "https://editors.github.io/factsite/pr-preview/pr-12"
# Fixed identities and dates: the same history gives the same commit ids.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

NEW_CLAIM = """\
# yaml-language-server: $schema=../generator/schemas/claim.schema.json
claim: The Victory Day parade was held on Friday.
verdict: supported
summary: The AFP report says so.
reviewed: '2026-11-22'
evidence:
  - source: moscow-times-2025-05-08
    stance: supports
    quote: annual military parade on Friday
"""
ADDED_EXCERPT = (
    "  - source: moscow-times-2025-05-08\n    stance: context\n"
    "    quote: More than two dozen foreign leaders are in the Russian capital\n"
)
REMOVED_EXCERPT = (
    "  - source: moscow-times-2025-05-08\n    stance: context\n"
    "    quote: Putin used the Kremlin meeting with Xi on Thursday\n"
    "    note: Gives the day, not the length.\n"
)


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def change_seed(repo: Path) -> None:
    seed = repo / "seeds" / "friends-of-steel.txt"
    seed.chmod(0o644)
    seed.write_bytes(seed.read_bytes() + b"\nA correction was appended.\n")
    registry = repo / "seeds" / "sources.yml"
    edit(
        registry,
        "e32ad53a927806143ef0a03c3740711d1e69bd8e125dae288c8809859b6996bc",
        hashlib.sha256(seed.read_bytes()).hexdigest(),
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    repo = tmp_path_factory.mktemp("history") / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q", "-b", "main")
    commits = [commit(repo, "c0: the fixture")]
    (repo / "claims" / "victory-parade-friday.yml").write_text(NEW_CLAIM, "utf-8")
    commits.append(commit(repo, "c1: add a claim"))
    edit(repo / "claims" / "death-toll.yml", "verdict: supported", "verdict: mostly-supported")
    commits.append(commit(repo, "c2: change a verdict"))
    edit(repo / "claims" / "talks-duration.yml", REMOVED_EXCERPT, ADDED_EXCERPT)
    commits.append(commit(repo, "c3: add and remove evidence"))
    change_seed(repo)
    commits.append(commit(repo, "c4: change a seed"))
    (repo / "claims" / "death-toll.yml").unlink()
    commits.append(commit(repo, "c5: remove a claim"))
    return repo, commits


def run(root: Path, *args: str) -> tuple[int, str, str]:
    return run_factsite(root, "diff", *args)


def diff(root: Path, *args: str) -> str:
    status, out, err = run(root, *args)
    assert (status, err) == (0, "")
    return out


def test_whole_history_as_markdown(history: tuple[Path, list[str]]) -> None:
    repo, c = history
    link = lambda slug: f"[`{slug}`]({PREVIEW}/claims/{slug}/)"  # noqa: E731
    assert (
        diff(repo, c[0], c[5], "--base-url", PREVIEW + "/")
        == f"""\
## Claims and sources: `{c[0][:7]}` → `{c[5][:7]}`

Claims: 1 added, 1 changed, 1 removed; sources: 1 changed.

### Claims added

- {link("victory-parade-friday")} `supported`: `The Victory Day parade was held on Friday.`

### Claims changed

- {link("talks-duration")}: evidence changed
  - evidence added: `context` from `moscow-times-2025-05-08`: `More than two dozen foreign leaders are in the Russian capital`
  - evidence removed: `context` from `moscow-times-2025-05-08`: `Putin used the Kremlin meeting with Xi on Thursday`

### Claims removed

- `death-toll` `supported`: `37 million Chinese died in the Second World War.`

### Sources changed

- `friends-of-steel`: sha256, text changed; cited by {link("talks-duration")}
"""  # noqa: E501
    )


def test_each_step(history: tuple[Path, list[str]]) -> None:
    repo, c = history
    assert diff(repo, c[0], c[1]).splitlines()[2:] == [
        "Claims: 1 added.",
        "",
        "### Claims added",
        "",
        "- `victory-parade-friday` `supported`: `The Victory Day parade was held on Friday.`",
    ]
    assert diff(repo, c[1], c[2]).splitlines()[2:] == [
        "Claims: 1 changed; verdicts changed: 1.",
        "",
        "### Verdict changes",
        "",
        "- `death-toll`: `supported` → `mostly-supported`",
        "",
        "### Claims changed",
        "",
        "- `death-toll`: verdict changed",
    ]
    assert diff(repo, c[3], c[4]).splitlines()[2:] == [
        "Sources: 1 changed.",
        "",
        "### Sources changed",
        "",
        "- `friends-of-steel`: sha256, text changed; cited by `talks-duration`",
    ]
    assert diff(repo, c[4], c[5]).splitlines()[2:] == [
        "Claims: 1 removed.",
        "",
        "### Claims removed",
        "",
        "- `death-toll` `mostly-supported`: `37 million Chinese died in the Second World War.`",
    ]


def test_no_change_and_default_head(history: tuple[Path, list[str]]) -> None:
    repo, c = history
    assert (
        diff(repo, c[5])
        == f"## Claims and sources: `{c[5][:7]}` → `{c[5][:7]}`\n\nNo change to the claims or sources.\n"
    )


def test_json(history: tuple[Path, list[str]]) -> None:
    repo, c = history
    data = json.loads(diff(repo, c[0], c[5], "--format", "json", "--base-url", PREVIEW))
    excerpt = lambda stance, quote: {"source": "moscow-times-2025-05-08", "stance": stance, "quote": quote}  # noqa: E731
    assert data == {
        "base": {"rev": c[0], "commit": c[0], "errors": 0},
        "head": {"rev": c[5], "commit": c[5], "errors": 0},
        "claims": {
            "added": [
                {
                    "slug": "victory-parade-friday",
                    "claim": "The Victory Day parade was held on Friday.",
                    "verdict": "supported",
                    "url": f"{PREVIEW}/claims/victory-parade-friday/",
                    "evidence": [excerpt("supports", "annual military parade on Friday")],
                }
            ],
            "changed": [
                {
                    "slug": "talks-duration",
                    "url": f"{PREVIEW}/claims/talks-duration/",
                    "fields": ["evidence"],
                    "verdict": None,
                    "evidence": {
                        "added": [excerpt("context", "More than two dozen foreign leaders are in the Russian capital")],
                        "removed": [excerpt("context", "Putin used the Kremlin meeting with Xi on Thursday")],
                    },
                }
            ],
            "removed": [
                {
                    "slug": "death-toll",
                    "claim": "37 million Chinese died in the Second World War.",
                    "verdict": "supported",
                    "url": None,
                    "evidence": [
                        excerpt(
                            "supports", "citing the 27 million Soviet and 37 million Chinese deaths in World War II"
                        )
                    ],
                }
            ],
        },
        "verdicts": [],
        "sources": {
            "added": [],
            "removed": [],
            "changed": [
                {
                    "id": "friends-of-steel",
                    "title": "“Friends of Steel”: Xi and Putin Pledge Closer Ties Ahead of Victory Day",
                    "fields": ["sha256", "text"],
                    "cited_by": ["talks-duration"],
                }
            ],
        },
    }


def test_json_verdict_change_with_branch_names(history: tuple[Path, list[str]]) -> None:
    repo, c = history
    git(repo, "branch", "-f", "before", c[1])
    git(repo, "tag", "-f", "after", c[2])
    data = json.loads(diff(repo, "before", "after", "--format", "json"))
    assert data["base"] == {"rev": "before", "commit": c[1], "errors": 0}
    assert data["verdicts"] == [{"slug": "death-toll", "old": "supported", "new": "mostly-supported", "url": None}]
    assert data["claims"]["changed"][0]["verdict"] == {"old": "supported", "new": "mostly-supported"}


def test_sources_added_and_removed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q", "-b", "main")
    before = commit(repo, "c0")
    registry = (repo / "seeds" / "sources.yml").read_text("utf-8")
    moved = registry.replace("id: friends-of-steel", "id: steel-friends")
    (repo / "seeds" / "sources.yml").write_text(moved, "utf-8")
    edit(repo / "claims" / "talks-duration.yml", "source: friends-of-steel", "source: steel-friends")
    after = commit(repo, "a source renamed")
    lines = diff(repo, before, after).splitlines()
    assert "- `steel-friends`: cited by `talks-duration`" in lines
    assert "- `friends-of-steel`: was cited by `talks-duration`" in lines
    assert "- `talks-duration`: evidence changed" in lines


def test_a_side_with_errors_is_named(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q", "-b", "main")
    before = commit(repo, "fine")
    edit(repo / "claims" / "death-toll.yml", "verdict: supported", "verdict: maybe")
    after = commit(repo, "broken")
    lines = diff(repo, before, after).splitlines()
    assert lines[2] == (
        f"**Warning:** the head revision `{after[:7]}` has 1 error (`factsite check` lists "
        "them); this comparison covers what could be read."
    )
    assert "### Verdict changes" in lines and "- `death-toll`: `supported` → `maybe`" in lines


def test_project_in_a_subfolder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo / "site-a")
    git(repo, "init", "-q", "-b", "main")
    before = commit(repo, "c0")
    (repo / "site-a" / "claims" / "victory-parade-friday.yml").write_text(NEW_CLAIM, "utf-8")
    after = commit(repo, "c1")
    assert "Claims: 1 added." in diff(repo, before, after, "--root", "site-a").splitlines()


def test_untrusted_text_is_inert(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q", "-b", "main")
    before = commit(repo, "c0")
    hostile = "@octocat see ![x](https://evil.example/i.png) <img src=x onerror=alert(1)> `code` [a](javascript:x) #1"
    claim = NEW_CLAIM.replace("The Victory Day parade was held on Friday.", "'" + hostile.replace("'", "''") + "'")
    (repo / "claims" / "victory-parade-friday.yml").write_text(claim, "utf-8")
    after = commit(repo, "c1")
    line = diff(repo, before, after).splitlines()[-1]
    assert line == f"- `victory-parade-friday` `supported`: ``{hostile}``"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "`plain`"),
        ("a `b` c", "``a `b` c``"),
        ("`starts", "`` `starts ``"),
        ("two\nlines\u202e  and\x00 nul", "`two lines and nul`"),
        ("", "*(empty)*"),
    ],
)
def test_code_spans(text: str, shown: str) -> None:
    assert code(text) == shown


def test_long_text_is_shortened() -> None:
    assert code("x" * 300, 10) == "`xxxxxxxxx…`"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["no-such-rev"],
            "factsite diff: error: unknown revision 'no-such-rev' (a branch, tag or commit of this repository)\n",
        ),
        (["--", "-x"], "factsite diff: error: '-x' is not a revision\n"),
        (
            ["HEAD", "--base-url", "javascript:alert(1)"],
            "factsite diff: error: --base-url must be an http(s) URL without spaces, quotes or brackets, "
            "not 'javascript:alert(1)'\n",
        ),
    ],
)
def test_usage_errors(history: tuple[Path, list[str]], args: list[str], message: str) -> None:
    repo, _ = history
    assert run(repo, *args) == (2, "", message)


def test_not_a_git_repository(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "project")
    status, out, err = run(tmp_path / "project", "HEAD")
    assert (status, out) == (2, "")
    assert err.startswith("factsite diff: error: ") and "is not in a git repository" in err
