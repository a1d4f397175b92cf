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
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import Revision

# Reading the log of a large desk takes well under a second; a git that hangs
# (a lock, a network filesystem) must not hang the build.
GIT_TIMEOUT_SECONDS = 60
# The first line of a commit message shown in a revision list is cut at this many characters.
MAX_SUBJECT_CHARS = 200
# Git is asked for plain, predictable output, whatever the user's or the repository's config says:
# no colour, the usual a/ b/ prefixes (a config can drop or change them), no signature checks (a
# repository's config can name the program that checks them: it would run), no fsmonitor hook.
_GIT = (
    "git",
    "-c", "core.quotepath=off",
    "-c", "core.fsmonitor=false",
    "-c", "log.showSignature=false",
    "-c", "gpg.program=false",
    "-c", "color.ui=never",
    "-c", "diff.noprefix=false",
    "--no-pager",
)  # fmt: skip
_PLAIN = ("--no-color", "--no-show-signature", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")
_NO_HOOKS = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
# Each commit's header: a NUL (never in a commit message), then the hash, the date and the subject
# on one line, the subject last; a header that does not have this shape is not read.
_FORMAT = "--format=%x00%h %cs %s"
_HEADER = re.compile(r"^([0-9a-f]{4,64}) ([0-9]{4}-[0-9]{2}-[0-9]{2}) ?(.*)$")
# The lines whose history `check` needs: the verdict, and the publication date (v2 and v1 names).
_TRACKED = re.compile(r"^[-+](verdict|published|reviewed):")
_PICKAXE = "-G^(verdict|published|reviewed):"  # the commits that add or remove such a line
# Characters a commit message may carry that would show otherwise than they read (controls,
# bidirectional overrides): dropped from the subjects shown to readers.
_INVISIBLE = ("Cc", "Cf")
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
    """The history of claims/ in git, each file under its current name (renames followed)."""

    revisions: dict[str, list[Revision]] = field(default_factory=dict)  # path -> commits, newest first
    verdicts: dict[str, list[VerdictChange]] = field(default_factory=dict)  # path -> changes, oldest first
    last_verdict: dict[str, str] = field(default_factory=dict)  # path -> the verdict as last committed
    first_published: dict[str, str] = field(default_factory=dict)  # path -> its first committed publication date
    shallow: bool = False  # a shallow clone: older commits are missing


def read_history(root: Path) -> History | None:
    """The history of `root`/claims, or None when git cannot give one (see the module's docstring)."""
    if os.environ.get(HISTORY_ENV, "").lower() == "off":
        return None
    state = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if state is None or not state.startswith("true"):
        return None
    log = _git(root, "log", *_PLAIN, "--relative", "-M", "--name-status", _FORMAT, "--", "claims")
    if log is None:
        return None
    history = History(shallow=state.split()[-1] == "true")
    current = _read_log(log, history)
    changes = ("--reverse", "-p", "-U0", "--extended-regexp", _PICKAXE)
    diff = _git(root, "log", *_PLAIN, "--relative", "-M", *changes, _FORMAT, "--", "claims")
    if diff is None:
        return None
    _read_changes(diff, history, current)
    return history


def head(root: Path) -> str | None:
    """The commit checked out (None without git): the history changes only with it."""
    if os.environ.get(HISTORY_ENV, "").lower() == "off":
        return None
    return _git(root, "rev-parse", "--verify", "-q", "HEAD")


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


def _records(log: str) -> list[tuple[str, str, str, list[str]]]:
    """(commit, date, subject, the lines that follow) of each commit whose header has the expected shape."""
    found = []
    for record in log.split("\x00")[1:]:
        head, _, rest = record.partition("\n")
        match = _HEADER.match(head)
        if match:
            found.append((match.group(1), match.group(2), match.group(3), rest.split("\n")))
    return found


def _read_log(log: str, history: History) -> dict[str, str]:
    """Each claim file's commits (newest first) under its current name; returns every name a file
    had, mapped to its current one."""
    current: dict[str, str] = {}
    for commit, date, subject, lines in _records(log):
        revision = Revision(date, _shown(subject), commit)
        for line in lines:
            status, _, names = line.partition("\t")
            paths = names.split("\t")
            if not status or not paths[-1].endswith(".yml"):
                continue
            now = current.get(paths[-1], paths[-1])
            if status.startswith("R") and len(paths) == 2:  # older commits know it by its old name
                current[paths[0]] = now
            history.revisions.setdefault(now, []).append(revision)
    return current


def _shown(subject: str) -> str:
    """The subject as readers may see it: no invisible characters, at most MAX_SUBJECT_CHARS."""
    subject = "".join(ch for ch in subject if unicodedata.category(ch) not in _INVISIBLE)
    if len(subject) > MAX_SUBJECT_CHARS:
        subject = subject[: MAX_SUBJECT_CHARS - 1].rstrip() + "\u2026"
    return subject


def _read_changes(diff: str, history: History, current: dict[str, str]) -> None:
    """Each commit's verdict and publication lines, oldest commit first: a `-` and a `+` verdict
    line is a change; the first `+` publication line is the first publication date."""
    for commit, date, _, lines in _records(diff):
        path, old = "", ""
        for line in lines:
            if line.startswith("+++ "):
                name = line[6:] if line.startswith("+++ b/") else ""
                path, old = current.get(name, name), ""
            elif not path or not _TRACKED.match(line):
                continue
            elif line.startswith("-verdict:"):
                old = _value(line[1:])
            elif line.startswith("+verdict:"):
                new = _value(line[1:])
                if old and new != old:
                    history.verdicts.setdefault(path, []).append(VerdictChange(date, commit, old, new))
                history.last_verdict[path] = new
            elif line.startswith("+"):
                history.first_published.setdefault(path, _value(line[1:]))


def _value(line: str) -> str:
    """The verdict of a `verdict: x` line (quotes and a comment dropped)."""
    value = line.split(":", 1)[1].split(" #", 1)[0].strip()
    return value.strip("'\"")
