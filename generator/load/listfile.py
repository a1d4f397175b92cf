"""The desk's small list files beside the claims: claims/tags.yml and claims/people.yml.

Each is a mapping of slugs to entries under one key, typed by its schema.
Reading one is the same for both: a regular file only, a size limit, every
problem a diagnostic; a missing file is not an error here (each list says
what its absence means).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import START, Diagnostic, Pos
from generator.load.schema import validate
from generator.load.yamlsafe import Document, Map, load_bytes, node_at, too_large
from generator.model import SLUG

# A list of a few hundred entries is tens of kilobytes; this only guards against a runaway file.
MAX_LIST_BYTES = 1024 * 1024

Entry = TypeVar("Entry")


def read_list(root: Path, rel: str, key: str, what: str) -> tuple[dict[str, Any] | None, Map | None, list[Diagnostic]]:
    """The entries of `rel`'s mapping `key`, the node holding them, and the file's problems.

    (None, None, []) when the file does not exist; (None, None, problems) when it cannot be read;
    ({}, None, problems) when it is read but its `key` is not a mapping. `what` names the file in hints.
    """
    path = root / rel
    if path.is_symlink() or (path.exists() and not path.is_file()):
        hint = f"keep {what} as a plain file in claims/"
        return None, None, [Diagnostic.at(rel, START, "not-a-file", f"{rel} is not a regular file", hint)]
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError as exc:
        return None, None, [Diagnostic.at(rel, START, "unreadable", f"{rel} cannot be read ({exc.strerror})")]
    if data is None:
        return None, None, []
    doc: Document = too_large(rel, len(data)) if len(data) > MAX_LIST_BYTES else load_bytes(rel, data)
    value, problems = validate(doc, Path(rel).stem)
    diagnostics = doc.diagnostics + problems
    entries = value.get(key) if isinstance(value, dict) else None
    node = node_at(doc.root, (key,))
    if not isinstance(entries, dict) or not isinstance(node, Map):
        return ({} if doc.root is not None else None), None, diagnostics
    return entries, node, diagnostics


def load_entries(
    root: Path,
    rel: str,
    key: str,
    what: str,
    make: Callable[[str, object, Pos], Entry],
    bad_id: Callable[[str, Pos], Diagnostic],
) -> tuple[dict[str, Entry] | None, list[Diagnostic]]:
    """The entries of `rel`'s mapping `key`, each made by `make(id, value, where)`, in the file's
    order; `bad_id` reports an id that is not a slug. None when the file does not exist or cannot
    be read (read_list). Every listed id is known, even one whose entry has errors (reported by
    the schema): the claims naming it are not told it is unknown as well."""
    entries, node, diagnostics = read_list(root, rel, key, what)
    if entries is None or node is None:
        return entries, diagnostics
    made = {name: make(name, entry, node.keys[name].pos) for name, entry in entries.items()}
    return made, diagnostics + [bad_id(name, node.keys[name].pos) for name in made if not SLUG.match(name)]
