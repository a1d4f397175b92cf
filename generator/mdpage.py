"""A generated Markdown page: front matter, then blocks.

The Markdown a page is made of has two kinds of block: fixed Markdown we
write (headings, with our own words only) and raw HTML blocks (`raw`),
which carry everything taken from claims and sources, escaped. A raw
block is one `<div>` whose lines all start with a tag, with no blank line,
so that Python-Markdown passes it through untouched.
"""

from __future__ import annotations

from html import escape
from typing import Any

import yaml

from . import html

# The front matter keys MkDocs and mkdocs-material read.
TITLE = "title"  # <title>, the header and search; inserted unescaped by the theme
DESCRIPTION = "description"  # <meta name="description" content="...">, unescaped
JSONLD = "factsite_jsonld"  # read by docs/overrides/main.html into <head>
# The widest line the YAML emitter may write: never fold a value.
_NO_FOLD = 1 << 30
# libyaml's safe emitter when PyYAML has it (ten times faster, the same YAML), else PyYAML's own.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def page(meta: dict[str, Any], *blocks: str) -> str:
    """The page's Markdown: YAML front matter, then the blocks between blank lines."""
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=True, width=_NO_FOLD,
                      default_flow_style=False)
    body = "\n\n".join(b.strip("\n") for b in blocks if b)
    return f"---\n{front}---\n\n{body}\n"


def heading(level: int, words: str) -> str:
    """A Markdown heading of our own words (never untrusted text: the TOC shows it as is)."""
    return f"{'#' * level} {words}"


def raw(class_: str, *lines: str) -> str:
    """A raw HTML block: a <div> around `lines` (each already one line of HTML)."""
    inner = [line for line in lines if line]
    assert all("\n" not in line for line in inner), "raw HTML lines must be single lines"
    return "\n".join([f'<div class="{html.attr(class_)}">', *inner, "</div>"])


def title(value: str) -> str:
    """A page title for the front matter: one line, HTML-escaped (the theme inserts it raw).

    Only HTML-escaped: the title is never parsed as Markdown, and the search
    index shows it as HTML.
    """
    return escape(" ".join(value.split()), quote=True)
