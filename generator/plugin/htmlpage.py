"""A generated page's HTML without parsing its HTML: what MkDocs' Markdown makes of it, made directly.

A page that mdpage.py writes is Markdown of two kinds of block (see there):
headings of our own words, and raw HTML blocks, which carry everything
else and which Python-Markdown passes through unchanged. Turning such a
page into HTML, Python-Markdown spends nearly all its time parsing the raw
HTML to find where each block ends (and MkDocs parses it once more for the
ids in it), to give back the very same text.

Here the page is cut at its blank lines into its blocks. Its headings, with
a placeholder for each raw block, go through the site's own Markdown (with
every extension mkdocs.yml configures): once per distinct sequence of
headings, which recurs on thousands of pages. The raw blocks are put back
in place of their placeholders. The result is what Python-Markdown gives
for the whole page, byte for byte (the tests build every generated page of
a project both ways and compare), in a small fraction of the time.

A text that is not in mdpage.py's form gives None: the caller converts it
as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

# A block of mdpage.py's pages: a raw HTML block is one <div> (mdpage.raw), a heading starts with #.
_RAW_START, _RAW_END = "<div", "</div>"
_HEADING = re.compile(r"#{1,6} \S[^\n]*")
# The placeholder of raw block n in a skeleton: a raw block itself, which Markdown keeps as it is.
_PLACEHOLDER = '<div data-factsite-block="{}"></div>'
_PLACEHOLDER_RE = re.compile(r'<div data-factsite-block="(\d+)"></div>')
# The ids MkDocs collects from raw HTML (for links to #anchors): every id attribute (and
# <a name>, which generated pages never write). Attribute values are always double-quoted
# and escaped there (html.py), so a tag never holds a stray quote or '>'.
_ID_RE = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"')
# Distinct heading sequences kept: a site has a few dozen (claim pages with and without
# context, source pages, index pages...); the bound is for a long `mkdocs serve`.
MAX_SKELETONS = 256

Convert = Callable[[str], tuple[str, list[dict[str, Any]]]]  # Markdown -> (HTML, toc tokens)


@dataclass(frozen=True, slots=True)
class Skeleton:
    """A sequence of headings converted: the HTML around each raw block, and the page's toc tokens."""

    pieces: tuple[str, ...]  # literal HTML before raw block 0, between blocks, after the last
    order: tuple[int, ...]  # which raw block goes after each piece but the last
    toc_tokens: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class PageHTML:
    content: str
    toc_tokens: list[dict[str, Any]]
    anchor_ids: set[str]


class Converter:
    """Generated pages' Markdown to HTML, with `convert` (the site's Markdown) for their skeletons."""

    def __init__(self, convert: Convert) -> None:
        self.convert = convert
        self.skeletons: dict[tuple[str | None, ...], Skeleton | None] = {}

    def page(self, markdown: str) -> PageHTML | None:
        """The HTML of a generated page's Markdown (without its front matter), or None if it is not one."""
        blocks = _blocks(markdown)
        if blocks is None:
            return None
        shape = tuple(None if raw else block for raw, block in blocks)
        skeleton = self._skeleton(shape)
        if skeleton is None:
            return None
        raw = [block for is_raw, block in blocks if is_raw]
        parts = [skeleton.pieces[0]]
        for k, piece in zip(skeleton.order, skeleton.pieces[1:]):
            parts += (raw[k], piece)
        ids = {heading["id"] for heading in _flatten(skeleton.toc_tokens)}
        ids.update(unescape(value) if "&" in value else value for block in raw for value in _ID_RE.findall(block))
        return PageHTML("".join(parts), skeleton.toc_tokens, ids)

    def _skeleton(self, shape: tuple[str | None, ...]) -> Skeleton | None:
        if shape not in self.skeletons:
            if len(self.skeletons) >= MAX_SKELETONS:
                self.skeletons.clear()
            self.skeletons[shape] = _skeleton(shape, self.convert)
        return self.skeletons[shape]


def _blocks(markdown: str) -> list[tuple[bool, str]] | None:
    """(is raw HTML, text) of each block, or None when a block is neither a raw block nor a heading."""
    found = []
    for block in markdown.strip("\n").split("\n\n"):
        if block.startswith(_RAW_START) and block.endswith(_RAW_END):
            found.append((True, block))
        elif _HEADING.fullmatch(block):
            found.append((False, block))
        else:
            return None
    return found or None


def _skeleton(shape: tuple[str | None, ...], convert: Convert) -> Skeleton | None:
    """The skeleton of pages whose blocks are `shape` (a heading's text, or None for a raw block)."""
    count, lines = 0, []
    for block in shape:
        if block is None:
            lines.append(_PLACEHOLDER.format(count))
            count += 1
        else:
            lines.append(block)
    html, toc_tokens = convert("\n\n".join(lines) + "\n")
    cut = _PLACEHOLDER_RE.split(html)
    pieces, order = tuple(cut[0::2]), tuple(int(n) for n in cut[1::2])
    if sorted(order) != list(range(count)):
        return None  # a placeholder did not come through as it went in: convert these pages as usual
    return Skeleton(pieces, order, toc_tokens)


def _flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for token in tokens for t in [token, *_flatten(token.get("children", []))]]
