"""`factsite diff` against a real git repository with scripted commits.

The history, on the fixture project (two claims, two seeds):
  c0 the fixture as it is
  c1 a claim added (victory-parade-friday)
  c2 a verdict changed (death-toll: supported -> mostly-supported)
  c3 an excerpt added to and one removed from talks-duration
  c4 a seed changed (friends-of-steel.txt: a line added, its sha256 updated)
  c5 a claim removed (death-toll)

A second history, `renames`, for renamed claims and edited text:
  r0 the fixture as it is
  r1 death-toll.yml renamed unchanged (chinese-war-deaths); talks-duration.yml
     renamed (xi-putin-talks) with its verdict, summary, update date and an
     excerpt's note edited
  r2 xi-putin-talks: its claim and summary edited, the summary with hostile text
  r3 chinese-war-deaths removed, and a different claim citing the same excerpt
     added (soviet-losses): not a rename; xi-putin-talks renamed (talks-length)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE, run_factsite

from generator.anchor.project import load_project
from generator.cli.compare import pair_renames
from generator.cli.diff import code, words
from generator.cli.worddiff import FIELD_CHARS, RUN_CHARS

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
            "renamed": [],
            "changed": [
                {
                    "slug": "talks-duration",
                    "url": f"{PREVIEW}/claims/talks-duration/",
                    "fields": ["evidence"],
                    "verdict": None,
                    "text": {},
                    "values": {},
                    "evidence": {
                        "added": [excerpt("context", "More than two dozen foreign leaders are in the Russian capital")],
                        "removed": [excerpt("context", "Putin used the Kremlin meeting with Xi on Thursday")],
                        "edited": [],
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


# --- renamed claims and word diffs ----------------------------------------------------------

# Text an attacker could put in a claim file, hoping that the pull request comment renders it.
# Its bidi controls are written as YAML escapes (in a double-quoted scalar), so they reach the
# loaded text; the diff drops them from what it shows.
HOSTILE = "`x` @octocat <script>alert(1)</script> [x](javascript:alert(1)) \u202eevil\u202c"
SHOWN_HOSTILE = "`x` @octocat <script>alert(1)</script> [x](javascript:alert(1)) evil"
SOVIET_LOSSES = """\
claim: The Soviet Union lost 27 million people.
verdict: supported
summary: Putin cited the figure.
reviewed: '2026-11-22'
evidence:
  - source: moscow-times-2025-05-08
    stance: supports
    quote: citing the 27 million Soviet and 37 million Chinese deaths in World War II
"""


def rename(repo: Path, old: str, new: str) -> Path:
    target = repo / "claims" / f"{new}.yml"
    (repo / "claims" / f"{old}.yml").rename(target)
    return target


@pytest.fixture(scope="module")
def renames(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    repo = tmp_path_factory.mktemp("renames") / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q", "-b", "main")
    commits = [commit(repo, "r0: the fixture")]
    rename(repo, "death-toll", "chinese-war-deaths")
    talks = rename(repo, "talks-duration", "xi-putin-talks")
    edit(talks, "verdict: unverified", "verdict: mostly-supported")
    edit(talks, "two articles gives", "two articles, the AFP report, gives")
    edit(talks, "updated: '2026-11-22'", "updated: '2026-12-01'")
    edit(talks, "note: Gives the day, not the length.", "note: Gives the day of the meeting, not its length.")
    commits.append(commit(repo, "r1: two claims renamed, one with edits"))
    edit(talks, "three and a half hours", "four hours")
    hostile = (
        HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\u202e", "\\u202E").replace("\u202c", "\\u202C")
    )
    edit(
        talks,
        "summary: |\n  Only one of the two articles, the AFP report, gives",
        f'summary: "Only one of the two articles, {hostile}, gives',
    )
    edit(talks, "for the meeting.\n", 'for the meeting."\n')
    commits.append(commit(repo, "r2: claim and summary edited"))
    (repo / "claims" / "chinese-war-deaths.yml").unlink()
    (repo / "claims" / "soviet-losses.yml").write_text(SOVIET_LOSSES, "utf-8")
    rename(repo, "xi-putin-talks", "talks-length")
    commits.append(commit(repo, "r3: a claim replaced by another"))
    return repo, commits


def outside_code(line: str) -> str:
    """What of a Markdown line is not in an inline code span (CommonMark: a run of n backticks
    ends at the next run of exactly n)."""
    return re.sub(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", "", line)


def test_renames_as_markdown(renames: tuple[Path, list[str]]) -> None:
    repo, r = renames
    link = lambda slug: f"[`{slug}`]({PREVIEW}/claims/{slug}/)"  # noqa: E731
    assert (
        diff(repo, r[0], r[1], "--base-url", PREVIEW)
        == f"""\
## Claims and sources: `{r[0][:7]}` → `{r[1][:7]}`

Claims: 2 renamed; verdicts changed: 1.

### Verdict changes

- {link("xi-putin-talks")}: `unverified` → `mostly-supported`

### Claims renamed

- `death-toll` → {link("chinese-war-deaths")}
- `talks-duration` → {link("xi-putin-talks")}: evidence, summary, updated, verdict changed
  - summary: `…one of the two articles{{+, the AFP report,+}} gives a length for the…`
  - updated: `2026-11-22` → `2026-12-01`
  - evidence edited: `context` from `moscow-times-2025-05-08`: `Putin used the Kremlin meeting with Xi on Thursday`
    - note: `Gives the day {{+of the meeting+}}, not [-the-]{{+its+}} length.`
"""
    )


def test_renames_as_json(renames: tuple[Path, list[str]]) -> None:
    repo, r = renames
    data = json.loads(diff(repo, r[0], r[1], "--format", "json", "--base-url", PREVIEW))
    assert (data["claims"]["added"], data["claims"]["removed"], data["claims"]["changed"]) == ([], [], [])
    pure, edited = data["claims"]["renamed"]
    assert pure == {
        "from": "death-toll",
        "to": "chinese-war-deaths",
        "url": f"{PREVIEW}/claims/chinese-war-deaths/",
        "fields": [],
        "verdict": None,
        "text": {},
        "values": {},
        "evidence": {"added": [], "removed": [], "edited": []},
    }
    assert (edited["from"], edited["to"], edited["url"]) == (
        "talks-duration",
        "xi-putin-talks",
        f"{PREVIEW}/claims/xi-putin-talks/",
    )
    assert edited["values"] == {"updated": {"old": "2026-11-22", "new": "2026-12-01"}}
    assert edited["text"]["summary"]["diff"] == [
        {"op": "equal", "text": "Only one of the two articles"},
        {"op": "insert", "text": ", the AFP report, "},
        {"op": "equal", "text": "gives a length for the meeting.\n"},
    ]
    note = edited["evidence"]["edited"][0]["text"]["note"]
    assert (note["old"], note["new"]) == (
        "Gives the day, not the length.",
        "Gives the day of the meeting, not its length.",
    )
    assert [(op["op"], op["text"]) for op in note["diff"] if op["op"] != "equal"] == [
        ("insert", "of the meeting"),
        ("delete", "the "),
        ("insert", "its "),
    ]
    assert data["verdicts"] == [
        {
            "slug": "xi-putin-talks",
            "old": "unverified",
            "new": "mostly-supported",
            "url": f"{PREVIEW}/claims/xi-putin-talks/",
        }
    ]


def test_edited_text_word_by_word_and_inert(renames: tuple[Path, list[str]]) -> None:
    repo, r = renames
    lines = diff(repo, r[1], r[2]).splitlines()
    # The hostile summary is an error (raw HTML, a javascript: link, a bidi control), not a stop.
    assert lines[2].startswith(f"**Warning:** the head revision `{r[2][:7]}` has ")
    assert lines[4:] == [
        "Claims: 1 changed.",
        "",
        "### Claims changed",
        "",
        "- `xi-putin-talks`: claim, summary changed",
        "  - claim: `Xi and Putin met for [-three and a half-]{+four+} hours.`",
        f"  - summary: ``…of the two articles, [-the AFP report,-]{{+{SHOWN_HOSTILE},+}} gives a length for the…``",
    ]
    for line in lines[4:]:
        assert not any(bad in outside_code(line) for bad in ("@", "<", "](", "javascript", "\u202e")), line
    assert "\u202e" not in "".join(lines)


def test_unrelated_claims_are_not_paired(renames: tuple[Path, list[str]]) -> None:
    repo, r = renames
    lines = diff(repo, r[2], r[3]).splitlines()
    assert lines[lines.index("Claims: 1 added, 1 renamed, 1 removed.") :] == [
        "Claims: 1 added, 1 renamed, 1 removed.",
        "",
        "### Claims added",
        "",
        "- `soviet-losses` `supported`: `The Soviet Union lost 27 million people.`",
        "",
        "### Claims renamed",
        "",
        "- `xi-putin-talks` → `talks-length`",
        "",
        "### Claims removed",
        "",
        "- `chinese-war-deaths` `supported`: `37 million Chinese died in the Second World War.`",
    ]


def test_word_diff_drops_bidi_controls_and_keeps_backticks_inert() -> None:
    old = "Agreed with \u202euser\u202c today"
    new = "Agreed with ``` @admin \u2066<b>x</b>\u2069 today"
    assert words("note", old, new, "") == ["- note: ````Agreed with [-user-]{+``` @admin <b>x</b>+} today````"]


def test_long_word_diffs_are_bounded() -> None:
    old = " ".join(f"w{i}" for i in range(3000))
    new = " ".join(f"w{i}" if i % 10 else f"new{i}" for i in range(3000))
    lines = words("summary", old, new, "  ")
    shown = sum(line.count("{+") for line in lines)
    assert lines[0] == "  - summary:" and lines[-1] == f"    - and {300 - shown} more changes"
    assert 0 < shown < 300 and len("".join(lines)) < FIELD_CHARS + 2 * RUN_CHARS + 100
    (line,) = words("summary", "short", "x" * 5000, "")
    assert line == f"- summary: `[-short-]{{+{'x' * (RUN_CHARS - 1)}…+}}`"


def test_rename_pairing_is_deterministic() -> None:
    project, _ = load_project(FIXTURE)
    claim = next(c for c in project.claims if c.slug == "death-toll")
    like = lambda slug, **edits: dataclasses.replace(claim, slug=slug, **edits)  # noqa: E731
    a, b, c, d = like("a"), like("b"), like("c"), like("d")
    assert pair_renames([a, b], [c, d]) == [(a, c), (b, d)]
    # Equally alike: the first slug; more alike: the better match, whatever its slug.
    n1, n2 = like("n1", summary="One."), like("n2", summary="Two.")
    assert pair_renames([a], [n1, n2]) == [(a, n1)]
    worse = like("m1", summary="One.", claim="37 million people died in the war.")
    assert pair_renames([a], [worse, n2]) == [(a, n2)]
    # Too different a statement, though citing the same excerpt: no rename.
    assert pair_renames([a], [like("z", claim="The Soviet Union lost 27 million people.")]) == []
