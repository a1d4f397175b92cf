"""The claims' git history: revision lists, update dates, and verdicts changed without a correction.

Each test makes a repository of its own from the fixture, with commits at
fixed dates (the rest of the suite turns the history off: conftest.py).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_factsite

from generator.anchor.project import load_project
from generator.load.history import HISTORY_ENV, read_history
from generator.render.claimpage import claim_page
from generator.render.options import SiteOptions

TALKS = "claims/talks-duration.yml"


@pytest.fixture(autouse=True)
def history_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HISTORY_ENV, raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01: every commit date below is past


def git(repo: Path, *args: str, date: str = "2026-11-20T10:00:00Z") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": "/dev/null",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / TALKS
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def repo(project: Path) -> Path:
    git(project, "init", "-q", "-b", "main")
    commit(project, "Claims: the first two", "2026-11-20T10:00:00Z")
    return project


def diagnostics(root: Path) -> list[str]:
    return [str(d).split("\n")[0] for d in load_project(root)[1]]


def test_the_revision_list_and_update_date_come_from_git(repo: Path) -> None:
    edit(repo, "Gives the day, not the length.", "Gives the day of the meeting, not its length.")
    commit(repo, "Talks: the context note says <what> it gives", "2026-11-24T09:00:00Z")
    edit(repo, "updated: '2026-11-22'\n", "")
    project, _ = load_project(repo)
    talks = next(c for c in project.claims if c.path == TALKS)
    assert [(r.date, r.subject) for r in talks.history] == [
        ("2026-11-24", "Talks: the context note says <what> it gives"),
        ("2026-11-20", "Claims: the first two"),
    ]
    assert talks.last_updated == "2026-11-24"  # the written `updated` is gone: the last commit's day
    page = claim_page(talks, project, SiteOptions())
    assert "## Revision history" in page
    assert "Talks: the context note says &lt;what&gt; it gives" in page  # a commit message is text
    assert 'Updated <time datetime="2026-11-24">24 November 2026</time>' in page


def test_a_verdict_changed_after_publication_needs_a_correction(repo: Path) -> None:
    edit(repo, "Gives the day, not the length.", "Gives the day of the meeting, not its length.")
    commit(repo, "Talks: the note", "2026-11-23T10:00:00Z")  # after the log's last entry (2026-11-22)
    edit(repo, "verdict: unverified", "verdict: mostly-supported")
    uncommitted = [d for d in diagnostics(repo) if "verdict-changed" in d]
    assert (
        len(uncommitted) == 1 and "unverified → mostly-supported" in uncommitted[0]
    )  # not committed yet: a change too
    commit(repo, "Talks: mostly supported", "2026-11-25T09:00:00Z")
    assert [d for d in diagnostics(repo) if "verdict-changed" in d] == [
        "claims/talks-duration.yml:9:10: warning[verdict-changed]: the verdict changed after publication "
        "(2026-11-20) and the corrections log does not say so: unverified → mostly-supported (2026-11-25)"
    ]
    edit(
        repo,
        "corrections:\n",
        "corrections:\n  - date: '2026-11-25'\n    kind: update\n    text: Now disputed.\n",
    )
    assert not [d for d in diagnostics(repo) if "verdict-changed" in d]


def test_a_clarification_does_not_answer_a_changed_verdict(repo: Path) -> None:
    edit(repo, "    kind: correction\n", "    kind: clarification\n")
    commit(repo, "Talks: a clarification", "2026-11-21T09:00:00Z")
    edit(repo, "verdict: unverified", "verdict: disputed")
    commit(repo, "Talks: disputed", "2026-11-25T09:00:00Z")
    assert [d for d in diagnostics(repo) if "verdict-changed" in d]


def test_a_change_before_publication_needs_no_correction(repo: Path) -> None:
    edit(repo, "published: '2026-11-20'", "published: '2026-11-26'")
    edit(repo, "updated: '2026-11-22'\n", "")
    edit(repo, "date: '2026-11-22'", "date: '2026-11-26'")
    edit(repo, "date: '2026-11-21'", "date: '2026-11-26'")
    edit(repo, "verdict: unverified", "verdict: disputed")
    commit(repo, "Talks: disputed before publication", "2026-11-25T09:00:00Z")
    assert not [d for d in diagnostics(repo) if "verdict-changed" in d]


def test_without_git_there_is_no_history_and_no_error(project: Path) -> None:
    assert read_history(project) is None
    project_, found = load_project(project)
    assert all(c.history == [] for c in project_.claims)
    assert not [d for d in found if d.code in ("verdict-changed", "shallow-history")]


def test_a_shallow_clone_is_a_notice_that_does_not_fail_the_check(repo: Path, tmp_path: Path) -> None:
    edit(repo, "Gives the day, not the length.", "Gives the day of the meeting.")
    commit(repo, "Talks: the note", "2026-11-24T09:00:00Z")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    status, out, _ = run_factsite(clone, "check")
    assert "warning[shallow-history]: the git history is shallow" in out
    assert "fetch-depth: 0" in out
    assert status == 0
    project, _ = load_project(clone)
    assert [r.subject for r in next(c for c in project.claims if c.path == TALKS).history] == ["Talks: the note"]


# --- found in review: what a repository or a commit message could do -----------------------------


def test_a_commit_message_cannot_forge_a_revision(repo: Path) -> None:
    edit(repo, "Gives the day, not the length.", "Gives the day of the meeting.")
    forged = "innocent\x1efeedbee\x1f9999-12-31\x1fForged \u202esubject"
    commit(repo, forged, "2026-11-24T09:00:00Z")
    history = read_history(repo)
    assert history is not None
    (newest, *_) = history.revisions[TALKS]
    assert newest.date == "2026-11-24" and newest.commit != "feedbee"
    assert "\u202e" not in newest.subject and "\x1e" not in newest.subject and "Forged" in newest.subject


def test_the_repositorys_git_config_changes_nothing_and_runs_nothing(repo: Path, tmp_path: Path) -> None:
    ran = tmp_path / "ran.txt"
    program = tmp_path / "gpg.sh"
    program.write_text(f"#!/bin/sh\necho ran >> {ran}\nexit 1\n")
    program.chmod(0o755)
    for key, value in [
        ("color.ui", "always"),
        ("diff.noprefix", "true"),
        ("log.showSignature", "true"),
        ("gpg.program", str(program)),
    ]:
        git(repo, "config", key, value)
    edit(repo, "Gives the day, not the length.", "Gives the day of the meeting.")
    commit(repo, "Talks: the note", "2026-11-23T10:00:00Z")
    edit(repo, "verdict: unverified", "verdict: mostly-supported")
    commit(repo, "Talks: mostly supported", "2026-11-25T09:00:00Z")
    assert [d for d in diagnostics(repo) if "verdict-changed" in d]  # still seen, in colour and without prefixes
    assert not ran.exists()


def test_moving_the_publication_date_with_the_verdict_does_not_hide_the_change(repo: Path) -> None:
    edit(repo, "Gives the day, not the length.", "Gives the day of the meeting.")
    commit(repo, "Talks: the note", "2026-11-23T10:00:00Z")
    text = (repo / TALKS).read_text("utf-8")
    start, end = text.index("updated: "), text.index("tags: ")
    (repo / TALKS).write_text(text[:start] + text[end:], "utf-8")  # no update, no corrections log
    edit(repo, "verdict: unverified", "verdict: mostly-supported")
    edit(repo, "published: '2026-11-20'", "published: '2026-11-25'")
    commit(repo, "Talks: mostly supported, published again", "2026-11-25T09:00:00Z")
    found = [d for d in diagnostics(repo) if "verdict-changed" in d]
    assert found and "after publication (2026-11-20)" in found[0]


def test_a_renamed_claim_keeps_its_history(repo: Path) -> None:
    (repo / TALKS).rename(repo / "claims" / "xi-putin-talks.yml")
    commit(repo, "Talks: a better name", "2026-11-24T09:00:00Z")
    history = read_history(repo)
    assert history is not None
    assert [r.subject for r in history.revisions["claims/xi-putin-talks.yml"]] == [
        "Talks: a better name",
        "Claims: the first two",
    ]


def test_the_preview_reads_the_history_again_only_for_a_new_commit(repo: Path) -> None:
    from generator.anchor.project import ProjectCache

    cache = ProjectCache()
    first = cache.load(repo)[0]
    edit(repo, "Gives the day, not the length.", "Gives the day of the meeting.")  # a save, no commit
    assert cache._history_of(repo) is cache._history_of(repo)  # the same commit: the same history, not read again
    commit(repo, "Talks: the note", "2026-11-24T09:00:00Z")
    later = cache.load(repo)[0]
    talks = [next(c for c in p.claims if c.path == TALKS) for p in (first, later)]
    assert [r.subject for r in talks[0].history] == ["Claims: the first two"]
    assert [r.subject for r in talks[1].history] == ["Talks: the note", "Claims: the first two"]
