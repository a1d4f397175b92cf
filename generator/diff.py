"""`factsite diff BASE [HEAD]`: what changed in the claims and sources between two revisions.

Both revisions are read with git (only claims/ and seeds/, into temporary
folders) and loaded like any project. Claims are compared by slug,
excerpts by (source, stance, quote), sources by id. The Markdown is meant
for a reviewer, and is posted as a pull request comment: every text that
comes from a claim or the registry is shown in inline code, so that it
cannot mention anyone, link, embed an image or raw HTML.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .claims import SLUG
from .model import Claim, Evidence, Project, Source
from .project import load_project

# What a revision contributes: the project's content, nothing else.
CONTENT = ("claims", "seeds")
# git answers in well under a second here; a hung git must not hang CI.
GIT_TIMEOUT_SECONDS = 120
# How much of a claim's text and of a quote a summary line shows.
CLAIM_CHARS = 200
QUOTE_CHARS = 160
# The fields compared, in the order they are named in the output.
CLAIM_FIELDS = ("claim", "claimant", "date", "verdict", "summary", "tags", "reviewed")
EXCERPT_FIELDS = ("source", "stance", "quote", "prefix", "suffix", "occurrence", "note")
SOURCE_FIELDS = ("file", "title", "outlet", "url", "published", "sha256", "notes")
# A --base-url is pasted into Markdown links: plain http(s), no spaces or brackets.
BASE_URL = re.compile(r"^https?://[^\s()<>\[\]`\"']+$")
# Characters that reorder or hide text (bidirectional overrides): dropped from shown text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

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


def locate(root: Path) -> tuple[Path, str]:
    """The top of `root`'s git repository, and the project folder's path in it ('' at the top)."""
    try:
        top, prefix = _git(root, "rev-parse", "--show-toplevel", "--show-prefix").decode().split("\n")[:2]
    except DiffError:
        raise DiffError(f"{root} is not in a git repository (factsite diff compares git revisions)") from None
    return Path(top), prefix.rstrip("/")


def resolve(root: Path, rev: str) -> str:
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
    commit = resolve(top, rev)
    dest.mkdir()
    export(top, commit, prefix, dest)
    project, diagnostics = load_project(dest)
    return Side(rev, commit, project, sum(d.is_error for d in diagnostics))


# --- comparing -----------------------------------------------------------------------------


def compare(root: Path, base: str, head: str = "HEAD") -> Diff:
    """The differences between the project under `root` at `base` and at `head`."""
    top, prefix = locate(root)
    with tempfile.TemporaryDirectory(prefix="factsite-diff-") as tmp:
        old = load_side(top, prefix, base, Path(tmp) / "base")
        new = load_side(top, prefix, head, Path(tmp) / "head")
    return compare_sides(old, new)


def compare_sides(old: Side, new: Side) -> Diff:
    before = {c.slug: c for c in old.project.claims}
    after = {c.slug: c for c in new.project.claims}
    changed = [c for slug in sorted(before.keys() & after.keys())
               if (c := claim_change(before[slug], after[slug])) is not None]
    return Diff(old, new,
                added=[after[s] for s in sorted(after.keys() - before.keys())],
                removed=[before[s] for s in sorted(before.keys() - after.keys())],
                changed=changed, **_source_changes(old.project, new.project))


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
        "sources_added": [SourceChange(new.sources[s], [], _cite(new, s))
                          for s in sorted(new.sources.keys() - old.sources.keys())],
        "sources_changed": changed,
        "sources_removed": [SourceChange(old.sources[s], [], _cite(old, s))
                            for s in sorted(old.sources.keys() - new.sources.keys())],
    }


def source_fields(old: Source, new: Source) -> list[str]:
    """The registry fields that differ, and 'text' when the document itself changed."""
    fields = [name for name in SOURCE_FIELDS if getattr(old, name) != getattr(new, name)]
    return fields + (["text"] if old.actual_sha256 != new.actual_sha256 else [])


# --- Markdown ------------------------------------------------------------------------------


def code(text: str, limit: int | None = None) -> str:
    """`text` as one inline code span: nothing in it is rendered, mentioned or linked."""
    text = " ".join("".join(ch for ch in text if _shown(ch)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    if not text:
        return "*(empty)*"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _shown(ch: str) -> bool:
    """Whether a character stays in shown text: no control characters, no bidi overrides."""
    return ch in " \t\n" or (unicodedata.category(ch) != "Cc" and ch not in BIDI_CONTROLS)


class Markdown:
    """Renders a Diff for a reviewer; `base_url` turns claim slugs into preview links."""

    def __init__(self, diff: Diff, base_url: str | None = None) -> None:
        self.diff = diff
        self.base_url = base_url.rstrip("/") if base_url else None

    def claim_link(self, slug: str) -> str:
        url = claim_url(self.base_url, slug)
        return f"[{code(slug)}]({url})" if url else code(slug)

    def excerpt(self, verb: str, e: Evidence) -> str:
        return f"  - evidence {verb}: {code(e.stance)} from {code(e.source)}: {code(e.quote, QUOTE_CHARS)}"

    def cited_by(self, slugs: list[str], past: bool = False) -> str:
        if not slugs:
            return "cited by no claim"
        return ("was cited by " if past else "cited by ") + ", ".join(self.claim_link(s) for s in slugs)

    def render(self) -> str:
        d = self.diff
        lines = [f"## Claims and sources: {code(d.base.short)} → {code(d.head.short)}", ""]
        lines += self.warnings() + [totals(d), ""]
        lines += self.section("Verdict changes", [
            f"- {self.claim_link(c.new.slug)}: {code(c.old.verdict)} → {code(c.new.verdict)}" for c in d.verdicts])
        lines += self.section("Claims added", [
            f"- {self.claim_link(c.slug)} {code(c.verdict)}: {code(c.claim, CLAIM_CHARS)}" for c in d.added])
        lines += self.section("Claims changed", [line for c in d.changed for line in self.changed(c)])
        lines += self.section("Claims removed", [
            f"- {code(c.slug)} {code(c.verdict)}: {code(c.claim, CLAIM_CHARS)}" for c in d.removed])
        lines += self.sources()
        return "\n".join(lines).rstrip("\n") + "\n"

    def warnings(self) -> list[str]:
        sides = [(name, s) for name, s in (("base", self.diff.base), ("head", self.diff.head)) if s.errors]
        return [f"**Warning:** the {name} revision {code(s.short)} has {s.errors} "
                f"error{'s' if s.errors != 1 else ''} (`factsite check` lists them); "
                "this comparison covers what could be read." for name, s in sides] + ([""] if sides else [])

    def changed(self, c: ClaimChange) -> list[str]:
        head = f"- {self.claim_link(c.new.slug)}: {', '.join(c.fields)} changed"
        return [head] + [self.excerpt("added", e) for e in c.added] + [self.excerpt("removed", e) for e in c.removed]

    def sources(self) -> list[str]:
        d = self.diff
        return (self.section("Sources added", [f"- {code(s.source.id)}: {self.cited_by(s.cited_by)}"
                                               for s in d.sources_added])
                + self.section("Sources changed", [
                    f"- {code(s.source.id)}: {', '.join(s.fields)} changed; {self.cited_by(s.cited_by)}"
                    for s in d.sources_changed])
                + self.section("Sources removed", [f"- {code(s.source.id)}: {self.cited_by(s.cited_by, True)}"
                                                   for s in d.sources_removed]))

    @staticmethod
    def section(title: str, items: list[str]) -> list[str]:
        return [f"### {title}", "", *items, ""] if items else []


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def totals(d: Diff) -> str:
    """One sentence: how much changed."""
    claims = [f"{len(d.added)} added"] * bool(d.added) + [f"{len(d.changed)} changed"] * bool(d.changed)
    claims += [f"{len(d.removed)} removed"] * bool(d.removed)
    sources = [f"{len(d.sources_added)} added"] * bool(d.sources_added)
    sources += [f"{len(d.sources_changed)} changed"] * bool(d.sources_changed)
    sources += [f"{len(d.sources_removed)} removed"] * bool(d.sources_removed)
    if not claims and not sources:
        return "No change to the claims or sources."
    parts = [f"claims: {', '.join(claims)}"] * bool(claims)
    parts += [f"verdicts changed: {len(d.verdicts)}"] * bool(d.verdicts)
    parts += [f"sources: {', '.join(sources)}"] * bool(sources)
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


# --- JSON ----------------------------------------------------------------------------------


def claim_url(base_url: str | None, slug: str) -> str | None:
    """The preview address of a claim's page, when there is a base URL and a valid slug."""
    return f"{base_url.rstrip('/')}/claims/{slug}/" if base_url and SLUG.match(slug) else None


def as_json(diff: Diff, base_url: str | None = None) -> str:
    def url(slug: str) -> str | None:
        return claim_url(base_url, slug)

    payload = {
        "base": _side(diff.base), "head": _side(diff.head),
        "claims": {
            "added": [_claim(c, url(c.slug)) for c in diff.added],
            "changed": [_change(c, url(c.new.slug)) for c in diff.changed],
            "removed": [_claim(c, None) for c in diff.removed],
        },
        "verdicts": [{"slug": c.new.slug, "old": c.old.verdict, "new": c.new.verdict, "url": url(c.new.slug)}
                     for c in diff.verdicts],
        "sources": {name: [_source(s) for s in getattr(diff, f"sources_{name}")]
                    for name in ("added", "changed", "removed")},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _side(side: Side) -> dict[str, Any]:
    return {"rev": side.rev, "commit": side.commit, "errors": side.errors}


def _claim(claim: Claim, url: str | None) -> dict[str, Any]:
    return {"slug": claim.slug, "claim": claim.claim, "verdict": claim.verdict, "url": url,
            "evidence": [_excerpt(e) for e in claim.evidence]}


def _change(c: ClaimChange, url: str | None) -> dict[str, Any]:
    return {"slug": c.new.slug, "url": url, "fields": c.fields,
            "verdict": {"old": c.old.verdict, "new": c.new.verdict} if "verdict" in c.fields else None,
            "evidence": {"added": [_excerpt(e) for e in c.added], "removed": [_excerpt(e) for e in c.removed]}}


def _excerpt(e: Evidence) -> dict[str, str]:
    return {"source": e.source, "stance": e.stance, "quote": e.quote}


def _source(s: SourceChange) -> dict[str, Any]:
    return {"id": s.source.id, "title": s.source.title, "fields": s.fields, "cited_by": s.cited_by}


def render(diff: Diff, fmt: str, base_url: str | None = None) -> str:
    """The diff as Markdown or JSON."""
    return as_json(diff, base_url) if fmt == "json" else Markdown(diff, base_url).render()


def check_base_url(value: str) -> str:
    """`value` if it can go into a Markdown link, else DiffError."""
    if not BASE_URL.match(value):
        raise DiffError(f"--base-url must be an http(s) URL without spaces, quotes or brackets, not '{value}'")
    return value.rstrip("/")
