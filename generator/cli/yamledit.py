"""Rewrite one scalar of a YAML file in place, keeping every other byte.

Used by `factsite fix` (quotes) and `factsite sources accept`
(checksums): the new value is written in the scalar's own style (plain,
single- or double-quoted, block) when that style can hold it, and
the result is parsed again to prove that the value, and nothing else,
changed. Values are written on one line: quotes are matched with
whitespace folded, so a line break in the source text need not be kept.
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
