"""Claim files: read, type by the schema, check what the schema cannot.

The schema checks each field; here we check the file name (the slug),
references to sources, verdicts against their evidence, and the editors'
Markdown. Everything is collected: a file with five problems gets five
diagnostics, and the claim is still built from what is usable so that
later stages can report their problems too.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

from generator.errors import START, Diagnostic, Pos
from generator.load import mdsafe
from generator.load.desk import DESK_FILES, Desk
from generator.load.record import check_record, claim_links, record_fields
from generator.load.schema import did_you_mean, validate
from generator.load.tags import Vocabulary, check_tags
from generator.load.yamlsafe import MAX_CLAIM_BYTES, Document, Map, Node, Places, load_bytes, node_at, too_large
from generator.model import RESERVED_SLUGS, SLUG, STANCES, Claim, Evidence, Source

# The schema's maximum for `occurrence`: a larger one is reported there, and not used to pick a span.
MAX_OCCURRENCE = 100_000
# Slugs are URLs and file names: keep them readable and portable.
MAX_SLUG_LENGTH = 100

# What each verdict needs among its excerpts, and how to say it is missing.
VERDICT_NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "supported": (("supports", "a supporting"),),
    "mostly-supported": (("supports", "a supporting"),),
    "contradicted": (("contradicts", "a contradicting"),),
    "disputed": (("supports", "a supporting"), ("contradicts", "a contradicting")),
    "unverified": (),
}


def slugify(name: str) -> str:
    """A slug close to `name`, for hints."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_SLUG_LENGTH] or "claim"


def load_claim(
    root: Path, rel: str, sources: dict[str, Source] | None, desk: Desk | None = None
) -> tuple[Claim | None, list[Diagnostic]]:
    """Load claims/<slug>.yml (`rel`, relative to `root`) and check it.

    `sources` is None when the registry itself could not be read: source
    ids are then not checked (the registry's own error says why); so with
    the desk's tags and people (claims/tags.yml or people.yml missing or unreadable).
    """
    desk = desk or Desk()
    diagnostics = _check_filename(rel)
    doc = read_claim(root, rel)
    value, problems = validate(doc, "claim")
    diagnostics += doc.diagnostics + problems
    if not isinstance(value, dict) or not isinstance(doc.root, Map):
        return None, diagnostics
    claim = _build(rel, value, _node_places(doc), lambda *path: _pos(doc, *path))
    claim.links, claim.verdict_pos = claim_links(doc, claim), _pos(doc, "verdict")
    diagnostics += _check_sources(doc, claim, sources) + _check_verdict(doc, claim, len(items_of(value)))
    diagnostics += mdsafe.check_claim(doc, claim) + _check_tags(doc, claim, desk.tags)
    diagnostics += check_record(doc, claim, value, desk.people, sources or {})
    return claim, diagnostics


def read_claim(root: Path, rel: str) -> Document:
    """The parsed claim file.

    Only a regular file is read: a symbolic link (which could lead anywhere,
    and whose target's lines a diagnostic would echo), a folder, a FIFO (which
    would block) or a device is refused, and so is a file over the size limit,
    each with its own diagnostic and before anything is read.
    """
    path = root / rel
    try:
        info = path.lstat()
        refused = _refusal(rel, info.st_mode)
        if refused is not None:
            return refused
        if info.st_size > MAX_CLAIM_BYTES:
            return too_large(rel, info.st_size)
        return load_bytes(rel, path.read_bytes())
    except OSError as exc:
        return Document(
            rel,
            "",
            None,
            [
                Diagnostic.at(
                    rel,
                    START,
                    "unreadable",
                    f"the file cannot be read: {exc.strerror or exc}",
                    "check the file's permissions",
                )
            ],
        )


def _refusal(rel: str, mode: int) -> Document | None:
    """The Document of a path that is not a regular file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        code, message, hint = (
            "unsafe-path",
            "a claim file may not be a symbolic link",
            "put the claim file itself in claims/",
        )
    else:
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
        code, message, hint = (
            "not-a-file",
            f"this is {kind}, not a claim file",
            "claims/*.yml must be plain text files; rename or remove it",
        )
    return Document(rel, "", None, [Diagnostic.at(rel, START, code, message, hint)])


def _check_filename(rel: str) -> list[Diagnostic]:
    stem = Path(rel).stem
    if stem in RESERVED_SLUGS:
        return [
            Diagnostic.at(
                rel,
                START,
                "reserved-slug",
                f"'{stem}' is the address of an index page",
                "give the claim file another name",
            )
        ]
    if SLUG.match(stem) and len(stem) <= MAX_SLUG_LENGTH and rel.endswith(".yml"):
        return []
    return [
        Diagnostic.at(
            rel,
            START,
            "bad-filename",
            f"'{Path(rel).name}' is not a valid claim file name",
            f"name it claims/{slugify(stem)}.yml: lowercase letters, digits and hyphens, "
            f"at most {MAX_SLUG_LENGTH} characters, ending in .yml",
        )
    ]


def _text(value: dict[str, Any], key: str) -> str | None:
    item = value.get(key)
    return item if isinstance(item, str) else None


def _pos(doc: Document, *path: str | int) -> Pos:
    node = node_at(doc.root, path)
    return node.pos if node is not None else START


def _build(rel: str, value: dict[str, Any], places: Places, pos_of: Any) -> Claim:
    """The claim of `value`; `places` says where each evidence item, its quote and its source are,
    `pos_of(*path)` where any other node is."""
    tags = value.get("tags")
    evidence = value.get("evidence")
    items = evidence if isinstance(evidence, list) else []
    return Claim(
        slug=Path(rel).stem,
        path=rel,
        claim=_text(value, "claim") or "",
        verdict=_text(value, "verdict") or "",
        summary=_text(value, "summary") or "",
        evidence=[e for i, item in enumerate(items) if (e := _evidence(places, i, item))],
        tags=[t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
        **record_fields(value, pos_of),
    )


def _evidence(places: Places, index: int, item: Any) -> Evidence | None:
    """Evidence item `index` (`item`, its plain value), placed by `places`."""
    if not isinstance(item, dict):
        return None
    get = item.get  # the fields are read directly: this runs for every excerpt of every claim
    source, stance, quote, occurrence = get("source"), get("stance"), get("quote"), get("occurrence")
    if not (isinstance(source, str) and isinstance(stance, str) and isinstance(quote, str)):
        return None
    prefix, suffix, note = get("prefix"), get("suffix"), get("note")
    pos, quote_pos, source_pos = places(index, item)
    return Evidence(
        index=index + 1,
        source=source,
        stance=stance,
        quote=quote,
        pos=pos,
        quote_pos=quote_pos,
        source_pos=source_pos,
        prefix=prefix if isinstance(prefix, str) else None,
        suffix=suffix if isinstance(suffix, str) else None,
        occurrence=occurrence if isinstance(occurrence, int) and occurrence <= MAX_OCCURRENCE else None,
        note=note if isinstance(note, str) else None,
    )


def _node_places(doc: Document) -> Places:
    """Evidence places read from the tree: the item's node, its quote's and its source's."""
    nodes = node_at(doc.root, ("evidence",))  # found once, not once per item and field

    def places(index: int, item: dict[str, Any]) -> tuple[Pos, Pos, Pos]:
        node = node_at(nodes, (index,))
        return node.pos if node is not None else START, _pos_in(node, "quote"), _pos_in(node, "source")

    return places


def _pos_in(node: Node | None, key: str) -> Pos:
    """`_pos(doc, ..., key)` for the node that path leads to."""
    found = node.items.get(key) if isinstance(node, Map) else None
    return found.pos if found is not None else START


def _check_sources(doc: Document, claim: Claim, sources: dict[str, Source] | None) -> list[Diagnostic]:
    if sources is None:
        return []
    named = [(e.source, e.source_pos) for e in claim.evidence]
    named += [(claim.said.source, _pos(doc, "said", "source"))] if claim.said.source else []
    return [
        Diagnostic.at(
            claim.path,
            pos,
            "unknown-source",
            f"unknown source '{source}'",
            did_you_mean(source, sorted(sources)) or "see seeds/sources.yml for the ids",
        )
        for source, pos in named
        if source not in sources
    ]


def _missing_excerpts(claim: Claim) -> list[str]:
    """What the verdict needs among the excerpts and does not have ("a supporting"...)."""
    have = {e.stance for e in claim.evidence}
    return [words for stance, words in VERDICT_NEEDS.get(claim.verdict, ()) if stance not in have]


def items_of(value: dict[str, Any]) -> list[Any]:
    """The evidence items as written (some may be too broken to become Evidence)."""
    items = value.get("evidence")
    return items if isinstance(items, list) else []


def _check_tags(doc: Document, claim: Claim, vocabulary: Vocabulary | None) -> list[Diagnostic]:
    if vocabulary is None or all(tag in vocabulary for tag in claim.tags):
        return []  # the common case: no node lookups
    places = [(tag, _pos(doc, "tags", index)) for index, tag in enumerate(claim.tags)]
    return check_tags(doc.path, places, vocabulary)


def _check_verdict(doc: Document, claim: Claim, written: int) -> list[Diagnostic]:
    """Whether the excerpts give the verdict what it needs (`written`: evidence items in the file)."""
    missing = _missing_excerpts(claim)
    if not missing:
        return []
    needs = " and ".join(missing)
    stances = " and ".join(f"`stance: {s}`" for s, w in VERDICT_NEEDS[claim.verdict] if w in missing)
    broken = written - sum(e.stance in STANCES for e in claim.evidence)
    cause = (
        f"{broken} evidence item{'s' * (broken != 1)} with errors above {'are' if broken != 1 else 'is'} not counted: "
        "fix them first; then "
        if broken
        else ""
    )
    return [
        Diagnostic.at(
            claim.path,
            _pos(doc, "verdict"),
            "verdict-mismatch",
            f"verdict '{claim.verdict}' needs {needs} excerpt, and this claim has none",
            f"{cause}add evidence with {stances}, or change the verdict",
        )
    ]


def find_claim_files(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """Every claims/*.yml (sorted), and diagnostics for misnamed or misplaced claim files."""
    folder = root / "claims"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return [], [
            Diagnostic.at(
                "claims",
                START,
                "not-a-file",
                "claims is not a folder (a file or a link)",
                "claims/ is a folder holding one <slug>.yml file per claim",
            )
        ]
    if not folder.is_dir():
        return [], []
    found, wrong = [], []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel in DESK_FILES:
            continue  # the tag vocabulary and the people (desk.py), not claims
        if path.suffix == ".yml" and path.parent == folder:
            found.append(rel)  # whatever it is: read_claim refuses what is not a regular file
        elif path.is_file() and path.suffix in (".yml", ".yaml"):
            wrong.append(rel)
    return found, [d for rel in wrong for d in _misplaced(rel)]


def _misplaced(rel: str) -> list[Diagnostic]:
    hint = f"move it to claims/{slugify(Path(rel).stem)}.yml"
    return [Diagnostic.at(rel, START, "bad-filename", "claim files are claims/<slug>.yml; this file is not read", hint)]
