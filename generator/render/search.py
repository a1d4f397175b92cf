"""The site's search records, made from the generator's own data (not from its HTML).

Pagefind (plugin/searchindex.py) indexes these records at the end of a
build. A record is what a reader can find: its address, the text searched,
what a result shows (meta) and the facets it can be filtered by. Making
them from the claims and sources costs a few milliseconds per claim, where
parsing the built HTML again was half of a 10,000-claim build.

What is indexed:

* a claim page: the claim, its bottom line, the summary, what we don't
  know, the names of the sources it cites and of its tags, every excerpt
  and every correction;
  a result shows the claim, its verdict and its bottom line (or the
  summary's first sentence);
* a source page: its title and whole text;
* hand-written pages, from their HTML, by the plugin.

Index pages (all claims, verdicts, tags, the matrix) are not indexed: they
repeat what the claim pages hold.

A cited passage is found in its claim's record (every excerpt is there) and
in its source's (the whole text); it has no record of its own. One record
per passage was tried: 4.7 records per claim in all, which made Pagefind's
page list (fetched whole by the first query) and its filter files grow
fourfold, and its indexing time with them (docs/performance.md).

Facets (Pagefind filters): verdict, source, tag, claimant, and the year the
fact-check was published; a source page has its own name as source and the
year it was published. Every value is plain text; the search dialog shows
it as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model import Claim, Project, Source
from generator.render import urls
from generator.render.options import SiteOptions
from generator.render.plan import published
from generator.render.vocab import verdict
from generator.render.widgets import tag_label

# The facets a reader can combine, in the order the search dialog shows them.
FACETS = ("verdict", "source", "tag", "claimant", "year")
# What a result is, for the dialog (meta "kind"): a claim shows its verdict badge and the sources it cites.
CLAIM, SOURCE = "claim", "source"
# The first sentence of a summary, when a claim has no bottom line: up to the first full stop
# followed by a space (a summary is Markdown; its first sentence is shown as text).
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.DOTALL)
# A result's line is cut here (in characters), at a word: the dialog shows one or two lines.
MAX_LINE = 240
# The search language: the site's pages are English (mkdocs.yml theme.language).
LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One thing search finds: Pagefind's custom record (url, content, meta, filters)."""

    url: str  # from the site's root, with a leading "/" (the dialog prefixes the site's base)
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)


def search_records(project: Project, options: SiteOptions) -> list[SearchRecord]:
    """Every record of the site's generated pages, in a fixed order (claims, then sources); the drafts
    only when the site shows them (as plan.py's pages)."""
    project = project if options.drafts else published(project)
    records: list[SearchRecord] = []
    for claim in project.claims:
        records.append(claim_record(claim, project, options))
    for source_id in sorted(project.sources):
        source = project.sources[source_id]
        if source.text is not None:
            records.append(source_record(source, options))
    return records


def claim_record(claim: Claim, project: Project, options: SiteOptions) -> SearchRecord:
    facets = claim_facets(claim, project)
    parts = [claim.claim, claim.bottom_line, claim.summary, claim.open_questions or ""]
    parts += [*facets.get("source", []), *facets.get("tag", []), *(e.quote for e in claim.evidence)]
    parts += [c.text for c in claim.corrections]
    meta = {"title": claim.claim, "kind": CLAIM, "line": result_line(claim)}
    meta["sources"] = "; ".join(facets.get("source", []))  # the result says whose words the excerpts are
    meta |= {"verdict": verdict(claim.verdict).label, "verdict_key": claim.verdict}
    return SearchRecord(_url(urls.claim_path(claim.slug), options), _joined(parts), meta, facets)


def source_record(source: Source, options: SiteOptions) -> SearchRecord:
    meta = {"title": source.label, "kind": SOURCE, "source": source.outlet or source.label}
    meta["line"] = _cut(" · ".join(x for x in (source.outlet, source.published) if x))
    filters = {"source": [source.label]} | ({"year": [source.published[:4]]} if source.published[:4].isdigit() else {})
    content = _joined([source.label, source.outlet, source.text or ""])
    return SearchRecord(_url(urls.source_path(source.id), options), content, meta, filters)


def claim_facets(claim: Claim, project: Project) -> dict[str, list[str]]:
    """The claim's facet values: its verdict, cited sources, tags, claimant and publication year."""
    cited = sorted({project.sources[e.source].label for e in claim.evidence if e.source in project.sources})
    facets = {"verdict": [verdict(claim.verdict).label], "source": cited}
    facets["tag"] = sorted({tag_label(project, t) for t in claim.tags})
    if claim.claimant is not None and claim.claimant.name:
        facets["claimant"] = [claim.claimant.name]
    if claim.published[:4].isdigit():
        facets["year"] = [claim.published[:4]]
    return {key: values for key, values in facets.items() if values}


def result_line(claim: Claim) -> str:
    """What a result shows under the claim: its bottom line, else the summary's first sentence."""
    if claim.bottom_line:
        return _cut(claim.bottom_line)
    summary = " ".join(claim.summary.split())
    match = _FIRST_SENTENCE.match(summary)
    return _cut(match.group(1) if match else summary)


def _cut(line: str) -> str:
    line = " ".join(line.split())
    if len(line) <= MAX_LINE:
        return line
    return line[:MAX_LINE].rsplit(" ", 1)[0] + " …"


def _joined(parts: list[str]) -> str:
    """The searched text: the parts apart from each other (a snippet never runs one into the next)."""
    return "\n\n".join(" ".join(p.split()) for p in parts if p and p.strip())


def _url(src: str, options: SiteOptions, fragment: str = "") -> str:
    return "/" + urls.page_url(src, options.directory_urls) + (f"#{fragment}" if fragment else "")
