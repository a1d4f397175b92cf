"""HTML for untrusted text: escaping, elements, and the editors' Markdown.

Everything taken from claim files and sources reaches the page through
`text()` or `attr()`: HTML-escaped, and with every character that Markdown
or a Python-Markdown extension could act on (`*`, `_`, backticks, `[`,
`{` for attr_list, `|` for tables, `~`, `^`, `=`, backslash) written as a
numeric character reference, and line breaks as `&#10;`. The browser
shows the same characters; no Markdown processor can see syntax in them,
and no untrusted text ever starts a line of the generated Markdown.

The editors' Markdown (summary, note) is rendered here with markdown-it-py:
raw HTML off, images off, only the links `mdsafe.is_safe_url` accepts,
headings demoted below the page's own, and the result made one line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.load.mdsafe import is_safe_url
from generator.render import urls
from generator.render.vocab import human_date

# Characters that Markdown, attr_list, tables, snippets or the pymdownx
# inline extensions give a meaning to; written as references they are inert.
_MARKDOWN_ACTIVE = "`*_{}[]\\|~^="
# Control characters other than tab and line breaks have no place in a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# One pass over the text: HTML's five, the Markdown ones, line breaks.
_INERT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        **{c: f"&#{ord(c)};" for c in _MARKDOWN_ACTIVE},
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
_INERT_CHARS = {chr(code): reference for code, reference in _INERT.items()}
_INERT_RE = re.compile("[" + re.escape("".join(_INERT_CHARS)) + "]")
# Any character `text` changes: _INERT's and _CONTROL's.
_ACTIVE = re.compile(r"[&<>\"'\n\r" + re.escape(_MARKDOWN_ACTIVE) + r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Editors' headings start below the page's h1 and its h2 sections.
HEADING_SHIFT = 2
# Links the editors write to other pages, in the MkDocs way: a path ending in .md.
_MD_LINK = re.compile(r"^(?P<path>[^?#]*\.md)(?P<rest>[?#].*)?$")

LinkTarget = Callable[[str], str]  # a relative .md path -> the URL to write


def text(value: str) -> str:
    """Untrusted text as inert HTML text (also safe inside a quoted attribute)."""
    if not _ACTIVE.search(value):
        return value  # most text has nothing to escape: one scan instead of a copy per character
    # A regex replacing the few active characters is three times faster than
    # str.translate, which looks every character up (non-ASCII text is slow there).
    return _INERT_RE.sub(_inert_char, _CONTROL.sub("\ufffd", value))


def _inert_char(match: re.Match[str]) -> str:
    return _INERT_CHARS[match.group()]


def attr(value: str) -> str:
    """An attribute value: the same escaping as text, and bidirectional controls neutralised.

    An attribute (a title, a tooltip, a link) shows its text out of the flow of
    the page, where an override (U+202E and kin) could reorder what it says.
    """
    return text(neutral(value))


def neutral(value: str) -> str:
    """`value` with its bidirectional controls replaced (for text the theme puts in <title> and <meta>)."""
    return _BIDI_CONTROLS.sub("\ufffd", value)


# Bidirectional embeddings, overrides and isolates: they change how the text around them is displayed.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_CONTROLS = re.compile(f"[{BIDI_CONTROLS}]")
# What an attribute value needs done to it: escaping (_ACTIVE's characters) or neutralising.
_ATTR_ACTIVE = re.compile(f"{_ACTIVE.pattern}|[{BIDI_CONTROLS}]")


def element(tag: str, content: str, **attrs: str | None) -> str:
    """`<tag a="v">content</tag>`; `content` is HTML already; None attributes are left out.

    Attribute names come from our code (a trailing _ is dropped: class_ -> class;
    data_search_exclude -> data-search-exclude). Pages are made of millions
    of elements, hence a plain loop and the names' spelling looked up once.
    """
    opened = tag
    for key, value in attrs.items():
        if value is not None:
            name = _ATTRIBUTE_NAMES.get(key) or _attribute_name(key)
            opened += f' {name}="{value if _ATTR_ACTIVE.search(value) is None else attr(value)}"'
    return f"<{opened}>{content}</{tag}>"


def opening(tag: str, **attrs: str | None) -> str:
    """The start tag `element(tag, ..., **attrs)` writes: for markup built once and reused."""
    return element(tag, "", **attrs)[: -len(f"</{tag}>")]


def attributes(**attrs: str | None) -> str:
    """The attributes `element(..., **attrs)` writes, as one string (after the tag name and a space)."""
    return opening("i", **attrs)[len("<i ") : -len(">")]


_ATTRIBUTE_NAMES: dict[str, str] = {}


def _attribute_name(key: str) -> str:
    name = _ATTRIBUTE_NAMES[key] = key.rstrip("_").replace("_", "-")
    return name


@lru_cache(maxsize=4096)  # a few hundred dates recur on thousands of pages
def date(iso: str, short: bool = False) -> str:
    """A <time> element showing the date in words (the month abbreviated when `short`)."""
    return element("time", text(human_date(iso, short)), datetime=iso)


def one_line(fragment: str) -> str:
    """HTML made one line: line breaks become references (inside <pre> too)."""
    return fragment.strip("\n").replace("\r", "&#13;").replace("\n", "&#10;")


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")  # no third-party images loaded from a contributor's text
    md.validateLink = is_safe_url
    # A soft line break is a space (CommonMark lets it be a line ending or a
    # space, "the same in browsers"): the page's HTML stays one line.
    md.add_render_rule("softbreak", _soft_break)
    return md


def _soft_break(*_: object) -> str:
    return " "


def markdown(source: str, link_target: LinkTarget | None = None) -> str:
    """The editors' Markdown as safe, one-line HTML.

    `link_target` rewrites relative links to .md pages (as MkDocs would); other
    relative links are kept; absolute links get rel="nofollow noopener noreferrer" (urls.EXTERNAL_REL).
    """
    md = _markdown()
    tokens = md.parse(source)
    for token in _all(tokens):
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + HEADING_SHIFT)}"
        elif token.type == "link_open":
            _link(token, link_target)
    rendered = md.renderer.render(tokens, md.options, {})
    return one_line(_inert_text(rendered))


def _all(tokens: list[Token]) -> list[Token]:
    return [t for token in tokens for t in [token, *(token.children or [])]]


def _link(token: Token, link_target: LinkTarget | None) -> None:
    href = str(token.attrs.get("href", ""))
    if re.match(r"^[a-z][a-z0-9+.\-]*:", href, re.IGNORECASE):
        token.attrSet("rel", urls.EXTERNAL_REL)
        return
    match = _MD_LINK.match(href)
    if link_target is not None and match and not posixpath.isabs(match["path"]):
        token.attrSet("href", link_target(match["path"]) + (match["rest"] or ""))


_TEXT_RUN = re.compile(r">([^<]+)<")


def _inert_text(rendered: str) -> str:
    """Markdown-active characters in markdown-it's text runs, as references."""
    if _MARKDOWN_ACTIVE_RE.search(rendered) is None:
        return rendered  # nothing to neutralise, in text or tags: the common case
    return _TEXT_RUN.sub(_inert_run, rendered)


def _inert_run(match: re.Match[str]) -> str:
    run = match[1]
    return ">" + (run if _MARKDOWN_ACTIVE_RE.search(run) is None else run.translate(_TEXT_ONLY)) + "<"


_MARKDOWN_ACTIVE_RE = re.compile("[" + re.escape(_MARKDOWN_ACTIVE) + "]")


# In already-escaped text runs only the Markdown characters are left to neutralise.
_TEXT_ONLY = str.maketrans({c: f"&#{ord(c)};" for c in _MARKDOWN_ACTIVE})
