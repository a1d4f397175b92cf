"""The fields `factsite diff` compares, and how it sees each: text, or a tuple of texts."""

from __future__ import annotations

from generator.model import Appearance, Claim, Claimant

# The fields compared, in the order they are named in the output.
CLAIM_FIELDS = (
    "claim",
    "claimant",
    "said",
    "verdict",
    "bottom_line",
    "summary",
    "open_questions",
    "status",
    "author",
    "reviewers",
    "published",
    "updated",
    "corrections",
    "tags",
)
EXCERPT_FIELDS = ("source", "stance", "quote", "prefix", "suffix", "occurrence", "note")
SOURCE_FIELDS = ("file", "title", "outlet", "url", "published", "sha256", "notes")
# The free-text fields, which diff.py shows word by word when they change.
CLAIM_TEXT_FIELDS = ("claim", "claimant", "bottom_line", "summary", "open_questions")
EXCERPT_TEXT_FIELDS = ("note", "prefix", "suffix")


def field_value(claim: Claim, name: str) -> str | tuple[str, ...] | None:
    """A claim field as the comparison sees it and `diff` shows it: text, or a tuple of texts
    (a correction's place in the file is not its content)."""
    value = getattr(claim, name)
    if isinstance(value, Claimant):
        return value.name + (f", {value.role}" if value.role else "")
    if isinstance(value, Appearance):
        return ", ".join(part for part in (value.date, value.source, value.where, value.url) if part)
    if name == "corrections":
        return tuple(f"{c.date} {c.kind}: {c.text}" for c in value)
    return tuple(value) if isinstance(value, list) else value
