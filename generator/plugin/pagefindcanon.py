"""Make a Pagefind bundle depend only on what it indexes: the same records give the same bytes.

Pagefind 1.5.2 keeps its filters in a Rust hash map, whose order is random
per process. So the values inside each filter file
(`filter/<lang>_<7 hex>.pf_filter`), and the filter and sort lists of the
metadata file (`pagefind.<lang>_<10 hex>.pf_meta`), come in a different
order on every run; each file is named by a hash of its content, so the
names change, and with them the metadata (which lists the filter files by
name) and `pagefind-entry.json` (which names the metadata file). Upstream
knows (Pagefind issue #638: fragments are stable, "other files will still
change, such as the filter/metadata indexes"). The fragments and word index
chunks are already stable, and are left as they are.

The formats, from Pagefind's source at v1.5.2 (pagefind/src/index/,
pagefind/src/output/mod.rs, pagefind_web/src/):

- every `.pf_*` file is gzip of b"pagefind_dcd" followed by the payload;
  the browser's pagefind.js inflates it with its own code (fflate) and
  checks the signature. Pagefind's gzip (flate2, best compression) has the
  header 1f8b 0800 00000000 02ff: no name, mtime 0, XFL 2, OS 255.
- a filter file is CBOR (minicbor arrays): [filter, [[value, [page, ...]], ...]];
  the browser reads the values into an ordered map, so their order is free.
- the metadata file is CBOR: [version, pages, index_chunks, filters, sorts,
  meta_fields], where filters is [[filter, file hash], ...] and sorts is
  [[sort key, [page, ...]], ...]; both lists are read into maps.
- a name is `<lang>_` and the start of Pagefind's `full_hash` (SHA-1 of the
  CBOR payload, each byte as hex *without* zero padding: Rust's `{:x?}`).
- `pagefind-entry.json` is serde_json's compact output, no final newline;
  its `languages` object is a hash map too, so its keys are sorted here.

We rewrite exactly those files as Pagefind would have had its hash map
iterated in sorted order: the values and lists sorted by their UTF-8 bytes
(Rust's string order), the same CBOR, the same naming. Anything that does
not look exactly like 1.5.2's output raises PagefindFormatError naming the
file, rather than writing an index the browser cannot read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import cbor2

# The only Pagefind whose formats this module knows; any other is refused.
PAGEFIND_VERSION = "1.5.2"
# Every .pf_* payload starts with this, inside the gzip (pagefind.js checks it).
SIGNATURE = b"pagefind_dcd"
# flate2's Compression::best(), which Pagefind uses.
GZIP_LEVEL = 9
# The gzip header flate2 writes: magic, deflate, no flags, mtime 0, XFL 2 (best), OS 255.
GZIP_HEADER = bytes([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xFF])
# The entry file pagefind.js fetches first: the version and each language's metadata name.
ENTRY = "pagefind-entry.json"
FILTER_DIR = "filter"
FILTER_SUFFIX = ".pf_filter"
META_PREFIX = "pagefind."
META_SUFFIX = ".pf_meta"
# Pagefind keeps len(language) + 8 characters of "<lang>_<hash>" for a chunk name
# (the language, "_" and 7 hex), and of the bare hash for the metadata name.
NAME_EXTRA = 8
# On a clash of short names Pagefind lengthens the name by two characters at a time.
CLASH_STEP = 2
# The metadata is a fixed array of six fields; these are the ones we reorder.
META_LENGTH = 6
META_FILTERS = 3
META_SORTS = 4
ENTRY_KEYS = ["version", "languages", "include_characters"]
LANGUAGE_KEYS = ["hash", "wasm", "page_count"]


class PagefindFormatError(Exception):
    """A Pagefind bundle this module does not recognise: rewriting it could break search."""


def canonicalise(bundle: Path) -> None:
    """Rewrite the bundle's filter files, metadata and entry in place so their bytes depend only on content."""
    bundle = Path(bundle)
    entry_path = bundle / ENTRY
    entry = _read_entry(entry_path)
    writes: dict[Path, bytes] = {}
    for language in sorted(entry["languages"]):
        info = entry["languages"][language]
        info["hash"] = _canonical_language(bundle, language, info["hash"], writes)
    entry["languages"] = dict(sorted(entry["languages"].items(), key=lambda item: item[0].encode()))
    # Filter and metadata files nothing references (left by an earlier run) go too.
    stale = [p for p in _managed_files(bundle) if p not in writes]
    for path, data in sorted(writes.items()):
        path.write_bytes(data)
    for path in stale:
        path.unlink()
    entry_path.write_bytes(_entry_bytes(entry))


def decode_file(path: Path) -> Any:
    """A .pf_filter or .pf_meta file's CBOR payload as Python lists (used by the tests to compare)."""
    return _decode(path, _payload(path))


def _canonical_language(bundle: Path, language: str, meta_name: str, writes: dict[Path, bytes]) -> str:
    """Queue the canonical filter files and metadata of one language; the metadata's new name."""
    meta_path = bundle / f"{META_PREFIX}{meta_name}{META_SUFFIX}"
    body = _payload(meta_path)
    expected = _meta_name(language, body)
    _check_name(meta_path, meta_name, expected, len(expected))
    meta = _decode(meta_path, body)
    _check_meta(meta_path, meta)
    filters: list[list[str]] = []
    taken: set[str] = set()
    for name, old in sorted(meta[META_FILTERS], key=lambda pair: pair[0].encode()):
        path = bundle / FILTER_DIR / f"{old}{FILTER_SUFFIX}"
        payload = _payload(path)
        _check_name(path, old, f"{language}_{_full_hash(payload)}", len(language) + NAME_EXTRA)
        index = _decode(path, payload)
        _check_filter(path, index, name)
        index[1].sort(key=lambda value: value[0].encode())
        canonical = _encode(path, index)
        new = _chunk_name(language, canonical, taken)
        taken.add(new)
        target = bundle / FILTER_DIR / f"{new}{FILTER_SUFFIX}"
        writes[target] = _gzip(canonical)
        filters.append([name, new])
    meta[META_FILTERS] = filters
    meta[META_SORTS].sort(key=lambda pair: pair[0].encode())
    canonical_meta = _encode(meta_path, meta)
    new_meta = _meta_name(language, canonical_meta)
    writes[bundle / f"{META_PREFIX}{new_meta}{META_SUFFIX}"] = _gzip(canonical_meta)
    return new_meta


def _managed_files(bundle: Path) -> list[Path]:
    """The files this module owns: every filter file and metadata file in the bundle."""
    metas = bundle.glob(f"{META_PREFIX}*{META_SUFFIX}")
    return sorted([*metas, *(bundle / FILTER_DIR).glob(f"*{FILTER_SUFFIX}")])


def _read_entry(path: Path) -> dict[str, Any]:
    """The entry file, checked: version pinned, known keys, and our JSON writes it back byte for byte."""
    try:
        raw = path.read_bytes()
        entry = json.loads(raw)
    except (OSError, ValueError) as error:
        raise PagefindFormatError(f"{path}: cannot read Pagefind's entry file ({error})") from error
    if not isinstance(entry, dict) or list(entry) != ENTRY_KEYS:
        raise PagefindFormatError(f"{path}: expected the keys {ENTRY_KEYS}, found another layout")
    if entry["version"] != PAGEFIND_VERSION:
        raise PagefindFormatError(
            f"{path}: Pagefind version {entry['version']!r}, but only {PAGEFIND_VERSION} is known: "
            "check its index format before changing PAGEFIND_VERSION"
        )
    languages = entry["languages"]
    if not isinstance(languages, dict) or not all(
        isinstance(info, dict) and list(info) == LANGUAGE_KEYS and isinstance(info["hash"], str)
        for info in languages.values()
    ):
        raise PagefindFormatError(f"{path}: 'languages' is not {{language: {LANGUAGE_KEYS}}}")
    if _entry_bytes(entry) != raw:
        raise PagefindFormatError(f"{path}: its JSON is not laid out as Pagefind {PAGEFIND_VERSION} writes it")
    return entry


def _entry_bytes(entry: dict[str, Any]) -> bytes:
    """The entry as serde_json::to_string writes it: compact, UTF-8 unescaped, no final newline."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _payload(path: Path) -> bytes:
    """A .pf_* file's CBOR: gunzipped, with the signature checked and removed."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as error:
        raise PagefindFormatError(f"{path}: not a gzip file as Pagefind writes ({error})") from error
    if not data.startswith(SIGNATURE):
        raise PagefindFormatError(f"{path}: the payload does not start with {SIGNATURE!r}")
    return data[len(SIGNATURE) :]


def _decode(path: Path, payload: bytes) -> Any:
    """The payload's CBOR, refused unless cbor2 encodes it back to exactly Pagefind's bytes."""
    try:
        value = cbor2.loads(payload)
    except (cbor2.CBORDecodeError, ValueError) as error:
        raise PagefindFormatError(f"{path}: not CBOR ({error})") from error
    if _encode(path, value) != payload:
        raise PagefindFormatError(f"{path}: cbor2 does not re-encode it to Pagefind's bytes; refusing to rewrite")
    return value


def _encode(path: Path, value: Any) -> bytes:
    """CBOR as minicbor writes Pagefind's structs: definite-length arrays, shortest integers."""
    try:
        return cbor2.dumps(value)
    except cbor2.CBOREncodeError as error:  # pragma: no cover - values come from cbor2.loads
        raise PagefindFormatError(f"{path}: cannot encode ({error})") from error


def _gzip(payload: bytes) -> bytes:
    """The signature and payload gzipped with flate2's header, at a fixed level: same input, same bytes.

    gzip.compress(mtime=0) would go through zlib's own header (OS byte 3);
    this writes Pagefind's header, a raw deflate stream and the gzip trailer.
    """
    data = SIGNATURE + payload
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(data) + packer.flush()
    return GZIP_HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def _full_hash(payload: bytes) -> str:
    """Pagefind's full_hash: SHA-1, each byte formatted by Rust's `{:x?}`, so without zero padding."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(payload).digest())


def _chunk_name(language: str, payload: bytes, taken: set[str]) -> str:
    """A filter file's name as Pagefind makes it, lengthened the way Pagefind does on a clash."""
    full = f"{language}_{_full_hash(payload)}"
    length = len(language) + NAME_EXTRA
    while full[:length] in taken and length < len(full):
        length += CLASH_STEP
    return full[:length]


def _meta_name(language: str, payload: bytes) -> str:
    """The metadata file's name: the language and len(language) + 8 characters of the hash."""
    return f"{language}_{_full_hash(payload)[: len(language) + NAME_EXTRA]}"


def _check_name(path: Path, name: str, full: str, shortest: int) -> None:
    """Refuse a file whose name is not the hash of its content: then we do not know the naming."""
    if not (len(name) >= shortest and full.startswith(name)):
        raise PagefindFormatError(f"{path}: its name is not the Pagefind {PAGEFIND_VERSION} hash of its content")


def _is_list(value: Any, length: int | None = None) -> bool:
    return isinstance(value, list) and (length is None or len(value) == length)


def _is_pages(value: Any) -> bool:
    return _is_list(value) and all(isinstance(n, int) and n >= 0 for n in value)


def _is_pairs(value: Any, second: type) -> bool:
    """A list of [str, second] pairs with distinct first items (a map Pagefind wrote as a list)."""
    return (
        _is_list(value)
        and all(_is_list(p, 2) and isinstance(p[0], str) and isinstance(p[1], second) for p in value)
        and len({p[0] for p in value}) == len(value)
    )


def _check_meta(path: Path, meta: Any) -> None:
    """Refuse a metadata file unless it is exactly 1.5.2's six-field array."""
    if not _is_list(meta, META_LENGTH):
        raise PagefindFormatError(f"{path}: expected Pagefind's {META_LENGTH}-field metadata array")
    if meta[0] != PAGEFIND_VERSION:
        raise PagefindFormatError(f"{path}: Pagefind version {meta[0]!r}, but only {PAGEFIND_VERSION} is known")
    checks = {
        "pages": _is_list(meta[1]) and all(_is_list(p, 2) and isinstance(p[0], str) for p in meta[1]),
        "index chunks": _is_list(meta[2]) and all(_is_list(c, 3) for c in meta[2]),
        "filters": _is_pairs(meta[META_FILTERS], str),
        "sorts": _is_pairs(meta[META_SORTS], list) and all(_is_pages(s[1]) for s in meta[META_SORTS]),
        "meta fields": _is_list(meta[5]) and all(isinstance(f, str) for f in meta[5]),
    }
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        raise PagefindFormatError(f"{path}: unexpected layout of the metadata's {', '.join(bad)}")


def _check_filter(path: Path, index: Any, name: str) -> None:
    """Refuse a filter file unless it is [name, [[value, [page, ...]], ...]] for the filter the metadata names."""
    if not (_is_list(index, 2) and _is_pairs(index[1], list) and all(_is_pages(v[1]) for v in index[1])):
        raise PagefindFormatError(f"{path}: expected [filter, [[value, [page, ...]], ...]]")
    if index[0] != name:
        raise PagefindFormatError(f"{path}: holds filter {index[0]!r}, but the metadata lists it for {name!r}")
