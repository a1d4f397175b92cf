"""The source page: metadata, the full text with every cited span, the citing claims.

sources/<id>.md. The text is shown in its paragraphs, cut into segments at
every span boundary (segments.py). Each highlight has:

* a pin at its start: `<a id="<claim-slug>-<n>" href="claim page#excerpt-n">`,
  the stance sign and the number of the claim in the list below the text;
  pins never nest, so every highlight stays clickable however spans overlap;
* a `<mark>` around every segment it covers, nested with the marks of the
  other highlights there, each with its stance (background and underline
  style) and its level (the underline's distance), so overlapping spans
  stay visible as separate underlines.

Each paragraph has an id, `p.<n>` (1-based, in text order), so that a link
can lead to a passage no claim cites (the editors' leads page does). The
full stop keeps it apart from the pins' ids, `<claim-slug>-<n>`: a slug
has only lowercase letters, digits and hyphens, so a claim named `p`
pins `p-1`, never `p.1`. (An underscore would do as well, but it is a
Markdown character that markup escapes as `&#95;` in attributes.)
"""

from __future__ import annotations

from generator.anchor.text import SourceText
from generator.load.extract import page_of
from generator.model import Claim, Evidence, Source
from generator.render import markup, mdpage, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.segments import Highlight, Segment, assign_levels, segments
from generator.render.vocab import STANCES
from generator.render.widgets import UNSEARCHED, badge, claim_link, sign, stance_label

# Underline levels with their own CSS; deeper ones share the last (the pins still tell them apart).
MAX_LEVEL = 5
# How many words of a quote the list of citing claims shows.
SNIPPET_WORDS = 12

Cited = dict[str, tuple[int, Claim, Evidence]]  # highlight key -> (claim number, claim, evidence)


def source_page(source: Source, citing: list[Claim], options: SiteOptions) -> str:
    """The Markdown of sources/<id>.md; `citing` are the claims citing it (project order)."""
    src = urls.source_path(source.id)
    cited: Cited = {
        urls.highlight_id(c.slug, e.index): (n, c, e)
        for n, c in enumerate(citing, 1)
        for e in c.evidence
        if e.source == source.id and e.span is not None
    }
    meta = {
        mdpage.TITLE: mdpage.title(source.label),
        mdpage.DESCRIPTION: mdpage.title(f"The text of {source.label}, with every passage the claims cite."),
    }
    return mdpage.page(
        meta,
        _head(source, len(citing), len(cited), options, src),
        mdpage.heading(2, "Text"),
        _text(source, cited, options, src),
        mdpage.heading(2, "Claims citing this source"),
        _citing(citing, source, options, src),
    )


def _head(source: Source, claims: int, excerpts: int, options: SiteOptions, src: str) -> str:
    """What the document is and how our copy was made: its provenance, then where it is cited."""
    rows = [("Title", "not stated (the name above is the editors' label)")] if not source.title else []
    rows += [
        ("Outlet", text(source.outlet or "not stated")),
        ("Byline", text(source.author or "not stated")),
        ("Published", markup.date(source.published) if source.published else "not stated"),
        ("Original", _external(source.url) if urls.is_web_url(source.url) else "no address given"),
    ]
    rows += [("Archived copy", _external(source.archive_url))] if urls.is_web_url(source.archive_url) else []
    rows += [("Retrieved", markup.date(source.retrieved))] if source.retrieved else []
    rows += [("Format", text(_format(source))), ("Stored copy", _stored(source, options, src))]
    rows += [("Notes", text(source.notes))] if source.notes else []
    rows += [
        ("Cited", text(f"{excerpts} excerpt{'s' * (excerpts != 1)} in {claims} claim{'s' * (claims != 1)}")),
        (
            "File",
            element("code", text(f"seeds/{source.file}"))
            + " sha256 "
            + element("code", text(source.sha256), class_="fs-hash"),
        ),
    ]
    facts = "".join(element("div", element("dt", key) + element("dd", value)) for key, value in rows)
    return mdpage.raw(
        "fs-source-head", element("h1", text(source.label)), element("dl", facts, class_="fs-facts"), _legend()
    )


def _external(url: str) -> str:
    return element("a", text(url), href=url, rel=urls.EXTERNAL_REL, class_="fs-external")


# How the format of a source is named to readers, by its format (load/extract.py).
FORMAT_NAMES = {"text": "Plain text", "html": "Web page (HTML)", "pdf": "PDF"}


def _format(source: Source) -> str:
    """The document's format and how its text was made: "PDF, 3 pages; text extracted by pdfminer.six …"."""
    name = FORMAT_NAMES.get(source.format, source.format)
    pages = f", {len(source.pages)} page{'s' * (len(source.pages) != 1)}" if source.pages else ""
    made = f"; text extracted by {source.extracted_by}" if source.format != "text" and source.extracted_by else ""
    return name + pages + made


def _stored(source: Source, options: SiteOptions, src: str) -> str:
    """A download link to the original as stored with the site (a web page as text: it is never shown as a page)."""
    path = urls.original_path(source.id, source.file)
    name = path.rpartition("/")[2]
    note = " (the saved page's HTML, as text)" if path.endswith(".html.txt") else ""
    return element("a", text(name), href=options.link(src, path), download=name) + text(note)


def _legend() -> str:
    keys = " ".join(stance_label(s) for s in STANCES)
    return element(
        "p",
        f"Highlights: {keys}. A marker such as {sign('✔')}2 before a passage links to "
        "claim 2 below; where passages overlap, each keeps its own underline.",
        class_="fs-legend",
        **UNSEARCHED,
    )


def paragraph_id(number: int) -> str:
    """The id of paragraph `number` (1-based) of a source page's text: never a pin's id (see above)."""
    return f"p.{number}"


def paragraphs(body: SourceText) -> list[tuple[int, int]]:
    """The paragraphs of the text as (start, end), as the anchoring engine reads them."""
    found, at, size = [], 0, len(body.text)
    while at < size:
        while at < size and body.text[at].isspace():
            at += 1
        if at < size:
            _, end = body.paragraph_bounds(at)
            found.append((at, max(end, at + 1)))
            at = max(end, at + 1)
    return found


def _text(source: Source, cited: Cited, options: SiteOptions, src: str) -> str:
    body = source.body
    if body is None:
        return mdpage.raw("fs-source-text", element("p", "The text of this source could not be read."))
    spans = [Highlight(key, e.span.parts) for key, (_, _, e) in sorted(cited.items()) if e.span]
    highlights = assign_levels(spans)
    # Each highlight's pin and mark, made once (a highlight's mark recurs in every segment it covers).
    pins = {h.key: _pin(h, cited, options, src) for h in highlights}
    marks = {
        h.key: markup.opening(
            "mark", class_=f"fs-hl fs-{cited[h.key][2].stance} fs-level-{min(h.level, MAX_LEVEL)}", data_pin=h.key
        )
        for h in highlights
    }
    lines = [
        _paragraph(n, body.text, segments(a, b, highlights), pins, marks)
        for n, (a, b) in enumerate(paragraphs(body), 1)
    ]
    return mdpage.raw("fs-source-text", *lines)


def _paragraph(number: int, body: str, pieces: list[Segment], pins: dict[str, str], marks: dict[str, str]) -> str:
    """Paragraph `number`; its class says how many underlines deep it goes (the CSS adds line height)."""
    pid = paragraph_id(number)
    if len(pieces) == 1 and not pieces[0].covering:  # nothing cited here
        return f'<p id="{pid}">' + text(body[pieces[0].start : pieces[0].end]) + "</p>"
    depth = max((h.level + 1 for seg in pieces for h in seg.covering), default=0)
    content = "".join(_segment(body, seg, pins, marks) for seg in pieces)
    if depth > 2:
        return element("p", content, id=pid, class_=f"fs-depth-{min(depth, MAX_LEVEL + 1)}")
    return element("p", content, id=pid)


def _segment(body: str, seg: Segment, pins: dict[str, str], marks: dict[str, str]) -> str:
    content = text(body[seg.start : seg.end])
    for h in reversed(seg.covering):  # the claim's text is on the pin, not repeated on every segment
        content = marks[h.key] + content + "</mark>"
    return "".join(pins[h.key] for h in seg.starting) + content


def _pin(h: Highlight, cited: Cited, options: SiteOptions, src: str) -> str:
    number, claim, evidence = cited[h.key]
    stance = STANCES[evidence.stance]
    href = options.link(src, urls.claim_path(claim.slug), urls.excerpt_id(evidence.index))
    label, claim_text = markup.attr(stance.label), markup.attr(claim.claim)  # the claim's text, escaped once for both
    return (
        f'<a id="{markup.attr(h.key)}" href="{markup.attr(href)}" class="fs-pin fs-{markup.attr(evidence.stance)}" '
        f'title="{label}: {claim_text}" aria-label="{label} claim {number}: {claim_text}" '
        f"{_UNSEARCHED_ATTRS}>{sign(stance.sign)}{number}</a>"
    )


_UNSEARCHED_ATTRS = markup.attributes(**UNSEARCHED)


def _citing(citing: list[Claim], source: Source, options: SiteOptions, src: str) -> str:
    if not citing:
        return mdpage.raw("fs-citing", element("p", "No claim cites this source yet.", class_="fs-empty"))
    items = [
        f'<li value="{n}">{claim_link(c, options, src)} {badge(c.verdict)}<ul>'
        + "".join(_cited_excerpt(c, e, source) for e in c.evidence if e.source == source.id)
        + "</ul></li>"
        for n, c in enumerate(citing, 1)
    ]
    # The claims are found by their own pages: the list is left out of the search index.
    return mdpage.raw("fs-citing", element("ol", "".join(items), class_="fs-citing-list", **UNSEARCHED))


def _cited_excerpt(claim: Claim, evidence: Evidence, source: Source) -> str:
    words = (
        source.text[evidence.span.start : evidence.span.end] if source.text and evidence.span else evidence.quote
    ).split()
    snippet = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
    href = markup.attr("#" + urls.highlight_id(claim.slug, evidence.index))
    page = page_of(source.pages, evidence.span.start) if evidence.span is not None else None
    where = f" (p. {page})" if page is not None else ""
    return f'<li>{stance_label(evidence.stance)} <a href="{href}">“{text(snippet)}”</a>{where}</li>'
