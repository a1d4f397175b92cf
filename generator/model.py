"""The domain objects every stage shares: sources, claims, evidence."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.errors import Pos

if TYPE_CHECKING:
    from generator.anchor.text import SourceText, Span

VERDICTS = ("supported", "mostly-supported", "disputed", "contradicted", "unverified")
STANCES = ("supports", "contradicts", "context")
# Slugs the index pages take (claims/index.md lists all claims, sources/index.md
# all sources): no claim or source may use them.
RESERVED_SLUGS = frozenset({"index"})
# A slug: a claim's file name, a source's id, a tag. Lowercase letters and digits in
# hyphen-separated words: an address on the site and a portable file name.
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(slots=True)
class Source:
    """A registered source document (seeds/sources.yml entry + its text)."""

    id: str
    file: str  # path relative to seeds/
    title: str
    outlet: str
    url: str
    published: str
    sha256: str
    notes: str
    pos: Pos  # where the entry starts in seeds/sources.yml
    sha_pos: Pos  # where its sha256 value is, for checksum errors
    # The registry's optional fields: what the editor recorded of the copy (see sources.schema.json).
    given_label: str = ""  # `label`: the name readers see when the document has no title
    author: str = ""
    retrieved: str = ""  # the day the copy was saved
    archive_url: str = ""
    extractor: str = ""  # what made the text when the entry was written ("trafilatura 2.3.1")
    text_sha256: str = ""  # the checksum of that text (web pages and PDFs)
    text: str | None = None  # the document's text (load); None when the file could not be read
    actual_sha256: str = ""  # the checksum of the file as read
    format: str = "text"  # "text", "html" or "pdf": the file's extension (load/extract.py)
    pages: tuple[int, ...] = ()  # a PDF's page starts, as offsets in `text`
    extracted_by: str = ""  # the extractor that made `text` in this build
    body: SourceText | None = None  # the text prepared for anchoring (set by the anchor stage)

    @property
    def label(self) -> str:
        """What readers see as the source's name: its title, else the editor's label (required then);
        the id only while the registry still has that error (a preview)."""
        return self.title or self.given_label or self.id

    @property
    def actual_text_sha256(self) -> str:
        """The checksum of the text extracted in this build (web pages and PDFs; empty otherwise)."""
        if self.text is None or self.format == "text":
            return ""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Evidence:
    """One excerpt of a claim: a quote in a source, with its stance."""

    index: int  # 1-based position in the claim's evidence list
    source: str
    stance: str
    quote: str
    pos: Pos  # where the item starts
    quote_pos: Pos  # where the quote's value starts
    source_pos: Pos  # where the source's value starts
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None
    note: str | None = None
    span: Span | None = None  # set once the quote is resolved


@dataclass(slots=True)
class Claim:
    """One claim file, typed and checked."""

    slug: str
    path: str  # relative to the project root, e.g. claims/talks-lasted.yml
    claim: str
    verdict: str
    summary: str
    reviewed: str
    evidence: list[Evidence]
    claimant: str | None = None
    date: str | None = None
    tags: list[str] = field(default_factory=list)

    def excerpts(self, stance: str) -> list[Evidence]:
        return [e for e in self.evidence if e.stance == stance]


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag of the vocabulary (claims/tags.yml): what readers see on its page."""

    slug: str
    label: str
    description: str
    pos: Pos  # where the tag's key is in claims/tags.yml


@dataclass(slots=True)
class Project:
    """Everything a build needs, loaded and resolved."""

    root: str
    sources: dict[str, Source]
    claims: list[Claim]  # sorted by slug
    tags: dict[str, Tag] = field(default_factory=dict)  # the vocabulary, in its file's order

    def citing(self, source_id: str) -> list[Claim]:
        """Claims with at least one excerpt from `source_id`."""
        return [c for c in self.claims if any(e.source == source_id for e in c.evidence)]
