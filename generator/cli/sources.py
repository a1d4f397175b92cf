"""`factsite sources accept [ID ...]`: record the new checksum of a source changed on purpose.

A source whose bytes no longer match its recorded sha256 is a warning
while every quote citing it still resolves (anchor/project.py). Once the
editor has re-read those quotes, this command records the new checksum,
so nobody pastes one by hand. Every claim is loaded and anchored first,
and nothing is written while a quote citing a source to accept does not
resolve, or while a claim file cannot be read (its quotes were not
checked): accepting never hides a broken quote. Only the sha256 values
change in seeds/sources.yml (yamledit.py), so comments, order and quoting
stay, and a second run finds nothing to accept.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.anchor.project import ChangedSource, load_project, source_changes
from generator.cli.schema import write_if_changed
from generator.cli.usage import UsageError, project_folder
from generator.cli.yamledit import replace_scalar
from generator.errors import Diagnostic
from generator.load.claims import find_claim_files
from generator.load.registry import MAX_REGISTRY_BYTES, REGISTRY
from generator.load.schema import did_you_mean
from generator.load.yamlsafe import Document, Map, Scalar, Seq, load_bytes, node_at
from generator.model import Project, Source


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    project, diagnostics = load_project(root)
    doc = _registry(root)
    if doc is None:
        return _unwritable([d for d in diagnostics if d.path == REGISTRY])
    _known(project, args.ids)
    changes = {c.source.id: c for c in source_changes(project.sources, project.claims)}
    for source_id in dict.fromkeys(args.ids):
        if source_id not in changes:
            print(f"seeds/{project.sources[source_id].file}: sha256 already matches")
    chosen = [c for c in changes.values() if not args.ids or c.source.id in args.ids]
    if not chosen:
        print("nothing to accept" + ("" if args.ids else ": every checksum matches"))
        return 0
    refusals, files = _refusals(root, project, chosen)
    if refusals:
        # the registry's errors about a refused source's file: its checksum-mismatch, its encoding error
        refused = [f"seeds/{c.source.file} " for c in chosen if not c.holds]
        for d in sorted(diagnostics):
            if d.is_error and (d.path in files or (d.path == REGISTRY and d.message.startswith(tuple(refused)))):
                print(d)
        print("\n".join(refusals))
        print("nothing recorded: a source is accepted only while every quote citing it resolves")
        return 1
    if doc.diagnostics:
        return _unwritable(doc.diagnostics)
    _write(root, doc, chosen)
    for change in chosen:
        what = "sha256" if change.source.actual_sha256 != change.source.sha256 else "text_sha256 and extractor"
        print(f"seeds/{change.source.file}: {what} updated ({_why(change)})")
    return 0


def _unwritable(problems: list[Diagnostic]) -> int:
    """Exit 1 after the registry's own problems: a file that does not parse cleanly is not rewritten."""
    for d in sorted(problems):
        print(d)
    print(f"nothing recorded: {REGISTRY} can be rewritten only once it reads without errors")
    return 1


def _known(project: Project, ids: list[str]) -> None:
    """UsageError for an id that is not in the registry."""
    for source_id in ids:
        if source_id not in project.sources:
            hint = did_you_mean(source_id, sorted(project.sources))
            raise UsageError(f"no source '{source_id}' in {REGISTRY}" + (f"; {hint}" if hint else ""))


def _registry(root: Path) -> Document | None:
    """The registry parsed for rewriting, or None when it cannot be (load_registry says why)."""
    path = root / REGISTRY
    if path.resolve() != root.resolve() / REGISTRY:  # seeds/ or the registry a link: never written through
        return None
    if not path.is_file() or path.stat().st_size > MAX_REGISTRY_BYTES:
        return None
    doc = load_bytes(REGISTRY, path.read_bytes(), MAX_REGISTRY_BYTES)
    return doc if doc.root is not None or doc.diagnostics else None


def _refusals(root: Path, project: Project, chosen: list[ChangedSource]) -> tuple[list[str], set[str]]:
    """Why nothing may be accepted, and the claim files whose errors say more.

    A chosen source with a quote that does not resolve (or whose text cannot
    be read) is refused, and so is every source while a claim file cannot be
    read: its quotes were not checked.
    """
    refusals, files = [], set()
    for change in chosen:
        where = f"seeds/{change.source.file}: not accepted"
        if change.source.body is None:
            refusals.append(f"{where}: it is not readable text, so the quotes citing it cannot be checked")
        elif change.broken:
            count = change.broken_quotes
            refusals.append(
                f"{where}: {count} quote{'s' if count != 1 else ''} citing it "
                f"{'does' if count == 1 else 'do'} not resolve ({', '.join(change.broken)})"
            )
            files.update(change.broken)
    loaded = {claim.path for claim in project.claims}
    unread = [rel for rel in find_claim_files(root)[0] if rel not in loaded]
    refusals += [f"not accepted: {rel} could not be read, so its quotes were not checked" for rel in unread]
    return refusals, files | set(unread)


def _write(root: Path, doc: Document, chosen: list[ChangedSource]) -> None:
    """Set each chosen source's sha256 to its file's, last in the file first (earlier offsets stay valid)."""
    nodes = [pair for c in chosen for pair in _updates(doc, c.source)]
    text = doc.text
    for node, value in sorted(nodes, key=lambda pair: -pair[0].start):
        text = replace_scalar(text, node, value, MAX_REGISTRY_BYTES)
    write_if_changed(root / REGISTRY, ("\ufeff" if doc.bom else "") + text)


def _updates(doc: Document, source: Source) -> list[tuple[Scalar, str]]:
    """The values to write for a source: its sha256, and, where the entry records them, the
    extracted text's checksum and the extractor (a web page's or PDF's text may change with it)."""
    entry = _entry(doc, source.id)
    wanted = {
        "sha256": source.actual_sha256,
        "text_sha256": source.actual_text_sha256,
        "extractor": source.extracted_by,
    }
    found = [(entry.items.get(key), value) for key, value in wanted.items() if value]
    return [(node, value) for node, value in found if isinstance(node, Scalar) and node.value != value]


def _entry(doc: Document, source_id: str) -> Map:
    """The first entry with `source_id` (the one load_registry keeps)."""
    entries = node_at(doc.root, ("sources",))
    assert isinstance(entries, Seq)
    for entry in entries.items:
        ident = entry.items.get("id") if isinstance(entry, Map) else None
        if isinstance(ident, Scalar) and ident.value == source_id:
            return entry
    raise AssertionError(f"{source_id} was loaded from the registry")


def _why(change: ChangedSource) -> str:
    claims = len(change.citing)
    if not claims:
        return "no claim cites it"
    return f"cited by {claims} claim{'s' if claims != 1 else ''}, every quote still resolves"
