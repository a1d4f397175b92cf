"""What an editor sees: every file `factsite check` accepts validates in it, and it completes ids and tags.

An editor (VS Code's YAML extension, i.e. yaml-language-server) reads the
files as YAML 1.2, checks `format` as well as the rest of the schema, and
picks each file's schema from its `# yaml-language-server: $schema=` line
or else from .vscode/settings.json. These tests do the same with
jsonschema: the shipped schemas must accept the project's real files (a
warning on a valid `published: ""` is how this was found), and the
project's claim schema (`factsite schema`) must list the source ids and
tags, accept every claim and refuse a mistyped id or tag.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import FIXTURE, REPO, claim_files

from generator.cli.schema import CLAIM_SCHEMA, project_claim_schema
from generator.load.people import PEOPLE_FILE, load_people
from generator.load.registry import load_registry
from generator.load.tags import TAGS_FILE, load_tags

SCHEMAS = REPO / "generator" / "schemas"
SETTINGS = REPO / ".vscode" / "settings.json"
EXTENSIONS = REPO / ".vscode" / "extensions.json"
# The extension that reads "yaml.schemas" (it runs yaml-language-server).
YAML_EXTENSION = "redhat.vscode-yaml"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)", re.MULTILINE)


class Yaml12Loader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (1.2 core schema): `2025-05-08` and `yes` stay text.

    PyYAML implements YAML 1.1, which would turn an unquoted date into a
    date object and `no` into a boolean; an editor sees text there.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}


def _resolve(tag: str, pattern: str, first: str) -> None:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


_resolve("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN")
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
_resolve("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolve("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
_resolve(
    "tag:yaml.org,2002:float",
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    "-+0123456789.",
)
Yaml12Loader.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: int(node.value, 0 if "0o" in node.value or "0x" in node.value else 10)
)


def read_as_editor(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader)


# yaml-language-server's own `date` check (its formats table): a shape, not a calendar.
EDITOR_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", re.IGNORECASE)
EDITOR_FORMATS = jsonschema.FormatChecker(formats=())
EDITOR_FORMATS.checks("date")(lambda value: not isinstance(value, str) or bool(EDITOR_DATE.match(value)))
# jsonschema's every format it can check: the strictest reading of `format` a tool may apply.
FORMAT_CHECKERS = {"yaml-language-server": EDITOR_FORMATS, "jsonschema": jsonschema.Draft202012Validator.FORMAT_CHECKER}


def shipped(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


def problems(schema: dict[str, Any], value: Any, formats: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKERS[formats])
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value))


def project_files(root: Path) -> list[tuple[Path, str]]:
    """Every file of the project at `root` an editor checks, with the shipped schema it is written to."""
    claims = [(p, "claim") for p in claim_files(root)]
    assert claims, f"no claims under {root}"
    people = [(root / PEOPLE_FILE, "people")] if (root / PEOPLE_FILE).exists() else []
    return [*claims, (root / TAGS_FILE, "tags"), *people, (root / "seeds" / "sources.yml", "sources")]


FILES = project_files(REPO) + project_files(FIXTURE)
NOT_CLAIMS = [(path, name) for path, name in FILES if name != "claim"]


@pytest.mark.parametrize("name", ["claim", "sources", "tags", "people"])
def test_the_shipped_schemas_are_valid_schemas(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(shipped(name))


@pytest.mark.parametrize("formats", sorted(FORMAT_CHECKERS))
@pytest.mark.parametrize(("path", "name"), FILES, ids=[p.relative_to(REPO).as_posix() for p, _ in FILES])
def test_every_real_file_is_valid_in_an_editor(path: Path, name: str, formats: str) -> None:
    assert problems(shipped(name), read_as_editor(path), formats) == []


@pytest.mark.parametrize("formats", sorted(FORMAT_CHECKERS))
def test_a_source_without_a_date_is_valid_in_an_editor(formats: str) -> None:
    registry = read_as_editor(FIXTURE / "seeds" / "sources.yml")
    undated = [s["id"] for s in registry["sources"] if s["published"] == ""]
    assert undated, "the fixture has no undated source"
    assert problems(shipped("sources"), registry, formats) == []


def test_an_impossible_date_is_still_refused() -> None:
    registry = read_as_editor(FIXTURE / "seeds" / "sources.yml")
    registry["sources"][0]["published"] = "2025-02-30"
    assert problems(shipped("sources"), registry, "jsonschema") == ["sources/0/published: '2025-02-30' is not a 'date'"]
    registry["sources"][0]["published"] = "8 May 2025"
    assert problems(shipped("sources"), registry, "yaml-language-server") == [
        "sources/0/published: '8 May 2025' does not match '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$'",
        "sources/0/published: '8 May 2025' is not a 'date'",
    ]


# --- the project's claim schema -------------------------------------------------------------


def made_for(root: Path) -> dict[str, Any]:
    return project_claim_schema(load_registry(root)[0], load_tags(root)[0], load_people(root)[0])


def test_the_project_schema_completes_the_desks_people_and_the_appearance() -> None:
    schema = made_for(FIXTURE)
    author, reviewer = schema["properties"]["author"], schema["properties"]["reviewers"]["items"]
    assert author["enum"] == reviewer["enum"] == ["ada-loe", "jane-roe", "sam-poe"]
    assert dict(zip(author["enum"], author["enumDescriptions"], strict=True))["jane-roe"] == "Jane Roe (Fact-checker)"
    said = schema["properties"]["said"]["properties"]["source"]
    assert said["enum"] == schema["$defs"]["evidence"]["properties"]["source"]["enum"]


def test_the_project_schema_lists_the_fixtures_ids_and_tags() -> None:
    schema = made_for(FIXTURE)
    source = schema["$defs"]["evidence"]["properties"]["source"]
    tag = schema["properties"]["tags"]["items"]
    registry = yaml.safe_load((FIXTURE / "seeds" / "sources.yml").read_text("utf-8"))
    assert source["enum"] == sorted(s["id"] for s in registry["sources"])
    assert tag["enum"] == sorted(yaml.safe_load((FIXTURE / TAGS_FILE).read_text("utf-8"))["tags"])
    # What the editor shows beside each completion: which document, which topic.
    about = dict(zip(source["enum"], source["enumDescriptions"], strict=True))
    assert about["moscow-times-2025-05-08"] == (
        "Xi Says China Supports Russia Against 'Hegemonic Bullying' During Kremlin Visit (The Moscow Times, 2025-05-08)"
    )
    assert about["friends-of-steel"] == "“Friends of Steel”: Xi and Putin Pledge Closer Ties Ahead of Victory Day"
    assert dict(zip(tag["enum"], tag["enumDescriptions"], strict=True))["talks"] == (
        "The Kremlin talks: What was said about the talks between Xi Jinping and Vladimir Putin."
    )
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("root", [REPO, FIXTURE], ids=["repository", "fixture"])
def test_the_project_schema_accepts_every_claim_of_the_project(root: Path) -> None:
    schema = made_for(root)
    for path, name in project_files(root):
        if name == "claim":
            assert problems(schema, read_as_editor(path), "jsonschema") == [], path


def test_the_project_schema_refuses_an_unknown_source_and_tag() -> None:
    schema = made_for(FIXTURE)
    claim = read_as_editor(FIXTURE / "claims" / "talks-duration.yml")
    claim["evidence"][1]["source"] = "moscow-times-2025-05-09"
    claim["tags"] = ["talks", "talk"]
    found = problems(schema, claim, "yaml-language-server")
    assert [p.split(":")[0] for p in found] == ["evidence/1/source", "tags/1"]
    assert "'moscow-times-2025-05-09' is not one of ['friends-of-steel', 'moscow-times-2025-05-08']" in found[0]
    # The shipped schema knows no project: it accepts both, which is why the project's exists.
    assert problems(shipped("claim"), claim, "yaml-language-server") == []


def test_without_a_vocabulary_any_tag_is_accepted(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    (root / TAGS_FILE).unlink()
    schema = made_for(root)
    assert "enum" not in schema["properties"]["tags"]["items"]
    assert "enum" in schema["$defs"]["evidence"]["properties"]["source"]


# --- which schema the editor uses for each file ------------------------------------------------


def settings() -> dict[str, Any]:
    """.vscode/settings.json, which VS Code reads as JSON with // comments."""
    lines = SETTINGS.read_text("utf-8").splitlines()
    return json.loads("\n".join(line for line in lines if not line.lstrip().startswith("//")))


def _glob(pattern: str) -> re.Pattern[str]:
    """yaml-language-server's reading of a `yaml.schemas` glob: it matches at any depth (`**/` is added)."""
    parts = re.split(r"(\*\*/|\*)", pattern.lstrip("/"))
    body = "".join({"**/": "(?:.*/)?", "*": "[^/]*"}.get(p, re.escape(p)) for p in parts)
    return re.compile(rf"(?:.*/)?{body}")


def schemas_from_settings(rel: str) -> list[str]:
    """The schemas the settings give a file: per schema, the last of its patterns that matches decides
    (`!` excludes), as in vscode-json-languageservice's FilePatternAssociation, which yaml-language-server used."""
    chosen = []
    for schema, patterns in settings()["yaml.schemas"].items():
        match = False
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            include = not pattern.startswith("!")
            if _glob(pattern.removeprefix("!")).fullmatch(rel):
                match = include
        if match:
            chosen.append(schema)
    return chosen


def schema_in_editor(rel: str) -> list[str]:
    """The schema an editor uses for `rel` (a path from the repository's root): a modeline wins."""
    if found := MODELINE.search((REPO / rel).read_text("utf-8")):
        return [(REPO / rel).parent.joinpath(found.group(1)).resolve().relative_to(REPO).as_posix()]
    return schemas_from_settings(rel)


EXPECTED = {
    "claim": CLAIM_SCHEMA,
    "sources": "generator/schemas/sources.schema.json",
    "tags": "generator/schemas/tags.schema.json",
    "people": "generator/schemas/people.schema.json",
}


@pytest.mark.parametrize(("path", "name"), FILES, ids=[p.relative_to(REPO).as_posix() for p, _ in FILES])
def test_the_settings_give_each_file_one_schema_its_own(path: Path, name: str) -> None:
    assert schemas_from_settings(path.relative_to(REPO).as_posix()) == [EXPECTED[name]]


def test_the_settings_name_schemas_that_exist_or_that_make_schema_writes() -> None:
    for schema in settings()["yaml.schemas"]:
        assert schema == CLAIM_SCHEMA or (REPO / schema).is_file(), schema


def test_the_yaml_extension_is_recommended() -> None:
    lines = EXTENSIONS.read_text("utf-8").splitlines()
    recommended = json.loads("\n".join(line for line in lines if not line.lstrip().startswith("//")))
    assert YAML_EXTENSION in recommended["recommendations"]


@pytest.mark.parametrize(("path", "name"), NOT_CLAIMS, ids=[p.relative_to(REPO).as_posix() for p, _ in NOT_CLAIMS])
def test_the_registry_and_vocabulary_get_their_schema_in_the_editor(path: Path, name: str) -> None:
    assert schema_in_editor(path.relative_to(REPO).as_posix()) == [EXPECTED[name]]


def test_the_editor_completes_claims_from_the_project_schema() -> None:
    for path, name in project_files(REPO):
        if name == "claim":
            assert schema_in_editor(path.relative_to(REPO).as_posix()) == [CLAIM_SCHEMA], path
