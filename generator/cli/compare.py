"""Two revisions of the project compared, for `factsite diff`.

Both revisions are read with git (only claims/ and seeds/, into temporary
folders) and loaded like any project. Claims are compared by slug,
excerpts by (source, stance, quote), sources by id. diff.py writes the
result for a reviewer.

A claim removed under one slug and added under another is a rename, as
git detects renamed files, when it is clearly the same claim: the same
content apart from the file name, or (pair_renames) at least half of its
excerpts the same and its statement at least half the same words. A
rename with edits is one entry carrying its changes; it is never also
listed as added and removed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.anchor.project import load_project
from generator.cli.fields import CLAIM_FIELDS, EXCERPT_FIELDS, SOURCE_FIELDS, field_value
from generator.cli.worddiff import similarity
from generator.model import Claim, Evidence, Project, Source

# What a revision contributes: the project's content, nothing else.
CONTENT = ("claims", "seeds")
# git answers in well under a second here; a hung git must not hang CI.
GIT_TIMEOUT_SECONDS = 120
# A removed and an added claim are one claim renamed (with edits) when at least this share of
# the excerpts of the one with more excerpts are in both, and ...
RENAME_MIN_SHARED_EXCERPTS = 0.5
# ... their statements (`claim`) are at least this alike, word by word (difflib's ratio: 0.5
# is git's default rename threshold; a reworded sentence such as "37 million Chinese died in
# the Second World War." / "About 37 million Chinese died in World War II." scores 0.67).
RENAME_MIN_CLAIM_SIMILARITY = 0.5

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
    """A claim present on both sides whose file says something different, or renamed."""

    old: Claim
    new: Claim
    fields: list[str]
    added: list[Evidence] = field(default_factory=list)
    removed: list[Evidence] = field(default_factory=list)
    # Excerpts with the same source, stance and quote whose note, prefix, suffix or occurrence changed.
    edited: list[tuple[Evidence, Evidence]] = field(default_factory=list)


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
    renamed: list[ClaimChange] = field(default_factory=list)  # by new slug; `fields` may be empty

    @property
    def verdicts(self) -> list[ClaimChange]:
        """The claims whose verdict changed, renamed or not, by (new) slug."""
        both = sorted(self.changed + self.renamed, key=lambda c: c.new.slug)
        return [c for c in both if "verdict" in c.fields]


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
    added = [after[s] for s in sorted(after.keys() - before.keys())]
    removed = [before[s] for s in sorted(before.keys() - after.keys())]
    pairs = pair_renames(removed, added)
    renamed = [_claim_delta(a, b) for a, b in sorted(pairs, key=lambda pair: pair[1].slug)]
    gone = {id(c) for pair in pairs for c in pair}
    return Diff(
        old,
        new,
        added=[c for c in added if id(c) not in gone],
        removed=[c for c in removed if id(c) not in gone],
        changed=changed,
        renamed=renamed,
        **_source_changes(old.project, new.project),
    )


def claim_change(old: Claim, new: Claim) -> ClaimChange | None:
    """What changed in a claim kept under its slug; None when nothing did."""
    change = _claim_delta(old, new)
    return change if change.fields else None


def _claim_delta(old: Claim, new: Claim) -> ClaimChange:
    fields = [name for name in CLAIM_FIELDS if field_value(old, name) != field_value(new, name)]
    if _details(old) != _details(new):
        fields.append("evidence")
    added, removed, edited = _excerpt_delta(old.evidence, new.evidence)
    return ClaimChange(old, new, sorted(fields), added, removed, edited)


def _content(claim: Claim) -> tuple[Any, ...]:
    """Everything a claim file says but its name (hashable: tags as a tuple)."""
    return (*(field_value(claim, name) for name in CLAIM_FIELDS), tuple(_details(claim)))


def pair_renames(removed: list[Claim], added: list[Claim]) -> list[tuple[Claim, Claim]]:
    """(old, new) pairs of removed and added claims that are one claim renamed.

    First the claims whose content is identical; then, among the rest, the pairs alike
    enough (rename_score), best first; ties go to the first slugs in order, so the pairing
    never depends on anything but the two revisions. Only claims sharing an excerpt are
    scored, so that a thousand claims renamed at once stay fast.
    """
    pairs: list[tuple[Claim, Claim]] = []
    same: dict[tuple[Any, ...], list[Claim]] = defaultdict(list)
    for claim in added:
        same[_content(claim)].append(claim)
    rest = []
    for claim in removed:
        twins = same.get(_content(claim))
        if twins:
            pairs.append((claim, twins.pop(0)))
        else:
            rest.append(claim)
    paired = {id(new) for _, new in pairs}
    left = [c for c in added if id(c) not in paired]
    citing: dict[ExcerptKey, set[int]] = defaultdict(set)
    for j, claim in enumerate(left):
        for excerpt in claim.evidence:
            citing[excerpt_key(excerpt)].add(j)
    scored = []
    for i, claim in enumerate(rest):
        for j in sorted(set().union(*(citing.get(excerpt_key(e), set()) for e in claim.evidence))):
            score = rename_score(claim, left[j])
            if score is not None:
                scored.append((-score, claim.slug, left[j].slug, i, j))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for _, _, _, i, j in sorted(scored):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((rest[i], left[j]))
    return pairs


def rename_score(old: Claim, new: Claim) -> float | None:
    """How alike two claims are (0 to 1), or None when they are not clearly the same claim."""
    shared = sum((Counter(map(excerpt_key, old.evidence)) & Counter(map(excerpt_key, new.evidence))).values())
    excerpts = shared / max(len(old.evidence), len(new.evidence), 1)
    words = similarity(old.claim, new.claim)
    if excerpts < RENAME_MIN_SHARED_EXCERPTS or words < RENAME_MIN_CLAIM_SIMILARITY:
        return None
    return (excerpts + words) / 2


def excerpt_key(excerpt: Evidence) -> ExcerptKey:
    """What makes an excerpt the same excerpt: its source, stance and quote."""
    return excerpt.source, excerpt.stance, excerpt.quote


def _details(claim: Claim) -> list[tuple[Any, ...]]:
    return [_detail(e) for e in claim.evidence]


def _excerpt_delta(
    old: list[Evidence], new: list[Evidence]
) -> tuple[list[Evidence], list[Evidence], list[tuple[Evidence, Evidence]]]:
    """Excerpts only in `new`, only in `old` (in file order), and (old, new) pairs with the same
    key whose other fields differ (the n-th excerpt with a key on one side pairs with the n-th
    on the other)."""
    pending: dict[ExcerptKey, list[Evidence]] = defaultdict(list)
    for excerpt in old:
        pending[excerpt_key(excerpt)].append(excerpt)
    added, edited = [], []
    for excerpt in new:
        twins = pending.get(excerpt_key(excerpt))
        if not twins:
            added.append(excerpt)
        elif _detail(before := twins.pop(0)) != _detail(excerpt):
            edited.append((before, excerpt))
    left = {id(e) for twins in pending.values() for e in twins}
    return added, [e for e in old if id(e) in left], edited


def _detail(excerpt: Evidence) -> tuple[Any, ...]:
    return tuple(getattr(excerpt, name) for name in EXCERPT_FIELDS)


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
