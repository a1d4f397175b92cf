"""The editorial record of a claim (format v2): who said it and when, the byline, dates, corrections.

A v1 file stays valid: its plain-text `claimant` is the claimant's name,
its `date` is when the claim was made, its `reviewed` is the day the
fact-check was published. A file that uses any v2 field is held to the
whole record (`incomplete-record`): readers of a published fact-check
must see who made the claim, the bottom line, who checked it and when.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from generator.errors import START, Diagnostic, Pos
from generator.load import mdsafe
from generator.load.people import People, check_people
from generator.load.yamlsafe import Document, Map, node_at
from generator.model import CORRECTION_KINDS, SLUG, Appearance, Claim, Claimant, Correction

# The fields only a v2 file has: any one of them makes the file v2.
V2_FIELDS = ("said", "bottom_line", "status", "author", "reviewers", "published", "updated", "corrections")
# The v1 fields and the v2 fields that replace them: a file may not give both.
RENAMED = (("reviewed", ("published",)), ("date", ("said", "date")))
# What a published v2 record must have, and how to say each is missing.
RECORD_NEEDS = (
    ("claimant", "who made the claim (claimant: {name: ...})"),
    ("bottom_line", "a one-sentence bottom line (bottom_line: ...)"),
    ("author", "who wrote the fact-check (author: an id in claims/people.yml)"),
)


def _text(value: dict[str, Any], key: str) -> str:
    item = value.get(key)
    return item if isinstance(item, str) else ""


def record_fields(value: dict[str, Any], pos_of: Any) -> dict[str, Any]:
    """The Claim's record fields from the file's plain `value` (v1 names mapped); `pos_of(*path)` places a node."""
    said = value.get("said") if isinstance(value.get("said"), dict) else {}
    reviewers = value.get("reviewers")
    return {
        "claimant": _claimant(value.get("claimant")),
        "said": Appearance(
            date=_text(said, "date") or _text(value, "date"),
            source=_text(said, "source"),
            where=_text(said, "where"),
            url=_text(said, "url"),
        ),
        "published": _text(value, "published") or _text(value, "reviewed"),
        "bottom_line": _text(value, "bottom_line"),
        "open_questions": _text(value, "open_questions"),
        "author": _text(value, "author"),
        "reviewers": [r for r in reviewers if isinstance(r, str)] if isinstance(reviewers, list) else [],
        "updated": _text(value, "updated"),
        "status": _text(value, "status") or "published",
        "corrections": _corrections(value.get("corrections"), pos_of),
        "v2": any(key in value for key in V2_FIELDS) or isinstance(value.get("claimant"), dict),
    }


def _claimant(value: Any) -> Claimant | None:
    if isinstance(value, str) and value.strip():
        # v1: the name; ClaimReview called every v1 claimant an Organization (they were mostly outlets)
        return Claimant(value.strip(), kind="organization")
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        return None
    kind = value.get("kind") if value.get("kind") in ("person", "organization") else "person"
    return Claimant(value["name"].strip(), _text(value, "role"), kind)


def _corrections(value: Any, pos_of: Any) -> list[Correction]:
    items = value if isinstance(value, list) else []
    return [
        Correction(_text(item, "date"), _text(item, "kind"), _text(item, "text"), pos_of("corrections", index), index)
        for index, item in enumerate(items)
        if isinstance(item, dict) and _text(item, "kind") in CORRECTION_KINDS and _text(item, "text")
    ]


def check_record(
    doc: Document, claim: Claim, value: dict[str, Any], people: People | None, ids: Iterable[str] = ()
) -> list[Diagnostic]:
    """Every problem of the claim's record: v1 and v2 names both given, an incomplete v2 record,
    a claimant named by an id (`ids`: the source ids), unknown people, dates out of order."""
    found = _both_forms(doc, value) + _incomplete(doc, claim, value) + _dates(doc, claim)
    found += _claimant_id(doc, claim, {*ids, *(people or {})})
    named = [(claim.author, _pos(doc, "author"))] if claim.author else []
    named += [(r, _pos(doc, "reviewers", i)) for i, r in enumerate(claim.reviewers)]
    return found + (check_people(doc.path, named, people) if people is not None or claim.v2 else [])


def _claimant_id(doc: Document, claim: Claim, ids: set[str]) -> list[Diagnostic]:
    """A warning when the claimant's name is an id (a source's or a person's) or looks like one:
    readers would read a slug where a name belongs, and so would search engines (ClaimReview)."""
    name = claim.claimant.name if claim.claimant else ""
    if not name or not (name in ids or (SLUG.match(name) and "-" in name)):
        return []
    written_as_map = isinstance(node_at(doc.root, ("claimant",)), Map)
    where = _pos(doc, "claimant", "name") if written_as_map else _pos(doc, "claimant")
    return [
        Diagnostic.at(
            doc.path,
            where,
            "claimant-id",
            f"the claimant '{name}' is an id, not a name readers can read",
            "write who made the claim as readers should see it, e.g. claimant: {name: Vladimir Putin, "
            "role: President of Russia}, and give the source it appears in as said: {source: ID}",
            severity="warning",
        )
    ]


def _pos(doc: Document, *path: str | int) -> Pos:
    node = node_at(doc.root, path)
    return node.pos if node is not None else START


def _key_pos(doc: Document, key: str) -> Pos:
    root = doc.root
    return root.keys[key].pos if isinstance(root, Map) and key in root.keys else START


def _both_forms(doc: Document, value: dict[str, Any]) -> list[Diagnostic]:
    found = []
    for old, new in RENAMED:
        given = value.get(new[0])
        has_new = new[0] in value if len(new) == 1 else isinstance(given, dict) and new[1] in given
        if old in value and has_new:
            name = ".".join(new)
            found.append(
                Diagnostic.at(
                    doc.path,
                    _key_pos(doc, old),
                    "old-and-new-field",
                    f"'{old}' (format v1) and '{name}' say the same thing, and both are given",
                    f"keep '{name}' and remove '{old}'",
                )
            )
    return found


def _incomplete(doc: Document, claim: Claim, value: dict[str, Any]) -> list[Diagnostic]:
    """A published claim without a publication day is an error; a v2 one without its record, a warning
    (a field that is there but wrong has its own error)."""
    if claim.is_draft:
        return []
    found = []
    if not claim.published:
        found.append(
            Diagnostic.at(
                doc.path,
                START,
                "missing-field",
                "missing required field 'published'",
                "the day the fact-check was first published, as YYYY-MM-DD (or `status: draft` while it is not)",
            )
        )
    missing = [words for name, words in RECORD_NEEDS if name not in value] if claim.v2 else []
    if missing:
        found.append(
            Diagnostic.at(
                doc.path,
                START,
                "incomplete-record",
                "a published fact-check must say " + "; ".join(missing),
                "add the missing fields (editor guide, 'The claim file'), or set `status: draft` until it is ready",
                severity="warning",
            )
        )
    return found


def _dates(doc: Document, claim: Claim) -> list[Diagnostic]:
    """An update or correction dated before publication, and corrections not newest first."""
    found = []
    if claim.updated and claim.published and claim.updated < claim.published:
        found.append(
            _order(doc, _pos(doc, "updated"), f"'updated' ({claim.updated}) is before 'published' ({claim.published})")
        )
    for c in claim.corrections:
        if claim.published and c.date and c.date < claim.published:
            found.append(
                _order(doc, c.pos, f"this {c.kind} ({c.date}) is dated before publication ({claim.published})")
            )
    dates = [c.date for c in claim.corrections if c.date]
    if claim.updated and dates and max(dates) > claim.updated:
        message = f"'updated' ({claim.updated}) is before the newest correction ({max(dates)})"
        found.append(_order(doc, _pos(doc, "updated"), message))
    if dates != sorted(dates, reverse=True):
        found.append(_order(doc, claim.corrections[0].pos, "the corrections are not listed newest first"))
    return found


def _order(doc: Document, pos: Pos, message: str) -> Diagnostic:
    hint = "check the dates: corrections come after publication, and are listed newest first"
    return Diagnostic.at(doc.path, pos, "date-order", message, hint, severity="warning")


def claim_links(doc: Document, claim: Claim) -> list[tuple[str, Pos]]:
    """The claims (by slug) the claim's Markdown links to, with where each link is (for `draft-linked`)."""
    fields = [(claim.summary, _pos(doc, "summary")), (claim.open_questions, _pos(doc, "open_questions"))]
    fields += [(e.note, _pos(doc, "evidence", e.index - 1, "note")) for e in claim.evidence if e.note]
    fields += [(c.text, c.pos) for c in claim.corrections]
    found = []
    for markdown, pos in fields:
        for _line, href in mdsafe.relative_links(markdown):
            target = posixpath.normpath(posixpath.join("claims", href.split("#")[0]))
            if target.startswith("claims/") and target.endswith(".md") and target.count("/") == 1:
                found.append((target[len("claims/") : -len(".md")], pos))
    return found
