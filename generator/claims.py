"""Claim files: read, type by the schema, check what the schema cannot.

The schema checks each field; here we check the file name (the slug),
references to sources, verdicts against their evidence, and the editors'
Markdown. Everything is collected: a file with five problems gets five
diagnostics, and the claim is still built from what is usable so that
later stages can report their problems too.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from . import mdsafe
from .errors import START, Diagnostic, Pos
from .fsread import OPEN_FLAGS, read_to_end
from .model import RESERVED_SLUGS, Claim, Evidence, Source
from .schema import did_you_mean, valid_as_text, validate
from .yamlsafe import (MAX_CLAIM_BYTES, Document, Map, Node, Places, PlainDocument, Scalar, load_bytes,
                       load_plain, node_at, plain_places)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Slugs are URLs and file names: keep them readable and portable.
MAX_SLUG_LENGTH = 100
SCHEMA_COMMENT = "# yaml-language-server: $schema=../generator/schemas/claim.schema.json"
# A path `find_claim_files` gives, claims/<name>, which pathlib would not change:
# its stem is worked out without making a Path.
_PLAIN_REL = re.compile(r"claims/(?!\.\.?\Z)[^/\x00]+")

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


def load_claim(root: Path, rel: str, sources: dict[str, Source] | None) -> tuple[Claim | None, list[Diagnostic]]:
    """Load claims/<slug>.yml (`rel`, relative to `root`) and check it.

    `sources` is None when the registry itself could not be read: source
    ids are then not checked (the registry's own error says why).
    """
    diagnostics = _check_filename(rel)
    data = _claim_bytes(root, rel)
    plain = load_plain(data) if data is not None and not diagnostics else None
    clean = _clean_claim(rel, data, sources, plain) if plain is not None else None
    if clean is not None:
        return clean, []
    # A file the fast reader declined as plain data it declines as a tree too: not tried again.
    doc = _parse_claim(rel, data, fast=plain is not None or bool(diagnostics))
    value, problems = validate(doc, "claim")
    diagnostics += doc.diagnostics + problems
    if not isinstance(value, dict) or not isinstance(doc.root, Map):
        return None, diagnostics
    claim = _build(rel, value, _node_places(doc))
    diagnostics += _check_sources(rel, claim, sources) + _check_verdict(doc, claim)
    diagnostics += _check_markdown(doc, claim)
    return claim, diagnostics


def _clean_claim(rel: str, data: bytes | None, sources: dict[str, Source] | None,
                 plain: PlainDocument | None = None) -> Claim | None:
    """The claim of a file with nothing to report, built without its node tree; else None.

    Most files are clean. For one the fast reader reads as plain data, that
    the fast schema check passes as the tree's plain value, and whose claim
    the checks below find nothing in, `load_claim` would return this claim
    and no diagnostic; for any other, None, and the tree is read and every
    check done with its diagnostics.
    """
    plain = plain or (load_plain(data) if data is not None else None)  # `plain`: load_plain(data) already
    if plain is None or not valid_as_text(plain.value, "claim"):
        return None
    claim = _build(rel, plain.value, plain_places(plain, "quote", "source"))
    if _check_sources(rel, claim, sources) or _missing_excerpts(claim):
        return None
    if any(mdsafe.problems(text) for _, text in _markdown_fields(claim)):
        return None
    return claim


def read_claim(root: Path, rel: str) -> Document:
    """The parsed claim file (a too-large file is refused before it is read)."""
    return _parse_claim(rel, _claim_bytes(root, rel))


def _parse_claim(rel: str, data: bytes | None, fast: bool = True) -> Document:
    if data is None:
        return load_bytes(rel, b" " * (MAX_CLAIM_BYTES + 1))
    return load_bytes(rel, data, fast=fast)


def _claim_bytes(root: Path, rel: str) -> bytes | None:
    """The bytes of the claim file, or None when it is larger than MAX_CLAIM_BYTES (then unread)."""
    try:
        return _read_regular(os.path.join(root, rel))
    except _NotRegular:  # read as pathlib reads, with its errors and the size checked first
        path = root / rel
        return None if path.stat().st_size > MAX_CLAIM_BYTES else path.read_bytes()


class _NotRegular(Exception):
    """The path cannot be opened, or is not a regular file (a folder, a device...)."""


def _read_regular(path: str) -> bytes | None:
    """The bytes of the regular file `path`, or None when it is larger than MAX_CLAIM_BYTES.

    The same as `stat` then `read_bytes` (the size is checked before reading,
    and the file is read to its end), in half the system calls: one open,
    one fstat, the reads and a close. A file that cannot be opened raises
    _NotRegular, so that pathlib's reading gives its own error.
    """
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as error:
        raise _NotRegular(path) from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(path)
        if info.st_size > MAX_CLAIM_BYTES:
            return None
        return read_to_end(fd, info.st_size)
    finally:
        os.close(fd)


def _stem(rel: str) -> str:
    """`Path(rel).stem`, without making the Path for the usual claims/<name>."""
    if not _PLAIN_REL.fullmatch(rel):
        return Path(rel).stem
    name = rel[len("claims/"):]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _check_filename(rel: str) -> list[Diagnostic]:
    stem = _stem(rel)
    if stem in RESERVED_SLUGS:
        return [Diagnostic.at(rel, START, "reserved-slug", f"'{stem}' is the address of an index page",
                              "give the claim file another name")]
    if SLUG.match(stem) and len(stem) <= MAX_SLUG_LENGTH and rel.endswith(".yml"):
        return []
    return [Diagnostic.at(rel, START, "bad-filename",
                          f"'{Path(rel).name}' is not a valid claim file name",
                          f"name it claims/{slugify(stem)}.yml: lowercase letters, digits and hyphens, "
                          f"at most {MAX_SLUG_LENGTH} characters, ending in .yml")]


def _text(value: dict[str, Any], key: str) -> str | None:
    item = value.get(key)
    return item if isinstance(item, str) else None


def _pos(doc: Document, *path: str | int) -> Pos:
    node = node_at(doc.root, path)
    return node.pos if node is not None else START


def _build(rel: str, value: dict[str, Any], places: Places) -> Claim:
    """The claim of `value`; `places` says where each evidence item, its quote and its source are."""
    tags = value.get("tags")
    evidence = value.get("evidence")
    items = evidence if isinstance(evidence, list) else []
    return Claim(
        slug=_stem(rel), path=rel,
        claim=_text(value, "claim") or "", verdict=_text(value, "verdict") or "",
        summary=_text(value, "summary") or "", reviewed=_text(value, "reviewed") or "",
        evidence=[e for i, item in enumerate(items) if (e := _evidence(places, i, item))],
        claimant=_text(value, "claimant"), date=_text(value, "date"),
        tags=[t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
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
        index=index + 1, source=source, stance=stance, quote=quote,
        pos=pos, quote_pos=quote_pos, source_pos=source_pos,
        prefix=prefix if isinstance(prefix, str) else None, suffix=suffix if isinstance(suffix, str) else None,
        occurrence=occurrence if isinstance(occurrence, int) else None,
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


def _check_sources(rel: str, claim: Claim, sources: dict[str, Source] | None) -> list[Diagnostic]:
    if sources is None:
        return []
    return [Diagnostic.at(rel, e.source_pos, "unknown-source",
                          f"unknown source '{e.source}'",
                          did_you_mean(e.source, sorted(sources)) or "see seeds/sources.yml for the ids")
            for e in claim.evidence if e.source not in sources]


def _missing_excerpts(claim: Claim) -> list[str]:
    """What the verdict needs among the excerpts and does not have ("a supporting"...)."""
    have = {e.stance for e in claim.evidence}
    return [words for stance, words in VERDICT_NEEDS.get(claim.verdict, ()) if stance not in have]


def _check_verdict(doc: Document, claim: Claim) -> list[Diagnostic]:
    missing = _missing_excerpts(claim)
    if not missing:
        return []
    needs = " and ".join(missing)
    stances = " and ".join(f"`stance: {s}`" for s, w in VERDICT_NEEDS[claim.verdict] if w in missing)
    return [Diagnostic.at(claim.path, _pos(doc, "verdict"), "verdict-mismatch",
                          f"verdict '{claim.verdict}' needs {needs} excerpt, and this claim has none",
                          f"add evidence with {stances}, or change the verdict")]


def _markdown_fields(claim: Claim) -> list[tuple[tuple[str | int, ...], str]]:
    """The Markdown the editors wrote, with the path of its node."""
    fields: list[tuple[tuple[str | int, ...], str]] = [(("summary",), claim.summary)]
    fields += [(("evidence", e.index - 1, "note"), e.note) for e in claim.evidence if e.note]
    return fields


def _check_markdown(doc: Document, claim: Claim) -> list[Diagnostic]:
    return [d for path, text in _markdown_fields(claim) for d in _markdown_field(doc, path, text)]


def _markdown_field(doc: Document, path: tuple[str | int, ...], text: str) -> list[Diagnostic]:
    found = mdsafe.problems(text)
    node = node_at(doc.root, path) if found else None  # looked up only to place a problem
    if not isinstance(node, Scalar):
        return []
    return [Diagnostic.at(doc.path, _locate(doc, node, line, snippet), "unsafe-markdown", message,
                          "write it as Markdown: raw HTML is not rendered, and links must be "
                          "http(s) or relative")
            for line, snippet, message in found]


def _locate(doc: Document, node: Scalar, line: int, snippet: str) -> Pos:
    """The file position of `snippet`, found on or after line `line` of the field's text."""
    lines = doc.text.splitlines()
    target = min(node.pos.line + (1 if node.style in ("|", ">") else 0) + line, len(lines))
    for number in range(target, min(len(lines), target + 50) + 1):
        column = lines[number - 1].find(snippet[:20])
        if column >= 0:
            return Pos(number, column + 1)
    text = lines[target - 1] if target != node.pos.line else ""
    return Pos(target, len(text) - len(text.lstrip()) + 1) if text.strip() else node.pos


def find_claim_files(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """Every claims/*.yml (sorted), and diagnostics for misnamed claim files."""
    folder = root / "claims"
    if not folder.is_dir():
        return [], []
    with os.scandir(folder) as scan:
        entries = sorted((e.name, e.is_dir(), e.is_file()) for e in scan)
    if any(is_dir for _, is_dir, _ in entries):
        return _find_nested(root, folder)
    # The usual folder, files only (no pathlib object per file: `mkdocs serve` lists it at every change).
    found = [f"claims/{name}" for name, _, is_file in entries if is_file and os.path.splitext(name)[1] == ".yml"]
    wrong = [f"claims/{name}" for name, _, is_file in entries if is_file and os.path.splitext(name)[1] == ".yaml"]
    return found, [d for rel in wrong for d in _misplaced(rel)]


def _find_nested(root: Path, folder: Path) -> tuple[list[str], list[Diagnostic]]:
    found, wrong = [], []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and path.suffix == ".yml" and path.parent == folder:
            found.append(rel)
        elif path.is_file() and path.suffix in (".yml", ".yaml"):
            wrong.append(rel)
    return found, [d for rel in wrong for d in _misplaced(rel)]


def _misplaced(rel: str) -> list[Diagnostic]:
    hint = f"move it to claims/{slugify(Path(rel).stem)}.yml"
    return [Diagnostic.at(rel, START, "bad-filename", "claim files are claims/<slug>.yml; this file is not read", hint)]
