"""Safe YAML reading: every scalar stays a string, every node keeps its place.

Only the plain data model is accepted: mappings, sequences and scalars.
Anchors, aliases and tags are refused (no alias bombs, no `!!python/...`),
duplicate keys are reported with both lines, and every scalar is read as
text: typing is the schema's job, so `verdict: no` is the text "no", never
a boolean. The parser is libyaml's (PyYAML's C binding) when available;
we consume its event stream and build the tree ourselves, which lets us
stop at a depth limit before anything deep is ever built.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import START, Diagnostic, Pos
from generator.load.yamlhints import duplicate_hint, syntax_error

# A claim file is a few kilobytes; 256 KiB leaves room for very long
# summaries while refusing anything that is clearly not a claim file.
MAX_CLAIM_BYTES = 256 * 1024
# Claims nest three levels (file > evidence > item); 32 leaves ample room
# and stops a hostile file of thousands of levels long before it costs.
MAX_DEPTH = 32

# The style given to the empty placeholder of a refused alias, so that later
# checks do not report a second, misleading problem at the same place.
ALIAS = "*"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class Scalar:
    value: str
    pos: Pos
    start: int  # character offset of the scalar's first character (quotes included)
    end: int  # character offset just past it
    style: str | None  # None for plain, "'", '"', "|", ">", or ALIAS for a refused alias


@dataclass(slots=True)
class Seq:
    items: list[Node]
    pos: Pos


@dataclass(slots=True)
class Map:
    items: dict[str, Node]
    keys: dict[str, Scalar]
    pos: Pos


Node = Scalar | Seq | Map


@dataclass(slots=True)
class Document:
    """A parsed file: its root (None when empty or unreadable) and problems."""

    path: str
    text: str
    root: Node | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bom: bool = False


class _StopError(Exception):
    """Parsing cannot go on (syntax error, depth limit): already reported."""


def load_bytes(path: str, data: bytes, max_bytes: int = MAX_CLAIM_BYTES) -> Document:
    """Parse `data` (the file at project-relative `path`) into a Document."""
    if len(data) > max_bytes:
        return too_large(path, len(data), max_bytes)
    text, problem = _decode(path, data)
    if problem:
        return Document(path, "", None, [problem])
    bom = text.startswith("\ufeff")
    doc = Document(path, text[1:] if bom else text, None, bom=bom)
    raw = _invisible(path, doc.text)
    if raw:  # libyaml would stop at the first, at no position: each is reported, then parsed as U+FFFD
        doc.diagnostics += raw
        original, doc.text = doc.text, _INVISIBLE.sub("\ufffd", doc.text)
        doc = _parse(doc)
        doc.text = original  # the same length: every node's offsets hold for it
    else:
        doc = _parse(doc)
    doc.diagnostics += _escaped_invisible(doc)
    return doc


def too_large(path: str, size: int, max_bytes: int = MAX_CLAIM_BYTES) -> Document:
    """The Document of a file of `size` bytes, over the limit: not read, not parsed."""
    return _fail(
        path,
        "",
        START,
        "too-large",
        f"file is {size:,} bytes; the limit is {max_bytes:,}",
        "split it up, or check that this is the file you meant",
    )


def _decode(path: str, data: bytes) -> tuple[str, Diagnostic | None]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = _pos_of(data[: exc.start].decode("utf-8", "replace"), exc.start)
        return "", Diagnostic.at(
            path,
            pos,
            "encoding",
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8",
        )
    if "\x00" in text:
        nul = text.index("\x00")
        return "", Diagnostic.at(
            path,
            _pos_of(text, nul),
            "encoding",
            "binary data (a NUL byte) in a text file",
            "save the file as UTF-8 text",
        )
    return text, None


# Characters a claim or registry file may not hold, raw or escaped: controls (YAML refuses
# most raw, with no position; written as "\\u0007" they pass it), and the bidirectional
# embeddings, overrides and isolates, which make text display otherwise than it reads
# (a title shown reversed, a quote that says what it does not).
_INVISIBLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
# A file full of them is reported at its first few places.
MAX_CHARACTER_DIAGNOSTICS = 10


def _invisible(path: str, text: str) -> list[Diagnostic]:
    """A diagnostic at each (of the first few) disallowed characters written in the file as they are."""
    return [
        _character_problem(path, _pos_of(text, m.start()), m.group())
        for _, m in zip(range(MAX_CHARACTER_DIAGNOSTICS), _INVISIBLE.finditer(text))
    ]


def _character_problem(path: str, pos: Pos, char: str) -> Diagnostic:
    kind = "a bidirectional control" if "\u202a" <= char <= "\u2069" else "a control character"
    return Diagnostic.at(
        path,
        pos,
        "control-character",
        f"{kind} (U+{ord(char):04X}) is not allowed here",
        "delete it: it is invisible, and can make text display otherwise than it reads",
    )


def _escaped_invisible(doc: Document) -> list[Diagnostic]:
    """Disallowed characters that double-quoted scalars write as escapes (\\u202e), at their scalar."""
    found: list[Diagnostic] = []
    stack: list[Node] = [doc.root] if doc.root is not None else []
    while stack and len(found) < MAX_CHARACTER_DIAGNOSTICS:
        node = stack.pop()
        if isinstance(node, Scalar):
            match = _INVISIBLE.search(node.value) if node.style == '"' else None
            if match:
                found.append(_character_problem(doc.path, node.pos, match.group()))
        else:
            stack.extend(reversed(node.items) if isinstance(node, Seq) else reversed(node.items.values()))
    return found


def _pos_of(text: str, offset: int) -> Pos:
    head = text[:offset]
    return Pos(head.count("\n") + 1, offset - (head.rfind("\n") + 1) + 1)


def _fail(path: str, text: str, pos: Pos, code: str, message: str, hint: str | None) -> Document:
    return Document(path, text, None, [Diagnostic.at(path, pos, code, message, hint)])


def _parse(doc: Document) -> Document:
    """`doc` with its tree and problems: libyaml's events, every problem reported where it is."""
    loader = _Loader(doc.text)
    events = iter(loader.get_event, None)  # what yaml.parse yields, without its generator
    builder = _Builder(doc)
    try:
        doc.root = builder.document(events)
    except _StopError:
        doc.root = None
    except yaml.MarkedYAMLError as exc:
        doc.diagnostics.append(syntax_error(doc.path, doc.text, exc))
        doc.root = None
    except yaml.YAMLError as exc:  # errors without a mark (reader errors)
        doc.diagnostics.append(Diagnostic.at(doc.path, START, "yaml-syntax", str(exc)))
        doc.root = None
    finally:
        loader.dispose()
    return doc


def _mark(event: yaml.Event) -> Pos:
    mark = event.start_mark
    return Pos(mark.line + 1, mark.column + 1)


class _Builder:
    """Builds nodes from libyaml's events, refusing what we do not support."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.depth = 0

    def report(self, pos: Pos, code: str, message: str, hint: str | None = None) -> None:
        self.doc.diagnostics.append(Diagnostic.at(self.doc.path, pos, code, message, hint))

    def document(self, events: Iterator[yaml.Event]) -> Node | None:
        next(events)  # StreamStart
        event = next(events)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        root = self.node(events, next(events))
        next(events)  # DocumentEnd
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            self.report(
                _mark(extra),
                "yaml-syntax",
                "more than one YAML document in the file",
                "remove the `---` line: one file holds one document",
            )
        return root

    def node(self, events: Iterator[yaml.Event], event: yaml.Event) -> Node:
        self.refuse_features(event)
        if isinstance(event, yaml.ScalarEvent):
            return Scalar(event.value, _mark(event), event.start_mark.index, event.end_mark.index, event.style or None)
        if isinstance(event, yaml.AliasEvent):
            return Scalar("", _mark(event), event.start_mark.index, event.end_mark.index, ALIAS)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.report(
                _mark(event),
                "too-deep",
                f"nesting deeper than {MAX_DEPTH} levels",
                "claim files need three levels at most; check for stray brackets",
            )
            raise _StopError
        built = (
            self.sequence(events, event) if isinstance(event, yaml.SequenceStartEvent) else self.mapping(events, event)
        )
        self.depth -= 1
        return built

    def refuse_features(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            self.report(
                _mark(event),
                "yaml-feature",
                f"alias *{event.anchor} is not allowed",
                "write the value out in full: claim files do not use anchors or aliases",
            )
            return
        if event.anchor is not None:
            self.report(
                _mark(event),
                "yaml-feature",
                f"anchor &{event.anchor} is not allowed",
                "remove the anchor: claim files do not use anchors or aliases",
            )
        if event.tag is not None and event.tag != "!":
            self.report(
                _mark(event),
                "yaml-feature",
                f"tag {event.tag} is not allowed",
                "remove the tag: every value is plain text, typed by the claim schema",
            )

    def sequence(self, events: Iterator[yaml.Event], start: yaml.Event) -> Seq:
        items: list[Node] = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                break
            items.append(self.node(events, event))
        return Seq(items, _mark(start))

    def mapping(self, events: Iterator[yaml.Event], start: yaml.Event) -> Map:
        result = Map({}, {}, _mark(start))
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                break
            key = self.node(events, event)
            value = self.node(events, next(events))
            self.add(result, key, value)
        return result

    def add(self, mapping: Map, key: Node, value: Node) -> None:
        if not isinstance(key, Scalar):
            self.report(key.pos, "yaml-feature", "a key must be plain text, not a list or mapping")
            return
        first = mapping.keys.get(key.value)
        if first is not None:
            opener = next(iter(mapping.keys.values()))  # the mapping's first key
            self.report(
                key.pos,
                "duplicate-key",
                f"duplicate key '{key.value}' (first at line {first.pos.line})",
                duplicate_hint(self.doc.text, (opener.start, opener.pos.column), first.pos.line, key.pos.line),
            )
            return
        mapping.keys[key.value] = key
        mapping.items[key.value] = value


def node_at(root: Node | None, path: tuple[str | int, ...]) -> Node | None:
    """The node reached by following `path` (mapping keys and list indices)."""
    node = root
    for step in path:
        if isinstance(node, Map) and isinstance(step, str):
            node = node.items.get(step)
        elif isinstance(node, Seq) and isinstance(step, int) and step < len(node.items):
            node = node.items[step]
        else:
            return None
    return node


# The places of a list's mappings, for building from them: (index, mapping) -> the
# mapping's position and those of two of its values.
Places = Callable[[int, dict[str, Any]], tuple[Pos, Pos, Pos]]
