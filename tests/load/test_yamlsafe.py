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


# A valid claim file, to damage one way at a time: the slips editors make most.
CLAIM = """\
claim: Xi and Putin met for three and a half hours.
verdict: unverified
summary: One source.
reviewed: '2026-11-22'
evidence:
  - source: friends-of-steel
    stance: supports
    quote: During a three-and-a-half hour meeting
"""


def slipped(old: str, new: str) -> bytes:
    assert old in CLAIM
    return CLAIM.replace(old, new, 1).encode()


@pytest.mark.parametrize(
    "data, where, hint",
    [
        (
            slipped("claim: Xi and Putin met", "claim: Putin said: they met"),
            (1, 18),
            "a value containing ': ' must be quoted: write claim: 'Putin said: they met for three and a half hours.'",
        ),
        (slipped("    stance", "     stance"), (7, 6), "'stance' is indented 1 space more than 'source' on line 6"),
        (slipped("    quote", "   quote"), (8, 4), "'quote' is indented 1 space less than 'stance' on line 7"),
        (CLAIM.encode() + b" - source: x\n", (9, 2), "indented 1 space less than the '-' on line 6"),
        (CLAIM.encode() + b"  note: n\n", (9, 3), "'note' is in the column of the '-' on line 6"),
        (
            b" claim: x\nverdict: y\n",
            (1, 2),
            "the file's top-level keys start in column 1",
        ),
        (
            slipped("quote: During a three-and-a-half hour meeting", 'quote: "he called it "a new era" of ties"'),
            (8, 26),
            """the " in column 26 ends the value: wrap the value in single quotes instead, and write each ' inside """
            """it twice: write quote: 'he called it "a new era" of ties'""",
        ),
        (
            slipped("claim: Xi and Putin met for three and a half hours.", "claim: 'Xi's visit was long'"),
            (1, 11),
            "the ' in column 11 ends the value: inside single quotes, write each ' twice",
        ),
        (slipped("summary: One source.", "summary: 'It''s Xi's'"), (3, 19), "write summary: 'It''s Xi''s'"),
        (slipped("summary: One", 'summary: "Friends" One'), (3, 10), "must be quoted as a whole"),
        (
            slipped("summary: One", "summary: 'One"),
            (3, 10),
            "runs on to the ' on line 4, column 11: end it with ' on line 3",
        ),
        (slipped("verdict", "- verdict"), (2, 1), "among the keys of a mapping ('claim' on line 1): remove the '- '"),
        (slipped("summary: One source.", 'summary: "One'), (3, 10), 'this value opens with " and is never closed'),
        (slipped("summary: One source.", 'summary: "C:\\d"'), (3, 13), "write summary: 'C:\\d'"),
        (slipped("    stance", "\tstance"), (7, 1), "YAML does not allow tabs for indentation: use spaces"),
        (slipped("    stance", "  \t  stance"), (7, 3), "YAML does not allow tabs for indentation: use spaces"),
        (slipped("verdict: unverified", "verdict:unverified"), (2, 8), "write verdict: unverified"),
        (slipped("  - source", "  -source"), (6, 3), "a list item needs a space after its '-': write - source"),
        (slipped("summary: One source.", "summary: One\nsource."), (4, 1), "this line is not 'key: value'"),
        (slipped("summary: One source.", "summary: |\n  One\n source."), (5, 2), "at least as far as its first line"),
        (slipped("summary: One source.", "summary: [Update] One"), (3, 10), "'[' is read as a list"),
        (slipped("summary: One source.", "summary: @kremlin said"), (3, 10), "write summary: '@kremlin said'"),
        (slipped("summary: One source.", "summary: *One* source"), (3, 10), "'*' is read as an alias"),
        (
            slipped("summary: One source.", "summary: | One"),
            (3, 10),
            "the text of a block value starts on the next line",
        ),
        (slipped("summary: One source.", "summary: One\n  It says: two"), (4, 10), "continues the value of 'summary'"),
        (b"tags: [a, b\nverdict: x\n", (2, 8), "the '[' at line 1, column 7 is never closed"),
    ],
)
def test_common_yaml_slips_get_a_hint_at_the_slip(data: bytes, where: tuple[int, int], hint: str) -> None:
    (problem,) = load_bytes("x.yml", data).diagnostics
    assert problem.code == "yaml-syntax"
    assert (problem.line, problem.column) == where
    assert hint in (problem.hint or ""), problem.hint


def test_a_long_value_gets_the_rule_rather_than_a_copy_of_itself() -> None:
    (problem,) = load_bytes("x.yml", slipped("claim: Xi and", "claim: " + "word " * 40 + "said: Xi and")).diagnostics
    assert problem.hint and "word word" not in problem.hint
    assert "put the whole value in single quotes" in problem.hint and "claim: |" in problem.hint


def test_a_repeated_key_in_a_list_item_suggests_the_missing_dash() -> None:
    data = CLAIM.encode() + b"    source: friends-of-steel\n"
    (problem,) = load_bytes("x.yml", data).diagnostics
    assert problem.code == "duplicate-key" and (problem.line, problem.column) == (9, 5)
    assert problem.hint == "keep one of lines 6 and 9, or begin a new list item at line 9 with '- '"


# What editors type by mistake: each is put at every place of a claim file.
SLIPS = [": ", "'", '"', "\t", " ", "-", "- ", "#", "[", "|", "\\", "\n", "\n ", "  ", "@", "*"]


def test_every_slip_anywhere_gives_positioned_diagnostics_and_never_an_exception() -> None:
    """The hints are guesses over untrusted text: whatever the damage, they answer or keep quiet."""
    for index in range(len(CLAIM) + 1):
        for slip in SLIPS:
            for data in (CLAIM[:index] + slip + CLAIM[index:], CLAIM[:index] + slip + CLAIM[index + 1 :]):
                for problem in load_bytes("x.yml", data.encode()).diagnostics:
                    assert problem.line >= 1 and problem.column >= 1, (data, problem)
                    assert problem.line <= data.count("\n") + 2, (data, problem)
