"""The claim files' history from git: each file's commits, and each change of its verdict.

The claim page lists a claim's revisions (date and message) and takes its
last update from them; `check` compares each verdict with the verdicts it
had since publication (`verdict-changed`). Git is asked twice for the whole
claims/ folder, however many claims there are (once for the commits, once
for the verdict lines), never once per file.

Without git (no .git, a tarball, git not installed) there is no history:
pages show no revision list, the update date is the one written in the
file, and verdict changes are not checked. That is documented, not an
error. A shallow clone has only part of the history: `check` says so
(`shallow-history`, a notice) and CI fetches the whole of it.

Commit messages are untrusted text like any other: the render stage escapes them.
Git runs without pager, external diff or text conversion (a committed
.gitattributes could name a filter; its command would come from the
machine's config, but none is needed to read a log).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import Revision

# Reading the log of a large desk takes well under a second; a git that hangs
# (a lock, a network filesystem) must not hang the build.
GIT_TIMEOUT_SECONDS = 60
# The first line of a commit message shown in a revision list is cut at this many characters.
MAX_SUBJECT_CHARS = 200
_RECORD, _FIELD = "\x1e", "\x1f"  # separators no commit message line holds
_GIT = ("git", "-c", "core.quotepath=off", "--no-pager")
_NO_HOOKS = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
# Set to "off" for a build that ignores git (a site from a tree whose history is not its own).
HISTORY_ENV = "FACTSITE_HISTORY"


@dataclass(frozen=True, slots=True)
class VerdictChange:
    """A commit that changed a claim file's verdict line."""

    date: str
    commit: str
    old: str
    new: str


@dataclass(slots=True)
class History:
    """The history of claims/ in git."""

    revisions: dict[str, list[Revision]] = field(default_factory=dict)  # path -> commits, newest first
    verdicts: dict[str, list[VerdictChange]] = field(default_factory=dict)  # path -> changes, oldest first
    last_verdict: dict[str, str] = field(default_factory=dict)  # path -> the verdict as last committed
    shallow: bool = False  # a shallow clone: older commits are missing


def read_history(root: Path) -> History | None:
    """The history of `root`/claims, or None when git cannot give one (see the module's docstring)."""
    if os.environ.get(HISTORY_ENV, "").lower() == "off":
        return None
    state = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if state is None or not state.startswith("true"):
        return None
    log = _git(
        root,
        "log",
        "--relative",
        "--no-renames",
        "--name-only",
        f"--format={_RECORD}%h{_FIELD}%cs{_FIELD}%s",
        "--",
        "claims",
    )
    diff = _git(
        root,
        "log",
        "--relative",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--reverse",
        "-p",
        "-U0",
        "-G^verdict:",
        f"--format={_RECORD}%h{_FIELD}%cs",
        "--",
        "claims",
    )
    if log is None or diff is None:
        return None
    history = History(shallow=state.split()[-1] == "true")
    _read_log(log, history)
    _read_verdicts(diff, history)
    return history


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            [*_GIT, "-C", str(root), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            env={**os.environ, **_NO_HOOKS},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _read_log(log: str, history: History) -> None:
    for record in log.split(_RECORD)[1:]:
        head, _, names = record.partition("\n")
        commit, date, subject = (head.split(_FIELD) + ["", ""])[:3]
        if len(subject) > MAX_SUBJECT_CHARS:
            subject = subject[: MAX_SUBJECT_CHARS - 1].rstrip() + "\u2026"
        for name in names.split("\n"):
            if name.endswith(".yml"):
                history.revisions.setdefault(name, []).append(Revision(date, subject, commit))


def _read_verdicts(diff: str, history: History) -> None:
    """Each commit's verdict lines, oldest commit first: a `-` and a `+` line is a change."""
    for record in diff.split(_RECORD)[1:]:
        head, _, body = record.partition("\n")
        commit, date = (head.split(_FIELD) + [""])[:2]
        path, old = "", ""
        for line in body.split("\n"):
            if line.startswith("+++ "):
                path, old = (line[6:] if line.startswith("+++ b/") else ""), ""
            elif line.startswith("-verdict:") and path:
                old = _value(line[1:])
            elif line.startswith("+verdict:") and path:
                new = _value(line[1:])
                if old and new != old:
                    history.verdicts.setdefault(path, []).append(VerdictChange(date, commit, old, new))
                history.last_verdict[path] = new


def _value(line: str) -> str:
    """The verdict of a `verdict: x` line (quotes and a comment dropped)."""
    value = line.split(":", 1)[1].split(" #", 1)[0].strip()
    return value.strip("'\"")
