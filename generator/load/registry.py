"""The source registry, seeds/sources.yml: ids, files, metadata, checksums.

Every file path must stay inside seeds/ (no absolute paths, no `..`, no
symlink leading out), exist, and be UTF-8 text. Checksums are compared
here; the diagnostic for a mismatch is made by project.py, which knows
which claims cite the changed source.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from generator.errors import START, Diagnostic, Pos
from generator.load.extract import FORMATS, ExtractionProblem, extract
from generator.load.schema import did_you_mean, validate
from generator.load.yamlsafe import Document, Map, Places, load_bytes, node_at
from generator.model import RESERVED_SLUGS, Source

REGISTRY = "seeds/sources.yml"
# A registry of thousands of sources stays well under this; it only guards
# against a runaway file.
MAX_REGISTRY_BYTES = 16 * 1024 * 1024
# A news article is tens of kilobytes; a book-length source still fits.
MAX_SOURCE_BYTES = 16 * 1024 * 1024
# The extracted text of web pages and PDFs, by the original's checksum (load/textcache.py): in
# the user's cache folder, never in the project, so that nothing a pull request commits can
# stand in for a document's text. FACTSITE_CACHE_DIR moves it (the tests, the benches, CI).
CACHE_DIR_VARIABLE = "FACTSITE_CACHE_DIR"
TEXT_CACHE = "factsite/text"


def load_registry(root: Path) -> tuple[dict[str, Source] | None, list[Diagnostic]]:
    """Read, check and load every source of the registry under `root`.

    The sources are None when the registry itself is missing or unreadable.
    """
    path = root / REGISTRY
    if path.is_symlink():
        return None, [
            Diagnostic.at(
                REGISTRY,
                START,
                "unsafe-path",
                "the source registry is a symbolic link",
                "keep seeds/sources.yml itself in the project",
            )
        ]
    if not path.is_file():
        return None, [
            Diagnostic.at(
                REGISTRY,
                START,
                "registry",
                "the source registry is missing",
                "create seeds/sources.yml listing every document under seeds/",
            )
        ]
    if path.stat().st_size > MAX_REGISTRY_BYTES:
        return None, [
            Diagnostic.at(REGISTRY, START, "too-large", f"the registry is larger than {MAX_REGISTRY_BYTES:,} bytes")
        ]
    doc = load_bytes(REGISTRY, path.read_bytes(), MAX_REGISTRY_BYTES)
    value, problems = validate(doc, "sources")
    diagnostics, places = doc.diagnostics + problems, _node_places(doc)
    entries = value.get("sources") if isinstance(value, dict) else None
    if not isinstance(entries, list):
        return None, diagnostics
    sources: dict[str, Source] = {}
    seeds = root / "seeds"
    for index, entry in enumerate(entries):
        if not _usable(entry):
            continue
        pos, sha_pos, file_pos = places(index, entry)
        source = _source(entry, pos, sha_pos)
        if source.id in sources:
            diagnostics.append(
                Diagnostic.at(
                    REGISTRY,
                    source.pos,
                    "duplicate-id",
                    f"source id '{source.id}' is used twice",
                    f"first at line {sources[source.id].pos.line}; ids must be unique",
                )
            )
            continue
        if source.id in RESERVED_SLUGS:
            diagnostics.append(
                Diagnostic.at(
                    REGISTRY,
                    source.pos,
                    "reserved-slug",
                    f"'{source.id}' is the address of an index page",
                    "use another source id",
                )
            )
        if entry.get("title") == "" and not source.given_label:  # a missing title is the schema's to report
            diagnostics.append(_missing_label(source))
        sources[source.id] = source
        _read(seeds, source, file_pos, diagnostics)
    diagnostics += _unregistered(seeds, sources)
    return sources, diagnostics


_FIELDS = ("id", "file", "title", "outlet", "url", "published", "sha256", "notes")
# The optional fields, by their name in the registry and on Source.
_OPTIONAL = {
    "label": "given_label",
    "author": "author",
    "retrieved": "retrieved",
    "archive_url": "archive_url",
    "extractor": "extractor",
    "text_sha256": "text_sha256",
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _node_places(doc: Document) -> Places:
    """Entry places read from the tree (the sha256's is the entry's when it has none)."""
    entries = node_at(doc.root, ("sources",))  # found once, not once per entry and field

    def places(index: int, entry: dict[str, Any]) -> tuple[Pos, Pos, Pos]:
        node = node_at(entries, (index,))
        assert isinstance(node, Map)
        sha, file = node.items.get("sha256"), node.items.get("file")
        return node.pos, sha.pos if sha else node.pos, file.pos if file else START

    return places


def _missing_label(source: Source) -> Diagnostic:
    return Diagnostic.at(
        REGISTRY,
        source.pos,
        "missing-label",
        f"source '{source.id}' has no title and no label",
        "readers never see an id as a name: give it a label that says what it is, "
        "e.g. label: 'Untitled report (no outlet named)'",
    )


def _usable(entry: Any) -> bool:
    """Whether an entry has at least a text id and file, to make a source of (the schema reports the rest)."""
    return isinstance(entry, dict) and all(isinstance(entry.get(f), str) for f in ("id", "file"))


def _source(entry: dict[str, Any], pos: Pos, sha_pos: Pos) -> Source:
    values = [entry.get(f) if isinstance(entry.get(f), str) else "" for f in _FIELDS]
    optional = {name: entry.get(key) for key, name in _OPTIONAL.items() if isinstance(entry.get(key), str)}
    return Source(*values, pos=pos, sha_pos=sha_pos, **optional)


# A name in which neither POSIX nor Windows paths see a root, drive, separator or `..`:
# `_unsafe_text` finds nothing in it after its check for control characters.
_NO_PATH_SYNTAX = re.compile(r"(?!\.\.\Z)[^/\\:]+")
# Control characters (NUL, line breaks, escapes...): never in a seed file's name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _read(seeds: Path, source: Source, pos: Pos, diagnostics: list[Diagnostic]) -> None:
    """Check, read and hash the file of `source` (its path given at `pos` in the registry)."""
    problem = unsafe_path(seeds, source.file)
    if problem:
        diagnostics.append(
            Diagnostic.at(REGISTRY, pos, "unsafe-path", problem, "give a path relative to seeds/, like article.txt")
        )
        return
    path = seeds / source.file
    try:
        info = path.stat()  # once: the kind and the size, before anything is read
    except OSError:
        info = None
    if info is None:
        diagnostics.append(
            Diagnostic.at(REGISTRY, pos, "source-missing", f"seeds/{source.file} does not exist", _nearby(path))
        )
        return
    if not stat.S_ISREG(info.st_mode):
        diagnostics.append(
            Diagnostic.at(
                REGISTRY, pos, "not-a-file", f"seeds/{source.file} is not a regular file", "a source is a document file"
            )
        )
        return
    if info.st_size > MAX_SOURCE_BYTES:  # a sparse 8 GiB file is never read
        diagnostics.append(
            Diagnostic.at(REGISTRY, pos, "too-large", f"seeds/{source.file} is larger than {MAX_SOURCE_BYTES:,} bytes")
        )
        return
    data = path.read_bytes()
    source.actual_sha256 = hashlib.sha256(data).hexdigest()
    found = extract(data, source.file, text_cache(seeds.parent))
    if isinstance(found, ExtractionProblem):
        diagnostics.append(Diagnostic.at(REGISTRY, pos, found.code, found.message, found.hint))
        return
    source.text, source.format, source.pages, source.extracted_by = (
        found.text,
        found.format,
        found.pages,
        found.extractor,
    )


def text_cache(root: Path | None = None) -> Path | None:
    """Where the text extracted from web pages and PDFs is kept between builds: $FACTSITE_CACHE_DIR,
    else $XDG_CACHE_HOME/factsite/text, else ~/.cache/factsite/text; None (no cache) when that is
    inside the project `root` (a committed folder could hold forged entries) or has no home."""
    given = os.environ.get(CACHE_DIR_VARIABLE)
    if given:
        folder = Path(given)
    else:
        try:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        except RuntimeError:  # no home folder to find
            return None
        folder = base / TEXT_CACHE
    folder = folder.absolute()
    if root is not None and folder.resolve().is_relative_to(root.resolve()):
        return None
    return folder


def unsafe_path(seeds: Path, file: str) -> str | None:
    """Why `file` (relative to `seeds`) is not a safe path, or None."""
    problem = _unsafe_text(file)
    if problem:
        return problem
    full = _resolved(seeds / file)
    if full is None:
        return f"'{file}' is a symbolic link that leads nowhere (a loop)"
    if not full.is_relative_to(seeds.resolve()):
        return f"'{file}' leads outside seeds/ through a symbolic link"
    return None


def _unsafe_text(file: str) -> str | None:
    """Why `file` is not a safe path, as text alone (absolute, backslashes, `..`), or None."""
    if _CONTROL.search(file):  # a NUL would even stop the system calls that follow
        return f"{file!r} has a control character; a file name is printable text"
    if _NO_PATH_SYNTAX.fullmatch(file):
        return None
    if file.startswith(("/", "\\")) or PureWindowsPath(file).is_absolute() or PureWindowsPath(file).drive:
        return f"'{file}' is an absolute path; it must be relative to seeds/"
    if "\\" in file:
        return f"'{file}' uses backslashes; use / between folders"
    if ".." in PurePosixPath(file).parts:
        return f"'{file}' leaves seeds/ through '..'"
    return None


def _nearby(path: Path) -> str | None:
    names = sorted(p.name for p in path.parent.glob("*") if p.is_file()) if path.parent.is_dir() else []
    return did_you_mean(path.name, names)


def valid_sha256(value: str) -> bool:
    return bool(_SHA256.match(value))


def _unregistered(seeds: Path, sources: dict[str, Source]) -> list[Diagnostic]:
    # A name with a control character names no file (and is refused as unsafe-path).
    known = {_resolved(seeds / s.file) for s in sources.values() if not _CONTROL.search(s.file)}
    return [
        Diagnostic.at(
            f"seeds/{path.name}",
            START,
            "unregistered-seed",
            f"seeds/{path.name} is not in the source registry",
            f"register it: factsite add-source seeds/{path.name} --id ID (it writes the entry), or remove the file",
            "warning",
        )
        for path in (sorted(seeds.iterdir()) if seeds.is_dir() else [])
        if path.suffix.lower() in FORMATS and _resolved(path) not in known
    ]


def _resolved(path: Path) -> Path | None:
    """`path.resolve()`, or None for a symbolic link loop (a RuntimeError on Python 3.11)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None
