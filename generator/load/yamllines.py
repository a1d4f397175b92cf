"""The lines around a YAML error as block YAML sees them, and the slips of indentation.

yamlhints.py explains why libyaml refused a file; this module gives it
the lines to reason about (indentation, list dash, key, value, with
columns counted from 1 as in diagnostics) and recognises the slips that
are about where a line starts: a tab used to indent, a key or list item
indented otherwise than its neighbours, a list dash without its space, a
line of a `|` block indented less than the block's first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Pos

# How far above the slip the hints look: a claim file is some 30 lines and a registry entry
# 9, so this reaches every line a slip is about, and keeps a huge file's hint cheap.
MAX_LOOKBACK = 500
# YAML 1.1's line breaks, as libyaml counts lines (NEL and the Unicode separators too).
BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A block line: indentation, an optional list dash, an optional field-like key, the rest.
# (The value's trailing spaces are stripped afterwards: a lazy `.*?\s*$` would take quadratic time.)
_ENTRY = re.compile(r"(?P<indent> *)(?P<dash>-(?: +|$))?(?:(?P<key>[A-Za-z_][\w-]*) *:(?: +|$))?(?P<value>.*)")
# The end of a line that opens a block value: `|` or `>`, with optional chomping and indent.
_BLOCK_OPENER = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the file as block YAML sees it (columns count from 1)."""

    number: int
    text: str
    indent: int  # the column of its first character (a dash included)
    dash: bool
    key: str | None
    key_col: int  # the column of the key, or of the text after the dash
    value: str  # what follows "key: ", or the whole line after the dash
    value_col: int

    @property
    def blank(self) -> bool:
        return not self.text.strip() or self.text.lstrip(" ").startswith("#")


def parse_line(number: int, text: str) -> Line:
    match = _ENTRY.match(text)
    assert match is not None  # every group is optional: the pattern matches any line
    indent = len(match["indent"]) + 1
    key_col = indent + len(match["dash"] or "")
    value = match["value"].rstrip()
    return Line(number, text, indent, bool(match["dash"]), match["key"], key_col, value, match.start("value") + 1)


@dataclass(frozen=True, slots=True)
class Slip:
    """What libyaml reported: its problem, where it stopped, and the construct it was reading."""

    lines: list[str]
    problem: str
    context: str
    pos: Pos
    context_pos: Pos | None

    def line(self, number: int) -> Line | None:
        return parse_line(number, self.lines[number - 1]) if 1 <= number <= len(self.lines) else None


Found = tuple[Pos, str] | None


def tab(slip: Slip) -> Found:
    """A tab in the indentation of the line where libyaml stopped, or the line before."""
    for number in (slip.pos.line, slip.pos.line - 1):
        line = slip.line(number)
        lead = line.text[: len(line.text) - len(line.text.lstrip(" \t-"))] if line else ""  # list dashes too
        if line and "\t" in lead:
            return Pos(number, lead.index("\t") + 1), "YAML does not allow tabs for indentation: use spaces"
    return None


def dash_without_space(slip: Slip) -> Found:
    """`-source: x`: a list item's dash needs a space after it."""
    for number in range(slip.pos.line, max(slip.pos.line - 2, 0), -1):
        line = slip.line(number)
        body = line.text.lstrip(" ") if line else ""
        if line and re.match(r"-[A-Za-z_]", body):
            return Pos(number, line.indent), f"a list item needs a space after its '-': write - {body[1:].strip()}"
    return None


def opened_lines(slip: Slip, number: int) -> list[Line]:
    """The lines above `number` whose blocks are still open there: each indented less than those after it."""
    opened: list[Line] = []
    limit = None
    for above in range(number - 1, max(number - 1 - MAX_LOOKBACK, 0), -1):
        line = slip.line(above)
        if line is None or line.blank or (limit is not None and line.indent >= limit):
            continue
        opened.append(line)
        limit = line.indent
        if limit == 1:
            break
    return opened


def block_text(slip: Slip) -> Found:
    """A line of a `|` or `>` value indented less than the block's first line."""
    number = slip.context_pos.line if "simple key" in slip.context and slip.context_pos else slip.pos.line
    line = slip.line(number)
    if not line or line.blank or line.key or line.dash:
        return None  # a key or an item is misaligned's to explain
    owner = next((o for o in opened_lines(slip, number) if o.indent < line.indent), None)
    if owner is None or not owner.key or not _BLOCK_OPENER.fullmatch(owner.value):
        return None
    text = [slip.line(n) for n in range(owner.number + 1, number)]
    first = next((t for t in text if t and not t.blank), None)
    if first is None or first.indent <= line.indent:
        return None
    return (
        Pos(number, line.indent),
        f"this line is indented less than the text of the block value '{owner.key}' (line {owner.number}): "
        f"indent every line of a block at least as far as its first line (column {first.indent})",
    )


def _spaces(count: int, than: str) -> str:
    return f"{abs(count)} space{'s' if abs(count) != 1 else ''} {'more' if count > 0 else 'less'} than {than}"


def misaligned(slip: Slip) -> Found:
    """A key or list item indented otherwise than the keys or items it belongs with."""
    line = slip.line(slip.pos.line)
    if not line or line.blank or not (line.key or line.dash):
        return None
    opened = opened_lines(slip, line.number)
    dashes = [o for o in opened if o.dash]
    keys = [o for o in opened if o.key]
    if line.dash:
        aligned = any(d.indent == line.indent for d in dashes)
        among = None if aligned else next((k for k in keys if k.key_col == line.indent), None)
        if among and among.value:  # under a key with no value (`evidence:`), a list may start in its column
            return (
                Pos(line.number, line.indent),
                f"this line starts a list item, but it is among the keys of a mapping ('{among.key}' on line "
                f"{among.number}): remove the '- '",
            )
        if not dashes or any(d.indent == line.indent for d in dashes):
            return None
        other = min(dashes, key=lambda d: abs(d.indent - line.indent))
        than = f"the '-' on line {other.number}"
        return (
            Pos(line.number, line.indent),
            f"this list item is indented {_spaces(line.indent - other.indent, than)}: "
            f"the items of one list start in the same column ({other.indent})",
        )
    if any(k.key_col == line.key_col for k in keys):
        return None
    item = next((d for d in dashes if d.indent == line.key_col), None)
    if item:
        columns = " or ".join(str(c) for c in sorted({k.key_col for k in keys}, reverse=True))
        return (
            Pos(line.number, line.key_col),
            f"'{line.key}' is in the column of the '-' on line {item.number}: begin a new list item with '- ', "
            f"or line it up with the keys it belongs with (column {columns})",
        )
    if not keys:
        return None
    other = min(keys, key=lambda k: abs(k.key_col - line.key_col))
    if line.key_col == 1 and all(k.key_col > 1 for k in keys):  # the lines above are the misplaced ones
        return (
            Pos(other.number, other.key_col),
            f"'{other.key}' is indented {other.key_col - 1} space{'s' if other.key_col > 2 else ''}: "
            "the file's top-level keys start in column 1",
        )
    than = f"'{other.key}' on line {other.number}"
    return (
        Pos(line.number, line.key_col),
        f"'{line.key}' is indented {_spaces(line.key_col - other.key_col, than)}: "
        f"the keys of one mapping start in the same column ({other.key_col})",
    )
