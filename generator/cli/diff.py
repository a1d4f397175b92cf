"""`factsite diff BASE [HEAD]`: what changed in the claims and sources between two revisions.

compare.py reads and compares the two revisions; this module writes the
result. The Markdown is meant for a reviewer, and is posted as a pull
request comment: every text that comes from a claim or the registry is
shown in inline code, so that it cannot mention anyone, link, embed an
image or raw HTML. That holds for the word diffs of edited text too
(worddiff.py): each hunk, markers and all, is one inline code span.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from typing import Any

from generator.cli.compare import ClaimChange, Diff, DiffError, Side, SourceChange, compare
from generator.cli.fields import CLAIM_TEXT_FIELDS, EXCERPT_FIELDS, EXCERPT_TEXT_FIELDS, field_value
from generator.cli.usage import UsageError, project_folder
from generator.cli.worddiff import ops_json, plain_hunks, word_ops
from generator.load.claims import SLUG
from generator.model import Claim, Evidence

# How much of a claim's text and of a quote a summary line shows.
CLAIM_CHARS = 200
QUOTE_CHARS = 160
# A --base-url is pasted into Markdown links: plain http(s), no spaces or brackets.
BASE_URL = re.compile(r"^https?://[^\s()<>\[\]`\"']+$")
# Characters that reorder or hide text (bidirectional overrides): dropped from shown text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Claim fields shown as old → new when they change (the verdict has its own section).
VALUE_FIELDS = ("said", "status", "author", "reviewers", "published", "updated", "corrections", "tags")


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    try:
        base_url = check_base_url(args.base_url) if args.base_url else None
        sys.stdout.write(format_diff(compare(root, args.base, args.head), args.format, base_url))
    except DiffError as exc:
        raise UsageError(str(exc)) from None
    return 0


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
        lines += self.section(
            "Verdict changes",
            [f"- {self.claim_link(c.new.slug)}: {code(c.old.verdict)} → {code(c.new.verdict)}" for c in d.verdicts],
        )
        lines += self.section(
            "Claims added",
            [f"- {self.claim_link(c.slug)} {code(c.verdict)}: {code(c.claim, CLAIM_CHARS)}" for c in d.added],
        )
        lines += self.section("Claims renamed", [line for c in d.renamed for line in self.renamed(c)])
        lines += self.section("Claims changed", [line for c in d.changed for line in self.changed(c)])
        lines += self.section(
            "Claims removed", [f"- {code(c.slug)} {code(c.verdict)}: {code(c.claim, CLAIM_CHARS)}" for c in d.removed]
        )
        lines += self.sources()
        return "\n".join(lines).rstrip("\n") + "\n"

    def warnings(self) -> list[str]:
        sides = [(name, s) for name, s in (("base", self.diff.base), ("head", self.diff.head)) if s.errors]
        return [
            f"**Warning:** the {name} revision {code(s.short)} has {s.errors} "
            f"error{'s' if s.errors != 1 else ''} (`factsite check` lists them); "
            "this comparison covers what could be read."
            for name, s in sides
        ] + ([""] if sides else [])

    def changed(self, c: ClaimChange) -> list[str]:
        return [f"- {self.claim_link(c.new.slug)}: {', '.join(c.fields)} changed", *self.details(c)]

    def renamed(self, c: ClaimChange) -> list[str]:
        edits = f": {', '.join(c.fields)} changed" if c.fields else ""
        return [f"- {code(c.old.slug)} → {self.claim_link(c.new.slug)}{edits}", *self.details(c)]

    def details(self, c: ClaimChange) -> list[str]:
        """One item per changed field: text word by word, other values old → new, evidence."""
        lines = []
        for name in c.fields:
            old, new = field_value(c.old, name), field_value(c.new, name)
            if name in CLAIM_TEXT_FIELDS:
                lines += words(name, old, new, "  ")
            elif name in VALUE_FIELDS:
                lines.append(f"  - {name}: {code(_value(old))} → {code(_value(new))}")
        lines += [self.excerpt("added", e) for e in c.added] + [self.excerpt("removed", e) for e in c.removed]
        for before, after in c.edited:
            lines.append(self.excerpt("edited", after))
            for name in _excerpt_fields(before, after):
                old, new = getattr(before, name), getattr(after, name)
                if name in EXCERPT_TEXT_FIELDS:
                    lines += words(name, old, new, "    ")
                else:
                    lines.append(f"    - {name}: {code(_value(old))} → {code(_value(new))}")
        if "evidence" in c.fields and not (c.added or c.removed or c.edited):
            lines.append("  - evidence reordered")
        return lines

    def sources(self) -> list[str]:
        d = self.diff
        return (
            self.section(
                "Sources added", [f"- {code(s.source.id)}: {self.cited_by(s.cited_by)}" for s in d.sources_added]
            )
            + self.section(
                "Sources changed",
                [
                    f"- {code(s.source.id)}: {', '.join(s.fields)} changed; {self.cited_by(s.cited_by)}"
                    for s in d.sources_changed
                ],
            )
            + self.section(
                "Sources removed",
                [f"- {code(s.source.id)}: {self.cited_by(s.cited_by, True)}" for s in d.sources_removed],
            )
        )

    @staticmethod
    def section(title: str, items: list[str]) -> list[str]:
        return [f"### {title}", "", *items, ""] if items else []


def words(label: str, old: str | None, new: str | None, indent: str) -> list[str]:
    """A changed text as word-diff hunks, each in inline code: one item, or one per hunk."""
    hunks, more = plain_hunks(word_ops(old or "", new or ""))
    if not hunks:
        return [f"{indent}- {label}: only spacing or line breaks changed"]
    if len(hunks) == 1 and not more:
        return [f"{indent}- {label}: {code(hunks[0])}"]
    rest = [f"{indent}  - and {_count(more, 'more change')}"] if more else []
    return [f"{indent}- {label}:", *(f"{indent}  - {code(h)}" for h in hunks), *rest]


def _value(value: str | int | list[str] | tuple[str, ...] | None) -> str:
    return "; ".join(value) if isinstance(value, (list, tuple)) else "" if value is None else str(value)


def _excerpt_fields(old: Evidence, new: Evidence) -> list[str]:
    return [name for name in EXCERPT_FIELDS if getattr(old, name) != getattr(new, name)]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def totals(d: Diff) -> str:
    """One sentence: how much changed."""
    claims = [f"{len(d.added)} added"] * bool(d.added) + [f"{len(d.renamed)} renamed"] * bool(d.renamed)
    claims += [f"{len(d.changed)} changed"] * bool(d.changed)
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


def diff_json(diff: Diff, base_url: str | None = None) -> str:
    def url(slug: str) -> str | None:
        return claim_url(base_url, slug)

    payload = {
        "base": _side(diff.base),
        "head": _side(diff.head),
        "claims": {
            "added": [_claim(c, url(c.slug)) for c in diff.added],
            "renamed": [
                {"from": c.old.slug, "to": c.new.slug, **_change(c, url(c.new.slug), slug=False)} for c in diff.renamed
            ],
            "changed": [_change(c, url(c.new.slug)) for c in diff.changed],
            "removed": [_claim(c, None) for c in diff.removed],
        },
        "verdicts": [
            {"slug": c.new.slug, "old": c.old.verdict, "new": c.new.verdict, "url": url(c.new.slug)}
            for c in diff.verdicts
        ],
        "sources": {
            name: [_source(s) for s in getattr(diff, f"sources_{name}")] for name in ("added", "changed", "removed")
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _side(side: Side) -> dict[str, Any]:
    return {"rev": side.rev, "commit": side.commit, "errors": side.errors}


def _claim(claim: Claim, url: str | None) -> dict[str, Any]:
    return {
        "slug": claim.slug,
        "claim": claim.claim,
        "verdict": claim.verdict,
        "url": url,
        "evidence": [_excerpt(e) for e in claim.evidence],
    }


def _change(c: ClaimChange, url: str | None, slug: bool = True) -> dict[str, Any]:
    return {
        **({"slug": c.new.slug} if slug else {}),
        "url": url,
        "fields": c.fields,
        "verdict": {"old": c.old.verdict, "new": c.new.verdict} if "verdict" in c.fields else None,
        **_edits(c.old, c.new, [f for f in c.fields if f != "evidence"], CLAIM_TEXT_FIELDS),
        "evidence": {
            "added": [_excerpt(e) for e in c.added],
            "removed": [_excerpt(e) for e in c.removed],
            "edited": [
                {**_excerpt(b), "fields": (f := _excerpt_fields(a, b)), **_edits(a, b, f, EXCERPT_TEXT_FIELDS)}
                for a, b in c.edited
            ],
        },
    }


def _edits(old: Any, new: Any, fields: list[str], text_fields: tuple[str, ...]) -> dict[str, Any]:
    """`text`: each changed free-text field, old, new and word diff; `values`: the other fields."""
    pairs = {name: (getattr(old, name), getattr(new, name)) for name in fields if name != "verdict"}
    return {
        "text": {
            name: {"old": a, "new": b, "diff": ops_json(word_ops(a or "", b or ""))}
            for name, (a, b) in pairs.items()
            if name in text_fields
        },
        "values": {name: {"old": a, "new": b} for name, (a, b) in pairs.items() if name not in text_fields},
    }


def _excerpt(e: Evidence) -> dict[str, str]:
    return {"source": e.source, "stance": e.stance, "quote": e.quote}


def _source(s: SourceChange) -> dict[str, Any]:
    return {"id": s.source.id, "title": s.source.title, "fields": s.fields, "cited_by": s.cited_by}


def format_diff(diff: Diff, fmt: str, base_url: str | None = None) -> str:
    """The diff as Markdown or JSON."""
    return diff_json(diff, base_url) if fmt == "json" else Markdown(diff, base_url).render()


def check_base_url(value: str) -> str:
    """`value` if it can go into a Markdown link, else DiffError."""
    if not BASE_URL.match(value):
        raise DiffError(f"--base-url must be an http(s) URL without spaces, quotes or brackets, not '{value}'")
    return value.rstrip("/")
