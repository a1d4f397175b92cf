"""Schema validation: the shipped JSON Schemas type and check the YAML tree.

The schemas in generator/schemas/ are the single definition of the file
formats: editors' tools read them (yaml-language-server) and so does the
validator. Every problem becomes a Diagnostic at the offending node.

Two libraries, each for what it does best: fastjsonschema compiles a
schema into Python code that answers "valid?" in microseconds, which is
all most files need; for a file it refuses, jsonschema lists every error
with its path, and each becomes a diagnostic (jsonschema alone would cost
a 5,000-claim build 1.4 s of CPU; fastjsonschema stops at the first error
and says less).
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema

from generator.errors import START, Diagnostic, Pos
from generator.load.dates import future_date, today
from generator.load.yamlsafe import ALIAS, Document, Map, Node, Scalar, Seq, node_at

# How alike an unknown word must be to a known one to be offered as
# "did you mean" (difflib ratio; 0.6 is difflib's own default and catches
# one or two typos in short field names without suggesting unrelated ones).
DID_YOU_MEAN_CUTOFF = 0.6

# Whole numbers in the formats are small (an occurrence is at most 100,000): a longer run
# of digits is read as TOO_MANY_DIGITS, above every maximum the schemas set, so that the
# schema reports it; int() of thousands of digits would cost, then fail (Python's limit).
MAX_INTEGER_DIGITS = 18
TOO_MANY_DIGITS = 10**MAX_INTEGER_DIGITS
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return True  # anything not shaped YYYY-MM-DD is the pattern's and type's business
    dt.date.fromisoformat(value)
    return True


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema `generator/schemas/<name>.schema.json`."""
    text = resources.files("generator").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    """The validator that explains: every error of an invalid value, with its path."""
    return jsonschema.Draft202012Validator(load_schema(name), format_checker=_FORMATS)


@cache
def _is_valid(name: str) -> Callable[[Any], bool]:
    """The compiled yes/no check of schema `name` (fastjsonschema), with the same date format."""
    # A copy: fastjsonschema rewrites the $refs of the schema it is given.
    check = fastjsonschema.compile(copy.deepcopy(load_schema(name)), formats={"date": _real_date})

    def is_valid(value: Any) -> bool:
        try:
            check(value)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return is_valid


def _real_date(value: str) -> bool:
    """The `date` format, as the FormatChecker above checks it."""
    try:
        return _is_date(value)
    except ValueError:
        return False


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A hint naming the closest choice, if one is close enough."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=DID_YOU_MEAN_CUTOFF)
    return f"did you mean '{close[0]}'?" if close else None


def validate(doc: Document, name: str) -> tuple[Any, list[Diagnostic]]:
    """Type `doc`'s tree by schema `name`; return the plain value and problems."""
    if doc.root is None:
        if doc.diagnostics:
            return None, []
        return None, [
            Diagnostic.at(
                doc.path,
                START,
                "empty-file",
                "the file is empty",
                f"start from a template: `factsite new SLUG` ({name} format)",
            )
        ]
    schema = load_schema(name)
    value = to_plain(doc.root, schema, schema)
    future = list(_future_dates(doc, value, schema, schema, (), today()))
    if _is_valid(name)(value):
        return value, future  # jsonschema would find nothing, and takes twenty times as long
    errors = sorted(_validator(name).iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
    found = [d for e in errors for d in _diagnose(doc, e)]
    return value, _dedupe(found) + future


def _future_dates(
    doc: Document,
    value: Any,
    schema: dict[str, Any],
    root: dict[str, Any],
    path: tuple[str | int, ...],
    latest: dt.date,
) -> Iterator[Diagnostic]:
    """A future-date diagnostic for each value of the `date` format later than `latest` (dates.py)."""
    schema = _deref(schema, root)
    if isinstance(value, str) and _is_date_schema(schema):
        node = node_at(doc.root, path)
        problem = future_date(doc.path, node.pos, _date_field(doc.path, path), value, latest) if node else None
        if problem:
            yield problem
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _future_dates(doc, item, schema.get("items", {}), root, (*path, index), latest)
    elif isinstance(value, dict):
        props = schema.get("properties", {})
        for key, item in value.items():
            yield from _future_dates(doc, item, props.get(key, {}), root, (*path, key), latest)


def _date_field(file: str, path: tuple[str | int, ...]) -> str:
    """What a date is, for its future-date hint (dates._WHAT)."""
    if path[:1] == ("corrections",):
        return "correction"
    if file.startswith("claims/") and path in (("published",), ("updated",)):
        return "fact-check published" if path == ("published",) else "updated"
    return _field(path)


def _is_date_schema(schema: dict[str, Any]) -> bool:
    """Whether `schema` gives its value the `date` format, itself or in a branch (`then`, `allOf`...).

    A branch's condition is not weighed: a value that is no date is never a future one.
    """
    if schema.get("format") == "date":
        return True
    branches = [schema.get(k) for k in ("then", "else")] + [
        b for k in ("allOf", "anyOf", "oneOf") for b in schema.get(k, [])
    ]
    return any(isinstance(b, dict) and _is_date_schema(b) for b in branches)


def to_plain(node: Node, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """Plain Python data; a scalar becomes an int only where the schema wants one."""
    schema = _deref(schema, root)
    if isinstance(node, Scalar):
        wants_int = schema.get("type") == "integer" and node.style is None
        if not (wants_int and node.value.isascii() and node.value.isdigit()):
            return node.value
        return int(node.value) if len(node.value) <= MAX_INTEGER_DIGITS else TOO_MANY_DIGITS
    if isinstance(node, Seq):
        return [to_plain(item, schema.get("items", {}), root) for item in node.items]
    props = schema.get("properties", {})
    return {k: to_plain(v, props.get(k, {}), root) for k, v in node.items.items()}


def _deref(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def _dedupe(found: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str, str]] = set()
    unique = []
    for d in found:
        if (d.line, d.column, d.code, d.message) not in seen:
            seen.add((d.line, d.column, d.code, d.message))
            unique.append(d)
    return unique


# What one item of a list field is called in messages.
_ITEM_NAMES = {"tags": "tag", "evidence": "evidence item", "sources": "source", "corrections": "correction"}


def _field(path: tuple[str | int, ...]) -> str:
    if path[:1] == ("tags",) and len(path) == 2 and isinstance(path[1], str):
        return "tag"  # an entry of the tag vocabulary, keyed by its slug (tags.py)
    names = [p for p in path if isinstance(p, str)]
    name = names[-1] if names else "file"
    return _ITEM_NAMES.get(name, name) if path and isinstance(path[-1], int) else name


def _diagnose(doc: Document, error: jsonschema.ValidationError) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    node = node_at(doc.root, path) or doc.root
    assert node is not None
    if isinstance(node, Scalar) and node.style == ALIAS:
        return []  # the alias itself is already reported
    if error.validator == "additionalProperties":
        return _unknown_fields(doc, node, error)
    if error.validator == "required":
        return [_missing_field(doc, node, error)]
    message, hint = _explain(error, _field(path))
    if isinstance(node, Scalar) and node.style is None and not node.value:
        comment = _comment_after(doc, node, _field(path))
        if comment:
            return [Diagnostic.at(doc.path, comment[0], "bad-value", message, comment[1])]
    return [Diagnostic.at(doc.path, node.pos, "bad-value", message, hint)]


def _comment_after(doc: Document, node: Scalar, name: str) -> tuple[Pos, str] | None:
    """For an empty value followed by a comment (`summary: #1 in the list`), the '#' and how to write it."""
    rest = doc.text[node.start :].split("\n", 1)[0]
    text = rest.strip()
    if not text.startswith("#"):
        return None
    pos = Pos(node.pos.line, node.pos.column + rest.index("#"))
    written = "'" + text.replace("'", "''") + "'"
    return pos, (
        "a '#' after a space starts a comment, so this value is empty; if the '#' is part of the text, "
        f"put the value in single quotes: {name}: {written}"
    )


def _unknown_fields(doc: Document, node: Node, error: jsonschema.ValidationError) -> list[Diagnostic]:
    assert isinstance(node, Map)
    allowed = sorted(error.schema.get("properties", {}))
    return [
        Diagnostic.at(
            doc.path,
            node.keys[key].pos,
            "unknown-field",
            f"unknown field '{key}'",
            did_you_mean(key, allowed) or "allowed fields: " + ", ".join(allowed),
        )
        for key in node.items
        if key not in allowed
    ]


def _missing_field(doc: Document, node: Node, error: jsonschema.ValidationError) -> Diagnostic:
    name = str(error.message).split("'")[1]
    about = error.schema.get("properties", {}).get(name, {})
    about = _deref(about, error.schema) if "$ref" not in about else {}
    where = "" if not error.absolute_path else f" in this {_field(tuple(error.absolute_path))}"
    return Diagnostic.at(
        doc.path, node.pos, "missing-field", f"missing required field '{name}'{where}", about.get("description")
    )


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


_TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number"}
# How to write a value of the wanted kind (the schema's type) when the YAML gave another:
# each is the YAML slip that most often makes that kind (editor guide, "Writing values").
_TYPE_HINTS = {
    ("string", "array"): "a value in [ ] or on '- ' lines is a list: to write text, put it in single quotes",
    ("string", "object"): "a line 'key: value' inside the value makes a mapping: put the whole value in "
    "single quotes, or write it as a block (| and the text indented below)",
    ("array", "string"): "write a list as [a, b] on the key's line, or one item per line below it, each "
    "starting with '- '",
    ("array", "object"): "begin each item of the list with '- ', as in '  - source: ...'",
    ("object", "string"): "write it as 'key: value' lines, indented under it",
    ("integer", "string"): "write the number in digits, without quotes",
}
_KINDS = {str: "string", list: "array", dict: "object", int: "integer"}


def _explain(error: jsonschema.ValidationError, name: str) -> tuple[str, str | None]:
    """Message and hint for a value the schema rejects."""
    kind, value, rule = error.validator, error.instance, error.validator_value
    if kind == "enum":
        return f"{_show(value)} is not a valid {name}", did_you_mean(str(value), rule) or "use one of: " + ", ".join(
            rule
        )
    if kind == "type":
        rules = rule if isinstance(rule, list) else [rule]  # a field of two forms (v2's claimant)
        hint = next((h for r in rules if (h := _TYPE_HINTS.get((r, _KINDS.get(type(value), ""))))), None)
        wanted = " or ".join(_TYPE_NAMES.get(r, r) for r in rules)
        return f"'{name}' must be {wanted}, not {_describe(value)}", hint
    if kind == "pattern":
        return _explain_pattern(name, value, rule)
    if kind == "format":
        return f"{_show(value)} is not a real date", "write an existing date as YYYY-MM-DD"
    if kind == "minLength":
        return f"'{name}' must not be empty", None
    if kind == "maxLength":
        return f"'{name}' is too long ({len(value):,} characters; the limit is {rule:,})", None
    if kind == "minItems":
        return f"'{name}' needs at least {rule} item{'s' if rule > 1 else ''}", None
    if kind == "maxItems":
        return f"'{name}' has {len(value)} items; the limit is {rule}", None
    if kind == "uniqueItems":
        return f"'{name}' lists the same value twice", "remove the repeated item"
    if kind == "maximum":
        return f"'{name}' must be at most {rule:,}", "no source holds a quote that many times; check the number"
    if kind == "minimum":
        return f"'{name}' must be at least {rule}", "occurrences count from 1"
    return f"invalid {name}: {error.message}", None


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {_show(value)}"
    return _show(value)


def _explain_pattern(name: str, value: Any, rule: str) -> tuple[str, str | None]:
    if "[0-9]{4}" in rule:
        return f"{_show(value)} is not an ISO date", "write it as YYYY-MM-DD, e.g. '2025-05-08'"
    if "https?" in rule:
        return f"{_show(value)} is not an http(s) URL", "give the full address, starting with https://"
    if "[0-9a-f]{64}" in rule:
        return f"{_show(value)} is not a SHA-256 checksum", "64 lowercase hex digits: run `sha256sum` on the file"
    return f"{_show(value)} is not a valid {name}", "use lowercase letters, digits and single hyphens"
