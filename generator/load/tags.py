"""The tag vocabulary, claims/tags.yml: the tags claims may use.

Editors keep the list of tags, each with the label and one-line
description readers see on its tag page. A claim's tag must be in it:
a mistyped tag (`talk` beside `talks`) is an error with a did-you-mean,
never a new tag page. Without the file, a project whose claims use tags
gets one error saying how to start it.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import START, Diagnostic, Pos
from generator.load.listfile import load_entries
from generator.load.schema import did_you_mean
from generator.model import SLUG, Tag

TAGS_FILE = "claims/tags.yml"
# How many tags a "start the file" hint spells out before "..." (the rest follow the pattern).
MAX_TAGS_IN_HINT = 3


Vocabulary = dict[str, Tag]


def load_tags(root: Path) -> tuple[Vocabulary | None, list[Diagnostic]]:
    """The vocabulary under `root`; None when claims/tags.yml does not exist or cannot be read."""
    return load_entries(root, TAGS_FILE, "tags", "the tag vocabulary", _tag, _bad_slug)


def _tag(slug: str, entry: object, pos: Pos) -> Tag:
    fields = entry if isinstance(entry, dict) else {}
    label, description = fields.get("label"), fields.get("description")
    return Tag(
        slug, label if isinstance(label, str) else slug, description if isinstance(description, str) else "", pos
    )


def _bad_slug(slug: str, pos: Pos) -> Diagnostic:
    return Diagnostic.at(
        TAGS_FILE,
        pos,
        "bad-value",
        f"{slug!r} is not a valid tag",
        "a tag is its page's address: lowercase letters, digits and single hyphens, e.g. 'ukraine-war'",
    )


def check_tags(path: str, tags: list[tuple[str, Pos]], vocabulary: Vocabulary | None) -> list[Diagnostic]:
    """An `unknown-tag` error for each of a claim's tags (with its place) not in the vocabulary.

    Nothing when the vocabulary is None: a missing file is reported once, by missing_vocabulary.
    """
    if vocabulary is None:
        return []
    known = sorted(vocabulary)
    return [
        Diagnostic.at(path, pos, "unknown-tag", f"unknown tag '{tag}'", _unknown_hint(tag, known))
        for tag, pos in tags
        if tag not in vocabulary and SLUG.match(tag)  # a malformed tag is the schema's to report
    ]


def _unknown_hint(tag: str, known: list[str]) -> str:
    guess = did_you_mean(tag, known)
    return (f"{guess} " if guess else "") + f"The tags are listed in {TAGS_FILE}: add a new one there first."


def missing_vocabulary(used: list[str]) -> list[Diagnostic]:
    """The one error when claims use tags and claims/tags.yml does not exist."""
    if not used:
        return []
    shown = sorted(set(used))
    sample = "\n".join(f"  {t}:\n    label: ...\n    description: ..." for t in shown[:MAX_TAGS_IN_HINT])
    return [
        Diagnostic.at(
            TAGS_FILE,
            START,
            "tag-vocabulary",
            f"the claims use {len(shown)} tag{'s' * (len(shown) != 1)} and there is no tag vocabulary",
            f"create {TAGS_FILE} listing each tag with a label and a one-line description:\n"
            f"tags:\n{sample}" + ("\n  ..." if len(shown) > MAX_TAGS_IN_HINT else ""),
        )
    ]
