"""`factsite schema`: the claim schema an editor completes from, made for this project.

The shipped claim schema (generator/schemas/claim.schema.json) knows the
format but not the project: any slug passes as a source id or a tag, so an
editor can neither offer the ids nor flag a mistyped one. This command
writes a copy, .factsite/schemas/claim.schema.json, in which the evidence
`source` and the `tags` items list the project's source ids and tags as
`enum`s, each with an `enumDescriptions` entry (the source's title, outlet
and date; the tag's label and description) that the editor shows beside
the completion and on hover. .vscode/settings.json maps claims/*.yml to it.

The file is not committed: it is made from seeds/sources.yml and
claims/tags.yml, and is stale as soon as either changes, so `make schema`
remakes it. It only helps the editor: `factsite check` still decides what
is valid, with the shipped schema. The registry and the vocabulary keep
their shipped schemas (nothing in them is project-specific), which are
always there.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from generator.cli.usage import project_folder
from generator.errors import Diagnostic
from generator.load.people import People, load_people
from generator.load.registry import REGISTRY, load_registry
from generator.load.schema import load_schema
from generator.load.tags import TAGS_FILE, Vocabulary, load_tags
from generator.model import Source, Tag

SCHEMA_DIR = ".factsite/schemas"
CLAIM_SCHEMA = f"{SCHEMA_DIR}/claim.schema.json"
# Its own $id: an editor caches schemas by id, and this one must not be taken for the shipped one.
PROJECT_CLAIM_ID = "https://factsite.invalid/project/claim.schema.json"
# What an editor shows for a source without a title, with its file (every source has one).
UNTITLED = "untitled"
# A plain readable file, as the rest of the project's files (the temporary file starts as 0600).
FILE_MODE = 0o644


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    sources, source_problems = load_registry(root)
    vocabulary, tag_problems = load_tags(root)
    for warning in _warnings(sources, source_problems, vocabulary, tag_problems):
        print(f"factsite schema: warning: {warning}", file=sys.stderr)
    text = schema_text(project_claim_schema(sources, vocabulary, load_people(root)[0]))
    try:
        changed = write_if_changed(root / CLAIM_SCHEMA, text)
    except OSError as exc:  # a read-only folder, a file named .factsite: said in one line
        print(f"factsite schema: error: cannot write {CLAIM_SCHEMA}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    counts = f"{len(sources or {})} source ids, {len(vocabulary or {})} tags"
    print(f"{'wrote' if changed else 'up to date:'} {CLAIM_SCHEMA} ({counts})")
    return 0


def project_claim_schema(
    sources: dict[str, Source] | None, vocabulary: Vocabulary | None, people: People | None = None
) -> dict[str, Any]:
    """The shipped claim schema, with the project's source ids, tags and people as enums.

    A field stays as shipped (any slug) when there is nothing to list: no
    registry or no vocabulary could be read, or it is empty. The editor then
    accepts what it cannot check, and `factsite check` reports the cause.
    """
    schema = copy.deepcopy(load_schema("claim"))
    schema["$id"] = PROJECT_CLAIM_ID
    schema["title"] += ", for this project"
    schema["$comment"] = (
        f"Made by `factsite schema` (`make schema`) from {REGISTRY} and {TAGS_FILE}: "
        "do not edit, run it again when they change."
    )
    if sources:
        ids = sorted(sources)
        about_sources = [_about_source(sources[i]) for i in ids]
        _add_enum(schema["$defs"]["evidence"]["properties"]["source"], ids, about_sources)
        _add_enum(schema["properties"]["said"]["properties"]["source"], ids, about_sources)
    if vocabulary:
        slugs = sorted(vocabulary)
        _add_enum(schema["properties"]["tags"]["items"], slugs, [_about_tag(vocabulary[s]) for s in slugs])
    if people:
        ids = sorted(people)
        about = [f"{people[i].name} ({people[i].role})" for i in ids]
        _add_enum(schema["properties"]["author"], ids, about)
        _add_enum(schema["properties"]["reviewers"]["items"], ids, about)
    return schema


def _add_enum(field: dict[str, Any], values: list[str], descriptions: list[str]) -> None:
    # `enumDescriptions` is VS Code's and yaml-language-server's extension: shown beside each
    # completion and on hover, as plain text (the titles are untrusted, so never Markdown).
    field["enum"] = values
    field["enumDescriptions"] = descriptions


def _about_source(source: Source) -> str:
    """One line saying which document a source id is: title, then outlet and date when given."""
    where = ", ".join(part for part in (source.outlet, source.published) if part)
    title = source.title or f"{UNTITLED} ({source.file})"
    return f"{title} ({where})" if where else title


def _about_tag(tag: Tag) -> str:
    return f"{tag.label}: {tag.description}" if tag.description else tag.label


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as the file's text: the same schema gives the same bytes (keys in the shipped order)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` to `path` unless it already holds it; whether it was written.

    Written to a temporary file and renamed, so an editor reloading the
    schema never reads half of it; left alone when unchanged, so an editor
    watching the file is not made to reload it for nothing.
    """
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _warnings(
    sources: dict[str, Source] | None,
    source_problems: list[Diagnostic],
    vocabulary: Vocabulary | None,
    tag_problems: list[Diagnostic],
) -> list[str]:
    """What the schema lacks because the registry or the vocabulary has problems."""
    found = []
    if sources is None:
        found.append(f"{REGISTRY} could not be read: source ids are not listed (run `factsite check`)")
    elif any(d.is_error for d in source_problems):
        found.append(f"{REGISTRY} has problems: only the sources read are listed (run `factsite check`)")
    if vocabulary is None and not tag_problems:
        found.append(f"there is no {TAGS_FILE}: tags are not listed")
    elif vocabulary is None or any(d.is_error for d in tag_problems):
        found.append(f"{TAGS_FILE} has problems: only the tags read are listed (run `factsite check`)")
    return found
