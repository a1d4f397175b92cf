"""Schema validation: the shipped JSON Schemas type and check the YAML tree.

The schemas in generator/schemas/ are the single definition of the file
formats: editors' tools read them (yaml-language-server) and so does the
validator. Every problem becomes a Diagnostic at the offending node.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import Any, Callable

import jsonschema

from .errors import START, Diagnostic
from .yamlsafe import ALIAS, Document, Map, Node, Scalar, Seq, node_at

# How alike an unknown word must be to a known one to be offered as
# "did you mean" (difflib ratio; 0.6 is difflib's own default and catches
# one or two typos in short field names without suggesting unrelated ones).
DID_YOU_MEAN_CUTOFF = 0.6

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
    # Validating against the schema with its $refs inlined gives the same
    # errors and is about twice as fast (no reference resolution per item).
    schema = load_schema(name)
    return jsonschema.Draft202012Validator(_inline(schema, schema), format_checker=_FORMATS)


def _inline(node: Any, root: dict[str, Any]) -> Any:
    """A copy of `node` with every local $ref replaced by its target."""
    if isinstance(node, list):
        return [_inline(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _inline(_deref(node, root), root)
    return {key: value if key == "$defs" else _inline(value, root) for key, value in node.items()}


# --- the fast path: a checker compiled from the schema ------------------------------------
#
# Most files are valid, and jsonschema's iter_errors is most of the cost of
# loading them. The schema is compiled once into plain Python predicates,
# one per keyword, that answer True only when jsonschema would find no error
# (some answer False where jsonschema might still accept: then iter_errors
# decides, and gives the diagnostics). A schema with any keyword not listed
# here gets no fast path.

Check = Callable[[Any], bool]
# Keywords that only annotate.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"})


@cache
def _fast_check(name: str) -> Check | None:
    try:
        return _compile(_validator(name).schema)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    """The schema uses a keyword the fast path does not implement."""


def _compile(schema: Any) -> Check:
    if not isinstance(schema, dict):
        raise _Unsupported(schema)
    rules = {key: value for key, value in schema.items() if key not in _ANNOTATIONS}
    joined = _text_check(rules) or _object_check(rules, schema) or _array_check(rules)
    if joined is not None:
        return joined
    return _conjunction(tuple(_keyword(key, value, schema) for key, value in rules.items()))


def _conjunction(checks: tuple[Check, ...]) -> Check:
    """True when every check is: what a schema of any keywords compiles to."""
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool:
        for one in checks:
            if not one(value):
                return False
        return True
    return check


# The rules of a text field that `_text_check` joins into one predicate.
_TEXT_RULES = frozenset({"type", "minLength", "maxLength", "pattern", "format"})


def _text_check(rules: dict[str, Any]) -> Check | None:
    """The usual leaf, a text with lengths, a pattern or a format, as one predicate, or None.

    It is the conjunction of what `_type`, `_length`, `_pattern` and `_format`
    would compile, without a call for each: most values are such texts.
    """
    if rules.get("type") != "string" or not _TEXT_RULES.issuperset(rules):
        return None
    low, high = rules.get("minLength", 0), rules.get("maxLength")
    regex = re.compile(rules["pattern"]) if "pattern" in rules else None
    form = rules.get("format")
    if form is not None and form not in _FORMATS.checkers:
        raise _Unsupported(form)
    if regex is None and form is None:  # lengths alone, the commonest
        if high is None:
            return lambda value: isinstance(value, str) and len(value) >= low
        return lambda value: isinstance(value, str) and low <= len(value) <= high

    def check(value: Any) -> bool:
        return isinstance(value, str) and len(value) >= low and (high is None or len(value) <= high) \
            and (regex is None or regex.search(value) is not None) \
            and (form is None or _FORMATS.conforms(value, form))
    return check


# The rules of a mapping with known fields that `_object_check` joins into one predicate.
_OBJECT_RULES = frozenset({"type", "additionalProperties", "required", "properties"})


def _object_check(rules: dict[str, Any], schema: dict[str, Any]) -> Check | None:
    """A mapping's rules (closed, required fields, a check per field) as one predicate, or None.

    The conjunction of what `_type`, `_additional`, `_required` and `_properties` compile.
    """
    if rules.get("type") != "object" or not _OBJECT_RULES.issuperset(rules):
        return None
    closed = "additionalProperties" in rules
    if closed:
        _additional(rules["additionalProperties"], schema)  # refuses what it does not implement
    known = frozenset(schema.get("properties", {}))
    required = frozenset(rules.get("required", ()))  # names: `key in value` for each, at once
    checks = {key: _compile(sub) for key, sub in rules.get("properties", {}).items()}

    def check(value: Any) -> bool:
        if not isinstance(value, dict) or (closed and not known.issuperset(value)) or not required <= value.keys():
            return False
        return _fit(checks, value)
    return check


# The rules of a list that `_array_check` joins into one predicate.
_ARRAY_RULES = frozenset({"type", "minItems", "maxItems", "uniqueItems", "items"})


def _array_check(rules: dict[str, Any]) -> Check | None:
    """A list's rules (counts, unique texts, a check per item) as one predicate, or None.

    The conjunction of what `_type`, `_count`, `_unique` and `_items` compile.
    """
    if rules.get("type") != "array" or not _ARRAY_RULES.issuperset(rules):
        return None
    low, high = rules.get("minItems", 0), rules.get("maxItems")
    unique = rules.get("uniqueItems") is True
    one = _compile(rules["items"]) if "items" in rules else None

    def check(value: Any) -> bool:
        if not isinstance(value, list) or len(value) < low or (high is not None and len(value) > high):
            return False
        if unique and not (all(isinstance(i, str) for i in value) and len(set(value)) == len(value)):
            return False
        if one is not None:
            for item in value:
                if not one(item):
                    return False
        return True
    return check


def _keyword(key: str, rule: Any, schema: dict[str, Any]) -> Check:
    if key in _COMPILERS:
        return _COMPILERS[key](rule, schema)
    raise _Unsupported(key)


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str), "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
}


def _type(rule: Any, _: dict[str, Any]) -> Check:
    if not isinstance(rule, str) or rule not in _TYPES:
        raise _Unsupported(rule)
    return _TYPES[rule]


def _enum(rule: Any, _: dict[str, Any]) -> Check:
    allowed = frozenset(item for item in rule if isinstance(item, str))
    return lambda v: isinstance(v, str) and v in allowed  # anything else: jsonschema decides


def _pattern(rule: Any, _: dict[str, Any]) -> Check:
    regex = re.compile(rule)
    return lambda v: not isinstance(v, str) or regex.search(v) is not None


def _format(rule: Any, _: dict[str, Any]) -> Check:
    if rule not in _FORMATS.checkers:
        raise _Unsupported(rule)
    return lambda v: _FORMATS.conforms(v, rule)


def _length(low: bool) -> Callable[[Any, dict[str, Any]], Check]:
    return lambda rule, _: lambda v: not isinstance(v, str) or (len(v) >= rule if low else len(v) <= rule)


def _count(low: bool) -> Callable[[Any, dict[str, Any]], Check]:
    return lambda rule, _: lambda v: not isinstance(v, list) or (len(v) >= rule if low else len(v) <= rule)


def _unique(rule: Any, _: dict[str, Any]) -> Check:
    if rule is not True:
        return lambda v: True
    return lambda v: not isinstance(v, list) or (all(isinstance(i, str) for i in v) and len(set(v)) == len(v))


def _minimum(rule: Any, _: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, (int, float)) or (not isinstance(v, bool) and v >= rule)


def _required(rule: Any, _: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, dict) or all(key in v for key in rule)


def _additional(rule: Any, schema: dict[str, Any]) -> Check:
    if rule is not False or "patternProperties" in schema:
        raise _Unsupported(rule)
    known = frozenset(schema.get("properties", {}))
    return lambda v: not isinstance(v, dict) or known.issuperset(v)


def _properties(rule: Any, _: dict[str, Any]) -> Check:
    checks = {key: _compile(sub) for key, sub in rule.items()}

    def check(value: Any) -> bool:
        return not isinstance(value, dict) or _fit(checks, value)
    return check


def _fit(checks: dict[str, Check], value: dict[str, Any]) -> bool:
    """Whether every item of `value` that has a check passes it."""
    for key, item in value.items():
        one = checks.get(key)
        if one is not None and not one(item):
            return False
    return True


def _items(rule: Any, _: dict[str, Any]) -> Check:
    one = _compile(rule)

    def check(value: Any) -> bool:
        if isinstance(value, list):
            for item in value:
                if not one(item):
                    return False
        return True
    return check


_COMPILERS: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "type": _type, "enum": _enum, "pattern": _pattern, "format": _format,
    "minLength": _length(True), "maxLength": _length(False), "minItems": _count(True), "maxItems": _count(False),
    "uniqueItems": _unique, "minimum": _minimum, "required": _required, "additionalProperties": _additional,
    "properties": _properties, "items": _items,
}


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A hint naming the closest choice, if one is close enough."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=DID_YOU_MEAN_CUTOFF)
    return f"did you mean '{close[0]}'?" if close else None


def validate(doc: Document, name: str) -> tuple[Any, list[Diagnostic]]:
    """Type `doc`'s tree by schema `name`; return the plain value and problems."""
    if doc.root is None:
        if doc.diagnostics:
            return None, []
        return None, [Diagnostic.at(doc.path, START, "empty-file", "the file is empty",
                                    f"start from a template: `factsite new SLUG` ({name} format)")]
    shape = _plain_shape(name)
    schema = load_schema(name)
    value = _plain(doc.root, shape) if shape is not None else to_plain(doc.root, schema, schema)
    fast = _fast_check(name)
    if fast is not None and fast(value):
        return value, []  # valid: jsonschema would find nothing (and takes twenty times as long)
    errors = sorted(_validator(name).iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
    found = [d for e in errors for d in _diagnose(doc, e)]
    return value, _dedupe(found)


def valid_as_text(value: Any, name: str) -> bool:
    """True when `value`, the plain data of a tree with every scalar left as text, is valid.

    Then it is also what `validate` gives for that tree, with no problem: the
    two differ only where the schema wants a whole number (plain digits
    become an int), and there the fast check refuses text.
    """
    fast = _fast_check(name)
    return fast is not None and fast(value)


def to_plain(node: Node, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """Plain Python data; a scalar becomes an int only where the schema wants one."""
    schema = _deref(schema, root)
    if isinstance(node, Scalar):
        wants_int = schema.get("type") == "integer" and node.style is None
        return int(node.value) if wants_int and node.value.isascii() and node.value.isdigit() else node.value
    if isinstance(node, Seq):
        return [to_plain(item, schema.get("items", {}), root) for item in node.items]
    props = schema.get("properties", {})
    return {k: to_plain(v, props.get(k, {}), root) for k, v in node.items.items()}


class _Shape:
    """What `to_plain` reads of one schema node, worked out once: whether it wants a whole
    number, and the shapes of its items and properties (`_ANY` for any other key)."""

    __slots__ = ("wants_int", "items", "properties")

    def __init__(self) -> None:
        self.wants_int = False
        self.items: _Shape = self
        self.properties: dict[str, _Shape] = {}


# The shape of a schema that says nothing to_plain reads (no integer type, items or
# properties), as `{}` does: text stays text all the way down.
_ANY = _Shape()


@cache
def _plain_shape(name: str) -> _Shape | None:
    """Schema `name` read as `to_plain` reads it, or None if it holds what only to_plain handles."""
    try:
        return _shape_of(load_schema(name), load_schema(name), {})
    except _Unsupported:
        return None


def _shape_of(schema: Any, root: dict[str, Any], made: dict[int, _Shape]) -> _Shape:
    if not isinstance(schema, dict):
        raise _Unsupported(schema)
    schema = _deref(schema, root)
    if not isinstance(schema, dict):
        raise _Unsupported(schema)
    if schema.get("type") != "integer" and "items" not in schema and "properties" not in schema:
        return _ANY
    if id(schema) in made:
        return made[id(schema)]
    shape = made[id(schema)] = _Shape()
    shape.wants_int = schema.get("type") == "integer"
    shape.items = _shape_of(schema.get("items", {}), root, made)
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise _Unsupported(properties)
    shape.properties = {key: _shape_of(sub, root, made) for key, sub in properties.items()}
    return shape


def _plain(node: Node, shape: _Shape) -> Any:
    """`to_plain(node, schema, root)` for the schema of `shape`, without reading the schema again.

    Text children of a mapping, most of the nodes, are taken as they are,
    without a call each, unless their shape may want a whole number.
    """
    if node.__class__ is Scalar:
        value = node.value
        if shape.wants_int and node.style is None and value.isascii() and value.isdigit():
            return int(value)
        return value
    if node.__class__ is Seq:
        items = shape.items
        return [_plain(item, items) for item in node.items]
    properties = shape.properties
    plain = {}
    for key, child in node.items.items():  # type: ignore[union-attr]
        sub = properties.get(key, _ANY)
        plain[key] = child.value if child.__class__ is Scalar and not sub.wants_int else _plain(child, sub)
    return plain


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
_ITEM_NAMES = {"tags": "tag", "evidence": "evidence item", "sources": "source"}


def _field(path: tuple[str | int, ...]) -> str:
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
    return [Diagnostic.at(doc.path, node.pos, "bad-value", message, hint)]


def _unknown_fields(doc: Document, node: Node, error: jsonschema.ValidationError) -> list[Diagnostic]:
    assert isinstance(node, Map)
    allowed = sorted(error.schema.get("properties", {}))
    return [Diagnostic.at(doc.path, node.keys[key].pos, "unknown-field", f"unknown field '{key}'",
                          did_you_mean(key, allowed) or "allowed fields: " + ", ".join(allowed))
            for key in node.items if key not in allowed]


def _missing_field(doc: Document, node: Node, error: jsonschema.ValidationError) -> Diagnostic:
    name = str(error.message).split("'")[1]
    about = error.schema.get("properties", {}).get(name, {})
    about = _deref(about, error.schema) if "$ref" not in about else {}
    where = "" if not error.absolute_path else f" in this {_field(tuple(error.absolute_path))}"
    return Diagnostic.at(doc.path, node.pos, "missing-field", f"missing required field '{name}'{where}",
                         about.get("description"))


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


_TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number"}


def _explain(error: jsonschema.ValidationError, name: str) -> tuple[str, str | None]:
    """Message and hint for a value the schema rejects."""
    kind, value, rule = error.validator, error.instance, error.validator_value
    if kind == "enum":
        return f"{_show(value)} is not a valid {name}", \
            did_you_mean(str(value), rule) or "use one of: " + ", ".join(rule)
    if kind == "type":
        return f"'{name}' must be {_TYPE_NAMES.get(rule, rule)}, not {_describe(value)}", None
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
