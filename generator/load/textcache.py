"""A folder of extracted texts, kept by the original's sha256 and the extractor.

Extracting a web page or a PDF costs tens of milliseconds to seconds; the
text is a pure function of the original's bytes and the extractor's
version, so it is kept once made: one JSON file per (sha256, extractor),
named by a hash of both. The caller chooses the folder (the project's
.cache/factsite/text/, outside what is committed).

The cache is a convenience and never trusted more than that: an entry that
cannot be read, is not valid JSON or does not say it is for these bytes and
this extractor is ignored (and rewritten by the caller); entries are written
to a temporary file and renamed, so a reader never sees half an entry; a
symbolic link where the folder or an entry should be is never followed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

# Bumped when the layout of an entry changes: older entries are then ignored.
CACHE_FORMAT = 1


def entry_path(cache: Path, sha256: str, extractor: str) -> Path:
    """Where the entry for these bytes and this extractor lives in `cache`. The key has our own
    extraction code's checksum too: a change to it (paragraphs, hyphens, headers) is a new text."""
    key = hashlib.sha256(f"{CACHE_FORMAT}\n{sha256}\n{extractor}\n{code_version()}".encode()).hexdigest()
    return cache / f"{key}.json"


@lru_cache(maxsize=1)
def code_version() -> str:
    """The checksum of the modules that make the text (extract.py, htmltext.py, pdftext.py)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("extract.py", "htmltext.py", "pdftext.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def read_entry(cache: Path, sha256: str, extractor: str) -> dict[str, Any] | None:
    """The cached fields for these bytes and this extractor, or None (missing, unreadable, not ours)."""
    path = entry_path(cache, sha256, extractor)
    try:
        if cache.is_symlink() or path.is_symlink() or not path.is_file():
            return None
        entry = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if (
        not isinstance(entry, dict)
        or entry.get("format_version") != CACHE_FORMAT
        or entry.get("sha256") != sha256
        or entry.get("extractor") != extractor
    ):
        return None
    return entry


def write_entry(cache: Path, sha256: str, extractor: str, fields: dict[str, Any]) -> None:
    """Keep `fields` for these bytes and this extractor; a cache that cannot be written is skipped."""
    entry = {"format_version": CACHE_FORMAT, "sha256": sha256, "extractor": extractor, **fields}
    path = entry_path(cache, sha256, extractor)
    try:
        if cache.is_symlink() or path.is_symlink():
            return
        cache.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=cache, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(entry, out, ensure_ascii=False, sort_keys=True)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only or full disk costs the next build time, not its result
