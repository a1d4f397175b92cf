"""What an editor most likely got wrong when YAML refuses a file, and how to write it.

libyaml says where it gave up, in its own words ("mapping values are not
allowed in this context"); an editor needs the slip behind them. The
common ones, which docs/editor-guide.md explains under "Writing values",
are recognised from the text around the error: a tab used to indent, a
quote that ends the value early (quotes inside quotes), a value never
closed, a line indented more or less than its neighbours, an unquoted
': ' in a value, a key without its ': ', a value that starts with a YAML
sign (`[`, `@`, `*`, `|`...), a backslash inside double quotes. The hint
says in plain words what is wrong and shows the line written right, and
the position moves to the slip where it is not where libyaml stopped.
The slips of indentation are recognised in yamllines.py.

These are guesses over untrusted text: each recogniser answers None when
its slip is not there, and libyaml's own message is always kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from generator.errors import START, Diagnostic, Pos
from generator.load.yamllines import (
    BREAKS,
    MAX_LOOKBACK,
    Found,
    Line,
    Slip,
    block_text,
    dash_without_space,
    misaligned,
    opened_lines,
    tab,
)

# A suggested line is shown only up to this length: a longer one (a 300-character
# quote) would bury the advice, which is then given with the guide's short example.
MAX_SUGGESTION = 100
# The guide's example of quoting, for hints whose own suggestion would be too long.
_EXAMPLE = "quote: 'Xi''s visit'"
# Signs that mean something at the start of a plain value, and what they start.
_STARTERS = {
    "[": "is read as a list",
    "{": "is read as a mapping",
    "*": "is read as an alias",
    "&": "is read as an anchor",
    "@": "is refused (YAML reserves the sign)",
    "`": "is refused (YAML reserves the sign)",
    "%": "is read as a directive",
    "- ": "is read as a list item",
    "? ": "is read as a complex key",
}


def syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """The yaml-syntax diagnostic of `exc`, with a hint when the slip is a common one."""
    mark = exc.problem_mark or exc.context_mark
    pos = Pos(mark.line + 1, mark.column + 1) if mark else START
    message = exc.problem or "invalid YAML"
    if exc.context:
        message = f"{message} ({exc.context})"
    context_pos = Pos(exc.context_mark.line + 1, exc.context_mark.column + 1) if exc.context_mark else None
    slip = Slip(BREAKS.split(text), exc.problem or "", exc.context or "", pos, context_pos)
    for recognise in _RECOGNISERS:
        found = recognise(slip)
        if found:
            return Diagnostic.at(path, found[0], "yaml-syntax", message, found[1])
    return Diagnostic.at(path, pos, "yaml-syntax", message, None)


def _closing_quote(value: str) -> int | None:
    """Where the quoted scalar that starts `value` ends (the index of its closing quote), if on this line."""
    quote, index = value[0], 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2  # '' is one ' inside single quotes
                continue
            return index
        index += 1
    return None


def _quoted(value: str) -> str:
    """`value` in single quotes, every ' inside doubled: YAML's safest quoting."""
    return "'" + value.replace("'", "''") + "'"


def _written(line: Line, value: str) -> str:
    """The line's `key: value` with the value written as `value`."""
    return f"{line.key}: {value}" if line.key else f"- {value}" if line.dash else value


def _quotes_in_quotes(slip: Slip) -> Found:
    """A value whose quotes end before the value does: `"he called it "a new era" of ties"`."""
    line = slip.line(slip.pos.line)
    if not line or line.value[:1] not in ("'", '"'):
        return None
    end = _closing_quote(line.value)
    rest = line.value[end + 1 :].strip() if end is not None else ""
    if end is None or not rest or rest.startswith(("#", ":")):
        return None  # nothing after the quotes, a comment, or a quoted key
    quote, value = line.value[0], line.value
    closed = len(value) > end + 1 and value.endswith(quote)
    column = line.value_col + end
    if closed:  # the outer quotes were meant as the value's: what is between them is the text
        inner = value[1:-1].replace("''", "'") if quote == "'" else value[1:-1].replace('\\"', '"')
        suggestion = _suggest(line, _quoted(inner))
        if quote == "'":
            ends = f"the ' in column {column} ends the value"
            return Pos(line.number, column), f"{ends}: inside single quotes, write each ' twice: {suggestion}"
        return (
            Pos(line.number, column),
            f'the " in column {column} ends the value: wrap the value in single quotes instead, '
            f"and write each ' inside it twice: {suggestion}",
        )
    return (
        Pos(line.number, line.value_col),
        f"a value that starts with a quotation mark must be quoted as a whole: {_suggest(line, _quoted(value))}",
    )


def _suggest(line: Line, value: str) -> str:
    """`write key: value`, or, for a line too long to show, how to write it."""
    written = _written(line, value)
    if len(written) <= MAX_SUGGESTION:
        return f"write {written}"
    return (
        f"put the whole value in single quotes, each ' inside written twice (e.g. {_EXAMPLE}), "
        f"or write it as a block: {line.key or 'key'}: | and the text indented below"
    )


def _never_closed(slip: Slip) -> Found:
    """A quoted value with no closing quote: libyaml stops at the end of the file."""
    if "quoted scalar" not in slip.context or "end of stream" not in slip.problem or not slip.context_pos:
        return None
    opener = slip.line(slip.context_pos.line)
    quote = opener.text[slip.context_pos.column - 1 : slip.context_pos.column] if opener else ""
    return slip.context_pos, f"this value opens with {quote} and is never closed: end it with {quote}"


def _runaway(slip: Slip) -> Found:
    """A quoted value not closed on its line, which runs on to a quote further down: `summary: 'One source.`."""
    stop = slip.line(slip.pos.line)
    if stop is None:
        return None
    for number in range(slip.pos.line - 1, max(slip.pos.line - 1 - MAX_LOOKBACK, 0), -1):
        line = slip.line(number)
        assert line is not None
        quotes = [q for q in ("'", '"') if q in line.text]
        if not quotes:
            continue  # swallowed by the runaway value, if there is one
        quote = line.value[:1]
        if quote not in quotes or len(quotes) > 1 or _closing_quote(line.value) is not None:
            return None
        closing = stop.text.find(quote, 0, slip.pos.column)
        if closing < 0:
            return None
        return (
            Pos(number, line.value_col),
            f"this value opens with {quote} but does not close on its line, so it runs on to the {quote} on "
            f"line {slip.pos.line}, column {closing + 1}: end it with {quote} on line {number}",
        )
    return None


def _escape(slip: Slip) -> Found:
    """A backslash in double quotes that is not an escape YAML knows: `"C:\\Users"`."""
    if "quoted scalar" not in slip.context or not ("escape" in slip.problem or "hexdecimal" in slip.problem):
        return None
    line = slip.line(slip.pos.line)
    backslash = line.text.rfind("\\", 0, slip.pos.column) if line else -1
    where = Pos(slip.pos.line, backslash + 1) if backslash >= 0 else slip.pos
    value = line.value if line else ""
    one_line = len(value) > 1 and value[0] == value[-1] == '"'
    how = _suggest(line, _quoted(value[1:-1].replace('\\"', '"'))) if line and one_line else f"e.g. {_EXAMPLE}"
    return (
        where,
        'inside double quotes a backslash starts an escape (\\n, \\"): use single quotes, in which '
        f"a backslash is plain text, and write each ' inside them twice: {how}",
    )


def _colon_in_value(slip: Slip) -> Found:
    """An unquoted ': ' in a value: `claim: Putin said: the talks were long`."""
    if "mapping values" not in slip.problem:
        return None
    line = slip.line(slip.pos.line)
    if not line:
        return None
    if line.key and line.value_col <= slip.pos.column:
        value = line.value.split(" #")[0].rstrip()
        return slip.pos, f"a value containing ': ' must be quoted: {_suggest(line, _quoted(value))}"
    owner = next((o for o in opened_lines(slip, line.number) if o.key), None)
    if owner is None or line.key or owner.indent >= line.indent:
        return None  # a continuation line is indented further than the key whose value it continues
    return (
        slip.pos,
        f"this line continues the value of '{owner.key}' (line {owner.number}), and a value containing ': ' "
        f"must be quoted: quote the whole value, or write it as a block ({owner.key}: | and the text indented below)",
    )


def _no_colon(slip: Slip) -> Found:
    """A line of a mapping that is not `key: value`: `verdict:unverified`, or text wrapped onto it."""
    if "expected ':'" not in slip.problem or not slip.context_pos:
        return None
    line = slip.line(slip.context_pos.line)
    if not line:
        return None
    body = line.text[line.key_col - 1 :]
    tight = re.match(r"([A-Za-z_][\w-]*):(\S.*)", body)
    if tight:
        where = Pos(line.number, line.key_col + len(tight[1]))
        return where, f"a key needs a space after its ':': write {tight[1]}: {tight[2]}"
    return (
        Pos(line.number, line.key_col),
        "this line is not 'key: value' (a ':' and a space after the key); if it continues the value "
        "above, indent it further than that value's key, or write the value as a block (key: | and the text below)",
    )


def _odd_start(slip: Slip) -> Found:
    """A plain value that starts with a sign YAML reads as syntax: `summary: [note] ...`, `@user`."""
    line = slip.line(slip.pos.line)
    if not line or not line.key or slip.pos.column < line.value_col:
        return None
    value = line.value
    if value and value[0] in "|>":
        return (
            Pos(line.number, line.value_col),
            f"the text of a block value starts on the next line: write {line.key}: {value[0]} and the text "
            f"indented on the lines below; or quote the value: {_suggest(line, _quoted(value))}",
        )
    sign = next((s for s in _STARTERS if value.startswith(s)), None)
    if sign is None:
        return None
    return (
        Pos(line.number, line.value_col),
        f"a value that starts with '{sign.strip()}' {_STARTERS[sign]}: "
        f"to write text, quote it: {_suggest(line, _quoted(value))}",
    )


def _unclosed_bracket(slip: Slip) -> Found:
    """A list in [ ] or a mapping in { } with no closing bracket."""
    if "flow" not in slip.context or not slip.context_pos:
        return None
    opener = "[" if "sequence" in slip.context else "{"
    closer = "]" if opener == "[" else "}"
    where = f"line {slip.context_pos.line}, column {slip.context_pos.column}"
    return slip.pos, f"the '{opener}' at {where} is never closed: end it with '{closer}', items separated by ', '"


def duplicate_hint(text: str, mapping: tuple[int, int], first: int, second: int) -> str:
    """The hint for a key repeated on lines `first` and `second` of a mapping (its first key's offset and column)."""
    offset, column = mapping
    if text[offset - column + 1 : offset].strip() == "-":  # a list item's mapping: the repeat may begin the next item
        return f"keep one of lines {first} and {second}, or begin a new list item at line {second} with '- '"
    return f"keep one of lines {first} and {second}"


# Most specific first: a tab or a stray quote explains the rest of what libyaml saw.
_RECOGNISERS: tuple[Callable[[Slip], Found], ...] = (
    tab,
    _quotes_in_quotes,
    _never_closed,
    _runaway,
    _escape,
    dash_without_space,
    block_text,
    _no_colon,
    misaligned,
    _colon_in_value,
    _odd_start,
    _unclosed_bracket,
)
