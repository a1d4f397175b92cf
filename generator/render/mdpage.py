"""A generated Markdown page: front matter, then blocks.

The Markdown a page is made of has two kinds of block: fixed Markdown we
write (headings, with our own words only) and raw HTML blocks (`raw`),
which carry everything taken from claims and sources, escaped. A raw
block is one `<div>` whose lines all start with a tag, with no blank line,
so that Python-Markdown passes it through untouched.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from typing import Any

import yaml

from generator.render import markup

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
    front = "".join(_front_matter_entry(key, meta[key]) for key in sorted(meta))
    body = "\n\n".join(b.strip("\n") for b in blocks if b)
    return f"---\n{front}---\n\n{body}\n"


def _front_matter_entry(key: str, value: Any) -> str:
    """`key: "value"` for a string (every page has a few, made from untrusted
    text: written directly, as a double-quoted scalar); PyYAML for the
    settings of our own that are not strings."""
    if isinstance(value, str):
        return f"{key}: {yaml_string(value)}\n"
    return _settings_entry(key, json.dumps(value, sort_keys=True))


@lru_cache(maxsize=64)  # the same few settings on thousands of pages (e.g. every index page's search exclusion)
def _settings_entry(key: str, encoded: str) -> str:
    """`key: value` for a JSON-encoded value of our own settings, as PyYAML writes it."""
    return yaml.dump(
        {key: json.loads(encoded)}, Dumper=_Dumper, allow_unicode=True, width=_NO_FOLD, default_flow_style=False
    )


def yaml_string(value: str) -> str:
    """`value` as a YAML double-quoted scalar, on one line.

    JSON's string syntax is YAML's double-quoted one for every escape JSON
    writes; what JSON leaves raw but YAML does not allow raw (characters
    outside YAML's printable set, and the line breaks U+0085, U+2028 and
    U+2029, which YAML would fold) is escaped as \\uXXXX.
    """
    return _YAML_UNSAFE.sub(_escape_code_point, json.dumps(value, ensure_ascii=False))


# What YAML 1.1 (PyYAML) neither accepts raw nor keeps in a quoted scalar.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _escape_code_point(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def heading(level: int, words: str) -> str:
    """A Markdown heading of our own words (never untrusted text: the TOC shows it as is)."""
    return f"{'#' * level} {words}"


def raw(class_: str, *lines: str) -> str:
    """A raw HTML block: a <div> around `lines` (each already one line of HTML)."""
    inner = [line for line in lines if line]
    assert all("\n" not in line for line in inner), "raw HTML lines must be single lines"
    return "\n".join([f'<div class="{markup.attr(class_)}">', *inner, "</div>"])


def title(value: str) -> str:
    """A page title for the front matter: one line, HTML-escaped (the theme inserts it raw).

    Only HTML-escaped: the title is never parsed as Markdown, and the search
    index shows it as HTML.
    """
    return escape(" ".join(markup.neutral(value).split()), quote=True)
