"""The HTML helpers of conftest.py (parse, Node) that the build tests query pages with."""

from __future__ import annotations

from conftest import parse


def test_parse_builds_a_tree_with_text_and_ids() -> None:
    doc = parse('<div id="a" class="x y"><p>one <b>two</b><br>three</p><img src="i"></div>')
    div = doc.one("div", "y")
    assert div.text() == "one twothree" and doc.by_id()["a"] is div
    assert [n.tag for n in div.all()] == ["p", "b", "br", "img"]
    assert doc.one("b").ancestors()[:2] == [doc.one("p"), div]


def test_character_references_are_text() -> None:
    assert parse("<p>&#42;a&#42; &lt;b&gt; &amp;</p>").one("p").text() == "*a* <b> &"
