"""The safe YAML loader: strings only, positions kept, dangerous YAML refused."""

from __future__ import annotations

import pytest

from generator.load.yamlsafe import MAX_CLAIM_BYTES, MAX_DEPTH, Map, Scalar, Seq, load_bytes, node_at, too_large


def problems(data: bytes) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in load_bytes("x.yml", data).diagnostics]


def test_every_scalar_is_text_with_its_position() -> None:
    doc = load_bytes("x.yml", b"verdict: no\nn: 12\nd: 2025-05-08\nt: [a, 'b']\n")
    assert isinstance(doc.root, Map)
    assert {k: v.value for k, v in doc.root.items.items() if isinstance(v, Scalar)} == {
        "verdict": "no",
        "n": "12",
        "d": "2025-05-08",
    }
    tags = doc.root.items["t"]
    assert isinstance(tags, Seq) and [(s.value, s.pos.line, s.pos.column) for s in tags.items] == [
        ("a", 4, 5),
        ("b", 4, 8),
    ]


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


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"a: &x 1\nb: *x\n", [(1, 4, "yaml-feature"), (2, 4, "yaml-feature")]),
        (b"a: !!python/object/apply:os.system ['true']\n", [(1, 4, "yaml-feature")]),
        (b"a: !custom x\n", [(1, 4, "yaml-feature")]),
        (b"? [a, b]\n: c\n", [(1, 3, "yaml-feature")]),
    ],
)
def test_anchors_aliases_tags_and_complex_keys_are_refused(data: bytes, expected: list) -> None:
    assert problems(data) == expected


def test_an_alias_bomb_is_refused_without_expanding() -> None:
    lines = [b"a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [
        b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]" % ((98 + i,) * 2 + (97 + i,) * 9) for i in range(8)
    ]
    found = problems(b"\n".join(lines) + b"\n")
    assert found[0] == (1, 4, "yaml-feature") and {code for _, _, code in found} == {"yaml-feature"}
    assert len(found) == 1 + 8 * 10  # each anchor and alias once: nothing was expanded


def test_deep_nesting_stops_at_the_limit() -> None:
    assert problems(b"[" * 50_000) == [(1, MAX_DEPTH + 1, "too-deep")]
    assert problems(b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 40)))[0][2] == "too-deep"


def test_size_limit() -> None:
    assert problems(b"a: " + b"x" * MAX_CLAIM_BYTES) == [(1, 1, "too-large")]
    (problem,) = too_large("claims/x.yml", 307_208).diagnostics
    assert (problem.path, problem.line, problem.column, problem.code) == ("claims/x.yml", 1, 1, "too-large")
    assert problem.message == f"file is 307,208 bytes; the limit is {MAX_CLAIM_BYTES:,}"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"a: 1\n\xff\n", [(2, 1, "encoding")]),
        (b"a: 1\nb: \x00\n", [(2, 4, "encoding")]),
        (b"a:\n\tb: 1\n", [(2, 1, "yaml-syntax")]),
        (b"a: [1, 2\nb: 3\n", [(2, 2, "yaml-syntax")]),
        (b"a: 1\n---\nb: 2\n", [(2, 1, "yaml-syntax")]),
    ],
)
def test_broken_files_get_one_positioned_diagnostic(data: bytes, expected: list) -> None:
    assert problems(data) == expected


def test_tab_hint() -> None:
    (problem,) = load_bytes("x.yml", b"a:\n\tb: 1\n").diagnostics
    assert problem.hint and "tabs" in problem.hint


def test_empty_file_has_no_root_and_no_problem_of_its_own() -> None:
    doc = load_bytes("x.yml", b"")
    assert doc.root is None and doc.diagnostics == []


@pytest.mark.parametrize(
    "data, expected",
    [
        ("a: \u202ex\n".encode(), [(1, 4, "control-character")]),
        (b'a: "x\\u202ey"\n', [(1, 4, "control-character")]),
        (b'a: "\\u0007"\n', [(1, 4, "control-character")]),
        ("a: zero\u200bwidth, \u05d0\u05d1 right to left\n".encode(), []),
    ],
    ids=["raw override", "escaped override", "escaped control", "allowed"],
)
def test_bidirectional_and_control_characters_are_refused_raw_or_escaped(data: bytes, expected: list) -> None:
    """The injection tests (tests/site) leave them out of claim and registry files: this is why."""
    assert problems(data) == expected
