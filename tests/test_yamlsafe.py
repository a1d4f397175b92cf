"""The safe YAML loader: strings only, positions kept, dangerous YAML refused."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.schema import _ANY, _plain
from generator.yamlsafe import (MAX_CLAIM_BYTES, MAX_DEPTH, Document, Map, Node, Scalar, Seq, _parse_events,
                                clean_tree, load_bytes, load_plain, node_at)

REPO = Path(__file__).resolve().parent.parent


def problems(data: bytes) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in load_bytes("x.yml", data).diagnostics]


def test_every_scalar_is_text_with_its_position() -> None:
    doc = load_bytes("x.yml", b"verdict: no\nn: 12\nd: 2025-05-08\nt: [a, 'b']\n")
    assert isinstance(doc.root, Map)
    assert {k: v.value for k, v in doc.root.items.items() if isinstance(v, Scalar)} == {
        "verdict": "no", "n": "12", "d": "2025-05-08"}
    tags = doc.root.items["t"]
    assert isinstance(tags, Seq) and [(s.value, s.pos.line, s.pos.column) for s in tags.items] == [
        ("a", 4, 5), ("b", 4, 8)]


def test_columns_count_characters_not_bytes() -> None:
    doc = load_bytes("x.yml", "q: «é»\nr: x\n".encode())
    node = node_at(doc.root, ("q",))
    assert isinstance(node, Scalar) and (node.start, node.end) == (3, 6)
    assert node_at(doc.root, ("r",)).pos.column == 4  # type: ignore[union-attr]


def test_bom_and_crlf_are_accepted() -> None:
    doc = load_bytes("x.yml", b"\xef\xbb\xbfa: 1\r\nb: two words\r\n")
    assert doc.diagnostics == [] and doc.bom
    assert node_at(doc.root, ("b",)).value == "two words"  # type: ignore[union-attr]


def test_duplicate_keys_name_both_lines() -> None:
    doc = load_bytes("x.yml", b"a: 1\nb: 2\na: 3\n")
    (problem,) = doc.diagnostics
    assert (problem.line, problem.column, problem.code) == (3, 1, "duplicate-key")
    assert "first at line 1" in problem.message and "1 and 3" in (problem.hint or "")


@pytest.mark.parametrize("data, expected", [
    (b"a: &x 1\nb: *x\n", [(1, 4, "yaml-feature"), (2, 4, "yaml-feature")]),
    (b"a: !!python/object/apply:os.system ['true']\n", [(1, 4, "yaml-feature")]),
    (b"a: !custom x\n", [(1, 4, "yaml-feature")]),
    (b"? [a, b]\n: c\n", [(1, 3, "yaml-feature")]),
])
def test_anchors_aliases_tags_and_complex_keys_are_refused(data: bytes, expected: list) -> None:
    assert problems(data) == expected


def test_an_alias_bomb_is_refused_without_expanding() -> None:
    lines = [b"a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]" % ((98 + i,) * 2 + (97 + i,) * 9)
              for i in range(8)]
    found = problems(b"\n".join(lines) + b"\n")
    assert found[0] == (1, 4, "yaml-feature") and {code for _, _, code in found} == {"yaml-feature"}
    assert len(found) == 1 + 8 * 10  # each anchor and alias once: nothing was expanded


def test_deep_nesting_stops_at_the_limit() -> None:
    assert problems(b"[" * 50_000) == [(1, MAX_DEPTH + 1, "too-deep")]
    assert problems(b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 40))) [0][2] == "too-deep"


def test_size_limit() -> None:
    assert problems(b"a: " + b"x" * MAX_CLAIM_BYTES) == [(1, 1, "too-large")]


@pytest.mark.parametrize("data, expected", [
    (b"a: 1\n\xff\n", [(2, 1, "encoding")]),
    (b"a: 1\nb: \x00\n", [(2, 4, "encoding")]),
    (b"a:\n\tb: 1\n", [(2, 1, "yaml-syntax")]),
    (b"a: [1, 2\nb: 3\n", [(2, 2, "yaml-syntax")]),
    (b"a: 1\n---\nb: 2\n", [(2, 1, "yaml-syntax")]),
])
def test_broken_files_get_one_positioned_diagnostic(data: bytes, expected: list) -> None:
    assert problems(data) == expected


def test_tab_hint() -> None:
    (problem,) = load_bytes("x.yml", b"a:\n\tb: 1\n").diagnostics
    assert problem.hint and "tabs" in problem.hint


def test_empty_file_has_no_root_and_no_problem_of_its_own() -> None:
    doc = load_bytes("x.yml", b"")
    assert doc.root is None and doc.diagnostics == []


# --- the fast line reader: the exact reader's tree, or no answer -----------------------------
#
# The fast reader answers for plain YAML of the usual shapes and leaves the
# rest to libyaml's events. Wherever it answers, its tree must be the exact
# reader's, with no diagnostic, and its plain reading (for clean claim files)
# that tree's plain value and places. The texts below are claim-shaped YAML
# with every style it reads (and some it does not) at many indentations,
# often damaged by a few random edits, so that many are near the edge of
# what it accepts.

# Characters of values: plain words mostly, YAML's indicators and odd spaces now and then.
_WORD = "abcxyzABC019-_."
_ODD = "abcxyz  ABC019-_.,:;'\"#?!()[]{}&*%@`|>\\é’“”\xa0~\t\r\u2028"
# What a random edit inserts: YAML's punctuation, breaks, indentation and markers.
_PIECES = list("abc:-[]{}&*!|>'\"#%@`?, \n\\.é’\xa0") + [
    "  ", "- ", ": ", " #", "\n\n", "---", "...", "''", "\n  ", "\n    ", "\n- ", "|\n", "\n#", "\t", "\r\n"]
_KEYS = ["a", "b", "claim", "quote", "note", "x1", "a-b", "A_b", "1", "y", "evidence", "k"]


def _word(r: random.Random) -> str:
    pool = _ODD if r.random() < 0.05 else _WORD
    return "".join(r.choice(pool) for _ in range(r.randint(1, 6))).strip() or "w"


def _text(r: random.Random) -> str:
    return " ".join(_word(r) for _ in range(r.randint(1, 6)))


def _quoted(r: random.Random, indent: int) -> str:
    quote = r.choice("'\"")
    lines = [_text(r)]
    for _ in range(r.choice([0, 0, 1, 2, 4])):
        lines.append("" if r.random() < 0.3 else " " * r.choice([0, 1, indent, indent + 2, 8]) + _text(r))
    body = "\n".join(lines)
    return quote + (body.replace("'", "''") if quote == "'" else body.replace('"', "")) + quote


def _literal(r: random.Random, indent: int) -> list[str]:
    body = indent + r.choice([2, 2, 1, 3, 0, -1])
    lines = ["" if r.random() < 0.2 else " " * max(0, body + r.choice([0, 0, 0, 1, 2, -1])) + _text(r)
             for _ in range(r.randint(1, 5))]
    return [r.choice(["|", "|", "|-", ">"])] + lines + [""] * r.choice([0, 0, 1, 2])


def _value(r: random.Random, indent: int) -> list[str]:
    """A value's lines, the first to go after `key: ` or `- `."""
    kind = r.random()
    if kind < 0.35:
        return [_text(r)]
    if kind < 0.65:
        return _quoted(r, indent).split("\n")
    if kind < 0.85:
        return _literal(r, indent)
    return ["[" + ", ".join(_word(r) for _ in range(r.randint(0, 4))) + "]"]


def _mapping(r: random.Random, indent: int, depth: int, inline: bool = False) -> list[str]:
    lines: list[str] = []
    for n in range(r.randint(1, 5)):
        if r.random() < 0.1:
            lines.append(r.choice(["", "#c", " #c"]))
        head = ("" if inline and n == 0 else " " * indent) + r.choice(_KEYS) + ":"
        kind = r.random()
        if depth < 4 and kind < 0.15:
            lines += [head] + _mapping(r, indent + r.choice([1, 2, 4]), depth + 1)
        elif depth < 4 and kind < 0.3:
            lines += [head] + _sequence(r, indent + r.choice([0, 0, 1, 2, 4]), depth + 1)
        else:
            first, *rest = _value(r, indent)
            lines += [f"{head} {first}"] + rest
    return lines


def _sequence(r: random.Random, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(r.randint(1, 4)):
        if depth < 4 and r.random() < 0.6:
            first, *rest = _mapping(r, indent + 2, depth + 1, inline=True)
        else:
            first, *rest = _value(r, indent)
        lines += [" " * indent + "- " + first] + rest
    return lines


def damaged(r: random.Random, text: str) -> str:
    """`text` after one to three random edits: an insertion, a deletion or a line reindented."""
    for _ in range(r.randint(1, 3)):
        at = r.randrange(len(text) + 1)
        roll = r.random()
        if roll < 0.45:
            text = text[:at] + r.choice(_PIECES) + text[at:]
        elif roll < 0.75:
            text = text[:at] + text[at + r.randint(1, 3):]
        else:
            lines = text.split("\n")
            line = r.randrange(len(lines))
            lines[line] = " " * r.randint(0, 5) + lines[line].lstrip(" ")
            text = "\n".join(lines)
    return text


def yaml_like(r: random.Random) -> str:
    """A claim-shaped YAML text, often damaged."""
    text = "\n".join(_mapping(r, 0, 1)) + "\n"
    return damaged(r, text) if r.random() < 0.4 else text


def assert_fast_reader_is_exact(text: str) -> bool:
    """True when the fast reader answered for `text` (and its answers are the exact ones)."""
    fast, plain = clean_tree(text), load_plain(text.encode("utf-8", "surrogatepass"))
    if fast is None:
        assert plain is None
        return False
    exact = _parse_events(Document("x.yml", text, None))
    assert exact.diagnostics == [] and exact.root == fast
    assert plain is not None and plain.value == _plain(fast, _ANY)
    assert _places(fast) == _plain_places(plain.value, plain.place)
    return True


def _places(node: Node) -> list[tuple[Any, dict[str, Any]]]:
    """Every mapping's position and those of its values written on their keys' lines."""
    if isinstance(node, Seq):
        return [p for item in node.items for p in _places(item)]
    if not isinstance(node, Map):
        return []
    own = {k: v.pos for k, v in node.items.items() if v.pos.line == node.keys[k].pos.line}
    return [(node.pos, own)] + [p for v in node.items.values() for p in _places(v)]


def _plain_places(value: Any, place: Any) -> list[tuple[Any, dict[str, Any]]]:
    if isinstance(value, list):
        return [p for item in value for p in _plain_places(item, place)]
    if not isinstance(value, dict):
        return []
    return [place(value)] + [p for v in value.values() for p in _plain_places(v, place)]


@settings(max_examples=800, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_fast_reader_gives_the_exact_tree_or_no_answer(r: random.Random) -> None:
    assert_fast_reader_is_exact(yaml_like(r))


def test_the_fast_reader_answers_for_many_of_the_test_texts() -> None:
    r = random.Random(7)
    answered = sum(assert_fast_reader_is_exact(yaml_like(r)) for _ in range(2000))
    assert 200 < answered < 1800  # the texts test both sides of its edge


def test_the_fast_reader_reads_the_real_files() -> None:
    files = sorted((REPO / "claims").glob("*.yml")) + sorted((REPO / "tests" / "fixture").rglob("*.yml"))
    assert len(files) > 30
    for path in files:
        assert assert_fast_reader_is_exact(path.read_text("utf-8")), path


@pytest.mark.parametrize("text", [
    "q: 'a\n\n\n  b  c'\n", "q: 'a\n    '\n", "q: '\n  a'\n", "q: 'it''s\n  ''x'''\n", 'q: "a\n\n b"\n',
    "e:\n  - q: 'a\nb'\n", "s: |\n  a\n\n    b\n\n\n", "s: |\n  a\n# c\nt: x\n", "e:\n- a: 1\n  b: [x, y]\n- c\n",
    "a:\n  b:\n    c: d\ne: f\n", "# c\n\na: b  c\n", "a: x:y\nb: C#\n", "a: ''\nb: \"\"\n",
])
def test_the_fast_reader_folds_blocks_and_lists_as_libyaml(text: str) -> None:
    assert assert_fast_reader_is_exact(text)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "a: &x 1\n", "a: *x\n", "a: !t x\n", "a: x # c\n", "a: x \n", "a: x\r\n", "a: 'x\n---\n'\n",
    'a: "x\\n"\n', "a: {b: c}\n", "a:\n", "a: b\n  c\n", "a: |-\n  x\n", "a: >\n  x\n", "- a\n", "a: x", "",
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)) + "  " * 40 + "z: 1\n",
])
def test_the_fast_reader_leaves_the_rest_to_libyaml(text: str) -> None:
    assert clean_tree(text) is None and load_plain(text.encode()) is None
