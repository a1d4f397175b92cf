"""`factsite add-source PATH --id ID`: register a text file, a saved web page or a PDF.

The original is copied into seeds/ as `<id><extension>` (the extension in
lower case), byte for byte, and its text is extracted (load/extract.py) to
show the editor what quotes will be matched against. Its entry is appended
to seeds/sources.yml as text (yamledit.append_entry), so the file's
comments, order and quoting stay; the document's own title, byline, date,
canonical URL and site name fill the fields the editor left out, and
`retrieved` defaults to today. Nothing is written when the document cannot
be read, and nothing is overwritten: not an id, not a file. After writing,
the registry is loaded again; if the new entry does not load cleanly, both
files are put back as they were.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import secrets
import unicodedata
from pathlib import Path

from generator.cli.usage import UsageError, project_folder
from generator.cli.yamledit import append_entry, double_quoted, writable
from generator.errors import START, Diagnostic
from generator.load.claims import MAX_SLUG_LENGTH, SLUG, slugify
from generator.load.dates import today
from generator.load.extract import FORMATS, Extracted, ExtractionProblem, extract
from generator.load.registry import MAX_REGISTRY_BYTES, MAX_SOURCE_BYTES, REGISTRY, load_registry, text_cache
from generator.load.schema import load_schema
from generator.load.yamlsafe import Document, Map, Scalar, Seq, load_bytes
from generator.model import RESERVED_SLUGS

# The first lines of the text shown, each cut to a width: enough to recognise the article
# (and to see a page of navigation where the article should be), short enough to read.
SHOWN_LINES = 6
SHOWN_WIDTH = 100
# The registry written when a project has none yet: the append below turns `[]` into a list.
NEW_REGISTRY = "# The source registry: one entry per document under seeds/ (see docs/editor-guide.md).\nsources: []\n"
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_URL = re.compile(r"^https?://[^\s]+$")  # sources.schema.json's pattern for url and archive_url
# The editor's options, by registry field (--archive-url is archive_url), in the entry's order.
_GIVEN = ("title", "label", "outlet", "author", "url", "archive_url", "published", "retrieved")
# The options checked as they are given, not folded to one line: addresses and dates.
_EXACT = ("url", "archive_url", "published", "retrieved")
Fields = list[tuple[str, str]]  # a registry entry: (key, YAML scalar text) in the written order
# Registry fields filled from what the document says of itself (load/extract.py metadata keys).
_FROM_DOCUMENT = {"title": "title", "author": "author", "published": "date", "url": "url", "outlet": "sitename"}


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    given = _given(args)
    original = Path(args.path)
    extension = _extension(original)
    name = f"{args.id}{extension}"
    seeds, shown_path = root / "seeds", _shown(args.path)
    old, doc = _registry(root)
    if doc.diagnostics or not isinstance(doc.root, Map):
        for d in sorted(doc.diagnostics or load_registry(root)[1]):
            if d.path == REGISTRY:
                print(d)
        print(f"nothing written: {REGISTRY} can be added to only once it reads without errors")
        return 1
    in_place = _unused(doc.root, seeds, original, args.id, name)
    data = _read(original)
    if data is None:
        print(Diagnostic.at(shown_path, START, "too-large", f"{shown_path} is larger than {MAX_SOURCE_BYTES:,} bytes"))
        return 1
    found = extract(data, name, text_cache(root))
    if isinstance(found, ExtractionProblem):
        # The message names the file as it would be in seeds/; it is not there: name the file given.
        message = found.message.replace(f"seeds/{name}", shown_path)
        print(Diagnostic.at(shown_path, START, found.code, message, found.hint))
        print(f"nothing written: {shown_path} was not added")
        return 1
    values, origin = _values(given, found, args.path)
    fields = _fields(args.id, name, values, found, data)
    try:
        text = append_entry(doc.text, doc.root, fields, MAX_REGISTRY_BYTES)
    except ValueError as exc:
        raise UsageError(f"cannot append to {REGISTRY} ({exc}): add the entry by hand") from None
    copy = None if in_place else seeds / name
    try:
        _write(root, copy, data, (("\ufeff" if doc.bom else "") + text).encode("utf-8"))
    except OSError as exc:  # a read-only folder, a full disk: what was written is taken back
        print(f"nothing written: {exc.filename or REGISTRY}: {exc.strerror or exc}")
        return 1
    problems = _new_entry_problems(root, args.id, name, text)
    if problems:
        _restore(root, old, copy)
        for d in problems:
            print(d)
        print(f"nothing written: the new entry did not load; {REGISTRY} is as it was")
        return 1
    print(_report(found, fields, values, origin, "registered" if in_place else f"copied {shown_path} to"))
    return 0


def _given(args: argparse.Namespace) -> dict[str, str]:
    """The editor's values, checked (UsageError for a wrong one), by registry field."""
    if not SLUG.match(args.id) or len(args.id) > MAX_SLUG_LENGTH or args.id in RESERVED_SLUGS:
        raise UsageError(
            f"'{_shown(args.id)}' is not a valid source id: lowercase letters, digits and hyphens, at most "
            f"{MAX_SLUG_LENGTH} characters, not 'index' (for instance '{slugify(args.id) or 'bridge-report'}')"
        )
    given: dict[str, str] = {}
    for field in _GIVEN:
        value = getattr(args, field)
        if value is not None:
            value = value if field in _EXACT else writable(value)
            problem = _problem(field, value)
            if problem:
                raise UsageError(f"--{field.replace('_', '-')} '{_cut(_shown(value))}' {problem}")
            given[field] = value
    return given


def _problem(field: str, value: str) -> str | None:
    """Why `value` cannot be the registry's `field`, or None."""
    if field in ("url", "archive_url") and not _URL.match(value):
        return "is not a web address: give an http:// or https:// URL"
    if field in ("published", "retrieved") and _date_problem(value):
        return _date_problem(value)
    limit = load_schema("sources")["$defs"]["source"]["properties"].get(field, {}).get("maxLength")
    return f"is {len(value):,} characters long; the registry allows {limit:,}" if limit and len(value) > limit else None


def _date_problem(value: str) -> str | None:
    """Why `value` is not a YYYY-MM-DD date that has happened (dates.py's today), or None."""
    try:
        date = dt.date.fromisoformat(value) if _DATE.match(value) else None
    except ValueError:
        date = None
    if date is None:
        return "is not a date: write YYYY-MM-DD, e.g. 2024-03-14"
    return f"is in the future (today is {today().isoformat()})" if date > today() else None


def _extension(path: Path) -> str:
    """The lower-case extension of an existing regular file with a source format; else UsageError."""
    if not path.exists():
        raise UsageError(f"no such file: {_shown(str(path))}")
    if not path.is_file():
        raise UsageError(f"{_shown(str(path))} is not a regular file: a source is a document file")
    extension = path.suffix.lower()
    if extension not in FORMATS:
        kinds = ", ".join(sorted(FORMATS))
        raise UsageError(f"{_shown(str(path))}: a source is a {kinds} file, not '{_shown(path.suffix)}'")
    return extension


def _registry(root: Path) -> tuple[bytes | None, Document]:
    """The registry's bytes (None: there is none yet) and its parse (diagnostics: not to be written)."""
    path = root / REGISTRY
    if not path.exists() and not path.is_symlink():
        return None, load_bytes(REGISTRY, NEW_REGISTRY.encode(), MAX_REGISTRY_BYTES)
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_REGISTRY_BYTES:
        return None, Document(REGISTRY, "", None)  # load_registry says why
    data = path.read_bytes()
    return data, load_bytes(REGISTRY, data, MAX_REGISTRY_BYTES)


def _unused(root: Map, seeds: Path, original: Path, source_id: str, name: str) -> bool:
    """UsageError when the id or the file `seeds/<name>` is taken; whether `original` is that file already."""
    entries = root.items.get("sources")
    inside = original.absolute().parent.resolve() == seeds.resolve()
    for entry in entries.items if isinstance(entries, Seq) else []:
        # A file of seeds/ already registered under another id is not copied a second time.
        already = (("file", original.name),) if inside else ()
        for field, value in (("id", source_id), ("file", name), *already):
            node = entry.items.get(field) if isinstance(entry, Map) else None
            if isinstance(node, Scalar) and node.value == value:
                raise UsageError(
                    f"{field} '{value}' is already in {REGISTRY} (line {node.pos.line}): choose another --id"
                )
    target = seeds / name
    in_place = not original.is_symlink() and original.absolute().parent.resolve() == seeds.resolve()
    in_place = in_place and original.name == name
    if os.path.lexists(target) and not in_place:
        raise UsageError(f"seeds/{name} already exists: choose another --id, or register that file with it")
    return in_place


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None when it is larger than a source may be (never read whole then)."""
    try:
        with path.open("rb") as original:
            data = original.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {_shown(str(path))}: {exc.strerror or exc}") from None
    return None if len(data) > MAX_SOURCE_BYTES else data


def _values(given: dict[str, str], found: Extracted, path: str) -> tuple[dict[str, str], dict[str, str]]:
    """The entry's values: the editor's, else the document's, else defaults; and where each came from."""
    values, origin = dict(given), dict.fromkeys(given, "given")
    for field, value in _document_values(found).items():
        if field not in values:
            values[field], origin[field] = value, "from the document"
    if "retrieved" not in values:
        # Today in UTC, or the day SOURCE_DATE_EPOCH fixes when that is earlier, so it passes future-date.
        values["retrieved"] = min(dt.datetime.now(dt.UTC).date(), today()).isoformat()
        origin["retrieved"] = "today, in UTC: give --retrieved for the day the copy was saved"
    if not values.get("title") and not values.get("label"):
        raise UsageError(
            f"{_shown(path)} has no title (none given, none in the document): give --title 'The headline' "
            "or --label 'Untitled report (no outlet named)', the name readers see"
        )
    return values, origin


def _fields(source_id: str, name: str, values: dict[str, str], found: Extracted, data: bytes) -> Fields:
    """The entry as (key, YAML scalar text), in the registry's order (the contract of issue 17).

    `label` is written when one was given or the title is empty; text values are
    double-quoted (yamledit.double_quoted), whatever they hold.
    """
    fields = [("id", source_id), ("file", name)]
    for field in _GIVEN:
        if field != "label" or values.get("label") or not values.get("title"):
            fields.append((field, double_quoted(values.get(field, ""))))
    fields += [("sha256", hashlib.sha256(data).hexdigest()), ("extractor", double_quoted(found.extractor))]
    if found.format != "text":  # the text of a web page or PDF is derived: its checksum tells an upgrade
        fields.append(("text_sha256", hashlib.sha256(found.text.encode("utf-8")).hexdigest()))
    return [*fields, ("notes", '""')]


def _document_values(found: Extracted) -> dict[str, str]:
    """What the document says of itself, by registry field, keeping only values the registry accepts."""
    metadata = dict(reversed(found.metadata))  # the first value of a key wins
    values = {field: writable(metadata.get(key, "")) for field, key in _FROM_DOCUMENT.items()}
    return {field: value for field, value in values.items() if value and not _problem(field, value)}


def _write(root: Path, copy: Path | None, data: bytes, registry: bytes) -> None:
    """Copy the original (unless it is in place) and replace the registry; on failure, remove the copy."""
    (root / "seeds").mkdir(exist_ok=True)
    if copy is not None:
        _create(copy, data)
    try:
        _replace(root / REGISTRY, registry)
    except OSError:
        if copy is not None:
            copy.unlink()
        raise


def _create(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all, never over a file: a temporary file, then a hard link."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    _write_new(temporary, data)
    try:
        os.link(temporary, target)  # fails when target exists (even as a link): nothing is overwritten
    except FileExistsError:
        raise UsageError(f"seeds/{target.name} already exists: choose another --id") from None
    except OSError:  # a file system without hard links: create it exclusively instead
        _write_new(target, data)
    finally:
        temporary.unlink()


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` (never an existing file, never through a link) with `data`, synced to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _replace(path: Path, data: bytes) -> None:
    """Replace `path` with `data` at once (a reader sees the old file or the new one), keeping its mode."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    _write_new(temporary, data)
    if path.exists():
        os.chmod(temporary, path.stat().st_mode & 0o7777)
    os.replace(temporary, path)


def _restore(root: Path, old: bytes | None, copied: Path | None) -> None:
    """Put the registry back as it was (remove it if there was none) and remove the copied file."""
    if old is None:
        (root / REGISTRY).unlink()
    else:
        _replace(root / REGISTRY, old)
    if copied is not None:
        copied.unlink()


def _new_entry_problems(root: Path, source_id: str, name: str, text: str) -> list[Diagnostic]:
    """The errors load_registry finds in the new entry or its file (the rest of the registry is not ours)."""
    sources, diagnostics = load_registry(root)
    entries = load_bytes(REGISTRY, text.encode(), MAX_REGISTRY_BYTES).root
    entries = entries.items.get("sources") if isinstance(entries, Map) else None
    first = entries.items[-1].pos.line if isinstance(entries, Seq) and entries.items else 1
    ours = [
        d
        for d in sorted(diagnostics)
        if d.is_error and ((d.path == REGISTRY and d.line >= first) or d.path == f"seeds/{name}")
    ]
    if sources is None or source_id not in sources:
        ours = ours or [Diagnostic.at(REGISTRY, START, "registry", f"the new entry '{source_id}' did not load")]
    return ours


def _report(found: Extracted, fields: Fields, values: dict[str, str], origin: dict[str, str], action: str) -> str:
    """What was read and written, for the editor to check, and what to do next."""
    source_id, name = fields[0][1], fields[1][1]
    pages = len(found.pages)
    size = f"{len(found.text):,} characters of text" + (f" on {pages} page{'s' * (pages != 1)}" if pages else "")
    lines = [f"read seeds/{name}: {found.format}, {size} (extractor: {found.extractor})"]
    for field in ("title", "label", "author", "published", "url", "outlet", "retrieved"):
        if values.get(field):
            where = f"  ({origin[field]})" if origin[field] != "given" else ""
            lines.append(f"  {field + ':':<11}{_cut(_shown(values[field]))}{where}")
    first = [_cut(_shown(line)) for line in found.text.splitlines() if line.strip()][:SHOWN_LINES]
    lines += ["first lines of the text quotes are matched against:", *(f"  | {line}" for line in first)]
    lines += [f"{action} seeds/{name} and appended this entry to {REGISTRY}:"]
    lines += [f"  {'- ' if n == 0 else '  '}{key}: {value}" for n, (key, value) in enumerate(fields)]
    lines += [
        "next:",
        '  1. check the values above; write in `notes` what the document says of itself (left "")',
        f"  2. quote from it: factsite quote {source_id} 'a few words'",
        f"  3. cite it in a claim: factsite new SLUG --source {source_id}, then factsite check",
    ]
    return "\n".join(lines)


def _cut(line: str) -> str:
    return line if len(line) <= SHOWN_WIDTH else line[: SHOWN_WIDTH - 1] + "…"


def _shown(text: str) -> str:
    """Untrusted text made safe for a terminal: one line, no control or format characters (escapes, bidi)."""
    kept = (ch for ch in " ".join(text.split()) if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    return "".join(kept)
