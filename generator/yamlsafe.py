"""Safe YAML reading: every scalar stays a string, every node keeps its place.

Only the plain data model is accepted: mappings, sequences and scalars.
Anchors, aliases and tags are refused (no alias bombs, no `!!python/...`),
duplicate keys are reported with both lines, and every scalar is read as
text: typing is the schema's job, so `verdict: no` is the text "no", never
a boolean. The parser is libyaml's (PyYAML's C binding) when available;
we consume its event stream and build the tree ourselves, which lets us
stop at a depth limit before anything deep is ever built. Files of the
usual plain shapes are read first by a line reader of our own (below):
the same tree, several times faster; anything else goes to libyaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Callable, Iterator, Union

import yaml

from .errors import START, Diagnostic, Pos

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
    items: list["Node"]
    pos: Pos


@dataclass(slots=True)
class Map:
    items: dict[str, "Node"]
    keys: dict[str, Scalar]
    pos: Pos


Node = Union[Scalar, Seq, Map]


@dataclass(slots=True)
class Document:
    """A parsed file: its root (None when empty or unreadable) and problems."""

    path: str
    text: str
    root: Node | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    bom: bool = False


class _Stop(Exception):
    """Parsing cannot go on (syntax error, depth limit): already reported."""


def load_bytes(path: str, data: bytes, max_bytes: int = MAX_CLAIM_BYTES, fast: bool = True) -> Document:
    """Parse `data` (the file at project-relative `path`) into a Document.

    `fast=False` skips the fast reader, for a caller whose `load_plain` of
    the same bytes gave None: the reader declines such a text either way.
    """
    if len(data) > max_bytes:
        return _fail(path, "", START, "too-large",
                     f"file is {len(data):,} bytes; the limit is {max_bytes:,}",
                     "split it up, or check that this is the file you meant")
    text, problem = _decode(path, data)
    if problem:
        return Document(path, "", None, [problem])
    bom = text.startswith("\ufeff")
    doc = Document(path, text[1:] if bom else text, None, bom=bom)
    return _parse(doc) if fast else _parse_events(doc)


def _decode(path: str, data: bytes) -> tuple[str, Diagnostic | None]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = _pos_of(data[: exc.start].decode("utf-8", "replace"), exc.start)
        return "", Diagnostic.at(path, pos, "encoding",
                                 f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
                                 "save the file as UTF-8")
    if "\x00" in text:
        nul = text.index("\x00")
        return "", Diagnostic.at(path, _pos_of(text, nul), "encoding",
                                 "binary data (a NUL byte) in a text file",
                                 "save the file as UTF-8 text")
    return text, None


def _pos_of(text: str, offset: int) -> Pos:
    head = text[:offset]
    return Pos(head.count("\n") + 1, offset - (head.rfind("\n") + 1) + 1)


def _fail(path: str, text: str, pos: Pos, code: str, message: str, hint: str | None) -> Document:
    return Document(path, text, None, [Diagnostic.at(path, pos, code, message, hint)])


def _parse(doc: Document) -> Document:
    """`doc` with its tree and problems: the fast reader's tree, else libyaml's events'."""
    root = clean_tree(doc.text)
    if root is not None:
        doc.root = root
        return doc
    return _parse_events(doc)


def _parse_events(doc: Document) -> Document:
    """The exact reader: libyaml's events, every problem reported where it is."""
    loader = _Loader(doc.text)
    events = iter(loader.get_event, None)  # what yaml.parse yields, without its generator
    builder = _Builder(doc)
    try:
        doc.root = builder.document(events)
    except _Stop:
        doc.root = None
    except yaml.MarkedYAMLError as exc:
        doc.diagnostics.append(_syntax_error(doc, exc))
        doc.root = None
    except yaml.YAMLError as exc:  # errors without a mark (reader errors)
        doc.diagnostics.append(Diagnostic.at(doc.path, START, "yaml-syntax", str(exc)))
        doc.root = None
    finally:
        loader.dispose()
    return doc


def _syntax_error(doc: Document, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    pos = Pos(mark.line + 1, mark.column + 1) if mark else START
    message = exc.problem or "invalid YAML"
    if exc.context:
        message = f"{message} ({exc.context})"
    line = doc.text.splitlines()[pos.line - 1] if pos.line <= len(doc.text.splitlines()) else ""
    hint = "YAML does not allow tabs for indentation: use spaces" if "\t" in line else None
    return Diagnostic.at(doc.path, pos, "yaml-syntax", message, hint)


def _mark(event: yaml.Event) -> Pos:
    mark = event.start_mark
    return _pos(mark.line + 1, mark.column + 1)


# Positions are made for every node of every file, and most are the same few:
# they are shared (Pos is immutable), up to this line and column.
_SHARED_POS_LIMIT = 256
_SHARED_POS: dict[tuple[int, int], Pos] = {}


def _pos(line: int, column: int) -> Pos:
    if line > _SHARED_POS_LIMIT or column > _SHARED_POS_LIMIT:
        return Pos(line, column)
    found = _SHARED_POS.get((line, column))
    if found is None:
        found = _SHARED_POS[line, column] = Pos(line, column)
    return found


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
            self.report(_mark(extra), "yaml-syntax", "more than one YAML document in the file",
                        "remove the `---` line: one file holds one document")
        return root

    def node(self, events: Iterator[yaml.Event], event: yaml.Event) -> Node:
        if event.__class__ is yaml.ScalarEvent and event.anchor is None and event.tag in (None, "!"):
            start = event.start_mark  # the common case, without the checks below
            return Scalar(event.value, _pos(start.line + 1, start.column + 1), start.index,
                          event.end_mark.index, event.style or None)
        self.refuse_features(event)
        if isinstance(event, yaml.ScalarEvent):
            return Scalar(event.value, _mark(event), event.start_mark.index,
                          event.end_mark.index, event.style or None)
        if isinstance(event, yaml.AliasEvent):
            return Scalar("", _mark(event), event.start_mark.index, event.end_mark.index, ALIAS)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.report(_mark(event), "too-deep", f"nesting deeper than {MAX_DEPTH} levels",
                        "claim files need three levels at most; check for stray brackets")
            raise _Stop
        built = self.sequence(events, event) if isinstance(event, yaml.SequenceStartEvent) \
            else self.mapping(events, event)
        self.depth -= 1
        return built

    def refuse_features(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            self.report(_mark(event), "yaml-feature", f"alias *{event.anchor} is not allowed",
                        "write the value out in full: claim files do not use anchors or aliases")
            return
        if event.anchor is not None:
            self.report(_mark(event), "yaml-feature", f"anchor &{event.anchor} is not allowed",
                        "remove the anchor: claim files do not use anchors or aliases")
        if event.tag is not None and event.tag != "!":
            self.report(_mark(event), "yaml-feature", f"tag {event.tag} is not allowed",
                        "remove the tag: every value is plain text, typed by the claim schema")

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
            self.report(key.pos, "duplicate-key",
                        f"duplicate key '{key.value}' (first at line {first.pos.line})",
                        f"keep one of lines {first.pos.line} and {key.pos.line}")
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


# --- the fast path: the plain YAML that claim files are written in, read line by line --------
#
# Nearly every file is a block mapping of `key: value` lines whose values are
# plain or quoted text, `|` blocks, one-line `[a, b]` lists and block lists
# of such mappings. Reading that subset directly is several times faster
# than building nodes from libyaml's events, which are Python objects each.
# The reader accepts a file only when every line is one it understands and
# its reading is certain; anything else (tabs, CR, anchors, tags, escapes,
# flow mappings, comments after values, trailing spaces, duplicate keys,
# deep nesting, a syntax error...) gives None, and the events decide, with
# their diagnostics. tests/test_yamlsafe.py checks that both readers give
# the same tree wherever this one answers.

# Characters YAML does not allow (controls, surrogates, U+FFFE/F) or reads as a
# line break or byte order mark (CR, NEL, LS, PS, BOM), and tabs: a file with
# any of them is left to libyaml.
_UNUSUAL_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
# A simple key and its colon, followed by a space or the end of the line: letters,
# digits, `_` and `-`, never first (libyaml allows longer keys, up to 1024 characters).
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]{0,99}):(?= |$)")
# A single-quoted scalar ('' is a quote), possibly over several lines.
_SINGLE = re.compile(r"'([^']*(?:''[^']*)*)'")
# A double-quoted scalar without escapes: its text is what is written, as in single quotes.
_DOUBLE = re.compile(r'"([^"\\]*)"')
# Lines that end a document, which libyaml refuses inside a quoted scalar.
_DOCUMENT_MARKERS = ("---", "...")
# An item of a one-line flow list: a word that is plain text in any YAML context.
_FLOW_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Characters a plain scalar the fast reader reads may not start with: YAML's
# indicators (some of which may start a plain scalar, but not simply) and a space.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")


class _Decline(Exception):
    """The text is not in the subset the fast reader reads: the exact reader decides."""


def clean_tree(text: str) -> Node | None:
    """The tree of `text` when it is plain YAML of the usual shapes, else None (read it exactly)."""
    if not _clean_text(text):
        return None
    try:
        return _LineReader(text, None).document()  # type: ignore[return-value]
    except _Decline:
        return None


# Where a mapping read as plain data is: its own position (its first key's) and the
# positions of the values written on its keys' lines (text and `[...]` lists).
Place = tuple[Pos, dict[str, Pos]]


@dataclass(slots=True)
class PlainDocument:
    """A file read by the fast reader as plain data: what `to_plain` gives for its tree
    where no schema wants a whole number (every scalar is text), and where its
    mappings are. For a caller that needs no tree when the file is clean."""

    value: dict[str, Any]
    places: dict[int, Place]  # by id() of each mapping's dict in `value`

    def place(self, mapping: dict[str, Any]) -> Place:
        return self.places[id(mapping)]


# The places of a list's mappings, for building from them: (index, mapping) -> the
# mapping's position and those of two of its values.
Places = Callable[[int, dict[str, Any]], tuple[Pos, Pos, Pos]]


def plain_places(plain: PlainDocument, first: str, second: str) -> Places:
    """Places as the fast reader noted them, for mappings whose `first` and `second` are text."""
    def places(index: int, mapping: dict[str, Any]) -> tuple[Pos, Pos, Pos]:
        pos, values = plain.place(mapping)
        return pos, values[first], values[second]
    return places


def load_plain(data: bytes, max_bytes: int = MAX_CLAIM_BYTES) -> PlainDocument | None:
    """`data` as plain data when `load_bytes` would read it without a problem and the
    fast reader reads it; None otherwise (then `load_bytes` says what it is)."""
    if len(data) > max_bytes:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = text[1:] if text.startswith("\ufeff") else text
    if not _clean_text(text):  # a NUL is among the unusual characters
        return None
    places: dict[int, Place] = {}
    try:
        value = _LineReader(text, places).document()
    except _Decline:
        return None
    return PlainDocument(value, places)  # type: ignore[arg-type]


def _clean_text(text: str) -> bool:
    return text.endswith("\n") and " \n" not in text and _UNUSUAL_CHARACTER.search(text) is None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _LineReader:
    """Reads a text of printable characters, LF line breaks, no tabs and no space before a break.

    `i` is the line being read (0-based). Every method either returns what
    it read, with `i` on the first line after it that is not empty or a
    comment, or raises _Decline. With `places` None it reads nodes; else
    plain data (text, lists, dicts) in the same way, and the place of each
    mapping goes in `places`: one reader, so both readings are of one text.
    """

    __slots__ = ("text", "lines", "sums", "i", "places")

    def __init__(self, text: str, places: dict[int, Place] | None) -> None:
        self.text = text
        self.lines = text.split("\n")  # the last one is the empty text after the final break
        self.sums = list(accumulate(map(len, self.lines), initial=0))  # line i starts at sums[i] + i
        self.i = 0
        self.places = places

    def skip(self, i: int) -> None:
        """Set `i` to the first line from `i` that is neither empty nor a comment (`#` in column 1)."""
        lines = self.lines
        while i < len(lines) and (not lines[i] or lines[i][0] == "#"):
            i += 1
        self.i = i

    def document(self) -> Map | dict[str, Any]:
        self.skip(0)
        if self.i == len(self.lines):
            raise _Decline  # no content: the exact reader says what it is
        root = self.mapping(self.i, 0, 1)
        if self.i != len(self.lines):
            raise _Decline
        return root

    def mapping(self, i: int, column: int, depth: int) -> Map | dict[str, Any]:
        """The block mapping whose first key is at line `i`, `column`.

        One-line plain and quoted values, most of a file, are read here rather
        than by a method each.
        """
        if depth > MAX_DEPTH:
            raise _Decline
        lines, sums, shared, key_at, places = self.lines, self.sums, _SHARED_POS, _KEY.match, self.places
        result: Map | dict[str, Any]
        where: dict[str, Pos] = {}
        if places is None:
            result = Map({}, {}, _pos(i + 1, column + 1))
            keys, items = result.keys, result.items
        else:
            result = items = {}
            places[id(result)] = (_pos(i + 1, column + 1), where)
        indent = " " * column
        line = lines[i]
        while True:
            match = key_at(line, column)
            if match is None:
                raise _Decline
            key = match.group(1)
            if key in items:
                raise _Decline
            number, start = i + 1, sums[i] + i + column
            if places is None:
                keys[key] = Scalar(key, shared.get((number, column + 1)) or _pos(number, column + 1),
                                   start, start + len(key), None)
            at = match.end() + 1  # where the value starts, after ": "
            first = line[at] if at < len(line) else ""
            value = line[at:]
            start += at - column
            if first and first not in _NOT_PLAIN_START:
                if ": " in value or " #" in value or value[-1] == ":":
                    raise _Decline
                style = None
            elif (first == "'" or first == '"') and len(value) > 1 and value[-1] == first \
                    and first not in value[1:-1] and (first == "'" or "\\" not in value):
                style, value = first, value[1:-1]  # no escapes, closed at the end of the line
            else:
                self.i = i
                if places is not None and at <= len(line):
                    where[key] = shared.get((number, at + 1)) or _pos(number, at + 1)
                items[key] = self.value(line, at, column, depth)
                i = self.i
                if i == len(lines):
                    return result
                line = lines[i]
                if not line.startswith(indent):
                    return result
                if line[column] == " ":
                    raise _Decline  # more indented than the keys, after a value that cannot go on
                continue
            place = shared.get((number, at + 1)) or _pos(number, at + 1)
            if places is None:
                items[key] = Scalar(value, place, start, start + len(line) - at, style)
            else:
                items[key], where[key] = value, place
            i = number
            line = lines[i]  # there is one: the text ends with a line break
            if not line or line[0] == "#":
                self.skip(i)
                i = self.i
                if i == len(lines):
                    return result
                line = lines[i]
            if not line.startswith(indent):
                self.i = i
                return result
            if line[column] == " ":
                raise _Decline

    def value(self, line: str, at: int, column: int, depth: int) -> Node | Any:
        """A value other than one line of text, at `at` after a key at `column`: a block, quotes, `|` or `[`."""
        if at > len(line):  # `key:` ends the line: a list or mapping follows
            self.skip(self.i + 1)
            return self.block(column, depth)
        return self.special(line, at, column, depth)

    def special(self, line: str, at: int, parent: int, depth: int) -> Node | Any:
        """A value at `at` that starts with an indicator: quotes, `|` or `[` (in a block at `parent`)."""
        first = line[at]
        if first == "'" or first == '"':
            return self.quoted(at)
        if first == "|" and at + 1 == len(line):
            return self.literal(at, parent)
        if first == "[":
            return self.flow(line, at, depth)
        raise _Decline

    def block(self, column: int, depth: int) -> Node | Any:
        """The list or mapping on the lines after `key:` at `column` (an empty value is declined)."""
        if self.i == len(self.lines):
            raise _Decline
        line = self.lines[self.i]
        indent = _indent(line)
        if line.startswith("- ", indent) and indent >= column:
            return self.sequence(indent, depth + 1)
        if indent > column:
            return self.mapping(self.i, indent, depth + 1)
        raise _Decline

    def sequence(self, column: int, depth: int) -> Seq | list[Any]:
        """The block list whose `- ` entries are at `column`, from line `i`."""
        if depth > MAX_DEPTH:
            raise _Decline
        lines = self.lines
        items: list[Any] = []
        result = Seq(items, _pos(self.i + 1, column + 1)) if self.places is None else items
        at = column + 2
        while True:
            line = lines[self.i]
            if _KEY.match(line, at):
                items.append(self.mapping(self.i, at, depth + 1))
            elif line[at] not in _NOT_PLAIN_START:
                items.append(self.plain(line, at))
            else:
                items.append(self.special(line, at, column, depth))
            if self.i == len(lines):
                return result
            line = lines[self.i]
            indent = _indent(line)
            if indent > column:
                raise _Decline  # more indented than the entries, after an item that cannot go on
            if indent < column or not line.startswith("- ", column):
                return result  # the mapping around an unindented list goes on with its next key

    def scalar(self, value: str, line: int, column: int, start: int, end: int, style: str | None) -> Scalar | str:
        """The scalar `value` at (0-based) `line`, `column`: a node, or its text when reading plain data."""
        if self.places is not None:
            return value
        return Scalar(value, _pos(line + 1, column + 1), start, end, style)

    def plain(self, line: str, at: int) -> Scalar | str:
        """A plain scalar that is the rest of the line (one that could go on is declined by the caller)."""
        value = line[at:]
        if ": " in value or " #" in value or value[-1] == ":":
            raise _Decline
        i = self.i
        start = self.sums[i] + i + at
        self.skip(i + 1)
        return self.scalar(value, i, at, start, start + len(value), None)

    def quoted(self, at: int) -> Scalar | str:
        """A single- or double-quoted scalar (the latter without escapes) starting at column `at`."""
        i = self.i
        start = self.sums[i] + i + at
        style = self.lines[i][at]
        match = (_SINGLE if style == "'" else _DOUBLE).match(self.text, start)
        if match is None or self.text[match.end()] != "\n":
            raise _Decline  # unclosed, an escape, or something after the closing quote
        content = match.group(1)
        if "\n" in content:
            parts = content.split("\n")
            if any(p.startswith(_DOCUMENT_MARKERS) for p in parts[1:]):
                raise _Decline  # libyaml refuses a document marker inside a scalar
            content = _fold(parts)
            self.skip(i + len(parts))
        else:
            self.skip(i + 1)
        if style == "'" and "''" in content:
            content = content.replace("''", "'")
        return self.scalar(content, i, at, start, match.end(), style)

    def literal(self, at: int, parent: int) -> Scalar | str:
        """A `|` block scalar in a block at `parent` (clip chomping; indented as its first line, not empty)."""
        lines, i = self.lines, self.i
        first = lines[i + 1]
        indent = _indent(first)
        if indent <= parent or indent == len(first):
            raise _Decline
        prefix = " " * indent
        parts: list[str] = []
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if line.startswith(prefix):
                parts.append(line[indent:])
            elif not line:
                parts.append("")
            else:
                break
            j += 1
        end = self.sums[j] + j if j < len(lines) else len(self.text)
        while not parts[-1]:
            parts.pop()
        self.skip(j)
        return self.scalar("\n".join(parts) + "\n", i, at, self.sums[i] + i + at, end, "|")

    def flow(self, line: str, at: int, depth: int) -> Seq | list[Any]:
        """A one-line flow list of plain words, `[a, b-c]`, that is the rest of the line."""
        if depth + 1 > MAX_DEPTH or line[-1] != "]":
            raise _Decline
        i = self.i
        items: list[Any] = []
        inner = line[at + 1:-1]
        if inner:
            column = at + 1
            start = self.sums[i] + i + column
            for word in inner.split(", "):
                if _FLOW_ITEM.fullmatch(word) is None:
                    raise _Decline
                items.append(self.scalar(word, i, column, start, start + len(word), None))
                column += len(word) + 2
                start += len(word) + 2
        self.skip(i + 1)
        return Seq(items, _pos(i + 1, at + 1)) if self.places is None else items


def _fold(parts: list[str]) -> str:
    """The lines of a quoted scalar folded as YAML does: a break is a space, n empty lines n breaks."""
    folded = [parts[0]]  # no trailing spaces (the text has none before a break)
    breaks = 0
    for part in parts[1:-1]:
        part = part.lstrip(" ")
        if not part:
            breaks += 1
            continue
        folded += ("\n" * breaks if breaks else " ", part)
        breaks = 0
    folded += ("\n" * breaks if breaks else " ", parts[-1].lstrip(" "))
    return "".join(folded)
