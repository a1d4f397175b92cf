"""The source registry, seeds/sources.yml: ids, files, metadata, checksums.

Every file path must stay inside seeds/ (no absolute paths, no `..`, no
symlink leading out), exist, and be UTF-8 text. Checksums are compared
here; the diagnostic for a mismatch is made by project.py, which knows
which claims cite the changed source.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .anchor import SourceText
from .errors import START, Diagnostic, Pos
from .model import RESERVED_SLUGS, Source
from .schema import did_you_mean, validate
from .yamlsafe import Document, Map, load_bytes, node_at

REGISTRY = "seeds/sources.yml"
# A registry of thousands of sources stays well under this; it only guards
# against a runaway file.
MAX_REGISTRY_BYTES = 16 * 1024 * 1024
# A news article is tens of kilobytes; a book-length source still fits.
MAX_SOURCE_BYTES = 16 * 1024 * 1024


def load_registry(root: Path) -> tuple[dict[str, Source] | None, list[Diagnostic]]:
    """Read, check and load every source of the registry under `root`.

    The sources are None when the registry itself is missing or unreadable.
    """
    path = root / REGISTRY
    if not path.is_file():
        return None, [Diagnostic.at(REGISTRY, START, "registry", "the source registry is missing",
                                    "create seeds/sources.yml listing every document under seeds/")]
    doc = load_bytes(REGISTRY, path.read_bytes(), MAX_REGISTRY_BYTES)
    value, problems = validate(doc, "sources")
    diagnostics = doc.diagnostics + problems
    entries = value.get("sources") if isinstance(value, dict) else None
    if not isinstance(entries, list):
        return None, diagnostics
    sources: dict[str, Source] = {}
    for index, entry in enumerate(entries):
        source = _entry(doc, index, entry, diagnostics)
        if source is None:
            continue
        if source.id in sources:
            diagnostics.append(Diagnostic.at(REGISTRY, source.pos, "duplicate-id",
                                             f"source id '{source.id}' is used twice",
                                             f"first at line {sources[source.id].pos.line}; ids must be unique"))
            continue
        if source.id in RESERVED_SLUGS:
            diagnostics.append(Diagnostic.at(REGISTRY, source.pos, "reserved-slug",
                                             f"'{source.id}' is the address of an index page",
                                             "use another source id"))
        sources[source.id] = source
        _read(root, source, doc, index, diagnostics)
    diagnostics += _unregistered(root, sources)
    return sources, diagnostics


_FIELDS = ("id", "file", "title", "outlet", "url", "published", "sha256", "notes")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _entry(doc: Document, index: int, entry: Any, diagnostics: list[Diagnostic]) -> Source | None:
    """The source of an entry with at least a text id and file (the schema reports the rest)."""
    if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in ("id", "file")):
        return None
    node = node_at(doc.root, ("sources", index))
    sha = node_at(doc.root, ("sources", index, "sha256"))
    assert isinstance(node, Map)
    values = [entry.get(f) if isinstance(entry.get(f), str) else "" for f in _FIELDS]
    return Source(*values, pos=node.pos, sha_pos=sha.pos if sha else node.pos)


def _file_pos(doc: Document, index: int) -> Pos:
    node = node_at(doc.root, ("sources", index, "file"))
    return node.pos if node else START


def _read(root: Path, source: Source, doc: Document, index: int, diagnostics: list[Diagnostic]) -> None:
    pos = _file_pos(doc, index)
    problem = unsafe_path(root / "seeds", source.file)
    if problem:
        diagnostics.append(Diagnostic.at(REGISTRY, pos, "unsafe-path", problem,
                                         "give a path relative to seeds/, like article.txt"))
        return
    path = root / "seeds" / source.file
    if not path.is_file():
        diagnostics.append(Diagnostic.at(REGISTRY, pos, "source-missing",
                                         f"seeds/{source.file} does not exist", _nearby(path)))
        return
    data = path.read_bytes()[: MAX_SOURCE_BYTES + 1]
    if len(data) > MAX_SOURCE_BYTES:
        diagnostics.append(Diagnostic.at(REGISTRY, pos, "too-large",
                                         f"seeds/{source.file} is larger than {MAX_SOURCE_BYTES:,} bytes"))
        return
    source.actual_sha256 = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        diagnostics.append(Diagnostic.at(REGISTRY, pos, "encoding",
                                         f"seeds/{source.file} is not UTF-8 text (at byte offset {exc.start:,})",
                                         "convert the document to UTF-8"))
        return
    if "\x00" in text:
        diagnostics.append(Diagnostic.at(REGISTRY, pos, "encoding",
                                         f"seeds/{source.file} is binary (it has a NUL byte)",
                                         "sources are plain UTF-8 text"))
        return
    source.text = SourceText(text)


def unsafe_path(seeds: Path, file: str) -> str | None:
    """Why `file` (relative to `seeds`) is not a safe path, or None."""
    if file.startswith(("/", "\\")) or PureWindowsPath(file).is_absolute() or PureWindowsPath(file).drive:
        return f"'{file}' is an absolute path; it must be relative to seeds/"
    if "\\" in file:
        return f"'{file}' uses backslashes; use / between folders"
    if ".." in PurePosixPath(file).parts:
        return f"'{file}' leaves seeds/ through '..'"
    full = (seeds / file).resolve()
    if not full.is_relative_to(seeds.resolve()):
        return f"'{file}' leads outside seeds/ through a symbolic link"
    return None


def _nearby(path: Path) -> str | None:
    names = sorted(p.name for p in path.parent.glob("*") if p.is_file()) if path.parent.is_dir() else []
    return did_you_mean(path.name, names)


def valid_sha256(value: str) -> bool:
    return bool(_SHA256.match(value))


def _unregistered(root: Path, sources: dict[str, Source]) -> list[Diagnostic]:
    known = {(root / "seeds" / s.file).resolve() for s in sources.values()}
    return [Diagnostic.at(f"seeds/{p.name}", START, "unregistered-seed",
                          f"seeds/{p.name} is not in the source registry",
                          "add an entry for it to seeds/sources.yml, or remove the file", "warning")
            for p in sorted((root / "seeds").glob("*.txt")) if p.resolve() not in known]
