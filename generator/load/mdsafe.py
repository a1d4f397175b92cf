"""What the editors' Markdown fields may contain: no raw HTML, safe links.

`summary` and `note` are Markdown written by editors (and by outside
contributors in pull requests). They are rendered with raw HTML disabled
and only http(s) and relative links; this module finds what would be
dropped so that `factsite check` can say so instead of the site silently
losing it.
"""

from __future__ import annotations

import re
import urllib.parse
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.errors import Diagnostic, Pos
from generator.load.yamlsafe import Document, Scalar, node_at
from generator.model import Claim

# A URL scheme, as RFC 3986 defines it, at the start of a link target.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# The schemes a link may use; anything else (javascript:, data:, file: ...) is refused.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # see every link, to report the unsafe ones
    return md


def problems(markdown: str) -> list[tuple[int, str, str]]:
    """(line within the text, the offending snippet, message) for each problem."""
    # Raw HTML and autolinks need "<"; inline links and images "](", link
    # reference definitions "]:". Text with none of them cannot hold a problem,
    # which spares most summaries and notes a full parse (three substring
    # searches: several times faster than a regular expression for the three).
    if "<" not in markdown and "](" not in markdown and "]:" not in markdown:
        return []
    found: list[tuple[int, str, str]] = []
    for token in _walk(_parser().parse(markdown)):
        line = token.map[0] if token.map else 0
        if token.type in ("html_block", "html_inline") and not token.content.startswith("</"):
            snippet = token.content.strip().splitlines()[0][:60] if token.content.strip() else token.content
            found.append((line, snippet, f"raw HTML is not allowed: {snippet}"))
        elif token.type == "image":
            target = str(token.attrs.get("src") or "")
            found.append(
                (
                    line,
                    "![",
                    f"images are not shown (one would be loaded from {target[:60] or 'nowhere'}); "
                    "link to it instead: [description](https://...)",
                )
            )
        elif token.type == "link_open":
            target = str(token.attrs.get("href") or "")
            if not is_safe_url(target):
                found.append((line, target[:60], f"link target not allowed: {target[:60]}"))
    return found


def _walk(tokens: list[Token]) -> list[Token]:
    flat: list[Token] = []
    line = 0
    for token in tokens:
        line = token.map[0] if token.map else line
        flat.append(token)
        for child in token.children or []:
            child.map = child.map or [line, line + 1]
            flat.append(child)
    return flat


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and relative URLs (after decoding escapes).

    A protocol-relative URL (`//host/path`, or with backslashes, which browsers
    read as slashes) is refused: it leads to another site without saying so.
    """
    decoded = urllib.parse.unquote(url)
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", decoded)
    if cleaned[:2].replace("\\", "/") == "//":
        return False
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def relative_links(markdown: str) -> list[tuple[int, str]]:
    """(line within the text, target) for each relative link: the links that may lead to another claim."""
    if "](" not in markdown and "]:" not in markdown:
        return []
    return [
        (token.map[0] if token.map else 0, href)
        for token in _walk(_parser().parse(markdown))
        if token.type == "link_open"
        and (href := str(token.attrs.get("href") or ""))
        and ":" not in href.split("/", 1)[0]
        and not href.startswith(("/", "#"))
    ]


# --- a claim's Markdown fields, checked in place --------------------------------------


def _markdown_fields(claim: Claim) -> list[tuple[tuple[str | int, ...], str]]:
    """The Markdown the editors wrote, with the path of its node."""
    fields: list[tuple[tuple[str | int, ...], str]] = [(("summary",), claim.summary)]
    fields += [(("open_questions",), claim.open_questions)] if claim.open_questions else []
    fields += [(("evidence", e.index - 1, "note"), e.note) for e in claim.evidence if e.note]
    fields += [(("corrections", c.index, "text"), c.text) for c in claim.corrections]
    return fields


def check_claim(doc: Document, claim: Claim) -> list[Diagnostic]:
    return [d for path, text in _markdown_fields(claim) for d in _markdown_field(doc, path, text)]


def _markdown_field(doc: Document, path: tuple[str | int, ...], text: str) -> list[Diagnostic]:
    found = problems(text)
    node = node_at(doc.root, path) if found else None  # looked up only to place a problem
    if not isinstance(node, Scalar):
        return []
    return [
        Diagnostic.at(
            doc.path,
            _locate(doc, node, line, snippet),
            "unsafe-markdown",
            message,
            "write it as Markdown: raw HTML is not rendered, and links must be http(s) or relative",
        )
        for line, snippet, message in found
    ]


def _locate(doc: Document, node: Scalar, line: int, snippet: str) -> Pos:
    """The file position of `snippet`, found on or after line `line` of the field's text."""
    lines = doc.text.splitlines()
    target = min(node.pos.line + (1 if node.style in ("|", ">") else 0) + line, len(lines))
    for number in range(target, min(len(lines), target + 50) + 1):
        column = lines[number - 1].find(snippet[:20])
        if column >= 0:
            return Pos(number, column + 1)
    text = lines[target - 1] if target != node.pos.line else ""
    return Pos(target, len(text) - len(text.lstrip()) + 1) if text.strip() else node.pos
