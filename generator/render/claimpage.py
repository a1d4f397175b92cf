"""The claim page: the claim, its verdict, the summary, the excerpts for and against.

claims/<slug>.md: the title and metadata; the editor's summary; then the
supporting and the contradicting excerpts as two groups (always both,
one may say it is empty), then context. Each excerpt is the quote
highlighted inside its sentence(s) in the source, with the source's
title, outlet and date, a link to the highlight on the source page, and
a link that opens the original article at the passage.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from generator.load.extract import page_of as page_number
from generator.model import Claim, Evidence, Project, Source
from generator.render import jsonld, markup, mdpage, record, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.vocab import ALWAYS_SHOWN, STANCES, verdict
from generator.render.widgets import UNSEARCHED, badge, source_citation, stance_counts, stance_label, tag_label

# The heading of a claim's open questions (its `open_questions`).
OPEN_HEADING = "What we don’t know"
# The facts search finds a claim by (dates and counts are left out of the search index).
SEARCHED_FACTS = ("Tags",)
# The context shown around a quote: its sentence, but at most this many characters on
# either side, cut at a word and marked with an ellipsis. A source without sentence ends
# (a table, a hostile file of megabytes) would otherwise repeat itself on every excerpt.
MAX_CONTEXT_CHARS = 300
# Said in place of a link when a source has neither an original address nor an archived copy.
NO_ORIGINAL = "No link to the original: the document was registered without its address."
# A run of whitespace longer than this, in a quote or its context, is shown as one space
# (the browser shows any run as one space anyway): a quote cannot carry megabytes of it.
MAX_WHITESPACE_RUN = 100
_CUT = "\u2026"  # an ellipsis where the context is cut
_LONG_WHITESPACE = re.compile(rf"\s{{{MAX_WHITESPACE_RUN + 1},}}")


def claim_page(claim: Claim, project: Project, options: SiteOptions) -> str:
    """The Markdown of claims/<slug>.md: the claim with who and when, the verdict with its meaning
    and the bottom line, the byline and the scope; the reasoning and the evidence; then the
    corrections and the revision history."""
    src = urls.claim_path(claim.slug)
    link = _link_target(src, options)
    blocks = [
        _head(claim, project, options, src),
        mdpage.heading(2, "Summary"),
        mdpage.raw("fs-summary", markup.markdown(claim.summary, link)),
    ]
    for stance in STANCES:
        items = claim.excerpts(stance)
        if items or stance in ALWAYS_SHOWN:
            blocks += [mdpage.heading(2, STANCES[stance].heading), _group(claim, stance, items, project, options)]
    if claim.open_questions:  # what the sources leave open, after what they say
        blocks += [mdpage.heading(2, OPEN_HEADING), mdpage.raw("fs-open", markup.markdown(claim.open_questions, link))]
    if claim.corrections:
        blocks += [
            mdpage.heading(2, "Corrections"),
            mdpage.raw("fs-corrections-log", record.corrections_box(claim, link)),
        ]
    if claim.history:
        blocks += [mdpage.heading(2, "Revision history"), mdpage.raw("fs-history", record.revision_list(claim))]
    return mdpage.page(_meta(claim, project, options), *blocks)


def _meta(claim: Claim, project: Project, options: SiteOptions) -> dict[str, Any]:
    # What a shared link shows: the verdict, then the bottom line (else the claim).
    said = claim.bottom_line or f"Fact check: {claim.claim}"
    described = f"Verdict: {verdict(claim.verdict).label}. {' '.join(said.split())}"
    # No `tags` key: mkdocs-material's search would repeat the tags in every section's
    # entry; they are searchable once, in the facts (tag pages are made by indexes.py).
    meta: dict[str, Any] = {
        mdpage.TITLE: mdpage.title(claim.claim),
        mdpage.DESCRIPTION: mdpage.title(described),
        mdpage.JSONLD: jsonld.script_json(jsonld.claim_review(claim, project, options)),
        "factsite_type": "article",
    }
    meta |= {"factsite_published": claim.published} if claim.published else {}
    meta |= {"factsite_modified": claim.last_updated or claim.published} if claim.published else {}
    return meta


_TITLE_OPEN = markup.opening("h1", class_="fs-claim-title", **UNSEARCHED)
_VERDICT_OPEN = markup.opening("p", class_="fs-verdict-line") + element("span", "Verdict", class_="fs-key") + " "
# A fact's markup up to its value, by whether search sees the value (see _fact).
_FACT_OPEN = {True: "<div>" + markup.opening("dt", **UNSEARCHED), False: markup.opening("div", **UNSEARCHED) + "<dt>"}


def _head(claim: Claim, project: Project, options: SiteOptions, src: str) -> str:
    verdict_link = options.link(src, urls.verdict_page(claim.verdict))
    line = _VERDICT_OPEN + badge(claim.verdict, verdict_link) + "</p>"
    # The claim's text is the page title in the search index: not twice.
    return mdpage.raw(
        "fs-claim-head",
        record.draft_banner(claim) if options.drafts else "",
        _TITLE_OPEN + text(claim.claim) + "</h1>",
        record.claimant_line(claim, project, options, src),
        line,
        record.bottom_line(claim),
        record.byline(claim, project),
        record.scope_line(claim, project, options, src),
        _facts(claim, project, options, src),
    )


def _facts(claim: Claim, project: Project, options: SiteOptions, src: str) -> str:
    """The facts search finds the claim by (one value per line, so that a snippet keeps them apart)."""
    rows = [("Sources", _source_counts(claim))]
    tags = ", ".join(
        f'<a href="{markup.attr(options.link(src, urls.tag_page(t)))}">{text(tag_label(project, t))}</a>'
        for t in claim.tags
    )
    rows += [("Tags", tags)] if tags else []
    return '<dl class="fs-facts">' + "".join(_fact(key, value) for key, value in rows) + "</dl>"


def _fact(key: str, value: str) -> str:
    """One fact (`key` is our own words); search sees the value of the SEARCHED_FACTS only."""
    # The trailing space: the search index strips the tags, and would run one value into the next.
    return _FACT_OPEN[key in SEARCHED_FACTS] + key + "</dt><dd>" + value + " </dd></div>"


def _source_counts(claim: Claim) -> str:
    counts = stance_counts(claim)
    words = [f"{counts['supports']} supporting", f"{counts['contradicts']} contradicting"]
    words += [f"{counts['context']} giving context"] if counts["context"] else []
    return text(", ".join(words))


def _link_target(src: str, options: SiteOptions) -> markup.LinkTarget:
    """Relative .md links in the editors' Markdown, resolved from the page like MkDocs does."""
    return lambda path: options.link(src, posixpath.normpath(posixpath.join(posixpath.dirname(src), path)))


def _group(claim: Claim, stance: str, items: list[Evidence], project: Project, options: SiteOptions) -> str:
    if not items:
        return mdpage.raw(
            f"fs-excerpts fs-{stance}", element("p", text(STANCES[stance].empty), class_="fs-empty", **UNSEARCHED)
        )
    src = urls.claim_path(claim.slug)
    lines = [line for e in items for line in _excerpt(claim, e, project.sources[e.source], options, src)]
    return mdpage.raw(f"fs-excerpts fs-{stance}", *lines)


# The fixed markup of every excerpt, built once (a site has tens of thousands of excerpts).
_HEAD_OPEN = markup.opening("p", class_="fs-excerpt-head", **UNSEARCHED)
_CONTEXT_OPEN = markup.opening("blockquote", class_="fs-context") + "<p>"
_CONTEXT_CLOSE = "</p></blockquote>"
_NOTE_OPEN = markup.opening("div", class_="fs-note") + element(
    "p", "Editor’s note", class_="fs-note-label", **UNSEARCHED
)
_LINKS_OPEN = markup.opening("p", class_="fs-excerpt-links", **UNSEARCHED)
# Words the editor left out of a quote ("...", "…" or "[...]" in it): an editorial ellipsis, named for
# screen readers; the source page shows them, between the highlighted parts.
_GAP = (
    markup.opening("span", class_="fs-gap", **UNSEARCHED)
    + element("span", "[…]", aria_hidden="true")
    + element("span", " (words omitted) ", class_="fs-sr")
    + "</span>"
)
_UNSEARCHED_OPEN = markup.opening("span", **UNSEARCHED)
_QUOTE_OPEN = {stance: markup.opening("mark", class_=f"fs-quote fs-{stance}") for stance in STANCES}


def _excerpt(claim: Claim, evidence: Evidence, source: Source, options: SiteOptions, src: str) -> list[str]:
    source_href = options.link(src, urls.source_path(source.id))
    head = _HEAD_OPEN + stance_label(evidence.stance) + " " + source_citation(source, source_href) + "</p>"
    note = markup.markdown(evidence.note, _link_target(src, options)) if evidence.note else ""
    return [
        f'<article class="fs-excerpt fs-{evidence.stance}" id="{urls.excerpt_id(evidence.index)}">',
        head,
        _CONTEXT_OPEN + _in_context(evidence, source) + _CONTEXT_CLOSE,
        _NOTE_OPEN + note + "</div>" if note else "",
        _links(claim, evidence, source, source_href, options.link(src, urls.original_path(source.id, source.file))),
        "</article>",
    ]


def _in_context(evidence: Evidence, source: Source) -> str:
    """The sentence(s) around the quote, the quoted parts marked, omitted text shown as an ellipsis.

    Search indexes the quoted parts only: the rest is the source's text, on its own page.
    """
    span, body = evidence.span, source.body
    mark = _QUOTE_OPEN.get(evidence.stance) or markup.opening("mark", class_=f"fs-quote fs-{evidence.stance}")
    if span is None or body is None:  # never after build_project; the quote alone then
        return mark + text(evidence.quote) + "</mark>"
    start, end = body.sentence_bounds(span)
    original = body.text
    before, after = _bounded_context(original, start, span.start, span.end, end)
    pieces, at = [_unsearched(before)], span.start
    for a, b in span.parts:
        if a > at:
            pieces.append(_gap(original[at:a]))
        pieces.append(mark + text(_squeezed(original[a:b])) + "</mark>")
        at = b
    pieces.append(_unsearched(after))
    return "".join(pieces)


def _bounded_context(original: str, start: int, span_start: int, span_end: int, end: int) -> tuple[str, str]:
    """The sentence's text before and after the quote, each at most MAX_CONTEXT_CHARS (cut at a word)."""
    if span_start - start > MAX_CONTEXT_CHARS:
        cut = span_start - MAX_CONTEXT_CHARS
        space = original.find(" ", cut, span_start)
        before = _CUT + original[space if space >= 0 else cut : span_start]
    else:
        before = original[start:span_start]
    if end - span_end > MAX_CONTEXT_CHARS:
        cut = span_end + MAX_CONTEXT_CHARS
        space = original.rfind(" ", span_end, cut)
        after = original[span_end : space if space > span_end else cut] + _CUT
    else:
        after = original[span_end:end]
    return _squeezed(before), _squeezed(after)


def _squeezed(value: str) -> str:
    """`value` with every whitespace run longer than MAX_WHITESPACE_RUN made one space."""
    if len(value) <= MAX_WHITESPACE_RUN:
        return value
    return _LONG_WHITESPACE.sub(" ", value)


def _gap(omitted: str) -> str:
    """The ellipsis for `omitted`, with the spaces the omitted text had at either end."""
    return (" " if omitted[:1].isspace() else "") + _GAP + (" " if omitted[-1:].isspace() else "")


def _unsearched(context: str) -> str:
    return _UNSEARCHED_OPEN + text(context) + "</span>" if context else ""


def _links(claim: Claim, evidence: Evidence, source: Source, source_href: str, stored_href: str) -> str:
    """The ways from an excerpt to its place: our copy of the text (always), the original and an
    archived copy at the passage (where the registry gives them), or a plain word that there is none;
    for a PDF, the stored PDF at the page (`stored_href`: the stored original, from this page)."""
    anchor = urls.highlight_id(claim.slug, evidence.index)
    where = _page_of(evidence, source)
    links = f'<a href="{markup.attr(f"{source_href}#{anchor}")}">Show in the source text{where}</a>'
    passage = source.text[evidence.span.start : evidence.span.end] if evidence.span and source.text else None
    if urls.is_web_url(source.url) and passage is not None:
        fragment = markup.attr(urls.text_fragment(source.url.strip(), passage))
        links += (
            f' <a href="{fragment}" class="fs-external" rel="{urls.EXTERNAL_REL}">'
            "Open the original article at this passage</a>"
        )
    if urls.is_web_url(source.archive_url) and passage is not None:
        archived = markup.attr(urls.text_fragment(source.archive_url.strip(), passage))
        links += f' <a href="{archived}" class="fs-external" rel="{urls.EXTERNAL_REL}">Archived copy</a>'
    if source.format == "pdf" and evidence.span is not None:  # the PDF as stored with the site, at the page
        page = page_number(source.pages, evidence.span.start) or 1
        stored = markup.attr(f"{stored_href}#page={page}")
        links += f' <a href="{stored}">Open the stored PDF at p. {page}</a>'
    if not urls.is_web_url(source.url) and not urls.is_web_url(source.archive_url):
        links += " " + element("span", NO_ORIGINAL, class_="fs-no-original")
    return _LINKS_OPEN + links + "</p>"


def _page_of(evidence: Evidence, source: Source) -> str:
    """ ", p. 3" for an excerpt of a PDF (the page its quote starts on); "" otherwise."""
    page = page_number(source.pages, evidence.span.start) if evidence.span is not None else None
    return f", p. {page}" if page is not None else ""
