"""Two revisions of the project compared, for `factsite diff`.

Both revisions are read with git (only claims/ and seeds/, into temporary
folders) and loaded like any project. Claims are compared by slug,
excerpts by (source, stance, quote), sources by id. diff.py writes the
result for a reviewer.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.anchor.project import load_project
from generator.model import Claim, Evidence, Project, Source

# What a revision contributes: the project's content, nothing else.
CONTENT = ("claims", "seeds")
# git answers in well under a second here; a hung git must not hang CI.
GIT_TIMEOUT_SECONDS = 120
# The fields compared, in the order they are named in the output.
CLAIM_FIELDS = ("claim", "claimant", "date", "verdict", "summary", "tags", "reviewed")
EXCERPT_FIELDS = ("source", "stance", "quote", "prefix", "suffix", "occurrence", "note")
SOURCE_FIELDS = ("file", "title", "outlet", "url", "published", "sha256", "notes")

ExcerptKey = tuple[str, str, str]


class DiffError(Exception):
    """Not a git repository, an unknown revision, git failing, a bad --base-url: a usage error."""


@dataclass(frozen=True, slots=True)
class Side:
    """One revision, loaded."""

    rev: str  # as the user named it
    commit: str  # the full commit id
    project: Project
    errors: int  # how many error diagnostics `factsite check` would report

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(slots=True)
class ClaimChange:
    """A claim present on both sides whose file says something different."""

    old: Claim
    new: Claim
    fields: list[str]
    added: list[Evidence] = field(default_factory=list)
    removed: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class SourceChange:
    """A source added, changed or removed, and the claims citing it."""

    source: Source
    fields: list[str]
    cited_by: list[str]  # slugs


@dataclass(slots=True)
class Diff:
    base: Side
    head: Side
    added: list[Claim]
    removed: list[Claim]
    changed: list[ClaimChange]
    sources_added: list[SourceChange]
    sources_changed: list[SourceChange]
    sources_removed: list[SourceChange]

    @property
    def verdicts(self) -> list[ClaimChange]:
        return [c for c in self.changed if "verdict" in c.fields]


# --- reading revisions with git -------------------------------------------------------------


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT_SECONDS)
    except FileNotFoundError:
        raise DiffError("git is not installed (factsite diff reads revisions with git)") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {args[0]} took longer than {GIT_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def git_top(root: Path) -> tuple[Path, str]:
    """The top of `root`'s git repository, and the project folder's path in it ('' at the top)."""
    try:
        top, prefix = _git(root, "rev-parse", "--show-toplevel", "--show-prefix").decode().split("\n")[:2]
    except DiffError:
        raise DiffError(f"{root} is not in a git repository (factsite diff compares git revisions)") from None
    return Path(top), prefix.rstrip("/")


def rev_parse(root: Path, rev: str) -> str:
    """The full commit id `rev` names."""
    if not rev or rev.startswith("-"):
        raise DiffError(f"'{rev}' is not a revision")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except DiffError:
        raise DiffError(f"unknown revision '{rev}' (a branch, tag or commit of this repository)") from None


def export(top: Path, commit: str, prefix: str, dest: Path) -> None:
    """Write claims/ and seeds/ of the project at `commit` into `dest` (`top`: the repository)."""
    tree = f"{commit}:{prefix}" if prefix else commit
    try:
        names = _git(top, "ls-tree", "--name-only", tree).decode("utf-8", "replace").splitlines()
    except DiffError:
        return  # the project folder did not exist yet: an empty project
    present = [name for name in CONTENT if name in names]
    if present:
        archive = _git(top, "archive", "--format=tar", tree, "--", *present)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter=_inside)


def _inside(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's 'data' filter, skipping (not failing on) a member it refuses."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None  # e.g. a symbolic link leading out; the registry reports such a seed


def load_side(top: Path, prefix: str, rev: str, dest: Path) -> Side:
    commit = rev_parse(top, rev)
    dest.mkdir()
    export(top, commit, prefix, dest)
    project, diagnostics = load_project(dest)
    return Side(rev, commit, project, sum(d.is_error for d in diagnostics))


# --- comparing -----------------------------------------------------------------------------


def compare(root: Path, base: str, head: str = "HEAD") -> Diff:
    """The differences between the project under `root` at `base` and at `head`."""
    top, prefix = git_top(root)
    with tempfile.TemporaryDirectory(prefix="factsite-diff-") as tmp:
        old = load_side(top, prefix, base, Path(tmp) / "base")
        new = load_side(top, prefix, head, Path(tmp) / "head")
    return compare_sides(old, new)


def compare_sides(old: Side, new: Side) -> Diff:
    before = {c.slug: c for c in old.project.claims}
    after = {c.slug: c for c in new.project.claims}
    changed = [
        c for slug in sorted(before.keys() & after.keys()) if (c := claim_change(before[slug], after[slug])) is not None
    ]
    return Diff(
        old,
        new,
        added=[after[s] for s in sorted(after.keys() - before.keys())],
        removed=[before[s] for s in sorted(before.keys() - after.keys())],
        changed=changed,
        **_source_changes(old.project, new.project),
    )


def claim_change(old: Claim, new: Claim) -> ClaimChange | None:
    fields = [name for name in CLAIM_FIELDS if getattr(old, name) != getattr(new, name)]
    if _details(old) != _details(new):
        fields.append("evidence")
    if not fields:
        return None
    added, removed = _excerpt_delta(old.evidence, new.evidence)
    return ClaimChange(old, new, sorted(fields), added, removed)


def excerpt_key(excerpt: Evidence) -> ExcerptKey:
    """What makes an excerpt the same excerpt: its source, stance and quote."""
    return excerpt.source, excerpt.stance, excerpt.quote


def _details(claim: Claim) -> list[tuple[Any, ...]]:
    return [tuple(getattr(e, name) for name in EXCERPT_FIELDS) for e in claim.evidence]


def _excerpt_delta(old: list[Evidence], new: list[Evidence]) -> tuple[list[Evidence], list[Evidence]]:
    """Excerpts only in `new`, and only in `old` (as multisets of keys, in file order)."""
    return _minus(new, Counter(map(excerpt_key, old))), _minus(old, Counter(map(excerpt_key, new)))


def _minus(items: list[Evidence], other: Counter[ExcerptKey]) -> list[Evidence]:
    left = []
    for item in items:
        if other[excerpt_key(item)] > 0:
            other[excerpt_key(item)] -= 1
        else:
            left.append(item)
    return left


def _cite(project: Project, source_id: str) -> list[str]:
    return [c.slug for c in project.citing(source_id)]


def _source_changes(old: Project, new: Project) -> dict[str, list[SourceChange]]:
    changed = []
    for sid in sorted(old.sources.keys() & new.sources.keys()):
        fields = source_fields(old.sources[sid], new.sources[sid])
        if fields:
            changed.append(SourceChange(new.sources[sid], fields, _cite(new, sid)))
    return {
        "sources_added": [
            SourceChange(new.sources[s], [], _cite(new, s)) for s in sorted(new.sources.keys() - old.sources.keys())
        ],
        "sources_changed": changed,
        "sources_removed": [
            SourceChange(old.sources[s], [], _cite(old, s)) for s in sorted(old.sources.keys() - new.sources.keys())
        ],
    }


def source_fields(old: Source, new: Source) -> list[str]:
    """The registry fields that differ, and 'text' when the document itself changed."""
    fields = [name for name in SOURCE_FIELDS if getattr(old, name) != getattr(new, name)]
    return fields + (["text"] if old.actual_sha256 != new.actual_sha256 else [])
