"""markdown-it's parse, without its block parser when the text is plain paragraphs.

Most summaries and notes are a few paragraphs of wrapped prose. markdown-it's
block parser costs about as much as everything else together there: for
every line it tries each rule that could end a paragraph. When no line can
start or end a block (what `_plain_line` checks, conservatively), the
blocks are known without it: each run of non-blank lines is a paragraph
whose content is those lines, trimmed as markdown-it's paragraph rule trims
them. Everything else (inline parsing, the core rules after it, rendering)
is markdown-it's own, and any text that is not plain goes to `md.parse`.
A test checks that both give the same tokens for many generated texts.

`soft_breaks=False` also writes each soft line break of a plain paragraph
as the space it renders as (html.py renders every soft break as a space,
as CommonMark allows): one text token instead of a text token, a
softbreak token and another text token per wrapped line, the same HTML.
Paragraphs with a code span or a link keep their line breaks, since a
line break and a space are not the same there (code spans keep runs of
spaces; a link title keeps its line breaks); so do hard breaks.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_core import text_join
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

# A line starting (after at most three spaces) with one of these may start a
# block or end a paragraph: headings, block quotes, HTML, tables.
BLOCK_MARKERS = frozenset("#><|")
# These start a list item when a space or the line's end follows, and a
# thematic break or a setext underline when the line is nothing else.
LIST_OR_RULE_MARKERS = frozenset("*-+_=")
# Three of these open a fenced code block.
FENCES = ("```", "~~~")
# An ordered list item: up to nine digits, "." or ")", then a space or the end.
_ORDERED_ITEM = re.compile(r"[0-9]{1,9}[.)](?: |$)")
# Four spaces make an indented code block (or a lazy line: left to markdown-it).
CODE_INDENT = 4
# Characters markdown-it's normalize rule changes, and tabs (which count as
# several columns of indentation): texts with any of them take the full parse.
_NOT_PLAIN_CHARS = ("\r", "\0", "\t")
# The core rules this shortcut stands in for, in the preset's order.
_CORE_RULES = ["normalize", "block", "inline", "text_join"]
# A soft line break with the spaces around it that markdown-it drops: not
# after a space (two spaces make a hard break) nor after a backslash (a
# hard break too).
_SOFT_BREAK = re.compile(r"(?<![ \\]) ?\n *")
# In a paragraph with these, a line break is left to markdown-it (see above).
_KEEPS_LINE_BREAKS = ("`", "[")


def parse(md: MarkdownIt, source: str, soft_breaks: bool = True) -> list[Token]:
    """The tokens `md.parse(source)` gives (with `soft_breaks=False`, soft
    line breaks in plain paragraphs as spaces)."""
    paragraphs = _paragraphs(source)
    if paragraphs is None or md.core.ruler.get_active_rules() != _CORE_RULES:
        return md.parse(source)
    state = StateCore(source, md, {})
    state.tokens = [token for first, last, content in paragraphs
                    for token in _paragraph(first, last, content if soft_breaks else _spaced(content))]
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.content and md.inline.terminator_re.search(token.content) is None and _text_rule_first(md):
            token.children = [_text(token.content)]  # no inline syntax: the text rule takes it all
        else:
            md.inline.parse(token.content, md, state.env, token.children)  # type: ignore[arg-type]
    text_join(state)
    return state.tokens


def _text_rule_first(md: MarkdownIt) -> bool:
    rules = md.inline.ruler.get_active_rules()
    return bool(rules) and rules[0] == "text"


def _text(content: str) -> Token:
    """The one token markdown-it's inline parse gives for text without any character its rules act on."""
    token = Token("text", "", 0)
    token.content = content
    return token


def _paragraphs(source: str) -> list[tuple[int, int, str]] | None:
    """(first line, end line, content) of each paragraph, or None if a line is not plain."""
    if any(char in source for char in _NOT_PLAIN_CHARS):
        return None
    found: list[tuple[int, int, str]] = []
    lines = source.split("\n")
    start = None
    for number, line in enumerate([*lines, ""]):
        if not line.strip(" "):
            if start is not None:
                found.append((start, number, mdTrim("\n".join(lines[start:number]))))
            start = None
        elif not line[0].isalpha() and not _plain_line(line, start is None):  # a letter starts no block
            return None
        elif start is None:
            start = number
    return found


def _plain_line(line: str, first: bool) -> bool:
    """A line that can neither start a block nor end a paragraph (nor, if it
    is a paragraph's `first`, start a link reference definition)."""
    body = line.lstrip(" ")
    head = body[0]
    if len(line) - len(body) >= CODE_INDENT or head in BLOCK_MARKERS or (first and head == "["):
        return False
    if head in LIST_OR_RULE_MARKERS:
        return body[1:2] not in ("", " ") and body.rstrip(" ").strip(head + " ") != ""
    return body[:3] not in FENCES and _ORDERED_ITEM.match(body) is None


def _spaced(content: str) -> str:
    """A paragraph's content with its soft line breaks written as spaces (where that renders the same)."""
    if "\n" not in content or any(char in content for char in _KEEPS_LINE_BREAKS):
        return content
    if "  \n" in content or "\\\n" in content:  # a hard break: only the soft breaks around it
        return _SOFT_BREAK.sub(" ", content)
    # Every break is soft: each line without the spaces around it (at most one before a
    # break, or it would be hard), joined by spaces; four times faster than the regex.
    return " ".join([line.strip(" ") for line in content.split("\n")])


def _paragraph(first: int, last: int, content: str) -> list[Token]:
    """The three tokens markdown-it's paragraph rule pushes."""
    opening = Token("paragraph_open", "p", 1, map=[first, last], level=0, block=True)
    inline = Token("inline", "", 0, map=[first, last], level=1, content=content, children=[], block=True)
    closing = Token("paragraph_close", "p", -1, level=0, block=True)
    return [opening, inline, closing]
