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
from functools import cached_property
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .anchor import SourceText
from .errors import START, Diagnostic, Pos
from .fsread import OPEN_FLAGS, read_to_end
from .model import RESERVED_SLUGS, Source
from .schema import did_you_mean, valid_as_text, validate
from .yamlsafe import Document, Map, Places, load_bytes, load_plain, node_at, plain_places

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
    value, diagnostics, places = _registry_value(path.read_bytes())
    entries = value.get("sources") if isinstance(value, dict) else None
    if not isinstance(entries, list):
        return None, diagnostics
    sources: dict[str, Source] = {}
    seeds = _SeedFolder(root / "seeds")
    for index, entry in enumerate(entries):
        if not _usable(entry):
            continue
        pos, sha_pos, file_pos = places(index, entry)
        source = _source(entry, pos, sha_pos)
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
        _read(seeds, source, file_pos, diagnostics)
    diagnostics += _unregistered(seeds, sources)
    return sources, diagnostics


_FIELDS = ("id", "file", "title", "outlet", "url", "published", "sha256", "notes")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _registry_value(data: bytes) -> tuple[Any, list[Diagnostic], Places]:
    """The registry's plain value, its problems, and where its entries are.

    A clean registry (the fast reader reads it and the fast schema check
    passes it) is read as plain data, without its node tree; see
    `claims._clean_claim`. Any other is parsed and validated with diagnostics.
    """
    plain = load_plain(data, MAX_REGISTRY_BYTES)
    if plain is not None and valid_as_text(plain.value, "sources"):
        return plain.value, [], plain_places(plain, "sha256", "file")
    # A registry the fast reader declined as plain data it declines as a tree too: not tried again.
    doc = load_bytes(REGISTRY, data, MAX_REGISTRY_BYTES, fast=plain is not None)
    value, problems = validate(doc, "sources")
    return value, doc.diagnostics + problems, _node_places(doc)


def _node_places(doc: Document) -> Places:
    """Entry places read from the tree (the sha256's is the entry's when it has none)."""
    entries = node_at(doc.root, ("sources",))  # found once, not once per entry and field

    def places(index: int, entry: dict[str, Any]) -> tuple[Pos, Pos, Pos]:
        node = node_at(entries, (index,))
        assert isinstance(node, Map)
        sha, file = node.items.get("sha256"), node.items.get("file")
        return node.pos, sha.pos if sha else node.pos, file.pos if file else START
    return places


def _usable(entry: Any) -> bool:
    """Whether an entry has at least a text id and file, to make a source of (the schema reports the rest)."""
    return isinstance(entry, dict) and all(isinstance(entry.get(f), str) for f in ("id", "file"))


def _source(entry: dict[str, Any], pos: Pos, sha_pos: Pos) -> Source:
    values = [entry.get(f) if isinstance(entry.get(f), str) else "" for f in _FIELDS]
    return Source(*values, pos=pos, sha_pos=sha_pos)


class _SeedFolder:
    """seeds/, resolved once, so that a file named plainly in it is checked with one lstat.

    `unsafe_path` resolves the whole path of every file (an lstat per folder
    of it, twice): for a plain name (no folder) whose lstat shows no symbolic
    link, the real path is the real folder and the name, and the file is what
    lstat says. Any other name (a link, a subfolder, `..`, an lstat that
    fails) goes through the exact checks.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stats: dict[str, os.stat_result | None] = {}

    @cached_property
    def real(self) -> Path:
        """seeds/ resolved, when a file is first checked (as `unsafe_path` does each time)."""
        return self.path.resolve()

    def plain_stat(self, name: str) -> os.stat_result | None:
        """The lstat of seeds/`name` when it is a plain name and no symbolic link, else None."""
        if name not in self._stats:
            self._stats[name] = self._lstat(name) if _PLAIN_NAME.fullmatch(name) else None
        return self._stats[name]

    def _lstat(self, name: str) -> os.stat_result | None:
        try:
            found = os.lstat(os.path.join(self.real, name))
        except OSError:
            return None
        return None if stat.S_ISLNK(found.st_mode) else found

    def real_path(self, name: str) -> str:
        """What `(seeds / name).resolve()` is, as text."""
        if self.plain_stat(name) is not None:
            return os.path.join(self.real, name)
        return str((self.path / name).resolve())


# A name in which neither POSIX nor Windows paths see a root, drive, separator or `..`:
# `_unsafe_text` finds nothing in it after its check for control characters.
_NO_PATH_SYNTAX = re.compile(r"(?!\.\.\Z)[^/\\:]+")
# Control characters (NUL, line breaks, escapes...): never in a seed file's name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A file name with nothing for a path to resolve: no folder, no `.` or `..`, no NUL,
# and nothing Windows would read as a separator or drive.
_PLAIN_NAME = re.compile(r"(?!\.\.?\Z)[^/\\:\x00]+")


def _read(seeds: _SeedFolder, source: Source, pos: Pos, diagnostics: list[Diagnostic]) -> None:
    """Check, read and hash the file of `source` (its path given at `pos` in the registry)."""
    found = seeds.plain_stat(source.file)
    problem = _unsafe_text(source.file) or (None if found else unsafe_path(seeds.path, source.file))
    if problem:
        diagnostics.append(Diagnostic.at(REGISTRY, pos, "unsafe-path", problem,
                                         "give a path relative to seeds/, like article.txt"))
        return
    path = seeds.path / source.file
    if not (stat.S_ISREG(found.st_mode) if found else path.is_file()):
        diagnostics.append(Diagnostic.at(REGISTRY, pos, "source-missing",
                                         f"seeds/{source.file} does not exist", _nearby(path)))
        return
    data = _read_bytes(path, found)[: MAX_SOURCE_BYTES + 1]
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


def _read_bytes(path: Path, found: os.stat_result | None) -> bytes:
    """`path.read_bytes()`; for a regular file already seen by lstat, without pathlib's file object."""
    if found is None:
        return path.read_bytes()
    fd = os.open(path, OPEN_FLAGS)
    try:
        return read_to_end(fd, found.st_size)
    finally:
        os.close(fd)


def unsafe_path(seeds: Path, file: str) -> str | None:
    """Why `file` (relative to `seeds`) is not a safe path, or None."""
    problem = _unsafe_text(file)
    if problem:
        return problem
    full = (seeds / file).resolve()
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


def _unregistered(seeds: _SeedFolder, sources: dict[str, Source]) -> list[Diagnostic]:
    # A name with a control character names no file (and is refused as unsafe-path).
    known = {seeds.real_path(s.file) for s in sources.values() if not _CONTROL.search(s.file)}
    return [Diagnostic.at(f"seeds/{name}", START, "unregistered-seed",
                          f"seeds/{name} is not in the source registry",
                          "add an entry for it to seeds/sources.yml, or remove the file", "warning")
            for name in _txt_names(seeds.path) if seeds.real_path(name) not in known]


def _txt_names(folder: Path) -> list[str]:
    """The names `sorted(folder.glob("*.txt"))` gives, without a Path for every entry.

    As glob: nothing when the folder is not one or cannot be listed, and every
    kind of entry whose name ends in .txt (the pattern's `*` matches anything).
    """
    if not folder.is_dir():
        return []
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if entry.name.endswith(".txt"))
    except PermissionError:
        return []
