"""Rewrite one scalar of a YAML file in place, keeping every other byte.

Used by `factsite fix` (quotes) and `factsite sources accept`
(checksums): the new value is written in the scalar's own style (plain,
single- or double-quoted, block) when that style can hold it, and
the result is parsed again to prove that the value, and nothing else,
changed. Values are written on one line: quotes are matched with
whitespace folded, so a line break in the source text need not be kept.
`factsite add-source` appends a new registry entry the same way: as text
after the last one, proved by parsing the result (`append_entry`).
"""

from __future__ import annotations

import re

from generator.load.yamlsafe import MAX_CLAIM_BYTES, Map, Node, Scalar, Seq, load_bytes

# Characters that cannot start a plain scalar, and sequences that cannot
# appear in one (YAML 1.2, section 7.3.3), so such values get quoted.
_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_BAD = re.compile(r": |:$| #|[\x00-\x1f]")


def folded(value: str) -> str:
    return " ".join(value.split())


def flow_scalar(value: str, style: str | None) -> str:
    """`value` as flow scalar text in `style` (plain when it can be, else quoted)."""
    if style is None and _plain_ok(value):
        return value
    if style == '"':
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return "'" + value.replace("'", "''") + "'"


def _plain_ok(value: str) -> bool:
    return bool(value) and value[0] not in _PLAIN_BAD_START and value == value.strip() and not _PLAIN_BAD.search(value)


def replace_scalar(text: str, node: Scalar, value: str, max_bytes: int = MAX_CLAIM_BYTES) -> str:
    """`text` with `node`'s value replaced by `value` (made one line).

    `max_bytes` is the size limit of the file's kind (a claim file's by
    default; the registry's is larger), for the parse that proves the edit.
    """
    value = folded(value)
    for style in (node.style, "'"):
        candidate = _splice(text, node, value, style)
        if _proves(text, candidate, node, value, max_bytes):
            return candidate
    raise ValueError("could not rewrite the value safely")  # not reached for one-line text


def _splice(text: str, node: Scalar, value: str, style: str | None) -> str:
    if style not in ("|", ">"):
        return text[: node.start] + flow_scalar(value, style) + text[node.end :]
    region = text[node.start : node.end]
    header, _, body = region.partition("\n")
    indent = body[: len(body) - len(body.lstrip(" "))] or "  "
    trailing = region[len(region.rstrip("\n")) :] if body.strip() else "\n"
    return text[: node.start] + f"{header}\n{indent}{value}{trailing}" + text[node.end :]


def _values(node: Node | None) -> list[str]:
    if isinstance(node, Scalar):
        return [node.value]
    if isinstance(node, Seq):
        return [v for item in node.items for v in _values(item)]
    if isinstance(node, Map):
        return [v for key, item in node.items.items() for v in [key, *_values(item)]]
    return []


def _proves(old: str, new: str, node: Scalar, value: str, max_bytes: int) -> bool:
    before, after = load_bytes("x.yml", old.encode(), max_bytes), load_bytes("x.yml", new.encode(), max_bytes)
    if after.diagnostics or before.diagnostics:
        return False
    old_values, new_values = _values(before.root), _values(after.root)
    changed = [(a, b) for a, b in zip(old_values, new_values) if a != b]
    return len(old_values) == len(new_values) and all(a == node.value and b.strip() == value for a, b in changed)


# Characters YAML cannot hold raw (it accepts only its printable set, section 5.1), and the
# bidirectional controls the registry refuses (load/yamlsafe.py): never written by append_entry.
_UNWRITABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def writable(value: str) -> str:
    """`value` as one line of text a YAML file can hold: line breaks and tabs folded to
    spaces, control characters (and lone surrogates, from undecodable arguments) removed."""
    return _UNWRITABLE.sub("", folded(value))


def double_quoted(value: str) -> str:
    """`writable(value)` as a double-quoted YAML scalar: only `\\` and `"` need escaping then."""
    return flow_scalar(writable(value), '"')


def append_entry(text: str, root: Map, fields: list[tuple[str, str]], max_bytes: int = MAX_CLAIM_BYTES) -> str:
    """`text` with a new mapping of `fields` (key, scalar text) appended to the list `root["sources"]`.

    The entry goes right after the list's last item, indented like it, so every
    other byte stays (an empty `sources: []` becomes a block list); the result
    is parsed again to prove that the list gained exactly this entry and
    nothing else changed. ValueError when that cannot be done (a flow-style
    list, items not written as `- key: value` blocks).
    """
    newline, original = "\r\n" if "\r\n" in text else "\n", text
    entries, key = root.items.get("sources"), root.keys.get("sources")
    if not isinstance(entries, Seq) or key is None:
        raise ValueError("the file has no `sources:` list")
    if entries.items:
        last = entries.items[-1]
        first_key = next(iter(last.keys.values()), None) if isinstance(last, Map) else None
        if first_key is None:
            raise ValueError("the list's last item is not a mapping")
        dash = text[text.rfind("\n", 0, first_key.start) + 1 : first_key.start]
        if dash.strip() != "-":
            raise ValueError("the list's items are not written one `- key: value` block each")
        at = _line_end(text, max(_ends(last)))
    else:
        empty = _EMPTY_FLOW.match(text, key.end)
        if empty is None:
            raise ValueError("the list is written in flow style")
        text = text[: key.end] + ":" + text[empty.end() :]
        dash, at = NEW_ITEM_DASH, _line_end(text, key.end + 1)
    indent = " " * len(dash)
    body = "".join(f"{dash if n == 0 else indent}{k}: {v}{newline}" for n, (k, v) in enumerate(fields))
    if at and text[at - 1] != "\n":  # the last line had no line break
        text, at = text + newline, at + len(newline)
    candidate = text[:at] + body + text[at:]
    if not _appended(original, candidate, fields, max_bytes):
        raise ValueError("the new entry could not be appended safely")
    return candidate


# `: []` after the key `sources`: an empty list, written in flow style.
_EMPTY_FLOW = re.compile(r"[ \t]*:[ \t]*\[[ \t]*\]")
# How the first item of an empty list is written: the project's own style (seeds/sources.yml).
NEW_ITEM_DASH = "  - "


def _ends(node: Node) -> list[int]:
    """The end offsets of every scalar (keys included) under `node`."""
    if isinstance(node, Scalar):
        return [node.end]
    if isinstance(node, Seq):
        return [end for item in node.items for end in _ends(item)] or [0]
    return [end for key in node.keys.values() for end in _ends(key)] + [
        end for item in node.items.values() for end in _ends(item)
    ]


def _line_end(text: str, offset: int) -> int:
    """Where the line holding `offset` ends (past its line break): the place for a next line.

    A block scalar ends after its trailing line breaks, possibly inside the next
    line's indentation: then the next line starts where that indentation does.
    """
    start = text.rfind("\n", 0, offset) + 1
    if not text[start:offset].strip(" "):
        return start
    found = text.find("\n", offset)
    return len(text) if found < 0 else found + 1


def _appended(old: str, new: str, fields: list[tuple[str, str]], max_bytes: int) -> bool:
    """Whether `new` is `old` with one more mapping, read as `fields`, at the end of its `sources` list."""
    before, after = load_bytes("x.yml", old.encode(), max_bytes), load_bytes("x.yml", new.encode(), max_bytes)
    if after.diagnostics or not isinstance(before.root, Map) or not isinstance(after.root, Map):
        return False
    old_list, new_list = before.root.items.get("sources"), after.root.items.get("sources")
    if not isinstance(old_list, Seq) or not isinstance(new_list, Seq) or len(new_list.items) != len(old_list.items) + 1:
        return False
    added = new_list.items[-1]
    expected = load_bytes("x.yml", "\n".join(f"{k}: {v}" for k, v in fields).encode(), max_bytes).root
    same_rest = {k: _values(v) for k, v in before.root.items.items() if k != "sources"} == {
        k: _values(v) for k, v in after.root.items.items() if k != "sources"
    }
    return (
        same_rest
        and [_values(item) for item in old_list.items] == [_values(item) for item in new_list.items[:-1]]
        and _values(added) == _values(expected)
    )
