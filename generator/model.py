"""The domain objects every stage shares: sources, claims, evidence."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.errors import Pos

if TYPE_CHECKING:
    from generator.anchor.text import SourceText, Span

STATUSES = ("published", "draft")  # a draft is left out of the published site and its data
CORRECTION_KINDS = ("correction", "update", "clarification")
CLAIMANT_KINDS = ("person", "organization")  # schema.org's Person or Organization
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


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who made the claim: a name readers see (never an id) and, optionally, a role."""

    name: str
    role: str = ""
    kind: str = "person"  # one of CLAIMANT_KINDS


@dataclass(frozen=True, slots=True)
class Appearance:
    """Where and when the claim was made (each part optional)."""

    date: str = ""  # YYYY-MM-DD
    source: str = ""  # a source id when the claim appears in one of the site's sources
    where: str = ""  # the appearance in words ("a joint press conference")
    url: str = ""  # the appearance's address, when known

    def __bool__(self) -> bool:
        return bool(self.date or self.source or self.where or self.url)


@dataclass(frozen=True, slots=True)
class Correction:
    """One entry of a claim's corrections log."""

    date: str  # YYYY-MM-DD
    kind: str  # one of CORRECTION_KINDS
    text: str  # Markdown, as the editors' other fields
    pos: Pos  # where the entry starts
    index: int = 0  # its place in the file's `corrections` list, from 0


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit that changed a claim file (from git; load/history.py)."""

    date: str  # the commit's date, YYYY-MM-DD
    subject: str  # the first line of its message
    commit: str  # the abbreviated hash


@dataclass(slots=True)
class Claim:
    """One claim file, typed and checked."""

    slug: str
    path: str  # relative to the project root, e.g. claims/talks-lasted.yml
    claim: str
    verdict: str
    summary: str
    published: str  # the day the fact-check was first published (v1: `reviewed`); "" for a draft
    evidence: list[Evidence]
    claimant: Claimant | None = None
    said: Appearance = field(default_factory=Appearance)
    tags: list[str] = field(default_factory=list)
    bottom_line: str = ""  # one sentence under the verdict, the page's description
    open_questions: str = ""  # Markdown: what the sources leave open ("What we don't know")
    author: str = ""  # a person id (claims/people.yml)
    reviewers: list[str] = field(default_factory=list)  # person ids
    updated: str = ""  # the last update as written; else the last commit (see `last_updated`)
    status: str = "published"  # one of STATUSES
    corrections: list[Correction] = field(default_factory=list)  # newest first
    history: list[Revision] = field(default_factory=list)  # newest first; empty without git
    v2: bool = False  # written in the v2 format (any of its fields): its record must be complete
    links: list[tuple[str, Pos]] = field(default_factory=list)  # the claims its Markdown links to (slug, where)
    verdict_pos: Pos = Pos(1, 1)  # where the verdict is written, for diagnostics about its history

    @property
    def date(self) -> str:
        """When the claim was made ("" when not known)."""
        return self.said.date

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def last_updated(self) -> str:
        """The last update: the written `updated`, else the newest commit after publication, else ""."""
        if self.updated:
            return self.updated
        latest = max((r.date for r in self.history), default="")
        return latest if self.published and latest > self.published else ""

    def excerpts(self, stance: str) -> list[Evidence]:
        return [e for e in self.evidence if e.stance == stance]


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag of the vocabulary (claims/tags.yml): what readers see on its page."""

    slug: str
    label: str
    description: str
    pos: Pos  # where the tag's key is in claims/tags.yml


@dataclass(frozen=True, slots=True)
class Person:
    """A member of the desk (claims/people.yml): a fact-check's author or reviewer."""

    id: str
    name: str
    role: str
    url: str
    pos: Pos  # where the person's key is in claims/people.yml


@dataclass(slots=True)
class Project:
    """Everything a build needs, loaded and resolved."""

    root: str
    sources: dict[str, Source]
    claims: list[Claim]  # sorted by slug
    tags: dict[str, Tag] = field(default_factory=dict)  # the vocabulary, in its file's order
    people: dict[str, Person] = field(default_factory=dict)  # the desk, in its file's order

    def citing(self, source_id: str) -> list[Claim]:
        """Claims with at least one excerpt from `source_id`."""
        return [c for c in self.claims if any(e.source == source_id for e in c.evidence)]
