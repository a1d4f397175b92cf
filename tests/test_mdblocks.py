"""The block shortcut (generator/mdblocks.py) gives markdown-it's own tokens."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import html, mdblocks

# Lines made of what can matter at a line's start and inside it.
LINE = st.lists(st.sampled_from(list("ab Z1.)*_`#>-+=~[]()<!:\\&|\t\r\0\u00a0\u2028") + ["  ", "    ", "*x*", "[a](b)", "[a]: b", "123", "***", "---", "```", "- ", "1. "]),
               max_size=12).map("".join)
TEXT = st.lists(LINE, max_size=8).map("\n".join)


def tokens(text: str, parse) -> list[tuple]:  # type: ignore[no-untyped-def]
    md = html._markdown()
    return [(t.type, t.tag, t.nesting, t.content, t.block, t.hidden, t.map,
             [(c.type, c.tag, c.nesting, c.content, c.markup, dict(c.attrs)) for c in t.children or []])
            for t in parse(md, text)]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_same_tokens_as_markdown_it(text: str) -> None:
    assert tokens(text, mdblocks.parse) == tokens(text, lambda md, t: md.parse(t))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_soft_breaks_written_as_spaces_render_the_same(text: str) -> None:
    md = html._markdown()
    assert md.renderer.render(mdblocks.parse(md, text, soft_breaks=False), md.options, {}) == md.render(text)


def test_soft_breaks_are_spaces_and_hard_breaks_stay() -> None:
    md = html._markdown()
    assert html.markdown("one\ntwo  \nthree\\\nfour \n  *five*") == \
        "<p>one two<br />&#10;three<br />&#10;four <em>five</em></p>"
    text = "A `code\n span` and a [link\ntext](https://example.org \"a\ntitle\")\nwrapped"
    tokens = mdblocks.parse(md, text, soft_breaks=False)
    children = tokens[1].children or []  # left to markdown-it: its own tokens
    assert [t.type for t in children].count("softbreak") == 2
    assert [t.attrs.get("title") for t in children if t.type == "link_open"] == ["a\ntitle"]
    assert md.renderer.render(tokens, md.options, {}) == md.render(text)


def test_wrapped_prose_takes_the_shortcut_and_renders_the_same() -> None:
    summary = ("Officials *denied* the report\non Tuesday, saying it was\n  “false”.\n\n"
               "A second paragraph with a [link](https://example.org) and `code`.\n")
    assert mdblocks._paragraphs(summary) is not None
    md = html._markdown()
    assert md.renderer.render(mdblocks.parse(md, summary), md.options, {}) == md.render(summary)


def test_block_syntax_takes_the_full_parse() -> None:
    for text in ["# Heading", "text\n- item", "text\n===", "> quote", "    code", "1. one", "[a]: /url",
                 "a\tb", "a\r\nb"]:
        assert mdblocks._paragraphs(text) is None, text
